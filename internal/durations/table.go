// Package durations estimates how long `pulumi up` of a new stack and `pulumi destroy` take,
// from a table of typical create and delete times per resource type and the plan's
// dependency graph.
package durations

import (
	"strings"
	"time"
)

// Typical is how long one resource of a type usually takes to create and to delete.
type Typical struct {
	Create, Delete time.Duration
}

// DefaultTypical is what a type missing from the table gets: one API call and its
// read-back. Most control-plane resources (IAM, API Gateway, S3 settings, log groups,
// Databricks workspace objects) finish within seconds.
var DefaultTypical = Typical{Create: 5 * time.Second, Delete: 5 * time.Second}

const sec, minute = time.Second, time.Minute

// typical lists the types whose create or delete waits on the service, each with where the
// figure comes from. "Estimate" marks a figure no primary documentation in this
// repository's reference search states; those are typical observed values, to be corrected
// from a real deploy's `pulumi up` timings.
var typical = map[string]Typical{
	// CreateCluster returns at once; the provider waits for the ACTIVE state ("Understand MSK
	// Provisioned cluster states", MSK developer guide). The state page gives no time. Users
	// report clusters "routinely" taking up to an hour (hashicorp/terraform-provider-aws#17726,
	// which raised the create timeout to 120m); 25m is the usual figure for two small brokers
	// (estimate). Delete: estimate.
	"aws:msk/cluster:Cluster": {Create: 25 * minute, Delete: 15 * minute},
	// The provider waits for RUNNING on create and for the connector to disappear on delete
	// (CreateConnector / DeleteConnector, MSK Connect API reference; states RUNNING |
	// CREATING | UPDATING | DELETING | FAILED). Times: estimate.
	"aws:mskconnect/connector:Connector": {Create: 8 * minute, Delete: 5 * minute},
	// The custom plugin is ACTIVE once MSK Connect has unpacked the archive: estimate.
	"aws:mskconnect/customPlugin:CustomPlugin": {Create: 1 * minute, Delete: 10 * sec},
	// MWAA environments take "up to ~30 minutes" to create (Zalando's measurement, cited on
	// sysdesign-wiki "Amazon MWAA"); the provider waits for AVAILABLE (MWAA API
	// Environment.Status) and for the environment to be gone on delete. Delete: estimate.
	"aws:mwaa/environment:Environment": {Create: 25 * minute, Delete: 20 * minute},
	// A NAT gateway goes pending -> available; delete waits for the deleted state, which
	// also releases its network interface before the subnet and address can go (estimate).
	"aws:ec2/natGateway:NatGateway": {Create: 2 * minute, Delete: 1 * minute},
	// The provider waits for running on create and terminated on delete (estimate).
	"aws:ec2/instance:Instance": {Create: 1 * minute, Delete: 1 * minute},
	// An SSM association the provider waits on until its first run reports (estimate).
	"aws:ssm/association:Association": {Create: 1 * minute, Delete: 5 * sec},
	// Network Load Balancer: provisioning -> active (estimate); delete releases the ENIs.
	"aws:lb/loadBalancer:LoadBalancer": {Create: 3 * minute, Delete: 1 * minute},
	// Deregistering a target waits for connection draining, 300 s by default on the target
	// group (estimate of the provider's wait).
	"aws:lb/targetGroupAttachment:TargetGroupAttachment": {Create: 10 * sec, Delete: 1 * minute},
	// A REST API VPC link goes PENDING -> AVAILABLE while it attaches to the NLB (estimate).
	"aws:apigateway/vpcLink:VpcLink": {Create: 5 * minute, Delete: 2 * minute},
	// Kinesis: CREATING -> ACTIVE and DELETING -> gone; the provider waits for both (estimate).
	"aws:kinesis/stream:Stream": {Create: 1 * minute, Delete: 1 * minute},
	// Interface endpoints wait for available; gateway endpoints are quicker (estimate).
	"aws:ec2/vpcEndpoint:VpcEndpoint": {Create: 1 * minute, Delete: 1 * minute},
	// Security groups and subnets that held service ENIs (MSK, MWAA, connector) wait for the
	// service to release them after its own delete returns (estimate).
	"aws:ec2/securityGroup:SecurityGroup": {Create: 5 * sec, Delete: 30 * sec},
	"aws:ec2/subnet:Subnet":               {Create: 5 * sec, Delete: 30 * sec},
	// Detaching and deleting an internet gateway waits for mapped public addresses (estimate).
	"aws:ec2/internetGateway:InternetGateway": {Create: 5 * sec, Delete: 30 * sec},
	// The provider waits for IAM's eventual consistency before returning an instance
	// profile (estimate).
	"aws:iam/instanceProfile:InstanceProfile": {Create: 10 * sec, Delete: 5 * sec},
}

// For returns the typical durations of a type and whether the table has it (false means
// DefaultTypical). Components and providers take no time of their own.
func For(typ string, custom bool) (Typical, bool) {
	if !custom || strings.HasPrefix(typ, "pulumi:providers:") {
		return Typical{}, true
	}
	if t, ok := typical[typ]; ok {
		return t, true
	}
	return DefaultTypical, false
}
