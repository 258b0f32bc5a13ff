// Package pack holds the pinterest-pipeline policy pack: security, teardown, naming and cost
// guardrails as policyx policies. policies/main.go serves it to `pulumi preview --policy-pack
// policies`; the offline plan and the tests run the same policies in-process with Run.
//
// Every policy filters on the resource type itself (policyx sends every resource to every
// resource policy), reads properties only through internal/props (an unknown value during a
// preview is never a violation, and no odd value can panic inside the analyzer), and sets
// its enforcement level explicitly, because policyx ignores the pack-level one.
package pack

import (
	"encoding/json"

	"github.com/blang/semver"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Name is the pack's name, as `pulumi preview` reports it.
const Name = "pinterest-pipeline"

// Version is the pack's version.
var Version = semver.MustParse("0.1.0")

// Settings are the stack-level facts the policies need and a resource cannot tell them: they
// come from the stack's configuration, read once when the engine configures the pack.
type Settings struct {
	// Environment is identity.environment: dev, staging or prod. A resource's own
	// environment tag wins over it.
	Environment string
	// UserID is identity.userId, from which the course names derive.
	UserID string
	// BucketName is bucket.name when the stack overrides the course's bucket name.
	BucketName string
	// Region is aws:region, for the cost estimate.
	Region string
	// HourlyBudgetUSD is cost.hourlyBudgetUsd, or the environment kind's default.
	HourlyBudgetUSD float64
	// Shape is the shape key: standalone, platform or learner (docs/cohort.md).
	Shape string
	// APIAccessLogs says the account's API Gateway CloudWatch role is set (api.accountLoggingRole
	// or api.accountHasLoggingRole), without which API Gateway refuses stage access logs.
	APIAccessLogs bool
}

// SettingsFromLookup reads the settings from raw stack config values (objects as JSON text,
// as the CLI passes them). It never fails: a value it cannot read leaves the setting at the
// environment kind's default, since the program itself reports bad configuration.
func SettingsFromLookup(lookup stacks.Lookup) Settings {
	var identity struct {
		UserID      string `json:"userId"`
		Environment string `json:"environment"`
	}
	var bucket struct {
		Name string `json:"name"`
	}
	var budget struct {
		HourlyBudgetUSD float64 `json:"hourlyBudgetUsd"`
	}
	var api stacks.APIConfig
	decode := func(key string, into any) {
		if raw, ok := lookup(stacks.Project + ":" + key); ok {
			_ = json.Unmarshal([]byte(raw), into) // best effort, see above
		}
	}
	decode("identity", &identity)
	decode("bucket", &bucket)
	decode("cost", &budget)
	decode("api", &api)
	s := Settings{Environment: identity.Environment, UserID: identity.UserID, BucketName: bucket.Name, APIAccessLogs: api.AccessLogs()}
	// The one plain string key: the CLI passes it unquoted.
	s.Shape, _ = lookup(stacks.Project + ":" + stacks.ShapeKey)
	if s.Shape == "" {
		s.Shape = stacks.ShapeStandalone
	}
	if s.Environment == "" {
		s.Environment = stacks.EnvDev // stacks.Parse's default
	}
	s.Region, _ = lookup(stacks.RegionKey)
	s.HourlyBudgetUSD = budget.HourlyBudgetUSD
	if s.HourlyBudgetUSD <= 0 {
		s.HourlyBudgetUSD = stacks.Defaults(s.Environment).Cost.HourlyBudgetUSD
	}
	return s
}

// SettingsFromContext reads the settings from the stack configuration the engine hands the
// pack. It uses config.Try, never Require: a panic here would kill the analyzer plugin and
// fail every preview. A nil context (a test building the pack) gives the defaults.
func SettingsFromContext(pctx *pulumi.Context) Settings {
	if pctx == nil {
		return SettingsFromLookup(func(string) (string, bool) { return "", false })
	}
	return SettingsFromLookup(func(key string) (string, bool) {
		v, err := config.Try(pctx, key)
		return v, err == nil
	})
}

// New builds the pack for a stack's settings.
func New(s Settings) (policyx.PolicyPack, error) {
	return policyx.NewPolicyPack(Name, Version, policyx.EnforcementLevelMandatory, Policies(s))
}

// Policies lists every policy of the pack, family by family.
func Policies(s Settings) []policyx.Policy {
	var out []policyx.Policy
	out = append(out, securityPolicies(s)...)
	out = append(out, teardownPolicies(s)...)
	out = append(out, namingPolicies(s)...)
	out = append(out, costPolicies(s)...)
	out = append(out, conformancePolicies()...)
	out = append(out, cohortPolicies(s)...)
	return out
}
