package components

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/mwaa"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// MWAALogModules are the five kinds of log MWAA writes, each to airflow-<environment>-<module>.
var MWAALogModules = []string{"DAGProcessing", "Scheduler", "Task", "WebServer", "Worker"}

// MWAALogGroupName is the log group MWAA writes one module's logs to.
func MWAALogGroupName(environment, module string) string {
	return "airflow-" + environment + "-" + module
}

// AirflowArgs configures Airflow.
type AirflowArgs struct {
	// EnvironmentName is the MWAA environment's name. Required.
	EnvironmentName string
	// AirflowVersion and PythonVersion select the runtime and its constraints file. Required.
	AirflowVersion string
	PythonVersion  string
	// EnvironmentClass defaults to mw1.micro.
	EnvironmentClass string
	// MinWorkers and MaxWorkers default to 1.
	MinWorkers, MaxWorkers int
	// WebserverPublic makes the Airflow UI reachable from the internet (still behind IAM login).
	WebserverPublic bool
	// Region is where the environment runs, for the commands that open the UI. Required.
	Region string
	// TunnelInstanceID is a host in the VPC with the SSM agent, through which a private web
	// server is reached (the Kafka client host). Required unless WebserverPublic.
	TunnelInstanceID pulumi.StringInput
	// DAG is the DAG to upload; its JobID is filled in from JobID. Required unless NoDAG.
	DAG DAGParams
	// JobID is the Databricks batch job's id. Required unless NoDAG.
	JobID pulumi.StringInput
	// NoDAG uploads no DAG, for a cohort's shared environment: each learner's AirflowDAG puts
	// their own in DAGBucketName, and the one databricks_default connection serves them all.
	// DAG and JobID are then unused.
	NoDAG bool
	// DatabricksHost and DatabricksToken make the databricks_default connection; Token must be a secret. Required.
	DatabricksHost  pulumi.StringInput
	DatabricksToken pulumi.StringInput
	// BucketName is the DAG bucket; MWAA requires it to start with "airflow-". Required.
	BucketName string
	// LogRetentionDays keeps the five MWAA log groups. Default 7.
	LogRetentionDays int
	// VpcID, SubnetIDs (exactly two private subnets in distinct zones) and VpcCIDR (which may
	// reach a private web server) place the environment. Required.
	VpcID     pulumi.StringInput
	SubnetIDs pulumi.StringArrayInput
	VpcCIDR   pulumi.StringInput
	// NetworkReady are the subnets' way out, such as the Network's EgressReady routes: MWAA's
	// containers reach the AWS services it runs on through them while the environment is
	// created, and environments in subnets without a route out fail to create ("About
	// networking on Amazon MWAA"; hashicorp/terraform-provider-aws#16616).
	NetworkReady []pulumi.Resource
	// NamePrefix starts the Name tags and role names. Required.
	NamePrefix string
	// Tags go on every taggable resource.
	Tags map[string]string
	// Paused declares no environment, the one part billed by the hour; TunnelInstanceID may then
	// be nil. See NewAirflow for what stays.
	Paused bool
}

// Airflow is the MWAA environment that runs the daily DAG, with its DAG bucket, its log groups,
// its least-privilege execution role and the databricks_default connection in Secrets Manager.
type Airflow struct {
	pulumi.ResourceState

	// UI says how to open the Airflow UI from a laptop.
	UI AirflowUI
	// EnvironmentArn is the environment's ARN.
	EnvironmentArn pulumi.StringOutput `pulumi:"environmentArn"`
	// DAGID is the DAG's id; empty with NoDAG.
	DAGID string
	// DAGBucketName and DAGBucketArn are the DAG bucket's, where learners' DAGs go.
	DAGBucketName pulumi.StringOutput `pulumi:"dagBucketName"`
	DAGBucketArn  pulumi.StringOutput `pulumi:"dagBucketArn"`
}

func (a *AirflowArgs) withDefaults() AirflowArgs {
	out := AirflowArgs{}
	if a != nil {
		out = *a
	}
	if out.EnvironmentClass == "" {
		out.EnvironmentClass = spec.DefaultEnvironmentClass
	}
	if out.MinWorkers == 0 {
		out.MinWorkers = spec.DefaultMinWorkers
	}
	if out.MaxWorkers == 0 {
		out.MaxWorkers = out.MinWorkers
	}
	if out.LogRetentionDays == 0 {
		out.LogRetentionDays = spec.DefaultLogRetentionDays
	}
	return out
}

