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
