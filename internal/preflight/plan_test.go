package preflight

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

func parseStack(t *testing.T, values map[string]string) (*stacks.Config, stacks.Lookup) {
	t.Helper()
	expires := time.Now().UTC().AddDate(0, 0, 10).Format("2006-01-02")
	base := map[string]string{
		"aws:region":                         "eu-west-1",
		"pinterest-pipeline:identity":        `{"userId":"` + testUserID + `","owner":"a@example.com","ttl":"45d","expiresAt":"` + expires + `"}`,
		"pinterest-pipeline:databricks":      `{"host":"https://dbc-1.cloud.databricks.com","crossAccountRoleName":"ws-role"}`,
		"pinterest-pipeline:databricksToken": "secret",
	}
	for k, v := range values {
		if v == "" {
			delete(base, k)
			continue
		}
		base[k] = v
	}
	lookup := func(k string) (string, bool) { v, ok := base[k]; return v, ok }
	cfg, err := stacks.Parse("dev", lookup)
	require.NoError(t, err)
	return cfg, lookup
}

// The plan counts what the stack adds to each quota and lists the names it must find free.
func TestPlanFor(t *testing.T) {
	tests := []struct {
		name   string
		values map[string]string
		check  func(t *testing.T, p Plan)
	}{
		{"dev defaults", nil, func(t *testing.T, p Plan) {
			assert.Equal(t, []string{stacks.BucketName(testUserID), stacks.AirflowBucketName(testUserID, "dev")}, p.Buckets)
			assert.Len(t, p.Roles, 5)
			assert.True(t, p.NewVPC)
			assert.Equal(t, 1, p.NATGateways)
			assert.Equal(t, 2, p.Brokers)
			assert.Equal(t, 3, p.Shards)
			assert.True(t, p.MWAA)
			require.NotNil(t, p.Databricks)
			assert.Equal(t, stacks.DatabricksRoleName(testUserID), p.Databricks.ClusterRole)
		}},
		{"a NAT gateway per zone in three zones", map[string]string{"pinterest-pipeline:network": `{"azCount":3,"natGateways":"onePerAz"}`}, func(t *testing.T, p Plan) {
			assert.Equal(t, 3, p.NATGateways)
			assert.Equal(t, 3, p.Brokers)
		}},
		{"existing VPC", map[string]string{"pinterest-pipeline:network": `{"vpcId":"vpc-0a1b2c3d","privateSubnetIds":["subnet-0a1b2c3d","subnet-0a1b2c3e"]}`}, func(t *testing.T, p Plan) {
			assert.False(t, p.NewVPC)
			assert.Zero(t, p.NATGateways)
		}},
		{"on-demand streams", map[string]string{"pinterest-pipeline:streams": `{"mode":"ON_DEMAND"}`}, func(t *testing.T, p Plan) {
			assert.Zero(t, p.Shards)
			assert.Equal(t, 3, p.OnDemandStreams)
		}},
		{"batch only", map[string]string{"pinterest-pipeline:databricks": "", "pinterest-pipeline:databricksToken": ""}, func(t *testing.T, p Plan) {
			assert.Nil(t, p.Databricks)
			assert.False(t, p.MWAA)
			assert.Equal(t, []string{stacks.BucketName(testUserID)}, p.Buckets)
			assert.Len(t, p.Roles, 4)
		}},
		{"own bucket name and expected account", map[string]string{
			"pinterest-pipeline:bucket": `{"name":"my-lake-1"}`, "aws:allowedAccountIds": `["111122223333"]`,
		}, func(t *testing.T, p Plan) {
			assert.Equal(t, "my-lake-1", p.Buckets[0])
			assert.Equal(t, []string{"111122223333"}, p.AllowedAccounts)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, lookup := parseStack(t, tt.values)
			p, err := PlanFor(cfg, lookup)
			require.NoError(t, err)
			tt.check(t, p)
		})
	}
}

func TestPlanRefusesAnAccountListThatIsNotAList(t *testing.T) {
	cfg, lookup := parseStack(t, map[string]string{"aws:allowedAccountIds": `"111122223333"`})
	_, err := PlanFor(cfg, lookup)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "aws:allowedAccountIds must be a list")
}

// Checks that take more than a moment say how far they are on the progress writer, and the
// results keep the checks' order whatever order they finish in.
func TestRunChecksReportsProgressAndKeepsOrder(t *testing.T) {
	slow := check{name: "slow", run: func(ctx context.Context) []Result {
		time.Sleep(1200 * time.Millisecond)
		return []Result{pass("slow", "done")}
	}}
	fast := check{name: "fast", run: func(context.Context) []Result { return []Result{pass("fast", "done")} }}
	var progress bytes.Buffer
	results := runChecks(t.Context(), []check{slow, fast}, &progress)
	require.Len(t, results, 2)
	assert.Equal(t, "slow", results[0].Check)
	assert.Equal(t, "fast", results[1].Check)
	assert.Contains(t, progress.String(), "1 of 2 checks done")
	assert.Equal(t, 1, strings.Count(progress.String(), "\n"))
}
