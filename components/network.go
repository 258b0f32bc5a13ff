package components

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NATStrategy says how many NAT gateways a new VPC gets (spec.NATStrategy, which the stack
// configuration's network.natGateways uses as it is).
type NATStrategy = spec.NATStrategy

// NAT strategies, as spec defines them.
const (
	NATNone     = spec.NATNone
	NATSingle   = spec.NATSingle
	NATOnePerAZ = spec.NATOnePerAZ
)

// ExistingVPC points Network at a VPC that is managed elsewhere.
type ExistingVPC struct {
	// VpcID is the VPC's id. Required.
	VpcID string
	// PrivateSubnetIDs are private subnets, one per zone. Required.
	PrivateSubnetIDs []string
	// PublicSubnetIDs are public subnets. Optional.
	PublicSubnetIDs []string
}

// NetworkArgs configures Network. Fields that shape the resource graph are plain Go values.
type NetworkArgs struct {
	// Existing selects an existing VPC; then Network creates no resource and the other fields are ignored.
	Existing *ExistingVPC
	// Region names the S3 endpoint's service (com.amazonaws.<region>.s3). Required for a new VPC.
	Region string
	// CIDR is the VPC's IPv4 block. Default 10.0.0.0/16.
	CIDR string
	// AZCount is the number of zones. Default 2.
	AZCount int
	// AvailabilityZones pins the zone names. Default: the region's first AZCount available zones.
	AvailabilityZones []string
	// ExcludeZoneIDs are zone ids the looked-up zones must avoid (MSK does not run in some).
	ExcludeZoneIDs []string
	// SubnetNewBits is the number of bits each subnet adds to the VPC prefix. Default 4.
	SubnetNewBits int
	// NATGateways is the NAT strategy. Default single (NATSingle).
	NATGateways NATStrategy
	// NamePrefix starts every Name tag. Default the component's name.
	NamePrefix string
	// Tags go on every taggable resource, with a Name tag added.
	Tags map[string]string
}

// Network is the stack's VPC: public and private subnets across zones, NAT gateways for the
// private subnets' egress, and an S3 gateway endpoint so that S3 traffic never crosses a NAT.
type Network struct {
	pulumi.ResourceState

	// VpcID is the VPC's id.
	VpcID pulumi.StringOutput `pulumi:"vpcId"`
	// VpcCIDR is the VPC's IPv4 block, for rules that admit traffic from inside the VPC only.
	VpcCIDR pulumi.StringOutput `pulumi:"vpcCidr"`
	// PrivateSubnetIDs are the private subnets, one per zone, in zone order.
	PrivateSubnetIDs pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	// PublicSubnetIDs are the public subnets, one per zone, in zone order.
	PublicSubnetIDs pulumi.StringArrayOutput `pulumi:"publicSubnetIds"`
	// PrivateRouteTableIDs are the private subnets' route tables (none for an existing VPC).
	PrivateRouteTableIDs pulumi.StringArrayOutput `pulumi:"privateRouteTableIds"`
	// S3EndpointID is the S3 gateway endpoint's id (empty for an existing VPC).
	S3EndpointID pulumi.StringOutput `pulumi:"s3EndpointId"`

	// AvailabilityZones are the zones of a new VPC, in subnet order (nil for an existing VPC).
	AvailabilityZones []string
	// NATGatewayCount is the number of NAT gateways created.
	NATGatewayCount int
	// Subnets is the CIDR plan of a new VPC.
	Subnets []SubnetPlan
	// EgressReady are the private subnets' routes and route table associations: resources
	// whose first boot downloads software depend on them (nil for an existing VPC).
	EgressReady []pulumi.Resource
}

func (a *NetworkArgs) withDefaults(name string) NetworkArgs {
	out := NetworkArgs{}
	if a != nil {
		out = *a
	}
	if out.CIDR == "" {
		out.CIDR = spec.DefaultVPCCIDR
	}
	if out.AZCount == 0 {
		out.AZCount = spec.DefaultAZCount
	}
	if out.SubnetNewBits == 0 {
		out.SubnetNewBits = spec.DefaultSubnetNewBits
	}
	if out.NATGateways == "" {
		out.NATGateways = spec.DefaultNATGateways
	}
	if out.NamePrefix == "" {
		out.NamePrefix = name
	}
	return out
}

func (a NetworkArgs) validate() error {
	var errs []error
	if a.Existing != nil {
		if a.Existing.VpcID == "" {
			errs = append(errs, errors.New("Existing.VpcID is empty"))
		}
		if len(a.Existing.PrivateSubnetIDs) == 0 {
			errs = append(errs, errors.New("Existing.PrivateSubnetIDs is empty: list one private subnet per zone"))
		}
		return errors.Join(errs...)
	}
	if a.Region == "" {
		errs = append(errs, errors.New("Region is empty: the S3 endpoint's service name needs it"))
	}
	if a.AZCount < 1 {
		errs = append(errs, fmt.Errorf("AZCount is %d: use at least 1", a.AZCount))
	}
	if len(a.AvailabilityZones) > 0 && len(a.AvailabilityZones) != a.AZCount {
		errs = append(errs, fmt.Errorf("AvailabilityZones lists %d zones but AZCount is %d", len(a.AvailabilityZones), a.AZCount))
	}
	if !slices.Contains(spec.NATStrategies, a.NATGateways) {
		errs = append(errs, fmt.Errorf("NATGateways is %q: use none, single or onePerAz", a.NATGateways))
	}
	prefix, err := netip.ParsePrefix(a.CIDR)
	if err != nil {
		errs = append(errs, fmt.Errorf("CIDR %q: %w", a.CIDR, err))
	} else if _, err := PlanSubnets(prefix, a.AZCount, a.SubnetNewBits); err != nil && a.AZCount >= 1 {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// NATCount is how many NAT gateways the strategy creates for azCount zones.
func NATCount(strategy NATStrategy, azCount int) int {
	switch strategy {
	case NATSingle:
		return min(1, azCount)
	case NATOnePerAZ:
		return azCount
	}
	return 0
}

// SubnetPlan is the address plan of one zone.
type SubnetPlan struct {
	// Zone is the zone's index in the VPC's zone order.
	Zone    int
	Private netip.Prefix
	Public  netip.Prefix
}

// PlanSubnets splits the VPC block into equal subnets of prefix+newBits bits: private subnets
// take the first slots and public subnets start halfway, so that adding a zone later never
// moves an existing subnet.
func PlanSubnets(vpc netip.Prefix, azCount, newBits int) ([]SubnetPlan, error) {
	if !vpc.Addr().Is4() {
		return nil, fmt.Errorf("CIDR %s is not IPv4", vpc)
	}
	if vpc.Masked() != vpc {
		return nil, fmt.Errorf("CIDR %s has host bits set; use %s", vpc, vpc.Masked())
	}
	bits := vpc.Bits() + newBits
	if newBits < 1 || bits > 28 {
		return nil, fmt.Errorf("SubnetNewBits %d on a /%d gives /%d subnets; AWS subnets are /16 to /28", newBits, vpc.Bits(), bits)
	}
	slots := 1 << newBits
	if 2*azCount > slots {
		return nil, fmt.Errorf("%d zones need %d subnets but a /%d holds only %d subnets of /%d", azCount, 2*azCount, vpc.Bits(), slots, bits)
	}
	base := vpc.Addr().As4()
	start := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	size := uint32(1) << (32 - bits)
	nth := func(i int) netip.Prefix {
		a := start + uint32(i)*size
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}), bits)
	}
	plan := make([]SubnetPlan, azCount)
	for i := range plan {
		plan[i] = SubnetPlan{Zone: i, Private: nth(i), Public: nth(slots/2 + i)}
	}
	return plan, nil
}

