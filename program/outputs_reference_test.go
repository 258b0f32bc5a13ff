package program

import (
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/gendoc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the generated table of docs/reference/outputs.md")

// outputDocs describes every stack output, for docs/reference/outputs.md. When a stack has
// each one is not written here: the test finds it by planning the cases below.
var outputDocs = map[string]string{
	"userId":                  "The course user id every name derives from (`identity.userId`).",
	"environment":             "The environment kind: dev, staging or prod (`identity.environment`).",
	"expiresAt":               "The date after which the scheduled teardown destroys the stack (`identity.expiresAt`); empty in prod.",
	"region":                  "The AWS region (`aws:region`).",
	"vpcId":                   "The VPC the stack runs in: the new one, or `network.vpcId`.",
	"privateSubnetIds":        "The private subnets, one per zone: MSK, the client host, MSK Connect and MWAA run there.",
	"publicSubnetIds":         "The public subnets, which hold the NAT gateway.",
	"s3EndpointId":            "The S3 gateway endpoint, through which the connector writes to the bucket.",
	"bootstrapBrokersSaslIam": "The MSK bootstrap brokers for SASL/IAM over TLS (port 9098).",
	"bucketName":              "The data lake bucket, `user-<userId>-bucket` unless `bucket.name` overrides it.",
	"clientInstanceId":        "The Kafka client host's EC2 instance id.",
	"clientSessionCommand":    "The `aws ssm start-session` command that opens a shell on the client host.",
	"restProxyEndpoint":       "The Confluent REST proxy's private address, `http://<private ip>:8082`, reachable inside the VPC.",
	"connectorArn":            "The MSK Connect S3 sink connector `<userId>-connector`.",
	"invokeUrl":               "The REST API's invoke URL, stage included: the base of every request `cmd/emulate` sends.",
	"batchUrls":               "The URL to POST each kind of record to, through the REST proxy to its topic (`pin`, `geo`, `user`).",
	"recordUrls":              "The URL to PUT each kind of record to, into its Kinesis stream (`pin`, `geo`, `user`).",
	"streamArns":              "The Kinesis streams `streaming-<userId>-pin|geo|user`.",
	"apiKey":                  "The API key (secret), sent as the `x-api-key` header: `pulumi stack output --show-secrets apiKey`.",
	"databricksJobIds":        "The Databricks jobs' ids: `batch` and `streaming`.",
	"notebookPaths":           "The notebooks' paths in the workspace.",
	"airflowUiUrl":            "The Airflow UI's address, on the internet behind IAM sign-in.",
	"airflowUiTunnelCommand":  "The Session Manager command that forwards local port 8443 to the private Airflow web server.",
	"airflowUiHostsEntry":     "The `/etc/hosts` line that points the web server's name at the tunnel.",
	"airflowUiTunnelUrl":      "The Airflow UI's address while the tunnel runs.",
	"airflowUiLoginCommand":   "The command that prints a sign-in URL for the Airflow UI (valid 60 seconds).",
	"dagId":                   "The Airflow DAG id, `<userId>_dag`.",
	"monthlyBudgetUsd":        "The limit of the stack's AWS Budgets alert, in USD a month.",
	"estimatedHourlyCostUsd":  "The estimated idle cost in USD an hour at list prices, the figure the `hourly-budget` policy checks.",
	"estimatedCostNote":       "Why the estimate is a lower bound: how many billable resources are unpriced, and the first reason.",
}

// outputCase is a stack planned for the reference: the dev stack with a workspace, or that
// stack with one thing changed. Every setting an output depends on is given, so a learner's
// edits to Pulumi.dev.yaml do not change the reference.
type outputCase struct {
	label     string
	stack     string
	overrides []string
}

var outputBase = []string{
	"aws:region=us-east-1", "api.apiKeyRequired=true", "client.instanceType=t3.small",
	"databricks.host=https://dbc-1a2b3c4d-5e6f.cloud.databricks.com",
	"databricks.crossAccountRoleName=databricks-cross-account-role",
	"airflow.enabled=true", "airflow.webserverAccessMode=PRIVATE_ONLY",
}

var outputCases = []outputCase{
	{"a dev stack with a workspace", "dev", nil},
	{"no workspace (`databricks.host` unset)", "dev", []string{"databricks.host=", "databricks.crossAccountRoleName=", "airflow.enabled=false"}},
	{"`airflow.webserverAccessMode: PUBLIC_ONLY`", "dev", []string{"airflow.webserverAccessMode=PUBLIC_ONLY"}},
	{"`api.apiKeyRequired: false`", "dev", []string{"api.apiKeyRequired=false"}},
	{"a resource the price table cannot price", "dev", []string{"client.instanceType=c7i.large"}},
	{"prod's defaults (no `cost.monthlyBudgetUsd`)", "prod", nil},
}

// outputReference plans every case and says, for each output, when a stack has it.
func outputReference(t *testing.T) string {
	t.Helper()
	present := make([]map[string]bool, len(outputCases))
	all := map[string]bool{}
	for i, c := range outputCases {
		plan, err := planStack(t, c.stack, append(slices.Clone(outputBase), c.overrides...)...)
		require.NoError(t, err, c.label)
		require.NotEmpty(t, plan.Outputs, c.label)
		present[i] = map[string]bool{}
		for name := range plan.Outputs {
			present[i][name], all[name] = true, true
		}
	}
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names)

	var b strings.Builder
	b.WriteString("| Output | When | What it is |\n|---|---|---|\n")
	for _, name := range names {
		var with, without []string
		for i, c := range outputCases[1:] {
			switch {
			case present[i+1][name] && !present[0][name]:
				with = append(with, c.label)
			case !present[i+1][name] && present[0][name]:
				without = append(without, c.label)
			}
		}
		when := "always"
		switch {
		case !present[0][name]:
			when = "only with " + strings.Join(with, ", ")
		case len(without) > 0:
			when = "except with " + strings.Join(without, ", ")
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", name, when, gendoc.Cell(outputDocs[name]))
	}
	return b.String()
}

func TestOutputReferenceIsCurrent(t *testing.T) {
	t.Parallel()
	want := outputReference(t)
	gendoc.AssertBlock(t, filepath.Join("..", "docs", "reference", "outputs.md"), "output-reference",
		"go test ./program -update", want, *update)

	// Every output is described, and every description is of an output some stack has.
	rows := 0
	for _, line := range strings.Split(want, "\n") {
		if strings.HasPrefix(line, "| `") {
			rows++
			assert.False(t, strings.HasSuffix(line, "|  |"), "an output has no entry in outputDocs: %s", line)
		}
	}
	assert.Len(t, outputDocs, rows, "outputDocs describes an output no planned stack has")
}
