package stacks

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/botocore"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/testtool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// parseExample parses like the offline plan does: the course's example user id is accepted,
// as in every test fixture of this package.
func parseExample(stack string, lookup Lookup, opts ...ParseOption) (*Config, error) {
	return Parse(stack, lookup, append(opts, AllowExampleUserID())...)
}

func problemKeys(t *testing.T, err error) []string {
	t.Helper()
	var problems Problems
	require.ErrorAs(t, err, &problems)
	keys := make([]string, 0, len(problems))
	for _, p := range problems {
		keys = append(keys, p.Key)
	}
	return keys
}

func problemFor(t *testing.T, err error, key string) Problem {
	t.Helper()
	var problems Problems
	require.ErrorAs(t, err, &problems)
	for _, p := range problems {
		if p.Key == key {
			return p
		}
	}
	require.Failf(t, "no problem for "+key, "%v", err)
	return Problem{}
}

// A deployment refuses the placeholder of the committed dev stack and the course's example id;
// only runs that create nothing (the offline plan, tests) may use the example.
func TestUserIDPlaceholderAndExampleAreRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		userID  string
		allow   bool
		message string // empty: accepted
	}{
		{"placeholder", UserIDPlaceholder, false, `is still the placeholder "<your-user-id>"`},
		{"placeholder even offline", UserIDPlaceholder, true, `is still the placeholder "<your-user-id>"`},
		{"example on a deployment", ExampleUserID, false, "is 0affd9571f39, the course's example id"},
		{"example offline", ExampleUserID, true, ""},
		{"own id", "1a2b3c4d5e6f", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			lookup := with(map[string]string{"identity": `{"userId":"` + tc.userID + `"}`})
			var opts []ParseOption
			if tc.allow {
				opts = append(opts, AllowExampleUserID())
			}
			cfg, err := Parse("dev", lookup, opts...)
			if tc.message == "" {
				require.NoError(t, err)
				assert.Equal(t, tc.userID, cfg.Identity.UserID)
				return
			}
			assert.Equal(t, []string{"identity.userId"}, problemKeys(t, err), "one problem, no follow-on")
			p := problemFor(t, err, "identity.userId")
			assert.Equal(t, tc.message, p.Message)
			assert.Contains(t, p.Fix, "`pulumi config set --path identity.userId <your course user id>`")
		})
	}
}

// `pulumi config set --path identity.userId 123456789012` stores a number; the id is its digits.
func TestAllDigitUserIDGivenAsNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, identity string
		want           string // empty: refused
		notice         bool
	}{
		{"number", `{"userId":123456789012}`, "123456789012", true},
		{"string of digits", `{"userId":"012345678901"}`, "012345678901", false},
		// YAML reads an unquoted 012345678901 as a float, which reaches the program as 12345678901.
		{"unquoted 0-led YAML id", `{"userId":12345678901}`, "12345678901", true},
		{"fraction", `{"userId":1.5}`, "", false},
		{"negative", `{"userId":-12}`, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := Parse("dev", with(map[string]string{"identity": tc.identity}))
			if tc.want == "" {
				assert.Equal(t, []string{"identity.userId"}, problemKeys(t, err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, cfg.Identity.UserID)
			assert.Equal(t, "user-"+tc.want+"-bucket", cfg.Bucket.Name)
			var keys []string
			for _, n := range cfg.Notices() {
				keys = append(keys, n.Key)
				if n.Key == "identity.userId" {
					assert.Contains(t, n.Fix, `quote the id in Pulumi.dev.yaml (userId: "0`+tc.want+`")`)
				}
			}
			assert.Equal(t, tc.notice, slices.Contains(keys, "identity.userId"), "notices: %v", keys)
		})
	}
}

