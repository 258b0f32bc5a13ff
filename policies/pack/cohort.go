package pack

import (
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PolicyLearnerNoPlatformResources keeps a cohort learner's stack to the learner's own resources.
const PolicyLearnerNoPlatformResources = "learner-declares-no-platform-resources"

// PlatformOnlyTypes are the resources only a cohort's platform stack declares (docs/cohort.md):
// each serves the whole cohort, and one per learner is the cost cohort mode exists to avoid.
// The API Gateway account setting is one per account and region, so a second stack declaring it
// would take it over.
var PlatformOnlyTypes = []string{
	"aws:msk/cluster:Cluster", "aws:msk/configuration:Configuration", "aws:mwaa/environment:Environment",
	"aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip", "aws:ec2/vpc:Vpc", "aws:ec2/vpcEndpoint:VpcEndpoint",
	"aws:lb/loadBalancer:LoadBalancer", "aws:apigateway/vpcLink:VpcLink", "aws:apigateway/account:Account",
}

func cohortPolicies(s Settings) []policyx.Policy {
	return []policyx.Policy{learnerNoPlatformResources(s)}
}

// learnerNoPlatformResources refuses, on a learner stack (shape learner), every resource of a
// platform-only type: a learner's own cluster, environment, NAT or load balancer would bill the
// cohort a platform per learner.
func learnerNoPlatformResources(s Settings) policyx.Policy {
	return resourcePolicy(PolicyLearnerNoPlatformResources,
		"A cohort learner's stack declares only the learner's own resources; the MSK cluster, MWAA environment, network, load balancer and VPC link are the platform's.",
		policyx.EnforcementLevelMandatory, nil, PlatformOnlyTypes,
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			if s.Shape != stacks.ShapeLearner {
				return
			}
			report("a learner stack declares a %s, which the cohort's platform stack provides to every learner (cohort.platformStack); "+
				"remove it from the learner's program, or make the stack a standalone one (`pulumi config set shape standalone`)", r.Type)
		})
}
