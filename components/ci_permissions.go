package components

import (
	"fmt"
	"sort"
	"strings"
)

// InvokeReadActions are the IAM actions behind each data source the pipeline program calls:
// a `pulumi preview` without refresh calls these and nothing else of AWS (resources are
// diffed against the state, not read). getCallerIdentity needs no permission ("sts
// GetCallerIdentity": "No permissions are required to perform this operation").
var InvokeReadActions = map[string][]string{
	"aws:index/getAvailabilityZones:getAvailabilityZones": {"ec2:DescribeAvailabilityZones"},
	"aws:index/getCallerIdentity:getCallerIdentity":       {},
	"aws:index/getRegion:getRegion":                       {"ec2:DescribeRegions"},
	"aws:index/getPartition:getPartition":                 {},
	"aws:ec2/getVpc:getVpc":                               {"ec2:DescribeVpcs"},
	// Only AWS's public parameters (the AMI ids), never the account's own.
	"aws:ssm/getParameter:getParameter": {"ssm:GetParameter"},
}

// RefreshReadActions are the IAM actions a refresh needs to read each resource type the
// pipeline declares (the provider's Read of the type). A type missing here fails
// TestDriftRoleReadsEveryTypeThePipelineDeclares, so a new type cannot break the drift
// check silently. Secret values are not here: DriftPolicy grants GetSecretValue only on the
// stacks' own secrets.
var RefreshReadActions = map[string][]string{
	"aws:apigateway/account:Account":                                       {"apigateway:GET"},
	"aws:apigateway/apiKey:ApiKey":                                         {"apigateway:GET"},
	"aws:apigateway/deployment:Deployment":                                 {"apigateway:GET"},
	"aws:apigateway/integration:Integration":                               {"apigateway:GET"},
	"aws:apigateway/integrationResponse:IntegrationResponse":               {"apigateway:GET"},
	"aws:apigateway/method:Method":                                         {"apigateway:GET"},
	"aws:apigateway/methodResponse:MethodResponse":                         {"apigateway:GET"},
	"aws:apigateway/methodSettings:MethodSettings":                         {"apigateway:GET"},
	"aws:apigateway/model:Model":                                           {"apigateway:GET"},
	"aws:apigateway/requestValidator:RequestValidator":                     {"apigateway:GET"},
	"aws:apigateway/resource:Resource":                                     {"apigateway:GET"},
	"aws:apigateway/restApi:RestApi":                                       {"apigateway:GET"},
	"aws:apigateway/stage:Stage":                                           {"apigateway:GET"},
	"aws:apigateway/usagePlan:UsagePlan":                                   {"apigateway:GET"},
	"aws:apigateway/usagePlanKey:UsagePlanKey":                             {"apigateway:GET"},
	"aws:apigateway/vpcLink:VpcLink":                                       {"apigateway:GET"},
	"aws:budgets/budget:Budget":                                            {"budgets:ViewBudget", "budgets:ListTagsForResource"},
	"aws:cloudwatch/logGroup:LogGroup":                                     {"logs:DescribeLogGroups", "logs:ListTagsForResource", "logs:ListTagsLogGroup"},
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":                    {"ec2:DescribeSecurityGroups"},
	"aws:ec2/eip:Eip":                                                      {"ec2:DescribeAddresses", "ec2:DescribeAddressesAttribute"},
	"aws:ec2/instance:Instance":                                            {"ec2:DescribeInstances", "ec2:DescribeInstanceAttribute", "ec2:DescribeInstanceCreditSpecifications", "ec2:DescribeVolumes", "ec2:DescribeTags"},
	"aws:ec2/internetGateway:InternetGateway":                              {"ec2:DescribeInternetGateways"},
	"aws:ec2/natGateway:NatGateway":                                        {"ec2:DescribeNatGateways"},
	"aws:ec2/route:Route":                                                  {"ec2:DescribeRouteTables"},
	"aws:ec2/routeTable:RouteTable":                                        {"ec2:DescribeRouteTables"},
	"aws:ec2/routeTableAssociation:RouteTableAssociation":                  {"ec2:DescribeRouteTables"},
	"aws:ec2/securityGroup:SecurityGroup":                                  {"ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules"},
	"aws:ec2/subnet:Subnet":                                                {"ec2:DescribeSubnets"},
	"aws:ec2/vpc:Vpc":                                                      {"ec2:DescribeVpcs", "ec2:DescribeVpcAttribute", "ec2:DescribeNetworkAcls", "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups"},
	"aws:ec2/vpcEndpoint:VpcEndpoint":                                      {"ec2:DescribeVpcEndpoints", "ec2:DescribePrefixLists"},
	"aws:iam/instanceProfile:InstanceProfile":                              {"iam:GetInstanceProfile"},
	"aws:iam/role:Role":                                                    {"iam:GetRole", "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies"},
	"aws:iam/rolePolicy:RolePolicy":                                        {"iam:GetRolePolicy"},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment":                    {"iam:ListAttachedRolePolicies"},
	"aws:kinesis/stream:Stream":                                            {"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListTagsForStream"},
	"aws:lb/listener:Listener":                                             {"elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerAttributes", "elasticloadbalancing:DescribeTags"},
	"aws:lb/loadBalancer:LoadBalancer":                                     {"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeTags"},
	"aws:lb/targetGroup:TargetGroup":                                       {"elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTags"},
	"aws:lb/targetGroupAttachment:TargetGroupAttachment":                   {"elasticloadbalancing:DescribeTargetHealth"},
	"aws:msk/cluster:Cluster":                                              {"kafka:DescribeCluster", "kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers", "kafka:ListTagsForResource"},
	"aws:msk/configuration:Configuration":                                  {"kafka:DescribeConfiguration", "kafka:DescribeConfigurationRevision"},
	"aws:mskconnect/connector:Connector":                                   {"kafkaconnect:DescribeConnector", "kafkaconnect:ListTagsForResource"},
	"aws:mskconnect/customPlugin:CustomPlugin":                             {"kafkaconnect:DescribeCustomPlugin", "kafkaconnect:ListTagsForResource"},
	"aws:mskconnect/workerConfiguration:WorkerConfiguration":               {"kafkaconnect:DescribeWorkerConfiguration", "kafkaconnect:ListTagsForResource"},
	"aws:mwaa/environment:Environment":                                     {"airflow:GetEnvironment"},
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": {"s3:GetLifecycleConfiguration"},
	"aws:s3/bucketObjectv2:BucketObjectv2":                                 {"s3:GetObject", "s3:GetObjectTagging"},
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls":               {"s3:GetBucketOwnershipControls"},
	"aws:s3/bucketPolicy:BucketPolicy":                                     {"s3:GetBucketPolicy"},
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":               {"s3:GetBucketPublicAccessBlock"},
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": {"s3:GetEncryptionConfiguration"},
	// The bucket's Read reads every sub-resource configuration it still models.
	"aws:s3/bucketV2:BucketV2":                     {"s3:ListBucket", "s3:GetBucket*", "s3:GetAccelerateConfiguration", "s3:GetLifecycleConfiguration", "s3:GetEncryptionConfiguration", "s3:GetReplicationConfiguration"},
	"aws:s3/bucketVersioningV2:BucketVersioningV2": {"s3:GetBucketVersioning"},
	"aws:secretsmanager/secret:Secret":             {"secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"},
	// The value itself: see DriftPolicy. A write-only version is read by listing its ids
	// instead (terraform-provider-aws pull request 44876).
	"aws:secretsmanager/secretVersion:SecretVersion":            {"secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"},
	"aws:ssm/association:Association":                           {"ssm:DescribeAssociation"},
	"aws:ssm/document:Document":                                 {"ssm:GetDocument", "ssm:DescribeDocument", "ssm:DescribeDocumentPermission", "ssm:ListTagsForResource"},
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   {"ec2:DescribeSecurityGroupRules"},
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {"ec2:DescribeSecurityGroupRules"},
}

