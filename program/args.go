package program

import (
	"fmt"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The argument builders turn the configuration, and the components declared before, into one
// component's arguments. They are plain functions: what they decide is tested without the engine.

// namePrefix starts every Name tag of the stack's resources.
func namePrefix(cfg *stacks.Config) string { return cfg.Identity.UserID + "-" + cfg.Stack }

func networkArgs(cfg *stacks.Config, tags map[string]string) *components.NetworkArgs {
	n := cfg.Network
	args := &components.NetworkArgs{
		Region:            cfg.Region,
		CIDR:              n.CIDR,
		AZCount:           n.AZCount,
		AvailabilityZones: n.AvailabilityZones,
		ExcludeZoneIDs:    stacks.MSKUnsupportedZoneIDs[cfg.Region],
		SubnetNewBits:     n.SubnetNewBits,
		NATGateways:       n.NATGateways,
		NamePrefix:        namePrefix(cfg),
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

func dataLakeArgs(cfg *stacks.Config, tags map[string]string) *components.DataLakeArgs {
	return &components.DataLakeArgs{
		BucketName:        cfg.Bucket.Name,
		ForceDestroy:      !cfg.IsProd(),
		Versioning:        cfg.Bucket.Versioning,
		ExpireRawDataDays: cfg.Bucket.ExpireRawDataDays,
		Protect:           cfg.IsProd(),
		Tags:              tags,
	}
}

// enhancedMonitoring is the MSK monitoring level: per topic and broker in prod, where the
// metrics are worth their CloudWatch charge; elsewhere DEFAULT, the only free level ("Amazon
// MSK metrics for monitoring Standard brokers with CloudWatch", MSK Developer Guide,
// https://docs.aws.amazon.com/msk/latest/developerguide/metrics-details.html).
func enhancedMonitoring(cfg *stacks.Config) string {
	if cfg.IsProd() {
		return "PER_TOPIC_PER_BROKER"
	}
	return "DEFAULT"
}

func kafkaClusterArgs(cfg *stacks.Config, network *components.Network, tags map[string]string) *components.KafkaClusterArgs {
	k := cfg.Kafka
	return &components.KafkaClusterArgs{
		ClusterName:        stacks.KafkaClusterName(cfg.Identity.UserID),
		KafkaVersion:       k.Version,
		BrokerCount:        k.BrokerCount,
		InstanceType:       k.BrokerInstanceType,
		VolumeSizeGiB:      k.VolumeSizeGiB,
		KMSKeyARN:          k.KMSKeyARN,
		LogRetentionDays:   k.LogRetentionDays,
		EnhancedMonitoring: enhancedMonitoring(cfg),
		VpcID:              network.VpcID,
		SubnetIDs:          network.PrivateSubnetIDs,
		SubnetCount:        cfg.Network.EffectiveAZCount(),
		NamePrefix:         namePrefix(cfg),
		Tags:               tags,
		Paused:             cfg.Paused, // pause: docs/pause.md
	}
}

// placement is the network a stack's Kafka clients go into: the stack's own, or, for a learner
// stack, its cohort platform's (read through the StackReference).
type placement struct {
	VpcID            pulumi.StringOutput
	VpcCIDR          pulumi.StringOutput
	PrivateSubnetIDs pulumi.StringArrayOutput
	// PublicSubnetIDs are empty on a platform's network: learners' proxies are private.
	PublicSubnetIDs pulumi.StringArrayOutput
	// EgressReady are the private routes a host's first boot needs; empty on a platform's
	// network, which exists before any learner stack.
	EgressReady []pulumi.Resource
}

func placementOf(network *components.Network) placement {
	return placement{
		VpcID: network.VpcID, VpcCIDR: network.VpcCIDR, PrivateSubnetIDs: network.PrivateSubnetIDs,
		PublicSubnetIDs: network.PublicSubnetIDs, EgressReady: network.EgressReady,
	}
}

func kafkaClientArgs(cfg *stacks.Config, network placement, kafka *components.KafkaCluster,
	tags map[string]string,
) (*components.KafkaClientArgs, error) {
	software, ok := cfg.ClientSoftware()
	if !ok {
		return nil, fmt.Errorf("kafka.version %q has no client software in the version table", cfg.Kafka.Version)
	}
	userID := cfg.Identity.UserID
	return &components.KafkaClientArgs{
		RoleName:             stacks.EC2AccessRoleName(userID),
		RestProxyRoleName:    stacks.RestProxyRoleName(userID),
		Region:               cfg.Region,
		Software:             software,
		Cluster:              kafka,
		TopicPrefix:          stacks.TopicName(userID, ""),
		Topics:               cfg.Kafka.Topics,
		InstanceType:         cfg.Client.InstanceType,
		RootVolumeGiB:        cfg.Client.RootVolumeGiB,
		RestProxyPort:        cfg.Client.RestProxyPort,
		KeyName:              cfg.Client.SSHKeyName,
		VpcID:                network.VpcID,
		SubnetID:             network.PrivateSubnetIDs.Index(pulumi.Int(0)),
		RestProxyClientsCIDR: network.VpcCIDR,
		NetworkReady:         network.EgressReady,
		NamePrefix:           namePrefix(cfg),
		Tags:                 tags,
		Paused:               cfg.Paused, // pause: docs/pause.md
	}, nil
}

func connectorArgs(cfg *stacks.Config, network placement, lake *components.DataLake,
	kafka *components.KafkaCluster, tags map[string]string,
) *components.S3SinkConnectorArgs {
	userID, cn := cfg.Identity.UserID, cfg.Connect
	return &components.S3SinkConnectorArgs{
		ConnectorName:       stacks.ConnectorName(userID),
		PluginName:          stacks.PluginName(userID),
		RoleName:            stacks.ConnectRoleName(userID),
		Region:              cfg.Region,
		Lake:                lake,
		BucketName:          cfg.Bucket.Name,
		PluginVersion:       cn.PluginVersion,
		PluginArchive:       cfg.PluginArchivePath(),
		Cluster:             kafka,
		TopicPrefix:         stacks.TopicName(userID, ""),
		VpcID:               network.VpcID,
		SubnetIDs:           network.PrivateSubnetIDs,
		KafkaConnectVersion: cn.KafkaConnectVersion,
		MCUCount:            cn.MCUCount,
		WorkerCount:         cn.WorkerCount,
		MaxWorkerCount:      cn.MaxWorkerCount,
		FlushSize:           cn.FlushSize,
		TasksMax:            cn.TasksMax,
		LogRetentionDays:    cn.LogRetentionDays,
		NamePrefix:          namePrefix(cfg),
		Tags:                tags,
		Paused:              cfg.Paused, // pause: docs/pause.md
	}
}

func streamsArgs(cfg *stacks.Config, tags map[string]string) *components.KinesisStreamsArgs {
	names := map[string]string{}
	for _, kind := range stacks.RecordKinds {
		names[kind] = stacks.StreamName(cfg.Identity.UserID, kind)
	}
	return &components.KinesisStreamsArgs{
		Names:                   names,
		OnDemand:                cfg.Streams.Mode == stacks.StreamOnDemand,
		ShardCount:              cfg.Streams.Shards(),
		RetentionHours:          cfg.Streams.RetentionHours,
		EnforceConsumerDeletion: !cfg.IsProd(),
		Tags:                    tags,
		Paused:                  cfg.Paused, Region: cfg.Region, // pause: docs/pause.md
	}
}

// restProxyArgs puts the proxy's load balancer in the public subnets only for the course's
// public http integration; the private integration reaches it through a VPC link.
func restProxyArgs(cfg *stacks.Config, network placement, client *components.KafkaClient,
	tags map[string]string,
) *components.RestProxyEndpointArgs {
	public := cfg.API.ProxyIntegration == stacks.ProxyHTTP
	subnets := network.PrivateSubnetIDs
	if public {
		subnets = network.PublicSubnetIDs
	}
	return &components.RestProxyEndpointArgs{
		Public:     public,
		Instance:   client.Instance,
		Port:       cfg.Client.RestProxyPort,
		VpcID:      network.VpcID,
		SubnetIDs:  subnets,
		NamePrefix: namePrefix(cfg),
		Tags:       tags,
		Paused:     cfg.Paused, // pause: docs/pause.md
	}
}

func accountLoggingArgs(cfg *stacks.Config, tags map[string]string) *components.APIAccountLoggingArgs {
	return &components.APIAccountLoggingArgs{NamePrefix: namePrefix(cfg), Tags: tags}
}

func ingestAPIArgs(cfg *stacks.Config, proxy *components.ProxyTarget, accountLogging *components.APIAccountLogging,
	tags map[string]string,
) *components.IngestAPIArgs {
	// The API offers a producer route for each declared topic and nothing else of the REST proxy.
	topics := make([]string, len(cfg.Kafka.Topics))
	for i, t := range cfg.Kafka.Topics {
		topics[i] = t.Name
	}
	userID, a := cfg.Identity.UserID, cfg.API
	return &components.IngestAPIArgs{
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
		NamePrefix:         namePrefix(cfg),
		Tags:               tags,
		Paused:             pausedAPI(cfg), // pause: docs/pause.md
	}
}

func databricksJobsArgs(cfg *stacks.Config, lake *components.DataLake, streams *components.KinesisStreams,
	tags map[string]string,
) *components.DatabricksJobsArgs {
	userID, d := cfg.Identity.UserID, cfg.Databricks
	return &components.DatabricksJobsArgs{
		Host:                 pulumi.String(d.Host),
		Token:                cfg.DatabricksToken,
		UserID:               userID,
		Region:               cfg.Region,
		BucketName:           cfg.Bucket.Name,
		BucketArn:            lake.BucketArn,
		StreamArns:           streams.Arns,
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
		NamePrefix:             namePrefix(cfg),
		Tags:                   tags,
		PauseSchedules:         cfg.Paused, // pause: docs/pause.md
	}
}

func airflowArgs(cfg *stacks.Config, network *components.Network, client *components.KafkaClient,
	jobs *components.DatabricksJobs, tags map[string]string,
) *components.AirflowArgs {
	userID, a := cfg.Identity.UserID, cfg.Airflow
	// A platform's shared environment has neither: its learners' hosts are the tunnel, and their
	// stacks upload the DAGs (platformAirflowArgs).
	var tunnel, jobID pulumi.StringInput
	if client != nil {
		tunnel = client.InstanceID
	}
	if jobs != nil {
		jobID = jobs.BatchJobID
	}
	return &components.AirflowArgs{
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
		TunnelInstanceID: tunnel,
		DAG: components.DAGParams{
			DAGID: stacks.DAGID(userID), UserID: userID, Owner: cfg.Identity.Owner, Schedule: a.Schedule,
		},
		JobID:            jobID,
		DatabricksHost:   pulumi.String(cfg.Databricks.Host),
		DatabricksToken:  cfg.DatabricksToken,
		BucketName:       stacks.AirflowBucketName(userID, cfg.Stack),
		LogRetentionDays: a.LogRetentionDays,
		VpcID:            network.VpcID,
		// MWAA takes exactly two private subnets, in distinct zones: the first two zones'.
		SubnetIDs: pulumi.StringArray{
			network.PrivateSubnetIDs.Index(pulumi.Int(0)), network.PrivateSubnetIDs.Index(pulumi.Int(1)),
		},
		VpcCIDR:      network.VpcCIDR,
		NetworkReady: network.EgressReady,
		NamePrefix:   namePrefix(cfg),
		Tags:         tags,
		Paused:       cfg.Paused, // pause: docs/pause.md
	}
}

// budgetArgs is the budget alert's arguments, nil when the stack has none (see MonthlyBudgetUSD).
func budgetArgs(cfg *stacks.Config, estimate cost.Estimate, tags map[string]string) *components.BudgetArgs {
	if cfg.Paused {
		// A paused stack registers only what it keeps, so its estimate is the paused cost: the
		// budget keeps the running stack's limit instead (KeepLimit), and one created while
		// paused starts at the hourly budget's month.
		estimate = cost.Estimate{}
	}
	limit := MonthlyBudgetUSD(cfg, estimate)
	if limit == 0 {
		return nil
	}
	return &components.BudgetArgs{
		Name:            stacks.BudgetName(cfg.Identity.UserID, cfg.Stack),
		MonthlyLimitUSD: limit,
		Emails:          []string{cfg.Identity.Owner},
		Tags:            tags,
		KeepLimit:       cfg.Paused, // pause: docs/pause.md
	}
}

// MonthlyBudgetUSD is the limit of the stack's budget alert: cost.monthlyBudgetUsd when set;
// else, outside prod, the estimate's monthly figure, or the hourly budget's month when some
// resource is unpriced (the estimate is then a lower bound); in prod, 0 for no budget.
func MonthlyBudgetUSD(cfg *stacks.Config, estimate cost.Estimate) float64 {
	if cfg.Cost.MonthlyBudgetUSD > 0 {
		return cfg.Cost.MonthlyBudgetUSD
	}
	if cfg.IsProd() {
		return 0
	}
	if !estimate.Complete || estimate.MonthlyUSD <= 0 {
		return cfg.Cost.HourlyBudgetUSD * cost.HoursPerMonth
	}
	return estimate.MonthlyUSD
}
