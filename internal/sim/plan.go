package sim

import (
	"bytes"
	"encoding/json"
	"sort"
)

// ByType returns the resources of one type token, in URN order.
func (p *Plan) ByType(typ string) []Resource {
	var out []Resource
	for _, r := range p.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// Find returns the resource with the given type and logical name.
func (p *Plan) Find(typ, name string) (Resource, bool) {
	for _, r := range p.Resources {
		if r.Type == typ && r.Name == name {
			return r, true
		}
	}
	return Resource{}, false
}

// ByURN returns the resource with the given URN.
func (p *Plan) ByURN(urn string) (Resource, bool) {
	for _, r := range p.Resources {
		if r.URN == urn {
			return r, true
		}
	}
	return Resource{}, false
}

// Custom returns the resources a provider manages (not components), in URN order.
func (p *Plan) Custom() []Resource {
	var out []Resource
	for _, r := range p.Resources {
		if r.Custom {
			out = append(out, r)
		}
	}
	return out
}

// TypeCount is how many resources of one type a plan declares.
type TypeCount struct {
	Type  string `json:"type"`
	Count int    `json:"count"`
}

// CountByType summarises the plan by type, sorted by type token.
func (p *Plan) CountByType() []TypeCount {
	counts := map[string]int{}
	for _, r := range p.Resources {
		counts[r.Type]++
	}
	out := make([]TypeCount, 0, len(counts))
	for t, n := range counts {
		out = append(out, TypeCount{Type: t, Count: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

// JSON renders the plan as stable, indented JSON: resources in URN order, map keys sorted.
func (p *Plan) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
