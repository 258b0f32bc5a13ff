package components

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/grants"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testClusterARN = "arn:aws:kafka:us-east-1:123456789012:cluster/0affd9571f39-msk-cluster/1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f-2"

func TestKafkaResourceARN(t *testing.T) {
	t.Parallel()
	got, err := KafkaResourceARN(testClusterARN, "topic", "0affd9571f39.*")
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:kafka:us-east-1:123456789012:topic/0affd9571f39-msk-cluster/1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f-2/0affd9571f39.*", got)
	got, err = KafkaResourceARN(testClusterARN, "group", "connect-x*")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(got, "arn:aws:kafka:us-east-1:123456789012:group/0affd9571f39-msk-cluster/"))
	for _, bad := range []string{"", "arn:aws:s3:::bucket", "arn:aws:kafka:us-east-1:1:cluster/only-name", "cluster/a/b"} {
		_, err := KafkaResourceARN(bad, "topic", "x")
		assert.Error(t, err, bad)
	}
}

// parsePolicy reads a policy document back from its JSON text.
func parsePolicy(t *testing.T, text string) PolicyDocument {
	t.Helper()
	var doc PolicyDocument
	require.NoError(t, json.Unmarshal([]byte(text), &doc), text)
	require.Equal(t, "2012-10-17", doc.Version)
	require.NotEmpty(t, doc.Statement)
	return doc
}

// assertLeastPrivilege fails on Allow statements with wildcard actions or wildcard resources,
// and on resources outside the allowed prefixes.
func assertLeastPrivilege(t *testing.T, doc PolicyDocument, allowedResourcePrefixes ...string) {
	t.Helper()
	for _, st := range doc.Statement {
		if st.Effect != "Allow" {
			continue
		}
		for _, action := range st.Action {
			assert.NotEqual(t, "*", action, st.Sid)
			assert.False(t, strings.HasSuffix(action, ":*"), "%s grants every action of a service: %s", st.Sid, action)
		}
		require.NotEmpty(t, st.Resource, st.Sid)
		for _, r := range st.Resource {
			assert.NotEqual(t, "*", r, "%s grants on every resource", st.Sid)
			ok := false
			for _, prefix := range allowedResourcePrefixes {
				ok = ok || strings.HasPrefix(r, prefix)
			}
			assert.True(t, ok, "%s reaches %s, outside %v", st.Sid, r, allowedResourcePrefixes)
		}
	}
}

func TestClientPolicyIsScopedToTheUsersTopics(t *testing.T) {
	t.Parallel()
	const proxyRole = "arn:aws:iam::123456789012:role/0affd9571f39-rest-proxy-role"
	doc, err := ClientPolicy(testClusterARN, "0affd9571f39.", proxyRole)
	require.NoError(t, err)
	text, err := doc.JSON()
	require.NoError(t, err)
	doc = parsePolicy(t, text)
	assertLeastPrivilege(t, doc, testClusterARN,
		"arn:aws:kafka:us-east-1:123456789012:topic/0affd9571f39-msk-cluster/1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f-2/0affd9571f39.",
		"arn:aws:kafka:us-east-1:123456789012:group/0affd9571f39-msk-cluster/1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f-2/0affd9571f39.",
		proxyRole)
	var actions []string
	for _, st := range doc.Statement {
		actions = append(actions, st.Action...)
	}
	assert.Contains(t, actions, "kafka-cluster:WriteDataIdempotently", "Kafka 3 producers are idempotent by default")
	assert.Contains(t, actions, "kafka-cluster:CreateTopic")
	assert.Contains(t, actions, "kafka-cluster:DeleteTopic", "learners remove their own topics (docs/learner-guide.md) and nobody else's")
}

