package preflight

import (
	"context"
	"errors"
	"net"
	"net/http"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/kafka"
	kafkatypes "github.com/aws/aws-sdk-go-v2/service/kafka/types"
	"github.com/aws/aws-sdk-go-v2/service/kafkaconnect"
	kctypes "github.com/aws/aws-sdk-go-v2/service/kafkaconnect/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/mwaa"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	sqtypes "github.com/aws/aws-sdk-go-v2/service/servicequotas/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every method of every AWS view is a read, so the preflight cannot change anything.
func TestAPIsAreReadOnly(t *testing.T) {
	views := []reflect.Type{
		reflect.TypeFor[STSAPI](), reflect.TypeFor[S3API](), reflect.TypeFor[EC2API](), reflect.TypeFor[IAMAPI](),
		reflect.TypeFor[KafkaAPI](), reflect.TypeFor[KafkaConnectAPI](), reflect.TypeFor[MWAAAPI](),
		reflect.TypeFor[KinesisAPI](), reflect.TypeFor[KMSAPI](), reflect.TypeFor[QuotasAPI](),
	}
	require.Equal(t, reflect.TypeFor[AWS]().NumField(), len(views), "every client of AWS is listed here")
	methods := 0
	for _, v := range views {
		for i := range v.NumMethod() {
			methods++
			assert.Truef(t, ReadOnly(v.Method(i).Name), "%s.%s is not a read", v.Name(), v.Method(i).Name)
		}
	}
	assert.Equal(t, 19, methods, "a new method is a new call: count it in docs/preflight.md")
	for _, op := range []string{"CreateBucket", "PutRolePolicy", "DeleteKey", "UpdateEnvironment", "TagResource"} {
		assert.False(t, ReadOnly(op), op)
	}
}

// recorded holds AWS responses shaped as the API references document them, for what moto
// does not serve (MSK versions, MSK Connect, MWAA, most quotas, the IAM simulation) and for
// answers moto cannot give (a bucket of another account).
type recorded struct {
	STSAPI
	S3API
	EC2API
	KinesisAPI

	headBucket   error
	roles        map[string]bool
	decision     iamtypes.PolicyEvaluationDecisionType
	simulated    *iam.SimulatePrincipalPolicyInput
	versions     []kafkatypes.KafkaVersion
	versionsErr  error
	clusters     []kafkatypes.Cluster
	connectors   []kctypes.ConnectorSummary
	connectErr   error
	environments []string
	mwaaErr      error
	key          *kmstypes.KeyMetadata
	keyErr       error
	applied      map[string]float64 // service/code -> value; missing: NoSuchResourceException
	defaults     map[string]float64
	listed       map[string][]sqtypes.ServiceQuota // service -> applied quotas
	zones        []ec2types.AvailabilityZone
	vpcs, eips   int
}

func (r *recorded) HeadBucket(context.Context, *s3.HeadBucketInput, ...func(*s3.Options)) (*s3.HeadBucketOutput, error) {
	return &s3.HeadBucketOutput{}, r.headBucket
}

func (r *recorded) GetRole(_ context.Context, in *iam.GetRoleInput, _ ...func(*iam.Options)) (*iam.GetRoleOutput, error) {
	if !r.roles[aws.ToString(in.RoleName)] {
		return nil, &iamtypes.NoSuchEntityException{Message: aws.String("The role with name " + aws.ToString(in.RoleName) + " cannot be found.")}
	}
	return &iam.GetRoleOutput{Role: &iamtypes.Role{RoleName: in.RoleName}}, nil
}

func (r *recorded) SimulatePrincipalPolicy(_ context.Context, in *iam.SimulatePrincipalPolicyInput, _ ...func(*iam.Options)) (*iam.SimulatePrincipalPolicyOutput, error) {
	r.simulated = in
	return &iam.SimulatePrincipalPolicyOutput{EvaluationResults: []iamtypes.EvaluationResult{{EvalActionName: aws.String("iam:PassRole"), EvalDecision: r.decision}}}, nil
}

func (r *recorded) ListKafkaVersions(context.Context, *kafka.ListKafkaVersionsInput, ...func(*kafka.Options)) (*kafka.ListKafkaVersionsOutput, error) {
	return &kafka.ListKafkaVersionsOutput{KafkaVersions: r.versions}, r.versionsErr
}

func (r *recorded) ListClustersV2(context.Context, *kafka.ListClustersV2Input, ...func(*kafka.Options)) (*kafka.ListClustersV2Output, error) {
	return &kafka.ListClustersV2Output{ClusterInfoList: r.clusters}, nil
}

func (r *recorded) ListConnectors(context.Context, *kafkaconnect.ListConnectorsInput, ...func(*kafkaconnect.Options)) (*kafkaconnect.ListConnectorsOutput, error) {
	return &kafkaconnect.ListConnectorsOutput{Connectors: r.connectors}, r.connectErr
}

func (r *recorded) ListEnvironments(context.Context, *mwaa.ListEnvironmentsInput, ...func(*mwaa.Options)) (*mwaa.ListEnvironmentsOutput, error) {
	return &mwaa.ListEnvironmentsOutput{Environments: r.environments}, r.mwaaErr
}

func (r *recorded) DescribeKey(context.Context, *kms.DescribeKeyInput, ...func(*kms.Options)) (*kms.DescribeKeyOutput, error) {
	return &kms.DescribeKeyOutput{KeyMetadata: r.key}, r.keyErr
}

func noSuchQuota() error {
	return &sqtypes.NoSuchResourceException{Message: aws.String("The request failed because the specified resource does not exist.")}
}

func (r *recorded) GetServiceQuota(_ context.Context, in *servicequotas.GetServiceQuotaInput, _ ...func(*servicequotas.Options)) (*servicequotas.GetServiceQuotaOutput, error) {
	v, ok := r.applied[aws.ToString(in.ServiceCode)+"/"+aws.ToString(in.QuotaCode)]
	if !ok {
		return nil, noSuchQuota()
	}
	return &servicequotas.GetServiceQuotaOutput{Quota: &sqtypes.ServiceQuota{QuotaCode: in.QuotaCode, Value: aws.Float64(v)}}, nil
}

func (r *recorded) GetAWSDefaultServiceQuota(_ context.Context, in *servicequotas.GetAWSDefaultServiceQuotaInput, _ ...func(*servicequotas.Options)) (*servicequotas.GetAWSDefaultServiceQuotaOutput, error) {
	v, ok := r.defaults[aws.ToString(in.ServiceCode)+"/"+aws.ToString(in.QuotaCode)]
	if !ok {
		return nil, noSuchQuota()
	}
	return &servicequotas.GetAWSDefaultServiceQuotaOutput{Quota: &sqtypes.ServiceQuota{QuotaCode: in.QuotaCode, Value: aws.Float64(v)}}, nil
}

func (r *recorded) ListServiceQuotas(_ context.Context, in *servicequotas.ListServiceQuotasInput, _ ...func(*servicequotas.Options)) (*servicequotas.ListServiceQuotasOutput, error) {
	return &servicequotas.ListServiceQuotasOutput{Quotas: r.listed[aws.ToString(in.ServiceCode)]}, nil
}

func (r *recorded) ListAWSDefaultServiceQuotas(context.Context, *servicequotas.ListAWSDefaultServiceQuotasInput, ...func(*servicequotas.Options)) (*servicequotas.ListAWSDefaultServiceQuotasOutput, error) {
	return nil, noSuchQuota()
}

func (r *recorded) DescribeAvailabilityZones(context.Context, *ec2.DescribeAvailabilityZonesInput, ...func(*ec2.Options)) (*ec2.DescribeAvailabilityZonesOutput, error) {
	return &ec2.DescribeAvailabilityZonesOutput{AvailabilityZones: r.zones}, nil
}

func (r *recorded) DescribeVpcs(context.Context, *ec2.DescribeVpcsInput, ...func(*ec2.Options)) (*ec2.DescribeVpcsOutput, error) {
	return &ec2.DescribeVpcsOutput{Vpcs: make([]ec2types.Vpc, r.vpcs)}, nil
}

func (r *recorded) DescribeAddresses(context.Context, *ec2.DescribeAddressesInput, ...func(*ec2.Options)) (*ec2.DescribeAddressesOutput, error) {
	return &ec2.DescribeAddressesOutput{Addresses: make([]ec2types.Address, r.eips)}, nil
}

func (r *recorded) DescribeNatGateways(context.Context, *ec2.DescribeNatGatewaysInput, ...func(*ec2.Options)) (*ec2.DescribeNatGatewaysOutput, error) {
	return &ec2.DescribeNatGatewaysOutput{}, nil
}

func (r *recorded) DescribeLimits(context.Context, *kinesis.DescribeLimitsInput, ...func(*kinesis.Options)) (*kinesis.DescribeLimitsOutput, error) {
	return &kinesis.DescribeLimitsOutput{OpenShardCount: aws.Int32(498), ShardLimit: aws.Int32(500)}, nil
}

func (r *recorded) GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	return &sts.GetCallerIdentityOutput{Account: aws.String("111122223333"), Arn: aws.String("arn:aws:iam::111122223333:user/learner")}, nil
}

