package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var today = time.Date(2026, 12, 1, 19, 0, 0, 0, time.UTC)

// project copies the repository's Pulumi.yaml into a fresh directory.
func project(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "Pulumi.yaml"))
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), raw, 0o644))
	return dir
}

func TestInitWritesAValidStackFileOrNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		wantFile []string // lines the written file holds; nil: nothing written
		wantErr  []string
	}{
		{"flags", []string{"--user-id", "1a2b3c4d5e6f", "--owner", "me@example.com", "--region", "eu-west-2", "--expires-at", "2026-12-20"}, "", 0,
			[]string{`  aws:region: "eu-west-2"`, `    userId: "1a2b3c4d5e6f"`, `    owner: "me@example.com"`, `    expiresAt: "2026-12-20"`}, nil},
		{"answers with defaults", nil, "012345678901\nme@example.com\n\n\n", 0,
			[]string{`  aws:region: "us-east-1"`, `    userId: "012345678901"`, `    expiresAt: "2026-12-08"`}, nil},
		{"example id", []string{"--user-id", "0affd9571f39", "--owner", "me"}, "\n\n", cliexit.Failed, nil,
			[]string{"identity.userId is 0affd9571f39, the course's example id", "nothing was written"}},
		{"placeholder", []string{"--user-id", "<your-user-id>", "--owner", "me"}, "\n\n", cliexit.Failed, nil,
			[]string{`identity.userId is still the placeholder "<your-user-id>"`}},
		{"bad region and date", []string{"--user-id", "1a2b3c4d5e6f", "--owner", "me", "--region", "us-moon-9", "--expires-at", "31/12/2026"}, "", cliexit.Failed, nil,
			[]string{`aws:region "us-moon-9" is not a region of the AWS partition`, `identity.expiresAt "31/12/2026" is not a date: write it as YYYY-MM-DD`}},
		{"no answers", nil, "", cliexit.Failed, nil, []string{"identity.userId", "identity.owner is empty"}},
		{"stray argument", []string{"dev"}, "", cliexit.Usage, nil, []string{"unexpected arguments"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := project(t)
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"--dir", dir, "--stack", "learner"}, tc.args...), strings.NewReader(tc.stdin), &stdout, &stderr, today)
			assert.Equal(t, tc.code, code, stderr.String())
			for _, want := range tc.wantErr {
				assert.Contains(t, stderr.String(), want)
			}
			written, err := os.ReadFile(filepath.Join(dir, "Pulumi.learner.yaml"))
			if tc.wantFile == nil {
				assert.ErrorIs(t, err, os.ErrNotExist, "nothing is written on bad input")
				return
			}
			require.NoError(t, err)
			for _, line := range tc.wantFile {
				assert.Contains(t, strings.Split(string(written), "\n"), line)
			}
		})
	}
}

func TestInitKeepsAnExistingStackFileUnlessForced(t *testing.T) {
	t.Parallel()
	dir := project(t)
	path := filepath.Join(dir, "Pulumi.dev.yaml")
	require.NoError(t, os.WriteFile(path, []byte("config: {}\n"), 0o644))
	args := []string{"--dir", dir, "--user-id", "1a2b3c4d5e6f", "--owner", "me", "--region", "us-east-1", "--expires-at", "2026-12-20"}
	var stderr bytes.Buffer
	assert.Equal(t, cliexit.Usage, run(args, strings.NewReader(""), &bytes.Buffer{}, &stderr, today))
	assert.Contains(t, stderr.String(), "exists; nothing was written")
	kept, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "config: {}\n", string(kept))

	require.Equal(t, 0, run(append(args, "--force"), strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, today))
	replaced, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(replaced), `userId: "1a2b3c4d5e6f"`)
}

// -h lists the exit statuses from their one definition, and asking for help is no failure.
func TestHelpListsTheExitStatuses(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	assert.Equal(t, cliexit.OK, run([]string{"-h"}, strings.NewReader(""), &stdout, &stderr, time.Now()))
	assert.Contains(t, stderr.String(), cliexit.Init.Usage())
}
