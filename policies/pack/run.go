package pack

import (
	"context"
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Violation is one policy violation, as the offline plan prints it.
type Violation struct {
	Policy  string `json:"policy"`
	Level   string `json:"level"`
	URN     string `json:"urn"`
	Message string `json:"message"`
}

// Mandatory reports whether the violation would stop `pulumi up`.
func (v Violation) Mandatory() bool { return v.Level == LevelName(policyx.EnforcementLevelMandatory) }

// LevelName is an enforcement level as the Pulumi CLI spells it.
func LevelName(level policyx.EnforcementLevel) string {
	switch level {
	case policyx.EnforcementLevelMandatory:
		return "mandatory"
	case policyx.EnforcementLevelDisabled:
		return "disabled"
	case policyx.EnforcementLevelRemediate:
		return "remediate"
	}
	return "advisory"
}

// recorder is a PolicyManager that keeps what one policy reports.
type recorder struct {
	policy, level, defaultURN string
	violations                *[]Violation
}

func (r recorder) ReportViolation(message, urn string) {
	if urn == "" {
		urn = r.defaultURN
	}
	*r.violations = append(*r.violations, Violation{Policy: r.policy, Level: r.level, URN: urn, Message: message})
}

// Run checks resources against every policy of the pack, as `pulumi preview --policy-pack`
// would: each resource policy on each resource and each stack policy on all of them.
// config is per-policy config as in a --policy-pack-config file (nil for the defaults);
// disabled policies do not run. The violations come back sorted by policy, URN and message.
func Run(ctx context.Context, p policyx.PolicyPack, resources []policyx.AnalyzerResource, config map[string]map[string]any) ([]Violation, error) {
	violations := []Violation{}
	for _, policy := range p.Policies() {
		level := policy.EnforcementLevel()
		cfg := config[policy.Name()]
		if name, ok := cfg["enforcementLevel"].(string); ok {
			if level, ok = parseLevel(name); !ok {
				return nil, fmt.Errorf("policy %s: unknown enforcementLevel %q", policy.Name(), name)
			}
		}
		if level == policyx.EnforcementLevelDisabled {
			continue
		}
		switch policy := policy.(type) {
		case policyx.ResourceValidationPolicy:
			for _, r := range resources {
				// Resource policies never see dependencies, as in the engine.
				r.Dependencies, r.PropertyDependencies = nil, nil
				manager := recorder{policy: policy.Name(), level: LevelName(level), defaultURN: r.URN, violations: &violations}
				if err := policy.Validate(ctx, policyx.ResourceValidationArgs{Manager: manager, Resource: r, Config: cfg}); err != nil {
					return nil, fmt.Errorf("policy %s on %s: %w", policy.Name(), r.URN, err)
				}
			}
		case policyx.StackValidationPolicy:
			manager := recorder{policy: policy.Name(), level: LevelName(level), violations: &violations}
			if err := policy.Validate(ctx, policyx.StackValidationArgs{Manager: manager, Resources: resources}); err != nil {
				return nil, fmt.Errorf("policy %s: %w", policy.Name(), err)
			}
		}
	}
	sort.SliceStable(violations, func(i, j int) bool {
		a, b := violations[i], violations[j]
		if a.Policy != b.Policy {
			return a.Policy < b.Policy
		}
		if a.URN != b.URN {
			return a.URN < b.URN
		}
		return a.Message < b.Message
	})
	return violations, nil
}

func parseLevel(name string) (policyx.EnforcementLevel, bool) {
	for _, level := range []policyx.EnforcementLevel{policyx.EnforcementLevelAdvisory, policyx.EnforcementLevelMandatory,
		policyx.EnforcementLevelDisabled, policyx.EnforcementLevelRemediate} {
		if LevelName(level) == name {
			return level, true
		}
	}
	return 0, false
}
