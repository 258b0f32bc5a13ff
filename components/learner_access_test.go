package components

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/grants"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testCohortCluster = "arn:aws:kafka:us-east-1:123456789012:cluster/cohort-msk-cluster/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0-2"
	testDAGBucket     = "airflow-cohort-dags"
)

// learnerNames are one learner's names as the whole course uses them.
type learnerNames struct{ id, bucket, streamPrefix string }

func learner(id string) learnerNames {
	return learnerNames{id: id, bucket: "user-" + id + "-bucket", streamPrefix: "streaming-" + id + "-"}
}

func (l learnerNames) scope() LearnerScope {
	return LearnerScope{
		UserID: l.id, Region: "us-east-1", Account: "123456789012", ClusterArn: testCohortCluster,
		BucketName: l.bucket, StreamNamePrefix: l.streamPrefix, DAGBucketName: testDAGBucket,
		LogGroupPrefixes: []string{"/aws/apigateway/" + l.id + "/", VendedLogsPrefix + "mskconnect/" + l.id + "-connector"},
	}
}

// touches are an action on each of a learner's resources, one per kind of name.
func (l learnerNames) touches() []struct{ action, resource string } {
	topic, _ := KafkaResourceARN(testCohortCluster, "topic", l.id+".pin")
	group, _ := KafkaResourceARN(testCohortCluster, "group", l.id+".consumer")
	return []struct{ action, resource string }{
		{"kafka-cluster:ReadData", topic},
		{"kafka-cluster:WriteData", topic},
		{"kafka-cluster:DeleteTopic", topic},
		{"kafka-cluster:AlterGroup", group},
		{"s3:ListBucket", "arn:aws:s3:::" + l.bucket},
		{"s3:GetObject", "arn:aws:s3:::" + l.bucket + "/topics/" + l.id + ".pin/partition=0/x.json"},
		{"s3:PutObject", "arn:aws:s3:::" + l.bucket + "/x"},
		{"s3:GetObject", "arn:aws:s3:::" + testDAGBucket + "/dags/" + l.id + "_dag.py"},
		{"kinesis:GetRecords", "arn:aws:kinesis:us-east-1:123456789012:stream/" + l.streamPrefix + "pin"},
		{"kinesis:PutRecord", "arn:aws:kinesis:us-east-1:123456789012:stream/" + l.streamPrefix + "geo"},
		{"logs:GetLogEvents", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/" + l.id + "/dev/access:log-stream:s"},
		{"logs:FilterLogEvents", "arn:aws:logs:us-east-1:123456789012:log-group:" + VendedLogsPrefix + "mskconnect/" + l.id + "-connector:*"},
	}
}

func learnerGrants(t *testing.T, l learnerNames) []grants.Grant {
	t.Helper()
	doc, err := LearnerPolicy(l.scope())
	require.NoError(t, err)
	text, err := doc.JSON()
	require.NoError(t, err)
	gs, err := grants.Of(text)
	require.NoError(t, err)
	return gs
}

func TestLearnerPolicyReachesOnlyTheLearnersNames(t *testing.T) {
	t.Parallel()
	a, b := learner("0affd9571f39"), learner("0affd9571f3")
	gs := learnerGrants(t, a)
	own := a.touches()
	require.Len(t, own, 12)
	for _, x := range own {
		assert.True(t, grants.Allows(gs, x.action, x.resource), "the learner may %s on their own %s", x.action, x.resource)
	}
	// b's id is a prefix of a's: the names must still not overlap either way.
	for _, other := range []learnerNames{b, learner("0affd9571f39x"), learner("zz")} {
		touches := other.touches()
		require.Len(t, touches, 12)
		for _, x := range touches {
			assert.False(t, grants.Allows(gs, x.action, x.resource), "%s may not %s on %s's %s", a.id, x.action, other.id, x.resource)
		}
	}
	otherGroup, _ := KafkaResourceARN(testCohortCluster, "group", "connect-"+b.id+"-connector")
	envArn := "arn:aws:airflow:us-east-1:123456789012:environment/Databricks-Airflow-env"
	for _, x := range []struct{ action, resource string }{
		{"s3:PutObject", "arn:aws:s3:::" + testDAGBucket + "/dags/" + a.id + "_dag.py"}, // the shared environment runs it
		{"s3:ListBucket", "arn:aws:s3:::" + testDAGBucket},
		{"s3:GetObject", "arn:aws:s3:::" + testDAGBucket + "/requirements.txt"},
		{"kafka-cluster:AlterCluster", testCohortCluster},
		{"kafka-cluster:AlterGroup", otherGroup},
		{"airflow:CreateWebLoginToken", envArn},
		{"secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:123456789012:secret:airflow-Databricks-Airflow-env/connections/databricks_default-AbCdEf"},
		{"iam:DeleteRolePermissionsBoundary", "arn:aws:iam::123456789012:role/" + LearnerRoleName(a.id)},
		{"iam:PutRolePolicy", "arn:aws:iam::123456789012:role/" + LearnerRoleName(a.id)},
		{"iam:CreatePolicyVersion", "arn:aws:iam::123456789012:policy/" + LearnerBoundaryName(a.id)},
	} {
		assert.False(t, grants.Allows(gs, x.action, x.resource), "%s may not %s on the platform's or IAM's %s", a.id, x.action, x.resource)
	}
	// The cluster itself is reached only by the three cluster actions MSK requires.
	var clusterActions []string
	for _, g := range grants.Allowed(gs) {
		if g.Resource == testCohortCluster {
			clusterActions = append(clusterActions, g.Action)
		}
	}
	assert.ElementsMatch(t, []string{"kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"}, clusterActions)
}

// actionsWithoutResourceTypes may have Resource "*": the Service Authorization Reference lists
// no resource type for them ("If there is no value for this column, you must specify all
// resources ("*")", e.g. "Actions, resources, and condition keys for Amazon Kinesis Data
// Streams"). The learner's policy needs none of them today.
var actionsWithoutResourceTypes = map[string]bool{}

func TestLearnerPolicyNamesNoWildcardResource(t *testing.T) {
	t.Parallel()
	allowed := grants.Allowed(learnerGrants(t, learner("0affd9571f39")))
	require.Greater(t, len(allowed), 20)
	for _, g := range allowed {
		assert.False(t, g.ServiceWide(), "%s covers a whole service", g.Action)
		assert.False(t, g.NotResource, "%s is granted with NotResource", g.Action)
		assert.False(t, g.Conditioned, "%s needs no condition to stay within the learner's names", g.Action)
		if g.Resource == "*" || g.AccountWide() {
			assert.True(t, actionsWithoutResourceTypes[g.Action], "%s on %s: the action has resource-level permissions, name the learner's ARN", g.Action, g.Resource)
			continue
		}
		if g.Resource != testCohortCluster {
			assert.Contains(t, g.Resource, "0affd9571f39", "%s on %s names the learner", g.Action, g.Resource)
		}
	}
}

func TestLearnerPolicyRefusesAClusterThatIsNot(t *testing.T) {
	t.Parallel()
	s := learner("abc").scope()
	s.ClusterArn = "arn:aws:s3:::not-a-cluster"
	_, err := LearnerPolicy(s)
	assert.ErrorContains(t, err, "is not an MSK cluster ARN")
}

// learnerAccess plans a learner's access with the platform's names as plain inputs.
func learnerAccess(t *testing.T, mutate func(*LearnerAccessArgs)) (*sim.Plan, error) {
	t.Helper()
	return sim.Run(sim.Options{Config: map[string]string{"aws:region": "us-east-1"}}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		l := learner("0affd9571f39")
		args := &LearnerAccessArgs{
			UserID: l.id, TrustPrincipalArn: "arn:aws:iam::123456789012:user/learners/alice", Region: "us-east-1",
			BucketName: l.bucket, StreamNamePrefix: l.streamPrefix, ClusterArn: pulumi.String(testCohortCluster),
			DAGBucketName: pulumi.String(testDAGBucket), LogGroupPrefixes: l.scope().LogGroupPrefixes,
			NamePrefix: "0affd9571f39-cohort", Tags: testTags,
		}
		if mutate != nil {
			mutate(args)
		}
		la, err := NewLearnerAccess(ctx, "learner-access", args)
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{"roleArn": la.RoleArn}, nil
	})
}

