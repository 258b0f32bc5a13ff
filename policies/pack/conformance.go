package pack

import (
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/conformance"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// conformancePolicies check every input of every AWS resource against what the AWS API
// documents for the member it becomes (internal/conformance): one mandatory policy per family
// of generated check (length, pattern, enum, range, list size) and one per hand-written rule.
// A value unknown during a preview is never a violation.
func conformancePolicies() []policyx.Policy {
	var out []policyx.Policy
	descriptions := map[string]string{
		conformance.FamilyLength:   "AWS inputs must be within the lengths the AWS API model documents for their member.",
		conformance.FamilyPattern:  "AWS inputs must match the patterns the AWS API model documents for their member.",
		conformance.FamilyEnum:     "AWS inputs must be one of the values the AWS API model lists for their member.",
		conformance.FamilyRange:    "AWS numeric inputs must be within the range the AWS API model documents for their member.",
		conformance.FamilyListSize: "AWS list and map inputs must have as many entries as the AWS API model allows.",
	}
	for _, family := range conformance.Families {
		out = append(out, conformancePolicy(family, descriptions[family], nil))
	}
	for _, name := range conformance.RuleNames() {
		rule := conformance.Rules[name]
		if rule.Stack != nil {
			out = append(out, stackPolicy(name, rule.Description, policyx.EnforcementLevelMandatory,
				func(resources []policyx.AnalyzerResource, report func(urn, format string, a ...any)) {
					rs := make([]conformance.Resource, 0, len(resources))
					for _, r := range resources {
						rs = append(rs, toConformance(r))
					}
					for _, f := range conformance.CheckStack(rs) {
						if f.Check == name {
							report(f.URN, "%s", f.Message)
						}
					}
				}))
			continue
		}
		out = append(out, conformancePolicy(name, rule.Description, conformance.RuleTypes(name)))
	}
	return out
}

// conformancePolicy reports one family's or rule's findings on each resource of types (nil for
// every type).
func conformancePolicy(name, description string, types []string) policyx.Policy {
	return resourcePolicy(name, description, policyx.EnforcementLevelMandatory, nil, types,
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			if !isCloudResource(r.Type) {
				return
			}
			findings, _ := conformance.CheckResource(toConformance(r))
			for _, f := range findings {
				if f.Check == name {
					report("%s", f.Message)
				}
			}
		})
}

func toConformance(r policyx.AnalyzerResource) conformance.Resource {
	return conformance.Resource{URN: r.URN, Type: r.Type, Properties: r.Properties}
}
