package pack

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var devSettings = Settings{Environment: "dev", UserID: "0affd9571f39", Region: "us-east-1", HourlyBudgetUSD: 1}

var loggingSettings = Settings{Environment: "dev", UserID: "0affd9571f39", Region: "us-east-1", HourlyBudgetUSD: 1, APIAccessLogs: true}

var prodSettings = Settings{Environment: "prod", UserID: "pinterestprod", Region: "us-east-1", HourlyBudgetUSD: 5}

type (
	obj  = map[string]property.Value
	list = []property.Value
)

var (
	str  = property.New[string]
	num  = property.New[float64]
	flag = property.New[bool]
)

func mapOf(m obj) property.Value { return property.New(m) }

// devTags are the teardown tags every dev resource carries.
func devTags() property.Value {
	return mapOf(obj{"environment": str("dev"), "owner": str("learner@example.com"), "expires-at": str("2026-12-31")})
}

// check runs one policy of the pack on one resource and returns the violation messages.
func check(t *testing.T, s Settings, policy string, r policyx.AnalyzerResource, config map[string]any) []string {
	t.Helper()
	p, err := New(s)
	require.NoError(t, err)
	if r.URN == "" {
		r.URN = "urn:pulumi:dev::pinterest-pipeline::" + r.Type + "::r"
	}
	vs, err := Run(t.Context(), p, []policyx.AnalyzerResource{r}, map[string]map[string]any{policy: config})
	require.NoError(t, err)
	var msgs []string
	for _, v := range vs {
		if v.Policy == policy {
			msgs = append(msgs, v.Message)
			assert.Equal(t, r.URN, v.URN, "a resource policy's violation names the resource")
		}
	}
	return msgs
}

type policyCase struct {
	name, policy, typ string
	violating         obj
	options           pulumi.ResourceOptions
	compliant         obj
	message           string // a violation message names the fix
	missingViolates   bool   // an empty resource means the provider default, which violates
	anyType           bool   // the policy applies to every cloud resource
	optionsDriven     bool   // the verdict comes from resource options, not properties
	config            map[string]any
	settings          *Settings
}

