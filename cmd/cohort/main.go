// Command cohort runs a course as one shared platform stack and one learner stack per learner
// on the roster (docs/cohort.md), through the Pulumi Automation API: it plans, deploys, pauses,
// resumes, destroys or reports the platform and every learner stack, a few at a time.
//
//	go run ./cmd/cohort up --roster roster.txt --learner-template Pulumi.learner.yaml
//	go run ./cmd/cohort status --roster roster.txt
//	go run ./cmd/cohort destroy --roster roster.txt
//
// It drives the stack named by --platform-stack and, per learner, <cohort>-<userId>. Every
// subcommand is safe to re-run: after a partial failure the next run finishes the job.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliusage"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cohort"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, time.Now, os.Getenv, func(dir, logDir string) (Stacks, error) {
		return newAutoStacks(dir, logDir)
	})
	stop()
	os.Exit(code)
}

// The subcommands, in the order a cohort meets them.
var subcommands = []string{"preview", "up", "pause", "resume", "destroy", "status"}

// MaxParallel bounds --parallel: each update runs a Pulumi CLI, a Go build of the program and
// the providers, and the AWS API rate limits are per account.
const MaxParallel = 16

type options struct {
	command, roster, platform, cohortName, template, dir, logDir string
	parallel                                                     int
	json, keepPlatform                                           bool
	// secrets map a config key to the environment variable holding its value (--secret).
	secrets secretFlags
}

// secretFlags collects --secret KEY=ENVVAR, in order.
type secretFlags [][2]string

func (s *secretFlags) String() string { return "" }

func (s *secretFlags) Set(v string) error {
	key, env, ok := strings.Cut(v, "=")
	if !ok || key == "" || env == "" {
		return fmt.Errorf("give KEY=ENVVAR, e.g. databricksToken=DATABRICKS_TOKEN")
	}
	if strings.Contains(key, ".") {
		return fmt.Errorf("%s: give a top-level key; a secret inside an object cannot be set whole", key)
	}
	*s = append(*s, [2]string{key, env})
	return nil
}

const usageLine = "usage: go run ./cmd/cohort <preview|up|pause|resume|destroy|status> --roster FILE [flags]"

func run(ctx context.Context, args []string, stdout, stderr io.Writer, now func() time.Time, getenv func(string) string,
	newStacks func(dir, logDir string) (Stacks, error)) int {
	o, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return cliexit.OK
	}
	if err != nil {
		fmt.Fprintln(stderr, "cohort:", err)
		return cliexit.Of(err)
	}
	r, err := prepare(o, now(), getenv)
	if err != nil {
		fmt.Fprintln(stderr, "cohort:", err)
		return cliexit.Of(err)
	}
	r.stacks, err = newStacks(o.dir, o.logDir)
	if err != nil {
		fmt.Fprintln(stderr, "cohort:", err)
		return cliexit.Failed
	}
	r.progress = &progress{w: stderr, start: now(), now: now}
	if err := r.discover(ctx); err != nil {
		fmt.Fprintln(stderr, "cohort:", err)
		return cliexit.Failed
	}
	var rows []*Row
	switch o.command {
	case "preview":
		rows = r.preview(ctx)
	case "up":
		rows = r.up(ctx, true, false)
	case "resume":
		rows = r.up(ctx, false, false)
	case "pause":
		rows = r.pause(ctx)
	case "destroy":
		rows = r.destroy(ctx)
	case "status":
		rows = r.status(ctx)
	}
	for _, row := range rows {
		if row.State == "" { // interrupted before its turn
			row.State, row.Error = stateSkipped, "not attempted: "+context.Cause(ctx).Error()
		}
	}
	if o.json {
		err = writeJSON(stdout, o.command, rows)
	} else {
		err = writeTable(stdout, rows)
	}
	if err != nil {
		fmt.Fprintln(stderr, "cohort:", err)
		return cliexit.Failed
	}
	for _, row := range rows {
		if row.Error != "" {
			return cliexit.Failed
		}
	}
	return cliexit.OK
}

