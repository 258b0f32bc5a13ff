package pack

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/conformance"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/props"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Security policy names.
const (
	PolicyS3PublicAccessBlocked  = "s3-public-access-blocked"
	PolicyS3EncryptionAtRest     = "s3-encryption-at-rest"
	PolicyS3TLSOnly              = "s3-tls-only-bucket-policy"
	PolicyS3BucketsGuarded       = "s3-buckets-guarded"
	PolicyNoOpenIngress          = "no-open-ingress"
	PolicyEC2IMDSv2              = "ec2-imdsv2-required"
	PolicyEC2VolumesEncrypted    = "ec2-volumes-encrypted"
	PolicyMSKAuthenticatedTLS    = "msk-authenticated-tls-clients"
	PolicyIAMNoWildcards         = "iam-no-wildcard-grants"
	PolicyKinesisEncrypted       = "kinesis-streams-encrypted"
	PolicyAPIAccessLogs          = "api-stage-access-logs"
	PolicyAPIMethodThrottling    = "api-method-throttling"
	PolicyAPIStagesThrottled     = "api-stages-throttled"
	PolicyMWAAPrivateWebserver   = "mwaa-webserver-private-in-prod"
	PolicyLogGroupsHaveRetention = "log-groups-retention"
)

func securityPolicies(s Settings) []policyx.Policy {
	return []policyx.Policy{
		s3PublicAccessBlocked(), s3EncryptionAtRest(), s3TLSOnly(), s3BucketsGuarded(),
		noOpenIngress(), ec2IMDSv2(), ec2VolumesEncrypted(), mskAuthenticatedTLS(), iamNoWildcards(),
		kinesisEncrypted(), apiAccessLogs(s), apiMethodThrottling(), apiStagesThrottled(),
		mwaaPrivateWebserver(s), logGroupsHaveRetention(),
		apiMethodsAuthenticated(),
	}
}

func s3PublicAccessBlocked() policyx.Policy {
	return resourcePolicy(PolicyS3PublicAccessBlocked,
		"S3 public access blocks must set all four settings to true, so no ACL or policy can expose course data.",
		policyx.EnforcementLevelMandatory, nil, []string{typeBucketPAB},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			for _, key := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
				v, st := props.Bool(r.Properties, key)
				// Missing means the provider's default, false; an unknown is decided at apply.
				if undecided(st) || (st == props.Known && v) {
					continue
				}
				report("%s is not true; set it to true on the public access block (components/data_lake.go sets all four)", key)
			}
		})
}

var sseAlgorithms = []string{"AES256", "aws:kms", "aws:kms:dsse"}

func s3EncryptionAtRest() policyx.Policy {
	return resourcePolicy(PolicyS3EncryptionAtRest,
		"S3 bucket encryption configurations must encrypt by default with SSE-S3 or SSE-KMS.",
		policyx.EnforcementLevelMandatory, nil, []string{typeBucketSSE},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			rules, st := props.Array(r.Properties, "rules")
			switch {
			case undecided(st):
				return
			case st == props.Missing || len(rules) == 0:
				report("the configuration has no rules; add one with applyServerSideEncryptionByDefault.sseAlgorithm AES256 or aws:kms")
				return
			}
			for i, rule := range rules {
				m, st := props.AsMap(rule)
				if st != props.Known {
					continue
				}
				algorithm, st := props.String(m, "applyServerSideEncryptionByDefault", "sseAlgorithm")
				if undecided(st) || (st == props.Known && slices.Contains(sseAlgorithms, algorithm)) {
					continue
				}
				report("rules[%d] does not encrypt by default; set applyServerSideEncryptionByDefault.sseAlgorithm to AES256 or aws:kms", i)
			}
		})
}

// policyStatement is the part of an IAM or bucket policy statement the policies read.
type policyStatement struct {
	Effect    string          `json:"Effect"`
	Action    json.RawMessage `json:"Action"`
	NotAction json.RawMessage `json:"NotAction"`
	Resource  json.RawMessage `json:"Resource"`
	Condition map[string]map[string]json.RawMessage
}