func TestLearnerAccessRoleIsBounded(t *testing.T) {
	t.Parallel()
	plan, err := learnerAccess(t, nil)
	require.NoError(t, err)
	require.Len(t, plan.ByType("aws:iam/policy:Policy"), 1)
	require.Len(t, plan.ByType("aws:iam/role:Role"), 1)
	boundary := find(t, plan, "aws:iam/policy:Policy", "learner-access-boundary")
	role := find(t, plan, "aws:iam/role:Role", "learner-access-role")
	assert.Equal(t, "0affd9571f39-learner-boundary", boundary.Inputs["name"])
	assert.Equal(t, "0affd9571f39-learner-role", role.Inputs["name"])
	assert.Equal(t, "arn:aws:iam::123456789012:role/0affd9571f39-learner-role", plan.Outputs["roleArn"])
	// The boundary is attached: the role's permissionsBoundary is the boundary policy's ARN (an
	// output the offline plan does not know, so the edge is what can be checked).
	assert.Equal(t, []string{boundary.URN}, role.PropertyDependencies["permissionsBoundary"], "the role is bounded by the learner's boundary")

	var trust PolicyDocument
	require.NoError(t, json.Unmarshal([]byte(role.Inputs["assumeRolePolicy"].(string)), &trust))
	require.Len(t, trust.Statement, 1)
	assert.Equal(t, map[string]any{"AWS": "arn:aws:iam::123456789012:user/learners/alice"}, trust.Statement[0].Principal)
	assert.Equal(t, []string{"sts:AssumeRole"}, trust.Statement[0].Action)

	// The role's own policy and the boundary are one document, and every policy the component
	// declares stays within the learner's names.
	inline := find(t, plan, "aws:iam/rolePolicy:RolePolicy", "learner-access-access")
	assert.Equal(t, boundary.Inputs["policy"], inline.Inputs["policy"])
	assert.Contains(t, inline.PropertyDependencies["role"], role.URN)
	policies, attached, err := grants.InPlan(plan)
	require.NoError(t, err)
	require.Len(t, policies, 2, "the boundary and the role's policy")
	assert.Empty(t, attached, "no managed policy is attached: the boundary bounds, it does not grant")
	other := learner("0affd9571f3")
	for _, p := range policies {
		for _, x := range other.touches() {
			assert.False(t, grants.Allows(p.Grants, x.action, x.resource), "%s: %s on another learner's %s", p.Where, x.action, x.resource)
		}
		assert.True(t, grants.Allows(p.Grants, "kinesis:PutRecord", "arn:aws:kinesis:us-east-1:123456789012:stream/streaming-0affd9571f39-pin"), p.Where)
	}
}

