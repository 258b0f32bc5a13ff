package emulate

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testUser = "0affd9571f39"

// newTestSender points a sender at srv's stage with retries that never actually wait; the
// waits it asked for are recorded.
func newTestSender(baseURL, apiKey string) (*Sender, *[]time.Duration) {
	s := NewSender(baseURL, apiKey, 4, 5*time.Second)
	var mu sync.Mutex
	waits := &[]time.Duration{}
	s.Sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		*waits = append(*waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	return s, waits
}

func TestBuildRequestMakesTheCoursePayloads(t *testing.T) {
	t.Parallel()
	post := NewGenerator(1).Next()

	batch, err := BuildRequest(testUser, TargetBatch, post.Records()[0])
	require.NoError(t, err)
	assert.Equal(t, http.MethodPost, batch.Method)
	assert.Equal(t, "/topics/0affd9571f39.pin", batch.Path)
	assert.Equal(t, "application/vnd.kafka.json.v2+json", batch.ContentType)
	pinJSON, err := json.Marshal(post.Pin)
	require.NoError(t, err)
	assert.JSONEq(t, `{"records":[{"value":`+string(pinJSON)+`}]}`, string(batch.Body))

	stream, err := BuildRequest(testUser, TargetStream, post.Records()[1])
	require.NoError(t, err)
	assert.Equal(t, http.MethodPut, stream.Method)
	assert.Equal(t, "/streams/streaming-0affd9571f39-geo/record", stream.Path)
	assert.Equal(t, "application/json", stream.ContentType)
	geoJSON, err := json.Marshal(post.Geo)
	require.NoError(t, err)
	assert.JSONEq(t, `{"StreamName":"streaming-0affd9571f39-geo","Data":`+string(geoJSON)+`,"PartitionKey":"`+
		jsonNumber(post.Ind)+`"}`, string(stream.Body), "Data is the row as a JSON object, not a string")

	_, err = BuildRequest(testUser, Target("smoke"), post.Records()[0])
	assert.ErrorContains(t, err, `unknown target "smoke"`)
}

func jsonNumber(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestRunSendsEveryRecordToTopicsAndStreamsWithTheAPIsHeaders(t *testing.T) {
	t.Parallel()
	api, srv := newFakeAPI(t, "dev", "k3y")
	sender, _ := newTestSender(srv.URL+"/dev", "k3y")
	summary, err := Run(t.Context(), NewGenerator(1), sender, RunOptions{
		UserID: testUser, Posts: 10, Targets: []Target{TargetBatch, TargetStream}, Concurrency: 3,
	})
	require.NoError(t, err)

	assert.Equal(t, 60, summary.Sent, "10 posts × 3 kinds × 2 targets")
	assert.Equal(t, 60, summary.Accepted)
	assert.Zero(t, summary.Failed)
	assert.Zero(t, summary.Retries)
	for _, kind := range []string{"pin", "geo", "user"} {
		assert.Equal(t, 10, api.hitsOf("POST /dev/topics/0affd9571f39."+kind), kind)
		assert.Equal(t, 10, api.hitsOf("PUT /dev/streams/streaming-0affd9571f39-"+kind+"/record"), kind)
		assert.Equal(t, &RouteCount{Accepted: 10}, summary.ByRoute["batch "+kind])
		assert.Equal(t, &RouteCount{Accepted: 10}, summary.ByRoute["stream "+kind])
	}
	stored, duplicates := api.acceptedTotal()
	assert.Equal(t, 60, stored)
	assert.Zero(t, duplicates)
	for _, r := range api.seen() {
		assert.Equal(t, "k3y", r.APIKey, "the key goes in x-api-key")
		if strings.Contains(r.Path, "/topics/") {
			assert.Equal(t, KafkaJSONContentType, r.ContentType)
		} else {
			assert.Equal(t, JSONContentType, r.ContentType)
		}
	}
}

func TestSenderRetriesThrottlingAndServerErrors(t *testing.T) {
	t.Parallel()
	const pteBody = `{"__type":"ProvisionedThroughputExceededException","message":"Rate exceeded for shard shardId-000000000000 in stream streaming-0affd9571f39-geo under account 123456789012."}`
	tests := []struct {
		name     string
		target   Target
		status   int
		body     string
		header   map[string]string
		failures int
	}{
		{"api gateway throttling", TargetBatch, http.StatusTooManyRequests, `{"message":"Too Many Requests"}`, nil, 2},
		{"rest proxy unavailable", TargetBatch, http.StatusServiceUnavailable, `{"message":"Service Unavailable"}`, nil, 3},
		{"bad gateway", TargetStream, http.StatusBadGateway, `{"message":"Internal server error"}`, nil, 1},
		{"kinesis throughput exceeded as 400", TargetStream, http.StatusBadRequest, pteBody, nil, 2},
		{"kinesis throughput exceeded as 500", TargetStream, http.StatusInternalServerError, pteBody, nil, 1},
		{"retriable kafka error in a 200", TargetBatch, http.StatusOK,
			`{"offsets":[{"partition":null,"offset":null,"error_code":2,"error":"NOT_LEADER_FOR_PARTITION"}]}`, nil, 1},
		{"retry-after is honoured", TargetBatch, http.StatusTooManyRequests, `{}`, map[string]string{"Retry-After": "3"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api, srv := newFakeAPI(t, "dev", "")
			req, err := BuildRequest(testUser, tt.target, NewGenerator(1).Next().Records()[1])
			require.NoError(t, err)
			route := req.Method + " /dev" + req.Path
			api.answer(route, tt.failures, tt.status, tt.body, tt.header)
			sender, waits := newTestSender(srv.URL+"/dev", "")

			out := sender.Send(t.Context(), req)

			assert.True(t, out.Accepted, "accepted after %d failures: %s", tt.failures, out.Reason)
			assert.Equal(t, tt.failures+1, out.Attempts)
			assert.Equal(t, tt.failures+1, api.hitsOf(route))
			stored, duplicates := api.acceptedTotal()
			assert.Equal(t, 1, stored, "stored once")
			assert.Zero(t, duplicates)
			require.Len(t, *waits, tt.failures, "one backoff before each retry")
			for i, w := range *waits {
				ceiling := min(DefaultRetryPolicy.BaseDelay<<i, DefaultRetryPolicy.MaxDelay)
				if tt.header != nil {
					assert.Equal(t, 3*time.Second, w, "Retry-After outweighs a shorter backoff")
				} else {
					assert.LessOrEqual(t, w, ceiling, "backoff %d stays under its exponential ceiling", i)
				}
			}
		})
	}
}

func TestSenderDoesNotRetryPermanentErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, route, body, reason string
		status                    int
		target                    Target
	}{
		{"request validator", "PUT /dev/streams/streaming-0affd9571f39-geo/record", `{"message": "Invalid request body"}`, "http 400", 400, TargetStream},
		{"missing api key", "POST /dev/topics/0affd9571f39.geo", `{"message":"Forbidden"}`, "http 403", 403, TargetBatch},
		{"unknown topic", "POST /dev/topics/0affd9571f39.geo", `{"error_code":40403,"message":"Topic not found."}`, "http 404", 404, TargetBatch},
		{"non-retriable kafka error", "POST /dev/topics/0affd9571f39.geo",
			`{"offsets":[{"partition":null,"offset":null,"error_code":1,"error":"RecordTooLargeException"}]}`, "kafka error 1", 200, TargetBatch},
		{"proxy answered something else", "POST /dev/topics/0affd9571f39.geo", `<html>hello</html>`, "unexpected kafka response", 200, TargetBatch},
		{"kinesis answered something else", "PUT /dev/streams/streaming-0affd9571f39-geo/record", `{}`, "unexpected kinesis response", 200, TargetStream},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api, srv := newFakeAPI(t, "dev", "")
			api.answer(tt.route, -1, tt.status, tt.body, nil)
			sender, waits := newTestSender(srv.URL+"/dev", "")
			req, err := BuildRequest(testUser, tt.target, NewGenerator(1).Next().Records()[1])
			require.NoError(t, err)

			out := sender.Send(t.Context(), req)

			assert.False(t, out.Accepted)
			assert.Equal(t, tt.reason, out.Reason)
			assert.Equal(t, tt.body, out.Detail, "the answer is kept for the summary")
			assert.Equal(t, 1, out.Attempts, "a permanent error is not retried")
			assert.Empty(t, *waits)
		})
	}
}

