package components

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/databricks"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/grants"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/testtool"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testToken = "dapi0123456789abcdef-not-a-real-token"

// processing declares the Databricks jobs and the Airflow environment with a secret token.
func processing(t *testing.T, mutate func(*DatabricksJobsArgs, *AirflowArgs)) (*sim.Plan, error) {
	t.Helper()
	opts := sim.Options{
		Config:     map[string]string{"aws:region": "us-east-1", "pinterest-pipeline:token": testToken},
		SecretKeys: []string{"pinterest-pipeline:token"},
	}
	return sim.Run(opts, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		token := config.GetSecret(ctx, "token")
		jobsArgs := &DatabricksJobsArgs{
			Host: pulumi.String("https://dbc-1.cloud.databricks.com"), Token: token, UserID: "0affd9571f39", Region: "us-east-1",
			BucketName: "user-0affd9571f39-bucket", BucketArn: pulumi.String("arn:aws:s3:::user-0affd9571f39-bucket"),
			StreamArns: pulumi.StringMap{
				"pin": pulumi.String("arn:aws:kinesis:us-east-1:123456789012:stream/streaming-0affd9571f39-pin"),
				"geo": pulumi.String("arn:aws:kinesis:us-east-1:123456789012:stream/streaming-0affd9571f39-geo"),
			},
			RoleName: "0affd9571f39-databricks-role", NotebookDir: "/Shared/pinterest-pipeline",
			CrossAccountRoleName: "databricks-cross-account", CheckpointRoot: "dbfs:/pinterest-pipeline/0affd9571f39/checkpoints",
			NamePrefix: "0affd9571f39-dev", Tags: testTags,
		}
		airflowArgs := &AirflowArgs{
			EnvironmentName: "airflow-0affd9571f39", AirflowVersion: "2.10.3", PythonVersion: "3.11",
			DAG:            DAGParams{DAGID: "0affd9571f39_dag", UserID: "0affd9571f39", Owner: "learner@example.com", Schedule: "@daily"},
			DatabricksHost: pulumi.String("https://dbc-1.cloud.databricks.com"), DatabricksToken: token,
			BucketName: "airflow-0affd9571f39-dev-dags", Region: "us-east-1", TunnelInstanceID: pulumi.String("i-0123456789abcdef0"),
			VpcID: pulumi.String("vpc-0123456789abcdef0"), VpcCIDR: pulumi.String("10.0.0.0/16"),
			SubnetIDs: pulumi.ToStringArray([]string{"subnet-a", "subnet-b"}), NamePrefix: "0affd9571f39-dev", Tags: testTags,
		}
		if mutate != nil {
			mutate(jobsArgs, airflowArgs)
		}
		jobs, err := NewDatabricksJobs(ctx, "databricks", jobsArgs)
		if err != nil {
			return nil, err
		}
		airflowArgs.JobID = jobs.BatchJobID
		af, err := NewAirflow(ctx, "airflow", airflowArgs)
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{
			"batch": jobs.BatchJobID, "uiUrl": af.UI.URL, "uiLogin": af.UI.LoginCommand,
			"uiTunnel": af.UI.TunnelCommand, "uiHosts": af.UI.HostsEntry,
		}, nil
	})
}

