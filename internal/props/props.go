// Package props reads resource properties (go/property values, as the policy SDK and the
// cost estimator see them) without ever panicking: property.Value's As* methods are bare
// type assertions, so every read here checks the kind first and says why a value is not
// usable. During a preview many inputs are unknown (computed); callers must treat those as
// "cannot tell yet", never as a violation or a zero.
package props

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Status says whether a read found a usable value.
type Status int

const (
	// Missing means the key is absent or null: the provider's default applies.
	Missing Status = iota
	// Unknown means the value (or a map on the way to it) is computed and known only after apply.
	Unknown
	// WrongType means a value exists but is not of the kind asked for.
	WrongType
	// Known means the value was read.
	Known
)

// Get walks path through nested maps. A computed value anywhere on the way is Unknown, a
// non-map on the way is WrongType, and an absent or null key is Missing.
func Get(m property.Map, path ...string) (property.Value, Status) {
	cur := property.New(m)
	for _, key := range path {
		switch {
		case cur.IsComputed():
			return property.Value{}, Unknown
		case !cur.IsMap():
			return property.Value{}, WrongType
		}
		next, ok := cur.AsMap().GetOk(key)
		if !ok {
			return property.Value{}, Missing
		}
		cur = next
	}
	return Classify(cur)
}

// Classify says whether v itself is usable: null is Missing and computed is Unknown.
func Classify(v property.Value) (property.Value, Status) {
	switch {
	case v.IsNull():
		return v, Missing
	case v.IsComputed():
		return v, Unknown
	}
	return v, Known
}

// String reads a string at path.
func String(m property.Map, path ...string) (string, Status) {
	v, st := Get(m, path...)
	if st != Known {
		return "", st
	}
	if !v.IsString() {
		return "", WrongType
	}
	return v.AsString(), Known
}

// Number reads a number at path.
func Number(m property.Map, path ...string) (float64, Status) {
	v, st := Get(m, path...)
	if st != Known {
		return 0, st
	}
	if !v.IsNumber() {
		return 0, WrongType
	}
	return v.AsNumber(), Known
}

// Bool reads a boolean at path.
func Bool(m property.Map, path ...string) (bool, Status) {
	v, st := Get(m, path...)
	if st != Known {
		return false, st
	}
	if !v.IsBool() {
		return false, WrongType
	}
	return v.AsBool(), Known
}

// Map reads a map at path.
func Map(m property.Map, path ...string) (property.Map, Status) {
	v, st := Get(m, path...)
	if st != Known {
		return property.Map{}, st
	}
	if !v.IsMap() {
		return property.Map{}, WrongType
	}
	return v.AsMap(), Known
}

// Array reads an array at path.
func Array(m property.Map, path ...string) ([]property.Value, Status) {
	v, st := Get(m, path...)
	if st != Known {
		return nil, st
	}
	if !v.IsArray() {
		return nil, WrongType
	}
	return v.AsArray().AsSlice(), Known
}

// AsString reads v as a string.
func AsString(v property.Value) (string, Status) {
	v, st := Classify(v)
	if st != Known {
		return "", st
	}
	if !v.IsString() {
		return "", WrongType
	}
	return v.AsString(), Known
}

// AsMap reads v as a map.
func AsMap(v property.Value) (property.Map, Status) {
	v, st := Classify(v)
	if st != Known {
		return property.Map{}, st
	}
	if !v.IsMap() {
		return property.Map{}, WrongType
	}
	return v.AsMap(), Known
}

// Strings reads a string or a list of strings at path (IAM and tag-like inputs accept both).
// Unknown elements make the whole read Unknown; other kinds are WrongType.
func Strings(m property.Map, path ...string) ([]string, Status) {
	v, st := Get(m, path...)
	if st != Known {
		return nil, st
	}
	return StringsOf(v)
}

// StringsOf reads v as a string or a list of strings.
func StringsOf(v property.Value) ([]string, Status) {
	v, st := Classify(v)
	if st != Known {
		return nil, st
	}
	if v.IsString() {
		return []string{v.AsString()}, Known
	}
	if !v.IsArray() {
		return nil, WrongType
	}
	out := make([]string, 0, v.AsArray().Len())
	for _, e := range v.AsArray().AsSlice() {
		s, st := AsString(e)
		if st != Known {
			return nil, st
		}
		out = append(out, s)
	}
	return out, Known
}