// parsePolicy decodes a policy document; ok is false when it is not JSON of the usual shape.
func parsePolicy(doc string) ([]policyStatement, bool) {
	var raw struct {
		Statement json.RawMessage `json:"Statement"`
	}
	if json.Unmarshal([]byte(doc), &raw) != nil || len(raw.Statement) == 0 {
		return nil, false
	}
	var many []policyStatement
	if json.Unmarshal(raw.Statement, &many) == nil {
		return many, true
	}
	var one policyStatement
	if json.Unmarshal(raw.Statement, &one) == nil {
		return []policyStatement{one}, true
	}
	return nil, false
}

// stringOrList decodes an IAM field that may be a string or a list of strings.
func stringOrList(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(raw, &many) // anything else reads as empty
	return many
}

// denyInsecureTransport reports whether a statement denies requests without TLS.
func denyInsecureTransport(st policyStatement) bool {
	if st.Effect != "Deny" {
		return false
	}
	for op, values := range st.Condition {
		if op != "Bool" {
			continue
		}
		for key, raw := range values {
			if strings.EqualFold(key, "aws:SecureTransport") && slices.Contains(stringOrList(raw), "false") {
				return true
			}
		}
	}
	return false
}

func s3TLSOnly() policyx.Policy {
	return resourcePolicy(PolicyS3TLSOnly,
		"S3 bucket policies must deny every request made without TLS.",
		policyx.EnforcementLevelMandatory, nil, []string{typeBucketPolicy},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			doc, st := props.String(r.Properties, "policy")
			if st != props.Known {
				return
			}
			statements, ok := parsePolicy(doc)
			if !ok {
				report("the policy is not a JSON policy document; render it with json.Marshal as components/data_lake.go does")
				return
			}
			if !slices.ContainsFunc(statements, denyInsecureTransport) {
				report(`add a statement {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`)
			}
		})
}

// bucketRef is the bucket a bucket sub-resource (policy, public access block, encryption)
// applies to: the bucket's name, or the URN its bucket input came from.
func bucketRef(r policyx.AnalyzerResource) (name string, fromURNs []string) {
	name, _ = props.String(r.Properties, "bucket")
	return name, r.PropertyDependencies["bucket"]
}

func s3BucketsGuarded() policyx.Policy {
	return stackPolicy(PolicyS3BucketsGuarded,
		"Every S3 bucket must have a public access block, a default-encryption configuration and a TLS-only bucket policy.",
		policyx.EnforcementLevelMandatory,
		func(resources []policyx.AnalyzerResource, report func(string, string, ...any)) {
			has := map[string]map[string]bool{} // bucket name or URN → guard type → present
			mark := func(key, typ string) {
				if key == "" {
					return
				}
				if has[key] == nil {
					has[key] = map[string]bool{}
				}
				has[key][typ] = true
			}
			for _, r := range resources {
				if r.Type != typeBucketPAB && r.Type != typeBucketSSE && r.Type != typeBucketPolicy {
					continue
				}
				name, urns := bucketRef(r)
				mark(name, r.Type)
				for _, u := range urns {
					mark(u, r.Type)
				}
			}
			for _, r := range resources {
				if r.Type != typeBucketV2 && r.Type != typeBucketLegacy {
					continue
				}
				name, st := props.String(r.Properties, "bucket")
				if undecided(st) {
					continue // an auto-named bucket's sub-resources are matched by URN below
				}
				for _, guard := range []struct{ typ, what string }{
					{typeBucketPAB, "aws.s3.BucketPublicAccessBlock with all four settings true"},
					{typeBucketSSE, "aws.s3.BucketServerSideEncryptionConfigurationV2"},
					{typeBucketPolicy, "aws.s3.BucketPolicy denying aws:SecureTransport false"},
				} {
					if !has[name][guard.typ] && !has[r.URN][guard.typ] {
						report(r.URN, "bucket %q has no %s; declare one for it, as components.DataLake does", name, guard.what)
					}
				}
			}
		})
}

