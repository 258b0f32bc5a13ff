package stacks

import (
	"fmt"
	"math"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Project is the Pulumi project name; stack config keys live under "<Project>:<key>".
const Project = "pinterest-pipeline"

// Environment kinds. Anything that is not prod is torn down after the course and is tagged to expire.
const (
	EnvDev     = "dev"
	EnvStaging = "staging"
	EnvProd    = "prod"
)

// EnvironmentKinds lists the accepted identity.environment values.
var EnvironmentKinds = []string{EnvDev, EnvStaging, EnvProd}

// Config is one stack's typed configuration: a section per concern, each loaded from the
// structured config object of the same name ("<project>:network" and so on).
type Config struct {
	// Stack is the Pulumi stack name; it is not read from config.
	Stack string `json:"-"`
	// Region is the AWS region, from the provider's own key "aws:region".
	Region string `json:"-"`

	Identity   IdentityConfig   `json:"identity"`
	Network    NetworkConfig    `json:"network"`
	Kafka      KafkaConfig      `json:"kafka"`
	Client     ClientConfig     `json:"client"`
	Bucket     BucketConfig     `json:"bucket"`
	Connect    ConnectConfig    `json:"connect"`
	API        APIConfig        `json:"api"`
	Streams    StreamsConfig    `json:"streams"`
	Airflow    AirflowConfig    `json:"airflow"`
	Databricks DatabricksConfig `json:"databricks"`
	Cost       CostConfig       `json:"cost"`
	// Tags are extra tags for every taggable resource, on top of the ones the stack always sets.
	Tags map[string]string `json:"tags"`
	// Paused pauses the stack between classes: `pulumi config set paused true` and `pulumi up`
	// remove every resource billed by the hour while idle and keep the data, roles, names and URLs
	// (docs/pause.md); `pulumi config set paused false` and `pulumi up` resume it. Default false.
	Paused bool `json:"paused"`
	// Pause holds the class hours the scheduled Pause workflow keeps the stack running in, and prod's opt-in to pausing.
	Pause PauseConfig `json:"pause"`
	// Shape is standalone (a whole pipeline), platform (what a cohort of learners shares) or
	// learner (one learner's own resources on a platform, named by cohort.platformStack); see
	// docs/cohort.md. Default standalone.
	Shape string `json:"shape"`
	// Cohort places a learner stack in its cohort.
	Cohort CohortConfig `json:"cohort"`

	// Today is the day the configuration is checked against (Kafka end-of-support dates).
	Today time.Time `json:"-"`

	// DatabricksToken is the workspace token from the secret key "databricksToken"; it stays an
	// Output so that it is never unwrapped or logged. Nil when the key is unset.
	DatabricksToken pulumi.StringOutput `json:"-"`
	// HasDatabricksToken says whether the secret key was set.
	HasDatabricksToken bool `json:"-"`

	// allowExampleUserID accepts ExampleUserID (see AllowExampleUserID).
	allowExampleUserID bool
	// userIDNumber is the digits when identity.userId arrived as a YAML number.
	userIDNumber string
	// topicsSet says the stack sets kafka.topics itself instead of deriving it from the user id.
	topicsSet bool
}

// ExampleUserID is the user id of the course's worked example. Every learner who copied it
// would share its global bucket name and each other's stack names, so a deployment refuses it.
const ExampleUserID = "0affd9571f39"

// UserIDPlaceholder is what the committed dev stack file holds instead of a user id: the
// learner must replace it (`go run ./cmd/init` or `pulumi config set --path identity.userId`).
const UserIDPlaceholder = "<your-user-id>"

// CrossAccountRolePlaceholder is what the committed stack files hold instead of the workspace's
// cross-account role name. A made-up name would pass validation and fail `pulumi up` minutes in,
// on the PassRole grant (NoSuchEntity), with the MSK cluster already creating; the placeholder is
// refused before anything is created, and the offline plan stands in ExampleCrossAccountRoleName.
const CrossAccountRolePlaceholder = "<your-databricks-cross-account-role>"

// ExampleCrossAccountRoleName is the role name the offline plan uses in the placeholder's place.
const ExampleCrossAccountRoleName = "databricks-cross-account-role"

// userIDUsable says whether names can be derived from identity.userId; when not, the identity
// problem is the one to report, not the follow-on problems of every name derived from it.
func (c *Config) userIDUsable() bool {
	return c.Identity.UserID != UserIDPlaceholder && len(UserIDProblems(c.Identity.UserID)) == 0
}

// IdentityConfig says whose stack this is and how long it may live.
type IdentityConfig struct {
	// UserID is the course user id every course name derives from (topics, bucket, roles, DAG). Required.
	UserID string `json:"userId"`
	// Environment is the environment kind: dev, staging or prod. Default dev.
	Environment string `json:"environment"`
	// Owner is who answers for the stack's cost, usually an email address. Required.
	Owner string `json:"owner"`
	// TTL is the longest lifetime a stack of this kind should have, as "<n>d" or a Go duration
	// ("36h"). Default 7d in dev, 30d in staging, none in prod.
	TTL string `json:"ttl"`
	// ExpiresAt is the date (YYYY-MM-DD) after which the scheduled teardown destroys the stack.
	// Required outside prod; it becomes the expires-at tag.
	ExpiresAt string `json:"expiresAt"`
}

// NetworkConfig is either a new VPC (the default) or an existing one given by id.
type NetworkConfig struct {
	// CIDR is the new VPC's IPv4 block. Default 10.0.0.0/16.
	CIDR string `json:"cidr"`
	// AZCount is how many availability zones the new VPC spans. Default 2; MSK needs 2 or 3.
	AZCount int `json:"azCount"`
	// AvailabilityZones pins the zone names; by default the first AZCount available zones of the region.
	AvailabilityZones []string `json:"availabilityZones"`
	// SubnetNewBits is how many bits each subnet adds to the VPC prefix. Default 4 (a /16 gives /20 subnets).
	SubnetNewBits int `json:"subnetNewBits"`
	// NATGateways is none, single or onePerAz. Default single outside prod, onePerAz in prod.
	NATGateways spec.NATStrategy `json:"natGateways"`
	// VpcID selects an existing VPC; then no network resource is created.
	VpcID string `json:"vpcId"`
	// PrivateSubnetIDs are the existing VPC's private subnets, one per AZ. Required with vpcId.
	PrivateSubnetIDs []string `json:"privateSubnetIds"`
	// PublicSubnetIDs are the existing VPC's public subnets. Optional with vpcId.
	PublicSubnetIDs []string `json:"publicSubnetIds"`
}

// UsesExistingVPC reports whether the stack brings its own VPC.
func (n NetworkConfig) UsesExistingVPC() bool { return n.VpcID != "" }

// EffectiveAZCount is the number of zones the stack's subnets span.
func (n NetworkConfig) EffectiveAZCount() int {
	if n.UsesExistingVPC() {
		return len(n.PrivateSubnetIDs)
	}
	return n.AZCount
}

// KafkaConfig shapes the MSK cluster and its topics.
type KafkaConfig struct {
	// Version is the MSK Kafka version; one past its end of support is refused. Default 3.8.x, the version MSK recommends.
	Version string `json:"version"`
	// BrokerInstanceType defaults to kafka.t3.small outside prod and kafka.m7g.large in prod.
	BrokerInstanceType string `json:"brokerInstanceType"`
	// BrokerCount must be a multiple of the zone count. Default one broker per zone.
	BrokerCount int `json:"brokerCount"`
	// VolumeSizeGiB is each broker's EBS volume. Default 10 outside prod, 100 in prod.
	VolumeSizeGiB int `json:"volumeSizeGiB"`
	// KMSKeyARN encrypts data at rest with a customer key; empty uses the AWS-managed key.
	KMSKeyARN string `json:"kmsKeyArn"`
	// LogRetentionDays keeps broker logs. Default 7 outside prod, 90 in prod.
	LogRetentionDays int `json:"logRetentionDays"`
	// Topics defaults to the course's three: <userId>.pin, <userId>.geo, <userId>.user.
	Topics []spec.TopicSpec `json:"topics"`
}

// ClientConfig shapes the EC2 host that runs the Kafka CLI and the Confluent REST proxy.
type ClientConfig struct {
	// InstanceType defaults to t3.small: the REST proxy's JVM does not fit a t3.micro's 1 GiB.
	InstanceType string `json:"instanceType"`
	// RootVolumeGiB defaults to 20.
	RootVolumeGiB int `json:"rootVolumeGiB"`
	// RestProxyPort is the Confluent REST proxy port. Default 8082, as in the course.
	RestProxyPort int `json:"restProxyPort"`
	// KafkaURL is where the Apache Kafka client comes from; {version} is the client version
	// that matches kafka.version. Default the Apache archive.
	KafkaURL string `json:"kafkaUrl"`
	// IAMAuthVersion is the aws-msk-iam-auth release. Default 2.3.0.
	IAMAuthVersion string `json:"iamAuthVersion"`
	// IAMAuthURL is where aws-msk-iam-auth comes from; {version} is iamAuthVersion. Default its GitHub release.
	IAMAuthURL string `json:"iamAuthUrl"`
	// ConfluentURL is where the Confluent REST proxy comes from; {version} is the Confluent
	// Platform release that matches kafka.version and {minor} its first two parts. Default Confluent's archive.
	ConfluentURL string `json:"confluentUrl"`
	// Checksums pins downloads by file name, as sha256:<hex> or sha512:<hex>, over the built-in
	// ones (stacks.PinnedChecksums); the host refuses a file that does not match.
	Checksums map[string]string `json:"checksums"`
	// SSHKeyName attaches an EC2 key pair; empty (the default) leaves SSH off and uses SSM Session Manager.
	SSHKeyName string `json:"sshKeyName"`
}

// BucketConfig shapes the data lake bucket the S3 sink writes to. Its name is global across
// all AWS accounts, and the course's account already created the default user-<userId>-bucket
// for each learner: set bucket.name when `pulumi up` reports BucketAlreadyExists.
type BucketConfig struct {
	// Name overrides the bucket name, which must be globally unique. Default user-<userId>-bucket.
	Name string `json:"name"`
	// Versioning keeps overwritten and deleted objects. Default false outside prod, true in prod.
	Versioning bool `json:"versioning"`
	// ExpireRawDataDays deletes objects under topics/ after this many days; 0 keeps them.
	// Default outside prod: identity.ttl in whole days, so nothing expires while the stack lives
	// and the daily batch sees all data, as the course's queries assume; a lower value saves
	// storage but makes the batch report on a rolling window. Default 0 in prod.
	ExpireRawDataDays int `json:"expireRawDataDays"`
}

// ConnectConfig shapes the MSK Connect S3 sink.
type ConnectConfig struct {
	// PluginVersion is the Confluent S3 sink plugin version. Default 10.5.13.
	PluginVersion string `json:"pluginVersion"`
	// PluginURL is where the plugin archive comes from; {version} is pluginVersion. Default Confluent Hub's download location.
	PluginURL string `json:"pluginUrl"`
	// PluginSHA256 pins the plugin archive (64 hex digits). Unset, the first run on a machine
	// trusts the download and prints its hash to pin.
	PluginSHA256 string `json:"pluginSha256"`
	// KafkaConnectVersion is the MSK Connect runtime. Default 2.7.1.
	KafkaConnectVersion string `json:"kafkaConnectVersion"`
	// MCUCount is the MSK Connect units per worker: 1, 2, 4 or 8. Default 1.
	MCUCount int `json:"mcuCount"`
	// WorkerCount is the number of workers, or the minimum when autoscaling. Default 1.
	WorkerCount int `json:"workerCount"`
	// MaxWorkerCount above workerCount turns on autoscaling between the two; 0 (the default) keeps capacity provisioned.
	MaxWorkerCount int `json:"maxWorkerCount"`
	// FlushSize is records per S3 object. Default 1, as in the course.
	FlushSize int `json:"flushSize"`
	// TasksMax defaults to 3, one per course topic.
	TasksMax int `json:"tasksMax"`
	// LogRetentionDays keeps worker logs. Default 7 outside prod, 90 in prod.
	LogRetentionDays int `json:"logRetentionDays"`
}

// Proxy integration styles for api.proxyIntegration.
const (
	ProxyPrivate = "private"
	ProxyHTTP    = "http"
)

// APIConfig shapes the REST API in front of the REST proxy and Kinesis.
type APIConfig struct {
	// Stage is the deployment stage in invoke URLs. Default dev.
	Stage string `json:"stage"`
	// ProxyIntegration is private (VPC link, the default) or http (the course's public proxy).
	ProxyIntegration string `json:"proxyIntegration"`
	// ThrottleRateLimit is steady requests per second per method. Default 100.
	ThrottleRateLimit int `json:"throttleRateLimit"`
	// ThrottleBurstLimit is the burst per method. Default 200.
	ThrottleBurstLimit int `json:"throttleBurstLimit"`
	// APIKeyRequired puts every method behind an API key and usage plan (the key is the secret
	// apiKey output, sent as x-api-key). Default true: without it anyone with the invoke URL
	// may write to the topics and streams and call the stream methods.
	APIKeyRequired bool `json:"apiKeyRequired"`
	// AccountLoggingRole makes this stack the owner of the account's API Gateway CloudWatch role,
	// which stage access logs need. It is one setting per account and region, which the owner
	// sets on `pulumi up` and clears on `pulumi destroy`: turn it on in exactly one stack per
	// account and region. Default false.
	AccountLoggingRole bool `json:"accountLoggingRole"`
	// AccountHasLoggingRole says the account's role is already set in this region (by the stack
	// that owns it, or by hand), so this stack's stage writes access logs too. Default false:
	// without either key the stage has no access logs, because API Gateway refuses them.
	AccountHasLoggingRole bool `json:"accountHasLoggingRole"`
	// LogRetentionDays keeps access logs. Default 7 outside prod, 90 in prod.
	LogRetentionDays int `json:"logRetentionDays"`
}

// AccessLogs reports whether the stage writes access logs: only where the account's role is set.
func (a APIConfig) AccessLogs() bool { return a.AccountLoggingRole || a.AccountHasLoggingRole }

// Kinesis capacity modes for streams.mode.
const (
	StreamProvisioned = "PROVISIONED"
	StreamOnDemand    = "ON_DEMAND"
)

// StreamsConfig shapes the three Kinesis streams.
type StreamsConfig struct {
	// Mode is PROVISIONED (default) or ON_DEMAND.
	Mode string `json:"mode"`
	// ShardCount is the shards of each provisioned stream; leave it unset with ON_DEMAND. Default 1.
	// A pointer, so that an explicit 0 is refused rather than taken for "unset".
	ShardCount *int `json:"shardCount"`
	// RetentionHours is 24 (default) to 8760.
	RetentionHours int `json:"retentionHours"`
}

// MWAA webserver access modes for airflow.webserverAccessMode.
const (
	WebserverPrivate = "PRIVATE_ONLY"
	WebserverPublic  = "PUBLIC_ONLY"
)

// AirflowConfig shapes the MWAA environment that runs the daily DAG.
type AirflowConfig struct {
	// Enabled creates the MWAA environment (the stack's largest cost); it needs a Databricks
	// workspace, whose batch job the DAG runs. Default true when databricks.host is set, false
	// otherwise (a batch-only stack).
	Enabled bool `json:"enabled"`
	// EnvironmentClass defaults to mw1.micro outside prod and mw1.small in prod. It must be one
	// the Airflow version runs on (the version table in stacks/); mw1.micro runs exactly one worker.
	EnvironmentClass string `json:"environmentClass"`
	// AirflowVersion is an Airflow release MWAA offers, from the version table in stacks/. Default 2.10.3.
	AirflowVersion string `json:"airflowVersion"`
	// Schedule is the DAG's schedule. Default @daily, as the course asks.
	Schedule string `json:"schedule"`
	// WebserverAccessMode is PRIVATE_ONLY (default; the UI is reached through an SSM tunnel via the
	// client host, see the airflowUi* outputs) or PUBLIC_ONLY (internet, behind IAM sign-in; not in prod).
	WebserverAccessMode string `json:"webserverAccessMode"`
	// MinWorkers defaults to 1.
	MinWorkers int `json:"minWorkers"`
	// MaxWorkers defaults to 1 outside prod and 2 in prod.
	MaxWorkers int `json:"maxWorkers"`
	// LogRetentionDays keeps Airflow logs. Default 7 outside prod, 90 in prod.
	LogRetentionDays int `json:"logRetentionDays"`
}

// DatabricksConfig points the stack at a Databricks workspace; with no host nothing Databricks is declared.
type DatabricksConfig struct {
	// Host is the workspace URL, https://<workspace>.cloud.databricks.com. Empty: no Databricks resources.
	Host string `json:"host"`
	// NodeType is the job clusters' node type. Default m5d.large.
	NodeType string `json:"nodeType"`
	// SparkVersion is the job clusters' runtime. Default 15.4.x-scala2.12 (an LTS).
	SparkVersion string `json:"sparkVersion"`
	// JobTimeoutMinutes bounds every job run; job clusters stop when their run ends. Default 60.
	JobTimeoutMinutes int `json:"jobTimeoutMinutes"`
	// NotebookDir is the workspace folder for the notebooks. Default /Shared/pinterest-pipeline.
	NotebookDir string `json:"notebookDir"`
	// CrossAccountRoleName is the workspace's cross-account IAM role in this account (the role in
	// the workspace's credential configuration, account console > Cloud resources); the stack lets
	// it pass the clusters' role (iam:PassRole), without which job clusters cannot start. Required with host.
	CrossAccountRoleName string `json:"crossAccountRoleName"`
	// Catalog is the Unity Catalog catalog of the tables, <catalog>.<schema>.<userId>_<name>; empty
	// (the default) keeps unqualified names in the workspace's default catalog (hive_metastore on legacy workspaces).
	Catalog string `json:"catalog"`
	// Schema is the schema in catalog that holds the tables; set with catalog.
	Schema string `json:"schema"`
	// CheckpointVolume is a Unity Catalog volume in catalog.schema for the streaming checkpoints;
	// required with catalog. Empty: checkpoints on the DBFS root (legacy workspaces).
	CheckpointVolume string `json:"checkpointVolume"`
	// StreamingIntervalHours is how often the streaming job processes what the streams hold; at
	// most half of streams.retentionHours, so a failed run loses nothing. Default 6.
	StreamingIntervalHours int `json:"streamingIntervalHours"`
}

// CheckpointRoot is where the streaming job keeps its checkpoints: the Unity Catalog volume when
// one is configured, else the DBFS root, which workspaces with legacy features disabled refuse.
func (d DatabricksConfig) CheckpointRoot(userID string) string {
	if d.CheckpointVolume != "" {
		return "/Volumes/" + d.Catalog + "/" + d.Schema + "/" + d.CheckpointVolume + "/" + userID
	}
	return "dbfs:/pinterest-pipeline/" + userID + "/checkpoints"
}

// CostConfig holds the cost guardrails: the policy pack's hourly budget and the AWS Budgets alert.
type CostConfig struct {
	// HourlyBudgetUSD is the most the stack may cost per idle hour at list prices, as the cost
	// estimator computes it; the hourly-budget policy fails a preview above it. Default 1 outside prod (about $730/month), 5 in prod.
	HourlyBudgetUSD float64 `json:"hourlyBudgetUsd"`
	// MonthlyBudgetUSD is the limit of the stack's AWS Budgets alert, which emails identity.owner
	// when actual spend passes 80% of it or the month's forecast passes 100%. Default 0: outside
	// prod, the estimate's monthly figure rounded up to whole dollars; in prod, no budget.
	MonthlyBudgetUSD float64 `json:"monthlyBudgetUsd"`
}

// PauseConfig shapes pausing: when the scheduled Pause workflow runs the stack, and whether a prod stack may be paused.
type PauseConfig struct {
	// AllowProd lets paused apply to a prod stack (identity.environment prod, or a stack named prod),
	// whose users then lose the pipeline until it resumes. Default false: paused is refused in prod.
	AllowProd bool `json:"allowProd"`
	// ClassHours are the weekly hours the stack should run; outside them the scheduled Pause
	// workflow pauses it. Unset (the default), the schedule leaves the stack alone.
	ClassHours ClassHours `json:"classHours"`
	// ResumeLeadMinutes is how long before class hours start the scheduled workflow resumes the
	// stack, so that it is ready when class starts (a resume takes about 40 minutes: docs/pause.md). Default 60.
	ResumeLeadMinutes int `json:"resumeLeadMinutes"`
}

// ClassHours are running windows in a time zone, e.g. {timezone: Europe/London, schedule: ["Mon-Fri 09:00-17:00"]}.
type ClassHours struct {
	// Timezone is the IANA time zone the schedule's times are wall-clock times in, e.g. Europe/London. Required with schedule.
	Timezone string `json:"timezone"`
	// Schedule lists windows as "<days> HH:MM-HH:MM": days are Mon..Sun, a range (Mon-Fri) or a list
	// (Sat,Sun); an end at or before the start runs past midnight into the next day; 24:00 ends at midnight.
	Schedule []string `json:"schedule"`
}

// Enabled reports whether a workspace is configured.
func (d DatabricksConfig) Enabled() bool { return d.Host != "" }

// IsProd reports whether the stack is production-shaped (no expiry, no force-destroy).
func (c *Config) IsProd() bool { return c.Identity.Environment == EnvProd }

// Defaults returns the configuration every stack of the given environment kind starts from.
// Identity fields that name a person or a date have no default.
func Defaults(env string) Config {
	prod := env == EnvProd
	pick := func(nonProd, prodValue int) int {
		if prod {
			return prodValue
		}
		return nonProd
	}
	// Prod keeps every log for 90 days; other environments keep the components' default.
	logRetentionDays := pick(spec.DefaultLogRetentionDays, 90)
	c := Config{
		Shape:    ShapeStandalone,
		Identity: IdentityConfig{Environment: env},
		Network: NetworkConfig{
			CIDR:          spec.DefaultVPCCIDR,
			AZCount:       spec.DefaultAZCount,
			SubnetNewBits: spec.DefaultSubnetNewBits,
			NATGateways:   spec.DefaultNATGateways,
		},
		Kafka: KafkaConfig{
			Version:            DefaultKafkaVersion,
			BrokerInstanceType: spec.DefaultBrokerInstanceType,
			VolumeSizeGiB:      pick(spec.DefaultBrokerVolumeGiB, 100),
			LogRetentionDays:   logRetentionDays,
		},
		Client: ClientConfig{
			InstanceType: spec.DefaultClientInstanceType, RootVolumeGiB: spec.DefaultClientRootVolumeGiB, RestProxyPort: spec.DefaultRestProxyPort,
			KafkaURL: defaultKafkaURL, IAMAuthVersion: DefaultIAMAuthVersion, IAMAuthURL: defaultIAMAuthURL, ConfluentURL: defaultConfluentURL,
		},
		Bucket: BucketConfig{Versioning: prod},
		Connect: ConnectConfig{
			PluginVersion: "10.5.13", PluginURL: defaultPluginURL, KafkaConnectVersion: spec.DefaultKafkaConnectVersion,
			MCUCount: spec.DefaultMCUCount, WorkerCount: spec.DefaultWorkerCount, FlushSize: spec.DefaultFlushSize, TasksMax: spec.DefaultTasksMax,
			LogRetentionDays: logRetentionDays,
		},
		API: APIConfig{
			Stage: spec.DefaultStage, ProxyIntegration: ProxyPrivate, APIKeyRequired: true,
			ThrottleRateLimit: spec.DefaultThrottleRateLimit, ThrottleBurstLimit: spec.DefaultThrottleBurstLimit,
			LogRetentionDays: logRetentionDays,
		},
		Streams: StreamsConfig{Mode: StreamProvisioned, RetentionHours: spec.DefaultStreamRetentionHours},
		Airflow: AirflowConfig{
			Enabled: true, EnvironmentClass: spec.DefaultEnvironmentClass, AirflowVersion: "2.10.3", Schedule: "@daily",
			WebserverAccessMode: WebserverPrivate, MinWorkers: spec.DefaultMinWorkers, MaxWorkers: pick(spec.DefaultMinWorkers, 2),
			LogRetentionDays: logRetentionDays,
		},
		Databricks: DatabricksConfig{
			NodeType: spec.DefaultNodeType, SparkVersion: spec.DefaultSparkVersion, JobTimeoutMinutes: spec.DefaultJobTimeoutMinutes,
			NotebookDir: "/Shared/pinterest-pipeline", StreamingIntervalHours: spec.DefaultStreamingIntervalHours,
		},
		Cost:  CostConfig{HourlyBudgetUSD: 1},
		Tags:  map[string]string{},
		Pause: PauseConfig{ResumeLeadMinutes: 60},
	}
	switch env {
	case EnvProd:
		c.Network.NATGateways = spec.NATOnePerAZ
		c.Kafka.BrokerInstanceType = "kafka.m7g.large"
		c.Airflow.EnvironmentClass = "mw1.small"
		c.API.Stage = "prod"
		c.Cost.HourlyBudgetUSD = 5
	case EnvStaging:
		c.Identity.TTL = "30d"
		c.API.Stage = "staging"
	default:
		c.Identity.TTL = "7d"
	}
	return c
}

// applyDerivedDefaults fills the defaults that depend on other settings (zone count, user id,
// lifetime, workspace); it runs after the stack's values are merged in, and never overrides a
// value the stack set (explicit holds those as "section.setting").
func (c *Config) applyDerivedDefaults(explicit map[string]bool) {
	// MWAA only runs the Databricks batch job, so without a workspace a stack is batch-only and
	// needs no Databricks or Airflow setting at all.
	if !explicit["airflow.enabled"] {
		c.Airflow.Enabled = c.Databricks.Enabled()
	}
	// Raw data must outlive the stack, or the daily batch reports on a rolling window while the
	// course's queries assume all data. S3 expires an object the given number of days after its
	// creation, rounded up to the next midnight UTC ("Lifecycle configuration elements", Amazon S3
	// User Guide, https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html), so
	// ttl in whole days keeps everything written during the stack's life.
	if ttl, ok := ParseTTL(c.Identity.TTL); ok && !c.IsProd() && !explicit["bucket.expireRawDataDays"] {
		c.Bucket.ExpireRawDataDays = int(math.Ceil(ttl.Hours() / 24))
	}
	// A bad user id is reported once, under identity.userId, not again through the names derived from it.
	if c.Bucket.Name == "" && c.userIDUsable() {
		c.Bucket.Name = BucketName(c.Identity.UserID)
	}
	if c.Streams.ShardCount == nil && c.Streams.Mode == StreamProvisioned {
		shards := spec.DefaultShardCount
		c.Streams.ShardCount = &shards
	}
	if c.Kafka.BrokerCount == 0 {
		c.Kafka.BrokerCount = c.Network.EffectiveAZCount()
	}
	c.topicsSet = explicit["kafka.topics"]
	if c.Kafka.Topics == nil && c.userIDUsable() {
		for _, kind := range RecordKinds {
			c.Kafka.Topics = append(c.Kafka.Topics, spec.TopicSpec{Name: TopicName(c.Identity.UserID, kind)})
		}
	}
	partitions := 1
	if c.IsProd() {
		partitions = 3
	}
	for i := range c.Kafka.Topics {
		t := &c.Kafka.Topics[i]
		if t.Partitions == 0 {
			t.Partitions = partitions
		}
		if t.ReplicationFactor == 0 {
			t.ReplicationFactor = min(3, c.Kafka.BrokerCount)
		}
		if t.RetentionHours == 0 {
			t.RetentionHours = 168
		}
	}
}

// CommonTags are the tags every taggable resource carries: the stack's own and the teardown
// tags (environment, owner, expires-at) the policy pack and the scheduled teardown rely on.
func (c *Config) CommonTags() map[string]string {
	tags := make(map[string]string, len(c.Tags)+6)
	for k, v := range c.Tags {
		tags[k] = v
	}
	tags["project"] = Project
	tags["stack"] = c.Stack
	tags["environment"] = c.Identity.Environment
	tags["owner"] = c.Identity.Owner
	tags["user-id"] = c.Identity.UserID
	tags["managed-by"] = "pulumi"
	if c.Identity.ExpiresAt != "" {
		tags["expires-at"] = c.Identity.ExpiresAt
	}
	return tags
}

// reservedTagKeys are set by CommonTags and may not be overridden through the tags section.
var reservedTagKeys = []string{"project", "stack", "environment", "owner", "user-id", "managed-by", "expires-at", "Name"}

// Notices are what a learner should know before the first `pulumi up` although the
// configuration is valid; the offline plan lists them and Load logs them as warnings.
func (c *Config) Notices() Problems {
	var ns Problems
	if c.userIDNumber != "" {
		// YAML reads an unquoted 0123 as the octal number 83 and 012345678901 as a float, so a
		// leading zero typed into the stack file is gone before the program sees the value.
		ns.add("identity.userId", fmt.Sprintf("was written as the number %s, used as the text %q", c.userIDNumber, c.userIDNumber),
			"if your course user id starts with 0, the YAML number lost it: quote the id in Pulumi.%s.yaml (userId: \"0%s\"), "+
				"or run `pulumi config set --path identity.userId <id>`, which keeps leading zeros", c.Stack, c.userIDNumber)
	}
	if c.Bucket.Name != "" && c.Bucket.Name == BucketName(c.Identity.UserID) {
		// S3 general purpose bucket names share one namespace across all accounts of a
		// partition ("Namespaces for general purpose buckets", Amazon S3 User Guide,
		// https://docs.aws.amazon.com/AmazonS3/latest/userguide/gpbucketnamespaces.html), and the
		// course's own account created this very name for each learner.
		ns.add("bucket.name", fmt.Sprintf("%q is a global S3 bucket name, the one the course's account created for this user id; "+
			"if any other AWS account holds it, the first `pulumi up` fails with BucketAlreadyExists", c.Bucket.Name),
			"keep it if it is free; otherwise run `pulumi config set --path bucket.name <a globally unique name>` "+
				"(the stack hands the name to the Databricks batch job; your own scripts read it from the bucketName output)")
	}
	return ns
}

// ExpiryDate parses identity.expiresAt; ok is false when it is unset or malformed.
func (c *Config) ExpiryDate() (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, c.Identity.ExpiresAt)
	return t, err == nil
}