func parseArgs(args []string, stderr io.Writer) (options, error) {
	var o options
	flags := flag.NewFlagSet("cohort", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.StringVar(&o.roster, "roster", "", "the `FILE` listing the learners, "+strings.ReplaceAll(cohort.Format, "`", "")+" (required)")
	flags.StringVar(&o.platform, "platform-stack", "platform", "the platform stack, as learner stacks reference it: <stack> or <org>/<project>/<stack>")
	flags.StringVar(&o.cohortName, "cohort", "cohort", "the cohort's name: learner stacks are <cohort>-<userId>")
	flags.StringVar(&o.template, "learner-template", "", "a Pulumi.<stack>.yaml whose settings every learner stack starts from (required by preview, up and resume)")
	flags.IntVar(&o.parallel, "parallel", 4, fmt.Sprintf("how many learner stacks to work on at once, 1 to %d", MaxParallel))
	flags.BoolVar(&o.json, "json", false, "print the final table as JSON on stdout")
	flags.StringVar(&o.dir, "dir", ".", "the project directory holding Pulumi.yaml")
	flags.StringVar(&o.logDir, "log-dir", "", "where each stack's Pulumi output goes, as <stack>.log (default <dir>/.cohort-logs)")
	flags.BoolVar(&o.keepPlatform, "keep-platform", false, "destroy: destroy the learner stacks only")
	flags.Var(&o.secrets, "secret", "`KEY=ENVVAR`: set the secret KEY on every learner stack from the environment variable ENVVAR "+
		"(preview, up and resume; repeatable), e.g. databricksToken=DATABRICKS_TOKEN")
	flags.Usage = func() {
		fmt.Fprintln(stderr, usageLine)
		fmt.Fprint(stderr, `
  preview  configure the stacks and preview the platform, then every learner (deploys nothing)
  up       deploy the platform, then every learner; learners added to the roster are created
           (paused if the platform is), and each stack keeps its paused setting
  pause    pause every learner (paused=true), then the platform once all are paused
  resume   resume the platform (paused=false), then every learner
  destroy  destroy and remove every learner stack, then destroy the platform once no learner
           stack of it is left (--keep-platform keeps it)
  status   show each stack's state, invoke URL and cost per hour (changes nothing)

Stacks: the platform is --platform-stack (its Pulumi.<stack>.yaml is yours to write, with
shape: platform); each learner is <cohort>-<userId>, configured from --learner-template with
identity.userId, identity.owner (the email), identity.expiresAt (the expiry, when given),
shape=learner, cohort.platformStack and cohort.proxyPort (8100-8149; a learner keeps its port).

`)
		flags.PrintDefaults()
		fmt.Fprint(stderr, cliexit.Cohort.Usage())
	}
	if len(args) == 0 {
		return o, cliusage.Errorf("no subcommand; %s (-h for help)", usageLine)
	}
	if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		flags.Usage()
		return o, flag.ErrHelp
	}
	o.command = args[0]
	if !slices.Contains(subcommands, o.command) {
		return o, cliusage.Errorf("unknown subcommand %q; give one of %s first", o.command, strings.Join(subcommands, ", "))
	}
	if err := flags.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, cliusage.Wrap(err)
	}
	var problems []string
	if flags.NArg() > 0 {
		problems = append(problems, fmt.Sprintf("unexpected arguments %q after the flags", flags.Args()))
	}
	if o.roster == "" {
		problems = append(problems, "--roster is required: a file with "+cohort.Format)
	}
	needsTemplate := o.command == "preview" || o.command == "up" || o.command == "resume"
	if needsTemplate && o.template == "" {
		problems = append(problems, fmt.Sprintf("--learner-template is required by %s: a Pulumi.<stack>.yaml whose settings each learner stack starts from", o.command))
	}
	if o.parallel < 1 || o.parallel > MaxParallel {
		problems = append(problems, fmt.Sprintf("--parallel %d is out of range: give 1 to %d", o.parallel, MaxParallel))
	}
	if len(o.secrets) > 0 && !needsTemplate {
		problems = append(problems, "--secret applies to preview, up and resume only")
	}
	if o.keepPlatform && o.command != "destroy" {
		problems = append(problems, "--keep-platform applies to destroy only")
	}
	if err := platformName(o.platform); err != nil {
		problems = append(problems, err.Error())
	}
	// The longest learner stack name must be a legal stack name too.
	if _, err := tokens.ParseStackName(o.cohortName + "-" + strings.Repeat("a", stacks.MaxUserIDLength())); err != nil {
		problems = append(problems, fmt.Sprintf("--cohort %q gives learner stack names Pulumi refuses (%v): use letters, digits, hyphens, underscores and periods, at most %d characters",
			o.cohortName, err, 100-1-stacks.MaxUserIDLength()))
	}
	if o.logDir == "" {
		o.logDir = filepath.Join(o.dir, ".cohort-logs")
	}
	if len(problems) > 0 {
		return o, cliusage.Errorf("%s", strings.Join(problems, "\n  "))
	}
	return o, nil
}

