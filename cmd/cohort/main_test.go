package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var today = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

const (
	roster3 = "# December cohort\nada1 ada@example.com 2026-12-20\ngrace2, grace@example.com\nlinus3 linus@example.com\n"
	// The template's types must survive: a float budget, a tag that looks like a number, an
	// unquoted date.
	template = `config:
  aws:region: us-east-1
  pinterest-pipeline:identity:
    environment: dev
    ttl: 30d
    expiresAt: 2026-12-31
  pinterest-pipeline:cost:
    hourlyBudgetUsd: 0.5
  pinterest-pipeline:tags:
    course: "2026"
`
)

// project writes a project directory with a roster and a learner template.
func project(t *testing.T, roster string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"Pulumi.yaml":          "name: pinterest-pipeline\nruntime: go\n",
		"roster.txt":           roster,
		"learner.yaml":         template,
		"Pulumi.platform.yaml": "config:\n  pinterest-pipeline:shape: platform\n",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600))
	}
	return dir
}

type result struct {
	code           int
	stdout, stderr string
	// made says whether the command got as far as asking for the stacks.
	made bool
}

// cohortCmd runs the command against fake in dir; the roster and template flags point into dir.
func cohortCmd(t *testing.T, fake *fakeStacks, dir string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	var res result
	full := append([]string{}, args...)
	if len(full) > 0 && !strings.HasPrefix(full[0], "-") {
		full = append(full, "--dir", dir)
		if !hasFlag(args, "--roster") {
			full = append(full, "--roster", filepath.Join(dir, "roster.txt"))
		}
		if !hasFlag(args, "--learner-template") && (args[0] == "up" || args[0] == "resume" || args[0] == "preview") {
			full = append(full, "--learner-template", filepath.Join(dir, "learner.yaml"))
		}
	}
	getenv := func(name string) string { return map[string]string{"DATABRICKS_TOKEN": "dapi-test-token"}[name] }
	res.code = run(context.Background(), full, &out, &errOut, func() time.Time { return today }, getenv,
		func(gotDir, logDir string) (Stacks, error) {
			res.made = true
			assert.Equal(t, dir, gotDir)
			assert.Equal(t, filepath.Join(dir, ".cohort-logs"), logDir)
			return fake, nil
		})
	res.stdout, res.stderr = out.String(), errOut.String()
	return res
}

func hasFlag(args []string, flag string) bool {
	for _, a := range args {
		if a == flag || strings.HasPrefix(a, flag+"=") {
			return true
		}
	}
	return false
}

func platformStack() map[string]any {
	return map[string]any{shapeKey: "platform", "aws:region": "us-east-1"}
}

func TestUpDeploysThePlatformBeforeTheLearners(t *testing.T) {
	t.Parallel()
	fake := newFake().withStack("platform", platformStack(), false)
	res := cohortCmd(t, fake, project(t, roster3), "up")
	require.Equal(t, cliexit.OK, res.code, res.stderr)

	platformDone := fake.index("end up platform")
	require.GreaterOrEqual(t, platformDone, 0, "the platform was updated")
	learnerOps := append(fake.eventsOf("start ensure cohort-"), fake.eventsOf("start up cohort-")...)
	require.Len(t, learnerOps, 6, "each of 3 learners configured and updated")
	for _, e := range learnerOps {
		assert.Greater(t, fake.index(e), platformDone, "%s comes after the platform's update", e)
	}
	assert.Empty(t, fake.failures)
	assert.Equal(t, []string{"start ensure platform"}, fake.eventsOf("start ensure platform"))
	assert.Equal(t, map[string]any{shapeKey: "platform", "aws:region": "us-east-1"}, fake.stacks["platform"].config,
		"up leaves the platform's own configuration alone")
}

