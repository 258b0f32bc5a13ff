package main

import (
	"fmt"
	"io"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/conformance"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/simcheck"
)

// conformanceCoverage says which set inputs of the plan's AWS resources the API-conformance
// policies checked, and why the others went unchecked (internal/conformance).
func conformanceCoverage(plan *sim.Plan) conformance.Report {
	analyzed := simcheck.AnalyzerResources(plan.Resources)
	rs := make([]conformance.Resource, 0, len(analyzed))
	for _, r := range analyzed {
		rs = append(rs, conformance.Resource{URN: r.URN, Type: r.Type, Properties: r.Properties})
	}
	return conformance.Coverage(rs)
}

// renderCoverage prints one summary line, and with details every unchecked input and why.
func renderCoverage(w io.Writer, r conformance.Report, details bool) {
	unchecked := r.Inputs - r.Checked
	fmt.Fprintf(w, "\nAPI conformance: %d of %d set inputs of %s checked against %s; %d unchecked, each with a reason",
		r.Checked, r.Inputs, plural(len(r.Types), "AWS type"), r.Source, unchecked)
	if !details {
		fmt.Fprintln(w, " (--coverage lists them)")
		return
	}
	fmt.Fprintln(w, ":")
	for _, t := range r.Types {
		fmt.Fprintf(w, "  %s: %d of %d checked\n", t.Type, t.Checked, t.Inputs)
		for _, u := range t.Unchecked {
			fmt.Fprintf(w, "    %s: %s\n", u.Path, u.Reason)
		}
		for _, p := range t.Partial {
			fmt.Fprintf(w, "    %s: checked, but its %s\n", p.Path, p.Note)
		}
	}
}
