package program

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/durations"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
)

// neededBefore lists, for each slow delete, the resources the engine may delete before it
// because of a real need: an input the held resource's ID or ARN feeds (so Pulumi records the
// edge, and the create needs that order), or an order the service enforces on delete. Any
// other edge that pushes a slow delete into a later level makes `pulumi destroy` wait for no
// reason (internal/durations: each level waits for its slowest member).
var neededBefore = map[[2]string]string{
	// held type, holder type: why
	{"aws:ec2/instance:Instance", "aws:ssm/association:Association"}:                    "the association targets the instance's ID",
	{"aws:ec2/instance:Instance", "aws:lb/targetGroupAttachment:TargetGroupAttachment"}: "the attachment registers the instance's ID",
	// A cluster/<name>/* pattern would drop this edge (and save one level's 30 s), but would
	// also grant a later cluster of the same name: the ARN's UUID is what scopes the policy.
	{"aws:msk/cluster:Cluster", "aws:iam/rolePolicy:RolePolicy"}: "the connector's policy names the cluster's ARN, whose UUID only the created cluster has",
	{"aws:ec2/natGateway:NatGateway", "aws:ec2/route:Route"}:     "the private default route points at the NAT gateway's ID",
	// "Cannot delete vpc link referenced in [Method:Resource] format" (AWS Knowledge Center,
	// "How do I delete a VPC link for my API Gateway REST API?").
	{"aws:apigateway/vpcLink:VpcLink", "aws:apigateway/integration:Integration"}: "the integration's connectionId is the link; API Gateway refuses to delete a link an integration uses",
	// "You can't delete a Network Load Balancer if it is in use by another service" ("Delete a
	// Network Load Balancer", Elastic Load Balancing user guide); a REST API VPC link is one.
	{"aws:lb/loadBalancer:LoadBalancer", "aws:apigateway/vpcLink:VpcLink"}: "the link's target is the load balancer, which cannot be deleted while the link uses it",
}

// slowDelete is where a delete starts to matter: a level held back by anything quicker than
// this costs seconds, not minutes.
const slowDelete = time.Minute

func TestSlowDeletesWaitOnlyForRealNeeds(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			plan, err := planStack(t, stack)
			require.NoError(t, err)
			levels := durations.DeleteLevels(plan.Resources)
			var slow int
			for _, h := range levels {
				if time.Duration(h.Seconds)*time.Second < slowDelete {
					continue
				}
				slow++
				for _, by := range h.By {
					_, ok := neededBefore[[2]string{h.Resource.Type, by.Type}]
					assert.True(t, ok, "%s (%s, %ds) waits in level %d for %s (%s): no data or delete order needs that edge",
						h.Resource.Name, h.Resource.Type, h.Seconds, h.Level, by.Name, by.Type)
				}
			}
			require.GreaterOrEqual(t, slow, 5, "the MSK cluster, connector, MWAA environment, NAT and load balancer at least")
		})
	}
}

// devResource plans dev and finds one of its resources.
func devResource(t *testing.T, typ, name string) (*sim.Plan, sim.Resource) {
	t.Helper()
	plan, err := planStack(t, "dev")
	require.NoError(t, err)
	r, ok := plan.Find(typ, name)
	require.True(t, ok, "%s %s is in the dev plan", typ, name)
	return plan, r
}

// dependsOn says whether r waits for the resource of the given type and name, directly.
func dependsOn(t *testing.T, plan *sim.Plan, r sim.Resource, typ, name string) bool {
	t.Helper()
	dep, ok := plan.Find(typ, name)
	require.True(t, ok, "%s %s is in the plan", typ, name)
	return slices.Contains(r.Dependencies, dep.URN)
}

func TestAirflowWaitsForItsSubnetsEgress(t *testing.T) {
	t.Parallel()
	plan, env := devResource(t, "aws:mwaa/environment:Environment", "airflow-environment")
	// MWAA's two subnets are the first two zones' private subnets (TestMWAAUsesTwoPrivateSubnetsInDistinctZones).
	for i := range 2 {
		route := fmt.Sprintf("network-private-default-route-%d", i)
		assert.True(t, dependsOn(t, plan, env, "aws:ec2/route:Route", route),
			"the environment is created only once its subnet's way out, %s, exists", route)
		rta := fmt.Sprintf("network-private-rta-%d", i)
		assert.True(t, dependsOn(t, plan, env, "aws:ec2/routeTableAssociation:RouteTableAssociation", rta),
			"the environment is created only once its subnet uses the route table with the NAT route, %s", rta)
	}
}

func TestConnectorWaitsForItsBrokerAccessAndPermissions(t *testing.T) {
	t.Parallel()
	plan, connector := devResource(t, "aws:mskconnect/connector:Connector", "s3-sink-connector")
	for _, dep := range []struct{ typ, name string }{
		{"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "kafka-from-connector"},
		{"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "s3-sink-brokers-out"},
		{"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "s3-sink-https-out"},
		{"aws:iam/rolePolicy:RolePolicy", "s3-sink-access"},
		{"aws:msk/cluster:Cluster", "kafka-cluster"},
	} {
		assert.True(t, dependsOn(t, plan, connector, dep.typ, dep.name), "the workers fail to start without %s", dep.name)
	}
}

func TestAirflowDoesNotWaitForTheKafkaClient(t *testing.T) {
	t.Parallel()
	plan, env := devResource(t, "aws:mwaa/environment:Environment", "airflow-environment")
	// The tunnel command names the client host, but it is a stack output built beside the
	// environment: the environment itself needs nothing from the host, and an edge would put
	// the host's delete, and the cluster's after it, a level behind MWAA's.
	assert.False(t, dependsOn(t, plan, env, "aws:ec2/instance:Instance", "kafka-client-instance"))
	assert.False(t, dependsOn(t, plan, env, "aws:msk/cluster:Cluster", "kafka-cluster"))
}