func TestLearnerAccessValidation(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 52)
	for _, tc := range []struct {
		name   string
		mutate func(*LearnerAccessArgs)
		want   string
	}{
		{"no user", func(a *LearnerAccessArgs) { a.UserID = "" }, "UserID is empty"},
		{"bad user", func(a *LearnerAccessArgs) { a.UserID = "Alice.B" }, `UserID "Alice.B": use lowercase letters and digits only`},
		{"long user", func(a *LearnerAccessArgs) { a.UserID = long }, "would be 65 characters, over IAM's 64"},
		{"no trust", func(a *LearnerAccessArgs) { a.TrustPrincipalArn = "" }, `TrustPrincipalArn "" is not an IAM user, role or account root ARN`},
		{"service trust", func(a *LearnerAccessArgs) { a.TrustPrincipalArn = "ec2.amazonaws.com" }, "TrustPrincipalArn"},
		{"wildcard trust", func(a *LearnerAccessArgs) { a.TrustPrincipalArn = "arn:aws:iam::123456789012:user/*" }, "TrustPrincipalArn"},
		{"no cluster", func(a *LearnerAccessArgs) { a.ClusterArn = nil }, "ClusterArn and DAGBucketName are required"},
		{"no dag bucket", func(a *LearnerAccessArgs) { a.DAGBucketName = nil }, "ClusterArn and DAGBucketName are required"},
		{"someone else's bucket", func(a *LearnerAccessArgs) { a.BucketName = "user-other-bucket" }, `BucketName "user-other-bucket" does not contain the user id`},
		{"every stream", func(a *LearnerAccessArgs) { a.StreamNamePrefix = "streaming-" }, `StreamNamePrefix "streaming-" does not contain the user id`},
		{"every log group", func(a *LearnerAccessArgs) { a.LogGroupPrefixes = []string{"/aws/"} }, `LogGroupPrefixes: "/aws/" does not contain the user id`},
		{"no prefix", func(a *LearnerAccessArgs) { a.NamePrefix = "" }, "NamePrefix is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			plan, err := learnerAccess(t, tc.mutate)
			require.Error(t, err)
			assert.ErrorContains(t, err, tc.want)
			assert.ErrorContains(t, err, `learner access "learner-access"`)
			if plan != nil {
				assert.Empty(t, plan.Custom())
			}
		})
	}
	for _, trust := range []string{
		"arn:aws:iam::123456789012:root",
		"arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Learner_0123456789abcdef",
	} {
		_, err := learnerAccess(t, func(a *LearnerAccessArgs) { a.TrustPrincipalArn = trust })
		assert.NoError(t, err, fmt.Sprintf("trust %s", trust))
	}
}
