package components

import (
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeTargetGroup = "aws:lb/targetGroup:TargetGroup"
	typeListener    = "aws:lb/listener:Listener"
	typeAttachment  = "aws:lb/targetGroupAttachment:TargetGroupAttachment"
)

// sharedProxyPlatform plans a platform's shared proxy endpoint and returns its outputs, as a
// learner stack reads them through its stack reference.
func sharedProxyPlatform(t *testing.T) (*sim.Plan, map[string]string) {
	t.Helper()
	plan, err := sim.Run(sim.Options{Config: map[string]string{"aws:region": "us-east-1"}}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		e, err := NewRestProxyEndpoint(ctx, "rest-proxy", &RestProxyEndpointArgs{
			Shared: true, VpcID: pulumi.String("vpc-0123456789abcdef0"), VpcCIDR: pulumi.String("10.0.0.0/16"),
			SubnetIDs: pulumi.ToStringArray([]string{"subnet-a", "subnet-b"}), NamePrefix: "cohort-platform", Tags: testTags,
		})
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{
			"proxyLoadBalancerArn": e.LoadBalancerArn, "proxyLoadBalancerDns": e.DNSName, "proxyVpcLinkId": e.VpcLinkID, "url": e.URL,
		}, nil
	})
	require.NoError(t, err)
	out := map[string]string{}
	for _, k := range []string{"proxyLoadBalancerArn", "proxyLoadBalancerDns", "proxyVpcLinkId", "url"} {
		v, ok := plan.Outputs[k].(string)
		require.True(t, ok, "output %s is %T", k, plan.Outputs[k])
		out[k] = v
	}
	return plan, out
}

func TestSharedRestProxyEndpointDeclaresNoListener(t *testing.T) {
	t.Parallel()
	plan, out := sharedProxyPlatform(t)
	require.Len(t, plan.ByType("aws:lb/loadBalancer:LoadBalancer"), 1)
	nlb := find(t, plan, "aws:lb/loadBalancer:LoadBalancer", "rest-proxy-nlb")
	assert.Equal(t, true, nlb.Inputs["internal"], "the shared load balancer is reached only through the VPC link")
	link := find(t, plan, "aws:apigateway/vpcLink:VpcLink", "rest-proxy-vpc-link")
	assert.Equal(t, out["proxyLoadBalancerArn"], link.Inputs["targetArn"], "the VPC link targets the shared load balancer")
	for _, typ := range []string{typeTargetGroup, typeListener, typeAttachment} {
		assert.Empty(t, plan.ByType(typ), "the platform declares no %s: each learner brings their own", typ)
	}
	// Its security group, set at creation (the only time AWS allows it), admits nothing; the VPC
	// link's PrivateLink traffic is exempt from inbound rules, and egress stays in the VPC.
	find(t, plan, "aws:ec2/securityGroup:SecurityGroup", "rest-proxy-shared-sg")
	egress := plan.ByType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
	require.Len(t, egress, 1)
	assert.Equal(t, "10.0.0.0/16", egress[0].Inputs["cidrIpv4"])
	assert.Equal(t, []any{egress[0].Inputs["securityGroupId"]}, nlb.Inputs["securityGroups"], "the load balancer carries its group")
	assert.Equal(t, "off", nlb.Inputs["enforceSecurityGroupInboundRulesOnPrivateLinkTraffic"])
	assert.Empty(t, plan.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"), "nothing in the VPC reaches the listeners")
	assert.True(t, strings.HasPrefix(out["proxyLoadBalancerArn"], "arn:aws:elasticloadbalancing:us-east-1:"), out["proxyLoadBalancerArn"])
	assert.NotEmpty(t, out["proxyLoadBalancerDns"])
	assert.NotEmpty(t, out["proxyVpcLinkId"])
	assert.Empty(t, out["url"], "no listener, so no URL of its own")

	_, err := sim.Run(sim.Options{Config: map[string]string{"aws:region": "us-east-1"}}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		_, err := NewRestProxyEndpoint(ctx, "rest-proxy", &RestProxyEndpointArgs{
			Shared: true, Public: true, VpcID: pulumi.String("vpc-1"), SubnetIDs: pulumi.ToStringArray([]string{"subnet-a"}), NamePrefix: "p",
		})
		return nil, err
	})
	assert.ErrorContains(t, err, "Shared and Public are both set")
}

