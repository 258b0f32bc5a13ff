package main

import (
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/conformance"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/simcheck"
	"github.com/pinterest-pipeline/pinterest-pipeline/policies/pack"
	"github.com/pinterest-pipeline/pinterest-pipeline/program"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func planResources(tb testing.TB, stack string) ([]policyx.AnalyzerResource, pack.Settings) {
	tb.Helper()
	opts, err := sim.LoadFixture(stack)
	require.NoError(tb, err)
	plan, err := sim.Run(opts, program.Stack)
	require.NoError(tb, err)
	return simcheck.AnalyzerResources(plan.Resources), pack.SettingsFromLookup(func(key string) (string, bool) {
		v, ok := opts.Config[key]
		return v, ok
	})
}

// conformanceNames are the policies of the API-conformance checks.
func conformanceNames() map[string]bool {
	names := map[string]bool{}
	for _, n := range append(append([]string{}, conformance.Families...), conformance.RuleNames()...) {
		names[n] = true
	}
	return names
}

// setInput replaces the value at a path of nested maps (list steps as "0", "1" ...).
func setInput(t *testing.T, m property.Map, v property.Value, path ...string) property.Map {
	t.Helper()
	require.NotEmpty(t, path)
	cur, ok := m.GetOk(path[0])
	if len(path) == 1 {
		return m.Set(path[0], v)
	}
	require.True(t, ok, "no %s on the way to %v", path[0], path)
	switch {
	case cur.IsMap():
		return m.Set(path[0], property.New(setInput(t, cur.AsMap(), v, path[1:]...)))
	case cur.IsArray():
		arr := cur.AsArray().AsSlice()
		var i int
		for ; i < len(arr) && path[1] != itoa(i); i++ {
		}
		require.Less(t, i, len(arr), "no element %s in %s", path[1], path[0])
		if len(path) == 2 {
			arr[i] = v
		} else {
			require.True(t, arr[i].IsMap())
			arr[i] = property.New(setInput(t, arr[i].AsMap(), v, path[2:]...))
		}
		return m.Set(path[0], property.New(property.NewArray(arr)))
	}
	t.Fatalf("%s is neither a map nor a list", path[0])
	return m
}

func itoa(i int) string { return string(rune('0' + i)) }

// One defect per family, planted into a copy of the dev plan: among the conformance policies
// exactly that violation is new, from exactly that policy, on exactly that resource.
func TestConformanceMutationsOfTheDevPlan(t *testing.T) {
	t.Parallel()
	base, settings := planResources(t, "dev")
	p, err := pack.New(settings)
	require.NoError(t, err)
	names := conformanceNames()
	baseline := map[string]bool{}
	vs, err := pack.Run(t.Context(), p, base, nil)
	require.NoError(t, err)
	for _, v := range vs {
		require.False(t, names[v.Policy], "the shipped dev plan must conform: %s %s", v.Policy, v.Message)
		baseline[v.Policy+v.URN+v.Message] = true
	}
	str, num := func(s string) property.Value { return property.New(s) }, func(n float64) property.Value { return property.New(n) }
	tests := []struct {
		policy, typ string
		value       property.Value
		path        []string
		message     string
	}{
		{conformance.FamilyLength, "aws:kinesis/stream:Stream", str(longName(129)), []string{"name"}, "129 characters, more than the maximum 128"},
		{conformance.FamilyPattern, "aws:mwaa/environment:Environment", str("9-starts-with-a-digit"), []string{"name"}, "does not match the pattern"},
		{conformance.FamilyEnum, "aws:msk/cluster:Cluster", str("PER_TOPIC"), []string{"enhancedMonitoring"}, `"PER_TOPIC" is not one of the 4 values`},
		{conformance.FamilyRange, "aws:msk/cluster:Cluster", num(16), []string{"numberOfBrokerNodes"}, "16 is above the maximum 15"},
		{conformance.FamilyListSize, "aws:mwaa/environment:Environment",
			property.New(property.NewArray([]property.Value{str("subnet-0123456789abcdef0")})),
			[]string{"networkConfiguration", "subnetIds"}, "1 entries, fewer than the minimum 2"},
		{conformance.RuleEC2Description, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", str("the proxy's port"),
			[]string{"description"}, `contains '\''`},
		{conformance.RuleAPIPathPart, "aws:apigateway/resource:Resource", str("streams/{stream-name}"), []string{"pathPart"}, "is not a plain segment"},
		{conformance.RuleMSKConnectWorkerProperties, "aws:mskconnect/workerConfiguration:WorkerConfiguration",
			str("key.converter=a\nvalue.converter=b\nproducer.client.id=x\n"), []string{"propertiesFileContent"}, "producer.client.id is not one of the producer. properties"},
		{conformance.RuleMWAAClassAndVersion, "aws:mwaa/environment:Environment", str("mw1.tiny"), []string{"environmentClass"}, `environmentClass "mw1.tiny" is not an MWAA environment class`},
		{conformance.RuleS3BucketName, "aws:s3/bucketV2:BucketV2", str("user-x..y-bucket"), []string{"bucket"}, "two adjacent dots"},
		{conformance.RuleLogRetentionDays, "aws:cloudwatch/logGroup:LogGroup", num(10), []string{"retentionInDays"}, "is not a retention period"},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.policy] = true
		t.Run(tt.policy, func(t *testing.T) {
			t.Parallel()
			resources := append([]policyx.AnalyzerResource{}, base...)
			target := -1
			for i, r := range resources {
				if r.Type == tt.typ {
					target = i
					break
				}
			}
			require.GreaterOrEqual(t, target, 0, "the dev plan has no %s", tt.typ)
			resources[target].Properties = setInput(t, resources[target].Properties, tt.value, tt.path...)
			vs, err := pack.Run(t.Context(), p, resources, nil)
			require.NoError(t, err)
			var fresh []pack.Violation
			for _, v := range vs {
				// Other policies may object too (a renamed stream is also off the course's names);
				// among the conformance policies, exactly the planted defect is new.
				if names[v.Policy] && !baseline[v.Policy+v.URN+v.Message] {
					fresh = append(fresh, v)
				}
			}
			require.Len(t, fresh, 1, "exactly the planted defect: %v", fresh)
			assert.Equal(t, tt.policy, fresh[0].Policy)
			assert.Equal(t, resources[target].URN, fresh[0].URN)
			assert.Equal(t, "mandatory", fresh[0].Level)
			assert.Contains(t, fresh[0].Message, tt.message)
		})
	}
	// The stack rule (IAM names differing only in case) is planted by TestIAMRoleNamesDifferInMoreThanCase.
	for name := range names {
		if name != conformance.RuleIAMRoleNames {
			assert.True(t, covered[name], "no planted defect for %s", name)
		}
	}
}

