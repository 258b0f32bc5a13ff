package workflows

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/testtool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// run runs a script from .github/scripts in dir with stand-in commands (name → shell body)
// first on PATH. Each stand-in appends its arguments to dir/calls.log. It returns the
// combined output, the exit code and the calls.
func run(t *testing.T, dir, script string, args []string, env map[string]string, fakes map[string]string) (string, int, []string) {
	t.Helper()
	testtool.Require(t, "bash", "jq")
	bin := t.TempDir()
	log := filepath.Join(dir, "calls.log")
	for name, body := range fakes {
		text := "#!/usr/bin/env bash\necho \"" + name + " $*\" >> " + log + "\n" + body + "\n"
		require.NoError(t, os.WriteFile(filepath.Join(bin, name), []byte(text), 0o755))
	}
	abs, err := filepath.Abs(filepath.Join(scriptDir, script))
	require.NoError(t, err)
	// Reading the script makes it an input of go test's cache, which only tracks the files
	// the test process opens.
	_, err = os.ReadFile(abs)
	require.NoError(t, err)
	cmd := exec.CommandContext(t.Context(), "bash", append([]string{abs}, args...)...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "HOME=" + dir}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	code := 0
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		require.True(t, errors.As(err, &exit), "running %s: %v", script, err)
		code = exit.ExitCode()
	}
	var calls []string
	if data, err := os.ReadFile(log); err == nil {
		calls = strings.Split(strings.TrimSpace(string(data)), "\n")
	}
	return out.String(), code, calls
}

func write(t *testing.T, path, text string) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
}

func readOutput(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

func TestRefuseExpired(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, stack, outputs string
		code                 int
		say                  string
	}{
		{"expired yesterday", "dev", `{"environment":"dev","expiresAt":"2026-11-30"}`, 1, "dev expired on 2026-11-30"},
		{"expires today", "dev", `{"environment":"dev","expiresAt":"2026-12-01"}`, 0, "expires on 2026-12-01"},
		{"later", "learner-1", `{"environment":"dev","expiresAt":"2027-01-10"}`, 0, "expires on 2027-01-10"},
		{"prod by name", "prod", `{"environment":"prod"}`, 0, "never expires"},
		{"no date", "dev", `{"environment":"dev"}`, 1, "has no identity.expiresAt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			write(t, filepath.Join(dir, "plan.json"), `{"project":"pinterest-pipeline","outputs":`+tt.outputs+`}`)
			out, code, _ := run(t, dir, "refuse-expired.sh", []string{tt.stack, "plan.json"}, map[string]string{"TODAY": "2026-12-01"}, nil)
			assert.Equal(t, tt.code, code, out)
			assert.Contains(t, out, tt.say)
			if tt.code != 0 {
				assert.Contains(t, out, "pulumi config set --path identity.expiresAt", "the error names the fix")
			}
		})
	}
}

// stackLs is what `pulumi stack ls --json` prints for the stand-in backend: a committed dev
// stack, a learner's stack created locally (no stack file), prod, a live stack without an
// expiry date, an empty stack and one that expires later.
const stackLs = `[
 {"name":"dev","current":false,"updateInProgress":false,"resourceCount":176},
 {"name":"course/learner-3f9a2c","current":false,"updateInProgress":false,"resourceCount":120},
 {"name":"prod","current":false,"updateInProgress":false,"resourceCount":190},
 {"name":"nodate","current":false,"updateInProgress":false,"resourceCount":12},
 {"name":"empty","current":false,"updateInProgress":false,"resourceCount":0},
 {"name":"later","current":false,"updateInProgress":false,"resourceCount":100}
]`

const fakePulumi = `case "$1 $2" in
"stack ls") [ -n "$LS_FAILS" ] && { echo "error: [401] Unauthorized" >&2; exit 255; }; cat "$STACK_LS" ;;
"stack output")
  case "$5" in
  dev) echo '{"environment":"dev","expiresAt":"2026-11-20"}' ;;
  course/learner-3f9a2c) echo '{"environment":"dev","expiresAt":"2026-11-30","apiKey":"[secret]"}' ;;
  prod) echo '{"environment":"prod"}' ;;
  nodate) echo '{"environment":"dev"}' ;;
  later) echo '{"environment":"dev","expiresAt":"2027-02-01"}' ;;
  *) echo "error: no stack named $5" >&2; exit 255 ;;
  esac ;;
"login "*) ;;
*) echo "unexpected pulumi $*" >&2; exit 99 ;;
esac`

