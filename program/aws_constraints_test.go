package program

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/awslimits"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ec2Descriptions collects every security group and rule description the plan sends to EC2,
// keyed by where it comes from: the groups' own and their inline rules', and the standalone rules'.
func ec2Descriptions(plan *sim.Plan) map[string]string {
	out := map[string]string{}
	for _, r := range plan.ByType("aws:ec2/securityGroup:SecurityGroup") {
		if d, ok := r.Inputs["description"].(string); ok {
			out[r.Name] = d
		}
		for _, key := range []string{"ingress", "egress"} {
			rules, _ := r.Inputs[key].([]any)
			for i, rule := range rules {
				if d, ok := rule.(map[string]any)["description"].(string); ok {
					out[fmt.Sprintf("%s.%s[%d]", r.Name, key, i)] = d
				}
			}
		}
	}
	for _, typ := range []string{
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
		"aws:ec2/securityGroupRule:SecurityGroupRule",
	} {
		for _, r := range plan.ByType(typ) {
			if d, ok := r.Inputs["description"].(string); ok {
				out[r.Name] = d
			}
		}
	}
	return out
}

// EC2 refuses a description outside its character set or over 255 characters with
// InvalidParameterValue at apply time, long after the plan looked fine.
func TestSecurityGroupDescriptionsAreAcceptedByEC2(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		stack     string
		overrides []string
		atLeast   int
	}{
		{"dev", nil, 14},  // 4 groups, 5 ingress and 5 egress rules
		{"prod", nil, 14}, // the same shape
		{"dev", []string{"api.proxyIntegration=http"}, 17},
	} {
		plan, err := planStack(t, tc.stack, tc.overrides...)
		require.NoError(t, err)
		descriptions := ec2Descriptions(plan)
		require.GreaterOrEqual(t, len(descriptions), tc.atLeast, "%s %v: every group and rule has a description", tc.stack, tc.overrides)
		for where, d := range descriptions {
			assert.NoError(t, awslimits.EC2Description(d), "%s %v: %s description %q", tc.stack, tc.overrides, where, d)
		}
	}
}

// API Gateway puts no aws:SourceAccount or aws:SourceArn in the request context when it assumes
// an integration's credentials role, so a trust condition on either denies AssumeRole and every
// method answers 500 ("API Gateway does not have permission to assume the provided role").
func TestAPIGatewayIntegrationRolesTrustWithoutSourceConditions(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		plan, err := planStack(t, stack)
		require.NoError(t, err)
		roles := map[string]sim.Resource{}
		for _, r := range plan.ByType("aws:iam/role:Role") {
			if name, ok := r.Inputs["name"].(string); ok {
				roles[name] = r
			}
		}
		credentials := map[string]bool{}
		for _, in := range plan.ByType("aws:apigateway/integration:Integration") {
			if arn, ok := in.Inputs["credentials"].(string); ok {
				credentials[arn[strings.LastIndex(arn, "/")+1:]] = true
			}
		}
		require.NotEmpty(t, credentials, "%s: the Kinesis integrations run with a role", stack)
		for name := range credentials {
			role, ok := roles[name]
			require.True(t, ok, "%s: integration credentials name role %s, which the stack does not declare", stack, name)
			var trust struct {
				Statement []struct {
					Principal map[string]any            `json:"Principal"`
					Condition map[string]map[string]any `json:"Condition"`
				} `json:"Statement"`
			}
			require.NoError(t, json.Unmarshal([]byte(role.Inputs["assumeRolePolicy"].(string)), &trust))
			require.Len(t, trust.Statement, 1, "%s: %s", stack, name)
			assert.Equal(t, "apigateway.amazonaws.com", trust.Statement[0].Principal["Service"], "%s: %s", stack, name)
			for op, keys := range trust.Statement[0].Condition {
				for key := range keys {
					assert.NotContains(t, []string{"aws:sourceaccount", "aws:sourcearn"}, strings.ToLower(key),
						"%s: %s trusts API Gateway only under %s %s, which API Gateway never sends for integration credentials", stack, name, op, key)
				}
			}
		}
	}
}
