package components

import (
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const typeBudget = "aws:budgets/budget:Budget"

func runBudget(t *testing.T, args *BudgetArgs) (*sim.Plan, error) {
	t.Helper()
	return sim.Run(sim.Options{Config: map[string]string{"aws:region": "us-east-1"}}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		_, err := NewCostBudget(ctx, "budget", args)
		return nil, err
	})
}

func TestCostBudgetAlertsBeforeTheLimit(t *testing.T) {
	t.Parallel()
	plan, err := runBudget(t, &BudgetArgs{Name: "abc-dev-monthly", MonthlyLimitUSD: 512.34,
		Emails: []string{"learner@example.com"}, Tags: map[string]string{"owner": "learner@example.com"}})
	require.NoError(t, err)
	budgets := plan.ByType(typeBudget)
	require.Len(t, budgets, 1)
	b := budgets[0]
	component, ok := plan.Find(TypeCostBudget, "budget")
	require.True(t, ok)
	assert.Equal(t, component.URN, b.Parent)
	assert.Equal(t, "abc-dev-monthly", b.Inputs["name"])
	assert.Equal(t, "COST", b.Inputs["budgetType"])
	assert.Equal(t, "MONTHLY", b.Inputs["timeUnit"])
	assert.Equal(t, "513.00", b.Inputs["limitAmount"], "rounded up to whole dollars, never below the estimate")
	assert.Equal(t, "USD", b.Inputs["limitUnit"])
	assert.NotContains(t, b.Inputs, "costFilters", "a tag filter sees nothing until the tag is activated in Billing")
	assert.Equal(t, map[string]any{"owner": "learner@example.com", "Name": "abc-dev-monthly"}, b.Inputs["tags"])

	notifications, ok := b.Inputs["notifications"].([]any)
	require.True(t, ok, "notifications: %#v", b.Inputs["notifications"])
	require.Len(t, notifications, 2)
	got := map[string]float64{}
	for _, n := range notifications {
		m := n.(map[string]any)
		assert.Equal(t, "GREATER_THAN", m["comparisonOperator"])
		assert.Equal(t, "PERCENTAGE", m["thresholdType"])
		assert.Equal(t, []any{"learner@example.com"}, m["subscriberEmailAddresses"])
		got[m["notificationType"].(string)] = m["threshold"].(float64)
	}
	assert.Equal(t, map[string]float64{"ACTUAL": 80, "FORECASTED": 100}, got)
}

func TestBudgetLimit(t *testing.T) {
	t.Parallel()
	for in, want := range map[float64]string{512.34: "513.00", 609: "609.00", 0.2: "1.00", 1000.01: "1001.00"} {
		assert.Equal(t, want, BudgetLimit(in), "%g", in)
	}
}

func TestCostBudgetRejectsBadArgsBeforeRegistering(t *testing.T) {
	t.Parallel()
	ok := BudgetArgs{Name: "abc-dev-monthly", MonthlyLimitUSD: 10, Emails: []string{"a@example.com"}}
	with := func(change func(*BudgetArgs)) *BudgetArgs {
		a := ok
		change(&a)
		return &a
	}
	tests := []struct {
		name string
		args *BudgetArgs
		want string
	}{
		{"nil args", nil, "Name is empty"},
		{"no limit", with(func(a *BudgetArgs) { a.MonthlyLimitUSD = 0 }), "MonthlyLimitUSD is 0"},
		{"no email", with(func(a *BudgetArgs) { a.Emails = nil }), "Emails is empty"},
		{"an owner that is not an email", with(func(a *BudgetArgs) { a.Emails = []string{"data-team"} }), `"data-team" is not a plain email address`},
		{"eleven emails", with(func(a *BudgetArgs) {
			a.Emails = []string{"a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io", "f@x.io", "g@x.io", "h@x.io", "i@x.io", "j@x.io", "k@x.io"}
		}), "at most 10"},
		{"a colon in the name", with(func(a *BudgetArgs) { a.Name = "abc:dev" }), "contains ':'"},
		{"an action path in the name", with(func(a *BudgetArgs) { a.Name = "abc/action/dev" }), `"abc/action/dev" is longer`},
		{"a negative threshold", with(func(a *BudgetArgs) { a.ActualPercent = -5 }), "ActualPercent is -5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			plan, err := runBudget(t, tt.args)
			require.Error(t, err)
			assert.Contains(t, err.Error(), `cost budget "budget"`)
			assert.Contains(t, err.Error(), tt.want)
			assert.Empty(t, plan.Resources, "a rejected budget registers nothing")
		})
	}
}
