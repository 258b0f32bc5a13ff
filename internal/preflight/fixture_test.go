package preflight

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const testUserID = "a1b2c3d4e5f6"

// writeProject makes a project directory with the repository's Pulumi.yaml and one stack file
// for a learner's dev stack; extra is appended under config: (two-space indented YAML).
func writeProject(t *testing.T, stack, region, host, extra string) string {
	t.Helper()
	dir := t.TempDir()
	project, err := os.ReadFile(filepath.Join("..", "..", "Pulumi.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), project, 0o644))
	expires := time.Now().UTC().AddDate(0, 0, 10).Format("2006-01-02")
	file := fmt.Sprintf(`config:
  aws:region: %s
  pinterest-pipeline:identity:
    userId: %s
    environment: dev
    owner: learner@example.com
    ttl: 45d
    expiresAt: "%s"
  pinterest-pipeline:databricks:
    host: %s
    crossAccountRoleName: workspace-cross-account
  pinterest-pipeline:databricksToken:
    secure: v1:c2VjcmV0
%s`, region, testUserID, expires, host, extra)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi."+stack+".yaml"), []byte(file), 0o644))
	return dir
}

// fakeWorkspace serves the two Clusters API calls the preflight makes, for one token.
func fakeWorkspace(t *testing.T, token string, versions, nodes []string) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	auth := func(next func(w http.ResponseWriter)) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet {
				http.Error(w, "read-only fake", http.StatusMethodNotAllowed)
				return
			}
			if r.Header.Get("Authorization") != "Bearer "+token {
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte(`{"error_code":"401","message":"Unauthorized"}`))
				return
			}
			next(w)
		}
	}
	mux.HandleFunc("/api/2.0/clusters/spark-versions", auth(func(w http.ResponseWriter) {
		var body struct {
			Versions []map[string]string `json:"versions"`
		}
		for _, v := range versions {
			body.Versions = append(body.Versions, map[string]string{"key": v, "name": v})
		}
		_ = json.NewEncoder(w).Encode(body)
	}))
	mux.HandleFunc("/api/2.0/clusters/list-node-types", auth(func(w http.ResponseWriter) {
		var body struct {
			NodeTypes []map[string]any `json:"node_types"`
		}
		for _, n := range nodes {
			body.NodeTypes = append(body.NodeTypes, map[string]any{"node_type_id": n, "memory_mb": 8192, "num_cores": 2})
		}
		_ = json.NewEncoder(w).Encode(body)
	}))
	srv := httptest.NewTLSServer(mux) // databricks.host must be https
	t.Cleanup(srv.Close)
	return srv
}

// run runs the command in-process and returns its exit code and outputs.
func run(t *testing.T, env Env, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env.Stdout, env.Stderr = &out, &errOut
	if env.Progress == nil {
		env.Progress = &bytes.Buffer{}
	}
	if env.Pulumi == nil {
		env.Pulumi = func(context.Context, string, ...string) ([]byte, error) {
			return nil, errors.New("no pulumi in tests")
		}
	}
	code := Main(t.Context(), args, env)
	return code, out.String(), errOut.String()
}

func decodeReport(t *testing.T, out string) Report {
	t.Helper()
	var r Report
	require.NoError(t, json.Unmarshal([]byte(out), &r), out)
	return r
}

// result finds the one result of a check, failing the test when there is none or several.
func result(t *testing.T, r Report, check string) Result {
	t.Helper()
	var found []Result
	for _, res := range r.Results {
		if res.Check == check {
			found = append(found, res)
		}
	}
	require.Lenf(t, found, 1, "results of %q in %v", check, r.Results)
	return found[0]
}

func noStackTrace(t *testing.T, text string) {
	t.Helper()
	for _, marker := range []string{"goroutine ", "panic:", ".go:"} {
		require.NotContains(t, text, marker)
	}
	require.False(t, strings.Contains(text, "\n\t"), "looks like a trace: %s", text)
}
