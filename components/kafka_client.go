package components

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// KafkaClientArgs configures KafkaClient.
type KafkaClientArgs struct {
	// RoleName is the instance role, <userId>-ec2-access-role in the course. Required.
	RoleName string
	// RestProxyRoleName is the produce-only role the REST proxy assumes, <userId>-rest-proxy-role. Required.
	RestProxyRoleName string
	// Region names the host in the `aws ssm start-session` command. Required.
	Region string
	// Software is what the host installs; its Kafka version must match the cluster's. Required.
	Software ClientSoftware
	// Cluster is the cluster the host connects to and is granted access to. Required.
	Cluster *KafkaCluster
	// TopicPrefix is the user's topic namespace, "<userId>.": the role may use only these topics. Required.
	TopicPrefix string
	// Topics are created by the host, idempotently, whenever the list changes.
	Topics []TopicSpec
	// LearnerTopics are topic name patterns, such as "*.pin", of the cohort's learners' topics
	// on a platform's shared host (cohort.sharedClient): the host's role may administer them,
	// since each learner's SharedClientTopics runs the configure document here, and its REST
	// proxy may produce to them. Empty on any other host.
	LearnerTopics []string
	// InstanceType defaults to t3.small.
	InstanceType string
	// RootVolumeGiB defaults to 20.
	RootVolumeGiB int
	// RestProxyPort defaults to 8082.
	RestProxyPort int
	// KeyName attaches an EC2 key pair; empty (the default) means no SSH, only SSM Session Manager.
	KeyName string
	// VpcID and SubnetID place the host; it gets no public address. Required.
	VpcID    pulumi.StringInput
	SubnetID pulumi.StringInput
	// RestProxyClientsCIDR may reach the REST proxy, normally the VPC's block. Required unless
	// RestProxyClientsSecurityGroupID is set.
	RestProxyClientsCIDR pulumi.StringInput
	// RestProxyClientsSecurityGroupID, when set, is the only group that may reach the REST proxy
	// instead of RestProxyClientsCIDR: a cohort platform's shared load balancer, in a VPC that
	// other learners' hosts share.
	RestProxyClientsSecurityGroupID pulumi.StringInput
	// NetworkReady are resources the host's first boot needs in place, such as the Network's
	// EgressReady routes: the bootstrap downloads software through them. (Depending on the
	// component itself would capture only the children registered so far.)
	NetworkReady []pulumi.Resource
	// NamePrefix starts every Name tag and the SSM document's name. Required.
	NamePrefix string
	// Tags go on every taggable resource.
	Tags map[string]string
	// Paused declares no host: see NewKafkaClient for what stays.
	Paused bool
}

// KafkaClient is the EC2 host that runs the Kafka CLI and the Confluent REST proxy, reachable
// only through SSM Session Manager and, on the proxy port, from inside the VPC.
type KafkaClient struct {
	pulumi.ResourceState

	// InstanceID is the host's instance id.
	InstanceID pulumi.StringOutput `pulumi:"instanceId"`
	// PrivateIP is the host's private address.
	PrivateIP pulumi.StringOutput `pulumi:"privateIp"`
	// RestProxyEndpoint is the REST proxy's URL inside the VPC.
	RestProxyEndpoint pulumi.StringOutput `pulumi:"restProxyEndpoint"`
	// SessionCommand opens a shell on the host.
	SessionCommand pulumi.StringOutput `pulumi:"sessionCommand"`
	// SecurityGroupID is the host's security group.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// RoleArn is the instance role's ARN.
	RoleArn pulumi.StringOutput `pulumi:"roleArn"`
	// RestProxyRoleArn is the role the REST proxy produces as, which a learner's
	// SharedClientTopics passes to the configure document unchanged.
	RestProxyRoleArn pulumi.StringOutput
	// Instance is the EC2 instance.
	Instance *ec2.Instance
}

func (a *KafkaClientArgs) withDefaults() KafkaClientArgs {
	out := KafkaClientArgs{}
	if a != nil {
		out = *a
	}
	if out.InstanceType == "" {
		out.InstanceType = spec.DefaultClientInstanceType
	}
	if out.RootVolumeGiB == 0 {
		out.RootVolumeGiB = spec.DefaultClientRootVolumeGiB
	}
	if out.RestProxyPort == 0 {
		out.RestProxyPort = spec.DefaultRestProxyPort
	}
	return out
}

