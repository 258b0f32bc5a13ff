package components

import (
	"errors"
	"fmt"
	"path"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/databricks"
	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/pinterest-pipeline/pinterest-pipeline/notebooks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DatabricksJobsArgs configures DatabricksJobs.
type DatabricksJobsArgs struct {
	// Host and Token reach the workspace; Token must be a secret Output. Required.
	Host  pulumi.StringInput
	Token pulumi.StringInput
	// UserID names the tables, and the jobs' parameters carry it. Required.
	UserID string
	// Region is the streams' region. Required.
	Region string
	// BucketName and BucketArn are the data lake the batch job reads. Required.
	BucketName string
	BucketArn  pulumi.StringInput
	// RawDataPrefix is the part of the bucket the clusters may read: topics/ (the default), or
	// topics/<userId>. for a cohort learner reading the platform's shared connector's bucket,
	// whose other prefixes are other learners' data.
	RawDataPrefix string
	// StreamArns are the streams the streaming job reads. Required.
	StreamArns pulumi.StringMapInput
	// RoleName is the clusters' IAM role (and instance profile). Required.
	RoleName string
	// NotebookDir is the workspace folder; the notebooks go to <NotebookDir>/<UserID>/. Required.
	NotebookDir string
	// CrossAccountRoleName is the workspace's cross-account role, which is allowed to pass the
	// clusters' role: Databricks launches the clusters with it. Required.
	CrossAccountRoleName string
	// Catalog and Schema qualify the tables (Unity Catalog); both empty keeps unqualified names.
	Catalog string
	Schema  string
	// CheckpointRoot is where the streaming job keeps one checkpoint per stream generation: a
	// dbfs:/ path or a Unity Catalog volume (/Volumes/...). Required.
	CheckpointRoot string
	// StreamingIntervalHours is how often the streaming job runs. Default 6.
	StreamingIntervalHours int
	// NodeType and SparkVersion shape the job clusters. Defaults m5d.large and 15.4.x-scala2.12.
	NodeType     string
	SparkVersion string
	// JobTimeoutMinutes bounds every run. Default 60.
	JobTimeoutMinutes int
	// NamePrefix starts resource names. Required.
	NamePrefix string
	// Tags go on AWS resources and, as custom tags, on the clusters.
	Tags map[string]string
	// PauseSchedules pauses the jobs' schedules (a paused stack has no streams to read); the
	// notebooks, jobs and their ids stay.
	PauseSchedules bool
}

// DatabricksJobs is the workspace side of processing: the notebooks, the batch and streaming
// jobs on small job clusters, and the instance profile that lets those clusters read this
// user's bucket and streams without any access key.
type DatabricksJobs struct {
	pulumi.ResourceState

	// BatchJobID is the batch job's id, which the Airflow DAG triggers.
	BatchJobID pulumi.StringOutput `pulumi:"batchJobId"`
	// StreamingJobID is the streaming job's id.
	StreamingJobID pulumi.StringOutput `pulumi:"streamingJobId"`
	// InstanceProfileArn is the clusters' instance profile.
	InstanceProfileArn pulumi.StringOutput `pulumi:"instanceProfileArn"`
	// NotebookPaths are the uploaded notebooks' workspace paths, by name.
	NotebookPaths map[string]string
}

func (a *DatabricksJobsArgs) withDefaults() DatabricksJobsArgs {
	out := DatabricksJobsArgs{}
	if a != nil {
		out = *a
	}
	if out.RawDataPrefix == "" {
		out.RawDataPrefix = RawDataPrefix
	}
	if out.NodeType == "" {
		out.NodeType = spec.DefaultNodeType
	}
	if out.SparkVersion == "" {
		out.SparkVersion = spec.DefaultSparkVersion
	}
	if out.JobTimeoutMinutes == 0 {
		out.JobTimeoutMinutes = spec.DefaultJobTimeoutMinutes
	}
	if out.StreamingIntervalHours == 0 {
		out.StreamingIntervalHours = spec.DefaultStreamingIntervalHours
	}
	return out
}

func (a DatabricksJobsArgs) validate() error {
	var errs []error
	errs = append(errs, emptyFields("UserID", a.UserID, "Region", a.Region, "BucketName", a.BucketName, "RoleName", a.RoleName, "NotebookDir", a.NotebookDir,
		"CrossAccountRoleName", a.CrossAccountRoleName, "CheckpointRoot", a.CheckpointRoot, "NamePrefix", a.NamePrefix)...)
	if (a.Catalog == "") != (a.Schema == "") {
		errs = append(errs, fmt.Errorf("Catalog and Schema go together: got %q and %q", a.Catalog, a.Schema))
	}
	if a.StreamingIntervalHours < 1 {
		errs = append(errs, fmt.Errorf("StreamingIntervalHours is %d: use at least 1", a.StreamingIntervalHours))
	}
	if a.Host == nil || a.Token == nil {
		errs = append(errs, errors.New("Host and Token are required"))
	}
	if a.BucketArn == nil || a.StreamArns == nil {
		errs = append(errs, errors.New("BucketArn and StreamArns are required"))
	}
	if a.NotebookDir != "" && a.NotebookDir[0] != '/' {
		errs = append(errs, fmt.Errorf("NotebookDir %q is not an absolute workspace path", a.NotebookDir))
	}
	return errors.Join(errs...)
}

// ClusterAccessPolicy lets the clusters read the raw topics under rawDataPrefix in the bucket
// and read the user's streams; nothing else. Below the whole topics/ prefix, listing is limited
// to the same prefix too, with the s3:prefix condition key ("Identity-based policy examples for
// Amazon S3: Allowing each IAM user access to a folder in a bucket", Amazon S3 User Guide,
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-policies-s3.html), so a learner
// sees no other learner's object names in a shared bucket.
func ClusterAccessPolicy(bucketArn, rawDataPrefix string, streamArns []string) PolicyDocument {
	list := allow("ListTheRawData", []string{"s3:ListBucket", "s3:GetBucketLocation"}, bucketArn)
	if rawDataPrefix != RawDataPrefix {
		list = allow("ListTheRawData", []string{"s3:ListBucket"}, bucketArn)
		list.Condition = map[string]map[string]any{"StringLike": {"s3:prefix": []string{rawDataPrefix + "*"}}}
	}
	statements := []Statement{list}
	if rawDataPrefix != RawDataPrefix {
		statements = append(statements, allow("LocateTheBucket", []string{"s3:GetBucketLocation"}, bucketArn))
	}
	return policy(append(statements,
		allow("ReadTheRawData", []string{"s3:GetObject"}, bucketArn+"/"+rawDataPrefix+"*"),
		allow("ReadTheStreams", []string{
			"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator",
			"kinesis:GetRecords", "kinesis:ListShards",
		}, streamArns...),
	)...)
}

