// Package simcheck hands the offline engine's plan (internal/sim) to the cost model and the
// policy pack, as `pulumi preview --policy-pack` would hand them the real registrations. It is
// offline-only: cmd/plan, cmd/init and tests import it, and the deployed program and the
// policy pack binary must not (deps_test.go), so that neither links the engine.
package simcheck

import (
	"context"
	"fmt"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/policies/pack"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// CostResources adapts the engine's recorded registrations for the cost model, using the raw
// inputs so that secrets and unknowns keep their meaning.
func CostResources(resources []sim.Resource) []cost.Resource {
	out := make([]cost.Resource, 0, len(resources))
	for _, r := range resources {
		out = append(out, cost.Resource{
			URN: r.URN, Type: r.Type, Parent: r.Parent, Custom: r.Custom,
			Inputs: resource.FromResourcePropertyMap(r.RawInputs),
		})
	}
	return out
}

// AnalyzerResources turns the engine's registrations into what the analyzer would receive:
// inputs as properties (secrets and unknowns kept), parent, options and dependencies.
func AnalyzerResources(resources []sim.Resource) []policyx.AnalyzerResource {
	out := make([]policyx.AnalyzerResource, 0, len(resources))
	for _, r := range resources {
		out = append(out, policyx.AnalyzerResource{
			Type: r.Type, URN: r.URN, Name: r.Name, Parent: r.Parent,
			Properties:           resource.FromResourcePropertyMap(r.RawInputs),
			Options:              pulumi.ResourceOptions{Protect: r.Protect, RetainOnDelete: r.RetainOnDelete},
			Dependencies:         r.Dependencies,
			PropertyDependencies: r.PropertyDependencies,
		})
	}
	return out
}

// Policies runs the pack, built for the plan's stack configuration, against a simulated plan.
func Policies(ctx context.Context, plan *sim.Plan, stackConfig map[string]string) ([]pack.Violation, error) {
	settings := pack.SettingsFromLookup(func(key string) (string, bool) {
		v, ok := stackConfig[key]
		return v, ok
	})
	p, err := pack.New(settings)
	if err != nil {
		return nil, fmt.Errorf("building the policy pack: %w", err)
	}
	return pack.Run(ctx, p, AnalyzerResources(plan.Resources), nil)
}