func (a KafkaClientArgs) validate() error {
	var errs []error
	errs = append(errs, emptyFields("RoleName", a.RoleName, "RestProxyRoleName", a.RestProxyRoleName, "Region", a.Region,
		"TopicPrefix", a.TopicPrefix, "NamePrefix", a.NamePrefix)...)
	if a.Cluster == nil {
		errs = append(errs, errors.New("Cluster is nil"))
	}
	if a.VpcID == nil || a.SubnetID == nil || (a.RestProxyClientsCIDR == nil && a.RestProxyClientsSecurityGroupID == nil) {
		errs = append(errs, errors.New("VpcID, SubnetID and RestProxyClientsCIDR (or RestProxyClientsSecurityGroupID) are required"))
	}
	if err := validateSoftware(a.Software); err != nil {
		errs = append(errs, err)
	}
	if err := checkTopicsParameter(a.Topics); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// checkTopicsParameter refuses topics the configure document's Topics parameter cannot carry.
func checkTopicsParameter(topics []TopicSpec) error {
	param := TopicsParameter(topics)
	if len(topics) == 0 || !regexp.MustCompile(configureParameter("Topics").Pattern).MatchString(param) {
		return fmt.Errorf("Topics %q cannot be passed to the configure document", param)
	}
	return nil
}

// AMIParameter is the public SSM parameter of the latest Amazon Linux 2023 image for an
// instance type's architecture (Graviton types end their family in "g": t4g, m7g, c7gn).
func AMIParameter(instanceType string) string {
	arch := "x86_64"
	if regexp.MustCompile(`^[a-z]+\d+g[a-z]*\.`).MatchString(instanceType) {
		arch = "arm64"
	}
	return "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-" + arch
}

// ClientPolicy is the host role's Kafka policy: the cluster, the user's topics and groups, and
// the REST proxy's produce-only role, nothing else. Topic administration stays here, with the
// configure step and learners' shells on the host; the proxy signs as restProxyRoleArn. A
// cohort's shared host also administers the learners' topics, named by learnerTopics patterns.
func ClientPolicy(clusterArn, topicPrefix, restProxyRoleArn string, learnerTopics ...string) (PolicyDocument, error) {
	var topics []string
	for _, pattern := range append([]string{topicPrefix + "*"}, learnerTopics...) {
		arn, err := KafkaResourceARN(clusterArn, "topic", pattern)
		if err != nil {
			return PolicyDocument{}, err
		}
		topics = append(topics, arn)
	}
	groups, err := KafkaResourceARN(clusterArn, "group", topicPrefix+"*")
	if err != nil {
		return PolicyDocument{}, err
	}
	return policy(
		allow("ConnectToTheCluster", []string{
			"kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently",
		}, clusterArn),
		allow("UseTheUsersTopics", []string{
			"kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic", "kafka-cluster:AlterTopic", "kafka-cluster:DeleteTopic",
			"kafka-cluster:DescribeTopicDynamicConfiguration", "kafka-cluster:AlterTopicDynamicConfiguration",
			"kafka-cluster:WriteData", "kafka-cluster:ReadData",
		}, topics...),
		allow("UseTheUsersConsumerGroups", []string{"kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"}, groups),
		allow("ActAsTheRestProxy", []string{"sts:AssumeRole"}, restProxyRoleArn),
	), nil
}

// RestProxyPolicy is what the REST proxy may do: produce to the given topics, and nothing
// else. No CreateTopic, DeleteTopic or Alter*: a request reaching the proxy cannot administer
// topics; no ReadData or group rights: its consumer API can read nothing. DescribeTopic lets the
// producer fetch the topics' metadata (and GET /topics, the load balancer's health check, list
// them); WriteDataIdempotently is needed because Kafka 3+ producers are idempotent by default
// (MSK developer guide, "IAM access control": semantics of actions and resources).
func RestProxyPolicy(clusterArn string, topics []string) (PolicyDocument, error) {
	if len(topics) == 0 {
		return PolicyDocument{}, errors.New("the REST proxy needs at least one topic to produce to")
	}
	arns := make([]string, len(topics))
	for i, t := range topics {
		arn, err := KafkaResourceARN(clusterArn, "topic", t)
		if err != nil {
			return PolicyDocument{}, err
		}
		arns[i] = arn
	}
	return policy(
		allow("ConnectToTheCluster", []string{"kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"}, clusterArn),
		allow("ProduceToTheStacksTopics", []string{"kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"}, arns...),
	), nil
}

// roleTrust is a trust policy for one IAM role in the same account.
func roleTrust(roleArn string) PolicyDocument {
	return policy(Statement{
		Sid: "TrustTheClientHost", Effect: "Allow", Principal: map[string]any{"AWS": roleArn}, Action: []string{"sts:AssumeRole"},
	})
}

// NewKafkaClient creates the host, its role, its security group and the SSM document and
// association that configure it for the cluster and create the topics.
func NewKafkaClient(ctx *pulumi.Context, name string, args *KafkaClientArgs, opts ...pulumi.ResourceOption) (*KafkaClient, error) {
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("kafka client %q: %w", name, err)
	}
	userData, err := RenderClientUserData(a.Software)
	if err != nil {
		return nil, fmt.Errorf("kafka client %q: %w", name, err)
	}
	document, err := ConfigureDocument()
	if err != nil {
		return nil, fmt.Errorf("kafka client %q: %w", name, err)
	}
	c := &KafkaClient{}
	if err := ctx.RegisterComponentResource(TypeKafkaClient, name, c, opts...); err != nil {
		return nil, fmt.Errorf("registering kafka client %q: %w", name, err)
	}
	b := kafkaClientBuild{children: newChildren(ctx, name, c, a.Tags, a.NamePrefix), a: a}

	roles, err := b.createRoles()
	if err != nil {
		return nil, err
	}
	sg, rules, err := b.createSecurityGroup()
	if err != nil {
		return nil, err
	}
	doc, err := b.createConfigureDocument(document)
	if err != nil {
		return nil, err
	}
	if a.Paused {
		// The host and its configure association go; its roles, instance profile, security group
		// and configure document stay, and the association re-creates the topics on resume.
		c.InstanceID, c.PrivateIP, c.RestProxyEndpoint, c.SessionCommand = pausedOutput(), pausedOutput(), pausedOutput(), pausedOutput()
		c.SecurityGroupID, c.RoleArn, c.RestProxyRoleArn = sg.ID().ToStringOutput(), roles.instance.Arn, roles.proxy.Arn
		return c, registerPausedOutputs(ctx, c, name, pulumi.Map{"securityGroupId": c.SecurityGroupID, "roleArn": c.RoleArn})
	}
	instance, err := b.createInstance(userData, sg, roles.profile, rules)
	if err != nil {
		return nil, err
	}
	if err := b.createConfigureAssociation(doc, instance, roles.proxy); err != nil {
		return nil, err
	}

	c.Instance = instance
	c.InstanceID = instance.ID().ToStringOutput()
	c.PrivateIP = instance.PrivateIp
	c.RestProxyEndpoint = pulumi.Sprintf("http://%s:%d", instance.PrivateIp, a.RestProxyPort)
	c.SessionCommand = pulumi.Sprintf("aws ssm start-session --region %s --target %s", a.Region, instance.ID())
	c.SecurityGroupID = sg.ID().ToStringOutput()
	c.RoleArn = roles.instance.Arn
	c.RestProxyRoleArn = roles.proxy.Arn
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"instanceId": c.InstanceID, "privateIp": c.PrivateIP, "restProxyEndpoint": c.RestProxyEndpoint,
		"sessionCommand": c.SessionCommand, "securityGroupId": c.SecurityGroupID, "roleArn": c.RoleArn,
	}); err != nil {
		return nil, fmt.Errorf("kafka client %q outputs: %w", name, err)
	}
	return c, nil
}

