package verify

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
)

// pagedKinesis serves shards over two ListShards pages and, per shard, a scripted sequence
// of GetRecords batches (record counts, with how far behind the tip each leaves the reader).
type pagedKinesis struct {
	batches map[string][]batch
	listed  []*kinesis.ListShardsInput
	reads   map[string]int
}

type batch struct {
	records     int
	behindMs    int64
	closedAfter bool
}

func (k *pagedKinesis) ListShards(_ context.Context, in *kinesis.ListShardsInput, _ ...func(*kinesis.Options)) (*kinesis.ListShardsOutput, error) {
	k.listed = append(k.listed, in)
	if in.NextToken == nil {
		return &kinesis.ListShardsOutput{Shards: []types.Shard{{ShardId: aws.String("shardId-0")}}, NextToken: aws.String("page-2")}, nil
	}
	return &kinesis.ListShardsOutput{Shards: []types.Shard{{ShardId: aws.String("shardId-1")}, {ShardId: aws.String("shardId-2")}}}, nil
}

func (k *pagedKinesis) GetShardIterator(_ context.Context, in *kinesis.GetShardIteratorInput, _ ...func(*kinesis.Options)) (*kinesis.GetShardIteratorOutput, error) {
	if in.ShardIteratorType != types.ShardIteratorTypeTrimHorizon {
		return nil, fmt.Errorf("iterator type %s, want TRIM_HORIZON", in.ShardIteratorType)
	}
	return &kinesis.GetShardIteratorOutput{ShardIterator: aws.String(aws.ToString(in.ShardId) + "/0")}, nil
}

func (k *pagedKinesis) GetRecords(_ context.Context, in *kinesis.GetRecordsInput, _ ...func(*kinesis.Options)) (*kinesis.GetRecordsOutput, error) {
	var shard string
	var i int
	if _, err := fmt.Sscanf(aws.ToString(in.ShardIterator), "%9s/%d", &shard, &i); err != nil {
		return nil, err
	}
	k.reads[shard]++
	script := k.batches[shard]
	if i >= len(script) {
		return &kinesis.GetRecordsOutput{MillisBehindLatest: aws.Int64(0), NextShardIterator: aws.String(fmt.Sprintf("%s/%d", shard, i+1))}, nil
	}
	b := script[i]
	out := &kinesis.GetRecordsOutput{Records: make([]types.Record, b.records), MillisBehindLatest: aws.Int64(b.behindMs)}
	if !b.closedAfter {
		out.NextShardIterator = aws.String(fmt.Sprintf("%s/%d", shard, i+1))
	}
	return out, nil
}

func TestStreamCountReadsEveryShardToItsTip(t *testing.T) {
	t.Parallel()
	k := &pagedKinesis{reads: map[string]int{}, batches: map[string][]batch{
		// Trimmed data first: empty batches that are still behind the tip must not stop the count.
		"shardId-0": {{0, 5000, false}, {0, 3000, false}, {4, 1000, false}, {2, 0, false}},
		// A closed (split) shard ends with no next iterator.
		"shardId-1": {{3, 0, true}},
		"shardId-2": {},
	}}
	c := checkStream(t.Context(), k, Options{UserID: "u1", MinCount: 1, MaxReadsPerShard: 50}, "pin")

	assert.True(t, c.Present(), c.Problem)
	assert.Equal(t, 9, c.Count)
	assert.Equal(t, "streaming-u1-pin", c.Location)
	assert.Len(t, k.listed, 2, "both ListShards pages are read")
	assert.Nil(t, k.listed[1].StreamName, "a next token goes without the stream name, as Kinesis requires")
	assert.Equal(t, 5, k.reads["shardId-0"], "reads until an empty batch at the tip")
	assert.Equal(t, 1, k.reads["shardId-1"])
	assert.Equal(t, 1, k.reads["shardId-2"])
}

func TestStreamCountStopsAtTheReadLimit(t *testing.T) {
	t.Parallel()
	always := make([]batch, 100)
	for i := range always {
		always[i] = batch{1, 60000, false}
	}
	k := &pagedKinesis{reads: map[string]int{}, batches: map[string][]batch{"shardId-0": always}}
	c := checkStream(t.Context(), k, Options{UserID: "u1", MinCount: 1, MaxReadsPerShard: 10}, "geo")
	assert.Equal(t, 10, k.reads["shardId-0"], "a busy shard cannot keep the verifier reading for ever")
	assert.Equal(t, 10, c.Count)
}
