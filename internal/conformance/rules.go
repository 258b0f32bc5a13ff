package conformance

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/awslimits"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Hand-written rules: constraints the services document only in prose. Each is one policy of
// the pack, named as here, and applies to the inputs the mapping lists it for.
const (
	RuleEC2Description             = "ec2-descriptions-valid"
	RuleAPIPathPart                = "apigateway-path-parts-valid"
	RuleIAMRoleNames               = "iam-role-names-valid"
	RuleMSKConnectWorkerProperties = "mskconnect-worker-properties-supported"
	RuleMWAAClassAndVersion        = "mwaa-class-runs-version"
	RuleS3BucketName               = "s3-bucket-names-valid"
	RuleLogRetentionDays           = "log-retention-days-valid"
)

// Rule is one hand-written check.
type Rule struct {
	Name, Description string
	// Value checks one input's value on its own; nil when the rule relates several.
	Value func(v property.Value) error
	// Resource checks a whole resource (for rules that relate several inputs).
	Resource func(r Resource) []Finding
	// Stack checks all resources together (for uniqueness rules).
	Stack func(rs []Resource) []Finding
	// Fix says what to do about a finding.
	Fix string
}

// Rules lists the hand-written rules by name.
var Rules = map[string]Rule{
	// EC2 API Reference: CreateSecurityGroup GroupDescription, IpRange, UserIdGroupPair and
	// PrefixListId Description (see awslimits.EC2Description).
	RuleEC2Description: {
		Name:        RuleEC2Description,
		Description: "Security group and rule descriptions must use only the characters EC2 accepts, or the create fails at apply time.",
		Value:       stringRule(awslimits.EC2Description),
		Fix:         "reword it in the component that declares it",
	},
	// CreateResource refuses other path parts with BadRequestException "Resource's path part
	// only allow a-zA-Z0-9._- and curly braces at the beginning and the end" (seen in
	// claudiajs/claudia#11); colons have been accepted since (aws/aws-cdk#22477), and a path
	// variable is {name} or the greedy {name+} ("Set up a proxy integration with a proxy
	// resource", API Gateway Developer Guide).
	RuleAPIPathPart: {
		Name:        RuleAPIPathPart,
		Description: "API Gateway resource path parts must be a plain segment or a {variable}, or CreateResource fails.",
		Value:       stringRule(apiPathPart),
		Fix:         "use letters, digits and ._-: or a whole {name} / {name+} segment",
	},
	// "IAM user, group, role, and policy names must be unique within the account. Names are not
	// distinguished by case" (IAM API Reference, CreateRole RoleName).
	RuleIAMRoleNames: {
		Name:        RuleIAMRoleNames,
		Description: "IAM role names must differ in more than letter case, which IAM ignores when it compares them.",
		Stack:       uniqueRoleNames,
		Fix:         "rename one of them",
	},
	// "Supported worker configuration properties", Amazon MSK Developer Guide (see
	// awslimits.MSKConnectWorkerConfiguration).
	RuleMSKConnectWorkerProperties: {
		Name:        RuleMSKConnectWorkerProperties,
		Description: "MSK Connect worker configurations may set only the properties MSK Connect supports.",
		Value:       stringRule(awslimits.MSKConnectWorkerConfiguration),
		Fix:         "remove the key, or move it to the connector configuration",
	},
	// "Apache Airflow versions on Amazon MWAA" and "Amazon MWAA environment class", MWAA User
	// Guide (see stacks.AirflowReleases).
	RuleMWAAClassAndVersion: {
		Name:        RuleMWAAClassAndVersion,
		Description: "An MWAA environment's class must be one MWAA runs its Airflow version on.",
		Resource:    mwaaClassAndVersion,
		Fix:         "set airflow.environmentClass and airflow.airflowVersion to a pair the MWAA User Guide lists",
	},
	// "General purpose bucket naming rules", Amazon S3 User Guide (see stacks.BucketNameProblem);
	// the S3 model types Bucket as any string.
	RuleS3BucketName: {
		Name:        RuleS3BucketName,
		Description: "S3 bucket names must follow the general purpose bucket naming rules.",
		Value:       stringRule(bucketName),
		Fix:         "set bucket.name, or use a shorter stack name or user id",
	},
	// PutRetentionPolicy retentionInDays: "Possible values are: 1, 3, 5, 7, 14, 30, 60, 90,
	// 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, and 3653"
	// (CloudWatch Logs API Reference); the model types it as any integer.
	RuleLogRetentionDays: {
		Name:        RuleLogRetentionDays,
		Description: "CloudWatch log group retention must be one of the periods CloudWatch Logs offers.",
		Value:       retentionDays,
		Fix:         "set the section's logRetentionDays to 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365 … 3653",
	},
}