func TestRestProxyPolicyOnlyProduces(t *testing.T) {
	t.Parallel()
	doc, err := RestProxyPolicy(testClusterARN, []string{"0affd9571f39.pin", "0affd9571f39.geo"})
	require.NoError(t, err)
	text, err := doc.JSON()
	require.NoError(t, err)
	doc = parsePolicy(t, text)
	topics := "arn:aws:kafka:us-east-1:123456789012:topic/0affd9571f39-msk-cluster/1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f-2/"
	grants := map[string][]string{}
	for _, st := range doc.Statement {
		assert.Equal(t, "Allow", st.Effect)
		for _, a := range st.Action {
			grants[a] = append(grants[a], st.Resource...)
		}
	}
	assert.Equal(t, map[string][]string{
		"kafka-cluster:Connect": {testClusterARN}, "kafka-cluster:DescribeCluster": {testClusterARN},
		"kafka-cluster:WriteDataIdempotently": {testClusterARN},
		"kafka-cluster:DescribeTopic":         {topics + "0affd9571f39.pin", topics + "0affd9571f39.geo"},
		"kafka-cluster:WriteData":             {topics + "0affd9571f39.pin", topics + "0affd9571f39.geo"},
	}, grants, "produce to exactly these topics: no administration, no reads, no groups, no wildcard")

	_, err = RestProxyPolicy(testClusterARN, nil)
	require.ErrorContains(t, err, "at least one topic")
	_, err = RestProxyPolicy("not-an-arn", []string{"t"})
	require.Error(t, err)
}

func TestConnectorPolicyIsScoped(t *testing.T) {
	t.Parallel()
	doc, err := ConnectorPolicy(testClusterARN, "0affd9571f39.", "0affd9571f39-connector", "arn:aws:s3:::user-0affd9571f39-bucket")
	require.NoError(t, err)
	text, err := doc.JSON()
	require.NoError(t, err)
	doc = parsePolicy(t, text)
	topics := "arn:aws:kafka:us-east-1:123456789012:topic/0affd9571f39-msk-cluster/1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f-2/"
	groups := "arn:aws:kafka:us-east-1:123456789012:group/0affd9571f39-msk-cluster/1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f-2/"
	assertLeastPrivilege(t, doc, testClusterARN, topics+"0affd9571f39.", topics+"__amazon_msk_connect_", topics+"__msk_connect_",
		groups+"connect-0affd9571f39-connector", groups+"__amazon_msk_connect_", "arn:aws:s3:::user-0affd9571f39-bucket")
	gs, err := grants.Of(text)
	require.NoError(t, err)
	assert.Equal(t, []string{"arn:aws:s3:::user-0affd9571f39-bucket/topics/*"}, grants.Resources(gs, "s3:PutObject"), "writes only under topics/")
	writes := grants.Resources(gs, "kafka-cluster:WriteData")
	require.NotEmpty(t, writes, "the sink writes its internal topics")
	for _, r := range writes {
		assert.Contains(t, r, "_connect_", "the sink writes only its internal topics")
		assert.Contains(t, r, "_0affd9571f39-connector_", "the sink writes only its own connector's internal topics")
	}
	assert.True(t, grants.Allows(gs, "kafka-cluster:WriteData", topics+"__amazon_msk_connect_offsets_0affd9571f39-connector_5f1d-2"), "its offsets")
	assert.False(t, grants.Allows(gs, "kafka-cluster:WriteData", topics+"__amazon_msk_connect_offsets_other-connector_5f1d-2"), "another connector's offsets")
	assert.False(t, grants.Allows(gs, "kafka-cluster:WriteData", topics+"0affd9571f39.pin"), "the sink never writes the learner's topics")
	_, err = ConnectorPolicy("not-an-arn", "x.", "c", "arn:aws:s3:::b")
	assert.Error(t, err)
}

func TestServiceTrust(t *testing.T) {
	t.Parallel()
	doc := serviceTrust("kafkaconnect.amazonaws.com", "123456789012")
	require.Len(t, doc.Statement, 1)
	assert.Equal(t, map[string]any{"Service": "kafkaconnect.amazonaws.com"}, doc.Statement[0].Principal)
	assert.Equal(t, "123456789012", doc.Statement[0].Condition["StringEquals"]["aws:SourceAccount"], "confused-deputy guard")
	assert.Nil(t, serviceTrust("ec2.amazonaws.com", "").Statement[0].Condition)
}

