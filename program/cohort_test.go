package program

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/grants"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/simcheck"
	"github.com/pinterest-pipeline/pinterest-pipeline/policies/pack"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// planLearner plans the learner template (testdata/stacks/Pulumi.learner.yaml) for one user id;
// the offline engine plans its platform (Pulumi.platform.yaml) to stand in the StackReference.
func planLearner(t *testing.T, userID string, port int, overrides ...string) (*sim.Plan, error) {
	t.Helper()
	return planStack(t, "learner", append([]string{
		"identity.userId=" + userID, "identity.owner=" + userID + "@example.com", fmt.Sprintf("cohort.proxyPort=%d", port),
	}, overrides...)...)
}

// Issue 16: the platform declares what the cohort shares and nothing of a learner's; a learner
// stack declares its own resources under the course's names and none of the platform's kinds.
func TestCohortShapesDeclareTheirOwnParts(t *testing.T) {
	t.Parallel()
	platform, err := planStack(t, "platform")
	require.NoError(t, err)
	for _, typ := range []string{"aws:msk/cluster:Cluster", "aws:ec2/natGateway:NatGateway", "aws:ec2/vpc:Vpc"} {
		assert.Len(t, platform.ByType(typ), 1, "the platform declares the cohort's one %s", typ)
	}
	for _, typ := range []string{"aws:kinesis/stream:Stream", "aws:apigateway/restApi:RestApi",
		"aws:mskconnect/connector:Connector", "aws:ec2/instance:Instance"} {
		assert.Empty(t, platform.ByType(typ), "a learner's %s is the learner stack's", typ)
	}
	buckets := platform.ByType("aws:s3/bucketV2:BucketV2")
	require.Len(t, buckets, 1, "the platform's one bucket holds the cohort's DAGs")
	assert.True(t, strings.HasPrefix(buckets[0].Inputs["bucket"].(string), "airflow-"), buckets[0].Inputs["bucket"])
	for _, typ := range []string{"aws:mwaa/environment:Environment", "aws:lb/loadBalancer:LoadBalancer", "aws:apigateway/vpcLink:VpcLink"} {
		assert.Len(t, platform.ByType(typ), 1, "the platform declares the cohort's one %s", typ)
	}
	assert.Empty(t, platform.ByType("aws:lb/listener:Listener"), "each learner's stack adds its own listener")

	learner, err := planLearner(t, "ann1", 8101)
	require.NoError(t, err)
	for _, typ := range pack.PlatformOnlyTypes {
		assert.Empty(t, learner.ByType(typ), "a learner stack declares no %s: the platform's serves the cohort", typ)
	}
	bucket, ok := learner.Find("aws:s3/bucketV2:BucketV2", "lake-bucket")
	require.True(t, ok)
	assert.Equal(t, "user-ann1-bucket", bucket.Inputs["bucket"])
	streams := learner.ByType("aws:kinesis/stream:Stream")
	require.Len(t, streams, len(stacks.RecordKinds))
	for _, s := range streams {
		assert.True(t, strings.HasPrefix(s.Inputs["name"].(string), "streaming-ann1-"), s.Inputs["name"])
	}
	connector := learner.ByType("aws:mskconnect/connector:Connector")
	require.Len(t, connector, 1)
	assert.Equal(t, "ann1-connector", connector[0].Inputs["name"])
	api := learner.ByType("aws:apigateway/restApi:RestApi")
	require.Len(t, api, 1)
	assert.Equal(t, "ann1", api[0].Inputs["name"])

	// The learner's hosts go into the platform's network and reach the platform's brokers.
	instance := learner.ByType("aws:ec2/instance:Instance")
	require.Len(t, instance, 1)
	subnets, _ := platform.Outputs["privateSubnetIds"].([]any)
	require.NotEmpty(t, subnets)
	assert.Equal(t, subnets[0], instance[0].Inputs["subnetId"], "the client host is in the platform's first private subnet")
	assert.Equal(t, platform.Outputs["kafkaBootstrapBrokers"], learner.Outputs["bootstrapBrokersSaslIam"])

	// Its REST proxy has its own port on the platform's load balancer, behind the platform's VPC link.
	listeners := learner.ByType("aws:lb/listener:Listener")
	require.Len(t, listeners, 1)
	assert.Equal(t, platform.Outputs["proxyLoadBalancerArn"], listeners[0].Inputs["loadBalancerArn"])
	assert.EqualValues(t, 8101, listeners[0].Inputs["port"])
	integrations := 0
	for _, i := range learner.ByType("aws:apigateway/integration:Integration") {
		if uri, _ := i.Inputs["uri"].(string); strings.Contains(uri, "/topics/") {
			integrations++
			assert.Equal(t, platform.Outputs["proxyVpcLinkId"], i.Inputs["connectionId"])
			assert.True(t, strings.HasPrefix(uri, fmt.Sprintf("http://%s:8101/", platform.Outputs["proxyLoadBalancerDns"])), uri)
		}
	}
	assert.Equal(t, len(stacks.RecordKinds), integrations, "one producer route per topic")
	// Only the platform's load balancer reaches the learner's REST proxy, not the VPC the cohort shares.
	restIn, ok := learner.Find("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "kafka-client-rest-proxy-in")
	require.True(t, ok)
	require.NotEmpty(t, platform.Outputs["proxySecurityGroupId"])
	assert.Equal(t, platform.Outputs["proxySecurityGroupId"], restIn.Inputs["referencedSecurityGroupId"])
	assert.NotContains(t, restIn.Inputs, "cidrIpv4")

	// Its DAG goes to the platform's shared DAG bucket, under the course's file name.
	dags := learner.ByType("aws:s3/bucketObjectv2:BucketObjectv2")
	require.NotEmpty(t, dags)
	found := false
	for _, d := range dags {
		if d.Inputs["key"] == "dags/"+stacks.DAGFileName("ann1") {
			found = true
			assert.Equal(t, platform.Outputs["airflowDagBucket"], d.Inputs["bucket"])
		}
	}
	assert.True(t, found, "the learner's DAG is uploaded as dags/ann1_dag.py")
}

// learnerNames are ARNs of one learner's own resources, as another learner's policy must never reach them.
func learnerNames(platform *sim.Plan, userID string) []string {
	clusterArn, _ := platform.Outputs["kafkaClusterArn"].(string)
	topicBase := strings.Replace(clusterArn, ":cluster/", ":topic/", 1)
	groupBase := strings.Replace(clusterArn, ":cluster/", ":group/", 1)
	names := []string{
		"arn:aws:s3:::" + stacks.BucketName(userID), "arn:aws:s3:::" + stacks.BucketName(userID) + "/topics/" + userID + ".pin/partition=0/x.json",
		"arn:aws:iam::123456789012:role/" + stacks.EC2AccessRoleName(userID),
		"arn:aws:iam::123456789012:role/" + stacks.ConnectRoleName(userID),
		groupBase + "/connect-" + stacks.ConnectorName(userID),
		// MSK Connect's internal topics carry the connector's name ("State management of Amazon
		// MSK Connect applications" and "Use the default offset storage topic", MSK Developer Guide,
		// which name them __msk_connect_<kind>_<name>_<id> and __amazon_msk_connect_<kind>_<name>_<id>).
		topicBase + "/__amazon_msk_connect_offsets_" + stacks.ConnectorName(userID) + "_0e2ae5b4-1c1b-4a1e-9a55-3c8f1b2e7d10-2",
		topicBase + "/__msk_connect_status_" + stacks.ConnectorName(userID) + "_0e2ae5b4-1c1b-4a1e-9a55-3c8f1b2e7d10-2",
	}
	for _, kind := range stacks.RecordKinds {
		names = append(names,
			"arn:aws:kinesis:us-east-1:123456789012:stream/"+stacks.StreamName(userID, kind),
			topicBase+"/"+stacks.TopicName(userID, kind))
	}
	if bucket, ok := platform.Outputs["sharedConnectorBucket"].(string); ok {
		names = append(names, "arn:aws:s3:::"+bucket+"/topics/"+userID+".pin/partition=0/x.json")
	}
	if bucket, ok := platform.Outputs["airflowDagBucket"].(string); ok {
		names = append(names, "arn:aws:s3:::"+bucket+"/dags/"+stacks.DAGID(userID)+".py")
	}
	return names
}

// clusterDataPlaneActions are what a learner may do on the platform's cluster itself: connect,
// describe it and write idempotently, the cluster-resource actions a producer needs under IAM
// access control ("Semantics of IAM authorization policy actions and resources", Amazon MSK
// Developer Guide, https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html: the
// three name the cluster as their required resource). Altering the cluster or its dynamic
// configuration is the platform's alone.
var clusterDataPlaneActions = map[string]bool{
	"kafka-cluster:Connect": true, "kafka-cluster:DescribeCluster": true, "kafka-cluster:WriteDataIdempotently": true,
}

// Issue 16: whatever its statements are called, no policy of one learner's stack grants
// anything on another learner's names, nor on the platform's resources beyond connecting to
// the cluster. The second learner's id starts with the first's, so a wildcard one character
// too wide would show.
func TestNoLearnerPolicyReachesAnotherLearnerOrThePlatform(t *testing.T) {
	t.Parallel()
	platform, err := planStack(t, "platform")
	require.NoError(t, err)
	clusterArn, _ := platform.Outputs["kafkaClusterArn"].(string)
	require.NotEmpty(t, clusterArn)
	learners := map[string]int{"ann1": 8101, "ann12": 8102}
	plans := map[string]*sim.Plan{}
	for id, port := range learners {
		plans[id], err = planLearner(t, id, port, "cohort.consoleRoleTrust=arn:aws:iam::123456789012:user/"+id)
		require.NoError(t, err, id)
	}
	for id, plan := range plans {
		policies, _, err := grants.InPlan(plan)
		require.NoError(t, err)
		require.GreaterOrEqual(t, len(policies), 4, "%s: the learner's identity policies were not all found", id)
		var others []string
		for other := range learners {
			if other != id {
				others = append(others, learnerNames(platform, other)...)
			}
		}
		require.Greater(t, len(others), 8)
		examined := 0
		for _, p := range policies {
			for _, g := range grants.Allowed(p.Grants) {
				examined++
				if _, listing := accountWideActions[g.Action]; listing && g.AccountWide() {
					continue // no resource-level permission exists (TestNoIAMPolicyGrantsAWholeServiceOrEveryResource)
				}
				for _, name := range others {
					assert.False(t, grants.Match(g.Resource, name), "%s: %s allows %s on %q, which reaches another learner's %s",
						id, p.Where, g.Action, g.Resource, name)
				}
				if grants.Match(g.Resource, clusterArn) {
					assert.True(t, clusterDataPlaneActions[g.Action], "%s: %s allows %s on the platform's cluster %q: a learner may only connect",
						id, p.Where, g.Action, g.Resource)
				}
			}
		}
		assert.Greater(t, examined, 30, "%s: too few grants examined", id)
	}
}

// A learner stack needs its platform: without the platform's outputs it fails with the fix,
// before declaring anything of the learner's.
func TestALearnerStackNamesAMissingPlatform(t *testing.T) {
	t.Parallel()
	opts, err := sim.LoadFixture("learner", "identity.userId=ann1", "cohort.platformStack=acme/pinterest-pipeline/nosuch")
	require.NoError(t, err)
	plan, err := sim.Run(opts, Stack)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nosuch")
	assert.Empty(t, plan.Custom(), "nothing of the learner's is declared without the platform")

	platform, err := planStack(t, "platform")
	require.NoError(t, err)
	outputs := map[string]any{}
	for name, v := range platform.Outputs {
		if name != "kafkaBootstrapBrokers" && name != "kafkaClusterArn" {
			outputs[name] = v
		}
	}
	opts, err = sim.LoadFixture("learner", "identity.userId=ann1")
	require.NoError(t, err)
	opts.StackReferences = map[string]map[string]any{"platform": outputs}
	plan, err = sim.Run(opts, Stack)
	require.Error(t, err, "a paused or half-deployed platform")
	assert.Contains(t, err.Error(), "has no output kafkaClusterArn, kafkaBootstrapBrokers")
	assert.Contains(t, err.Error(), "pulumi config set paused false --stack platform")
	assert.Empty(t, plan.Custom())
}

// The learner's client host installs the Kafka tools of its own kafka.version: a learner stack
// whose version is not the platform cluster's is refused, with the fix.
func TestALearnerStackMustRunThePlatformsKafkaVersion(t *testing.T) {
	t.Parallel()
	platform, err := planStack(t, "platform")
	require.NoError(t, err)
	outputs := map[string]any{}
	for name, v := range platform.Outputs {
		outputs[name] = v
	}
	outputs["kafkaVersion"] = "3.6.0"
	opts, err := sim.LoadFixture("learner", "identity.userId=ann1")
	require.NoError(t, err)
	opts.StackReferences = map[string]map[string]any{"platform": outputs}
	plan, err := sim.Run(opts, Stack)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the platform's cluster runs 3.6.0")
	assert.Contains(t, err.Error(), "pulumi config set --path kafka.version 3.6.0")
	assert.Empty(t, plan.Custom())
}

// Every preview of a cohort stack runs the pack: the shipped platform and learner pass every
// mandatory policy, and a platform kind of resource planted in a learner's plan is refused.
func TestCohortStacksPassThePolicyPack(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"platform", "learner"} {
		opts, err := sim.LoadFixture(stack)
		require.NoError(t, err)
		plan, err := sim.Run(opts, Stack)
		require.NoError(t, err)
		violations, err := simcheck.Policies(t.Context(), plan, opts.Config)
		require.NoError(t, err)
		for _, v := range violations {
			assert.False(t, v.Mandatory(), "%s: %s %s: %s", stack, v.Policy, v.URN, v.Message)
		}
		if stack != "learner" {
			continue
		}
		nat := sim.Resource{URN: "urn:pulumi:learner::pinterest-pipeline::aws:ec2/natGateway:NatGateway::nat", Type: "aws:ec2/natGateway:NatGateway",
			Name: "nat", Custom: true, Inputs: map[string]any{}, Dependencies: []string{}, PropertyDependencies: map[string][]string{}}
		plan.Resources = append(plan.Resources, nat)
		violations, err = simcheck.Policies(t.Context(), plan, opts.Config)
		require.NoError(t, err)
		refused := 0
		for _, v := range violations {
			if v.Policy == pack.PolicyLearnerNoPlatformResources {
				refused++
				assert.Equal(t, nat.URN, v.URN)
				assert.True(t, v.Mandatory())
			}
		}
		assert.Equal(t, 1, refused, "the planted NAT gateway is refused")
	}
}

