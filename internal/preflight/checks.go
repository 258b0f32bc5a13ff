package preflight

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/kafka"
	kafkatypes "github.com/aws/aws-sdk-go-v2/service/kafka/types"
	"github.com/aws/aws-sdk-go-v2/service/kafkaconnect"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/mwaa"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// accountCheck reads the caller's account, which every other AWS check needs; it runs first
// and alone, so that missing credentials give one clear line instead of one per check.
func accountCheck(ctx context.Context, api STSAPI, p Plan) (account, partition string, r Result) {
	const name = "account"
	out, err := api.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", "", fail(name, credentialsFix, "cannot call AWS: %s", describe(err))
	}
	account = aws.ToString(out.Account)
	partition = "aws"
	if arn := aws.ToString(out.Arn); strings.HasPrefix(arn, "arn:") {
		if parts := strings.SplitN(arn, ":", 3); len(parts) == 3 {
			partition = parts[1]
		}
	}
	who := fmt.Sprintf("%s as %s", account, aws.ToString(out.Arn))
	switch {
	case slices.Contains(p.ForbiddenAccounts, account):
		return account, partition, fail(name, "use credentials for another account, or change aws:forbiddenAccountIds",
			"%s, which aws:forbiddenAccountIds forbids", who)
	case len(p.AllowedAccounts) > 0 && !slices.Contains(p.AllowedAccounts, account):
		return account, partition, fail(name, "use credentials for the expected account (AWS_PROFILE or aws:profile), or change aws:allowedAccountIds",
			"%s, but aws:allowedAccountIds expects %s", who, joinOr(p.AllowedAccounts))
	case len(p.AllowedAccounts) > 0:
		return account, partition, pass(name, "%s, as aws:allowedAccountIds expects", who)
	}
	return account, partition, pass(name, "%s (no aws:allowedAccountIds to compare with: `pulumi config set --path 'aws:allowedAccountIds[0]' %s` pins it)", who, account)
}

const credentialsFix = "give the credentials `pulumi up` uses: `aws configure` or `aws sso login`, AWS_PROFILE, or `pulumi config set aws:profile <profile>`"

// describe turns an SDK error into one line: the service's error code and message, or what
// kept the call from reaching AWS.
func describe(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		return fmt.Sprintf("%s: %s", api.ErrorCode(), api.ErrorMessage())
	}
	msg := err.Error()
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case strings.Contains(msg, "failed to retrieve credentials"), strings.Contains(msg, "no EC2 IMDS role found"),
		strings.Contains(msg, "get credentials"):
		return "no AWS credentials found (environment, shared config files, SSO or instance role)"
	case errors.As(err, &dns):
		return fmt.Sprintf("cannot resolve %s: no network, or the service has no endpoint in this region", dns.Name)
	case errors.As(err, &op):
		return fmt.Sprintf("cannot reach %s: %v", op.Addr, op.Err)
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case httpStatus(err) != 0:
		// An answer that is not the service's error shape (a proxy, an emulator lacking the API).
		return fmt.Sprintf("HTTP %d without an AWS error code", httpStatus(err))
	}
	return msg
}

// errorCode is the service's error code, or "".
func errorCode(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode()
	}
	return ""
}

