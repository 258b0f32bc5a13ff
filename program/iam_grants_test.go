package program

import (
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/grants"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// accountWideActions are the only actions a stack may grant on every resource of a kind: AWS
// offers no resource-level permission for them (Service Authorization Reference: "Actions,
// resources, and condition keys for Amazon Kinesis / Amazon S3 / Amazon CloudWatch Logs /
// Amazon CloudWatch / AWS KMS", the Resource types column is empty), and each is a listing
// or is conditioned to this stack's use.
var accountWideActions = map[string]string{
	"kinesis:ListStreams":            "lists stream names, reads no record",
	"s3:GetAccountPublicAccessBlock": "MWAA checks the account's setting",
	"logs:DescribeLogGroups":         "MWAA finds its log groups",
	"cloudwatch:PutMetricData":       "conditioned on the AmazonMWAA namespace",
	// MWAA's Celery queues use an AWS-owned key, which has no ARN in the account; the grant
	// excludes the account's own keys and is conditioned on kms:ViaService (MWAA user guide,
	// "Amazon MWAA execution role", the customer-managed vs AWS-owned key policies).
	"kms:Decrypt": "via SQS, on AWS-owned keys", "kms:DescribeKey": "via SQS, on AWS-owned keys",
	"kms:GenerateDataKey*": "via SQS, on AWS-owned keys", "kms:Encrypt": "via SQS, on AWS-owned keys",
}

// conditionedActions must come with a condition when granted account-wide.
var conditionedActions = map[string]bool{
	"cloudwatch:PutMetricData": true, "kms:Decrypt": true, "kms:DescribeKey": true, "kms:GenerateDataKey*": true, "kms:Encrypt": true,
}

// managedPolicies are the AWS managed policies a stack may attach, with why.
var managedPolicies = map[string]string{
	"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore": "Session Manager on the client host, no shell over SSH",
}

// Issue 14 item 1: whatever a statement is called, no identity policy of the dev or prod plan
// grants a whole service, nor a data-plane action on every resource of its kind.
func TestNoIAMPolicyGrantsAWholeServiceOrEveryResource(t *testing.T) {
	t.Parallel()
	for stack, minimum := range map[string]int{"dev": 7, "prod": 7} {
		plan, err := planStack(t, stack)
		require.NoError(t, err)
		policies, attached, err := grants.InPlan(plan)
		require.NoError(t, err, stack)
		require.GreaterOrEqual(t, len(policies), minimum, "%s: the plan's identity policies were not all found", stack)
		examined := 0
		for _, p := range policies {
			require.NotEmpty(t, p.Grants, p.Where)
			for _, g := range grants.Allowed(p.Grants) {
				examined++
				assert.False(t, g.ServiceWide(), "%s: %s allows %q (NotAction %v): name the actions", stack, p.Where, g.Action, g.NotAction)
				if !g.AccountWide() {
					continue
				}
				_, ok := accountWideActions[g.Action]
				assert.True(t, ok, "%s: %s allows %s on %q, every resource of its kind: scope it to this stack's ARNs", stack, p.Where, g.Action, g.Resource)
				if conditionedActions[g.Action] {
					assert.True(t, g.Conditioned, "%s: %s allows %s on %q without a condition", stack, p.Where, g.Action, g.Resource)
				}
			}
		}
		assert.Greater(t, examined, 50, "%s: too few grants examined", stack)
		require.NotEmpty(t, attached, stack)
		for _, arn := range attached {
			_, ok := managedPolicies[arn]
			assert.True(t, ok, "%s attaches %s, whose grants the plan cannot show: add an inline policy instead", stack, arn)
		}
	}
}