// kafkaClientBuild declares a KafkaClient's resources, one group per step.
type kafkaClientBuild struct {
	children
	a KafkaClientArgs
}

// kafkaClientRoles are the host's role with its instance profile, and the role the REST
// proxy produces as.
type kafkaClientRoles struct {
	instance, proxy *iam.Role
	profile         *iam.InstanceProfile
}

// createRoles declares the host's role and instance profile, the REST proxy's role, and
// their policies.
func (b kafkaClientBuild) createRoles() (kafkaClientRoles, error) {
	a := b.a
	// The course made this role trust itself because learners' client.properties assumed it by
	// ARN (awsRoleArn) in a shared account. The host here signs with its instance-profile
	// credentials directly, so EC2 is the only principal that needs to assume the role.
	trust, err := serviceTrust("ec2.amazonaws.com", "").JSON()
	if err != nil {
		return kafkaClientRoles{}, err
	}
	role, err := iam.NewRole(b.ctx, b.name+"-role", &iam.RoleArgs{
		Name:             pulumi.String(a.RoleName),
		Description:      pulumi.String("Kafka client host: MSK IAM access to this user's topics, and SSM"),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             b.tag("role"),
	}, b.parent)
	if err != nil {
		return kafkaClientRoles{}, fmt.Errorf("creating instance role: %w", err)
	}
	// aws-msk-iam-auth assumes this role itself (awsRoleArn in the REST proxy's JAAS config),
	// with the host's instance-profile credentials (aws/aws-msk-iam-auth README, "Specifying an
	// AWS IAM Role for a client").
	proxyRole, err := iam.NewRole(b.ctx, b.name+"-rest-proxy-role", &iam.RoleArgs{
		Name:             pulumi.String(a.RestProxyRoleName),
		Description:      pulumi.String("Kafka REST proxy: produce to this stack's topics, nothing else"),
		AssumeRolePolicy: policyOutput(func(v []any) PolicyDocument { return roleTrust(v[0].(string)) }, role.Arn),
		Tags:             b.tag("rest-proxy-role"),
	}, b.parent)
	if err != nil {
		return kafkaClientRoles{}, fmt.Errorf("creating the REST proxy role: %w", err)
	}
	topicNames := make([]string, len(a.Topics), len(a.Topics)+len(a.LearnerTopics))
	for i, t := range a.Topics {
		topicNames[i] = t.Name
	}
	topicNames = append(topicNames, a.LearnerTopics...)
	// The policies name the cluster, which a paused stack does not have; the roles stay.
	if !a.Paused {
		if _, err := iam.NewRolePolicy(b.ctx, b.name+"-rest-proxy-produce", &iam.RolePolicyArgs{
			Role: proxyRole.Name,
			Policy: checkedPolicyOutput(func(v []any) (PolicyDocument, error) {
				return RestProxyPolicy(v[0].(string), topicNames)
			}, a.Cluster.ClusterArn),
		}, b.parent); err != nil {
			return kafkaClientRoles{}, fmt.Errorf("attaching the REST proxy policy: %w", err)
		}
		if _, err := iam.NewRolePolicy(b.ctx, b.name+"-kafka-access", &iam.RolePolicyArgs{
			Role: role.Name,
			Policy: checkedPolicyOutput(func(v []any) (PolicyDocument, error) {
				return ClientPolicy(v[0].(string), a.TopicPrefix, v[1].(string), a.LearnerTopics...)
			}, a.Cluster.ClusterArn, proxyRole.Arn),
		}, b.parent); err != nil {
			return kafkaClientRoles{}, fmt.Errorf("attaching the Kafka policy: %w", err)
		}
	}
	if _, err := iam.NewRolePolicyAttachment(b.ctx, b.name+"-ssm-core", &iam.RolePolicyAttachmentArgs{
		Role: role.Name, PolicyArn: pulumi.String("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"),
	}, b.parent); err != nil {
		return kafkaClientRoles{}, fmt.Errorf("attaching SSM core: %w", err)
	}
	profile, err := iam.NewInstanceProfile(b.ctx, b.name+"-profile", &iam.InstanceProfileArgs{
		Name: pulumi.String(a.RoleName), Role: role.Name, Tags: b.tag("profile"),
	}, b.parent)
	if err != nil {
		return kafkaClientRoles{}, fmt.Errorf("creating instance profile: %w", err)
	}
	return kafkaClientRoles{instance: role, proxy: proxyRole, profile: profile}, nil
}

