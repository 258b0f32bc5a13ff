// Command plan runs the stack's program offline, against the Pulumi SDK's mock monitor with
// deterministic stand-ins for provider-computed values, and shows what the stack declares.
// It needs no Pulumi CLI, cloud account or network, and creates nothing.
//
//	go run ./cmd/plan --stack dev                      # a readable tree and a summary by type
//	go run ./cmd/plan --stack dev --json > plan.json   # the stable machine-readable plan
//	go run ./cmd/plan --stack dev --config network.azCount=3
//	go run ./cmd/plan --stack dev --diff old.json      # Markdown: what changed since an earlier --json plan
//	go run ./cmd/plan --stack dev --coverage           # list the AWS inputs the conformance policies left unchecked
//	go run ./cmd/plan --cohort roster.txt              # a cohort: the platform stack and a learner stack per roster line
//
// The plan also shows the stack's estimated cost and runs the policy pack (policies/pack)
// against the planned resources; a mandatory violation makes it exit 3 unless
// --allow-violations is given.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliusage"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/plandiff"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/program"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

type overrides []string

func (o *overrides) String() string     { return strings.Join(*o, ",") }
func (o *overrides) Set(v string) error { *o = append(*o, v); return nil }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("plan", flag.ContinueOnError)
	flags.SetOutput(stderr)
	stack := flags.String("stack", "dev", "the stack whose Pulumi.<stack>.yaml to plan")
	dir := flags.String("dir", ".", "the project directory holding Pulumi.yaml")
	asJSON := flags.Bool("json", false, "write the plan as stable JSON instead of a tree")
	coverage := flags.Bool("coverage", false, "list every AWS input the API-conformance policies could not check, and why")
	allowViolations := flags.Bool("allow-violations", false, "exit 0 even when a mandatory policy fails")
	diffFrom := flags.String("diff", "", "compare with an earlier --json plan in this file and print the differences as Markdown")
	diffLabel := flags.String("diff-label", "", "how the Markdown names the earlier plan (default: the file name)")
	var course cost.Course // pause: docs/pause.md
	flags.Float64Var(&course.ActiveHoursPerWeek, "course-hours", 15, "hours of class a week, for the cost projection with pausing")
	flags.Float64Var(&course.Weeks, "course-weeks", 2, "weeks of the course, for the cost projection")
	flags.Float64Var(&course.ResumesPerWeek, "course-resumes", 5, "resumes a week (one per class day), for the cost projection")
	roster := flags.String("cohort", "", "plan a cohort (docs/cohort.md): the platform stack (--stack, default platform) and, for each learner of this roster, a stack from --learner-template")
	template := flags.String("learner-template", "learner", "with --cohort: the stack whose Pulumi.<stack>.yaml every learner stack starts from")
	cohortName := flags.String("cohort-name", "cohort", "with --cohort: learner stacks are named <cohort-name>-<userId>, as cmd/cohort --cohort names them")
	var sets overrides
	flags.Var(&sets, "config", "override one config value, as key=value or path=value (repeatable), e.g. network.azCount=3")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./cmd/plan [--stack dev] [--json | --diff old.json] [--config key=value ...] [--dir .]")
		fmt.Fprintln(stderr, "       go run ./cmd/plan --cohort roster.txt [--stack platform] [--learner-template learner] [--json] [--dir .]")
		flags.PrintDefaults()
		fmt.Fprint(stderr, cliexit.Plan.Usage())
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cliexit.OK
		}
		return cliexit.Usage
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "plan: unexpected argument %q; flags only (see --help)\n", flags.Arg(0))
		return cliexit.Usage
	}
	if err := course.Validate(); err != nil {
		fmt.Fprintf(stderr, "plan: %v\n", err)
		return cliexit.Usage
	}
	if *asJSON && *diffFrom != "" {
		fmt.Fprintln(stderr, "plan: --json and --diff exclude each other; pick one")
		return cliexit.Usage
	}
	if *roster != "" {
		set := map[string]bool{}
		flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
		for _, name := range []string{"diff", "diff-label", "coverage", "config"} {
			if set[name] {
				fmt.Fprintf(stderr, "plan: --%s plans one stack; leave it out with --cohort\n", name)
				return cliexit.Usage
			}
		}
		platform := *stack
		if !set["stack"] {
			platform = "platform" // Pulumi.platform.yaml, the stack file docs/cohort.md has the instructor write, and cmd/cohort's default
		}
		return runCohort(cohortRequest{dir: *dir, roster: *roster, platform: platform, template: *template, name: *cohortName},
			*asJSON, *allowViolations, stdout, stderr)
	}
	// Read the earlier plan first, so a wrong path fails before the program runs.
	var old *plandiff.Document
	if *diffFrom != "" {
		var err error
		if old, err = readPlanFile(*diffFrom); err != nil {
			fmt.Fprintf(stderr, "plan: --diff: %v\n", err)
			return cliexit.Usage
		}
	}

	opts, err := readOptions(*dir, *stack, sets)
	var plan *sim.Plan
	if err == nil {
		plan, err = sim.Run(opts, program.Stack)
	}
	if err != nil {
		var problems stacks.Problems
		if errors.As(err, &problems) {
			err = problems // the SDK wraps program errors in a one-item list; show the list itself
		}
		fmt.Fprintf(stderr, "plan: stack %s: %v\n", *stack, err)
		return cliexit.Of(err)
	}
	checks, err := checkGuardrails(context.Background(), plan, opts)
	if err != nil {
		fmt.Fprintf(stderr, "plan: stack %s: running the policy pack: %v\n", *stack, err)
		return cliexit.Failed
	}
	// The program just ran on this configuration, so it parses; cfg is nil only if that changes.
	cfg, _ := stacks.Parse(plan.Stack, configLookup(opts.Config), stacks.AllowExampleUserID()) // offline: see sim.StandInForMissingSecrets
	notices := beforeDeploy(opts, cfg)
	status := cliexit.OK
	if n := checks.mandatoryViolations(); n > 0 && !*allowViolations {
		fmt.Fprintf(stderr, "plan: stack %s: %s; `pulumi up --policy-pack policies` would refuse it (--allow-violations to exit 0)\n",
			*stack, plural(n, "mandatory policy violation"))
		status = cliexit.PolicyViolation
	}
	if old != nil {
		label := *diffLabel
		if label == "" {
			label = "`" + *diffFrom + "`"
		}
		// The diff reads the very document --json prints, policies and cost included.
		current, err := encodeDocument(plan, checks, notices)
		if err != nil {
			fmt.Fprintf(stderr, "plan: encoding JSON: %v\n", err)
			return cliexit.Failed
		}
		if code := writeDiff(stdout, stderr, old, current, label); code != cliexit.OK {
			return code
		}
		return status
	}
	if *asJSON {
		out, err := encodeDocument(plan, checks, notices)
		if err != nil {
			fmt.Fprintf(stderr, "plan: encoding JSON: %v\n", err)
			return cliexit.Failed
		}
		_, _ = stdout.Write(out)
		return status
	}
	render(stdout, plan)
	renderGuardrails(stdout, checks)
	renderCoverage(stdout, checks.Coverage, *coverage)
	renderDurations(stdout, plan)
	if cfg != nil { // pause: docs/pause.md
		costs, err := planPauseCosts(opts, checks.Cost, cfg.Paused)
		if err != nil {
			fmt.Fprintf(stderr, "plan: stack %s: %v\n", *stack, err)
			return cliexit.Failed
		}
		renderPauseCosts(stdout, costs, course)
	}
	if cfg != nil {
		summary, warning := cfg.Lifetime(stacks.Clock())
		fmt.Fprintf(stdout, "\nLifetime (environment %s, owner %s): %s\n", cfg.Identity.Environment, cfg.Identity.Owner, summary)
		if warning != "" {
			fmt.Fprintf(stdout, "warning: %s\n", warning)
		}
		fmt.Fprintln(stdout, accountLoggingLine(cfg))
		for _, w := range cfg.Warnings() {
			fmt.Fprintf(stdout, "warning: %s\n", w)
		}
		switch {
		case !cfg.Databricks.Enabled():
			fmt.Fprintln(stdout, "Databricks: no workspace configured (databricks.host), so no Databricks resource and no MWAA environment are declared.")
		case !cfg.Airflow.Enabled:
			fmt.Fprintln(stdout, "Airflow: airflow.enabled is false, so no MWAA environment is declared; run the Databricks batch job by hand.")
		}
	}
	renderBeforeDeploy(stdout, notices)
	return status
}

