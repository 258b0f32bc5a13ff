package program

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/simcheck"
	"github.com/pinterest-pipeline/pinterest-pipeline/policies/pack"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// devEstimate is the cost package's estimate of the dev fixture: tests and the README take the
// dev figure from here, never from a literal (cost/estimate_test.go checks the estimator
// against a hand computation).
func devEstimate(t *testing.T) cost.Estimate {
	t.Helper()
	plan, err := planStack(t, "dev")
	require.NoError(t, err)
	return cost.EstimateResources("us-east-1", simcheck.CostResources(plan.Resources))
}

func planStack(t *testing.T, stack string, overrides ...string) (*sim.Plan, error) {
	t.Helper()
	opts, err := sim.LoadFixture(stack, overrides...)
	require.NoError(t, err)
	return sim.Run(opts, Stack)
}

func TestDevStackInventory(t *testing.T) {
	t.Parallel()
	plan, err := planStack(t, "dev")
	require.NoError(t, err)
	counts := map[string]int{}
	for _, c := range plan.CountByType() {
		counts[c.Type] = c.Count
	}
	assert.Equal(t, map[string]int{
		components.TypeNetwork: 1,
		"aws:ec2/vpc:Vpc":      1,
		"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":   1,
		"aws:ec2/internetGateway:InternetGateway":             1,
		"aws:ec2/subnet:Subnet":                               4,
		"aws:ec2/routeTable:RouteTable":                       3,
		"aws:ec2/route:Route":                                 3,
		"aws:ec2/routeTableAssociation:RouteTableAssociation": 4,
		"aws:ec2/eip:Eip":                                     1,
		"aws:ec2/natGateway:NatGateway":                       1,
		"aws:ec2/vpcEndpoint:VpcEndpoint":                     1,

		components.TypeDataLake:                                                                      2, // the data lake and the DAG bucket
		"aws:s3/bucketVersioningV2:BucketVersioningV2":                                               1, // MWAA requires a versioned DAG bucket
		"aws:s3/bucketV2:BucketV2":                                                                   2,
		"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":                                     2,
		"aws:s3/bucketOwnershipControls:BucketOwnershipControls":                                     2,
		"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": 2,
		"aws:s3/bucketPolicy:BucketPolicy":                                                           2,
		"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2":                       2,

		components.TypeKafkaCluster:                                 1,
		"aws:msk/cluster:Cluster":                                   1,
		"aws:msk/configuration:Configuration":                       1,
		"aws:cloudwatch/logGroup:LogGroup":                          7, // broker, connector worker and the five MWAA logs (no access logs without the account's role)
		"aws:ec2/securityGroup:SecurityGroup":                       4, // brokers, client, connector, MWAA
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 5, // 9098 from client and connector; 8082 from the VPC; MWAA self and UI
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   5,

		components.TypeKafkaClient:                          1,
		"aws:ec2/instance:Instance":                         1,
		"aws:iam/role:Role":                                 6, // client host, REST proxy, connector, API to Kinesis, Databricks clusters, MWAA
		"aws:iam/rolePolicy:RolePolicy":                     7, // one is the workspace's iam:PassRole on the clusters' role
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
		"aws:iam/instanceProfile:InstanceProfile":           2,
		"aws:ssm/document:Document":                         1,
		"aws:ssm/association:Association":                   1,

		components.TypeS3SinkConnector:                           1,
		"aws:s3/bucketObjectv2:BucketObjectv2":                   3, // plugin archive, DAG, requirements.txt
		"aws:mskconnect/customPlugin:CustomPlugin":               1,
		"aws:mskconnect/workerConfiguration:WorkerConfiguration": 1,
		"aws:mskconnect/connector:Connector":                     1,

		components.TypeKinesisStreams: 1,
		"aws:kinesis/stream:Stream":   3,

		components.TypeRestProxyEndpoint:                     1,
		"aws:lb/loadBalancer:LoadBalancer":                   1,
		"aws:lb/targetGroup:TargetGroup":                     1,
		"aws:lb/targetGroupAttachment:TargetGroupAttachment": 1,
		"aws:lb/listener:Listener":                           1,
		"aws:apigateway/vpcLink:VpcLink":                     1,

		components.TypeIngestAPI:                                 1,
		"aws:apigateway/restApi:RestApi":                         1,
		"aws:apigateway/resource:Resource":                       8, // streams, {stream-name}, record, records, topics, one per topic
		"aws:apigateway/method:Method":                           9, // six Kinesis methods and POST /topics/<topic> for three topics
		"aws:apigateway/integration:Integration":                 9,
		"aws:apigateway/methodResponse:MethodResponse":           18, // 200, 400, 500 per Kinesis method
		"aws:apigateway/integrationResponse:IntegrationResponse": 18,
		"aws:apigateway/requestValidator:RequestValidator":       2,
		"aws:apigateway/model:Model":                             2,
		"aws:apigateway/deployment:Deployment":                   1,
		"aws:apigateway/stage:Stage":                             1,
		"aws:apigateway/methodSettings:MethodSettings":           1,
		"aws:apigateway/apiKey:ApiKey":                           1, // api.apiKeyRequired is on by default
		"aws:apigateway/usagePlan:UsagePlan":                     1,
		"aws:apigateway/usagePlanKey:UsagePlanKey":               1,

		components.TypeDatabricksJobs:                      1,
		"pulumi:providers:databricks":                      1,
		"databricks:index/instanceProfile:InstanceProfile": 1,
		"databricks:index/notebook:Notebook":               5,
		"databricks:index/job:Job":                         2,

		components.TypeAirflow:                           1,
		"aws:mwaa/environment:Environment":               1,
		"aws:secretsmanager/secret:Secret":               1,
		"aws:secretsmanager/secretVersion:SecretVersion": 1,

		components.TypeCostBudget:   1,
		"aws:budgets/budget:Budget": 1,
	}, counts, "dev: two zones, one NAT gateway, both ingestion paths, Databricks and MWAA, the budget alert")
	assert.Equal(t, "0affd9571f39", plan.Outputs["userId"])
	assert.Equal(t, "2026-12-31", plan.Outputs["expiresAt"])
	assert.Regexp(t, `^vpc-[0-9a-f]{17}$`, plan.Outputs["vpcId"])
	assert.Len(t, plan.Outputs["privateSubnetIds"], 2)
}