// createSecurityGroup declares the host's security group and its rules, and lets it reach
// the brokers. It returns the rules the host's first boot needs.
func (b kafkaClientBuild) createSecurityGroup() (*ec2.SecurityGroup, []pulumi.Resource, error) {
	a := b.a
	sg, err := ec2.NewSecurityGroup(b.ctx, b.name+"-sg", &ec2.SecurityGroupArgs{
		VpcId:       a.VpcID,
		Description: pulumi.String("Kafka client host: REST proxy from inside the VPC; out to HTTPS and the brokers"),
		Tags:        b.tag("client"),
	}, b.parent, pulumi.Timeouts(&pulumi.CustomTimeouts{Delete: "45m"}))
	if err != nil {
		return nil, nil, fmt.Errorf("creating security group: %w", err)
	}
	restInArgs := &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: sg.ID(), CidrIpv4: a.RestProxyClientsCIDR, IpProtocol: pulumi.String("tcp"),
		FromPort: pulumi.Int(a.RestProxyPort), ToPort: pulumi.Int(a.RestProxyPort),
		Description: pulumi.String("REST proxy, from inside the VPC only"), Tags: b.tag("rest-proxy-in"),
	}
	if a.RestProxyClientsSecurityGroupID != nil {
		restInArgs.CidrIpv4, restInArgs.ReferencedSecurityGroupId = nil, a.RestProxyClientsSecurityGroupID
		restInArgs.Description = pulumi.String("REST proxy, from the cohort load balancer only")
	}
	restIn, err := vpc.NewSecurityGroupIngressRule(b.ctx, b.name+"-rest-proxy-in", restInArgs, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("creating the REST proxy ingress rule: %w", err)
	}
	httpsOut, err := vpc.NewSecurityGroupEgressRule(b.ctx, b.name+"-https-out", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: sg.ID(), CidrIpv4: pulumi.String("0.0.0.0/0"), IpProtocol: pulumi.String("tcp"),
		FromPort: pulumi.Int(443), ToPort: pulumi.Int(443),
		Description: pulumi.String("packages, software downloads and the SSM endpoints"), Tags: b.tag("https-out"),
	}, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("creating the HTTPS egress rule: %w", err)
	}
	brokersOut, err := vpc.NewSecurityGroupEgressRule(b.ctx, b.name+"-brokers-out", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: sg.ID(), ReferencedSecurityGroupId: a.Cluster.SecurityGroupID, IpProtocol: pulumi.String("tcp"),
		FromPort: pulumi.Int(KafkaIAMPort), ToPort: pulumi.Int(KafkaIAMPort),
		Description: pulumi.String("SASL/IAM to the brokers"), Tags: b.tag("brokers-out"),
	}, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("creating the broker egress rule: %w", err)
	}
	if _, err := a.Cluster.AllowClients(b.ctx, "client", sg.ID().ToStringOutput()); err != nil {
		return nil, nil, err
	}
	return sg, []pulumi.Resource{restIn, httpsOut, brokersOut}, nil
}

