package program

import (
	"os"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/testtool"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// TestMain checks every configuration against one fixed day, so that the results do not
// depend on the date the tests run.
func TestMain(m *testing.M) {
	stacks.Clock = testtool.FixedClock
	os.Exit(m.Run())
}