func TestProdStackIsProductionShaped(t *testing.T) {
	t.Parallel()
	plan, err := planStack(t, "prod")
	require.NoError(t, err)
	assert.Len(t, plan.ByType("aws:ec2/natGateway:NatGateway"), 3, "a NAT gateway per zone")
	assert.Len(t, plan.ByType("aws:ec2/subnet:Subnet"), 6)
	tagged := 0
	for _, r := range plan.Custom() {
		if tags, ok := r.Inputs["tags"].(map[string]any); ok {
			tagged++
			assert.NotContains(t, tags, "expires-at", "prod never expires: %s", r.Name)
			assert.Equal(t, "prod", tags["environment"])
		}
	}
	assert.Greater(t, tagged, 30, "the tags were checked on prod's taggable resources")
}

func TestEveryStackFilePlans(t *testing.T) {
	t.Parallel()
	dir, err := sim.FixtureDir()
	require.NoError(t, err)
	names := sim.StackNames(dir)
	require.Subset(t, names, []string{"dev", "prod"})
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			plan, err := planStack(t, name)
			require.NoError(t, err)
			assert.NotEmpty(t, plan.Custom())
		})
	}
}

func TestNoCustomResourceOutsideAComponent(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		plan, err := planStack(t, stack)
		require.NoError(t, err)
		for _, r := range plan.Custom() {
			parent, ok := plan.ByURN(r.Parent)
			require.True(t, ok, "%s %s has no recorded parent (%s)", r.Type, r.Name, r.Parent)
			assert.Contains(t, components.Tokens, parent.Type, "%s %s is parented to %s, not a component", r.Type, r.Name, parent.Type)
		}
	}
}

// untaggable are the types whose AWS resources take no tags; every other resource must carry them.
var untaggable = map[string]bool{
	"aws:ec2/route:Route": true, "aws:ec2/routeTableAssociation:RouteTableAssociation": true,
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": true, "aws:s3/bucketOwnershipControls:BucketOwnershipControls": true,
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": true,
	"aws:s3/bucketPolicy:BucketPolicy": true, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": true,
	"aws:s3/bucketVersioningV2:BucketVersioningV2": true, "aws:msk/configuration:Configuration": true,
	"aws:iam/rolePolicy:RolePolicy": true, "aws:iam/rolePolicyAttachment:RolePolicyAttachment": true,
	"aws:lb/targetGroupAttachment:TargetGroupAttachment": true,
	"aws:apigateway/account:Account":                     true, "aws:apigateway/deployment:Deployment": true,
	"aws:apigateway/resource:Resource": true, "aws:apigateway/method:Method": true,
	"aws:apigateway/integration:Integration": true, "aws:apigateway/methodResponse:MethodResponse": true,
	"aws:apigateway/integrationResponse:IntegrationResponse": true, "aws:apigateway/methodSettings:MethodSettings": true,
	"aws:apigateway/model:Model": true, "aws:apigateway/requestValidator:RequestValidator": true,
	"aws:apigateway/usagePlanKey:UsagePlanKey":         true,
	"aws:secretsmanager/secretVersion:SecretVersion":   true,
	"databricks:index/instanceProfile:InstanceProfile": true, "databricks:index/notebook:Notebook": true,
	"pulumi:providers:databricks": true,
}

func TestEveryTaggableResourceCarriesTeardownTags(t *testing.T) {
	t.Parallel()
	plan, err := planStack(t, "dev")
	require.NoError(t, err)
	for _, r := range plan.Custom() {
		tags, ok := r.Inputs["tags"].(map[string]any)
		if untaggable[r.Type] {
			assert.False(t, ok, "%s is listed as untaggable but has tags; remove it from the list", r.Type)
			continue
		}
		require.True(t, ok, "%s %s has no tags (or add its type to untaggable if AWS takes none)", r.Type, r.Name)
		assert.Equal(t, "dev", tags["environment"], r.Name)
		assert.Equal(t, "learner@example.com", tags["owner"], r.Name)
		assert.Equal(t, "2026-12-31", tags["expires-at"], r.Name)
		if r.Type != "aws:s3/bucketObjectv2:BucketObjectv2" { // objects take 10 tags at most: the teardown ones only
			assert.Equal(t, "aicore-pinterest", tags["course"], "the stack's extra tags: %s", r.Name)
		}
		if !strings.HasPrefix(r.Type, "databricks:") { // Databricks tags carry no Name
			assert.NotEmpty(t, tags["Name"], r.Name)
		}
	}
}