func noOpenIngress() policyx.Policy {
	schema := &policyx.ConfigSchema{Properties: map[string]map[string]any{
		"allowedPorts": {"type": "array", "items": map[string]any{"type": "integer"},
			"description": "Ports that may be open to the internet (0.0.0.0/0 or ::/0). Default none."},
	}}
	return resourcePolicy(PolicyNoOpenIngress,
		"Security groups must not accept traffic from the whole internet (0.0.0.0/0 or ::/0) except on ports the policy config allows.",
		policyx.EnforcementLevelMandatory, schema, []string{typeIngressRule, typeSecurityGroupRule, typeSecurityGroup},
		func(r policyx.AnalyzerResource, config map[string]any, report func(string, ...any)) {
			allowed, _ := configNumbers(config, "allowedPorts")
			check := func(where string, rule property.Map, cidrKeys ...string) {
				open := ""
				for _, key := range cidrKeys {
					cidrs, st := stringsProp(rule, key)
					if st != props.Known {
						continue
					}
					for _, c := range cidrs {
						if c == "0.0.0.0/0" || c == "::/0" {
							open = c
						}
					}
				}
				if open == "" {
					return
				}
				from, fst := props.Number(rule, "fromPort")
				to, tst := props.Number(rule, "toPort")
				protocol, _ := props.String(rule, "ipProtocol")
				if protocol == "" {
					protocol, _ = props.String(rule, "protocol")
				}
				if fst == props.Unknown || tst == props.Unknown {
					return
				}
				if protocol != "-1" && protocol != "all" && fst == props.Known && tst == props.Known && from == to && slices.Contains(allowed, from) {
					return
				}
				ports := "all ports"
				if protocol != "-1" && protocol != "all" && fst == props.Known {
					ports = fmt.Sprintf("port %g", from)
					if tst == props.Known && to != from {
						ports = fmt.Sprintf("ports %g-%g", from, to)
					}
				}
				hint := "<port>"
				if strings.HasPrefix(ports, "port ") {
					hint = strings.TrimPrefix(ports, "port ")
				}
				report("%s opens %s to %s; restrict it to the VPC's CIDR or a security group (for the REST proxy set "+
					"api.proxyIntegration: private), or, if the exposure is intended, allow the port with "+
					`--policy-pack-config {"%s": {"allowedPorts": [%s]}}`, where, ports, open, PolicyNoOpenIngress, hint)
			}
			switch r.Type {
			case typeIngressRule:
				check("the ingress rule", r.Properties, "cidrIpv4", "cidrIpv6")
			case typeSecurityGroupRule:
				if kind, _ := props.String(r.Properties, "type"); kind == "ingress" {
					check("the ingress rule", r.Properties, "cidrBlocks", "ipv6CidrBlocks")
				}
			case typeSecurityGroup:
				rules, st := props.Array(r.Properties, "ingress")
				if st != props.Known {
					return
				}
				for i, v := range rules {
					if m, st := props.AsMap(v); st == props.Known {
						check(fmt.Sprintf("ingress[%d]", i), m, "cidrBlocks", "ipv6CidrBlocks")
					}
				}
			}
		})
}

func ec2IMDSv2() policyx.Policy {
	return resourcePolicy(PolicyEC2IMDSv2,
		"EC2 instances and launch templates must require IMDSv2 session tokens, so a request forgery on the host cannot read its role's credentials.",
		policyx.EnforcementLevelMandatory, nil, []string{typeInstance, typeLaunchTemplate},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			tokens, st := props.String(r.Properties, "metadataOptions", "httpTokens")
			if undecided(st) || (st == props.Known && tokens == "required") {
				return
			}
			report("metadataOptions.httpTokens is %q; set it to \"required\" (components/kafka_client.go does)", tokens)
		})
}

func ec2VolumesEncrypted() policyx.Policy {
	return resourcePolicy(PolicyEC2VolumesEncrypted,
		"EC2 root and data volumes must be encrypted at rest.",
		policyx.EnforcementLevelMandatory, nil, []string{typeInstance, typeEBSVolume},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			requireEncrypted := func(where string, m property.Map) {
				encrypted, st := props.Bool(m, "encrypted")
				if undecided(st) || (st == props.Known && encrypted) {
					return
				}
				report("%s is not encrypted; set encrypted: true", where)
			}
			if r.Type == typeEBSVolume {
				requireEncrypted("the volume", r.Properties)
				return
			}
			root, st := props.Map(r.Properties, "rootBlockDevice")
			switch st {
			case props.Known:
				requireEncrypted("rootBlockDevice", root)
			case props.Missing:
				report("rootBlockDevice is not declared, so the root volume's encryption depends on the account default; " +
					"declare rootBlockDevice with encrypted: true")
			}
			if devices, st := props.Array(r.Properties, "ebsBlockDevices"); st == props.Known {
				for i, d := range devices {
					if m, st := props.AsMap(d); st == props.Known {
						requireEncrypted(fmt.Sprintf("ebsBlockDevices[%d]", i), m)
					}
				}
			}
		})
}

