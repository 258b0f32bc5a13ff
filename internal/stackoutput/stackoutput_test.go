package stackoutput

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseReadsTheOutputsTheToolsNeed(t *testing.T) {
	t.Parallel()
	got, err := Parse([]byte(`{"userId":"0affd9571f39","region":"us-east-1","bucketName":"user-0affd9571f39-bucket",
		"invokeUrl":"https://abc.execute-api.us-east-1.amazonaws.com/dev","apiKey":"[secret]",
		"batchUrls":{"pin":"https://abc/dev/topics/0affd9571f39.pin"},"privateSubnetIds":["subnet-1"]}`))
	require.NoError(t, err)
	assert.Equal(t, Outputs{UserID: "0affd9571f39", Region: "us-east-1", BucketName: "user-0affd9571f39-bucket",
		InvokeURL: "https://abc.execute-api.us-east-1.amazonaws.com/dev"}, got, "a hidden secret is not a key")

	_, err = Parse([]byte("error: no stack selected"))
	assert.ErrorContains(t, err, "parsing stack outputs")
}

func TestReadPassesTheStackAndSecretsFlags(t *testing.T) {
	t.Parallel()
	var args []string
	run := func(_ context.Context, name string, a ...string) ([]byte, error) {
		args = append([]string{name}, a...)
		return []byte(`{"apiKey":"k"}`), nil
	}
	got, err := Read(t.Context(), run, "learner-1", "/src/stack", true)
	require.NoError(t, err)
	assert.Equal(t, "k", got.APIKey)
	assert.Equal(t, []string{"pulumi", "stack", "output", "--json", "--show-secrets", "--stack", "learner-1", "--cwd", "/src/stack"}, args)

	_, err = Read(t.Context(), func(context.Context, string, ...string) ([]byte, error) { return nil, ErrNoPulumi }, "", "", false)
	assert.ErrorIs(t, err, ErrNoPulumi)
}

func TestExecReportsAMissingPulumi(t *testing.T) {
	t.Parallel()
	_, err := Exec(t.Context(), "pulumi-that-does-not-exist-anywhere")
	assert.True(t, errors.Is(err, ErrNoPulumi))
}
