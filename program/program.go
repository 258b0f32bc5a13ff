// Package program is the stack's program function: it turns a validated stacks.Config into
// components. main.go, the offline plan and the tests all run this same code.
package program

import (
	"fmt"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Pipeline holds typed handles to the stack's components.
type Pipeline struct {
	Config    *stacks.Config
	Network   *components.Network
	Lake      *components.DataLake
	Kafka     *components.KafkaCluster
	Client    *components.KafkaClient
	Connector *components.S3SinkConnector
	Streams   *components.KinesisStreams
	Proxy     *components.RestProxyEndpoint
	API       *components.IngestAPI
	// Databricks and Airflow are nil when the stack configures no workspace or turns MWAA off.
	Databricks *components.DatabricksJobs
	Airflow    *components.Airflow
	// Budget is the monthly cost alert; nil in prod unless cost.monthlyBudgetUsd is set.
	Budget *components.CostBudget
}

// Deploy declares every component of the pipeline for a validated configuration.
func Deploy(ctx *pulumi.Context, cfg *stacks.Config) (*Pipeline, error) {
	p := &Pipeline{Config: cfg}
	tags := cfg.CommonTags()

	network, err := components.NewNetwork(ctx, "network", networkArgs(cfg, tags))
	if err != nil {
		return nil, fmt.Errorf("declaring the network: %w", err)
	}
	p.Network = network
	if err := p.deployBatchIngestion(ctx, tags); err != nil {
		return nil, err
	}
	if err := p.deployRealtimeIngestion(ctx, tags); err != nil {
		return nil, err
	}
	if err := p.deployProcessing(ctx, tags); err != nil {
		return nil, err
	}
	if err := p.deployBudget(ctx, tags); err != nil {
		return nil, err
	}
	return p, nil
}

// deployBudget declares the AWS Budgets alert to the owner: in every non-prod stack, so a
// stack deployed from a laptop without the scheduled teardown still cannot bill unnoticed,
// and in prod only when cost.monthlyBudgetUsd asks for one.
func (p *Pipeline) deployBudget(ctx *pulumi.Context, tags map[string]string) error {
	cfg := p.Config
	limit := MonthlyBudgetUSD(cfg)
	if limit == 0 {
		return nil
	}
	budget, err := components.NewCostBudget(ctx, "budget", &components.BudgetArgs{
		Name:            fmt.Sprintf("%s-%s-monthly-cost", cfg.Identity.UserID, ctx.Stack()),
		MonthlyLimitUSD: limit,
		Emails:          []string{cfg.Identity.Owner},
		Tags:            tags,
	})
	if err != nil {
		return fmt.Errorf("declaring the budget alert to identity.owner (set it to an email address, "+
			"e.g. `pulumi config set --path identity.owner you@example.com`): %w", err)
	}
	p.Budget = budget
	return nil
}

// MonthlyBudgetUSD is the limit of the stack's budget alert: cost.monthlyBudgetUsd when set;
// else, outside prod, the estimate's monthly figure, or the hourly budget's month when some
// resource is unpriced (the estimate is then a lower bound); in prod, 0 for no budget.
func MonthlyBudgetUSD(cfg *stacks.Config) float64 {
	if cfg.Cost.MonthlyBudgetUSD > 0 {
		return cfg.Cost.MonthlyBudgetUSD
	}
	if cfg.IsProd() {
		return 0
	}
	estimate := cost.EstimateResources(cfg.Region, cost.FromConfig(runningConfig(cfg))) // pause: the running figure
	if !estimate.Complete || estimate.MonthlyUSD <= 0 {
		return cfg.Cost.HourlyBudgetUSD * cost.HoursPerMonth
	}
	return estimate.MonthlyUSD
}

// deployProcessing declares the Databricks notebooks and jobs and the MWAA environment that
// runs the batch job daily, when the stack configures them.
func (p *Pipeline) deployProcessing(ctx *pulumi.Context, tags map[string]string) error {
	cfg := p.Config
	if !cfg.Databricks.Enabled() {
		return ctx.Log.Info("no Databricks workspace configured (databricks.host): no notebooks, jobs or MWAA environment are declared", nil)
	}
	userID, prefix := cfg.Identity.UserID, cfg.Identity.UserID+"-"+cfg.Stack
	d := cfg.Databricks
	jobs, err := components.NewDatabricksJobs(ctx, "databricks", &components.DatabricksJobsArgs{
		Host:                 pulumi.String(d.Host),
		Token:                cfg.DatabricksToken,
		UserID:               userID,
		Region:               cfg.Region,
		BucketName:           cfg.Bucket.Name,
		BucketArn:            p.Lake.BucketArn,
		StreamArns:           p.Streams.Arns,
		RoleName:             stacks.DatabricksRoleName(userID),
		NotebookDir:          d.NotebookDir,
		CrossAccountRoleName: d.CrossAccountRoleName,
		Catalog:              d.Catalog,
		Schema:               d.Schema,
		CheckpointRoot:       d.CheckpointRoot(userID),
		// Validation keeps this at most half of the streams' retention.
		StreamingIntervalHours: d.StreamingIntervalHours,
		NodeType:               d.NodeType,
		SparkVersion:           d.SparkVersion,
		JobTimeoutMinutes:      d.JobTimeoutMinutes,
		NamePrefix:             prefix,
		Tags:                   tags,
		PauseSchedules:         cfg.Paused, // pause: docs/pause.md
	})
	if err != nil {
		return fmt.Errorf("declaring the Databricks jobs: %w", err)
	}
	p.Databricks = jobs

	a := cfg.Airflow
	if !a.Enabled {
		return ctx.Log.Info("airflow.enabled is false: no MWAA environment is declared; run the Databricks batch job by hand", nil)
	}
	airflow, err := components.NewAirflow(ctx, "airflow", &components.AirflowArgs{
		EnvironmentName:  stacks.AirflowEnvironmentName(userID),
		AirflowVersion:   a.AirflowVersion,
		PythonVersion:    stacks.AirflowReleases[a.AirflowVersion].Python,
		EnvironmentClass: a.EnvironmentClass,
		MinWorkers:       a.MinWorkers,
		MaxWorkers:       a.MaxWorkers,
		WebserverPublic:  a.WebserverAccessMode == stacks.WebserverPublic,
		Region:           cfg.Region,
		// The Kafka client host is already in the VPC with the SSM agent: the tunnel to a
		// private web server goes through it rather than through a bastion of its own.
		TunnelInstanceID: p.Client.InstanceID,
		DAG: components.DAGParams{
			DAGID: stacks.DAGID(userID), UserID: userID, Owner: cfg.Identity.Owner, Schedule: a.Schedule,
		},
		JobID:            jobs.BatchJobID,
		DatabricksHost:   pulumi.String(d.Host),
		DatabricksToken:  cfg.DatabricksToken,
		BucketName:       stacks.AirflowBucketName(userID, cfg.Stack),
		LogRetentionDays: a.LogRetentionDays,
		VpcID:            p.Network.VpcID,
		// MWAA takes exactly two private subnets, in distinct zones: the first two zones'.
		SubnetIDs: pulumi.StringArray{
			p.Network.PrivateSubnetIDs.Index(pulumi.Int(0)), p.Network.PrivateSubnetIDs.Index(pulumi.Int(1)),
		},
		VpcCIDR:    p.Network.VpcCIDR,
		NamePrefix: prefix,
		Tags:       tags,
		Paused:     cfg.Paused, // pause: docs/pause.md
	})
	if err != nil {
		return fmt.Errorf("declaring the MWAA environment: %w", err)
	}
	p.Airflow = airflow
	return nil
}

// deployRealtimeIngestion declares the streams and the REST API in front of both paths.
func (p *Pipeline) deployRealtimeIngestion(ctx *pulumi.Context, tags map[string]string) error {
	cfg := p.Config
	userID, prefix := cfg.Identity.UserID, cfg.Identity.UserID+"-"+cfg.Stack
	names := map[string]string{}
	for _, kind := range stacks.RecordKinds {
		names[kind] = stacks.StreamName(userID, kind)
	}
	streams, err := components.NewKinesisStreams(ctx, "streams", &components.KinesisStreamsArgs{
		Names:                   names,
		OnDemand:                cfg.Streams.Mode == stacks.StreamOnDemand,
		ShardCount:              cfg.Streams.Shards(),
		RetentionHours:          cfg.Streams.RetentionHours,
		EnforceConsumerDeletion: !cfg.IsProd(),
		Tags:                    tags,
		Paused:                  cfg.Paused, Region: cfg.Region, // pause: docs/pause.md
	})
	if err != nil {
		return fmt.Errorf("declaring the Kinesis streams: %w", err)
	}
	p.Streams = streams

	public := cfg.API.ProxyIntegration == stacks.ProxyHTTP
	subnets := p.Network.PrivateSubnetIDs
	if public {
		subnets = p.Network.PublicSubnetIDs
	}
	proxy, err := components.NewRestProxyEndpoint(ctx, "rest-proxy", &components.RestProxyEndpointArgs{
		Public:     public,
		Instance:   p.Client.Instance,
		Port:       cfg.Client.RestProxyPort,
		VpcID:      p.Network.VpcID,
		SubnetIDs:  subnets,
		NamePrefix: prefix,
		Tags:       tags,
		Paused:     cfg.Paused, // pause: docs/pause.md
	})
	if err != nil {
		return fmt.Errorf("declaring the REST proxy endpoint: %w", err)
	}
	p.Proxy = proxy

	// The API offers a producer route for each declared topic and nothing else of the REST proxy.
	topics := make([]string, len(cfg.Kafka.Topics))
	for i, t := range cfg.Kafka.Topics {
		topics[i] = t.Name
	}
	a := cfg.API
	var accountLogging *components.APIAccountLogging
	if a.AccountLoggingRole {
		accountLogging, err = components.NewAPIAccountLogging(ctx, "api-account-logging", &components.APIAccountLoggingArgs{
			NamePrefix: prefix, Tags: tags,
		})
		if err != nil {
			return fmt.Errorf("declaring the API Gateway account logging role: %w", err)
		}
	}
	api, err := components.NewIngestAPI(ctx, "api", &components.IngestAPIArgs{
		APIName:            stacks.APIName(userID),
		Region:             cfg.Region,
		Stage:              a.Stage,
		StreamNamePrefix:   stacks.StreamName(userID, ""),
		RoleName:           stacks.KinesisAccessRoleName(userID),
		Proxy:              proxy,
		Topics:             topics,
		ThrottleRateLimit:  a.ThrottleRateLimit,
		ThrottleBurstLimit: a.ThrottleBurstLimit,
		APIKeyRequired:     a.APIKeyRequired,
		LogRetentionDays:   a.LogRetentionDays,
		AccessLogs:         a.AccessLogs(),
		AccountLogging:     accountLogging,
		NamePrefix:         prefix,
		Tags:               tags,
		Paused:             p.pausedAPI(), // pause: docs/pause.md
	})
	if err != nil {
		return fmt.Errorf("declaring the REST API: %w", err)
	}
	p.API = api
	return nil
}

// deployBatchIngestion declares the batch path: bucket, MSK, the Kafka client host and the S3 sink.
func (p *Pipeline) deployBatchIngestion(ctx *pulumi.Context, tags map[string]string) error {
	cfg := p.Config
	userID, prefix := cfg.Identity.UserID, cfg.Identity.UserID+"-"+cfg.Stack
	topicPrefix := stacks.TopicName(userID, "")

	lake, err := components.NewDataLake(ctx, "lake", &components.DataLakeArgs{
		BucketName:        cfg.Bucket.Name,
		ForceDestroy:      !cfg.IsProd(),
		Versioning:        cfg.Bucket.Versioning,
		ExpireRawDataDays: cfg.Bucket.ExpireRawDataDays,
		Protect:           cfg.IsProd(),
		Tags:              tags,
	})
	if err != nil {
		return fmt.Errorf("declaring the data lake: %w", err)
	}
	p.Lake = lake

	k := cfg.Kafka
	// `pulumi preview` shows these as warnings; the offline plan prints the same text.
	for _, w := range cfg.Warnings() {
		if err := ctx.Log.Warn(w, nil); err != nil {
			return fmt.Errorf("logging a warning: %w", err)
		}
	}
	monitoring := "DEFAULT"
	if cfg.IsProd() {
		monitoring = "PER_TOPIC_PER_BROKER"
	}
	kafka, err := components.NewKafkaCluster(ctx, "kafka", &components.KafkaClusterArgs{
		ClusterName:        stacks.KafkaClusterName(userID),
		KafkaVersion:       k.Version,
		BrokerCount:        k.BrokerCount,
		InstanceType:       k.BrokerInstanceType,
		VolumeSizeGiB:      k.VolumeSizeGiB,
		KMSKeyARN:          k.KMSKeyARN,
		LogRetentionDays:   k.LogRetentionDays,
		EnhancedMonitoring: monitoring,
		VpcID:              p.Network.VpcID,
		SubnetIDs:          p.Network.PrivateSubnetIDs,
		SubnetCount:        cfg.Network.EffectiveAZCount(),
		NamePrefix:         prefix,
		Tags:               tags,
		Paused:             cfg.Paused, // pause: docs/pause.md
	})
	if err != nil {
		return fmt.Errorf("declaring the Kafka cluster: %w", err)
	}
	p.Kafka = kafka

	software, ok := cfg.ClientSoftware()
	if !ok {
		return fmt.Errorf("kafka.version %q has no client software in the version table", k.Version)
	}
	topics := make([]components.TopicSpec, len(k.Topics))
	for i, t := range k.Topics {
		topics[i] = components.TopicSpec{Name: t.Name, Partitions: t.Partitions, ReplicationFactor: t.ReplicationFactor, RetentionHours: t.RetentionHours}
	}
	client, err := components.NewKafkaClient(ctx, "kafka-client", &components.KafkaClientArgs{
		RoleName:             stacks.EC2AccessRoleName(userID),
		RestProxyRoleName:    stacks.RestProxyRoleName(userID),
		Region:               cfg.Region,
		Software:             components.ClientSoftware(software),
		Cluster:              kafka,
		TopicPrefix:          topicPrefix,
		Topics:               topics,
		InstanceType:         cfg.Client.InstanceType,
		RootVolumeGiB:        cfg.Client.RootVolumeGiB,
		RestProxyPort:        cfg.Client.RestProxyPort,
		KeyName:              cfg.Client.SSHKeyName,
		VpcID:                p.Network.VpcID,
		SubnetID:             p.Network.PrivateSubnetIDs.Index(pulumi.Int(0)),
		RestProxyClientsCIDR: p.Network.VpcCIDR,
		NetworkReady:         p.Network.EgressReady,
		NamePrefix:           prefix,
		Tags:                 tags,
		Paused:               cfg.Paused, // pause: docs/pause.md
	})
	if err != nil {
		return fmt.Errorf("declaring the Kafka client host: %w", err)
	}
	p.Client = client

	cn := cfg.Connect
	connector, err := components.NewS3SinkConnector(ctx, "s3-sink", &components.S3SinkConnectorArgs{
		ConnectorName:       stacks.ConnectorName(userID),
		PluginName:          stacks.PluginName(userID),
		RoleName:            stacks.ConnectRoleName(userID),
		Region:              cfg.Region,
		Lake:                lake,
		BucketName:          cfg.Bucket.Name,
		PluginVersion:       cn.PluginVersion,
		PluginArchive:       cfg.PluginArchivePath(),
		Cluster:             kafka,
		TopicPrefix:         topicPrefix,
		VpcID:               p.Network.VpcID,
		SubnetIDs:           p.Network.PrivateSubnetIDs,
		KafkaConnectVersion: cn.KafkaConnectVersion,
		MCUCount:            cn.MCUCount,
		WorkerCount:         cn.WorkerCount,
		MaxWorkerCount:      cn.MaxWorkerCount,
		FlushSize:           cn.FlushSize,
		TasksMax:            cn.TasksMax,
		LogRetentionDays:    cn.LogRetentionDays,
		NamePrefix:          prefix,
		Tags:                tags,
		Paused:              cfg.Paused, // pause: docs/pause.md
	})
	if err != nil {
		return fmt.Errorf("declaring the S3 sink connector: %w", err)
	}
	p.Connector = connector
	return nil
}

func networkArgs(cfg *stacks.Config, tags map[string]string) *components.NetworkArgs {
	n := cfg.Network
	args := &components.NetworkArgs{
		Region:            cfg.Region,
		CIDR:              n.CIDR,
		AZCount:           n.AZCount,
		AvailabilityZones: n.AvailabilityZones,
		ExcludeZoneIDs:    stacks.MSKUnsupportedZoneIDs[cfg.Region],
		SubnetNewBits:     n.SubnetNewBits,
		NATGateways:       components.NATStrategy(n.NATGateways),
		NamePrefix:        cfg.Identity.UserID + "-" + cfg.Stack,
		Tags:              tags,
	}
	pauseNetwork(cfg, args) // pause: docs/pause.md
	if n.UsesExistingVPC() {
		args.Existing = &components.ExistingVPC{
			VpcID: n.VpcID, PrivateSubnetIDs: n.PrivateSubnetIDs, PublicSubnetIDs: n.PublicSubnetIDs,
		}
	}
	return args
}

// Outputs are the stack outputs, keyed by their camelCase export names.
func (p *Pipeline) Outputs() map[string]pulumi.Input {
	id := p.Config.Identity
	outputs := map[string]pulumi.Input{
		"userId":           pulumi.String(id.UserID),
		"environment":      pulumi.String(id.Environment),
		"expiresAt":        pulumi.String(id.ExpiresAt),
		"region":           pulumi.String(p.Config.Region),
		"vpcId":            p.Network.VpcID,
		"privateSubnetIds": p.Network.PrivateSubnetIDs,
		"publicSubnetIds":  p.Network.PublicSubnetIDs,
		"s3EndpointId":     p.Network.S3EndpointID,

		"bootstrapBrokersSaslIam": p.Kafka.BootstrapBrokersSaslIam,
		"bucketName":              p.Lake.BucketName,
		"clientInstanceId":        p.Client.InstanceID,
		"clientSessionCommand":    p.Client.SessionCommand,
		"restProxyEndpoint":       p.Client.RestProxyEndpoint,
		"connectorArn":            p.Connector.ConnectorArn,

		"invokeUrl":  p.API.InvokeURL,
		"batchUrls":  p.perKind(func(kind string) string { return "/topics/" + stacks.TopicName(id.UserID, kind) }),
		"recordUrls": p.perKind(func(kind string) string { return "/streams/" + stacks.StreamName(id.UserID, kind) + "/record" }),
		"streamArns": p.Streams.Arns,
	}
	if p.Config.API.APIKeyRequired {
		outputs["apiKey"] = p.API.APIKey
	}
	if p.Databricks != nil {
		outputs["databricksJobIds"] = pulumi.StringMap{"batch": p.Databricks.BatchJobID, "streaming": p.Databricks.StreamingJobID}
		outputs["notebookPaths"] = pulumi.ToStringMap(p.Databricks.NotebookPaths)
	}
	if p.Airflow != nil {
		ui := p.Airflow.UI
		// A private web server's URL opens only through the tunnel, so it is exported only with
		// the steps that make it work, under names that say so.
		if ui.Public {
			outputs["airflowUiUrl"] = ui.URL
		} else {
			outputs["airflowUiTunnelCommand"] = ui.TunnelCommand
			outputs["airflowUiHostsEntry"] = ui.HostsEntry
			outputs["airflowUiTunnelUrl"] = ui.URL
		}
		outputs["airflowUiLoginCommand"] = ui.LoginCommand
		outputs["dagId"] = pulumi.String(p.Airflow.DAGID)
	}
	if p.Budget != nil {
		outputs["monthlyBudgetUsd"] = pulumi.String(p.Budget.LimitUSD)
	}
	p.pausedOutputs(outputs) // pause: docs/pause.md
	// The idle hourly cost at list prices, the figure the policy pack's budget policy checks.
	estimate := cost.EstimateResources(p.Config.Region, cost.FromConfig(p.Config))
	outputs["estimatedHourlyCostUsd"] = pulumi.Float64(estimate.HourlyUSD)
	if !estimate.Complete {
		outputs["estimatedCostNote"] = pulumi.Sprintf("a lower bound: %d billable resources are unpriced (%s)",
			len(estimate.Unpriced), estimate.Unpriced[0].Reason)
	}
	return outputs
}

// perKind maps each record kind to the invoke URL plus a path.
func (p *Pipeline) perKind(path func(kind string) string) pulumi.StringMapOutput {
	urls := pulumi.StringMap{}
	for _, kind := range stacks.RecordKinds {
		urls[kind] = pulumi.Sprintf("%s%s", p.API.InvokeURL, path(kind))
	}
	return urls.ToStringMapOutput()
}

// Stack is the program as main.go runs it, minus the exports: load the configuration,
// declare the pipeline, return the stack outputs. The offline plan and the tests run it.
func Stack(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
	cfg, err := stacks.Load(ctx)
	if err != nil {
		return nil, err
	}
	p, err := Deploy(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return p.Outputs(), nil
}
