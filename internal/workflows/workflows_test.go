package workflows

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/conformance"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

const (
	workflowDir = "../../.github/workflows"
	scriptDir   = "../../.github/scripts"
	credentials = "aws-actions/configure-aws-credentials"
	pulumiCLI   = "pulumi/actions"
	cacheAction = "actions/cache"
	// defaultMaxSession is an IAM role's default MaxSessionDuration: a longer
	// role-duration-seconds makes AssumeRoleWithWebIdentity fail.
	defaultMaxSession = 3600
)

type workflow struct {
	file string
	raw  string
	On   map[string]any `yaml:"on"`
	Jobs map[string]job `yaml:"jobs"`
}

type job struct {
	Needs          any          `yaml:"needs"`
	If             string       `yaml:"if"`
	Uses           string       `yaml:"uses"`
	TimeoutMinutes int          `yaml:"timeout-minutes"`
	Concurrency    *concurrency `yaml:"concurrency"`
	Steps          []step       `yaml:"steps"`
}

type concurrency struct {
	Group            string `yaml:"group"`
	CancelInProgress any    `yaml:"cancel-in-progress"`
}

type step struct {
	Name string            `yaml:"name"`
	ID   string            `yaml:"id"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	If   string            `yaml:"if"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
	// ContinueOnError lets the job go on after the step fails.
	ContinueOnError any `yaml:"continue-on-error"`
}

// action is the step's action without its version ("actions/cache").
func (s step) action() string {
	name, _, _ := strings.Cut(s.Uses, "@")
	return name
}

// runsPulumi reports whether the step runs a Pulumi command against the backend.
func (s step) runsPulumi() bool {
	if s.action() == pulumiCLI {
		return s.With["command"] != ""
	}
	return regexp.MustCompile(`\bpulumi (login|stack|destroy|up|preview|refresh)\b|(stack-resources|teardown-select|teardown-destroy)\.sh`).MatchString(s.Run)
}

func loadWorkflows(t *testing.T) map[string]*workflow {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(workflowDir, "*.yml"))
	require.NoError(t, err)
	require.Len(t, files, 7, "checks, pr-preview, pr-comment, deploy, teardown, drift, pause")
	out := map[string]*workflow{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		w := &workflow{file: filepath.Base(f), raw: string(data)}
		require.NoError(t, yaml.Unmarshal(data, w), f)
		require.NotEmpty(t, w.Jobs, f)
		out[w.file] = w
	}
	return out
}

// sortedJobs lists every job as "file/job" in a stable order.
func sortedJobs(ws map[string]*workflow) []string {
	var names []string
	for f, w := range ws {
		for j := range w.Jobs {
			names = append(names, f+"/"+j)
		}
	}
	sort.Strings(names)
	return names
}

func jobOf(ws map[string]*workflow, name string) job {
	f, j, _ := strings.Cut(name, "/")
	return ws[f].Jobs[j]
}

// Item 3: every assumed role session lasts at most a role's default maximum, and outlives
// the job that uses it.
func TestRoleSessionsFitTheRoleDefault(t *testing.T) {
	t.Parallel()
	ws := loadWorkflows(t)
	seen := 0
	for _, name := range sortedJobs(ws) {
		j := jobOf(ws, name)
		for _, s := range j.Steps {
			if s.action() != credentials {
				continue
			}
			seen++
			seconds, err := strconv.Atoi(s.With["role-duration-seconds"])
			require.NoError(t, err, "%s: set role-duration-seconds explicitly", name)
			assert.LessOrEqual(t, seconds, defaultMaxSession, "%s asks for more than a role allows by default", name)
			assert.GreaterOrEqual(t, seconds, 900, "%s: STS's minimum", name)
			if assert.Positive(t, j.TimeoutMinutes, "%s has no timeout-minutes", name) {
				assert.LessOrEqual(t, j.TimeoutMinutes*60, seconds, "%s may outlive its credentials", name)
			}
		}
	}
	assert.Equal(t, 7, seen, "deploy, teardown (select, destroy), drift, the PR cloud preview and pause (select, apply) assume roles")
}

