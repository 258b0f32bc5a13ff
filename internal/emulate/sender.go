package emulate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// Target is the path a record takes through the API.
type Target string

const (
	// TargetBatch posts to the Kafka REST proxy: POST /topics/<userId>.<kind>.
	TargetBatch Target = "batch"
	// TargetStream puts to Kinesis through the API's integration: PUT /streams/<stream>/record.
	TargetStream Target = "stream"
)

// Content types the two integrations expect. The REST proxy rejects a plain application/json
// body with 415, and the Kinesis mapping template is keyed on application/json.
const (
	KafkaJSONContentType = "application/vnd.kafka.json.v2+json"
	JSONContentType      = "application/json"
	APIKeyHeader         = "x-api-key"
)

// Request is one HTTP request for one record, built before sending so tests can inspect it.
type Request struct {
	Target Target
	Kind   string
	Ind    int
	Method string
	// Path is relative to the invoke URL, which already ends with the stage.
	Path        string
	ContentType string
	Body        []byte
}

// kafkaEnvelope is the Confluent REST v2 JSON embedded format, one record per request as in
// the course's emulator.
type kafkaEnvelope struct {
	Records []kafkaRecord `json:"records"`
}

type kafkaRecord struct {
	Value any `json:"value"`
}

// putRecordBody is what the API's PutRecord template reads. Data stays a JSON object: the
// template base64-encodes it, so Kinesis stores the row's JSON bytes. StreamName is ignored by
// the template (it takes the path's) but sent as the course's scripts do.
type putRecordBody struct {
	StreamName   string `json:"StreamName"`
	Data         any    `json:"Data"`
	PartitionKey string `json:"PartitionKey"`
}

// BuildRequest makes the request that sends rec to userID's topic or stream of rec.Kind.
func BuildRequest(userID string, target Target, rec Record) (Request, error) {
	req := Request{Target: target, Kind: rec.Kind, Ind: rec.Ind}
	var payload any
	switch target {
	case TargetBatch:
		req.Method, req.ContentType = http.MethodPost, KafkaJSONContentType
		req.Path = "/topics/" + stacks.TopicName(userID, rec.Kind)
		payload = kafkaEnvelope{Records: []kafkaRecord{{Value: rec.Value}}}
	case TargetStream:
		stream := stacks.StreamName(userID, rec.Kind)
		req.Method, req.ContentType = http.MethodPut, JSONContentType
		req.Path = "/streams/" + stream + "/record"
		// The post index keys every kind, so a post's three rows hash alike across streams.
		payload = putRecordBody{StreamName: stream, Data: rec.Value, PartitionKey: strconv.Itoa(rec.Ind)}
	default:
		return Request{}, fmt.Errorf("unknown target %q: want %q or %q", target, TargetBatch, TargetStream)
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return Request{}, fmt.Errorf("encoding %s record %d: %w", rec.Kind, rec.Ind, err)
	}
	req.Body = body
	return req, nil
}

// RetryPolicy bounds how often and how long a throttled or failing request is retried.
type RetryPolicy struct {
	// MaxAttempts counts the first try; 1 disables retries.
	MaxAttempts int
	// BaseDelay is the first backoff ceiling; it doubles per retry up to MaxDelay.
	BaseDelay time.Duration
	MaxDelay  time.Duration
}

// DefaultRetryPolicy matches the course scripts' urllib3 Retry (a handful of tries, doubling
// waits) but with jitter, so concurrent workers throttled together do not retry together.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 5, BaseDelay: 200 * time.Millisecond, MaxDelay: 5 * time.Second}

// Sender sends requests to one deployed API.
type Sender struct {
	// BaseURL is the invoke URL including the stage, e.g. https://abc.execute-api.us-east-1.amazonaws.com/dev.
	BaseURL string
	// APIKey, when set, goes in the x-api-key header.
	APIKey string
	Client *http.Client
	Retry  RetryPolicy
	// Sleep waits between attempts; tests replace it to run retries without waiting.
	Sleep func(ctx context.Context, d time.Duration) error
}

// NewSender returns a sender with the default retry policy and an HTTP client whose idle pool
// fits the given concurrency, so connections are reused rather than exhausting local ports.
func NewSender(baseURL, apiKey string, concurrency int, timeout time.Duration) *Sender {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConns = concurrency * 2
	transport.MaxIdleConnsPerHost = concurrency * 2
	return &Sender{
		BaseURL: strings.TrimRight(baseURL, "/"),
		APIKey:  apiKey,
		Client:  &http.Client{Transport: transport, Timeout: timeout},
		Retry:   DefaultRetryPolicy,
		Sleep:   sleepContext,
	}
}

func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// Outcome is what became of one request after all its attempts.
type Outcome struct {
	Target   Target
	Kind     string
	Ind      int
	Accepted bool
	// Reason says why the last attempt failed ("" when accepted); it is a short, countable
	// label such as "http 403" or "kinesis throughput exceeded".
	Reason string
	// Detail is the last failing response body or error, trimmed, for the summary's examples.
	Detail   string
	Attempts int
	Latency  time.Duration
}

// attempt is the verdict on one HTTP exchange.
type attempt struct {
	accepted, retryable bool
	reason, detail      string
	retryAfter          time.Duration
}