// DeployServices are the IAM service prefixes creating, updating and deleting each Pulumi
// module of the pipeline needs ("aws:<module>/..."). IAM is not here: DeployPolicy scopes it
// to the stacks' own roles.
var DeployServices = map[string][]string{
	"apigateway":     {"apigateway"},
	"budgets":        {"budgets"},
	"cloudwatch":     {"logs"},
	"ec2":            {"ec2"},
	"kinesis":        {"kinesis"},
	"lb":             {"elasticloadbalancing"},
	"msk":            {"kafka"},
	"mskconnect":     {"kafkaconnect", "kafka", "logs"},
	"mwaa":           {"airflow"},
	"s3":             {"s3"},
	"secretsmanager": {"secretsmanager"},
	"ssm":            {"ssm"},
	"vpc":            {"ec2"},
}

// PolicyScope is what the CI policies are limited to.
type PolicyScope struct {
	AccountID string
	// UserIDs are the stacks' course user ids: their roles, instance profiles and secrets.
	UserIDs []string
	// SecretPrefixes are the name prefixes of the stacks' Secrets Manager secrets.
	SecretPrefixes []string
	// StateBucket and StatePrefix locate a self-managed s3:// backend; empty for Pulumi Cloud.
	StateBucket, StatePrefix string
	// GrantRoles are roles the stacks do not own but put an inline policy on (the Databricks
	// workspace's cross-account role).
	GrantRoles []string
	// ProtectedRoles are the CI roles themselves: no CI role may change them.
	ProtectedRoles []string
}