// Issue 16 with issue 15: a cohort pauses learners first, then its platform, and resumes in the
// other order. A paused learner plans against a paused platform, keeping its names; a running
// learner on a paused platform is refused with the command that resumes the platform.
func TestACohortPausesLearnersThenPlatform(t *testing.T) {
	t.Parallel()
	platform, err := planStack(t, "platform", "paused=true")
	require.NoError(t, err)
	for _, name := range []string{"kafkaClusterArn", "kafkaBootstrapBrokers", "proxyLoadBalancerArn", "proxyVpcLinkId"} {
		assert.NotContains(t, platform.Outputs, name, "a paused platform has no %s to export", name)
	}
	assert.Empty(t, platform.ByType("aws:msk/cluster:Cluster"))
	assert.Empty(t, platform.ByType("aws:lb/loadBalancer:LoadBalancer"))

	opts, err := sim.LoadFixture("learner", "identity.userId=ann1", "paused=true", "cohort.consoleRoleTrust=arn:aws:iam::123456789012:user/ann1")
	require.NoError(t, err)
	opts.StackReferences = map[string]map[string]any{"platform": platform.Outputs}
	paused, err := sim.Run(opts, Stack)
	require.NoError(t, err, "a paused learner, with its console role, plans on a paused platform")
	_, kept := paused.Find("aws:iam/role:Role", "learner-access-role")
	assert.True(t, kept, "the learner's console role stays while paused")
	assert.Empty(t, paused.ByType("aws:ec2/instance:Instance"))
	assert.Empty(t, paused.ByType("aws:mskconnect/connector:Connector"))
	assert.Empty(t, paused.ByType("aws:lb/listener:Listener"))
	running, err := planLearner(t, "ann1", 8100)
	require.NoError(t, err)
	for _, name := range []string{"bucketName", "invokeUrl", "recordUrls", "streamArns"} {
		assert.Equal(t, running.Outputs[name], paused.Outputs[name], "%s is the same paused and running", name)
	}

	opts, err = sim.LoadFixture("learner", "identity.userId=ann1")
	require.NoError(t, err)
	opts.StackReferences = map[string]map[string]any{"platform": platform.Outputs}
	_, err = sim.Run(opts, Stack)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pulumi config set paused false --stack platform && pulumi up --stack platform")
}

