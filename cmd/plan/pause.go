package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/durations"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/simcheck"
	"github.com/pinterest-pipeline/pinterest-pipeline/program"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// pauseCosts are the running and paused estimates of one stack, with the same cost model: the
// stack is planned a second time in the other state (docs/pause.md).
type pauseCosts struct {
	Running, Paused cost.Estimate
	ResumeUSD       float64
	Resume          []cost.ResumeLine
}

// planPauseCosts plans the stack in the state it is not in and estimates both.
func planPauseCosts(opts sim.Options, current cost.Estimate, paused bool) (pauseCosts, error) {
	other := opts
	other.Config = maps.Clone(opts.Config)
	other.Keys = slices.Clone(opts.Keys)
	// allowProd only so that a prod stack's paused figure can be shown; nothing is deployed.
	set := []string{stacks.PausedKey + "=true", "pause.allowProd=true"}
	if paused {
		set = []string{stacks.PausedKey + "=false"}
	}
	if err := sim.ApplyOverrides(&other, set); err != nil {
		return pauseCosts{}, err
	}
	plan, err := sim.Run(other, program.Stack)
	if err != nil {
		return pauseCosts{}, fmt.Errorf("planning the stack %s: %w", map[bool]string{true: "resumed", false: "paused"}[paused], err)
	}
	estimate := cost.EstimateResources(opts.Config[stacks.RegionKey], simcheck.CostResources(plan.Resources))
	c := pauseCosts{Running: current, Paused: estimate}
	if paused {
		c.Running, c.Paused = estimate, current
	}
	c.ResumeUSD, c.Resume = cost.ResumeCost(c.Running, c.Paused, func(typ string) time.Duration {
		typical, _ := durations.For(typ, true)
		return typical.Create
	})
	return c, nil
}

// renderPauseCosts prints the running and paused cost per hour, what remains while paused, what
// a resume costs and the course projection.
func renderPauseCosts(w io.Writer, c pauseCosts, course cost.Course) {
	fmt.Fprintf(w, "\nPause between classes (`pulumi config set paused true`, docs/pause.md): $%.4f/hour paused, $%.4f/hour running\n",
		c.Paused.HourlyUSD, c.Running.HourlyUSD)
	if len(c.Paused.Resources) > 0 {
		fmt.Fprintln(w, "  priced while paused:")
		for _, l := range c.Paused.Resources {
			fmt.Fprintf(w, "    %-45s $%.4f/hour  %s\n", l.URN[strings.LastIndex(l.URN, "::")+2:], l.HourlyUSD, l.Type)
		}
	}
	var slow []string
	for _, l := range c.Resume {
		if l.Minutes >= 10 {
			slow = append(slow, fmt.Sprintf("%s %g min", l.URN[strings.LastIndex(l.URN, "::")+2:], l.Minutes))
		}
	}
	fmt.Fprintf(w, "  each resume: $%.2f billed while %d resources are created (%s)\n", c.ResumeUSD, len(c.Resume), strings.Join(slow, ", "))
	p := cost.Project(course, c.Running.HourlyUSD, c.Paused.HourlyUSD, c.ResumeUSD)
	fmt.Fprintf(w, "  a course of %g h/week for %g weeks, %g resumes a week: $%.2f left running, $%.2f paused between classes ($%.2f a week)\n",
		course.ActiveHoursPerWeek, course.Weeks, course.ResumesPerWeek, p.AlwaysOnUSD, p.PausedUSD, p.WeeklyPausedUSD)
}