func (r *recorded) clients() AWS {
	return AWS{STS: r, S3: r, EC2: r, IAM: r, Kafka: r, KafkaConnect: r, MWAA: r, Kinesis: r, KMS: r, Quotas: r}
}

func httpError(status int) error {
	return &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{
		Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}}, Err: errors.New(http.StatusText(status)),
	}}
}

func dnsError(host string) error {
	return &smithyhttp.RequestSendError{Err: &net.OpError{Op: "dial", Err: &net.DNSError{Name: host, Err: "no such host", IsNotFound: true}}}
}

func basePlan() Plan {
	return Plan{
		Region: "eu-west-1", Buckets: []string{"user-x-bucket"}, Roles: []string{"x-ec2-access-role"},
		ClusterName: "x-msk-cluster", ConnectorName: "x-connector", NewVPC: true, AZCount: 2, NATGateways: 1,
		BrokerType: "kafka.t3.small", Brokers: 2, KafkaVersion: "3.8.x", Shards: 3,
		MWAA: true, MWAAClass: "mw1.micro",
		Databricks: &DatabricksPlan{CrossAccountRole: "ws-role", ClusterRole: "x-databricks-role"},
	}
}

func runAll(t *testing.T, r *recorded, p Plan) map[string]Result {
	t.Helper()
	results := runChecks(t.Context(), awsChecks(r.clients(), p, "111122223333", "aws"), nil)
	byName := map[string]Result{}
	for _, res := range results {
		require.NotContains(t, byName, res.Check, "one result per check name")
		byName[res.Check] = res
	}
	return byName
}