func sortedUnique(xs []string) []string {
	set := map[string]bool{}
	for _, x := range xs {
		set[x] = true
	}
	out := make([]string, 0, len(set))
	for x := range set {
		out = append(out, x)
	}
	sort.Strings(out)
	return out
}

// stateStatements let a role read the state and take the backend's lock (a DIY backend
// locks a stack under .pulumi/locks/ for every operation, preview included).
func (s PolicyScope) stateStatements(write bool) []Statement {
	if s.StateBucket == "" {
		return nil
	}
	root := "arn:aws:s3:::" + s.StateBucket
	objects := root + "/*"
	if s.StatePrefix != "" {
		objects = root + "/" + s.StatePrefix + "/*"
	}
	sts := []Statement{
		allow("ListTheState", []string{"s3:ListBucket", "s3:GetBucketLocation"}, root),
		allow("ReadTheState", []string{"s3:GetObject"}, objects),
	}
	locks := strings.TrimSuffix(objects, "*") + ".pulumi/locks/*"
	if write {
		sts = append(sts, allow("WriteTheState", []string{"s3:PutObject", "s3:DeleteObject"}, objects))
	} else {
		sts = append(sts, allow("TakeTheLock", []string{"s3:PutObject", "s3:DeleteObject"}, locks))
	}
	return sts
}

func invokeActions() []string {
	var out []string
	for _, actions := range InvokeReadActions {
		out = append(out, actions...)
	}
	return sortedUnique(out)
}

// PreviewPolicy is what a pull request's `pulumi preview` reads: the data sources and the
// state, nothing else. A preview runs the branch's code, so it gets no resource reads, no
// secret values and no write.
func PreviewPolicy(s PolicyScope) PolicyDocument {
	sts := []Statement{
		allow("DataSourcesTheProgramCalls", without(invokeActions(), "ssm:GetParameter"), "*"),
		allow("PublicParametersOnly", []string{"ssm:GetParameter"}, "arn:aws:ssm:*::parameter/aws/service/*"),
	}
	return policy(append(sts, s.stateStatements(false)...)...)
}

func without(xs []string, drop string) []string {
	var out []string
	for _, x := range xs {
		if x != drop {
			out = append(out, x)
		}
	}
	return out
}

