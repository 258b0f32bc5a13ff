package conformance

import (
	"regexp"
	"strings"
	"sync"
)

//go:generate go run ./internal/gen

// Member names one input member of an AWS API operation, as botocore's service model spells
// it: the service's data directory name, the operation, and a path from the operation's input
// shape. A path step is a member name; "[]" after a name steps into a list's elements, and
// "{key}" or "{value}" into a map's keys or values: "NetworkConfiguration.SubnetIds[]",
// "Tags{value}", "TagSpecifications[].Tags[].Key".
type Member struct {
	Service, Operation, Path string
}

func (m Member) String() string { return m.Service + " " + m.Operation + " " + m.Path }

// Bound is an optional numeric limit.
type Bound struct {
	Set   bool
	Value float64
}

// Collection is the size limit of one list or map on the way to a member, in path order.
type Collection struct {
	// At is the member path of the list or map, for messages.
	At       string
	Min, Max Bound
}

// Constraint is what the service model documents for one member: the limits of its shape
// (botocore keeps min, max, pattern and enum on shapes, not on members).
type Constraint struct {
	// Shape is the botocore shape name, and Type its type (string, integer, long, double, ...).
	Shape, Type string
	// Min and Max bound a string's length in characters, or a number's value.
	Min, Max Bound
	// Pattern is the model's regular expression as published, and RE2 the same expression as
	// Go's regexp compiles it (\uXXXX written \x{XXXX}), or "" when RE2 cannot express it.
	Pattern, RE2 string
	// Uncheckable says why Pattern has no RE2 form (a lookahead, a backreference).
	Uncheckable string
	Enum        []string
	// Collections are the lists and maps the path steps through, outermost first.
	Collections []Collection
}

// Constrained says whether the model documents any limit for the member itself or the lists
// on its way.
func (c Constraint) Constrained() bool {
	if c.Min.Set || c.Max.Set || c.Pattern != "" || len(c.Enum) > 0 {
		return true
	}
	for _, col := range c.Collections {
		if col.Min.Set || col.Max.Set {
			return true
		}
	}
	return false
}

// Lookup returns the generated constraint of a member.
func Lookup(m Member) (Constraint, bool) {
	c, ok := generated[m]
	return c, ok
}

// ModelSource is the botocore release the tables were generated from.
func ModelSource() string { return generatedSource }

var (
	compileOnce sync.Once
	compiled    map[string]*regexp.Regexp
)

// patternOf returns the compiled, anchored pattern of a constraint, or nil when it has none
// RE2 can run.
//
// The models publish patterns without anchors (botocore's MWAA EnvironmentName is
// "[a-zA-Z][0-9a-zA-Z-_]*", which unanchored would accept any name holding one letter), but the
// services match the whole value: IAM's CreateRole says RoleName "allows (through its regex
// pattern) a string of characters consisting of upper and lowercase alphanumeric characters
// with no spaces" (IAM API Reference, CreateRole), a description of the whole string.
func patternOf(c Constraint) *regexp.Regexp {
	compileOnce.Do(func() {
		compiled = map[string]*regexp.Regexp{}
		for _, g := range generated {
			if g.RE2 == "" {
				continue
			}
			if _, done := compiled[g.RE2]; !done {
				// The generator compiled every RE2 form it wrote; a failure here is a stale
				// table, and TestTablesCompile reports it.
				compiled[g.RE2], _ = regexp.Compile(anchor(g.RE2))
			}
		}
	})
	return compiled[c.RE2]
}

// anchor makes a pattern match the whole value.
func anchor(re string) string {
	return "^(?:" + strings.TrimSuffix(strings.TrimPrefix(re, "^"), "$") + ")$"
}
