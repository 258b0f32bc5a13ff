package pack

import (
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 16: a learner stack never declares a platform's kind of resource, whatever the program
// does; a platform or standalone stack may.
func TestLearnerStacksDeclareNoPlatformResources(t *testing.T) {
	t.Parallel()
	require.Len(t, PlatformOnlyTypes, 10)
	shaped := func(shape string) Settings {
		s := devSettings
		s.Shape = shape
		return s
	}
	for _, typ := range PlatformOnlyTypes {
		resource := policyx.AnalyzerResource{
			Type: typ, URN: "urn:pulumi:cohort-ann1::pinterest-pipeline::" + typ + "::x", Properties: property.NewMap(obj{}),
		}
		got := check(t, shaped(stacks.ShapeLearner), PolicyLearnerNoPlatformResources, resource, nil)
		require.Len(t, got, 1, typ)
		assert.Contains(t, got[0], typ)
		assert.Contains(t, got[0], "cohort.platformStack")
		for _, shape := range []string{stacks.ShapePlatform, stacks.ShapeStandalone} {
			assert.Empty(t, check(t, shaped(shape), PolicyLearnerNoPlatformResources, resource, nil), "%s on a %s stack", typ, shape)
		}
	}
	// A learner's own resources pass.
	bucket := policyx.AnalyzerResource{Type: typeBucketV2, URN: "urn:pulumi:cohort-ann1::pinterest-pipeline::" + typeBucketV2 + "::lake",
		Properties: property.NewMap(obj{})}
	assert.Empty(t, check(t, shaped(stacks.ShapeLearner), PolicyLearnerNoPlatformResources, bucket, nil))
}

// The shape comes from the stack's plain string key; an unset key is a standalone stack.
func TestSettingsReadTheShape(t *testing.T) {
	t.Parallel()
	lookup := func(values map[string]string) stacks.Lookup {
		return func(key string) (string, bool) { v, ok := values[key]; return v, ok }
	}
	assert.Equal(t, stacks.ShapeLearner, SettingsFromLookup(lookup(map[string]string{stacks.Project + ":shape": "learner"})).Shape)
	assert.Equal(t, stacks.ShapeStandalone, SettingsFromLookup(lookup(map[string]string{})).Shape)
}
