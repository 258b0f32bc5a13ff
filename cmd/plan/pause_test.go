package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/gendoc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var pauseLine = regexp.MustCompile(`Pause between classes \(.*\): \$([0-9.]+)/hour paused, \$([0-9.]+)/hour running`)
var estimateLine = regexp.MustCompile(`Estimated cost \([^)]*\): \$([0-9.]+)/hour`)
var courseLine = regexp.MustCompile(`a course of 15 h/week for 2 weeks, 5 resumes a week: \$([0-9.]+) left running, \$([0-9.]+) paused between classes`)

// The plan shows both hourly figures with one cost model, whichever state the stack is in, and
// the course projection; a paused dev stack costs at most a cent an hour.
func TestPlanShowsRunningAndPausedCost(t *testing.T) {
	t.Parallel()
	runningOut, errOut, code := runPlan(t, "--stack", "dev")
	require.Equal(t, 0, code, errOut)
	estimated := estimateLine.FindStringSubmatch(runningOut)
	require.NotNil(t, estimated, "no estimate in:\n%s", runningOut)
	runningHourly, err := strconv.ParseFloat(estimated[1], 64)
	require.NoError(t, err)
	require.Greater(t, runningHourly, 0.5, "a running dev stack with MWAA")
	for _, args := range [][]string{{"--stack", "dev"}, {"--stack", "dev", "--config", "paused=true"}} {
		out, errOut, code := runPlan(t, args...)
		require.Equal(t, 0, code, errOut)
		m := pauseLine.FindStringSubmatch(out)
		require.NotNil(t, m, "no pause line in:\n%s", out)
		paused, _ := strconv.ParseFloat(m[1], 64)
		running, _ := strconv.ParseFloat(m[2], 64)
		assert.LessOrEqual(t, paused, 0.01, args)
		assert.InDelta(t, runningHourly, running, 1e-9, "the running stack's own estimate, whichever state is planned: %v", args)
		assert.Contains(t, out, "airflow-databricks-connection")
		assert.Regexp(t, `each resume: \$0\.[0-9]{2} billed while 10 resources are created \(airflow-environment 25 min, kafka-cluster 25 min`, out)
		c := courseLine.FindStringSubmatch(out)
		require.NotNil(t, c, "no course projection in:\n%s", out)
		always, _ := strconv.ParseFloat(c[1], 64)
		withPause, _ := strconv.ParseFloat(c[2], 64)
		assert.InDelta(t, runningHourly*168*2, always, 0.01)
		assert.Less(t, withPause, always/5)
	}
}

func TestPlanRefusesABadCourse(t *testing.T) {
	t.Parallel()
	_, errOut, code := runPlan(t, "--stack", "dev", "--course-weeks", "-1")
	assert.Equal(t, cliexit.Usage, code)
	assert.Contains(t, errOut, "--course-weeks -1")
}

var resumeLine = regexp.MustCompile(`each resume: \$([0-9.]+) billed`)
var weeklyLine = regexp.MustCompile(`paused between classes \(\$([0-9.]+) a week\)`)

// docs/pause.md's table of what pausing saves is the dev plan's own figures, regenerated with
// `go test ./cmd/plan -update`, so a price or duration change cannot leave it stale.
func TestPauseDocsShowThePlansFigures(t *testing.T) {
	t.Parallel()
	out, errOut, code := runPlan(t, "--stack", "dev")
	require.Equal(t, 0, code, errOut)
	hourly := pauseLine.FindStringSubmatch(out)
	course := courseLine.FindStringSubmatch(out)
	resume := resumeLine.FindStringSubmatch(out)
	weekly := weeklyLine.FindStringSubmatch(out)
	require.True(t, hourly != nil && course != nil && resume != nil && weekly != nil, "the plan lacks a pause figure:\n%s", out)
	bound := ""
	if strings.Contains(out, "counted at a ceiling") {
		bound = "at most "
	}
	want := "| | per hour | 15 h/week, 2 weeks, 5 resumes a week |\n|---|---|---|\n" +
		fmt.Sprintf("| left running | %s$%s | %s$%s |\n", bound, hourly[2], bound, course[1]) +
		fmt.Sprintf("| paused between classes | $%s | $%s ($%s a week) |\n", hourly[1], course[2], weekly[1]) +
		fmt.Sprintf("| each resume | — | $%s |\n", resume[1])
	gendoc.AssertBlock(t, filepath.Join("..", "..", "docs", "pause.md"), "pause-costs", "go test ./cmd/plan -update", want, *update)
}
