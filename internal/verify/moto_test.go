package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/require"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/motoserver"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

type motoServer struct{ *motoserver.Server }

func startMoto(t *testing.T) motoServer { return motoServer{motoserver.Start(t)} }

// awsConfig is a configuration with fixed test credentials, so nothing reads the machine's.
func (m motoServer) awsConfig() aws.Config { return m.AWSConfig("us-east-1") }

func (m motoServer) clients() (*s3.Client, *kinesis.Client) {
	return NewClients(m.awsConfig(), m.Endpoint)
}

// seed creates userID's bucket with objects per kind under the sink's prefix, and its
// streams with records per kind spread over shards. A kind missing from a map gets nothing;
// a kind mapped to -1 gets no stream at all.
func (m motoServer) seed(t *testing.T, userID string, objects, records map[string]int, shards int32) {
	t.Helper()
	ctx := t.Context()
	s3c, kc := m.clients()
	bucket := stacks.BucketName(userID)
	_, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
	require.NoError(t, err)
	// Objects elsewhere in the bucket must not count.
	_, err = s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket),
		Key: aws.String("kafka-connect-s3/confluentinc-kafka-connect-s3-10.5.13.zip"), Body: bytes.NewReader([]byte("zip"))})
	require.NoError(t, err)
	for kind, n := range objects {
		topic := stacks.TopicName(userID, kind)
		// The S3 sink writes topics/<topic>/partition=<n>/<topic>+<n>+<offset>.json: spread the
		// objects over two partitions, as a topic with several partitions (prod has 3) does.
		for i := range n {
			partition := i % 2
			key := fmt.Sprintf("topics/%s/partition=%d/%s+%d+%010d.json", topic, partition, topic, partition, i)
			_, err := s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
				Body: bytes.NewReader(fmt.Appendf(nil, `{"ind":%d}`, i))})
			require.NoError(t, err)
		}
	}
	for _, kind := range stacks.RecordKinds {
		n, listed := records[kind]
		if !listed || n < 0 {
			continue
		}
		stream := stacks.StreamName(userID, kind)
		_, err := kc.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(stream), ShardCount: aws.Int32(shards)})
		require.NoError(t, err)
		for i := range n {
			_, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String(stream),
				Data: fmt.Appendf(nil, `{"ind":%d}`, i), PartitionKey: aws.String(strconv.Itoa(i))})
			require.NoError(t, err)
		}
	}
}

// runVerify runs the command in-process against moto, as a learner would run cmd/verify.
func (m motoServer) runVerify(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(t.Context(), append([]string{"--endpoint-url", m.Endpoint}, args...), Env{
		Stdout: &out, Stderr: &errOut,
		Pulumi: func(context.Context, string, ...string) ([]byte, error) {
			return nil, errors.New("pulumi must not be needed when --user-id is given")
		},
		LoadAWSConfig: func(_ context.Context, region string) (aws.Config, error) {
			cfg := m.awsConfig()
			if region != "" {
				cfg.Region = region
			}
			return cfg, nil
		},
	})
	return code, out.String(), errOut.String()
}
