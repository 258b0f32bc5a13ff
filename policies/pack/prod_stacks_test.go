package pack

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A learner stack that declares itself prod would escape the teardown (which skips prod) and
// the dev budget: only a stack named prod, or prod-<something>, may be a prod stack.
func TestProdSettingsOnlyOnProdStacks(t *testing.T) {
	t.Parallel()
	inStack := func(stack string, tags obj) policyx.AnalyzerResource {
		return policyx.AnalyzerResource{
			Type: typeBucketV2, URN: "urn:pulumi:" + stack + "::pinterest-pipeline::" + typeBucketV2 + "::lake",
			Properties: property.NewMap(obj{"tags": mapOf(tags)}),
		}
	}
	prodTag := obj{"environment": str("prod")}
	tests := []struct {
		name     string
		settings Settings
		resource policyx.AnalyzerResource
		refused  bool
	}{
		{"prod on the prod stack", prodSettings, inStack("prod", prodTag), false},
		{"prod on a named prod stack", prodSettings, inStack("prod-eu", prodTag), false},
		{"prod on an organisation's prod stack", prodSettings, inStack("acme/pinterest-pipeline/prod", prodTag), false},
		{"prod config on a learner stack", prodSettings, inStack("learner-alice", obj{}), true},
		{"a prod tag on a learner stack", devSettings, inStack("learner-alice", prodTag), true},
		{"prod config on the dev stack", prodSettings, inStack("dev", obj{}), true},
		{"a stack merely containing prod", prodSettings, inStack("myproduct", prodTag), true},
		{"a stack merely starting with prod", prodSettings, inStack("prodigy-learner", prodTag), true},
		{"dev on a learner stack", devSettings, inStack("learner-alice", obj{"environment": str("dev")}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := check(t, tt.settings, PolicyProdOnlyOnProdStacks, tt.resource, nil)
			if !tt.refused {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, 1)
			assert.Contains(t, got[0], "identity.environment")
		})
	}
}
