// Package grants reads IAM policy documents as what they grant: one Grant per action and
// resource of every statement, with its effect. Tests assert on grants, never on statement
// ids, so that renaming or splitting a statement cannot hide a wider permission.
//
// IAM's evaluation rules are in "Policy evaluation logic" (AWS IAM User Guide,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
// an explicit Deny overrides any Allow. Action and Resource may be a string or a list
// ("IAM JSON policy elements: Action", ".. Resource"), `*` matches any run of characters and
// `?` one ("IAM JSON policy elements: Resource"), and action names are case-insensitive.
package grants

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Grant is one action on one resource pattern, as one statement allows or denies it.
type Grant struct {
	// Statement is the statement's index in the document (its Sid is deliberately not kept).
	Statement int
	// Effect is "Allow" or "Deny".
	Effect string
	// Action is the action pattern ("s3:GetObject", "s3:Get*", "*"); with NotAction set it is an
	// action the statement excludes, and the grant covers every other one.
	Action    string
	NotAction bool
	// Resource is the resource pattern; with NotResource set it is a resource the statement
	// excludes, and the grant covers every other one.
	Resource    string
	NotResource bool
	// Conditioned says that the statement has a Condition block.
	Conditioned bool
}

// Of parses a policy document and returns every grant of every statement.
func Of(text string) ([]Grant, error) {
	var doc struct {
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		return nil, fmt.Errorf("not a policy document: %w", err)
	}
	type statement struct {
		Effect      string          `json:"Effect"`
		Action      json.RawMessage `json:"Action"`
		NotAction   json.RawMessage `json:"NotAction"`
		Resource    json.RawMessage `json:"Resource"`
		NotResource json.RawMessage `json:"NotResource"`
		Condition   json.RawMessage `json:"Condition"`
	}
	var statements []statement
	if err := json.Unmarshal(doc.Statement, &statements); err != nil {
		var one statement
		if err := json.Unmarshal(doc.Statement, &one); err != nil {
			return nil, fmt.Errorf("statement is neither a list nor an object: %w", err)
		}
		statements = []statement{one}
	}
	if len(statements) == 0 {
		return nil, fmt.Errorf("the document has no statement")
	}
	var out []Grant
	for i, st := range statements {
		if st.Effect != "Allow" && st.Effect != "Deny" {
			return nil, fmt.Errorf("statement %d: effect %q is neither Allow nor Deny", i, st.Effect)
		}
		actions, notActions, err := either(st.Action, st.NotAction)
		if err != nil {
			return nil, fmt.Errorf("statement %d: action: %w", i, err)
		}
		resources, notResources, err := either(st.Resource, st.NotResource)
		if err != nil {
			return nil, fmt.Errorf("statement %d: resource: %w", i, err)
		}
		if len(resources) == 0 && len(notResources) == 0 {
			// A trust policy names no resource: the role itself is the resource.
			resources = []string{""}
		}
		conditioned := len(st.Condition) > 0 && string(st.Condition) != "null"
		for _, a := range append(actions, notActions...) {
			for _, r := range append(resources, notResources...) {
				out = append(out, Grant{
					Statement: i, Effect: st.Effect, Action: a, NotAction: len(notActions) > 0,
					Resource: r, NotResource: len(notResources) > 0, Conditioned: conditioned,
				})
			}
		}
	}
	return out, nil
}

// either reads a positive element and its Not form, exactly one of which must be set.
func either(positive, negative json.RawMessage) (pos, neg []string, err error) {
	if pos, err = stringOrList(positive); err != nil {
		return nil, nil, err
	}
	if neg, err = stringOrList(negative); err != nil {
		return nil, nil, err
	}
	if len(pos) > 0 && len(neg) > 0 {
		return nil, nil, fmt.Errorf("both the element and its Not form are set")
	}
	return pos, neg, nil
}

func stringOrList(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil {
		return nil, fmt.Errorf("neither a string nor a list of strings: %s", raw)
	}
	return many, nil
}

// Match matches value against an IAM pattern: `*` is any run of characters (`/` and `:`
// included) and `?` one; actions (patterns that are not ARNs) ignore case.
func Match(pattern, value string) bool {
	expr := "^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(pattern)) + "$"
	if !strings.HasPrefix(pattern, "arn:") {
		expr = "(?i)" + expr
	}
	return regexp.MustCompile(expr).MatchString(value)
}

// covers reports whether g applies to action on resource, whatever its effect.
func (g Grant) covers(action, resource string) bool {
	return Match(g.Action, action) != g.NotAction && Match(g.Resource, resource) != g.NotResource
}

// Allows reports whether the grants allow action on resource: some Allow covers it and no
// Deny does. Conditions are taken as met, which is the widest reading.
func Allows(gs []Grant, action, resource string) bool {
	allowed := false
	for _, g := range gs {
		if !g.covers(action, resource) {
			continue
		}
		if g.Effect == "Deny" {
			return false
		}
		allowed = true
	}
	return allowed
}

// Resources returns the resource patterns on which an Allow grant names action (matching the
// action pattern, so "s3:Get*" counts for "s3:GetObject").
func Resources(gs []Grant, action string) []string {
	var out []string
	for _, g := range gs {
		if g.Effect == "Allow" && !g.NotAction && Match(g.Action, action) {
			out = append(out, g.Resource)
		}
	}
	return out
}

// Allowed returns the Allow grants.
func Allowed(gs []Grant) []Grant {
	var out []Grant
	for _, g := range gs {
		if g.Effect == "Allow" {
			out = append(out, g)
		}
	}
	return out
}

// ServiceWide reports whether an action pattern covers every action of a service ("*",
// "s3:*", "kafka-cluster:*"), or whether the grant is a NotAction one, which covers every
// action but the ones it names.
func (g Grant) ServiceWide() bool {
	if g.NotAction {
		return true
	}
	_, verb, ok := strings.Cut(g.Action, ":")
	return g.Action == "*" || (ok && strings.Trim(verb, "*") == "")
}

// AccountWide reports whether the grant reaches every resource of its kind in the account
// (or in every account): "*", a NotResource grant, or an ARN whose resource part is only
// wildcards, with at most a resource type before them ("arn:aws:s3:::*",
// "arn:aws:secretsmanager:us-east-1:123456789012:secret:*", "...:table/*").
func (g Grant) AccountWide() bool {
	if g.NotResource || g.Resource == "*" {
		return true
	}
	parts := strings.SplitN(g.Resource, ":", 6)
	if len(parts) < 6 {
		return false
	}
	res := parts[5]
	// The resource type ("secret:", "table/") narrows nothing; ARNs without an account
	// (S3's "arn:aws:s3:::bucket/key") have no type, their first segment is the bucket.
	if i := strings.IndexAny(res, ":/"); parts[4] != "" && i >= 0 && strings.Trim(res[:i], "*") != "" {
		res = res[i+1:]
	}
	return strings.Trim(res, "*?") == ""
}