// Send sends req, retrying throttling, 5xx and network errors with jittered exponential
// backoff, and reports the request's outcome once, however many attempts it took.
func (s *Sender) Send(ctx context.Context, req Request) Outcome {
	out := Outcome{Target: req.Target, Kind: req.Kind, Ind: req.Ind}
	start := time.Now()
	maxAttempts := max(s.Retry.MaxAttempts, 1)
	for n := 1; ; n++ {
		out.Attempts = n
		a := s.try(ctx, req)
		if a.accepted {
			out.Accepted, out.Reason, out.Detail = true, "", ""
			break
		}
		out.Reason, out.Detail = a.reason, a.detail
		if !a.retryable || n >= maxAttempts {
			break
		}
		if err := s.Sleep(ctx, max(s.backoff(n), a.retryAfter)); err != nil {
			out.Reason, out.Detail = "canceled", err.Error()
			break
		}
	}
	out.Latency = time.Since(start)
	return out
}

// backoff is "full jitter": uniform in [0, min(MaxDelay, BaseDelay*2^(n-1))].
func (s *Sender) backoff(n int) time.Duration {
	ceiling := s.Retry.BaseDelay
	for i := 1; i < n && ceiling < s.Retry.MaxDelay; i++ {
		ceiling *= 2
	}
	if s.Retry.MaxDelay > 0 {
		ceiling = min(ceiling, s.Retry.MaxDelay)
	}
	if ceiling <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(ceiling) + 1))
}

func (s *Sender) try(ctx context.Context, req Request) attempt {
	httpReq, err := http.NewRequestWithContext(ctx, req.Method, s.BaseURL+req.Path, bytes.NewReader(req.Body))
	if err != nil {
		return attempt{reason: "bad request", detail: err.Error()}
	}
	httpReq.Header.Set("Content-Type", req.ContentType)
	if s.APIKey != "" {
		httpReq.Header.Set(APIKeyHeader, s.APIKey)
	}
	resp, err := s.Client.Do(httpReq)
	if err != nil {
		if ctx.Err() != nil {
			return attempt{reason: "canceled", detail: err.Error()}
		}
		return attempt{reason: "network error", detail: err.Error(), retryable: true}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return attempt{reason: "network error", detail: fmt.Sprintf("reading response: %v", err), retryable: true}
	}
	a := classify(req.Target, resp.StatusCode, body)
	if a.retryable {
		a.retryAfter = retryAfter(resp.Header.Get("Retry-After"))
	}
	return a
}

// kinesisRetryable are the Kinesis errors worth retrying. The API returns them as HTTP 400
// with the error type in the body, so the status alone would call them permanent.
var kinesisRetryable = map[string]string{
	"ProvisionedThroughputExceededException": "kinesis throughput exceeded",
	"KMSThrottlingException":                 "kinesis kms throttled",
	"InternalFailure":                        "kinesis internal failure",
}

// classify decides whether a response means the record was accepted, and if not, whether
// trying again can help.
func classify(target Target, status int, body []byte) attempt {
	detail := trim(body)
	switch {
	case status == http.StatusTooManyRequests:
		return attempt{reason: "http 429 throttled", detail: detail, retryable: true}
	case status >= 500:
		if reason, ok := kinesisError(target, body); ok {
			return attempt{reason: reason, detail: detail, retryable: true}
		}
		return attempt{reason: fmt.Sprintf("http %d", status), detail: detail, retryable: true}
	case status >= 400:
		if reason, ok := kinesisError(target, body); ok {
			return attempt{reason: reason, detail: detail, retryable: true}
		}
		return attempt{reason: fmt.Sprintf("http %d", status), detail: detail}
	case status < 200 || status >= 300:
		return attempt{reason: fmt.Sprintf("http %d", status), detail: detail}
	}
	if target == TargetStream {
		var put struct {
			SequenceNumber string
			ShardID        string `json:"ShardId"`
		}
		if json.Unmarshal(body, &put) != nil || put.SequenceNumber == "" {
			return attempt{reason: "unexpected kinesis response", detail: detail}
		}
		return attempt{accepted: true}
	}
	return classifyOffsets(body, detail)
}

// classifyOffsets reads the REST proxy's produce response. A 200 can still carry a per-record
// error: error_code 2 is retriable by Confluent's definition, anything else is not.
func classifyOffsets(body []byte, detail string) attempt {
	var produced struct {
		Offsets []struct {
			ErrorCode *int    `json:"error_code"`
			Error     *string `json:"error"`
		} `json:"offsets"`
	}
	if json.Unmarshal(body, &produced) != nil || len(produced.Offsets) == 0 {
		return attempt{reason: "unexpected kafka response", detail: detail}
	}
	for _, o := range produced.Offsets {
		if o.ErrorCode != nil {
			return attempt{reason: fmt.Sprintf("kafka error %d", *o.ErrorCode), detail: detail, retryable: *o.ErrorCode == 2}
		}
	}
	return attempt{accepted: true}
}

func kinesisError(target Target, body []byte) (string, bool) {
	if target != TargetStream {
		return "", false
	}
	for name, reason := range kinesisRetryable {
		if bytes.Contains(body, []byte(name)) {
			return reason, true
		}
	}
	return "", false
}

// retryAfter reads a Retry-After header in seconds, capped so a hostile value cannot stall a run.
func retryAfter(v string) time.Duration {
	seconds, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || seconds <= 0 {
		return 0
	}
	return min(time.Duration(seconds)*time.Second, 30*time.Second)
}

func trim(body []byte) string {
	s := strings.TrimSpace(string(body))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// errUnknownMode is returned for a --mode other than batch, stream or both.
var errUnknownMode = errors.New("want batch, stream or both")

// ParseMode turns batch, stream or both into the targets each record is sent to.
func ParseMode(mode string) ([]Target, error) {
	switch mode {
	case "batch":
		return []Target{TargetBatch}, nil
	case "stream":
		return []Target{TargetStream}, nil
	case "both":
		return []Target{TargetBatch, TargetStream}, nil
	}
	return nil, fmt.Errorf("%q: %w", mode, errUnknownMode)
}
