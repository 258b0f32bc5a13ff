// Package plandiff compares two offline plans (the JSON `go run ./cmd/plan --json` writes) and
// renders the differences as bounded, deterministic Markdown for a pull-request comment: the
// resources added, removed, replaced or changed with the input paths that changed, option and
// output changes, and the differences in the optional `policies` and `cost` sections other
// tools add to the plan. It is pure: no engine, no files, no clock.
package plandiff

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Document is one plan as JSON: the fields this package compares, read leniently so a plan
// written by an older or newer `cmd/plan` still compares.
type Document struct {
	Project   string
	Stack     string
	Resources []Resource
	Outputs   map[string]any

	// Policies and Cost are the optional top-level sections, as plain JSON values; nil when the
	// plan has none (HasPolicies and HasCost tell a missing section from a JSON null).
	Policies    any
	HasPolicies bool
	Cost        any
	HasCost     bool
}

// Resource is one resource of a plan.
type Resource struct {
	URN            string         `json:"urn"`
	Type           string         `json:"type"`
	Name           string         `json:"name"`
	Parent         string         `json:"parent"`
	Provider       string         `json:"provider"`
	Inputs         map[string]any `json:"inputs"`
	Protect        bool           `json:"protect"`
	RetainOnDelete bool           `json:"retainOnDelete"`
	DeletedWith    string         `json:"deletedWith"`
}

type rawDocument struct {
	Project   string          `json:"project"`
	Stack     string          `json:"stack"`
	Resources *[]Resource     `json:"resources"`
	Outputs   map[string]any  `json:"outputs"`
	Policies  json.RawMessage `json:"policies"`
	Cost      json.RawMessage `json:"cost"`
}

// Parse reads a plan document. Numbers keep their written form (json.Number), so 30 and 30.0
// compare as written and nothing is lost to float rounding.
func Parse(data []byte) (*Document, error) {
	var raw rawDocument
	if err := decode(data, &raw); err != nil {
		return nil, fmt.Errorf("not a JSON plan: %w", err)
	}
	if raw.Resources == nil {
		return nil, errors.New(`not a plan: it has no "resources" list (write one with go run ./cmd/plan --json)`)
	}
	doc := &Document{Project: raw.Project, Stack: raw.Stack, Resources: *raw.Resources, Outputs: raw.Outputs}
	seen := map[string]bool{}
	for i, r := range doc.Resources {
		if r.URN == "" {
			return nil, fmt.Errorf("not a plan: resource %d has no urn", i)
		}
		if seen[r.URN] {
			return nil, fmt.Errorf("not a plan: urn %s appears twice", r.URN)
		}
		seen[r.URN] = true
	}
	var err error
	if doc.Policies, doc.HasPolicies, err = section(raw.Policies); err != nil {
		return nil, fmt.Errorf("reading the policies section: %w", err)
	}
	if doc.Cost, doc.HasCost, err = section(raw.Cost); err != nil {
		return nil, fmt.Errorf("reading the cost section: %w", err)
	}
	return doc, nil
}

func section(raw json.RawMessage) (any, bool, error) {
	if len(raw) == 0 {
		return nil, false, nil
	}
	var v any
	if err := decode(raw, &v); err != nil {
		return nil, false, err
	}
	return v, true, nil
}

// decode unmarshals one JSON value, keeping numbers as json.Number and refusing trailing data.
func decode(data []byte, into any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(into); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("the file is empty")
		}
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the plan")
	}
	return nil
}