func TestRunCountsEachFailedRequestOnceAfterItsRetries(t *testing.T) {
	t.Parallel()
	api, srv := newFakeAPI(t, "dev", "")
	// geo's stream is throttled for good, user's topic is down for good, pin's topic is
	// throttled twice and then recovers; everything else succeeds first time.
	api.answer("PUT /dev/streams/streaming-0affd9571f39-geo/record", -1, 400,
		`{"__type":"ProvisionedThroughputExceededException","message":"Rate exceeded"}`, nil)
	api.answer("POST /dev/topics/0affd9571f39.user", -1, 503, `{"message":"Service Unavailable"}`, nil)
	api.answer("POST /dev/topics/0affd9571f39.pin", 2, 429, `{"message":"Too Many Requests"}`, nil)
	sender, _ := newTestSender(srv.URL+"/dev", "")
	sender.Retry.MaxAttempts = 3

	summary, err := Run(t.Context(), NewGenerator(2), sender, RunOptions{
		UserID: testUser, Posts: 20, Targets: []Target{TargetBatch, TargetStream}, Concurrency: 5,
	})
	require.NoError(t, err)

	assert.Equal(t, 120, summary.Sent, "each request counted once, not once per attempt")
	assert.Equal(t, summary.Sent, summary.Accepted+summary.Failed)
	assert.Equal(t, 80, summary.Accepted)
	assert.Equal(t, 40, summary.Failed)
	assert.Equal(t, map[string]int{"kinesis throughput exceeded": 20, "http 503": 20}, summary.FailedByReason)
	assert.Equal(t, 20*2+20*2+2, summary.Retries, "two retries for each failure, two for the pin throttled early")
	assert.Equal(t, &RouteCount{Failed: 20}, summary.ByRoute["stream geo"])
	assert.Equal(t, &RouteCount{Failed: 20}, summary.ByRoute["batch user"])
	assert.Equal(t, &RouteCount{Accepted: 20}, summary.ByRoute["batch pin"])
	assert.Equal(t, 60, api.hitsOf("PUT /dev/streams/streaming-0affd9571f39-geo/record"), "three attempts each")
	assert.Equal(t, 22, api.hitsOf("POST /dev/topics/0affd9571f39.pin"))
	stored, duplicates := api.acceptedTotal()
	assert.Equal(t, summary.Accepted, stored, "the summary's accepted records are exactly the stored ones")
	assert.Zero(t, duplicates)
}