// The exact settings of a learner stack: the template's, with its types, and the learner's own.
func TestUpWritesEachLearnersConfig(t *testing.T) {
	t.Parallel()
	const platform = "acme/pinterest-pipeline/platform"
	fake := newFake().withStack(platform, platformStack(), false)
	res := cohortCmd(t, fake, project(t, roster3), "up", "--platform-stack", platform, "--cohort", "dec")
	require.Equal(t, cliexit.OK, res.code, res.stderr)
	require.Len(t, fake.stacks, 4, "the platform and three learner stacks")
	want := map[string]string{
		"dec-ada1": `{
			"aws:region": "us-east-1",
			"pinterest-pipeline:identity": {"environment": "dev", "ttl": "30d", "expiresAt": "2026-12-20", "userId": "ada1", "owner": "ada@example.com"},
			"pinterest-pipeline:cost": {"hourlyBudgetUsd": 0.5},
			"pinterest-pipeline:tags": {"course": "2026"},
			"pinterest-pipeline:shape": "learner",
			"pinterest-pipeline:cohort": {"platformStack": "acme/pinterest-pipeline/platform", "proxyPort": 8100},
			"pinterest-pipeline:paused": false
		}`,
		"dec-grace2": `{
			"aws:region": "us-east-1",
			"pinterest-pipeline:identity": {"environment": "dev", "ttl": "30d", "expiresAt": "2026-12-31", "userId": "grace2", "owner": "grace@example.com"},
			"pinterest-pipeline:cost": {"hourlyBudgetUsd": 0.5},
			"pinterest-pipeline:tags": {"course": "2026"},
			"pinterest-pipeline:shape": "learner",
			"pinterest-pipeline:cohort": {"platformStack": "acme/pinterest-pipeline/platform", "proxyPort": 8101},
			"pinterest-pipeline:paused": false
		}`,
	}
	for stack, cfg := range want {
		require.Contains(t, fake.stacks, stack)
		got, err := json.Marshal(fake.stacks[stack].config)
		require.NoError(t, err)
		assert.JSONEq(t, cfg, string(got), stack)
	}
	port := fake.stacks["dec-linus3"].config[cohortKey].(map[string]any)["proxyPort"]
	assert.EqualValues(t, 8102, port)
}

// A learner update fails; the re-run finishes the job, keeps every port, and adds a learner
// added to the roster meanwhile on the lowest free port.
func TestUpReRunAfterAPartialFailureFinishesTheJob(t *testing.T) {
	t.Parallel()
	dir := project(t, roster3)
	fake := newFake().withStack("platform", platformStack(), false)
	fake.failOn("up", "cohort-grace2", "creating MSK Connect connector: ConflictException")
	res := cohortCmd(t, fake, dir, "up")
	assert.Equal(t, cliexit.Failed, res.code)
	assert.Regexp(t, `grace2\s+failed\s+-\s+-\s+creating MSK Connect connector: ConflictException`, res.stdout)
	assert.Regexp(t, `ada1\s+up\s+https://cohort-ada1\.execute-api`, res.stdout)
	assert.Contains(t, res.stderr, "cohort-grace2: failed: creating MSK Connect connector")

	// The cause is fixed, and a learner joined the roster meanwhile.
	delete(fake.failures, "up cohort-grace2")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "roster.txt"), []byte(roster3+"new4 new@example.com\n"), 0o600))
	res = cohortCmd(t, fake, dir, "up")
	require.Equal(t, cliexit.OK, res.code, res.stdout)
	ports := map[string]float64{}
	for _, stack := range []string{"cohort-ada1", "cohort-grace2", "cohort-linus3", "cohort-new4"} {
		require.True(t, fake.stacks[stack].deployed, stack)
		ports[stack] = fake.stacks[stack].config[cohortKey].(map[string]any)["proxyPort"].(float64)
	}
	assert.Equal(t, map[string]float64{"cohort-ada1": 8100, "cohort-grace2": 8101, "cohort-linus3": 8102, "cohort-new4": 8103}, ports)
	assert.Len(t, fake.eventsOf("end up cohort-ada1"), 2, "a stack already up is updated again (a no-op for Pulumi)")
}

func TestUpSkipsTheLearnersWhenThePlatformFails(t *testing.T) {
	t.Parallel()
	fake := newFake().withStack("platform", platformStack(), false)
	fake.failOn("up", "platform", "creating MSK cluster: quota exceeded")
	res := cohortCmd(t, fake, project(t, roster3), "up")
	assert.Equal(t, cliexit.Failed, res.code)
	assert.Empty(t, fake.eventsOf("start ensure cohort-"), "no learner stack was touched")
	assert.Equal(t, 3, strings.Count(res.stdout, "not attempted: the platform stack platform failed"), res.stdout)
}