// NewNetwork creates the stack's VPC, or adopts an existing one without creating anything.
func NewNetwork(ctx *pulumi.Context, name string, args *NetworkArgs, opts ...pulumi.ResourceOption) (*Network, error) {
	a := args.withDefaults(name)
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("network %q: %w", name, err)
	}
	n := &Network{}
	if err := ctx.RegisterComponentResource(TypeNetwork, name, n, opts...); err != nil {
		return nil, fmt.Errorf("registering network %q: %w", name, err)
	}
	if a.Existing != nil {
		n.VpcID = pulumi.String(a.Existing.VpcID).ToStringOutput()
		n.VpcCIDR = ec2.LookupVpcOutput(ctx, ec2.LookupVpcOutputArgs{Id: pulumi.String(a.Existing.VpcID)}, pulumi.Parent(n)).CidrBlock()
		n.PrivateSubnetIDs = pulumi.ToStringArray(a.Existing.PrivateSubnetIDs).ToStringArrayOutput()
		n.PublicSubnetIDs = pulumi.ToStringArray(a.Existing.PublicSubnetIDs).ToStringArrayOutput()
		n.PrivateRouteTableIDs = pulumi.StringArray{}.ToStringArrayOutput()
		n.S3EndpointID = pulumi.String("").ToStringOutput()
	} else if err := n.build(ctx, name, a); err != nil {
		return nil, fmt.Errorf("network %q: %w", name, err)
	}
	if err := ctx.RegisterResourceOutputs(n, pulumi.Map{
		"vpcId":                n.VpcID,
		"vpcCidr":              n.VpcCIDR,
		"privateSubnetIds":     n.PrivateSubnetIDs,
		"publicSubnetIds":      n.PublicSubnetIDs,
		"privateRouteTableIds": n.PrivateRouteTableIDs,
		"s3EndpointId":         n.S3EndpointID,
	}); err != nil {
		return nil, fmt.Errorf("network %q outputs: %w", name, err)
	}
	return n, nil
}

