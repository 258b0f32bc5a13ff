package readme

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = "## Path\n\n### Steps\n\n" +
	"1. First:\n\n   <!-- offline-test stdin=\"a\\nb\\n\" -->\n   ```sh\n   go run ./cmd/init   # asks\n   ```\n\n" +
	"2. Console: click it.\n\n" +
	"3. Two lines, one command:\n\n   ```sh\n   # a comment\n   aws s3 cp \\\n     a b\n   ```\n\n" +
	"Not a step any more.\n\n" +
	"<!-- offline-test needs=\"moto_server aws\" -->\n```sh\nbin/plan   # exit 3\n```\n\n" +
	"<!-- offline-test-output -->\n```text\nPolicies: 1\n```\n\n" +
	"<!-- offline-test bogus -->\n```sh\nnot marked\n```\n\n" +
	"## Other\n\n1. elsewhere\n"

func TestParse(t *testing.T) {
	t.Parallel()
	doc := Parse(sample)
	section, ok := doc.Section("Path")
	require.True(t, ok)
	_, ok = doc.Section("Missing")
	assert.False(t, ok)

	steps := section.Steps("Steps")
	require.Len(t, steps, 3, "the paragraph after step 3 ends the list; the other section's item is not here")
	assert.Equal(t, []int{1, 2, 3}, []int{steps[0].Number, steps[1].Number, steps[2].Number})
	assert.Equal(t, "Console: click it.", steps[1].Text)
	assert.Empty(t, steps[1].Blocks)
	require.Len(t, steps[0].Blocks, 1)
	require.Len(t, steps[2].Blocks, 1)
	assert.Equal(t, []string{"go run ./cmd/init   # asks"}, steps[0].Blocks[0].Commands(), "the list indentation is removed")
	assert.Equal(t, []string{"aws s3 cp   a b"}, steps[2].Blocks[0].Commands(), "comments dropped, continuations joined")

	marked := doc.Marked()
	require.Len(t, marked, 2, "a marker with an unknown form marks nothing")
	assert.Equal(t, "a\nb\n", marked[0].Stdin)
	assert.Nil(t, marked[0].Needs)
	assert.Equal(t, []string{"moto_server", "aws"}, marked[1].Needs)
	assert.Equal(t, "Path", marked[1].Section)
	require.NotNil(t, marked[1].Output)
	assert.Equal(t, "Policies: 1", marked[1].Output.Body)
	assert.Nil(t, marked[0].Output)
	assert.Len(t, doc.Blocks, 5)
}
