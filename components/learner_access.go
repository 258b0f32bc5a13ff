package components

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// LearnerAccessArgs configures LearnerAccess.
type LearnerAccessArgs struct {
	// UserID is the learner's id (lowercase letters and digits); every name the role may touch
	// starts with or contains it. Required.
	UserID string
	// TrustPrincipalArn may assume the role: the learner's IAM user, an SSO role, or an account
	// root (cohort.consoleRoleTrust). Required.
	TrustPrincipalArn string
	// Region is where the learner's streams, topics and log groups are. Required.
	Region string
	// BucketName is the learner's own bucket, user-<userId>-bucket. Required.
	BucketName string
	// StreamNamePrefix is the learner's stream namespace, streaming-<userId>-. Required.
	StreamNamePrefix string
	// ClusterArn is the platform's MSK cluster; the learner's topics and groups are <userId>.* in it. Required.
	ClusterArn pulumi.StringInput
	// DAGBucketName is the platform's shared DAG bucket, holding the learner's dags/<userId>_dag.py. Required.
	DAGBucketName pulumi.StringInput
	// LogGroupPrefixes are the learner's log group names or name prefixes (the API's access logs,
	// the connector's logs); each must contain UserID.
	LogGroupPrefixes []string
	// NamePrefix starts the Name tags. Required.
	NamePrefix string
	// Tags go on every taggable resource.
	Tags map[string]string
}

// LearnerAccess is a cohort learner's own console/CLI identity: the role <userId>-learner-role,
// which TrustPrincipalArn may assume, bounded by the managed policy <userId>-learner-boundary.
//
// The boundary is the most the role can ever be allowed; it grants nothing by itself. What the
// role may do is what both its own policies and the boundary allow ("Permissions boundaries for
// IAM entities", IAM User Guide, https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html).
// The role's inline policy grants the same document, so the two agree today, and a policy
// attached to the role later (by hand, or by a careless change) still cannot reach another
// learner's names or the platform.
type LearnerAccess struct {
	pulumi.ResourceState

	// RoleArn is the learner's role.
	RoleArn pulumi.StringOutput `pulumi:"roleArn"`
	// BoundaryArn is the permissions boundary's ARN.
	BoundaryArn pulumi.StringOutput `pulumi:"boundaryArn"`
}

// LearnerRoleName is a learner's console role, <userId>-learner-role.
func LearnerRoleName(userID string) string { return userID + "-learner-role" }

// LearnerBoundaryName is a learner's permissions boundary, <userId>-learner-boundary.
func LearnerBoundaryName(userID string) string { return userID + "-learner-boundary" }