func (n *Network) zones(ctx *pulumi.Context, a NetworkArgs) ([]string, error) {
	if len(a.AvailabilityZones) > 0 {
		return a.AvailabilityZones, nil
	}
	// Opt-in zones (Local Zones, Wavelength) lack most services the pipeline needs.
	found, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{
		State:          pulumi.StringRef("available"),
		ExcludeZoneIds: a.ExcludeZoneIDs,
		Filters:        []aws.GetAvailabilityZonesFilter{{Name: "opt-in-status", Values: []string{"opt-in-not-required"}}},
	}, pulumi.Parent(n))
	if err != nil {
		return nil, fmt.Errorf("looking up availability zones: %w", err)
	}
	names := slices.Clone(found.Names)
	slices.Sort(names)
	if len(names) < a.AZCount {
		return nil, fmt.Errorf("region %s has %d available zones but AZCount is %d", a.Region, len(names), a.AZCount)
	}
	return names[:a.AZCount], nil
}

func (n *Network) build(ctx *pulumi.Context, name string, a NetworkArgs) error {
	zones, err := n.zones(ctx, a)
	if err != nil {
		return err
	}
	plan, err := PlanSubnets(netip.MustParsePrefix(a.CIDR), a.AZCount, a.SubnetNewBits)
	if err != nil {
		return err
	}
	n.AvailabilityZones, n.Subnets = zones, plan
	parent := pulumi.Parent(n)
	tag := func(suffix string) pulumi.StringMap { return withName(a.Tags, a.NamePrefix+"-"+suffix) }
	// Subnets and security groups can wait on ENIs that MSK, MSK Connect and MWAA release slowly.
	slowDelete := pulumi.Timeouts(&pulumi.CustomTimeouts{Delete: "45m"})

	vpc, err := ec2.NewVpc(ctx, name+"-vpc", &ec2.VpcArgs{
		CidrBlock:          pulumi.String(a.CIDR),
		EnableDnsHostnames: pulumi.Bool(true), // MSK bootstrap names and private API endpoints resolve through VPC DNS.
		EnableDnsSupport:   pulumi.Bool(true),
		Tags:               tag("vpc"),
	}, parent)
	if err != nil {
		return fmt.Errorf("creating vpc: %w", err)
	}
	// Adopting the default security group strips its allow-all rules, so nothing lands in it by accident.
	if _, err := ec2.NewDefaultSecurityGroup(ctx, name+"-default-sg", &ec2.DefaultSecurityGroupArgs{
		VpcId: vpc.ID(),
		Tags:  tag("default-sg-unused"),
	}, parent); err != nil {
		return fmt.Errorf("locking down the default security group: %w", err)
	}
	igw, err := ec2.NewInternetGateway(ctx, name+"-igw", &ec2.InternetGatewayArgs{VpcId: vpc.ID(), Tags: tag("igw")}, parent)
	if err != nil {
		return fmt.Errorf("creating internet gateway: %w", err)
	}
	publicRT, err := ec2.NewRouteTable(ctx, name+"-public-rt", &ec2.RouteTableArgs{VpcId: vpc.ID(), Tags: tag("public")}, parent)
	if err != nil {
		return fmt.Errorf("creating public route table: %w", err)
	}
	if _, err := ec2.NewRoute(ctx, name+"-public-default-route", &ec2.RouteArgs{
		RouteTableId: publicRT.ID(), DestinationCidrBlock: pulumi.String("0.0.0.0/0"), GatewayId: igw.ID(),
	}, parent); err != nil {
		return fmt.Errorf("creating public default route: %w", err)
	}

	var publicIDs, privateIDs, privateRTIDs pulumi.StringArray
	var publicSubnets []*ec2.Subnet
	for i, p := range plan {
		az := zones[i]
		public, err := ec2.NewSubnet(ctx, fmt.Sprintf("%s-public-%d", name, i), &ec2.SubnetArgs{
			VpcId: vpc.ID(), CidrBlock: pulumi.String(p.Public.String()), AvailabilityZone: pulumi.String(az),
			// Only NAT gateways and load balancers live here; instances never get a public address by default.
			MapPublicIpOnLaunch: pulumi.Bool(false),
			Tags:                tag("public-" + az),
		}, parent, slowDelete)
		if err != nil {
			return fmt.Errorf("creating public subnet %d: %w", i, err)
		}
		if _, err := ec2.NewRouteTableAssociation(ctx, fmt.Sprintf("%s-public-rta-%d", name, i), &ec2.RouteTableAssociationArgs{
			SubnetId: public.ID(), RouteTableId: publicRT.ID(),
		}, parent); err != nil {
			return fmt.Errorf("associating public subnet %d: %w", i, err)
		}
		private, err := ec2.NewSubnet(ctx, fmt.Sprintf("%s-private-%d", name, i), &ec2.SubnetArgs{
			VpcId: vpc.ID(), CidrBlock: pulumi.String(p.Private.String()), AvailabilityZone: pulumi.String(az),
			MapPublicIpOnLaunch: pulumi.Bool(false),
			Tags:                tag("private-" + az),
		}, parent, slowDelete)
		if err != nil {
			return fmt.Errorf("creating private subnet %d: %w", i, err)
		}
		publicSubnets = append(publicSubnets, public)
		publicIDs = append(publicIDs, public.ID().ToStringOutput())
		privateIDs = append(privateIDs, private.ID().ToStringOutput())
	}

	n.NATGatewayCount = NATCount(a.NATGateways, len(plan))
	var natIDs []pulumi.IDOutput
	for i := range n.NATGatewayCount {
		eip, err := ec2.NewEip(ctx, fmt.Sprintf("%s-nat-eip-%d", name, i), &ec2.EipArgs{
			Domain: pulumi.String("vpc"), Tags: tag(fmt.Sprintf("nat-%s", zones[i])),
		}, parent, pulumi.DependsOn([]pulumi.Resource{igw}))
		if err != nil {
			return fmt.Errorf("creating NAT address %d: %w", i, err)
		}
		nat, err := ec2.NewNatGateway(ctx, fmt.Sprintf("%s-nat-%d", name, i), &ec2.NatGatewayArgs{
			AllocationId: eip.ID(), SubnetId: publicSubnets[i].ID(), Tags: tag(fmt.Sprintf("nat-%s", zones[i])),
		}, parent)
		if err != nil {
			return fmt.Errorf("creating NAT gateway %d: %w", i, err)
		}
		natIDs = append(natIDs, nat.ID())
	}

	// One private route table per zone even with a single NAT, so that moving to onePerAz
	// later only changes routes and never re-associates subnets.
	for i := range plan {
		rt, err := ec2.NewRouteTable(ctx, fmt.Sprintf("%s-private-rt-%d", name, i), &ec2.RouteTableArgs{
			VpcId: vpc.ID(), Tags: tag("private-" + zones[i]),
		}, parent)
		if err != nil {
			return fmt.Errorf("creating private route table %d: %w", i, err)
		}
		if len(natIDs) > 0 {
			route, err := ec2.NewRoute(ctx, fmt.Sprintf("%s-private-default-route-%d", name, i), &ec2.RouteArgs{
				RouteTableId: rt.ID(), DestinationCidrBlock: pulumi.String("0.0.0.0/0"), NatGatewayId: natIDs[i%len(natIDs)],
			}, parent)
			if err != nil {
				return fmt.Errorf("creating private default route %d: %w", i, err)
			}
			n.EgressReady = append(n.EgressReady, route)
		}
		rta, err := ec2.NewRouteTableAssociation(ctx, fmt.Sprintf("%s-private-rta-%d", name, i), &ec2.RouteTableAssociationArgs{
			SubnetId: privateIDs[i], RouteTableId: rt.ID(),
		}, parent)
		if err != nil {
			return fmt.Errorf("associating private subnet %d: %w", i, err)
		}
		n.EgressReady = append(n.EgressReady, rta)
		privateRTIDs = append(privateRTIDs, rt.ID().ToStringOutput())
	}

	// A gateway endpoint is free and keeps MSK Connect's and Databricks' S3 traffic off the NAT's per-GB charge.
	endpoint, err := ec2.NewVpcEndpoint(ctx, name+"-s3-endpoint", &ec2.VpcEndpointArgs{
		VpcId:           vpc.ID(),
		ServiceName:     pulumi.Sprintf("com.amazonaws.%s.s3", a.Region),
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   privateRTIDs,
		Tags:            tag("s3"),
	}, parent)
	if err != nil {
		return fmt.Errorf("creating S3 gateway endpoint: %w", err)
	}

	n.VpcID = vpc.ID().ToStringOutput()
	n.VpcCIDR = vpc.CidrBlock
	n.PublicSubnetIDs = publicIDs.ToStringArrayOutput()
	n.PrivateSubnetIDs = privateIDs.ToStringArrayOutput()
	n.PrivateRouteTableIDs = privateRTIDs.ToStringArrayOutput()
	n.S3EndpointID = endpoint.ID().ToStringOutput()
	return nil
}
