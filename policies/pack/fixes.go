package pack

// Fixes says, for each policy, what it refuses and how to fix it, in the words of the
// setting a learner changes. docs/reference/policies.md is generated from it beside each
// policy's level and description (`go test ./policies/pack -update`), and a test fails when a
// policy has no entry or an entry names no policy.
var Fixes = map[string]string{
	"s3-public-access-blocked":           `a public access block with any of its four settings not true; set all four`,
	"s3-encryption-at-rest":              "a bucket encryption configuration without AES256 or aws:kms by default; set `applyServerSideEncryptionByDefault.sseAlgorithm` to one of them",
	"s3-tls-only-bucket-policy":          "a bucket policy without a Deny on `aws:SecureTransport: false`; add that statement",
	"s3-buckets-guarded":                 "a bucket without a public access block, encryption configuration and TLS-only policy; declare all three for it, as `components.DataLake` does",
	"no-open-ingress":                    "ingress from 0.0.0.0/0 or ::/0; restrict the CIDR (for the REST proxy `api.proxyIntegration: private`) or allow the port in config (`allowedPorts`)",
	"ec2-imdsv2-required":                "instances or launch templates without `metadataOptions.httpTokens: required`; set it",
	"ec2-volumes-encrypted":              "an unencrypted or undeclared root volume, or unencrypted data volumes; declare the root volume and set `encrypted: true` on every volume",
	"msk-authenticated-tls-clients":      "MSK unauthenticated or plaintext clients, connectors without IAM and TLS; use `sasl.iam` and TLS",
	"iam-no-wildcard-grants":             "`\"Action\": \"*\"`, `NotAction`, or write actions on `\"Resource\": \"*\"`; list actions and scope ARNs",
	"kinesis-streams-encrypted":          "streams without `encryptionType: KMS` and a key; set `kmsKeyId` to `alias/aws/kinesis` or a key ARN",
	"api-stage-access-logs":              "stages without an access-log destination and format, or with access logs while the account has no API Gateway CloudWatch role; set `api.accountLoggingRole` in the one stack that owns the role, or `api.accountHasLoggingRole`",
	"api-method-throttling":              "method settings without positive limits; set `api.throttleRateLimit`, `api.throttleBurstLimit`",
	"api-stages-throttled":               "a stage without `*/*` method settings; declare `MethodSettings` with throttling for it",
	"mwaa-webserver-private-in-prod":     "`PUBLIC_ONLY` in prod; set `airflow.webserverAccessMode: PRIVATE_ONLY`",
	"log-groups-retention":               "log groups that never expire; set the section's `logRetentionDays`",
	"ec2-descriptions-valid":             "a security group or rule description EC2 would refuse at apply time (over 255 characters, or a character outside letters, digits, spaces and `._-:/()#,@[]+=;{}!$*`); reword it",
	"api-methods-authenticated":          "an API Gateway method without an API key or authorizer (OPTIONS excepted); set `api.apiKeyRequired: true`, the default",
	"no-protect-outside-prod":            "`protect` outside prod (the scheduled destroy would fail)",
	"no-retain-on-delete-outside-prod":   "`retainOnDelete` outside prod (orphans keep billing); the engine does not send this option to packs yet, so only the offline plan sees it",
	"buckets-force-destroy-outside-prod": "buckets without `forceDestroy` outside prod",
	"buckets-deletable-or-protected":     "in any stack, a bucket neither `forceDestroy` nor protected (`pulumi destroy` would stop at `BucketNotEmpty`)",
	"secrets-recreatable-after-destroy":  "in any stack, a fixed-name secret with a recovery window and no protection (the next `pulumi up` would fail: \"already scheduled for deletion\")",
	"teardown-tags":                      "a taggable non-prod resource without `environment`, `owner`, `expires-at` (a date); set `identity.*`",
	"prod-only-on-prod-stacks":           "`identity.environment: prod` (or a prod tag) on a stack not named `prod` or `prod-<name>`; use dev or staging",
	"course-resource-names":              "streams, bucket, cluster, connector, plugin or MWAA environment not named by `stacks/naming.go` from `identity.userId`",
	"iam-role-names-scoped":              "a named IAM role not starting with `<userId>-` (learners share an account)",
	"course-names-declared":              `an illegal user id, or a course stream or role missing beside its users`,
	"ec2-instance-types-allowed":         "instance types off the allowlist (dev/staging: t3/t4g micro–medium); set `client.instanceType`",
	"msk-broker-types-allowed":           "broker types off the allowlist (dev: kafka.t3.small); set `kafka.brokerInstanceType`",
	"mwaa-environment-classes-allowed":   `MWAA classes off the allowlist (dev: mw1.micro, mw1.small; prod adds mw1.medium)`,
	"nat-gateway-count":                  "more than 1 NAT gateway outside prod (3 in prod); set `network.natGateways: single`",
	"kinesis-stream-mode":                "on-demand streams, or more than `maxShardsOutsideProd` (2) shards, outside prod",
	"hourly-budget":                      "an estimated idle cost above `cost.hourlyBudgetUsd` (default 1 outside prod, 5 in prod), naming the largest components; and, failing closed, every billable resource the price table cannot price (another region, an unknown class), named with the missing price",
	"cost-fully-priced":                  `billable resources counted at a ceiling (a larger class's price) because their own list price is unpublished`,
}
