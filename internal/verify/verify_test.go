package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/stackoutput"
)

func TestVerifierAgainstMoto(t *testing.T) {
	t.Parallel()
	moto := startMoto(t)

	t.Run("everything present", func(t *testing.T) {
		t.Parallel()
		moto.seed(t, "u1present", map[string]int{"pin": 3, "geo": 2, "user": 4},
			map[string]int{"pin": 5, "geo": 6, "user": 7}, 2)

		code, stdout, stderr := moto.runVerify(t, "--user-id", "u1present")
		t.Log(stdout)

		assert.Equal(t, cliexit.OK, code, stdout+stderr)
		assert.Regexp(t, `pin\s+s3\s+s3://user-u1present-bucket/topics/u1present\.pin/\s+3 objects\s+ok`, stdout)
		assert.Regexp(t, `geo\s+s3\s+s3://user-u1present-bucket/topics/u1present\.geo/\s+2 objects\s+ok`, stdout)
		assert.Regexp(t, `user\s+s3\s+\S+\s+4 objects\s+ok`, stdout)
		// Two shards each: the counts prove every shard was read from its start.
		assert.Regexp(t, `pin\s+kinesis\s+streaming-u1present-pin\s+5 records\s+ok`, stdout)
		assert.Regexp(t, `geo\s+kinesis\s+streaming-u1present-geo\s+6 records\s+ok`, stdout)
		assert.Regexp(t, `user\s+kinesis\s+streaming-u1present-user\s+7 records\s+ok`, stdout)
		assert.Contains(t, stdout, "verdict: all present (6 of 6 places have records)")
	})

	t.Run("something missing", func(t *testing.T) {
		t.Parallel()
		// pin arrived both ways; geo's topic is empty and its stream has nothing; user's stream
		// was never created.
		moto.seed(t, "u2missing", map[string]int{"pin": 1, "user": 1},
			map[string]int{"pin": 1, "geo": 0, "user": -1}, 1)

		code, stdout, stderr := moto.runVerify(t, "--user-id", "u2missing")
		t.Log(stdout)

		assert.Equal(t, cliexit.Failed, code, stdout+stderr)
		assert.Regexp(t, `pin\s+s3\s+\S+\s+1 objects\s+ok`, stdout)
		assert.Regexp(t, `pin\s+kinesis\s+\S+\s+1 records\s+ok`, stdout)
		assert.Regexp(t, `geo\s+s3\s+\S+\s+0 objects\s+MISSING: 0 objects, want at least 1`, stdout)
		assert.Regexp(t, `geo\s+kinesis\s+streaming-u2missing-geo\s+0 records\s+MISSING: 0 records in 1 shards`, stdout)
		assert.Regexp(t, `user\s+kinesis\s+streaming-u2missing-user\s+0 records\s+MISSING: stream streaming-u2missing-user does not exist`, stdout)
		assert.Contains(t, stdout, "verdict: missing (3 of 6 places lack records)")
	})

	t.Run("no bucket and a minimum count", func(t *testing.T) {
		t.Parallel()
		s3c, kc := moto.clients()
		moto.seed(t, "u3short", nil, map[string]int{"pin": 2, "geo": 3, "user": 3}, 1)

		report := Run(t.Context(), s3c, kc, Options{UserID: "u3short", Bucket: "user-u3nobucket-bucket", MinCount: 3})

		require.Len(t, report.Checks, 6)
		assert.False(t, report.AllPresent())
		byPlace := map[string]Check{}
		for _, c := range report.Checks {
			byPlace[c.Where+" "+c.Kind] = c
		}
		assert.Equal(t, "bucket user-u3nobucket-bucket does not exist", byPlace["s3 pin"].Problem)
		assert.Equal(t, 2, byPlace["kinesis pin"].Count)
		assert.Contains(t, byPlace["kinesis pin"].Problem, "want at least 3")
		assert.True(t, byPlace["kinesis geo"].Present(), "3 records meet a minimum of 3")
	})

	t.Run("json report and one side only", func(t *testing.T) {
		t.Parallel()
		moto.seed(t, "u4json", nil, map[string]int{"pin": 1, "geo": 1, "user": 1}, 1)

		code, stdout, _ := moto.runVerify(t, "--user-id", "u4json", "--check", "streams", "--json")

		assert.Equal(t, cliexit.OK, code, stdout)
		var got struct {
			AllPresent bool    `json:"allPresent"`
			Checks     []Check `json:"checks"`
		}
		require.NoError(t, json.Unmarshal([]byte(stdout), &got))
		assert.True(t, got.AllPresent)
		require.Len(t, got.Checks, 3, "only the streams were checked")
		for _, c := range got.Checks {
			assert.Equal(t, "kinesis", c.Where)
			assert.Equal(t, 1, c.Count)
		}
	})
}