func TestInvalidConfigRegistersNothing(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		overrides []string
		problems  int
	}{
		"bad user id":       {[]string{"identity.userId=Not_Valid"}, 1},
		"one zone":          {[]string{"network.azCount=1"}, 1},
		"unknown setting":   {[]string{"kafka.brokers=3"}, 1},
		"several at once":   {[]string{"identity.owner=", "streams.mode=FAST", "network.natGateways=many"}, 3},
		"no region":         {[]string{"aws:region="}, 1},
		"subnets too small": {[]string{"network.cidr=10.0.0.0/24", "network.subnetNewBits=8"}, 1},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			plan, err := planStack(t, "dev", tt.overrides...)
			require.Error(t, err)
			var problems stacks.Problems
			require.True(t, errors.As(err, &problems), "want stacks.Problems, got %v", err)
			assert.Len(t, problems, tt.problems, "%v", err)
			assert.Empty(t, plan.Resources, "nothing may be registered for an invalid config")
		})
	}
}

func TestExistingVPCStackCreatesNoNetwork(t *testing.T) {
	t.Parallel()
	plan, err := planStack(t, "dev",
		"network={vpcId: vpc-0a1b2c3d4e5f67890, privateSubnetIds: [subnet-0a1b2c3d, subnet-1a1b2c3d]}")
	require.NoError(t, err)
	network, ok := plan.Find(components.TypeNetwork, "network")
	require.True(t, ok)
	for _, r := range plan.Resources {
		assert.NotEqual(t, network.URN, r.Parent, "an existing VPC gets no %s", r.Type)
	}
	assert.Empty(t, plan.ByType("aws:ec2/vpc:Vpc"))
	assert.Empty(t, plan.ByType("aws:ec2/natGateway:NatGateway"))
	assert.Equal(t, "vpc-0a1b2c3d4e5f67890", plan.Outputs["vpcId"])
	cluster, ok := plan.Find("aws:msk/cluster:Cluster", "kafka-cluster")
	require.True(t, ok)
	brokerInfo := cluster.Inputs["brokerNodeGroupInfo"].(map[string]any)
	assert.Equal(t, []any{"subnet-0a1b2c3d", "subnet-1a1b2c3d"}, brokerInfo["clientSubnets"], "the brokers use the given subnets")
}

func TestPlanJSONIsByteIdentical(t *testing.T) {
	t.Parallel()
	// Registration is concurrent, so an ordering race shows up only now and then: run it often.
	var runs [][]byte
	for range 12 {
		plan, err := planStack(t, "dev")
		require.NoError(t, err)
		out, err := plan.JSON()
		require.NoError(t, err)
		runs = append(runs, out)
	}
	for i := 1; i < len(runs); i++ {
		assert.Equal(t, string(runs[0]), string(runs[i]), "run %d differs from the first", i)
	}
}

func TestDatabricksTokenStaysSecret(t *testing.T) {
	t.Parallel()
	opts, err := sim.LoadFixture("dev")
	require.NoError(t, err)
	opts.Config["pinterest-pipeline:databricksToken"] = "dapi-not-a-real-token"
	opts.SecretKeys = append(opts.SecretKeys, "pinterest-pipeline:databricksToken")
	var has bool
	plan, err := sim.Run(opts, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		cfg, err := stacks.Load(ctx)
		if err != nil {
			return nil, err
		}
		has = cfg.HasDatabricksToken
		return map[string]pulumi.Input{"token": cfg.DatabricksToken}, nil
	})
	require.NoError(t, err)
	assert.True(t, has)
	assert.Equal(t, sim.SecretMarker, plan.Outputs["token"])
}

func TestOutputsAreCamelCase(t *testing.T) {
	t.Parallel()
	plan, err := planStack(t, "dev")
	require.NoError(t, err)
	for name := range plan.Outputs {
		assert.Regexp(t, `^[a-z][a-zA-Z0-9]*$`, name)
	}
	keys := make([]string, 0, len(plan.Outputs))
	for k := range plan.Outputs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	assert.Equal(t, []string{
		"airflowUiHostsEntry", "airflowUiLoginCommand", "airflowUiTunnelCommand", "airflowUiTunnelUrl", "apiKey", "batchUrls", "bootstrapBrokersSaslIam", "bucketName", "clientInstanceId", "clientSessionCommand",
		"connectorArn", "dagId", "databricksJobIds", "environment", "estimatedHourlyCostUsd", "expiresAt",
		"invokeUrl", "monthlyBudgetUsd", "notebookPaths", "privateSubnetIds", "publicSubnetIds", "recordUrls", "region", "restProxyEndpoint",
		"s3EndpointId", "streamArns", "userId", "vpcId",
	}, keys)
}

