package program

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// costRow is a row of the documentation's cost table: stack, $/hour, $/month.
var costRow = regexp.MustCompile("(?m)^\\| `(dev|prod)` \\(`Pulumi\\.(?:dev|prod)\\.yaml`\\) \\| (?:at most )?([0-9.]+) \\| (?:at most )?([0-9.]+) \\|")

// Issue 14 item 7: the cost figures in the documentation are the estimator's for the stacks,
// so a price or a stack change that moves them fails here until the table is updated.
func TestDocumentedCostsAreTheEstimates(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("..", "docs", "*.md"))
	require.NoError(t, err)
	rows := map[string][]string{}
	for _, f := range append([]string{filepath.Join("..", "README.md")}, files...) {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range costRow.FindAllStringSubmatch(string(text), -1) {
			rows[m[1]] = append(rows[m[1]], f+": "+m[2]+" "+m[3])
		}
	}
	for _, stack := range []string{"dev", "prod"} {
		require.Len(t, rows[stack], 1, "the cost table has one %s row", stack)
		plan, err := planStack(t, stack)
		require.NoError(t, err)
		est := cost.EstimateResources("us-east-1", cost.FromSim(plan.Resources))
		require.True(t, est.Complete, stack)
		assert.Regexp(t, regexp.QuoteMeta(fmt.Sprintf(": %.4f %.2f", est.HourlyUSD, est.MonthlyUSD))+"$", rows[stack][0],
			"%s: the documented cost is not the estimate; update the table", stack)
	}
}
