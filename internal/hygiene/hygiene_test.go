package hygiene

import (
	"bytes"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const repoDir = "../.."

// git runs git in the repository. Without git or a work tree (an exported copy) the checks
// skip, except under CI, whose checkout is always a work tree.
func git(t *testing.T, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is not installed, and CI must check what the repository tracks")
		}
		t.Skip("git is not installed")
	}
	probe := exec.Command("git", "rev-parse", "--is-inside-work-tree")
	probe.Dir = repoDir
	if out, err := probe.Output(); err != nil || strings.TrimSpace(string(out)) != "true" {
		if os.Getenv("CI") != "" {
			t.Fatalf("not a git work tree under CI: %v", err)
		}
		t.Skip("not a git work tree")
	}
	cmd := exec.Command("git", args...)
	cmd.Dir = repoDir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && stderr.Len() > 0 {
		t.Logf("git %s: %s", strings.Join(args, " "), stderr.String())
	}
	return string(out), err
}

// strayPatterns are names no commit should hold: logs, test binaries, profiles and plans.
var strayPatterns = []string{"*.log", "*.test", "*.out", "*.prof", "*.exe", "plan.json", "*.plan.json", "before.json"}

func TestNoStrayArtefactIsTracked(t *testing.T) {
	t.Parallel()
	out, err := git(t, "ls-files", "-z")
	require.NoError(t, err)
	files := strings.Split(strings.TrimRight(out, "\x00"), "\x00")
	require.Greater(t, len(files), 50, "git ls-files lists the repository")
	for _, file := range files {
		for _, pattern := range strayPatterns {
			if ok, _ := path.Match(pattern, path.Base(file)); ok {
				t.Errorf("%s is tracked, but matches %s: remove it with `git rm --cached %s`", file, pattern, file)
			}
		}
		if strings.HasPrefix(file, "bin/") {
			t.Errorf("%s is build output", file)
		}
		raw, err := os.ReadFile(filepath.Join(repoDir, file))
		if os.IsNotExist(err) {
			continue // deleted in the work tree, not yet committed
		}
		require.NoError(t, err)
		for _, magic := range [][]byte{[]byte("\x7fELF"), {0xcf, 0xfa, 0xed, 0xfe}, []byte("MZ")} {
			if bytes.HasPrefix(raw, magic) {
				t.Errorf("%s is a compiled binary", file)
			}
		}
	}
}

// What the documented commands write inside the repository is ignored, and the golden files
// that look like plans are not.
func TestCommandOutputIsIgnored(t *testing.T) {
	t.Parallel()
	for _, file := range []string{
		"gl.log",                     // a tool's log (golangci-lint's, once committed)
		"bin/plan",                   // go build -o bin/ ./cmd/... (learner guide, exit codes)
		"plan.json", "dev.plan.json", // go run ./cmd/plan --json > …
		"before.json",                // go run ./cmd/plan --stack dev --json > before.json (operations guide)
		"pinterest-pipeline", "plan", // go build in the root
		"policies/policies",            // cd policies && go build (what the Pulumi language host does)
		".cache/connect-plugins/a.zip", // the S3 sink plugin cache
		"cmd/plan/plan.test", "coverage.out", "cpu.prof",
	} {
		_, err := git(t, "check-ignore", "--no-index", "--quiet", file)
		assert.NoError(t, err, "%s is not ignored: add it to .gitignore", file)
	}
	for _, file := range []string{"cmd/plan/testdata/dev.plan.json.golden", "internal/readme/parse.go", "docs/learner-guide.md"} {
		_, err := git(t, "check-ignore", "--no-index", "--quiet", file)
		assert.Error(t, err, "%s must not be ignored", file)
	}
}
