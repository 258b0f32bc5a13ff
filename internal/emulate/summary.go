package emulate

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"time"
)

// Summary counts a run's requests. Each request is counted once, when its last attempt ends:
// Sent == Accepted + Failed always holds, and Retries counts the extra attempts separately.
type Summary struct {
	Sent     int
	Accepted int
	Failed   int
	Retries  int
	// FailedByReason counts failed requests by the reason of their last attempt.
	FailedByReason map[string]int
	// Examples keeps the first response body or error seen for each reason.
	Examples map[string]string
	// ByRoute counts per target and kind, e.g. "batch pin".
	ByRoute map[string]*RouteCount
	Elapsed time.Duration

	latencies []time.Duration
}

// RouteCount is the accepted and failed requests of one target and kind.
type RouteCount struct {
	Accepted, Failed int
}

// NewSummary returns an empty summary.
func NewSummary() *Summary {
	return &Summary{FailedByReason: map[string]int{}, Examples: map[string]string{}, ByRoute: map[string]*RouteCount{}}
}

// Add counts one request's outcome.
func (s *Summary) Add(o Outcome) {
	s.Sent++
	s.Retries += max(o.Attempts-1, 0)
	s.latencies = append(s.latencies, o.Latency)
	route := string(o.Target) + " " + o.Kind
	rc := s.ByRoute[route]
	if rc == nil {
		rc = &RouteCount{}
		s.ByRoute[route] = rc
	}
	if o.Accepted {
		s.Accepted++
		rc.Accepted++
		return
	}
	s.Failed++
	rc.Failed++
	s.FailedByReason[o.Reason]++
	if _, seen := s.Examples[o.Reason]; !seen {
		s.Examples[o.Reason] = o.Detail
	}
}

// Percentile returns the latency below which p (0 to 100) percent of requests finished, by
// the nearest-rank method; 0 when nothing was sent.
func (s *Summary) Percentile(p float64) time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	sorted := slices.Clone(s.latencies)
	slices.Sort(sorted)
	rank := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

// RequestsPerSecond is the rate at which requests finished over the whole run.
func (s *Summary) RequestsPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Sent) / s.Elapsed.Seconds()
}

// forbiddenReason is how a 403 is counted; forbiddenHint says what usually causes it. API
// Gateway answers {"message":"Forbidden"} to a missing or wrong API key, and
// {"message":"Missing Authentication Token"} to a method or path the API does not have.
const (
	forbiddenReason = "http 403"
	forbiddenHint   = "http 403: the API requires its key by default: pass --api-key or set " + APIKeyEnv +
		" (pulumi stack output --show-secrets apiKey), or leave out --api-url and --user-id to read both from the stack;" +
		" \"Missing Authentication Token\" instead means no such route: check --user-id and the stage"
)

// Write prints the summary for people: totals, failures by reason with an example each,
// per-route counts and latency percentiles (including retries and their waits).
func (s *Summary) Write(w io.Writer) {
	fmt.Fprintf(w, "sent %d, accepted %d, failed %d, retries %d in %s (%.1f requests/s)\n",
		s.Sent, s.Accepted, s.Failed, s.Retries, s.Elapsed.Round(time.Millisecond), s.RequestsPerSecond())
	routes := make([]string, 0, len(s.ByRoute))
	for r := range s.ByRoute {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		fmt.Fprintf(w, "  %-12s accepted %d, failed %d\n", r, s.ByRoute[r].Accepted, s.ByRoute[r].Failed)
	}
	reasons := make([]string, 0, len(s.FailedByReason))
	for r := range s.FailedByReason {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if s.FailedByReason[reasons[i]] != s.FailedByReason[reasons[j]] {
			return s.FailedByReason[reasons[i]] > s.FailedByReason[reasons[j]]
		}
		return reasons[i] < reasons[j]
	})
	if len(reasons) > 0 {
		fmt.Fprintln(w, "failed by reason:")
	}
	for _, r := range reasons {
		fmt.Fprintf(w, "  %-28s %d", r, s.FailedByReason[r])
		if ex := s.Examples[r]; ex != "" {
			fmt.Fprintf(w, "  (e.g. %s)", ex)
		}
		fmt.Fprintln(w)
	}
	if s.FailedByReason[forbiddenReason] > 0 {
		fmt.Fprintln(w, forbiddenHint)
	}
	fmt.Fprintf(w, "latency p50 %s, p90 %s, p99 %s\n",
		s.Percentile(50).Round(time.Microsecond*100), s.Percentile(90).Round(time.Microsecond*100), s.Percentile(99).Round(time.Microsecond*100))
}
