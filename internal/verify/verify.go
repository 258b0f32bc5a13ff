// Package verify checks, after an emulator run, that records reached the places the course
// pipeline reads them from: objects under s3://<bucket>/topics/<userId>.<kind>/ (every
// partition=<n>/ folder)
// (written by the S3 sink connector) and records in each Kinesis stream
// streaming-<userId>-<kind>. cmd/verify is a thin wrapper around Main.
package verify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kinesistypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// S3API is the part of the S3 client the verifier uses.
type S3API interface {
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, opts ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
}

// KinesisAPI is the part of the Kinesis client the verifier uses.
type KinesisAPI interface {
	ListShards(ctx context.Context, in *kinesis.ListShardsInput, opts ...func(*kinesis.Options)) (*kinesis.ListShardsOutput, error)
	GetShardIterator(ctx context.Context, in *kinesis.GetShardIteratorInput, opts ...func(*kinesis.Options)) (*kinesis.GetShardIteratorOutput, error)
	GetRecords(ctx context.Context, in *kinesis.GetRecordsInput, opts ...func(*kinesis.Options)) (*kinesis.GetRecordsOutput, error)
}

// Options say what to check.
type Options struct {
	UserID string
	// Bucket defaults to stacks.BucketName(UserID).
	Bucket string
	// Kinds defaults to stacks.RecordKinds.
	Kinds               []string
	SkipS3, SkipStreams bool
	// MinCount is how many objects or records each place needs to count as present; at least 1.
	MinCount int
	// MaxReadsPerShard bounds GetRecords calls per shard, so a busy stream cannot keep the
	// verifier reading for ever. Default 200.
	MaxReadsPerShard int
}

// Check is the result for one place: a topic's S3 prefix or a stream.
type Check struct {
	Kind string `json:"kind"`
	// Where is "s3" or "kinesis".
	Where string `json:"where"`
	// Location is the S3 URL of the prefix or the stream name.
	Location string `json:"location"`
	Count    int    `json:"count"`
	// Problem is why the check failed, empty when Count reached the minimum.
	Problem string `json:"problem,omitempty"`
}

// Present says whether the check passed.
func (c Check) Present() bool { return c.Problem == "" }

// Report is every check of one verification.
type Report struct {
	UserID   string  `json:"userId"`
	Bucket   string  `json:"bucket,omitempty"`
	MinCount int     `json:"minCount"`
	Checks   []Check `json:"checks"`
}

// AllPresent says whether every check passed.
func (r Report) AllPresent() bool {
	for _, c := range r.Checks {
		if !c.Present() {
			return false
		}
	}
	return len(r.Checks) > 0
}

// Run checks each kind's S3 prefix and stream and returns the report. Errors from AWS
// (a missing bucket or stream, denied access) become failed checks, not a failed run,
// so one problem does not hide the state of the other places.
func Run(ctx context.Context, s3c S3API, kc KinesisAPI, opts Options) Report {
	if opts.Bucket == "" {
		opts.Bucket = stacks.BucketName(opts.UserID)
	}
	if len(opts.Kinds) == 0 {
		opts.Kinds = stacks.RecordKinds
	}
	opts.MinCount = max(opts.MinCount, 1)
	if opts.MaxReadsPerShard <= 0 {
		opts.MaxReadsPerShard = 200
	}
	r := Report{UserID: opts.UserID, MinCount: opts.MinCount}
	if !opts.SkipS3 {
		r.Bucket = opts.Bucket
	}
	for _, kind := range opts.Kinds {
		if !opts.SkipS3 {
			r.Checks = append(r.Checks, checkS3(ctx, s3c, opts, kind))
		}
		if !opts.SkipStreams {
			r.Checks = append(r.Checks, checkStream(ctx, kc, opts, kind))
		}
	}
	return r
}

// TopicPrefix is where the S3 sink writes one topic's records: a partition=<n>/ folder per topic
// partition below it, all of which the batch notebook reads (prod topics have 3 partitions).
func TopicPrefix(userID, kind string) string {
	return "topics/" + stacks.TopicName(userID, kind) + "/"
}

func checkS3(ctx context.Context, client S3API, opts Options, kind string) Check {
	prefix := TopicPrefix(opts.UserID, kind)
	c := Check{Kind: kind, Where: "s3", Location: "s3://" + opts.Bucket + "/" + prefix}
	pages := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: aws.String(opts.Bucket), Prefix: aws.String(prefix)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			c.Problem = describe(err, "bucket "+opts.Bucket)
			return c
		}
		for _, obj := range page.Contents {
			// A "directory" placeholder is not a record.
			if !strings.HasSuffix(aws.ToString(obj.Key), "/") {
				c.Count++
			}
		}
	}
	if c.Count < opts.MinCount {
		c.Problem = fmt.Sprintf("%d objects, want at least %d: is the connector running and has the batch path been sent to?", c.Count, opts.MinCount)
	}
	return c
}