// Existing learner stacks keep their paused setting on up; new ones take the template's.
func TestUpKeepsEachStacksPausedSetting(t *testing.T) {
	t.Parallel()
	fake := newFake().withStack("platform", platformStack(), false).
		withStack("cohort-ada1", map[string]any{shapeKey: learnerShape, pausedKey: true,
			cohortKey: map[string]any{"platformStack": "platform", "proxyPort": 8105}}, true)
	res := cohortCmd(t, fake, project(t, roster3), "up")
	require.Equal(t, cliexit.OK, res.code, res.stderr)
	assert.Equal(t, true, fake.stacks["cohort-ada1"].config[pausedKey])
	assert.Equal(t, false, fake.stacks["cohort-grace2"].config[pausedKey])
	assert.EqualValues(t, 8105, fake.stacks["cohort-ada1"].config[cohortKey].(map[string]any)["proxyPort"])
	assert.EqualValues(t, 8100, fake.stacks["cohort-grace2"].config[cohortKey].(map[string]any)["proxyPort"])
	assert.Regexp(t, `ada1\s+paused\s`, res.stdout)
}

// A learner added while the cohort is paused is created paused: the platform has no cluster.
func TestUpCreatesANewLearnerPausedOnAPausedPlatform(t *testing.T) {
	t.Parallel()
	platform := platformStack()
	platform[pausedKey] = true
	fake := newFake().withStack("platform", platform, true)
	res := cohortCmd(t, fake, project(t, roster3), "up")
	require.Equal(t, cliexit.OK, res.code, res.stderr)
	assert.Equal(t, true, fake.stacks["cohort-ada1"].config[pausedKey])
	assert.Equal(t, true, fake.stacks["platform"].config[pausedKey], "up leaves the platform paused")
}

// Another cohort's learner on the same platform holds a port that nobody here may take.
func TestUpReservesThePortsOfOtherLearnersOfThePlatform(t *testing.T) {
	t.Parallel()
	fake := newFake().withStack("platform", platformStack(), true).
		withStack("nov-zed9", map[string]any{shapeKey: learnerShape,
			cohortKey: map[string]any{"platformStack": "platform", "proxyPort": 8100}}, true).
		withStack("other-platform-learner", map[string]any{shapeKey: learnerShape,
			cohortKey: map[string]any{"platformStack": "platform2", "proxyPort": 8101}}, true)
	res := cohortCmd(t, fake, project(t, roster3), "up")
	require.Equal(t, cliexit.OK, res.code, res.stderr)
	assert.EqualValues(t, 8101, fake.stacks["cohort-ada1"].config[cohortKey].(map[string]any)["proxyPort"])
	assert.EqualValues(t, 8102, fake.stacks["cohort-grace2"].config[cohortKey].(map[string]any)["proxyPort"])
}

func TestConcurrencyIsBounded(t *testing.T) {
	t.Parallel()
	var roster strings.Builder
	for i := range 10 {
		fmt.Fprintf(&roster, "learner%d learner%d@example.com\n", i, i)
	}
	for _, parallel := range []int{1, 3} {
		fake := newFake().withStack("platform", platformStack(), false)
		fake.delay = 30 * time.Millisecond
		res := cohortCmd(t, fake, project(t, roster.String()), "up", "--parallel", fmt.Sprint(parallel))
		require.Equal(t, cliexit.OK, res.code, res.stderr)
		require.Len(t, fake.eventsOf("end up cohort-"), 10)
		assert.Equal(t, parallel, fake.maxInFlight, "--parallel %d", parallel)
	}
}

func deployedCohort() *fakeStacks {
	fake := newFake().withStack("platform", platformStack(), true)
	for i, id := range []string{"ada1", "grace2", "linus3"} {
		fake.withStack("cohort-"+id, map[string]any{shapeKey: learnerShape,
			cohortKey: map[string]any{"platformStack": "platform", "proxyPort": 8100 + i}}, true)
	}
	return fake
}

func TestDestroyTakesTheLearnersFirstThenThePlatform(t *testing.T) {
	t.Parallel()
	fake := deployedCohort()
	res := cohortCmd(t, fake, project(t, roster3), "destroy")
	require.Equal(t, cliexit.OK, res.code, res.stdout)
	platformStart := fake.index("start destroy platform")
	require.GreaterOrEqual(t, platformStart, 0)
	removed := fake.eventsOf("end remove cohort-")
	require.Len(t, removed, 3)
	for _, e := range removed {
		assert.Less(t, fake.index(e), platformStart, "%s before the platform's destroy", e)
	}
	assert.Equal(t, []string{"platform"}, keys(fake.stacks), "learner stacks removed; the platform stack (and its file) kept")
	assert.False(t, fake.stacks["platform"].deployed)
}