func (a AirflowArgs) validate() error {
	var errs []error
	errs = append(errs, emptyFields("EnvironmentName", a.EnvironmentName, "AirflowVersion", a.AirflowVersion, "PythonVersion", a.PythonVersion, "BucketName", a.BucketName, "NamePrefix", a.NamePrefix)...)
	if len(a.BucketName) < 8 || a.BucketName[:8] != "airflow-" {
		errs = append(errs, fmt.Errorf("BucketName %q must start with airflow-, as MWAA requires", a.BucketName))
	}
	if a.DatabricksHost == nil || a.DatabricksToken == nil {
		errs = append(errs, errors.New("DatabricksHost and DatabricksToken are required"))
	}
	if a.JobID == nil && !a.NoDAG {
		errs = append(errs, errors.New("JobID is required: the DAG runs that job (set NoDAG for an environment without a DAG of its own)"))
	}
	if a.VpcID == nil || a.SubnetIDs == nil || a.VpcCIDR == nil {
		errs = append(errs, errors.New("VpcID, SubnetIDs and VpcCIDR are required"))
	}
	if a.Region == "" {
		errs = append(errs, errors.New("Region is required"))
	}
	// A shared environment's private web server is reached through any learner's client host,
	// in the same VPC: the learner stacks export the tunnel, so the platform needs none.
	if !a.WebserverPublic && a.TunnelInstanceID == nil && !a.Paused && !a.NoDAG {
		errs = append(errs, errors.New("TunnelInstanceID is required with a private web server: nothing else reaches it from a laptop"))
	}
	if a.MinWorkers < 1 || a.MaxWorkers < a.MinWorkers {
		errs = append(errs, fmt.Errorf("workers %d..%d: use 1 <= MinWorkers <= MaxWorkers", a.MinWorkers, a.MaxWorkers))
	}
	return errors.Join(errs...)
}

// ConnectionsPrefix is where the environment's secrets backend looks up connections. It is
// per environment, so learners sharing an account never read each other's connections.
func ConnectionsPrefix(environment string) string { return "airflow-" + environment + "/connections" }

// AirflowConfigurationOptions turn on the Secrets Manager backend for connections only.
func AirflowConfigurationOptions(environment string) (map[string]string, error) {
	kwargs, err := json.Marshal(map[string]any{"connections_prefix": ConnectionsPrefix(environment), "variables_prefix": nil})
	if err != nil {
		return nil, err
	}
	return map[string]string{
		"secrets.backend":        "airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend",
		"secrets.backend_kwargs": string(kwargs),
		"core.load_examples":     "false",
	}, nil
}

// DatabricksConnection is the databricks_default connection in the JSON form the secrets
// backend reads: the token goes in the password, which the Databricks hook uses as a PAT.
func DatabricksConnection(host, token string) (string, error) {
	b, err := json.Marshal(map[string]string{"conn_type": "databricks", "host": host, "password": token})
	return string(b), err
}

// AirflowUILocalPort is the laptop port a private web server is forwarded to: above 1024, so
// opening it needs no administrator rights.
const AirflowUILocalPort = 8443

// AirflowUI is how a person opens the Airflow UI from a laptop. A private web server has only
// addresses in the VPC ("Apache Airflow access modes", MWAA User Guide), so for it URL holds
// the forwarded address, which works only while TunnelCommand runs and HostsEntry is in place.
type AirflowUI struct {
	// Public says whether the web server is reachable from the internet.
	Public bool
	// URL is where the browser goes once signed in.
	URL pulumi.StringOutput
	// LoginCommand prints a sign-in URL; its token lasts 60 seconds, so run it just before.
	LoginCommand pulumi.StringOutput
	// TunnelCommand forwards AirflowUILocalPort to the private web server; empty when public.
	TunnelCommand pulumi.StringOutput
	// HostsEntry points the web server's name at the tunnel (for /etc/hosts); empty when public.
	HostsEntry pulumi.StringOutput
}