// accountLoggingLine says which stack owns the account's API Gateway CloudWatch role, a
// setting shared by every API in the account and region.
func accountLoggingLine(cfg *stacks.Config) string {
	const prefix = "API Gateway account logging role: "
	switch {
	case cfg.API.AccountLoggingRole:
		return fmt.Sprintf(prefix+"owned by this stack (%s, api.accountLoggingRole): it sets the role for every API in the account in %s, "+
			"and clears it on destroy; no other stack in this account and region may own it. The stage writes access logs.", cfg.Stack, cfg.Region)
	case cfg.API.AccountHasLoggingRole:
		return fmt.Sprintf(prefix+"owned elsewhere (api.accountHasLoggingRole): another stack or a person set it in %s. The stage writes access logs.", cfg.Region)
	}
	return fmt.Sprintf(prefix+"not owned by this stack and not known to be set in %s, so the stage writes no access logs; "+
		"set api.accountLoggingRole in the one stack that owns it, or api.accountHasLoggingRole where another does.", cfg.Region)
}

// beforeDeploy lists what `pulumi up` still needs, or may trip on, although the plan went
// through: the secrets the plan stood in for (a committed stack file cannot carry them) and
// the configuration's notices, such as a default bucket name another account may hold.
func beforeDeploy(opts sim.Options, cfg *stacks.Config) []stacks.Problem {
	notices := []stacks.Problem{}
	for _, p := range opts.Assumed {
		p.Message += " (planned here as if set)"
		notices = append(notices, p)
	}
	if cfg != nil {
		notices = append(notices, cfg.Notices()...)
	}
	return notices
}

