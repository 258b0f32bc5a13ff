package components

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/awslimits"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/mskconnect"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PluginPrefix is where the plugin archive sits in the bucket, as in the course.
const PluginPrefix = "kafka-connect-s3/"

// S3SinkConnectorArgs configures S3SinkConnector.
type S3SinkConnectorArgs struct {
	// ConnectorName, PluginName and RoleName are the course's names (<userId>-connector,
	// <userId>-plugin) and the connector's own role. Required.
	ConnectorName string
	PluginName    string
	RoleName      string
	// Region is the bucket's region (s3.region). Required.
	Region string
	// Lake is the bucket the connector writes to and the plugin archive is kept in. Required.
	Lake *DataLake
	// BucketName is the lake's name, known before deployment. Required.
	BucketName string
	// PluginVersion is the Confluent S3 sink release. Required.
	PluginVersion string
	// PluginArchive is the local path of the plugin archive, already downloaded and checked
	// (internal/plugincache); it is uploaded as a file asset, so neither a preview nor an update
	// of an unchanged plugin needs the network. Required.
	PluginArchive string
	// Cluster is the source cluster; the connector is granted access to it. Required.
	Cluster *KafkaCluster
	// TopicPrefix is "<userId>.": the connector reads every topic that starts with it. Required.
	TopicPrefix string
	// LearnerTopics are topic name patterns, such as "*.pin", of a cohort's learners' topics on
	// a platform's shared connector (cohort.sharedConnector): the connector reads them as well,
	// into topics/<topic>/ of the one bucket, so each learner's data has its own prefix. Empty on
	// any other connector.
	LearnerTopics []string
	// VpcID and SubnetIDs place the workers. Required.
	VpcID     pulumi.StringInput
	SubnetIDs pulumi.StringArrayInput
	// KafkaConnectVersion defaults to 2.7.1.
	KafkaConnectVersion string
	// MCUCount per worker defaults to 1; WorkerCount defaults to 1. MaxWorkerCount above
	// WorkerCount autoscales between the two.
	MCUCount, WorkerCount, MaxWorkerCount int
	// FlushSize is records per S3 object. Default 1, as in the course.
	FlushSize int
	// TasksMax defaults to 3.
	TasksMax int
	// LogRetentionDays keeps worker logs. Default 7.
	LogRetentionDays int
	// NamePrefix starts the Name tags. Required.
	NamePrefix string
	// Tags go on every taggable resource.
	Tags map[string]string
	// Paused declares no connector: see NewS3SinkConnector for what stays.
	Paused bool
}

// S3SinkConnector is the MSK Connect custom plugin, worker configuration and S3 sink connector
// that copy the user's topics to s3://<bucket>/topics/<topic>/partition=<n>/.
type S3SinkConnector struct {
	pulumi.ResourceState

	// ConnectorArn is the connector's ARN.
	ConnectorArn pulumi.StringOutput `pulumi:"connectorArn"`
	// PluginArn is the custom plugin's ARN.
	PluginArn pulumi.StringOutput `pulumi:"pluginArn"`
	// SecurityGroupID is the workers' security group.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// LogGroupName is the worker log group.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
}

func (a *S3SinkConnectorArgs) withDefaults() S3SinkConnectorArgs {
	out := S3SinkConnectorArgs{}
	if a != nil {
		out = *a
	}
	if out.KafkaConnectVersion == "" {
		out.KafkaConnectVersion = spec.DefaultKafkaConnectVersion
	}
	if out.MCUCount == 0 {
		out.MCUCount = spec.DefaultMCUCount
	}
	if out.WorkerCount == 0 {
		out.WorkerCount = spec.DefaultWorkerCount
	}
	if out.FlushSize == 0 {
		out.FlushSize = spec.DefaultFlushSize
	}
	if out.TasksMax == 0 {
		out.TasksMax = spec.DefaultTasksMax
	}
	if out.LogRetentionDays == 0 {
		out.LogRetentionDays = spec.DefaultLogRetentionDays
	}
	return out
}

