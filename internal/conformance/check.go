package conformance

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Families of generated checks, one policy each.
const (
	FamilyLength   = "aws-input-length"
	FamilyPattern  = "aws-input-pattern"
	FamilyEnum     = "aws-input-enum"
	FamilyRange    = "aws-input-range"
	FamilyListSize = "aws-input-list-size"
)

// Families lists the generated families in a stable order.
var Families = []string{FamilyLength, FamilyPattern, FamilyEnum, FamilyRange, FamilyListSize}

// Finding is one value AWS would refuse.
type Finding struct {
	// Check is the family or hand-written rule that found it; it is also the policy's name.
	Check string
	// URN names the resource, for findings of stack rules.
	URN string
	// Path is the input, with list indexes and map keys ("networkConfiguration.subnetIds").
	Path    string
	Message string
}

// Resource is what a check reads of one planned resource.
type Resource struct {
	URN, Type  string
	Properties property.Map
}

// leaf is one set value: its mapping path ("tags.*"), its own path ("tags.Name"), the map key
// it sits under when the mapping path ends in "*", and the value.
type leaf struct {
	pattern, path, key string
	value              property.Value
}

// collection is one list or free-form map on the way to values.
type collection struct {
	pattern, path string
	size          int
}

// walk collects the string, number and asset values of a resource's inputs (a bool has
// nothing to check) and the lists and free-form maps that hold them. A map whose keys the
// mapping writes as "*" is free-form: its keys are data, not property names.
func walk(typ string, props property.Map) (leaves []leaf, cols []collection) {
	free := indexes().freeMaps[typ]
	var visit func(pattern, path, key string, v property.Value)
	visit = func(pattern, path, key string, v property.Value) {
		switch {
		case v.IsNull():
		case v.IsComputed(), v.IsString(), v.IsNumber(), v.IsAsset(), v.IsArchive():
			leaves = append(leaves, leaf{pattern: pattern, path: path, key: key, value: v})
		case v.IsArray():
			arr := v.AsArray()
			cols = append(cols, collection{pattern: pattern + "[]", path: path, size: arr.Len()})
			for i, e := range arr.All {
				visit(pattern+"[]", fmt.Sprintf("%s[%d]", path, i), "", e)
			}
		case v.IsMap():
			m := v.AsMap()
			if star := join(pattern, "*"); free[star] {
				cols = append(cols, collection{pattern: star, path: path, size: m.Len()})
				for k, e := range m.All {
					visit(star, mapPath(path, k), k, e)
				}
				return
			}
			for k, e := range m.All {
				visit(join(pattern, k), join(path, k), "", e)
			}
		}
	}
	for k, v := range props.All {
		visit(k, k, "", v)
	}
	return leaves, cols
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// mapPath writes a data key as a path step, quoted when it is not a plain word.
func mapPath(path, key string) string {
	if plainKey.MatchString(key) {
		return join(path, key)
	}
	return fmt.Sprintf("%s[%q]", path, key)
}

// index is what the checks look up per type, built once from the mapping.
type index struct {
	// freeMaps holds each type's free-form map paths ("tags.*").
	freeMaps map[string]map[string]bool
	// bounded lists each type's inputs whose lists or maps have size limits.
	bounded map[string][]string
}

var (
	indexOnce sync.Once
	built     index
)

func indexes() *index {
	indexOnce.Do(func() {
		built = index{freeMaps: map[string]map[string]bool{}, bounded: map[string][]string{}}
		for typ, inputs := range Mapping {
			built.freeMaps[typ] = map[string]bool{}
			for p, in := range inputs {
				for _, prefix := range collectionPrefixes(p) {
					if strings.HasSuffix(prefix, "*") {
						built.freeMaps[typ][prefix] = true
					}
				}
				c, ok := generated[in.Member]
				if !ok || in.Unmapped != "" {
					continue
				}
				for _, col := range c.Collections {
					if col.Min.Set || col.Max.Set {
						built.bounded[typ] = append(built.bounded[typ], p)
						break
					}
				}
			}
			slices.Sort(built.bounded[typ])
		}
	})
	return &built
}

// InputCoverage says whether one input of a type was checked, and if not, why.
type InputCoverage struct {
	Path    string `json:"path"`
	Checked bool   `json:"checked,omitempty"`
	// Checks are the families and rules that apply to it.
	Checks []string `json:"checks,omitempty"`
	Reason string   `json:"reason,omitempty"`
	// Note says what of a checked input's constraint was not checked (a pattern RE2 cannot run).
	Note string `json:"note,omitempty"`
}

// Reasons an input goes unchecked.
const (
	ReasonComputed      = "computed: known only after apply"
	ReasonUnconstrained = "unconstrained in the model"
	ReasonNotMapped     = "not mapped: "
)

// CheckResource checks one resource's set inputs against the generated tables and the
// hand-written rules, and says for each input what was checked. A type the mapping lacks
// yields no findings and every input listed as not mapped.
func CheckResource(r Resource) ([]Finding, []InputCoverage) {
	inputs := Mapping[r.Type]
	leaves, cols := walk(r.Type, r.Properties)
	var findings []Finding
	coverage := map[string]*InputCoverage{}
	for _, l := range leaves {
		cov := coverage[l.pattern]
		if cov == nil {
			cov = &InputCoverage{Path: l.pattern}
			coverage[l.pattern] = cov
		}
		in, mapped := inputs[l.pattern]
		switch {
		case !mapped:
			cov.Reason = ReasonNotMapped + "no entry in conformance.Mapping"
			continue
		case in.Unmapped != "":
			cov.Reason = ReasonNotMapped + in.Unmapped
			continue
		case l.value.IsComputed():
			if !cov.Checked {
				cov.Reason = ReasonComputed
			}
			continue
		}
		checks := slices.Clone(in.Rules)
		findings = append(findings, runValueRules(in, l)...)
		c, ok := generated[in.Member]
		checks = append(checks, families(c)...)
		findings = append(findings, checkValue(l.path, l.value, in.Member, c)...)
		if in.Key.Path != "" {
			kc := generated[in.Key]
			checks = append(checks, families(kc)...)
			findings = append(findings, checkValue(l.path+" (key)", property.New(l.key), in.Key, kc)...)
		}
		if !ok {
			cov.Reason = ReasonNotMapped + in.Member.String() + " is missing from the generated tables; run go generate"
			continue
		}
		checks = uniqueSorted(checks)
		if c.Uncheckable != "" {
			cov.Note = c.Uncheckable
		}
		if len(checks) == 0 {
			if !cov.Checked {
				cov.Reason = fmt.Sprintf("%s (%s %s, shape %s)", ReasonUnconstrained, in.Member.Operation, in.Member.Path, c.Shape)
				if c.Uncheckable != "" {
					cov.Reason = c.Uncheckable
				}
			}
			continue
		}
		cov.Checked, cov.Reason = true, ""
		cov.Checks = uniqueSorted(append(cov.Checks, checks...))
	}
	findings = append(findings, checkCollections(r.Type, inputs, cols)...)
	findings = append(findings, runRules(r)...)
	out := make([]InputCoverage, 0, len(coverage))
	for _, c := range coverage {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b InputCoverage) int { return strings.Compare(a.Path, b.Path) })
	return findings, out
}