var (
	learnerIDPattern = regexp.MustCompile(`^[a-z0-9]+$`)
	// An IAM user or role (any path) or an account root in any partition ("IAM identifiers",
	// IAM User Guide: ARNs of IAM users and roles, and the account principal).
	trustPrincipalPattern = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:(root|(user|role)/[\w+=,.@/-]{1,512})$`)
)

func (a LearnerAccessArgs) validate() error {
	var errs []error
	errs = append(errs, emptyFields("UserID", a.UserID, "Region", a.Region, "BucketName", a.BucketName,
		"StreamNamePrefix", a.StreamNamePrefix, "NamePrefix", a.NamePrefix)...)
	if a.UserID != "" && !learnerIDPattern.MatchString(a.UserID) {
		errs = append(errs, fmt.Errorf("UserID %q: use lowercase letters and digits only", a.UserID))
	}
	// IAM role names are at most 64 characters ("IAM and AWS STS quotas", IAM User Guide).
	if n := len(LearnerRoleName(a.UserID)); n > 64 {
		errs = append(errs, fmt.Errorf("UserID %q: the role name %s would be %d characters, over IAM's 64", a.UserID, LearnerRoleName(a.UserID), n))
	}
	if !trustPrincipalPattern.MatchString(a.TrustPrincipalArn) {
		errs = append(errs, fmt.Errorf("TrustPrincipalArn %q is not an IAM user, role or account root ARN", a.TrustPrincipalArn))
	}
	if a.ClusterArn == nil || a.DAGBucketName == nil {
		errs = append(errs, errors.New("ClusterArn and DAGBucketName are required: the platform's cluster and DAG bucket"))
	}
	// Every scope names the learner, so no prefix can reach another learner's or the platform's names.
	if a.UserID != "" {
		for _, f := range []struct{ field, value string }{{"BucketName", a.BucketName}, {"StreamNamePrefix", a.StreamNamePrefix}} {
			if f.value != "" && !strings.Contains(f.value, a.UserID) {
				errs = append(errs, fmt.Errorf("%s %q does not contain the user id %q", f.field, f.value, a.UserID))
			}
		}
		for _, p := range a.LogGroupPrefixes {
			if !strings.Contains(p, a.UserID) {
				errs = append(errs, fmt.Errorf("LogGroupPrefixes: %q does not contain the user id %q", p, a.UserID))
			}
		}
	}
	return errors.Join(errs...)
}

// LearnerScope is everything a learner's policy names, resolved.
type LearnerScope struct {
	UserID, Region, Account string
	ClusterArn              string
	BucketName              string
	StreamNamePrefix        string
	DAGBucketName           string
	LogGroupPrefixes        []string
}

// LearnerPolicy is what a cohort learner may do, on their own names only; it is both the
// permissions boundary and the role's policy. Every resource is an ARN of the learner's own,
// except the cluster itself: MSK requires kafka-cluster:Connect on the cluster for any topic or
// group action, and DescribeCluster and WriteDataIdempotently (which Kafka 3+ producers use by
// default) are cluster actions too ("Semantics of IAM authorization policy actions and
// resources", Amazon MSK Developer Guide, https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html).
// None of the three reveals or changes another learner's topics, which are checked per topic.
//
// The DAG is read-only: a DAG file is Python that the shared environment runs as its execution
// role, with the cohort's databricks_default connection, so writing it would reach past the
// learner's names. The learner's stack uploads it.
//
// No statement needs Resource "*": every action here supports resource-level permissions (the
// Service Authorization Reference lists a resource type for each; an action without one "must
// specify all resources ("*")", and would have to be added deliberately).
func LearnerPolicy(s LearnerScope) (PolicyDocument, error) {
	bucket := "arn:aws:s3:::" + s.BucketName
	statements := []Statement{
		allow("ListTheLearnersBucket", []string{"s3:ListBucket", "s3:GetBucketLocation"}, bucket),
		allow("UseTheLearnersObjects", []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}, bucket+"/*"),
		allow("UseTheLearnersStreams", []string{
			"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:GetShardIterator",
			"kinesis:GetRecords", "kinesis:PutRecord", "kinesis:PutRecords",
		}, fmt.Sprintf("arn:aws:kinesis:%s:%s:stream/%s*", s.Region, s.Account, s.StreamNamePrefix)),
	}
	// A paused platform has no cluster, and a platform without MWAA no DAG bucket: the role then
	// grants nothing on them rather than a malformed ARN, and gets the grants back on resume.
	if s.ClusterArn != "" {
		topics, err := KafkaResourceARN(s.ClusterArn, "topic", s.UserID+".*")
		if err != nil {
			return PolicyDocument{}, err
		}
		groups, err := KafkaResourceARN(s.ClusterArn, "group", s.UserID+".*")
		if err != nil {
			return PolicyDocument{}, err
		}
		statements = append(statements,
			allow("ConnectToTheCluster", []string{"kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"}, s.ClusterArn),
			allow("UseTheLearnersTopics", []string{
				"kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic", "kafka-cluster:AlterTopic", "kafka-cluster:DeleteTopic",
				"kafka-cluster:DescribeTopicDynamicConfiguration", "kafka-cluster:WriteData", "kafka-cluster:ReadData",
			}, topics),
			allow("UseTheLearnersConsumerGroups", []string{"kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"}, groups))
	}
	if s.DAGBucketName != "" {
		statements = append(statements, allow("ReadTheLearnersDAG", []string{"s3:GetObject"}, "arn:aws:s3:::"+s.DAGBucketName+"/"+LearnerDAGKey(s.UserID)))
	}
	if len(s.LogGroupPrefixes) > 0 {
		// log-group:<name>* covers the group's ARN, its ":*" form and its streams ("Overview of
		// managing access permissions to your CloudWatch Logs resources", CloudWatch Logs User Guide).
		var logs []string
		for _, p := range s.LogGroupPrefixes {
			logs = append(logs, fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s*", s.Region, s.Account, p))
		}
		statements = append(statements, allow("ReadTheLearnersLogs",
			[]string{"logs:DescribeLogStreams", "logs:GetLogEvents", "logs:FilterLogEvents"}, logs...))
	}
	return policy(statements...), nil
}

// NewLearnerAccess declares the learner's permissions boundary and their bounded role.
func NewLearnerAccess(ctx *pulumi.Context, name string, args *LearnerAccessArgs, opts ...pulumi.ResourceOption) (*LearnerAccess, error) {
	a := LearnerAccessArgs{}
	if args != nil {
		a = *args
	}
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("learner access %q: %w", name, err)
	}
	la := &LearnerAccess{}
	if err := ctx.RegisterComponentResource(TypeLearnerAccess, name, la, opts...); err != nil {
		return nil, fmt.Errorf("registering learner access %q: %w", name, err)
	}
	c := newChildren(ctx, name, la, a.Tags, a.NamePrefix)
	caller, err := aws.GetCallerIdentity(ctx, nil, c.parent)
	if err != nil {
		return nil, fmt.Errorf("looking up the account: %w", err)
	}
	document := checkedPolicyOutput(func(v []any) (PolicyDocument, error) {
		return LearnerPolicy(LearnerScope{
			UserID: a.UserID, Region: a.Region, Account: caller.AccountId, ClusterArn: v[0].(string),
			BucketName: a.BucketName, StreamNamePrefix: a.StreamNamePrefix, DAGBucketName: v[1].(string),
			LogGroupPrefixes: a.LogGroupPrefixes,
		})
	}, a.ClusterArn, a.DAGBucketName)

	boundary, err := iam.NewPolicy(ctx, name+"-boundary", &iam.PolicyArgs{
		Name:        pulumi.String(LearnerBoundaryName(a.UserID)),
		Description: pulumi.String("Permissions boundary of " + a.UserID + ": only the learner's own topics, bucket, streams, DAG and logs"),
		Policy:      document,
		Tags:        c.tag("learner-boundary"),
	}, c.parent)
	if err != nil {
		return nil, fmt.Errorf("creating the permissions boundary: %w", err)
	}
	trust, err := policy(Statement{
		Sid: "TrustTheLearner", Effect: "Allow", Principal: map[string]any{"AWS": a.TrustPrincipalArn}, Action: []string{"sts:AssumeRole"},
	}).JSON()
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, name+"-role", &iam.RoleArgs{
		Name:                pulumi.String(LearnerRoleName(a.UserID)),
		Description:         pulumi.String("Console and CLI role of learner " + a.UserID + ", bounded to their own resources"),
		AssumeRolePolicy:    pulumi.String(trust),
		PermissionsBoundary: boundary.Arn,
		Tags:                c.tag("learner-role"),
	}, c.parent)
	if err != nil {
		return nil, fmt.Errorf("creating the learner role: %w", err)
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-access", &iam.RolePolicyArgs{Role: role.Name, Policy: document}, c.parent); err != nil {
		return nil, fmt.Errorf("attaching the learner policy: %w", err)
	}
	la.RoleArn, la.BoundaryArn = role.Arn, boundary.Arn
	if err := ctx.RegisterResourceOutputs(la, pulumi.Map{"roleArn": la.RoleArn, "boundaryArn": la.BoundaryArn}); err != nil {
		return nil, fmt.Errorf("learner access %q outputs: %w", name, err)
	}
	return la, nil
}
