package components

import (
	"errors"
	"fmt"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// RestProxyListenerArgs configures RestProxyListener.
type RestProxyListenerArgs struct {
	// LoadBalancerArn, LoadBalancerDNS and VpcLinkID are the platform's shared load balancer
	// (RestProxyEndpoint with Shared) and its VPC link, read through the stack reference. Required.
	LoadBalancerArn pulumi.StringInput
	LoadBalancerDNS pulumi.StringInput
	VpcLinkID       pulumi.StringInput
	// Instance is the learner's Kafka client host running the REST proxy. Required unless Paused.
	Instance *ec2.Instance
	// Port is the listener's port on the shared load balancer, unique to the learner in the
	// cohort (cohort.proxyPort). Required, 1..65535.
	Port int
	// TargetPort is the port the host's REST proxy listens on (KafkaClientArgs.RestProxyPort). Default 8082.
	TargetPort int
	// VpcID is the platform's VPC, where the target group lives. Required.
	VpcID pulumi.StringInput
	// NamePrefix starts the Name tags. Required.
	NamePrefix string
	// Tags go on every taggable resource.
	Tags map[string]string
	// Paused declares nothing but the component: the host it forwards to does not exist while
	// paused. Instance may then be nil.
	Paused bool
}

// RestProxyListener is one learner's way into the platform's shared REST proxy load balancer:
// a listener on the learner's own port that forwards to the learner's client host. API Gateway
// reaches it through the platform's VPC link, with the port in the integration URI. The load
// balancer, the VPC link and the REST API must belong to one account ("Private integrations for
// REST APIs in API Gateway", API Gateway Developer Guide), so learner stacks deploy into the
// platform's account.
type RestProxyListener struct {
	pulumi.ResourceState

	// URL is the proxy's base URL as API Gateway calls it, http://<shared dns>:<Port>.
	URL pulumi.StringOutput `pulumi:"url"`
	// VpcLinkID is the platform's VPC link.
	VpcLinkID pulumi.StringOutput `pulumi:"vpcLinkId"`
}

func (a *RestProxyListenerArgs) withDefaults() RestProxyListenerArgs {
	out := RestProxyListenerArgs{}
	if a != nil {
		out = *a
	}
	if out.TargetPort == 0 {
		out.TargetPort = spec.DefaultRestProxyPort
	}
	return out
}

func (a RestProxyListenerArgs) validate() error {
	var errs []error
	errs = append(errs, emptyFields("NamePrefix", a.NamePrefix)...)
	if a.LoadBalancerArn == nil || a.LoadBalancerDNS == nil || a.VpcLinkID == nil {
		errs = append(errs, errors.New("LoadBalancerArn, LoadBalancerDNS and VpcLinkID are required: the platform's shared load balancer"))
	}
	if a.VpcID == nil {
		errs = append(errs, errors.New("VpcID is required"))
	}
	if a.Instance == nil && !a.Paused {
		errs = append(errs, errors.New("Instance is nil"))
	}
	if a.Port < 1 || a.Port > 65535 {
		errs = append(errs, fmt.Errorf("Port is %d: give the learner's own listener port, within 1..65535 "+
			"(the load balancer takes at most %d listeners, so at most %d learners share one)", a.Port, spec.MaxListenersPerNLB, spec.MaxListenersPerNLB))
	}
	if a.TargetPort < 1 || a.TargetPort > 65535 {
		errs = append(errs, fmt.Errorf("TargetPort is %d: the REST proxy's port on the host, within 1..65535", a.TargetPort))
	}
	return errors.Join(errs...)
}

// NewRestProxyListener declares the learner's target group (their host), its attachment and
// the listener on the shared load balancer.
func NewRestProxyListener(ctx *pulumi.Context, name string, args *RestProxyListenerArgs, opts ...pulumi.ResourceOption) (*RestProxyListener, error) {
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("rest proxy listener %q: %w", name, err)
	}
	l := &RestProxyListener{}
	if err := ctx.RegisterComponentResource(TypeRestProxyListener, name, l, opts...); err != nil {
		return nil, fmt.Errorf("registering rest proxy listener %q: %w", name, err)
	}
	if a.Paused {
		l.URL, l.VpcLinkID = pausedOutput(), pausedOutput()
		return l, registerPausedOutputs(ctx, l, name, pulumi.Map{})
	}
	c := newChildren(ctx, name, l, a.Tags, a.NamePrefix)
	// The host sees the load balancer's VPC addresses (client IP preservation off), which the
	// host's rule for RestProxyClientsCIDR (the VPC's block) admits on TargetPort.
	if err := forwardToHost(ctx, name, proxyForward{
		LoadBalancerArn: a.LoadBalancerArn, ListenerPort: a.Port, Instance: a.Instance, TargetPort: a.TargetPort, VpcID: a.VpcID,
		TargetsName: "-targets", AttachmentName: "-host", Tag: c.tag,
	}, pulumi.Parent(l)); err != nil {
		return nil, fmt.Errorf("rest proxy listener %q: %w", name, err)
	}
	l.URL = pulumi.Sprintf("http://%s:%d", a.LoadBalancerDNS, a.Port)
	l.VpcLinkID = a.VpcLinkID.ToStringOutput()
	if err := ctx.RegisterResourceOutputs(l, pulumi.Map{"url": l.URL, "vpcLinkId": l.VpcLinkID}); err != nil {
		return nil, fmt.Errorf("rest proxy listener %q outputs: %w", name, err)
	}
	return l, nil
}

// Target is where an IngestAPI's producer routes send records: the shared load balancer on
// the learner's port, through the platform's VPC link. Nil for a nil listener.
func (l *RestProxyListener) Target() *ProxyTarget {
	if l == nil {
		return nil
	}
	return &ProxyTarget{URL: l.URL, VpcLinkID: l.VpcLinkID}
}
