package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cohort"
)

// Row is one stack's line of the final table and of --json.
type Row struct {
	// Learner is the user id; empty on the platform's row.
	Learner string `json:"learner"`
	Stack   string `json:"stack"`
	State   string `json:"state"`
	// ProxyPort is the learner's port on the platform's load balancer (cohort.proxyPort).
	ProxyPort int    `json:"proxyPort,omitempty"`
	InvokeURL string `json:"invokeUrl,omitempty"`
	// HourlyCostUSD is the stack's estimatedHourlyCostUsd output.
	HourlyCostUSD *float64 `json:"estimatedHourlyCostUsd,omitempty"`
	Error         string   `json:"error,omitempty"`
}

// The states a row ends in.
const (
	stateUp        = "up"
	statePaused    = "paused"
	statePreviewed = "previewed"
	stateDestroyed = "destroyed"
	stateRunning   = "running"
	stateAbsent    = "absent"
	stateNoOutputs = "not deployed"
	stateKept      = "kept"
	stateFailed    = "failed"
	stateSkipped   = "skipped"
)

// The outputs the table shows (docs/reference: the standalone outputs a learner stack keeps).
const (
	invokeURLOutput  = "invokeUrl"
	hourlyCostOutput = "estimatedHourlyCostUsd"
)

// cohortRun is one subcommand over one roster.
type cohortRun struct {
	stacks   Stacks
	parallel int
	progress *progress
	// platform is the platform stack's name, as learners reference it.
	platform string
	// cohortName prefixes the learner stacks: <cohort>-<userId>.
	cohortName string
	learners   []cohort.Learner
	template   map[string]any
	// secrets are set on every learner stack (--secret), by full key.
	secrets      map[string]string
	keepPlatform bool

	// Found by discover: the stacks that exist, and the configuration of those that are
	// learners of this platform.
	exists map[string]bool
	states map[string]learnerState
	// platformPaused is the platform's paused setting; a learner created meanwhile starts paused.
	platformPaused bool
}

func (r *cohortRun) learnerStack(userID string) string { return r.cohortName + "-" + userID }

// stackKey is how stack names compare: `pulumi stack ls` may qualify them with the organisation.
func stackKey(name string) string { return name[strings.LastIndex(name, "/")+1:] }

// discover lists the stacks and reads the cohort settings of every one, so that ports held by
// any learner of this platform (of this roster or not) stay reserved.
func (r *cohortRun) discover(ctx context.Context) error {
	names, err := r.stacks.List(ctx)
	if err != nil {
		return fmt.Errorf("listing the stacks: %w", err)
	}
	r.exists = map[string]bool{}
	for _, n := range names {
		r.exists[stackKey(n)] = true
	}
	configs := make([]map[string]string, len(names))
	errs := make([]error, len(names))
	forEach(ctx, r.parallel, len(names), func(i int) {
		configs[i], errs[i] = r.stacks.Config(ctx, names[i])
	})
	r.states = map[string]learnerState{}
	for i, n := range names {
		if errs[i] != nil {
			return fmt.Errorf("reading the configuration of stack %s: %w", n, errs[i])
		}
		s := readLearnerState(configs[i])
		switch {
		case stackKey(n) == stackKey(r.platform):
			r.platformPaused = s.paused
		case s.learner && stackKey(s.platform) == stackKey(r.platform):
			r.states[stackKey(n)] = s
		}
	}
	return nil
}

// ports assigns every learner's proxy port, keeping the ports existing stacks hold.
func (r *cohortRun) ports() (map[string]int, error) {
	held := map[string]int{}
	onRoster := map[string]bool{}
	ids := make([]string, len(r.learners))
	for i, l := range r.learners {
		ids[i] = l.UserID
		onRoster[r.learnerStack(l.UserID)] = true
		if s, ok := r.states[r.learnerStack(l.UserID)]; ok {
			held[l.UserID] = s.port
		}
	}
	for name, s := range r.states {
		if !onRoster[name] {
			held["stack "+name] = s.port // no user id can contain a space
		}
	}
	return cohort.AssignPorts(ids, held)
}

// rows starts the table: the platform first, then the learners in roster order.
func (r *cohortRun) rows(ports map[string]int) []*Row {
	rows := []*Row{{Stack: r.platform}}
	for _, l := range r.learners {
		rows = append(rows, &Row{Learner: l.UserID, Stack: r.learnerStack(l.UserID), ProxyPort: ports[l.UserID]})
	}
	return rows
}

func (r *cohortRun) fail(row *Row, err error) {
	row.State, row.Error = stateFailed, err.Error()
	r.progress.report(row, stateFailed+": "+firstLine(err.Error()))
}

// hold leaves the platform in state because learners still need it: an error, for the exit status.
func (r *cohortRun) hold(row *Row, state, why string) {
	row.State, row.Error = state, why
	r.progress.report(row, state+": "+why)
}

func (r *cohortRun) finish(row *Row, state string) {
	row.State = state
	r.progress.report(row, state)
}

