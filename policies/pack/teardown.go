package pack

import (
	"strings"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/props"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Teardown policy names.
const (
	PolicyNoProtectOutsideProd    = "no-protect-outside-prod"
	PolicyNoRetainOutsideProd     = "no-retain-on-delete-outside-prod"
	PolicyBucketsForceDestroy     = "buckets-force-destroy-outside-prod"
	PolicyTeardownTags            = "teardown-tags"
	PolicyBucketsDeletable        = "buckets-deletable-or-protected"
	PolicySecretsRecreatable      = "secrets-recreatable-after-destroy"
	PolicyProdOnlyOnProdStacks    = "prod-only-on-prod-stacks"
	teardownTagEnvironment        = "environment"
	teardownTagOwner              = "owner"
	teardownTagExpiresAt          = "expires-at"
	teardownTagsConfigDescription = "identity.environment, identity.owner and identity.expiresAt"
)

func teardownPolicies(s Settings) []policyx.Policy {
	return []policyx.Policy{
		noProtectOutsideProd(s), noRetainOutsideProd(s), bucketsForceDestroy(s), teardownTags(s),
		bucketsDeletable(), secretsRecreatable(), prodOnlyOnProdStacks(s),
	}
}

// prodOnlyOnProdStacks keeps prod's exemptions (no scheduled teardown, no budget alert, protected
// data) for stacks named as prod: a learner stack that declared itself prod would bill unnoticed.
// The stack name comes from the resource's URN, which the program cannot change; the pack that
// enforces this is the one CI builds from the default branch (docs/operations.md, "The trust boundary").
func prodOnlyOnProdStacks(s Settings) policyx.Policy {
	return resourcePolicy(PolicyProdOnlyOnProdStacks,
		"Only a stack named prod or prod-<name> may be a prod stack: prod is exempt from the scheduled teardown and the budget alert.",
		policyx.EnforcementLevelMandatory, nil, nil,
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			stack := stackOfURN(string(r.URN))
			if environmentOf(r, s) == stacks.EnvProd && !isProdStackName(stack) {
				report("stack %q is a prod stack (identity.environment or the environment tag), but only stacks named prod or prod-<name> may be; "+
					"set identity.environment to dev or staging, or deploy prod as a stack named prod", stack)
			}
		})
}

// stackOfURN is the stack name in urn:pulumi:<stack>::<project>::<type>::<name>, without any
// organisation or project qualifier.
func stackOfURN(urn string) string {
	stack, _, _ := strings.Cut(strings.TrimPrefix(urn, "urn:pulumi:"), "::")
	return stack[strings.LastIndex(stack, "/")+1:]
}

// isProdStackName says whether a stack's name marks it as prod: prod, or prod-<name>.
func isProdStackName(stack string) bool {
	return stack == "prod" || strings.HasPrefix(stack, "prod-")
}

// bucketsDeletable holds in every environment, prod included: a stack is either torn down by
// one `pulumi destroy` or stopped on purpose at a protected resource. S3 refuses to delete a
// bucket that holds objects (or, when versioned, old versions), and the stack's objects are
// DeletedWith their bucket, so only forceDestroy empties it.
func bucketsDeletable() policyx.Policy {
	return resourcePolicy(PolicyBucketsDeletable,
		"Every bucket is either emptied by `pulumi destroy` (forceDestroy) or protected on purpose; otherwise destroy stops at BucketNotEmpty.",
		policyx.EnforcementLevelMandatory, nil, []string{typeBucketV2, typeBucketLegacy},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			if r.Options.Protect {
				return
			}
			force, st := props.Bool(r.Properties, "forceDestroy")
			if undecided(st) || (st == props.Known && force) {
				return
			}
			report("the bucket is neither protected nor forceDestroy, so `pulumi destroy` fails with BucketNotEmpty; " +
				"set forceDestroy when its contents can be rebuilt, or protect it (pulumi.Protect) and document how to release it")
		})
}

// secretsRecreatable: Secrets Manager keeps a deleted secret's name for its recovery window
// (7-30 days, 30 by default; "DeleteSecret", Secrets Manager API Reference), and creating a
// secret of that name meanwhile fails ("already scheduled for deletion"). A fixed name
// therefore needs no window, or protection that keeps destroy from deleting it at all.
func secretsRecreatable() policyx.Policy {
	return resourcePolicy(PolicySecretsRecreatable,
		"A secret with a fixed name is deleted without a recovery window (or protected), so that `pulumi up` can create it again right after `pulumi destroy`.",
		policyx.EnforcementLevelMandatory, nil, []string{typeSecret},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			if r.Options.Protect {
				return
			}
			if name, st := props.String(r.Properties, "name"); st != props.Known || name == "" {
				return // unknown, or a generated name that changes with every creation
			}
			days, st := props.Number(r.Properties, "recoveryWindowInDays")
			switch {
			case undecided(st), st == props.Known && days == 0:
				return
			case st == props.Missing:
				days = 30 // the service's default
			}
			report("the secret keeps its fixed name for %.0f days after `pulumi destroy`, so the next `pulumi up` fails; "+
				"set recoveryWindowInDays to 0 when its value can be rebuilt, use namePrefix, or protect it", days)
		})
}

