package program

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/simcheck"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pauseGoes is every resource a pause deletes from the dev stack, by type and logical name:
// what bills by the hour while idle, what only serves it (VPC link, listener, target group, NAT
// routes), the role policies that name the deleted cluster, and the API's running responses.
var pauseGoes = []string{
	"aws:msk/cluster:Cluster kafka-cluster",
	"aws:mskconnect/connector:Connector s3-sink-connector",
	"aws:ec2/instance:Instance kafka-client-instance",
	"aws:ssm/association:Association kafka-client-configure",
	"aws:ec2/natGateway:NatGateway network-nat-0",
	"aws:ec2/eip:Eip network-nat-eip-0",
	"aws:ec2/route:Route network-private-default-route-0",
	"aws:ec2/route:Route network-private-default-route-1",
	"aws:lb/loadBalancer:LoadBalancer rest-proxy-nlb",
	"aws:lb/listener:Listener rest-proxy-listener",
	"aws:lb/targetGroup:TargetGroup rest-proxy-targets",
	"aws:lb/targetGroupAttachment:TargetGroupAttachment rest-proxy-client",
	"aws:apigateway/vpcLink:VpcLink rest-proxy-vpc-link",
	"aws:kinesis/stream:Stream streams-geo",
	"aws:kinesis/stream:Stream streams-pin",
	"aws:kinesis/stream:Stream streams-user",
	"aws:mwaa/environment:Environment airflow-environment",
	"aws:iam/rolePolicy:RolePolicy kafka-client-kafka-access",
	"aws:iam/rolePolicy:RolePolicy kafka-client-rest-proxy-produce",
	"aws:iam/rolePolicy:RolePolicy s3-sink-access",
}

// pausedRoutes are the API's methods by logical name, each answering 503 while paused.
var pausedRoutes = []string{
	"api-get-streams", "api-get-streams-stream-name", "api-post-streams-stream-name", "api-delete-streams-stream-name",
	"api-put-streams-stream-name-record", "api-put-streams-stream-name-records",
	"api-post-topics-0affd9571f39.pin", "api-post-topics-0affd9571f39.geo", "api-post-topics-0affd9571f39.user",
}

// pauseStays are resources that hold data, identity or a name a learner uses, each of which must
// survive a pause with the same inputs (so the same name, ARN and URL).
var pauseStays = []string{
	"aws:s3/bucketV2:BucketV2 lake-bucket",
	"aws:s3/bucketV2:BucketV2 airflow-dags-bucket",
	"aws:s3/bucketObjectv2:BucketObjectv2 airflow-dag",
	"aws:s3/bucketObjectv2:BucketObjectv2 s3-sink-plugin-archive",
	"aws:iam/role:Role kafka-client-role",
	"aws:iam/role:Role kafka-client-rest-proxy-role",
	"aws:iam/role:Role s3-sink-role",
	"aws:iam/role:Role api-kinesis-role",
	"aws:iam/role:Role databricks-cluster-role",
	"aws:iam/role:Role airflow-execution-role",
	"aws:iam/instanceProfile:InstanceProfile kafka-client-profile",
	"aws:apigateway/restApi:RestApi api-rest-api",
	"aws:apigateway/stage:Stage api-stage",
	"aws:apigateway/apiKey:ApiKey api-key",
	"aws:msk/configuration:Configuration kafka-configuration",
	"aws:mskconnect/customPlugin:CustomPlugin s3-sink-plugin",
	"aws:mskconnect/workerConfiguration:WorkerConfiguration s3-sink-worker",
	"aws:secretsmanager/secret:Secret airflow-databricks-connection",
	"aws:cloudwatch/logGroup:LogGroup kafka-broker-logs",
	"aws:cloudwatch/logGroup:LogGroup s3-sink-worker-logs",
	"aws:ssm/document:Document kafka-client-configure",
	"aws:ec2/vpc:Vpc network-vpc",
	"aws:ec2/subnet:Subnet network-private-0",
	"aws:ec2/vpcEndpoint:VpcEndpoint network-s3-endpoint",
	"databricks:index/notebook:Notebook databricks-notebook-stream_processing",
	"databricks:index/job:Job databricks-batch-job",
	"databricks:index/job:Job databricks-streaming-job",
}

func typeAndName(r sim.Resource) string { return r.Type + " " + r.Name }

func resourceSet(p *sim.Plan) map[string]sim.Resource {
	set := make(map[string]sim.Resource, len(p.Resources))
	for _, r := range p.Resources {
		set[typeAndName(r)] = r
	}
	return set
}

func planPauseCycle(t *testing.T) (running, paused, resumed *sim.Plan) {
	t.Helper()
	running, err := planStack(t, "dev")
	require.NoError(t, err)
	paused, err = planStack(t, "dev", "paused=true")
	require.NoError(t, err)
	resumed, err = planStack(t, "dev", "paused=false")
	require.NoError(t, err)
	return running, paused, resumed
}

