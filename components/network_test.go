package components

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeVPC        = "aws:ec2/vpc:Vpc"
	typeSubnet     = "aws:ec2/subnet:Subnet"
	typeNAT        = "aws:ec2/natGateway:NatGateway"
	typeEIP        = "aws:ec2/eip:Eip"
	typeRouteTable = "aws:ec2/routeTable:RouteTable"
	typeRoute      = "aws:ec2/route:Route"
	typeEndpoint   = "aws:ec2/vpcEndpoint:VpcEndpoint"
)

func TestPlanSubnets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cidr          string
		azs, newBits  int
		wantPrivate   []string
		wantPublic    []string
		wantErrSubstr string
	}{
		{cidr: "10.0.0.0/16", azs: 2, newBits: 4,
			wantPrivate: []string{"10.0.0.0/20", "10.0.16.0/20"}, wantPublic: []string{"10.0.128.0/20", "10.0.144.0/20"}},
		{cidr: "10.0.0.0/16", azs: 3, newBits: 4,
			wantPrivate: []string{"10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"},
			wantPublic:  []string{"10.0.128.0/20", "10.0.144.0/20", "10.0.160.0/20"}},
		{cidr: "10.0.0.0/16", azs: 1, newBits: 4, wantPrivate: []string{"10.0.0.0/20"}, wantPublic: []string{"10.0.128.0/20"}},
		{cidr: "192.168.4.0/22", azs: 2, newBits: 2,
			wantPrivate: []string{"192.168.4.0/24", "192.168.5.0/24"}, wantPublic: []string{"192.168.6.0/24", "192.168.7.0/24"}},
		{cidr: "172.16.0.0/24", azs: 3, newBits: 3,
			wantPrivate: []string{"172.16.0.0/27", "172.16.0.32/27", "172.16.0.64/27"},
			wantPublic:  []string{"172.16.0.128/27", "172.16.0.160/27", "172.16.0.192/27"}},
		{cidr: "10.0.0.0/16", azs: 3, newBits: 2, wantErrSubstr: "3 zones need 6 subnets"},
		{cidr: "10.0.0.0/24", azs: 2, newBits: 6, wantErrSubstr: "AWS subnets are /16 to /28"},
		{cidr: "10.0.0.0/16", azs: 2, newBits: 0, wantErrSubstr: "SubnetNewBits 0"},
		{cidr: "10.0.1.0/16", azs: 2, newBits: 4, wantErrSubstr: "host bits set"},
		{cidr: "fd00::/56", azs: 2, newBits: 8, wantErrSubstr: "not IPv4"},
	}
	for _, tt := range tests {
		t.Run(tt.cidr, func(t *testing.T) {
			t.Parallel()
			plan, err := PlanSubnets(netip.MustParsePrefix(tt.cidr), tt.azs, tt.newBits)
			if tt.wantErrSubstr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErrSubstr)
				return
			}
			require.NoError(t, err)
			var private, public []string
			for i, p := range plan {
				assert.Equal(t, i, p.Zone)
				private = append(private, p.Private.String())
				public = append(public, p.Public.String())
			}
			assert.Equal(t, tt.wantPrivate, private)
			assert.Equal(t, tt.wantPublic, public)
		})
	}
}

func TestPlanSubnetsAddingAZKeepsExistingSubnets(t *testing.T) {
	t.Parallel()
	two, err := PlanSubnets(netip.MustParsePrefix("10.0.0.0/16"), 2, 4)
	require.NoError(t, err)
	three, err := PlanSubnets(netip.MustParsePrefix("10.0.0.0/16"), 3, 4)
	require.NoError(t, err)
	assert.Equal(t, two, three[:2], "a third zone must not renumber the first two")
}

func TestNATCount(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 0, NATCount(NATNone, 3))
	assert.Equal(t, 1, NATCount(NATSingle, 3))
	assert.Equal(t, 3, NATCount(NATOnePerAZ, 3))
	assert.Equal(t, 2, NATCount(NATOnePerAZ, 2))
}

