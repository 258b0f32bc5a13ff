package readme

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Link is an inline Markdown link, [text](target), outside fenced blocks and code spans.
type Link struct {
	Line   int
	Target string
}

var (
	inlineLink = regexp.MustCompile(`\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	codeSpan   = regexp.MustCompile("`[^`]*`")
	urlScheme  = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
	heading    = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*\s*$`)
	// GitHub's heading anchors keep letters, digits, underscores, hyphens and spaces, turn each
	// space into a hyphen, and suffix repeats with -1, -2… (the GFM algorithm as comrak's
	// Anchorizer documents it, docs.rs/comrak "Struct Anchorizer").
	notAnchorChar = regexp.MustCompile(`[^\p{L}\p{N}_\- ]`)
)

// Links returns the document's inline links, in order.
func Links(text string) []Link {
	var out []Link
	inFence := false
	for i, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		for _, m := range inlineLink.FindAllStringSubmatch(codeSpan.ReplaceAllString(line, ""), -1) {
			out = append(out, Link{Line: i + 1, Target: m[1]})
		}
	}
	return out
}

// Anchors returns the anchors GitHub gives the document's headings: the heading's text in
// lower case, without punctuation, spaces as hyphens, and "-1", "-2"… on repeats.
func Anchors(text string) map[string]bool {
	anchors := map[string]bool{}
	seen := map[string]int{}
	inFence := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
			continue
		}
		m := heading.FindStringSubmatch(line)
		if inFence || m == nil {
			continue
		}
		slug := strings.ReplaceAll(notAnchorChar.ReplaceAllString(strings.ToLower(m[1]), ""), " ", "-")
		if n := seen[slug]; n > 0 {
			anchors[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			anchors[slug] = true
		}
		seen[slug]++
	}
	return anchors
}

// CheckLinks checks every relative link of the given Markdown files (paths relative to root):
// the file or directory it names exists inside root, and its #anchor, if any, is a heading of
// that Markdown file. It returns how many links it checked and one line per broken link.
func CheckLinks(root string, files []string) (checked int, broken []string, err error) {
	texts := map[string]string{}
	read := func(rel string) (string, error) {
		if text, ok := texts[rel]; ok {
			return text, nil
		}
		raw, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			return "", err
		}
		texts[rel] = string(raw)
		return texts[rel], nil
	}
	for _, file := range files {
		text, err := read(file)
		if err != nil {
			return checked, broken, fmt.Errorf("read %s: %w", file, err)
		}
		for _, link := range Links(text) {
			if urlScheme.MatchString(link.Target) || strings.HasPrefix(link.Target, "//") {
				continue // absolute: not this test's business
			}
			checked++
			where := fmt.Sprintf("%s:%d: %s", file, link.Line, link.Target)
			path, anchor, _ := strings.Cut(link.Target, "#")
			if path, err = url.PathUnescape(path); err != nil {
				broken = append(broken, where+": cannot unescape the path")
				continue
			}
			target := file
			if path != "" {
				target = filepath.Clean(filepath.Join(filepath.Dir(file), path))
			}
			if target == ".." || strings.HasPrefix(target, ".."+string(filepath.Separator)) || filepath.IsAbs(target) {
				broken = append(broken, where+": points outside the repository")
				continue
			}
			info, err := os.Stat(filepath.Join(root, target))
			if err != nil {
				broken = append(broken, where+": no such file")
				continue
			}
			if anchor == "" {
				continue
			}
			if info.IsDir() || filepath.Ext(target) != ".md" {
				broken = append(broken, where+": an anchor into something that is not a Markdown file")
				continue
			}
			targetText, err := read(target)
			if err != nil {
				return checked, broken, fmt.Errorf("read %s: %w", target, err)
			}
			if !Anchors(targetText)[anchor] {
				broken = append(broken, fmt.Sprintf("%s: %s has no heading with the anchor #%s", where, target, anchor))
			}
		}
	}
	return checked, broken, nil
}
