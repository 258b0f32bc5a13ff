package components

import (
	"errors"
	"fmt"
	"math"
	"net/mail"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/budgets"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// maxBudgetEmails is AWS Budgets' limit of email subscribers per notification ("AWS::Budgets::Budget
// NotificationWithSubscribers": one SNS topic and up to 10 email addresses).
const maxBudgetEmails = 10

// BudgetArgs configures CostBudget.
type BudgetArgs struct {
	// Name is the budget's name, unique in the account. Required.
	Name string
	// MonthlyLimitUSD is the spend the alerts are measured against. Required, above 0.
	MonthlyLimitUSD float64
	// Emails receive the alerts, at most 10. Required.
	Emails []string
	// ActualPercent alerts when the month's actual spend passes this share of the limit. Default 80.
	ActualPercent float64
	// ForecastPercent alerts when AWS forecasts the month to end above this share of the limit. Default 100.
	ForecastPercent float64
	// Tags go on the budget.
	Tags map[string]string
	// KeepLimit leaves a deployed budget's limit as it is (ignoreChanges on limitAmount), for a
	// paused stack: it knows only its paused cost, and a pause must not lower the limit the
	// running stack set. MonthlyLimitUSD then applies only to a budget created while paused.
	KeepLimit bool
}

// CostBudget is a monthly AWS Budgets cost budget with email alerts: the safety net of a stack
// deployed without the scheduled teardown. AWS updates a budget's figures several times a day
// (AWS Budgets API reference, introduction), so an alert can trail the spend by hours. It covers the whole account's unblended cost, not
// only this stack's resources: a budget filtered by a user-defined tag sees nothing until the
// tag is activated as a cost allocation tag in the Billing console, and a tag key appears there
// for activation only up to 24 hours after it is first applied (Pulumi registry,
// aws.costexplorer.CostAllocationTag), so a tag filter would stay silent through a short course.
// A budget with notifications and no actions costs nothing ("$0.00 for Budget-days" in the AWS
// Budgets price list; only action-enabled budgets bill after 62 free budget-days a month).
type CostBudget struct {
	pulumi.ResourceState

	// Name is the budget's name.
	Name pulumi.StringOutput `pulumi:"name"`
	// LimitUSD is the monthly limit as AWS stores it, e.g. "609.00".
	LimitUSD string
}

func (a *BudgetArgs) withDefaults() BudgetArgs {
	out := BudgetArgs{}
	if a != nil {
		out = *a
	}
	if out.ActualPercent == 0 {
		out.ActualPercent = 80
	}
	if out.ForecastPercent == 0 {
		out.ForecastPercent = 100
	}
	return out
}

func (a BudgetArgs) validate() error {
	var errs []error
	if strings.TrimSpace(a.Name) == "" {
		errs = append(errs, errors.New("Name is empty"))
	} else if len(a.Name) > 100 || strings.ContainsAny(a.Name, ":\\") || strings.Contains(a.Name, "/action/") {
		// The Budgets API's BudgetName shape (botocore budgets/2016-10-20 model): 1-100
		// characters, without ':' or '\' or the substring "/action/".
		errs = append(errs, fmt.Errorf(`Name %q is longer than 100 characters or contains ':', '\' or "/action/"`, a.Name))
	}
	if !(a.MonthlyLimitUSD > 0) || math.IsInf(a.MonthlyLimitUSD, 0) {
		errs = append(errs, fmt.Errorf("MonthlyLimitUSD is %g: give a positive amount", a.MonthlyLimitUSD))
	}
	switch {
	case len(a.Emails) == 0:
		errs = append(errs, errors.New("Emails is empty: the alerts need someone to receive them"))
	case len(a.Emails) > maxBudgetEmails:
		errs = append(errs, fmt.Errorf("Emails lists %d addresses: a notification takes at most %d", len(a.Emails), maxBudgetEmails))
	}
	for _, e := range a.Emails {
		if addr, err := mail.ParseAddress(e); err != nil || addr.Address != e {
			errs = append(errs, fmt.Errorf("%q is not a plain email address", e))
		}
	}
	for name, p := range map[string]float64{"ActualPercent": a.ActualPercent, "ForecastPercent": a.ForecastPercent} {
		if p <= 0 || p > 1000 {
			errs = append(errs, fmt.Errorf("%s is %g: give a percentage above 0", name, p))
		}
	}
	return errors.Join(errs...)
}

// BudgetLimit is the amount AWS stores for a monthly limit: whole dollars, rounded up so the
// limit is never below the figure it comes from.
func BudgetLimit(monthlyUSD float64) string {
	return fmt.Sprintf("%.2f", math.Ceil(monthlyUSD))
}

// NewCostBudget creates the budget and its two email alerts.
func NewCostBudget(ctx *pulumi.Context, name string, args *BudgetArgs, opts ...pulumi.ResourceOption) (*CostBudget, error) {
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("cost budget %q: %w", name, err)
	}
	c := &CostBudget{LimitUSD: BudgetLimit(a.MonthlyLimitUSD)}
	if err := ctx.RegisterComponentResource(TypeCostBudget, name, c, opts...); err != nil {
		return nil, err
	}
	emails := pulumi.ToStringArray(a.Emails)
	alert := func(kind string, percent float64) budgets.BudgetNotificationInput {
		return budgets.BudgetNotificationArgs{
			NotificationType: pulumi.String(kind), ComparisonOperator: pulumi.String("GREATER_THAN"),
			Threshold: pulumi.Float64(percent), ThresholdType: pulumi.String("PERCENTAGE"),
			SubscriberEmailAddresses: emails,
		}
	}
	budget, err := budgets.NewBudget(ctx, name+"-budget", &budgets.BudgetArgs{
		Name:        pulumi.String(a.Name),
		BudgetType:  pulumi.String("COST"),
		TimeUnit:    pulumi.String("MONTHLY"),
		LimitAmount: pulumi.String(c.LimitUSD),
		LimitUnit:   pulumi.String("USD"),
		// The actual alert warns while there is still time to act; the forecast alert fires once
		// AWS predicts the month to end above the limit, before the spend gets there.
		Notifications: budgets.BudgetNotificationArray{
			alert("ACTUAL", a.ActualPercent),
			alert("FORECASTED", a.ForecastPercent),
		},
		Tags: withName(a.Tags, a.Name),
	}, keepLimit(a.KeepLimit), pulumi.Parent(c))
	if err != nil {
		return nil, fmt.Errorf("cost budget %q: %w", name, err)
	}
	c.Name = budget.Name
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"name": budget.Name})
}

// keepLimit is the option that keeps a deployed budget's limit (BudgetArgs.KeepLimit).
func keepLimit(keep bool) pulumi.ResourceOption {
	if !keep {
		return pulumi.IgnoreChanges(nil)
	}
	return pulumi.IgnoreChanges([]string{"limitAmount"})
}