// A security group holds at most 60 inbound rules ("Amazon Virtual Private Cloud endpoints and
// quotas"): the platform admits its network on the brokers' port once, and a learner adds no
// rule to any platform security group, so the 50th learner deploys like the first.
func TestLearnersAddNoRuleToThePlatformsSecurityGroups(t *testing.T) {
	t.Parallel()
	platform, err := planStack(t, "platform")
	require.NoError(t, err)
	brokers, _ := platform.Outputs["kafkaSecurityGroupId"].(string)
	require.NotEmpty(t, brokers)
	fromNetwork := 0
	for _, r := range platform.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		if r.Inputs["cidrIpv4"] == platform.Outputs["vpcCidr"] && r.Inputs["fromPort"] == float64(9098) {
			fromNetwork++
		}
	}
	assert.Equal(t, 1, fromNetwork, "the platform admits its network on the SASL/IAM port once")
	learner, err := planLearner(t, "ann1", 8101)
	require.NoError(t, err)
	rules := append(learner.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
		learner.ByType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")...)
	require.NotEmpty(t, rules)
	for _, r := range rules {
		assert.NotEqual(t, brokers, r.Inputs["securityGroupId"], "%s adds a rule to the platform's broker security group", r.Name)
	}
}

// sharedModes are the platform's keys of the cohort's cheapest mode (docs/cohort-shared.md).
var sharedModes = []string{"cohort.sharedClient=true", "cohort.sharedConnector=true"}

