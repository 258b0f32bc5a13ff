package pack

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/props"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Type tokens of pulumi-aws v6.83.4 (and the Databricks provider) the policies inspect.
const (
	typeBucketV2             = "aws:s3/bucketV2:BucketV2"
	typeBucketLegacy         = "aws:s3/bucket:Bucket"
	typeBucketPAB            = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	typeBucketSSE            = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	typeBucketPolicy         = "aws:s3/bucketPolicy:BucketPolicy"
	typeSecurityGroup        = "aws:ec2/securityGroup:SecurityGroup"
	typeSecurityGroupRule    = "aws:ec2/securityGroupRule:SecurityGroupRule"
	typeIngressRule          = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typeInstance             = "aws:ec2/instance:Instance"
	typeLaunchTemplate       = "aws:ec2/launchTemplate:LaunchTemplate"
	typeEBSVolume            = "aws:ebs/volume:Volume"
	typeMSKCluster           = "aws:msk/cluster:Cluster"
	typeConnector            = "aws:mskconnect/connector:Connector"
	typeCustomPlugin         = "aws:mskconnect/customPlugin:CustomPlugin"
	typeIAMPolicy            = "aws:iam/policy:Policy"
	typeIAMRolePolicy        = "aws:iam/rolePolicy:RolePolicy"
	typeIAMUserPolicy        = "aws:iam/userPolicy:UserPolicy"
	typeIAMGroupPolicy       = "aws:iam/groupPolicy:GroupPolicy"
	typeIAMRole              = "aws:iam/role:Role"
	typeKinesisStream        = "aws:kinesis/stream:Stream"
	typeAPIStage             = "aws:apigateway/stage:Stage"
	typeAPIMethodSettings    = "aws:apigateway/methodSettings:MethodSettings"
	typeMWAAEnvironment      = "aws:mwaa/environment:Environment"
	typeLogGroup             = "aws:cloudwatch/logGroup:LogGroup"
	typeSecret               = "aws:secretsmanager/secret:Secret"
	typeNATGateway           = "aws:ec2/natGateway:NatGateway"
	typeDatabricksJob        = "databricks:index/job:Job"
	typeDatabricksCluster    = "databricks:index/cluster:Cluster"
	typeProviderTokenPrefix  = "pulumi:providers:"
	typeComponentTokenPrefix = stacks.Project + ":"
)

// resourcePolicy builds a resource policy that sees only the given types.
func resourcePolicy(name, description string, level policyx.EnforcementLevel, schema *policyx.ConfigSchema,
	types []string, check func(r policyx.AnalyzerResource, config map[string]any, report func(format string, a ...any)),
) policyx.ResourceValidationPolicy {
	return policyx.NewResourceValidationPolicy(name, policyx.ResourceValidationPolicyArgs{
		Description:      description,
		EnforcementLevel: level,
		ConfigSchema:     schema,
		ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
			if len(types) > 0 && !slices.Contains(types, args.Resource.Type) {
				return nil
			}
			check(args.Resource, args.Config, func(format string, a ...any) {
				args.Manager.ReportViolation(fmt.Sprintf(format, a...), "")
			})
			return nil
		},
	})
}

// stackPolicy builds a stack policy; report names the resource a violation is about.
func stackPolicy(name, description string, level policyx.EnforcementLevel,
	check func(resources []policyx.AnalyzerResource, report func(urn, format string, a ...any)),
) policyx.StackValidationPolicy {
	return policyx.NewStackValidationPolicy(name, policyx.StackValidationPolicyArgs{
		Description:      description,
		EnforcementLevel: level,
		ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) error {
			check(args.Resources, func(urn, format string, a ...any) {
				args.Manager.ReportViolation(fmt.Sprintf(format, a...), urn)
			})
			return nil
		},
	})
}

// environmentOf is the resource's environment kind: its environment tag when it has a
// readable one, else the stack's identity.environment.
func environmentOf(r policyx.AnalyzerResource, s Settings) string {
	if env, st := props.String(r.Properties, "tags", "environment"); st == props.Known && env != "" {
		return env
	}
	return s.Environment
}

// isCloudResource tells provider-managed resources from components and provider instances.
func isCloudResource(typ string) bool {
	return !strings.HasPrefix(typ, typeComponentTokenPrefix) && !strings.HasPrefix(typ, typeProviderTokenPrefix) &&
		!strings.HasPrefix(typ, "pulumi:pulumi:")
}

// configStrings reads a list of strings from a policy's config (decoded JSON); ok is false
// when the key is absent or not a list of strings, and the policy then keeps its default.
func configStrings(config map[string]any, key string) ([]string, bool) {
	raw, ok := config[key].([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(raw))
	for _, v := range raw {
		s, ok := v.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// configNumbers reads a list of numbers (JSON decodes them as float64).
func configNumbers(config map[string]any, key string) ([]float64, bool) {
	raw, ok := config[key].([]any)
	if !ok {
		return nil, false
	}
	out := make([]float64, 0, len(raw))
	for _, v := range raw {
		n, ok := v.(float64)
		if !ok {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// configNumber reads one number.
func configNumber(config map[string]any, key string) (float64, bool) {
	n, ok := config[key].(float64)
	return n, ok
}

// stringsProp reads a string or list of strings, with Known only when every element is known.
func stringsProp(m property.Map, path ...string) ([]string, props.Status) {
	return props.Strings(m, path...)
}

// undecided is true for values a policy cannot judge: unknown until apply, or of a type the
// provider itself would reject. Neither is a violation.
func undecided(st props.Status) bool { return st == props.Unknown || st == props.WrongType }
