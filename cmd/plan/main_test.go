package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/simcheck"
	"github.com/pinterest-pipeline/pinterest-pipeline/program"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current plan")

// repoDir is the project root, two levels above this package. Only the golden plan and the
// checks of the committed stack files (stackfiles_test.go) plan the shipped Pulumi.<stack>.yaml
// from it; every other test plans the copies in testdata/stacks (fixtureDir), so a learner's
// `pulumi config set` changes only those.
const repoDir = "../.."

// fixtureDir is a project directory made for the tests by TestMain: the repository's
// Pulumi.yaml beside the stack files of testdata/stacks.
var fixtureDir string

// makeFixtureProject writes that directory and returns it.
func makeFixtureProject() (string, error) {
	dir, err := os.MkdirTemp("", "plan-fixture-project-")
	if err != nil {
		return "", err
	}
	files := map[string]string{filepath.Join(repoDir, "Pulumi.yaml"): "Pulumi.yaml"}
	stackFiles, err := filepath.Glob(filepath.Join(repoDir, "testdata", "stacks", "Pulumi.*.yaml"))
	if err != nil {
		return "", err
	}
	if len(stackFiles) == 0 {
		return "", errors.New("no stack files in testdata/stacks")
	}
	for _, f := range stackFiles {
		files[f] = filepath.Base(f)
	}
	for from, to := range files {
		data, err := os.ReadFile(from)
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, to), data, 0o600); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// devEstimate is the cost package's estimate of the shipped dev stack: the one place the dev
// figure comes from (cost/estimate_test.go checks it against a hand computation).
func devEstimate(t *testing.T) cost.Estimate {
	t.Helper()
	opts, err := readOptions(fixtureDir, "dev", nil)
	require.NoError(t, err)
	plan, err := sim.Run(opts, program.Stack)
	require.NoError(t, err)
	return cost.EstimateResources("us-east-1", simcheck.CostResources(plan.Resources))
}

func runPlan(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	require.NotEmpty(t, fixtureDir, "TestMain makes the fixture project")
	return runPlanIn(fixtureDir, args...)
}

// runShippedPlan plans the shipped stack files: for the golden plan only.
func runShippedPlan(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return runPlanIn(repoDir, args...)
}

func runPlanIn(dir string, args ...string) (string, string, int) {
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"--dir", dir}, args...), &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

func TestPlanTreeShowsTheDevStack(t *testing.T) {
	t.Parallel()
	est := devEstimate(t)
	out, errOut, code := runPlan(t, "--stack", "dev")
	require.Equal(t, 0, code, errOut)
	for _, want := range []string{
		"Offline plan of pinterest-pipeline/dev",
		"pinterest-pipeline:components:Network  network",
		"├─ aws:ec2/subnet:Subnet  network-private-0  cidrBlock=10.0.0.0/20  availabilityZone=us-east-1a",
		"aws:ec2/vpcEndpoint:VpcEndpoint  network-s3-endpoint  serviceName=com.amazonaws.us-east-1.s3  vpcEndpointType=Gateway",
		"Outputs:",
		"Lifetime (environment dev, owner learner@example.com): ",
		fmt.Sprintf("Estimated cost (us-east-1 list prices, idle; usage charges extra): $%.4f/hour, $%.2f/month", est.HourlyUSD, est.MonthlyUSD),
		"  counted at a ceiling (no published list price):",
		"Policies: 1 violation (0 mandatory)",
	} {
		assert.Contains(t, out, want)
	}
	assert.Regexp(t, `\nSummary: \d+ resources \(12 components, \d+ cloud resources\)\n`, out)
	assert.Regexp(t, `\n  aws:ec2/natGateway:NatGateway +1\n`, out)
	assert.Regexp(t, `\n  aws:msk/cluster:Cluster +1\n`, out)
}

