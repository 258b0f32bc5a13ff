package program

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A cohort (docs/cohort.md) is one platform stack and a learner stack per learner. The platform
// declares what the learners share; each learner stack reads it through a StackReference and
// declares only the learner's own resources, under the same names a standalone stack gives them.

// PlatformOutputs are the platform stack's outputs a learner stack reads, under their export
// names: the one definition of that contract, for the platform that exports them, the learner
// that reads them, and the offline cohort plan that stands them in.
type PlatformOutputs struct {
	Region                string   `json:"region"`
	VpcID                 string   `json:"vpcId"`
	VpcCIDR               string   `json:"vpcCidr"`
	PrivateSubnetIDs      []string `json:"privateSubnetIds"`
	KafkaClusterArn       string   `json:"kafkaClusterArn"`
	KafkaClusterName      string   `json:"kafkaClusterName"`
	KafkaBootstrapBrokers string   `json:"kafkaBootstrapBrokers"`
	KafkaSecurityGroupID  string   `json:"kafkaSecurityGroupId"`
	KafkaBrokerCount      int      `json:"kafkaBrokerCount"`
	KafkaVersion          string   `json:"kafkaVersion"`
	ProxyLoadBalancerArn  string   `json:"proxyLoadBalancerArn"`
	ProxyLoadBalancerDNS  string   `json:"proxyLoadBalancerDns"`
	ProxyVpcLinkID        string   `json:"proxyVpcLinkId"`
	// ProxySecurityGroupID is the shared load balancer's security group: a learner's host admits
	// its REST proxy port from it alone.
	ProxySecurityGroupID string `json:"proxySecurityGroupId"`
	// The Airflow outputs are empty when the platform declares no MWAA environment.
	AirflowEnvironmentName string `json:"airflowEnvironmentName,omitempty"`
	AirflowDAGBucket       string `json:"airflowDagBucket,omitempty"`
	// The shared client's outputs are empty unless the platform sets cohort.sharedClient: its
	// REST proxy's URL on the learners' load balancer (behind proxyVpcLinkId), and what a
	// learner's SharedClientTopics passes to the host's configure script.
	SharedProxyURL               string `json:"sharedProxyUrl,omitempty"`
	SharedClientInstanceID       string `json:"sharedClientInstanceId,omitempty"`
	SharedClientRestProxyRoleArn string `json:"sharedClientRestProxyRoleArn,omitempty"`
	SharedClientRestProxyPort    int    `json:"sharedClientRestProxyPort,omitempty"`
	// The shared connector's bucket is empty unless the platform sets cohort.sharedConnector.
	SharedConnectorBucket    string `json:"sharedConnectorBucket,omitempty"`
	SharedConnectorBucketArn string `json:"sharedConnectorBucketArn,omitempty"`
}

// learnerTopicPatterns name every learner's topics, "*.<kind>", on the cluster: what a
// platform's shared host and shared connector serve. The platform knows no roster, so the
// patterns cover any user id; a learner's own roles keep to "<userId>.*".
func learnerTopicPatterns() []string {
	patterns := make([]string, len(stacks.RecordKinds))
	for i, kind := range stacks.RecordKinds {
		patterns[i] = stacks.TopicName("*", kind)
	}
	return patterns
}

// PlatformOutputNames are the export names of PlatformOutputs, in field order, and whether each is required.
func PlatformOutputNames() (names []string, required map[string]bool) {
	required = map[string]bool{}
	t := reflect.TypeFor[PlatformOutputs]()
	for i := range t.NumField() {
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		names = append(names, name)
		required[name] = opts != "omitempty"
	}
	return names, required
}

