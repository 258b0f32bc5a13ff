package plandiff

import (
	"encoding/json"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// SecretMarker is how a plan shows a secret value; any change that touches one prints it.
const SecretMarker = "[secret]"

// Change is one difference at one path. Old or New is unset (OldSet/NewSet false) when the
// path exists on one side only.
type Change struct {
	Path   string
	Old    any
	OldSet bool
	New    any
	NewSet bool
	// Secret is set when either value is the secret marker or a key on the path names a secret,
	// so neither value may be printed.
	Secret bool
}

// Added reports a path that exists only in the new document.
func (c Change) Added() bool { return !c.OldSet && c.NewSet }

// Removed reports a path that exists only in the old document.
func (c Change) Removed() bool { return c.OldSet && !c.NewSet }

// ResourceRef names one resource.
type ResourceRef struct {
	URN    string
	Type   string
	Name   string
	Parent string
}

// ResourceChange is one resource present on both sides (by URN, or by type and name when
// replaced) whose inputs or options differ.
type ResourceChange struct {
	ResourceRef
	// OldURN is set when the resource was replaced: its URN changed, so Pulumi deletes the old
	// resource and creates the new one.
	OldURN  string
	Inputs  []Change
	Options []Change
}

// Section is the difference in one optional top-level section (policies, cost).
type Section struct {
	InOld, InNew bool
	// Old and New are the section's values, for summaries of what stands now.
	Old, New any
	Changes  []Change
}

// Result is everything that differs between two plans.
type Result struct {
	OldProject, OldStack string
	NewProject, NewStack string
	Resources            int
	Added                []ResourceRef
	Removed              []ResourceRef
	Replaced             []ResourceChange
	Changed              []ResourceChange
	Outputs              []Change
	Policies             Section
	Cost                 Section
}

// Empty reports whether the plans declare the same thing.
func (r *Result) Empty() bool {
	return len(r.Added)+len(r.Removed)+len(r.Replaced)+len(r.Changed)+len(r.Outputs) == 0 &&
		len(r.Policies.Changes)+len(r.Cost.Changes) == 0 &&
		r.Policies.InOld == r.Policies.InNew && r.Cost.InOld == r.Cost.InNew
}

// Compare returns what changed from old to new. Resources are matched by URN; an unmatched
// old and new resource of the same type and name (its parent changed) is a replacement.
func Compare(old, new *Document) *Result {
	res := &Result{
		OldProject: old.Project, OldStack: old.Stack,
		NewProject: new.Project, NewStack: new.Stack,
		Resources: len(new.Resources),
	}
	oldByURN := map[string]Resource{}
	for _, r := range old.Resources {
		oldByURN[r.URN] = r
	}
	newByURN := map[string]Resource{}
	for _, r := range new.Resources {
		newByURN[r.URN] = r
	}

	var added, removed []Resource
	for _, r := range sortedResources(new.Resources) {
		before, ok := oldByURN[r.URN]
		if !ok {
			added = append(added, r)
			continue
		}
		if c := compareResource(before, r); len(c.Inputs)+len(c.Options) > 0 {
			res.Changed = append(res.Changed, c)
		}
	}
	for _, r := range sortedResources(old.Resources) {
		if _, ok := newByURN[r.URN]; !ok {
			removed = append(removed, r)
		}
	}

	// Pair the leftovers by type and name, in URN order, so a moved resource reads as one
	// replacement rather than an unrelated delete and create.
	byTypeName := map[string][]Resource{}
	for _, r := range removed {
		byTypeName[r.Type+"::"+r.Name] = append(byTypeName[r.Type+"::"+r.Name], r)
	}
	paired := map[string]bool{}
	for _, r := range added {
		key := r.Type + "::" + r.Name
		if candidates := byTypeName[key]; len(candidates) > 0 {
			before := candidates[0]
			byTypeName[key] = candidates[1:]
			paired[before.URN] = true
			c := compareResource(before, r)
			c.OldURN = before.URN
			res.Replaced = append(res.Replaced, c)
			continue
		}
		res.Added = append(res.Added, ref(r))
	}
	for _, r := range removed {
		if !paired[r.URN] {
			res.Removed = append(res.Removed, ref(r))
		}
	}

	res.Outputs = diffTop(old.Outputs, new.Outputs, false)
	res.Policies = compareSection(old.Policies, old.HasPolicies, new.Policies, new.HasPolicies)
	res.Cost = compareSection(old.Cost, old.HasCost, new.Cost, new.HasCost)
	return res
}

func sortedResources(rs []Resource) []Resource {
	out := append([]Resource(nil), rs...)
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

func ref(r Resource) ResourceRef {
	return ResourceRef{URN: r.URN, Type: r.Type, Name: r.Name, Parent: r.Parent}
}

func compareResource(old, new Resource) ResourceChange {
	c := ResourceChange{ResourceRef: ref(new)}
	c.Inputs = diffTop(old.Inputs, new.Inputs, false)
	option := func(name string, before, after any) {
		if !reflect.DeepEqual(before, after) {
			c.Options = append(c.Options, Change{Path: name, Old: before, OldSet: true, New: after, NewSet: true})
		}
	}
	option("parent", old.Parent, new.Parent)
	option("protect", old.Protect, new.Protect)
	option("retainOnDelete", old.RetainOnDelete, new.RetainOnDelete)
	option("deletedWith", old.DeletedWith, new.DeletedWith)
	option("provider", old.Provider, new.Provider)
	return c
}

func compareSection(old any, inOld bool, new any, inNew bool) Section {
	s := Section{InOld: inOld, InNew: inNew, Old: old, New: new}
	if !inOld && !inNew {
		return s
	}
	// A section on one side only compares with an empty one of the same shape, so its entries
	// read as added or removed one by one.
	if !inOld {
		old = emptyLike(new)
	}
	if !inNew {
		new = emptyLike(old)
	}
	d := differ{keyedLists: true}
	d.diff(nil, old, true, new, true, false)
	s.Changes = d.out
	return s
}

func emptyLike(v any) any {
	switch v.(type) {
	case []any:
		return []any{}
	case map[string]any:
		return map[string]any{}
	}
	return nil
}

// diffTop compares two maps of named values (inputs, outputs) key by key.
func diffTop(old, new map[string]any, keyed bool) []Change {
	d := differ{keyedLists: keyed, jsonStrings: true}
	for _, k := range unionKeys(old, new) {
		before, inOld := old[k]
		after, inNew := new[k]
		d.diff([]string{k}, before, inOld, after, inNew, keyLooksSecret(k))
	}
	return d.out
}

// differ walks two JSON values and records the leaves that differ.
type differ struct {
	// keyedLists matches the objects of a list by their identifying fields (policy, urn, name,
	// component, …) instead of by position, so a new violation in the middle of a list reads as
	// one addition rather than a change to every entry after it.
	keyedLists bool
	// jsonStrings compares strings holding JSON documents (IAM policies) by their content.
	jsonStrings bool
	out         []Change
}

func (d *differ) diff(path []string, old any, inOld bool, new any, inNew bool, secret bool) {
	switch {
	case inOld && inNew && reflect.DeepEqual(old, new):
		return
	case inOld && inNew && !isSecret(old) && !isSecret(new) && !secret:
		if d.descend(path, old, new) {
			return
		}
	}
	d.out = append(d.out, Change{
		Path: formatPath(path), Old: old, OldSet: inOld, New: new, NewSet: inNew,
		Secret: secret || (inOld && isSecret(old)) || (inNew && isSecret(new)),
	})
}

// descend compares two containers of the same kind element by element, and reports whether it did.
func (d *differ) descend(path []string, old, new any) bool {
	switch o := old.(type) {
	case map[string]any:
		n, ok := new.(map[string]any)
		if !ok {
			return false
		}
		for _, k := range unionKeys(o, n) {
			before, inOld := o[k]
			after, inNew := n[k]
			d.diff(append(clone(path), k), before, inOld, after, inNew, keyLooksSecret(k))
		}
		return true
	case []any:
		n, ok := new.([]any)
		if !ok {
			return false
		}
		if d.keyedLists {
			if keys, ok := listKeys(o, n); ok {
				d.descendKeyed(path, o, n, keys)
				return true
			}
		}
		for i := 0; i < max(len(o), len(n)); i++ {
			var before, after any
			if i < len(o) {
				before = o[i]
			}
			if i < len(n) {
				after = n[i]
			}
			d.diff(append(clone(path), "["+strconv.Itoa(i)+"]"), before, i < len(o), after, i < len(n), false)
		}
		return true
	case string:
		n, ok := new.(string)
		if !ok || !d.jsonStrings {
			return false
		}
		before, okOld := jsonDocument(o)
		after, okNew := jsonDocument(n)
		if !okOld || !okNew {
			return false
		}
		return d.descend(path, before, after)
	}
	return false
}

func (d *differ) descendKeyed(path []string, old, new []any, keys func([]any) []string) {
	oldKeys, newKeys := keys(old), keys(new)
	oldAt := map[string]any{}
	for i, k := range oldKeys {
		oldAt[k] = old[i]
	}
	newAt := map[string]any{}
	for i, k := range newKeys {
		newAt[k] = new[i]
	}
	all := append(append([]string{}, oldKeys...), newKeys...)
	sort.Strings(all)
	for i, k := range all {
		if i > 0 && all[i-1] == k {
			continue
		}
		before, inOld := oldAt[k]
		after, inNew := newAt[k]
		d.diff(append(clone(path), "["+k+"]"), before, inOld, after, inNew, false)
	}
}

// identityFields name an entry of a policies or cost list; a violation is its policy and
// resource, a cost line its component.
var identityFields = []string{"policy", "policyName", "urn", "component", "resource", "name", "id", "key"}

// listKeys returns a function naming each element of a list by its identity fields, when every
// element of both lists is an object; duplicates get a #n suffix so every name is unique.
func listKeys(old, new []any) (func([]any) []string, bool) {
	for _, xs := range [][]any{old, new} {
		for _, x := range xs {
			if _, ok := x.(map[string]any); !ok {
				return nil, false
			}
		}
	}
	return func(xs []any) []string {
		out := make([]string, len(xs))
		seen := map[string]int{}
		for i, x := range xs {
			k := identity(x.(map[string]any))
			seen[k]++
			if seen[k] > 1 {
				k += "#" + strconv.Itoa(seen[k])
			}
			out[i] = k
		}
		return out
	}, true
}

func identity(m map[string]any) string {
	var parts []string
	for _, f := range identityFields {
		if v, ok := m[f].(string); ok && v != "" {
			parts = append(parts, shortURN(v))
		}
	}
	if len(parts) == 0 {
		b, _ := json.Marshal(m) // maps marshal with sorted keys, so this is stable
		return string(b)
	}
	return strings.Join(parts, " ")
}

// jsonDocument parses a string that holds a JSON object or list, such as an IAM policy.
func jsonDocument(s string) (any, bool) {
	t := strings.TrimSpace(s)
	if t == "" || (t[0] != '{' && t[0] != '[') {
		return nil, false
	}
	var v any
	if err := decode([]byte(t), &v); err != nil {
		return nil, false
	}
	return v, true
}

func isSecret(v any) bool {
	s, ok := v.(string)
	return ok && s == SecretMarker
}

// secretKey matches keys that name a secret value. It looks at the end of the key so that
// apiKeyRequired, httpTokens or kmsKeyArn, which reviewers need to see, stay visible.
var secretKey = regexp.MustCompile(`(password|passwd|passphrase|secret|token|apikey|privatekey|secretkey|secretaccesskey|sessionkey|credential|credentials)$|password|passphrase|privatekey`)

func keyLooksSecret(k string) bool {
	norm := strings.NewReplacer("_", "", "-", "", ".", "").Replace(strings.ToLower(k))
	return secretKey.MatchString(norm)
}

var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// formatPath writes a path as reviewers read it: tags.owner, rules[0].expiration.days,
// tags["aws:cloudformation"].
func formatPath(path []string) string {
	var b strings.Builder
	for _, p := range path {
		switch {
		case strings.HasPrefix(p, "["):
			b.WriteString(p)
		case plainKey.MatchString(p):
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(p)
		default:
			b.WriteString("[" + strconv.Quote(p) + "]")
		}
	}
	return b.String()
}

func unionKeys(a, b map[string]any) []string {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

func clone(path []string) []string {
	return append(make([]string, 0, len(path)+1), path...)
}

// shortURN turns urn:pulumi:dev::project::parent$type::name into type::name; other strings
// are returned as they are.
func shortURN(s string) string {
	if !strings.HasPrefix(s, "urn:pulumi:") {
		return s
	}
	parts := strings.Split(s, "::")
	if len(parts) < 4 {
		return s
	}
	typ := parts[2]
	if i := strings.LastIndex(typ, "$"); i >= 0 {
		typ = typ[i+1:]
	}
	return typ + "::" + strings.Join(parts[3:], "::")
}