func TestPlanJSONMatchesGoldenAndIsStable(t *testing.T) {
	t.Parallel()
	first, errOut, code := runShippedPlan(t, "--stack", "dev", "--json")
	require.Equal(t, 0, code, errOut)
	second, _, _ := runShippedPlan(t, "--stack", "dev", "--json")
	assert.Equal(t, first, second, "two runs must be byte-identical")

	var doc struct {
		Project   string           `json:"project"`
		Stack     string           `json:"stack"`
		Resources []map[string]any `json:"resources"`
		Outputs   map[string]any   `json:"outputs"`
		Cost      struct {
			HourlyUSD  float64 `json:"hourlyUsd"`
			MonthlyUSD float64 `json:"monthlyUsd"`
			Complete   bool    `json:"complete"`
		} `json:"cost"`
		Policies []map[string]any `json:"policies"`
	}
	require.NoError(t, json.Unmarshal([]byte(first), &doc))
	est := devEstimate(t)
	assert.Equal(t, est.HourlyUSD, doc.Cost.HourlyUSD)
	assert.Equal(t, est.MonthlyUSD, doc.Cost.MonthlyUSD)
	assert.True(t, doc.Cost.Complete, "MWAA mw1.micro counts at its ceiling, mw1.small's price")
	require.Len(t, doc.Policies, 1, "only the advisory note that mw1.micro is counted at a ceiling")
	assert.Equal(t, "advisory", doc.Policies[0]["level"])
	assert.Equal(t, "cost-fully-priced", doc.Policies[0]["policy"])
	assert.Equal(t, "pinterest-pipeline", doc.Project)
	assert.Equal(t, "dev", doc.Stack)
	require.NotEmpty(t, doc.Resources)
	for _, field := range []string{"urn", "type", "name", "parent", "custom", "provider", "inputs", "dependencies",
		"propertyDependencies", "protect", "retainOnDelete", "deletedWith"} {
		assert.Contains(t, doc.Resources[0], field)
	}

	golden := filepath.Join("testdata", "dev.plan.json.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(first), 0o600))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run `go test ./cmd/plan -update` to create the golden file")
	assert.Equal(t, string(want), first, "the dev plan changed; review the diff and run `go test ./cmd/plan -update`")
}

func TestPlanConfigOverrides(t *testing.T) {
	t.Parallel()
	out, errOut, code := runPlan(t, "--stack", "dev", "--config", "network.azCount=3", "--config", "kafka.brokerCount=3")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "availabilityZone=us-east-1d", "the third zone skips use1-az3 (us-east-1c offline), where MSK does not run")
	assert.Regexp(t, `\n  aws:ec2/subnet:Subnet +6\n`, out)
}

// The learner guide's own examples: a date and the default schedule, typed as a learner types them.
func TestPlanConfigKeepsDatesAndSchedulesAsTyped(t *testing.T) {
	t.Parallel()
	out, errOut, code := runPlan(t, "--stack", "dev", "--json",
		"--config", "identity.expiresAt=2026-11-01", "--config", "airflow.schedule=@daily")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"expires-at": "2026-11-01"`)
	assert.Contains(t, out, `"expiresAt": "2026-11-01"`)
}

// The committed dev stack cannot hold the Databricks token, and its default bucket name may be
// taken: the plan still shows the whole stack, and says both before anyone runs `pulumi up`.
func TestPlanSaysWhatPulumiUpStillNeeds(t *testing.T) {
	t.Parallel()
	out, errOut, code := runPlan(t, "--stack", "dev")
	require.Equal(t, 0, code, errOut)
	for _, want := range []string{
		"\nBefore `pulumi up`:\n",
		`  - identity.userId is still the placeholder "<your-user-id>"; the plan uses the course's example id 0affd9571f39 in its place`,
		"run `pulumi config set --path identity.userId <your course user id>`",
		`  - databricks.crossAccountRoleName is still the placeholder "<your-databricks-cross-account-role>"`,
		"Credential configuration",
		"  - databricksToken is not set, but databricks.host is (planned here as if set): " +
			"run `pulumi config set --secret databricksToken <personal access token>`",
		"`pulumi config rm --path databricks.host`",
		`  - bucket.name "user-0affd9571f39-bucket" is a global S3 bucket name`,
		"BucketAlreadyExists",
		"`pulumi config set --path bucket.name <a globally unique name>`",
		"databricks:index/job:Job  databricks-batch-job",
	} {
		assert.Contains(t, out, want)
	}

	js, errOut, code := runPlan(t, "--stack", "dev", "--json")
	require.Equal(t, 0, code, errOut)
	var doc struct {
		BeforeDeploy []struct{ Key, Message, Fix string } `json:"beforeDeploy"`
	}
	require.NoError(t, json.Unmarshal([]byte(js), &doc))
	var keys []string
	for _, n := range doc.BeforeDeploy {
		keys = append(keys, n.Key)
		assert.NotEmpty(t, n.Fix, n.Key)
	}
	assert.Equal(t, []string{"identity.userId", "databricks.crossAccountRoleName", "databricksToken", "bucket.name"}, keys)

	ready, errOut, code := runPlan(t, "--stack", "dev", "--json", "--config", "databricks={}",
		"--config", "identity.userId=1a2b3c4d5e6f", "--config", "bucket.name=pinterest-lake-1a2b3c4d5e6f-a1b2")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, ready, "\n  \"beforeDeploy\": []", "a batch-only stack with its own user id and bucket name needs nothing more")

	_, errOut, code = runPlan(t, "--stack", "dev", "--config", "region=eu-west-2", "--config", "airflw.enabled=false")
	assert.Equal(t, cliexit.Failed, code)
	assert.Contains(t, errOut, "airflw is not a known setting (did you mean airflow?)")
	assert.Contains(t, errOut, "region is not a known setting; the AWS region is the provider's key aws:region")
}

func TestPlanFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"invalid config", []string{"--stack", "dev", "--config", "identity.userId=BAD", "--config", "network.azCount=9"}, cliexit.Failed,
			[]string{"invalid stack configuration (2 problems); nothing was created", "identity.userId", "network.azCount is 9"}},
		{"unknown stack", []string{"--stack", "qa"}, cliexit.Usage, []string{"no stack file", "pick one of: dev, learner, platform, prod"}},
		{"malformed override", []string{"--config", "azCount"}, cliexit.Usage, []string{"write it as key=value"}},
		{"stray argument", []string{"dev"}, cliexit.Usage, []string{`unexpected argument "dev"`}},
		{"unknown flag", []string{"--stak", "dev"}, cliexit.Usage, []string{"flag provided but not defined"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runPlan(t, tt.args...)
			assert.Equal(t, tt.code, code)
			assert.Empty(t, out, "a failed plan prints nothing on stdout")
			for _, want := range tt.want {
				assert.Contains(t, errOut, want)
			}
			assert.NotContains(t, errOut, "error occurred", "the SDK's wrapper is unwrapped")
		})
	}
}

func TestPlanSaysUnpricedResourcesFailTheBudget(t *testing.T) {
	t.Parallel()
	out, errOut, code := runPlan(t, "--stack", "dev", "--config", "aws:region=eu-west-2", "--allow-violations")
	require.Equal(t, 0, code, errOut)
	// eu-west-2's table is partial: the NAT gateway and the load balancer are priced, the rest is named.
	assert.Contains(t, out, "Estimated cost (eu-west-2 list prices, idle; usage charges extra): at least $0.0765/hour")
	assert.Contains(t, out, "billable resources unpriced, each failing the hourly-budget policy until it is priced")
	assert.Contains(t, out, "aws:msk/cluster:Cluster::kafka-cluster: no eu-west-2 price for broker type kafka.t3.small")
	assert.Contains(t, out, "[mandatory] hourly-budget  urn:pulumi:dev::pinterest-pipeline::pinterest-pipeline:components:KafkaCluster$aws:msk/cluster:Cluster::kafka-cluster\n    counts against the budget")

	_, errOut, code = runPlan(t, "--stack", "dev", "--config", "aws:region=eu-west-2")
	assert.Equal(t, cliexit.PolicyViolation, code, "without --allow-violations the unpriced stack fails the plan")
	assert.Contains(t, errOut, "mandatory policy violations")
}

