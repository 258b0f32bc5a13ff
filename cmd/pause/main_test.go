package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func project(t *testing.T, stackFile string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte("name: pinterest-pipeline\nruntime: go\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.learner.yaml"), []byte(stackFile), 0o600))
	return dir
}

func decide(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"--dir", dir, "--stack", "learner"}, args...), &out, &errOut)
	return out.String(), errOut.String(), code
}

// The placeholders elsewhere in the file do not matter: only the pause section is read.
const scheduled = `config:
  aws:region: us-east-1
  pinterest-pipeline:identity:
    userId: <your-user-id>
  pinterest-pipeline:pause:
    classHours:
      timezone: Europe/London
      schedule: ["Mon-Fri 09:00-17:00"]
    resumeLeadMinutes: 45
`

func TestDecidesFromTheStackFile(t *testing.T) {
	t.Parallel()
	dir := project(t, scheduled)
	for _, tc := range []struct{ at, want string }{
		{"2026-12-07T10:00:00Z", "running\n"}, // Monday 10:00 London (GMT)
		{"2026-12-07T08:20:00Z", "running\n"}, // inside the 45 minutes' lead
		{"2026-12-07T08:10:00Z", "paused\n"},
		{"2026-12-07T17:00:00Z", "paused\n"},
		{"2026-12-12T10:00:00Z", "paused\n"}, // Saturday
	} {
		out, errOut, code := decide(t, dir, "--at", tc.at)
		require.Equal(t, 0, code, errOut)
		assert.Equal(t, tc.want, out, tc.at)
	}
}

func TestUnscheduledAndBadHours(t *testing.T) {
	t.Parallel()
	out, errOut, code := decide(t, project(t, "config:\n  aws:region: us-east-1\n"), "--at", "2026-12-07T10:00:00Z")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "unscheduled\n", out)

	bad := "config:\n  pinterest-pipeline:pause:\n    classHours:\n      timezone: Europe/Londn\n      schedule: [\"Mon 9-5\"]\n"
	out, errOut, code = decide(t, project(t, bad))
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "pause.classHours.timezone")
	assert.Contains(t, errOut, "pause.classHours.schedule[0]")

	_, errOut, code = decide(t, project(t, scheduled), "--at", "tomorrow")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--at")
}