// RuleNames lists the hand-written rules in a stable order.
func RuleNames() []string {
	names := make([]string, 0, len(Rules))
	for n := range Rules {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func stringRule(check func(string) error) func(property.Value) error {
	return func(v property.Value) error {
		if !v.IsString() {
			return nil // another type is the provider's to refuse
		}
		return check(v.AsString())
	}
}

var (
	pathPartPlain    = regexp.MustCompile(`^[a-zA-Z0-9._:-]+$`)
	pathPartVariable = regexp.MustCompile(`^\{[a-zA-Z0-9._-]+\+?\}$`)
)

func apiPathPart(s string) error {
	if pathPartPlain.MatchString(s) || pathPartVariable.MatchString(s) {
		return nil
	}
	return fmt.Errorf("is not a plain segment of letters, digits and ._-: nor a {name} or {name+} variable")
}

func bucketName(s string) error {
	if why := stacks.BucketNameProblem(s); why != "" {
		return fmt.Errorf("%s", why)
	}
	return nil
}

func retentionDays(v property.Value) error {
	if !v.IsNumber() {
		return nil
	}
	if !stacks.LogRetentionDaysValid(v.AsNumber()) {
		return fmt.Errorf("is not a retention period CloudWatch Logs offers")
	}
	return nil
}

func mwaaClassAndVersion(r Resource) []Finding {
	class, cok := knownString(r.Properties, "environmentClass")
	version, vok := knownString(r.Properties, "airflowVersion")
	if !cok || !vok {
		return nil
	}
	release, known := stacks.AirflowReleases[version]
	var why string
	switch {
	case !slices.Contains(stacks.MWAAClasses, class):
		why = fmt.Sprintf("environmentClass %q is not an MWAA environment class (%s)", class, strings.Join(stacks.MWAAClasses, ", "))
	case !known:
		why = fmt.Sprintf("airflowVersion %q is not an Airflow version this stack knows MWAA to offer", version)
	case !slices.Contains(release.Classes, class):
		why = fmt.Sprintf("MWAA does not run Airflow %s on %s (it does on %s)", version, class, strings.Join(release.Classes, ", "))
	default:
		return nil
	}
	return []Finding{{Check: RuleMWAAClassAndVersion, Path: "environmentClass", Message: why}}
}

func uniqueRoleNames(rs []Resource) []Finding {
	seen := map[string]string{}
	var out []Finding
	for _, r := range rs {
		if r.Type != typeIAMRole {
			continue
		}
		name, ok := knownString(r.Properties, "name")
		if !ok {
			continue
		}
		key := strings.ToLower(name)
		if first, dup := seen[key]; dup {
			out = append(out, Finding{Check: RuleIAMRoleNames, URN: r.URN, Path: "name",
				Message: fmt.Sprintf("role name %q differs only in letter case from %q, and IAM does not distinguish them", name, first)})
			continue
		}
		seen[key] = name
	}
	return out
}

const typeIAMRole = "aws:iam/role:Role"

func knownString(m property.Map, key string) (string, bool) {
	v, ok := m.GetOk(key)
	if !ok || !v.IsString() {
		return "", false
	}
	return v.AsString(), true
}

// describePath names an input in a message: "the description", "egress[1].description".
func describePath(path string) string {
	if strings.ContainsAny(path, ".[") {
		return path
	}
	return "the " + path
}

// runValueRules applies the value rules listed for one input.
func runValueRules(in Input, l leaf) []Finding {
	var out []Finding
	for _, name := range in.Rules {
		rule := Rules[name]
		if rule.Value == nil || l.value.IsComputed() {
			continue
		}
		if err := rule.Value(l.value); err != nil {
			var shown string
			if l.value.IsString() {
				shown = " " + shorten(l.value.AsString())
			}
			out = append(out, Finding{Check: name, Path: l.path, Message: fmt.Sprintf("%s%s %v; %s", describePath(l.path), shown, err, rule.Fix)})
		}
	}
	return out
}

// runRules applies the resource rules the type's mapping lists.
func runRules(r Resource) []Finding {
	var out []Finding
	done := map[string]bool{}
	for _, in := range Mapping[r.Type] {
		for _, name := range in.Rules {
			if rule := Rules[name]; rule.Resource != nil && !done[name] {
				done[name] = true
				for _, f := range rule.Resource(r) {
					f.Message += "; " + rule.Fix
					out = append(out, f)
				}
			}
		}
	}
	return out
}

// CheckStack runs the rules that compare resources with each other.
func CheckStack(rs []Resource) []Finding {
	var out []Finding
	for _, name := range RuleNames() {
		if rule := Rules[name]; rule.Stack != nil {
			for _, f := range rule.Stack(rs) {
				f.Message += "; " + rule.Fix
				out = append(out, f)
			}
		}
	}
	return out
}

// RuleTypes lists the types whose mapping names a rule, so that a policy for the rule can skip
// every other resource without checking it.
func RuleTypes(rule string) []string {
	var out []string
	for typ, inputs := range Mapping {
		for _, in := range inputs {
			if slices.Contains(in.Rules, rule) {
				out = append(out, typ)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}
