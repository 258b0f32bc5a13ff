package components

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/msk"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// KafkaIAMPort is the brokers' SASL/IAM listener, the only one the cluster opens.
const KafkaIAMPort = 9098

// KafkaClusterArgs configures KafkaCluster.
type KafkaClusterArgs struct {
	// ClusterName is the MSK cluster's name. Required.
	ClusterName string
	// KafkaVersion is the MSK version string, e.g. 3.8.x. Required; stacks checks it against the support table.
	KafkaVersion string
	// BrokerCount must be a multiple of SubnetCount. Default SubnetCount.
	BrokerCount int
	// InstanceType is the broker type. Default kafka.t3.small.
	InstanceType string
	// VolumeSizeGiB is each broker's EBS volume. Default 10.
	VolumeSizeGiB int
	// KMSKeyARN encrypts data at rest with a customer key; empty uses the AWS-managed key.
	KMSKeyARN string
	// LogRetentionDays keeps broker logs in the stack's own log group. Default 7.
	LogRetentionDays int
	// EnhancedMonitoring is DEFAULT, PER_BROKER, PER_TOPIC_PER_BROKER or PER_TOPIC_PER_PARTITION. Default DEFAULT.
	EnhancedMonitoring string
	// VpcID is the VPC of the brokers' security group. Required.
	VpcID pulumi.StringInput
	// SubnetIDs are the client subnets, one per zone. Required.
	SubnetIDs pulumi.StringArrayInput
	// SubnetCount is len(SubnetIDs), known before deployment so the broker count can be checked.
	SubnetCount int
	// NamePrefix starts the Name tags. Default the cluster name.
	NamePrefix string
	// Tags go on every taggable resource.
	Tags map[string]string
	// Paused declares everything but the cluster, the one part billed by the hour: the
	// configuration, the broker log group and the security group stay for the resume.
	Paused bool
	// ClientsCIDR admits a whole address range on the SASL/IAM port with one rule: a cohort
	// platform's VPC, whose learners' hosts and connectors would otherwise add two rules each and
	// exhaust the security group's 60 inbound rules ("Amazon Virtual Private Cloud endpoints and
	// quotas", Inbound or outbound rules per security group) before the cohort's 50th learner.
	// Reaching the port grants nothing by itself: every client still needs IAM permissions per
	// topic. Empty admits only the groups granted with AllowClients.
	ClientsCIDR pulumi.StringInput
}

// KafkaCluster is an MSK provisioned cluster that accepts only SASL/IAM clients over TLS, on
// port 9098, from the security groups granted with AllowClients.
type KafkaCluster struct {
	pulumi.ResourceState

	// ClusterArn is the cluster's ARN.
	ClusterArn pulumi.StringOutput `pulumi:"clusterArn"`
	// BootstrapBrokersSaslIam is the comma-separated host:9098 list clients connect to.
	BootstrapBrokersSaslIam pulumi.StringOutput `pulumi:"bootstrapBrokersSaslIam"`
	// SecurityGroupID is the brokers' security group.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// LogGroupName is the broker log group the stack owns.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`

	// ClusterName is the cluster's name, known before deployment.
	ClusterName string
	// BrokerCount is the number of brokers.
	BrokerCount int
	// Cluster is the MSK cluster resource.
	Cluster *msk.Cluster

	name            string
	namePrefix      string
	tags            map[string]string
	securityGroupID pulumi.IDOutput
	// admitsByCIDR says the brokers admit the clients' whole network (a cohort platform's), so
	// AllowClients adds no rule.
	admitsByCIDR bool
}

func (a *KafkaClusterArgs) withDefaults() KafkaClusterArgs {
	out := KafkaClusterArgs{}
	if a != nil {
		out = *a
	}
	if out.BrokerCount == 0 {
		out.BrokerCount = out.SubnetCount
	}
	if out.InstanceType == "" {
		out.InstanceType = spec.DefaultBrokerInstanceType
	}
	if out.VolumeSizeGiB == 0 {
		out.VolumeSizeGiB = spec.DefaultBrokerVolumeGiB
	}
	if out.LogRetentionDays == 0 {
		out.LogRetentionDays = spec.DefaultLogRetentionDays
	}
	if out.EnhancedMonitoring == "" {
		out.EnhancedMonitoring = "DEFAULT"
	}
	if out.NamePrefix == "" {
		out.NamePrefix = out.ClusterName
	}
	return out
}

func (a KafkaClusterArgs) validate() error {
	var errs []error
	if a.ClusterName == "" {
		errs = append(errs, errors.New("ClusterName is empty"))
	}
	if a.KafkaVersion == "" {
		errs = append(errs, errors.New("KafkaVersion is empty"))
	}
	if a.VpcID == nil || a.SubnetIDs == nil {
		errs = append(errs, errors.New("VpcID and SubnetIDs are required"))
	}
	if a.SubnetCount < 2 || a.SubnetCount > 3 {
		errs = append(errs, fmt.Errorf("SubnetCount is %d: MSK places brokers in 2 or 3 zones", a.SubnetCount))
	} else if a.BrokerCount%a.SubnetCount != 0 || a.BrokerCount < a.SubnetCount {
		errs = append(errs, fmt.Errorf("BrokerCount %d is not a multiple of the %d client subnets", a.BrokerCount, a.SubnetCount))
	}
	return errors.Join(errs...)
}