// httpStatus is the HTTP status of a failed call, or 0.
func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// unreachable says an error means the service cannot be reached in the region at all.
func unreachable(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// bucketChecks asks HeadBucket about each global bucket name: 404 free, 200 already ours,
// 403 another account's, 301 ours or another's in a different region. ("HeadBucket", Amazon
// S3 API Reference: "If the bucket does not exist or you do not have permission to access it,
// the HEAD request returns a generic 400 Bad Request, 403 Forbidden or 404 Not Found code.";
// the same text in the AWS SDK reference, https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/s3/aws.sdk.kotlin.services.s3/-s3-client/head-bucket.html).
// A 403 can also be this account without s3:ListBucket; the failure says so.
func bucketChecks(api S3API, p Plan) []check {
	var out []check
	for _, bucket := range p.Buckets {
		name := "bucket " + bucket
		out = append(out, check{name: name, run: func(ctx context.Context) []Result {
			_, err := api.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
			return []Result{bucketVerdict(name, bucket, err)}
		}})
	}
	return out
}

func bucketVerdict(name, bucket string, err error) Result {
	const fix = "choose a globally unique name: `pulumi config set --path bucket.name <name>` (the data lake bucket; the MWAA bucket derives from the stack name)"
	if err == nil {
		return warn(name, "nothing, if this stack created it; otherwise import it (`pulumi import`) or choose another name",
			"exists and belongs to this account: fine for a stack already deployed, a conflict for a new one")
	}
	switch status := httpStatus(err); {
	case status == http.StatusNotFound || errorCode(err) == "NotFound":
		return pass(name, "is free")
	case status == http.StatusForbidden:
		return fail(name, fix, "belongs to another AWS account (403; or these credentials lack s3:ListBucket on it): `pulumi up` would fail with BucketAlreadyExists")
	case status == http.StatusMovedPermanently:
		return fail(name, fix, "exists in another region (301), in this account or another")
	}
	return warn(name, "check the credentials' s3:ListBucket permission and run again", "could not tell whether %s is free: %s", bucket, describe(err))
}

// roleChecks asks whether each IAM role name the stack creates is already taken in the account.
func roleChecks(api IAMAPI, p Plan) []check {
	return []check{{name: "iam roles", run: func(ctx context.Context) []Result {
		var taken, unknown []string
		for _, role := range p.Roles {
			_, err := api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(role)})
			var missing *iamtypes.NoSuchEntityException
			switch {
			case errors.As(err, &missing):
			case err == nil:
				taken = append(taken, role)
			default:
				unknown = append(unknown, fmt.Sprintf("%s (%s)", role, describe(err)))
			}
		}
		switch {
		case len(unknown) > 0:
			return []Result{warn("iam roles", "allow iam:GetRole to the credentials", "could not read: %s", strings.Join(unknown, "; "))}
		case len(taken) > 0:
			return []Result{warn("iam roles", "nothing for a stack already deployed; for a new one, delete or rename the roles (another stack with the same identity.userId?)",
				"%s already exist: %s", plural(len(taken), "role"), strings.Join(taken, ", "))}
		}
		return []Result{pass("iam roles", "all %d role names are free", len(p.Roles))}
	}}}
}

// zoneCheck checks the zones the network will use: pinned ones exist and can hold MSK
// brokers; otherwise the region has enough, picked as the network component picks them.
func zoneCheck(api EC2API, p Plan) check {
	const name = "availability zones"
	return check{name: name, run: func(ctx context.Context) []Result {
		out, err := api.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{
			Filters: []ec2types.Filter{{Name: aws.String("state"), Values: []string{"available"}}},
		})
		if err != nil {
			return []Result{fail(name, "allow ec2:DescribeAvailabilityZones", "cannot list zones: %s", describe(err))}
		}
		unsupported := stacks.MSKUnsupportedZoneIDs[p.Region]
		usable := map[string]string{}
		var names []string
		for _, z := range out.AvailabilityZones {
			// Opt-in zones (Local Zones, Wavelength) lack the services the pipeline needs.
			if z.OptInStatus != "" && z.OptInStatus != ec2types.AvailabilityZoneOptInStatusOptInNotRequired {
				continue
			}
			if slices.Contains(unsupported, aws.ToString(z.ZoneId)) {
				continue
			}
			usable[aws.ToString(z.ZoneName)] = aws.ToString(z.ZoneId)
			names = append(names, aws.ToString(z.ZoneName))
		}
		sort.Strings(names)
		if len(p.PinnedZones) > 0 {
			var bad []string
			for _, z := range p.PinnedZones {
				if _, ok := usable[z]; !ok {
					bad = append(bad, z)
				}
			}
			if len(bad) > 0 {
				return []Result{fail(name, fmt.Sprintf("pick zones from %s in network.availabilityZones", joinOr(names)),
					"%s not available in %s, or cannot hold MSK brokers", strings.Join(bad, ", "), p.Region)}
			}
			return []Result{pass(name, "%s are available", strings.Join(p.PinnedZones, ", "))}
		}
		if !p.NewVPC {
			return []Result{pass(name, "an existing VPC: its subnets' zones are used")}
		}
		if len(names) < p.AZCount {
			return []Result{fail(name, "lower network.azCount or pick another region",
				"%s has %d usable zones but network.azCount is %d", p.Region, len(names), p.AZCount)}
		}
		return []Result{pass(name, "%s of %d usable", strings.Join(names[:p.AZCount], ", "), len(names))}
	}}
}

