package emulate

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/stackoutput"
)

type cliRun struct {
	code           int
	stdout, stderr string
	pulumiArgs     []string
}

// runCLI runs Main in-process; pulumi answers with stackJSON, or is missing when stackJSON is "".
func runCLI(t *testing.T, stackJSON string, env map[string]string, args ...string) cliRun {
	t.Helper()
	var stdout, stderr bytes.Buffer
	var r cliRun
	code := Main(t.Context(), args, Env{
		Stdout: &stdout, Stderr: &stderr,
		Pulumi: func(_ context.Context, name string, args ...string) ([]byte, error) {
			r.pulumiArgs = append([]string{name}, args...)
			if stackJSON == "" {
				return nil, stackoutput.ErrNoPulumi
			}
			return []byte(stackJSON), nil
		},
		Getenv: func(k string) string { return env[k] },
	})
	r.code, r.stdout, r.stderr = code, stdout.String(), stderr.String()
	return r
}

func TestBadFlagsAreUsageErrorsNamingTheFlag(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args []string
		want string
	}{
		"count":        {[]string{"--count", "0"}, "--count must be at least 1"},
		"not a number": {[]string{"--count", "many"}, `invalid value "many" for flag -count`},
		"rate":         {[]string{"--rate", "-1"}, "--rate must be 0 (no limit) or more"},
		"concurrency":  {[]string{"--concurrency", "0"}, "--concurrency must be 1 to 1000"},
		"mode":         {[]string{"--mode", "kafka"}, `--mode "kafka": want batch, stream or both`},
		"user id":      {[]string{"--user-id", "Bad_User"}, `--user-id "Bad_User" may contain only lowercase letters and digits`},
		"stage":        {[]string{"--stage", "dev/x"}, `--stage "dev/x" may contain only`},
		"attempts":     {[]string{"--max-attempts", "0"}, "--max-attempts must be at least 1"},
		"unknown":      {[]string{"--colour"}, "flag provided but not defined: -colour"},
		"argument":     {[]string{"send"}, `unexpected argument "send"`},
		"url":          {[]string{"--api-url", "abc.execute-api.us-east-1.amazonaws.com", "--user-id", "u1"}, "--api-url"},
		"stage clash": {[]string{"--api-url", "https://abc.execute-api.us-east-1.amazonaws.com/test", "--stage", "dev", "--user-id", "u1"},
			`--stage "dev" does not match the stage "test"`},
		"topic url": {[]string{"--api-url", "https://abc.execute-api.us-east-1.amazonaws.com/dev/topics/u1.pin", "--user-id", "u1"},
			"is a topic or stream URL"},
		"no pulumi": {nil, "--api-url and --user-id are needed when the pulumi CLI is not on PATH"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, "", nil, tt.args...)
			assert.Equal(t, cliexit.Usage, r.code)
			assert.Contains(t, r.stderr, tt.want)
		})
	}
}

func TestResolveInvokeURLHandlesTheStage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw, stage string
		stageSet   bool
		want       string
	}{
		{"https://abc.execute-api.us-east-1.amazonaws.com/dev", "dev", false, "https://abc.execute-api.us-east-1.amazonaws.com/dev"},
		{"https://abc.execute-api.us-east-1.amazonaws.com/dev/", "dev", true, "https://abc.execute-api.us-east-1.amazonaws.com/dev"},
		{"https://abc.execute-api.us-east-1.amazonaws.com", "test", true, "https://abc.execute-api.us-east-1.amazonaws.com/test"},
		{"https://abc.execute-api.us-east-1.amazonaws.com/", "dev", false, "https://abc.execute-api.us-east-1.amazonaws.com/dev"},
		// The default --stage does not fight the invokeUrl output's own stage.
		{"https://abc.execute-api.us-east-1.amazonaws.com/prod", "dev", false, "https://abc.execute-api.us-east-1.amazonaws.com/prod"},
		{"http://127.0.0.1:8080/dev?x=1", "dev", false, "http://127.0.0.1:8080/dev"},
	}
	for _, tt := range tests {
		got, err := ResolveInvokeURL(tt.raw, tt.stage, tt.stageSet)
		require.NoError(t, err, tt.raw)
		assert.Equal(t, tt.want, got, tt.raw)
	}
}

func TestEmulateSendsToTheStackFromPulumiOutputs(t *testing.T) {
	t.Parallel()
	api, srv := newFakeAPI(t, "dev", "s3cret")
	stack := `{"userId":"0affd9571f39","invokeUrl":"` + srv.URL + `/dev","apiKey":"s3cret","batchUrls":{"pin":"x"}}`

	r := runCLI(t, stack, nil, "--count", "5", "--rate", "0", "--stack", "learner-1")

	require.Equal(t, cliexit.OK, r.code, r.stderr)
	assert.Equal(t, []string{"pulumi", "stack", "output", "--json", "--show-secrets", "--stack", "learner-1"}, r.pulumiArgs)
	assert.Contains(t, r.stdout, "sent 30, accepted 30, failed 0")
	assert.Contains(t, r.stdout, "latency p50")
	assert.Contains(t, r.stderr, "progress: 30/30 (100%), 0 failed", "plain progress lines off a terminal")
	stored, _ := api.acceptedTotal()
	assert.Equal(t, 30, stored)
}