// ServerProperties is the cluster configuration for a number of brokers: topics only exist
// when declared, and every write survives one broker's loss wherever there are brokers to spare.
func ServerProperties(brokers int) string {
	replication := min(3, brokers)
	minISR := max(1, replication-1)
	return strings.Join([]string{
		"auto.create.topics.enable=false",
		fmt.Sprintf("default.replication.factor=%d", replication),
		fmt.Sprintf("min.insync.replicas=%d", minISR),
		"num.partitions=1",
		"unclean.leader.election.enable=false",
		"delete.topic.enable=true",
	}, "\n") + "\n"
}

// VendedLogsPrefix starts the log groups AWS services deliver logs to. MSK broker logs and MSK
// Connect worker logs reach CloudWatch Logs through log delivery ("Enable logging from AWS
// services", CloudWatch Logs user guide, which both services' logging pages point to): it adds
// each target group to the account's CloudWatch Logs resource policy, at most 5,120 characters,
// unless the group's name starts with /aws/vendedlogs/, which one wildcard statement covers
// (also "Avoiding Amazon CloudWatch Logs resource policy size restrictions", Step Functions
// guide). API Gateway's REST access logs and MWAA's logs are written with IAM roles instead, and
// MWAA fixes its group names, so they stay where they are.
const VendedLogsPrefix = "/aws/vendedlogs/"

// BrokerLogGroupName is where the cluster's brokers log.
func BrokerLogGroupName(clusterName string) string { return VendedLogsPrefix + "msk/" + clusterName }

var configurationNameUnsafe = regexp.MustCompile(`[^0-9A-Za-z-]+`)

// ConfigurationName is the MSK configuration's name. A configuration is tied to its Kafka
// versions, so the name carries the version: a version change creates a new configuration
// beside the old one instead of colliding with it.
func ConfigurationName(clusterName, kafkaVersion string) string {
	return clusterName + "-" + strings.Trim(configurationNameUnsafe.ReplaceAllString(kafkaVersion, "-"), "-")
}

