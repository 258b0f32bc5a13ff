// Package readme reads the parts of the project's documents (README.md, CONTRIBUTING.md and
// docs/) that tests hold to account: their sections, numbered steps, fenced command blocks and
// relative links, with the markers that say a block runs offline in `go test ./internal/readme`:
//
//	<!-- offline-test -->                          the next fenced block runs as written
//	<!-- offline-test stdin="a\nb\n" -->           …with these answers on standard input
//	<!-- offline-test needs="moto_server aws" -->  …where these commands are installed
//	<!-- offline-test-output -->                   the next block's lines appear in the output of the marked block before it
//
// A command's expected exit status is 0, or N when its trailing comment starts "# exit N".
package readme

import (
	"regexp"
	"strconv"
	"strings"
)

// Doc is a parsed Markdown document.
type Doc struct {
	Sections []*Section
	// Blocks are every fenced block, in order.
	Blocks []*Block
}

// Section is a "## " section.
type Section struct {
	Title  string
	Blocks []*Block
	steps  map[string][]*Step // by "### " subsection title
}

// Step is one item of a numbered list.
type Step struct {
	Number int
	// Text is the item's first line, without its number.
	Text   string
	Blocks []*Block
}

// Block is a fenced code block.
type Block struct {
	Section, Subsection, Info string
	// Body is the block's text, without the list indentation it sits in.
	Body string
	// Marked says the block runs offline; Stdin and Needs come from its marker.
	Marked bool
	Stdin  string
	Needs  []string
	// Output is the <!-- offline-test-output --> block that follows a marked block.
	Output *Block
}

var (
	stepLine    = regexp.MustCompile(`^(\d+)\.\s+(.*)$`)
	markerLine  = regexp.MustCompile(`^<!--\s*offline-test(-output)?((?:\s+\w+="(?:[^"\\]|\\.)*")*)\s*-->$`)
	markerAttrs = regexp.MustCompile(`(\w+)=("(?:[^"\\]|\\.)*")`)
)

// Parse reads a Markdown document. A marker it cannot read leaves the block unmarked, which the tests'
// minimum counts then catch.
func Parse(text string) *Doc {
	doc := &Doc{}
	var (
		section    *Section
		subsection string
		step       *Step
		fence      *Block
		indent     string
		body       []string
		lastText   string // the last non-blank line outside a fence
		lastMarked *Block
	)
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if fence != nil {
			if trimmed == "```" {
				fence.Body = strings.Join(body, "\n")
				doc.Blocks = append(doc.Blocks, fence)
				if section != nil {
					section.Blocks = append(section.Blocks, fence)
				}
				if step != nil {
					step.Blocks = append(step.Blocks, fence)
				}
				fence, body, lastText = nil, nil, ""
				continue
			}
			body = append(body, strings.TrimPrefix(line, indent))
			continue
		}
		switch {
		case strings.HasPrefix(line, "## "):
			section = &Section{Title: strings.TrimSpace(line[3:]), steps: map[string][]*Step{}}
			doc.Sections = append(doc.Sections, section)
			subsection, step = "", nil
		case strings.HasPrefix(line, "### "):
			subsection, step = strings.TrimSpace(line[4:]), nil
		case strings.HasPrefix(trimmed, "```"):
			fence = &Block{Info: strings.TrimPrefix(trimmed, "```"), Subsection: subsection}
			if section != nil {
				fence.Section = section.Title
			}
			indent = line[:len(line)-len(strings.TrimLeft(line, " "))]
			if m := markerLine.FindStringSubmatch(lastText); m != nil {
				if m[1] == "-output" {
					if lastMarked != nil {
						lastMarked.Output = fence
					}
				} else {
					fence.Marked = true
					readAttrs(fence, m[2])
					lastMarked = fence
				}
			}
			continue
		default:
			if m := stepLine.FindStringSubmatch(line); m != nil && section != nil {
				n, _ := strconv.Atoi(m[1])
				step = &Step{Number: n, Text: m[2]}
				section.steps[subsection] = append(section.steps[subsection], step)
			} else if trimmed != "" && !strings.HasPrefix(line, " ") {
				step = nil // an unindented paragraph ends the list item
			}
		}
		if trimmed != "" {
			lastText = trimmed
		}
	}
	return doc
}

func readAttrs(b *Block, attrs string) {
	for _, m := range markerAttrs.FindAllStringSubmatch(attrs, -1) {
		value, err := strconv.Unquote(m[2])
		if err != nil {
			continue
		}
		switch m[1] {
		case "stdin":
			b.Stdin = value
		case "needs":
			b.Needs = strings.Fields(value)
		}
	}
}

// Section returns the "## " section with this title.
func (d *Doc) Section(title string) (*Section, bool) {
	for _, s := range d.Sections {
		if s.Title == title {
			return s, true
		}
	}
	return nil, false
}

// Marked returns the blocks marked to run offline, in order.
func (d *Doc) Marked() []*Block {
	var out []*Block
	for _, b := range d.Blocks {
		if b.Marked {
			out = append(out, b)
		}
	}
	return out
}

// Steps returns the numbered steps under the "### " subsection with this title.
func (s *Section) Steps(subsection string) []*Step {
	return s.steps[subsection]
}

// Commands returns the block's shell commands: continuation lines joined, blank lines and
// whole-line comments left out.
func (b *Block) Commands() []string {
	var out []string
	var pending strings.Builder
	for _, line := range strings.Split(b.Body, "\n") {
		if pending.Len() == 0 {
			if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
				continue
			}
		}
		if cont, ok := strings.CutSuffix(line, "\\"); ok {
			pending.WriteString(cont)
			continue
		}
		pending.WriteString(line)
		out = append(out, pending.String())
		pending.Reset()
	}
	if pending.Len() > 0 {
		out = append(out, pending.String())
	}
	return out
}
