package readme

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
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

// The documents the tests hold to account.
const (
	readmeFile   = "README.md"
	learnerGuide = "docs/learner-guide.md"
	operations   = "docs/operations.md"
)

// The learner's path: at most this many numbered steps to a deployed dev stack (ingestion),
// then to processing, and console actions among all of them (issue 17). The README gives a
// shorter path that links to the guide.
const (
	learnerSection     = "Deploying for real"
	ingestionHeading   = "Ingestion: from a clone to a deployed dev stack"
	processingHeading  = "Processing: three more steps"
	maxIngestionSteps  = 12
	maxProcessingSteps = 3
	maxConsoleActions  = 2

	readmeDeploySection = "Deploy in five steps"
	maxReadmeSteps      = 5

	// preflightSection is where the checks before a first deploy go (issue 17).
	preflightSection = "Before your first deploy"
)

// docFiles lists README.md, CONTRIBUTING.md and every Markdown file under docs/, relative
// to the repository.
func docFiles(t *testing.T) []string {
	t.Helper()
	files := []string{readmeFile, "CONTRIBUTING.md"}
	require.NoError(t, filepath.WalkDir(filepath.Join(repoDir, "docs"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".md" {
			return err
		}
		rel, err := filepath.Rel(repoDir, path)
		files = append(files, filepath.ToSlash(rel))
		return err
	}))
	for _, want := range []string{learnerGuide, operations, "docs/how-it-works.md", "docs/reference/config.md"} {
		require.Contains(t, files, want)
	}
	return files
}

func readDoc(t *testing.T, rel string) *Doc {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoDir, rel))
	require.NoError(t, err)
	return Parse(string(raw))
}

// checkSteps holds numbered steps to the learner's rules: numbered 1, 2, … from first, each
// one command (one fenced block) or one named console action. It returns the console actions.
func checkSteps(t *testing.T, steps []*Step, first int) int {
	t.Helper()
	console := 0
	for i, step := range steps {
		assert.Equal(t, first+i, step.Number, "step %d is numbered %d", first+i, step.Number)
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
	return console
}

func TestLearnerPathIsAtMost12StepsAnd3ForProcessing(t *testing.T) {
	t.Parallel()
	doc := readDoc(t, learnerGuide)
	section, ok := doc.Section(learnerSection)
	require.True(t, ok, "%s has no section %q", learnerGuide, learnerSection)
	ingestion := section.Steps(ingestionHeading)
	processing := section.Steps(processingHeading)
	require.NotEmpty(t, ingestion, "no numbered steps under %q", ingestionHeading)
	require.NotEmpty(t, processing, "no numbered steps under %q", processingHeading)
	assert.LessOrEqual(t, len(ingestion), maxIngestionSteps, "ingestion steps")
	assert.LessOrEqual(t, len(processing), maxProcessingSteps, "processing steps")

	// Processing continues the numbering, so the count a learner reads is the count here.
	console := checkSteps(t, append(ingestion, processing...), 1)
	assert.LessOrEqual(t, console, maxConsoleActions, "console actions on the learner's path")

	_, ok = doc.Section(preflightSection)
	assert.True(t, ok, "%s keeps a section %q for the checks before a first deploy", learnerGuide, preflightSection)
}

// The README's short path: five commands at most, no console action, and a link to the
// learner guide for the details.
func TestReadmeDeploysInFiveSteps(t *testing.T) {
	t.Parallel()
	section, ok := readDoc(t, readmeFile).Section(readmeDeploySection)
	require.True(t, ok, "README.md has no section %q", readmeDeploySection)
	steps := section.Steps("")
	require.NotEmpty(t, steps, "no numbered steps under %q", readmeDeploySection)
	assert.LessOrEqual(t, len(steps), maxReadmeSteps)
	assert.Zero(t, checkSteps(t, steps, 1), "the README's steps are all commands")

	raw, err := os.ReadFile(filepath.Join(repoDir, readmeFile))
	require.NoError(t, err)
	assert.Contains(t, string(raw), "("+learnerGuide+"#"+strings.ToLower(strings.ReplaceAll(learnerSection, " ", "-"))+")",
		"the README's steps link to the learner guide's full path")
}

// deploys returns the parts of a command line (split at &&, || and ;) that preview or deploy
// with Pulumi, such as the `pulumi up` of `go run ./cmd/preflight && pulumi up`.
func deploys(command string) []string {
	var found []string
	for _, part := range regexp.MustCompile(`&&|\|\||;`).Split(command, -1) {
		fields := strings.Fields(part)
		if len(fields) >= 2 && fields[0] == "pulumi" && (fields[1] == "preview" || fields[1] == "up") {
			found = append(found, strings.TrimSpace(part))
		}
	}
	return found
}

// The deploy commands a learner copies must run the policy pack, or no guardrail applies.
func TestLearnerDeployCommandsUseThePolicyPack(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		file, section string
		min           int
		why           string
	}{
		{learnerGuide, learnerSection, 3, "the learner's path previews once and deploys twice"},
		{readmeFile, readmeDeploySection, 1, "the README's five steps deploy once"},
	} {
		section, ok := readDoc(t, c.file).Section(c.section)
		require.True(t, ok, "%s has no section %q", c.file, c.section)
		count := 0
		for _, b := range section.Blocks {
			for _, cmd := range b.Commands() {
				for _, deploy := range deploys(cmd) {
					count++
					assert.Contains(t, deploy, "--policy-pack policies", "%s: a documented deploy command runs without the policy pack", c.file)
				}
			}
		}
		assert.GreaterOrEqual(t, count, c.min, "%s: %s", c.file, c.why)
	}
}

