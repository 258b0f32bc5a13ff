package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// The real Stacks cannot run here (no Pulumi CLI), but the stack file it writes can: the SDK's
// own ProjectStack.Save, given configValue's values, must keep every type a learner stack's
// settings have, where `pulumi config set --path` would turn "2026" into a number and leave
// 0.5 as text.
func TestStackFileKeepsTheSettingsTypes(t *testing.T) {
	t.Parallel()
	settings := map[string]any{
		"aws:region":                "us-east-1",
		"pinterest-pipeline:paused": false,
		"pinterest-pipeline:shape":  "learner",
		"pinterest-pipeline:cost":   map[string]any{"hourlyBudgetUsd": 0.5, "monthlyBudgetUsd": 40.0},
		"pinterest-pipeline:tags":   map[string]any{"course": "2026", "flag": "true"},
		"pinterest-pipeline:cohort": map[string]any{"platformStack": "platform", "proxyPort": 8100},
		"pinterest-pipeline:identity": map[string]any{
			"userId": "123456789012", "expiresAt": "2026-12-31", "owner": "ada@example.com",
		},
		"pinterest-pipeline:network": map[string]any{"availabilityZones": []any{"us-east-1a", "us-east-1b"}},
		"pinterest-pipeline:count":   3,
		"pinterest-pipeline:ratio":   0.25,
	}
	ps := &workspace.ProjectStack{Config: config.Map{}}
	for key, value := range settings {
		k, err := config.ParseKey(key)
		require.NoError(t, err)
		v, err := configValue(value)
		require.NoError(t, err, key)
		ps.Config[k] = v
	}
	path := filepath.Join(t.TempDir(), "Pulumi.cohort-ada1.yaml")
	require.NoError(t, ps.Save(path))
	raw, err := os.ReadFile(path)
	require.NoError(t, err)

	var file struct {
		Config map[string]any `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &file), string(raw))
	assert.Equal(t, map[string]any{
		"aws:region":                "us-east-1",
		"pinterest-pipeline:paused": false,
		"pinterest-pipeline:shape":  "learner",
		"pinterest-pipeline:cost":   map[string]any{"hourlyBudgetUsd": 0.5, "monthlyBudgetUsd": 40},
		"pinterest-pipeline:tags":   map[string]any{"course": "2026", "flag": "true"},
		"pinterest-pipeline:cohort": map[string]any{"platformStack": "platform", "proxyPort": 8100},
		"pinterest-pipeline:identity": map[string]any{
			"userId": "123456789012", "expiresAt": "2026-12-31", "owner": "ada@example.com",
		},
		"pinterest-pipeline:network": map[string]any{"availabilityZones": []any{"us-east-1a", "us-east-1b"}},
		"pinterest-pipeline:count":   3,
		"pinterest-pipeline:ratio":   0.25,
	}, file.Config, string(raw))
}

func TestConfigValueRefusesWhatAStackFileCannotHold(t *testing.T) {
	t.Parallel()
	_, err := configValue(struct{}{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot write a struct {} as a stack setting")
}
