package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/conformance"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/durations"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/simcheck"
	"github.com/pinterest-pipeline/pinterest-pipeline/policies/pack"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// guardrails are the cost estimate and the policy pack's verdict on one plan.
type guardrails struct {
	Cost       cost.Estimate
	Violations []pack.Violation
	Coverage   conformance.Report
}

func checkGuardrails(ctx context.Context, plan *sim.Plan, opts sim.Options) (guardrails, error) {
	violations, err := simcheck.Policies(ctx, plan, opts.Config)
	if err != nil {
		return guardrails{}, err
	}
	return guardrails{
		Cost:       cost.EstimateResources(opts.Config["aws:region"], simcheck.CostResources(plan.Resources)),
		Violations: violations,
		Coverage:   conformanceCoverage(plan),
	}, nil
}

func (g guardrails) mandatoryViolations() int {
	n := 0
	for _, v := range g.Violations {
		if v.Mandatory() {
			n++
		}
	}
	return n
}

// planDocument is the --json output: the plan plus the top-level cost, policies and
// beforeDeploy sections.
type planDocument struct {
	*sim.Plan
	Cost     cost.Estimate    `json:"cost"`
	Policies []pack.Violation `json:"policies"`
	// Conformance says which inputs the API-conformance policies checked (see conformanceCoverage).
	Conformance conformance.Report `json:"conformance"`
	// BeforeDeploy lists what `pulumi up` still needs or may trip on (see beforeDeploy).
	BeforeDeploy []stacks.Problem `json:"beforeDeploy"`
	// Durations estimates how long `pulumi up` of a new stack and `pulumi destroy` take.
	Durations durations.Estimate `json:"durations"`
}

func encodeDocument(plan *sim.Plan, g guardrails, notices []stacks.Problem) ([]byte, error) {
	return encodeJSON(planDocument{Plan: plan, Cost: g.Cost, Policies: g.Violations, Conformance: g.Coverage, BeforeDeploy: notices,
		Durations: durations.Compute(plan.Resources)})
}

// encodeJSON writes the commands' stable, indented JSON (HTML characters left as they are).
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// renderGuardrails prints the estimate by component and the policy violations.
func renderGuardrails(w io.Writer, g guardrails) {
	e := g.Cost
	atLeast := ""
	if !e.Complete {
		atLeast = "at least "
	}
	fmt.Fprintf(w, "\nEstimated cost (%s list prices, idle; usage charges extra): %s$%.4f/hour, $%.2f/month\n",
		e.Region, atLeast, e.HourlyUSD, e.MonthlyUSD)
	for _, c := range e.TopComponents(len(e.Components)) {
		fmt.Fprintf(w, "  %-20s $%.4f/hour  $%8.2f/month\n", c.Name, c.HourlyUSD, c.MonthlyUSD)
	}
	if !e.Complete {
		fmt.Fprintf(w, "  a lower bound: %s unpriced, each failing the hourly-budget policy until it is priced\n",
			plural(len(e.Unpriced), "billable resource"))
		for _, u := range e.Unpriced {
			fmt.Fprintf(w, "    %s: %s\n", u.URN, u.Reason)
		}
	}
	if e.UpperBounds > 0 {
		fmt.Fprintf(w, "  counted at a ceiling (no published list price):\n")
		for _, l := range e.Resources {
			if l.UpperBound {
				fmt.Fprintf(w, "    %s: %s\n", l.URN, l.Basis)
			}
		}
	}
	if len(e.UsageBased) > 0 {
		fmt.Fprintf(w, "  billed per use, not estimated: %s\n", strings.Join(e.UsageBased, ", "))
	}
	if len(g.Violations) == 0 {
		fmt.Fprintln(w, "\nPolicies: no violations")
		return
	}
	fmt.Fprintf(w, "\nPolicies: %s (%d mandatory)\n", plural(len(g.Violations), "violation"), g.mandatoryViolations())
	for _, v := range g.Violations {
		fmt.Fprintf(w, "  [%s] %s  %s\n    %s\n", v.Level, v.Policy, v.URN, v.Message)
	}
}