// readPlatform reads the platform stack's outputs. A learner stack cannot be planned without
// them: every missing one is reported at once, with what it means.
func readPlatform(ctx *pulumi.Context, cfg *stacks.Config) (*PlatformOutputs, error) {
	name := cfg.Cohort.PlatformStack
	ref, err := pulumi.NewStackReference(ctx, "platform", &pulumi.StackReferenceArgs{Name: pulumi.String(name)})
	if err != nil {
		return nil, fmt.Errorf("reading the platform stack %s (cohort.platformStack): %w", name, err)
	}
	names, required := PlatformOutputNames()
	values := map[string]any{}
	var missing []string
	for _, output := range names {
		details, err := ref.GetOutputDetails(output)
		if err != nil {
			return nil, fmt.Errorf("reading output %s of the platform stack %s: %w", output, name, err)
		}
		v := details.Value
		if v == nil {
			v = details.SecretValue
		}
		if v == nil {
			// A paused learner keeps nothing that reads the cluster or the load balancer, which a
			// paused platform does not export (OutputsAbsentWhilePaused).
			if _, goneWhilePaused := OutputsAbsentWhilePaused[output]; required[output] && !(cfg.Paused && goneWhilePaused) {
				missing = append(missing, output)
			}
			continue
		}
		values[output] = v
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the platform stack %s (cohort.platformStack) has no output %s: deploy it (shape platform) "+
			"and resume it if it is paused (`pulumi config set paused false --stack %s && pulumi up --stack %s`) before its learners' stacks",
			name, strings.Join(missing, ", "), name, name)
	}
	raw, err := json.Marshal(values)
	if err != nil {
		return nil, fmt.Errorf("the platform stack %s's outputs: %w", name, err)
	}
	var out PlatformOutputs
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("the platform stack %s's outputs are not a platform's (%w): is cohort.platformStack the cohort's platform?", name, err)
	}
	return &out, checkPlatformFits(cfg, &out)
}

// checkPlatformFits refuses a learner stack whose own settings disagree with its platform's:
// the learner's client host installs the Kafka tools of kafka.version, which must be the cluster's.
func checkPlatformFits(cfg *stacks.Config, platform *PlatformOutputs) error {
	var errs []error
	if platform.Region != cfg.Region {
		errs = append(errs, fmt.Errorf("aws:region is %s but the platform stack %s is in %s: set `pulumi config set aws:region %s`",
			cfg.Region, cfg.Cohort.PlatformStack, platform.Region, platform.Region))
	}
	if platform.KafkaVersion != cfg.Kafka.Version {
		errs = append(errs, fmt.Errorf("kafka.version is %s but the platform's cluster runs %s: the client host must match the cluster; "+
			"set `pulumi config set --path kafka.version %s`", cfg.Kafka.Version, platform.KafkaVersion, platform.KafkaVersion))
	}
	if len(platform.PrivateSubnetIDs) == 0 {
		errs = append(errs, fmt.Errorf("the platform stack %s exports no private subnets", cfg.Cohort.PlatformStack))
	}
	if cfg.Cohort.SharedClient && (platform.SharedProxyURL == "" || platform.SharedClientInstanceID == "") {
		errs = append(errs, fmt.Errorf("cohort.sharedClient is true but the platform stack %s offers no shared client host: "+
			"run `pulumi config set --path cohort.sharedClient true --stack %s && pulumi up --stack %s` on the platform first, "+
			"or `pulumi config set --path cohort.sharedClient false` here for a host of the learner's own",
			cfg.Cohort.PlatformStack, cfg.Cohort.PlatformStack, cfg.Cohort.PlatformStack))
	}
	if cfg.Cohort.SharedConnector && platform.SharedConnectorBucket == "" {
		errs = append(errs, fmt.Errorf("cohort.sharedConnector is true but the platform stack %s offers no shared connector: "+
			"run `pulumi config set --path cohort.sharedConnector true --stack %s && pulumi up --stack %s` on the platform first, "+
			"or `pulumi config set --path cohort.sharedConnector false` here for a connector of the learner's own",
			cfg.Cohort.PlatformStack, cfg.Cohort.PlatformStack, cfg.Cohort.PlatformStack))
	}
	return errors.Join(errs...)
}

// platformPlacement puts a learner's hosts in the platform's private subnets.
func platformPlacement(platform *PlatformOutputs) placement {
	return placement{
		VpcID:            pulumi.String(platform.VpcID).ToStringOutput(),
		VpcCIDR:          pulumi.String(platform.VpcCIDR).ToStringOutput(),
		PrivateSubnetIDs: pulumi.ToStringArray(platform.PrivateSubnetIDs).ToStringArrayOutput(),
	}
}

