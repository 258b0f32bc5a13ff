package emulate

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"
)

// RunOptions say how many posts to send, where, and how fast.
type RunOptions struct {
	// UserID names the topics and streams.
	UserID string
	// Posts is the number of posts; each sends three records (pin, geo, user) per target.
	Posts   int
	Targets []Target
	// Rate caps requests per second across all workers; 0 sends as fast as the workers can.
	Rate float64
	// Concurrency is the number of requests in flight at once; at least 1.
	Concurrency int
	// Progress, when set, is told about every finished request.
	Progress Progress
}

// Requests is how many HTTP requests (not counting retries) the options make.
func (o RunOptions) Requests() int { return o.Posts * 3 * len(o.Targets) }

// RequestSender is what Run needs from a Sender; tests may substitute their own.
type RequestSender interface {
	Send(ctx context.Context, req Request) Outcome
}

// Run generates opts.Posts posts with gen and sends each record to every target, with at
// most opts.Concurrency requests in flight and at most opts.Rate started per second. Every
// request is counted exactly once in the summary, whatever its retries. Cancelling ctx stops
// new requests; requests already started report as canceled.
func Run(ctx context.Context, gen *Generator, sender RequestSender, opts RunOptions) (*Summary, error) {
	if opts.Concurrency < 1 {
		return nil, fmt.Errorf("concurrency %d: must be at least 1", opts.Concurrency)
	}
	summary := NewSummary()
	total := opts.Requests()
	if opts.Progress != nil {
		opts.Progress.Start(total)
	}
	start := time.Now()

	jobs := make(chan Request)
	outcomes := make(chan Outcome, opts.Concurrency)
	var workers sync.WaitGroup
	for range opts.Concurrency {
		workers.Go(func() {
			for req := range jobs {
				outcomes <- sender.Send(ctx, req)
			}
		})
	}

	produced := make(chan error, 1)
	go func() {
		defer close(jobs)
		produced <- produce(ctx, gen, opts, jobs)
	}()
	go func() {
		workers.Wait()
		close(outcomes)
	}()

	for o := range outcomes {
		summary.Add(o)
		if opts.Progress != nil {
			opts.Progress.Update(summary.Sent, summary.Failed)
		}
	}
	summary.Elapsed = time.Since(start)
	if opts.Progress != nil {
		opts.Progress.Finish()
	}
	if err := <-produced; err != nil {
		return summary, err
	}
	return summary, nil
}

// produce builds the requests in order and paces them: request i may start no earlier than
// start + i/rate, which keeps the average rate exact without a token bucket's bursts.
func produce(ctx context.Context, gen *Generator, opts RunOptions, jobs chan<- Request) error {
	start := time.Now()
	i := 0
	for range opts.Posts {
		post := gen.Next()
		for _, rec := range post.Records() {
			for _, target := range opts.Targets {
				req, err := BuildRequest(opts.UserID, target, rec)
				if err != nil {
					return err
				}
				if opts.Rate > 0 {
					due := start.Add(time.Duration(float64(i) / opts.Rate * float64(time.Second)))
					if wait := time.Until(due); wait > 0 {
						if err := sleepContext(ctx, wait); err != nil {
							return fmt.Errorf("stopped after %d requests: %w", i, err)
						}
					}
				}
				select {
				case jobs <- req:
				case <-ctx.Done():
					return fmt.Errorf("stopped after %d requests: %w", i, ctx.Err())
				}
				i++
			}
		}
	}
	return nil
}

// DryRunLine is one line of --dry-run output: the record's kind and its row.
type DryRunLine struct {
	Kind  string `json:"kind"`
	Value any    `json:"value"`
}

// WriteDryRun writes posts posts from gen as JSON lines, one per record, instead of sending them.
func WriteDryRun(w io.Writer, gen *Generator, posts int) error {
	enc := json.NewEncoder(w)
	for range posts {
		for _, rec := range gen.Next().Records() {
			if err := enc.Encode(DryRunLine{Kind: rec.Kind, Value: rec.Value}); err != nil {
				return fmt.Errorf("writing dry-run record: %w", err)
			}
		}
	}
	return nil
}
