package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/gendoc"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/program"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testRoster is the three-learner roster the cohort tests plan.
const testRoster = "testdata/roster.txt"

// perLearnerGoalUSD is issue 16's goal: what a learner with their own connector and client host
// may add to the platform per hour.
const perLearnerGoalUSD = 0.20

func planCohortJSON(t *testing.T, dir, roster string, args ...string) (cohortDocument, string, int) {
	t.Helper()
	out, errOut, code := runPlanIn(dir, append([]string{"--cohort", roster, "--json"}, args...)...)
	var doc cohortDocument
	if out != "" {
		require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	}
	return doc, errOut, code
}

func TestCohortPlanPlansThePlatformAndEveryLearner(t *testing.T) {
	t.Parallel()
	doc, errOut, code := planCohortJSON(t, fixtureDir, testRoster)
	require.Equal(t, cliexit.OK, code, errOut)
	assert.Equal(t, "platform", doc.Platform.Stack)
	assert.Positive(t, doc.Platform.Resources)
	assert.Positive(t, doc.Platform.HourlyUSD)

	roster, err := readRoster(testRoster)
	require.NoError(t, err)
	require.Len(t, roster, 3)
	require.Len(t, doc.Learners, len(roster))
	ports := map[int]string{}
	sum := 0.0
	for i, l := range doc.Learners {
		assert.Equal(t, roster[i].UserID, l.UserID, "roster order")
		assert.Equal(t, "cohort-"+roster[i].UserID, l.Stack)
		assert.Positive(t, l.Resources)
		assert.Positive(t, l.HourlyUSD)
		assert.Empty(t, ports[l.ProxyPort], "port %d given twice", l.ProxyPort)
		ports[l.ProxyPort] = l.UserID
		sum += l.HourlyUSD
	}
	assert.InDelta(t, doc.Platform.HourlyUSD+sum, doc.TotalHourlyUSD, 1e-9, "the cohort total is the platform plus every learner")
	assert.InDelta(t, (doc.TotalHourlyUSD-doc.Platform.HourlyUSD)/float64(len(roster)), doc.PerLearnerHourlyUSD, 1e-9)
	assert.LessOrEqual(t, doc.PerLearnerHourlyUSD, perLearnerGoalUSD,
		"issue 16: a learner with their own connector and client host adds at most $%.2f/h", perLearnerGoalUSD)

	text, errOut, code := runPlan(t, "--cohort", testRoster)
	require.Equal(t, cliexit.OK, code, errOut)
	assert.Contains(t, text, fmt.Sprintf("Platform platform: %d cloud resources, $%.4f/hour, none", doc.Platform.Resources, doc.Platform.HourlyUSD))
	for _, l := range doc.Learners {
		assert.Regexp(t, fmt.Sprintf(`\n%s +%s +%d +%d +\$%.4f +none\n`, l.UserID, l.Stack, l.ProxyPort, l.Resources, l.HourlyUSD), text)
	}
	assert.Contains(t, text, fmt.Sprintf("$%.4f/hour", doc.TotalHourlyUSD))
	assert.Contains(t, text, fmt.Sprintf("Per learner, beyond the platform: $%.4f/hour", doc.PerLearnerHourlyUSD))
}

// Each learner planned in the cohort, concurrently and against the platform planned once, declares
// what the learner template planned on its own with that learner's settings declares (the
// platform then planned for it alone, by sim's stand-in).
func TestCohortLearnerPlansEqualTheirSingleStackPlans(t *testing.T) {
	t.Parallel()
	roster, err := readRoster(testRoster)
	require.NoError(t, err)
	c, err := planCohort(context.Background(), cohortRequest{dir: fixtureDir, roster: testRoster, platform: "platform", template: "learner", name: "cohort"}, roster)
	require.NoError(t, err)
	require.Len(t, c.Learners, 3)
	for _, lp := range c.Learners {
		set := []string{"identity.userId=" + lp.Learner.UserID, "identity.owner=" + lp.Learner.Email,
			"cohort.platformStack=platform", "cohort.proxyPort=" + strconv.Itoa(lp.Port)}
		if lp.Learner.Expiry != "" {
			set = append(set, "identity.expiresAt="+lp.Learner.Expiry)
		}
		opts, err := readOptions(fixtureDir, "learner", set)
		require.NoError(t, err)
		opts.Stack = lp.Stack
		single, err := sim.Run(opts, program.Stack)
		require.NoError(t, err, lp.Learner.UserID)
		want, got := resourceTexts(t, single), resourceTexts(t, lp.Plan)
		require.NotEmpty(t, want)
		assert.ElementsMatch(t, want, got, "learner %s", lp.Learner.UserID)
		assert.Contains(t, strings.Join(got, "\n"), "user-"+lp.Learner.UserID+"-bucket", "the learner's own bucket")
		assert.Equal(t, single.Outputs, lp.Plan.Outputs, "learner %s", lp.Learner.UserID)
	}
}

// resourceTexts are a plan's resources as JSON, one each, to compare as sets.
func resourceTexts(t *testing.T, p *sim.Plan) []string {
	t.Helper()
	out := make([]string, 0, len(p.Resources))
	for _, r := range p.Resources {
		b, err := json.Marshal(r)
		require.NoError(t, err)
		out = append(out, string(b))
	}
	return out
}

