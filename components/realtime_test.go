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

var testStreamNames = map[string]string{
	"pin": "streaming-0affd9571f39-pin", "geo": "streaming-0affd9571f39-geo", "user": "streaming-0affd9571f39-user",
}

// realtimePath declares the streams, the proxy endpoint (in front of a bare instance) and the API.
func realtimePath(t *testing.T, mutate func(*KinesisStreamsArgs, *RestProxyEndpointArgs, *IngestAPIArgs)) (*sim.Plan, error) {
	t.Helper()
	return sim.Run(sim.Options{Config: map[string]string{"aws:region": "us-east-1"}}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		instance, err := ec2.NewInstance(ctx, "host", &ec2.InstanceArgs{InstanceType: pulumi.String("t3.small"), Ami: pulumi.String("ami-1")})
		if err != nil {
			return nil, err
		}
		streamArgs := &KinesisStreamsArgs{Names: testStreamNames, Region: "us-east-1", EnforceConsumerDeletion: true, Tags: testTags}
		proxyArgs := &RestProxyEndpointArgs{
			Instance: instance, VpcID: pulumi.String("vpc-0123456789abcdef0"),
			SubnetIDs: pulumi.ToStringArray([]string{"subnet-a", "subnet-b"}), NamePrefix: "0affd9571f39-dev", Tags: testTags,
		}
		apiArgs := &IngestAPIArgs{
			APIName: "0affd9571f39", Region: "us-east-1", StreamNamePrefix: "streaming-0affd9571f39-",
			RoleName: "0affd9571f39-kinesis-access-role", AccessLogs: true, NamePrefix: "0affd9571f39-dev", Tags: testTags,
			Topics: []string{"0affd9571f39.pin", "0affd9571f39.geo", "0affd9571f39.user"},
		}
		if mutate != nil {
			mutate(streamArgs, proxyArgs, apiArgs)
		}
		streams, err := NewKinesisStreams(ctx, "streams", streamArgs)
		if err != nil {
			return nil, err
		}
		proxy, err := NewRestProxyEndpoint(ctx, "rest-proxy", proxyArgs)
		if err != nil {
			return nil, err
		}
		apiArgs.Proxy = proxy.Target()
		if apiArgs.AccessLogs {
			if apiArgs.AccountLogging, err = NewAPIAccountLogging(ctx, "api-account-logging", &APIAccountLoggingArgs{
				NamePrefix: "0affd9571f39-dev", Tags: testTags,
			}); err != nil {
				return nil, err
			}
		}
		api, err := NewIngestAPI(ctx, "api", apiArgs)
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{"invokeUrl": api.InvokeURL, "arns": streams.Arns, "apiKey": api.APIKey}, nil
	})
}

func TestKinesisStreams(t *testing.T) {
	t.Parallel()
	plan, err := realtimePath(t, nil)
	require.NoError(t, err)
	streams := plan.ByType("aws:kinesis/stream:Stream")
	require.Len(t, streams, 3)
	var names []string
	for _, s := range streams {
		names = append(names, s.Inputs["name"].(string))
		assert.Equal(t, float64(1), s.Inputs["shardCount"], "one shard in dev")
		assert.Equal(t, float64(24), s.Inputs["retentionPeriod"])
		assert.Equal(t, "PROVISIONED", obj(t, s.Inputs["streamModeDetails"])["streamMode"])
		assert.Equal(t, "KMS", s.Inputs["encryptionType"])
		assert.Equal(t, "alias/aws/kinesis", s.Inputs["kmsKeyId"], "the AWS-managed key")
		assert.Equal(t, true, s.Inputs["enforceConsumerDeletion"])
	}
	assert.ElementsMatch(t, []string{"streaming-0affd9571f39-pin", "streaming-0affd9571f39-geo", "streaming-0affd9571f39-user"}, names)
	assert.Equal(t, map[string]any{
		"geo":  "arn:aws:kinesis:us-east-1:123456789012:stream/streaming-0affd9571f39-geo",
		"pin":  "arn:aws:kinesis:us-east-1:123456789012:stream/streaming-0affd9571f39-pin",
		"user": "arn:aws:kinesis:us-east-1:123456789012:stream/streaming-0affd9571f39-user",
	}, plan.Outputs["arns"])
}

