package components

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PolicyDocument is an IAM policy or trust policy, built in Go so that tests can read it back.
type PolicyDocument struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one IAM policy statement.
type Statement struct {
	Sid       string         `json:"Sid,omitempty"`
	Effect    string         `json:"Effect"`
	Principal map[string]any `json:"Principal,omitempty"`
	Action    []string       `json:"Action"`
	Resource  []string       `json:"Resource,omitempty"`
	// NotResource is for the rare grant that must name what it excludes (AWS-owned keys).
	NotResource []string                  `json:"NotResource,omitempty"`
	Condition   map[string]map[string]any `json:"Condition,omitempty"`
}

// policy wraps statements in a document of the current policy language version.
func policy(statements ...Statement) PolicyDocument {
	return PolicyDocument{Version: "2012-10-17", Statement: statements}
}

// allow is an Allow statement.
func allow(sid string, actions []string, resources ...string) Statement {
	return Statement{Sid: sid, Effect: "Allow", Action: actions, Resource: resources}
}

// JSON renders the document.
func (d PolicyDocument) JSON() (string, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("encoding policy: %w", err)
	}
	return string(b), nil
}

// serviceTrust is a trust policy for an AWS service principal. With account set, it adds the
// confused-deputy guard AWS recommends for service roles.
func serviceTrust(service, account string) PolicyDocument {
	st := Statement{
		Sid: "TrustService", Effect: "Allow", Principal: map[string]any{"Service": service},
		Action: []string{"sts:AssumeRole"},
	}
	if account != "" {
		st.Condition = map[string]map[string]any{"StringEquals": {"aws:SourceAccount": account}}
	}
	return policy(st)
}

// policyOutput renders a document whose resources are only known once other resources exist.
func policyOutput(build func(args []any) PolicyDocument, inputs ...any) pulumi.StringOutput {
	return pulumi.All(inputs...).ApplyT(func(args []any) (string, error) {
		return build(args).JSON()
	}).(pulumi.StringOutput)
}

// checkedPolicyOutput is policyOutput for documents whose construction can fail, such as those
// that parse an ARN.
func checkedPolicyOutput(build func(args []any) (PolicyDocument, error), inputs ...any) pulumi.StringOutput {
	return pulumi.All(inputs...).ApplyT(func(args []any) (string, error) {
		doc, err := build(args)
		if err != nil {
			return "", err
		}
		return doc.JSON()
	}).(pulumi.StringOutput)
}

// KafkaResourceARN turns a cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>)
// into the ARN of a topic or group in it, as IAM access control for MSK names them:
// arn:aws:kafka:<region>:<account>:<kind>/<name>/<uuid>/<resource>.
func KafkaResourceARN(clusterARN, kind, resource string) (string, error) {
	prefix, rest, ok := strings.Cut(clusterARN, ":cluster/")
	if !ok || !strings.HasPrefix(prefix, "arn:aws") || strings.Count(rest, "/") != 1 {
		return "", fmt.Errorf("%q is not an MSK cluster ARN", clusterARN)
	}
	return prefix + ":" + kind + "/" + rest + "/" + resource, nil
}