func TestStackSecurityInvariants(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		plan, err := planStack(t, stack)
		require.NoError(t, err)
		ingress := plan.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
		require.GreaterOrEqual(t, len(ingress), 4, "%s: the ingress rules were not found", stack)
		for _, r := range ingress {
			assert.NotEqual(t, "0.0.0.0/0", r.Inputs["cidrIpv4"], "%s/%s is open to the internet", stack, r.Name)
			assert.Nil(t, r.Inputs["cidrIpv6"], "%s/%s", stack, r.Name)
		}
		// IAM grants: TestNoIAMPolicyGrantsAWholeServiceOrEveryResource.
		instances := plan.ByType("aws:ec2/instance:Instance")
		require.Len(t, instances, 1, "%s: the Kafka client host", stack)
		for _, r := range instances {
			md, _ := r.Inputs["metadataOptions"].(map[string]any)
			assert.Equal(t, "required", md["httpTokens"], "%s/%s must require IMDSv2", stack, r.Name)
		}
		cluster, ok := plan.Find("aws:msk/cluster:Cluster", "kafka-cluster")
		require.True(t, ok)
		auth := cluster.Inputs["clientAuthentication"].(map[string]any)
		assert.Equal(t, false, auth["unauthenticated"], stack)
		bucket, ok := plan.Find("aws:s3/bucketV2:BucketV2", "lake-bucket")
		require.True(t, ok)
		assert.Equal(t, stack != "prod", bucket.Inputs["forceDestroy"], "%s: forceDestroy outside prod only", stack)
		assert.Equal(t, stack == "prod", bucket.Protect, "%s: protect in prod only", stack)
	}
}

func TestProdUsesItsCustomerKey(t *testing.T) {
	t.Parallel()
	plan, err := planStack(t, "prod")
	require.NoError(t, err)
	cluster, ok := plan.Find("aws:msk/cluster:Cluster", "kafka-cluster")
	require.True(t, ok)
	enc := cluster.Inputs["encryptionInfo"].(map[string]any)
	assert.Equal(t, "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", enc["encryptionAtRestKmsKeyArn"])
	assert.Equal(t, float64(3), cluster.Inputs["numberOfBrokerNodes"])
	assert.Equal(t, "PER_TOPIC_PER_BROKER", cluster.Inputs["enhancedMonitoring"])
}

func TestClientHostFollowsTheClusterVersion(t *testing.T) {
	t.Parallel()
	for version, want := range map[string][]string{
		"3.8.x":       {"readonly KAFKA_VERSION='3.8.1'", "confluent-community-7.8.2.tar.gz"},
		"3.9.x":       {"readonly KAFKA_VERSION='3.9.1'", "confluent-community-7.9.2.tar.gz"},
		"4.1.x.kraft": {"readonly KAFKA_VERSION='4.1.0'", "confluent-community-8.1.0.tar.gz"},
	} {
		plan, err := planStack(t, "dev", "kafka.version="+version)
		require.NoError(t, err, version)
		cluster, ok := plan.Find("aws:msk/cluster:Cluster", "kafka-cluster")
		require.True(t, ok)
		assert.Equal(t, version, cluster.Inputs["kafkaVersion"])
		host, ok := plan.Find("aws:ec2/instance:Instance", "kafka-client-instance")
		require.True(t, ok)
		for _, w := range want {
			assert.Contains(t, host.Inputs["userData"], w, "kafka.version %s", version)
		}
	}
	_, err := planStack(t, "dev", "kafka.version=2.8.1")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "use 3.8.x, the nearest supported version")
}

func TestClientHostWaitsForTheNetwork(t *testing.T) {
	t.Parallel()
	plan, err := planStack(t, "dev")
	require.NoError(t, err)
	host, ok := plan.Find("aws:ec2/instance:Instance", "kafka-client-instance")
	require.True(t, ok)
	for _, name := range []string{"network-private-default-route-0", "network-private-default-route-1"} {
		route, ok := plan.Find("aws:ec2/route:Route", name)
		require.True(t, ok)
		assert.Contains(t, host.Dependencies, route.URN, "first boot downloads through the NAT route %s", name)
	}
}