func TestEmulateExitsOneAndExplainsWhenRecordsFail(t *testing.T) {
	t.Parallel()
	_, srv := newFakeAPI(t, "dev", "needed")
	r := runCLI(t, "", nil, "--api-url", srv.URL, "--user-id", "0affd9571f39", "--count", "2",
		"--mode", "stream", "--rate", "0")

	assert.Equal(t, cliexit.Failed, r.code)
	assert.Contains(t, r.stdout, "sent 6, accepted 0, failed 6")
	assert.Contains(t, r.stdout, `http 403`)
	assert.Contains(t, r.stdout, `{"message":"Forbidden"}`, "an example answer helps find the cause")
	assert.Contains(t, r.stdout, "the API requires its key by default: pass --api-key", "a 403 names the likely fix")
	assert.Contains(t, r.stderr, "6 of 6 requests failed")
	assert.Nil(t, r.pulumiArgs, "flags given: pulumi is not needed")
}

func TestEmulateReadsTheAPIKeyFromTheEnvironment(t *testing.T) {
	t.Parallel()
	api, srv := newFakeAPI(t, "test", "from-env")
	r := runCLI(t, "", map[string]string{APIKeyEnv: "from-env"},
		"--api-url", srv.URL, "--stage", "test", "--user-id", "0affd9571f39", "--count", "1", "--mode", "batch")

	require.Equal(t, cliexit.OK, r.code, r.stdout+r.stderr)
	assert.Equal(t, 1, api.hitsOf("POST /test/topics/0affd9571f39.pin"), "--stage is appended to a bare host")
}

func TestEmulateReportsAStackWithoutTheAPI(t *testing.T) {
	t.Parallel()
	r := runCLI(t, `{"userId":"0affd9571f39"}`, nil)
	assert.Equal(t, cliexit.Failed, r.code)
	assert.Contains(t, r.stderr, "the stack has no invokeUrl output")
}

func TestDryRunWritesRecordsWithoutSending(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "posts.jsonl")
	r := runCLI(t, "", nil, "--dry-run", "--count", "3", "--seed", "8", "--out", out)
	require.Equal(t, cliexit.OK, r.code, r.stderr)
	assert.Nil(t, r.pulumiArgs, "a dry run needs no stack")

	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Len(t, strings.Split(strings.TrimSpace(string(data)), "\n"), 9)

	again := runCLI(t, "", nil, "--dry-run", "--count", "3", "--seed", "8")
	assert.Equal(t, string(data), again.stdout, "the same seed gives the same file")
}

func TestSummaryReportsPercentilesAndReasons(t *testing.T) {
	t.Parallel()
	s := NewSummary()
	for i := 1; i <= 100; i++ {
		o := Outcome{Target: TargetStream, Kind: "geo", Accepted: i%10 != 0, Attempts: 1, Latency: time.Duration(i) * time.Millisecond}
		if !o.Accepted {
			o.Reason, o.Detail, o.Attempts = "kinesis throughput exceeded", "Rate exceeded", 3
		}
		s.Add(o)
	}
	s.Elapsed = 2 * time.Second
	assert.Equal(t, 50*time.Millisecond, s.Percentile(50))
	assert.Equal(t, 90*time.Millisecond, s.Percentile(90))
	assert.Equal(t, 99*time.Millisecond, s.Percentile(99))
	assert.Equal(t, 20, s.Retries)

	var buf bytes.Buffer
	s.Write(&buf)
	text := buf.String()
	assert.Contains(t, text, "sent 100, accepted 90, failed 10, retries 20 in 2s (50.0 requests/s)")
	assert.Contains(t, text, "stream geo")
	assert.Regexp(t, `kinesis throughput exceeded\s+10  \(e\.g\. Rate exceeded\)`, text)
	assert.Contains(t, text, "latency p50 50ms, p90 90ms, p99 99ms")
}

func TestProgressIsABarOnATerminalAndLinesElsewhere(t *testing.T) {
	t.Parallel()
	var lines bytes.Buffer
	p := NewProgress(&lines, false)
	p.Start(20)
	for i := 1; i <= 20; i++ {
		p.Update(i, 0)
	}
	p.Finish()
	assert.Equal(t, 11, strings.Count(lines.String(), "\n"), "a start line and one per tenth")
	assert.NotContains(t, lines.String(), "\r")

	var bar bytes.Buffer
	p = NewProgress(&bar, true)
	p.Start(4)
	p.Update(4, 1)
	p.Finish()
	assert.Contains(t, bar.String(), "\r[##############################] 4/4 100%  1 failed")
}

func TestStackOutputErrorsAreExplained(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	code := Main(t.Context(), nil, Env{Stdout: &bytes.Buffer{}, Stderr: &stderr,
		Pulumi: func(context.Context, string, ...string) ([]byte, error) {
			return nil, errors.New("no stack selected")
		}})
	assert.Equal(t, cliexit.Failed, code)
	assert.Contains(t, stderr.String(), "reading stack outputs: no stack selected (or pass --api-url and --user-id)")
}

// -h lists the exit statuses from their one definition, and asking for help is no failure.
func TestHelpListsTheExitStatuses(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "", nil, "-h")
	assert.Equal(t, cliexit.OK, r.code)
	assert.Contains(t, r.stderr, cliexit.Emulate.Usage())
}
