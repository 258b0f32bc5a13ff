package preflight

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/motoserver"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// The whole command against moto_server, for everything moto implements (STS, S3, IAM roles,
// EC2, KMS, Kinesis limits, the VPC quotas); what moto does not serve is tested with recorded
// responses in checks_test.go. The account is seeded with an earlier deploy's bucket and one
// role and a disabled KMS key, and every call made must be a read. (moto's Kinesis
// DescribeLimits answers fixed numbers, 0 open of 6000.)
func TestPreflightAgainstMoto(t *testing.T) {
	m := motoserver.Start(t)
	const region = "us-east-1"
	cfg := m.AWSConfig(region)
	ctx := t.Context()
	endpoint := aws.String(m.Endpoint)
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.BaseEndpoint, o.UsePathStyle = endpoint, true })
	iamc := iam.NewFromConfig(cfg, func(o *iam.Options) { o.BaseEndpoint = endpoint })
	kmsc := kms.NewFromConfig(cfg, func(o *kms.Options) { o.BaseEndpoint = endpoint })

	_, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(stacks.BucketName(testUserID))})
	require.NoError(t, err)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	for _, role := range []string{stacks.EC2AccessRoleName(testUserID), "workspace-cross-account"} {
		_, err = iamc.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(role), AssumeRolePolicyDocument: aws.String(trust)})
		require.NoError(t, err)
	}
	key, err := kmsc.CreateKey(ctx, &kms.CreateKeyInput{})
	require.NoError(t, err)
	_, err = kmsc.DisableKey(ctx, &kms.DisableKeyInput{KeyId: key.KeyMetadata.KeyId})
	require.NoError(t, err)

	ws := fakeWorkspace(t, "dapi-good", []string{"15.4.x-scala2.12", "16.4.x-scala2.12"}, []string{"m5d.large", "i3.xlarge"})
	keyARN := aws.ToString(key.KeyMetadata.Arn)
	dir := writeProject(t, "test", region, ws.URL, "  pinterest-pipeline:kafka:\n    kmsKeyArn: "+keyARN+"\n"+
		"  aws:allowedAccountIds:\n    - \"123456789012\"\n")
	calls := &Calls{}
	start := time.Now()
	code, out, stderr := run(t, Env{
		Getenv: func(k string) string {
			if k == TokenEnv {
				return "dapi-good"
			}
			return ""
		},
		LoadAWSConfig: func(_ context.Context, r, _ string) (aws.Config, error) { return m.AWSConfig(r), nil },
		Calls:         calls,
		HTTPClient:    ws.Client(),
	}, "--dir", dir, "--stack", "test", "--json", "--endpoint-url", m.Endpoint)
	t.Logf("preflight against moto: %d calls in %s", calls.Total(), time.Since(start))
	require.Equal(t, cliexit.Failed, code, "the disabled KMS key fails the preflight\n%s\n%s", out, stderr)
	require.NotEmpty(t, out, stderr)
	report := decodeReport(t, out)

	account := result(t, report, "account")
	assert.Equal(t, Pass, account.Status, account.Message)
	assert.Contains(t, account.Message, "123456789012")
	assert.Equal(t, Warn, result(t, report, "bucket "+stacks.BucketName(testUserID)).Status, "an existing bucket of this account")
	assert.Equal(t, Pass, result(t, report, "bucket "+stacks.AirflowBucketName(testUserID, "test")).Status)
	roles := result(t, report, "iam roles")
	assert.Equal(t, Warn, roles.Status)
	assert.Contains(t, roles.Message, stacks.EC2AccessRoleName(testUserID))
	assert.NotContains(t, roles.Message, stacks.ConnectRoleName(testUserID))
	assert.Equal(t, Pass, result(t, report, "availability zones").Status)
	kmsResult := result(t, report, "kms key")
	assert.Equal(t, Fail, kmsResult.Status)
	assert.Contains(t, kmsResult.Message, "Disabled")
	vpcs := result(t, report, "quota vpcs")
	assert.Equal(t, Pass, vpcs.Status, vpcs.Message)
	assert.Contains(t, vpcs.Message, "L-F678F1CE")
	shards := result(t, report, "quota kinesis shards")
	assert.Equal(t, Pass, shards.Status)
	assert.Contains(t, shards.Message, "0 open + 3 planned <= 6000")
	assert.Equal(t, Pass, result(t, report, "databricks workspace").Status)
	assert.Equal(t, Pass, result(t, report, "databricks spark version").Status)
	assert.Equal(t, Pass, result(t, report, "databricks node type").Status)
	assert.Equal(t, 1, report.Count(Fail), "only the key fails: %v", report.Results)

	ops := calls.Operations()
	require.NotEmpty(t, ops)
	for _, op := range ops {
		_, name, _ := strings.Cut(op, ":")
		if strings.HasPrefix(op, "databricks:") {
			assert.True(t, strings.HasPrefix(name, "GET "), op)
			continue
		}
		assert.Truef(t, ReadOnly(name), "%s is not a read", op)
	}
	assert.Equal(t, calls.Total(), report.Calls)
	assert.LessOrEqual(t, report.Calls, 40, "a bounded number of calls")

	// Nothing was created or changed: the seeded bucket list and roles are as they were.
	buckets, err := s3c.ListBuckets(ctx, &s3.ListBucketsInput{})
	require.NoError(t, err)
	assert.Len(t, buckets.Buckets, 1)
	rolesNow, err := iamc.ListRoles(ctx, &iam.ListRolesInput{})
	require.NoError(t, err)
	assert.Len(t, rolesNow.Roles, 2)
}
