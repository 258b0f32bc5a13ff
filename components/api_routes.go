package components

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

//go:embed templates/kinesis/*.vtl
var kinesisTemplates embed.FS

// KinesisContentType is the header Kinesis's JSON API requires; API Gateway sends it as a
// static value, hence the single quotes.
const KinesisContentType = "'application/x-amz-json-1.1'"

// KinesisRoute is one method of the REST API that calls a Kinesis action, as the course built them.
type KinesisRoute struct {
	// Path is the resource path, e.g. /streams/{stream-name}/record.
	Path string
	// Method is the HTTP method clients use.
	Method string
	// Action is the Kinesis API action the integration calls (always with POST).
	Action string
	// Template is the request mapping template's file in templates/kinesis/.
	Template string
	// Body names the JSON schema the request body must satisfy, or "" for none.
	Body string
}

// KinesisRoutes are the course's Kinesis methods.
var KinesisRoutes = []KinesisRoute{
	{Path: "/streams", Method: "GET", Action: "ListStreams", Template: "list-streams.vtl"},
	{Path: "/streams/{stream-name}", Method: "GET", Action: "DescribeStream", Template: "describe-stream.vtl"},
	{Path: "/streams/{stream-name}", Method: "POST", Action: "CreateStream", Template: "create-stream.vtl"},
	{Path: "/streams/{stream-name}", Method: "DELETE", Action: "DeleteStream", Template: "delete-stream.vtl"},
	{Path: "/streams/{stream-name}/record", Method: "PUT", Action: "PutRecord", Template: "put-record.vtl", Body: "PutRecordBody"},
	{Path: "/streams/{stream-name}/records", Method: "PUT", Action: "PutRecords", Template: "put-records.vtl", Body: "PutRecordsBody"},
}

// TopicsPath is the parent of the producer routes. There is no catch-all route to the REST
// proxy: its v2 consumer and v3 admin APIs could read records and delete topics, so the API
// offers only POST /topics/<topic>, one resource per topic of the stack, the request the
// course's producer sends; API Gateway answers anything else with 403 before it reaches the proxy.
const TopicsPath = "/topics"

// ProducerPath is the route that produces to one topic: /topics/<topic>.
func ProducerPath(topic string) string { return TopicsPath + "/" + topic }

// topicPathPattern is Kafka's topic name alphabet, all of it legal in an API Gateway path part.
var topicPathPattern = regexp.MustCompile(`^[a-zA-Z0-9._-]{1,249}$`)

// The rest of what defines the API's methods and integrations; the deployment's fingerprint
// covers all of it, so changing any of these redeploys the stage.
const (
	// kinesisPassthrough sends bodies without a matching template on unchanged.
	kinesisPassthrough = "WHEN_NO_TEMPLATES"
	// proxyTimeoutMs is API Gateway's maximum integration timeout.
	proxyTimeoutMs = 29000
)

// kinesisResponses pass Kinesis's status codes (throttling included) through to the client.
var kinesisResponses = []struct{ Status, Pattern string }{{"200", ""}, {"400", `4\d{2}`}, {"500", `5\d{2}`}}

// requestValidators are the API's validators by logical role.
var requestValidators = []struct {
	Key, Name    string
	Params, Body bool
}{{"params", "params", true, false}, {"body", "body-and-params", true, true}}

// BodySchemas are the JSON schemas (draft 4, as API Gateway models use) of the request bodies.
var BodySchemas = map[string]map[string]any{
	"PutRecordBody": {
		"$schema": "http://json-schema.org/draft-04/schema#", "title": "PutRecordBody", "type": "object",
		"required":   []string{"Data", "PartitionKey"},
		"properties": map[string]any{"Data": map[string]any{}, "PartitionKey": map[string]any{"type": "string", "minLength": 1, "maxLength": 256}},
	},
	"PutRecordsBody": {
		"$schema": "http://json-schema.org/draft-04/schema#", "title": "PutRecordsBody", "type": "object",
		"required": []string{"records"},
		"properties": map[string]any{"records": map[string]any{
			"type": "array", "minItems": 1, "maxItems": 500,
			"items": map[string]any{
				"type": "object", "required": []string{"data", "partition-key"},
				"properties": map[string]any{"data": map[string]any{}, "partition-key": map[string]any{"type": "string", "minLength": 1, "maxLength": 256}},
			},
		}},
	},
}