func TestVerifyUsageErrorsNameTheFlag(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args []string
		want string
	}{
		"check":     {[]string{"--user-id", "u1", "--check", "kafka"}, `--check "kafka": want s3, streams or both`},
		"min count": {[]string{"--user-id", "u1", "--min-count", "0"}, "--min-count must be at least 1"},
		"user id":   {[]string{"--user-id", "U-1"}, `--user-id "U-1" may contain only lowercase letters and digits`},
		"endpoint":  {[]string{"--user-id", "u1", "--endpoint-url", "localhost:5000"}, `--endpoint-url "localhost:5000" must be an absolute http(s) URL`},
		"unknown":   {[]string{"--bucket-name", "b"}, "flag provided but not defined: -bucket-name"},
		"no pulumi": {nil, "--user-id is needed when the pulumi CLI is not on PATH"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var stderr bytes.Buffer
			code := Main(t.Context(), tt.args, Env{Stdout: &bytes.Buffer{}, Stderr: &stderr,
				Pulumi: func(context.Context, string, ...string) ([]byte, error) {
					return nil, stackoutput.ErrNoPulumi
				},
				LoadAWSConfig: func(context.Context, string) (aws.Config, error) {
					t.Error("AWS must not be configured for a bad command line")
					return aws.Config{}, nil
				}})
			assert.Equal(t, cliexit.Usage, code)
			assert.Contains(t, stderr.String(), tt.want)
		})
	}
}

func TestVerifyTakesUserBucketAndRegionFromTheStack(t *testing.T) {
	t.Parallel()
	var gotRegion string
	var stdout bytes.Buffer
	code := Main(t.Context(), []string{"--stack", "learner-1", "--check", "s3"}, Env{Stdout: &stdout, Stderr: &bytes.Buffer{},
		Pulumi: func(_ context.Context, _ string, args ...string) ([]byte, error) {
			assert.Equal(t, []string{"stack", "output", "--json", "--stack", "learner-1"}, args, "no secrets are needed")
			return []byte(`{"userId":"0affd9571f39","bucketName":"user-0affd9571f39-bucket-a1","region":"eu-west-2"}`), nil
		},
		LoadAWSConfig: func(_ context.Context, region string) (aws.Config, error) {
			gotRegion = region
			// Nothing listens on the discard port: the check fails fast, on loopback only.
			return aws.Config{Region: region, Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1,
				BaseEndpoint: aws.String("http://127.0.0.1:9")}, nil
		}})
	assert.Equal(t, cliexit.Failed, code)
	assert.Equal(t, "eu-west-2", gotRegion)
	assert.Contains(t, stdout.String(), "s3://user-0affd9571f39-bucket-a1/topics/0affd9571f39.pin/")
	assert.Contains(t, stdout.String(), "reading bucket user-0affd9571f39-bucket-a1")
}

// -h lists the exit statuses from their one definition, and asking for help is no failure.
func TestHelpListsTheExitStatuses(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	code := Main(t.Context(), []string{"-h"}, Env{Stdout: &bytes.Buffer{}, Stderr: &stderr})
	assert.Equal(t, cliexit.OK, code)
	assert.Contains(t, stderr.String(), cliexit.Verify.Usage())
}