// deployPlatform declares what a cohort shares: the network, the MSK cluster, the learners'
// load balancer and VPC link, the MWAA environment and its DAG bucket, the API Gateway account
// logging role and the budget.
func (p *Pipeline) deployPlatform(ctx *pulumi.Context, tags map[string]string) error {
	cfg := p.Config
	clusterArgs := kafkaClusterArgs(cfg, p.Network, tags)
	clusterArgs.ClientsCIDR = p.Network.VpcCIDR // one rule for every learner (KafkaClusterArgs.ClientsCIDR)
	kafka, err := components.NewKafkaCluster(ctx, "kafka", clusterArgs)
	if err != nil {
		return fmt.Errorf("declaring the Kafka cluster: %w", err)
	}
	p.Kafka = kafka
	if err := p.deploySharedIngestion(ctx, tags); err != nil {
		return err
	}
	proxyArgs := &components.RestProxyEndpointArgs{
		Shared: true, VpcID: p.Network.VpcID, VpcCIDR: p.Network.VpcCIDR, SubnetIDs: p.Network.PrivateSubnetIDs,
		NamePrefix: namePrefix(cfg), Tags: tags, Paused: cfg.Paused,
	}
	if p.Client != nil {
		proxyArgs.Instance, proxyArgs.Port = p.Client.Instance, cfg.Client.RestProxyPort
	}
	proxy, err := components.NewRestProxyEndpoint(ctx, "rest-proxy", proxyArgs)
	if err != nil {
		return fmt.Errorf("declaring the learners' load balancer: %w", err)
	}
	p.Proxy = proxy
	if cfg.API.AccountLoggingRole {
		if _, err := components.NewAPIAccountLogging(ctx, "api-account-logging", accountLoggingArgs(cfg, tags)); err != nil {
			return fmt.Errorf("declaring the API Gateway account logging role: %w", err)
		}
	}
	if !cfg.Databricks.Enabled() || !cfg.Airflow.Enabled {
		return ctx.Log.Info("no MWAA environment is declared (databricks.host unset or airflow.enabled false): the learners' DAGs have nowhere to run", nil)
	}
	args := airflowArgs(cfg, p.Network, nil, nil, tags)
	args.NoDAG = true
	if p.Airflow, err = components.NewAirflow(ctx, "airflow", args); err != nil {
		return fmt.Errorf("declaring the shared MWAA environment: %w", err)
	}
	return nil
}

// deploySharedIngestion declares the platform's shared client host (cohort.sharedClient) and
// shared connector with its bucket (cohort.sharedConnector), for the cohort's cheapest mode
// (docs/cohort-shared.md). They serve every learner's topics, "*.<kind>".
func (p *Pipeline) deploySharedIngestion(ctx *pulumi.Context, tags map[string]string) error {
	cfg := p.Config
	network := placementOf(p.Network)
	if cfg.Cohort.SharedClient {
		args, err := kafkaClientArgs(cfg, network, p.Kafka, tags)
		if err != nil {
			return err
		}
		args.LearnerTopics = learnerTopicPatterns()
		if p.Client, err = components.NewKafkaClient(ctx, "kafka-client", args); err != nil {
			return fmt.Errorf("declaring the cohort's shared Kafka client host: %w", err)
		}
	}
	if !cfg.Cohort.SharedConnector {
		return nil
	}
	lake, err := components.NewDataLake(ctx, "lake", dataLakeArgs(cfg, tags))
	if err != nil {
		return fmt.Errorf("declaring the shared connector's bucket: %w", err)
	}
	p.Lake = lake
	args := connectorArgs(cfg, network, lake, p.Kafka, tags)
	args.LearnerTopics = learnerTopicPatterns()
	if p.Connector, err = components.NewS3SinkConnector(ctx, "s3-sink", args); err != nil {
		return fmt.Errorf("declaring the cohort's shared S3 sink connector: %w", err)
	}
	return nil
}

