package main

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var pauseLine = regexp.MustCompile(`Pause between classes \(.*\): \$([0-9.]+)/hour paused, \$([0-9.]+)/hour running`)
var courseLine = regexp.MustCompile(`a course of 15 h/week for 2 weeks, 5 resumes a week: \$([0-9.]+) left running, \$([0-9.]+) paused between classes`)

// The plan shows both hourly figures with one cost model, whichever state the stack is in, and
// the course projection; a paused dev stack costs at most a cent an hour.
func TestPlanShowsRunningAndPausedCost(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--stack", "dev"}, {"--stack", "dev", "--config", "paused=true"}} {
		out, errOut, code := runPlan(t, args...)
		require.Equal(t, 0, code, errOut)
		m := pauseLine.FindStringSubmatch(out)
		require.NotNil(t, m, "no pause line in:\n%s", out)
		paused, _ := strconv.ParseFloat(m[1], 64)
		running, _ := strconv.ParseFloat(m[2], 64)
		assert.LessOrEqual(t, paused, 0.01, args)
		assert.Equal(t, 0.835, running, "the dev plan's own running figure: %v", args)
		assert.Contains(t, out, "airflow-databricks-connection")
		assert.Regexp(t, `each resume: \$0\.[0-9]{2} billed while 10 resources are created \(airflow-environment 25 min, kafka-cluster 25 min`, out)
		c := courseLine.FindStringSubmatch(out)
		require.NotNil(t, c, "no course projection in:\n%s", out)
		always, _ := strconv.ParseFloat(c[1], 64)
		withPause, _ := strconv.ParseFloat(c[2], 64)
		assert.InDelta(t, 0.835*168*2, always, 0.01)
		assert.Less(t, withPause, always/5)
	}
}

func TestPlanRefusesABadCourse(t *testing.T) {
	t.Parallel()
	_, errOut, code := runPlan(t, "--stack", "dev", "--course-weeks", "-1")
	assert.Equal(t, cliexit.Usage, code)
	assert.Contains(t, errOut, "--course-weeks -1")
}