func keys(m map[string]*fakeStack) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A learner's destroy fails: the platform stays; the re-run skips the learners already gone,
// finishes the last one, then takes the platform.
func TestDestroyKeepsThePlatformWhileALearnerRemains(t *testing.T) {
	t.Parallel()
	dir := project(t, roster3)
	fake := deployedCohort()
	fake.failOn("destroy", "cohort-linus3", "deleting S3 bucket: BucketNotEmpty")
	res := cohortCmd(t, fake, dir, "destroy")
	assert.Equal(t, cliexit.Failed, res.code)
	assert.Equal(t, -1, fake.index("start destroy platform"))
	assert.True(t, fake.stacks["platform"].deployed)
	assert.Regexp(t, `platform platform\s+kept\s.*not destroyed: learner stacks cohort-linus3 still use it`, res.stdout)

	delete(fake.failures, "destroy cohort-linus3")
	res = cohortCmd(t, fake, dir, "destroy")
	require.Equal(t, cliexit.OK, res.code, res.stdout)
	assert.Len(t, fake.eventsOf("start destroy cohort-ada1"), 1, "already destroyed: skipped")
	assert.Regexp(t, `ada1\s+absent`, res.stdout)
	assert.Regexp(t, `linus3\s+destroyed`, res.stdout)
	assert.False(t, fake.stacks["platform"].deployed)

	res = cohortCmd(t, fake, dir, "destroy")
	require.Equal(t, cliexit.OK, res.code, "a third run has nothing left to do: %s", res.stdout)
	assert.Len(t, fake.eventsOf("start destroy platform"), 2, "destroying an empty platform again is a no-op for Pulumi")
}

func TestDestroyKeepsThePlatformForLearnersOffTheRoster(t *testing.T) {
	t.Parallel()
	fake := deployedCohort().withStack("nov-zed9", map[string]any{shapeKey: learnerShape,
		cohortKey: map[string]any{"platformStack": "platform", "proxyPort": 8150}}, true)
	res := cohortCmd(t, fake, project(t, roster3), "destroy")
	assert.Equal(t, cliexit.Failed, res.code)
	assert.Contains(t, res.stdout, "not destroyed: learner stacks nov-zed9 still use it")
	assert.True(t, fake.stacks["nov-zed9"].deployed, "a stack off the roster is not destroyed")
	assert.True(t, fake.stacks["platform"].deployed)
}

func TestDestroyKeepPlatform(t *testing.T) {
	t.Parallel()
	fake := deployedCohort()
	res := cohortCmd(t, fake, project(t, roster3), "destroy", "--keep-platform")
	require.Equal(t, cliexit.OK, res.code, res.stdout)
	assert.Equal(t, -1, fake.index("start destroy platform"))
	assert.Regexp(t, `platform platform\s+kept`, res.stdout)
	assert.Len(t, fake.stacks, 1)
}

func TestPausePausesTheLearnersThenThePlatform(t *testing.T) {
	t.Parallel()
	fake := deployedCohort()
	res := cohortCmd(t, fake, project(t, roster3), "pause")
	require.Equal(t, cliexit.OK, res.code, res.stdout)
	platformStart := fake.index("start up platform")
	require.GreaterOrEqual(t, platformStart, 0)
	for _, id := range []string{"ada1", "grace2", "linus3"} {
		assert.Equal(t, true, fake.stacks["cohort-"+id].config[pausedKey], id)
		assert.Less(t, fake.index("end up cohort-"+id), platformStart, id)
	}
	assert.Equal(t, true, fake.stacks["platform"].config[pausedKey])
	assert.Equal(t, map[string]any{"platformStack": "platform", "proxyPort": 8100},
		fake.stacks["cohort-ada1"].config[cohortKey], "pause sets paused only: the rest is the stack's own (not rewritten)")
	assert.Regexp(t, `ada1\s+paused\s+https://\S+\s+0\.01`, res.stdout)
}

func TestPauseKeepsThePlatformRunningWhileALearnerRuns(t *testing.T) {
	t.Parallel()
	fake := deployedCohort()
	fake.failOn("up", "cohort-grace2", "deleting MSK Connect connector: timeout")
	res := cohortCmd(t, fake, project(t, roster3), "pause")
	assert.Equal(t, cliexit.Failed, res.code)
	assert.Equal(t, -1, fake.index("start up platform"))
	assert.Nil(t, fake.stacks["platform"].config[pausedKey])
	assert.Contains(t, res.stdout, "not paused: learner stacks cohort-grace2 still run on it")
}