// Every documented preview or deploy of the pipeline runs the policy pack, as the Deploy
// workflow does; the CI identity (`cd bootstrap`) is another project, which the pack does not
// describe.
func TestEveryDocumentedDeployUsesThePolicyPack(t *testing.T) {
	t.Parallel()
	count := 0
	for _, file := range docFiles(t) {
		for _, b := range readDoc(t, file).Blocks {
			commands := b.Commands()
			if slices.ContainsFunc(commands, func(c string) bool { return strings.HasPrefix(c, "cd bootstrap") }) {
				continue
			}
			for _, c := range commands {
				for _, deploy := range deploys(c) {
					count++
					assert.Contains(t, deploy, "--policy-pack policies", "%s (%s): a documented deploy without the policy pack", file, b.Section)
				}
			}
		}
	}
	assert.GreaterOrEqual(t, count, 8, "the documents preview and deploy in the learner's path, the README, the walkthroughs and token rotation")
}

// `pulumi stack rm` without --preserve-config deletes the committed Pulumi.<stack>.yaml.
func TestDocumentedStackRemovalsKeepTheStackFile(t *testing.T) {
	t.Parallel()
	removals := map[string]int{}
	for _, file := range docFiles(t) {
		for _, b := range readDoc(t, file).Blocks {
			for _, c := range b.Commands() {
				if !strings.Contains(c, "pulumi stack rm") {
					continue
				}
				removals[file]++
				assert.Contains(t, c, "--preserve-config", "%s: documented command: %s", file, c)
			}
		}
	}
	assert.Positive(t, removals[learnerGuide], "the learner guide removes a stack when done")
	assert.Positive(t, removals[operations], "the teardown section removes a stack")
}

// .ci/run runs the test command the README states, so the two cannot diverge.
func TestReadmeTestCommandIsWhatCIRuns(t *testing.T) {
	t.Parallel()
	const testCommand = "go test ./..."
	section, ok := readDoc(t, readmeFile).Section("Tests")
	require.True(t, ok, "README.md has no section \"Tests\"")
	require.NotEmpty(t, section.Blocks, "the Tests section shows its command")
	assert.Equal(t, []string{testCommand}, section.Blocks[0].Commands(), "the README's test command")

	raw, err := os.ReadFile(filepath.Join(repoDir, ".ci", "run"))
	require.NoError(t, err)
	runs := 0
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.TrimSpace(line) == testCommand {
			runs++
		}
	}
	assert.Equal(t, 1, runs, ".ci/run runs the README's test command, %q, exactly once", testCommand)
}

// Every relative link in README.md, CONTRIBUTING.md and docs/ names a file in the repository
// and, with an #anchor, a heading of that file.
func TestRelativeLinksResolve(t *testing.T) {
	t.Parallel()
	checked, broken, err := CheckLinks(repoDir, docFiles(t))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, checked, 30, "relative links checked: the documents link to each other")
	assert.Empty(t, broken, "broken links")
}

// minMarked is how many offline-tested blocks each document holds at least: the learner's
// init and plan, the failing policy, the batch-only and the processing plans, the exit codes
// and moto in the guide; the init and plan of the five steps in the README.
var minMarked = map[string]int{learnerGuide: 7, readmeFile: 2}

// TestOfflineCommandsRunAsWritten runs every fenced block marked <!-- offline-test --> in
// README.md, CONTRIBUTING.md and docs/, section by section in a scratch copy of the project's
// stack files, and checks each command's exit status (0, or the "# exit N" written after it)
// and the output shown in a following <!-- offline-test-output --> block.
func TestOfflineCommandsRunAsWritten(t *testing.T) {
	type group struct {
		name   string
		blocks []*Block
	}
	var groups []*group
	byName := map[string]*group{}
	for _, file := range docFiles(t) {
		marked := readDoc(t, file).Marked()
		require.GreaterOrEqual(t, len(marked), minMarked[file], "offline-tested blocks in %s", file)
		for _, b := range marked {
			name := file + "/" + b.Section
			if byName[name] == nil {
				byName[name] = &group{name: name}
				groups = append(groups, byName[name])
			}
			byName[name].blocks = append(byName[name].blocks, b)
		}
	}
	bin := buildCommands(t)
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			dir := sandbox(t)
			for i, b := range g.blocks {
				t.Run(strconv.Itoa(i+1), func(t *testing.T) {
					testtool.Require(t, b.Needs...)
					runBlock(t, dir, bin, b)
				})
			}
		})
	}
}

// buildCommands builds ./cmd/... once, as the learner guide's exit-code section advises: the
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
// fails, so a documented command the test cannot run as written is noticed.
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
			line = strings.TrimSpace(line) // a document may indent what the command prints
			if !strings.Contains(string(output), line) {
				t.Errorf("the document shows output the command does not print: %q\noutput:\n%s", line, tail(output))
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