// platformName checks --platform-stack: a stack name, alone or as <org>/<project>/<stack>
// ("Stacks", Pulumi docs, https://www.pulumi.com/docs/iac/concepts/stacks/).
func platformName(name string) error {
	parts := strings.Split(name, "/")
	if len(parts) != 1 && len(parts) != 3 {
		return fmt.Errorf("--platform-stack %q: give <stack> or <org>/<project>/<stack>", name)
	}
	if _, err := tokens.ParseStackName(parts[len(parts)-1]); err != nil {
		return fmt.Errorf("--platform-stack %q: %w", name, err)
	}
	return nil
}

// prepare reads the roster, the template and the project: everything that can be wrong before
// any stack is touched.
func prepare(o options, now time.Time, getenv func(string) string) (*cohortRun, error) {
	data, err := os.ReadFile(o.roster)
	if err != nil {
		return nil, cliusage.Errorf("--roster: %w", err)
	}
	today := now
	if o.command == "pause" || o.command == "destroy" || o.command == "status" {
		today = time.Time{} // an expired cohort is still paused, reported and destroyed
	}
	learners, err := cohort.ParseRoster(data, today)
	if err != nil {
		return nil, cliusage.Errorf("--roster %s: %w", o.roster, err)
	}
	if _, err := os.Stat(filepath.Join(o.dir, "Pulumi.yaml")); err != nil {
		return nil, cliusage.Errorf("--dir %s is not the project directory (no Pulumi.yaml): run from the repository root or give --dir", o.dir)
	}
	if o.template != "" { // preview, up and resume, which deploy the platform from its stack file
		file := filepath.Join(o.dir, "Pulumi."+stackKey(o.platform)+".yaml")
		if _, err := os.Stat(file); err != nil {
			return nil, cliusage.Errorf("--platform-stack %s has no stack file %s: write the platform's configuration there first "+
				"(shape: platform; docs/cohort.md), or name the platform stack you have", o.platform, file)
		}
	}
	r := &cohortRun{parallel: o.parallel, platform: o.platform, cohortName: o.cohortName, learners: learners, keepPlatform: o.keepPlatform}
	if o.template != "" {
		if r.template, err = readTemplate(o.template); err != nil {
			return nil, err
		}
	}
	if r.template != nil {
		if err := r.checkLearnerConfigs(now); err != nil {
			return nil, err
		}
	}
	for _, s := range o.secrets {
		key, env := s[0], s[1]
		if !strings.Contains(key, ":") {
			key = stacks.Project + ":" + key
		}
		value := getenv(env)
		if value == "" {
			return nil, cliusage.Errorf("--secret %s=%s: the environment variable %s is empty or not set: export it first", s[0], env, env)
		}
		if _, inTemplate := r.template[key]; inTemplate {
			return nil, cliusage.Errorf("--secret %s: the learner template sets %s too; remove it from one of them", s[0], key)
		}
		if r.secrets == nil {
			r.secrets = map[string]string{}
		}
		r.secrets[key] = value
	}
	return r, nil
}

// report is --json's document.
type report struct {
	Command string `json:"command"`
	Rows    []*Row `json:"stacks"`
	// TotalHourlyCostUSD sums the stacks' estimatedHourlyCostUsd outputs.
	TotalHourlyCostUSD float64 `json:"totalHourlyCostUsd"`
}

func writeJSON(w io.Writer, command string, rows []*Row) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(report{Command: command, Rows: rows, TotalHourlyCostUSD: totalCost(rows)})
}

func writeTable(w io.Writer, rows []*Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LEARNER\tSTATE\tINVOKE URL\t$/HOUR\tERROR")
	for _, row := range rows {
		learner := row.Learner
		if learner == "" {
			learner = "platform " + row.Stack
		}
		cost := "-"
		if row.HourlyCostUSD != nil {
			cost = fmt.Sprintf("%.2f", *row.HourlyCostUSD)
		}
		url := row.InvokeURL
		if url == "" {
			url = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", learner, row.State, url, cost, firstLine(row.Error))
	}
	fmt.Fprintf(tw, "total\t\t\t%.2f\t\n", totalCost(rows))
	return tw.Flush()
}

func totalCost(rows []*Row) float64 {
	total := 0.0
	for _, row := range rows {
		if row.HourlyCostUSD != nil {
			total += *row.HourlyCostUSD
		}
	}
	return math.Round(total*1e4) / 1e4 // no float noise in --json
}