// Unknown keys of the project's namespace are refused like unknown nested settings: with the
// key and the nearest valid one.
func TestUnknownTopLevelKeysAreRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key, message, fix string
	}{
		{"airflw", "is not a known setting (did you mean airflow?)", "`pulumi config rm airflw`"},
		{"kafak", "is not a known setting (did you mean kafka?)", "use kafka"},
		{"kafak.brokerCount", "is not a known setting (did you mean kafka?)", "use kafka.brokerCount with --path"},
		{"databricksTokn", "is not a known setting (did you mean databricksToken?)", "use databricksToken"},
		{"region", "is not a known setting; the AWS region is the provider's key aws:region", "`pulumi config set aws:region us-east-1`"},
		{"airflow.enabled", "is a key of its own, not the setting enabled of airflow", "`pulumi config set --path airflow.enabled <value>`"},
	}
	for _, tc := range tests {
		t.Run(tc.key, func(t *testing.T) {
			t.Parallel()
			keys := []string{"aws:region", Project + ":identity", Project + ":airflow", "aws:profile", Project + ":" + tc.key}
			_, err := parseExample("dev", with(nil), WithKeys(keys))
			assert.Equal(t, []string{tc.key}, problemKeys(t, err))
			p := problemFor(t, err, tc.key)
			assert.Equal(t, tc.message, p.Message)
			assert.Contains(t, p.Fix, tc.fix)
		})
	}
	_, err := parseExample("dev", with(nil), WithKeys(append(slices.Clone(Keys), "aws:region", "aws:profile", Project+":databricksToken")))
	require.NoError(t, err, "every documented key, and other namespaces' keys, are accepted")
}

// One mistake, one problem: a setting that is wrong must not also fail the checks of
// settings derived from it.
func TestOneProblemHasNoFollowOnProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		overrides map[string]string
		want      []string
	}{
		{"identity not a mapping", map[string]string{"identity": `"0affd9571f39"`}, []string{"identity"}},
		{"identity unknown setting", map[string]string{"identity": `{"userID":"0affd9571f39"}`}, []string{"identity.userID"}},
		{"bad user id", map[string]string{"identity": `{"userId":"Bad_Id"}`}, []string{"identity.userId"}},
		{"bad user id with own topics", map[string]string{
			"identity": `{"userId":"Bad_Id"}`, "kafka": `{"topics":[{"name":"abc.pin"}]}`,
		}, []string{"identity.userId"}},
		{"explicitly empty topics still count", map[string]string{
			"identity": `{"userId":"Bad_Id"}`, "kafka": `{"topics":[]}`,
		}, []string{"identity.userId", "kafka.topics"}},
		{"unknown region with zones", map[string]string{
			"aws:region": "us-moon-9", "network": `{"availabilityZones":["us-east-1a","us-east-1b"]}`,
		}, []string{"aws:region"}},
		{"no brokers with topics", map[string]string{"kafka": `{"brokerCount":-1}`}, []string{"kafka.brokerCount"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseExample("dev", with(tc.overrides))
			got := problemKeys(t, err)
			slices.Sort(got)
			assert.Equal(t, tc.want, got, "%v", err)
		})
	}
}

func TestRegionsOfTheAWSPartition(t *testing.T) {
	t.Parallel()
	for _, r := range []string{"us-east-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-southeast-2"} {
		_, err := parseExample("dev", with(map[string]string{"aws:region": r}))
		assert.NoError(t, err, r)
	}
	for region, suggestion := range map[string]string{"us-moon-9": "us-east-1", "eu-west-9": "eu-west-1", "us-gov-west-1": "us-west-1", "EU-WEST-2": "eu-west-2"} {
		_, err := parseExample("dev", with(map[string]string{"aws:region": region}))
		p := problemFor(t, err, RegionKey)
		assert.Equal(t, `"`+region+`" is not a region of the AWS partition (`+awsRegionsSource+` lists 34)`, p.Message)
		assert.Contains(t, p.Fix, "`pulumi config set aws:region "+suggestion+"`", region)
	}
}

