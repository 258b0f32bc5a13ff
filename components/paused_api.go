package components

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PausedAPI turns every route of the ingest API into a fixed answer while the stack is paused:
// the backends (REST proxy, streams) are gone, and a client should learn why and what to do
// rather than get API Gateway's 500 for a missing VPC link or Kinesis's ResourceNotFound.
type PausedAPI struct {
	// Stack is the paused stack's name, quoted in the answer. Required.
	Stack string
	// Resume is the command that resumes it. Required.
	Resume string
}

// PausedStatus is the status every route answers while the stack is paused: the service is
// unavailable for a while and will be back (RFC 9110, 15.6.4 503 Service Unavailable).
const PausedStatus = "503"

// pausedRequestTemplate selects the 503 integration response. A MOCK integration answers with the
// integration response whose selection pattern matches the statusCode the request template
// returns, or the default one (no pattern) ("Mock integrations for REST APIs in API Gateway",
// https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html).
const pausedRequestTemplate = `{"statusCode": 503}`

// pausedContentTypes get the request template: the Kinesis routes' JSON and the content type
// the course's producer sends to /topics (the Kafka REST proxy's v2 JSON embedded format).
// Any other content type passes through (WHEN_NO_MATCH) and still meets the default response.
var pausedContentTypes = []string{"application/json", "application/vnd.kafka.json.v2+json"}

var vtlSpecial = regexp.MustCompile(`[$#\\]`)

func (p PausedAPI) validate() error {
	if p.Stack == "" || p.Resume == "" {
		return errors.New("Paused needs Stack and Resume")
	}
	// The body is a VTL response template: $ and # would be read as references and directives.
	if vtlSpecial.MatchString(p.Stack + p.Resume) {
		return fmt.Errorf("Paused: %q and %q may not hold $, # or \\, which the response template would interpret", p.Stack, p.Resume)
	}
	return nil
}

// PausedBody is the JSON every route answers while the stack is paused.
func PausedBody(p PausedAPI) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(struct {
		Message string `json:"message"`
		Paused  bool   `json:"paused"`
		Stack   string `json:"stack"`
		Resume  string `json:"resume"`
	}{
		Message: fmt.Sprintf("The pipeline stack %s is paused between classes: its Kafka cluster, REST proxy and Kinesis streams "+
			"do not exist until it is resumed, so this request was not processed. Resuming takes about 40 minutes; "+
			"the URLs, topics and stream names stay the same.", p.Stack),
		Paused: true,
		Stack:  p.Stack,
		Resume: p.Resume,
	})
	return b.String(), err
}

// pausedIntegration answers a route's method with PausedStatus and PausedBody through a MOCK
// integration, under the logical names the running route's integration and responses use, so
// that pausing updates the integration in place and keeps the method and its resource path.
func pausedIntegration(ctx *pulumi.Context, key string, p PausedAPI, restAPI *apigateway.RestApi, res *apigateway.Resource,
	method *apigateway.Method, parent pulumi.ResourceOption,
) ([]pulumi.Resource, error) {
	body, err := PausedBody(p)
	if err != nil {
		return nil, err
	}
	templates := pulumi.StringMap{}
	for _, ct := range pausedContentTypes {
		templates[ct] = pulumi.String(pausedRequestTemplate)
	}
	integration, err := apigateway.NewIntegration(ctx, key+"-integration", &apigateway.IntegrationArgs{
		RestApi: restAPI.ID(), ResourceId: res.ID(), HttpMethod: method.HttpMethod,
		Type: pulumi.String("MOCK"), RequestTemplates: templates, PassthroughBehavior: pulumi.String("WHEN_NO_MATCH"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("answering %s while paused: %w", key, err)
	}
	mr, err := apigateway.NewMethodResponse(ctx, key+"-"+PausedStatus, &apigateway.MethodResponseArgs{
		RestApi: restAPI.ID(), ResourceId: res.ID(), HttpMethod: method.HttpMethod, StatusCode: pulumi.String(PausedStatus),
		ResponseModels: pulumi.StringMap{"application/json": pulumi.String("Empty")},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("declaring the paused response of %s: %w", key, err)
	}
	// No selection pattern: the default response, whatever status the template selects.
	ir, err := apigateway.NewIntegrationResponse(ctx, key+"-"+PausedStatus+"-integration", &apigateway.IntegrationResponseArgs{
		RestApi: restAPI.ID(), ResourceId: res.ID(), HttpMethod: method.HttpMethod, StatusCode: mr.StatusCode,
		ResponseTemplates: pulumi.StringMap{"application/json": pulumi.String(body)},
	}, parent, pulumi.DependsOn([]pulumi.Resource{integration}))
	if err != nil {
		return nil, fmt.Errorf("mapping the paused response of %s: %w", key, err)
	}
	return []pulumi.Resource{method, integration, mr, ir}, nil
}

// pausedFingerprint is the deployment trigger of a paused API: the running fingerprint's
// routes, with the paused answer in place of the backends' addresses, so that pausing, resuming
// and a change of the answer each redeploy the stage (a deployment is a snapshot of the API).
func pausedFingerprint(a IngestAPIArgs, roleArn pulumi.StringOutput) pulumi.StringOutput {
	return roleArn.ApplyT(func(arn string) (string, error) {
		body, err := PausedBody(*a.Paused)
		if err != nil {
			return "", err
		}
		return RouteFingerprint(a.Region, a.Stage, a.Topics, a.APIKeyRequired, arn, "paused", pausedRequestTemplate, body)
	}).(pulumi.StringOutput)
}