// NewKafkaCluster creates the MSK cluster, its configuration, its broker log group and its
// security group (which admits nobody until AllowClients is called).
func NewKafkaCluster(ctx *pulumi.Context, name string, args *KafkaClusterArgs, opts ...pulumi.ResourceOption) (*KafkaCluster, error) {
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("kafka cluster %q: %w", name, err)
	}
	k := &KafkaCluster{ClusterName: a.ClusterName, BrokerCount: a.BrokerCount, name: name, namePrefix: a.NamePrefix, tags: a.Tags}
	if err := ctx.RegisterComponentResource(TypeKafkaCluster, name, k, opts...); err != nil {
		return nil, fmt.Errorf("registering kafka cluster %q: %w", name, err)
	}
	parent := pulumi.Parent(k)

	sg, err := ec2.NewSecurityGroup(ctx, name+"-brokers-sg", &ec2.SecurityGroupArgs{
		VpcId:       a.VpcID,
		Description: pulumi.String("MSK brokers: SASL/IAM on 9098 from granted security groups only"),
		Tags:        withName(a.Tags, a.NamePrefix+"-brokers"),
	}, parent, pulumi.Timeouts(&pulumi.CustomTimeouts{Delete: "45m"}))
	if err != nil {
		return nil, fmt.Errorf("creating broker security group: %w", err)
	}
	logs, err := cloudwatch.NewLogGroup(ctx, name+"-broker-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(BrokerLogGroupName(a.ClusterName)),
		RetentionInDays: pulumi.Int(a.LogRetentionDays),
		Tags:            withName(a.Tags, a.NamePrefix+"-broker-logs"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating broker log group: %w", err)
	}
	if a.ClientsCIDR != nil {
		// Kept while paused too: a rule is free, and the learners' stacks count on it.
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, name+"-from-clients-network", &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: sg.ID(), CidrIpv4: a.ClientsCIDR, IpProtocol: pulumi.String("tcp"),
			FromPort: pulumi.Int(KafkaIAMPort), ToPort: pulumi.Int(KafkaIAMPort),
			Description: pulumi.String("SASL/IAM from the cohort network, IAM decides per topic"),
			Tags:        withName(a.Tags, a.NamePrefix+"-brokers-from-network"),
		}, parent); err != nil {
			return nil, fmt.Errorf("admitting the clients' network: %w", err)
		}
		k.admitsByCIDR = true
	}
	configuration, err := msk.NewConfiguration(ctx, name+"-configuration", &msk.ConfigurationArgs{
		Name:             pulumi.String(ConfigurationName(a.ClusterName, a.KafkaVersion)),
		Description:      pulumi.String("Topics are declared, never auto-created; replication and min ISR sized for the brokers."),
		KafkaVersions:    pulumi.StringArray{pulumi.String(a.KafkaVersion)},
		ServerProperties: pulumi.String(ServerProperties(a.BrokerCount)),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating cluster configuration: %w", err)
	}
	if a.Paused {
		k.securityGroupID, k.SecurityGroupID, k.LogGroupName = sg.ID(), sg.ID().ToStringOutput(), logs.Name
		k.ClusterArn, k.BootstrapBrokersSaslIam = pausedOutput(), pausedOutput()
		return k, registerPausedOutputs(ctx, k, name, pulumi.Map{"securityGroupId": k.SecurityGroupID, "logGroupName": k.LogGroupName})
	}
	encryption := &msk.ClusterEncryptionInfoArgs{
		EncryptionInTransit: &msk.ClusterEncryptionInfoEncryptionInTransitArgs{
			ClientBroker: pulumi.String("TLS"),
			InCluster:    pulumi.Bool(true),
		},
	}
	if a.KMSKeyARN != "" {
		encryption.EncryptionAtRestKmsKeyArn = pulumi.String(a.KMSKeyARN)
	}
	cluster, err := msk.NewCluster(ctx, name+"-cluster", &msk.ClusterArgs{
		ClusterName:         pulumi.String(a.ClusterName),
		KafkaVersion:        pulumi.String(a.KafkaVersion),
		NumberOfBrokerNodes: pulumi.Int(a.BrokerCount),
		BrokerNodeGroupInfo: &msk.ClusterBrokerNodeGroupInfoArgs{
			InstanceType:   pulumi.String(a.InstanceType),
			ClientSubnets:  a.SubnetIDs,
			SecurityGroups: pulumi.StringArray{sg.ID()},
			StorageInfo: &msk.ClusterBrokerNodeGroupInfoStorageInfoArgs{
				EbsStorageInfo: &msk.ClusterBrokerNodeGroupInfoStorageInfoEbsStorageInfoArgs{VolumeSize: pulumi.Int(a.VolumeSizeGiB)},
			},
		},
		ClientAuthentication: &msk.ClusterClientAuthenticationArgs{
			Sasl:            &msk.ClusterClientAuthenticationSaslArgs{Iam: pulumi.Bool(true)},
			Unauthenticated: pulumi.Bool(false),
		},
		EncryptionInfo:    encryption,
		ConfigurationInfo: &msk.ClusterConfigurationInfoArgs{Arn: configuration.Arn, Revision: configuration.LatestRevision},
		LoggingInfo: &msk.ClusterLoggingInfoArgs{BrokerLogs: &msk.ClusterLoggingInfoBrokerLogsArgs{
			CloudwatchLogs: &msk.ClusterLoggingInfoBrokerLogsCloudwatchLogsArgs{Enabled: pulumi.Bool(true), LogGroup: logs.Name},
		}},
		EnhancedMonitoring: pulumi.String(a.EnhancedMonitoring),
		Tags:               withName(a.Tags, a.ClusterName),
		// The cluster keeps its fixed name, so a replacement (new key, subnets or security
		// group) must delete the old cluster first; such changes lose the topics' data.
	}, parent, pulumi.DeleteBeforeReplace(true))
	if err != nil {
		return nil, fmt.Errorf("creating MSK cluster: %w", err)
	}

	k.Cluster = cluster
	k.securityGroupID = sg.ID()
	k.ClusterArn = cluster.Arn
	k.BootstrapBrokersSaslIam = cluster.BootstrapBrokersSaslIam
	k.SecurityGroupID = sg.ID().ToStringOutput()
	k.LogGroupName = logs.Name
	if err := ctx.RegisterResourceOutputs(k, pulumi.Map{
		"clusterArn": k.ClusterArn, "bootstrapBrokersSaslIam": k.BootstrapBrokersSaslIam,
		"securityGroupId": k.SecurityGroupID, "logGroupName": k.LogGroupName,
	}); err != nil {
		return nil, fmt.Errorf("kafka cluster %q outputs: %w", name, err)
	}
	return k, nil
}

// AllowClients admits one client security group to the brokers' SASL/IAM port. The rule is a
// child of the cluster; callers that must not start before it (the connector) depend on it. On
// a cluster that admits its clients' network (ClientsCIDR, a cohort platform's) it adds nothing
// and returns nil.
func (k *KafkaCluster) AllowClients(ctx *pulumi.Context, client string, securityGroupID pulumi.StringInput) (*vpc.SecurityGroupIngressRule, error) {
	if k.admitsByCIDR {
		return nil, nil
	}
	rule, err := vpc.NewSecurityGroupIngressRule(ctx, fmt.Sprintf("%s-from-%s", k.name, client), &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId:           k.securityGroupID,
		ReferencedSecurityGroupId: securityGroupID,
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(KafkaIAMPort),
		ToPort:                    pulumi.Int(KafkaIAMPort),
		Description:               pulumi.String("SASL/IAM from the " + client),
		Tags:                      withName(k.tags, k.namePrefix+"-brokers-from-"+client),
	}, pulumi.Parent(k))
	if err != nil {
		return nil, fmt.Errorf("granting the %s access to the brokers: %w", client, err)
	}
	return rule, nil
}
