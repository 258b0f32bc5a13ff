package cost_test

import (
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/simcheck"
	"github.com/pinterest-pipeline/pinterest-pipeline/program"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func planOf(t *testing.T, stack string, overrides ...string) *sim.Plan {
	t.Helper()
	opts, err := sim.LoadFixture(stack, overrides...)
	require.NoError(t, err)
	plan, err := sim.Run(opts, program.Stack)
	require.NoError(t, err)
	return plan
}

// The dev stack by hand, at the us-east-1 prices in prices.go:
//
//	MSK: 2 × kafka.t3.small × 0.0456 + 2 × 10 GB × 0.10 / 730       = 0.0912 + 0.0027397
//	MSK Connect: 1 MCU × 1 worker × 0.11                              = 0.11
//	Kafka client: t3.small 0.0208 + 20 GB gp3 × 0.08 / 730            = 0.0208 + 0.0021918
//	NAT gateway 0.045 + its Elastic IP 0.005                          = 0.05
//	REST proxy NLB                                                    = 0.0225
//	3 streams × 1 shard × 0.015                                       = 0.045
//	MWAA mw1.micro at most mw1.small's price (no published price)     = 0.49
//	its connection secret 0.40 a month                                = 0.40 / 730
//
// The estimator must agree with this sum (want below) to the 4 decimals it rounds to; every
// other test and the README take the dev figure from the estimator, never from a literal.
func TestDevEstimateMatchesAHandComputation(t *testing.T) {
	t.Parallel()
	plan := planOf(t, "dev")
	est := cost.EstimateResources("us-east-1", simcheck.CostResources(plan.Resources))

	// The connection secret adds 0.40 a month; MWAA's mw1.micro counts at its ceiling, mw1.small.
	want := 2*0.0456 + 2*10*0.10/730 + 0.11 + 0.0208 + 20*0.08/730 + 0.045 + 0.005 + 0.0225 + 3*0.015 + 0.40/730 + 0.49
	assert.InDelta(t, want, est.HourlyUSD, 0.00005, "the estimator agrees with the hand computation")
	assert.InDelta(t, want*730, est.MonthlyUSD, 0.005, "a month is 730 hours, rounded to cents")
	assert.True(t, est.Complete, "every billable resource has a price or a ceiling: %v", est.Unpriced)
	assert.Equal(t, 1, est.UpperBounds, "only MWAA mw1.micro is counted at a ceiling")

	byName := map[string]float64{}
	for _, c := range est.Components {
		byName[c.Name] = c.HourlyUSD
	}
	assert.Equal(t, map[string]float64{
		"kafka": 0.0939, "s3-sink": 0.11, "kafka-client": 0.023, "network": 0.05, "rest-proxy": 0.0225, "streams": 0.045,
		"airflow": 0.4905, // the environment at its ceiling and the connection secret
	}, byName)
	assert.Equal(t, []string{
		"aws:apigateway/restApi:RestApi", "aws:apigateway/stage:Stage", "aws:cloudwatch/logGroup:LogGroup",
		"aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/bucketV2:BucketV2", "databricks:index/job:Job",
	}, est.UsageBased, "per-use charges are listed, not counted")
}

func TestProdEstimate(t *testing.T) {
	t.Parallel()
	est := cost.EstimateResources("us-east-1", simcheck.CostResources(planOf(t, "prod").Resources))
	// 3 × m7g.large 0.204 + 300 GB storage + 2 workers × 0.11 + t3.medium + 20 GB gp3
	// + 3 NAT + 3 EIP + NLB + 3 on-demand streams.
	// + MWAA mw1.small (minWorkers 1, so no extra worker) and the connection secret.
	want := 3*0.204 + 300*0.10/730 + 0.22 + 0.0416 + 20*0.08/730 + 3*0.045 + 3*0.005 + 0.0225 + 3*0.04 + 0.49 + 0.40/730
	assert.InDelta(t, want, est.HourlyUSD, 0.00005)
	assert.Equal(t, 1.6999, est.HourlyUSD)
	assert.True(t, est.Complete)
}

func TestARegionWithoutATableIsUnpricedNotFree(t *testing.T) {
	t.Parallel()
	est := cost.EstimateResources("ca-central-1", simcheck.CostResources(planOf(t, "dev", "aws:region=ca-central-1").Resources))
	assert.False(t, est.Complete)
	assert.Zero(t, est.HourlyUSD)
	require.NotEmpty(t, est.Unpriced)
	for _, u := range est.Unpriced {
		assert.Contains(t, u.Reason, "no list prices for region ca-central-1 (cost/prices.go has tables for ap-southeast-2, eu-central-1, eu-west-1, eu-west-2, us-east-1, us-west-2)", u.URN)
	}
	types := map[string]bool{}
	for _, u := range est.Unpriced {
		types[u.Type] = true
	}
	assert.True(t, types["aws:msk/cluster:Cluster"])
	assert.True(t, types["aws:ec2/natGateway:NatGateway"])
}

// A partial table prices what it has and leaves the rest unpriced, resource by resource.
func TestAPartialRegionPricesWhatItHasAndNamesTheRest(t *testing.T) {
	t.Parallel()
	est := cost.EstimateResources("eu-west-2", simcheck.CostResources(planOf(t, "dev", "aws:region=eu-west-2").Resources))
	assert.False(t, est.Complete, "a lower bound while anything is unpriced")
	priced := map[string]float64{}
	for _, l := range est.Resources {
		priced[l.Type] += l.HourlyUSD
	}
	assert.Equal(t, map[string]float64{
		"aws:ec2/natGateway:NatGateway": 0.05, "aws:lb/loadBalancer:LoadBalancer": 0.02646,
		"aws:ec2/vpcEndpoint:VpcEndpoint": 0, // the S3 gateway endpoint costs nothing anywhere
	}, priced)
	assert.Equal(t, 0.0765, est.HourlyUSD)

	reasons := map[string]string{}
	for _, u := range est.Unpriced {
		reasons[u.Type] = u.Reason
	}
	assert.Equal(t, map[string]string{
		"aws:msk/cluster:Cluster":            "no eu-west-2 price for broker type kafka.t3.small",
		"aws:mskconnect/connector:Connector": "no eu-west-2 price for MSK Connect units",
		"aws:ec2/instance:Instance":          "no eu-west-2 price for instance type t3.small",
		"aws:ec2/eip:Eip":                    "no eu-west-2 price for public IPv4 address-hour",
		"aws:kinesis/stream:Stream":          "no eu-west-2 price for provisioned shards",
		"aws:mwaa/environment:Environment":   "no eu-west-2 price for MWAA class mw1.micro",
		"aws:secretsmanager/secret:Secret":   "no eu-west-2 price for secret-month",
	}, reasons)
}

// Every region learners use has a table, filed under its own name; us-east-1 prices every rule.
func TestTheLearnersRegionsHaveTables(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"ap-southeast-2", "eu-central-1", "eu-west-1", "eu-west-2", "us-east-1", "us-west-2"}, cost.PricedRegions())
	for _, r := range cost.PricedRegions() {
		table, ok := cost.Prices(r)
		assert.True(t, ok, r)
		assert.Equal(t, r, table.Region)
	}
}