// Another cohort's running learner keeps the platform running; a paused one does not.
func TestPauseKeepsThePlatformRunningForLearnersOffTheRoster(t *testing.T) {
	t.Parallel()
	for _, paused := range []bool{false, true} {
		fake := deployedCohort().withStack("nov-zed9", map[string]any{shapeKey: learnerShape, pausedKey: paused,
			cohortKey: map[string]any{"platformStack": "platform", "proxyPort": 8150}}, true)
		res := cohortCmd(t, fake, project(t, roster3), "pause")
		if paused {
			require.Equal(t, cliexit.OK, res.code, res.stdout)
			assert.Equal(t, true, fake.stacks["platform"].config[pausedKey])
			continue
		}
		assert.Equal(t, cliexit.Failed, res.code)
		assert.Contains(t, res.stdout, "not paused: learner stacks nov-zed9 still run on it")
		assert.Nil(t, fake.stacks["platform"].config[pausedKey])
		assert.Equal(t, false, fake.stacks["nov-zed9"].config[pausedKey], "a stack off the roster is not paused")
	}
}

func TestResumeResumesThePlatformFirst(t *testing.T) {
	t.Parallel()
	fake := deployedCohort()
	for _, s := range fake.stacks {
		s.config[pausedKey] = true
	}
	res := cohortCmd(t, fake, project(t, roster3), "resume")
	require.Equal(t, cliexit.OK, res.code, res.stdout)
	platformDone := fake.index("end up platform")
	require.GreaterOrEqual(t, platformDone, 0)
	for name, s := range fake.stacks {
		assert.Equal(t, false, s.config[pausedKey], name)
		if name != "platform" {
			assert.Greater(t, fake.index("start ensure "+name), platformDone, name)
		}
	}
}

func TestPreviewConfiguresAndPreviewsEveryStack(t *testing.T) {
	t.Parallel()
	fake := newFake().withStack("platform", platformStack(), true)
	res := cohortCmd(t, fake, project(t, roster3), "preview")
	require.Equal(t, cliexit.OK, res.code, res.stdout)
	assert.Empty(t, fake.eventsOf("start up"), "preview deploys nothing")
	assert.Regexp(t, `platform platform\s+previewed \(same 40, update 1\)`, res.stdout)
	assert.Regexp(t, `ada1\s+previewed \(create 41\)`, res.stdout)
	assert.Equal(t, "ada1", fake.stacks["cohort-ada1"].config[identityKey].(map[string]any)["userId"])
}

func TestStatusTableAndJSON(t *testing.T) {
	t.Parallel()
	fake := deployedCohort()
	fake.stacks["cohort-grace2"].config[pausedKey] = true
	delete(fake.stacks, "cohort-linus3")
	dir := project(t, roster3)

	res := cohortCmd(t, fake, dir, "status")
	require.Equal(t, cliexit.OK, res.code, res.stdout)
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	require.Len(t, lines, 6, "a header, the platform, three learners, the total:\n%s", res.stdout)
	assert.Regexp(t, `^LEARNER\s+STATE\s+INVOKE URL\s+\$/HOUR\s+ERROR$`, lines[0])
	assert.Regexp(t, `^platform platform\s+running\s+-\s+1\.25\s*$`, lines[1])
	assert.Regexp(t, `^ada1\s+running\s+https://cohort-ada1\.execute-api\.us-east-1\.amazonaws\.com/dev\s+0\.12\s*$`, lines[2])
	assert.Regexp(t, `^grace2\s+paused\s+https://cohort-grace2\S+\s+0\.01\s*$`, lines[3])
	assert.Regexp(t, `^linus3\s+absent\s+-\s+-\s*$`, lines[4])
	assert.Regexp(t, `^total\s+1\.38\s*$`, lines[5])
	assert.Empty(t, fake.eventsOf("start ensure"), "status changes nothing")

	res = cohortCmd(t, fake, dir, "status", "--json")
	require.Equal(t, cliexit.OK, res.code, res.stderr)
	assert.JSONEq(t, `{
		"command": "status",
		"stacks": [
			{"learner": "", "stack": "platform", "state": "running", "estimatedHourlyCostUsd": 1.25},
			{"learner": "ada1", "stack": "cohort-ada1", "state": "running", "proxyPort": 8100,
			 "invokeUrl": "https://cohort-ada1.execute-api.us-east-1.amazonaws.com/dev", "estimatedHourlyCostUsd": 0.12},
			{"learner": "grace2", "stack": "cohort-grace2", "state": "paused", "proxyPort": 8101,
			 "invokeUrl": "https://cohort-grace2.execute-api.us-east-1.amazonaws.com/dev", "estimatedHourlyCostUsd": 0.01},
			{"learner": "linus3", "stack": "cohort-linus3", "state": "absent"}
		],
		"totalHourlyCostUsd": 1.38
	}`, res.stdout)
}

