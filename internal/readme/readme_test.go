package readme

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/testtool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const repoDir = "../.."

// The learner's path: at most this many numbered steps to a deployed dev stack (ingestion),
// then to processing, and console actions among all of them (issue 17).
const (
	learnerSection     = "Deploying for real"
	ingestionHeading   = "Ingestion: from a clone to a deployed dev stack"
	processingHeading  = "Processing: three more steps"
	maxIngestionSteps  = 12
	maxProcessingSteps = 3
	maxConsoleActions  = 2
)

func readReadme(t *testing.T) *Doc {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoDir, "README.md"))
	require.NoError(t, err)
	return Parse(string(raw))
}

func TestLearnerPathIsAtMost12StepsAnd3ForProcessing(t *testing.T) {
	t.Parallel()
	doc := readReadme(t)
	section, ok := doc.Section(learnerSection)
	require.True(t, ok, "README.md has no section %q", learnerSection)
	ingestion := section.Steps(ingestionHeading)
	processing := section.Steps(processingHeading)
	require.NotEmpty(t, ingestion, "no numbered steps under %q", ingestionHeading)
	require.NotEmpty(t, processing, "no numbered steps under %q", processingHeading)
	assert.LessOrEqual(t, len(ingestion), maxIngestionSteps, "ingestion steps")
	assert.LessOrEqual(t, len(processing), maxProcessingSteps, "processing steps")

	// Processing continues the numbering, so the count a learner reads is the count here.
	console := 0
	for i, step := range append(ingestion, processing...) {
		assert.Equal(t, i+1, step.Number, "step %d is numbered %d", i+1, step.Number)
		switch {
		case strings.HasPrefix(step.Text, "Console:"):
			console++
			assert.Empty(t, step.Blocks, "step %d is a console action and must not also hold a command", step.Number)
		case len(step.Blocks) == 1:
			assert.Len(t, step.Blocks[0].Commands(), 1, "step %d must be exactly one command:\n%s", step.Number, step.Blocks[0].Body)
		default:
			t.Errorf("step %d is neither one command (one fenced block) nor a named console action (\"Console: …\"): %q", step.Number, step.Text)
		}
	}
	assert.LessOrEqual(t, console, maxConsoleActions, "console actions on the learner's path")
}

// The deploy commands a learner copies must run the policy pack, or no guardrail applies.
func TestLearnerDeployCommandsUseThePolicyPack(t *testing.T) {
	t.Parallel()
	section, ok := readReadme(t).Section(learnerSection)
	require.True(t, ok)
	deploys := 0
	for _, b := range section.Blocks {
		for _, c := range b.Commands() {
			fields := strings.Fields(c)
			if len(fields) < 2 || fields[0] != "pulumi" || (fields[1] != "preview" && fields[1] != "up") {
				continue
			}
			deploys++
			assert.Contains(t, c, "--policy-pack policies", "a documented deploy command runs without the policy pack")
		}
	}
	assert.GreaterOrEqual(t, deploys, 3, "the learner's path previews once and deploys twice")
}

// `pulumi stack rm` without --preserve-config deletes the committed Pulumi.<stack>.yaml.
func TestDocumentedStackRemovalsKeepTheStackFile(t *testing.T) {
	t.Parallel()
	removals := 0
	for _, b := range readReadme(t).Blocks {
		for _, c := range b.Commands() {
			if !strings.Contains(c, "pulumi stack rm") {
				continue
			}
			removals++
			assert.Contains(t, c, "--preserve-config", "documented command: %s", c)
		}
	}
	assert.GreaterOrEqual(t, removals, 2, "the learner's path and the teardown section each remove a stack")
}

// TestOfflineCommandsRunAsWritten runs every fenced block marked <!-- offline-test --> in
// README.md, section by section in a scratch copy of the project's stack files, and checks
// each command's exit status (0, or the "# exit N" written after it) and the output shown in a
// following <!-- offline-test-output --> block.
func TestOfflineCommandsRunAsWritten(t *testing.T) {
	doc := readReadme(t)
	marked := doc.Marked()
	// At least the learner's init and plan, the failing policy, the batch-only and the
	// processing plans, the exit codes and moto.
	require.GreaterOrEqual(t, len(marked), 7, "offline-tested blocks in README.md")
	bin := buildCommands(t)

	sections := map[string][]*Block{}
	var order []string
	for _, b := range marked {
		if _, seen := sections[b.Section]; !seen {
			order = append(order, b.Section)
		}
		sections[b.Section] = append(sections[b.Section], b)
	}
	for _, name := range order {
		t.Run(name, func(t *testing.T) {
			dir := sandbox(t)
			for i, b := range sections[name] {
				t.Run(strconv.Itoa(i+1), func(t *testing.T) {
					testtool.Require(t, b.Needs...)
					runBlock(t, dir, bin, b)
				})
			}
		})
	}
}