// createInstance declares the host on the current Amazon Linux 2023 image, after its
// security group's rules and the network.
func (b kafkaClientBuild) createInstance(userData string, sg *ec2.SecurityGroup, profile *iam.InstanceProfile,
	rules []pulumi.Resource,
) (*ec2.Instance, error) {
	a := b.a
	ami, err := ssm.LookupParameter(b.ctx, &ssm.LookupParameterArgs{Name: AMIParameter(a.InstanceType)}, b.parent)
	if err != nil {
		return nil, fmt.Errorf("looking up the Amazon Linux 2023 image: %w", err)
	}
	instanceArgs := &ec2.InstanceArgs{
		Ami:                 pulumi.String(ami.Value),
		InstanceType:        pulumi.String(a.InstanceType),
		SubnetId:            a.SubnetID,
		VpcSecurityGroupIds: pulumi.StringArray{sg.ID()},
		IamInstanceProfile:  profile.Name,
		MetadataOptions: &ec2.InstanceMetadataOptionsArgs{
			HttpEndpoint: pulumi.String("enabled"), HttpTokens: pulumi.String("required"), HttpPutResponseHopLimit: pulumi.Int(1),
		},
		RootBlockDevice: &ec2.InstanceRootBlockDeviceArgs{
			VolumeSize: pulumi.Int(a.RootVolumeGiB), VolumeType: pulumi.String("gp3"),
			Encrypted: pulumi.Bool(true), DeleteOnTermination: pulumi.Bool(true),
		},
		AssociatePublicIpAddress: pulumi.Bool(false),
		UserData:                 pulumi.String(userData),
		// The bootstrap only runs at first boot, so new software versions need a new host.
		UserDataReplaceOnChange: pulumi.Bool(true),
		Tags:                    b.tag("kafka-client"),
		VolumeTags:              b.tag("kafka-client"),
	}
	if a.KeyName != "" {
		instanceArgs.KeyName = pulumi.String(a.KeyName)
	}
	// cloud-init runs the bootstrap once, at first boot: the way out (NAT routes, egress rules)
	// must exist by then. A newer Amazon Linux image must not replace a working host on the
	// next `pulumi up`.
	instance, err := ec2.NewInstance(b.ctx, b.name+"-instance", instanceArgs, b.parent,
		pulumi.IgnoreChanges([]string{"ami"}), pulumi.DependsOn(append(rules, a.NetworkReady...)))
	if err != nil {
		return nil, fmt.Errorf("creating instance: %w", err)
	}
	return instance, nil
}

