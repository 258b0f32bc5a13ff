package databricks

import (
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJobPropsMatchTheProviderSchema(t *testing.T) {
	t.Parallel()
	props, err := JobArgs{
		Name: "0affd9571f39-dev-batch-processing",
		Clusters: []JobCluster{{Key: "small", SparkVersion: "15.4.x-scala2.12", NodeType: "m5d.large", NumWorkers: 1,
			InstanceProfileArn: pulumi.String("arn"), DataSecurityMode: "SINGLE_USER"}},
		Schedule:       &Schedule{QuartzCron: "0 0 0/6 * * ?", TimeZone: "UTC"},
		Tasks:          []NotebookTask{{Key: "batch", NotebookPath: pulumi.String("/Shared/x"), ClusterKey: "small", BaseParameters: map[string]string{"user_id": "u"}}},
		TimeoutSeconds: 3600,
	}.props()
	require.NoError(t, err)
	// The property names of databricks-provider-api.md (Job, JobJobCluster, JobTask, JobTaskNotebookTask).
	for _, key := range []string{"name", "jobClusters", "tasks", "maxConcurrentRuns", "timeoutSeconds", "tags", "description", "schedule"} {
		assert.Contains(t, props, key)
	}
	task := props["tasks"].(pulumi.Array)[0].(pulumi.Map)
	for _, key := range []string{"taskKey", "jobClusterKey", "notebookTask", "maxRetries"} {
		assert.Contains(t, task, key)
	}
	assert.Contains(t, task["notebookTask"].(pulumi.Map), "notebookPath")
	cluster := props["jobClusters"].(pulumi.Array)[0].(pulumi.Map)["newCluster"].(pulumi.Map)
	for _, key := range []string{"sparkVersion", "nodeTypeId", "numWorkers", "awsAttributes", "customTags", "dataSecurityMode"} {
		assert.Contains(t, cluster, key)
	}
	schedule := props["schedule"].(pulumi.Map) // JobSchedule
	for _, key := range []string{"quartzCronExpression", "timezoneId", "pauseStatus"} {
		assert.Contains(t, schedule, key)
	}

	_, err = JobArgs{Name: "j", Clusters: []JobCluster{{Key: "small"}}, Tasks: []NotebookTask{{Key: "t", ClusterKey: "big"}}}.props()
	assert.ErrorContains(t, err, `task t uses unknown cluster "big"`)
	_, err = JobArgs{Name: "j"}.props()
	assert.Error(t, err)
	_, err = JobArgs{Name: "j", Clusters: []JobCluster{{Key: "small"}}, Tasks: []NotebookTask{{Key: "t", ClusterKey: "small"}},
		Schedule: &Schedule{QuartzCron: "0 0 * * * ?"}}.props()
	assert.ErrorContains(t, err, "TimeZone")
}

func TestNotebookAndProviderRegistration(t *testing.T) {
	t.Parallel()
	plan, err := sim.Run(sim.Options{}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		p, err := NewProvider(ctx, "dbx", &ProviderArgs{Host: pulumi.String("https://dbc-1.cloud.databricks.com"), Token: pulumi.String("plain")})
		if err != nil {
			return nil, err
		}
		if _, err := NewNotebook(ctx, "nb", NotebookArgs{Path: "/Shared/a", Language: "PYTHON", Source: []byte("# Databricks notebook source\n")},
			pulumi.Provider(p)); err != nil {
			return nil, err
		}
		_, err = NewNotebook(ctx, "relative", NotebookArgs{Path: "Shared/a", Source: []byte("x")})
		return nil, err
	})
	require.Error(t, err, "a relative notebook path is refused")
	assert.Contains(t, err.Error(), "Path must be absolute")
	provider, ok := plan.Find(TypeProvider, "dbx")
	require.True(t, ok)
	assert.Equal(t, sim.SecretMarker, provider.Inputs["token"], "the token is made secret even when handed in plain")
	assert.Equal(t, PluginVersion, provider.Version)
	nb, ok := plan.Find(TypeNotebook, "nb")
	require.True(t, ok)
	assert.Equal(t, "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQo=", nb.Inputs["contentBase64"])
	assert.Equal(t, "SOURCE", nb.Inputs["format"])
	assert.NotEmpty(t, nb.Provider, "the notebook uses the explicit provider")
}