func fullMatch(pattern, s string) bool {
	return regexp.MustCompile("^(?:" + pattern + ")$").MatchString(s)
}

// A cohort's shared host administers, and its REST proxy produces to, the learners' topic
// patterns; the proxy still administers and reads nothing.
func TestSharedHostPoliciesCoverTheLearnersTopics(t *testing.T) {
	t.Parallel()
	const proxyRole = "arn:aws:iam::123456789012:role/spring26-rest-proxy-role"
	topics := "arn:aws:kafka:us-east-1:123456789012:topic/0affd9571f39-msk-cluster/1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f-2/"
	client, err := ClientPolicy(testClusterARN, "spring26.", proxyRole, "*.pin")
	require.NoError(t, err)
	text, err := client.JSON()
	require.NoError(t, err)
	gs, err := grants.Of(text)
	require.NoError(t, err)
	assert.True(t, grants.Allows(gs, "kafka-cluster:CreateTopic", topics+"ann1.pin"), "the host creates a learner's topics")
	assert.False(t, grants.Allows(gs, "kafka-cluster:CreateTopic", topics+"ann1.other"), "only the course's kinds")

	proxy, err := RestProxyPolicy(testClusterARN, []string{"spring26.pin", "*.pin"})
	require.NoError(t, err)
	text, err = proxy.JSON()
	require.NoError(t, err)
	gs, err = grants.Of(text)
	require.NoError(t, err)
	assert.True(t, grants.Allows(gs, "kafka-cluster:WriteData", topics+"ann1.pin"))
	for _, action := range []string{"kafka-cluster:CreateTopic", "kafka-cluster:ReadData", "kafka-cluster:DeleteTopic"} {
		assert.False(t, grants.Allows(gs, action, topics+"ann1.pin"), action)
	}

	connector, err := ConnectorPolicy(testClusterARN, "spring26.", "spring26-connector", "arn:aws:s3:::user-spring26-bucket", "*.pin")
	require.NoError(t, err)
	text, err = connector.JSON()
	require.NoError(t, err)
	gs, err = grants.Of(text)
	require.NoError(t, err)
	assert.True(t, grants.Allows(gs, "kafka-cluster:ReadData", topics+"ann1.pin"), "the shared connector reads a learner's topic")
	assert.False(t, grants.Allows(gs, "kafka-cluster:WriteData", topics+"ann1.pin"), "and never writes it")
}

// A learner reading the shared connector's bucket reads and lists only its own prefix.
func TestClusterAccessPolicyOnAPrefix(t *testing.T) {
	t.Parallel()
	const bucket = "arn:aws:s3:::user-spring26-bucket"
	text, err := ClusterAccessPolicy(bucket, "topics/ann1.", []string{"arn:aws:kinesis:us-east-1:123456789012:stream/streaming-ann1-pin"}).JSON()
	require.NoError(t, err)
	gs, err := grants.Of(text)
	require.NoError(t, err)
	assert.True(t, grants.Allows(gs, "s3:GetObject", bucket+"/topics/ann1.pin/partition=0/x.json"))
	assert.False(t, grants.Allows(gs, "s3:GetObject", bucket+"/topics/ann12.pin/partition=0/x.json"), "another learner's prefix")
	doc := parsePolicy(t, text)
	listed := 0
	for _, st := range doc.Statement {
		if slices.Contains(st.Action, "s3:ListBucket") {
			listed++
			assert.Equal(t, map[string]map[string]any{"StringLike": {"s3:prefix": []any{"topics/ann1.*"}}}, st.Condition)
		}
	}
	assert.Equal(t, 1, listed, "one listing grant, under the learner's prefix")
}
