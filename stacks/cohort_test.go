package stacks

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// learner is a valid learner stack: the dev values plus the shape and the cohort section.
func learner(overrides map[string]string) Lookup {
	values := map[string]string{
		"shape":  ShapeLearner,
		"cohort": `{"platformStack":"acme/pinterest-pipeline/platform","proxyPort":8101}`,
	}
	for k, v := range overrides {
		values[k] = v
	}
	return with(values)
}

func TestCohortShapesParse(t *testing.T) {
	t.Parallel()
	cfg, err := parseExample("cohort-ann1", learner(nil))
	require.NoError(t, err)
	assert.True(t, cfg.IsLearner())
	assert.Equal(t, 8101, cfg.Cohort.ProxyPort)
	cfg, err = parseExample("platform", with(map[string]string{"shape": ShapePlatform}))
	require.NoError(t, err)
	assert.True(t, cfg.IsPlatform())
	cfg, err = parseExample("dev", with(nil))
	require.NoError(t, err)
	assert.Equal(t, ShapeStandalone, cfg.Shape, "a stack without the key is a whole pipeline")
}

// Issue 16: every bad cohort setting is named with its fix, before anything is created.
func TestCohortConfigProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		stack  string
		lookup Lookup
		key    string
		want   string
	}{
		{"unknown shape", "dev", with(map[string]string{"shape": "student"}), "shape", "use one of standalone, platform, learner"},
		{"learner without a platform", "cohort-ann1", learner(map[string]string{"cohort": `{"platformStack":""}`}), "cohort.platformStack", "pulumi config set --path cohort.platformStack"},
		{"platform name with a space", "cohort-ann1", learner(map[string]string{"cohort": `{"platformStack":"my platform"}`}), "cohort.platformStack", "<organization>/<project>/<stack>"},
		{"learner naming itself", "cohort-ann1", learner(map[string]string{"cohort": `{"platformStack":"acme/pinterest-pipeline/cohort-ann1"}`}), "cohort.platformStack", "names this stack itself"},
		{"no port", "cohort-ann1", learner(map[string]string{"cohort": `{"proxyPort":0}`}), "cohort.proxyPort", "outside 8100..8149"},
		{"port beyond the listener quota", "cohort-ann1", learner(map[string]string{"cohort": `{"proxyPort":8150}`}), "cohort.proxyPort", "cmd/cohort assigns them"},
		{"bad console principal", "cohort-ann1", learner(map[string]string{"cohort": `{"consoleRoleTrust":"ann"}`}), "cohort.consoleRoleTrust", "not an IAM user or role ARN"},
		{"cohort on a platform", "platform", with(map[string]string{"shape": ShapePlatform, "cohort": `{"proxyPort":8101}`}), "cohort", "a platform reads only cohort.sharedClient and cohort.sharedConnector"},
		{"learner owning the logging role", "cohort-ann1", learner(map[string]string{"api": `{"accountLoggingRole":true}`}), "api.accountLoggingRole", "the platform's"},
		{"learner with a public proxy", "cohort-ann1", learner(map[string]string{"api": `{"proxyIntegration":"http"}`}), "api.proxyIntegration", "pulumi config set --path api.proxyIntegration private"},
		{"budget name over 100 characters", "cohort-" + strings.Repeat("a", 44), learner(map[string]string{"identity": `{"userId":"` + strings.Repeat("a", 44) + `"}`}),
			"identity.userId", "AWS Budgets takes at most 100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := parseExample(tt.stack, tt.lookup)
			require.Error(t, err)
			assert.Nil(t, cfg)
			var problems Problems
			require.True(t, errors.As(err, &problems), "error %v is not Problems", err)
			found := false
			for _, p := range problems {
				if p.Key == tt.key && strings.Contains(p.String(), tt.want) {
					found = true
				}
			}
			assert.True(t, found, "want a problem on %s containing %q; got:\n%v", tt.key, tt.want, err)
		})
	}
}

// A learner is not warned about brokers it does not choose, nor a platform about downloads it
// does not make; a standalone stack gets both.
func TestWarningsFollowTheShape(t *testing.T) {
	t.Parallel()
	count := func(ws []string, about string) int {
		n := 0
		for _, w := range ws {
			if strings.Contains(w, about) {
				n++
			}
		}
		return n
	}
	standalone, err := parseExample("dev", with(nil))
	require.NoError(t, err)
	require.Equal(t, 1, count(standalone.Warnings(), "kafka.brokerInstanceType"))
	require.Positive(t, count(standalone.Warnings(), "checksum"))
	learnerCfg, err := parseExample("cohort-ann1", learner(nil))
	require.NoError(t, err)
	assert.Zero(t, count(learnerCfg.Warnings(), "kafka.brokerInstanceType"), "the brokers are the platform's")
	assert.Positive(t, count(learnerCfg.Warnings(), "checksum"), "the learner's host still downloads")
	platform, err := parseExample("platform", with(map[string]string{"shape": ShapePlatform}))
	require.NoError(t, err)
	assert.Zero(t, count(platform.Warnings(), "checksum"), "a platform has no host")
	assert.Equal(t, 1, count(platform.Warnings(), "kafka.brokerInstanceType"))
}