// Pausing deletes exactly pauseGoes and the running API responses, adds only the paused API
// responses, and keeps everything else unchanged; resuming declares the running stack again.
func TestPauseAndResumeDeclareExactlyWhatGoesAndStays(t *testing.T) {
	t.Parallel()
	running, paused, resumed := planPauseCycle(t)
	before, during := resourceSet(running), resourceSet(paused)

	var wantGone, wantAdded []string
	wantGone = append(wantGone, pauseGoes...)
	for _, route := range pausedRoutes {
		wantAdded = append(wantAdded, "aws:apigateway/methodResponse:MethodResponse "+route+"-503",
			"aws:apigateway/integrationResponse:IntegrationResponse "+route+"-503-integration")
		if strings.Contains(route, "topics") {
			continue // the producer routes pass the proxy's answer through and declare no responses
		}
		for _, status := range []string{"200", "400", "500"} {
			wantGone = append(wantGone, "aws:apigateway/methodResponse:MethodResponse "+route+"-"+status,
				"aws:apigateway/integrationResponse:IntegrationResponse "+route+"-"+status+"-integration")
		}
	}
	var gone, added []string
	for k := range before {
		if _, ok := during[k]; !ok {
			gone = append(gone, k)
		}
	}
	for k := range during {
		if _, ok := before[k]; !ok {
			added = append(added, k)
		}
	}
	require.Len(t, gone, len(wantGone))
	assert.ElementsMatch(t, wantGone, gone)
	assert.ElementsMatch(t, wantAdded, added)

	// What stays is the same resource: same parent, so the same URN, and for those that hold a
	// name or data, the same inputs.
	require.NotEmpty(t, pauseStays)
	for _, k := range pauseStays {
		b, ok := before[k]
		require.True(t, ok, "%s is not in the running plan", k)
		d, ok := during[k]
		require.True(t, ok, "%s is gone from the paused plan", k)
		assert.Equal(t, b.URN, d.URN, k)
		if k == "databricks:index/job:Job databricks-streaming-job" {
			continue // its schedule pauses; TestPausedStackPausesTheSchedules
		}
		assert.Equal(t, b.Inputs, d.Inputs, "%s changes while paused", k)
	}

	// Resuming is the running stack again, resource for resource.
	after := resourceSet(resumed)
	require.Len(t, after, len(before))
	for k, b := range before {
		a, ok := after[k]
		require.True(t, ok, "%s is not declared again on resume", k)
		assert.Equal(t, b.Inputs, a.Inputs, "%s differs after resume", k)
	}
}

// Every output a learner uses has the same value running, paused and resumed; the ones that
// cannot (they name deleted resources) are absent while paused, and listed with the reason.
func TestPauseAndResumeKeepNamesAndURLs(t *testing.T) {
	t.Parallel()
	running, paused, resumed := planPauseCycle(t)
	require.Contains(t, running.Outputs, "invokeUrl")
	kept := 0
	for name, value := range running.Outputs {
		switch {
		case OutputsOfTheState[name] != "":
			continue
		case OutputsAbsentWhilePaused[name] != "":
			assert.NotContains(t, paused.Outputs, name, "%s names a deleted resource", name)
		default:
			assert.Equal(t, value, paused.Outputs[name], "output %s changes while paused", name)
			kept++
		}
		assert.Equal(t, value, resumed.Outputs[name], "output %s changes on resume", name)
	}
	for _, name := range []string{"invokeUrl", "batchUrls", "recordUrls", "streamArns", "bucketName", "apiKey", "databricksJobIds", "dagId", "vpcId"} {
		assert.Contains(t, paused.Outputs, name)
	}
	assert.GreaterOrEqual(t, kept, 15, "the outputs a learner uses")
	assert.Equal(t, true, paused.Outputs[stacks.PausedKey])
	assert.NotContains(t, running.Outputs, stacks.PausedKey, "the running dev plan must not change")
	for name := range paused.Outputs {
		if _, ok := running.Outputs[name]; !ok {
			assert.Equal(t, stacks.PausedKey, name, "a paused stack adds no output but paused")
		}
	}
}

