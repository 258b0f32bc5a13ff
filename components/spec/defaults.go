package spec

// Defaults of the components' own behaviour: each component applies its own to arguments
// left unset, and stacks.Defaults starts every environment from them, overriding only what it
// chooses per environment (prod's sizes and retention, for example).
const (
	// DefaultVPCCIDR is a new VPC's IPv4 block.
	DefaultVPCCIDR = "10.0.0.0/16"
	// DefaultAZCount is how many zones a new VPC spans.
	DefaultAZCount = 2
	// DefaultSubnetNewBits is how many bits each subnet adds to the VPC prefix (a /16 gives /20 subnets).
	DefaultSubnetNewBits = 4
	// DefaultNATGateways is the NAT strategy of a new VPC.
	DefaultNATGateways = NATSingle

	// DefaultBrokerInstanceType is the MSK brokers' instance type.
	DefaultBrokerInstanceType = "kafka.t3.small"
	// DefaultBrokerVolumeGiB is each broker's EBS volume.
	DefaultBrokerVolumeGiB = 10
	// DefaultLogRetentionDays keeps a component's CloudWatch logs (brokers, connector workers,
	// API access logs, Airflow).
	DefaultLogRetentionDays = 7

	// DefaultClientInstanceType is the Kafka client host's instance type: the REST proxy's JVM
	// does not fit a t3.micro's 1 GiB.
	DefaultClientInstanceType = "t3.small"
	// DefaultClientRootVolumeGiB is the client host's root volume.
	DefaultClientRootVolumeGiB = 20
	// DefaultRestProxyPort is the Confluent REST proxy's port, as in the course.
	DefaultRestProxyPort = 8082

	// DefaultKafkaConnectVersion is the MSK Connect runtime.
	DefaultKafkaConnectVersion = "2.7.1"
	// DefaultMCUCount is the MSK Connect units per worker.
	DefaultMCUCount = 1
	// DefaultWorkerCount is the connector's workers.
	DefaultWorkerCount = 1
	// DefaultFlushSize is records per S3 object, as in the course.
	DefaultFlushSize = 1
	// DefaultTasksMax is the connector's tasks, one per course topic.
	DefaultTasksMax = 3

	// DefaultStage is the API's deployment stage.
	DefaultStage = "dev"
	// DefaultThrottleRateLimit is the API's steady requests per second per method.
	DefaultThrottleRateLimit = 100
	// DefaultThrottleBurstLimit is the API's burst per method.
	DefaultThrottleBurstLimit = 200

	// DefaultShardCount is each provisioned stream's shards.
	DefaultShardCount = 1
	// DefaultStreamRetentionHours is the streams' retention, Kinesis's own minimum.
	DefaultStreamRetentionHours = 24

	// DefaultEnvironmentClass is the MWAA environment class.
	DefaultEnvironmentClass = "mw1.micro"
	// DefaultMinWorkers is the MWAA environment's minimum workers.
	DefaultMinWorkers = 1

	// DefaultNodeType is the Databricks job clusters' node type.
	DefaultNodeType = "m5d.large"
	// DefaultSparkVersion is the Databricks job clusters' runtime (an LTS).
	DefaultSparkVersion = "15.4.x-scala2.12"
	// DefaultJobTimeoutMinutes bounds every Databricks job run.
	DefaultJobTimeoutMinutes = 60
	// DefaultStreamingIntervalHours is how often the streaming job runs.
	DefaultStreamingIntervalHours = 6
)
