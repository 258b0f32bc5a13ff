package readme

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAnchorsFollowGitHub(t *testing.T) {
	t.Parallel()
	text := "# Learner guide\n\n## Processing: the workspace and its token\n\n### Destroy and re-create: a walkthrough\n\n" +
		"## `go test`, for scripts\n\n```sh\n# not a heading\n```\n\n## Costs\n\n## Costs\n"
	got := Anchors(text)
	for _, want := range []string{"learner-guide", "processing-the-workspace-and-its-token",
		"destroy-and-re-create-a-walkthrough", "go-test-for-scripts", "costs", "costs-1"} {
		assert.True(t, got[want], "anchor %q in %v", want, got)
	}
	assert.Len(t, got, 6, "a comment in a fenced block is not a heading")
}

func TestLinksSkipCode(t *testing.T) {
	t.Parallel()
	text := "See [a](a.md) and `[b](b.md)`.\n```sh\necho [c](c.md)\n```\n| [d](d.md#x \"title\") |\n"
	links := Links(text)
	require.Len(t, links, 2)
	assert.Equal(t, Link{Line: 1, Target: "a.md"}, links[0])
	assert.Equal(t, Link{Line: 5, Target: "d.md#x"}, links[1])
}

// The checker reports each kind of broken link and passes the good ones.
func TestCheckLinksFindsBrokenLinks(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(rel, text string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, rel)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, rel), []byte(text), 0o644))
	}
	write("README.md", "# Top\n\n[ok](docs/guide.md#deploy-it) [dir](docs/) [self](#top) [web](https://example.com/x)\n"+
		"[gone](docs/missing.md) [anchor](docs/guide.md#nowhere) [self-anchor](#nowhere) [out](../elsewhere.md) [code](main.go#L1)\n")
	write("docs/guide.md", "# Guide\n\n## Deploy it\n\n[back](../README.md#top)\n")
	write("main.go", "package main\n")

	checked, broken, err := CheckLinks(root, []string{"README.md", "docs/guide.md"})
	require.NoError(t, err)
	assert.Equal(t, 9, checked, "every relative link is checked; the https one is not")
	assert.Equal(t, []string{
		"README.md:4: docs/missing.md: no such file",
		"README.md:4: docs/guide.md#nowhere: docs/guide.md has no heading with the anchor #nowhere",
		"README.md:4: #nowhere: README.md has no heading with the anchor #nowhere",
		"README.md:4: ../elsewhere.md: points outside the repository",
		"README.md:4: main.go#L1: an anchor into something that is not a Markdown file",
	}, broken)
}
