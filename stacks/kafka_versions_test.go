package stacks

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLookupKafkaVersion(t *testing.T) {
	t.Parallel()
	today := ymd(2026, time.November, 22)
	tests := []struct {
		version, wantClient, wantErr string
	}{
		{"3.8.x", "3.8.1", ""},
		{"3.9.x", "3.9.1", ""},
		{"4.1.x.kraft", "4.1.0", ""},
		{"2.8.1", "", "reached end of support on MSK on 2024-09-11; use 3.8.x, the nearest supported version"},
		{"3.6.0", "", "reached end of support on MSK on 2026-06-01; use 3.8.x"},
		{"3.7.x", "", "reached end of support on MSK on 2026-09-01; use 3.8.x"},
		{"2.8.1 ", "", "is not a Kafka version MSK offers"},
		{"4.0.x", "", "use one of 3.8.x, 3.9.x, 4.0.x.kraft, 4.1.x.kraft"},
	}
	for _, tt := range tests {
		v, err := LookupKafkaVersion(tt.version, today)
		if tt.wantErr != "" {
			require.Error(t, err, tt.version)
			assert.Contains(t, err.Error(), tt.wantErr)
			continue
		}
		require.NoError(t, err, tt.version)
		assert.Equal(t, tt.wantClient, v.Client)
		assert.True(t, strings.HasPrefix(v.Confluent, "7.") || strings.HasPrefix(v.Confluent, "8."), "Confluent %s", v.Confluent)
	}
}

func TestKafkaVersionTable(t *testing.T) {
	t.Parallel()
	// 3.7.x was still supported before its end-of-support day, and refused from that day on.
	_, err := LookupKafkaVersion("3.7.x", ymd(2026, time.August, 31))
	assert.NoError(t, err)
	_, err = LookupKafkaVersion("3.7.x", ymd(2026, time.September, 1))
	assert.Error(t, err)

	seen := map[string]bool{}
	for _, v := range KafkaVersions {
		assert.False(t, seen[v.MSK], "%s listed twice", v.MSK)
		seen[v.MSK] = true
		// The client is the same major.minor release as the cluster, so the CLI matches the brokers.
		assert.Equal(t, strings.Join(strings.SplitN(v.MSK, ".", 3)[:2], "."), strings.Join(strings.SplitN(v.Client, ".", 3)[:2], "."), v.MSK)
	}
	assert.True(t, seen[DefaultKafkaVersion])
	supported := SupportedKafkaVersions(ymd(2026, time.November, 22))
	assert.True(t, sort.SliceIsSorted(KafkaVersions, func(i, j int) bool { return KafkaVersions[i].Client < KafkaVersions[j].Client }))
	assert.Equal(t, []string{"3.8.x", "3.9.x", "4.0.x.kraft", "4.1.x.kraft"}, supported)
}

func TestClientSoftwareFollowsTheClusterVersion(t *testing.T) {
	t.Parallel()
	cfg, err := parseExample("dev", with(map[string]string{"kafka": `{"version":"3.9.x"}`}))
	require.NoError(t, err)
	sw, ok := cfg.ClientSoftware()
	require.True(t, ok)
	assert.Equal(t, spec.ClientSoftware{
		KafkaVersion:     "3.9.1",
		KafkaURL:         "https://archive.apache.org/dist/kafka/3.9.1/kafka_2.13-3.9.1.tgz",
		KafkaChecksum:    PinnedChecksums["kafka_2.13-3.9.1.tgz"],
		KafkaChecksumURL: "https://archive.apache.org/dist/kafka/3.9.1/kafka_2.13-3.9.1.tgz.sha512",
		IAMAuthVersion:   "2.3.0",
		IAMAuthURL:       "https://github.com/aws/aws-msk-iam-auth/releases/download/v2.3.0/aws-msk-iam-auth-2.3.0-all.jar",
		ConfluentVersion: "7.9.2",
		ConfluentURL:     "https://packages.confluent.io/archive/7.9/confluent-community-7.9.2.tar.gz",
	}, sw)
	assert.Equal(t, "https://hub-downloads.confluent.io/api/plugins/confluentinc/kafka-connect-s3/versions/10.5.13/confluentinc-kafka-connect-s3-10.5.13.zip", cfg.PluginURL(),
		"Confluent Hub's current download location, not the course's CloudFront address")
}