// Lifetime describes, for people, when a stack expires relative to now, and warns when the
// expiry has passed or lies beyond identity.ttl. Validation cannot check this: it must not
// depend on the clock, or a committed stack file would turn invalid as days pass.
func (c *Config) Lifetime(now time.Time) (summary string, warning string) {
	if c.IsProd() {
		return "never expires; the scheduled teardown skips prod stacks", ""
	}
	expiry, ok := c.ExpiryDate()
	if !ok {
		return "no expiry date", "set identity.expiresAt"
	}
	today := now.UTC().Truncate(24 * time.Hour)
	days := int(expiry.Sub(today).Hours() / 24)
	switch {
	case days < 0:
		return fmt.Sprintf("expired on %s (%d days ago)", c.Identity.ExpiresAt, -days),
			"the scheduled teardown destroys expired stacks; raise identity.expiresAt to keep it"
	case days == 0:
		summary = fmt.Sprintf("expires today, %s", c.Identity.ExpiresAt)
	default:
		summary = fmt.Sprintf("expires on %s (in %d days)", c.Identity.ExpiresAt, days)
	}
	if ttl, ok := ParseTTL(c.Identity.TTL); ok && expiry.Sub(today) > ttl {
		warning = fmt.Sprintf("identity.expiresAt is %d days away, beyond identity.ttl %s; lower expiresAt or raise ttl",
			days, c.Identity.TTL)
	}
	return summary, warning
}

