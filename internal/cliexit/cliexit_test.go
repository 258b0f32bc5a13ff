package cliexit_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliusage"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOf(t *testing.T) {
	t.Parallel()
	assert.Equal(t, cliexit.OK, cliexit.Of(nil))
	assert.Equal(t, cliexit.Failed, cliexit.Of(errors.New("the bucket does not exist")))
	assert.Equal(t, cliexit.Usage, cliexit.Of(cliusage.Errorf("--count must be positive")))
	assert.Equal(t, cliexit.Usage, cliexit.Of(fmt.Errorf("reading flags: %w", cliusage.Errorf("--count must be positive"))),
		"a wrapped usage error is still one")
}

// repoRoot is two levels up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	return root
}

// exitTable finds the one Markdown table headed "| Command | 0 | 1 | 2 | 3 |" in README.md
// or under docs/, and returns its rows as cells.
func exitTable(t *testing.T) [][]string {
	t.Helper()
	root := repoRoot(t)
	files := []string{filepath.Join(root, "README.md")}
	more, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	require.NoError(t, err)
	deeper, err := filepath.Glob(filepath.Join(root, "docs", "*", "*.md"))
	require.NoError(t, err)
	files = append(append(files, more...), deeper...)

	var tables [][][]string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		require.NoError(t, err)
		lines := strings.Split(string(data), "\n")
		for i, line := range lines {
			if cells(line) == nil || strings.Join(cells(line), "|") != "Command|0|1|2|3" {
				continue
			}
			var rows [][]string
			for _, row := range lines[i+2:] { // past the header and its |---| line
				c := cells(row)
				if c == nil {
					break
				}
				rows = append(rows, c)
			}
			tables = append(tables, rows)
		}
	}
	require.Len(t, tables, 1, "want exactly one exit-code table (| Command | 0 | 1 | 2 | 3 |) in README.md or docs/")
	return tables[0]
}

// cells splits a Markdown table row; nil when the line is not one.
func cells(line string) []string {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "|") || !strings.HasSuffix(line, "|") {
		return nil
	}
	parts := strings.Split(strings.Trim(line, "|"), "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// The README's table of exit codes says what cliexit says, command by command and status by
// status: a status added, dropped or reworded in one place fails here until the other follows.
func TestREADMEExitCodeTableMatchesTheCommands(t *testing.T) {
	t.Parallel()
	rows := exitTable(t)
	require.Len(t, rows, len(cliexit.Commands), "one row per command")
	for i, c := range cliexit.Commands {
		row := rows[i]
		require.Len(t, row, 5, "row %d: a command and statuses 0 to 3", i)
		assert.Equal(t, "`bin/"+c.Name+"`", row[0], "row %d names the command", i)
		for code := 0; code <= cliexit.PolicyViolation; code++ {
			want := "—"
			if code < len(c.Meanings) {
				want = c.Meanings[code]
			}
			assert.Equal(t, want, row[code+1], "%s, exit status %d", c.Name, code)
		}
	}
}