// Each answer AWS can give maps to the verdict it means, and the fix names the key to change.
func TestChecksOnRecordedResponses(t *testing.T) {
	active := []kafkatypes.KafkaVersion{{Version: aws.String("3.8.x"), Status: kafkatypes.KafkaVersionStatusActive},
		{Version: aws.String("2.8.1"), Status: kafkatypes.KafkaVersionStatusDeprecated}}
	zones := []ec2types.AvailabilityZone{
		{ZoneName: aws.String("eu-west-1a"), ZoneId: aws.String("euw1-az1"), OptInStatus: ec2types.AvailabilityZoneOptInStatusOptInNotRequired},
		{ZoneName: aws.String("eu-west-1b"), ZoneId: aws.String("euw1-az2"), OptInStatus: ec2types.AvailabilityZoneOptInStatusOptInNotRequired},
		{ZoneName: aws.String("eu-west-1-lz-1a"), ZoneId: aws.String("euw1-lz1"), OptInStatus: ec2types.AvailabilityZoneOptInStatusOptedIn},
	}
	healthy := func() *recorded {
		return &recorded{
			headBucket: httpError(http.StatusNotFound), roles: map[string]bool{"ws-role": true},
			decision: iamtypes.PolicyEvaluationDecisionTypeAllowed, versions: active, zones: zones,
			applied:  map[string]float64{"vpc/L-F678F1CE": 5, "vpc/L-FE5A380F": 5},
			defaults: map[string]float64{"ec2/L-0263D0A3": 5},
			listed: map[string][]sqtypes.ServiceQuota{
				"kafka":   {{QuotaName: aws.String("Number of brokers per account"), QuotaCode: aws.String("L-MSK1"), Value: aws.Float64(90)}},
				"airflow": {{QuotaName: aws.String("Environments"), QuotaCode: aws.String("L-MWAA1"), Value: aws.Float64(10)}},
			},
		}
	}
	tests := []struct {
		name   string
		change func(*recorded, *Plan)
		check  string
		want   Status
		says   string
	}{
		{"bucket free", nil, "bucket user-x-bucket", Pass, "is free"},
		{"bucket of another account", func(r *recorded, _ *Plan) { r.headBucket = httpError(http.StatusForbidden) }, "bucket user-x-bucket", Fail, "another AWS account"},
		{"bucket in another region", func(r *recorded, _ *Plan) { r.headBucket = httpError(http.StatusMovedPermanently) }, "bucket user-x-bucket", Fail, "another region"},
		{"bucket ours", func(r *recorded, _ *Plan) { r.headBucket = nil }, "bucket user-x-bucket", Warn, "belongs to this account"},
		{"role taken", func(r *recorded, _ *Plan) { r.roles["x-ec2-access-role"] = true }, "iam roles", Warn, "x-ec2-access-role"},
		{"kafka version active", nil, "msk kafka version", Pass, "3.8.x is active"},
		{"kafka version deprecated", func(_ *recorded, p *Plan) { p.KafkaVersion = "2.8.1" }, "msk kafka version", Fail, "DEPRECATED"},
		{"kafka version missing", func(_ *recorded, p *Plan) { p.KafkaVersion = "9.9.x" }, "msk kafka version", Fail, "does not offer Kafka 9.9.x"},
		{"msk not in region", func(r *recorded, _ *Plan) { r.versionsErr = dnsError("kafka.eu-west-1.amazonaws.com") }, "msk kafka version", Fail, "MSK does not answer"},
		{"connector taken", func(r *recorded, _ *Plan) {
			r.connectors = []kctypes.ConnectorSummary{{ConnectorName: aws.String("x-connector")}}
		}, "msk connect", Warn, "already exists"},
		{"connect not in region", func(r *recorded, _ *Plan) { r.connectErr = dnsError("kafkaconnect.eu-west-1.amazonaws.com") }, "msk connect", Fail, "MSK Connect does not answer"},
		{"mwaa not in region", func(r *recorded, _ *Plan) { r.mwaaErr = dnsError("api.airflow.eu-west-1.amazonaws.com") }, "mwaa", Fail, "MWAA does not answer"},
		{"mwaa quota full", func(r *recorded, _ *Plan) { r.environments = make([]string, 10) }, "quota mwaa environments", Fail, "10 in use + 1 planned > quota 10"},
		{"mwaa quota by name", nil, "quota mwaa environments", Pass, "airflow L-MWAA1"},
		{"brokers quota full", func(r *recorded, _ *Plan) {
			r.clusters = []kafkatypes.Cluster{{ClusterName: aws.String("other"), Provisioned: &kafkatypes.Provisioned{NumberOfBrokerNodes: aws.Int32(89)}}}
		}, "quota msk brokers", Fail, "89 in use + 2 planned > quota 90"},
		{"cluster name taken", func(r *recorded, _ *Plan) {
			r.clusters = []kafkatypes.Cluster{{ClusterName: aws.String("x-msk-cluster"), Provisioned: &kafkatypes.Provisioned{NumberOfBrokerNodes: aws.Int32(2)}}}
		}, "msk cluster name", Warn, "x-msk-cluster"},
		{"vpc quota full", func(r *recorded, _ *Plan) { r.vpcs = 5 }, "quota vpcs", Fail, "5 in use + 1 planned > quota 5"},
		{"eip quota from the default", nil, "quota elastic ips", Pass, "ec2 L-0263D0A3"},
		{"eip quota full", func(r *recorded, p *Plan) { r.eips = 4; p.NATGateways = 2 }, "quota elastic ips", Fail, "4 in use + 2 planned > quota 5"},
		{"eip quota unreadable", func(r *recorded, _ *Plan) { r.defaults = nil }, "quota elastic ips", Warn, "could not be read"},
		{"shards full", nil, "quota kinesis shards", Fail, "498 open + 3 planned > 500"},
		{"on-demand streams count 4 shards each", func(_ *recorded, p *Plan) { p.Shards, p.OnDemandStreams = 0, 3 }, "quota kinesis shards", Fail, "498 open + 12 planned"},
		{"zones", nil, "availability zones", Pass, "eu-west-1a, eu-west-1b of 2 usable"},
		{"too few zones", func(_ *recorded, p *Plan) { p.AZCount = 3 }, "availability zones", Fail, "2 usable zones but network.azCount is 3"},
		{"pinned local zone", func(_ *recorded, p *Plan) { p.PinnedZones = []string{"eu-west-1a", "eu-west-1-lz-1a"} }, "availability zones", Fail, "eu-west-1-lz-1a"},
		{"pass role allowed", nil, "databricks pass role", Pass, "may pass x-databricks-role"},
		{"pass role denied by a boundary", func(r *recorded, _ *Plan) { r.decision = iamtypes.PolicyEvaluationDecisionTypeImplicitDeny }, "databricks pass role", Fail, "implicitDeny"},
		{"cross-account role missing", func(r *recorded, _ *Plan) { r.roles = map[string]bool{} }, "databricks pass role", Fail, "no role ws-role"},
		{"kms key enabled", func(r *recorded, p *Plan) {
			p.KMSKeyARN = "arn:aws:kms:eu-west-1:111122223333:key/k"
			r.key = &kmstypes.KeyMetadata{KeyState: kmstypes.KeyStateEnabled, KeyUsage: kmstypes.KeyUsageTypeEncryptDecrypt}
		}, "kms key", Pass, "enabled"},
		{"kms key pending deletion", func(r *recorded, p *Plan) {
			p.KMSKeyARN = "arn:aws:kms:eu-west-1:111122223333:key/k"
			r.key = &kmstypes.KeyMetadata{KeyState: kmstypes.KeyStatePendingDeletion, KeyUsage: kmstypes.KeyUsageTypeEncryptDecrypt}
		}, "kms key", Fail, "PendingDeletion"},
		{"kms key missing", func(r *recorded, p *Plan) {
			p.KMSKeyARN = "arn:aws:kms:eu-west-1:111122223333:key/k"
			r.keyErr = &kmstypes.NotFoundException{Message: aws.String("Key not found")}
		}, "kms key", Fail, "does not exist"},
		{"kms key in another region", func(_ *recorded, p *Plan) { p.KMSKeyARN = "arn:aws:kms:us-east-1:111122223333:key/k" }, "kms key", Fail, "in us-east-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, p := healthy(), basePlan()
			if tt.change != nil {
				tt.change(r, &p)
			}
			got, ok := runAll(t, r, p)[tt.check]
			require.Truef(t, ok, "no %q result", tt.check)
			assert.Equal(t, tt.want, got.Status, got.Message)
			assert.Contains(t, got.Message, tt.says)
			if tt.want != Pass {
				assert.NotEmpty(t, got.Fix, "a warning or failure says how to fix it")
			}
		})
	}
}