func TestIngestURLs(t *testing.T) {
	t.Parallel()
	plan, err := planStack(t, "dev")
	require.NoError(t, err)
	invoke, _ := plan.Outputs["invokeUrl"].(string)
	require.Regexp(t, `^https://[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com/dev$`, invoke)
	assert.Equal(t, map[string]any{
		"pin": invoke + "/topics/0affd9571f39.pin", "geo": invoke + "/topics/0affd9571f39.geo", "user": invoke + "/topics/0affd9571f39.user",
	}, plan.Outputs["batchUrls"])
	assert.Equal(t, map[string]any{
		"pin":  invoke + "/streams/streaming-0affd9571f39-pin/record",
		"geo":  invoke + "/streams/streaming-0affd9571f39-geo/record",
		"user": invoke + "/streams/streaming-0affd9571f39-user/record",
	}, plan.Outputs["recordUrls"])
	assert.Equal(t, sim.SecretMarker, plan.Outputs["apiKey"], "a key by default, exported as a secret")
	noKey, err := planStack(t, "dev", "api.apiKeyRequired=false")
	require.NoError(t, err)
	assert.NotContains(t, noKey.Outputs, "apiKey", "no key when the stack turns it off")

	prod, err := planStack(t, "prod")
	require.NoError(t, err)
	assert.Equal(t, sim.SecretMarker, prod.Outputs["apiKey"], "prod requires a key, exported as a secret")
	for _, s := range prod.ByType("aws:kinesis/stream:Stream") {
		assert.Equal(t, "ON_DEMAND", s.Inputs["streamModeDetails"].(map[string]any)["streamMode"])
		assert.Equal(t, false, s.Inputs["enforceConsumerDeletion"], "prod keeps consumers safe")
	}
}

func TestHTTPProxyOptionOpensOnlyTheLoadBalancer(t *testing.T) {
	t.Parallel()
	plan, err := planStack(t, "dev", "api.proxyIntegration=http")
	require.NoError(t, err)
	var open []string
	for _, r := range plan.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		if r.Inputs["cidrIpv4"] == "0.0.0.0/0" {
			open = append(open, r.Name)
		}
	}
	assert.Equal(t, []string{"rest-proxy-public-in"}, open, "only the public load balancer; the host stays VPC-only")
	nlb, ok := plan.Find("aws:lb/loadBalancer:LoadBalancer", "rest-proxy-nlb")
	require.True(t, ok)
	assert.Equal(t, false, nlb.Inputs["internal"])
}

func TestNoWorkspaceDeclaresNoDatabricks(t *testing.T) {
	t.Parallel()
	plan, err := planStack(t, "dev", "databricks.host=", "databricksToken=", "airflow.enabled=false")
	require.NoError(t, err)
	for _, r := range plan.Resources {
		assert.False(t, strings.HasPrefix(r.Type, "databricks:") || r.Type == "pulumi:providers:databricks", "%s declared without a workspace", r.Type)
		assert.NotEqual(t, "aws:mwaa/environment:Environment", r.Type)
	}
	assert.NotContains(t, plan.Outputs, "databricksJobIds")
	for name := range plan.Outputs {
		assert.False(t, strings.HasPrefix(name, "airflowUi"), "%s exported without MWAA", name)
	}

	withWorkspace, err := planStack(t, "dev", "airflow.enabled=false")
	require.NoError(t, err)
	assert.NotEmpty(t, withWorkspace.ByType("databricks:index/job:Job"), "Databricks without MWAA is fine")
	assert.Empty(t, withWorkspace.ByType("aws:mwaa/environment:Environment"))
}

func TestMWAAUsesTwoPrivateSubnetsInDistinctZones(t *testing.T) {
	t.Parallel()
	plan, err := planStack(t, "prod") // three zones: MWAA still takes exactly two
	require.NoError(t, err)
	env, ok := plan.Find("aws:mwaa/environment:Environment", "airflow-environment")
	require.True(t, ok)
	subnets := env.Inputs["networkConfiguration"].(map[string]any)["subnetIds"].([]any)
	require.Len(t, subnets, 2)
	private := plan.Outputs["privateSubnetIds"].([]any)
	assert.Equal(t, private[:2], subnets)
	zones := map[string]bool{}
	for _, name := range []string{"network-private-0", "network-private-1"} {
		s, ok := plan.Find("aws:ec2/subnet:Subnet", name)
		require.True(t, ok)
		zones[s.Inputs["availabilityZone"].(string)] = true
	}
	assert.Len(t, zones, 2, "two distinct zones")
	assert.Equal(t, "mw1.small", env.Inputs["environmentClass"])
}

func TestDatabricksTokenNeverAppearsInThePlan(t *testing.T) {
	t.Parallel()
	opts, err := sim.LoadFixture("dev")
	require.NoError(t, err)
	const token = "dapi-plaintext-must-not-leak"
	opts.Config["pinterest-pipeline:databricksToken"] = token
	plan, err := sim.Run(opts, Stack)
	require.NoError(t, err)
	out, err := plan.JSON()
	require.NoError(t, err)
	assert.NotContains(t, string(out), token)
	provider, ok := plan.Find("pulumi:providers:databricks", "databricks-provider")
	require.True(t, ok)
	assert.Equal(t, sim.SecretMarker, provider.Inputs["token"])
}

