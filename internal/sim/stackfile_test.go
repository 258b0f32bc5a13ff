package sim

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOverrideValuesKeepWhatWasTyped covers how --config reads a value: YAML types where the
// user wrote YAML, the typed text where YAML would change it (dates) or cannot read it (@daily).
func TestOverrideValuesKeepWhatWasTyped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		override string
		want     string // the identity object's JSON after the override
	}{
		{"identity.expiresAt=2026-11-01", `{"expiresAt":"2026-11-01"}`},
		{"identity.expiresAt=2026-11-01T10:00:00Z", `{"expiresAt":"2026-11-01T10:00:00Z"}`},
		{"identity.expiresAt='2026-11-01'", `{"expiresAt":"2026-11-01"}`},
		{"identity.expiresAt=[2026-11-01, 2026-12-01]", `{"expiresAt":["2026-11-01","2026-12-01"]}`},
		{"identity.expiresAt={on: 2026-11-01}", `{"expiresAt":{"on":"2026-11-01"}}`},
		{"identity.schedule=@daily", `{"schedule":"@daily"}`},
		{"identity.schedule=0 6 * * *", `{"schedule":"0 6 * * *"}`},
		{"identity.schedule=*/5 * * * *", `{"schedule":"*/5 * * * *"}`},
		{"identity.owner=a: b: c", `{"owner":"a: b: c"}`},
		{"identity.azCount=3", `{"azCount":3}`},
		{"identity.budget=0.2", `{"budget":0.2}`},
		{"identity.enabled=false", `{"enabled":false}`},
		{"identity.userId=0affd9571f39", `{"userId":"0affd9571f39"}`},
		{"identity.owner=", `{"owner":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.override, func(t *testing.T) {
			t.Parallel()
			opts := Options{Project: "proj", Config: map[string]string{}}
			require.NoError(t, ApplyOverrides(&opts, []string{tt.override}))
			assert.JSONEq(t, tt.want, opts.Config["proj:identity"])
		})
	}
}

func TestTopLevelOverridesKeepWhatWasTyped(t *testing.T) {
	t.Parallel()
	opts := Options{Project: "proj", Config: map[string]string{}}
	require.NoError(t, ApplyOverrides(&opts, []string{"day=2026-11-01", "schedule=@daily"}))
	assert.Equal(t, "2026-11-01", opts.Config["proj:day"])
	assert.Equal(t, "@daily", opts.Config["proj:schedule"])
}

// A value that starts like a YAML list, mapping or quoted string but does not parse is a typo,
// not text: it still fails, naming the key.
func TestBrokenStructuredOverridesStillFail(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"[unclosed", "{a: 1", `"unterminated`, "'unterminated"} {
		opts := Options{Project: "proj", Config: map[string]string{}}
		err := ApplyOverrides(&opts, []string{"network.cidr=" + raw})
		require.Error(t, err, raw)
		assert.Contains(t, err.Error(), "--config network.cidr: value "+jsonQuote(raw)+" is not valid YAML", raw)
		assert.Empty(t, opts.Config, "a failed override sets nothing")
	}
}

func jsonQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// An unquoted date in a stack file reaches the program as the Pulumi CLI passes it: YAML reads
// a timestamp, which the CLI prints with Go's time.Time.String. The offline plan must show the
// same value, so that validation can point at the missing quotes.
func TestStackFileDatesArriveAsTheCLIPassesThem(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte("name: proj\nruntime: go\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.test.yaml"),
		[]byte("config:\n  proj:identity:\n    expiresAt: 2026-11-01\n    quoted: \"2026-11-01\"\n  proj:day: 2026-11-01\n"), 0o600))
	project, err := ReadProject(dir)
	require.NoError(t, err)
	opts, err := ReadStack(dir, project, "test")
	require.NoError(t, err)
	assert.JSONEq(t, `{"expiresAt":"2026-11-01 00:00:00 +0000 UTC","quoted":"2026-11-01"}`, opts.Config["proj:identity"])
	assert.Equal(t, "2026-11-01 00:00:00 +0000 UTC", opts.Config["proj:day"])
}

// The committed dev stack's placeholder is planned as the example id and named; a stack file
// with the learner's own id, in identity or as `pulumi new` writes it, needs no stand-in; and an
// unknown key of the stack file is refused on every simulated run.
func TestStackFilePlaceholderAndUnknownKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		assumed    []string
		runErr     string
	}{
		{"placeholder", "  pinterest-pipeline:identity:\n    userId: <your-user-id>\n", []string{"identity.userId"}, ""},
		{"own id", "  pinterest-pipeline:identity:\n    userId: 1a2b3c4d5e6f\n", nil, ""},
		{"answered by pulumi new", "  pinterest-pipeline:identity:\n    userId: <your-user-id>\n  pinterest-pipeline:identity.userId: 1a2b3c4d5e6f\n", nil, ""},
		{"misspelt key", "  pinterest-pipeline:airflw:\n    enabled: false\n", nil, "airflw is not a known setting (did you mean airflow?)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte("name: pinterest-pipeline\nruntime: go\n"), 0o600))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.test.yaml"), []byte("config:\n"+tc.file), 0o600))
			project, err := ReadProject(dir)
			require.NoError(t, err)
			opts, err := ReadStack(dir, project, "test")
			require.NoError(t, err)
			StandInForMissingSecrets(&opts)
			var assumed []string
			for _, p := range opts.Assumed {
				assumed = append(assumed, p.Key)
			}
			assert.Equal(t, tc.assumed, assumed)
			if tc.assumed != nil {
				assert.Contains(t, opts.Config["pinterest-pipeline:identity"], `"userId":"`+stacks.ExampleUserID+`"`)
			}
			ran := false
			_, err = Run(opts, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
				ran = true
				return nil, nil
			})
			if tc.runErr == "" {
				assert.NoError(t, err)
				assert.True(t, ran)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.runErr)
			assert.False(t, ran, "the program does not run with an unknown key")
		})
	}
}