// planSharedCohort plans a platform with the shared client and connector, and learners that use
// both, reading that platform's outputs.
func planSharedCohort(t *testing.T, learners map[string]int) (*sim.Plan, map[string]*sim.Plan) {
	t.Helper()
	platform, err := planStack(t, "platform", sharedModes...)
	require.NoError(t, err)
	plans := map[string]*sim.Plan{}
	for id, port := range learners {
		opts, err := sim.LoadFixture("learner", append([]string{"identity.userId=" + id, "identity.owner=" + id + "@example.com",
			fmt.Sprintf("cohort.proxyPort=%d", port)}, sharedModes...)...)
		require.NoError(t, err)
		opts.StackReferences = map[string]map[string]any{"platform": platform.Outputs}
		plans[id], err = sim.Run(opts, Stack)
		require.NoError(t, err, id)
	}
	return platform, plans
}

// Issue 16, cheapest mode: the platform declares exactly one client host and one connector for
// the whole cohort; its proxy may produce to every learner's topics, its connector reads them.
func TestASharedPlatformDeclaresOneHostAndOneConnector(t *testing.T) {
	t.Parallel()
	platform, _ := planSharedCohort(t, nil)
	instances := platform.ByType("aws:ec2/instance:Instance")
	require.Len(t, instances, 1, "one shared Kafka client host")
	connectors := platform.ByType("aws:mskconnect/connector:Connector")
	require.Len(t, connectors, 1, "one shared S3 sink connector")
	config, _ := connectors[0].Inputs["connectorConfiguration"].(map[string]any)
	require.NotNil(t, config)
	bucket := platform.Outputs["sharedConnectorBucket"]
	require.NotEmpty(t, bucket)
	assert.Equal(t, bucket, config["s3.bucket.name"], "the connector writes the bucket the learners are told to read")
	re := regexp.MustCompile("^(?:" + config["topics.regex"].(string) + ")$")
	for _, topic := range []string{"ann1.pin", "ann12.geo", "bob.user"} {
		assert.True(t, re.MatchString(topic), "the shared connector copies %s", topic)
	}
	assert.False(t, re.MatchString("__amazon_msk_connect_offsets_x"), "not MSK Connect's internal topics")

	// One listener, on client.restProxyPort, outside the learners' port range, to the shared host.
	listeners := platform.ByType("aws:lb/listener:Listener")
	require.Len(t, listeners, 1)
	assert.EqualValues(t, 8082, listeners[0].Inputs["port"])
	assert.Equal(t, fmt.Sprintf("http://%s:8082", platform.Outputs["proxyLoadBalancerDns"]), platform.Outputs["sharedProxyUrl"])
	attachments := platform.ByType("aws:lb/targetGroupAttachment:TargetGroupAttachment")
	require.Len(t, attachments, 1)
	require.NotEmpty(t, platform.Outputs["sharedClientInstanceId"])
	assert.Equal(t, platform.Outputs["sharedClientInstanceId"], attachments[0].Inputs["targetId"], "the listener forwards to the shared host")

	// The REST proxy role produces to every learner's three topics and administers none.
	policies, _, err := grants.InPlan(platform)
	require.NoError(t, err)
	clusterArn, _ := platform.Outputs["kafkaClusterArn"].(string)
	topic := strings.Replace(clusterArn, ":cluster/", ":topic/", 1) + "/ann1.pin"
	produces, creates := 0, 0
	for _, p := range policies {
		if !strings.Contains(p.Where, "rest-proxy-produce") {
			continue
		}
		for _, g := range grants.Allowed(p.Grants) {
			if grants.Match(g.Resource, topic) {
				switch g.Action {
				case "kafka-cluster:WriteData":
					produces++
				case "kafka-cluster:CreateTopic", "kafka-cluster:ReadData", "kafka-cluster:DeleteTopic":
					creates++
				}
			}
		}
	}
	assert.Equal(t, 1, produces, "the shared proxy may produce to a learner's topic")
	assert.Zero(t, creates, "the shared proxy may not administer or read a learner's topic")
}

