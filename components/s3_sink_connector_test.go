package components

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// propertyKeys reads the keys of a Java properties text; it fails the test on a line it cannot read.
func propertyKeys(t *testing.T, text string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		k, v, ok := strings.Cut(line, "=")
		require.True(t, ok, "line %q is not key=value", line)
		out[k] = v
	}
	return out
}

func TestWorkerPropertiesBackOffReconnects(t *testing.T) {
	t.Parallel()
	props := propertyKeys(t, WorkerProperties(2))
	// kafka.t3.small brokers accept 4 new IAM connections a second: every client of the worker
	// (its own, the sink's consumers, any producer) waits at least a second between attempts.
	for _, key := range []string{
		"reconnect.backoff.ms", "consumer.reconnect.backoff.ms", "producer.reconnect.backoff.ms",
	} {
		assert.Equal(t, "1000", props[key], key)
	}
	for _, key := range []string{
		"reconnect.backoff.max.ms", "consumer.reconnect.backoff.max.ms", "producer.reconnect.backoff.max.ms",
	} {
		assert.Equal(t, "10000", props[key], key)
	}
	assert.Equal(t, "org.apache.kafka.connect.storage.StringConverter", props["key.converter"])
	assert.Equal(t, "org.apache.kafka.connect.json.JsonConverter", props["value.converter"])
	assert.Equal(t, "false", props["value.converter.schemas.enable"])
}

func TestWorkerPropertiesSizeInternalTopicsForTheBrokers(t *testing.T) {
	t.Parallel()
	for brokers, want := range map[int]string{2: "2", 3: "3", 6: "3"} {
		props := propertyKeys(t, WorkerProperties(brokers))
		for _, key := range []string{
			"config.storage.replication.factor", "offset.storage.replication.factor", "status.storage.replication.factor",
		} {
			assert.Equal(t, want, props[key], "%s with %d brokers", key, brokers)
		}
	}
}

func TestWorkerPropertiesAreAllOnMSKConnectsSupportedList(t *testing.T) {
	t.Parallel()
	for _, brokers := range []int{2, 3, 6} {
		text := WorkerProperties(brokers)
		keys := propertyKeys(t, text)
		require.Greater(t, len(keys), 3, "the worker configuration sets more than the converters")
		for key := range keys {
			assert.NoError(t, SupportedWorkerProperty(key), key)
		}
		assert.NoError(t, CheckWorkerProperties(text))
	}
}

func TestSupportedWorkerProperty(t *testing.T) {
	t.Parallel()
	// Cases from MSK Connect's "Supported worker configuration properties" list.
	for key, ok := range map[string]bool{
		"key.converter":                          true,
		"value.converter.schemas.enable":         true,
		"producer.reconnect.backoff.ms":          true,
		"consumer.reconnect.backoff.max.ms":      true,
		"consumer.partition.assignment.strategy": true,
		"offset.storage.topic":                   true,
		"offset.storage.replication.factor":      true,
		"reconnect.backoff.ms":                   true,
		"producer.linger.ms":                     true,
		"producer.retries":                       false, // only the listed producer. properties
		"consumer.group.id":                      false, // only the listed consumer. properties
		"sasl.mechanism":                         false, // sasl. prefix
		"security.protocol":                      false, // security. prefix
		"client.id":                              false, // client. prefix
		"bootstrap.servers":                      false,
		"config.storage.topic":                   false,
		"status.storage.topic":                   false,
		"group.id":                               false,
		"plugin.path":                            false,
		"connections.max.idle.ms":                false,
	} {
		err := SupportedWorkerProperty(key)
		if ok {
			assert.NoError(t, err, key)
		} else {
			assert.Error(t, err, key)
		}
	}
}

func TestCheckWorkerPropertiesNamesEveryUnsupportedKey(t *testing.T) {
	t.Parallel()
	err := CheckWorkerProperties("key.converter=a\nvalue.converter=b\nsasl.mechanism=AWS_MSK_IAM\nproducer.retries=3\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "sasl.mechanism")
	assert.Contains(t, err.Error(), "producer.retries")
	assert.Error(t, CheckWorkerProperties("value.converter=b\n"), "key.converter is required")
	assert.Error(t, CheckWorkerProperties("key.converter=a\nvalue.converter\n"), "a line without = is refused")
}

func TestS3SinkConnectorWorkerConfigurationMatchesTheCluster(t *testing.T) {
	t.Parallel()
	plan, err := batchPath(t, nil)
	require.NoError(t, err)
	worker := find(t, plan, "aws:mskconnect/workerConfiguration:WorkerConfiguration", "s3-sink-worker")
	assert.Equal(t, WorkerProperties(2), worker.Inputs["propertiesFileContent"], "the test cluster has 2 brokers")
}
