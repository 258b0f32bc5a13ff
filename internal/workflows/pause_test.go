package workflows

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pauseLs is the backend: dev and a learner's stack have class hours in their committed files,
// nohours has none, local has no committed file, empty holds nothing.
const pauseLs = `[{"name":"dev","resourceCount":180},{"name":"course/learner-1","resourceCount":150},
{"name":"nohours","resourceCount":90},{"name":"local","resourceCount":40},{"name":"empty","resourceCount":0},
{"name":"prod","resourceCount":200}]`

// fakePausePulumi lists pauseLs, and answers `stack output` from outputs-<short>.json.
const fakePausePulumi = `case "$1 $2" in
  "stack ls") cat "$PWD/ls.json" ;;
  "stack output") short=${5##*/}; cat "$PWD/outputs-$short.json" ;;
  "config set") ;;
  "login "*) ;;
  *) echo "unexpected pulumi $*" >&2; exit 3 ;;
esac`

// fakeGo answers `go run ./cmd/pause --stack S --at T` from want-<S> (the decision) and fails for bad-<S>.
const fakeGo = `[ "$1 $2" = "run ./cmd/pause" ] || { echo "unexpected go $*" >&2; exit 3; }
[ -f "$PWD/bad-$4" ] && { echo "pause: stack $4: pause.classHours.timezone is not an IANA time zone" >&2; exit 1; }
cat "$PWD/want-$4"`

func pauseProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "ls.json"), pauseLs)
	for stack, env := range map[string]string{"dev": "dev", "learner-1": "dev", "nohours": "dev", "prod": "prod"} {
		write(t, filepath.Join(dir, "Pulumi."+stack+".yaml"), "config:\n  pinterest-pipeline:identity:\n    environment: "+env+"\n")
	}
	for stack, want := range map[string]string{"dev": "paused", "learner-1": "running", "nohours": "unscheduled", "prod": "running"} {
		write(t, filepath.Join(dir, "want-"+stack), want+"\n")
	}
	// dev runs and should be paused; learner-1 is paused and should run; prod runs as it should.
	write(t, filepath.Join(dir, "outputs-dev.json"), `{"invokeUrl":"https://x"}`)
	write(t, filepath.Join(dir, "outputs-learner-1.json"), `{"invokeUrl":"https://y","paused":true}`)
	write(t, filepath.Join(dir, "outputs-prod.json"), `{"invokeUrl":"https://z"}`)
	return dir
}

func TestPauseSelectOnSchedule(t *testing.T) {
	t.Parallel()
	dir := pauseProject(t)
	output := filepath.Join(dir, "out")
	out, code, calls := run(t, dir, "pause-select.sh", nil,
		map[string]string{"EVENT": "schedule", "AT": "2026-12-07T20:00:00Z", "GITHUB_OUTPUT": output},
		map[string]string{"pulumi": fakePausePulumi, "go": fakeGo})
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "dev: outside its class hours at 2026-12-07T20:00:00Z, pausing")
	assert.Contains(t, out, "course/learner-1: class hours start soon (or have started) at 2026-12-07T20:00:00Z, resuming")
	assert.Contains(t, out, "prod: running, as its class hours want")
	assert.Contains(t, out, "nohours: no class hours (pause.classHours); left alone")
	assert.Contains(t, out, "local: no committed Pulumi.local.yaml, so no class hours; left alone")
	assert.Contains(t, out, "empty: not deployed")
	assert.Equal(t, `stacks=[{"stack":"dev","name":"dev","environment":"dev","action":"pause"},`+
		`{"stack":"learner-1","name":"course/learner-1","environment":"dev","action":"resume"}]`+"\n", readOutput(t, output))
	joined := strings.Join(calls, "\n")
	assert.Contains(t, joined, "go run ./cmd/pause --stack dev --at 2026-12-07T20:00:00Z")
	assert.NotContains(t, joined, "stack output --json --stack nohours", "an unscheduled stack's outputs are not read")
}