// Item 4: an s3:// backend needs AWS credentials to log in, so no job touches the backend
// before its credentials step.
func TestCredentialsBeforeTheBackend(t *testing.T) {
	t.Parallel()
	ws := loadWorkflows(t)
	checked := 0
	for _, name := range sortedJobs(ws) {
		steps := jobOf(ws, name).Steps
		creds := -1
		for i, s := range steps {
			if s.action() == credentials {
				creds = i
				break
			}
		}
		for i, s := range steps {
			if !s.runsPulumi() {
				continue
			}
			checked++
			assert.True(t, creds >= 0 && creds < i, "%s: step %d (%s%s) reaches the backend before the AWS credentials", name, i, s.Name, s.Uses)
		}
	}
	assert.GreaterOrEqual(t, checked, 6)
}

var hidden = regexp.MustCompile(`2>\s*/dev/null|2>&-|\|\|\s*true\b`)

// Item 4: no workflow or script throws an error away.
func TestNoErrorIsHidden(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(workflowDir, "*.yml"))
	require.NoError(t, err)
	scripts, err := filepath.Glob(filepath.Join(scriptDir, "*.sh"))
	require.NoError(t, err)
	require.NotEmpty(t, scripts)
	for _, f := range append(files, scripts...) {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for n, line := range strings.Split(string(data), "\n") {
			assert.False(t, hidden.MatchString(line), "%s:%d hides an error: %s", f, n+1, strings.TrimSpace(line))
		}
	}
}

var pinned = regexp.MustCompile(`^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)\s*$`)

// Item 12: actions are pinned by commit, with the tag beside it; pulumi/actions is v7 (node24)
// and installs the CLI of the SDK in go.mod.
func TestActionsAndCLIArePinned(t *testing.T) {
	t.Parallel()
	ws := loadWorkflows(t)
	sdk := sdkVersion(t)
	pulumiSteps := 0
	for _, f := range sortedFiles(ws) {
		for n, line := range strings.Split(ws[f].raw, "\n") {
			if !strings.Contains(line, "uses:") || strings.Contains(line, "uses: ./") {
				continue
			}
			m := pinned.FindStringSubmatch(line)
			if !assert.NotNil(t, m, "%s:%d: pin the action by commit SHA with `# vX.Y.Z`: %s", f, n+1, strings.TrimSpace(line)) {
				continue
			}
			if m[1] == pulumiCLI {
				assert.True(t, strings.HasPrefix(m[3], "v7."), "%s:%d: pulumi/actions v7 runs on node24", f, n+1)
			}
		}
		for jn, j := range ws[f].Jobs {
			for _, s := range j.Steps {
				if s.action() == pulumiCLI {
					pulumiSteps++
					assert.Equal(t, sdk, s.With["pulumi-version"], "%s/%s: install the CLI the SDK in go.mod is", f, jn)
				}
			}
		}
	}
	assert.Equal(t, 9, pulumiSteps)
}

func sortedFiles(ws map[string]*workflow) []string {
	var fs []string
	for f := range ws {
		fs = append(fs, f)
	}
	sort.Strings(fs)
	return fs
}