func TestPlanRunsThePolicyPack(t *testing.T) {
	t.Parallel()
	// The budget is raised so that only the two violations under test fire: m5.large brokers and
	// dev's MWAA ceiling come to more than dev's $1/hour.
	bad := []string{"--stack", "dev", "--config", "api.proxyIntegration=http", "--config", "kafka.brokerInstanceType=kafka.m5.large",
		"--config", "cost.hourlyBudgetUsd=2"}

	out, errOut, code := runPlan(t, append(bad, "--json")...)
	assert.Equal(t, cliexit.PolicyViolation, code, "a mandatory violation fails the plan")
	assert.Contains(t, errOut, "2 mandatory policy violations")
	var doc struct {
		Policies []struct {
			Policy, Level, URN, Message string
		} `json:"policies"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc), "the JSON is still written")
	var got []string
	for _, v := range doc.Policies {
		got = append(got, v.Level+" "+v.Policy)
		assert.NotEmpty(t, v.URN)
		assert.NotEmpty(t, v.Message)
	}
	assert.Equal(t, []string{"advisory cost-fully-priced", "mandatory msk-broker-types-allowed", "mandatory no-open-ingress"}, got,
		"sorted by policy")

	text, _, code := runPlan(t, append(bad, "--allow-violations")...)
	assert.Equal(t, 0, code, "--allow-violations reports without failing")
	assert.Contains(t, text, "Policies: 3 violations (2 mandatory)")
	assert.Contains(t, text, `"allowedPorts": [8082]`, "the message names the fix")
}

func TestPlanDiffAgainstTheGoldenPlan(t *testing.T) {
	t.Parallel()
	golden, err := os.ReadFile(filepath.Join("testdata", "dev.plan.json.golden"))
	require.NoError(t, err)
	old := filepath.Join(t.TempDir(), "old.json")
	require.NoError(t, os.WriteFile(old, golden, 0o600))

	out, errOut, code := runPlan(t, "--stack", "dev", "--diff", old, "--diff-label", "main")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "No changes: the plan declares the same ")

	out, errOut, code = runPlan(t, "--stack", "dev", "--diff", old, "--diff-label", "main",
		"--config", "identity.owner=teacher@example.com", "--config", "kafka.volumeSizeGiB=20")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Compared with main: **0 to add, 0 to remove, 0 to replace, ")
	assert.Contains(t, out, "| `tags.owner` | `\"learner@example.com\"` | `\"teacher@example.com\"` |")
	assert.Contains(t, out, "| `brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize` | `10` | `20` |")

	// The diff reads the same document as --json: policy and cost changes show up too.
	out, _, code = runPlan(t, "--stack", "dev", "--diff", old, "--diff-label", "main",
		"--config", "kafka.brokerInstanceType=kafka.m5.large")
	assert.Equal(t, cliexit.PolicyViolation, code, "the diff is written, and the mandatory violation still fails the plan")
	assert.Contains(t, out, "| new | `mandatory` **msk-broker-types-allowed**")
	assert.Contains(t, out, "| `estimatedHourlyCostUsd` | `"+strconv.FormatFloat(devEstimate(t).HourlyUSD, 'f', -1, 64)+"` | `1.1638` |")
	assert.Contains(t, out, "#### Cost")
}

func TestPlanDiffFailures(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notAPlan := filepath.Join(dir, "tree.txt")
	require.NoError(t, os.WriteFile(notAPlan, []byte("Offline plan of pinterest-pipeline/dev\n"), 0o600))
	missing := filepath.Join(dir, "missing.json")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"missing file", []string{"--diff", missing}, []string{"plan: --diff: reading the old plan", "missing.json"}},
		{"not a plan", []string{"--diff", notAPlan}, []string{"reading the old plan " + notAPlan, "not a JSON plan"}},
		{"with --json", []string{"--diff", missing, "--json"}, []string{"--json and --diff exclude each other"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runPlan(t, tt.args...)
			assert.Equal(t, cliexit.Usage, code)
			assert.Empty(t, out)
			for _, want := range tt.want {
				assert.Contains(t, errOut, want)
			}
		})
	}
}

func TestPlanSaysWhoOwnsTheAccountLoggingRole(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "API Gateway account logging role: not owned by this stack and not known to be set in us-east-1, so the stage writes no access logs"},
		{[]string{"--config", "api.accountLoggingRole=true"}, "API Gateway account logging role: owned by this stack (dev, api.accountLoggingRole)"},
		{[]string{"--config", "api.accountHasLoggingRole=true"}, "API Gateway account logging role: owned elsewhere (api.accountHasLoggingRole)"},
	} {
		out, errOut, code := runPlan(t, append([]string{"--stack", "dev"}, tc.args...)...)
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, out, tc.want)
	}
}

func TestPlanWarnsAboutT3BrokerConnectionRate(t *testing.T) {
	t.Parallel()
	out, errOut, code := runPlan(t, "--stack", "dev")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "warning: kafka.brokerInstanceType kafka.t3.small accepts only 4 new IAM-authenticated connections per second")

	out, errOut, code = runPlan(t, "--stack", "dev", "--config", "kafka.brokerInstanceType=kafka.m7g.large", "--allow-violations")
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, out, "IAM-authenticated connections per second")
}

// -h lists the exit statuses from their one definition, and asking for help is no failure.
func TestHelpListsTheExitStatuses(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	assert.Equal(t, cliexit.OK, run([]string{"-h"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), cliexit.Plan.Usage())
}