// kafkaCheck checks that MSK runs in the region and offers the configured Kafka version.
func kafkaCheck(api KafkaAPI, p Plan) check {
	const name = "msk kafka version"
	return check{name: name, run: func(ctx context.Context) []Result {
		var active []string
		var status kafkatypes.KafkaVersionStatus
		found := false
		var token *string
		for range 5 { // bounded: MSK lists a few dozen versions
			out, err := api.ListKafkaVersions(ctx, &kafka.ListKafkaVersionsInput{NextToken: token})
			if err != nil {
				if unreachable(err) {
					return []Result{fail(name, "pick a region that offers Amazon MSK", "MSK does not answer in %s: %s", p.Region, describe(err))}
				}
				return []Result{warn(name, "allow kafka:ListKafkaVersions", "cannot list Kafka versions: %s", describe(err))}
			}
			for _, v := range out.KafkaVersions {
				if v.Status == kafkatypes.KafkaVersionStatusActive {
					active = append(active, aws.ToString(v.Version))
				}
				if aws.ToString(v.Version) == p.KafkaVersion {
					found, status = true, v.Status
				}
			}
			if token = out.NextToken; token == nil {
				break
			}
		}
		switch {
		case !found:
			return []Result{fail(name, "set kafka.version to one of "+joinOr(active), "MSK in %s does not offer Kafka %s", p.Region, p.KafkaVersion)}
		case status != kafkatypes.KafkaVersionStatusActive:
			return []Result{fail(name, "set kafka.version to one of "+joinOr(active), "Kafka %s is %s in %s: MSK creates no new cluster on it", p.KafkaVersion, status, p.Region)}
		}
		// MSK has no read call that lists broker types per region; the type is checked offline
		// against the documented list, and `pulumi up` reports a region without it.
		return []Result{pass(name, "Kafka %s is active in %s (broker type %s: checked offline)", p.KafkaVersion, p.Region, p.BrokerType)}
	}}
}

// connectCheck checks that MSK Connect answers in the region and the connector name is free.
func connectCheck(api KafkaConnectAPI, p Plan) check {
	const name = "msk connect"
	return check{name: name, run: func(ctx context.Context) []Result {
		out, err := api.ListConnectors(ctx, &kafkaconnect.ListConnectorsInput{ConnectorNamePrefix: aws.String(p.ConnectorName)})
		switch {
		case err != nil && unreachable(err):
			return []Result{fail(name, "pick a region that offers MSK Connect", "MSK Connect does not answer in %s: %s", p.Region, describe(err))}
		case err != nil:
			return []Result{warn(name, "allow kafkaconnect:ListConnectors", "cannot list connectors: %s", describe(err))}
		}
		for _, c := range out.Connectors {
			if aws.ToString(c.ConnectorName) == p.ConnectorName {
				return []Result{warn(name, "nothing for a stack already deployed; otherwise delete the connector or use another identity.userId",
					"a connector named %s already exists in %s", p.ConnectorName, p.Region)}
			}
		}
		return []Result{pass(name, "offered in %s; connector name %s is free", p.Region, p.ConnectorName)}
	}}
}