// learnerProxy plans a learner's host, listener on the platform's load balancer and REST API.
func learnerProxy(t *testing.T, platform map[string]string, mutate func(*RestProxyListenerArgs)) (*sim.Plan, error) {
	t.Helper()
	return sim.Run(sim.Options{Config: map[string]string{"aws:region": "us-east-1"}}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		instance, err := ec2.NewInstance(ctx, "host", &ec2.InstanceArgs{InstanceType: pulumi.String("t3.small"), Ami: pulumi.String("ami-1")})
		if err != nil {
			return nil, err
		}
		args := &RestProxyListenerArgs{
			LoadBalancerArn: pulumi.String(platform["proxyLoadBalancerArn"]), LoadBalancerDNS: pulumi.String(platform["proxyLoadBalancerDns"]),
			VpcLinkID: pulumi.String(platform["proxyVpcLinkId"]), Instance: instance, Port: 8105,
			VpcID: pulumi.String("vpc-0123456789abcdef0"), NamePrefix: "0affd9571f39-cohort", Tags: testTags,
		}
		if mutate != nil {
			mutate(args)
		}
		listener, err := NewRestProxyListener(ctx, "rest-proxy", args)
		if err != nil {
			return nil, err
		}
		api, err := NewIngestAPI(ctx, "api", &IngestAPIArgs{
			APIName: "0affd9571f39", Region: "us-east-1", StreamNamePrefix: "streaming-0affd9571f39-",
			RoleName: "0affd9571f39-kinesis-access-role", NamePrefix: "0affd9571f39-cohort", Tags: testTags,
			Topics: []string{"0affd9571f39.pin", "0affd9571f39.geo", "0affd9571f39.user"}, Proxy: listener.Target(),
		})
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{"url": listener.URL, "instanceId": instance.ID(), "invokeUrl": api.InvokeURL}, nil
	})
}

func TestRestProxyListenerForwardsItsPortToTheHostsProxyPort(t *testing.T) {
	t.Parallel()
	_, platform := sharedProxyPlatform(t)
	plan, err := learnerProxy(t, platform, nil)
	require.NoError(t, err)
	assert.Empty(t, plan.ByType("aws:lb/loadBalancer:LoadBalancer"), "a learner declares no load balancer")
	assert.Empty(t, plan.ByType("aws:apigateway/vpcLink:VpcLink"), "a learner declares no VPC link")

	require.Len(t, plan.ByType(typeListener), 1)
	listener := find(t, plan, typeListener, "rest-proxy-listener")
	assert.Equal(t, platform["proxyLoadBalancerArn"], listener.Inputs["loadBalancerArn"], "the listener is on the platform's load balancer")
	assert.Equal(t, float64(8105), listener.Inputs["port"], "the learner's own cohort port")
	assert.Equal(t, "TCP", listener.Inputs["protocol"])

	targets := find(t, plan, typeTargetGroup, "rest-proxy-targets")
	assert.Equal(t, float64(8082), targets.Inputs["port"], "the host's REST proxy port, not the listener's")
	assert.Equal(t, "instance", targets.Inputs["targetType"])
	assert.Equal(t, "false", targets.Inputs["preserveClientIp"], "the host's VPC-only rule admits the load balancer's addresses")
	hc := obj(t, targets.Inputs["healthCheck"])
	assert.Equal(t, "8082", hc["port"])
	assert.Equal(t, "/topics", hc["path"])
	actions, ok := listener.Inputs["defaultActions"].([]any)
	require.True(t, ok)
	require.Len(t, actions, 1)
	assert.Equal(t, "forward", obj(t, actions[0])["type"])
	assert.Contains(t, listener.PropertyDependencies["defaultActions"], targets.URN, "the listener forwards to the learner's target group")

	attachment := find(t, plan, typeAttachment, "rest-proxy-host")
	assert.Equal(t, plan.Outputs["instanceId"], attachment.Inputs["targetId"], "the learner's own host")
	assert.Equal(t, float64(8082), attachment.Inputs["port"])
	assert.Contains(t, attachment.PropertyDependencies["targetGroupArn"], targets.URN)

	wantURL := "http://" + platform["proxyLoadBalancerDns"] + ":8105"
	assert.Equal(t, wantURL, plan.Outputs["url"])
	var producers int
	for _, i := range plan.ByType("aws:apigateway/integration:Integration") {
		if i.Inputs["type"] != "HTTP_PROXY" {
			continue
		}
		producers++
		assert.True(t, strings.HasPrefix(i.Inputs["uri"].(string), wantURL+"/topics/0affd9571f39."), "%s calls %s", i.Name, i.Inputs["uri"])
		assert.Equal(t, "VPC_LINK", i.Inputs["connectionType"], i.Name)
		assert.Equal(t, platform["proxyVpcLinkId"], i.Inputs["connectionId"], "%s goes through the platform's VPC link", i.Name)
	}
	assert.Equal(t, 3, producers, "one producer route per topic")
}