func (a S3SinkConnectorArgs) validate() error {
	var errs []error
	errs = append(errs, emptyFields("ConnectorName", a.ConnectorName, "PluginName", a.PluginName, "RoleName", a.RoleName, "Region", a.Region, "BucketName", a.BucketName, "PluginVersion", a.PluginVersion, "PluginArchive", a.PluginArchive, "TopicPrefix", a.TopicPrefix, "NamePrefix", a.NamePrefix)...)
	if a.Lake == nil || a.Cluster == nil {
		errs = append(errs, errors.New("Lake and Cluster are required"))
	}
	if a.VpcID == nil || a.SubnetIDs == nil {
		errs = append(errs, errors.New("VpcID and SubnetIDs are required"))
	}
	if a.Cluster != nil {
		if err := CheckWorkerProperties(WorkerProperties(a.Cluster.BrokerCount)); err != nil {
			errs = append(errs, fmt.Errorf("worker configuration: %w", err))
		}
	}
	if a.MaxWorkerCount != 0 && a.MaxWorkerCount <= a.WorkerCount {
		errs = append(errs, fmt.Errorf("MaxWorkerCount %d must exceed WorkerCount %d to autoscale", a.MaxWorkerCount, a.WorkerCount))
	}
	return errors.Join(errs...)
}

// TopicsRegex matches every topic in the user's namespace. The course wrote "<userId>.*",
// where the unescaped dot also matched topics such as "<userId>x"; ours escapes it. A shared
// connector's learner topic patterns ("*.pin": * as in an IAM resource, any characters) are
// alternatives; topics.regex is a Java regular expression the topic's whole name must match
// (Confluent, "Amazon S3 Sink Connector Configuration Properties": topics.regex).
func TopicsRegex(topicPrefix string, learnerTopics ...string) string {
	own := regexp.QuoteMeta(topicPrefix) + ".*"
	if len(learnerTopics) == 0 {
		return own
	}
	alternatives := []string{own}
	for _, pattern := range learnerTopics {
		alternatives = append(alternatives, strings.ReplaceAll(regexp.QuoteMeta(pattern), `\*`, ".*"))
	}
	return "(" + strings.Join(alternatives, "|") + ")"
}

// S3SinkConfiguration is the connector configuration of the course, key by key.
func S3SinkConfiguration(region, bucket, topicPrefix string, flushSize, tasksMax int, learnerTopics ...string) map[string]string {
	return map[string]string{
		"connector.class":                "io.confluent.connect.s3.S3SinkConnector",
		"s3.region":                      region,
		"flush.size":                     strconv.Itoa(flushSize),
		"schema.compatibility":           "NONE",
		"tasks.max":                      strconv.Itoa(tasksMax),
		"topics.regex":                   TopicsRegex(topicPrefix, learnerTopics...),
		"format.class":                   "io.confluent.connect.s3.format.json.JsonFormat",
		"partitioner.class":              "io.confluent.connect.storage.partitioner.DefaultPartitioner",
		"value.converter.schemas.enable": "false",
		"value.converter":                "org.apache.kafka.connect.json.JsonConverter",
		"storage.class":                  "io.confluent.connect.s3.storage.S3Storage",
		"key.converter":                  "org.apache.kafka.connect.storage.StringConverter",
		"s3.bucket.name":                 bucket,
	}
}

