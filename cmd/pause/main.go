// Command pause decides whether a stack should be running or paused now, from the class hours in
// its committed stack file (pause.classHours, docs/pause.md). The scheduled Pause workflow runs it
// for every deployed stack and pauses or resumes the ones whose state differs.
//
//	go run ./cmd/pause --stack dev                        # prints running, paused or unscheduled
//	go run ./cmd/pause --stack dev --at 2026-12-07T08:30:00Z
//
// It reads only the pause section, so a stack file that still holds placeholders elsewhere is
// decided all the same. Exit 1 names the bad key; exit 2 is a bad command line.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
	// The IANA database inside the binary: the decision must not depend on the runner's tzdata.
	_ "time/tzdata"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// The decisions it prints.
const (
	Running     = "running"
	Paused      = "paused"
	Unscheduled = "unscheduled"
)

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pause", flag.ContinueOnError)
	flags.SetOutput(stderr)
	stack := flags.String("stack", "", "the stack whose Pulumi.<stack>.yaml holds the class hours")
	dir := flags.String("dir", ".", "the project directory holding Pulumi.yaml")
	at := flags.String("at", "", "decide for this instant (RFC 3339) instead of now")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *stack == "" || flags.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: go run ./cmd/pause --stack <stack> [--at 2026-12-07T08:30:00Z] [--dir .]")
		return 2
	}
	when := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			fmt.Fprintf(stderr, "pause: --at %q is not an RFC 3339 time such as 2026-12-07T08:30:00Z\n", *at)
			return 2
		}
		when = t
	}
	project, err := sim.ReadProject(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "pause: %v\n", err)
		return 2
	}
	opts, err := sim.ReadStack(*dir, project, *stack)
	if err != nil {
		fmt.Fprintf(stderr, "pause: %v\n", err)
		return 2
	}
	raw, ok := opts.Config[stacks.Project+":pause"]
	p, problems := stacks.ParsePause(raw, ok)
	if len(problems) > 0 {
		fmt.Fprintf(stderr, "pause: stack %s: %v\n", *stack, problems)
		return 1
	}
	running, err := stacks.ShouldRun(p, when)
	switch {
	case errors.Is(err, stacks.ErrNoClassHours):
		fmt.Fprintln(stdout, Unscheduled)
	case err != nil:
		fmt.Fprintf(stderr, "pause: stack %s: %v\n", *stack, err)
		return 1
	case running:
		fmt.Fprintln(stdout, Running)
	default:
		fmt.Fprintln(stdout, Paused)
	}
	return 0
}
