package stacks

import (
	"fmt"
	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"regexp"
	"slices"
	"strings"
)

// Shapes of a stack (the shape key): one program declares a whole pipeline, a cohort's shared
// platform, or one learner's own part on top of a platform (docs/cohort.md).
const (
	// ShapeStandalone is a learner's whole pipeline in their own account: the default.
	ShapeStandalone = "standalone"
	// ShapePlatform is what a cohort shares: network, MSK cluster, MWAA environment and DAG
	// bucket, the learners' load balancer and VPC link, the API Gateway account logging role.
	ShapePlatform = "platform"
	// ShapeLearner is one learner's own resources, reading the platform's outputs through a
	// StackReference: bucket, client host, connector, streams, API, notebooks, jobs and DAG.
	ShapeLearner = "learner"
)

// Shapes lists the accepted shape values.
var Shapes = []string{ShapeStandalone, ShapePlatform, ShapeLearner}

// ShapeKey is the stack key that chooses the shape, as `pulumi config set` takes it.
const ShapeKey = "shape"

// The learners' listener ports on the platform's load balancer, one per learner. A Network Load
// Balancer holds at most 50 listeners, a quota AWS does not raise ("Quotas for your Network Load
// Balancers", Elastic Load Balancing User Guide,
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html:
// spec.MaxListenersPerNLB), so the range has exactly 50 ports and a cohort at most 50 learners.
const (
	MinCohortProxyPort = 8100
	MaxCohortProxyPort = MinCohortProxyPort + spec.MaxListenersPerNLB - 1
)

// CohortConfig places a stack in a cohort. Learner stacks set it; a platform stack sets only
// sharedClient and sharedConnector (docs/cohort-shared.md).
type CohortConfig struct {
	// PlatformStack is the platform stack a learner stack reads, as a Pulumi StackReference
	// names it: <organization>/<project>/<stack>, or <stack> in the same project and organization.
	// Required for shape learner.
	PlatformStack string `json:"platformStack"`
	// ProxyPort is the learner's listener port on the platform's load balancer, unique within the
	// cohort (cmd/cohort assigns it), 8100..8149: a load balancer holds at most 50 listeners.
	// Required for shape learner.
	ProxyPort int `json:"proxyPort"`
	// ConsoleRoleTrust is an IAM principal ARN (the learner's IAM user or role) that may assume
	// <userId>-learner-role, which a permissions boundary confines to the learner's own
	// resources. Empty declares no such role.
	ConsoleRoleTrust string `json:"consoleRoleTrust"`
	// SharedClient on a platform declares one Kafka client host whose REST proxy produces to
	// every learner's topics, behind a listener on the learners' load balancer at
	// client.restProxyPort. On a learner, the learner declares no host and no listener: its API
	// produces through the platform's, and an SSM association on the platform's host creates the
	// learner's topics. The learner's platform must set it too. Default false.
	SharedClient bool `json:"sharedClient"`
	// SharedConnector on a platform declares one MSK Connect S3 sink that copies every
	// learner's topics into the platform's bucket (bucket.name), under topics/<userId>.<kind>/.
	// On a learner, the learner declares no connector and its Databricks jobs read its own
	// prefix of that bucket. The learner's platform must set it too. Default false.
	SharedConnector bool `json:"sharedConnector"`
}

// platformOnly is the part of CohortConfig a platform stack may set.
func (c CohortConfig) platformOnly() CohortConfig {
	return CohortConfig{SharedClient: c.SharedClient, SharedConnector: c.SharedConnector}
}

// IsPlatform says the stack is a cohort's shared platform.
func (c *Config) IsPlatform() bool { return c.Shape == ShapePlatform }

// IsLearner says the stack is one learner's part of a cohort.
func (c *Config) IsLearner() bool { return c.Shape == ShapeLearner }

// stackReferencePattern is a stack name as `pulumi stack` prints it, with the organization and
// project optional: each part letters, digits, -, _ and . ("Stack names", Pulumi docs,
// https://www.pulumi.com/docs/iac/concepts/stacks/).
var stackReferencePattern = regexp.MustCompile(`^([A-Za-z0-9_.-]+/){0,2}[A-Za-z0-9_.-]+$`)

// principalARNPattern is an IAM user or role ARN, the principals a trust policy can name.
var principalARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:(user|role)/[\w+=,.@/-]+$`)

func (c *Config) validateCohort(ps *Problems) {
	if !slices.Contains(Shapes, c.Shape) {
		ps.add(ShapeKey, fmt.Sprintf("%q is not a shape", c.Shape), "use one of %s (standalone is the default)", strings.Join(Shapes, ", "))
		return
	}
	co := c.Cohort
	if c.IsPlatform() && co == co.platformOnly() {
		return
	}
	if !c.IsLearner() {
		if c.IsPlatform() {
			ps.add("cohort", "sets learner keys on a platform stack; a platform reads only cohort.sharedClient and cohort.sharedConnector",
				"remove the others (`pulumi config rm --path cohort.<key>`), or set `pulumi config set shape learner` if this is a learner's stack")
		} else if co != (CohortConfig{}) {
			ps.add("cohort", fmt.Sprintf("is set on a %s stack; only learner and platform stacks read it", c.Shape),
				"remove it (`pulumi config rm cohort`), or set `pulumi config set shape learner` if this is a learner's stack")
		}
		return
	}
	switch {
	case co.PlatformStack == "":
		ps.add("cohort.platformStack", "is not set on a learner stack",
			"name the cohort's platform stack, e.g. `pulumi config set --path cohort.platformStack myorg/%s/platform`", Project)
	case !stackReferencePattern.MatchString(co.PlatformStack):
		ps.add("cohort.platformStack", fmt.Sprintf("%q is not a stack name", co.PlatformStack),
			"write <organization>/<project>/<stack> or <stack>, as `pulumi stack ls` prints it")
	case co.PlatformStack == c.Stack || strings.HasSuffix(co.PlatformStack, "/"+c.Stack):
		ps.add("cohort.platformStack", "names this stack itself", "name the cohort's platform stack")
	}
	if co.ProxyPort < MinCohortProxyPort || co.ProxyPort > MaxCohortProxyPort {
		ps.add("cohort.proxyPort", fmt.Sprintf("%d is outside %d..%d", co.ProxyPort, MinCohortProxyPort, MaxCohortProxyPort),
			"give each learner of the cohort its own port in that range (cmd/cohort assigns them), e.g. `pulumi config set --path cohort.proxyPort %d`", MinCohortProxyPort)
	}
	if c.API.AccountLoggingRole {
		ps.add("api.accountLoggingRole", "is true on a learner stack; API Gateway's logging role is one per account and region, the platform's",
			"run `pulumi config set --path api.accountLoggingRole false` and `pulumi config set --path api.accountHasLoggingRole true` when the platform sets it")
	}
	if c.API.ProxyIntegration != ProxyPrivate {
		ps.add("api.proxyIntegration", fmt.Sprintf("is %q on a learner stack; a learner's REST proxy is reached through the platform's VPC link", c.API.ProxyIntegration),
			"run `pulumi config set --path api.proxyIntegration %s`", ProxyPrivate)
	}
	if co.ConsoleRoleTrust != "" && !principalARNPattern.MatchString(co.ConsoleRoleTrust) {
		ps.add("cohort.consoleRoleTrust", fmt.Sprintf("%q is not an IAM user or role ARN", co.ConsoleRoleTrust),
			"use the learner's principal, e.g. arn:aws:iam::123456789012:user/learner, or remove the key")
	}
}