// WorkerProperties is the worker configuration, replacing the course's pre-made
// "confluent-worker": string keys and schemaless JSON values as there, plus two guards.
//
//   - Reconnect backoff for the worker's own clients and the sink's consumers (and any
//     producer). kafka.t3.small brokers accept only 4 new IAM-authenticated connections a
//     second, and MSK's quota page recommends reconnect.backoff.ms for this (Amazon MSK
//     developer guide, "Amazon MSK quota"); aws/aws-msk-iam-auth#28 is an MSK Connect worker on
//     t3.small failing with "Too many connects".
//   - Replication factors of Connect's internal topics sized for the cluster: Kafka Connect
//     creates them with 3 replicas by default, which a 2-broker cluster cannot hold.
//
// Every key must be on MSK Connect's supported list, or CreateWorkerConfiguration fails;
// CheckWorkerProperties enforces that before anything is registered.
func WorkerProperties(brokers int) string {
	replication := strconv.Itoa(min(3, max(1, brokers)))
	return strings.Join([]string{
		"key.converter=org.apache.kafka.connect.storage.StringConverter",
		"value.converter=org.apache.kafka.connect.json.JsonConverter",
		"value.converter.schemas.enable=false",
		"reconnect.backoff.ms=1000",
		"reconnect.backoff.max.ms=10000",
		"consumer.reconnect.backoff.ms=1000",
		"consumer.reconnect.backoff.max.ms=10000",
		"producer.reconnect.backoff.ms=1000",
		"producer.reconnect.backoff.max.ms=10000",
		"config.storage.replication.factor=" + replication,
		"offset.storage.replication.factor=" + replication,
		"status.storage.replication.factor=" + replication,
	}, "\n") + "\n"
}

// SupportedWorkerProperty reports whether MSK Connect accepts a key in a worker configuration
// (internal/awslimits holds the rule, which the policy pack checks too).
func SupportedWorkerProperty(key string) error { return awslimits.MSKConnectWorkerProperty(key) }

// CheckWorkerProperties checks a worker configuration the way CreateWorkerConfiguration would:
// key.converter and value.converter present, and every key supported. It names every problem.
func CheckWorkerProperties(content string) error {
	return awslimits.MSKConnectWorkerConfiguration(content)
}

const workerDescription = "String keys and schemaless JSON values as the course's confluent-worker, with reconnect backoff"

// WorkerConfigurationName derives the worker configuration's name from everything in it: MSK
// Connect cannot update one in place or reuse a name after a delete, so any change gets a new name.
func WorkerConfigurationName(connectorName, description, properties string) string {
	sum := sha256.Sum256([]byte(description + "\x00" + properties))
	return connectorName + "-worker-" + hex.EncodeToString(sum[:4])
}

// ConnectorPolicy is the connector role's policy: read the user's topics, keep MSK Connect's
// internal topics and groups, and write objects under topics/ in the bucket. A cohort's shared
// connector also reads the learners' topics, named by learnerTopics patterns.
func ConnectorPolicy(clusterArn, topicPrefix, connectorName, bucketArn string, learnerTopics ...string) (PolicyDocument, error) {
	prefix, rest, ok := strings.Cut(clusterArn, ":cluster/")
	if !ok {
		_, err := KafkaResourceARN(clusterArn, "topic", "")
		return PolicyDocument{}, err
	}
	// The cluster ARN is valid from here on, so every derived ARN is too.
	arn := func(kind, name string) string { return prefix + ":" + kind + "/" + rest + "/" + name }
	if _, err := KafkaResourceARN(clusterArn, "topic", ""); err != nil {
		return PolicyDocument{}, err
	}
	return policy(
		allow("ConnectToTheCluster", []string{"kafka-cluster:Connect", "kafka-cluster:DescribeCluster"}, clusterArn),
		allow("ReadTheUsersTopics", []string{"kafka-cluster:ReadData", "kafka-cluster:DescribeTopic"}, topicARNs(arn, topicPrefix, learnerTopics)...),
		// MSK Connect names each connector's internal topics after it: the MSK Developer Guide
		// gives both __msk_connect_<kind>_<name>_<id> ("State management of Amazon MSK Connect
		// applications") and __amazon_msk_connect_<kind>_<name>_<id> ("Use the default offset
		// storage topic"), so both forms are granted, for this connector's name only: on a cohort's
		// shared cluster no connector reaches another's offsets, configs or status.
		allow("KeepConnectInternalTopics", []string{
			"kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic", "kafka-cluster:WriteData", "kafka-cluster:ReadData",
		}, arn("topic", "__amazon_msk_connect_*_"+connectorName+"_*"), arn("topic", "__msk_connect_*_"+connectorName+"_*")),
		allow("UseTheSinkConsumerGroups", []string{"kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"},
			arn("group", "connect-"+connectorName+"*"), arn("group", "__amazon_msk_connect_*")),
		allow("FindTheBucket", []string{"s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"}, bucketArn),
		allow("WriteRawData", []string{"s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"},
			bucketArn+"/"+RawDataPrefix+"*"),
	), nil
}

