package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The plan prints one line of API-conformance coverage; --coverage lists what went unchecked.
func TestPlanReportsConformanceCoverage(t *testing.T) {
	t.Parallel()
	out, errOut, code := runPlan(t, "--stack", "dev")
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `\nAPI conformance: \d+ of \d+ set inputs of \d+ AWS types checked against botocore 1\.43\.11; \d+ unchecked, each with a reason \(--coverage lists them\)\n`, out)
	assert.NotContains(t, out, "unconstrained in the model", "the details stay behind --coverage")

	out, errOut, code = runPlan(t, "--stack", "dev", "--coverage")
	require.Equal(t, 0, code, errOut)
	_, details, found := strings.Cut(out, "each with a reason:\n")
	require.True(t, found, out)
	assert.Contains(t, details, "  aws:mwaa/environment:Environment: ")
	assert.Contains(t, details, "    triggers.*: not mapped: Pulumi-only")
	assert.Contains(t, details, "    cidrBlock: unconstrained in the model (CreateVpc CidrBlock, shape String)")
	assert.Contains(t, details, "    name: checked, but its pattern not checkable in RE2")
	assert.NotContains(t, details, "no entry in conformance.Mapping")
}