func TestPinnedChecksumsAreWellFormedAndCoverTheDefaultClient(t *testing.T) {
	t.Parallel()
	require.NotEmpty(t, PinnedChecksums)
	for name, sum := range PinnedChecksums {
		assert.True(t, ValidChecksum(sum), name)
	}
	cfg, err := parseExample("dev", with(nil))
	require.NoError(t, err)
	sw, ok := cfg.ClientSoftware()
	require.True(t, ok)
	assert.NotEmpty(t, sw.KafkaChecksum, "the default Kafka client is pinned")
	assert.Equal(t, sw.KafkaURL+".sha512", sw.KafkaChecksumURL, "and checked against Apache's own file too")
}

func TestClientChecksumsOverrideAndAreValidated(t *testing.T) {
	t.Parallel()
	sum := "sha256:" + strings.Repeat("0f", 32)
	cfg, err := parseExample("dev", with(map[string]string{"client": `{"checksums":{"aws-msk-iam-auth-2.3.0-all.jar":"` + sum + `"}}`}))
	require.NoError(t, err)
	sw, ok := cfg.ClientSoftware()
	require.True(t, ok)
	assert.Equal(t, sum, sw.IAMAuthChecksum)
	assert.Empty(t, sw.IAMAuthChecksumURL, "GitHub publishes no checksum file beside the jar")

	_, err = parseExample("dev", with(map[string]string{"client": `{"checksums":{"x.jar":"md5:abc"}}`}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `client.checksums["x.jar"]`)
	_, err = parseExample("dev", with(map[string]string{"connect": `{"pluginSha256":"abc"}`}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "connect.pluginSha256")
}

func TestDownloadWarningsNameWhatIsUnverified(t *testing.T) {
	t.Parallel()
	cfg, err := parseExample("dev", with(nil))
	require.NoError(t, err)
	warnings := strings.Join(cfg.DownloadWarnings(), "\n")
	assert.Contains(t, warnings, "aws-msk-iam-auth-2.3.0-all.jar has no pinned checksum")
	assert.Contains(t, warnings, "confluent-community-7.8.2.tar.gz has no pinned checksum")
	assert.NotContains(t, warnings, "kafka_2.13", "Kafka is pinned and Apache publishes checksums")
	assert.Contains(t, warnings, "connect.pluginSha256 is not set")

	pinned, err := parseExample("dev", with(map[string]string{
		"client":  `{"checksums":{"aws-msk-iam-auth-2.3.0-all.jar":"sha256:` + strings.Repeat("0f", 32) + `","confluent-community-7.8.2.tar.gz":"sha256:` + strings.Repeat("0f", 32) + `"}}`,
		"connect": `{"pluginSha256":"` + strings.Repeat("0f", 32) + `"}`,
	}))
	require.NoError(t, err)
	assert.Empty(t, pinned.DownloadWarnings())
}

func TestKafkaConnectionRateWarning(t *testing.T) {
	t.Parallel()
	for brokerType, warns := range map[string]bool{
		"kafka.t3.small": true, "kafka.m7g.large": false, "kafka.m5.large": false, "express.m7g.large": false,
	} {
		c := Config{Kafka: KafkaConfig{BrokerInstanceType: brokerType}}
		warnings := c.KafkaWarnings()
		if !warns {
			assert.Empty(t, warnings, brokerType)
			continue
		}
		require.Len(t, warnings, 1, brokerType)
		assert.Contains(t, warnings[0], "kafka.brokerInstanceType kafka.t3.small")
		assert.Contains(t, warnings[0], "4 new IAM-authenticated connections per second")
		assert.Contains(t, warnings[0], "kafka.m7g.large", "the warning names the fix")
	}
}
