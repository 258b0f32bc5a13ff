package components

import (
	"errors"
	"fmt"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// RestProxyEndpointArgs configures RestProxyEndpoint.
type RestProxyEndpointArgs struct {
	// Public puts an internet-facing load balancer in the public subnets, for the course's plain
	// HTTP proxy integration. The default is an internal one behind an API Gateway VPC link.
	Public bool
	// Shared declares only the internal load balancer and its VPC link, for a cohort's platform:
	// each learner's RestProxyListener adds a listener and a target group for their own host.
	// With an Instance too (cohort.sharedClient), it also forwards Port to that host, the REST
	// proxy the learners without a host of their own produce through; without one URL is empty.
	// Not with Public.
	Shared bool
	// VpcCIDR is the VPC's block, which the shared load balancer's security group sends to.
	// Required with Shared.
	VpcCIDR pulumi.StringInput
	// Instance is the Kafka client host running the REST proxy. Required unless Shared or Paused.
	Instance *ec2.Instance
	// Port is the REST proxy's port. Default 8082.
	Port int
	// VpcID and SubnetIDs place the load balancer (private subnets, or public ones with Public). Required.
	VpcID     pulumi.StringInput
	SubnetIDs pulumi.StringArrayInput
	// NamePrefix starts the Name tags. Required.
	NamePrefix string
	// Tags go on every taggable resource.
	Tags map[string]string
	// Paused declares nothing but the component: the load balancer bills by the hour, and the
	// VPC link, listener, target group and security groups only serve it. Instance may then be nil.
	Paused bool
}

// RestProxyEndpoint is a stable address for the REST proxy: a network load balancer in front
// of the client host (whose own address changes when it is replaced) and, by default, the API
// Gateway VPC link that reaches it privately.
type RestProxyEndpoint struct {
	pulumi.ResourceState

	// DNSName is the load balancer's DNS name.
	DNSName pulumi.StringOutput `pulumi:"dnsName"`
	// VpcLinkID is the API Gateway VPC link's id; empty when Public.
	VpcLinkID pulumi.StringOutput `pulumi:"vpcLinkId"`
	// URL is the proxy's base URL as API Gateway calls it, http://<dns>:<port>; empty when Shared
	// without an Instance.
	URL pulumi.StringOutput `pulumi:"url"`
	// LoadBalancerArn is the load balancer's ARN, which learners' listeners attach to.
	LoadBalancerArn pulumi.StringOutput `pulumi:"loadBalancerArn"`
	// SecurityGroupID is the shared load balancer's security group, from which learners' hosts
	// admit the REST proxy port; empty unless Shared.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`

	// Public says whether the endpoint is internet-facing.
	Public bool
}

func (a *RestProxyEndpointArgs) withDefaults() RestProxyEndpointArgs {
	out := RestProxyEndpointArgs{}
	if a != nil {
		out = *a
	}
	if out.Port == 0 {
		out.Port = spec.DefaultRestProxyPort
	}
	return out
}

func (a RestProxyEndpointArgs) validate() error {
	var errs []error
	if a.Instance == nil && !a.Paused && !a.Shared {
		errs = append(errs, errors.New("Instance is nil"))
	}
	if a.Shared && a.VpcCIDR == nil {
		errs = append(errs, errors.New("VpcCIDR is required with Shared: the load balancer reaches the learners' hosts inside it"))
	}
	if a.Shared && a.Public {
		errs = append(errs, errors.New("Shared and Public are both set: the shared load balancer is internal, reached through its VPC link"))
	}
	if a.VpcID == nil || a.SubnetIDs == nil {
		errs = append(errs, errors.New("VpcID and SubnetIDs are required"))
	}
	if a.NamePrefix == "" {
		errs = append(errs, errors.New("NamePrefix is empty"))
	}
	if a.Port < 1 || a.Port > 65535 {
		errs = append(errs, fmt.Errorf("Port is %d", a.Port))
	}
	return errors.Join(errs...)
}

// NewRestProxyEndpoint creates the load balancer, its target group and listener, and the VPC
// link (private) or the security group that opens the port to the internet (public).
func NewRestProxyEndpoint(ctx *pulumi.Context, name string, args *RestProxyEndpointArgs, opts ...pulumi.ResourceOption) (*RestProxyEndpoint, error) {
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("rest proxy endpoint %q: %w", name, err)
	}
	e := &RestProxyEndpoint{Public: a.Public}
	if err := ctx.RegisterComponentResource(TypeRestProxyEndpoint, name, e, opts...); err != nil {
		return nil, fmt.Errorf("registering rest proxy endpoint %q: %w", name, err)
	}
	if a.Paused {
		e.DNSName, e.VpcLinkID, e.URL, e.LoadBalancerArn = pausedOutput(), pausedOutput(), pausedOutput(), pausedOutput()
		e.SecurityGroupID = pausedOutput()
		return e, registerPausedOutputs(ctx, e, name, pulumi.Map{})
	}
	parent := pulumi.Parent(e)
	tag := func(suffix string) pulumi.StringMap { return withName(a.Tags, a.NamePrefix+"-"+suffix) }

	nlbArgs := &lb.LoadBalancerArgs{
		LoadBalancerType: pulumi.String("network"),
		Internal:         pulumi.Bool(!a.Public),
		Subnets:          a.SubnetIDs,
		// The single target sits in one zone; without cross-zone balancing the other zone's node drops requests.
		EnableCrossZoneLoadBalancing: pulumi.Bool(true),
		Tags:                         tag("rest-proxy-nlb"),
	}
	if a.Shared {
		sg, err := sharedLoadBalancerSecurityGroup(ctx, name, a, tag, parent)
		if err != nil {
			return nil, err
		}
		nlbArgs.SecurityGroups = pulumi.StringArray{sg.ID()}
		// API Gateway's VPC link reaches the listeners over PrivateLink, which this setting lets past
		// the group's inbound rules; the group has none, so nothing else in the VPC reaches them.
		nlbArgs.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic = pulumi.String("off")
		e.SecurityGroupID = sg.ID().ToStringOutput()
	}
	if a.Public {
		// The course's layout: the proxy answers anyone on the internet. The policy pack flags it.
		sg, err := ec2.NewSecurityGroup(ctx, name+"-public-sg", &ec2.SecurityGroupArgs{
			VpcId:       a.VpcID,
			Description: pulumi.String("REST proxy load balancer, open to the internet (api.proxyIntegration=http)"),
			Tags:        tag("rest-proxy-public"),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("creating the public security group: %w", err)
		}
		for _, r := range []struct {
			name string
			in   bool
		}{{"public-in", true}, {"to-proxy-out", false}} {
			var err error
			if r.in {
				_, err = vpc.NewSecurityGroupIngressRule(ctx, name+"-"+r.name, &vpc.SecurityGroupIngressRuleArgs{
					SecurityGroupId: sg.ID(), CidrIpv4: pulumi.String("0.0.0.0/0"), IpProtocol: pulumi.String("tcp"),
					FromPort: pulumi.Int(a.Port), ToPort: pulumi.Int(a.Port), Description: pulumi.String("REST proxy from the internet"),
					Tags: tag("rest-proxy-public-in"),
				}, parent)
			} else {
				_, err = vpc.NewSecurityGroupEgressRule(ctx, name+"-"+r.name, &vpc.SecurityGroupEgressRuleArgs{
					SecurityGroupId: sg.ID(), CidrIpv4: pulumi.String("0.0.0.0/0"), IpProtocol: pulumi.String("tcp"),
					FromPort: pulumi.Int(a.Port), ToPort: pulumi.Int(a.Port), Description: pulumi.String("to the REST proxy"),
					Tags: tag("rest-proxy-public-out"),
				}, parent)
			}
			if err != nil {
				return nil, fmt.Errorf("creating rule %s: %w", r.name, err)
			}
		}
		nlbArgs.SecurityGroups = pulumi.StringArray{sg.ID()}
	}
	nlb, err := lb.NewLoadBalancer(ctx, name+"-nlb", nlbArgs, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the load balancer: %w", err)
	}
	if !a.Shared {
		e.SecurityGroupID = pulumi.String("").ToStringOutput()
	}
	e.URL = pulumi.String("").ToStringOutput()
	if a.Instance != nil {
		if err := forwardToHost(ctx, name, proxyForward{
			LoadBalancerArn: nlb.Arn, ListenerPort: a.Port, Instance: a.Instance, TargetPort: a.Port, VpcID: a.VpcID,
			TargetsName: "-targets", AttachmentName: "-client", Tag: tag,
		}, parent); err != nil {
			return nil, err
		}
		e.URL = pulumi.Sprintf("http://%s:%d", nlb.DnsName, a.Port)
	}

	e.DNSName = nlb.DnsName
	e.LoadBalancerArn = nlb.Arn
	e.VpcLinkID = pulumi.String("").ToStringOutput()
	if !a.Public {
		link, err := apigateway.NewVpcLink(ctx, name+"-vpc-link", &apigateway.VpcLinkArgs{
			Name:        pulumi.String(a.NamePrefix + "-rest-proxy"),
			Description: pulumi.String("API Gateway to the Kafka REST proxy, inside the VPC"),
			TargetArn:   nlb.Arn,
			Tags:        tag("rest-proxy-link"),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("creating the VPC link: %w", err)
		}
		e.VpcLinkID = link.ID().ToStringOutput()
	}
	if err := ctx.RegisterResourceOutputs(e, pulumi.Map{
		"dnsName": e.DNSName, "vpcLinkId": e.VpcLinkID, "url": e.URL, "loadBalancerArn": e.LoadBalancerArn,
		"securityGroupId": e.SecurityGroupID,
	}); err != nil {
		return nil, fmt.Errorf("rest proxy endpoint %q outputs: %w", name, err)
	}
	return e, nil
}

// sharedLoadBalancerSecurityGroup is the shared load balancer's security group. A Network Load
// Balancer takes security groups only when it is created ("Update the security groups for your
// Network Load Balancer", Elastic Load Balancing User Guide,
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html),
// so the platform declares it from the start. It admits nothing: the VPC link's PrivateLink
// traffic is exempt (EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic off), and a learner's
// host admits its REST proxy port from this group alone. Health checks obey the outbound rule,
// which reaches the VPC only.
func sharedLoadBalancerSecurityGroup(ctx *pulumi.Context, name string, a RestProxyEndpointArgs,
	tag func(string) pulumi.StringMap, parent pulumi.ResourceOption,
) (*ec2.SecurityGroup, error) {
	sg, err := ec2.NewSecurityGroup(ctx, name+"-shared-sg", &ec2.SecurityGroupArgs{
		VpcId:       a.VpcID,
		Description: pulumi.String("Learners REST proxy load balancer: API Gateway VPC link only"),
		Tags:        tag("rest-proxy-shared"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the shared load balancer's security group: %w", err)
	}
	if _, err := vpc.NewSecurityGroupEgressRule(ctx, name+"-to-hosts-out", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: sg.ID(), CidrIpv4: a.VpcCIDR, IpProtocol: pulumi.String("tcp"),
		FromPort: pulumi.Int(1024), ToPort: pulumi.Int(65535), Description: pulumi.String("to the learners REST proxies and their health checks"),
		Tags: tag("rest-proxy-shared-out"),
	}, parent); err != nil {
		return nil, fmt.Errorf("creating the shared load balancer's egress rule: %w", err)
	}
	return sg, nil
}

// proxyForward is a listener on a load balancer that forwards to one host's REST proxy.
type proxyForward struct {
	LoadBalancerArn pulumi.StringInput
	// ListenerPort is the load balancer's port; TargetPort the host's.
	ListenerPort, TargetPort int
	Instance                 *ec2.Instance
	VpcID                    pulumi.StringInput
	// TargetsName and AttachmentName end the target group's and attachment's logical names.
	TargetsName, AttachmentName string
	Tag                         func(suffix string) pulumi.StringMap
}

// forwardToHost declares the target group (the host), its attachment and the listener, as
// RestProxyEndpoint and RestProxyListener both need them.
func forwardToHost(ctx *pulumi.Context, name string, f proxyForward, parent pulumi.ResourceOption) error {
	target, err := lb.NewTargetGroup(ctx, name+f.TargetsName, &lb.TargetGroupArgs{
		Port: pulumi.Int(f.TargetPort), Protocol: pulumi.String("TCP"), TargetType: pulumi.String("instance"), VpcId: f.VpcID,
		// The host then sees the balancer's VPC address, which its VPC-only rule admits.
		PreserveClientIp:    pulumi.String("false"),
		DeregistrationDelay: pulumi.Int(30),
		HealthCheck: &lb.TargetGroupHealthCheckArgs{
			Protocol: pulumi.String("HTTP"), Port: pulumi.Sprintf("%d", f.TargetPort), Path: pulumi.String("/topics"),
			HealthyThreshold: pulumi.Int(2), UnhealthyThreshold: pulumi.Int(2), Interval: pulumi.Int(30),
		},
		Tags: f.Tag("rest-proxy-targets"),
	}, parent)
	if err != nil {
		return fmt.Errorf("creating the target group: %w", err)
	}
	if _, err := lb.NewTargetGroupAttachment(ctx, name+f.AttachmentName, &lb.TargetGroupAttachmentArgs{
		TargetGroupArn: target.Arn, TargetId: f.Instance.ID(), Port: pulumi.Int(f.TargetPort),
	}, parent); err != nil {
		return fmt.Errorf("attaching the client host: %w", err)
	}
	if _, err := lb.NewListener(ctx, name+"-listener", &lb.ListenerArgs{
		LoadBalancerArn: f.LoadBalancerArn, Port: pulumi.Int(f.ListenerPort), Protocol: pulumi.String("TCP"),
		DefaultActions: lb.ListenerDefaultActionArray{&lb.ListenerDefaultActionArgs{Type: pulumi.String("forward"), TargetGroupArn: target.Arn}},
		Tags:           f.Tag("rest-proxy-listener"),
	}, parent); err != nil {
		return fmt.Errorf("creating the listener: %w", err)
	}
	return nil
}

// Target is where an IngestAPI's producer routes send records; nil for a nil endpoint.
func (e *RestProxyEndpoint) Target() *ProxyTarget {
	if e == nil {
		return nil
	}
	return &ProxyTarget{URL: e.URL, VpcLinkID: e.VpcLinkID, Public: e.Public}
}