// deployLearnerListener gives the learner's REST proxy its own port on the platform's load balancer.
func (p *Pipeline) deployLearnerListener(ctx *pulumi.Context, tags map[string]string) (*components.ProxyTarget, error) {
	cfg, platform := p.Config, p.Platform
	listener, err := components.NewRestProxyListener(ctx, "rest-proxy", &components.RestProxyListenerArgs{
		LoadBalancerArn: pulumi.String(platform.ProxyLoadBalancerArn), LoadBalancerDNS: pulumi.String(platform.ProxyLoadBalancerDNS),
		VpcLinkID: pulumi.String(platform.ProxyVpcLinkID), Instance: p.Client.Instance,
		Port: cfg.Cohort.ProxyPort, TargetPort: cfg.Client.RestProxyPort, VpcID: pulumi.String(platform.VpcID),
		NamePrefix: namePrefix(cfg), Tags: tags, Paused: cfg.Paused,
	})
	if err != nil {
		return nil, fmt.Errorf("declaring the learner's listener on the platform's load balancer: %w", err)
	}
	p.Listener = listener
	return listener.Target(), nil
}

// deployLearnerDAG uploads the learner's DAG to the platform's shared environment, and the
// learner's console role when cohort.consoleRoleTrust names who assumes it.
func (p *Pipeline) deployLearnerDAG(ctx *pulumi.Context, jobs *components.DatabricksJobs, tags map[string]string) error {
	cfg, platform := p.Config, p.Platform
	userID := cfg.Identity.UserID
	if platform.AirflowDAGBucket == "" {
		return ctx.Log.Warn(fmt.Sprintf("the platform stack %s has no MWAA environment: no DAG is uploaded; run the Databricks batch job by hand",
			cfg.Cohort.PlatformStack), nil)
	}
	dag, err := components.NewAirflowDAG(ctx, "airflow-dag", &components.AirflowDAGArgs{
		BucketName: pulumi.String(platform.AirflowDAGBucket),
		DAG: components.DAGParams{
			DAGID: stacks.DAGID(userID), UserID: userID, Owner: cfg.Identity.Owner, Schedule: cfg.Airflow.Schedule,
		},
		JobID: jobs.BatchJobID, NamePrefix: namePrefix(cfg), Tags: tags,
	})
	if err != nil {
		return fmt.Errorf("declaring the learner's DAG: %w", err)
	}
	p.DAG = dag
	return nil
}

// deployLearner declares one learner's own resources on the platform the StackReference reads.
func (p *Pipeline) deployLearner(ctx *pulumi.Context, tags map[string]string) error {
	cfg := p.Config
	platform, err := readPlatform(ctx, cfg)
	if err != nil {
		return err
	}
	p.Platform = platform
	lake, err := components.NewDataLake(ctx, "lake", dataLakeArgs(cfg, tags))
	if err != nil {
		return fmt.Errorf("declaring the data lake: %w", err)
	}
	p.Lake = lake
	kafka, err := components.NewSharedKafkaCluster(ctx, "kafka", &components.SharedKafkaClusterArgs{
		ClusterArn: platform.KafkaClusterArn, ClusterName: platform.KafkaClusterName,
		BootstrapBrokersSaslIam: platform.KafkaBootstrapBrokers, SecurityGroupID: platform.KafkaSecurityGroupID,
		BrokerCount: platform.KafkaBrokerCount, NamePrefix: namePrefix(cfg), Tags: tags, Paused: cfg.Paused,
	})
	if err != nil {
		return fmt.Errorf("declaring the learner's access to the platform's Kafka cluster: %w", err)
	}
	p.Kafka = kafka
	network := platformPlacement(platform)
	if cfg.Cohort.SharedClient {
		if _, err := components.NewSharedClientTopics(ctx, "kafka-topics", &components.SharedClientTopicsArgs{
			InstanceID: pulumi.String(platform.SharedClientInstanceID), BootstrapServers: pulumi.String(platform.KafkaBootstrapBrokers),
			RestProxyRoleArn: pulumi.String(platform.SharedClientRestProxyRoleArn), RestProxyPort: platform.SharedClientRestProxyPort,
			Region: cfg.Region, Topics: cfg.Kafka.Topics, NamePrefix: namePrefix(cfg), Tags: tags, Paused: cfg.Paused,
		}); err != nil {
			return fmt.Errorf("declaring the learner's topics on the platform's shared host: %w", err)
		}
	} else {
		clientArgs, err := kafkaClientArgs(cfg, network, kafka, tags)
		if err == nil {
			// Only the platform's load balancer reaches the learner's REST proxy, not the whole VPC.
			clientArgs.RestProxyClientsSecurityGroupID = pulumi.String(platform.ProxySecurityGroupID)
		}
		if err != nil {
			return err
		}
		if p.Client, err = components.NewKafkaClient(ctx, "kafka-client", clientArgs); err != nil {
			return fmt.Errorf("declaring the Kafka client host: %w", err)
		}
	}
	if cfg.Cohort.SharedConnector {
		return ctx.Log.Info(fmt.Sprintf("cohort.sharedConnector: the platform's connector copies this learner's topics to s3://%s/topics/%s; "+
			"the bucket %s receives no batch data", platform.SharedConnectorBucket, stacks.TopicName(cfg.Identity.UserID, "*"), cfg.Bucket.Name), nil)
	}
	if p.Connector, err = components.NewS3SinkConnector(ctx, "s3-sink", connectorArgs(cfg, network, lake, kafka, tags)); err != nil {
		return fmt.Errorf("declaring the S3 sink connector: %w", err)
	}
	return nil
}

