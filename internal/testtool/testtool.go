// Package testtool is the one rule for tests that run an external tool (shellcheck, python3,
// moto_server, the aws CLI): look for the tool before asserting anything, then skip with the
// reason on a machine without it, and fail instead under CI (the CI environment variable set,
// as GitHub Actions and .ci/run set it), where a skipped check would pass unseen.
package testtool

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// UnderCI reports whether the tests run in CI, where every tool must be present.
func UnderCI() bool { return os.Getenv("CI") != "" }

// Require returns the path of each tool on PATH, in order. A missing one skips the test, or
// fails it under CI. Call it before the test's first assertion, so that a skip never hides
// a check that needs no tool.
func Require(t testing.TB, tools ...string) []string {
	t.Helper()
	paths := make([]string, 0, len(tools))
	var missing []string
	for _, tool := range tools {
		path, err := exec.LookPath(tool)
		if err != nil {
			missing = append(missing, tool)
			continue
		}
		paths = append(paths, path)
	}
	if len(missing) > 0 {
		Missing(t, strings.Join(missing, ", ")+" not on PATH")
	}
	return paths
}

// RequireOne is Require for a single tool.
func RequireOne(t testing.TB, tool string) string {
	t.Helper()
	return Require(t, tool)[0]
}

// RequirePython returns python3 after checking that it imports every module; a missing one
// skips the test, or fails it under CI.
func RequirePython(t testing.TB, modules ...string) string {
	t.Helper()
	py := RequireOne(t, "python3")
	for _, m := range modules {
		if out, err := exec.Command(py, "-c", "import "+m).CombinedOutput(); err != nil {
			Missing(t, fmt.Sprintf("python3 cannot import %s (%v): %s", m, err, strings.TrimSpace(string(out))))
		}
	}
	return py
}

// Missing ends the test for want of something it needs: a skip with the reason, or under CI
// a failure, since CI must run every check.
func Missing(t testing.TB, reason string) {
	t.Helper()
	if UnderCI() {
		t.Fatalf("%s; CI must run this check (.ci/run installs what it needs)", reason)
	}
	t.Skipf("%s; skipped here (CI runs it)", reason)
}

// Day is the fixed date tests check configurations against (stacks.Clock), so that a Kafka
// version reaching its end of support or a stack file's expiry passing changes no result.
var Day = time.Date(2026, time.November, 22, 12, 0, 0, 0, time.UTC)

// FixedClock returns Day; tests set stacks.Clock = testtool.FixedClock in TestMain.
func FixedClock() time.Time { return Day }