func TestCohortPlanRefusesABadRosterAndPlansNothing(t *testing.T) {
	t.Parallel()
	roster := filepath.Join(t.TempDir(), "roster.txt")
	require.NoError(t, os.WriteFile(roster, []byte("1a2b3c4d5e6f, ada@example.com\n1a2b3c4d5e6f, grace@example.com\nBad_Id, not-an-email\n"), 0o600))
	out, errOut, code := runPlan(t, "--cohort", roster)
	assert.Equal(t, cliexit.Usage, code)
	assert.Empty(t, out, "nothing planned")
	for _, want := range []string{"line 2: user id 1a2b3c4d5e6f is already on line 1", "line 3: user id", `email "not-an-email" is not an email address`} {
		assert.Contains(t, errOut, want)
	}

	_, errOut, code = runPlan(t, "--cohort", filepath.Join(t.TempDir(), "missing.txt"))
	assert.Equal(t, cliexit.Usage, code)
	assert.Contains(t, errOut, "--cohort")

	_, errOut, code = runPlan(t, "--cohort", testRoster, "--stack", "dev")
	assert.Equal(t, cliexit.Usage, code, "dev is no platform stack")
	assert.Contains(t, errOut, `platform stack dev: shape is "standalone", not "platform"`)

	_, errOut, code = runPlan(t, "--cohort", testRoster, "--config", "network.azCount=3")
	assert.Equal(t, cliexit.Usage, code)
	assert.Contains(t, errOut, "--config plans one stack")
}

// A learner stack an earlier `cmd/cohort up` made keeps its settings the template does not set,
// and its port; when those fail a mandatory policy, the whole cohort plan fails and names it.
func TestCohortPlanFailsOnOneLearnersMandatoryViolation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	entries, err := os.ReadDir(fixtureDir)
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(fixtureDir, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), data, 0o600))
	}
	const id = "7f8e9d0c1b2a"
	// A budget below the learner's own cost: the hourly-budget policy is mandatory.
	existing := "config:\n  pinterest-pipeline:cohort:\n    platformStack: platform\n    proxyPort: 8120\n" +
		"  pinterest-pipeline:cost:\n    hourlyBudgetUsd: 0.01\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.cohort-"+id+".yaml"), []byte(existing), 0o600))

	doc, errOut, code := planCohortJSON(t, dir, testRoster)
	require.Equal(t, cliexit.PolicyViolation, code, errOut)
	require.Len(t, doc.Learners, 3)
	failing := 0
	for _, l := range doc.Learners {
		if l.UserID == id {
			assert.Positive(t, l.Mandatory)
			assert.Equal(t, 8120, l.ProxyPort, "a learner stack keeps its port")
			assert.Contains(t, errOut, "learner "+id+" (stack cohort-"+id+")")
			failing++
			continue
		}
		assert.Zero(t, l.Mandatory, l.UserID)
		assert.NotContains(t, errOut, l.UserID)
	}
	assert.Equal(t, 1, failing)

	_, _, code = planCohortJSON(t, dir, testRoster, "--allow-violations")
	assert.Equal(t, cliexit.OK, code)
}

// writeRoster writes a roster of n learners with distinct course-like ids.
func writeRoster(t testing.TB, n int) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%012x, learner%d@example.com\n", 0xc0ffee000000+i*7919, i)
	}
	path := filepath.Join(t.TempDir(), "roster.txt")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o600))
	return path
}

// BenchmarkCohortPlan30 plans a 30-learner cohort in-process, warm (issue 16's budget: under
// 10 s); docs/cohort.md reports the measured figure.
func BenchmarkCohortPlan30(b *testing.B) {
	roster := writeRoster(b, 30)
	dir, err := makeFixtureProject()
	require.NoError(b, err)
	b.Cleanup(func() { _ = os.RemoveAll(dir) })
	learners, err := readRoster(roster)
	require.NoError(b, err)
	req := cohortRequest{dir: dir, roster: roster, platform: "platform", template: "learner", name: "cohort"}
	_, err = planCohort(context.Background(), req, learners) // warm
	require.NoError(b, err)
	b.ResetTimer()
	for range b.N {
		c, err := planCohort(context.Background(), req, learners)
		require.NoError(b, err)
		require.Len(b, c.Learners, 30)
	}
}

// cohortSize is the cohort docs/cohort.md's cost table prices: the 30 learners.
const cohortSize = 30

// docs/cohort.md's cost table is a 30-learner cohort's plan, regenerated with
// `go test ./cmd/plan -update`, so a price or a resource change cannot leave it stale.
func TestCohortDocsShowThePlansFigures(t *testing.T) {
	t.Parallel()
	doc, errOut, code := planCohortJSON(t, fixtureDir, writeRoster(t, cohortSize))
	require.Equal(t, cliexit.OK, code, errOut)
	require.Len(t, doc.Learners, cohortSize)
	bound := ""
	if doc.Bound != "" {
		bound = doc.Bound + " "
	}
	row := func(what string, hourly float64) string {
		return fmt.Sprintf("| %s | %s$%.4f | %s$%.2f |\n", what, bound, hourly, bound, hourly*cost.HoursPerMonth)
	}
	want := "| | per hour | per month |\n|---|---|---|\n" +
		row("the platform (`Pulumi.platform.yaml`)", doc.Platform.HourlyUSD) +
		row("each learner (`Pulumi.learner.yaml`)", doc.PerLearnerHourlyUSD) +
		row(fmt.Sprintf("a %d-learner cohort", cohortSize), doc.TotalHourlyUSD)
	gendoc.AssertBlock(t, filepath.Join("..", "..", "docs", "cohort.md"), "cohort-costs", "go test ./cmd/plan -update", want, *update)
}