// Issue 16, cheapest mode: a learner on the shared host and connector declares no host, no
// connector and no listener; its producer routes go to the platform's shared proxy through the
// platform's VPC link; its topics are created by an association on the platform's host; and its
// idle cost per hour, from its own plan's estimate, is at most $0.05.
func TestASharedLearnerDeclaresNoHostConnectorOrListener(t *testing.T) {
	t.Parallel()
	platform, plans := planSharedCohort(t, map[string]int{"ann1": 8101})
	learner := plans["ann1"]
	for _, typ := range append([]string{"aws:ec2/instance:Instance", "aws:mskconnect/connector:Connector",
		"aws:lb/listener:Listener", "aws:lb/targetGroup:TargetGroup", "aws:mskconnect/customPlugin:CustomPlugin"}, pack.PlatformOnlyTypes...) {
		assert.Empty(t, learner.ByType(typ), "a learner in the shared mode declares no %s", typ)
	}
	integrations := 0
	for _, i := range learner.ByType("aws:apigateway/integration:Integration") {
		if uri, _ := i.Inputs["uri"].(string); strings.Contains(uri, "/topics/") {
			integrations++
			assert.Equal(t, platform.Outputs["proxyVpcLinkId"], i.Inputs["connectionId"])
			assert.True(t, strings.HasPrefix(uri, platform.Outputs["sharedProxyUrl"].(string)+"/topics/ann1."), uri)
		}
	}
	assert.Equal(t, len(stacks.RecordKinds), integrations, "one producer route per topic, each to the learner's own topic")

	associations := learner.ByType("aws:ssm/association:Association")
	require.Len(t, associations, 1, "the learner's topics are created from the platform's host")
	a := associations[0]
	targets, _ := a.Inputs["targets"].([]any)
	require.Len(t, targets, 1)
	assert.Equal(t, []any{platform.Outputs["sharedClientInstanceId"]}, targets[0].(map[string]any)["values"])
	params, _ := a.Inputs["parameters"].(map[string]any)
	require.NotNil(t, params)
	assert.Equal(t, platform.Outputs["sharedClientRestProxyRoleArn"], params["RestProxyRoleArn"],
		"the platform host's own proxy settings, so the script leaves the shared proxy running")
	assert.Equal(t, "8082", params["RestProxyPort"])
	for _, kind := range stacks.RecordKinds {
		assert.Contains(t, params["Topics"], stacks.TopicName("ann1", kind)+":")
	}
	assert.NotContains(t, params["Topics"], "ann12")
	docs := learner.ByType("aws:ssm/document:Document")
	require.Len(t, docs, 1)
	assert.Equal(t, docs[0].Inputs["name"], a.Inputs["name"], "the association runs the learner's own copy of the configure document")

	hourly, ok := learner.Outputs["estimatedHourlyCostUsd"].(float64)
	require.True(t, ok, "the plan's own estimate: %v", learner.Outputs["estimatedHourlyCostUsd"])
	assert.Greater(t, hourly, 0.0)
	assert.LessOrEqual(t, hourly, 0.05, "a learner in the shared mode costs at most $0.05 an hour")
	own, err := planLearner(t, "ann1", 8101)
	require.NoError(t, err)
	assert.Greater(t, own.Outputs["estimatedHourlyCostUsd"].(float64), hourly+0.1, "the shared mode saves the host and the connector")
	t.Logf("per learner: $%.4f/h shared, $%.4f/h with its own host and connector; shared platform $%.4f/h",
		hourly, own.Outputs["estimatedHourlyCostUsd"], platform.Outputs["estimatedHourlyCostUsd"])
}

