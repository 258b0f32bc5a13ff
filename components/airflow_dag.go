package components

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// LearnerDAGKey is a cohort learner's DAG file in the shared DAG bucket, dags/<userId>_dag.py:
// the one key of that bucket the learner's policies allow (see LearnerAccess).
func LearnerDAGKey(userID string) string { return "dags/" + learnerDAGID(userID) + ".py" }

// learnerDAGID is a learner's DAG id, unique in the shared environment because the user id is.
func learnerDAGID(userID string) string { return userID + "_dag" }

// AirflowDAGArgs configures AirflowDAG.
type AirflowDAGArgs struct {
	// BucketName is the shared environment's DAG bucket (the platform's Airflow.DAGBucketName). Required.
	BucketName pulumi.StringInput
	// DAG is the learner's DAG; its DAGID must be <UserID>_dag, and its JobID is filled in from JobID. Required.
	DAG DAGParams
	// JobID is the learner's Databricks batch job. Required.
	JobID pulumi.StringInput
	// NamePrefix starts the Name tag. Required.
	NamePrefix string
	// Tags go on the object (the keys S3 object tags keep).
	Tags map[string]string
}

// AirflowDAG is a learner's DAG in a cohort's shared MWAA environment: only the file, rendered
// exactly as a standalone stack's Airflow renders it. The environment's databricks_default
// connection runs it, so the learner's stack holds no Airflow credential.
type AirflowDAG struct {
	pulumi.ResourceState

	// Key is the object's key, dags/<userId>_dag.py.
	Key pulumi.StringOutput `pulumi:"key"`
	// DAGID is the DAG's id.
	DAGID string
}

func (a AirflowDAGArgs) validate() error {
	var errs []error
	errs = append(errs, emptyFields("NamePrefix", a.NamePrefix)...)
	if a.BucketName == nil || a.JobID == nil {
		errs = append(errs, errors.New("BucketName and JobID are required"))
	}
	// Everything but the job id is known now; check it before anything is registered.
	probe := a.DAG
	probe.JobID = "1"
	if _, err := RenderDAG(probe); err != nil {
		errs = append(errs, fmt.Errorf("DAG: %w", err))
	}
	if want := learnerDAGID(a.DAG.UserID); a.DAG.DAGID != want {
		errs = append(errs, fmt.Errorf("DAG.DAGID is %q: in a shared environment it must be %q, unique to the learner and the only DAG file their policies allow", a.DAG.DAGID, want))
	}
	return errors.Join(errs...)
}

// NewAirflowDAG uploads the learner's rendered DAG to the shared DAG bucket.
func NewAirflowDAG(ctx *pulumi.Context, name string, args *AirflowDAGArgs, opts ...pulumi.ResourceOption) (*AirflowDAG, error) {
	a := AirflowDAGArgs{}
	if args != nil {
		a = *args
	}
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("airflow dag %q: %w", name, err)
	}
	d := &AirflowDAG{DAGID: a.DAG.DAGID}
	if err := ctx.RegisterComponentResource(TypeAirflowDAG, name, d, opts...); err != nil {
		return nil, fmt.Errorf("registering airflow dag %q: %w", name, err)
	}
	// The bucket is the platform's: versioned and blocked from the public before any learner
	// exists, so nothing here waits for its settings.
	obj, err := uploadDAG(ctx, name, a.BucketName, a.DAG, a.JobID, a.Tags, a.NamePrefix, pulumi.Parent(d))
	if err != nil {
		return nil, fmt.Errorf("airflow dag %q: %w", name, err)
	}
	d.Key = obj.Key
	if err := ctx.RegisterResourceOutputs(d, pulumi.Map{"key": d.Key}); err != nil {
		return nil, fmt.Errorf("airflow dag %q outputs: %w", name, err)
	}
	return d, nil
}

// uploadDAG declares dags/<DAGID>.py in bucket, rendered once the job id is known. Airflow and
// AirflowDAG both upload through it, so a standalone stack's DAG and a learner's are one text.
func uploadDAG(ctx *pulumi.Context, name string, bucket pulumi.StringInput, dag DAGParams, jobID pulumi.StringInput,
	tags map[string]string, namePrefix string, opts ...pulumi.ResourceOption,
) (*s3.BucketObjectv2, error) {
	obj, err := s3.NewBucketObjectv2(ctx, name+"-dag", &s3.BucketObjectv2Args{
		Bucket: bucket, Key: pulumi.String("dags/" + dag.DAGID + ".py"),
		Content: jobID.ToStringOutput().ApplyT(func(id string) (string, error) {
			p := dag
			p.JobID = id
			return RenderDAG(p)
		}).(pulumi.StringOutput),
		ContentType: pulumi.String("text/x-python"),
		Tags:        objectTags(tags, namePrefix+"-dag"),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("uploading the DAG: %w", err)
	}
	return obj, nil
}
