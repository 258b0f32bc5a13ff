package grants

import (
	"fmt"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
)

// Policy is one identity policy a plan declares, read as grants.
type Policy struct {
	// Where names the resource and the input ("aws:iam/rolePolicy:RolePolicy kafka-client-kafka-access policy").
	Where  string
	Grants []Grant
}

// policyInputs are the resource types that carry an identity policy document, and the input
// that holds it. Trust policies (a role's assumeRolePolicy) grant no action on a resource and
// are not listed.
var policyInputs = map[string]string{
	"aws:iam/rolePolicy:RolePolicy":   "policy",
	"aws:iam/policy:Policy":           "policy",
	"aws:iam/userPolicy:UserPolicy":   "policy",
	"aws:iam/groupPolicy:GroupPolicy": "policy",
}

// attachmentTypes attach a managed policy by ARN.
var attachmentTypes = []string{
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/policyAttachment:PolicyAttachment",
	"aws:iam/userPolicyAttachment:UserPolicyAttachment", "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
}

// InPlan returns every identity policy of the plan (policy resources and roles' inline
// policies) and the ARNs of the managed policies it attaches. A document that is not known
// text (computed, or not a policy) is an error: a policy that cannot be read cannot be checked.
func InPlan(plan *sim.Plan) (policies []Policy, attached []string, err error) {
	add := func(where string, doc any) error {
		text, ok := doc.(string)
		if !ok {
			return fmt.Errorf("%s: the policy is %T, not a known document", where, doc)
		}
		gs, err := Of(text)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		policies = append(policies, Policy{Where: where, Grants: gs})
		return nil
	}
	for _, r := range plan.Custom() {
		if key, ok := policyInputs[r.Type]; ok {
			if err := add(r.Type+" "+r.Name+" "+key, r.Inputs[key]); err != nil {
				return nil, nil, err
			}
		}
		if r.Type == "aws:iam/role:Role" {
			inline, _ := r.Inputs["inlinePolicies"].([]any)
			for i, p := range inline {
				m, _ := p.(map[string]any)
				if err := add(fmt.Sprintf("%s %s inlinePolicies[%d]", r.Type, r.Name, i), m["policy"]); err != nil {
					return nil, nil, err
				}
			}
		}
		for _, typ := range attachmentTypes {
			if r.Type != typ {
				continue
			}
			arn, ok := r.Inputs["policyArn"].(string)
			if !ok {
				return nil, nil, fmt.Errorf("%s %s: policyArn is %T, not a known ARN", r.Type, r.Name, r.Inputs["policyArn"])
			}
			attached = append(attached, arn)
		}
	}
	return policies, attached, nil
}