func TestKinesisStreamsOnDemand(t *testing.T) {
	t.Parallel()
	plan, err := realtimePath(t, func(s *KinesisStreamsArgs, _ *RestProxyEndpointArgs, _ *IngestAPIArgs) { s.OnDemand = true })
	require.NoError(t, err)
	for _, s := range plan.ByType("aws:kinesis/stream:Stream") {
		assert.Equal(t, "ON_DEMAND", obj(t, s.Inputs["streamModeDetails"])["streamMode"])
		assert.NotContains(t, s.Inputs, "shardCount")
	}
	_, err = realtimePath(t, func(s *KinesisStreamsArgs, _ *RestProxyEndpointArgs, _ *IngestAPIArgs) {
		s.OnDemand, s.ShardCount = true, 2
	})
	assert.ErrorContains(t, err, "ShardCount 2 is set with OnDemand")
	_, err = realtimePath(t, func(s *KinesisStreamsArgs, _ *RestProxyEndpointArgs, _ *IngestAPIArgs) {
		s.Names = map[string]string{"user": "streaming-0affd9571f39-user "}
	})
	assert.ErrorContains(t, err, "stray whitespace", "the seed's trailing-space bug cannot reach AWS")
}

// methodKey identifies a method or integration by what API Gateway identifies it by.
func methodKey(r sim.Resource) string {
	return r.Inputs["restApi"].(string) + " " + r.Inputs["resourceId"].(string) + " " + r.Inputs["httpMethod"].(string)
}

func TestEveryMethodHasExactlyOneIntegration(t *testing.T) {
	t.Parallel()
	plan, err := realtimePath(t, nil)
	require.NoError(t, err)
	methods := plan.ByType("aws:apigateway/method:Method")
	integrations := plan.ByType("aws:apigateway/integration:Integration")
	require.Len(t, methods, len(KinesisRoutes)+3, "the course's six Kinesis methods and POST /topics/<topic> for three topics")
	count := map[string]int{}
	for _, i := range integrations {
		count[methodKey(i)]++
	}
	for _, m := range methods {
		assert.Equal(t, 1, count[methodKey(m)], "method %s", m.Name)
	}
	assert.Len(t, integrations, len(methods))
}

func TestKinesisIntegrations(t *testing.T) {
	t.Parallel()
	plan, err := realtimePath(t, nil)
	require.NoError(t, err)
	role := find(t, plan, "aws:iam/role:Role", "api-kinesis-role")
	assert.Equal(t, "0affd9571f39-kinesis-access-role", role.Inputs["name"])
	roleArn := "arn:aws:iam::123456789012:role/0affd9571f39-kinesis-access-role"
	for _, r := range KinesisRoutes {
		key := strings.ToLower(r.Method) + "-" + resourceKey(r.Path)
		method := find(t, plan, "aws:apigateway/method:Method", "api-"+key)
		integration := find(t, plan, "aws:apigateway/integration:Integration", "api-"+key+"-integration")
		assert.Equal(t, r.Method, method.Inputs["httpMethod"])
		assert.Equal(t, "AWS", integration.Inputs["type"], key)
		assert.Equal(t, "POST", integration.Inputs["integrationHttpMethod"], "Kinesis actions are always POSTed: %s", key)
		assert.Equal(t, "arn:aws:apigateway:us-east-1:kinesis:action/"+r.Action, integration.Inputs["uri"])
		assert.Equal(t, roleArn, integration.Inputs["credentials"], key)
		assert.Equal(t, map[string]any{"integration.request.header.Content-Type": "'application/x-amz-json-1.1'"}, integration.Inputs["requestParameters"])
		tmpl, err := KinesisTemplate(r.Template)
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"application/json": tmpl}, integration.Inputs["requestTemplates"])
		if strings.Contains(r.Path, "{stream-name}") {
			assert.Equal(t, map[string]any{"method.request.path.stream-name": true}, method.Inputs["requestParameters"], key)
			assert.NotEmpty(t, method.Inputs["requestValidatorId"], "%s validates its path parameter", key)
		}
		if r.Body != "" {
			assert.Equal(t, map[string]any{"application/json": r.Body}, method.Inputs["requestModels"], key)
		}
		for _, status := range []string{"200", "400", "500"} {
			find(t, plan, "aws:apigateway/methodResponse:MethodResponse", "api-"+key+"-"+status)
			find(t, plan, "aws:apigateway/integrationResponse:IntegrationResponse", "api-"+key+"-"+status+"-integration")
		}
	}
}