func uniqueSorted(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// families are the generated checks a constraint gives a value (list sizes aside).
func families(c Constraint) []string {
	var out []string
	if c.Min.Set || c.Max.Set {
		if isNumeric(c.Type) {
			out = append(out, FamilyRange)
		} else {
			out = append(out, FamilyLength)
		}
	}
	if c.RE2 != "" {
		out = append(out, FamilyPattern)
	}
	if len(c.Enum) > 0 {
		out = append(out, FamilyEnum)
	}
	for _, col := range c.Collections {
		if col.Min.Set || col.Max.Set {
			out = append(out, FamilyListSize)
			break
		}
	}
	return out
}

func isNumeric(typ string) bool {
	return typ == "integer" || typ == "long" || typ == "double" || typ == "float"
}

func where(m Member) string {
	return fmt.Sprintf("%s %s %s, %s", m.Service, m.Operation, m.Path, generatedSource)
}

// checkValue checks one value against its member's constraint. A value of another kind than
// the member's (a number for a string member) is compared in its text form, as the provider
// sends it; a string for a number member that is not a number is left to the provider.
func checkValue(path string, v property.Value, m Member, c Constraint) []Finding {
	var out []Finding
	report := func(check, format string, a ...any) {
		out = append(out, Finding{Check: check, Path: path, Message: fmt.Sprintf("%s: %s (%s)", path, fmt.Sprintf(format, a...), where(m))})
	}
	if isNumeric(c.Type) {
		n, ok := number(v)
		if !ok {
			return nil
		}
		if c.Min.Set && n < c.Min.Value {
			report(FamilyRange, "%s is below the minimum %s", fmtNum(n), fmtNum(c.Min.Value))
		}
		if c.Max.Set && n > c.Max.Value {
			report(FamilyRange, "%s is above the maximum %s", fmtNum(n), fmtNum(c.Max.Value))
		}
		return out
	}
	s, ok := text(v)
	if !ok {
		return nil
	}
	n := utf8.RuneCountInString(s)
	if c.Type == "blob" {
		n = len(s) // blob limits count bytes
	}
	if c.Min.Set && float64(n) < c.Min.Value {
		report(FamilyLength, "%d characters, fewer than the minimum %s", n, fmtNum(c.Min.Value))
	}
	if c.Max.Set && float64(n) > c.Max.Value {
		report(FamilyLength, "%d characters, more than the maximum %s", n, fmtNum(c.Max.Value))
	}
	if re := patternOf(c); re != nil && !re.MatchString(s) {
		report(FamilyPattern, "%s does not match the pattern %s", shorten(s), c.Pattern)
	}
	if len(c.Enum) > 0 && !slices.Contains(c.Enum, s) {
		report(FamilyEnum, "%s is not one of the %d values the model allows%s", shorten(s), len(c.Enum), enumHint(c.Enum))
	}
	return out
}

func number(v property.Value) (float64, bool) {
	switch {
	case v.IsNumber():
		return v.AsNumber(), true
	case v.IsString():
		n, err := strconv.ParseFloat(v.AsString(), 64)
		return n, err == nil
	}
	return 0, false
}

func text(v property.Value) (string, bool) {
	switch {
	case v.IsString():
		return v.AsString(), true
	case v.IsNumber():
		return fmtNum(v.AsNumber()), true
	}
	return "", false
}

func fmtNum(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }

// shorten quotes a value for a message, cutting a long one.
func shorten(s string) string {
	if utf8.RuneCountInString(s) > 80 {
		r := []rune(s)
		return strconv.Quote(string(r[:77]) + "...")
	}
	return strconv.Quote(s)
}

func enumHint(enum []string) string {
	if len(enum) > 12 {
		return ""
	}
	return " (" + strings.Join(enum, ", ") + ")"
}

// checkCollections checks the sizes of the lists and maps that lead to mapped members, when
// the Pulumi input nests its lists as the API member does (a Pulumi object the provider wraps
// in a one-element list has no list of its own to count).
func checkCollections(typ string, inputs map[string]Input, cols []collection) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, p := range indexes().bounded[typ] {
		in := inputs[p]
		c := generated[in.Member]
		steps := collectionPrefixes(p)
		if len(steps) != len(c.Collections) {
			continue
		}
		for i, prefix := range steps {
			limit := c.Collections[i]
			if !limit.Min.Set && !limit.Max.Set {
				continue
			}
			for _, col := range cols {
				if col.pattern != prefix || seen[col.path+"|"+limit.At] {
					continue
				}
				seen[col.path+"|"+limit.At] = true
				m := Member{in.Member.Service, in.Member.Operation, limit.At}
				if limit.Min.Set && float64(col.size) < limit.Min.Value {
					out = append(out, Finding{Check: FamilyListSize, Path: col.path, Message: fmt.Sprintf("%s: %d entries, fewer than the minimum %s (%s)",
						col.path, col.size, fmtNum(limit.Min.Value), where(m))})
				}
				if limit.Max.Set && float64(col.size) > limit.Max.Value {
					out = append(out, Finding{Check: FamilyListSize, Path: col.path, Message: fmt.Sprintf("%s: %d entries, more than the maximum %s (%s)",
						col.path, col.size, fmtNum(limit.Max.Value), where(m))})
				}
			}
		}
	}
	return out
}