// StreamingSchedule is the Quartz cron expression that starts the streaming job at most every
// hours hours, in UTC: on the hour every <hours> hours from midnight (the last gap of a day may
// be shorter), or daily at midnight when hours is a day or more.
func StreamingSchedule(hours int) string {
	if hours >= 24 {
		return "0 0 0 * * ?"
	}
	return fmt.Sprintf("0 0 0/%d * * ?", hours)
}

// NewDatabricksJobs declares the provider, the instance profile, the notebooks and the jobs.
func NewDatabricksJobs(ctx *pulumi.Context, name string, args *DatabricksJobsArgs, opts ...pulumi.ResourceOption) (*DatabricksJobs, error) {
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("databricks jobs %q: %w", name, err)
	}
	all, err := notebooks.All()
	if err != nil {
		return nil, fmt.Errorf("databricks jobs %q: %w", name, err)
	}
	d := &DatabricksJobs{NotebookPaths: map[string]string{}}
	if err := ctx.RegisterComponentResource(TypeDatabricksJobs, name, d, opts...); err != nil {
		return nil, fmt.Errorf("registering databricks jobs %q: %w", name, err)
	}
	parent := pulumi.Parent(d)
	tag := func(suffix string) pulumi.StringMap { return withName(a.Tags, a.NamePrefix+"-"+suffix) }

	provider, err := databricks.NewProvider(ctx, name+"-provider", &databricks.ProviderArgs{Host: a.Host, Token: a.Token}, parent)
	if err != nil {
		return nil, err
	}
	inWorkspace := []pulumi.ResourceOption{parent, pulumi.Provider(provider)}

	trust, err := serviceTrust("ec2.amazonaws.com", "").JSON()
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, name+"-cluster-role", &iam.RoleArgs{
		Name:             pulumi.String(a.RoleName),
		Description:      pulumi.String("Databricks job clusters: read this user's raw topics and streams"),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             tag("databricks-role"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the cluster role: %w", err)
	}
	access, err := iam.NewRolePolicy(ctx, name+"-cluster-access", &iam.RolePolicyArgs{
		Role: role.Name,
		Policy: pulumi.All(a.BucketArn, a.StreamArns).ApplyT(func(v []any) (string, error) {
			streams := v[1].(map[string]string)
			arns := make([]string, 0, len(streams))
			for _, kind := range sortedKeys(streams) {
				arns = append(arns, streams[kind])
			}
			return ClusterAccessPolicy(v[0].(string), a.RawDataPrefix, arns).JSON()
		}).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("attaching the cluster policy: %w", err)
	}
	profile, err := iam.NewInstanceProfile(ctx, name+"-instance-profile", &iam.InstanceProfileArgs{
		Name: pulumi.String(a.RoleName), Role: role.Name, Tags: tag("databricks-profile"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the instance profile: %w", err)
	}
	// Databricks launches job clusters through the workspace's cross-account role (the role
	// specified in the account console), which needs iam:PassRole on the clusters' role: the
	// provider's databricks.InstanceProfile example grants exactly this
	// (https://www.pulumi.com/registry/packages/databricks/api-docs/instanceprofile/).
	passRole, err := iam.NewRolePolicy(ctx, name+"-pass-cluster-role", &iam.RolePolicyArgs{
		Role: pulumi.String(a.CrossAccountRoleName),
		Policy: role.Arn.ApplyT(func(arn string) (string, error) {
			return policy(allow("PassTheClusterRole", []string{"iam:PassRole"}, arn)).JSON()
		}).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("letting the workspace pass the cluster role: %w", err)
	}
	// skipValidation skips Databricks' dry-run launch, which fails while the new role propagates;
	// waiting for the grant keeps a missing or misnamed cross-account role from going unnoticed
	// until the first run: `pulumi up` fails on the grant before any job exists.
	registered, err := databricks.NewInstanceProfile(ctx, name+"-workspace-instance-profile", databricks.InstanceProfileArgs{
		InstanceProfileArn: profile.Arn, IamRoleArn: role.Arn, SkipValidation: true,
	}, append(inWorkspace, pulumi.DependsOn([]pulumi.Resource{access, passRole}))...)
	if err != nil {
		return nil, err
	}

	dir := path.Join(a.NotebookDir, a.UserID)
	var uploaded []pulumi.Resource
	for _, nb := range all {
		p := path.Join(dir, nb.Name)
		n, err := databricks.NewNotebook(ctx, name+"-notebook-"+nb.Name, databricks.NotebookArgs{
			Path: p, Language: "PYTHON", Source: nb.Source,
		}, inWorkspace...)
		if err != nil {
			return nil, err
		}
		d.NotebookPaths[nb.Name] = p
		uploaded = append(uploaded, n)
	}

	// Dedicated (single user) access: the Kinesis source's instance-profile authentication is not
	// supported in shared (standard) access mode ("Connect to Amazon Kinesis"), and this mode
	// also reads Unity Catalog tables and volumes. Left unset, the mode would be Databricks' choice.
	cluster := databricks.JobCluster{
		Key: "small", SparkVersion: a.SparkVersion, NodeType: a.NodeType, NumWorkers: 1,
		InstanceProfileArn: registered.InstanceProfileArn, CustomTags: a.Tags, DataSecurityMode: "SINGLE_USER",
	}
	// The streaming job processes what the streams hold (availableNow) and stops, on a schedule
	// well inside the streams' retention, so no record expires unread and no cluster runs idle.
	jobs := []struct {
		key, title, notebook string
		params               map[string]string
		schedule             *databricks.Schedule
	}{
		{"batch", "batch processing: clean the S3 topics and answer the course's questions", "batch_processing",
			map[string]string{"user_id": a.UserID, "bucket": a.BucketName, "catalog": a.Catalog, "schema": a.Schema}, nil},
		{"streaming", fmt.Sprintf("stream processing every %d hours: Kinesis streams into the <userId>_<kind>_table Delta tables", a.StreamingIntervalHours),
			"stream_processing", map[string]string{
				"user_id": a.UserID, "region": a.Region, "checkpoint_root": a.CheckpointRoot, "catalog": a.Catalog, "schema": a.Schema,
			}, &databricks.Schedule{QuartzCron: StreamingSchedule(a.StreamingIntervalHours), TimeZone: "UTC", Paused: a.PauseSchedules}},
	}
	ids := map[string]pulumi.StringOutput{}
	for _, j := range jobs {
		job, err := databricks.NewJob(ctx, name+"-"+j.key+"-job", databricks.JobArgs{
			Name:        a.NamePrefix + "-" + j.key + "-processing",
			Description: "Pinterest pipeline " + j.title,
			Clusters:    []databricks.JobCluster{cluster},
			// No task retries: the DAG retries the batch once, and the next scheduled run is the
			// streaming job's retry, so a broken job cannot start a cluster after cluster.
			Tasks: []databricks.NotebookTask{{
				Key: j.key, NotebookPath: pulumi.String(d.NotebookPaths[j.notebook]), ClusterKey: cluster.Key,
				BaseParameters: j.params, MaxRetries: 0,
			}},
			TimeoutSeconds: a.JobTimeoutMinutes * 60,
			Tags:           a.Tags,
			Schedule:       j.schedule,
		}, append(inWorkspace, pulumi.DependsOn(uploaded))...)
		if err != nil {
			return nil, err
		}
		ids[j.key] = job.ID().ToStringOutput()
	}

	d.BatchJobID = ids["batch"]
	d.StreamingJobID = ids["streaming"]
	d.InstanceProfileArn = registered.InstanceProfileArn
	if err := ctx.RegisterResourceOutputs(d, pulumi.Map{
		"batchJobId": d.BatchJobID, "streamingJobId": d.StreamingJobID, "instanceProfileArn": d.InstanceProfileArn,
	}); err != nil {
		return nil, fmt.Errorf("databricks jobs %q outputs: %w", name, err)
	}
	return d, nil
}