func TestKinesisRolePolicy(t *testing.T) {
	t.Parallel()
	plan, err := realtimePath(t, nil)
	require.NoError(t, err)
	access := find(t, plan, "aws:iam/rolePolicy:RolePolicy", "api-kinesis-access")
	doc := parsePolicy(t, access.Inputs["policy"].(string))
	actions := map[string][]string{}
	for _, st := range doc.Statement {
		assert.Equal(t, "Allow", st.Effect)
		for _, a := range st.Action {
			actions[a] = st.Resource
		}
	}
	streams := []string{"arn:aws:kinesis:us-east-1:123456789012:stream/streaming-0affd9571f39-*"}
	assert.Equal(t, map[string][]string{
		"kinesis:ListStreams":    {"*"},
		"kinesis:DescribeStream": streams, "kinesis:CreateStream": streams, "kinesis:DeleteStream": streams,
		"kinesis:PutRecord": streams, "kinesis:PutRecords": streams,
	}, actions, "only the routes' actions, only on the user's streams")
	role := find(t, plan, "aws:iam/role:Role", "api-kinesis-role")
	trust := parsePolicy(t, role.Inputs["assumeRolePolicy"].(string))
	assert.Equal(t, map[string]any{"Service": "apigateway.amazonaws.com"}, trust.Statement[0].Principal)
}

func TestDeploymentWaitsForEveryRouteAndStageLogs(t *testing.T) {
	t.Parallel()
	plan, err := realtimePath(t, nil)
	require.NoError(t, err)
	deployment := find(t, plan, "aws:apigateway/deployment:Deployment", "api-deployment")
	for _, typ := range []string{"aws:apigateway/method:Method", "aws:apigateway/integration:Integration", "aws:apigateway/integrationResponse:IntegrationResponse"} {
		for _, r := range plan.ByType(typ) {
			assert.Contains(t, deployment.Dependencies, r.URN, "the deployment must wait for %s", r.Name)
		}
	}
	trigger, _ := obj(t, deployment.Inputs["triggers"])["routes"].(string)
	assert.Regexp(t, `^[0-9a-f]{64}$`, trigger)

	stage := find(t, plan, "aws:apigateway/stage:Stage", "api-stage")
	assert.Equal(t, "dev", stage.Inputs["stageName"])
	logs := find(t, plan, "aws:cloudwatch/logGroup:LogGroup", "api-access-logs")
	assert.Equal(t, "/aws/apigateway/0affd9571f39/dev/access", logs.Inputs["name"])
	access := obj(t, stage.Inputs["accessLogSettings"])
	assert.Equal(t, "arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/0affd9571f39/dev/access", access["destinationArn"])
	assert.Contains(t, access["format"], "$context.requestId")
	account := find(t, plan, "aws:apigateway/account:Account", "api-account-logging-setting")
	assert.Contains(t, stage.Dependencies, account.URN, "the stage can only log once the account's role is set")

	settings := find(t, plan, "aws:apigateway/methodSettings:MethodSettings", "api-throttling")
	assert.Equal(t, "*/*", settings.Inputs["methodPath"])
	s := obj(t, settings.Inputs["settings"])
	assert.Equal(t, float64(100), s["throttlingRateLimit"])
	assert.Equal(t, float64(200), s["throttlingBurstLimit"])
	assert.Regexp(t, `^https://[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com/dev$`, plan.Outputs["invokeUrl"])
	assert.Empty(t, plan.ByType("aws:apigateway/apiKey:ApiKey"), "no API key unless asked for")
}

