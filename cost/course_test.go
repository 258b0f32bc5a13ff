package cost_test

import (
	"testing"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResumeCostBillsWhatAPauseDeletesForItsCreationTime(t *testing.T) {
	t.Parallel()
	running := cost.Estimate{Resources: []cost.Line{
		{URN: "msk", Type: "aws:msk/cluster:Cluster", HourlyUSD: 0.60},
		{URN: "mwaa", Type: "aws:mwaa/environment:Environment", HourlyUSD: 0.48},
		{URN: "secret", Type: "aws:secretsmanager/secret:Secret", HourlyUSD: 0.0006},
		{URN: "eip", Type: "aws:ec2/eip:Eip", HourlyUSD: 0.005}, // instant: not in the table
	}}
	paused := cost.Estimate{Resources: []cost.Line{{URN: "secret", Type: "aws:secretsmanager/secret:Secret", HourlyUSD: 0.0006}}}
	create := func(typ string) time.Duration {
		return map[string]time.Duration{"aws:msk/cluster:Cluster": 25 * time.Minute, "aws:mwaa/environment:Environment": 25 * time.Minute}[typ]
	}
	total, lines := cost.ResumeCost(running, paused, create)
	// 25 minutes of each: 0.60*25/60 + 0.48*25/60.
	assert.InDelta(t, 0.25+0.20, total, 1e-9)
	require.Len(t, lines, 3, "the secret stays, so a resume does not create it")
	assert.Equal(t, "msk", lines[0].URN, "the dearest first")
	assert.Equal(t, 0.0, lines[2].USD, "a type without a creation time is instant")
}

func TestCourseProjection(t *testing.T) {
	t.Parallel()
	c := cost.Course{ActiveHoursPerWeek: 15, Weeks: 2, ResumesPerWeek: 5}
	require.NoError(t, c.Validate())
	p := cost.Project(c, 1.00, 0.01, 0.50)
	assert.Equal(t, 336.0, p.AlwaysOnUSD, "168 hours a week for two weeks at $1")
	// A week: 15 h running, 153 h paused, 5 resumes.
	assert.InDelta(t, 15+1.53+2.5, p.WeeklyPausedUSD, 1e-9)
	assert.InDelta(t, 2*(15+1.53+2.5), p.PausedUSD, 1e-9)
}

func TestCourseFlagsAreChecked(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		course cost.Course
		flag   string
	}{
		{cost.Course{ActiveHoursPerWeek: 0, Weeks: 2, ResumesPerWeek: 5}, "--course-hours"},
		{cost.Course{ActiveHoursPerWeek: 169, Weeks: 2, ResumesPerWeek: 5}, "--course-hours"},
		{cost.Course{ActiveHoursPerWeek: 15, Weeks: 0, ResumesPerWeek: 5}, "--course-weeks"},
		{cost.Course{ActiveHoursPerWeek: 15, Weeks: 2, ResumesPerWeek: 2.5}, "--course-resumes"},
	} {
		err := c.course.Validate()
		require.Error(t, err, c.flag)
		assert.Contains(t, err.Error(), c.flag)
	}
}