func TestJSONCarriesErrors(t *testing.T) {
	t.Parallel()
	fake := newFake().withStack("platform", platformStack(), false)
	fake.failOn("up", "cohort-ada1", "creating bucket: BucketAlreadyExists\nwith more detail")
	res := cohortCmd(t, fake, project(t, roster3), "up", "--json")
	assert.Equal(t, cliexit.Failed, res.code)
	var rep report
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &rep), res.stdout)
	require.Len(t, rep.Rows, 4)
	assert.Equal(t, "up", rep.Command)
	assert.Equal(t, "failed", rep.Rows[1].State)
	assert.Equal(t, "creating bucket: BucketAlreadyExists\nwith more detail", rep.Rows[1].Error, "JSON keeps the whole error")
	assert.Equal(t, "up", rep.Rows[2].State)
	assert.InDelta(t, 1.25+0.12+0.12, rep.TotalHourlyCostUSD, 1e-9)
}

func TestProgressHasOneLinePerStateChange(t *testing.T) {
	t.Parallel()
	fake := newFake().withStack("platform", platformStack(), false)
	res := cohortCmd(t, fake, project(t, "ada1 ada@example.com\n"), "up")
	require.Equal(t, cliexit.OK, res.code, res.stderr)
	assert.Equal(t, "[    0s] platform (platform): configuring\n"+
		"[    0s] platform (platform): updating\n"+
		"[    0s] platform (platform): up\n"+
		"[    0s] cohort-ada1: configuring\n"+
		"[    0s] cohort-ada1: updating\n"+
		"[    0s] cohort-ada1: up\n", res.stderr)
}

// Bad input gets a message naming the flag or line and exit 2, and no stack is touched.
func TestBadInputDoesNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		roster string
		args   []string
		want   string
	}{
		{"no subcommand", roster3, []string{}, "no subcommand"},
		{"unknown subcommand", roster3, []string{"deploy"}, `unknown subcommand "deploy"`},
		{"flags before the subcommand", roster3, []string{"--parallel", "2", "up"}, `unknown subcommand "--parallel"`},
		{"no roster", roster3, []string{"status", "--roster", ""}, "--roster is required"},
		{"missing roster file", roster3, []string{"status", "--roster", "/nonexistent/roster.txt"}, "--roster: open /nonexistent/roster.txt"},
		{"empty roster", "", []string{"status"}, "the roster lists no learner"},
		{"bad roster", "ada1 ada@example.com\nada1 again@example.com\nBad-Id x\n", []string{"status"}, "invalid roster (3 problems); nothing was done:\n  - line 2: user id ada1 is already on line 1"},
		{"past expiry on up", "ada1 ada@example.com 2026-11-30\n", []string{"up"}, "line 1: expiry 2026-11-30 is in the past"},
		{"parallel 0", roster3, []string{"up", "--parallel", "0"}, "--parallel 0 is out of range: give 1 to 16"},
		{"parallel too high", roster3, []string{"up", "--parallel", "64"}, "--parallel 64 is out of range"},
		{"no template", roster3, []string{"up", "--learner-template", ""}, "--learner-template is required by up"},
		{"missing template", roster3, []string{"resume", "--learner-template", "/nonexistent.yaml"}, "--learner-template: open /nonexistent.yaml"},
		{"keep-platform off destroy", roster3, []string{"pause", "--keep-platform"}, "--keep-platform applies to destroy only"},
		{"bad platform name", roster3, []string{"status", "--platform-stack", "a/b"}, `--platform-stack "a/b": give <stack> or <org>/<project>/<stack>`},
		{"bad cohort name", roster3, []string{"status", "--cohort", "dec 2026"}, `--cohort "dec 2026" gives learner stack names Pulumi refuses`},
		{"no platform stack file", roster3, []string{"up", "--platform-stack", "shared"}, "--platform-stack shared has no stack file"},
		{"secret without its variable", roster3, []string{"up", "--secret", "databricksToken=NO_SUCH_VAR"},
			"--secret databricksToken=NO_SUCH_VAR: the environment variable NO_SUCH_VAR is empty or not set"},
		{"secret malformed", roster3, []string{"up", "--secret", "databricksToken"}, "give KEY=ENVVAR"},
		{"secret inside an object", roster3, []string{"up", "--secret", "databricks.token=DATABRICKS_TOKEN"}, "give a top-level key"},
		{"secret on destroy", roster3, []string{"destroy", "--secret", "databricksToken=DATABRICKS_TOKEN"}, "--secret applies to preview, up and resume only"},
		{"secret the template sets", roster3, []string{"up", "--secret", "tags=DATABRICKS_TOKEN"}, "the learner template sets pinterest-pipeline:tags too"},
		{"stray argument", roster3, []string{"status", "extra"}, `unexpected arguments ["extra"`},
		// 40 characters pass the roster's own checks, but the learner stack name carries the id
		// again, and the budget name <id>-<cohort>-<id>-monthly-cost would pass AWS's 100.
		{"names the stack name makes too long", "a" + strings.Repeat("b", 39) + " ada@example.com\n", []string{"up"},
			"the learners' stack configurations (--learner-template with each roster line) would be refused; nothing was changed:\n  - a" +
				strings.Repeat("b", 39) + " (stack cohort-a" + strings.Repeat("b", 39) + "): identity.userId with the stack name"},
		{"unknown flag", roster3, []string{"status", "--rooster", "x"}, "flag provided but not defined: -rooster"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake := newFake()
			res := cohortCmd(t, fake, project(t, tc.roster), tc.args...)
			assert.Equal(t, cliexit.Usage, res.code, res.stderr)
			assert.Contains(t, res.stderr, tc.want)
			assert.False(t, res.made, "no stack was asked for")
			assert.Empty(t, fake.events)
		})
	}
}