// topicARNs are the topic ARNs of a namespace prefix and of learner topic patterns.
func topicARNs(arn func(kind, name string) string, topicPrefix string, learnerTopics []string) []string {
	arns := []string{arn("topic", topicPrefix+"*")}
	for _, pattern := range learnerTopics {
		arns = append(arns, arn("topic", pattern))
	}
	return arns
}

// NewS3SinkConnector uploads the plugin archive into the bucket and creates the custom plugin,
// worker configuration, role, log group, security group and connector.
func NewS3SinkConnector(ctx *pulumi.Context, name string, args *S3SinkConnectorArgs, opts ...pulumi.ResourceOption) (*S3SinkConnector, error) {
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("s3 sink connector %q: %w", name, err)
	}
	s := &S3SinkConnector{}
	if err := ctx.RegisterComponentResource(TypeS3SinkConnector, name, s, opts...); err != nil {
		return nil, fmt.Errorf("registering s3 sink connector %q: %w", name, err)
	}
	b := s3SinkBuild{children: newChildren(ctx, name, s, a.Tags, a.NamePrefix), a: a}

	plugin, worker, err := b.createPluginAndWorker()
	if err != nil {
		return nil, err
	}
	role, err := b.createRole()
	if err != nil {
		return nil, err
	}
	logs, err := b.createLogGroup()
	if err != nil {
		return nil, err
	}
	sg, access, err := b.createSecurityGroup()
	if err != nil {
		return nil, err
	}
	if a.Paused {
		// The connector goes, and its policy, which names the cluster; the plugin, worker
		// configuration, role, log group and security group stay. On resume the new connector
		// writes the same topics/ prefix of the same bucket.
		s.ConnectorArn, s.PluginArn = pausedOutput(), plugin.Arn
		s.SecurityGroupID, s.LogGroupName = sg.ID().ToStringOutput(), logs.Name
		return s, registerPausedOutputs(ctx, s, name, pulumi.Map{
			"pluginArn": s.PluginArn, "securityGroupId": s.SecurityGroupID, "logGroupName": s.LogGroupName,
		})
	}
	rolePolicy, err := b.createRolePolicy(role)
	if err != nil {
		return nil, err
	}
	// The workers fail to start without broker access, egress and their role's permissions in place.
	needs := append(access, rolePolicy)
	if a.Cluster.Cluster != nil { // nil for a cohort platform's cluster, which exists before the learner's stack
		needs = append(needs, a.Cluster.Cluster)
	}
	connector, err := b.createConnector(plugin, worker, role, logs, sg, needs)
	if err != nil {
		return nil, err
	}

	s.ConnectorArn = connector.Arn
	s.PluginArn = plugin.Arn
	s.SecurityGroupID = sg.ID().ToStringOutput()
	s.LogGroupName = logs.Name
	if err := ctx.RegisterResourceOutputs(s, pulumi.Map{
		"connectorArn": s.ConnectorArn, "pluginArn": s.PluginArn, "securityGroupId": s.SecurityGroupID, "logGroupName": s.LogGroupName,
	}); err != nil {
		return nil, fmt.Errorf("s3 sink connector %q outputs: %w", name, err)
	}
	return s, nil
}

// s3SinkBuild declares an S3SinkConnector's resources, one group per step.
type s3SinkBuild struct {
	children
	a S3SinkConnectorArgs
}