func sdkVersion(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../go.mod")
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^\s*github\.com/pulumi/pulumi/sdk/v3 v(\S+)$`).FindSubmatch(data)
	require.NotNil(t, m)
	return string(m[1])
}

// groupPrefix is the literal part of a concurrency group, before its first expression.
func groupPrefix(g string) string {
	p, _, _ := strings.Cut(g, "${{")
	return p
}

// Item 11: GitHub keeps one pending run per group and cancels the one before, so deploy,
// teardown and drift each have their own groups: a drift never displaces a queued deploy or
// teardown, and neither displaces the other. Stack-changing jobs never cancel a running one.
func TestConcurrencyGroupsNeverDropADeployOrTeardown(t *testing.T) {
	t.Parallel()
	ws := loadWorkflows(t)
	stackJobs := map[string]string{"deploy.yml/up": "", "teardown.yml/destroy": "", "drift.yml/preview": "", "pause.yml/apply": ""}
	owner := map[string]string{}
	for name := range stackJobs {
		j := jobOf(ws, name)
		require.NotNil(t, j.Concurrency, "%s has no concurrency group", name)
		assert.Equal(t, false, j.Concurrency.CancelInProgress, "%s must never cancel a running update", name)
		prefix := groupPrefix(j.Concurrency.Group)
		require.NotEmpty(t, prefix, name)
		assert.Contains(t, j.Concurrency.Group, "${{", "%s: one group per stack", name)
		for other, p := range owner {
			assert.False(t, strings.HasPrefix(prefix, p) || strings.HasPrefix(p, prefix),
				"%s and %s share a concurrency group (%q, %q)", name, other, prefix, p)
		}
		owner[name] = prefix
	}
	// No other job may join those groups either.
	for _, name := range sortedJobs(ws) {
		if _, ok := stackJobs[name]; ok {
			continue
		}
		if c := jobOf(ws, name).Concurrency; c != nil {
			for other, p := range owner {
				assert.False(t, strings.HasPrefix(c.Group, p), "%s joins %s's group", name, other)
			}
		}
	}
}

// Item 1: deploy runs no test suite of its own; it waits for the Checks workflow, which runs
// .ci/run with moto installed (GitHub sets CI=true, which makes the moto-backed tests required).
func TestDeployDependsOnTheChecks(t *testing.T) {
	t.Parallel()
	ws := loadWorkflows(t)
	checks := ws["checks.yml"]
	assert.Contains(t, checks.On, "workflow_call", "Deploy calls Checks")
	assert.Contains(t, checks.On, "push")
	assert.Contains(t, checks.On, "pull_request")

	var ciRun, moto int
	for _, s := range checks.Jobs["go"].Steps {
		switch {
		case strings.TrimSpace(s.Run) == ".ci/run":
			ciRun++
			assert.Positive(t, moto, "moto is installed before .ci/run")
		case strings.Contains(s.Run, "pip install") && strings.Contains(s.Run, "moto[server]=="):
			moto++
			// Under CI the conformance tables must match the botocore they were generated from.
			assert.Contains(t, s.Run, "'botocore=="+conformance.PinnedBotocore+"'", "the checks install the botocore the tables are pinned to")
		}
	}
	assert.Equal(t, 1, ciRun, "the checks run .ci/run")
	assert.Equal(t, 1, moto, "the checks install a pinned moto")
	for _, name := range sortedJobs(ws) {
		for _, s := range jobOf(ws, name).Steps {
			assert.NotContains(t, s.Run, "go test", "%s: tests run in .ci/run only", name)
		}
	}

	deploy := ws["deploy.yml"]
	up := deploy.Jobs["up"]
	needs, _ := up.Needs.(string)
	require.NotEmpty(t, needs, "the up job needs the checks")
	assert.Equal(t, "./.github/workflows/checks.yml", deploy.Jobs[needs].Uses)
}

// Item 8: beside .ci/run, the checks keep golangci-lint, a prebuilt release of the major
// version .golangci.yml is written for, on every run (no condition that could skip it).
func TestChecksKeepGolangciLint(t *testing.T) {
	t.Parallel()
	checks := loadWorkflows(t)["checks.yml"]
	raw, err := os.ReadFile("../../.golangci.yml")
	require.NoError(t, err)
	var config struct {
		Version string `yaml:"version"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &config))
	require.NotEmpty(t, config.Version, ".golangci.yml states its version")

	lints := 0
	for name, j := range checks.Jobs {
		for _, s := range j.Steps {
			if s.action() != "golangci/golangci-lint-action" {
				continue
			}
			lints++
			assert.Empty(t, j.If, "job %s runs golangci-lint on every push and pull request", name)
			assert.Empty(t, s.If, "job %s: the golangci-lint step has no condition", name)
			version := s.With["version"]
			assert.Regexp(t, `^v`+regexp.QuoteMeta(config.Version)+`\.\d+\.\d+$`, version,
				"job %s: a pinned golangci-lint release of the major version .golangci.yml is written for", name)
			assert.Contains(t, string(raw), version, ".golangci.yml names the release the workflow runs")
		}
	}
	assert.Equal(t, 1, lints, "checks.yml runs golangci-lint once")
}