// collectionPrefixes lists the collection steps of a mapping path: "a.b[].c[]" gives "a.b[]"
// and "a.b[].c[]"; "tags.*" gives "tags.*".
func collectionPrefixes(p string) []string {
	var out []string
	for i := 0; i < len(p); i++ {
		switch {
		case strings.HasPrefix(p[i:], "[]"):
			out = append(out, p[:i+2])
			i++
		case p[i] == '*':
			out = append(out, p[:i+1])
		}
	}
	return out
}

// TypeCoverage is what the checks covered of one AWS type across a plan's resources.
type TypeCoverage struct {
	Type string `json:"type"`
	// Inputs counts the distinct set string, number and asset inputs (by mapping path), and
	// Checked those that at least one check applied to.
	Inputs    int             `json:"inputs"`
	Checked   int             `json:"checked"`
	Unchecked []InputCoverage `json:"unchecked"`
	// Partial lists checked inputs with part of their constraint unchecked, and why.
	Partial []InputCoverage `json:"partial,omitempty"`
}

// Report is the coverage of a whole plan.
type Report struct {
	Source  string         `json:"source"`
	Inputs  int            `json:"inputs"`
	Checked int            `json:"checked"`
	Types   []TypeCoverage `json:"types"`
}

// Coverage reports, for each AWS type among rs, which of its set inputs were checked and why
// the others were not. An input checked on one resource of a type counts as checked.
func Coverage(rs []Resource) Report {
	byType := map[string]map[string]InputCoverage{}
	for _, r := range rs {
		if !strings.HasPrefix(r.Type, "aws:") {
			continue
		}
		_, cov := CheckResource(r)
		seen := byType[r.Type]
		if seen == nil {
			seen = map[string]InputCoverage{}
			byType[r.Type] = seen
		}
		for _, c := range cov {
			if prev, ok := seen[c.Path]; !ok || (!prev.Checked && c.Checked) {
				seen[c.Path] = c
			}
		}
	}
	report := Report{Source: generatedSource, Types: []TypeCoverage{}}
	for _, typ := range slices.Sorted(maps.Keys(byType)) {
		tc := TypeCoverage{Type: typ, Unchecked: []InputCoverage{}}
		for _, path := range slices.Sorted(maps.Keys(byType[typ])) {
			c := byType[typ][path]
			tc.Inputs++
			if c.Checked {
				tc.Checked++
				if c.Note != "" {
					tc.Partial = append(tc.Partial, InputCoverage{Path: c.Path, Checked: true, Note: c.Note})
				}
				continue
			}
			tc.Unchecked = append(tc.Unchecked, InputCoverage{Path: c.Path, Reason: c.Reason})
		}
		report.Inputs += tc.Inputs
		report.Checked += tc.Checked
		report.Types = append(report.Types, tc)
	}
	return report
}
