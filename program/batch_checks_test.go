package program

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every worker configuration the stacks declare must pass CreateWorkerConfiguration: only keys
// on MSK Connect's supported list, the converters present.
func TestEveryWorkerConfigurationIsAcceptedByMSKConnect(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		stack     string
		overrides []string
	}{
		{"dev", nil},
		{"prod", nil},
		{"dev", []string{"network.azCount=3", "kafka.brokerCount=3"}},
	} {
		plan, err := planStack(t, tc.stack, tc.overrides...)
		require.NoError(t, err, tc.stack)
		workers := plan.ByType("aws:mskconnect/workerConfiguration:WorkerConfiguration")
		require.Len(t, workers, 1, tc.stack)
		for _, w := range workers {
			content, ok := w.Inputs["propertiesFileContent"].(string)
			require.True(t, ok, "%s: %s has no properties", tc.stack, w.Name)
			assert.NoError(t, components.CheckWorkerProperties(content), "%s %v", tc.stack, tc.overrides)
			assert.Contains(t, content, "consumer.reconnect.backoff.ms=1000\n", tc.stack)
		}
	}
}

// MSK broker logs and MSK Connect worker logs reach CloudWatch Logs through log delivery, which
// adds each target log group to the account's CloudWatch Logs resource policy (at most 5,120
// characters) unless the group is under /aws/vendedlogs/, which one wildcard statement covers.
func TestDeliveredLogGroupsAreUnderVendedLogs(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		plan, err := planStack(t, stack)
		require.NoError(t, err, stack)
		declared := map[string]bool{}
		for _, g := range plan.ByType("aws:cloudwatch/logGroup:LogGroup") {
			name, _ := g.Inputs["name"].(string)
			declared[name] = true
		}
		var targets []string
		for _, c := range plan.ByType("aws:msk/cluster:Cluster") {
			logging, _ := c.Inputs["loggingInfo"].(map[string]any)
			broker, _ := logging["brokerLogs"].(map[string]any)
			cw, _ := broker["cloudwatchLogs"].(map[string]any)
			group, _ := cw["logGroup"].(string)
			targets = append(targets, group)
		}
		for _, c := range plan.ByType("aws:mskconnect/connector:Connector") {
			delivery, _ := c.Inputs["logDelivery"].(map[string]any)
			worker, _ := delivery["workerLogDelivery"].(map[string]any)
			cw, _ := worker["cloudwatchLogs"].(map[string]any)
			group, _ := cw["logGroup"].(string)
			targets = append(targets, group)
		}
		require.Len(t, targets, 2, "%s: one MSK cluster and one connector deliver logs", stack)
		for _, group := range targets {
			assert.Regexp(t, `^/aws/vendedlogs/(msk|mskconnect)/[a-z0-9]+-(msk-cluster|connector)$`, group, stack)
			assert.True(t, declared[group], "%s: %s is created by the stack, with retention", stack, group)
		}
	}
}

// The plan and the tests run the program without the network: the plugin archive is a file
// asset pointing into the local cache, which only main.go (a real Pulumi run) fills. Not
// parallel: it swaps the process's default HTTP transport while no other test runs.
func TestOfflinePlanNeverFetchesThePlugin(t *testing.T) {
	var requests atomic.Int32
	saved := http.DefaultTransport
	http.DefaultTransport = roundTrip(func(r *http.Request) (*http.Response, error) {
		requests.Add(1)
		return nil, fmt.Errorf("the offline plan must not fetch %s", r.URL)
	})
	defer func() { http.DefaultTransport = saved }()

	plan, err := planStack(t, "dev")
	require.NoError(t, err)
	archive, ok := plan.Find("aws:s3/bucketObjectv2:BucketObjectv2", "s3-sink-plugin-archive")
	require.True(t, ok)
	assert.Equal(t, map[string]any{"asset": ".cache/connect-plugins/confluentinc-kafka-connect-s3-10.5.13.zip"}, archive.Inputs["source"],
		"a file asset, read from the cache: a remote asset would be fetched on every preview")
	assert.Equal(t, int32(0), requests.Load())
	_, statErr := os.Stat(filepath.Join("..", ".cache", "connect-plugins", "confluentinc-kafka-connect-s3-10.5.13.zip"))
	assert.True(t, os.IsNotExist(statErr), "planning never fills the cache")
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A real run fills the cache once from connect.pluginUrl and reads it afterwards.
func TestPreparePluginArchiveFetchesOnceIntoTheProjectCache(t *testing.T) {
	t.Parallel()
	body := []byte("PK\x03\x04 pretend confluentinc-kafka-connect-s3")
	var hits atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		assert.Equal(t, "/plugins/10.5.13/confluentinc-kafka-connect-s3-10.5.13.zip", r.URL.Path)
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	root := t.TempDir()
	url := "connect.pluginUrl=" + srv.URL + "/plugins/{version}/confluentinc-kafka-connect-s3-{version}.zip"
	// prepare runs what main.go runs before the program, with the given config overrides.
	prepare := func(overrides ...string) error {
		opts, err := sim.LoadFixture("dev", append([]string{url}, overrides...)...)
		require.NoError(t, err)
		_, err = sim.Run(opts, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
			cfg, err := stacks.Load(ctx)
			if err != nil {
				return nil, err
			}
			return nil, PreparePluginArchive(ctx, cfg, srv.Client(), root)
		})
		return err
	}
	require.NoError(t, prepare())
	require.NoError(t, prepare())
	assert.Equal(t, int32(1), hits.Load(), "the second run reads the cache")
	got, err := os.ReadFile(filepath.Join(root, ".cache", "connect-plugins", "confluentinc-kafka-connect-s3-10.5.13.zip"))
	require.NoError(t, err)
	assert.Equal(t, body, got)

	sum := sha256.Sum256([]byte("something else"))
	err = prepare("connect.pluginSha256=" + hex.EncodeToString(sum[:]))
	require.Error(t, err, "a pinned hash the download does not match stops the run")
	assert.Contains(t, err.Error(), "not the pinned "+hex.EncodeToString(sum[:]))
}