func TestDeploymentTriggerFollowsTheProxy(t *testing.T) {
	t.Parallel()
	trigger := func(public bool) string {
		plan, err := realtimePath(t, func(_ *KinesisStreamsArgs, p *RestProxyEndpointArgs, _ *IngestAPIArgs) { p.Public = public })
		require.NoError(t, err)
		d := find(t, plan, "aws:apigateway/deployment:Deployment", "api-deployment")
		return obj(t, d.Inputs["triggers"])["routes"].(string)
	}
	assert.NotEqual(t, trigger(false), trigger(true), "switching the proxy integration redeploys")
}

func TestProducerRoutesArePrivateByDefault(t *testing.T) {
	t.Parallel()
	plan, err := realtimePath(t, nil)
	require.NoError(t, err)
	link := find(t, plan, "aws:apigateway/vpcLink:VpcLink", "rest-proxy-vpc-link")
	for _, topic := range []string{"0affd9571f39.pin", "0affd9571f39.geo", "0affd9571f39.user"} {
		method := find(t, plan, "aws:apigateway/method:Method", "api-post-topics-"+topic)
		assert.Equal(t, "POST", method.Inputs["httpMethod"])
		assert.NotContains(t, method.Inputs, "requestParameters", "the topic is part of the path, not a parameter")
		integration := find(t, plan, "aws:apigateway/integration:Integration", "api-post-topics-"+topic+"-integration")
		assert.Equal(t, "HTTP_PROXY", integration.Inputs["type"])
		assert.Equal(t, "POST", integration.Inputs["integrationHttpMethod"])
		assert.Equal(t, "VPC_LINK", integration.Inputs["connectionType"])
		assert.NotEmpty(t, integration.Inputs["connectionId"])
		assert.Contains(t, integration.Dependencies, link.URN)
		assert.Regexp(t, `^http://rest-proxy-nlb-[0-9a-f]{7}-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com:8082/topics/`+
			strings.ReplaceAll(topic, ".", `\.`)+`$`, integration.Inputs["uri"], "one fixed produce path per topic")
	}
	for _, m := range plan.ByType("aws:apigateway/method:Method") {
		assert.NotEqual(t, "ANY", m.Inputs["httpMethod"], "%s: no catch-all route to the REST proxy", m.Name)
	}
	nlb := find(t, plan, "aws:lb/loadBalancer:LoadBalancer", "rest-proxy-nlb")
	assert.Equal(t, true, nlb.Inputs["internal"])
	assert.Equal(t, true, nlb.Inputs["enableCrossZoneLoadBalancing"])
	for _, r := range plan.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		assert.NotEqual(t, "0.0.0.0/0", r.Inputs["cidrIpv4"], "%s: nothing listens on the internet", r.Name)
	}
}

func TestProducerRoutesPublicOption(t *testing.T) {
	t.Parallel()
	plan, err := realtimePath(t, func(_ *KinesisStreamsArgs, p *RestProxyEndpointArgs, _ *IngestAPIArgs) { p.Public = true })
	require.NoError(t, err)
	integration := find(t, plan, "aws:apigateway/integration:Integration", "api-post-topics-0affd9571f39.pin-integration")
	assert.NotContains(t, integration.Inputs, "connectionType", "a plain HTTP proxy integration")
	assert.Empty(t, plan.ByType("aws:apigateway/vpcLink:VpcLink"))
	nlb := find(t, plan, "aws:lb/loadBalancer:LoadBalancer", "rest-proxy-nlb")
	assert.Equal(t, false, nlb.Inputs["internal"])
	open := find(t, plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "rest-proxy-public-in")
	assert.Equal(t, "0.0.0.0/0", open.Inputs["cidrIpv4"], "the exposure is explicit, so the policy pack can flag it")
}

