package conformance

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"go/format"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// PinnedBotocore is the botocore release the committed tables come from; the generator
// refuses another, so that a table never silently changes with whatever is installed.
const PinnedBotocore = "1.43.11"

// botocoreShape is the part of a botocore shape the tables need.
type botocoreShape struct {
	Type    string                            `json:"type"`
	Members map[string]struct{ Shape string } `json:"members"`
	Member  *struct{ Shape string }           `json:"member"`
	Key     *struct{ Shape string }           `json:"key"`
	Value   *struct{ Shape string }           `json:"value"`
	Min     *float64                          `json:"min"`
	Max     *float64                          `json:"max"`
	Pattern string                            `json:"pattern"`
	Enum    []string                          `json:"enum"`
}

type botocoreModel struct {
	Operations map[string]struct {
		Input *struct{ Shape string } `json:"input"`
	} `json:"operations"`
	Shapes map[string]botocoreShape `json:"shapes"`
}

// loadModel reads a service's newest model from botocore's data directory
// (data/<service>/<api version>/service-2.json, gzipped in recent releases).
func loadModel(dataDir, service string) (*botocoreModel, error) {
	versions, err := os.ReadDir(filepath.Join(dataDir, service))
	if err != nil {
		return nil, fmt.Errorf("botocore has no service %s: %w", service, err)
	}
	var dates []string
	for _, v := range versions {
		if v.IsDir() {
			dates = append(dates, v.Name())
		}
	}
	if len(dates) == 0 {
		return nil, fmt.Errorf("botocore has no model for %s", service)
	}
	slices.Sort(dates)
	dir := filepath.Join(dataDir, service, dates[len(dates)-1])
	var r io.Reader
	if f, err := os.Open(filepath.Join(dir, "service-2.json.gz")); err == nil {
		defer f.Close()
		if r, err = gzip.NewReader(f); err != nil {
			return nil, fmt.Errorf("reading %s's model: %w", service, err)
		}
	} else if f, err := os.Open(filepath.Join(dir, "service-2.json")); err == nil {
		defer f.Close()
		r = f
	} else {
		return nil, fmt.Errorf("no service-2.json for %s in %s", service, dir)
	}
	var m botocoreModel
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, fmt.Errorf("reading %s's model: %w", service, err)
	}
	return &m, nil
}

var pathStep = regexp.MustCompile(`^([A-Za-z0-9_]+)(\[\]|\{key\}|\{value\})*$`)

// resolve walks a member path from an operation's input shape to the member's constraint.
func resolve(m *botocoreModel, member Member) (Constraint, error) {
	op, ok := m.Operations[member.Operation]
	if !ok || op.Input == nil {
		return Constraint{}, fmt.Errorf("%s: no operation %s with input", member, member.Operation)
	}
	name := op.Input.Shape
	walked := ""
	var cols []Collection
	for _, step := range strings.Split(member.Path, ".") {
		parts := pathStep.FindStringSubmatch(step)
		if parts == nil {
			return Constraint{}, fmt.Errorf("%s: bad path step %q", member, step)
		}
		shape := m.Shapes[name]
		field, ok := shape.Members[parts[1]]
		if shape.Type != "structure" || !ok {
			return Constraint{}, fmt.Errorf("%s: %s has no member %s", member, name, parts[1])
		}
		name = field.Shape
		walked = strings.TrimPrefix(walked+"."+parts[1], ".")
		for rest := step[len(parts[1]):]; rest != ""; {
			shape := m.Shapes[name]
			col := Collection{At: walked, Min: bound(shape.Min), Max: bound(shape.Max)}
			switch {
			case strings.HasPrefix(rest, "[]") && shape.Type == "list" && shape.Member != nil:
				name, rest, walked = shape.Member.Shape, rest[2:], walked+"[]"
			case strings.HasPrefix(rest, "{key}") && shape.Type == "map" && shape.Key != nil:
				name, rest, walked = shape.Key.Shape, rest[5:], walked+"{key}"
			case strings.HasPrefix(rest, "{value}") && shape.Type == "map" && shape.Value != nil:
				name, rest, walked = shape.Value.Shape, rest[7:], walked+"{value}"
			default:
				return Constraint{}, fmt.Errorf("%s: %s is a %s, not what %q steps into", member, walked, shape.Type, rest)
			}
			cols = append(cols, col)
		}
	}
	shape, ok := m.Shapes[name]
	if !ok {
		return Constraint{}, fmt.Errorf("%s: no shape %s", member, name)
	}
	c := Constraint{Shape: name, Type: shape.Type, Min: bound(shape.Min), Max: bound(shape.Max), Enum: shape.Enum, Collections: cols}
	if shape.Pattern != "" {
		c.Pattern = shape.Pattern
		c.RE2, c.Uncheckable = toRE2(shape.Pattern)
	}
	return c, nil
}

