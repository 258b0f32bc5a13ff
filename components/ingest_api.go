package components

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// IngestAPIArgs configures IngestAPI.
type IngestAPIArgs struct {
	// APIName is the REST API's name, the user id in the course. Required.
	APIName string
	// Region is the Kinesis integrations' region. Required.
	Region string
	// Stage is the stage in invoke URLs. Default dev.
	Stage string
	// StreamNamePrefix is the user's stream namespace, "streaming-<userId>-": the API's role may
	// touch only these streams. Required.
	StreamNamePrefix string
	// RoleName is the Kinesis execution role, <userId>-kinesis-access-role. Required.
	RoleName string
	// Proxy is where the producer routes go: a RestProxyEndpoint's or a RestProxyListener's
	// Target(). Only its outputs are used. Required unless Paused.
	Proxy *ProxyTarget
	// Topics get one producer route each, POST /topics/<topic>, and no other route reaches the
	// REST proxy. Required.
	Topics []string
	// ThrottleRateLimit and ThrottleBurstLimit apply to every method. Defaults 100 and 200.
	ThrottleRateLimit  int
	ThrottleBurstLimit int
	// APIKeyRequired puts every method behind an API key with a usage plan; the stack turns it
	// on by default (api.apiKeyRequired).
	APIKeyRequired bool
	// LogRetentionDays keeps access logs in the stack's own group. Default 7.
	LogRetentionDays int
	// AccessLogs gives the stage access logs. API Gateway refuses them unless the account has
	// its CloudWatch role set ("Set up CloudWatch logging for REST APIs in API Gateway"), so
	// turn them on only where it is (see APIAccountLogging).
	AccessLogs bool
	// AccountLogging, when this stack sets the account's role, is what the stage waits for.
	AccountLogging *APIAccountLogging
	// NamePrefix starts the Name tags and the log role's name. Required.
	NamePrefix string
	// Tags go on every taggable resource.
	Tags map[string]string
	// Paused, when set, makes every route answer 503 (see PausedAPI) instead of calling the REST
	// proxy or Kinesis; Proxy may then be nil. The API, its resources, methods, stage and key stay.
	Paused *PausedAPI
}

// ProxyTarget is a REST proxy as the producer routes call it, whichever load balancer carries it.
type ProxyTarget struct {
	// URL is the proxy's base URL, http://<load balancer dns>:<port>.
	URL pulumi.StringOutput
	// VpcLinkID is the API Gateway VPC link that reaches the load balancer; unused when Public.
	VpcLinkID pulumi.StringOutput
	// Public says that the load balancer is internet-facing and called without a VPC link.
	Public bool
}

// IngestAPI is the REST API learners post records to: POST /topics/<topic> to the Kafka REST
// proxy and the course's /streams methods to Kinesis.
type IngestAPI struct {
	pulumi.ResourceState

	// InvokeURL is the stage's base URL, https://<id>.execute-api.<region>.amazonaws.com/<stage>.
	InvokeURL pulumi.StringOutput `pulumi:"invokeUrl"`
	// RestAPIID is the API's id.
	RestAPIID pulumi.StringOutput `pulumi:"restApiId"`
	// APIKey is the key's value (a secret); empty without APIKeyRequired.
	APIKey pulumi.StringOutput `pulumi:"apiKey"`
	// RoleArn is the Kinesis execution role's ARN.
	RoleArn pulumi.StringOutput `pulumi:"roleArn"`
}

var stageNamePattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,128}$`)

func (a *IngestAPIArgs) withDefaults() IngestAPIArgs {
	out := IngestAPIArgs{}
	if a != nil {
		out = *a
	}
	if out.Stage == "" {
		out.Stage = spec.DefaultStage
	}
	if out.ThrottleRateLimit == 0 {
		out.ThrottleRateLimit = spec.DefaultThrottleRateLimit
	}
	if out.ThrottleBurstLimit == 0 {
		out.ThrottleBurstLimit = spec.DefaultThrottleBurstLimit
	}
	if out.LogRetentionDays == 0 {
		out.LogRetentionDays = spec.DefaultLogRetentionDays
	}
	return out
}

func (a IngestAPIArgs) validate() error {
	var errs []error
	errs = append(errs, emptyFields("APIName", a.APIName, "Region", a.Region, "StreamNamePrefix", a.StreamNamePrefix, "RoleName", a.RoleName, "NamePrefix", a.NamePrefix)...)
	if a.Proxy == nil && a.Paused == nil {
		errs = append(errs, errors.New("Proxy is nil"))
	}
	if a.Paused != nil {
		errs = append(errs, a.Paused.validate())
	}
	if len(a.Topics) == 0 {
		errs = append(errs, errors.New("Topics is empty: the API needs a producer route per topic"))
	}
	for _, t := range a.Topics {
		if !topicPathPattern.MatchString(t) {
			errs = append(errs, fmt.Errorf("Topics: %q is not a Kafka topic name (letters, digits, '.', '_', '-')", t))
		}
	}
	if !stageNamePattern.MatchString(a.Stage) {
		errs = append(errs, fmt.Errorf("Stage %q: use letters, digits, hyphens and underscores", a.Stage))
	}
	if a.ThrottleRateLimit < 1 || a.ThrottleBurstLimit < 1 {
		errs = append(errs, fmt.Errorf("throttling limits %d/%d must be positive", a.ThrottleRateLimit, a.ThrottleBurstLimit))
	}
	return errors.Join(errs...)
}

// KinesisAPIPolicy lets API Gateway call only the routes' Kinesis actions, on only the user's
// streams. ListStreams cannot be scoped to streams, and reveals nothing but names.
func KinesisAPIPolicy(region, account, streamNamePrefix string) PolicyDocument {
	var actions []string
	for _, r := range KinesisRoutes {
		if r.Action != "ListStreams" {
			actions = append(actions, "kinesis:"+r.Action)
		}
	}
	return policy(
		allow("ListStreamNames", []string{"kinesis:ListStreams"}, "*"),
		allow("UseTheUsersStreams", actions, fmt.Sprintf("arn:aws:kinesis:%s:%s:stream/%s*", region, account, streamNamePrefix)),
	)
}

// accessLogFormat is one JSON line per request in the stage's access log.
var accessLogFormat = func() string {
	b, _ := json.Marshal(map[string]string{
		"requestId": "$context.requestId", "ip": "$context.identity.sourceIp", "requestTime": "$context.requestTime",
		"httpMethod": "$context.httpMethod", "resourcePath": "$context.resourcePath", "path": "$context.path",
		"status": "$context.status", "responseLength": "$context.responseLength", "apiKeyId": "$context.identity.apiKeyId",
		"integrationStatus": "$context.integration.status", "integrationError": "$context.integration.error",
		"latencyMs": "$context.responseLatency",
	})
	return string(b)
}()

// NewIngestAPI creates the REST API, its Kinesis role, the deployment and the logged, throttled stage.
func NewIngestAPI(ctx *pulumi.Context, name string, args *IngestAPIArgs, opts ...pulumi.ResourceOption) (*IngestAPI, error) {
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("ingest api %q: %w", name, err)
	}
	api := &IngestAPI{}
	if err := ctx.RegisterComponentResource(TypeIngestAPI, name, api, opts...); err != nil {
		return nil, fmt.Errorf("registering ingest api %q: %w", name, err)
	}
	b := ingestBuild{children: newChildren(ctx, name, api, a.Tags, a.NamePrefix), a: a}

	role, rolePolicy, err := b.createKinesisRole()
	if err != nil {
		return nil, err
	}
	restAPI, err := b.createRestAPI()
	if err != nil {
		return nil, err
	}
	resources, err := b.createResources(restAPI)
	if err != nil {
		return nil, err
	}
	routeResources, err := b.createRoutes(restAPI, resources, role)
	if err != nil {
		return nil, err
	}
	routeResources = append(routeResources, rolePolicy)
	deployment, err := b.createDeployment(restAPI, role, routeResources)
	if err != nil {
		return nil, err
	}
	stage, err := b.createStage(restAPI, deployment)
	if err != nil {
		return nil, err
	}

	api.APIKey = pulumi.ToSecret(pulumi.String("")).(pulumi.StringOutput)
	if a.APIKeyRequired {
		key, err := apiKey(ctx, name, a, restAPI, stage, b.tag, b.parent)
		if err != nil {
			return nil, err
		}
		api.APIKey = key
	}
	api.InvokeURL = stage.InvokeUrl
	api.RestAPIID = restAPI.ID().ToStringOutput()
	api.RoleArn = role.Arn
	if err := ctx.RegisterResourceOutputs(api, pulumi.Map{
		"invokeUrl": api.InvokeURL, "restApiId": api.RestAPIID, "apiKey": api.APIKey, "roleArn": api.RoleArn,
	}); err != nil {
		return nil, fmt.Errorf("ingest api %q outputs: %w", name, err)
	}
	return api, nil
}

// ingestBuild declares an IngestAPI's resources, one group per step.
type ingestBuild struct {
	children
	a IngestAPIArgs
}

// createKinesisRole declares the role the /streams integrations call Kinesis with, and its policy.
func (b ingestBuild) createKinesisRole() (*iam.Role, *iam.RolePolicy, error) {
	a := b.a
	caller, err := aws.GetCallerIdentity(b.ctx, nil, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("looking up the account: %w", err)
	}
	// No aws:SourceAccount (or aws:SourceArn) guard here, unlike the MSK Connect and MWAA roles:
	// API Gateway does not put either key in the request context when it assumes an
	// integration's credentials role, so the condition never matches, AssumeRole is denied and
	// every /streams method answers 500 "API Gateway does not have permission to assume the
	// provided role" (aws-solutions-library-samples/accelerated-intelligent-document-processing-on-aws
	// PR 479 hit exactly this and dropped the condition). The role can only touch this user's
	// streams (KinesisAPIPolicy), which bounds what a confused deputy could do.
	trust, err := serviceTrust("apigateway.amazonaws.com", "").JSON()
	if err != nil {
		return nil, nil, err
	}
	permissions, err := KinesisAPIPolicy(a.Region, caller.AccountId, a.StreamNamePrefix).JSON()
	if err != nil {
		return nil, nil, err
	}
	role, err := iam.NewRole(b.ctx, b.name+"-kinesis-role", &iam.RoleArgs{
		Name:             pulumi.String(a.RoleName),
		Description:      pulumi.String("API Gateway to Kinesis: the course's stream methods on this user's streams"),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             b.tag("kinesis-role"),
	}, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("creating the Kinesis role: %w", err)
	}
	rolePolicy, err := iam.NewRolePolicy(b.ctx, b.name+"-kinesis-access", &iam.RolePolicyArgs{Role: role.Name, Policy: pulumi.String(permissions)}, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("attaching the Kinesis policy: %w", err)
	}
	return role, rolePolicy, nil
}

// createRestAPI declares the REST API itself.
func (b ingestBuild) createRestAPI() (*apigateway.RestApi, error) {
	restAPI, err := apigateway.NewRestApi(b.ctx, b.name+"-rest-api", &apigateway.RestApiArgs{
		Name:                  pulumi.String(b.a.APIName),
		Description:           pulumi.String("Pinterest pipeline ingestion: /topics/* to the Kafka REST proxy, /streams/* to Kinesis"),
		EndpointConfiguration: &apigateway.RestApiEndpointConfigurationArgs{Types: pulumi.String("REGIONAL")},
		ApiKeySource:          pulumi.String("HEADER"),
		Tags:                  b.tag("api"),
	}, b.parent)
	if err != nil {
		return nil, fmt.Errorf("creating the REST API: %w", err)
	}
	return restAPI, nil
}

// createResources declares every path of the producer and Kinesis routes, parents first,
// and returns them by path.
func (b ingestBuild) createResources(restAPI *apigateway.RestApi) (map[string]*apigateway.Resource, error) {
	paths := producerPaths(b.a.Topics)
	for _, r := range KinesisRoutes {
		paths = append(paths, r.Path)
	}
	resources := map[string]*apigateway.Resource{}
	for _, path := range ResourcePaths(paths...) {
		parentID := restAPI.RootResourceId
		if i := strings.LastIndex(path, "/"); i > 0 {
			parentID = resources[path[:i]].ID().ToStringOutput()
		}
		res, err := apigateway.NewResource(b.ctx, b.name+"-res-"+resourceKey(path), &apigateway.ResourceArgs{
			RestApi: restAPI.ID(), ParentId: parentID, PathPart: pulumi.String(path[strings.LastIndex(path, "/")+1:]),
		}, b.parent)
		if err != nil {
			return nil, fmt.Errorf("creating resource %s: %w", path, err)
		}
		resources[path] = res
	}
	return resources, nil
}

// createRoutes declares the request validators and body models, then every Kinesis and
// producer route. It returns everything the deployment must wait for, so that a deployment
// never snapshots a half-built API.
func (b ingestBuild) createRoutes(restAPI *apigateway.RestApi, resources map[string]*apigateway.Resource, role *iam.Role) ([]pulumi.Resource, error) {
	validators := map[string]*apigateway.RequestValidator{}
	for _, v := range requestValidators {
		validator, err := apigateway.NewRequestValidator(b.ctx, b.name+"-validate-"+v.Key, &apigateway.RequestValidatorArgs{
			RestApi: restAPI.ID(), Name: pulumi.String(v.Name),
			ValidateRequestParameters: pulumi.Bool(v.Params), ValidateRequestBody: pulumi.Bool(v.Body),
		}, b.parent)
		if err != nil {
			return nil, fmt.Errorf("creating the %s validator: %w", v.Name, err)
		}
		validators[v.Key] = validator
	}
	paramsValidator, bodyValidator := validators["params"], validators["body"]
	models := map[string]*apigateway.Model{}
	for _, model := range sortedSchemaNames() {
		schema, err := json.Marshal(BodySchemas[model])
		if err != nil {
			return nil, err
		}
		m, err := apigateway.NewModel(b.ctx, b.name+"-model-"+strings.ToLower(model), &apigateway.ModelArgs{
			RestApi: restAPI.ID(), Name: pulumi.String(model), ContentType: pulumi.String("application/json"),
			Schema: pulumi.String(string(schema)),
		}, b.parent)
		if err != nil {
			return nil, fmt.Errorf("creating model %s: %w", model, err)
		}
		models[model] = m
	}

	var routeResources []pulumi.Resource
	for _, r := range KinesisRoutes {
		created, err := kinesisRoute(b.ctx, b.name, b.a, r, restAPI, resources[r.Path], role, paramsValidator, bodyValidator, models, b.parent)
		if err != nil {
			return nil, err
		}
		routeResources = append(routeResources, created...)
	}
	for _, topic := range b.a.Topics {
		created, err := producerRoute(b.ctx, b.name, b.a, restAPI, resources[ProducerPath(topic)], topic, b.parent)
		if err != nil {
			return nil, err
		}
		routeResources = append(routeResources, created...)
	}
	return routeResources, nil
}

// createDeployment declares the deployment, after routeResources, redeployed whenever the
// routes' fingerprint changes.
func (b ingestBuild) createDeployment(restAPI *apigateway.RestApi, role *iam.Role, routeResources []pulumi.Resource) (*apigateway.Deployment, error) {
	a := b.a
	var trigger pulumi.StringOutput
	if a.Paused != nil {
		// Pausing and resuming swap every integration, so each redeploys the stage.
		trigger = pausedFingerprint(a, role.Arn)
	} else {
		trigger = pulumi.All(role.Arn, a.Proxy.URL, a.Proxy.VpcLinkID).ApplyT(func(v []any) (string, error) {
			return RouteFingerprint(a.Region, a.Stage, a.Topics, a.APIKeyRequired, v[0].(string), v[1].(string), v[2].(string))
		}).(pulumi.StringOutput)
	}
	deployment, err := apigateway.NewDeployment(b.ctx, b.name+"-deployment", &apigateway.DeploymentArgs{
		RestApi:     restAPI.ID(),
		Description: pulumi.String("Redeployed whenever a method, integration or template changes (see triggers)"),
		Triggers:    pulumi.StringMap{"routes": trigger},
	}, b.parent, pulumi.DependsOn(routeResources))
	if err != nil {
		return nil, fmt.Errorf("creating the deployment: %w", err)
	}
	return deployment, nil
}

// createStage declares the stage, with its access log group when the account can write
// access logs, and its throttling.
func (b ingestBuild) createStage(restAPI *apigateway.RestApi, deployment *apigateway.Deployment) (*apigateway.Stage, error) {
	a := b.a
	stageArgs := &apigateway.StageArgs{
		RestApi:    restAPI.ID(),
		Deployment: deployment.ID(),
		StageName:  pulumi.String(a.Stage),
		Tags:       b.tag("api-stage"),
	}
	var stageDeps []pulumi.Resource
	if a.AccountLogging != nil {
		stageDeps = append(stageDeps, a.AccountLogging.Account)
	}
	if a.AccessLogs {
		logs, err := cloudwatch.NewLogGroup(b.ctx, b.name+"-access-logs", &cloudwatch.LogGroupArgs{
			Name:            pulumi.Sprintf("/aws/apigateway/%s/%s/access", a.APIName, a.Stage),
			RetentionInDays: pulumi.Int(a.LogRetentionDays),
			Tags:            b.tag("api-access-logs"),
		}, b.parent)
		if err != nil {
			return nil, fmt.Errorf("creating the access log group: %w", err)
		}
		stageArgs.AccessLogSettings = &apigateway.StageAccessLogSettingsArgs{
			DestinationArn: logs.Arn, Format: pulumi.String(accessLogFormat),
		}
	}
	stage, err := apigateway.NewStage(b.ctx, b.name+"-stage", stageArgs, b.parent, pulumi.DependsOn(stageDeps))
	if err != nil {
		return nil, fmt.Errorf("creating the stage: %w", err)
	}
	if _, err := apigateway.NewMethodSettings(b.ctx, b.name+"-throttling", &apigateway.MethodSettingsArgs{
		RestApi: restAPI.ID(), StageName: stage.StageName, MethodPath: pulumi.String("*/*"),
		Settings: &apigateway.MethodSettingsSettingsArgs{
			ThrottlingRateLimit:  pulumi.Float64(float64(a.ThrottleRateLimit)),
			ThrottlingBurstLimit: pulumi.Int(a.ThrottleBurstLimit),
			MetricsEnabled:       pulumi.Bool(true),
			// Execution logs would create log groups outside the stack; access logs are enough.
			LoggingLevel: pulumi.String("OFF"),
		},
	}, b.parent); err != nil {
		return nil, fmt.Errorf("setting method throttling: %w", err)
	}
	return stage, nil
}

func sortedSchemaNames() []string {
	names := make([]string, 0, len(BodySchemas))
	for n := range BodySchemas {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// kinesisRoute creates one Kinesis method with its integration and the responses that pass
// Kinesis's status codes through to the client.
func kinesisRoute(ctx *pulumi.Context, name string, a IngestAPIArgs, r KinesisRoute, restAPI *apigateway.RestApi,
	res *apigateway.Resource, role *iam.Role, params, body *apigateway.RequestValidator,
	models map[string]*apigateway.Model, parent pulumi.ResourceOption,
) ([]pulumi.Resource, error) {
	key := strings.ToLower(r.Method) + "-" + resourceKey(r.Path)
	template, err := KinesisTemplate(r.Template)
	if err != nil {
		return nil, err
	}
	methodArgs := &apigateway.MethodArgs{
		RestApi: restAPI.ID(), ResourceId: res.ID(), HttpMethod: pulumi.String(r.Method),
		Authorization: pulumi.String("NONE"), ApiKeyRequired: pulumi.Bool(a.APIKeyRequired),
		OperationName: pulumi.String(r.Action),
	}
	if p := PathParameters(r.Path); len(p) > 0 {
		rp := pulumi.BoolMap{}
		for _, name := range p {
			rp["method.request.path."+name] = pulumi.Bool(true)
		}
		methodArgs.RequestParameters = rp
		methodArgs.RequestValidatorId = params.ID()
	}
	if r.Body != "" {
		methodArgs.RequestModels = pulumi.StringMap{"application/json": models[r.Body].Name}
		methodArgs.RequestValidatorId = body.ID()
	}
	method, err := apigateway.NewMethod(ctx, name+"-"+key, methodArgs, parent)
	if err != nil {
		return nil, fmt.Errorf("creating %s %s: %w", r.Method, r.Path, err)
	}
	if a.Paused != nil {
		return pausedIntegration(ctx, name+"-"+key, *a.Paused, restAPI, res, method, parent)
	}
	integration, err := apigateway.NewIntegration(ctx, name+"-"+key+"-integration", &apigateway.IntegrationArgs{
		RestApi: restAPI.ID(), ResourceId: res.ID(), HttpMethod: method.HttpMethod,
		Type: pulumi.String("AWS"), IntegrationHttpMethod: pulumi.String("POST"),
		Uri:                 pulumi.String(KinesisActionURI(a.Region, r.Action)),
		Credentials:         role.Arn,
		RequestParameters:   pulumi.StringMap{"integration.request.header.Content-Type": pulumi.String(KinesisContentType)},
		RequestTemplates:    pulumi.StringMap{"application/json": pulumi.String(template)},
		PassthroughBehavior: pulumi.String(kinesisPassthrough),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("integrating %s %s: %w", r.Method, r.Path, err)
	}
	created := []pulumi.Resource{method, integration}
	// Kinesis answers errors (throttling included) with 4xx/5xx; pass them on instead of a 200.
	for _, resp := range kinesisResponses {
		mr, err := apigateway.NewMethodResponse(ctx, name+"-"+key+"-"+resp.Status, &apigateway.MethodResponseArgs{
			RestApi: restAPI.ID(), ResourceId: res.ID(), HttpMethod: method.HttpMethod, StatusCode: pulumi.String(resp.Status),
			ResponseModels: pulumi.StringMap{"application/json": pulumi.String("Empty")},
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("declaring the %s response of %s %s: %w", resp.Status, r.Method, r.Path, err)
		}
		irArgs := &apigateway.IntegrationResponseArgs{
			RestApi: restAPI.ID(), ResourceId: res.ID(), HttpMethod: method.HttpMethod, StatusCode: mr.StatusCode,
		}
		if resp.Pattern != "" {
			irArgs.SelectionPattern = pulumi.String(resp.Pattern)
		}
		ir, err := apigateway.NewIntegrationResponse(ctx, name+"-"+key+"-"+resp.Status+"-integration", irArgs, parent,
			pulumi.DependsOn([]pulumi.Resource{integration}))
		if err != nil {
			return nil, fmt.Errorf("mapping the %s response of %s %s: %w", resp.Status, r.Method, r.Path, err)
		}
		created = append(created, mr, ir)
	}
	return created, nil
}

// producerRoute forwards POST /topics/<topic> to the same path on the REST proxy, privately
// through the VPC link unless the endpoint is public. The URI is fixed, not a path parameter,
// so a request can reach no other endpoint of the proxy; the proxy answers a body without the
// Kafka JSON content type with 415 itself.
func producerRoute(ctx *pulumi.Context, name string, a IngestAPIArgs, restAPI *apigateway.RestApi, res *apigateway.Resource,
	topic string, parent pulumi.ResourceOption,
) ([]pulumi.Resource, error) {
	path := ProducerPath(topic)
	key := "post-" + resourceKey(path)
	method, err := apigateway.NewMethod(ctx, name+"-"+key, &apigateway.MethodArgs{
		RestApi: restAPI.ID(), ResourceId: res.ID(), HttpMethod: pulumi.String("POST"),
		Authorization: pulumi.String("NONE"), ApiKeyRequired: pulumi.Bool(a.APIKeyRequired),
		OperationName: pulumi.String("ProduceToTopic"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating POST %s: %w", path, err)
	}
	if a.Paused != nil {
		return pausedIntegration(ctx, name+"-"+key, *a.Paused, restAPI, res, method, parent)
	}
	integrationArgs := &apigateway.IntegrationArgs{
		RestApi: restAPI.ID(), ResourceId: res.ID(), HttpMethod: method.HttpMethod,
		Type: pulumi.String("HTTP_PROXY"), IntegrationHttpMethod: pulumi.String("POST"),
		Uri:                 pulumi.Sprintf("%s%s", a.Proxy.URL, path),
		TimeoutMilliseconds: pulumi.Int(proxyTimeoutMs),
	}
	if !a.Proxy.Public {
		integrationArgs.ConnectionType = pulumi.String("VPC_LINK")
		integrationArgs.ConnectionId = a.Proxy.VpcLinkID
	}
	integration, err := apigateway.NewIntegration(ctx, name+"-"+key+"-integration", integrationArgs, parent)
	if err != nil {
		return nil, fmt.Errorf("integrating POST %s: %w", path, err)
	}
	return []pulumi.Resource{method, integration}, nil
}

// apiKey creates the key, a usage plan on the stage with the same throttling, and their link.
// A key rather than AWS_IAM authorization: the course's producers (Python requests, curl, the
// emulator) can send a header but do not sign requests with SigV4. AWS presents keys as client
// identification to pair with IAM, Cognito or a Lambda authorizer ("Usage plans and API keys for
// REST APIs in API Gateway"), so what a key holder can do is bounded elsewhere: the routes only
// produce to the stack's topics (producerRoute) and call the course's Kinesis methods.
func apiKey(ctx *pulumi.Context, name string, a IngestAPIArgs, restAPI *apigateway.RestApi, stage *apigateway.Stage,
	tag func(string) pulumi.StringMap, parent pulumi.ResourceOption,
) (pulumi.StringOutput, error) {
	key, err := apigateway.NewApiKey(ctx, name+"-key", &apigateway.ApiKeyArgs{
		Name: pulumi.String(a.NamePrefix + "-ingest"), Description: pulumi.String("Emulation scripts' key"),
		Enabled: pulumi.Bool(true), Tags: tag("api-key"),
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("creating the API key: %w", err)
	}
	plan, err := apigateway.NewUsagePlan(ctx, name+"-usage-plan", &apigateway.UsagePlanArgs{
		Name:      pulumi.String(a.NamePrefix + "-ingest"),
		ApiStages: apigateway.UsagePlanApiStageArray{&apigateway.UsagePlanApiStageArgs{ApiId: restAPI.ID(), Stage: stage.StageName}},
		ThrottleSettings: &apigateway.UsagePlanThrottleSettingsArgs{
			RateLimit: pulumi.Float64(float64(a.ThrottleRateLimit)), BurstLimit: pulumi.Int(a.ThrottleBurstLimit),
		},
		Tags: tag("usage-plan"),
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("creating the usage plan: %w", err)
	}
	if _, err := apigateway.NewUsagePlanKey(ctx, name+"-usage-plan-key", &apigateway.UsagePlanKeyArgs{
		KeyId: key.ID(), KeyType: pulumi.String("API_KEY"), UsagePlanId: plan.ID(),
	}, parent); err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("linking the key to the usage plan: %w", err)
	}
	return pulumi.ToSecret(key.Value).(pulumi.StringOutput), nil
}
