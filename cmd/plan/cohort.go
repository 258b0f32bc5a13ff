package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"text/tabwriter"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliusage"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cohort"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/policies/pack"
	"github.com/pinterest-pipeline/pinterest-pipeline/program"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// cohortRequest is what `--cohort` plans: the platform stack file, and one learner stack per
// roster line made from the learner template, as cmd/cohort would configure it.
type cohortRequest struct {
	dir, roster, platform, template, name string
}

// learnerPlan is one learner's planned stack and the policy pack's verdict on it.
type learnerPlan struct {
	Learner cohort.Learner
	Stack   string
	Port    int
	Plan    *sim.Plan
	Checks  guardrails
}

// cohortPlan is the platform planned once and every learner planned against its outputs.
type cohortPlan struct {
	Platform       *sim.Plan
	PlatformChecks guardrails
	Learners       []learnerPlan
}

// readRoster reads and validates the roster; every problem is a command-line one (exit 2).
func readRoster(path string) ([]cohort.Learner, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, cliusage.Errorf("--cohort: %w", err)
	}
	learners, err := cohort.ParseRoster(data, stacks.Clock())
	if err != nil {
		return nil, cliusage.Errorf("--cohort %s: %w", path, err)
	}
	return learners, nil
}

// planCohort plans the platform stack once, then every learner concurrently (at most
// GOMAXPROCS at a time: each plan is CPU-bound) with the platform's planned outputs standing
// in for its StackReference, and runs the policy pack on each plan.
func planCohort(ctx context.Context, req cohortRequest, learners []cohort.Learner) (*cohortPlan, error) {
	platformOpts, err := readOptions(req.dir, req.platform, nil)
	if err != nil {
		return nil, fmt.Errorf("platform stack %s: %w", req.platform, err)
	}
	if shape := platformOpts.Config[stacks.Project+":"+stacks.ShapeKey]; shape != stacks.ShapePlatform {
		return nil, cliusage.Errorf("platform stack %s: shape is %q, not %q: set `pinterest-pipeline:shape: platform` in Pulumi.%s.yaml, "+
			"or name the cohort's platform stack with --stack", req.platform, shape, stacks.ShapePlatform, req.platform)
	}
	project, err := sim.ReadProject(req.dir)
	if err != nil {
		return nil, cliusage.Wrap(err)
	}
	// Read without stand-ins: the template's placeholder user id is replaced by each learner's.
	template, err := sim.ReadStack(req.dir, project, req.template)
	if err != nil {
		return nil, cliusage.Errorf("--learner-template: %w", err)
	}
	ids := make([]string, len(learners))
	starts := map[string]sim.Options{}
	held := map[string]int{}
	for i, l := range learners {
		ids[i] = l.UserID
		start, port, err := learnerStart(req, project, template, l)
		if err != nil {
			return nil, err
		}
		starts[l.UserID] = start
		if port != 0 {
			held[l.UserID] = port
		}
	}
	// As cmd/cohort does: a learner stack that exists keeps its port, a new one gets the lowest free one.
	ports, err := cohort.AssignPorts(ids, held)
	if err != nil {
		return nil, cliusage.Errorf("--cohort %s: %w", req.roster, err)
	}

	platform, err := sim.Run(platformOpts, program.Stack)
	if err != nil {
		return nil, fmt.Errorf("platform stack %s: %w", req.platform, programError(err))
	}
	platformChecks, err := checkGuardrails(ctx, platform, platformOpts)
	if err != nil {
		return nil, fmt.Errorf("platform stack %s: running the policy pack: %w", req.platform, err)
	}
	out := &cohortPlan{Platform: platform, PlatformChecks: platformChecks, Learners: make([]learnerPlan, len(learners))}
	errs := make([]error, len(learners))
	limit := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, l := range learners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			limit <- struct{}{}
			defer func() { <-limit }()
			lp, err := planLearner(ctx, starts[l.UserID], req, l, ports[l.UserID], platform.Outputs)
			if err != nil {
				errs[i] = fmt.Errorf("learner %s (roster line %d, stack %s): %w", l.UserID, l.Line, lp.Stack, err)
			}
			out.Learners[i] = lp
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// learnerStart is the configuration a learner's stack starts from before its own settings, as
// `cmd/cohort up` writes it: the template's settings, over those of the learner's stack file
// (Pulumi.<cohort-name>-<userId>.yaml) when an earlier run made one, whose other settings stay.
// port is the proxy port that stack file holds, 0 when none.
func learnerStart(req cohortRequest, project *sim.ProjectFile, template sim.Options, l cohort.Learner) (sim.Options, int, error) {
	stack := req.name + "-" + l.UserID
	start := template
	start.Stack = stack
	start.Config = maps.Clone(template.Config)
	start.Keys = slices.Clone(template.Keys)
	start.SecretKeys = slices.Clone(template.SecretKeys)
	if !slices.Contains(sim.StackNames(req.dir), stack) {
		return start, 0, nil
	}
	existing, err := sim.ReadStack(req.dir, project, stack)
	if err != nil {
		return start, 0, cliusage.Errorf("learner %s (roster line %d): %w", l.UserID, l.Line, err)
	}
	// `pulumi config set --path` stores an integer as a number ("pulumi config set", pulumi.com CLI
	// docs), but a hand-edited stack file may quote it ("8105"), which cmd/cohort reads as well.
	var c struct {
		ProxyPort any `json:"proxyPort"`
	}
	port := 0
	if json.Unmarshal([]byte(existing.Config[stacks.Project+":cohort"]), &c) == nil {
		port, _ = strconv.Atoi(fmt.Sprint(c.ProxyPort)) // unreadable: the learner gets a new port
	}
	for _, key := range template.Keys {
		existing.Config[key] = template.Config[key]
		existing.SecretKeys = slices.DeleteFunc(existing.SecretKeys, func(k string) bool { return k == key })
		if !slices.Contains(existing.Keys, key) {
			existing.Keys = append(existing.Keys, key)
		}
	}
	for _, key := range template.SecretKeys {
		if !slices.Contains(existing.SecretKeys, key) {
			existing.SecretKeys = append(existing.SecretKeys, key)
		}
	}
	slices.Sort(existing.Keys)
	slices.Sort(existing.SecretKeys)
	return existing, port, nil
}

// planLearner plans one learner's stack: its starting configuration with the settings cmd/cohort
// gives each learner stack (cmd/cohort/template.go, learnerConfig), reading the platform's outputs.
func planLearner(ctx context.Context, start sim.Options, req cohortRequest, l cohort.Learner, port int,
	platformOutputs map[string]any) (learnerPlan, error) {
	lp := learnerPlan{Learner: l, Stack: start.Stack, Port: port}
	opts := start
	set := []string{
		stacks.ShapeKey + "=" + stacks.ShapeLearner,
		"identity.userId=" + l.UserID,
		"identity.owner=" + l.Email,
		"cohort.platformStack=" + req.platform,
		"cohort.proxyPort=" + strconv.Itoa(port),
	}
	if l.Expiry != "" {
		set = append(set, "identity.expiresAt="+l.Expiry)
	}
	if err := sim.ApplyOverrides(&opts, set); err != nil {
		return lp, err
	}
	sim.StandInForMissingSecrets(&opts)
	opts.StackReferences = map[string]map[string]any{req.platform: platformOutputs}
	plan, err := sim.Run(opts, program.Stack)
	if err != nil {
		return lp, programError(err)
	}
	lp.Plan = plan
	if lp.Checks, err = checkGuardrails(ctx, plan, opts); err != nil {
		return lp, fmt.Errorf("running the policy pack: %w", err)
	}
	return lp, nil
}

// programError unwraps the SDK's one-item list around the program's configuration problems.
func programError(err error) error {
	var problems stacks.Problems
	if errors.As(err, &problems) {
		return problems
	}
	return err
}

// cohortDocument is `--cohort --json`: the platform, each learner, and the cohort's figures.
type cohortDocument struct {
	Platform stackSummary   `json:"platform"`
	Learners []stackSummary `json:"learners"`
	// TotalHourlyUSD is the platform's estimate plus every learner's.
	TotalHourlyUSD float64 `json:"totalHourlyUsd"`
	// PerLearnerHourlyUSD is what each learner adds to the platform, on average.
	PerLearnerHourlyUSD float64 `json:"perLearnerHourlyUsd"`
	// Bound is "" when every estimate is exact, "at most" when some line is priced at a
	// ceiling, "at least" when some billable resource is unpriced.
	Bound string `json:"bound"`
	// Region is the platform's, whose list prices every figure uses.
	Region string `json:"region"`
}

// stackSummary is one stack of the cohort: its size, cost and policy violations.
type stackSummary struct {
	Stack     string `json:"stack"`
	UserID    string `json:"userId,omitempty"`
	ProxyPort int    `json:"proxyPort,omitempty"`
	// Resources counts the cloud resources (components left out).
	Resources  int              `json:"resources"`
	HourlyUSD  float64          `json:"hourlyUsd"`
	Mandatory  int              `json:"mandatoryViolations"`
	Violations []pack.Violation `json:"policies"`
}

func summarize(plan *sim.Plan, g guardrails) stackSummary {
	return stackSummary{Stack: plan.Stack, Resources: len(plan.Custom()), HourlyUSD: g.Cost.HourlyUSD,
		Mandatory: g.mandatoryViolations(), Violations: g.Violations}
}

func (c *cohortPlan) document() cohortDocument {
	doc := cohortDocument{Platform: summarize(c.Platform, c.PlatformChecks), Learners: []stackSummary{}, Region: c.PlatformChecks.Cost.Region}
	estimates := []cost.Estimate{c.PlatformChecks.Cost}
	learnersUSD := 0.0
	for _, l := range c.Learners {
		s := summarize(l.Plan, l.Checks)
		s.UserID, s.ProxyPort = l.Learner.UserID, l.Port
		doc.Learners = append(doc.Learners, s)
		learnersUSD += s.HourlyUSD
		estimates = append(estimates, l.Checks.Cost)
	}
	doc.TotalHourlyUSD = doc.Platform.HourlyUSD + learnersUSD
	if len(c.Learners) > 0 {
		doc.PerLearnerHourlyUSD = learnersUSD / float64(len(c.Learners))
	}
	for _, e := range estimates {
		switch {
		case !e.Complete:
			doc.Bound = "at least"
		case e.UpperBounds > 0 && doc.Bound == "":
			doc.Bound = "at most"
		}
	}
	return doc
}

// renderCohort prints the platform's cost, a row per learner and the cohort's figures.
func renderCohort(w io.Writer, doc cohortDocument) {
	bound := ""
	if doc.Bound != "" {
		bound = doc.Bound + " "
	}
	p := doc.Platform
	fmt.Fprintf(w, "Offline plan of a cohort: platform stack %s and %s; stand-in values for provider outputs; nothing is created.\n\n",
		p.Stack, plural(len(doc.Learners), "learner stack"))
	fmt.Fprintf(w, "Platform %s: %s, $%.4f/hour, %s\n\n", p.Stack, plural(p.Resources, "cloud resource"), p.HourlyUSD, violationsCell(p))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "USER ID\tSTACK\tPORT\tRESOURCES\tCOST/HOUR\tVIOLATIONS")
	for _, l := range doc.Learners {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t$%.4f\t%s\n", l.UserID, l.Stack, l.ProxyPort, l.Resources, l.HourlyUSD, violationsCell(l))
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "\nCohort total (%s list prices, idle; usage charges extra): %s$%.4f/hour, $%.2f/month\n",
		doc.Region, bound, doc.TotalHourlyUSD, doc.TotalHourlyUSD*cost.HoursPerMonth)
	fmt.Fprintf(w, "Per learner, beyond the platform: %s$%.4f/hour\n", bound, doc.PerLearnerHourlyUSD)
	for _, s := range append([]stackSummary{p}, doc.Learners...) {
		for _, v := range s.Violations {
			fmt.Fprintf(w, "  %s [%s] %s  %s\n    %s\n", s.Stack, v.Level, v.Policy, v.URN, v.Message)
		}
	}
}