func longName(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a'
	}
	return string(b)
}

func TestIAMRoleNamesDifferInMoreThanCase(t *testing.T) {
	t.Parallel()
	base, settings := planResources(t, "dev")
	p, err := pack.New(settings)
	require.NoError(t, err)
	var role policyx.AnalyzerResource
	for _, r := range base {
		if r.Type == "aws:iam/role:Role" {
			role = r
			break
		}
	}
	require.NotEmpty(t, role.URN, "the dev plan declares roles")
	name := role.Properties.Get("name").AsString()
	twin := role
	twin.URN += "-twin"
	twin.Properties = role.Properties.Set("name", property.New(upper(name)))
	vs, err := pack.Run(t.Context(), p, append(append([]policyx.AnalyzerResource{}, base...), twin), nil)
	require.NoError(t, err)
	var got []pack.Violation
	for _, v := range vs {
		if v.Policy == conformance.RuleIAMRoleNames {
			got = append(got, v)
		}
	}
	require.Len(t, got, 1)
	assert.Equal(t, twin.URN, got[0].URN)
	assert.Contains(t, got[0].Message, "differs only in letter case")
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// Every AWS type of the dev and prod plans is in the mapping, and every set string and number
// input is checked or listed with a reason other than a missing mapping entry.
func TestConformanceCoversTheShippedPlans(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			resources, _ := planResources(t, stack)
			rs := make([]conformance.Resource, 0, len(resources))
			for _, r := range resources {
				rs = append(rs, conformance.Resource{URN: r.URN, Type: r.Type, Properties: r.Properties})
			}
			report := conformance.Coverage(rs)
			require.Greater(t, len(report.Types), 40, "the plans declare dozens of AWS types")
			for _, tc := range report.Types {
				assert.Contains(t, conformance.Mapping, tc.Type, "add %s to conformance.Mapping", tc.Type)
				for _, u := range tc.Unchecked {
					assert.NotContains(t, u.Reason, "no entry in conformance.Mapping", "%s %s", tc.Type, u.Path)
					assert.NotEmpty(t, u.Reason, "%s %s", tc.Type, u.Path)
				}
				assert.Equal(t, tc.Inputs, tc.Checked+len(tc.Unchecked), tc.Type)
			}
			assert.Greater(t, report.Checked, report.Inputs/3, "most constrained inputs are checked")
		})
	}
}

// BenchmarkConformanceDevPlan measures the API-conformance policies over the dev plan, what
// they add to every offline plan and `pulumi preview` (budget: under 20% of the plan's warm
// time; docs/reference/conformance.md has the numbers).
func BenchmarkConformanceDevPlan(b *testing.B) {
	resources, settings := planResources(b, "dev")
	full, err := pack.New(settings)
	require.NoError(b, err)
	var policies []policyx.Policy
	names := conformanceNames()
	for _, p := range full.Policies() {
		if names[p.Name()] {
			policies = append(policies, p)
		}
	}
	p, err := policyx.NewPolicyPack(pack.Name, pack.Version, policyx.EnforcementLevelMandatory, policies)
	require.NoError(b, err)
	b.ResetTimer()
	for range b.N {
		if _, err := pack.Run(b.Context(), p, resources, nil); err != nil {
			b.Fatal(err)
		}
	}
}
