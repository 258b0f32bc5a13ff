package plandiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bounds that keep one stack's diff readable and far below GitHub's 65,536-character limit for
// a comment, which holds the diffs of every stack.
const (
	// DefaultMaxBytes is the size past which the Markdown is cut.
	DefaultMaxBytes = 20000
	maxValueRunes   = 120
	maxResourceRows = 50
	maxChangeRows   = 25
	maxSectionRows  = 40
	maxGroupNames   = 10
)

// Options shape the Markdown.
type Options struct {
	// OldLabel names the earlier plan in the text, e.g. the file name or "the base branch".
	OldLabel string
	// MaxBytes cuts the Markdown at a line boundary past this size; 0 means DefaultMaxBytes.
	MaxBytes int
}

// Markdown renders the result for a pull-request comment. The same result always renders the
// same text.
func Markdown(r *Result, opts Options) string {
	if opts.OldLabel == "" {
		opts.OldLabel = "the old plan"
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "### Offline plan diff: %s/%s\n\n", r.NewProject, r.NewStack)
	if r.OldProject != r.NewProject || r.OldStack != r.NewStack {
		fmt.Fprintf(&b, "Note: %s is a plan of %s/%s, not %s/%s.\n\n", opts.OldLabel, r.OldProject, r.OldStack, r.NewProject, r.NewStack)
	}
	if r.Empty() {
		fmt.Fprintf(&b, "No changes: the plan declares the same %d resources, options and outputs as %s.\n\n", r.Resources, opts.OldLabel)
	} else {
		fmt.Fprintf(&b, "Compared with %s: **%s**.\n\n", opts.OldLabel, summary(r))
		writeCostly(&b, r)
		writeRefs(&b, "Added", "", r.Added)
		writeRefs(&b, "Removed", "Pulumi deletes these from the cloud.", r.Removed)
		writeChanges(&b, "Replaced", "The URN changed, so Pulumi deletes the old resource and creates a new one.", r.Replaced)
		writeChanges(&b, "Changed", "Updated in place or replaced, as the provider decides; `pulumi preview --diff` against the live stack tells which.", r.Changed)
		if len(r.Outputs) > 0 {
			fmt.Fprintf(&b, "#### Outputs (%d changed)\n\n", len(r.Outputs))
			writeChangeTable(&b, "Output", r.Outputs, maxChangeRows)
		}
	}
	writePolicies(&b, r.Policies)
	writeCost(&b, r.Cost)
	return cut(b.String(), opts.MaxBytes)
}

func summary(r *Result) string {
	parts := []string{
		fmt.Sprintf("%d to add", len(r.Added)),
		fmt.Sprintf("%d to remove", len(r.Removed)),
		fmt.Sprintf("%d to replace", len(r.Replaced)),
		fmt.Sprintf("%d to change", len(r.Changed)),
	}
	if len(r.Outputs) > 0 {
		parts = append(parts, fmt.Sprintf("%d %s changed", len(r.Outputs), plural(len(r.Outputs), "output", "outputs")))
	}
	return strings.Join(parts, ", ")
}