func TestAPIKeyAndUsagePlan(t *testing.T) {
	t.Parallel()
	plan, err := realtimePath(t, func(_ *KinesisStreamsArgs, _ *RestProxyEndpointArgs, a *IngestAPIArgs) { a.APIKeyRequired = true })
	require.NoError(t, err)
	for _, m := range plan.ByType("aws:apigateway/method:Method") {
		assert.Equal(t, true, m.Inputs["apiKeyRequired"], m.Name)
	}
	usage := find(t, plan, "aws:apigateway/usagePlan:UsagePlan", "api-usage-plan")
	stages := usage.Inputs["apiStages"].([]any)
	require.Len(t, stages, 1)
	assert.Equal(t, "dev", obj(t, stages[0])["stage"])
	find(t, plan, "aws:apigateway/usagePlanKey:UsagePlanKey", "api-usage-plan-key")
	assert.Equal(t, sim.SecretMarker, plan.Outputs["apiKey"], "the key is a secret output")
}

func TestIngestAPIRejectsBadArgs(t *testing.T) {
	t.Parallel()
	for name, tt := range map[string]struct {
		mutate func(*IngestAPIArgs)
		want   string
	}{
		"stage":    {func(a *IngestAPIArgs) { a.Stage = "my stage" }, `Stage "my stage"`},
		"throttle": {func(a *IngestAPIArgs) { a.ThrottleRateLimit = -1 }, "must be positive"},
		"role":     {func(a *IngestAPIArgs) { a.RoleName = "" }, "RoleName is empty"},
		"topics":   {func(a *IngestAPIArgs) { a.Topics = nil }, "Topics is empty"},
		"topic":    {func(a *IngestAPIArgs) { a.Topics = []string{"u.pin", "{proxy+}"} }, `Topics: "{proxy+}" is not a Kafka topic name`},
	} {
		plan, err := realtimePath(t, func(_ *KinesisStreamsArgs, _ *RestProxyEndpointArgs, a *IngestAPIArgs) { tt.mutate(a) })
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), tt.want, name)
		assert.Empty(t, plan.ByType("aws:apigateway/restApi:RestApi"), name)
	}
}

func TestAPIAccountLogging(t *testing.T) {
	t.Parallel()
	plan, err := realtimePath(t, nil)
	require.NoError(t, err)
	accounts := plan.ByType("aws:apigateway/account:Account")
	require.Len(t, accounts, 1)
	account := accounts[0]
	role := find(t, plan, "aws:iam/role:Role", "api-account-logging-role")
	assert.Equal(t, "0affd9571f39-dev-apigw-logs", role.Inputs["name"])
	assert.Contains(t, account.PropertyDependencies["cloudwatchRoleArn"], role.URN)
	assert.Equal(t, true, account.Inputs["resetOnDelete"], "destroy clears the setting instead of leaving a deleted role")
	attachment := find(t, plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "api-account-logging-role-policy")
	assert.Equal(t, "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs", attachment.Inputs["policyArn"])
	assert.Contains(t, account.Dependencies, attachment.URN, "the role can write logs before API Gateway is told to use it")
	parent, ok := plan.ByURN(account.Parent)
	require.True(t, ok)
	assert.Equal(t, TypeAPIAccountLogging, parent.Type)

	_, err = NewAPIAccountLogging(nil, "x", &APIAccountLoggingArgs{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "NamePrefix")
}

func TestStageWithoutAccessLogs(t *testing.T) {
	t.Parallel()
	plan, err := realtimePath(t, func(_ *KinesisStreamsArgs, _ *RestProxyEndpointArgs, a *IngestAPIArgs) { a.AccessLogs = false })
	require.NoError(t, err)
	stage := find(t, plan, "aws:apigateway/stage:Stage", "api-stage")
	assert.NotContains(t, stage.Inputs, "accessLogSettings", "API Gateway refuses access logs without the account's role")
	assert.Empty(t, plan.ByType("aws:apigateway/account:Account"))
	_, found := plan.Find("aws:cloudwatch/logGroup:LogGroup", "api-access-logs")
	assert.False(t, found, "no log group nothing writes to")
}
