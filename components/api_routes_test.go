package components

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sampleStream = "streaming-0affd9571f39-pin"

var samplePin = map[string]any{
	"index": float64(7528), "unique_id": "fbe53c66-3442-4773-b19e-d3ec6f54dddf", "title": "No Title Data Available",
	"follower_count": "User Info Error", "tag_list": "N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e", "downloaded": float64(0),
	"save_location": "Local save in /data/mens-fashion", "category": "mens-fashion",
}

// kinesisRequest renders a route's template and parses the result as the JSON body Kinesis receives.
func kinesisRequest(t *testing.T, template string, body any) map[string]any {
	t.Helper()
	tmpl, err := KinesisTemplate(template)
	require.NoError(t, err)
	var raw string
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		raw = string(b)
	}
	out, err := renderVTL(tmpl, vtlRequest{Params: map[string]string{"stream-name": sampleStream}, Body: raw})
	require.NoError(t, err)
	var parsed map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &parsed), "template %s produced invalid JSON:\n%s", template, out)
	return parsed
}

// decodedData base64-decodes a Kinesis Data field and parses it as JSON.
func decodedData(t *testing.T, v any) any {
	t.Helper()
	s, ok := v.(string)
	require.True(t, ok, "Data is %T, not a base64 string", v)
	raw, err := base64.StdEncoding.DecodeString(s)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(raw, &out), "Data is not JSON: %s", raw)
	return out
}

func TestKinesisTemplatesProduceKinesisRequests(t *testing.T) {
	t.Parallel()
	assert.Equal(t, map[string]any{}, kinesisRequest(t, "list-streams.vtl", nil))
	assert.Equal(t, map[string]any{"StreamName": sampleStream}, kinesisRequest(t, "describe-stream.vtl", nil))
	assert.Equal(t, map[string]any{"StreamName": sampleStream}, kinesisRequest(t, "delete-stream.vtl", nil))
	assert.Equal(t, map[string]any{"StreamName": sampleStream, "ShardCount": float64(1)}, kinesisRequest(t, "create-stream.vtl", nil),
		"one shard unless the body asks for more")
	assert.Equal(t, map[string]any{"StreamName": sampleStream, "ShardCount": float64(2)},
		kinesisRequest(t, "create-stream.vtl", map[string]any{"ShardCount": 2}))

	put := kinesisRequest(t, "put-record.vtl", map[string]any{"StreamName": "ignored", "Data": samplePin, "PartitionKey": "fbe53c66"})
	assert.Equal(t, sampleStream, put["StreamName"], "the stream comes from the path, not the body")
	assert.Equal(t, "fbe53c66", put["PartitionKey"])
	assert.Equal(t, samplePin, decodedData(t, put["Data"]), "Data is the record as JSON")
	assert.Len(t, put, 3)
}

func TestPutRecordsEncodesEachRecordAsJSON(t *testing.T) {
	t.Parallel()
	geo := map[string]any{"ind": float64(7528), "country": "Albania", "timestamp": "2020-08-28 03:52:47"}
	req := kinesisRequest(t, "put-records.vtl", map[string]any{"records": []any{
		map[string]any{"data": samplePin, "partition-key": "p-1"},
		map[string]any{"data": geo, "partition-key": "it's \"quoted\""},
		map[string]any{"data": "plain text", "partition-key": "p-3"},
	}})
	assert.Equal(t, sampleStream, req["StreamName"])
	records, ok := req["Records"].([]any)
	require.True(t, ok)
	require.Len(t, records, 3)
	want := []any{samplePin, geo, "plain text"}
	keys := []string{"p-1", `it's "quoted"`, "p-3"}
	for i, r := range records {
		rec := r.(map[string]any)
		assert.Equal(t, want[i], decodedData(t, rec["Data"]), "record %d", i)
		assert.Equal(t, keys[i], rec["PartitionKey"], "record %d", i)
	}
}

func TestTheCoursesPutRecordsTemplateWasBroken(t *testing.T) {
	t.Parallel()
	// The course's template, verbatim: objects came out as Java's {key=value}, not JSON.
	course := `{"StreamName": "$input.params('stream-name')", "Records": [ #foreach($elem in $input.path('$.records')) {"Data": "$util.base64Encode($elem.data)", "PartitionKey": "$elem.partition-key"}#if($foreach.hasNext),#end #end ]}`
	out, err := renderVTL(course, vtlRequest{Params: map[string]string{"stream-name": sampleStream},
		Body: `{"records":[{"data":{"ind":1,"country":"Albania"},"partition-key":"k"}]}`})
	require.NoError(t, err)
	var parsed struct{ Records []struct{ Data string } }
	require.NoError(t, json.Unmarshal([]byte(out), &parsed))
	raw, err := base64.StdEncoding.DecodeString(parsed.Records[0].Data)
	require.NoError(t, err)
	assert.Equal(t, "{country=Albania, ind=1}", string(raw))
	assert.False(t, json.Valid(raw), "the course's records were not JSON; ours are (see TestPutRecordsEncodesEachRecordAsJSON)")
}

func TestRoutesAreTheCourses(t *testing.T) {
	t.Parallel()
	got := map[string]string{}
	for _, r := range KinesisRoutes {
		got[r.Method+" "+r.Path] = r.Action
		_, err := KinesisTemplate(r.Template)
		require.NoError(t, err, r.Template)
		if r.Body != "" {
			require.Contains(t, BodySchemas, r.Body)
		}
	}
	assert.Equal(t, map[string]string{
		"GET /streams":                       "ListStreams",
		"GET /streams/{stream-name}":         "DescribeStream",
		"POST /streams/{stream-name}":        "CreateStream",
		"DELETE /streams/{stream-name}":      "DeleteStream",
		"PUT /streams/{stream-name}/record":  "PutRecord",
		"PUT /streams/{stream-name}/records": "PutRecords",
	}, got)
	assert.Equal(t, "arn:aws:apigateway:us-east-1:kinesis:action/PutRecord", KinesisActionURI("us-east-1", "PutRecord"))
}