func writeRefs(b *bytes.Buffer, title, note string, refs []ResourceRef) {
	if len(refs) == 0 {
		return
	}
	fmt.Fprintf(b, "#### %s (%d)\n\n", title, len(refs))
	if note != "" {
		fmt.Fprintf(b, "%s\n\n", note)
	}
	b.WriteString("| Type | Name | Parent |\n|---|---|---|\n")
	for i, r := range refs {
		if i == maxResourceRows {
			fmt.Fprintf(b, "| … and %d more | | |\n", len(refs)-i)
			break
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", code(r.Type), code(r.Name), parentCell(r.Parent))
	}
	b.WriteString("\n")
}

func writeChanges(b *bytes.Buffer, title, note string, changes []ResourceChange) {
	if len(changes) == 0 {
		return
	}
	fmt.Fprintf(b, "#### %s (%d)\n\n%s\n\n", title, len(changes), note)
	// Resources with the very same changes (a tag on every resource, say) share one table.
	type group struct {
		names []string
		table string
	}
	var groups []*group
	byTable := map[string]*group{}
	for _, c := range changes {
		name := fmt.Sprintf("**%s %s**", code(c.Type), escape(c.Name))
		if c.OldURN != "" {
			name += fmt.Sprintf(" (was %s)", code(shortURN(c.OldURN)))
		}
		table := changeTable(c)
		if g, ok := byTable[table]; ok {
			g.names = append(g.names, name)
			continue
		}
		g := &group{names: []string{name}, table: table}
		byTable[table] = g
		groups = append(groups, g)
	}
	for i, g := range groups {
		if i == maxResourceRows {
			fmt.Fprintf(b, "… and %d more groups of changes.\n\n", len(groups)-i)
			break
		}
		names := g.names
		if len(names) > maxGroupNames {
			names = append(names[:maxGroupNames:maxGroupNames], fmt.Sprintf("and %d more", len(g.names)-maxGroupNames))
		}
		b.WriteString(strings.Join(names, ", "))
		b.WriteString("\n\n")
		b.WriteString(g.table)
	}
}

func changeTable(c ResourceChange) string {
	rows := append([]Change(nil), c.Inputs...)
	for _, o := range c.Options {
		o.Path = "option " + o.Path
		if o.Path == "option parent" || o.Path == "option deletedWith" || o.Path == "option provider" {
			o.Old, o.New = shortURNValue(o.Old), shortURNValue(o.New)
		}
		rows = append(rows, o)
	}
	if len(rows) == 0 {
		return "No input or option changed.\n\n"
	}
	var b bytes.Buffer
	writeChangeTable(&b, "Change", rows, maxChangeRows)
	return b.String()
}

func writeChangeTable(b *bytes.Buffer, first string, changes []Change, limit int) {
	fmt.Fprintf(b, "| %s | Old | New |\n|---|---|---|\n", first)
	for i, c := range changes {
		if i == limit {
			fmt.Fprintf(b, "| … and %d more | | |\n", len(changes)-i)
			break
		}
		before, after := values(c)
		fmt.Fprintf(b, "| %s | %s | %s |\n", pathCell(c.Path), before, after)
	}
	b.WriteString("\n")
}

func writePolicies(b *bytes.Buffer, s Section) {
	b.WriteString("#### Policies\n\n")
	if !s.InOld && !s.InNew {
		b.WriteString("No policy/cost data: neither plan has a policies section.\n\n")
		return
	}
	writePresence(b, "policy", s)
	if len(s.Changes) == 0 && s.InOld == s.InNew {
		fmt.Fprintf(b, "Unchanged. %s\n\n", violationCount(s.New))
		writeMandatory(b, s.New)
		return
	}
	b.WriteString("| Change | Violation |\n|---|---|\n")
	for i, c := range s.Changes {
		if i == maxSectionRows {
			fmt.Fprintf(b, "| … and %d more | |\n", len(s.Changes)-i)
			break
		}
		switch {
		case c.Added():
			fmt.Fprintf(b, "| new | %s |\n", describeEntry(c.New))
		case c.Removed():
			fmt.Fprintf(b, "| resolved | %s |\n", describeEntry(c.Old))
		default:
			before, after := values(c)
			fmt.Fprintf(b, "| changed | %s: %s → %s |\n", pathCell(c.Path), before, after)
		}
	}
	if s.InNew {
		fmt.Fprintf(b, "\nNow: %s\n", violationCount(s.New))
	}
	b.WriteString("\n")
}

// writeMandatory lists the mandatory violations of an unchanged policies section: a base
// branch that already violates a policy makes no change, yet `pulumi up` still refuses it.
func writeMandatory(b *bytes.Buffer, v any) {
	list, _ := v.([]any)
	var lines []string
	for _, x := range list {
		if m, ok := x.(map[string]any); ok && m["level"] == "mandatory" {
			lines = append(lines, "- "+describeEntry(m)+"\n")
		}
	}
	if len(lines) == 0 {
		return
	}
	b.WriteString("Still violated, so `pulumi up --policy-pack policies` refuses this plan:\n\n")
	for i, l := range lines {
		if i == maxSectionRows {
			fmt.Fprintf(b, "- … and %d more\n", len(lines)-i)
			break
		}
		b.WriteString(l)
	}
	b.WriteString("\n")
}

func writeCost(b *bytes.Buffer, s Section) {
	b.WriteString("#### Cost\n\n")
	if !s.InOld && !s.InNew {
		b.WriteString("No policy/cost data: neither plan has a cost section.\n\n")
		return
	}
	writePresence(b, "cost", s)
	if len(s.Changes) == 0 && s.InOld == s.InNew {
		fmt.Fprintf(b, "Unchanged%s.\n\n", totals(s.New))
		return
	}
	rows := append([]Change(nil), s.Changes...)
	// Totals (top-level keys) first, then the per-component lines.
	sort.SliceStable(rows, func(i, j int) bool { return depth(rows[i].Path) < depth(rows[j].Path) })
	b.WriteString("| Item | Old | New | Change |\n|---|---|---|---|\n")
	for i, c := range rows {
		if i == maxSectionRows {
			fmt.Fprintf(b, "| … and %d more | | | |\n", len(rows)-i)
			break
		}
		before, after := values(c)
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", pathCell(c.Path), before, after, delta(c))
	}
	b.WriteString("\n")
}

func writePresence(b *bytes.Buffer, what string, s Section) {
	switch {
	case s.InNew && !s.InOld:
		fmt.Fprintf(b, "The old plan has no %s data; everything below is new.\n\n", what)
	case s.InOld && !s.InNew:
		fmt.Fprintf(b, "The new plan has no %s data; everything below was in the old plan only.\n\n", what)
	}
}

// describeEntry prints a policy violation as "`level` **policy** on `type::name`: message", and
// any other entry as its value.
func describeEntry(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return valueCell(v)
	}
	policy, _ := m["policy"].(string)
	if policy == "" {
		policy, _ = m["policyName"].(string)
	}
	message, _ := m["message"].(string)
	if policy == "" && message == "" {
		return valueCell(v)
	}
	var parts []string
	if level, ok := m["level"].(string); ok && level != "" {
		parts = append(parts, code(level))
	}
	if policy != "" {
		parts = append(parts, "**"+escape(policy)+"**")
	}
	for _, field := range []string{"urn", "resource"} {
		if target, ok := m[field].(string); ok && target != "" {
			parts = append(parts, "on "+code(shortURN(target)))
			break
		}
	}
	out := strings.Join(parts, " ")
	if message != "" {
		out += ": " + escape(truncate(strings.Join(strings.Fields(message), " "), 2*maxValueRunes))
	}
	return out
}