// Issue 16, cheapest mode: isolation still holds. No policy of a learner's stack reaches another
// learner's names, now including the other's prefix of the shared connector's bucket; the
// learner's Databricks role reads its own prefix of that bucket.
func TestSharedLearnersStayIsolated(t *testing.T) {
	t.Parallel()
	learners := map[string]int{"ann1": 8101, "ann12": 8102}
	platform, plans := planSharedCohort(t, learners)
	shared, _ := platform.Outputs["sharedConnectorBucket"].(string)
	require.NotEmpty(t, shared)
	for id, plan := range plans {
		policies, _, err := grants.InPlan(plan)
		require.NoError(t, err)
		require.NotEmpty(t, policies, id)
		var others []string
		for other := range learners {
			if other != id {
				others = append(others, learnerNames(platform, other)...)
			}
		}
		require.Greater(t, len(others), 10)
		readsOwn := false
		own := "arn:aws:s3:::" + shared + "/topics/" + id + ".pin/partition=0/x.json"
		for _, p := range policies {
			for _, g := range grants.Allowed(p.Grants) {
				if _, listing := accountWideActions[g.Action]; listing && g.AccountWide() {
					continue
				}
				for _, name := range others {
					assert.False(t, grants.Match(g.Resource, name), "%s: %s allows %s on %q, which reaches another learner's %s",
						id, p.Where, g.Action, g.Resource, name)
				}
				if g.Action == "s3:GetObject" && grants.Match(g.Resource, own) && strings.Contains(p.Where, "databricks") {
					readsOwn = true
				}
			}
		}
		assert.True(t, readsOwn, "%s: the Databricks role reads the learner's own topics in the shared bucket", id)
	}
}