func TestDatabricksJobs(t *testing.T) {
	t.Parallel()
	plan, err := processing(t, nil)
	require.NoError(t, err)
	provider := find(t, plan, databricks.TypeProvider, "databricks-provider")
	assert.Equal(t, databricks.PluginVersion, provider.Version, "the provider plugin is pinned")
	assert.Equal(t, sim.SecretMarker, provider.Inputs["token"], "the token stays secret")
	assert.Equal(t, "https://dbc-1.cloud.databricks.com", provider.Inputs["host"])

	for _, r := range plan.Resources {
		if strings.HasPrefix(r.Type, "databricks:") {
			assert.Equal(t, databricks.PluginVersion, r.Version, r.Name)
			assert.NotEmpty(t, r.Provider, "%s uses the explicit provider", r.Name)
		}
	}
	notebooks := plan.ByType(databricks.TypeNotebook)
	require.Len(t, notebooks, 5)
	for _, n := range notebooks {
		assert.Regexp(t, `^/Shared/pinterest-pipeline/0affd9571f39/[a-z_]+$`, n.Inputs["path"])
		assert.Equal(t, "PYTHON", n.Inputs["language"])
		assert.NotEmpty(t, n.Inputs["contentBase64"])
	}

	batch := find(t, plan, databricks.TypeJob, "databricks-batch-job")
	tasks := batch.Inputs["tasks"].([]any)
	require.Len(t, tasks, 1)
	task := obj(t, tasks[0])
	notebook := obj(t, task["notebookTask"])
	assert.Equal(t, "/Shared/pinterest-pipeline/0affd9571f39/batch_processing", notebook["notebookPath"])
	assert.Equal(t, map[string]any{"user_id": "0affd9571f39", "bucket": "user-0affd9571f39-bucket", "catalog": "", "schema": ""},
		notebook["baseParameters"])
	cluster := obj(t, obj(t, batch.Inputs["jobClusters"].([]any)[0])["newCluster"])
	assert.Equal(t, float64(1), cluster["numWorkers"], "a small job cluster")
	profile := find(t, plan, databricks.TypeInstanceProfile, "databricks-workspace-instance-profile")
	assert.Equal(t, "arn:aws:iam::123456789012:instance-profile/0affd9571f39-databricks-role", obj(t, cluster["awsAttributes"])["instanceProfileArn"],
		"clusters reach AWS through the registered instance profile")
	assert.Equal(t, "arn:aws:iam::123456789012:instance-profile/0affd9571f39-databricks-role", profile.Inputs["instanceProfileArn"])
	stream := find(t, plan, databricks.TypeJob, "databricks-streaming-job")
	streamTask := obj(t, obj(t, stream.Inputs["tasks"].([]any)[0])["notebookTask"])
	assert.Equal(t, "/Shared/pinterest-pipeline/0affd9571f39/stream_processing", streamTask["notebookPath"])
	assert.Regexp(t, `^[0-9]{15}$`, plan.Outputs["batch"])
}

// The jobs can start (the workspace may pass the clusters' role, in an access mode that allows
// instance profiles), keep their checkpoints where the job says, and read the streams often
// enough that no record expires unread.
func TestDatabricksJobsCanStartAndKeepTheirData(t *testing.T) {
	t.Parallel()
	plan, err := processing(t, func(j *DatabricksJobsArgs, _ *AirflowArgs) {
		j.Catalog, j.Schema, j.CheckpointRoot = "main", "pinterest", "/Volumes/main/pinterest/checkpoints/0affd9571f39"
		j.StreamingIntervalHours = 6
	})
	require.NoError(t, err)

	pass := find(t, plan, "aws:iam/rolePolicy:RolePolicy", "databricks-pass-cluster-role")
	assert.Equal(t, "databricks-cross-account", pass.Inputs["role"])
	doc := parsePolicy(t, pass.Inputs["policy"].(string))
	require.Len(t, doc.Statement, 1)
	assert.Equal(t, []string{"iam:PassRole"}, doc.Statement[0].Action)
	assert.Equal(t, []string{"arn:aws:iam::123456789012:role/0affd9571f39-databricks-role"}, doc.Statement[0].Resource)
	profile := find(t, plan, databricks.TypeInstanceProfile, "databricks-workspace-instance-profile")
	assert.Contains(t, profile.Dependencies, pass.URN, "the profile, and so every job, waits for the grant")

	params := map[string]map[string]any{}
	for _, key := range []string{"batch", "streaming"} {
		job := find(t, plan, databricks.TypeJob, "databricks-"+key+"-job")
		clusters := job.Inputs["jobClusters"].([]any)
		require.Len(t, clusters, 1)
		cluster := obj(t, obj(t, clusters[0])["newCluster"])
		assert.Equal(t, "SINGLE_USER", cluster["dataSecurityMode"], "%s: instance profiles and the Kinesis source need dedicated (single user) access", key)
		tasks := job.Inputs["tasks"].([]any)
		require.Len(t, tasks, 1)
		task := obj(t, tasks[0])
		assert.Equal(t, float64(0), task["maxRetries"], "%s: a failed run starts no further cluster; the next scheduled run is the retry", key)
		params[key] = obj(t, obj(t, task["notebookTask"])["baseParameters"])
		assert.Equal(t, "main", params[key]["catalog"])
		assert.Equal(t, "pinterest", params[key]["schema"])
	}
	assert.Equal(t, "/Volumes/main/pinterest/checkpoints/0affd9571f39", params["streaming"]["checkpoint_root"])
	assert.NotContains(t, params["streaming"], "mode", "no continuous mode for the timeout to kill")

	streaming := find(t, plan, databricks.TypeJob, "databricks-streaming-job")
	schedule := obj(t, streaming.Inputs["schedule"])
	assert.Equal(t, "0 0 0/6 * * ?", schedule["quartzCronExpression"], "every 6 hours")
	assert.Equal(t, "UTC", schedule["timezoneId"])
	assert.Equal(t, "UNPAUSED", schedule["pauseStatus"])
	assert.Equal(t, float64(3600), streaming.Inputs["timeoutSeconds"], "an availableNow run ends by itself; the timeout only bounds a stuck one")
	batch := find(t, plan, databricks.TypeJob, "databricks-batch-job")
	assert.NotContains(t, batch.Inputs, "schedule", "Airflow schedules the batch job")
}