func TestResourcePathsAndParameters(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"/streams", "/topics", "/streams/{stream-name}", "/topics/u.geo", "/topics/u.pin", "/streams/{stream-name}/record", "/streams/{stream-name}/records"},
		ResourcePaths("/streams/{stream-name}/record", "/streams", "/topics/u.pin", "/topics/u.geo", "/streams/{stream-name}/records"))
	assert.Equal(t, []string{"stream-name"}, PathParameters("/streams/{stream-name}/record"))
	assert.Nil(t, PathParameters(ProducerPath("u.pin")), "a producer route names its topic; it takes no parameter")
	assert.Nil(t, PathParameters("/streams"))
	assert.Equal(t, "streams-stream-name-record", resourceKey("/streams/{stream-name}/record"))
	assert.Equal(t, "/topics/0affd9571f39.pin", ProducerPath("0affd9571f39.pin"))
	assert.Equal(t, "topics-0affd9571f39.pin", resourceKey(ProducerPath("0affd9571f39.pin")))
}

func TestRouteFingerprintChangesWithAnyDefinition(t *testing.T) {
	t.Parallel()
	topics := []string{"u.pin", "u.geo"}
	base, err := RouteFingerprint("us-east-1", "dev", topics, false, "role-a", "nlb-a")
	require.NoError(t, err)
	same, err := RouteFingerprint("us-east-1", "dev", []string{"u.geo", "u.pin"}, false, "role-a", "nlb-a")
	require.NoError(t, err)
	assert.Equal(t, base, same, "the topics' order does not matter")
	for name, args := range map[string][]any{
		"region": {"eu-west-1", "dev", topics, false, "role-a", "nlb-a"},
		"stage":  {"us-east-1", "test", topics, false, "role-a", "nlb-a"},
		"topics": {"us-east-1", "dev", []string{"u.pin", "u.geo", "u.user"}, false, "role-a", "nlb-a"},
		"apiKey": {"us-east-1", "dev", topics, true, "role-a", "nlb-a"},
		"role":   {"us-east-1", "dev", topics, false, "role-b", "nlb-a"},
		"proxy":  {"us-east-1", "dev", topics, false, "role-a", "nlb-b"},
	} {
		got, err := RouteFingerprint(args[0].(string), args[1].(string), args[2].([]string), args[3].(bool), args[4].(string), args[5].(string))
		require.NoError(t, err)
		assert.NotEqual(t, base, got, "changing the %s must redeploy", name)
	}
}

// API Gateway's validator refuses a body without a required field before Kinesis sees it, so
// the schema must require exactly the fields the mapping template reads: one it reads but does
// not require becomes an empty partition key at Kinesis, one it requires but never reads
// refuses valid requests.
func TestBodySchemasRequireWhatTheTemplatesRead(t *testing.T) {
	t.Parallel()
	topLevel := regexp.MustCompile(`\$\.([A-Za-z][\w-]*)`)
	itemField := regexp.MustCompile(`\$\.records\[[^\]]*\]\.([\w-]+)|\$elem\.get\('([^']+)'\)`)
	checked := 0
	for _, r := range KinesisRoutes {
		if r.Body == "" {
			continue
		}
		checked++
		tmpl, err := KinesisTemplate(r.Template)
		require.NoError(t, err)
		schema, ok := BodySchemas[r.Body]
		require.True(t, ok, r.Body)
		var read, readInItems []string
		for _, m := range topLevel.FindAllStringSubmatch(tmpl, -1) {
			read = append(read, m[1])
		}
		for _, m := range itemField.FindAllStringSubmatch(tmpl, -1) {
			readInItems = append(readInItems, m[1]+m[2])
		}
		assert.ElementsMatch(t, slices.Compact(sorted(read)), schema["required"], "%s: the body fields %s reads", r.Body, r.Template)
		if len(readInItems) == 0 {
			continue
		}
		props, _ := schema["properties"].(map[string]any)
		list, _ := props["records"].(map[string]any)
		items, _ := list["items"].(map[string]any)
		require.NotNil(t, items, "%s: %s reads records' fields, the schema must describe them", r.Body, r.Template)
		assert.ElementsMatch(t, slices.Compact(sorted(readInItems)), items["required"], "%s: the record fields %s reads", r.Body, r.Template)
	}
	assert.Equal(t, 2, checked, "PutRecord and PutRecords validate their bodies")
}

func sorted(xs []string) []string {
	slices.Sort(xs)
	return xs
}

func TestRouteFingerprintChangesWithAnyTemplate(t *testing.T) {
	t.Parallel()
	templates := map[string]string{}
	for _, r := range KinesisRoutes {
		tmpl, err := KinesisTemplate(r.Template)
		require.NoError(t, err)
		templates[r.Template] = tmpl
	}
	base, err := routeFingerprint(templates, "us-east-1", "dev", nil, false)
	require.NoError(t, err)
	exported, err := RouteFingerprint("us-east-1", "dev", nil, false)
	require.NoError(t, err)
	assert.Equal(t, base, exported, "the deployment's trigger is computed from the shipped templates")
	for name := range templates {
		changed := map[string]string{}
		for k, v := range templates {
			changed[k] = v
		}
		changed[name] += " "
		got, err := routeFingerprint(changed, "us-east-1", "dev", nil, false)
		require.NoError(t, err)
		assert.NotEqual(t, base, got, "editing %s must redeploy the API", name)
	}
}
