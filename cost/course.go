package cost

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"time"
)

// ResumeLine is what one resumed resource costs while it is being created.
type ResumeLine struct {
	Type    string  `json:"type"`
	URN     string  `json:"urn"`
	Minutes float64 `json:"minutes"`
	USD     float64 `json:"usd"`
}

// ResumeCost is what one resume costs before the stack is usable: every priced resource of the
// running estimate that the paused one lacks, billed for its creation time, which create gives
// per type (the offline plan passes internal/durations' table, the one home of those times). A
// resource bills from the moment it is requested, so each resume pays this long for it.
func ResumeCost(running, paused Estimate, create func(typ string) time.Duration) (float64, []ResumeLine) {
	kept := map[string]bool{}
	for _, l := range paused.Resources {
		kept[l.URN] = true
	}
	var total float64
	var lines []ResumeLine
	for _, l := range running.Resources {
		if kept[l.URN] {
			continue
		}
		minutes := create(l.Type).Minutes()
		usd := l.HourlyUSD * minutes / 60
		total += usd
		lines = append(lines, ResumeLine{Type: l.Type, URN: l.URN, Minutes: minutes, USD: round(usd, 6)})
	}
	sort.Slice(lines, func(i, j int) bool {
		return lines[i].USD > lines[j].USD || (lines[i].USD == lines[j].USD && lines[i].URN < lines[j].URN)
	})
	return round(total, 4), lines
}

// Course describes how a learner uses the stack: hours of class a week, for some weeks, with a
// resume before each class day.
type Course struct {
	ActiveHoursPerWeek float64 `json:"activeHoursPerWeek"`
	Weeks              float64 `json:"weeks"`
	ResumesPerWeek     float64 `json:"resumesPerWeek"`
}

// HoursPerWeek is a week's wall-clock hours.
const HoursPerWeek = 7 * 24

// Validate names the flag at fault.
func (c Course) Validate() error {
	var errs []error
	if c.ActiveHoursPerWeek <= 0 || c.ActiveHoursPerWeek > HoursPerWeek {
		errs = append(errs, fmt.Errorf("--course-hours %g: give the hours of class a week, above 0 and at most %d", c.ActiveHoursPerWeek, HoursPerWeek))
	}
	if c.Weeks <= 0 || c.Weeks > 104 {
		errs = append(errs, fmt.Errorf("--course-weeks %g: give the course's length in weeks, above 0 and at most 104", c.Weeks))
	}
	if c.ResumesPerWeek < 0 || math.Floor(c.ResumesPerWeek) != c.ResumesPerWeek || c.ResumesPerWeek > 7*24 {
		errs = append(errs, fmt.Errorf("--course-resumes %g: give the whole number of resumes a week (one per class day, e.g. 5)", c.ResumesPerWeek))
	}
	return errors.Join(errs...)
}

// Projection is a course's total cost at list prices, idle charges only, with and without pausing.
type Projection struct {
	Course
	RunningHourlyUSD float64 `json:"runningHourlyUsd"`
	PausedHourlyUSD  float64 `json:"pausedHourlyUsd"`
	ResumeUSD        float64 `json:"resumeUsd"`
	// AlwaysOnUSD leaves the stack running for the whole course.
	AlwaysOnUSD float64 `json:"alwaysOnUsd"`
	// PausedUSD runs it for the class hours, pauses it for the rest and pays every resume.
	PausedUSD float64 `json:"pausedUsd"`
	// WeeklyPausedUSD is one week of PausedUSD.
	WeeklyPausedUSD float64 `json:"weeklyPausedUsd"`
}

// Project computes a course's cost from the running and paused hourly figures and one resume's cost.
func Project(c Course, runningHourly, pausedHourly, resume float64) Projection {
	weekly := runningHourly*c.ActiveHoursPerWeek + pausedHourly*(HoursPerWeek-c.ActiveHoursPerWeek) + resume*c.ResumesPerWeek
	return Projection{
		Course: c, RunningHourlyUSD: runningHourly, PausedHourlyUSD: pausedHourly, ResumeUSD: resume,
		AlwaysOnUSD:     round(runningHourly*HoursPerWeek*c.Weeks, 2),
		PausedUSD:       round(weekly*c.Weeks, 2),
		WeeklyPausedUSD: round(weekly, 2),
	}
}