// kmsCheck checks the customer key named in kafka.kmsKeyArn: it exists, is enabled, encrypts,
// and lives in the stack's region (MSK uses a key of its own region).
func kmsCheck(api KMSAPI, p Plan) []check {
	if p.KMSKeyARN == "" {
		return nil
	}
	const name = "kms key"
	const fix = "fix kafka.kmsKeyArn, or remove it to use the AWS-managed key"
	return []check{{name: name, run: func(ctx context.Context) []Result {
		if parts := strings.Split(p.KMSKeyARN, ":"); len(parts) > 3 && parts[3] != p.Region {
			return []Result{fail(name, fix, "%s is in %s, but the stack deploys to %s", p.KMSKeyARN, parts[3], p.Region)}
		}
		out, err := api.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(p.KMSKeyARN)})
		var missing *kmstypes.NotFoundException
		switch {
		case errors.As(err, &missing):
			return []Result{fail(name, fix, "%s does not exist", p.KMSKeyARN)}
		case err != nil:
			return []Result{fail(name, fix+"; or grant kms:DescribeKey on it", "cannot read %s: %s", p.KMSKeyARN, describe(err))}
		}
		meta := out.KeyMetadata
		switch {
		case meta == nil:
			return []Result{fail(name, fix, "no metadata for %s", p.KMSKeyARN)}
		case meta.KeyState != kmstypes.KeyStateEnabled:
			return []Result{fail(name, "enable the key, or "+fix, "%s is %s", p.KMSKeyARN, meta.KeyState)}
		case meta.KeyUsage != kmstypes.KeyUsageTypeEncryptDecrypt:
			return []Result{fail(name, fix, "%s is for %s, not ENCRYPT_DECRYPT", p.KMSKeyARN, meta.KeyUsage)}
		}
		return []Result{pass(name, "%s is enabled for encryption", p.KMSKeyARN)}
	}}}
}

// passRoleCheck simulates the workspace's cross-account role passing the cluster role, with
// the grant the stack adds included (SimulatePrincipalPolicy's PolicyInputList, "IAM API
// Reference: SimulatePrincipalPolicy"): what can still deny it then is a permissions boundary
// or an explicit deny, which `pulumi up` cannot fix.
func passRoleCheck(api IAMAPI, p Plan, account, partition string) []check {
	if p.Databricks == nil {
		return nil
	}
	const name = "databricks pass role"
	d := p.Databricks
	return []check{{name: name, run: func(ctx context.Context) []Result {
		source := fmt.Sprintf("arn:%s:iam::%s:role/%s", partition, account, d.CrossAccountRole)
		target := fmt.Sprintf("arn:%s:iam::%s:role/%s", partition, account, d.ClusterRole)
		if _, err := api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(d.CrossAccountRole)}); err != nil {
			var missing *iamtypes.NoSuchEntityException
			if errors.As(err, &missing) {
				return []Result{fail(name, "set databricks.crossAccountRoleName to the role in the workspace's credential configuration (account console > Cloud resources)",
					"no role %s in account %s", d.CrossAccountRole, account)}
			}
			return []Result{warn(name, "allow iam:GetRole", "cannot read role %s: %s", d.CrossAccountRole, describe(err))}
		}
		grant := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":%q}]}`, target)
		out, err := api.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
			PolicySourceArn: aws.String(source),
			ActionNames:     []string{"iam:PassRole"},
			ResourceArns:    []string{target},
			PolicyInputList: []string{grant},
		})
		if err != nil {
			return []Result{warn(name, "allow iam:SimulatePrincipalPolicy to the credentials", "cannot simulate: %s", describe(err))}
		}
		if len(out.EvaluationResults) == 0 {
			return []Result{warn(name, "run again", "the simulation returned no result")}
		}
		switch decision := out.EvaluationResults[0].EvalDecision; decision {
		case iamtypes.PolicyEvaluationDecisionTypeAllowed:
			return []Result{pass(name, "%s may pass %s once the stack's grant is in place", d.CrossAccountRole, d.ClusterRole)}
		default:
			return []Result{fail(name, "remove the explicit deny or widen the permissions boundary of "+d.CrossAccountRole+" for iam:PassRole on "+target,
				"%s cannot pass %s even with the stack's grant (%s): job clusters would not start", d.CrossAccountRole, d.ClusterRole, decision)}
		}
	}}}
}

// mwaaEnvironments counts the account's MWAA environments in the region.
func mwaaEnvironments(ctx context.Context, api MWAAAPI) (int, error) {
	n := 0
	var token *string
	for range 10 {
		out, err := api.ListEnvironments(ctx, &mwaa.ListEnvironmentsInput{NextToken: token})
		if err != nil {
			return 0, err
		}
		n += len(out.Environments)
		if token = out.NextToken; token == nil {
			break
		}
	}
	return n, nil
}

// kinesisLimits reads the shard quota and the open shards: Kinesis reports both itself.
func kinesisLimits(ctx context.Context, api KinesisAPI) (*kinesis.DescribeLimitsOutput, error) {
	return api.DescribeLimits(ctx, &kinesis.DescribeLimitsInput{})
}