func TestTeardownSelectFromTheBackend(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "ls.json"), stackLs)
	output := filepath.Join(dir, "out")
	out, code, calls := run(t, dir, "teardown-select.sh", nil,
		map[string]string{"EVENT": "schedule", "TODAY": "2026-12-01", "STACK_LS": "ls.json", "GITHUB_OUTPUT": output},
		map[string]string{"pulumi": fakePulumi})

	assert.Equal(t, 1, code, "a live stack without an expiry date fails the run: %s", out)
	assert.Contains(t, out, "::error::nodate holds 12 resources and has no expiry date")
	assert.Contains(t, out, "prod: prod, never destroyed on a schedule")
	assert.Contains(t, out, "empty: no resources")
	assert.Contains(t, out, "later: expires on 2027-02-01")
	assert.Equal(t, `stacks=[{"stack":"dev","name":"dev","environment":"dev"},`+
		`{"stack":"learner-3f9a2c","name":"course/learner-3f9a2c","environment":"dev"}]`+"\n",
		readOutput(t, output), "the expired stacks, the locally created one included, are still selected")
	assert.NotContains(t, strings.Join(calls, "\n"), "stack output --json --stack empty", "an empty stack's outputs are not read")
}

func TestTeardownSelectFailsWhenTheBackendCannotBeListed(t *testing.T) {
	t.Parallel()
	for _, event := range []string{"schedule", "workflow_dispatch"} {
		t.Run(event, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			output := filepath.Join(dir, "out")
			write(t, output, "")
			out, code, _ := run(t, dir, "teardown-select.sh", nil,
				map[string]string{"EVENT": event, "INPUT_STACK": "dev", "INPUT_CONFIRM": "dev", "LS_FAILS": "1", "STACK_LS": "none", "GITHUB_OUTPUT": output},
				map[string]string{"pulumi": fakePulumi})
			assert.Equal(t, 1, code, "a bad token is not 'nothing deployed'")
			assert.Contains(t, out, "could not list the stacks in the Pulumi backend")
			assert.Empty(t, readOutput(t, output))
		})
	}
}

func TestTeardownSelectByHand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, stack, confirm string
		code                 int
		want                 string
	}{
		{"a learner's local stack", "learner-3f9a2c", "learner-3f9a2c", 0,
			`stacks=[{"stack":"learner-3f9a2c","name":"course/learner-3f9a2c","environment":"dev"}]`},
		{"prod goes to the prod environment", "prod", "prod", 0, `stacks=[{"stack":"prod","name":"prod","environment":"prod"}]`},
		{"not in the backend", "typo", "typo", 1, "the Pulumi backend has no stack typo"},
		{"confirmation differs", "dev", "prod", 1, "the confirmation does not match"},
		{"not a name", "dev;rm", "dev;rm", 1, "is not a stack name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			write(t, filepath.Join(dir, "ls.json"), stackLs)
			output := filepath.Join(dir, "out")
			write(t, output, "")
			out, code, _ := run(t, dir, "teardown-select.sh", nil,
				map[string]string{"EVENT": "workflow_dispatch", "INPUT_STACK": tt.stack, "INPUT_CONFIRM": tt.confirm, "STACK_LS": "ls.json", "GITHUB_OUTPUT": output},
				map[string]string{"pulumi": fakePulumi})
			assert.Equal(t, tt.code, code, out)
			assert.Contains(t, out+readOutput(t, output), tt.want)
		})
	}
}

func TestTeardownDestroyRetriesAndRemovesOnlyAfterACleanDestroy(t *testing.T) {
	t.Parallel()
	// The destroy fails FAILURES times, then succeeds.
	fake := `if [ "$1" = destroy ]; then
  n=$(grep -c '^pulumi destroy' "$PWD/calls.log")
  [ "$n" -gt "$FAILURES" ] || { echo "error: DependencyViolation" >&2; exit 255; }
fi`
	tests := []struct {
		name           string
		failures       string
		remove         string
		code, destroys int
		removed        bool
	}{
		{"clean at once", "0", "true", 0, 1, true},
		{"clean on the third try", "2", "true", 0, 3, true},
		{"never clean", "9", "true", 1, 3, false},
		{"prod is kept", "0", "false", 0, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			out, code, calls := run(t, dir, "teardown-destroy.sh", []string{"course/learner-3f9a2c"},
				map[string]string{"FAILURES": tt.failures, "RETRY_WAIT": "0", "REMOVE": tt.remove},
				map[string]string{"pulumi": fake})
			assert.Equal(t, tt.code, code, out)
			destroys, removes := 0, 0
			for _, c := range calls {
				if strings.HasPrefix(c, "pulumi destroy --stack course/learner-3f9a2c --yes") {
					destroys++
				}
				if c == "pulumi stack rm --stack course/learner-3f9a2c --yes --preserve-config" {
					removes++
				}
			}
			assert.Equal(t, tt.destroys, destroys, "%v", calls)
			assert.Equal(t, tt.removed, removes == 1, "%v", calls)
			if tt.code != 0 {
				assert.Contains(t, out, "failed 3 times; resources may still bill")
			}
		})
	}
}