func TestPauseSelectFailsOnUnreadableClassHours(t *testing.T) {
	t.Parallel()
	dir := pauseProject(t)
	write(t, filepath.Join(dir, "bad-learner-1"), "")
	output := filepath.Join(dir, "out")
	out, code, _ := run(t, dir, "pause-select.sh", nil,
		map[string]string{"EVENT": "schedule", "AT": "2026-12-07T20:00:00Z", "GITHUB_OUTPUT": output},
		map[string]string{"pulumi": fakePausePulumi, "go": fakeGo})
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "::error::course/learner-1: Pulumi.learner-1.yaml has class hours that cannot be read")
	assert.Contains(t, readOutput(t, output), `"action":"pause"`, "the other stacks are still selected")
}

func TestPauseSelectByHand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, stack, action string
		code                int
		want                string
	}{
		{"pause dev", "dev", "pause", 0, `stacks=[{"stack":"dev","name":"dev","environment":"dev","action":"pause"}]`},
		{"resume a learner's stack", "learner-1", "resume", 0, `stacks=[{"stack":"learner-1","name":"course/learner-1","environment":"dev","action":"resume"}]`},
		{"prod runs in the prod environment", "prod", "pause", 0, `"environment":"prod","action":"pause"`},
		{"no committed stack file", "local", "pause", 1, "Pulumi.local.yaml is not committed"},
		{"not in the backend", "typo", "pause", 1, "the Pulumi backend has no stack typo"},
		{"unknown action", "dev", "stop", 1, "choose pause or resume"},
		{"not a name", "dev;rm", "pause", 1, "is not a stack name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := pauseProject(t)
			output := filepath.Join(dir, "out")
			write(t, output, "")
			out, code, _ := run(t, dir, "pause-select.sh", nil,
				map[string]string{"EVENT": "workflow_dispatch", "INPUT_STACK": tt.stack, "INPUT_ACTION": tt.action, "GITHUB_OUTPUT": output},
				map[string]string{"pulumi": fakePausePulumi, "go": fakeGo})
			assert.Equal(t, tt.code, code, out)
			assert.Contains(t, out+readOutput(t, output), tt.want)
		})
	}
}

func TestPauseApplySetsTheKey(t *testing.T) {
	t.Parallel()
	for action, value := range map[string]string{"pause": "true", "resume": "false"} {
		dir := t.TempDir()
		out, code, calls := run(t, dir, "pause-apply.sh", []string{"course/learner-1", action}, nil, map[string]string{"pulumi": fakePausePulumi})
		require.Equal(t, 0, code, out)
		assert.Equal(t, []string{"pulumi config set paused " + value + " --stack course/learner-1"}, calls)
	}
	out, code, calls := run(t, t.TempDir(), "pause-apply.sh", []string{"dev", "stop"}, nil, map[string]string{"pulumi": fakePausePulumi})
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "choose pause or resume")
	assert.Empty(t, calls)
}

// The scheduled and manual pause follow the other workflows: the up runs with the policy pack,
// one stack per group, and a resume of an expired stack is refused before any credentials.
func TestPauseWorkflow(t *testing.T) {
	t.Parallel()
	ws := loadWorkflows(t)
	w := ws["pause.yml"]
	require.NotNil(t, w)
	assert.Contains(t, w.On, "schedule")
	assert.Contains(t, w.On, "workflow_dispatch")
	apply := w.Jobs["apply"]
	require.NotNil(t, apply.Concurrency)
	assert.Equal(t, "pause-${{ matrix.target.stack }}", apply.Concurrency.Group)
	set, up, refuse, creds := -1, -1, -1, -1
	for i, s := range apply.Steps {
		switch {
		case strings.Contains(s.Run, "pause-apply.sh"):
			set = i
		case s.action() == pulumiCLI && s.With["command"] == "up":
			up = i
			assert.Contains(t, s.With["policyPacks"], "policies")
		case strings.Contains(s.Run, "refuse-expired.sh"):
			refuse = i
			assert.Contains(t, s.If, "resume")
		case s.action() == credentials:
			creds = i
		}
	}
	require.True(t, set >= 0 && up >= 0 && refuse >= 0 && creds >= 0)
	assert.Less(t, set, up, "the key is set before the up")
	assert.Less(t, refuse, creds, "an expired stack is refused before any credentials")
	assert.Contains(t, strings.Join([]string{w.Jobs["select"].Steps[len(w.Jobs["select"].Steps)-1].Run}, ""), "pause-select.sh")
}