// AirflowUILoginCommand prints a sign-in URL for the environment's UI, as "Creating an Apache
// Airflow web login token" (MWAA User Guide) builds it from create-web-login-token. A
// localPort other than 0 puts the tunnel's port in the URL.
func AirflowUILoginCommand(region, environment string, localPort int) string {
	port := ""
	if localPort != 0 {
		port = fmt.Sprintf(":%d", localPort)
	}
	return fmt.Sprintf("aws mwaa create-web-login-token --region %s --name %s --query '[WebServerHostname,WebToken]' --output text"+
		` | awk '{print "https://" $1 "%s/aws_mwaa/aws-console-sso?login=true#" $2}'`, region, environment, port)
}

// AirflowUITunnelCommand forwards localPort on the laptop to the private web server's port 443
// through an SSM-managed host in the VPC. The MWAA User Guide's bastion tutorial reaches the
// private web server through an SSH SOCKS proxy on a bastion; Session Manager's
// AWS-StartPortForwardingSessionToRemoteHost reaches it without SSH keys, inbound rules or a
// browser proxy. Not yet tried on a live environment: whether every redirect of the sign-in
// flow keeps the forwarded port is unverified (see docs/learner-guide.md, "Open the Airflow UI").
func AirflowUITunnelCommand(region, instanceID, webserverHost string, localPort int) string {
	return fmt.Sprintf(`aws ssm start-session --region %s --target %s --document-name AWS-StartPortForwardingSessionToRemoteHost`+
		` --parameters '{"host":["%s"],"portNumber":["443"],"localPortNumber":["%d"]}'`, region, instanceID, webserverHost, localPort)
}

// airflowUI builds the UI instructions from the environment's web server host name.
func airflowUI(a AirflowArgs, host pulumi.StringOutput) AirflowUI {
	if a.WebserverPublic {
		return AirflowUI{
			Public:        true,
			URL:           pulumi.Sprintf("https://%s/", host),
			LoginCommand:  pulumi.String(AirflowUILoginCommand(a.Region, a.EnvironmentName, 0)).ToStringOutput(),
			TunnelCommand: pulumi.String("").ToStringOutput(),
			HostsEntry:    pulumi.String("").ToStringOutput(),
		}
	}
	return AirflowUI{
		URL:           pulumi.Sprintf("https://%s:%d/", host, AirflowUILocalPort),
		LoginCommand:  pulumi.String(AirflowUILoginCommand(a.Region, a.EnvironmentName, AirflowUILocalPort)).ToStringOutput(),
		TunnelCommand: airflowTunnelCommand(a, host),
		// The name must stay the web server's own, which its TLS certificate is issued for.
		HostsEntry: pulumi.Sprintf("127.0.0.1 %s", host),
	}
}

// airflowTunnelCommand is the tunnel through TunnelInstanceID; empty for a shared environment
// without one, whose learners tunnel through their own client hosts.
func airflowTunnelCommand(a AirflowArgs, host pulumi.StringOutput) pulumi.StringOutput {
	if a.TunnelInstanceID == nil {
		return pulumi.String("").ToStringOutput()
	}
	return pulumi.All(a.TunnelInstanceID, host).ApplyT(func(v []any) string {
		return AirflowUITunnelCommand(a.Region, v[0].(string), v[1].(string), AirflowUILocalPort)
	}).(pulumi.StringOutput)
}