// createPluginAndWorker uploads the connector's plugin archive and declares the custom
// plugin and the worker configuration.
func (b s3SinkBuild) createPluginAndWorker() (*mskconnect.CustomPlugin, *mskconnect.WorkerConfiguration, error) {
	a := b.a
	properties := WorkerProperties(a.Cluster.BrokerCount)
	archive, err := s3.NewBucketObjectv2(b.ctx, b.name+"-plugin-archive", &s3.BucketObjectv2Args{
		Bucket:      a.Lake.BucketName,
		Key:         pulumi.String(PluginPrefix + "confluentinc-kafka-connect-s3-" + a.PluginVersion + ".zip"),
		Source:      pulumi.NewFileAsset(a.PluginArchive),
		ContentType: pulumi.String("application/zip"),
		// S3 objects take at most 10 tags: only the teardown ones and a name.
		Tags: objectTags(a.Tags, a.NamePrefix+"-plugin-archive"),
	}, b.parent, pulumi.DeletedWith(a.Lake.Bucket))
	if err != nil {
		return nil, nil, fmt.Errorf("uploading the plugin archive: %w", err)
	}
	// Plugins and connectors keep the course's fixed names, so a replacement must delete the old one first.
	plugin, err := mskconnect.NewCustomPlugin(b.ctx, b.name+"-plugin", &mskconnect.CustomPluginArgs{
		Name:        pulumi.String(a.PluginName),
		Description: pulumi.String("Confluent S3 sink " + a.PluginVersion),
		ContentType: pulumi.String("ZIP"),
		Location: &mskconnect.CustomPluginLocationArgs{S3: &mskconnect.CustomPluginLocationS3Args{
			BucketArn: a.Lake.BucketArn, FileKey: archive.Key,
		}},
		Tags: b.tag("plugin"),
	}, b.parent, pulumi.DeleteBeforeReplace(true))
	if err != nil {
		return nil, nil, fmt.Errorf("creating the custom plugin: %w", err)
	}
	worker, err := mskconnect.NewWorkerConfiguration(b.ctx, b.name+"-worker", &mskconnect.WorkerConfigurationArgs{
		Name:                  pulumi.String(WorkerConfigurationName(a.ConnectorName, workerDescription, properties)),
		Description:           pulumi.String(workerDescription),
		PropertiesFileContent: pulumi.String(properties),
		Tags:                  b.tag("worker"),
	}, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("creating the worker configuration: %w", err)
	}
	return plugin, worker, nil
}

// createRole declares the connector's service execution role. It stays while the stack is paused.
func (b s3SinkBuild) createRole() (*iam.Role, error) {
	a := b.a
	caller, err := aws.GetCallerIdentity(b.ctx, nil, b.parent)
	if err != nil {
		return nil, fmt.Errorf("looking up the account: %w", err)
	}
	trust, err := serviceTrust("kafkaconnect.amazonaws.com", caller.AccountId).JSON()
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(b.ctx, b.name+"-role", &iam.RoleArgs{
		Name:             pulumi.String(a.RoleName),
		Description:      pulumi.String("MSK Connect S3 sink: read the user's topics, write the bucket's topics/ prefix"),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             b.tag("connector-role"),
	}, b.parent)
	if err != nil {
		return nil, fmt.Errorf("creating the service execution role: %w", err)
	}
	return role, nil
}

// createRolePolicy declares the role's policy. It names the cluster, so a paused stack, which
// has none, declares no policy.
func (b s3SinkBuild) createRolePolicy(role *iam.Role) (*iam.RolePolicy, error) {
	a := b.a
	rolePolicy, err := iam.NewRolePolicy(b.ctx, b.name+"-access", &iam.RolePolicyArgs{
		Role: role.Name,
		Policy: pulumi.All(a.Cluster.ClusterArn, a.Lake.BucketArn).ApplyT(func(v []any) (string, error) {
			doc, err := ConnectorPolicy(v[0].(string), a.TopicPrefix, a.ConnectorName, v[1].(string), a.LearnerTopics...)
			if err != nil {
				return "", err
			}
			return doc.JSON()
		}).(pulumi.StringOutput),
	}, b.parent)
	if err != nil {
		return nil, fmt.Errorf("attaching the connector policy: %w", err)
	}
	return rolePolicy, nil
}