// learnersOf runs fn on every learner row, at most r.parallel at once.
func (r *cohortRun) learnersOf(ctx context.Context, rows []*Row, fn func(row *Row, l cohort.Learner)) {
	forEach(ctx, r.parallel, len(r.learners), func(i int) { fn(rows[i+1], r.learners[i]) })
}

// up deploys (or, with paused set, pauses or resumes through) the platform, then the learners.
// keepPaused leaves each existing stack's paused setting as it is (up); otherwise every stack
// gets paused (resume: false).
func (r *cohortRun) up(ctx context.Context, keepPaused, paused bool) []*Row {
	ports, err := r.ports()
	if err != nil {
		return r.abort(err)
	}
	rows := r.rows(ports)
	platformCfg := map[string]any{}
	if !keepPaused {
		platformCfg[pausedKey] = paused
	}
	if !r.deploy(ctx, rows[0], platformCfg, nil) {
		r.skipLearners(rows, "not attempted: the platform stack "+r.platform+" failed")
		return rows
	}
	r.learnersOf(ctx, rows, func(row *Row, l cohort.Learner) {
		p := paused
		if keepPaused {
			p = r.pausedNow(row.Stack)
		}
		r.deploy(ctx, row, learnerConfig(r.template, l, r.platform, ports[l.UserID], p), r.secrets)
	})
	return rows
}

// pausedNow is the paused setting up keeps for a learner stack: its own when it exists, else
// the platform's (a learner created on a paused platform would find no cluster), else the template's.
func (r *cohortRun) pausedNow(stack string) bool {
	if s, ok := r.states[stack]; ok {
		return s.paused
	}
	templatePaused, _ := r.template[pausedKey].(bool)
	return r.platformPaused || templatePaused
}

// deploy ensures one stack with cfg and updates it; it reports whether that succeeded.
func (r *cohortRun) deploy(ctx context.Context, row *Row, cfg map[string]any, secrets map[string]string) bool {
	r.progress.report(row, "configuring")
	if err := r.stacks.Ensure(ctx, row.Stack, cfg, secrets); err != nil {
		r.fail(row, fmt.Errorf("configuring: %w", err))
		return false
	}
	r.progress.report(row, "updating")
	out, err := r.stacks.Up(ctx, row.Stack)
	if err != nil {
		r.fail(row, err)
		return false
	}
	fillOutputs(row, out)
	state := stateUp
	if paused, _ := cfg[pausedKey].(bool); paused {
		state = statePaused
	}
	r.finish(row, state)
	return true
}

func (r *cohortRun) preview(ctx context.Context) []*Row {
	ports, err := r.ports()
	if err != nil {
		return r.abort(err)
	}
	rows := r.rows(ports)
	r.previewOne(ctx, rows[0], nil, nil)
	r.learnersOf(ctx, rows, func(row *Row, l cohort.Learner) {
		p := r.pausedNow(row.Stack)
		r.previewOne(ctx, row, learnerConfig(r.template, l, r.platform, ports[l.UserID], p), r.secrets)
	})
	return rows
}

func (r *cohortRun) previewOne(ctx context.Context, row *Row, cfg map[string]any, secrets map[string]string) {
	r.progress.report(row, "configuring")
	if err := r.stacks.Ensure(ctx, row.Stack, cfg, secrets); err != nil {
		r.fail(row, fmt.Errorf("configuring: %w", err))
		return
	}
	r.progress.report(row, "previewing")
	changes, err := r.stacks.Preview(ctx, row.Stack)
	if err != nil {
		r.fail(row, err)
		return
	}
	r.finish(row, statePreviewed+" ("+formatChanges(changes)+")")
}

// pause pauses the learners that exist, then the platform once every learner of it is paused:
// a platform paused under a running learner would take its cluster away mid-stream.
func (r *cohortRun) pause(ctx context.Context) []*Row {
	rows := r.rows(r.knownPorts())
	r.existingLearners(ctx, rows, func(row *Row) {
		r.deploy(ctx, row, map[string]any{pausedKey: true}, nil)
	})
	running := r.remaining(rows, func(s learnerState) bool { return !s.paused })
	platform := rows[0]
	switch {
	case !r.exists[stackKey(r.platform)]:
		r.finish(platform, stateAbsent)
	case len(running) > 0:
		r.hold(platform, stateRunning, fmt.Sprintf("not paused: learner stacks %s still run on it; pause them, then re-run",
			strings.Join(running, ", ")))
	default:
		r.deploy(ctx, platform, map[string]any{pausedKey: true}, nil)
	}
	return rows
}