func TestDatabricksJobsRefuseArgsTheJobsCannotRunWith(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(*DatabricksJobsArgs)
		want   string
	}{
		{"no cross-account role", func(j *DatabricksJobsArgs) { j.CrossAccountRoleName = "" }, "CrossAccountRoleName"},
		{"no checkpoint root", func(j *DatabricksJobsArgs) { j.CheckpointRoot = "" }, "CheckpointRoot"},
		{"catalog without schema", func(j *DatabricksJobsArgs) { j.Catalog = "main" }, "Catalog and Schema"},
		{"negative interval", func(j *DatabricksJobsArgs) { j.StreamingIntervalHours = -1 }, "StreamingIntervalHours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := processing(t, func(j *DatabricksJobsArgs, _ *AirflowArgs) { tt.mutate(j) })
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestClusterAccessPolicyIsScoped(t *testing.T) {
	t.Parallel()
	plan, err := processing(t, nil)
	require.NoError(t, err)
	access := find(t, plan, "aws:iam/rolePolicy:RolePolicy", "databricks-cluster-access")
	doc := parsePolicy(t, access.Inputs["policy"].(string))
	assertLeastPrivilege(t, doc, "arn:aws:s3:::user-0affd9571f39-bucket",
		"arn:aws:kinesis:us-east-1:123456789012:stream/streaming-0affd9571f39-")
	for _, st := range doc.Statement {
		for _, a := range st.Action {
			assert.NotContains(t, []string{"s3:PutObject", "s3:DeleteObject", "kinesis:PutRecord"}, a, "the clusters only read")
		}
	}
}

func TestAirflowEnvironment(t *testing.T) {
	t.Parallel()
	plan, err := processing(t, nil)
	require.NoError(t, err)
	env := find(t, plan, "aws:mwaa/environment:Environment", "airflow-environment")
	assert.Equal(t, "airflow-0affd9571f39", env.Inputs["name"])
	assert.Equal(t, "2.10.3", env.Inputs["airflowVersion"])
	assert.Equal(t, "mw1.micro", env.Inputs["environmentClass"])
	assert.Equal(t, "PRIVATE_ONLY", env.Inputs["webserverAccessMode"])
	assert.Equal(t, []any{"subnet-a", "subnet-b"}, obj(t, env.Inputs["networkConfiguration"])["subnetIds"])
	// The provider marks the options secret; read them through the raw inputs.
	assert.Equal(t, sim.SecretMarker, env.Inputs["airflowConfigurationOptions"])
	raw := env.RawInputs["airflowConfigurationOptions"]
	require.True(t, raw.IsSecret())
	options := raw.SecretValue().Element.ObjectValue()
	assert.Equal(t, "airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend", options["secrets.backend"].StringValue())
	assert.JSONEq(t, `{"connections_prefix":"airflow-airflow-0affd9571f39/connections","variables_prefix":null}`,
		options["secrets.backend_kwargs"].StringValue())

	// The five log groups MWAA writes exist in the stack, so `pulumi destroy` removes them.
	for _, module := range []string{"DAGProcessing", "Scheduler", "Task", "WebServer", "Worker"} {
		lg := find(t, plan, "aws:cloudwatch/logGroup:LogGroup", "airflow-logs-"+module)
		assert.Equal(t, "airflow-airflow-0affd9571f39-"+module, lg.Inputs["name"])
		assert.Equal(t, float64(7), lg.Inputs["retentionInDays"])
		assert.Contains(t, env.Dependencies, lg.URN, "MWAA must find its log groups already there")
		assert.Contains(t, env.Inputs["loggingConfiguration"], map[string]string{
			"DAGProcessing": "dagProcessingLogs", "Scheduler": "schedulerLogs", "Task": "taskLogs", "WebServer": "webserverLogs", "Worker": "workerLogs",
		}[module])
	}

	secret := find(t, plan, "aws:secretsmanager/secret:Secret", "airflow-databricks-connection")
	assert.Equal(t, "airflow-airflow-0affd9571f39/connections/databricks_default", secret.Inputs["name"])
	assert.Equal(t, float64(0), secret.Inputs["recoveryWindowInDays"], "teardown does not wait out a recovery window")
	version := find(t, plan, "aws:secretsmanager/secretVersion:SecretVersion", "airflow-databricks-connection-value")
	assert.Equal(t, sim.SecretMarker, version.Inputs["secretString"])
	out, err := plan.JSON()
	require.NoError(t, err)
	assert.NotContains(t, string(out), testToken, "the token never appears in the plan")

	bucket := find(t, plan, "aws:s3/bucketV2:BucketV2", "airflow-dags-bucket")
	assert.Equal(t, "airflow-0affd9571f39-dev-dags", bucket.Inputs["bucket"])
	assert.Equal(t, true, bucket.Inputs["forceDestroy"])
	versioning := find(t, plan, "aws:s3/bucketVersioningV2:BucketVersioningV2", "airflow-dags-versioning")
	block := find(t, plan, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "airflow-dags-public-access-block")
	requirements := find(t, plan, "aws:s3/bucketObjectv2:BucketObjectv2", "airflow-requirements")
	for _, r := range []sim.Resource{env, requirements} {
		assert.Contains(t, r.Dependencies, versioning.URN, "%s waits for versioning (MWAA needs it; object versions need it)", r.Name)
		assert.Contains(t, r.Dependencies, block.URN, "%s waits for the public access block", r.Name)
	}

	self := find(t, plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "airflow-self-in")
	sg := find(t, plan, "aws:ec2/securityGroup:SecurityGroup", "airflow-sg")
	assert.Contains(t, self.PropertyDependencies["referencedSecurityGroupId"], sg.URN, "the security group admits itself")
}

func TestAirflowExecutionPolicy(t *testing.T) {
	t.Parallel()
	doc := AirflowExecutionPolicy("us-east-1", "123456789012", "airflow-0affd9571f39", "arn:aws:s3:::airflow-0affd9571f39-dev-dags")
	text, err := doc.JSON()
	require.NoError(t, err)
	gs, err := grants.Of(text)
	require.NoError(t, err)
	// What the role may do, whatever the statements are called or however they are split.
	const connections = "arn:aws:secretsmanager:us-east-1:123456789012:secret:airflow-airflow-0affd9571f39/connections/"
	const logGroups = "arn:aws:logs:us-east-1:123456789012:log-group:airflow-airflow-0affd9571f39-"
	assert.True(t, grants.Allows(gs, "secretsmanager:GetSecretValue", connections+"databricks_default-AbCdEf"))
	assert.True(t, grants.Allows(gs, "logs:PutLogEvents", logGroups+"Task:log-stream:x"))
	assert.True(t, grants.Allows(gs, "s3:GetObject", "arn:aws:s3:::airflow-0affd9571f39-dev-dags/dags/x.py"))
	for _, other := range []struct{ action, resource string }{
		{"secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf"},
		{"secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:123456789012:secret:airflow-airflow-other/connections/x-AbCdEf"},
		{"secretsmanager:PutSecretValue", connections + "databricks_default-AbCdEf"},
		{"logs:PutLogEvents", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/other:log-stream:x"},
		{"s3:GetObject", "arn:aws:s3:::another-bucket/key"},
		{"s3:PutObject", "arn:aws:s3:::airflow-0affd9571f39-dev-dags/dags/x.py"},
		{"kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
	} {
		assert.False(t, grants.Allows(gs, other.action, other.resource), "the environment may not %s on %s", other.action, other.resource)
	}
	allowed := grants.Allowed(gs)
	require.Greater(t, len(allowed), 20)
	for _, g := range allowed {
		assert.False(t, g.ServiceWide(), g.Action)
		switch {
		case strings.HasPrefix(g.Action, "secretsmanager:"):
			assert.Equal(t, connections+"*", g.Resource, "the environment reads only its own connections")
		case strings.HasPrefix(g.Action, "logs:") && g.Action != "logs:DescribeLogGroups":
			assert.Equal(t, logGroups+"*", g.Resource, "%s only on the environment's log groups", g.Action)
		case g.AccountWide():
			// Only actions with no resource-level permissions, each read-only or conditioned.
			if strings.HasPrefix(g.Action, "kms:") || g.Action == "cloudwatch:PutMetricData" {
				assert.True(t, g.Conditioned, "%s everywhere needs its condition", g.Action)
				continue
			}
			assert.Contains(t, []string{"s3:GetAccountPublicAccessBlock", "logs:DescribeLogGroups"}, g.Action, "%s on every resource", g.Action)
		}
	}
	var metrics []Statement
	for _, st := range doc.Statement {
		if slices.Contains(st.Action, "cloudwatch:PutMetricData") {
			metrics = append(metrics, st)
		}
	}
	require.Len(t, metrics, 1)
	assert.Equal(t, "AmazonMWAA", metrics[0].Condition["StringEquals"]["cloudwatch:namespace"])
}

func TestDAGRenders(t *testing.T) {
	t.Parallel()
	plan, err := processing(t, nil)
	require.NoError(t, err)
	dag := find(t, plan, "aws:s3/bucketObjectv2:BucketObjectv2", "airflow-dag")
	assert.Equal(t, "dags/0affd9571f39_dag.py", dag.Inputs["key"])
	content, _ := dag.Inputs["content"].(string)
	jobID, _ := plan.Outputs["batch"].(string)
	require.NotEmpty(t, jobID)
	assert.Contains(t, content, `dag_id="0affd9571f39_dag"`)
	assert.Contains(t, content, `schedule="@daily"`)
	assert.Contains(t, content, "catchup=False")
	assert.Contains(t, content, "is_paused_upon_creation=False", "the daily run starts without a hand step")
	assert.Contains(t, content, `"retries": 1`, "one retry: a broken job starts at most two clusters a day")
	assert.Contains(t, content, "job_id="+jobID+",", "the DAG runs the stack's batch job")
	assert.Contains(t, content, `databricks_conn_id="databricks_default"`)
	assert.NotContains(t, content, testToken)
	golden(t, "dag.py", mustRenderDAG(t))

	reqs := find(t, plan, "aws:s3/bucketObjectv2:BucketObjectv2", "airflow-requirements")
	assert.Contains(t, reqs.Inputs["content"],
		`--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt"`,
		"the Databricks provider is pinned by the constraints of the chosen Airflow release")
	assert.Contains(t, reqs.Inputs["content"], "\napache-airflow-providers-databricks\n")
	env := find(t, plan, "aws:mwaa/environment:Environment", "airflow-environment")
	assert.Contains(t, env.PropertyDependencies["requirementsS3ObjectVersion"], reqs.URN, "a new requirements.txt reaches MWAA")
}

// The DAG compiles as Python, both as the stack renders it and with an owner that needs
// quoting. The golden comparison (TestDAGRenders) needs no Python, so a missing interpreter
// skips only this test and a tampered golden file still fails.
func TestDAGCompiles(t *testing.T) {
	t.Parallel()
	py := testtool.RequireOne(t, "python3")
	plan, err := processing(t, nil)
	require.NoError(t, err)
	dag := find(t, plan, "aws:s3/bucketObjectv2:BucketObjectv2", "airflow-dag")
	content, ok := dag.Inputs["content"].(string)
	require.True(t, ok, "the DAG's content is known at plan time")
	compilePython(t, py, "dag.py", content)
	compilePython(t, py, "golden_dag.py", mustRenderDAG(t))
}

func mustRenderDAG(t *testing.T) string {
	t.Helper()
	out, err := RenderDAG(DAGParams{DAGID: "0affd9571f39_dag", UserID: "0affd9571f39", Owner: `O'Brien "Learner"`, Schedule: "@daily", JobID: "123456789012345"})
	require.NoError(t, err)
	return out
}

func compilePython(t *testing.T, py, name, src string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(src), 0o600))
	out, err := exec.Command(py, "-m", "py_compile", path).CombinedOutput()
	require.NoError(t, err, "%s does not compile:\n%s", name, out)
}

func TestRenderDAGRefusesBadInput(t *testing.T) {
	t.Parallel()
	base := DAGParams{DAGID: "0affd9571f39_dag", UserID: "0affd9571f39", Owner: "me", Schedule: "@daily", JobID: "1"}
	for name, mutate := range map[string]func(*DAGParams){
		"schedule injection": func(p *DAGParams) { p.Schedule = `@daily", catchup=True, x="` },
		"job id":             func(p *DAGParams) { p.JobID = "1; import os" },
		"dag id":             func(p *DAGParams) { p.DAGID = "bad id" },
	} {
		p := base
		mutate(&p)
		_, err := RenderDAG(p)
		assert.Error(t, err, name)
	}
	_, err := RenderDAG(base)
	assert.NoError(t, err)
	for _, cron := range []string{"0 0 * * *", "*/15 * * * *", "@hourly"} {
		p := base
		p.Schedule = cron
		_, err := RenderDAG(p)
		assert.NoError(t, err, cron)
	}
}

// A prod stack must come down in one `pulumi destroy` and go up again at once: the DAG bucket
// is emptied with its old versions, and the connection secret leaves no name behind.
func TestAirflowIsDeletableAndRecreatableInEveryEnvironment(t *testing.T) {
	t.Parallel()
	plan, err := processing(t, func(_ *DatabricksJobsArgs, a *AirflowArgs) { a.BucketName = "airflow-pinterestprod-prod-dags" })
	require.NoError(t, err)
	secret := find(t, plan, "aws:secretsmanager/secret:Secret", "airflow-databricks-connection")
	assert.Equal(t, float64(0), secret.Inputs["recoveryWindowInDays"])
	bucket := find(t, plan, "aws:s3/bucketV2:BucketV2", "airflow-dags-bucket")
	assert.Equal(t, true, bucket.Inputs["forceDestroy"])
	assert.False(t, bucket.Protect)
}

func TestAirflowPrivateUIIsReachedThroughTheTunnel(t *testing.T) {
	t.Parallel()
	plan, err := processing(t, nil)
	require.NoError(t, err)
	env := find(t, plan, "aws:mwaa/environment:Environment", "airflow-environment")
	assert.Equal(t, "PRIVATE_ONLY", env.Inputs["webserverAccessMode"])
	host, ok := plan.Outputs["uiHosts"].(string)
	require.True(t, ok, "the hosts entry is a string: %v", plan.Outputs["uiHosts"])
	name := strings.TrimPrefix(host, "127.0.0.1 ")
	require.NotEqual(t, host, name, "the entry points the host name at the laptop")
	require.NotEmpty(t, name)
	assert.Equal(t, "https://"+name+":8443/", plan.Outputs["uiUrl"], "the URL goes through the tunnel")
	assert.Contains(t, plan.Outputs["uiTunnel"], `--target i-0123456789abcdef0`)
	assert.Contains(t, plan.Outputs["uiTunnel"], `"host":["`+name+`"]`)
	assert.Contains(t, plan.Outputs["uiLogin"], `":8443/aws_mwaa/aws-console-sso?login=true#"`)
}

func TestAirflowPublicUI(t *testing.T) {
	t.Parallel()
	plan, err := processing(t, func(_ *DatabricksJobsArgs, a *AirflowArgs) { a.WebserverPublic, a.TunnelInstanceID = true, nil })
	require.NoError(t, err)
	env := find(t, plan, "aws:mwaa/environment:Environment", "airflow-environment")
	assert.Equal(t, "PUBLIC_ONLY", env.Inputs["webserverAccessMode"])
	url, ok := plan.Outputs["uiUrl"].(string)
	require.True(t, ok)
	assert.Regexp(t, `^https://[a-z0-9.-]+/$`, url, "no tunnel port")
	assert.Equal(t, "", plan.Outputs["uiTunnel"])
	assert.Equal(t, "", plan.Outputs["uiHosts"])
}

func TestAirflowPrivateUINeedsATunnelHost(t *testing.T) {
	t.Parallel()
	_, err := processing(t, func(_ *DatabricksJobsArgs, a *AirflowArgs) { a.TunnelInstanceID = nil })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "TunnelInstanceID")
}

// The login command is run as a learner would, against a stand-in aws CLI that answers as
// create-web-login-token does with --output text: host name, tab, token.
func TestAirflowUILoginCommandPrintsTheSignInURL(t *testing.T) {
	t.Parallel()
	testtool.RequireOne(t, "sh")
	bin := t.TempDir()
	stub := "#!/bin/sh\nprintf 'abc-vpce.c2.us-east-1.airflow.amazonaws.com\\ttok3n\\n'\n"
	require.NoError(t, os.WriteFile(filepath.Join(bin, "aws"), []byte(stub), 0o755))
	for _, tc := range []struct {
		port int
		want string
	}{
		{0, "https://abc-vpce.c2.us-east-1.airflow.amazonaws.com/aws_mwaa/aws-console-sso?login=true#tok3n"},
		{8443, "https://abc-vpce.c2.us-east-1.airflow.amazonaws.com:8443/aws_mwaa/aws-console-sso?login=true#tok3n"},
	} {
		cmd := exec.Command("sh", "-c", AirflowUILoginCommand("us-east-1", "airflow-0affd9571f39", tc.port))
		cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		assert.Equal(t, tc.want, strings.TrimSpace(string(out)))
	}
}

func TestAirflowUITunnelCommand(t *testing.T) {
	t.Parallel()
	got := AirflowUITunnelCommand("eu-west-1", "i-0abc", "abc-vpce.c2.eu-west-1.airflow.amazonaws.com", 8443)
	assert.Equal(t, `aws ssm start-session --region eu-west-1 --target i-0abc --document-name AWS-StartPortForwardingSessionToRemoteHost`+
		` --parameters '{"host":["abc-vpce.c2.eu-west-1.airflow.amazonaws.com"],"portNumber":["443"],"localPortNumber":["8443"]}'`, got)
}

func TestStreamingSchedule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		hours int
		want  string
	}{
		{1, "0 0 0/1 * * ?"},
		{6, "0 0 0/6 * * ?"},
		{12, "0 0 0/12 * * ?"},
		{24, "0 0 0 * * ?"},
		{84, "0 0 0 * * ?"}, // a day apart is within any interval of a day or more
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, StreamingSchedule(tt.hours), "%d hours", tt.hours)
	}
}

// Every edge into the environment holds up its creation and, on destroy, its deletion (MWAA
// takes 20-30 minutes either way), so the environment depends on exactly what it reads or
// needs while it starts: not on the DAG file, which it picks up whenever it appears.
func TestMWAAEnvironmentDependsOnlyOnWhatItNeeds(t *testing.T) {
	t.Parallel()
	plan, err := processing(t, nil)
	require.NoError(t, err)
	env := find(t, plan, "aws:mwaa/environment:Environment", "airflow-environment")
	var names []string
	for _, urn := range env.Dependencies {
		r, ok := plan.ByURN(urn)
		require.True(t, ok, urn)
		names = append(names, r.Name)
	}
	assert.ElementsMatch(t, []string{
		"airflow-execution-role", "airflow-execution-policy", // permissions it uses while starting
		"airflow-dags-bucket", "airflow-dags-versioning", "airflow-dags-public-access-block", // checked at creation
		"airflow-requirements",                             // its key and version are inputs
		"airflow-sg", "airflow-self-in", "airflow-all-out", // workers talk to each other and to AWS
		"airflow-logs-DAGProcessing", "airflow-logs-Scheduler", "airflow-logs-Task", "airflow-logs-WebServer", "airflow-logs-Worker",
	}, names)
}