// Issue 16: a learner asking for a shared host or connector its platform does not offer is
// refused at plan time, naming the key and the fix, before declaring anything.
func TestALearnerCannotUseASharedPartThePlatformLacks(t *testing.T) {
	t.Parallel()
	for _, key := range []string{"cohort.sharedClient", "cohort.sharedConnector"} {
		plan, err := planLearner(t, "ann1", 8101, key+"=true")
		require.Error(t, err, key)
		assert.Contains(t, err.Error(), key+" is true but the platform stack platform offers no shared")
		assert.Contains(t, err.Error(), "pulumi config set --path "+key+" true --stack platform")
		assert.Empty(t, plan.Custom(), key)
	}
}

// A platform reads only the shared-mode keys of cohort; learner keys on it, or shared keys on a
// standalone stack, are refused with the key and the fix.
func TestCohortKeysBelongToTheirShapes(t *testing.T) {
	t.Parallel()
	_, err := planStack(t, "platform", append([]string{"cohort.proxyPort=8100"}, sharedModes...)...)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "a platform reads only cohort.sharedClient and cohort.sharedConnector")
	assert.Contains(t, err.Error(), "pulumi config rm --path cohort.<key>")
	_, err = planStack(t, "dev", "cohort.sharedClient=true")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "only learner and platform stacks read it")
}

// A paused platform in the shared mode plans: its host and connector go, their roles stay.
func TestAPausedSharedPlatformPlans(t *testing.T) {
	t.Parallel()
	platform, err := planStack(t, "platform", append([]string{"paused=true"}, sharedModes...)...)
	require.NoError(t, err)
	assert.Empty(t, platform.ByType("aws:ec2/instance:Instance"))
	assert.Empty(t, platform.ByType("aws:mskconnect/connector:Connector"))
	assert.NotEmpty(t, platform.Outputs["sharedClientRestProxyRoleArn"], "the proxy role stays while paused")
}

// A paused learner in the shared mode plans, keeping its topics' document for the resume.
func TestAPausedSharedLearnerPlans(t *testing.T) {
	t.Parallel()
	platform, _ := planSharedCohort(t, nil)
	opts, err := sim.LoadFixture("learner", append([]string{"identity.userId=ann1", "paused=true"}, sharedModes...)...)
	require.NoError(t, err)
	opts.StackReferences = map[string]map[string]any{"platform": platform.Outputs}
	learner, err := sim.Run(opts, Stack)
	require.NoError(t, err)
	assert.Len(t, learner.ByType("aws:ssm/document:Document"), 1)
	assert.Empty(t, learner.ByType("aws:ssm/association:Association"), "the association targets a host a paused cohort does not have")
}