// runNetwork declares one Network under the offline engine.
func runNetwork(t *testing.T, args *NetworkArgs) (*sim.Plan, *Network, error) {
	t.Helper()
	var network *Network
	plan, err := sim.Run(sim.Options{Config: map[string]string{"aws:region": "us-east-1"}}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		n, err := NewNetwork(ctx, "network", args)
		if err != nil {
			return nil, err
		}
		network = n
		return map[string]pulumi.Input{
			"vpcId": n.VpcID, "private": n.PrivateSubnetIDs, "public": n.PublicSubnetIDs,
			"routeTables": n.PrivateRouteTableIDs, "s3": n.S3EndpointID,
		}, nil
	})
	return plan, network, err
}

func TestNetworkAcrossZoneCounts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		azs  int
		nat  NATStrategy
		nats int
	}{
		{1, NATSingle, 1},
		{2, NATSingle, 1},
		{2, NATOnePerAZ, 2},
		{3, NATOnePerAZ, 3},
		{3, NATNone, 0},
	}
	for _, tt := range tests {
		t.Run(string(tt.nat)+"-"+string(rune('0'+tt.azs)), func(t *testing.T) {
			t.Parallel()
			plan, network, err := runNetwork(t, &NetworkArgs{Region: "us-east-1", AZCount: tt.azs, NATGateways: tt.nat, NamePrefix: "abc-dev",
				Tags: map[string]string{"environment": "dev"}})
			require.NoError(t, err)
			assert.Len(t, plan.ByType(typeVPC), 1)
			assert.Len(t, plan.ByType(typeSubnet), 2*tt.azs, "a public and a private subnet per zone")
			assert.Len(t, plan.ByType(typeNAT), tt.nats)
			assert.Len(t, plan.ByType(typeEIP), tt.nats)
			assert.Len(t, plan.ByType(typeRouteTable), tt.azs+1, "a private route table per zone and one public")
			wantRoutes := 1 // the public default route
			if tt.nats > 0 {
				wantRoutes += tt.azs
			}
			assert.Len(t, plan.ByType(typeRoute), wantRoutes)
			assert.Equal(t, tt.nats, network.NATGatewayCount)
			assert.Equal(t, []string{"us-east-1a", "us-east-1b", "us-east-1c"}[:tt.azs], network.AvailabilityZones)

			endpoint, ok := plan.Find(typeEndpoint, "network-s3-endpoint")
			require.True(t, ok)
			assert.Equal(t, "Gateway", endpoint.Inputs["vpcEndpointType"])
			assert.Equal(t, "com.amazonaws.us-east-1.s3", endpoint.Inputs["serviceName"])
			assert.Len(t, endpoint.Inputs["routeTableIds"], tt.azs, "the endpoint serves every private route table")
			assert.Len(t, plan.Outputs["private"], tt.azs)
		})
	}
}

func TestNetworkPrivateRoutesUseTheirZonesNAT(t *testing.T) {
	t.Parallel()
	plan, _, err := runNetwork(t, &NetworkArgs{Region: "us-east-1", AZCount: 3, NATGateways: NATOnePerAZ})
	require.NoError(t, err)
	for i, zone := range []string{"0", "1", "2"} {
		route, ok := plan.Find(typeRoute, "network-private-default-route-"+zone)
		require.True(t, ok)
		nat, ok := plan.Find(typeNAT, "network-nat-"+zone)
		require.True(t, ok)
		assert.Contains(t, route.Dependencies, nat.URN, "route %d must use the NAT in its own zone", i)
	}
}