func mskAuthenticatedTLS() policyx.Policy {
	return resourcePolicy(PolicyMSKAuthenticatedTLS,
		"MSK clusters and connectors must authenticate every client (IAM, SCRAM or mutual TLS) and encrypt client traffic with TLS.",
		policyx.EnforcementLevelMandatory, nil, []string{typeMSKCluster, typeConnector},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			in := r.Properties
			if r.Type == typeConnector {
				// Missing means the provider's default: NONE and PLAINTEXT.
				if auth, st := props.String(in, "kafkaClusterClientAuthentication", "authenticationType"); !undecided(st) && auth != "IAM" {
					report("kafkaClusterClientAuthentication.authenticationType is %q; set it to IAM", auth)
				}
				if enc, st := props.String(in, "kafkaClusterEncryptionInTransit", "encryptionType"); !undecided(st) && enc != "TLS" {
					report("kafkaClusterEncryptionInTransit.encryptionType is %q; set it to TLS", enc)
				}
				return
			}
			auth, st := props.Map(in, "clientAuthentication")
			switch st {
			case props.Missing:
				report("clientAuthentication is not set, so MSK allows unauthenticated clients; set clientAuthentication.sasl.iam: true")
			case props.Known:
				if open, st := props.Bool(auth, "unauthenticated"); st == props.Known && open {
					report("clientAuthentication.unauthenticated is true; set it to false and use sasl.iam (components/kafka_cluster.go does)")
				}
				iam, ist := props.Bool(auth, "sasl", "iam")
				scram, sst := props.Bool(auth, "sasl", "scram")
				_, tst := props.Map(auth, "tls")
				if !undecided(ist) && !undecided(sst) && !undecided(tst) && !iam && !scram && tst != props.Known {
					report("no client authentication method is enabled; set clientAuthentication.sasl.iam: true")
				}
			}
			if mode, st := props.String(in, "encryptionInfo", "encryptionInTransit", "clientBroker"); st == props.Known && mode != "TLS" {
				report("encryptionInfo.encryptionInTransit.clientBroker is %q, which lets clients talk plaintext; set it to TLS", mode)
			}
			if inCluster, st := props.Bool(in, "encryptionInfo", "encryptionInTransit", "inCluster"); st == props.Known && !inCluster {
				report("encryptionInfo.encryptionInTransit.inCluster is false; set it to true")
			}
		})
}

// readOnlyVerbs start the IAM actions that change nothing.
var readOnlyVerbs = []string{"Get", "List", "Describe", "Read", "View", "Head", "Lookup", "Search", "Query", "Scan", "Select", "BatchGet"}

// isReadOnlyAction reports whether an IAM action (service:Verb…, wildcards allowed) only reads.
func isReadOnlyAction(action string) bool {
	_, verb, ok := strings.Cut(action, ":")
	if !ok || verb == "" || verb == "*" {
		return false
	}
	for _, prefix := range readOnlyVerbs {
		if strings.HasPrefix(verb, prefix) {
			return true
		}
	}
	return false
}

// scopingConditions are write actions that IAM cannot scope to a resource, with the condition
// key that scopes them instead (MWAA's execution role needs PutMetricData, limited to its namespace).
var scopingConditions = map[string]string{"cloudwatch:PutMetricData": "cloudwatch:namespace"}

// conditionScoped reports whether a "*"-resource grant of action is narrowed by the condition
// key that action supports.
func conditionScoped(action string, condition map[string]map[string]json.RawMessage) bool {
	key, ok := scopingConditions[action]
	if !ok {
		return false
	}
	for _, operands := range condition {
		if _, ok := operands[key]; ok {
			return true
		}
	}
	return false
}