// createConfigureDocument declares the SSM document that configures the client and the REST
// proxy on the host. It stays while the stack is paused.
func (b kafkaClientBuild) createConfigureDocument(document string) (*ssm.Document, error) {
	return newConfigureDocument(b.children, document)
}

// newConfigureDocument declares a configure document named after the children's prefix.
func newConfigureDocument(c children, document string) (*ssm.Document, error) {
	doc, err := ssm.NewDocument(c.ctx, c.name+"-configure", &ssm.DocumentArgs{
		Name:           pulumi.String(c.prefix + "-configure-kafka-client"),
		DocumentType:   pulumi.String("Command"),
		DocumentFormat: pulumi.String("JSON"),
		Content:        pulumi.String(document),
		Tags:           c.tag("configure-kafka-client"),
	}, c.parent)
	if err != nil {
		return nil, fmt.Errorf("creating configure document: %w", err)
	}
	return doc, nil
}

// createConfigureAssociation declares the association that runs the configure document on the host.
func (b kafkaClientBuild) createConfigureAssociation(doc *ssm.Document, instance *ec2.Instance, proxyRole *iam.Role) error {
	a := b.a
	return newConfigureAssociation(b.children, doc, configureRun{
		InstanceID: instance.ID(), BootstrapServers: a.Cluster.BootstrapBrokersSaslIam, Topics: a.Topics,
		RestProxyPort: a.RestProxyPort, RestProxyRoleArn: proxyRole.Arn, Region: a.Region,
	})
}

// configureRun is what one association passes to the configure document.
type configureRun struct {
	InstanceID, BootstrapServers, RestProxyRoleArn pulumi.StringInput
	Topics                                         []TopicSpec
	RestProxyPort                                  int
	Region                                         string
}

// newConfigureAssociation declares an association that runs doc on one host.
func newConfigureAssociation(c children, doc *ssm.Document, r configureRun) error {
	// Changing the brokers or the topics changes the parameters, and SSM re-runs an association
	// as soon as it is updated: new topics appear without touching the instance.
	if _, err := ssm.NewAssociation(c.ctx, c.name+"-configure", &ssm.AssociationArgs{
		Name:            doc.Name,
		AssociationName: pulumi.String(c.prefix + "-configure-kafka-client"),
		Targets:         ssm.AssociationTargetArray{&ssm.AssociationTargetArgs{Key: pulumi.String("InstanceIds"), Values: pulumi.StringArray{r.InstanceID}}},
		Parameters: pulumi.StringMap{
			"BootstrapServers": r.BootstrapServers,
			"Topics":           pulumi.String(TopicsParameter(r.Topics)),
			"RestProxyPort":    pulumi.String(strconv.Itoa(r.RestProxyPort)),
			"RestProxyRoleArn": r.RestProxyRoleArn,
			"Region":           pulumi.String(r.Region),
		},
		ScheduleExpression: pulumi.String("rate(30 minutes)"),
		MaxErrors:          pulumi.String("0"),
		Tags:               c.tag("configure-kafka-client"),
	}, c.parent); err != nil {
		return fmt.Errorf("creating configure association: %w", err)
	}
	return nil
}
