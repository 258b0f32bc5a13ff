package pack

import (
	goflag "flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/gendoc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = goflag.Bool("update", false, "rewrite the generated table of docs/reference/policies.md")

// policyReference renders one row per policy, in the pack's order, with the level each has
// before any --policy-pack-config.
func policyReference(t *testing.T) string {
	t.Helper()
	policies := Policies(devSettings)
	require.NotEmpty(t, policies)
	var b strings.Builder
	b.WriteString("| Policy | Checks | Level | Rule | What it refuses, and the fix |\n|---|---|---|---|---|\n")
	for _, p := range policies {
		checks := "each resource"
		if _, ok := p.(policyx.StackValidationPolicy); ok {
			checks = "the whole stack"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", p.Name(), checks, LevelName(p.EnforcementLevel()),
			gendoc.Cell(p.Description()), Fixes[p.Name()])
	}
	return b.String()
}

func TestPolicyReferenceIsCurrent(t *testing.T) {
	t.Parallel()
	gendoc.AssertBlock(t, filepath.Join("..", "..", "docs", "reference", "policies.md"), "policy-reference",
		"go test ./policies/pack -update", policyReference(t), *update)
}

// Every policy says how to fix what it refuses, and no fix outlives its policy.
func TestEveryPolicyHasAFix(t *testing.T) {
	t.Parallel()
	var names []string
	for _, p := range Policies(devSettings) {
		names = append(names, p.Name())
		assert.NotEmpty(t, Fixes[p.Name()], "policy %s has no entry in Fixes", p.Name())
	}
	require.NotEmpty(t, names)
	for name := range Fixes {
		assert.True(t, slices.Contains(names, name), "Fixes names %q, which is no policy of the pack", name)
	}
}