// The committed table is botocore's, and says which release; rerun `go generate ./stacks`
// after upgrading botocore.
func TestRegionTableMatchesBotocore(t *testing.T) {
	t.Parallel()
	dataDir, version, err := botocore.Locate()
	if err != nil {
		testtool.Missing(t, fmt.Sprintf("python3 with botocore is not installed (%v), so the generated region table cannot be compared; "+
			"install botocore and run `go generate ./stacks` to refresh it", err))
	}
	data, err := os.ReadFile(filepath.Join(dataDir, "endpoints.json"))
	require.NoError(t, err)
	want, err := PartitionRegions(data, AWSPartition)
	require.NoError(t, err)
	require.Greater(t, len(want), 20, "the aws partition has dozens of regions")
	assert.Equal(t, want, awsRegions, "stale: run `go generate ./stacks`")
	assert.Equal(t, "botocore "+version, awsRegionsSource, "run `go generate ./stacks`")
	gen, err := os.ReadFile("regions_gen.go")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(gen), "// Code generated by stacks/internal/regiongen from botocore "+version+" "))
}

// `pulumi new` writes the template's answers as plain keys ("identity.userId"); they are the
// identity settings they name, and a conflicting value inside identity is refused.
func TestTemplateAnswersAreIdentitySettings(t *testing.T) {
	t.Parallel()
	values := map[string]string{
		"aws:region":                    "eu-west-2",
		Project + ":identity.userId":    "012345678901",
		Project + ":identity.owner":     "me@example.com",
		Project + ":identity.expiresAt": "2026-12-08",
	}
	lookup := func(key string) (string, bool) { v, ok := values[key]; return v, ok }
	keys := slices.Collect(maps.Keys(values))
	cfg, err := Parse("learner", lookup, WithKeys(keys))
	require.NoError(t, err)
	assert.Equal(t, IdentityConfig{UserID: "012345678901", Environment: EnvDev, Owner: "me@example.com", TTL: "7d", ExpiresAt: "2026-12-08"}, cfg.Identity)

	// The committed dev stack's placeholder gives way to the answer.
	placeholder := with(map[string]string{"identity": `{"userId":"` + UserIDPlaceholder + `"}`, "identity.userId": "1a2b3c4d5e6f"})
	cfg, err = Parse("dev", placeholder)
	require.NoError(t, err)
	assert.Equal(t, "1a2b3c4d5e6f", cfg.Identity.UserID)

	_, err = Parse("dev", with(map[string]string{"identity": `{"userId":"1a2b3c4d5e6f"}`, "identity.userId": "9f8e7d6c5b4a"}))
	assert.Equal(t, []string{"identity.userId"}, problemKeys(t, err))
	assert.Contains(t, problemFor(t, err, "identity.userId").Fix, "`pulumi config rm identity.userId`")
}

// The template asks exactly for the region and the identity keys Parse reads, each described.
func TestPulumiYamlTemplateAsksForTheLearnersSettings(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join("..", "Pulumi.yaml"))
	require.NoError(t, err)
	var project struct {
		Template struct {
			Description string `yaml:"description"`
			Config      map[string]struct {
				Description string `yaml:"description"`
				Default     string `yaml:"default"`
			} `yaml:"config"`
		} `yaml:"template"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &project))
	assert.NotEmpty(t, project.Template.Description)
	assert.ElementsMatch(t, append([]string{RegionKey}, TemplateKeys...), slices.Collect(maps.Keys(project.Template.Config)))
	for key, c := range project.Template.Config {
		assert.NotEmpty(t, c.Description, key)
	}
	assert.True(t, IsAWSRegion(project.Template.Config[RegionKey].Default), "the default region is valid")
}

// A deployment lists its keys only through the language host's PULUMI_CONFIG.
func TestDeployedKeysComeFromPulumiConfig(t *testing.T) {
	t.Setenv("PULUMI_CONFIG", `{"aws:region":"us-east-1","pinterest-pipeline:airflw":"{}","pulumi:template":"x"}`)
	keys, ok := deployedKeys()
	require.True(t, ok)
	assert.Equal(t, []string{"aws:region", "pinterest-pipeline:airflw", "pulumi:template"}, keys)
	assert.Equal(t, []string{"pinterest-pipeline:airflw"}, func() []string {
		var out []string
		for _, p := range KeyProblems(keys) {
			out = append(out, Project+":"+p.Key)
		}
		return out
	}())
	t.Setenv("PULUMI_CONFIG", "")
	_, ok = deployedKeys()
	assert.False(t, ok, "under mocks there is no PULUMI_CONFIG")
}