// The S3 sink plugin archive is cached between runs wherever the program runs for real
// (preview or up), before it runs.
func TestPluginArchiveIsCachedBeforeTheProgramRuns(t *testing.T) {
	t.Parallel()
	ws := loadWorkflows(t)
	runs := 0
	for _, name := range sortedJobs(ws) {
		cached := false
		for _, s := range jobOf(ws, name).Steps {
			if s.action() == cacheAction && s.With["path"] == stacks.PluginCacheDir {
				cached = true
				assert.Contains(t, s.With["key"], "hashFiles(", "%s: the key follows the pinned plugin", name)
			}
			if s.action() == pulumiCLI && (s.With["command"] == "up" || s.With["command"] == "preview") {
				runs++
				assert.True(t, cached, "%s runs `pulumi %s` without the plugin cache before it", name, s.With["command"])
			}
		}
	}
	assert.Equal(t, 4, runs, "deploy, drift, the PR cloud preview and pause")
}

// Item 9: deploy refuses an expired stack before it assumes a role or runs pulumi.
func TestDeployRefusesAnExpiredStackFirst(t *testing.T) {
	t.Parallel()
	ws := loadWorkflows(t)
	steps := ws["deploy.yml"].Jobs["up"].Steps
	refuse, up := -1, -1
	for i, s := range steps {
		if strings.Contains(s.Run, ".github/scripts/refuse-expired.sh") {
			refuse = i
		}
		if s.action() == credentials && up < 0 {
			up = i
		}
	}
	require.GreaterOrEqual(t, refuse, 0, "no expiry check in deploy")
	assert.Less(t, refuse, up, "the expiry check comes before the credentials")
}

// Issue 13: deploy runs the read-only preflight with the deploy's own credentials, after they
// are assumed and before `pulumi up`, and a failed check stops the job.
func TestDeployRunsThePreflightBeforeUp(t *testing.T) {
	t.Parallel()
	ws := loadWorkflows(t)
	steps := ws["deploy.yml"].Jobs["up"].Steps
	preflight, creds, up := -1, -1, -1
	for i, s := range steps {
		switch {
		case strings.Contains(s.Run, "go run ./cmd/preflight"):
			require.Less(t, preflight, 0, "one preflight step")
			preflight = i
		case s.action() == credentials:
			creds = i
		case s.action() == pulumiCLI && s.With["command"] == "up":
			up = i
		}
	}
	require.GreaterOrEqual(t, preflight, 0, "no preflight step in deploy")
	require.GreaterOrEqual(t, creds, 0)
	require.GreaterOrEqual(t, up, 0)
	assert.Greater(t, preflight, creds, "the preflight uses the deploy's credentials")
	assert.Less(t, preflight, up, "the preflight runs before pulumi up")
	s := steps[preflight]
	assert.Nil(t, s.ContinueOnError, "a failed preflight stops the deploy")
	assert.Empty(t, s.If, "the preflight always runs")
	assert.Contains(t, s.Run, `--stack "$STACK"`)
	assert.NotContains(t, s.Run, "||", "nothing swallows its exit status")
	assert.Equal(t, "${{ secrets.DATABRICKS_TOKEN }}", s.Env["DATABRICKS_TOKEN"], "the workspace checks need the token")
}

// Items 6 and 7: the teardown selects from the backend, and reports and removes by script.
func TestTeardownUsesTheBackendAndReports(t *testing.T) {
	t.Parallel()
	ws := loadWorkflows(t)
	td := ws["teardown.yml"]
	assert.NotContains(t, td.raw, "Pulumi.*.yaml", "the stacks come from the backend, not the committed files")
	var runs []string
	for _, name := range []string{"select", "destroy"} {
		for _, s := range td.Jobs[name].Steps {
			runs = append(runs, s.Run)
		}
	}
	all := strings.Join(runs, "\n")
	for _, script := range []string{"teardown-select.sh", "teardown-destroy.sh", "billing-report.sh", "report-issue.sh"} {
		assert.Contains(t, all, ".github/scripts/"+script)
	}
	for _, s := range td.Jobs["destroy"].Steps {
		switch {
		case strings.Contains(s.Run, "billing-report.sh"):
			assert.Contains(t, s.If, "!cancelled()", "the report runs when the destroy failed too")
		case strings.Contains(s.Run, "report-issue.sh"):
			assert.Contains(t, s.If, "failure()", "an issue only when something failed")
		}
	}
}