func TestSenderRetriesNetworkErrorsAndReportsThem(t *testing.T) {
	t.Parallel()
	_, srv := newFakeAPI(t, "dev", "")
	url := srv.URL
	srv.Close() // nothing listens there any more
	sender, waits := newTestSender(url+"/dev", "")
	sender.Retry.MaxAttempts = 2
	req, err := BuildRequest(testUser, TargetBatch, NewGenerator(1).Next().Records()[0])
	require.NoError(t, err)

	out := sender.Send(t.Context(), req)

	assert.False(t, out.Accepted)
	assert.Equal(t, "network error", out.Reason)
	assert.Equal(t, 2, out.Attempts)
	assert.Len(t, *waits, 1)
}

func TestRunStopsWhenCanceledAndCountsWhatItSent(t *testing.T) {
	t.Parallel()
	_, srv := newFakeAPI(t, "dev", "")
	sender, _ := newTestSender(srv.URL+"/dev", "")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	summary, err := Run(ctx, NewGenerator(1), sender, RunOptions{
		UserID: testUser, Posts: 1000, Targets: []Target{TargetBatch}, Concurrency: 2,
	})

	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, summary.Sent, 3000, "no new requests start after cancelling")
	assert.Equal(t, summary.Sent, summary.Accepted+summary.Failed)
}

func TestBackoffStaysUnderItsDoublingCeiling(t *testing.T) {
	t.Parallel()
	s := &Sender{Retry: RetryPolicy{MaxAttempts: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}}
	for n := 1; n <= 8; n++ {
		ceiling := min(100*time.Millisecond<<(n-1), time.Second)
		for range 200 {
			d := s.backoff(n)
			assert.GreaterOrEqual(t, d, time.Duration(0))
			assert.LessOrEqual(t, d, ceiling, "retry %d", n)
		}
	}
}

func TestParseMode(t *testing.T) {
	t.Parallel()
	for mode, want := range map[string][]Target{
		"batch": {TargetBatch}, "stream": {TargetStream}, "both": {TargetBatch, TargetStream},
	} {
		got, err := ParseMode(mode)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	_, err := ParseMode("kafka")
	assert.ErrorContains(t, err, "want batch, stream or both")
}