// buildCommands builds ./cmd/... once, as the README's exit-code section advises: the
// commands then report their real exit status, which `go run` turns into 1.
func buildCommands(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	cmd := exec.Command("go", "build", "-o", bin+string(filepath.Separator), "./cmd/...")
	cmd.Dir = repoDir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build ./cmd/...: %s", out)
	return bin
}

// sandbox copies the project's Pulumi files into a fresh directory, so a documented
// `go run ./cmd/init --force` never overwrites the committed stack files.
func sandbox(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob(filepath.Join(repoDir, "Pulumi*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), raw, 0o644))
	}
	return dir
}

// goShim stands in for the go command inside a block: `go run ./cmd/NAME` runs the binary
// built from the same package, and `go build -o DIR ./cmd/...` copies them. Anything else
// fails, so a README command the test cannot run as written is noticed.
const goShim = `go() {
  if [ "$1" = run ] && [ "${2#./cmd/}" != "$2" ]; then
    local name="${2#./cmd/}"; shift 2; "$README_TEST_BIN/$name" "$@"
  elif [ "$1" = build ] && [ "$2" = -o ] && [ "$4" = ./cmd/... ] && [ $# -eq 4 ]; then
    mkdir -p "$3" && cp "$README_TEST_BIN"/* "$3"
  else
    echo "readme test: cannot run 'go $*' as written" >&2; return 127
  fi
}
`

var expectedExit = regexp.MustCompile(`\s#\s*exit\s+(\d+)\b`)

func runBlock(t *testing.T, dir, bin string, b *Block) {
	t.Helper()
	testtool.RequireOne(t, "bash")
	if b.Needs != nil && portBusy("127.0.0.1:5000") && strings.Contains(b.Body, "5000") {
		testtool.Missing(t, "127.0.0.1:5000 is taken; the moto recipe needs it")
	}
	commands := b.Commands()
	require.NotEmpty(t, commands, "an offline-test block without commands")
	statusFile := filepath.Join(t.TempDir(), "status")
	var script strings.Builder
	script.WriteString(goShim)
	for i, c := range commands {
		fmt.Fprintf(&script, "%s\nprintf '%%d %%d\\n' %d $? >> %q\n", c, i, statusFile)
	}
	outFile, err := os.Create(filepath.Join(t.TempDir(), "output"))
	require.NoError(t, err)
	defer func() { _ = outFile.Close() }()

	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", script.String())
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "README_TEST_BIN="+bin)
	cmd.Stdin = strings.NewReader(b.Stdin)
	// Output goes to a file, not a pipe: a background process a block starts (moto) keeps a
	// pipe open and would hold Wait. Its own process group lets the test stop exactly it.
	cmd.Stdout, cmd.Stderr = outFile, outFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	runErr := cmd.Wait()
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		require.NoError(t, runErr)
	}
	output, err := os.ReadFile(outFile.Name())
	require.NoError(t, err)
	rawStatus, err := os.ReadFile(statusFile)
	require.NoError(t, err, "the block stopped before its first status:\n%s", tail(output))

	statuses := strings.Fields(string(rawStatus))
	require.Len(t, statuses, 2*len(commands), "every command reports a status:\n%s", tail(output))
	for i, c := range commands {
		want := 0
		if m := expectedExit.FindStringSubmatch(c); m != nil {
			want, _ = strconv.Atoi(m[1])
		}
		got, err := strconv.Atoi(statuses[2*i+1])
		require.NoError(t, err)
		assert.Equal(t, want, got, "exit status of %q\noutput:\n%s", c, tail(output))
	}
	if b.Output != nil {
		lines := strings.Split(strings.TrimSpace(b.Output.Body), "\n")
		require.NotEmpty(t, lines)
		for _, line := range lines {
			line = strings.TrimSpace(line) // the README may indent what the command prints
			if !strings.Contains(string(output), line) {
				t.Errorf("the README shows output the command does not print: %q\noutput:\n%s", line, tail(output))
			}
		}
	}
}

func portBusy(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return false
	}
	_ = conn.Close()
	return true
}

// tail keeps failure messages readable: a plan prints hundreds of lines.
func tail(output []byte) string {
	const keep = 4000
	if len(output) <= keep {
		return string(output)
	}
	return "…" + string(output[len(output)-keep:])
}
