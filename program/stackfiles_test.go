package program

import (
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The offline plan cannot see a secret either; it plans a stack whose settings need one as if
// it were set, and says which secret `pulumi up` still needs and how to set it.
func TestLoadStackStandsInForMissingSecrets(t *testing.T) {
	t.Parallel()
	opts, err := sim.LoadFixture("dev")
	require.NoError(t, err)
	require.Len(t, opts.Assumed, 3)
	assert.Equal(t, "identity.userId", opts.Assumed[0].Key, "the placeholder, planned as the example id")
	assert.Contains(t, opts.Config[stacks.Project+":identity"], `"userId":"`+stacks.ExampleUserID+`"`)
	assert.Equal(t, "databricks.crossAccountRoleName", opts.Assumed[1].Key, "the placeholder, planned as an example role name")
	assert.Contains(t, opts.Config[stacks.Project+":databricks"], `"crossAccountRoleName":"`+stacks.ExampleCrossAccountRoleName+`"`)
	assert.Equal(t, "databricksToken", opts.Assumed[2].Key)
	assert.Contains(t, opts.Assumed[2].Fix, "pulumi config set --secret databricksToken")
	assert.Equal(t, sim.SecretMarker, opts.Config[stacks.Project+":databricksToken"])
	assert.Contains(t, opts.SecretKeys, stacks.Project+":databricksToken")

	set, err := sim.LoadFixture("dev", "databricksToken=dapi-test", "identity.userId=1a2b3c4d5e6f", "databricks.crossAccountRoleName=my-workspace-role")
	require.NoError(t, err)
	assert.Empty(t, set.Assumed, "a token, a user id and a role name given as overrides need no stand-in")
}

// A batch-only stack: no Databricks setting at all, so no token, no Databricks resource and no MWAA.
func TestBatchOnlyStackPlansWithoutAnyDatabricksSetting(t *testing.T) {
	t.Parallel()
	opts, err := sim.LoadFixture("dev", "databricks={}", "identity.userId=1a2b3c4d5e6f")
	require.NoError(t, err)
	assert.Empty(t, opts.Assumed, "nothing Databricks, so no secret is needed")
	plan, err := sim.Run(opts, Stack)
	require.NoError(t, err)
	for _, r := range plan.Resources {
		assert.False(t, strings.HasPrefix(r.Type, "databricks:") || r.Type == "pulumi:providers:databricks" ||
			r.Type == "aws:mwaa/environment:Environment", "%s declared by a batch-only stack", r.Type)
	}
	assert.NotEmpty(t, plan.ByType("aws:mskconnect/connector:Connector"), "the batch path itself is there")
}