func bound(v *float64) Bound {
	if v == nil {
		return Bound{}
	}
	return Bound{Set: true, Value: *v}
}

var javaUnicodeEscape = regexp.MustCompile(`\\u([0-9A-Fa-f]{4})`)

// toRE2 rewrites a model pattern for Go's regexp, or says why it cannot: the models use Java
// and ECMAScript syntax, whose \uXXXX escapes RE2 spells \x{XXXX}, and whose lookarounds and
// backreferences RE2 does not have at all (https://github.com/google/re2/wiki/Syntax).
func toRE2(pattern string) (re2, uncheckable string) {
	re := javaUnicodeEscape.ReplaceAllString(pattern, `\x{$1}`)
	if _, err := regexp.Compile(anchor(re)); err != nil {
		why := err.Error()
		switch {
		case strings.Contains(re, "(?!"), strings.Contains(re, "(?="), strings.Contains(re, "(?<"):
			why = "a lookaround, which RE2 has no equivalent for"
		}
		return "", "pattern not checkable in RE2: " + why
	}
	return re, ""
}

// Generate writes the Go source of the constraint tables for members, from botocore's data
// directory; version is the botocore release, recorded in the file.
func Generate(dataDir, version string, members []Member) ([]byte, error) {
	models := map[string]*botocoreModel{}
	out := map[Member]Constraint{}
	var errs []string
	for _, m := range members {
		model, ok := models[m.Service]
		if !ok {
			var err error
			if model, err = loadModel(dataDir, m.Service); err != nil {
				return nil, err
			}
			models[m.Service] = model
		}
		c, err := resolve(model, m)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		out[m] = c
	}
	if len(errs) > 0 {
		slices.Sort(errs)
		return nil, fmt.Errorf("the mapping names members the models lack:\n  %s", strings.Join(slices.Compact(errs), "\n  "))
	}
	keys := make([]Member, 0, len(out))
	for m := range out {
		keys = append(keys, m)
	}
	slices.SortFunc(keys, func(a, b Member) int { return strings.Compare(a.String(), b.String()) })
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by internal/conformance/internal/gen from botocore %s service models; DO NOT EDIT.\n\n", version)
	b.WriteString("package conformance\n\n")
	fmt.Fprintf(&b, "const generatedSource = %q\n\n", "botocore "+version)
	b.WriteString("var generated = map[Member]Constraint{\n")
	for _, m := range keys {
		c := out[m]
		fmt.Fprintf(&b, "{%q, %q, %q}: {Shape: %q, Type: %q", m.Service, m.Operation, m.Path, c.Shape, c.Type)
		writeBound(&b, "Min", c.Min)
		writeBound(&b, "Max", c.Max)
		if c.Pattern != "" {
			fmt.Fprintf(&b, ", Pattern: %s, RE2: %s", quote(c.Pattern), quote(c.RE2))
		}
		if c.Uncheckable != "" {
			fmt.Fprintf(&b, ", Uncheckable: %q", c.Uncheckable)
		}
		if len(c.Enum) > 0 {
			b.WriteString(", Enum: []string{")
			for i, e := range c.Enum {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%q", e)
			}
			b.WriteString("}")
		}
		if len(c.Collections) > 0 {
			b.WriteString(", Collections: []Collection{")
			for _, col := range c.Collections {
				fmt.Fprintf(&b, "{At: %q", col.At)
				writeBound(&b, "Min", col.Min)
				writeBound(&b, "Max", col.Max)
				b.WriteString("}, ")
			}
			b.WriteString("}")
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting the generated tables: %w", err)
	}
	return src, nil
}

func writeBound(b *bytes.Buffer, name string, v Bound) {
	if v.Set {
		fmt.Fprintf(b, ", %s: Bound{true, %s}", name, strconv.FormatFloat(v.Value, 'f', -1, 64))
	}
}

// quote prefers a raw string literal, which keeps the patterns readable.
func quote(s string) string {
	if !strings.Contains(s, "`") && strconv.CanBackquote(s) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}
