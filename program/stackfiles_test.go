package program

import (
	"errors"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// committedStack reads a committed stack file exactly as `pulumi up` would see it: no stand-ins.
func committedStack(t *testing.T, stack string) sim.Options {
	t.Helper()
	root, err := sim.RepoRoot()
	require.NoError(t, err)
	project, err := sim.ReadProject(root)
	require.NoError(t, err)
	opts, err := sim.ReadStack(root, project, stack)
	require.NoError(t, err)
	return opts
}

func committedStackNames(t *testing.T) []string {
	t.Helper()
	root, err := sim.RepoRoot()
	require.NoError(t, err)
	names := sim.StackNames(root)
	require.Subset(t, names, []string{"dev", "prod"})
	return names
}

// A `secure:` value decrypts only with the key of the stack that wrote it, so a committed one
// makes `pulumi up` fail for everyone else before the program runs ("failed to decrypt").
func TestCommittedStackFilesHoldNoSecureValues(t *testing.T) {
	t.Parallel()
	for _, stack := range committedStackNames(t) {
		assert.Empty(t, committedStack(t, stack).SecretKeys, "Pulumi.%s.yaml commits a secure: value nobody else can decrypt", stack)
	}
}

// What a committed stack file may lack is a secret or the learner's own user id (the dev
// stack holds a placeholder), and then `pulumi up` names it and the command that sets it;
// anything else must be valid as committed.
func TestCommittedStackFilesLackAtMostTheirSecrets(t *testing.T) {
	t.Parallel()
	for _, stack := range committedStackNames(t) {
		opts := committedStack(t, stack)
		_, err := stacks.Parse(stack, func(key string) (string, bool) {
			v, ok := opts.Config[key]
			return v, ok
		})
		if err == nil {
			continue
		}
		var problems stacks.Problems
		require.True(t, errors.As(err, &problems), "%s: %v", stack, err)
		for _, p := range problems {
			if p.Key == "identity.userId" {
				assert.Equal(t, `is still the placeholder "`+stacks.UserIDPlaceholder+`"`, p.Message, stack)
				assert.Contains(t, p.Fix, "`pulumi config set --path identity.userId <your course user id>`", stack)
				continue
			}
			// A made-up role name would pass validation and fail `pulumi up` minutes later on the
			// grant (NoSuchEntity), with MSK already creating: the files hold a placeholder instead.
			if p.Key == "databricks.crossAccountRoleName" {
				assert.Equal(t, `is still the placeholder "`+stacks.CrossAccountRolePlaceholder+`"`, p.Message, stack)
				assert.Contains(t, p.Fix, "`pulumi config set --path databricks.crossAccountRoleName <name>`", stack)
				continue
			}
			assert.Contains(t, stacks.SecretKeys, p.Key, "%s: %s", stack, p)
			assert.Contains(t, p.Fix, "`pulumi config set --secret "+p.Key+" ", "%s: the fix is the command", stack)
		}
	}
}

// The offline plan cannot see a secret either; it plans a stack whose settings need one as if
// it were set, and says which secret `pulumi up` still needs and how to set it.
func TestLoadStackStandsInForMissingSecrets(t *testing.T) {
	t.Parallel()
	opts, err := sim.LoadStack("dev")
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

	set, err := sim.LoadStack("dev", "databricksToken=dapi-test", "identity.userId=1a2b3c4d5e6f", "databricks.crossAccountRoleName=my-workspace-role")
	require.NoError(t, err)
	assert.Empty(t, set.Assumed, "a token, a user id and a role name given as overrides need no stand-in")
}

// A batch-only stack: no Databricks setting at all, so no token, no Databricks resource and no MWAA.
func TestBatchOnlyStackPlansWithoutAnyDatabricksSetting(t *testing.T) {
	t.Parallel()
	opts, err := sim.LoadStack("dev", "databricks={}", "identity.userId=1a2b3c4d5e6f")
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