// While paused every route answers a JSON 503 from a MOCK integration under its running
// integration's logical name, and the stage is redeployed on pause and on resume.
func TestPausedAPIAnswers503(t *testing.T) {
	t.Parallel()
	running, paused, _ := planPauseCycle(t)
	integrations := paused.ByType("aws:apigateway/integration:Integration")
	require.Len(t, integrations, len(pausedRoutes))
	for _, route := range pausedRoutes {
		integration, ok := paused.Find("aws:apigateway/integration:Integration", route+"-integration")
		require.True(t, ok, route)
		assert.Equal(t, "MOCK", integration.Inputs["type"], route)
		assert.NotContains(t, integration.Inputs, "connectionId", route)
		assert.NotContains(t, integration.Inputs, "credentials", route)
		templates, _ := integration.Inputs["requestTemplates"].(map[string]any)
		assert.Equal(t, `{"statusCode": 503}`, templates["application/vnd.kafka.json.v2+json"], route)

		response, ok := paused.Find("aws:apigateway/integrationResponse:IntegrationResponse", route+"-503-integration")
		require.True(t, ok, route)
		assert.Equal(t, "503", response.Inputs["statusCode"], route)
		assert.NotContains(t, response.Inputs, "selectionPattern", "the default response answers every request")
		body, _ := response.Inputs["responseTemplates"].(map[string]any)["application/json"].(string)
		var answer struct {
			Message string `json:"message"`
			Paused  bool   `json:"paused"`
			Resume  string `json:"resume"`
		}
		require.NoError(t, json.Unmarshal([]byte(body), &answer), route)
		assert.True(t, answer.Paused)
		assert.Contains(t, answer.Message, "is paused")
		assert.Equal(t, "pulumi config set paused false --stack dev && pulumi up --stack dev --policy-pack policies", answer.Resume)
	}
	trigger := func(p *sim.Plan) any {
		d, ok := p.Find("aws:apigateway/deployment:Deployment", "api-deployment")
		require.True(t, ok)
		return d.Inputs["triggers"]
	}
	assert.NotEqual(t, trigger(running), trigger(paused), "pausing must redeploy the stage")
}

func TestPausedStackPausesTheSchedules(t *testing.T) {
	t.Parallel()
	running, paused, _ := planPauseCycle(t)
	status := func(p *sim.Plan) any {
		job, ok := p.Find("databricks:index/job:Job", "databricks-streaming-job")
		require.True(t, ok)
		return job.Inputs["schedule"].(map[string]any)["pauseStatus"]
	}
	assert.Equal(t, "UNPAUSED", status(running))
	assert.Equal(t, "PAUSED", status(paused))
	dag, ok := paused.Find("aws:s3/bucketObjectv2:BucketObjectv2", "airflow-dag")
	require.True(t, ok, "the DAG file stays for the resumed environment")
	assert.Contains(t, dag.Inputs["content"], "catchup=False", "a resumed environment must not run the paused days")
}

// The goal of a pause: at most $0.01 an hour by the plan's own cost model, with what remains listed.
func TestPausedDevStackCostsAtMostACentAnHour(t *testing.T) {
	t.Parallel()
	running, paused, _ := planPauseCycle(t)
	est := cost.EstimateResources("us-east-1", simcheck.CostResources(paused.Resources))
	require.True(t, est.Complete, "every billable resource is priced: %v", est.Unpriced)
	assert.LessOrEqual(t, est.HourlyUSD, 0.01)
	var remains []string
	for _, l := range est.Resources {
		remains = append(remains, fmt.Sprintf("%s %s", l.Type, l.URN[strings.LastIndex(l.URN, "::")+2:]))
	}
	sort.Strings(remains)
	// The gateway endpoint is free, and priced at zero; the connection secret bills monthly.
	assert.Equal(t, []string{
		"aws:ec2/vpcEndpoint:VpcEndpoint network-s3-endpoint",
		"aws:secretsmanager/secret:Secret airflow-databricks-connection",
	}, remains)
	// The exported estimate follows the state; the budget keeps the running stack's figure.
	assert.InDelta(t, est.HourlyUSD, paused.Outputs["estimatedHourlyCostUsd"], 1e-9)
	require.Contains(t, running.Outputs, "monthlyBudgetUsd")
	assert.NotContains(t, paused.Outputs, "monthlyBudgetUsd", "a paused stack does not know the running limit it keeps")
	budgets := 0
	for _, r := range paused.Resources {
		if r.Type == "aws:budgets/budget:Budget" {
			budgets++
			assert.Equal(t, []string{"limitAmount"}, r.IgnoreChanges, "the paused stack keeps the running stack's budget limit")
		}
	}
	assert.Equal(t, 1, budgets)
	assert.Greater(t, running.Outputs["estimatedHourlyCostUsd"], 0.5)
}

func TestPausingProdIsRefusedByThePlan(t *testing.T) {
	t.Parallel()
	var problems stacks.Problems
	_, err := planStack(t, "prod", "paused=true")
	require.ErrorAs(t, err, &problems, "prod refuses paused without pause.allowProd")
	require.Len(t, problems, 1)
	assert.Equal(t, stacks.PausedKey, problems[0].Key)
	_, err = planStack(t, "prod", "paused=true", "pause.allowProd=true")
	require.NoError(t, err, "an explicit allowProd lets prod pause")
}

// docs/pause.md tells a learner which outputs a paused stack drops: every one of them.
func TestPauseDocsListEveryOutputAbsentWhilePaused(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(filepath.Join("..", "docs", "pause.md"))
	require.NoError(t, err)
	require.NotEmpty(t, OutputsAbsentWhilePaused)
	for name := range OutputsAbsentWhilePaused {
		assert.Contains(t, string(doc), "`"+name+"`", "docs/pause.md does not name the output %s that a paused stack drops", name)
	}
}
