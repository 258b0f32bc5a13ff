package program

import (
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
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