// The running program prices what it registered (cost.Registrations), because a program
// cannot read back its inputs; the offline plan prices what the engine received. Both must
// give the same estimate, line for line: a resource registered late (inside an apply) or an
// input the recorder reads differently from the engine fails here.
func TestTheProgramsOwnEstimateMatchesTheDeclaredResources(t *testing.T) {
	t.Parallel()
	cases := []struct {
		stack     string
		overrides []string
	}{
		{"dev", nil},
		{"prod", nil},
		{"dev", []string{"network.azCount=3", "kafka.brokerCount=3", "network.natGateways=onePerAz"}},
		{"dev", []string{"streams={mode: ON_DEMAND}"}},
		{"dev", []string{"streams.shardCount=2", "streams.retentionHours=48", "connect.maxWorkerCount=3", "api.proxyIntegration=http"}},
		{"dev", []string{"kafka.brokerInstanceType=kafka.m5.large", "client.instanceType=t3.medium", "client.rootVolumeGiB=40"}},
		{"dev", []string{"aws:region=eu-west-2"}},
		{"dev", []string{"databricks.host=", "airflow.enabled=false"}},
	}
	// lines are an estimate's priced and unpriced entries without URNs, which only the engine knows.
	lines := func(e cost.Estimate) []string {
		var out []string
		for _, l := range e.Resources {
			out = append(out, fmt.Sprintf("%s %.6f %s", l.Type, l.HourlyUSD, l.Basis))
		}
		for _, u := range e.Unpriced {
			out = append(out, fmt.Sprintf("%s unpriced: %s", u.Type, u.Reason))
		}
		sort.Strings(out)
		return out
	}
	for _, tc := range cases {
		t.Run(tc.stack+" "+strings.Join(tc.overrides, " "), func(t *testing.T) {
			t.Parallel()
			opts, err := sim.LoadFixture(tc.stack, tc.overrides...)
			require.NoError(t, err)
			var running cost.Estimate
			plan, err := sim.Run(opts, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
				p, err := loadAndDeploy(ctx)
				if err != nil {
					return nil, err
				}
				running = p.Estimate()
				return p.Outputs(), nil
			})
			require.NoError(t, err)
			declared := cost.EstimateResources(plan.Outputs["region"].(string), simcheck.CostResources(plan.Resources))
			want := lines(declared)
			require.NotEmpty(t, want, "the plan declares billable resources")
			assert.Equal(t, want, lines(running))
			assert.Equal(t, declared.UsageBased, running.UsageBased)
			assert.InDelta(t, declared.HourlyUSD, plan.Outputs["estimatedHourlyCostUsd"], 1e-9)
			if declared.Complete {
				assert.NotContains(t, plan.Outputs, "estimatedCostNote")
			} else {
				assert.Contains(t, plan.Outputs["estimatedCostNote"], "lower bound")
			}
		})
	}
}

// Every stack with a workspace lets the workspace's cross-account role pass the clusters' role
// before any job exists, and a broken batch job starts at most two clusters a day.
func TestDatabricksJobsCanStartOnEveryStack(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			plan, err := planStack(t, stack)
			require.NoError(t, err)
			profile, ok := plan.Find("databricks:index/instanceProfile:InstanceProfile", "databricks-workspace-instance-profile")
			require.True(t, ok)
			role, ok := plan.Find("aws:iam/role:Role", "databricks-cluster-role")
			require.True(t, ok)
			roleArn := "arn:aws:iam::" + sim.Account + ":role/" + role.Inputs["name"].(string)
			var grants []sim.Resource
			for _, p := range plan.ByType("aws:iam/rolePolicy:RolePolicy") {
				var doc struct {
					Statement []struct{ Action, Resource any }
				}
				require.NoError(t, json.Unmarshal([]byte(p.Inputs["policy"].(string)), &doc))
				for _, st := range doc.Statement {
					if strings.Contains(fmtJSON(st.Action), "iam:PassRole") && strings.Contains(fmtJSON(st.Resource), roleArn) {
						grants = append(grants, p)
					}
				}
			}
			require.Len(t, grants, 1, "one iam:PassRole grant on %s", roleArn)
			assert.NotEqual(t, role.Inputs["name"], grants[0].Inputs["role"], "granted to the workspace's role, not the clusters' own")
			assert.Contains(t, profile.Dependencies, grants[0].URN)

			dag, ok := plan.Find("aws:s3/bucketObjectv2:BucketObjectv2", "airflow-dag")
			require.True(t, ok)
			m := regexp.MustCompile(`"retries": (\d+)`).FindStringSubmatch(dag.Inputs["content"].(string))
			require.Len(t, m, 2, "the DAG sets its retries")
			dagRetries, err := strconv.Atoi(m[1])
			require.NoError(t, err)
			batch, ok := plan.Find("databricks:index/job:Job", "databricks-batch-job")
			require.True(t, ok)
			tasks := batch.Inputs["tasks"].([]any)
			require.Len(t, tasks, 1)
			jobRetries := int(tasks[0].(map[string]any)["maxRetries"].(float64))
			assert.LessOrEqual(t, (1+dagRetries)*(1+jobRetries), 2, "cluster launches per daily run of a broken job")
		})
	}
}

func fmtJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// markdownSection returns the "## " section with this title from a document under the
// repository, up to the next "## " heading.
func markdownSection(t *testing.T, file, title string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", file))
	require.NoError(t, err)
	text := string(raw)
	start := strings.Index(text, "\n## "+title+"\n")
	require.GreaterOrEqual(t, start, 0, "%s has no section %q", file, title)
	end := strings.Index(text[start+1:], "\n## ")
	if end < 0 {
		return text[start:]
	}
	return text[start : start+1+end]
}

