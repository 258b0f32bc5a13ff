package cost

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A table that lacks a price must leave the resources needing it unpriced (and the budget
// failing closed), not count them at $0: a region's table may be partial.
func TestAMissingPriceIsUnpricedNotFree(t *testing.T) {
	t.Parallel()
	str, num := property.New[string], property.New[float64]
	obj := property.New[map[string]property.Value]
	res := func(typ string, inputs map[string]property.Value) Resource {
		return Resource{URN: "urn:pulumi:dev::p::" + typ + "::" + typ, Type: typ, Custom: true, Inputs: property.NewMap(inputs)}
	}
	// Only the per-class prices are set, so each resource below misses exactly one single price.
	table := PriceTable{
		Region:              "xx-test-1",
		MSKBrokerHour:       map[string]float64{"kafka.t3.small": 0.05},
		MWAAEnvironmentHour: map[string]float64{"mw1.small": 0.5},
	}
	resources := []Resource{
		res("aws:ec2/natGateway:NatGateway", nil),
		res("aws:ec2/eip:Eip", nil),
		res("aws:lb/loadBalancer:LoadBalancer", nil),
		res("aws:msk/serverlessCluster:ServerlessCluster", nil),
		res("aws:kms/key:Key", nil),
		res("aws:secretsmanager/secret:Secret", nil),
		res("aws:ec2/vpcEndpoint:VpcEndpoint", map[string]property.Value{
			"vpcEndpointType": str("Interface"), "subnetIds": property.New([]property.Value{str("a")})}),
		res("aws:kinesis/stream:Stream", map[string]property.Value{"streamModeDetails": obj(map[string]property.Value{"streamMode": str("ON_DEMAND")})}),
		res("aws:kinesis/stream:Stream", map[string]property.Value{"shardCount": num(1)}),
		res("aws:mskconnect/connector:Connector", map[string]property.Value{
			"capacity": obj(map[string]property.Value{"provisionedCapacity": obj(map[string]property.Value{"workerCount": num(1)})})}),
		// The broker is priced; its storage is not.
		res("aws:msk/cluster:Cluster", map[string]property.Value{
			"numberOfBrokerNodes": num(2), "brokerNodeGroupInfo": obj(map[string]property.Value{"instanceType": str("kafka.t3.small")})}),
		// The environment is priced; the extra worker is not.
		res("aws:mwaa/environment:Environment", map[string]property.Value{"environmentClass": str("mw1.small"), "minWorkers": num(2)}),
	}
	est := estimate("xx-test-1", table, true, resources)
	assert.Empty(t, est.Resources, "nothing may be counted at a price the table does not have")
	assert.Zero(t, est.HourlyUSD)
	assert.False(t, est.Complete)
	require.Len(t, est.Unpriced, len(resources))
	for _, u := range est.Unpriced {
		assert.True(t, strings.HasPrefix(u.Reason, "no xx-test-1 price for "), "%s: %s", u.Type, u.Reason)
		assert.False(t, u.Pending, u.Type)
	}
}