// createLogGroup declares the log group the workers' logs are delivered to.
func (b s3SinkBuild) createLogGroup() (*cloudwatch.LogGroup, error) {
	logs, err := cloudwatch.NewLogGroup(b.ctx, b.name+"-worker-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(VendedLogsPrefix + "mskconnect/" + b.a.ConnectorName),
		RetentionInDays: pulumi.Int(b.a.LogRetentionDays),
		Tags:            b.tag("worker-logs"),
	}, b.parent)
	if err != nil {
		return nil, fmt.Errorf("creating the worker log group: %w", err)
	}
	return logs, nil
}

// createSecurityGroup declares the workers' security group and its rules, and lets it reach
// the brokers. It returns the rules and the brokers' grant.
func (b s3SinkBuild) createSecurityGroup() (*ec2.SecurityGroup, []pulumi.Resource, error) {
	a := b.a
	sg, err := ec2.NewSecurityGroup(b.ctx, b.name+"-sg", &ec2.SecurityGroupArgs{
		VpcId:       a.VpcID,
		Description: pulumi.String("MSK Connect workers: out to the brokers and to S3 only"),
		Tags:        b.tag("connector"),
	}, b.parent, pulumi.Timeouts(&pulumi.CustomTimeouts{Delete: "45m"}))
	if err != nil {
		return nil, nil, fmt.Errorf("creating the worker security group: %w", err)
	}
	brokersOut, err := vpc.NewSecurityGroupEgressRule(b.ctx, b.name+"-brokers-out", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: sg.ID(), ReferencedSecurityGroupId: a.Cluster.SecurityGroupID, IpProtocol: pulumi.String("tcp"),
		FromPort: pulumi.Int(KafkaIAMPort), ToPort: pulumi.Int(KafkaIAMPort), Description: pulumi.String("SASL/IAM to the brokers"),
		Tags: b.tag("connector-brokers-out"),
	}, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("creating broker egress: %w", err)
	}
	httpsOut, err := vpc.NewSecurityGroupEgressRule(b.ctx, b.name+"-https-out", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: sg.ID(), CidrIpv4: pulumi.String("0.0.0.0/0"), IpProtocol: pulumi.String("tcp"),
		FromPort: pulumi.Int(443), ToPort: pulumi.Int(443), Description: pulumi.String("S3, through the gateway endpoint"),
		Tags: b.tag("connector-https-out"),
	}, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("creating HTTPS egress: %w", err)
	}
	grant, err := a.Cluster.AllowClients(b.ctx, "connector", sg.ID().ToStringOutput())
	if err != nil {
		return nil, nil, err
	}
	if grant == nil { // a cohort platform's brokers admit its whole network already
		return sg, []pulumi.Resource{brokersOut, httpsOut}, nil
	}
	return sg, []pulumi.Resource{grant, brokersOut, httpsOut}, nil
}

// s3SinkCapacity is fixed provisioned capacity, or autoscaling when MaxWorkerCount is set.
func s3SinkCapacity(a S3SinkConnectorArgs) *mskconnect.ConnectorCapacityArgs {
	capacity := &mskconnect.ConnectorCapacityArgs{
		ProvisionedCapacity: &mskconnect.ConnectorCapacityProvisionedCapacityArgs{
			McuCount: pulumi.Int(a.MCUCount), WorkerCount: pulumi.Int(a.WorkerCount),
		},
	}
	if a.MaxWorkerCount > 0 {
		capacity = &mskconnect.ConnectorCapacityArgs{Autoscaling: &mskconnect.ConnectorCapacityAutoscalingArgs{
			McuCount: pulumi.Int(a.MCUCount), MinWorkerCount: pulumi.Int(a.WorkerCount), MaxWorkerCount: pulumi.Int(a.MaxWorkerCount),
			ScaleInPolicy:  &mskconnect.ConnectorCapacityAutoscalingScaleInPolicyArgs{CpuUtilizationPercentage: pulumi.Int(20)},
			ScaleOutPolicy: &mskconnect.ConnectorCapacityAutoscalingScaleOutPolicyArgs{CpuUtilizationPercentage: pulumi.Int(80)},
		}}
	}
	return capacity
}