// The learner guide tells a learner what the workspace needs and how to give the one token
// that serves Pulumi and Airflow an expiry and rotate it; how it works explains the jobs.
func TestDocsExplainTheWorkspaceAndTheToken(t *testing.T) {
	t.Parallel()
	setup := markdownSection(t, "docs/learner-guide.md", "Deploying for real")
	for _, want := range []string{
		"databricks.crossAccountRoleName", "Credential configuration", // where the role's name is
	} {
		assert.Contains(t, setup, want)
	}
	token := markdownSection(t, "docs/learner-guide.md", "Processing: the workspace and its token")
	for _, want := range []string{
		"--lifetime-seconds",                         // a token with an expiry
		"pulumi config set --secret databricksToken", // rotation, step one
		"pulumi up", // rotation, step two: the Airflow connection follows
		"databricks_default",
		"databricks.catalog", "databricks.checkpointVolume", "CREATE VOLUME", // workspaces without legacy features
	} {
		assert.Contains(t, token, want)
	}
	processing := markdownSection(t, "docs/how-it-works.md", "Processing: Databricks and MWAA")
	for _, want := range []string{
		"databricks.crossAccountRoleName", "Credential configuration",
		"SINGLE_USER", "databricks.streamingIntervalHours", "databricks_default",
	} {
		assert.Contains(t, processing, want)
	}
	for _, section := range []string{token, processing} {
		assert.NotContains(t, section, "partition=0/", "the batch reads every partition")
		assert.NotContains(t, section, "mode: continuous", "no continuous mode for the job timeout to kill")
	}
}

// Raw data must outlive the stack, or the daily batch reports on a rolling window while the
// course's queries assume all data: any expiry on topics/ is at least the stack's ttl.
func TestRawDataOutlivesTheStack(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		opts, err := sim.LoadFixture(stack)
		require.NoError(t, err)
		var identity struct {
			TTL string `json:"ttl"`
		}
		require.NoError(t, json.Unmarshal([]byte(opts.Config[stacks.Project+":identity"]), &identity))
		plan, err := sim.Run(opts, Stack)
		require.NoError(t, err)
		lifecycle, ok := plan.Find("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "lake-lifecycle")
		require.True(t, ok, stack)
		rules := lifecycle.Inputs["rules"].([]any)
		expiring := 0
		for _, r := range rules {
			rule := r.(map[string]any)
			if rule["id"] != "expire-raw-data" {
				continue
			}
			expiring++
			ttl, ok := stacks.ParseTTL(identity.TTL)
			require.True(t, ok, "%s: an expiring stack has a ttl", stack)
			days := rule["expiration"].(map[string]any)["days"].(float64)
			assert.GreaterOrEqual(t, days*24, ttl.Hours(), "%s: topics/ expires before the stack's ttl %s", stack, identity.TTL)
		}
		if stack == "prod" {
			assert.Zero(t, expiring, "prod keeps raw data")
		} else {
			assert.Equal(t, 1, expiring, "%s: one expiry rule on topics/", stack)
		}
	}
}

// Every stack comes down in one `pulumi destroy`, or stops on purpose at a protected resource,
// and goes up again right after: the teardown policies hold on the dev and prod plans.
func TestEveryStackTearsDownAndComesBack(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		opts, err := sim.LoadFixture(stack)
		require.NoError(t, err)
		plan, err := sim.Run(opts, Stack)
		require.NoError(t, err)
		buckets, secrets := plan.ByType("aws:s3/bucketV2:BucketV2"), plan.ByType("aws:secretsmanager/secret:Secret")
		require.Len(t, buckets, 2, "%s: the lake and the DAG bucket", stack)
		require.Len(t, secrets, 1, "%s: the Airflow connection", stack)
		violations, err := simcheck.Policies(t.Context(), plan, opts.Config)
		require.NoError(t, err)
		for _, v := range violations {
			assert.NotContains(t, []string{pack.PolicyBucketsDeletable, pack.PolicySecretsRecreatable}, v.Policy, "%s: %s %s", stack, v.URN, v.Message)
		}
	}
}

// The outputs never name a URL a browser on the learner's laptop cannot open: a private web
// server is exported only with the tunnel through the client host that reaches it.
func TestAirflowUIOutputsAreReachable(t *testing.T) {
	t.Parallel()
	private, err := planStack(t, "dev")
	require.NoError(t, err)
	env := private.ByType("aws:mwaa/environment:Environment")
	require.Len(t, env, 1)
	require.Equal(t, "PRIVATE_ONLY", env[0].Inputs["webserverAccessMode"])
	assert.NotContains(t, private.Outputs, "airflowUiUrl", "a private web server has no address outside the VPC")
	instance, ok := private.Outputs["clientInstanceId"].(string)
	require.True(t, ok)
	assert.Contains(t, private.Outputs["airflowUiTunnelCommand"], "--target "+instance+" ", "the tunnel goes through the client host")
	assert.Contains(t, private.Outputs["airflowUiTunnelCommand"], "--region us-east-1 ")
	assert.Contains(t, private.Outputs["airflowUiLoginCommand"], "--name "+stacks.AirflowEnvironmentName("0affd9571f39")+" ")

	public, err := planStack(t, "dev", "airflow.webserverAccessMode=PUBLIC_ONLY")
	require.NoError(t, err)
	assert.Contains(t, public.Outputs, "airflowUiUrl")
	assert.Contains(t, public.Outputs, "airflowUiLoginCommand")
	for _, name := range []string{"airflowUiTunnelCommand", "airflowUiHostsEntry", "airflowUiTunnelUrl"} {
		assert.NotContains(t, public.Outputs, name)
	}
}