func checkStream(ctx context.Context, client KinesisAPI, opts Options, kind string) Check {
	stream := stacks.StreamName(opts.UserID, kind)
	c := Check{Kind: kind, Where: "kinesis", Location: stream}
	shards, err := listShards(ctx, client, stream)
	if err != nil {
		c.Problem = describe(err, "stream "+stream)
		return c
	}
	for _, shard := range shards {
		n, err := countShard(ctx, client, stream, aws.ToString(shard.ShardId), opts.MaxReadsPerShard)
		c.Count += n
		if err != nil {
			c.Problem = describe(err, "stream "+stream)
			return c
		}
	}
	if c.Count < opts.MinCount {
		c.Problem = fmt.Sprintf("%d records in %d shards, want at least %d: has the stream path been sent to in the last 24 hours?", c.Count, len(shards), opts.MinCount)
	}
	return c
}

func listShards(ctx context.Context, client KinesisAPI, stream string) ([]kinesistypes.Shard, error) {
	var shards []kinesistypes.Shard
	in := &kinesis.ListShardsInput{StreamName: aws.String(stream)}
	for {
		out, err := client.ListShards(ctx, in)
		if err != nil {
			return nil, err
		}
		shards = append(shards, out.Shards...)
		if aws.ToString(out.NextToken) == "" {
			return shards, nil
		}
		// Kinesis refuses a stream name together with a next token.
		in = &kinesis.ListShardsInput{NextToken: out.NextToken}
	}
}

// countShard reads one shard from its oldest record to the tip. An empty batch with records
// still ahead (MillisBehindLatest > 0) is normal after retention trimmed old data, so it keeps
// reading until it is caught up, the shard is closed, or it has read maxReads batches.
func countShard(ctx context.Context, client KinesisAPI, stream, shardID string, maxReads int) (int, error) {
	it, err := client.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
		StreamName: aws.String(stream), ShardId: aws.String(shardID), ShardIteratorType: kinesistypes.ShardIteratorTypeTrimHorizon,
	})
	if err != nil {
		return 0, err
	}
	count := 0
	iterator := it.ShardIterator
	for range maxReads {
		if iterator == nil {
			break // a closed shard, read to its end
		}
		out, err := client.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iterator})
		if err != nil {
			return count, err
		}
		count += len(out.Records)
		if len(out.Records) == 0 && aws.ToInt64(out.MillisBehindLatest) == 0 {
			break
		}
		iterator = out.NextShardIterator
	}
	return count, nil
}

// describe turns an AWS error into a sentence that names the missing thing.
func describe(err error, what string) string {
	var noBucket *s3types.NoSuchBucket
	var noStream *kinesistypes.ResourceNotFoundException
	var apiErr smithy.APIError
	switch {
	case errors.As(err, &noBucket):
		return what + " does not exist"
	case errors.As(err, &noStream):
		return what + " does not exist"
	case errors.As(err, &apiErr) && apiErr.ErrorCode() == "NoSuchBucket":
		return what + " does not exist"
	case errors.As(err, &apiErr) && (apiErr.ErrorCode() == "AccessDenied" || apiErr.ErrorCode() == "AccessDeniedException"):
		return fmt.Sprintf("access denied to %s: do these credentials belong to the stack's account? (%s)", what, apiErr.ErrorMessage())
	}
	return fmt.Sprintf("reading %s: %v", what, err)
}

// Write prints the report for people: one line per check and a verdict.
func (r Report) Write(w io.Writer) {
	fmt.Fprintf(w, "user %s, at least %d per place\n", r.UserID, r.MinCount)
	for _, c := range r.Checks {
		unit := "objects"
		if c.Where == "kinesis" {
			unit = "records"
		}
		status := "ok"
		if !c.Present() {
			status = "MISSING: " + c.Problem
		}
		fmt.Fprintf(w, "  %-4s  %-7s  %-58s %6d %s  %s\n", c.Kind, c.Where, c.Location, c.Count, unit, status)
	}
	missing := 0
	for _, c := range r.Checks {
		if !c.Present() {
			missing++
		}
	}
	if r.AllPresent() {
		fmt.Fprintf(w, "verdict: all present (%d of %d places have records)\n", len(r.Checks), len(r.Checks))
		return
	}
	fmt.Fprintf(w, "verdict: missing (%d of %d places lack records)\n", missing, len(r.Checks))
}

// WriteJSON prints the report as JSON with the verdict, for scripts.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Report
		AllPresent bool `json:"allPresent"`
	}{r, r.AllPresent()})
}