func TestBillingReport(t *testing.T) {
	t.Parallel()
	fake := `[ -n "$AWS_FAILS" ] && { echo "An error occurred (AccessDenied)" >&2; exit 254; }
echo '["arn:aws:kafka:us-east-1:123:cluster/kafka-3f9a2c/x","arn:aws:ec2:us-east-1:123:natgateway/nat-1"]'`
	dir := t.TempDir()
	output := filepath.Join(dir, "out")
	out, code, calls := run(t, dir, "billing-report.sh", []string{"learner-3f9a2c", "left.md"},
		map[string]string{"GITHUB_OUTPUT": output}, map[string]string{"aws": fake})
	require.Equal(t, 0, code, out)
	require.Len(t, calls, 1)
	assert.Contains(t, calls[0], "resourcegroupstaggingapi get-resources --tag-filters Key=project,Values=pinterest-pipeline Key=stack,Values=learner-3f9a2c")
	report := readOutput(t, filepath.Join(dir, "left.md"))
	assert.Contains(t, report, "Resources still tagged stack=learner-3f9a2c: 2")
	assert.Contains(t, report, "- `arn:aws:ec2:us-east-1:123:natgateway/nat-1`")
	assert.Equal(t, "left=2\n", readOutput(t, output))

	_, code, _ = run(t, t.TempDir(), "billing-report.sh", []string{"learner-3f9a2c", "left.md"},
		map[string]string{"AWS_FAILS": "1"}, map[string]string{"aws": fake})
	assert.Equal(t, 1, code, "an unanswered query is not 'nothing left'")
}

func TestReportIssueOpensOneIssuePerStack(t *testing.T) {
	t.Parallel()
	fake := `case "$1 $2" in
"issue list") echo "$OPEN" ;;
"issue comment"|"issue create") ;;
*) exit 99 ;;
esac`
	for _, tt := range []struct {
		name, open, want string
	}{
		{"none open", "", "gh issue create --title Teardown failed: dev is still billing --body-file "},
		{"one open", "42", "gh issue comment 42 --body-file "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			write(t, filepath.Join(dir, "left.md"), "### Resources still tagged stack=dev: 1\n")
			out, code, calls := run(t, dir, "report-issue.sh", []string{"dev", "left.md"},
				map[string]string{"OPEN": tt.open, "RUN_URL": "https://github.com/o/r/actions/runs/1"}, map[string]string{"gh": fake})
			require.Equal(t, 0, code, out)
			require.Len(t, calls, 2, "%v", calls)
			assert.Contains(t, calls[0], `gh issue list --state open --search "Teardown failed: dev is still billing" in:title`)
			assert.True(t, strings.HasPrefix(calls[1], tt.want), calls[1])
		})
	}
}

func TestStackResources(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		stack, fails, want string
		code               int
	}{
		{"dev", "", "176", 0},
		{"learner-3f9a2c", "", "120", 0},
		{"nowhere", "", "0", 0},
		{"dev", "1", "could not list the stacks", 1},
	} {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "ls.json"), stackLs)
		out, code, _ := run(t, dir, "stack-resources.sh", []string{tt.stack},
			map[string]string{"STACK_LS": "ls.json", "LS_FAILS": tt.fails}, map[string]string{"pulumi": fakePulumi})
		assert.Equal(t, tt.code, code, out)
		assert.Contains(t, out, tt.want)
	}
}

// Item 10: a plan with a mandatory violation (cmd/plan exit 3) still gets its diff into the
// comment, and a base branch that already violates one is compared as it is, not as empty.
func TestPlanDiffKeepsThePlansOfViolatingStacks(t *testing.T) {
	t.Parallel()
	// go run ./cmd/plan: the base's --json and the head's --diff both exit 3 for dev.
	fake := `case "$*" in
*"--json"*) echo '{"project":"pinterest-pipeline","stack":"dev","resources":[],"outputs":{}}'; echo "plan: 1 mandatory policy violation" >&2; exit 3 ;;
*"--diff"*) echo "### Offline plan diff: pinterest-pipeline/dev"; echo "label: ${*: -1}"; printf '| new | \140mandatory\140 **hourly-budget** |\n'; exit 3 ;;
esac`
	dir := t.TempDir()
	for _, side := range []string{"base", "head"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, side), 0o755))
		write(t, filepath.Join(dir, side, "Pulumi.dev.yaml"), "config: {}\n")
	}
	out, code, calls := run(t, dir, "plan-diff.sh", nil, map[string]string{
		"BASE_REF": "main", "BASE_SHA": "0123456789abcdef", "HEAD_SHA": "fedcba9876543210", "PR_NUMBER": "7",
		"GITHUB_WORKSPACE": dir, "RUNNER_TEMP": t.TempDir(),
	}, map[string]string{"go": fake})
	assert.Equal(t, 1, code, "the check stays red on a mandatory violation: %s", out)
	assert.Len(t, calls, 2, "%v", calls)
	body := readOutput(t, filepath.Join(dir, "plan-diff", "body.md"))
	assert.Contains(t, body, "**dev violates a mandatory policy**")
	assert.Contains(t, body, "| new | `mandatory` **hourly-budget** |", "the diff is posted")
	assert.Contains(t, body, "label: `main` (which already violates a mandatory policy)", "the base plan is used, not an empty one")
	assert.NotContains(t, body, "failed")
	assert.Equal(t, "7\n", readOutput(t, filepath.Join(dir, "plan-diff", "pr-number")))
}