// remaining lists the learner stacks of the platform that still need it: this roster's that
// failed, and those off the roster (another cohort's, or a former learner's) for which off is true.
func (r *cohortRun) remaining(rows []*Row, off func(learnerState) bool) []string {
	var left []string
	onRoster := map[string]bool{}
	for _, row := range rows[1:] {
		onRoster[row.Stack] = true
		if row.Error != "" {
			left = append(left, row.Stack)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(r.states)) {
		if !onRoster[name] && off(r.states[name]) {
			left = append(left, name)
		}
	}
	return left
}

// existingLearners runs fn on every learner row whose stack exists, and reports the others absent.
func (r *cohortRun) existingLearners(ctx context.Context, rows []*Row, fn func(row *Row)) {
	r.learnersOf(ctx, rows, func(row *Row, _ cohort.Learner) {
		if !r.exists[row.Stack] {
			r.finish(row, stateAbsent)
			return
		}
		fn(row)
	})
}

// destroy destroys and removes the learner stacks, then destroys the platform when no learner
// stack of it is left (a learner's listener and DAG live on the platform's load balancer and bucket).
func (r *cohortRun) destroy(ctx context.Context) []*Row {
	rows := r.rows(r.knownPorts())
	r.existingLearners(ctx, rows, func(row *Row) {
		r.progress.report(row, "destroying")
		if err := r.stacks.Destroy(ctx, row.Stack); err != nil {
			r.fail(row, err)
			return
		}
		r.progress.report(row, "removing")
		if err := r.stacks.Remove(ctx, row.Stack); err != nil {
			r.fail(row, fmt.Errorf("destroyed, but removing the stack failed: %w", err))
			return
		}
		r.finish(row, stateDestroyed)
	})
	left := r.remaining(rows, func(learnerState) bool { return true })
	platform := rows[0]
	switch {
	case !r.exists[stackKey(r.platform)]:
		r.finish(platform, stateAbsent)
	case r.keepPlatform:
		r.finish(platform, stateKept)
	case len(left) > 0:
		r.hold(platform, stateKept, fmt.Sprintf("not destroyed: learner stacks %s still use it; destroy them first, then re-run",
			strings.Join(left, ", ")))
	default:
		r.progress.report(platform, "destroying")
		if err := r.stacks.Destroy(ctx, r.platform); err != nil {
			r.fail(platform, err)
			return rows
		}
		r.finish(platform, stateDestroyed)
	}
	return rows
}

// status reads every stack's state and outputs; it changes nothing.
func (r *cohortRun) status(ctx context.Context) []*Row {
	rows := r.rows(r.knownPorts())
	read := func(row *Row) {
		if !r.exists[stackKey(row.Stack)] {
			r.finish(row, stateAbsent)
			return
		}
		out, err := r.stacks.Outputs(ctx, row.Stack)
		if err != nil {
			r.fail(row, err)
			return
		}
		fillOutputs(row, out)
		paused := r.states[row.Stack].paused
		if row.Learner == "" {
			cfg, err := r.stacks.Config(ctx, row.Stack)
			if err != nil {
				r.fail(row, err)
				return
			}
			paused = readLearnerState(cfg).paused
		}
		switch {
		case len(out) == 0:
			r.finish(row, stateNoOutputs)
		case paused:
			r.finish(row, statePaused)
		default:
			r.finish(row, stateRunning)
		}
	}
	read(rows[0])
	r.learnersOf(ctx, rows, func(row *Row, _ cohort.Learner) { read(row) })
	return rows
}

// knownPorts are the ports the learners' stacks hold, for the table of commands that assign none.
func (r *cohortRun) knownPorts() map[string]int {
	ports := map[string]int{}
	for _, l := range r.learners {
		if s, ok := r.states[r.learnerStack(l.UserID)]; ok {
			ports[l.UserID] = s.port
		}
	}
	return ports
}

// abort fails every row with err before anything ran.
func (r *cohortRun) abort(err error) []*Row {
	rows := r.rows(nil)
	for _, row := range rows {
		row.State, row.Error = stateSkipped, "not attempted: "+err.Error()
	}
	return rows
}

func (r *cohortRun) skipLearners(rows []*Row, why string) {
	for _, row := range rows[1:] {
		row.State, row.Error = stateSkipped, why
		r.progress.report(row, stateSkipped)
	}
}

func fillOutputs(row *Row, out Outputs) {
	if url, ok := out[invokeURLOutput].(string); ok {
		row.InvokeURL = url
	}
	switch v := out[hourlyCostOutput].(type) {
	case float64:
		row.HourlyCostUSD = &v
	case string:
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			row.HourlyCostUSD = &f
		}
	}
}

func formatChanges(changes map[string]int) string {
	var parts []string
	for _, op := range slices.Sorted(maps.Keys(changes)) {
		if changes[op] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", op, changes[op]))
		}
	}
	if len(parts) == 0 {
		return "no changes"
	}
	return strings.Join(parts, ", ")
}

// forEach runs fn(0..n-1) with at most limit running at once, and returns when all have.
func forEach(ctx context.Context, limit, n int, fn func(i int)) {
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if ctx.Err() != nil {
				return
			}
			fn(i)
		}()
	}
	wg.Wait()
}

// progress prints one line per state change to stderr, with the time since the command began.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
	now   func() time.Time
}

func (p *progress) report(row *Row, state string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	who := row.Stack
	if row.Learner == "" {
		who += " (platform)"
	}
	fmt.Fprintf(p.w, "[%6s] %s: %s\n", p.now().Sub(p.start).Round(time.Second), who, state)
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}
