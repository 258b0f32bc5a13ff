// Package cliexit is the one definition of the commands' exit statuses (cmd/plan, cmd/init,
// cmd/emulate, cmd/verify, cmd/preflight, cmd/cohort) and of what each status means to each command. The commands'
// usage text is written from it, and a test holds the README's table of exit codes to it.
package cliexit

import (
	"fmt"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliusage"
)

// The statuses every command shares: scripts can tell a mistake in how a command was called
// (2) from a failure of its work (1).
const (
	OK     = 0
	Failed = 1 // the work itself failed
	Usage  = 2 // a bad command line, or a file the flags name that is missing or malformed
	// PolicyViolation is cmd/plan's: a mandatory policy of the pack failed.
	PolicyViolation = 3
)

// Of is the status for err: OK for nil, Usage for a command-line mistake (cliusage), and
// Failed for anything else.
func Of(err error) int {
	switch {
	case err == nil:
		return OK
	case cliusage.Is(err):
		return Usage
	}
	return Failed
}

// Command is what each status means to one command.
type Command struct {
	// Name is the command's directory under cmd/.
	Name string
	// Meanings are indexed by status; a command that never exits with a status has none there.
	Meanings []string
}

// The commands, as they describe their statuses in their usage and the README.
var (
	Plan = Command{Name: "plan", Meanings: []string{
		OK:              "planned, no mandatory violation",
		Failed:          "the configuration or program failed (every problem listed)",
		Usage:           "a bad command line, a missing stack file or a bad `--cohort` roster (nothing planned)",
		PolicyViolation: "a mandatory policy failed, with `--cohort` in any stack (`--allow-violations` gives 0)",
	}}
	Init = Command{Name: "init", Meanings: []string{
		OK:     "the stack file was written",
		Failed: "an answer is invalid (nothing written)",
		Usage:  "a bad command line, or the stack file exists without `--force`",
	}}
	Emulate = Command{Name: "emulate", Meanings: []string{
		OK:     "every record accepted",
		Failed: "some failed, or the stack could not be read",
		Usage:  "a bad command line",
	}}
	Verify = Command{Name: "verify", Meanings: []string{
		OK:     "every place has records",
		Failed: "something is missing, or AWS refused",
		Usage:  "a bad command line",
	}}
	Preflight = Command{Name: "preflight", Meanings: []string{
		OK:     "no check failed (warnings allowed)",
		Failed: "a check failed, or the configuration is invalid",
		Usage:  "a bad command line or an unknown stack",
	}}
	Cohort = Command{Name: "cohort", Meanings: []string{
		OK:     "every stack reached its state",
		Failed: "a stack failed (the table says which; re-running finishes the job)",
		Usage:  "a bad command line, roster or learner template (nothing was done)",
	}}
	// Commands are all of them, in the README's order.
	Commands = []Command{Plan, Init, Emulate, Verify, Preflight, Cohort}
)

// Usage lists the command's statuses, for the end of its -h output.
func (c Command) Usage() string {
	var b strings.Builder
	b.WriteString("exit status:\n")
	for code, meaning := range c.Meanings {
		fmt.Fprintf(&b, "  %d  %s\n", code, meaning)
	}
	return b.String()
}
