package emulate

import (
	"fmt"
	"testing"
)

// BenchmarkEmulatorThroughput sends posts to both targets of a local fake API as fast as the
// emulator can, and checks that every request was stored exactly once and counted once. The
// budget is 500 requests/s; run it with
//
//	go test ./internal/emulate -run '^$' -bench EmulatorThroughput -benchtime 20000x
func BenchmarkEmulatorThroughput(b *testing.B) {
	// 4 is the command's default concurrency; 32 shows the headroom.
	for _, concurrency := range []int{4, 32} {
		b.Run(fmt.Sprintf("concurrency=%d", concurrency), func(b *testing.B) { benchmarkThroughput(b, concurrency) })
	}
}

func benchmarkThroughput(b *testing.B, concurrency int) {
	api, srv := newFakeAPI(b, "dev", "")
	sender := NewSender(srv.URL+"/dev", "", concurrency, 0)
	targets := []Target{TargetBatch, TargetStream}
	// b.N counts requests; a post makes six of them.
	posts := max(b.N/6, 1)
	opts := RunOptions{UserID: testUser, Posts: posts, Targets: targets, Concurrency: concurrency}

	b.ResetTimer()
	summary, err := Run(b.Context(), NewGenerator(1), sender, opts)
	b.StopTimer()

	if err != nil {
		b.Fatalf("run: %v", err)
	}
	want := opts.Requests()
	stored, duplicates := api.acceptedTotal()
	if summary.Sent != want || summary.Accepted != want || summary.Failed != 0 {
		b.Fatalf("summary sent %d, accepted %d, failed %d; want %d accepted", summary.Sent, summary.Accepted, summary.Failed, want)
	}
	if stored != want || duplicates != 0 {
		b.Fatalf("server stored %d records with %d duplicates; want %d, none twice", stored, duplicates, want)
	}
	b.ReportMetric(summary.RequestsPerSecond(), "requests/s")
	b.ReportMetric(float64(summary.Percentile(99).Microseconds()), "p99-µs")
}