func TestNetworkChildrenAreParentedAndTagged(t *testing.T) {
	t.Parallel()
	plan, _, err := runNetwork(t, &NetworkArgs{Region: "us-east-1", NamePrefix: "abc-dev", Tags: map[string]string{"owner": "me"}})
	require.NoError(t, err)
	component, ok := plan.Find(TypeNetwork, "network")
	require.True(t, ok)
	resources := plan.Custom()
	require.Greater(t, len(resources), 10, "the network's resources")
	tagged := 0
	for _, r := range resources {
		assert.Equal(t, component.URN, r.Parent, "%s is not a child of the network", r.Name)
		assert.True(t, strings.HasPrefix(r.Name, "network-"), "child name %q derives from the component name", r.Name)
		if tags, ok := r.Inputs["tags"].(map[string]any); ok {
			tagged++
			assert.Equal(t, "me", tags["owner"], r.Name)
			assert.True(t, strings.HasPrefix(tags["Name"].(string), "abc-dev-"), r.Name)
		}
	}
	assert.Greater(t, tagged, 5, "the owner tag was checked on the taggable resources")
	subnet, ok := plan.Find(typeSubnet, "network-public-0")
	require.True(t, ok)
	assert.Equal(t, false, subnet.Inputs["mapPublicIpOnLaunch"], "no public addresses by default")
}

func TestExistingVPCCreatesNothing(t *testing.T) {
	t.Parallel()
	plan, _, err := runNetwork(t, &NetworkArgs{Existing: &ExistingVPC{
		VpcID: "vpc-0a1b2c3d", PrivateSubnetIDs: []string{"subnet-0a", "subnet-0b"}, PublicSubnetIDs: []string{"subnet-1a"},
	}})
	require.NoError(t, err)
	assert.Empty(t, plan.Custom(), "an existing VPC must not get any new network resource")
	assert.Len(t, plan.Resources, 1, "only the component itself")
	assert.Equal(t, "vpc-0a1b2c3d", plan.Outputs["vpcId"])
	assert.Equal(t, []any{"subnet-0a", "subnet-0b"}, plan.Outputs["private"])
	assert.Equal(t, []any{"subnet-1a"}, plan.Outputs["public"])
}

func TestNetworkRejectsBadArgsBeforeRegistering(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args *NetworkArgs
		want string
	}{
		{"no region", &NetworkArgs{}, "Region is empty"},
		{"zones disagree", &NetworkArgs{Region: "us-east-1", AZCount: 2, AvailabilityZones: []string{"us-east-1a"}}, "lists 1 zones but AZCount is 2"},
		{"bad NAT", &NetworkArgs{Region: "us-east-1", NATGateways: "two"}, `NATGateways is "two"`},
		{"bad CIDR", &NetworkArgs{Region: "us-east-1", CIDR: "10.0.0.0"}, `CIDR "10.0.0.0"`},
		{"too many zones", &NetworkArgs{Region: "us-east-1", CIDR: "10.0.0.0/16", SubnetNewBits: 1, AZCount: 2}, "2 zones need 4 subnets"},
		{"existing without subnets", &NetworkArgs{Existing: &ExistingVPC{VpcID: "vpc-1"}}, "PrivateSubnetIDs is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			plan, err := sim.Run(sim.Options{}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
				_, err := NewNetwork(ctx, "network", tt.args)
				return nil, err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), `network "network"`)
			assert.Contains(t, err.Error(), tt.want)
			assert.Empty(t, plan.Resources, "a rejected network registers nothing, not even the component")
		})
	}
}

func TestNetworkPinnedZonesSkipTheLookup(t *testing.T) {
	t.Parallel()
	_, network, err := runNetwork(t, &NetworkArgs{Region: "us-east-1", AvailabilityZones: []string{"us-east-1d", "us-east-1f"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"us-east-1d", "us-east-1f"}, network.AvailabilityZones)
}

func TestNetworkAvoidsExcludedZones(t *testing.T) {
	t.Parallel()
	// In the offline engine us-east-1c is use1-az3, where MSK cannot place brokers.
	_, network, err := runNetwork(t, &NetworkArgs{Region: "us-east-1", AZCount: 3, ExcludeZoneIDs: []string{"use1-az3"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"us-east-1a", "us-east-1b", "us-east-1d"}, network.AvailabilityZones)
}