// AirflowExecutionPolicy is the environment role's policy, after AWS's MWAA execution-role
// guide, narrowed to this environment, its bucket, its log groups and its connection secrets.
func AirflowExecutionPolicy(region, account, environment, bucketArn string) PolicyDocument {
	envArn := fmt.Sprintf("arn:aws:airflow:%s:%s:environment/%s", region, account, environment)
	logs := fmt.Sprintf("arn:aws:logs:%s:%s:log-group:airflow-%s-*", region, account, environment)
	secrets := fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:%s/*", region, account, ConnectionsPrefix(environment))
	queues := fmt.Sprintf("arn:aws:sqs:%s:*:airflow-celery-*", region)
	// MWAA's own Celery queues are encrypted with an AWS-owned key; only SQS may use it for us.
	kms := Statement{
		Sid: "UseTheQueueKeyThroughSQS", Effect: "Allow",
		Action:      []string{"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:Encrypt"},
		NotResource: []string{fmt.Sprintf("arn:aws:kms:*:%s:key/*", account)},
		Condition:   map[string]map[string]any{"StringLike": {"kms:ViaService": "sqs." + region + ".amazonaws.com"}},
	}
	metrics := allow("PublishMWAAMetrics", []string{"cloudwatch:PutMetricData"}, "*")
	metrics.Condition = map[string]map[string]any{"StringEquals": {"cloudwatch:namespace": "AmazonMWAA"}}
	return policy(
		allow("PublishAirflowMetrics", []string{"airflow:PublishMetrics"}, envArn),
		allow("ReadTheDAGBucket", []string{"s3:GetObject*", "s3:GetBucket*", "s3:List*"}, bucketArn, bucketArn+"/*"),
		allow("CheckPublicAccessBlocks", []string{"s3:GetAccountPublicAccessBlock"}, "*"),
		allow("WriteTheEnvironmentsLogs", []string{
			"logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents", "logs:GetLogEvents",
			"logs:GetLogRecord", "logs:GetLogGroupFields", "logs:GetQueryResults",
		}, logs),
		allow("FindLogGroups", []string{"logs:DescribeLogGroups"}, "*"),
		metrics,
		allow("UseTheCeleryQueues", []string{
			"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
			"sqs:ReceiveMessage", "sqs:SendMessage",
		}, queues),
		kms,
		allow("ReadTheConnections", []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, secrets),
	)
}

// NewAirflow declares the DAG bucket and files, the connection secret, the role, the security
// group, the log groups and the MWAA environment.
func NewAirflow(ctx *pulumi.Context, name string, args *AirflowArgs, opts ...pulumi.ResourceOption) (*Airflow, error) {
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("airflow %q: %w", name, err)
	}
	requirements, err := RenderRequirements(a.AirflowVersion, a.PythonVersion)
	if err != nil {
		return nil, fmt.Errorf("airflow %q: %w", name, err)
	}
	options, err := AirflowConfigurationOptions(a.EnvironmentName)
	if err != nil {
		return nil, err
	}
	af := &Airflow{DAGID: a.DAG.DAGID}
	if a.NoDAG {
		af.DAGID = ""
	}
	if err := ctx.RegisterComponentResource(TypeAirflow, name, af, opts...); err != nil {
		return nil, fmt.Errorf("registering airflow %q: %w", name, err)
	}
	b := airflowBuild{children: newChildren(ctx, name, af, a.Tags, a.NamePrefix), a: a}

	bucket, reqs, err := b.createDAGBucket(requirements)
	if err != nil {
		return nil, err
	}
	af.DAGBucketName, af.DAGBucketArn = bucket.BucketName, bucket.BucketArn
	if err := b.createConnectionSecret(); err != nil {
		return nil, err
	}
	role, rolePolicy, err := b.createExecutionRole(bucket)
	if err != nil {
		return nil, err
	}
	sg, rules, err := b.createSecurityGroup()
	if err != nil {
		return nil, err
	}
	logGroups, err := b.createLogGroups()
	if err != nil {
		return nil, err
	}
	// Only what the environment uses while it starts holds it up (and, on destroy, waits for
	// it): its permissions, the bucket settings MWAA checks at creation, the self-referencing
	// and egress rules its containers talk through ("Security in your VPC on Amazon MWAA"), the
	// subnets' routes out (NetworkReady), and the log groups, which would otherwise be created
	// by MWAA and then clash with the stack's.
	// The DAG file is not among them: MWAA picks up whatever appears under dags/ at any time.
	if a.Paused {
		// The DAG bucket and its files, the connection secret, the role, the security group and
		// the log groups stay. The DAG file is unchanged: with no environment nothing schedules it,
		// and the resumed environment's scheduler picks it up again (docs/pause.md, "The DAG").
		empty := pausedOutput()
		af.UI = AirflowUI{Public: a.WebserverPublic, URL: empty, LoginCommand: empty, TunnelCommand: empty, HostsEntry: empty}
		af.EnvironmentArn = empty
		return af, registerPausedOutputs(ctx, af, name, pulumi.Map{"dagBucketName": af.DAGBucketName, "dagBucketArn": af.DAGBucketArn})
	}
	deps := slices.Concat([]pulumi.Resource{rolePolicy}, bucket.Ready, rules, logGroups, a.NetworkReady)
	env, err := b.createEnvironment(options, bucket, reqs, role, sg, deps)
	if err != nil {
		return nil, err
	}

	af.UI = airflowUI(a, env.WebserverUrl)
	af.EnvironmentArn = env.Arn
	if err := ctx.RegisterResourceOutputs(af, pulumi.Map{
		"uiUrl": af.UI.URL, "environmentArn": af.EnvironmentArn, "dagBucketName": af.DAGBucketName, "dagBucketArn": af.DAGBucketArn,
	}); err != nil {
		return nil, fmt.Errorf("airflow %q outputs: %w", name, err)
	}
	return af, nil
}

// airflowBuild declares an Airflow's resources, one group per step.
type airflowBuild struct {
	children
	a AirflowArgs
}

// createDAGBucket declares the DAG bucket, the DAG (unless NoDAG) and requirements.txt.
func (b airflowBuild) createDAGBucket(requirements string) (*DataLake, *s3.BucketObjectv2, error) {
	a := b.a
	// MWAA insists on a versioned bucket with public access blocked. Everything in it is rendered
	// by this program, so in every environment `pulumi destroy` may empty it, old versions
	// included: a versioned bucket without forceDestroy fails with BucketNotEmpty, since its
	// objects are DeletedWith the bucket and never deleted one by one.
	bucket, err := NewDataLake(b.ctx, b.name+"-dags", &DataLakeArgs{
		BucketName: a.BucketName, ForceDestroy: true, Versioning: true, Tags: a.Tags,
	}, b.parent)
	if err != nil {
		return nil, nil, err
	}
	// Objects uploaded before versioning is on get no version id, and MWAA refuses a bucket
	// without versioning and a public access block: both wait for those settings.
	inBucket := []pulumi.ResourceOption{b.parent, pulumi.DeletedWith(bucket.Bucket), pulumi.DependsOn(bucket.Ready)}
	if !a.NoDAG {
		if _, err := uploadDAG(b.ctx, b.name, bucket.BucketName, a.DAG, a.JobID, a.Tags, a.NamePrefix, inBucket...); err != nil {
			return nil, nil, err
		}
	}
	reqs, err := s3.NewBucketObjectv2(b.ctx, b.name+"-requirements", &s3.BucketObjectv2Args{
		Bucket: bucket.BucketName, Key: pulumi.String("requirements.txt"), Content: pulumi.String(requirements),
		ContentType: pulumi.String("text/plain"), Tags: objectTags(a.Tags, a.NamePrefix+"-requirements"),
	}, inBucket...)
	if err != nil {
		return nil, nil, fmt.Errorf("uploading requirements.txt: %w", err)
	}
	return bucket, reqs, nil
}

// createConnectionSecret declares the databricks_default connection in Secrets Manager.
func (b airflowBuild) createConnectionSecret() error {
	a := b.a
	// The name is fixed, because the secrets backend derives the connection id from it. So that
	// `pulumi up` can create it again right after a destroy, it is deleted without a recovery
	// window (ForceDeleteWithoutRecovery, "DeleteSecret", Secrets Manager API Reference) in every
	// environment: a 7-30 day window keeps the name taken ("already scheduled for deletion"), and
	// there is nothing to recover, since the value is rebuilt from databricks.host and the token.
	secret, err := secretsmanager.NewSecret(b.ctx, b.name+"-databricks-connection", &secretsmanager.SecretArgs{
		Name:                 pulumi.String(ConnectionsPrefix(a.EnvironmentName) + "/databricks_default"),
		Description:          pulumi.String("Airflow connection databricks_default (workspace host and token)"),
		RecoveryWindowInDays: pulumi.Int(0),
		Tags:                 b.tag("databricks-connection"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("creating the connection secret: %w", err)
	}
	if _, err := secretsmanager.NewSecretVersion(b.ctx, b.name+"-databricks-connection-value", &secretsmanager.SecretVersionArgs{
		SecretId: secret.ID(),
		SecretString: pulumi.ToSecret(pulumi.All(a.DatabricksHost, a.DatabricksToken).ApplyT(func(v []any) (string, error) {
			return DatabricksConnection(v[0].(string), v[1].(string))
		})).(pulumi.StringOutput),
	}, b.parent); err != nil {
		return fmt.Errorf("storing the connection: %w", err)
	}
	return nil
}

// createExecutionRole declares the environment's role, which only MWAA in this account may
// assume, and its policy.
func (b airflowBuild) createExecutionRole(bucket *DataLake) (*iam.Role, *iam.RolePolicy, error) {
	a := b.a
	caller, err := aws.GetCallerIdentity(b.ctx, nil, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("looking up the account: %w", err)
	}
	region, err := aws.GetRegion(b.ctx, nil, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("looking up the region: %w", err)
	}
	trust := policy(Statement{
		Sid: "TrustMWAA", Effect: "Allow", Action: []string{"sts:AssumeRole"},
		Principal: map[string]any{"Service": []string{"airflow.amazonaws.com", "airflow-env.amazonaws.com"}},
		Condition: map[string]map[string]any{"StringEquals": {"aws:SourceAccount": caller.AccountId}},
	})
	trustJSON, err := trust.JSON()
	if err != nil {
		return nil, nil, err
	}
	role, err := iam.NewRole(b.ctx, b.name+"-execution-role", &iam.RoleArgs{
		Name:             pulumi.String(a.NamePrefix + "-mwaa-execution"),
		Description:      pulumi.String("MWAA execution role of " + a.EnvironmentName),
		AssumeRolePolicy: pulumi.String(trustJSON),
		Tags:             b.tag("mwaa-execution-role"),
	}, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("creating the execution role: %w", err)
	}
	rolePolicy, err := iam.NewRolePolicy(b.ctx, b.name+"-execution-policy", &iam.RolePolicyArgs{
		Role: role.Name,
		Policy: bucket.BucketArn.ApplyT(func(arn string) (string, error) {
			return AirflowExecutionPolicy(region.Name, caller.AccountId, a.EnvironmentName, arn).JSON()
		}).(pulumi.StringOutput),
	}, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("attaching the execution policy: %w", err)
	}
	return role, rolePolicy, nil
}

// createSecurityGroup declares the environment's security group and its rules. It returns
// the rules the environment needs to start.
func (b airflowBuild) createSecurityGroup() (*ec2.SecurityGroup, []pulumi.Resource, error) {
	sg, err := ec2.NewSecurityGroup(b.ctx, b.name+"-sg", &ec2.SecurityGroupArgs{
		VpcId:       b.a.VpcID,
		Description: pulumi.String("MWAA: its own components talk to each other; the web server from the VPC"),
		Tags:        b.tag("mwaa"),
	}, b.parent, pulumi.Timeouts(&pulumi.CustomTimeouts{Delete: "45m"}))
	if err != nil {
		return nil, nil, fmt.Errorf("creating the security group: %w", err)
	}
	rules := []pulumi.Resource{}
	self, err := vpc.NewSecurityGroupIngressRule(b.ctx, b.name+"-self-in", &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: sg.ID(), ReferencedSecurityGroupId: sg.ID(), IpProtocol: pulumi.String("-1"),
		Description: pulumi.String("MWAA requires its security group to admit itself"), Tags: b.tag("mwaa-self-in"),
	}, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("creating the self-referencing rule: %w", err)
	}
	_, err = vpc.NewSecurityGroupIngressRule(b.ctx, b.name+"-web-in", &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: sg.ID(), CidrIpv4: b.a.VpcCIDR, IpProtocol: pulumi.String("tcp"),
		FromPort: pulumi.Int(443), ToPort: pulumi.Int(443),
		Description: pulumi.String("the Airflow UI VPC endpoint, from inside the VPC"), Tags: b.tag("mwaa-web-in"),
	}, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("creating the web server rule: %w", err)
	}
	out, err := vpc.NewSecurityGroupEgressRule(b.ctx, b.name+"-all-out", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: sg.ID(), CidrIpv4: pulumi.String("0.0.0.0/0"), IpProtocol: pulumi.String("-1"),
		Description: pulumi.String("AWS service endpoints, PyPI and Databricks"), Tags: b.tag("mwaa-all-out"),
	}, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("creating the egress rule: %w", err)
	}
	// The UI's rule is left out: MWAA does not need it to start.
	rules = append(rules, self, out)
	return sg, rules, nil
}

// createLogGroups declares the five log groups MWAA writes to.
func (b airflowBuild) createLogGroups() ([]pulumi.Resource, error) {
	var logGroups []pulumi.Resource
	for _, module := range MWAALogModules {
		lg, err := cloudwatch.NewLogGroup(b.ctx, b.name+"-logs-"+module, &cloudwatch.LogGroupArgs{
			Name:            pulumi.String(MWAALogGroupName(b.a.EnvironmentName, module)),
			RetentionInDays: pulumi.Int(b.a.LogRetentionDays),
			Tags:            b.tag("mwaa-" + module),
		}, b.parent)
		if err != nil {
			return nil, fmt.Errorf("creating the %s log group: %w", module, err)
		}
		logGroups = append(logGroups, lg)
	}
	return logGroups, nil
}

// mwaaLogging turns on every module's logs, the web server's at WARNING.
func mwaaLogging() *mwaa.EnvironmentLoggingConfigurationArgs {
	logging := &mwaa.EnvironmentLoggingConfigurationArgs{}
	level := func() (pulumi.BoolPtrInput, pulumi.StringPtrInput) { return pulumi.Bool(true), pulumi.String("INFO") }
	on, info := level()
	logging.DagProcessingLogs = &mwaa.EnvironmentLoggingConfigurationDagProcessingLogsArgs{Enabled: on, LogLevel: info}
	logging.SchedulerLogs = &mwaa.EnvironmentLoggingConfigurationSchedulerLogsArgs{Enabled: on, LogLevel: info}
	logging.TaskLogs = &mwaa.EnvironmentLoggingConfigurationTaskLogsArgs{Enabled: on, LogLevel: info}
	logging.WebserverLogs = &mwaa.EnvironmentLoggingConfigurationWebserverLogsArgs{Enabled: on, LogLevel: pulumi.String("WARNING")}
	logging.WorkerLogs = &mwaa.EnvironmentLoggingConfigurationWorkerLogsArgs{Enabled: on, LogLevel: info}
	return logging
}

// createEnvironment declares the MWAA environment, after deps.
func (b airflowBuild) createEnvironment(options map[string]string, bucket *DataLake, reqs *s3.BucketObjectv2,
	role *iam.Role, sg *ec2.SecurityGroup, deps []pulumi.Resource,
) (*mwaa.Environment, error) {
	a := b.a
	access := "PRIVATE_ONLY"
	if a.WebserverPublic {
		access = "PUBLIC_ONLY"
	}
	env, err := mwaa.NewEnvironment(b.ctx, b.name+"-environment", &mwaa.EnvironmentArgs{
		Name:                        pulumi.String(a.EnvironmentName),
		AirflowVersion:              pulumi.String(a.AirflowVersion),
		EnvironmentClass:            pulumi.String(a.EnvironmentClass),
		MinWorkers:                  pulumi.Int(a.MinWorkers),
		MaxWorkers:                  pulumi.Int(a.MaxWorkers),
		ExecutionRoleArn:            role.Arn,
		SourceBucketArn:             bucket.BucketArn,
		DagS3Path:                   pulumi.String("dags/"),
		RequirementsS3Path:          reqs.Key,
		RequirementsS3ObjectVersion: reqs.VersionId, // a new requirements.txt is applied, not ignored
		AirflowConfigurationOptions: pulumi.ToStringMap(options),
		NetworkConfiguration: &mwaa.EnvironmentNetworkConfigurationArgs{
			SecurityGroupIds: pulumi.StringArray{sg.ID()}, SubnetIds: a.SubnetIDs,
		},
		WebserverAccessMode:  pulumi.String(access),
		LoggingConfiguration: mwaaLogging(),
		Tags:                 b.tag("mwaa"),
	}, b.parent, pulumi.DependsOn(deps),
		pulumi.Timeouts(&pulumi.CustomTimeouts{Create: "90m", Update: "90m", Delete: "90m"}))
	if err != nil {
		return nil, fmt.Errorf("creating the MWAA environment: %w", err)
	}
	return env, nil
}
