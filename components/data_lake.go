package components

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// RawDataPrefix is where the S3 sink writes: topics/<topic>/partition=<n>/.
const RawDataPrefix = "topics/"

// DataLakeArgs configures DataLake.
type DataLakeArgs struct {
	// BucketName is the bucket's global name, e.g. user-<userId>-bucket. Required.
	BucketName string
	// ForceDestroy lets `pulumi destroy` delete a bucket that still holds objects (the sink's
	// output is never in Pulumi's state). Set outside prod.
	ForceDestroy bool
	// Versioning keeps overwritten and deleted objects.
	Versioning bool
	// ExpireRawDataDays deletes objects under topics/ after this many days; 0 keeps them.
	ExpireRawDataDays int
	// Protect makes `pulumi destroy` refuse to delete the bucket (prod data).
	Protect bool
	// Tags go on the bucket.
	Tags map[string]string
}

// DataLake is the bucket the S3 sink writes the topics to: private, encrypted, TLS-only.
type DataLake struct {
	pulumi.ResourceState

	// BucketName is the bucket's name.
	BucketName pulumi.StringOutput `pulumi:"bucketName"`
	// BucketArn is the bucket's ARN.
	BucketArn pulumi.StringOutput `pulumi:"bucketArn"`
	// Bucket is the bucket resource, for children that must wait for it.
	Bucket *s3.BucketV2
	// Ready are the bucket's settings (public access block, versioning) that users such as
	// MWAA check before they accept the bucket.
	Ready []pulumi.Resource
}

func (a *DataLakeArgs) validate() error {
	var errs []error
	if a.BucketName == "" {
		errs = append(errs, errors.New("BucketName is empty"))
	}
	if a.ExpireRawDataDays < 0 {
		errs = append(errs, fmt.Errorf("ExpireRawDataDays is %d: use 0 to keep data", a.ExpireRawDataDays))
	}
	if a.Protect && a.ForceDestroy {
		errs = append(errs, errors.New("Protect and ForceDestroy are both set: a protected bucket is never force-destroyed"))
	}
	return errors.Join(errs...)
}

// DenyInsecureTransport is the bucket policy that refuses any request not made over TLS.
func DenyInsecureTransport(bucketArn string) PolicyDocument {
	return policy(Statement{
		Sid: "DenyInsecureTransport", Effect: "Deny", Principal: map[string]any{"AWS": "*"},
		Action:    []string{"s3:*"},
		Resource:  []string{bucketArn, bucketArn + "/*"},
		Condition: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}},
	})
}

// NewDataLake creates the data lake bucket with public access blocked, bucket-owner object
// ownership, default encryption, a TLS-only policy and lifecycle rules.
func NewDataLake(ctx *pulumi.Context, name string, args *DataLakeArgs, opts ...pulumi.ResourceOption) (*DataLake, error) {
	if args == nil {
		args = &DataLakeArgs{}
	}
	a := *args
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("data lake %q: %w", name, err)
	}
	d := &DataLake{}
	if err := ctx.RegisterComponentResource(TypeDataLake, name, d, opts...); err != nil {
		return nil, fmt.Errorf("registering data lake %q: %w", name, err)
	}
	parent := pulumi.Parent(d)
	bucket, err := s3.NewBucketV2(ctx, name+"-bucket", &s3.BucketV2Args{
		Bucket:       pulumi.String(a.BucketName),
		ForceDestroy: pulumi.Bool(a.ForceDestroy),
		Tags:         withName(a.Tags, a.BucketName),
	}, parent, pulumi.Protect(a.Protect))
	if err != nil {
		return nil, fmt.Errorf("creating bucket: %w", err)
	}
	onBucket := []pulumi.ResourceOption{parent, pulumi.DeletedWith(bucket)}
	block, err := s3.NewBucketPublicAccessBlock(ctx, name+"-public-access-block", &s3.BucketPublicAccessBlockArgs{
		Bucket: bucket.ID(), BlockPublicAcls: pulumi.Bool(true), BlockPublicPolicy: pulumi.Bool(true),
		IgnorePublicAcls: pulumi.Bool(true), RestrictPublicBuckets: pulumi.Bool(true),
	}, onBucket...)
	if err != nil {
		return nil, fmt.Errorf("blocking public access: %w", err)
	}
	if _, err := s3.NewBucketOwnershipControls(ctx, name+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(),
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, onBucket...); err != nil {
		return nil, fmt.Errorf("enforcing object ownership: %w", err)
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name+"-encryption", &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("AES256"),
			},
			BucketKeyEnabled: pulumi.Bool(true),
		}},
	}, onBucket...); err != nil {
		return nil, fmt.Errorf("configuring encryption: %w", err)
	}
	d.Ready = append(d.Ready, block)
	if a.Versioning {
		versioning, err := s3.NewBucketVersioningV2(ctx, name+"-versioning", &s3.BucketVersioningV2Args{
			Bucket:                  bucket.ID(),
			VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
		}, onBucket...)
		if err != nil {
			return nil, fmt.Errorf("enabling versioning: %w", err)
		}
		d.Ready = append(d.Ready, versioning)
	}
	// The policy is applied after the public access block so the two never race.
	if _, err := s3.NewBucketPolicy(ctx, name+"-tls-only", &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: policyOutput(func(v []any) PolicyDocument { return DenyInsecureTransport(v[0].(string)) }, bucket.Arn),
	}, append(onBucket, pulumi.DependsOn([]pulumi.Resource{block}))...); err != nil {
		return nil, fmt.Errorf("attaching the TLS-only policy: %w", err)
	}
	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, name+"-lifecycle", &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules:  lifecycleRules(a),
	}, onBucket...); err != nil {
		return nil, fmt.Errorf("configuring lifecycle rules: %w", err)
	}

	d.Bucket = bucket
	d.BucketName = bucket.Bucket
	d.BucketArn = bucket.Arn
	if err := ctx.RegisterResourceOutputs(d, pulumi.Map{"bucketName": d.BucketName, "bucketArn": d.BucketArn}); err != nil {
		return nil, fmt.Errorf("data lake %q outputs: %w", name, err)
	}
	return d, nil
}

func lifecycleRules(a DataLakeArgs) s3.BucketLifecycleConfigurationV2RuleArray {
	// Multipart uploads the sink abandons would otherwise be billed forever, invisibly.
	rules := s3.BucketLifecycleConfigurationV2RuleArray{&s3.BucketLifecycleConfigurationV2RuleArgs{
		Id: pulumi.String("abort-incomplete-uploads"), Status: pulumi.String("Enabled"),
		Filter:                         &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
		AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{DaysAfterInitiation: pulumi.Int(7)},
	}}
	if a.ExpireRawDataDays > 0 {
		rules = append(rules, &s3.BucketLifecycleConfigurationV2RuleArgs{
			Id: pulumi.String("expire-raw-data"), Status: pulumi.String("Enabled"),
			Filter:     &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String(RawDataPrefix)},
			Expiration: &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(a.ExpireRawDataDays)},
		})
	}
	if a.Versioning {
		rules = append(rules, &s3.BucketLifecycleConfigurationV2RuleArgs{
			Id: pulumi.String("expire-old-versions"), Status: pulumi.String("Enabled"),
			Filter:                      &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
			NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{NoncurrentDays: pulumi.Int(30)},
		})
	}
	return rules
}