func custom(typ string, inputs map[string]property.Value) cost.Resource {
	return cost.Resource{URN: "urn:pulumi:dev::p::" + typ + "::r", Type: typ, Custom: true, Inputs: property.NewMap(inputs)}
}

func TestEstimatorEdgeCases(t *testing.T) {
	t.Parallel()
	str, num := property.New[string], property.New[float64]
	obj := property.New[map[string]property.Value]
	computed := property.New(property.Computed)
	tests := []struct {
		name       string
		resource   cost.Resource
		hourly     float64
		unpriced   string
		usageBased bool
	}{
		{"mw1.small with two workers", custom("aws:mwaa/environment:Environment", map[string]property.Value{
			"environmentClass": str("mw1.small"), "minWorkers": num(2)}), 0.49 + 0.055, "", false},
		{"mw1.micro counts at mw1.small's price, its ceiling", custom("aws:mwaa/environment:Environment", map[string]property.Value{
			"environmentClass": str("mw1.micro")}), 0.49, "", false},
		{"a class with neither a price nor a ceiling", custom("aws:mwaa/environment:Environment", map[string]property.Value{
			"environmentClass": str("mw1.xlarge")}), 0, "no us-east-1 price for MWAA class mw1.xlarge", false},
		{"unknown broker type", custom("aws:msk/cluster:Cluster", map[string]property.Value{
			"numberOfBrokerNodes": num(3), "brokerNodeGroupInfo": obj(map[string]property.Value{"instanceType": str("kafka.m5.24xlarge")})}),
			0, "no us-east-1 price for broker type kafka.m5.24xlarge", false},
		{"computed instance type", custom("aws:ec2/instance:Instance", map[string]property.Value{"instanceType": computed}),
			0, "instanceType is known only after apply", false},
		{"wrong-typed shard count", custom("aws:kinesis/stream:Stream", map[string]property.Value{"shardCount": str("two")}),
			0, "shardCount has an unexpected type", false},
		{"provisioned stream with a week's retention", custom("aws:kinesis/stream:Stream", map[string]property.Value{
			"shardCount": num(2), "retentionPeriod": num(168)}), 2*0.015 + 2*0.020, "", false},
		{"interface endpoint in two zones", custom("aws:ec2/vpcEndpoint:VpcEndpoint", map[string]property.Value{
			"vpcEndpointType": str("Interface"), "subnetIds": property.New([]property.Value{str("a"), str("b")})}), 0.02, "", false},
		{"a type with no rule", custom("aws:rds/instance:Instance", nil), 0, "the price table has no rule for this type", false},
		{"Databricks jobs bill per run", custom("databricks:index/job:Job", nil), 0, "", true},
		{"components cost nothing", cost.Resource{Type: "pinterest-pipeline:components:Network", Inputs: property.Map{}}, 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			est := cost.EstimateResources("us-east-1", []cost.Resource{tt.resource})
			assert.InDelta(t, tt.hourly, est.HourlyUSD, 0.00005)
			if tt.unpriced == "" {
				assert.Empty(t, est.Unpriced)
			} else {
				require.Len(t, est.Unpriced, 1)
				assert.Contains(t, est.Unpriced[0].Reason, tt.unpriced)
				assert.False(t, est.Complete)
			}
			assert.Equal(t, tt.usageBased, len(est.UsageBased) == 1)
		})
	}
}

