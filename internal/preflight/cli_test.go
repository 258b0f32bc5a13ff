package preflight

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// closedURL is a loopback address nothing listens on.
func closedURL(t *testing.T, scheme string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return scheme + "://" + addr
}

// Bad input gets one clear line naming what to fix, never a stack trace, and the exit codes
// of cmd/plan: 1 for what the stack or account must fix, 2 for a bad command line.
func TestBadInputGetsAClearMessage(t *testing.T) {
	ws := fakeWorkspace(t, "dapi-good", []string{"15.4.x-scala2.12"}, []string{"m5d.large"})
	noAWS := closedURL(t, "http")
	staticCreds := func(_ context.Context, r, _ string) (aws.Config, error) {
		return aws.Config{Region: r, Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", ""), RetryMaxAttempts: 1}, nil
	}
	noCreds := func(_ context.Context, r, _ string) (aws.Config, error) {
		return aws.Config{Region: r, RetryMaxAttempts: 1, Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{}, errors.New("failed to retrieve credentials: no source found")
		})}, nil
	}
	token := func(v string) func(string) string {
		return func(k string) string {
			if k == TokenEnv {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		name   string
		region string
		host   string
		args   []string
		env    Env
		code   int
		check  string // the result to look at in the JSON report; "" for stderr
		status Status
		says   string
	}{
		{name: "no credentials", env: Env{LoadAWSConfig: noCreds, Getenv: token("dapi-good")},
			code: cliexit.Failed, check: "account", status: Fail, says: "no AWS credentials found"},
		{name: "aws unreachable", env: Env{LoadAWSConfig: staticCreds, Getenv: token("dapi-good")},
			code: cliexit.Failed, check: "account", status: Fail, says: "cannot reach"},
		{name: "configuration cannot load", env: Env{LoadAWSConfig: func(context.Context, string, string) (aws.Config, error) {
			return aws.Config{}, errors.New("failed to get shared config profile, learner")
		}, Getenv: token("dapi-good")}, code: cliexit.Failed, check: "account", status: Fail, says: "profile, learner"},
		{name: "wrong region", region: "us-east-9", env: Env{LoadAWSConfig: staticCreds},
			code: cliexit.Failed, says: "aws:region"},
		{name: "unreachable workspace", host: closedURL(t, "https"), env: Env{LoadAWSConfig: staticCreds, Getenv: token("dapi-good")},
			code: cliexit.Failed, check: "databricks workspace", status: Fail, says: "cannot reach"},
		{name: "token refused", env: Env{LoadAWSConfig: staticCreds, Getenv: token("dapi-revoked")},
			code: cliexit.Failed, check: "databricks workspace", status: Fail, says: "refused the token (401)"},
		{name: "no token", env: Env{LoadAWSConfig: staticCreds},
			code: cliexit.Failed, check: "databricks workspace", status: Warn, says: "no token found"},
		{name: "unknown stack", args: []string{"--stack", "nosuch"}, env: Env{LoadAWSConfig: staticCreds},
			code: cliexit.Usage, says: "no stack file"},
		{name: "argument", args: []string{"dev"}, code: cliexit.Usage, says: `unexpected argument "dev"`},
		{name: "bad endpoint", args: []string{"--endpoint-url", "localhost:5000"}, code: cliexit.Usage, says: "must be an absolute http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			region, host := tt.region, tt.host
			if region == "" {
				region = "eu-west-1"
			}
			if host == "" {
				host = ws.URL
			}
			dir := writeProject(t, "test", region, host, "")
			env := tt.env
			env.HTTPClient = ws.Client()
			args := append([]string{"--dir", dir, "--stack", "test", "--json", "--endpoint-url", noAWS}, tt.args...)
			code, out, stderr := run(t, env, args...)
			assert.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
			noStackTrace(t, out+stderr)
			if tt.check == "" {
				assert.Contains(t, stderr, tt.says)
				return
			}
			got := result(t, decodeReport(t, out), tt.check)
			assert.Equal(t, tt.status, got.Status, got.Message)
			assert.Contains(t, got.Message, tt.says)
			if tt.check == "account" {
				assert.Contains(t, got.Fix, "aws configure")
			}
		})
	}
}

// Without --json the report is one line per check, a fix under each warning or failure, and
// a summary with the number of calls.
func TestTextReport(t *testing.T) {
	r := Report{Stack: "dev", Region: "eu-west-1", Account: "111122223333", Calls: 27, Results: []Result{
		pass("account", "111122223333"), warn("iam roles", "delete them", "1 role already exist"), fail("kms key", "fix kafka.kmsKeyArn", "is Disabled"),
	}}
	var b strings.Builder
	r.Write(&b)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 8, b.String())
	assert.True(t, strings.HasPrefix(lines[0], "pass  account"))
	assert.True(t, strings.HasPrefix(lines[1], "warn  iam roles"))
	assert.Contains(t, lines[2], "fix: delete them")
	assert.True(t, strings.HasPrefix(lines[3], "fail  kms key"))
	assert.Contains(t, lines[6], "1 passed, 1 warnings, 1 failed; 27 API calls")
	assert.Contains(t, lines[7], "`pulumi up` would fail")
}

// -h lists the exit statuses from their one definition, and asking for help is no failure.
func TestHelpListsTheExitStatuses(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	code := Main(t.Context(), []string{"-h"}, Env{Stdout: &stdout, Stderr: &stderr})
	assert.Equal(t, cliexit.OK, code)
	assert.Contains(t, stderr.String(), cliexit.Preflight.Usage())
}