func violationsCell(s stackSummary) string {
	if len(s.Violations) == 0 {
		return "none"
	}
	return fmt.Sprintf("%d (%d mandatory)", len(s.Violations), s.Mandatory)
}

// runCohort is `--cohort`: plan, then print the table or the JSON, and the exit status.
func runCohort(req cohortRequest, asJSON, allowViolations bool, stdout, stderr io.Writer) int {
	learners, err := readRoster(req.roster)
	if err != nil {
		fmt.Fprintf(stderr, "plan: %v\n", err)
		return cliexit.Of(err)
	}
	c, err := planCohort(context.Background(), req, learners)
	if err != nil {
		fmt.Fprintf(stderr, "plan: cohort %s: %v\n", req.roster, err)
		return cliexit.Of(err)
	}
	doc := c.document()
	status := cliexit.OK
	for _, s := range append([]stackSummary{doc.Platform}, doc.Learners...) {
		if s.Mandatory == 0 || allowViolations {
			continue
		}
		who := "platform " + s.Stack
		if s.UserID != "" {
			who = "learner " + s.UserID + " (stack " + s.Stack + ")"
		}
		fmt.Fprintf(stderr, "plan: %s: %s; `pulumi up --policy-pack policies` would refuse it (--allow-violations to exit 0)\n",
			who, plural(s.Mandatory, "mandatory policy violation"))
		status = cliexit.PolicyViolation
	}
	if asJSON {
		out, err := encodeJSON(doc)
		if err != nil {
			fmt.Fprintf(stderr, "plan: encoding JSON: %v\n", err)
			return cliexit.Failed
		}
		_, _ = stdout.Write(out)
		return status
	}
	renderCohort(stdout, doc)
	return status
}
