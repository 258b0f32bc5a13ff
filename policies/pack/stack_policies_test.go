package pack

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func res(typ, name string, props obj) policyx.AnalyzerResource {
	return policyx.AnalyzerResource{Type: typ, Name: name, URN: "urn:pulumi:dev::pinterest-pipeline::" + typ + "::" + name,
		Properties: property.NewMap(props)}
}

func stackViolations(t *testing.T, s Settings, policy string, resources ...policyx.AnalyzerResource) []Violation {
	t.Helper()
	p, err := New(s)
	require.NoError(t, err)
	vs, err := Run(t.Context(), p, resources, nil)
	require.NoError(t, err)
	var out []Violation
	for _, v := range vs {
		if v.Policy == policy {
			out = append(out, v)
		}
	}
	return out
}

func TestBucketsGuarded(t *testing.T) {
	t.Parallel()
	bucket := res(typeBucketV2, "b", obj{"bucket": str("user-0affd9571f39-bucket")})
	guards := []policyx.AnalyzerResource{
		res(typeBucketPAB, "pab", obj{"bucket": str("user-0affd9571f39-bucket")}),
		res(typeBucketSSE, "sse", obj{"bucket": str("user-0affd9571f39-bucket")}),
		res(typeBucketPolicy, "tls", obj{"bucket": str("user-0affd9571f39-bucket")}),
	}
	assert.Empty(t, stackViolations(t, devSettings, PolicyS3BucketsGuarded, append(guards, bucket)...))
	got := stackViolations(t, devSettings, PolicyS3BucketsGuarded, bucket, guards[0])
	require.Len(t, got, 2)
	assert.Equal(t, bucket.URN, got[0].URN)
	assert.Contains(t, got[0].Message+got[1].Message, "BucketPolicy denying aws:SecureTransport false")

	// An auto-named bucket's guards are matched through their bucket input's dependency.
	auto := res(typeBucketV2, "auto", obj{"bucket": property.New(property.Computed)})
	linked := make([]policyx.AnalyzerResource, len(guards))
	for i, g := range guards {
		g.Properties = property.NewMap(obj{"bucket": property.New(property.Computed)})
		g.PropertyDependencies = map[string][]string{"bucket": {auto.URN}}
		linked[i] = g
	}
	assert.Empty(t, stackViolations(t, devSettings, PolicyS3BucketsGuarded, append(linked, auto)...))
}

func TestStagesThrottled(t *testing.T) {
	t.Parallel()
	stage := res(typeAPIStage, "stage", obj{"stageName": str("dev")})
	settings := res(typeAPIMethodSettings, "throttle", obj{"stageName": str("dev"), "methodPath": str("*/*")})
	assert.Empty(t, stackViolations(t, devSettings, PolicyAPIStagesThrottled, stage, settings))
	got := stackViolations(t, devSettings, PolicyAPIStagesThrottled, stage)
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Message, `stage "dev" has no method settings`)
}

func TestNATGatewayCount(t *testing.T) {
	t.Parallel()
	nat := func(n string) policyx.AnalyzerResource { return res(typeNATGateway, n, obj{}) }
	assert.Empty(t, stackViolations(t, devSettings, PolicyNATGatewayCount, nat("a")))
	got := stackViolations(t, devSettings, PolicyNATGatewayCount, nat("a"), nat("b"))
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Message, "set network.natGateways: single")
	prod := devSettings
	prod.Environment = "prod"
	assert.Empty(t, stackViolations(t, prod, PolicyNATGatewayCount, nat("a"), nat("b"), nat("c")))
	assert.Len(t, stackViolations(t, prod, PolicyNATGatewayCount, nat("a"), nat("b"), nat("c"), nat("d")), 1)
}

func TestCourseNamesDeclared(t *testing.T) {
	t.Parallel()
	streams := []policyx.AnalyzerResource{
		res(typeKinesisStream, "pin", obj{"name": str("streaming-0affd9571f39-pin")}),
		res(typeKinesisStream, "geo", obj{"name": str("streaming-0affd9571f39-geo")}),
	}
	got := stackViolations(t, devSettings, PolicyCourseNamesDeclared, streams...)
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Message, `no Kinesis stream "streaming-0affd9571f39-user"`)

	got = stackViolations(t, devSettings, PolicyCourseNamesDeclared, res(typeInstance, "host", obj{}))
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Message, `no IAM role "0affd9571f39-ec2-access-role"`)

	bad := devSettings
	bad.UserID = "Bad_ID"
	assert.NotEmpty(t, stackViolations(t, bad, PolicyCourseNamesDeclared), "an illegal user id is reported")
	assert.Empty(t, stackViolations(t, Settings{Environment: "dev"}, PolicyCourseNamesDeclared, streams...), "no user id, nothing to check")
}

