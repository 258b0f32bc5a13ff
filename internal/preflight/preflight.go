// Package preflight checks, before `pulumi up`, what the target AWS account and Databricks
// workspace would refuse: names taken, services or zones missing in the region, quotas without
// room, a key or role that is not there. It only reads: every call is a Get, List, Describe,
// Head or Simulate (see aws.go), and docs/preflight.md lists each check and its fix.
package preflight

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Status is a check's verdict.
type Status string

// A warning never fails the preflight; it names something `pulumi up` may trip on.
const (
	Pass Status = "pass"
	Warn Status = "warn"
	Fail Status = "fail"
)

// Result is one line of the report.
type Result struct {
	Check   string `json:"check"`
	Status  Status `json:"status"`
	Message string `json:"message"`
	Fix     string `json:"fix,omitempty"`
}

func pass(check, format string, args ...any) Result {
	return Result{Check: check, Status: Pass, Message: fmt.Sprintf(format, args...)}
}

func warn(check, fix, format string, args ...any) Result {
	return Result{Check: check, Status: Warn, Message: fmt.Sprintf(format, args...), Fix: fix}
}

func fail(check, fix, format string, args ...any) Result {
	return Result{Check: check, Status: Fail, Message: fmt.Sprintf(format, args...), Fix: fix}
}

// Report is every check's result, in a stable order, with the number of calls made.
type Report struct {
	Stack    string        `json:"stack"`
	Region   string        `json:"region"`
	Account  string        `json:"account,omitempty"`
	Results  []Result      `json:"results"`
	Calls    int           `json:"calls"`
	Duration time.Duration `json:"-"`
	Seconds  float64       `json:"seconds"`
}

// Count returns how many results have the status.
func (r Report) Count(s Status) int {
	n := 0
	for _, res := range r.Results {
		if res.Status == s {
			n++
		}
	}
	return n
}

// Write prints one line per check, its fix indented under it, and a summary.
func (r Report) Write(w io.Writer) {
	for _, res := range r.Results {
		fmt.Fprintf(w, "%-4s  %-28s %s\n", res.Status, res.Check, res.Message)
		if res.Fix != "" {
			fmt.Fprintf(w, "      %-28s fix: %s\n", "", res.Fix)
		}
	}
	fmt.Fprintf(w, "\nPreflight of stack %s in %s", r.Stack, r.Region)
	if r.Account != "" {
		fmt.Fprintf(w, " (account %s)", r.Account)
	}
	fmt.Fprintf(w, ": %d passed, %d warnings, %d failed; %d API calls in %.1fs\n",
		r.Count(Pass), r.Count(Warn), r.Count(Fail), r.Calls, r.Duration.Seconds())
	if r.Count(Fail) > 0 {
		fmt.Fprintln(w, "`pulumi up` would fail: fix the failures above first.")
	}
}

// WriteJSON prints the report as JSON.
func (r Report) WriteJSON(w io.Writer) error {
	r.Seconds = r.Duration.Seconds()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// check is one named group of results; it may make several calls.
type check struct {
	name string
	run  func(ctx context.Context) []Result
}

// maxConcurrent bounds the calls in flight: enough to finish well inside the 30 s budget,
// few enough to stay under every service's default request rate.
const maxConcurrent = 6

// runChecks runs the checks concurrently and returns their results in the checks' order.
// progress, when non-nil, hears how many are done once a run takes longer than a moment.
func runChecks(ctx context.Context, checks []check, progress io.Writer) []Result {
	results := make([][]Result, len(checks))
	sem := make(chan struct{}, maxConcurrent)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for i, c := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out := c.run(ctx)
			if len(out) == 0 {
				out = []Result{fail(c.name, "report this as a bug", "the check returned no result")}
			}
			results[i] = out
			mu.Lock()
			done++
			mu.Unlock()
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	if progress != nil {
		ticker := time.NewTicker(time.Second)
		defer ticker.Stop()
	wait:
		for {
			select {
			case <-finished:
				break wait
			case <-ticker.C:
				mu.Lock()
				n := done
				mu.Unlock()
				fmt.Fprintf(progress, "preflight: %d of %d checks done…\n", n, len(checks))
			}
		}
	}
	<-finished
	var flat []Result
	for _, r := range results {
		flat = append(flat, r...)
	}
	return flat
}

// plural writes "1 thing" or "2 things".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func joinOr(items []string) string {
	return strings.Join(items, ", ")
}