// KinesisTemplate returns a route's request mapping template.
func KinesisTemplate(name string) (string, error) {
	b, err := kinesisTemplates.ReadFile("templates/kinesis/" + name)
	if err != nil {
		return "", fmt.Errorf("reading mapping template %s: %w", name, err)
	}
	return string(b), nil
}

// KinesisActionURI is the integration URI of a Kinesis action.
func KinesisActionURI(region, action string) string {
	return fmt.Sprintf("arn:aws:apigateway:%s:kinesis:action/%s", region, action)
}

// PathParameters lists the {name} parameters of a resource path, without the greedy "+".
func PathParameters(path string) []string {
	var params []string
	for _, part := range strings.Split(path, "/") {
		if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
			params = append(params, strings.TrimSuffix(strings.Trim(part, "{}"), "+"))
		}
	}
	return params
}

// ResourcePaths lists every resource path the routes need, parents before children.
func ResourcePaths(paths ...string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range paths {
		parts := strings.Split(strings.Trim(p, "/"), "/")
		for i := range parts {
			sub := "/" + strings.Join(parts[:i+1], "/")
			if !seen[sub] {
				seen[sub] = true
				out = append(out, sub)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if di, dj := strings.Count(out[i], "/"), strings.Count(out[j], "/"); di != dj {
			return di < dj
		}
		return out[i] < out[j]
	})
	return out
}

// resourceKey turns a path into a logical-name fragment: /streams/{stream-name}/record → streams-stream-name-record.
func resourceKey(path string) string {
	r := strings.NewReplacer("{", "", "}", "", "+", "", "/", "-")
	return strings.Trim(r.Replace(path), "-")
}

// RouteFingerprint hashes everything that defines the API's methods and integrations, so that
// the deployment is redeployed whenever any of them changes. topics are the producer routes'
// topics; extra carries values only known at deployment time (role ARN, proxy address), in a
// fixed order.
func RouteFingerprint(region, stage string, topics []string, apiKeyRequired bool, extra ...string) (string, error) {
	templates := map[string]string{}
	for _, r := range KinesisRoutes {
		tmpl, err := KinesisTemplate(r.Template)
		if err != nil {
			return "", err
		}
		templates[r.Template] = tmpl
	}
	return routeFingerprint(templates, region, stage, topics, apiKeyRequired, extra...)
}

func routeFingerprint(templates map[string]string, region, stage string, topics []string, apiKeyRequired bool, extra ...string) (string, error) {
	type route struct {
		Path, Method, Action, URI, Template, Body string
		Schema                                    map[string]any
	}
	var routes []route
	for _, r := range KinesisRoutes {
		routes = append(routes, route{r.Path, r.Method, r.Action, KinesisActionURI(region, r.Action), templates[r.Template], r.Body, BodySchemas[r.Body]})
	}
	b, err := json.Marshal(struct {
		Routes         []route
		Responses      any
		Validators     any
		Passthrough    string
		Producers      []string
		ProxyTimeoutMs int
		ContentType    string
		Stage          string
		APIKeyRequired bool
		Extra          []string
	}{routes, kinesisResponses, requestValidators, kinesisPassthrough, producerPaths(topics), proxyTimeoutMs, KinesisContentType,
		stage, apiKeyRequired, extra})
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// producerPaths are the producer routes' paths, sorted so that the order of the topics does not matter.
func producerPaths(topics []string) []string {
	paths := make([]string, len(topics))
	for i, t := range topics {
		paths[i] = ProducerPath(t)
	}
	sort.Strings(paths)
	return paths
}