func TestHourlyBudgetAndPricing(t *testing.T) {
	t.Parallel()
	brokers := res(typeMSKCluster, "kafka", obj{"numberOfBrokerNodes": num(3),
		"brokerNodeGroupInfo": mapOf(obj{"instanceType": str("kafka.m7g.large"),
			"storageInfo": mapOf(obj{"ebsStorageInfo": mapOf(obj{"volumeSize": num(100)})})})})
	// 3 × 0.204 + 300 GB × 0.10 / 730 = 0.6531 $/h.
	assert.Empty(t, stackViolations(t, devSettings, PolicyHourlyBudget, brokers))
	tight := devSettings
	tight.HourlyBudgetUSD = 0.5
	got := stackViolations(t, tight, PolicyHourlyBudget, brokers)
	require.Len(t, got, 1)
	assert.Equal(t, "mandatory", got[0].Level)
	assert.Contains(t, got[0].Message, "estimated $0.6531/hour ($476.76/month) exceeds the budget of $0.5000/hour")
	assert.Contains(t, got[0].Message, "raise cost.hourlyBudgetUsd")

	micro := res(typeMWAAEnvironment, "airflow", obj{"environmentClass": str("mw1.micro")})
	bounded := stackViolations(t, devSettings, PolicyCostFullyPriced, brokers, micro)
	require.Len(t, bounded, 1)
	assert.Equal(t, "advisory", bounded[0].Level)
	assert.Equal(t, micro.URN, bounded[0].URN)
	assert.Contains(t, bounded[0].Message, "at most mw1.small's price")
	loose := devSettings
	loose.HourlyBudgetUSD = 1.5
	assert.Empty(t, stackViolations(t, loose, PolicyHourlyBudget, brokers, micro), "0.6531 + at most 0.49 is within $1.5")
	assert.Len(t, stackViolations(t, devSettings, PolicyHourlyBudget, brokers, micro), 1, "the ceiling counts: 1.1431 is above $1")
}

func TestHourlyBudgetFailsClosedOnUnpricedResources(t *testing.T) {
	t.Parallel()
	huge := res(typeMSKCluster, "kafka", obj{"numberOfBrokerNodes": num(2),
		"brokerNodeGroupInfo": mapOf(obj{"instanceType": str("kafka.m5.24xlarge")})})
	cheap := res(typeKinesisStream, "pin", obj{"shardCount": num(1)})
	got := stackViolations(t, devSettings, PolicyHourlyBudget, huge, cheap)
	require.Len(t, got, 1, "the priced stream alone is far within budget, yet the unpriced cluster fails it")
	assert.Equal(t, "mandatory", got[0].Level)
	assert.Equal(t, huge.URN, got[0].URN, "the violation names the unpriced resource")
	assert.Contains(t, got[0].Message, "no us-east-1 price for broker type kafka.m5.24xlarge")
	assert.Contains(t, got[0].Message, "counts against the budget")
	assert.Contains(t, got[0].Message, "cost/prices.go")

	// A value known only after apply is decided at `pulumi up`, like every policy here: a preview
	// does not fail on it, and the plan still lists it as unpriced.
	pending := res(typeMSKCluster, "kafka", obj{"numberOfBrokerNodes": property.New(property.Computed),
		"brokerNodeGroupInfo": mapOf(obj{"instanceType": str("kafka.t3.small")})})
	assert.Empty(t, stackViolations(t, devSettings, PolicyHourlyBudget, pending, cheap))

	// A region's table may be partial: what it lacks still counts against the budget.
	london := devSettings
	london.Region = "eu-west-2"
	got = stackViolations(t, london, PolicyHourlyBudget, cheap)
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Message, "no eu-west-2 price for provisioned shards")

	toronto := devSettings
	toronto.Region = "ca-central-1"
	got = stackViolations(t, toronto, PolicyHourlyBudget, cheap)
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Message, "no list prices for region ca-central-1")
}

func TestSettingsFromLookup(t *testing.T) {
	t.Parallel()
	values := map[string]string{
		"pinterest-pipeline:identity": `{"userId":"abc123","environment":"prod"}`,
		"pinterest-pipeline:bucket":   `{"name":"custom-bucket"}`,
		"aws:region":                  "us-east-1",
	}
	s := SettingsFromLookup(func(k string) (string, bool) { v, ok := values[k]; return v, ok })
	assert.Equal(t, Settings{Environment: "prod", UserID: "abc123", BucketName: "custom-bucket", Region: "us-east-1", HourlyBudgetUSD: 5, Shape: "standalone"}, s,
		"the budget defaults to the environment kind's")

	values["pinterest-pipeline:cost"] = `{"hourlyBudgetUsd": 2.5}`
	values["pinterest-pipeline:identity"] = `not json`
	s = SettingsFromLookup(func(k string) (string, bool) { v, ok := values[k]; return v, ok })
	assert.Equal(t, "dev", s.Environment, "unreadable identity falls back to the dev default, never a panic")
	assert.Equal(t, 2.5, s.HourlyBudgetUSD)

	assert.Equal(t, "dev", SettingsFromContext(nil).Environment)
}
