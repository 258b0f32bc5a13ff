package preflight

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Databricks reads the workspace through its REST API with a personal access token.
type Databricks struct {
	Host, Token string
	Client      *http.Client
	Calls       *Calls
}

// errUnauthorized and errForbidden are the token's two failures, told apart in the report.
var (
	errUnauthorized = errors.New("the workspace refused the token (401)")
	errForbidden    = errors.New("the token may not read clusters (403)")
)

// get fetches one API path into v.
func (d Databricks) get(ctx context.Context, path string, v any) error {
	if d.Calls != nil {
		d.Calls.Record("databricks:GET " + path)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.Host+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+d.Token)
	client := d.Client
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach %s: %s", d.Host, netReason(err))
	}
	defer func() { _ = resp.Body.Close() }()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusUnauthorized:
		return errUnauthorized
	case http.StatusForbidden:
		return errForbidden
	default:
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return fmt.Errorf("GET %s answered %s: %s", path, resp.Status, strings.TrimSpace(string(body)))
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 8<<20)).Decode(v); err != nil {
		return fmt.Errorf("GET %s: not the JSON the Clusters API returns: %w", path, err)
	}
	return nil
}

// netReason says in a few words why a request did not reach the workspace.
func netReason(err error) string {
	var dns *net.DNSError
	var uerr *url.Error
	switch {
	case errors.As(err, &dns):
		return "no such host " + dns.Name
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &uerr) && uerr.Timeout():
		return "timed out"
	case errors.As(err, &uerr):
		return uerr.Err.Error()
	}
	return err.Error()
}

// sparkVersions lists the runtime keys the workspace offers: GET /api/2.0/clusters/spark-versions
// answers {"versions": [{"key": ..., "name": ...}]}, a key being what a cluster's spark_version
// takes (Databricks REST API reference, Clusters, "List"
// https://docs.databricks.com/api/clusters/v2/list-spark-versions, which documents the same call
// under /api/2.1; the workspace serves both).
func (d Databricks) sparkVersions(ctx context.Context) ([]string, error) {
	var out struct {
		Versions []struct {
			Key string `json:"key"`
		} `json:"versions"`
	}
	if err := d.get(ctx, "/api/2.0/clusters/spark-versions", &out); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(out.Versions))
	for _, v := range out.Versions {
		keys = append(keys, v.Key)
	}
	return keys, nil
}

// nodeTypes lists the node type ids: GET /api/2.0/clusters/list-node-types answers
// {"node_types": [{"node_type_id": ...}]} (Databricks REST API reference, Clusters, "List node
// types", https://docs.databricks.com/api/workspace/clusters/listnodetypes).
func (d Databricks) nodeTypes(ctx context.Context) ([]string, error) {
	var out struct {
		NodeTypes []struct {
			ID string `json:"node_type_id"`
		} `json:"node_types"`
	}
	if err := d.get(ctx, "/api/2.0/clusters/list-node-types", &out); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(out.NodeTypes))
	for _, n := range out.NodeTypes {
		ids = append(ids, n.ID)
	}
	return ids, nil
}

const tokenFix = "create a personal access token (workspace > Settings > Developer) and `pulumi config set --secret databricksToken <token>`; the preflight reads it from DATABRICKS_TOKEN or `pulumi config get databricksToken`"

// databricksChecks checks the workspace answers, the token works, and the runtime and node
// type the jobs use exist there. Without a token only a warning says what was not checked.
func databricksChecks(db Databricks, p Plan) []check {
	if p.Databricks == nil {
		return nil
	}
	d := p.Databricks
	const name = "databricks workspace"
	return []check{{name: name, run: func(ctx context.Context) []Result {
		if db.Token == "" {
			return []Result{warn(name, tokenFix, "no token found, so %s, its Spark version and node type were not checked", d.Host)}
		}
		versions, err := db.sparkVersions(ctx)
		switch {
		case errors.Is(err, errUnauthorized):
			return []Result{fail(name, tokenFix, "%s: %v: expired, revoked or from another workspace", d.Host, err)}
		case errors.Is(err, errForbidden):
			return []Result{fail(name, "use a token of a user who may create clusters", "%s: %v", d.Host, err)}
		case err != nil:
			return []Result{fail(name, "check databricks.host (https://<workspace>.cloud.databricks.com) and the network", "%v", err)}
		}
		results := []Result{pass(name, "%s answers and accepts the token", d.Host)}
		if slices.Contains(versions, d.SparkVersion) {
			results = append(results, pass("databricks spark version", "%s is offered", d.SparkVersion))
		} else {
			results = append(results, fail("databricks spark version", "set databricks.sparkVersion to a key the workspace lists (GET /api/2.0/clusters/spark-versions; the UI's Databricks Runtime list), preferably an LTS",
				"%s is not offered by the workspace", d.SparkVersion))
		}
		nodes, err := db.nodeTypes(ctx)
		switch {
		case err != nil:
			results = append(results, fail("databricks node type", "check the token's permissions", "cannot list node types: %v", err))
		case slices.Contains(nodes, d.NodeType):
			results = append(results, pass("databricks node type", "%s is offered", d.NodeType))
		default:
			results = append(results, fail("databricks node type", "set databricks.nodeType to a node_type_id from GET /api/2.0/clusters/list-node-types",
				"%s is not offered by the workspace", d.NodeType))
		}
		return results
	}}}
}
