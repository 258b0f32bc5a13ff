package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/simcheck"
	"github.com/pinterest-pipeline/pinterest-pipeline/policies/pack"
	"github.com/pinterest-pipeline/pinterest-pipeline/program"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// violationsOf runs the real program under the offline engine for a shipped stack file
// (plus overrides), converts every registration into what the analyzer would receive, and
// runs every policy of the pack, built from that stack's configuration, against it. This is
// the offline stand-in for `pulumi preview --policy-pack policies`; it also catches drift
// between the policies' type tokens and property names and what the components declare.
func violationsOf(t *testing.T, stack string, extra []policyx.AnalyzerResource, overrides ...string) []pack.Violation {
	t.Helper()
	opts, err := sim.LoadFixture(stack, overrides...)
	require.NoError(t, err)
	plan, err := sim.Run(opts, program.Stack)
	require.NoError(t, err)
	p, err := pack.New(pack.SettingsFromLookup(func(key string) (string, bool) {
		v, ok := opts.Config[key]
		return v, ok
	}))
	require.NoError(t, err)
	vs, err := pack.Run(t.Context(), p, append(simcheck.AnalyzerResources(plan.Resources), extra...), nil)
	require.NoError(t, err)
	return vs
}

func mandatory(vs []pack.Violation) []string {
	var out []string
	for _, v := range vs {
		if v.Mandatory() {
			out = append(out, v.Policy+" "+v.URN+": "+v.Message)
		}
	}
	return out
}

func TestShippedStacksPassEveryMandatoryPolicy(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			vs := violationsOf(t, stack, nil)
			assert.Empty(t, mandatory(vs), "a false positive here would block every `pulumi up`")
			// The only advisory finding allowed: mw1.micro (dev's MWAA class) counts at mw1.small's price.
			for _, v := range vs {
				assert.Equal(t, pack.PolicyCostFullyPriced, v.Policy, "unexpected advisory finding: %s", v.Message)
				assert.Contains(t, v.Message, "mw1.micro environment, at most mw1.small's price")
			}
		})
	}
}

// mwaaEnvironment is an MWAA environment shaped as pulumi-aws v6.83.4's mwaa.EnvironmentArgs
// (the MWAA component is being added elsewhere), tagged like the rest of the stack.
func mwaaEnvironment(env, class, access string) policyx.AnalyzerResource {
	typ := "aws:mwaa/environment:Environment"
	return policyx.AnalyzerResource{
		Type: typ, Name: "airflow", URN: "urn:pulumi:" + env + "::pinterest-pipeline::" + typ + "::airflow",
		Properties: property.NewMap(map[string]property.Value{
			"name":                property.New("airflow-pinterestprod"),
			"environmentClass":    property.New(class),
			"webserverAccessMode": property.New(access),
			"minWorkers":          property.New(1.0),
			"maxWorkers":          property.New(2.0),
			"tags": property.New(map[string]property.Value{
				"environment": property.New(env), "owner": property.New("data-platform@example.com"),
			}),
		}),
	}
}

func TestBadConfigurationsAreRefused(t *testing.T) {
	t.Parallel()
	// The dev figure comes from the estimator (checked against a hand computation in cost/).
	opts, err := sim.LoadFixture("dev")
	require.NoError(t, err)
	plan, err := sim.Run(opts, program.Stack)
	require.NoError(t, err)
	dev := cost.EstimateResources("us-east-1", simcheck.CostResources(plan.Resources))
	tests := []struct {
		name      string
		stack     string
		overrides []string
		extra     []policyx.AnalyzerResource
		policy    string
		message   string
	}{
		{"the course's public proxy opens 8082", "dev", []string{"api.proxyIntegration=http"}, nil,
			pack.PolicyNoOpenIngress, "opens port 8082 to 0.0.0.0/0"},
		{"a bigger broker type in dev", "dev", []string{"kafka.brokerInstanceType=kafka.m5.large"}, nil,
			pack.PolicyMSKBrokerTypes, "kafka.m5.large is not allowed in dev stacks"},
		{"a budget below the estimate", "dev", []string{"cost.hourlyBudgetUsd=0.2"}, nil,
			pack.PolicyHourlyBudget, fmt.Sprintf("estimated $%.4f/hour ($%.2f/month) exceeds the budget of $0.2000/hour", dev.HourlyUSD, dev.MonthlyUSD)},
		{"a region no price table covers", "dev", []string{"aws:region=ca-central-1"}, nil,
			pack.PolicyHourlyBudget, "counts against the budget: not priced (no list prices for region ca-central-1"},
		{"a price a region's table lacks", "dev", []string{"aws:region=eu-west-2"}, nil,
			pack.PolicyHourlyBudget, "counts against the budget: not priced (no eu-west-2 price for broker type kafka.t3.small"},
		{"on-demand streams in dev", "dev", []string{"streams={mode: ON_DEMAND}"}, nil,
			pack.PolicyKinesisStreamMode, "ON_DEMAND in a dev stack"},
		{"a NAT gateway per zone in dev", "dev", []string{"network.natGateways=onePerAz"}, nil,
			pack.PolicyNATGatewayCount, "2 NAT gateways, above 1 for a dev stack"},
		{"a large client host in dev", "dev", []string{"client.instanceType=m5.large"}, nil,
			pack.PolicyEC2InstanceTypes, "set client.instanceType"},
		{"a public Airflow web server in prod", "prod", nil,
			[]policyx.AnalyzerResource{mwaaEnvironment("prod", "mw1.small", "PUBLIC_ONLY")},
			pack.PolicyMWAAPrivateWebserver, "airflow.webserverAccessMode: PRIVATE_ONLY"},
		{"a large MWAA class in prod", "prod", nil,
			[]policyx.AnalyzerResource{mwaaEnvironment("prod", "mw1.large", "PRIVATE_ONLY")},
			pack.PolicyMWAAClasses, "mw1.large is not allowed in prod stacks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			vs := violationsOf(t, tt.stack, tt.extra, tt.overrides...)
			var found []string
			for _, v := range vs {
				if v.Policy == tt.policy {
					found = append(found, v.Message)
					assert.True(t, v.Mandatory())
				}
			}
			require.NotEmpty(t, found, "expected %s among %v", tt.policy, mandatory(vs))
			assert.Contains(t, strings.Join(found, "\n"), tt.message)
		})
	}
}
