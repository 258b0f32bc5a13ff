package cost

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// FromAnalyzer adapts the resources a policy pack receives. The analyzer does not say which
// resources are components, so a type is taken as a component when it belongs to no
// provider package: this project's own tokens and Pulumi's built-in ones.
func FromAnalyzer(resources []policyx.AnalyzerResource) []Resource {
	out := make([]Resource, 0, len(resources))
	for _, r := range resources {
		out = append(out, Resource{
			URN: r.URN, Type: r.Type, Parent: r.Parent, Custom: !IsComponentType(r.Type),
			Inputs: r.Properties,
		})
	}
	return out
}

// IsComponentType reports whether a type token names a component rather than a cloud resource.
func IsComponentType(typ string) bool {
	return strings.HasPrefix(typ, "pinterest-pipeline:") || strings.HasPrefix(typ, "pulumi:pulumi:")
}