// The simulation includes the grant the stack will add, so that only what the stack cannot
// fix (a boundary, an explicit deny) fails the check.
func TestPassRoleSimulationIncludesTheStacksGrant(t *testing.T) {
	r := &recorded{roles: map[string]bool{"ws-role": true}, decision: iamtypes.PolicyEvaluationDecisionTypeAllowed}
	checks := passRoleCheck(r, basePlan(), "111122223333", "aws")
	require.Len(t, checks, 1)
	_ = checks[0].run(t.Context())
	require.NotNil(t, r.simulated)
	assert.Equal(t, "arn:aws:iam::111122223333:role/ws-role", aws.ToString(r.simulated.PolicySourceArn))
	assert.Equal(t, []string{"arn:aws:iam::111122223333:role/x-databricks-role"}, r.simulated.ResourceArns)
	require.Len(t, r.simulated.PolicyInputList, 1)
	assert.Contains(t, r.simulated.PolicyInputList[0], `"Action":"iam:PassRole"`)
}

// The account check compares with the AWS provider's own keys.
func TestAccountCheck(t *testing.T) {
	tests := []struct {
		name               string
		allowed, forbidden []string
		want               Status
		says               string
	}{
		{"no expectation", nil, nil, Pass, "no aws:allowedAccountIds"},
		{"expected", []string{"111122223333"}, nil, Pass, "as aws:allowedAccountIds expects"},
		{"another account", []string{"444455556666"}, nil, Fail, "expects 444455556666"},
		{"forbidden", nil, []string{"111122223333"}, Fail, "forbids"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			account, partition, res := accountCheck(t.Context(), &recorded{}, Plan{AllowedAccounts: tt.allowed, ForbiddenAccounts: tt.forbidden})
			assert.Equal(t, "111122223333", account)
			assert.Equal(t, "aws", partition)
			assert.Equal(t, tt.want, res.Status, res.Message)
			assert.Contains(t, res.Message, tt.says)
		})
	}
}