// wildcardProblems lists what is wrong with a policy document's Allow statements.
func wildcardProblems(doc string) []string {
	statements, ok := parsePolicy(doc)
	if !ok {
		return []string{"the policy is not a JSON policy document"}
	}
	var problems []string
	for i, st := range statements {
		if st.Effect != "Allow" {
			continue
		}
		if len(st.NotAction) > 0 {
			problems = append(problems, fmt.Sprintf("Statement[%d] allows NotAction, which grants every other action; list the actions instead", i))
			continue
		}
		actions := stringOrList(st.Action)
		for _, a := range actions {
			if a == "*" || a == "*:*" {
				problems = append(problems, fmt.Sprintf("Statement[%d] allows every action (%q); list the actions the role needs", i, a))
			}
		}
		if !slices.Contains(stringOrList(st.Resource), "*") {
			continue
		}
		var writes []string
		for _, a := range actions {
			if !isReadOnlyAction(a) && !conditionScoped(a, st.Condition) {
				writes = append(writes, a)
			}
		}
		if len(writes) > 0 {
			problems = append(problems, fmt.Sprintf("Statement[%d] allows %s on every resource (\"*\"); scope Resource to the ARNs of this stack "+
				"(names derive from identity.userId, e.g. streaming-<userId>-*)", i, strings.Join(writes, ", ")))
		}
	}
	return problems
}

func iamNoWildcards() policyx.Policy {
	return resourcePolicy(PolicyIAMNoWildcards,
		`IAM policies must not allow every action ("*"), nor write actions on every resource.`,
		policyx.EnforcementLevelMandatory, nil,
		[]string{typeIAMPolicy, typeIAMRolePolicy, typeIAMUserPolicy, typeIAMGroupPolicy, typeIAMRole},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			checkDoc := func(where string, v property.Value) {
				doc, st := props.AsString(v)
				if st != props.Known {
					return
				}
				for _, p := range wildcardProblems(doc) {
					report("%s: %s", where, p)
				}
			}
			if r.Type != typeIAMRole {
				v, _ := props.Get(r.Properties, "policy")
				checkDoc("policy", v)
				return
			}
			inline, st := props.Array(r.Properties, "inlinePolicies")
			if st != props.Known {
				return
			}
			for i, p := range inline {
				if m, st := props.AsMap(p); st == props.Known {
					v, _ := props.Get(m, "policy")
					checkDoc(fmt.Sprintf("inlinePolicies[%d].policy", i), v)
				}
			}
		})
}

func kinesisEncrypted() policyx.Policy {
	return resourcePolicy(PolicyKinesisEncrypted,
		"Kinesis streams must be encrypted at rest with KMS.",
		policyx.EnforcementLevelMandatory, nil, []string{typeKinesisStream},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			kind, st := props.String(r.Properties, "encryptionType")
			if undecided(st) {
				return
			}
			if kind != "KMS" {
				report("encryptionType is %q; set encryptionType: KMS with kmsKeyId alias/aws/kinesis (components/kinesis_streams.go does)", kind)
				return
			}
			if key, st := props.String(r.Properties, "kmsKeyId"); st == props.Missing || (st == props.Known && key == "") {
				report("encryptionType is KMS but kmsKeyId is empty; set it to alias/aws/kinesis or a key ARN")
			}
		})
}

func apiAccessLogs(s Settings) policyx.Policy {
	return resourcePolicy(PolicyAPIAccessLogs,
		"API Gateway stages must write access logs, so every request to the course API can be traced, wherever the account's CloudWatch role allows them.",
		policyx.EnforcementLevelMandatory, nil, []string{typeAPIStage},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			if !s.APIAccessLogs {
				// API Gateway refuses access logs until the account has its CloudWatch role
				// ("Set up CloudWatch logging for REST APIs in API Gateway").
				// The log group's ARN is unknown in a preview of a new stack, so any value but an
				// absent or empty one is a request for access logs.
				if v, st := props.String(r.Properties, "accessLogSettings", "destinationArn"); st == props.Unknown || (st == props.Known && v != "") {
					report("the stage writes access logs, but no key says the account has its API Gateway CloudWatch role, without which " +
						"API Gateway refuses them; set api.accountLoggingRole in the one stack that owns the role, or api.accountHasLoggingRole")
				}
				return
			}
			for _, key := range []string{"destinationArn", "format"} {
				v, st := props.String(r.Properties, "accessLogSettings", key)
				if undecided(st) || (st == props.Known && v != "") {
					continue
				}
				report("accessLogSettings.%s is not set; give the stage a log group and a JSON format (components/ingest_api.go does)", key)
			}
		})
}

