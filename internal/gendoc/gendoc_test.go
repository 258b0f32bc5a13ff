package gendoc

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCell(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "user-&lt;userId&gt;-bucket, `set <token>` or `a\\|b`, c\\|d",
		Cell("user-<userId>-bucket, `set <token>` or `a|b`, c|d"))
}

// A stale block fails the check, names the command, and -update rewrites only the block.
func TestAssertBlock(t *testing.T) {
	t.Parallel()
	start, end := Markers("x", "go test ./x -update")
	path := filepath.Join(t.TempDir(), "doc.md")
	before := "# Doc\n\n" + start + "\nold\n" + end + "\nafter\n"
	require.NoError(t, os.WriteFile(path, []byte(before), 0o600))

	stale := &recorder{TB: t}
	AssertBlock(stale, path, "x", "go test ./x -update", "new\n", false)
	require.Len(t, stale.errors, 1, "a stale block fails")
	assert.Contains(t, stale.errors[0], "run `go test ./x -update`")

	AssertBlock(t, path, "x", "go test ./x -update", "new\n", true)
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "# Doc\n\n"+start+"\nnew\n"+end+"\nafter\n", string(raw))
}

// recorder keeps the errors an assertion reports instead of failing the test.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestFieldDocs(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "x.go")
	require.NoError(t, os.WriteFile(path, []byte(`package x

// Table is a price table.
type Table struct {
	// Hour is the price of an hour.
	Hour float64
	// Parts are what it is made of.
	Parts []string
	Undocumented int
}
`), 0o600))
	docs, err := FieldDocs(path)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"Table":       "A price table.",
		"Table.Hour":  "The price of an hour.",
		"Table.Parts": "What it is made of.",
	}, docs)
}