func noProtectOutsideProd(s Settings) policyx.Policy {
	return resourcePolicy(PolicyNoProtectOutsideProd,
		"Outside prod no resource may be protected: the scheduled teardown's `pulumi destroy` fails on protected resources.",
		policyx.EnforcementLevelMandatory, nil, nil,
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			if r.Options.Protect && environmentOf(r, s) != stacks.EnvProd {
				report("the resource is protected in a %s stack; drop pulumi.Protect (the components protect only when identity.environment is prod)",
					environmentOf(r, s))
			}
		})
}

func noRetainOutsideProd(s Settings) policyx.Policy {
	return resourcePolicy(PolicyNoRetainOutsideProd,
		"Outside prod no resource may be retained on delete: a retained resource leaves the stack but keeps billing.",
		policyx.EnforcementLevelMandatory, nil, nil,
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			// The analyzer protocol (AnalyzerResourceOptions in pulumi/pulumi's analyzer.proto,
			// still so in v3.274.1) has no retainOnDelete field, so in a real preview this option
			// reads false; the offline plan and tests do see it.
			if r.Options.RetainOnDelete && environmentOf(r, s) != stacks.EnvProd {
				report("the resource is retained on delete in a %s stack; drop pulumi.RetainOnDelete", environmentOf(r, s))
			}
		})
}

func bucketsForceDestroy(s Settings) policyx.Policy {
	return resourcePolicy(PolicyBucketsForceDestroy,
		"Outside prod buckets must set forceDestroy, so `pulumi destroy` can delete them with the connector's objects inside.",
		policyx.EnforcementLevelMandatory, nil, []string{typeBucketV2, typeBucketLegacy},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			if environmentOf(r, s) == stacks.EnvProd {
				return
			}
			force, st := props.Bool(r.Properties, "forceDestroy")
			if undecided(st) || (st == props.Known && force) {
				return
			}
			report("forceDestroy is not true in a %s stack; set it (components.DataLake sets forceDestroy whenever identity.environment is not prod)",
				environmentOf(r, s))
		})
}

// taggableTypes are the types this stack declares that accept tags although a program could
// leave them out; a resource of any other type that has a tags input is checked too.
var taggableTypes = map[string]bool{
	"aws:ec2/vpc:Vpc": true, "aws:ec2/subnet:Subnet": true, "aws:ec2/routeTable:RouteTable": true,
	"aws:ec2/internetGateway:InternetGateway": true, typeNATGateway: true, "aws:ec2/eip:Eip": true,
	typeSecurityGroup: true, "aws:ec2/vpcEndpoint:VpcEndpoint": true, typeInstance: true,
	typeBucketV2: true, typeMSKCluster: true, typeConnector: true, typeCustomPlugin: true,
	typeLogGroup: true, typeIAMRole: true, typeKinesisStream: true, "aws:apigateway/restApi:RestApi": true,
	typeAPIStage: true, "aws:lb/loadBalancer:LoadBalancer": true, typeMWAAEnvironment: true,
}

func teardownTags(s Settings) policyx.Policy {
	return resourcePolicy(PolicyTeardownTags,
		"Outside prod every resource that takes tags must carry environment, owner and expires-at, which the scheduled teardown and cost reports read.",
		policyx.EnforcementLevelMandatory, nil, nil,
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			if !isCloudResource(r.Type) || environmentOf(r, s) == stacks.EnvProd {
				return
			}
			tags, st := props.Map(r.Properties, "tags")
			switch {
			case undecided(st):
				return
			case st == props.Missing && !taggableTypes[r.Type]:
				return // a type without tags, such as a route or a policy attachment
			}
			var missing []string
			for _, key := range []string{teardownTagEnvironment, teardownTagOwner, teardownTagExpiresAt} {
				v, st := props.String(tags, key)
				if undecided(st) {
					continue
				}
				if st == props.Missing || strings.TrimSpace(v) == "" {
					missing = append(missing, key)
				}
			}
			if len(missing) > 0 {
				report("the tags lack %s; pass the stack's CommonTags (set from %s) to the resource",
					strings.Join(missing, ", "), teardownTagsConfigDescription)
				return
			}
			if expiry, st := props.String(tags, teardownTagExpiresAt); st == props.Known {
				if _, err := time.Parse(time.DateOnly, expiry); err != nil {
					report("the expires-at tag %q is not a YYYY-MM-DD date; fix identity.expiresAt", expiry)
				}
			}
		})
}