// DriftPolicy is what `pulumi preview --refresh` of the stacks reads: the preview's reads,
// the read actions of every declared type, and the values of the stacks' own secrets (a
// refresh of a secret version reads its value with GetSecretValue, which ReadOnlyAccess
// lacks: terraform-provider-aws issue 42383).
func DriftPolicy(s PolicyScope) PolicyDocument {
	p := PreviewPolicy(s)
	var reads []string
	for _, actions := range RefreshReadActions {
		reads = append(reads, actions...)
	}
	secrets := make([]string, 0, len(s.SecretPrefixes))
	for _, prefix := range sortedUnique(s.SecretPrefixes) {
		secrets = append(secrets, fmt.Sprintf("arn:aws:secretsmanager:*:%s:secret:%s/*", s.AccountID, prefix))
	}
	p.Statement = append(p.Statement,
		allow("RefreshEveryDeclaredType", sortedUnique(reads), "*"),
		allow("TheStacksOwnSecretValues", []string{"secretsmanager:GetSecretValue"}, secrets...))
	return p
}

// DeployPolicy is what creating, updating and deleting the stacks needs: every action of the
// services the pipeline uses, on any resource (their create calls do not all support resource
// or tag conditions), IAM only on the stacks' own roles and instance profiles (named after
// their user ids), and an explicit deny on the CI roles themselves, so a deploy can never
// widen its own trust or permissions.
func DeployPolicy(s PolicyScope) PolicyDocument {
	var services []string
	for _, prefixes := range DeployServices {
		services = append(services, prefixes...)
	}
	actions := make([]string, 0, len(services))
	for _, svc := range sortedUnique(services) {
		actions = append(actions, svc+":*")
	}
	var roles []string
	for _, id := range sortedUnique(s.UserIDs) {
		roles = append(roles,
			fmt.Sprintf("arn:aws:iam::%s:role/%s-*", s.AccountID, id),
			fmt.Sprintf("arn:aws:iam::%s:instance-profile/%s-*", s.AccountID, id))
	}
	var protected []string
	for _, r := range sortedUnique(s.ProtectedRoles) {
		protected = append(protected, fmt.Sprintf("arn:aws:iam::%s:role/%s", s.AccountID, r))
	}
	protected = append(protected, fmt.Sprintf("arn:aws:iam::%s:oidc-provider/%s", s.AccountID, GitHubOIDCHost))
	sts := []Statement{
		allow("ThePipelinesServices", actions, "*"),
		allow("ReadIAM", []string{"iam:Get*", "iam:List*"}, "*"),
		allow("TheStacksOwnRoles", []string{"iam:*"}, roles...),
		// MSK, MSK Connect, MWAA and Elastic Load Balancing create their service-linked roles
		// on first use in an account.
		allow("ServiceLinkedRoles", []string{"iam:CreateServiceLinkedRole"}, fmt.Sprintf("arn:aws:iam::%s:role/aws-service-role/*", s.AccountID)),
		// A customer key (kafka.kmsKeyArn) is used through MSK only.
		{Sid: "CustomerKeysThroughMSK", Effect: "Allow", Action: []string{"kms:DescribeKey", "kms:CreateGrant"}, Resource: []string{"*"},
			Condition: map[string]map[string]any{"StringLike": {"kms:ViaService": "kafka.*.amazonaws.com"}}},
		{Sid: "NeverTheCIIdentity", Effect: "Deny", Action: []string{"iam:*"}, Resource: protected},
	}
	if len(s.GrantRoles) > 0 {
		var grantRoles []string
		for _, r := range sortedUnique(s.GrantRoles) {
			grantRoles = append(grantRoles, fmt.Sprintf("arn:aws:iam::%s:role/%s", s.AccountID, r))
		}
		sts = append(sts, allow("InlineGrantsOnTheWorkspaceRoles",
			[]string{"iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy", "iam:ListRolePolicies"}, grantRoles...))
	}
	sts = append(sts, s.stateStatements(true)...)
	if s.StateBucket != "" {
		// s3:* above reaches every bucket; the state's own may lose no object history or
		// protection, and never be deleted, by a deploy.
		sts = append(sts, Statement{Sid: "KeepTheStateBucket", Effect: "Deny",
			Action:   []string{"s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy", "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration", "s3:PutBucketPublicAccessBlock"},
			Resource: []string{"arn:aws:s3:::" + s.StateBucket}})
	}
	return policy(sts...)
}