func TestTemplateSecretsAreRefused(t *testing.T) {
	t.Parallel()
	dir := project(t, roster3)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "learner.yaml"),
		[]byte(template+"  pinterest-pipeline:databricksToken:\n    secure: v1:abc\n"), 0o600))
	fake := newFake()
	res := cohortCmd(t, fake, dir, "up")
	assert.Equal(t, cliexit.Usage, res.code)
	assert.Contains(t, res.stderr, "holds the secrets pinterest-pipeline:databricksToken, encrypted for its own stack only")
	assert.False(t, res.made)
}

// A secret from the environment goes to every learner stack as a secret, never to the
// platform, the stack settings, the table or the progress.
func TestSecretFromTheEnvironment(t *testing.T) {
	t.Parallel()
	fake := newFake().withStack("platform", platformStack(), false)
	res := cohortCmd(t, fake, project(t, roster3), "up", "--secret", "databricksToken=DATABRICKS_TOKEN", "--json")
	require.Equal(t, cliexit.OK, res.code, res.stderr)
	for _, id := range []string{"ada1", "grace2", "linus3"} {
		s := fake.stacks["cohort-"+id]
		assert.Equal(t, map[string]string{"pinterest-pipeline:databricksToken": "dapi-test-token"}, s.secrets, id)
		assert.NotContains(t, s.config, "pinterest-pipeline:databricksToken", id)
	}
	assert.Nil(t, fake.stacks["platform"].secrets)
	assert.NotContains(t, res.stdout+res.stderr, "dapi-test-token")
}

func TestHelpListsTheExitStatuses(t *testing.T) {
	t.Parallel()
	res := cohortCmd(t, newFake(), t.TempDir(), "-h")
	assert.Equal(t, cliexit.OK, res.code)
	assert.Contains(t, res.stderr, cliexit.Cohort.Usage())
	assert.Contains(t, res.stderr, "<cohort>-<userId>")
	assert.False(t, res.made)
}

func TestListFailureIsAFailure(t *testing.T) {
	t.Parallel()
	fake := newFake()
	fake.failOn("list", "", "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions")
	res := cohortCmd(t, fake, project(t, roster3), "status")
	assert.Equal(t, cliexit.Failed, res.code)
	assert.Contains(t, res.stderr, "listing the stacks: error: PULUMI_ACCESS_TOKEN")
}