func TestRestProxyListenerValidation(t *testing.T) {
	t.Parallel()
	_, platform := sharedProxyPlatform(t)
	for _, tc := range []struct {
		name   string
		mutate func(*RestProxyListenerArgs)
		want   string
	}{
		{"no port", func(a *RestProxyListenerArgs) { a.Port = 0 }, "Port is 0"},
		{"port too high", func(a *RestProxyListenerArgs) { a.Port = 65536 }, "Port is 65536"},
		{"negative port", func(a *RestProxyListenerArgs) { a.Port = -1 }, "at most 50 learners share one"},
		{"target port", func(a *RestProxyListenerArgs) { a.TargetPort = 70000 }, "TargetPort is 70000"},
		{"no load balancer", func(a *RestProxyListenerArgs) { a.LoadBalancerArn = nil }, "LoadBalancerArn, LoadBalancerDNS and VpcLinkID are required"},
		{"no link", func(a *RestProxyListenerArgs) { a.VpcLinkID = nil }, "LoadBalancerArn, LoadBalancerDNS and VpcLinkID are required"},
		{"no vpc", func(a *RestProxyListenerArgs) { a.VpcID = nil }, "VpcID is required"},
		{"no host", func(a *RestProxyListenerArgs) { a.Instance = nil }, "Instance is nil"},
		{"no prefix", func(a *RestProxyListenerArgs) { a.NamePrefix = "" }, "NamePrefix"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := learnerProxy(t, platform, tc.mutate)
			require.Error(t, err)
			assert.ErrorContains(t, err, tc.want)
			assert.ErrorContains(t, err, `rest proxy listener "rest-proxy"`)
		})
	}
	// The edges of the port range are accepted.
	for _, port := range []int{1, 65535} {
		_, err := learnerProxy(t, platform, func(a *RestProxyListenerArgs) { a.Port = port })
		assert.NoError(t, err, "port %d", port)
	}
}

func TestPausedRestProxyListenerDeclaresNothing(t *testing.T) {
	t.Parallel()
	_, platform := sharedProxyPlatform(t)
	plan, err := sim.Run(sim.Options{Config: map[string]string{"aws:region": "us-east-1"}}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		l, err := NewRestProxyListener(ctx, "rest-proxy", &RestProxyListenerArgs{
			LoadBalancerArn: pulumi.String(platform["proxyLoadBalancerArn"]), LoadBalancerDNS: pulumi.String(platform["proxyLoadBalancerDns"]),
			VpcLinkID: pulumi.String(platform["proxyVpcLinkId"]), Port: 8105, VpcID: pulumi.String("vpc-1"), NamePrefix: "p", Paused: true,
		})
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{"url": l.URL}, nil
	})
	require.NoError(t, err)
	assert.Empty(t, plan.Custom(), "the listener forwards to a host that a paused stack does not have")
	assert.Equal(t, "", plan.Outputs["url"])
}