// violationCount summarises a policies section that is a list of violations.
func violationCount(v any) string {
	list, ok := v.([]any)
	if !ok {
		return ""
	}
	levels := map[string]int{}
	for _, x := range list {
		if m, ok := x.(map[string]any); ok {
			if level, ok := m["level"].(string); ok && level != "" {
				levels[level]++
			}
		}
	}
	text := fmt.Sprintf("%d %s", len(list), plural(len(list), "violation", "violations"))
	if len(levels) > 0 {
		names := make([]string, 0, len(levels))
		for l := range levels {
			names = append(names, l)
		}
		sort.Strings(names)
		counts := make([]string, len(names))
		for i, l := range names {
			counts[i] = fmt.Sprintf("%d %s", levels[l], l)
		}
		text += " (" + strings.Join(counts, ", ") + ")"
	}
	return text + "."
}

// totals lists the top-level numbers of a cost section, such as hourlyUsd and monthlyUsd.
func totals(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	var parts []string
	for _, k := range unionKeys(m, nil) {
		if n, ok := m[k].(json.Number); ok {
			parts = append(parts, k+" "+n.String())
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}

func delta(c Change) string {
	if c.Secret || !c.OldSet || !c.NewSet {
		return ""
	}
	before, okOld := c.Old.(json.Number)
	after, okNew := c.New.(json.Number)
	if !okOld || !okNew {
		return ""
	}
	x, errOld := before.Float64()
	y, errNew := after.Float64()
	if errOld != nil || errNew != nil {
		return ""
	}
	places := max(decimals(before.String()), decimals(after.String()))
	d := strconv.FormatFloat(y-x, 'f', places, 64)
	if y-x >= 0 {
		d = "+" + d
	}
	return d
}

func decimals(n string) int {
	if i := strings.IndexByte(n, '.'); i >= 0 && !strings.ContainsAny(n, "eE") {
		return len(n) - i - 1
	}
	return 0
}

func depth(path string) int {
	return strings.Count(path, ".") + strings.Count(path, "[")
}

// values renders both sides of one change for a table, masking secrets and showing only the
// first differing line of multi-line text (scripts), which would not fit a cell.
func values(c Change) (string, string) {
	if c.Secret {
		return side(c.OldSet, code(SecretMarker)), side(c.NewSet, code(SecretMarker))
	}
	before, okOld := c.Old.(string)
	after, okNew := c.New.(string)
	if c.OldSet && c.NewSet && okOld && okNew && (strings.Contains(before, "\n") || strings.Contains(after, "\n")) {
		oldLines, newLines := strings.Split(before, "\n"), strings.Split(after, "\n")
		i := 0
		for i < len(oldLines) && i < len(newLines) && oldLines[i] == newLines[i] {
			i++
		}
		line := func(lines []string) string {
			text := "(no line)"
			if i < len(lines) {
				text = lines[i]
			}
			return fmt.Sprintf("line %d of %d: %s", i+1, len(lines), valueCell(text))
		}
		return line(oldLines), line(newLines)
	}
	if c.OldSet && c.NewSet && okOld && okNew {
		// Long strings that differ late (a broker list, an ARN) start just before the difference.
		start := firstDifference(before, after) - maxValueRunes/4
		if start > 0 {
			return valueCell("…" + string([]rune(before)[start:])), valueCell("…" + string([]rune(after)[start:]))
		}
	}
	return side(c.OldSet, valueCell(c.Old)), side(c.NewSet, valueCell(c.New))
}

// firstDifference is the index of the first rune where two strings differ.
func firstDifference(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	return i
}

func side(set bool, text string) string {
	if !set {
		return "—"
	}
	return text
}

// valueCell prints one value as compact JSON in a code span, with secret-looking keys masked
// and long values cut.
func valueCell(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(mask(v)); err != nil {
		return code(fmt.Sprint(v))
	}
	return code(truncate(strings.TrimSuffix(buf.String(), "\n"), maxValueRunes))
}

// mask replaces the values of secret-looking keys inside added or removed objects.
func mask(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if keyLooksSecret(k) {
				out[k] = SecretMarker
			} else {
				out[k] = mask(e)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = mask(e)
		}
		return out
	}
	return v
}

func truncate(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	runes := []rune(s)
	return string(runes[:limit]) + fmt.Sprintf("… (%d more characters)", len(runes)-limit)
}

func parentCell(parent string) string {
	if parent == "" || strings.HasSuffix(parent, "pulumi:pulumi:Stack::"+lastPart(parent)) {
		return "(stack)"
	}
	return code(shortURN(parent))
}

func lastPart(urn string) string {
	if i := strings.LastIndex(urn, "::"); i >= 0 {
		return urn[i+2:]
	}
	return urn
}

func shortURNValue(v any) any {
	if s, ok := v.(string); ok {
		if s == "" {
			return "(none)"
		}
		return shortURN(s)
	}
	return v
}

func pathCell(path string) string {
	return code(truncate(path, maxValueRunes))
}

// code wraps text in a Markdown code span that survives a table cell.
func code(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\n", " ")
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}

// escape makes free text safe inside a table row.
func escape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// cut keeps the Markdown under limit bytes, ending at a line boundary with a note.
func cut(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	const note = "\n… the diff is cut here to fit a comment; run `go run ./cmd/plan --stack <stack> --diff <old plan>` for all of it.\n"
	end := strings.LastIndexByte(s[:max(0, limit-len(note))], '\n')
	if end < 0 {
		end = 0
	}
	return s[:end+1] + note
}
