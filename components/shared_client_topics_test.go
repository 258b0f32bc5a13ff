package components

import (
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sharedClientTopics(t *testing.T, mutate func(*SharedClientTopicsArgs)) (*sim.Plan, error) {
	t.Helper()
	return sim.Run(sim.Options{Config: map[string]string{"aws:region": "us-east-1"}}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		args := &SharedClientTopicsArgs{
			InstanceID: pulumi.String("i-0123456789abcdef0"), BootstrapServers: pulumi.String("b-1.example:9098"),
			RestProxyRoleArn: pulumi.String("arn:aws:iam::123456789012:role/spring26-rest-proxy-role"), Region: "us-east-1",
			Topics:     []TopicSpec{{Name: "ann1.pin", Partitions: 1, ReplicationFactor: 2, RetentionHours: 168}},
			NamePrefix: "ann1-learner",
		}
		if mutate != nil {
			mutate(args)
		}
		_, err := NewSharedClientTopics(ctx, "kafka-topics", args)
		return nil, err
	})
}

// The learner's own document, run on the platform's host with the learner's topics and the
// host's own proxy settings; paused, the document stays and the association goes.
func TestSharedClientTopicsRunOnThePlatformsHost(t *testing.T) {
	t.Parallel()
	plan, err := sharedClientTopics(t, nil)
	require.NoError(t, err)
	doc := find(t, plan, "aws:ssm/document:Document", "kafka-topics-configure")
	assert.Equal(t, "ann1-learner-configure-kafka-client", doc.Inputs["name"])
	a := find(t, plan, "aws:ssm/association:Association", "kafka-topics-configure")
	assert.Equal(t, doc.Inputs["name"], a.Inputs["name"])
	params := a.Inputs["parameters"].(map[string]any)
	assert.Equal(t, "ann1.pin:1:2:604800000", params["Topics"])
	assert.Equal(t, "8082", params["RestProxyPort"], "the platform host's default proxy port")
	assert.Equal(t, []any{map[string]any{"key": "InstanceIds", "values": []any{"i-0123456789abcdef0"}}}, a.Inputs["targets"])

	paused, err := sharedClientTopics(t, func(a *SharedClientTopicsArgs) { a.Paused = true })
	require.NoError(t, err)
	assert.Len(t, paused.ByType("aws:ssm/document:Document"), 1)
	assert.Empty(t, paused.ByType("aws:ssm/association:Association"), "the platform's host is gone while paused")
}

func TestSharedClientTopicsValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		mutate func(*SharedClientTopicsArgs)
		want   string
	}{
		{"no host", func(a *SharedClientTopicsArgs) { a.InstanceID = nil }, "InstanceID, BootstrapServers and RestProxyRoleArn are required"},
		{"no role", func(a *SharedClientTopicsArgs) { a.RestProxyRoleArn = nil }, "InstanceID, BootstrapServers and RestProxyRoleArn are required"},
		{"no topics", func(a *SharedClientTopicsArgs) { a.Topics = nil }, "cannot be passed to the configure document"},
		{"bad topic", func(a *SharedClientTopicsArgs) { a.Topics[0].Name = "ann1;rm" }, "cannot be passed to the configure document"},
		{"no prefix", func(a *SharedClientTopicsArgs) { a.NamePrefix = "" }, "NamePrefix"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			plan, err := sharedClientTopics(t, tc.mutate)
			require.Error(t, err)
			assert.ErrorContains(t, err, tc.want)
			assert.ErrorContains(t, err, `shared client topics "kafka-topics"`)
			assert.Empty(t, plan.Custom())
		})
	}
}
