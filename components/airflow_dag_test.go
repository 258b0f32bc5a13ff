package components

import (
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const typeBucketObject = "aws:s3/bucketObjectv2:BucketObjectv2"

func TestPlatformAirflowDeclaresNoDAG(t *testing.T) {
	t.Parallel()
	opts := sim.Options{
		Config:     map[string]string{"aws:region": "us-east-1", "pinterest-pipeline:token": testToken},
		SecretKeys: []string{"pinterest-pipeline:token"},
	}
	plan, err := sim.Run(opts, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		af, err := NewAirflow(ctx, "airflow", &AirflowArgs{
			EnvironmentName: "Databricks-Airflow-env", AirflowVersion: "2.10.3", PythonVersion: "3.11", NoDAG: true,
			DatabricksHost: pulumi.String("https://dbc-1.cloud.databricks.com"), DatabricksToken: config.GetSecret(ctx, "token"),
			BucketName: "airflow-cohort-dags", Region: "us-east-1", TunnelInstanceID: pulumi.String("i-0123456789abcdef0"),
			VpcID: pulumi.String("vpc-0123456789abcdef0"), VpcCIDR: pulumi.String("10.0.0.0/16"),
			SubnetIDs: pulumi.ToStringArray([]string{"subnet-a", "subnet-b"}), NamePrefix: "cohort-platform", Tags: testTags,
		})
		if err != nil {
			return nil, err
		}
		assert.Empty(t, af.DAGID)
		return map[string]pulumi.Input{"dagBucketName": af.DAGBucketName, "dagBucketArn": af.DAGBucketArn}, nil
	})
	require.NoError(t, err)
	objects := plan.ByType(typeBucketObject)
	require.Len(t, objects, 1, "requirements.txt only")
	assert.Equal(t, "requirements.txt", objects[0].Inputs["key"])
	for _, o := range objects {
		assert.False(t, strings.HasPrefix(o.Inputs["key"].(string), "dags/"), "the platform uploads no DAG: %s", o.Inputs["key"])
	}
	// What every learner's DAG needs from the platform is there.
	find(t, plan, "aws:mwaa/environment:Environment", "airflow-environment")
	secret := find(t, plan, "aws:secretsmanager/secret:Secret", "airflow-databricks-connection")
	assert.Equal(t, "airflow-Databricks-Airflow-env/connections/databricks_default", secret.Inputs["name"])
	find(t, plan, "aws:iam/rolePolicy:RolePolicy", "airflow-execution-policy")
	assert.Equal(t, "airflow-cohort-dags", plan.Outputs["dagBucketName"])
	assert.Equal(t, "arn:aws:s3:::airflow-cohort-dags", plan.Outputs["dagBucketArn"])

	_, err = sim.Run(opts, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		_, err := NewAirflow(ctx, "airflow", &AirflowArgs{
			EnvironmentName: "e", AirflowVersion: "2.10.3", PythonVersion: "3.11", DatabricksHost: pulumi.String("h"),
			DatabricksToken: pulumi.String("t"), BucketName: "airflow-x", Region: "us-east-1", WebserverPublic: true,
			VpcID: pulumi.String("v"), VpcCIDR: pulumi.String("10.0.0.0/16"), SubnetIDs: pulumi.ToStringArray([]string{"a", "b"}), NamePrefix: "p",
		})
		return nil, err
	})
	assert.ErrorContains(t, err, "JobID is required", "without NoDAG a DAG needs its job")
}

// learnerDAG plans a learner's DAG in the platform's bucket.
func learnerDAG(t *testing.T, jobID string, mutate func(*AirflowDAGArgs)) (*sim.Plan, error) {
	t.Helper()
	return sim.Run(sim.Options{Config: map[string]string{"aws:region": "us-east-1"}}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		args := &AirflowDAGArgs{
			BucketName: pulumi.String("airflow-cohort-dags"),
			DAG:        DAGParams{DAGID: "0affd9571f39_dag", UserID: "0affd9571f39", Owner: "learner@example.com", Schedule: "@daily"},
			JobID:      pulumi.String(jobID), NamePrefix: "0affd9571f39-cohort", Tags: testTags,
		}
		if mutate != nil {
			mutate(args)
		}
		d, err := NewAirflowDAG(ctx, "dag", args)
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{"key": d.Key}, nil
	})
}

func TestAirflowDAGIsTheStandaloneDAG(t *testing.T) {
	t.Parallel()
	standalone, err := processing(t, nil)
	require.NoError(t, err)
	want, ok := find(t, standalone, typeBucketObject, "airflow-dag").Inputs["content"].(string)
	require.True(t, ok)
	jobID, ok := standalone.Outputs["batch"].(string)
	require.True(t, ok)
	require.Contains(t, want, "job_id="+jobID+",")

	plan, err := learnerDAG(t, jobID, nil)
	require.NoError(t, err)
	objects := plan.ByType(typeBucketObject)
	require.Len(t, objects, 1, "the DAG file and nothing else")
	dag := objects[0]
	assert.Equal(t, want, dag.Inputs["content"], "the same params render the same text as a standalone stack's")
	assert.Equal(t, "dags/0affd9571f39_dag.py", dag.Inputs["key"])
	assert.Equal(t, LearnerDAGKey("0affd9571f39"), dag.Inputs["key"])
	assert.Equal(t, "airflow-cohort-dags", dag.Inputs["bucket"], "the platform's bucket")
	assert.Equal(t, "text/x-python", dag.Inputs["contentType"])
	assert.Equal(t, "0affd9571f39-cohort-dag", obj(t, dag.Inputs["tags"])["Name"])
	assert.Equal(t, "dags/0affd9571f39_dag.py", plan.Outputs["key"])
	for _, typ := range []string{"aws:mwaa/environment:Environment", "aws:s3/bucketV2:BucketV2", "aws:secretsmanager/secret:Secret"} {
		assert.Empty(t, plan.ByType(typ), "a learner's DAG declares no %s", typ)
	}
}

func TestAirflowDAGValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		mutate func(*AirflowDAGArgs)
		want   string
	}{
		{"another learner's dag id", func(a *AirflowDAGArgs) { a.DAG.DAGID = "someoneelse_dag" }, `DAG.DAGID is "someoneelse_dag": in a shared environment it must be "0affd9571f39_dag"`},
		{"bad schedule", func(a *AirflowDAGArgs) { a.DAG.Schedule = "daily" }, `DAG: schedule "daily"`},
		{"bad user id", func(a *AirflowDAGArgs) { a.DAG.UserID, a.DAG.DAGID = "a b", "a b_dag" }, "not a legal Airflow id"},
		{"no bucket", func(a *AirflowDAGArgs) { a.BucketName = nil }, "BucketName and JobID are required"},
		{"no job", func(a *AirflowDAGArgs) { a.JobID = nil }, "BucketName and JobID are required"},
		{"no prefix", func(a *AirflowDAGArgs) { a.NamePrefix = "" }, "NamePrefix"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			plan, err := learnerDAG(t, "123", tc.mutate)
			require.Error(t, err)
			assert.ErrorContains(t, err, tc.want)
			assert.ErrorContains(t, err, `airflow dag "dag"`)
			if plan != nil {
				assert.Empty(t, plan.Custom(), "nothing is registered before validation passes")
			}
		})
	}
}