func TestCeilingPricesAreMarkedAsUpperBounds(t *testing.T) {
	t.Parallel()
	micro := custom("aws:mwaa/environment:Environment", map[string]property.Value{"environmentClass": property.New("mw1.micro")})
	small := custom("aws:mwaa/environment:Environment", map[string]property.Value{"environmentClass": property.New("mw1.small")})
	est := cost.EstimateResources("us-east-1", []cost.Resource{micro})
	require.Len(t, est.Resources, 1)
	assert.True(t, est.Resources[0].UpperBound, "mw1.micro is counted at a ceiling, not its own list price")
	assert.Contains(t, est.Resources[0].Basis, "at most mw1.small's price")
	assert.True(t, est.Complete, "a ceiling fails closed, so the budget check can use it")
	assert.Equal(t, 1, est.UpperBounds)

	est = cost.EstimateResources("us-east-1", []cost.Resource{small})
	require.Len(t, est.Resources, 1)
	assert.False(t, est.Resources[0].UpperBound)
	assert.Zero(t, est.UpperBounds)
}

func TestUnpricedMarksValuesKnownOnlyAfterApply(t *testing.T) {
	t.Parallel()
	pending := custom("aws:ec2/instance:Instance", map[string]property.Value{"instanceType": property.New(property.Computed)})
	unknownClass := custom("aws:ec2/instance:Instance", map[string]property.Value{"instanceType": property.New("x9.huge")})
	unknownClass.URN += "2"
	est := cost.EstimateResources("us-east-1", []cost.Resource{pending, unknownClass})
	require.Len(t, est.Unpriced, 2)
	pendingByURN := map[string]bool{}
	for _, u := range est.Unpriced {
		pendingByURN[u.URN] = u.Pending
	}
	assert.Equal(t, map[string]bool{pending.URN: true, unknownClass.URN: false}, pendingByURN)
}

func TestAnalyzerAdapterTreatsProjectTokensAsComponents(t *testing.T) {
	t.Parallel()
	assert.True(t, cost.IsComponentType("pinterest-pipeline:components:KafkaCluster"))
	assert.True(t, cost.IsComponentType("pulumi:pulumi:Stack"))
	assert.False(t, cost.IsComponentType("aws:msk/cluster:Cluster"))
}