func configLookup(values map[string]string) stacks.Lookup {
	return func(key string) (string, bool) {
		v, ok := values[key]
		return v, ok
	}
}

func readOptions(dir, stack string, sets []string) (sim.Options, error) {
	project, err := sim.ReadProject(dir)
	if err != nil {
		return sim.Options{}, cliusage.Wrap(err)
	}
	opts, err := sim.ReadStack(dir, project, stack)
	if err != nil {
		return opts, cliusage.Wrap(err)
	}
	if err := sim.ApplyOverrides(&opts, sets); err != nil {
		return opts, cliusage.Wrap(err)
	}
	sim.StandInForMissingSecrets(&opts)
	return opts, nil
}

// readPlanFile reads an earlier `--json` plan; errors name the file.
func readPlanFile(path string) (*plandiff.Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the old plan: %w", err)
	}
	doc, err := plandiff.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("reading the old plan %s: %w", path, err)
	}
	return doc, nil
}

// writeDiff compares the current plan, as the very JSON --json prints, with the earlier one.
func writeDiff(stdout, stderr io.Writer, old *plandiff.Document, out []byte, label string) int {
	current, err := plandiff.Parse(out)
	if err != nil {
		fmt.Fprintf(stderr, "plan: reading the current plan for --diff: %v\n", err)
		return cliexit.Failed
	}
	_, _ = io.WriteString(stdout, plandiff.Markdown(plandiff.Compare(old, current), plandiff.Options{OldLabel: label}))
	return cliexit.OK
}
