package simcheck_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/pinterest-pipeline/pinterest-pipeline"

// The program `pulumi up` builds and the policy pack binary the engine starts carry only
// what they run: the offline engine (internal/sim, with its YAML reader and fakes) and the
// adapters in this package are for cmd/plan, cmd/init and tests. `go list -deps` without
// -test lists what a binary links, test files left out.
func TestDeployedBinariesDoNotLinkTheOfflineEngine(t *testing.T) {
	t.Parallel()
	binaries := map[string]string{".": module, "./policies": module + "/policies"}
	for dir, pkg := range binaries {
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{.Dir}}", pkg).CombinedOutput()
			require.NoError(t, err, string(out))
			var deps []string
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				path, pkgDir, _ := strings.Cut(line, " ")
				deps = append(deps, path)
				if strings.HasPrefix(path, module) {
					readSources(t, pkgDir)
				}
			}
			// A listing that lost the project's own packages would pass vacuously.
			require.True(t, slices.Contains(deps, module+"/stacks"), "go list -deps %s lists no %s/stacks:\n%s", dir, module, out)
			for _, offline := range []string{module + "/internal/sim", module + "/internal/simcheck"} {
				assert.False(t, slices.Contains(deps, offline), "%s links the offline-only %s", dir, offline)
			}
		})
	}
}

// readSources reads the project package's Go files, so that `go test` caches this test's
// result only while they are unchanged: an import added to the program must rerun it.
func readSources(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".go") {
			_, err := os.ReadFile(filepath.Join(dir, e.Name()))
			require.NoError(t, err)
		}
	}
}
