// Command plan runs the stack's program offline, against the Pulumi SDK's mock monitor with
// deterministic stand-ins for provider-computed values, and shows what the stack declares.
// It needs no Pulumi CLI, cloud account or network, and creates nothing.
//
//	go run ./cmd/plan --stack dev                      # a readable tree and a summary by type
//	go run ./cmd/plan --stack dev --json > plan.json   # the stable machine-readable plan
//	go run ./cmd/plan --stack dev --config network.azCount=3
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/program"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// Exit codes: 1 when the stack's program or configuration fails, 2 for a bad command line.
const (
	exitProgram = 1
	exitUsage   = 2
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
	var sets overrides
	flags.Var(&sets, "config", "override one config value, as key=value or path=value (repeatable), e.g. network.azCount=3")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./cmd/plan [--stack dev] [--json] [--config key=value ...] [--dir .]")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitUsage
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "plan: unexpected argument %q; flags only (see --help)\n", flags.Arg(0))
		return exitUsage
	}

	plan, err := makePlan(*dir, *stack, sets)
	if err != nil {
		var problems stacks.Problems
		if errors.As(err, &problems) {
			err = problems // the SDK wraps program errors in a one-item list; show the list itself
		}
		fmt.Fprintf(stderr, "plan: stack %s: %v\n", *stack, err)
		var usage usageError
		if errors.As(err, &usage) {
			return exitUsage
		}
		return exitProgram
	}
	if *asJSON {
		out, err := plan.JSON()
		if err != nil {
			fmt.Fprintf(stderr, "plan: encoding JSON: %v\n", err)
			return exitProgram
		}
		_, _ = stdout.Write(out)
		return 0
	}
	render(stdout, plan)
	return 0
}

// usageError marks problems with the command line or the files it names, as opposed to the
// stack's own configuration.
type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }

func makePlan(dir, stack string, sets []string) (*sim.Plan, error) {
	project, err := sim.ReadProject(dir)
	if err != nil {
		return nil, usageError{err}
	}
	opts, err := sim.ReadStack(dir, project, stack)
	if err != nil {
		return nil, usageError{err}
	}
	if err := sim.ApplyOverrides(&opts, sets); err != nil {
		return nil, usageError{err}
	}
	return sim.Run(opts, program.Stack)
}