var cases = []policyCase{
	{name: "public access block", policy: PolicyS3PublicAccessBlocked, typ: typeBucketPAB,
		violating: obj{"blockPublicAcls": flag(true), "blockPublicPolicy": flag(false), "ignorePublicAcls": flag(true), "restrictPublicBuckets": flag(true)},
		compliant: obj{"blockPublicAcls": flag(true), "blockPublicPolicy": flag(true), "ignorePublicAcls": flag(true), "restrictPublicBuckets": flag(true)},
		message:   "blockPublicPolicy is not true", missingViolates: true},
	{name: "bucket encryption", policy: PolicyS3EncryptionAtRest, typ: typeBucketSSE,
		violating: obj{"rules": property.New(list{mapOf(obj{"applyServerSideEncryptionByDefault": mapOf(obj{"sseAlgorithm": str("NONE")})})})},
		compliant: obj{"rules": property.New(list{mapOf(obj{"applyServerSideEncryptionByDefault": mapOf(obj{"sseAlgorithm": str("AES256")})})})},
		message:   "sseAlgorithm to AES256", missingViolates: true},
	{name: "TLS-only bucket policy", policy: PolicyS3TLSOnly, typ: typeBucketPolicy,
		violating: obj{"policy": str(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`)},
		compliant: obj{"policy": str(`{"Statement":{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`)},
		message:   "aws:SecureTransport"},
	{name: "open ingress rule", policy: PolicyNoOpenIngress, typ: typeIngressRule,
		violating: obj{"cidrIpv4": str("0.0.0.0/0"), "fromPort": num(8082), "toPort": num(8082), "ipProtocol": str("tcp")},
		compliant: obj{"cidrIpv4": str("10.0.0.0/16"), "fromPort": num(8082), "toPort": num(8082), "ipProtocol": str("tcp")},
		message:   `"allowedPorts": [8082]`},
	{name: "open IPv6 ingress in an inline rule", policy: PolicyNoOpenIngress, typ: typeSecurityGroup,
		violating: obj{"ingress": property.New(list{mapOf(obj{"ipv6CidrBlocks": property.New(list{str("::/0")}), "fromPort": num(0), "toPort": num(0), "protocol": str("-1")})})},
		compliant: obj{"ingress": property.New(list{mapOf(obj{"cidrBlocks": property.New(list{str("10.0.0.0/8")}), "fromPort": num(22), "toPort": num(22), "protocol": str("tcp")})})},
		message:   "opens all ports to ::/0"},
	{name: "open ingress on an allowed port", policy: PolicyNoOpenIngress, typ: typeIngressRule,
		violating: obj{"cidrIpv4": str("0.0.0.0/0"), "fromPort": num(22), "toPort": num(22), "ipProtocol": str("tcp")},
		compliant: obj{"cidrIpv4": str("0.0.0.0/0"), "fromPort": num(443), "toPort": num(443), "ipProtocol": str("tcp")},
		config:    map[string]any{"allowedPorts": []any{443.0}}, message: "port 22"},
	{name: "IMDSv2", policy: PolicyEC2IMDSv2, typ: typeInstance,
		violating: obj{"metadataOptions": mapOf(obj{"httpTokens": str("optional")})},
		compliant: obj{"metadataOptions": mapOf(obj{"httpTokens": str("required")})},
		message:   `set it to "required"`, missingViolates: true},
	{name: "encrypted root volume", policy: PolicyEC2VolumesEncrypted, typ: typeInstance,
		violating: obj{"rootBlockDevice": mapOf(obj{"encrypted": flag(false)})},
		compliant: obj{"rootBlockDevice": mapOf(obj{"encrypted": flag(true)})},
		message:   "rootBlockDevice is not encrypted", missingViolates: true},
	{name: "MSK unauthenticated clients", policy: PolicyMSKAuthenticatedTLS, typ: typeMSKCluster,
		violating: obj{"clientAuthentication": mapOf(obj{"unauthenticated": flag(true)}),
			"encryptionInfo": mapOf(obj{"encryptionInTransit": mapOf(obj{"clientBroker": str("TLS_PLAINTEXT")})})},
		compliant: obj{"clientAuthentication": mapOf(obj{"sasl": mapOf(obj{"iam": flag(true)}), "unauthenticated": flag(false)}),
			"encryptionInfo": mapOf(obj{"encryptionInTransit": mapOf(obj{"clientBroker": str("TLS"), "inCluster": flag(true)})})},
		message: "clientAuthentication.unauthenticated is true", missingViolates: true},
	{name: "MSK Connect plaintext", policy: PolicyMSKAuthenticatedTLS, typ: typeConnector,
		violating: obj{"kafkaClusterClientAuthentication": mapOf(obj{"authenticationType": str("NONE")}),
			"kafkaClusterEncryptionInTransit": mapOf(obj{"encryptionType": str("PLAINTEXT")})},
		compliant: obj{"kafkaClusterClientAuthentication": mapOf(obj{"authenticationType": str("IAM")}),
			"kafkaClusterEncryptionInTransit": mapOf(obj{"encryptionType": str("TLS")})},
		message: "set it to IAM", missingViolates: true},
	{name: "IAM write on every resource", policy: PolicyIAMNoWildcards, typ: typeIAMRolePolicy,
		violating: obj{"policy": str(`{"Statement":[{"Effect":"Allow","Action":["kinesis:PutRecord","kinesis:ListStreams"],"Resource":"*"}]}`)},
		compliant: obj{"policy": str(`{"Statement":[{"Effect":"Allow","Action":"kinesis:ListStreams","Resource":"*"},` +
			`{"Effect":"Allow","Action":"kinesis:PutRecord","Resource":"arn:aws:kinesis:us-east-1:123456789012:stream/streaming-0affd9571f39-*"}]}`)},
		message: "kinesis:PutRecord on every resource"},
	{name: "IAM unscopable write without its condition", policy: PolicyIAMNoWildcards, typ: typeIAMRolePolicy,
		violating: obj{"policy": str(`{"Statement":[{"Effect":"Allow","Action":"cloudwatch:PutMetricData","Resource":"*"}]}`)},
		compliant: obj{"policy": str(`{"Statement":[{"Effect":"Allow","Action":"cloudwatch:PutMetricData","Resource":"*",` +
			`"Condition":{"StringEquals":{"cloudwatch:namespace":"AmazonMWAA"}}}]}`)},
		message: "cloudwatch:PutMetricData on every resource"},
	{name: "IAM every action in an inline role policy", policy: PolicyIAMNoWildcards, typ: typeIAMRole,
		violating: obj{"inlinePolicies": property.New(list{mapOf(obj{"policy": str(`{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b"}}`)})})},
		compliant: obj{"inlinePolicies": property.New(list{mapOf(obj{"policy": str(`{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}`)})})},
		message:   "allows every action"},
	{name: "Kinesis encryption", policy: PolicyKinesisEncrypted, typ: typeKinesisStream,
		violating: obj{"encryptionType": str("NONE")},
		compliant: obj{"encryptionType": str("KMS"), "kmsKeyId": str("alias/aws/kinesis")},
		message:   "set encryptionType: KMS", missingViolates: true},
	{name: "stage access logs", policy: PolicyAPIAccessLogs, typ: typeAPIStage, settings: &loggingSettings,
		violating: obj{"accessLogSettings": mapOf(obj{"destinationArn": str("")})},
		compliant: obj{"accessLogSettings": mapOf(obj{"destinationArn": str("arn:aws:logs:us-east-1:123456789012:log-group:x"), "format": str("{}")})},
		message:   "accessLogSettings.destinationArn is not set", missingViolates: true},
	{name: "method throttling", policy: PolicyAPIMethodThrottling, typ: typeAPIMethodSettings,
		violating: obj{"settings": mapOf(obj{"throttlingRateLimit": num(-1), "throttlingBurstLimit": num(200)})},
		compliant: obj{"settings": mapOf(obj{"throttlingRateLimit": num(100), "throttlingBurstLimit": num(200)})},
		message:   "api.throttleRateLimit", missingViolates: true},
	{name: "MWAA public web server in prod", policy: PolicyMWAAPrivateWebserver, typ: typeMWAAEnvironment,
		violating: obj{"webserverAccessMode": str("PUBLIC_ONLY"), "tags": mapOf(obj{"environment": str("prod")})},
		compliant: obj{"webserverAccessMode": str("PRIVATE_ONLY"), "tags": mapOf(obj{"environment": str("prod")})},
		message:   "airflow.webserverAccessMode: PRIVATE_ONLY"},
	{name: "log retention", policy: PolicyLogGroupsHaveRetention, typ: typeLogGroup,
		violating: obj{"retentionInDays": num(0)}, compliant: obj{"retentionInDays": num(7)},
		message: "logs never expire", missingViolates: true},
	{name: "protect outside prod", policy: PolicyNoProtectOutsideProd, typ: typeBucketV2,
		violating: obj{"tags": devTags()}, options: pulumi.ResourceOptions{Protect: true}, compliant: obj{"tags": devTags()},
		message: "drop pulumi.Protect", anyType: true, optionsDriven: true},
	{name: "retain on delete outside prod", policy: PolicyNoRetainOutsideProd, typ: typeInstance,
		violating: obj{"tags": devTags()}, options: pulumi.ResourceOptions{RetainOnDelete: true}, compliant: obj{"tags": devTags()},
		message: "drop pulumi.RetainOnDelete", anyType: true, optionsDriven: true},
	{name: "force destroy outside prod", policy: PolicyBucketsForceDestroy, typ: typeBucketV2,
		violating: obj{"forceDestroy": flag(false), "tags": devTags()}, compliant: obj{"forceDestroy": flag(true), "tags": devTags()},
		message: "forceDestroy is not true in a dev stack", missingViolates: true},
	{name: "buckets deletable or protected", policy: PolicyBucketsDeletable, typ: typeBucketV2, settings: &prodSettings,
		violating: obj{"forceDestroy": flag(false)}, compliant: obj{"forceDestroy": flag(true)},
		message: "fails with BucketNotEmpty", missingViolates: true},
	{name: "secrets recreatable", policy: PolicySecretsRecreatable, typ: typeSecret, settings: &prodSettings,
		violating: obj{"name": str("airflow-x/connections/databricks_default"), "recoveryWindowInDays": num(7)},
		compliant: obj{"name": str("airflow-x/connections/databricks_default"), "recoveryWindowInDays": num(0)},
		message:   "keeps its fixed name for 7 days"},
	{name: "teardown tags", policy: PolicyTeardownTags, typ: typeKinesisStream,
		violating: obj{"tags": mapOf(obj{"environment": str("dev")})}, compliant: obj{"tags": devTags()},
		message: "the tags lack owner, expires-at", missingViolates: true, anyType: true},
	{name: "course stream names", policy: PolicyCourseResourceNames, typ: typeKinesisStream,
		violating: obj{"name": str("streaming-someoneelse-pin")}, compliant: obj{"name": str("streaming-0affd9571f39-pin")},
		message: "stacks.StreamName"},
	{name: "course bucket name", policy: PolicyCourseResourceNames, typ: typeBucketV2,
		violating: obj{"bucket": str("my-bucket")}, compliant: obj{"bucket": str("user-0affd9571f39-bucket")},
		message: "user-0affd9571f39-bucket"},
	{name: "role names scoped to the user", policy: PolicyIAMRoleNamesScoped, typ: typeIAMRole,
		violating: obj{"name": str("ec2-access-role")}, compliant: obj{"name": str("0affd9571f39-ec2-access-role")},
		message: `does not start with "0affd9571f39-"`},
	{name: "EC2 allowlist", policy: PolicyEC2InstanceTypes, typ: typeInstance,
		violating: obj{"instanceType": str("m5.8xlarge")}, compliant: obj{"instanceType": str("t3.small")},
		message: "set client.instanceType"},
	{name: "MSK allowlist", policy: PolicyMSKBrokerTypes, typ: typeMSKCluster,
		violating: obj{"brokerNodeGroupInfo": mapOf(obj{"instanceType": str("kafka.m5.large")})},
		compliant: obj{"brokerNodeGroupInfo": mapOf(obj{"instanceType": str("kafka.t3.small")})},
		message:   "set kafka.brokerInstanceType"},
	{name: "MSK allowlist from policy config", policy: PolicyMSKBrokerTypes, typ: typeMSKCluster,
		violating: obj{"brokerNodeGroupInfo": mapOf(obj{"instanceType": str("kafka.t3.small")})},
		compliant: obj{"brokerNodeGroupInfo": mapOf(obj{"instanceType": str("kafka.m7g.large")})},
		config:    map[string]any{"dev": []any{"kafka.m7g.large"}}, message: "allowed: kafka.m7g.large"},
	{name: "MWAA allowlist", policy: PolicyMWAAClasses, typ: typeMWAAEnvironment,
		violating: obj{"environmentClass": str("mw1.large")}, compliant: obj{"environmentClass": str("mw1.micro")},
		message: "set airflow.environmentClass"},
	{name: "stream mode outside prod", policy: PolicyKinesisStreamMode, typ: typeKinesisStream,
		violating: obj{"streamModeDetails": mapOf(obj{"streamMode": str("ON_DEMAND")})},
		compliant: obj{"streamModeDetails": mapOf(obj{"streamMode": str("PROVISIONED")}), "shardCount": num(1)},
		message:   "streams.mode: PROVISIONED"},
	{name: "shard count outside prod", policy: PolicyKinesisStreamMode, typ: typeKinesisStream,
		violating: obj{"shardCount": num(3)}, compliant: obj{"shardCount": num(2)},
		message: "lower streams.shardCount"},
}

// replaceAll gives every top-level property the same value.
func replaceAll(m obj, v func(property.Value) property.Value) obj {
	out := obj{}
	for k, old := range m {
		out[k] = v(old)
	}
	return out
}

func TestResourcePolicies(t *testing.T) {
	t.Parallel()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := devSettings
			if tc.settings != nil {
				s = *tc.settings
			}
			resource := func(typ string, props obj, opts pulumi.ResourceOptions) policyx.AnalyzerResource {
				return policyx.AnalyzerResource{Type: typ, Properties: property.NewMap(props), Options: opts}
			}

			got := check(t, s, tc.policy, resource(tc.typ, tc.violating, tc.options), tc.config)
			require.NotEmpty(t, got, "the violating shape is reported")
			assert.Contains(t, got[0], tc.message)

			assert.Empty(t, check(t, s, tc.policy, resource(tc.typ, tc.compliant, pulumi.ResourceOptions{}), tc.config), "the compliant shape passes")

			computed := replaceAll(tc.violating, func(property.Value) property.Value { return property.New(property.Computed) })
			secretComputed := replaceAll(tc.violating, func(property.Value) property.Value {
				return property.New(property.Computed).WithSecret(true)
			})
			wrongType := replaceAll(tc.violating, func(old property.Value) property.Value {
				if old.IsNumber() {
					return str("forty-two")
				}
				return num(42)
			})
			secret := replaceAll(tc.compliant, func(old property.Value) property.Value { return old.WithSecret(true) })
			assert.Empty(t, check(t, s, tc.policy, resource(tc.typ, secret, pulumi.ResourceOptions{}), tc.config),
				"a secret compliant value still reads as compliant")
			if !tc.optionsDriven {
				assert.Empty(t, check(t, s, tc.policy, resource(tc.typ, computed, pulumi.ResourceOptions{}), tc.config),
					"values unknown during a preview are not violations")
				assert.Empty(t, check(t, s, tc.policy, resource(tc.typ, secretComputed, pulumi.ResourceOptions{}), tc.config),
					"unknown secrets are not violations")
				assert.Empty(t, check(t, s, tc.policy, resource(tc.typ, wrongType, pulumi.ResourceOptions{}), tc.config),
					"values of a type the provider would reject are left to the provider")
			}
			missing := check(t, s, tc.policy, resource(tc.typ, obj{}, tc.options), tc.config)
			if tc.missingViolates || tc.optionsDriven {
				assert.NotEmpty(t, missing, "absent properties mean the provider default, which violates")
			} else {
				assert.Empty(t, missing, "absent properties are not violations")
			}

			other := check(t, s, tc.policy, resource("aws:sns/topic:Topic", tc.violating, tc.options), tc.config)
			if tc.anyType {
				assert.NotEmpty(t, other, "the policy applies to every cloud resource")
			} else {
				assert.Empty(t, other, "other resource types are ignored")
			}
			assert.Empty(t, check(t, s, tc.policy, resource("pinterest-pipeline:components:Network", obj{}, pulumi.ResourceOptions{}), tc.config),
				"components are not checked")
		})
	}
}

func TestProdIsExemptFromTeardownAndDevLimits(t *testing.T) {
	t.Parallel()
	prod := devSettings
	prod.Environment = "prod"
	prodTags := mapOf(obj{"environment": str("prod"), "owner": str("data-platform@example.com")})
	for _, tc := range []struct {
		policy string
		r      policyx.AnalyzerResource
	}{
		{PolicyNoProtectOutsideProd, policyx.AnalyzerResource{Type: typeBucketV2, Options: pulumi.ResourceOptions{Protect: true},
			Properties: property.NewMap(obj{"tags": prodTags})}},
		{PolicyBucketsForceDestroy, policyx.AnalyzerResource{Type: typeBucketV2, Properties: property.NewMap(obj{"tags": prodTags})}},
		{PolicyTeardownTags, policyx.AnalyzerResource{Type: typeKinesisStream, Properties: property.NewMap(obj{"tags": prodTags})}},
		{PolicyKinesisStreamMode, policyx.AnalyzerResource{Type: typeKinesisStream,
			Properties: property.NewMap(obj{"streamModeDetails": mapOf(obj{"streamMode": str("ON_DEMAND")})})}},
		{PolicyMSKBrokerTypes, policyx.AnalyzerResource{Type: typeMSKCluster,
			Properties: property.NewMap(obj{"brokerNodeGroupInfo": mapOf(obj{"instanceType": str("kafka.m7g.large")})})}},
	} {
		assert.Empty(t, check(t, prod, tc.policy, tc.r, nil), tc.policy)
	}
	// The resource's own environment tag wins over the stack's setting.
	assert.NotEmpty(t, check(t, prod, PolicyBucketsForceDestroy, policyx.AnalyzerResource{Type: typeBucketV2,
		Properties: property.NewMap(obj{"tags": devTags()})}, nil))
	// The MWAA web server may be public outside prod.
	assert.Empty(t, check(t, devSettings, PolicyMWAAPrivateWebserver, policyx.AnalyzerResource{Type: typeMWAAEnvironment,
		Properties: property.NewMap(obj{"webserverAccessMode": str("PUBLIC_ONLY")})}, nil))
}

func TestPolicyConfigCanDisableAPolicy(t *testing.T) {
	t.Parallel()
	p, err := New(devSettings)
	require.NoError(t, err)
	open := policyx.AnalyzerResource{Type: typeIngressRule, URN: "urn:x", Properties: property.NewMap(obj{"cidrIpv4": str("0.0.0.0/0"), "fromPort": num(22), "toPort": num(22)})}
	vs, err := Run(t.Context(), p, []policyx.AnalyzerResource{open}, map[string]map[string]any{PolicyNoOpenIngress: {"enforcementLevel": "disabled"}})
	require.NoError(t, err)
	assert.Empty(t, vs)
	vs, err = Run(t.Context(), p, []policyx.AnalyzerResource{open}, map[string]map[string]any{PolicyNoOpenIngress: {"enforcementLevel": "advisory"}})
	require.NoError(t, err)
	require.Len(t, vs, 1)
	assert.Equal(t, "advisory", vs[0].Level)
	_, err = Run(t.Context(), p, nil, map[string]map[string]any{PolicyNoOpenIngress: {"enforcementLevel": "loud"}})
	assert.ErrorContains(t, err, `unknown enforcementLevel "loud"`)
}

// Protection is the other way to make destroy's outcome deliberate, and a secret's default
// recovery window is the 30 days the service applies.
func TestTeardownPoliciesAcceptProtectionAndReadDefaults(t *testing.T) {
	t.Parallel()
	protect := pulumi.ResourceOptions{Protect: true}
	assert.Empty(t, check(t, prodSettings, PolicyBucketsDeletable, policyx.AnalyzerResource{Type: typeBucketV2, Options: protect,
		Properties: property.NewMap(obj{"forceDestroy": flag(false)})}, nil))
	assert.Empty(t, check(t, prodSettings, PolicySecretsRecreatable, policyx.AnalyzerResource{Type: typeSecret, Options: protect,
		Properties: property.NewMap(obj{"name": str("s")})}, nil))
	got := check(t, prodSettings, PolicySecretsRecreatable, policyx.AnalyzerResource{Type: typeSecret,
		Properties: property.NewMap(obj{"name": str("s")})}, nil)
	require.Len(t, got, 1)
	assert.Contains(t, got[0], "for 30 days")
	assert.Empty(t, check(t, prodSettings, PolicySecretsRecreatable, policyx.AnalyzerResource{Type: typeSecret,
		Properties: property.NewMap(obj{"namePrefix": str("s-")})}, nil), "a generated name is free every time")
}

// Without the account's CloudWatch role a stage may not log, and one that tries would fail.
func TestStageAccessLogsFollowTheAccountRole(t *testing.T) {
	t.Parallel()
	logging := policyx.AnalyzerResource{Type: typeAPIStage, Properties: property.NewMap(obj{
		"accessLogSettings": mapOf(obj{"destinationArn": str("arn:aws:logs:us-east-1:123456789012:log-group:x"), "format": str("{}")}),
	})}
	silent := policyx.AnalyzerResource{Type: typeAPIStage, Properties: property.NewMap(obj{"stageName": str("dev")})}
	assert.Empty(t, check(t, devSettings, PolicyAPIAccessLogs, silent, nil), "no role, no access logs: fine")
	got := check(t, devSettings, PolicyAPIAccessLogs, logging, nil)
	require.Len(t, got, 1)
	assert.Contains(t, got[0], "api.accountHasLoggingRole")
	// In a real preview of a new stack the log group's ARN is not known yet: the stage still
	// asks for access logs, and API Gateway would still refuse them.
	pending := policyx.AnalyzerResource{Type: typeAPIStage, Properties: property.NewMap(obj{
		"accessLogSettings": mapOf(obj{"destinationArn": property.New(property.Computed), "format": str("{}")}),
	})}
	assert.Len(t, check(t, devSettings, PolicyAPIAccessLogs, pending, nil), 1, "a pending log group is still a request for access logs")
	assert.NotEmpty(t, check(t, loggingSettings, PolicyAPIAccessLogs, silent, nil), "with the role, logs are required")
	assert.Empty(t, check(t, loggingSettings, PolicyAPIAccessLogs, logging, nil))

	assert.True(t, SettingsFromLookup(func(k string) (string, bool) {
		return `{"accountHasLoggingRole":true}`, k == "pinterest-pipeline:api"
	}).APIAccessLogs)
	assert.False(t, SettingsFromLookup(func(string) (string, bool) { return "", false }).APIAccessLogs)
}