// ClientSoftware resolves the client host's software for the configured Kafka version; ok is
// false when the version is not in the table (Validate reports that).
func (c *Config) ClientSoftware() (spec.ClientSoftware, bool) {
	v, err := LookupKafkaVersion(c.Kafka.Version, c.today())
	if v.MSK == "" || err != nil {
		return spec.ClientSoftware{}, false
	}
	s := spec.ClientSoftware{
		KafkaVersion:     v.Client,
		KafkaURL:         ExpandURL(c.Client.KafkaURL, v.Client),
		IAMAuthVersion:   c.Client.IAMAuthVersion,
		IAMAuthURL:       ExpandURL(c.Client.IAMAuthURL, c.Client.IAMAuthVersion),
		ConfluentVersion: v.Confluent,
		ConfluentURL:     ExpandURL(c.Client.ConfluentURL, v.Confluent),
	}
	s.KafkaChecksum, s.KafkaChecksumURL = c.checksumFor(s.KafkaURL), PublisherChecksumURL(s.KafkaURL)
	s.IAMAuthChecksum, s.IAMAuthChecksumURL = c.checksumFor(s.IAMAuthURL), PublisherChecksumURL(s.IAMAuthURL)
	s.ConfluentChecksum, s.ConfluentChecksumURL = c.checksumFor(s.ConfluentURL), PublisherChecksumURL(s.ConfluentURL)
	return s, true
}

// PluginURL is the resolved download location of the S3 sink plugin archive.
func (c *Config) PluginURL() string { return ExpandURL(c.Connect.PluginURL, c.Connect.PluginVersion) }

func (c *Config) today() time.Time {
	if c.Today.IsZero() {
		return Clock().UTC()
	}
	return c.Today
}

// Shards is the shard count of each provisioned stream, 0 for on-demand streams.
func (s StreamsConfig) Shards() int {
	if s.ShardCount == nil {
		return 0
	}
	return *s.ShardCount
}
