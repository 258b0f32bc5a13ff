package main

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/durations"
)

func TestPlanEstimatesUpAndDestroyTimes(t *testing.T) {
	t.Parallel()
	out, errOut, code := runPlan(t, "--stack", "dev")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Estimated time (typical service times")
	assert.Regexp(t, regexp.MustCompile(`\n  pulumi up \(new stack\): \d+m(\d\ds)?, critical chain: .*kafka-cluster 25m -> .*s3-sink-connector 8m\n`), out)
	assert.Regexp(t, regexp.MustCompile(`\n  pulumi destroy: \d+m(\d\ds)? as the engine deletes, level by level \(slowest per level: .+\); longest delete chain \d+m(\d\ds)?: .+\n`), out)
}

func TestPlanJSONCarriesTheDurations(t *testing.T) {
	t.Parallel()
	out, errOut, code := runPlan(t, "--stack", "dev", "--json")
	require.Equal(t, 0, code, errOut)
	var doc struct {
		Durations *durations.Estimate `json:"durations"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.NotNil(t, doc.Durations, "the --json plan has a durations section")
	e := doc.Durations

	// The MSK cluster is the slowest create every later Kafka resource waits for.
	var upTypes []string
	for _, s := range e.Up.Chain {
		upTypes = append(upTypes, s.Type)
	}
	assert.Contains(t, upTypes, "aws:msk/cluster:Cluster", "up chain: %s", e.Up)
	assert.Contains(t, upTypes, "aws:mskconnect/connector:Connector", "up chain: %s", e.Up)
	assert.GreaterOrEqual(t, e.Up.Seconds, 33*60, "at least the cluster and the connector back to back")

	// Levels can only wait longer than the longest chain, never less.
	require.NotEmpty(t, e.Destroy.LongestChain.Chain)
	assert.GreaterOrEqual(t, e.Destroy.ByLevelsSeconds, e.Destroy.LongestChain.Seconds)
}
