package databricks

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// JobCluster is a shared job cluster: created for a run and terminated when the run ends.
type JobCluster struct {
	Key                string
	SparkVersion       string
	NodeType           string
	NumWorkers         int
	InstanceProfileArn pulumi.StringInput
	CustomTags         map[string]string
	// DataSecurityMode is the cluster's access mode, e.g. SINGLE_USER; empty leaves the choice to Databricks.
	DataSecurityMode string
}

// NotebookTask runs a notebook on a job cluster.
type NotebookTask struct {
	Key            string
	NotebookPath   pulumi.StringInput
	ClusterKey     string
	BaseParameters map[string]string
	MaxRetries     int
}

// Schedule runs a job periodically, by a Quartz cron expression in a Java time zone.
type Schedule struct {
	QuartzCron string
	TimeZone   string
	// Paused keeps the schedule but starts no run: the JobSchedule's pauseStatus PAUSED
	// (pulumi-databricks v1.106.0, JobSchedule.pauseStatus: "Either PAUSED or UNPAUSED").
	Paused bool
}

// JobArgs describes a databricks:index/job:Job.
type JobArgs struct {
	Name           string
	Description    string
	Clusters       []JobCluster
	Tasks          []NotebookTask
	TimeoutSeconds int
	Tags           map[string]string
	// Schedule, when set, runs the job by itself (unpaused); nil leaves it to run-now calls.
	Schedule *Schedule
}

// Job is a databricks:index/job:Job; its id is the job id Airflow triggers.
type Job struct {
	pulumi.CustomResourceState

	URL pulumi.StringOutput `pulumi:"url"`
}

func stringMap(m map[string]string) pulumi.StringMap {
	out := pulumi.StringMap{}
	for k, v := range m {
		out[k] = pulumi.String(v)
	}
	return out
}

func (a JobArgs) props() (pulumi.Map, error) {
	if a.Name == "" || len(a.Tasks) == 0 || len(a.Clusters) == 0 {
		return nil, errors.New("Name, Tasks and Clusters are required")
	}
	clusters := pulumi.Array{}
	keys := map[string]bool{}
	for _, c := range a.Clusters {
		keys[c.Key] = true
		cluster := pulumi.Map{
			"sparkVersion": pulumi.String(c.SparkVersion),
			"nodeTypeId":   pulumi.String(c.NodeType),
			"numWorkers":   pulumi.Int(c.NumWorkers),
			"customTags":   stringMap(c.CustomTags),
			"awsAttributes": pulumi.Map{
				"instanceProfileArn": c.InstanceProfileArn,
				// The driver stays on demand so a spot reclaim never kills the run outright.
				"availability":  pulumi.String("SPOT_WITH_FALLBACK"),
				"firstOnDemand": pulumi.Int(1),
			},
		}
		if c.DataSecurityMode != "" {
			cluster["dataSecurityMode"] = pulumi.String(c.DataSecurityMode)
		}
		clusters = append(clusters, pulumi.Map{"jobClusterKey": pulumi.String(c.Key), "newCluster": cluster})
	}
	tasks := pulumi.Array{}
	for _, t := range a.Tasks {
		if !keys[t.ClusterKey] {
			return nil, fmt.Errorf("task %s uses unknown cluster %q", t.Key, t.ClusterKey)
		}
		tasks = append(tasks, pulumi.Map{
			"taskKey":       pulumi.String(t.Key),
			"jobClusterKey": pulumi.String(t.ClusterKey),
			"maxRetries":    pulumi.Int(t.MaxRetries),
			"notebookTask": pulumi.Map{
				"notebookPath":   t.NotebookPath,
				"source":         pulumi.String("WORKSPACE"),
				"baseParameters": stringMap(t.BaseParameters),
			},
		})
	}
	props := pulumi.Map{
		"name":              pulumi.String(a.Name),
		"description":       pulumi.String(a.Description),
		"jobClusters":       clusters,
		"tasks":             tasks,
		"maxConcurrentRuns": pulumi.Int(1),
		"timeoutSeconds":    pulumi.Int(a.TimeoutSeconds),
		"tags":              stringMap(a.Tags),
	}
	if s := a.Schedule; s != nil {
		if s.QuartzCron == "" || s.TimeZone == "" {
			return nil, errors.New("a Schedule needs QuartzCron and TimeZone")
		}
		props["schedule"] = pulumi.Map{
			"quartzCronExpression": pulumi.String(s.QuartzCron),
			"timezoneId":           pulumi.String(s.TimeZone),
			"pauseStatus":          pulumi.String(pauseStatus(s.Paused)),
		}
	}
	return props, nil
}

// NewJob creates the job.
func NewJob(ctx *pulumi.Context, name string, args JobArgs, opts ...pulumi.ResourceOption) (*Job, error) {
	props, err := args.props()
	if err != nil {
		return nil, fmt.Errorf("job %q: %w", name, err)
	}
	var j Job
	if err := register(ctx, TypeJob, name, props, &j, opts); err != nil {
		return nil, fmt.Errorf("registering job %s: %w", args.Name, err)
	}
	return &j, nil
}

func pauseStatus(paused bool) string {
	if paused {
		return "PAUSED"
	}
	return "UNPAUSED"
}