// learnerProxyTarget is where a learner's producer routes go: the platform's shared REST proxy
// (cohort.sharedClient) through the platform's VPC link, else the learner's own listener.
func (p *Pipeline) learnerProxyTarget(ctx *pulumi.Context, tags map[string]string) (*components.ProxyTarget, error) {
	if !p.Config.Cohort.SharedClient {
		return p.deployLearnerListener(ctx, tags)
	}
	return &components.ProxyTarget{
		URL:       pulumi.String(p.Platform.SharedProxyURL).ToStringOutput(),
		VpcLinkID: pulumi.String(p.Platform.ProxyVpcLinkID).ToStringOutput(),
	}, nil
}

// platformOutputs are a platform stack's exports: PlatformOutputs, which its learners read.
func (p *Pipeline) platformOutputs() map[string]pulumi.Input {
	cfg := p.Config
	outputs := map[string]pulumi.Input{
		"region":                pulumi.String(cfg.Region),
		"vpcId":                 p.Network.VpcID,
		"vpcCidr":               p.Network.VpcCIDR,
		"privateSubnetIds":      p.Network.PrivateSubnetIDs,
		"kafkaClusterArn":       p.Kafka.ClusterArn,
		"kafkaClusterName":      pulumi.String(p.Kafka.ClusterName),
		"kafkaBootstrapBrokers": p.Kafka.BootstrapBrokersSaslIam,
		"kafkaSecurityGroupId":  p.Kafka.SecurityGroupID,
		"kafkaBrokerCount":      pulumi.Int(p.Kafka.BrokerCount),
		"kafkaVersion":          pulumi.String(cfg.Kafka.Version),
		"proxyLoadBalancerArn":  p.Proxy.LoadBalancerArn,
		"proxyLoadBalancerDns":  p.Proxy.DNSName,
		"proxyVpcLinkId":        p.Proxy.VpcLinkID,
		"proxySecurityGroupId":  p.Proxy.SecurityGroupID,
	}
	if p.Client != nil {
		outputs["sharedProxyUrl"] = p.Proxy.URL
		outputs["sharedClientInstanceId"] = p.Client.InstanceID
		outputs["sharedClientRestProxyRoleArn"] = p.Client.RestProxyRoleArn
		outputs["sharedClientRestProxyPort"] = pulumi.Int(cfg.Client.RestProxyPort)
	}
	if p.Lake != nil {
		outputs["sharedConnectorBucket"] = p.Lake.BucketName
		outputs["sharedConnectorBucketArn"] = p.Lake.BucketArn
	}
	if p.Airflow != nil {
		outputs["airflowEnvironmentName"] = pulumi.String(stacks.AirflowEnvironmentName(cfg.Identity.UserID))
		outputs["airflowDagBucket"] = p.Airflow.DAGBucketName
	}
	return outputs
}