func apiMethodThrottling() policyx.Policy {
	return resourcePolicy(PolicyAPIMethodThrottling,
		"API Gateway method settings must throttle requests, so a runaway script cannot flood Kinesis or the REST proxy.",
		policyx.EnforcementLevelMandatory, nil, []string{typeAPIMethodSettings},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			for _, key := range []string{"throttlingRateLimit", "throttlingBurstLimit"} {
				v, st := props.Number(r.Properties, "settings", key)
				if undecided(st) || (st == props.Known && v > 0) {
					continue
				}
				report("settings.%s is not positive, so the stage is not throttled; set api.throttleRateLimit and api.throttleBurstLimit above 0", key)
			}
		})
}

func apiStagesThrottled() policyx.Policy {
	return stackPolicy(PolicyAPIStagesThrottled,
		`Every API Gateway stage must have method settings for "*/*" that throttle it.`,
		policyx.EnforcementLevelMandatory,
		func(resources []policyx.AnalyzerResource, report func(string, string, ...any)) {
			covered := map[string]bool{}
			for _, r := range resources {
				if r.Type != typeAPIMethodSettings {
					continue
				}
				path, pst := props.String(r.Properties, "methodPath")
				stage, sst := props.String(r.Properties, "stageName")
				if pst == props.Known && path == "*/*" && sst == props.Known {
					covered[stage] = true
				}
			}
			for _, r := range resources {
				if r.Type != typeAPIStage {
					continue
				}
				stage, st := props.String(r.Properties, "stageName")
				if st == props.Known && !covered[stage] {
					report(r.URN, "stage %q has no method settings for \"*/*\"; declare aws.apigateway.MethodSettings with throttling for it", stage)
				}
			}
		})
}

func mwaaPrivateWebserver(s Settings) policyx.Policy {
	return resourcePolicy(PolicyMWAAPrivateWebserver,
		"A prod MWAA environment's Airflow web server must be reachable only from inside the VPC.",
		policyx.EnforcementLevelMandatory, nil, []string{typeMWAAEnvironment},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			if environmentOf(r, s) != stacks.EnvProd {
				return
			}
			if mode, st := props.String(r.Properties, "webserverAccessMode"); st == props.Known && mode == stacks.WebserverPublic {
				report("webserverAccessMode is PUBLIC_ONLY in prod; set airflow.webserverAccessMode: PRIVATE_ONLY and reach the UI through the VPC")
			}
		})
}

func logGroupsHaveRetention() policyx.Policy {
	return resourcePolicy(PolicyLogGroupsHaveRetention,
		"CloudWatch log groups must expire their logs, or they keep (and bill for) them forever.",
		policyx.EnforcementLevelMandatory, nil, []string{typeLogGroup},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			days, st := props.Number(r.Properties, "retentionInDays")
			if undecided(st) || (st == props.Known && days > 0) {
				return
			}
			report("retentionInDays is not set, so logs never expire; set it (kafka.logRetentionDays, connect.logRetentionDays, " +
				"api.logRetentionDays and airflow.logRetentionDays feed the stack's log groups)")
		})
}

// Policy names of the checks for AWS input constraints and API authentication.
const (
	PolicyEC2DescriptionsValid    = conformance.RuleEC2Description // a conformance rule, see conformance.go
	PolicyAPIMethodsAuthenticated = "api-methods-authenticated"
)

// typeEgressRule is the standalone egress rule, whose description EC2 checks like any other.
const typeEgressRule = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"

// typeAPIMethod is an API Gateway REST API method.
const typeAPIMethod = "aws:apigateway/method:Method"

// apiMethodsAuthenticated refuses methods anyone with the invoke URL may call: behind them the
// REST proxy and the Kinesis role write to the learner's topics and streams.
func apiMethodsAuthenticated() policyx.Policy {
	return resourcePolicy(PolicyAPIMethodsAuthenticated,
		"API Gateway methods must require an API key or an authorizer, so only the learner's producers can write through them.",
		policyx.EnforcementLevelMandatory, nil, []string{typeAPIMethod},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			method, _ := props.String(r.Properties, "httpMethod")
			if method == "OPTIONS" { // CORS preflights carry no credentials by design
				return
			}
			auth, ast := props.String(r.Properties, "authorization")
			key, kst := props.Bool(r.Properties, "apiKeyRequired")
			if undecided(ast) || undecided(kst) || (ast == props.Known && auth != "NONE") || (kst == props.Known && key) {
				return
			}
			report("the %s method needs neither an API key nor an authorizer; set api.apiKeyRequired: true "+
				"(the default), and call it with the x-api-key header", method)
		})
}
