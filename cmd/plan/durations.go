package main

import (
	"fmt"
	"io"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/durations"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
)

// renderDurations prints how long a new stack's `pulumi up` and its `pulumi destroy` should
// take, with the chain that sets each figure (internal/durations explains the model).
func renderDurations(w io.Writer, plan *sim.Plan) {
	e := durations.Compute(plan.Resources)
	fmt.Fprintln(w, "\nEstimated time (typical service times; internal/durations lists each figure and its source):")
	fmt.Fprintf(w, "  pulumi up (new stack): %s, critical chain: %s\n", durations.Format(e.Up.Seconds), e.Up)
	fmt.Fprintf(w, "  pulumi destroy: %s as the engine deletes, level by level (%s); longest delete chain %s: %s\n",
		durations.Format(e.Destroy.ByLevelsSeconds), levelsLine(e.Destroy.Levels),
		durations.Format(e.Destroy.LongestChain.Seconds), e.Destroy.LongestChain)
}

// levelsLine names the slowest member of each level that waits a minute or more: the
// levels a reader can shorten by removing an ordering edge.
func levelsLine(levels []durations.Step) string {
	p := durations.Path{}
	for _, s := range levels {
		if s.Seconds >= 60 {
			p.Chain = append(p.Chain, s)
		}
	}
	if len(p.Chain) == 0 {
		return "no level waits a minute"
	}
	return "slowest per level: " + p.String()
}