// createConnector declares the connector itself, after deps.
func (b s3SinkBuild) createConnector(plugin *mskconnect.CustomPlugin, worker *mskconnect.WorkerConfiguration, role *iam.Role,
	logs *cloudwatch.LogGroup, sg *ec2.SecurityGroup, deps []pulumi.Resource,
) (*mskconnect.Connector, error) {
	a := b.a
	config := pulumi.StringMap{}
	for k, v := range S3SinkConfiguration(a.Region, a.BucketName, a.TopicPrefix, a.FlushSize, a.TasksMax, a.LearnerTopics...) {
		config[k] = pulumi.String(v)
	}
	connector, err := mskconnect.NewConnector(b.ctx, b.name+"-connector", &mskconnect.ConnectorArgs{
		Name:                   pulumi.String(a.ConnectorName),
		Description:            pulumi.String("Copies " + strings.TrimSuffix(a.TopicPrefix, ".") + "'s topics to s3://" + a.BucketName + "/" + RawDataPrefix),
		KafkaconnectVersion:    pulumi.String(a.KafkaConnectVersion),
		Capacity:               s3SinkCapacity(a),
		ConnectorConfiguration: config,
		KafkaCluster: &mskconnect.ConnectorKafkaClusterArgs{ApacheKafkaCluster: &mskconnect.ConnectorKafkaClusterApacheKafkaClusterArgs{
			BootstrapServers: a.Cluster.BootstrapBrokersSaslIam,
			Vpc: &mskconnect.ConnectorKafkaClusterApacheKafkaClusterVpcArgs{
				SecurityGroups: pulumi.StringArray{sg.ID()}, Subnets: a.SubnetIDs,
			},
		}},
		KafkaClusterClientAuthentication: &mskconnect.ConnectorKafkaClusterClientAuthenticationArgs{AuthenticationType: pulumi.String("IAM")},
		KafkaClusterEncryptionInTransit:  &mskconnect.ConnectorKafkaClusterEncryptionInTransitArgs{EncryptionType: pulumi.String("TLS")},
		Plugins: mskconnect.ConnectorPluginArray{&mskconnect.ConnectorPluginArgs{
			CustomPlugin: &mskconnect.ConnectorPluginCustomPluginArgs{Arn: plugin.Arn, Revision: plugin.LatestRevision},
		}},
		ServiceExecutionRoleArn: role.Arn,
		WorkerConfiguration:     &mskconnect.ConnectorWorkerConfigurationArgs{Arn: worker.Arn, Revision: worker.LatestRevision},
		LogDelivery: &mskconnect.ConnectorLogDeliveryArgs{WorkerLogDelivery: &mskconnect.ConnectorLogDeliveryWorkerLogDeliveryArgs{
			CloudwatchLogs: &mskconnect.ConnectorLogDeliveryWorkerLogDeliveryCloudwatchLogsArgs{Enabled: pulumi.Bool(true), LogGroup: logs.Name},
		}},
		Tags: b.tag("connector"),
	}, b.parent, pulumi.DeleteBeforeReplace(true), pulumi.DependsOn(deps),
		// Connectors routinely take longer than the provider's 20-minute default to create or delete.
		pulumi.Timeouts(&pulumi.CustomTimeouts{Create: "40m", Update: "40m", Delete: "40m"}))
	if err != nil {
		return nil, fmt.Errorf("creating the connector: %w", err)
	}
	return connector, nil
}