// The account's API Gateway CloudWatch role is one setting per account and region: no stack
// sets it (and clears it on destroy) unless configured to own it, and a stage writes access
// logs only when the role exists, since API Gateway refuses access logging without it.
func TestAPIGatewayAccountLoggingIsOwnedByChoice(t *testing.T) {
	t.Parallel()
	const account = "aws:apigateway/account:Account"
	stageOf := func(t *testing.T, plan *sim.Plan) sim.Resource {
		t.Helper()
		stages := plan.ByType("aws:apigateway/stage:Stage")
		require.Len(t, stages, 1)
		return stages[0]
	}
	accessLogGroups := func(plan *sim.Plan) int {
		n := 0
		for _, lg := range plan.ByType("aws:cloudwatch/logGroup:LogGroup") {
			if name, _ := lg.Inputs["name"].(string); strings.HasPrefix(name, "/aws/apigateway/") {
				n++
			}
		}
		return n
	}
	for _, stack := range []string{"dev", "prod"} {
		plan, err := planStack(t, stack)
		require.NoError(t, err)
		assert.Empty(t, plan.ByType(account), "%s sets the account's role without being asked to", stack)
		assert.NotContains(t, stageOf(t, plan).Inputs, "accessLogSettings", "%s: access logs without a role fail", stack)
		assert.Equal(t, 0, accessLogGroups(plan), stack)
	}

	owner, err := planStack(t, "dev", "api.accountLoggingRole=true")
	require.NoError(t, err)
	accounts := owner.ByType(account)
	require.Len(t, accounts, 1)
	parent, ok := owner.ByURN(accounts[0].Parent)
	require.True(t, ok)
	assert.Equal(t, components.TypeAPIAccountLogging, parent.Type, "the setting is a component of its own")
	stage := stageOf(t, owner)
	assert.Contains(t, stage.Inputs, "accessLogSettings")
	assert.Contains(t, stage.Dependencies, accounts[0].URN, "the stage logs only once the role is set")
	assert.Equal(t, 1, accessLogGroups(owner))

	elsewhere, err := planStack(t, "dev", "api.accountHasLoggingRole=true")
	require.NoError(t, err)
	assert.Empty(t, elsewhere.ByType(account))
	assert.Contains(t, stageOf(t, elsewhere).Inputs, "accessLogSettings", "another stack owns the role; this one still logs")
}

func TestEveryNonProdStackHasABudgetAlertToItsOwner(t *testing.T) {
	t.Parallel()
	devLimit := fmt.Sprintf("%.2f", math.Ceil(devEstimate(t).MonthlyUSD))
	tests := []struct {
		name      string
		stack     string
		overrides []string
		limit     string // "" for no budget
	}{
		// dev's monthly estimate (mw1.micro at mw1.small's price), rounded up to a dollar.
		{"dev derives the limit from the estimate", "dev", nil, devLimit},
		{"staging too", "dev", []string{"identity.environment=staging"}, devLimit},
		{"an unpriced region falls back to the hourly budget's month", "dev", []string{"aws:region=eu-west-2"}, "730.00"},
		{"an explicit limit wins", "dev", []string{"cost.monthlyBudgetUsd=150"}, "150.00"},
		{"prod has none by default", "prod", nil, ""},
		{"prod has one when configured", "prod", []string{"cost.monthlyBudgetUsd=2500"}, "2500.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			plan, err := planStack(t, tt.stack, tt.overrides...)
			require.NoError(t, err)
			budgets := plan.ByType("aws:budgets/budget:Budget")
			if tt.limit == "" {
				assert.Empty(t, budgets)
				assert.NotContains(t, plan.Outputs, "monthlyBudgetUsd")
				return
			}
			require.Len(t, budgets, 1)
			b := budgets[0]
			assert.Equal(t, tt.limit, b.Inputs["limitAmount"])
			assert.Equal(t, tt.limit, plan.Outputs["monthlyBudgetUsd"])
			notifications, ok := b.Inputs["notifications"].([]any)
			require.True(t, ok)
			require.Len(t, notifications, 2, "an actual and a forecast alert")
			owner := "learner@example.com"
			if tt.stack == "prod" {
				owner = "data-platform@example.com"
			}
			for _, n := range notifications {
				assert.Equal(t, []any{owner}, n.(map[string]any)["subscriberEmailAddresses"])
			}
		})
	}
}

func TestABudgetNeedsAnEmailOwner(t *testing.T) {
	t.Parallel()
	_, err := planStack(t, "dev", "identity.owner=data-team")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "identity.owner")
	assert.Contains(t, err.Error(), `"data-team" is not a plain email address`)
}
