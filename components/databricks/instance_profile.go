package databricks

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// InstanceProfileArgs registers an EC2 instance profile with the workspace.
type InstanceProfileArgs struct {
	InstanceProfileArn pulumi.StringInput
	IamRoleArn         pulumi.StringInput
	// SkipValidation skips Databricks' test launch, which fails while a new role is still
	// propagating through IAM.
	SkipValidation bool
}

// InstanceProfile is a databricks:index/instanceProfile:InstanceProfile.
type InstanceProfile struct {
	pulumi.CustomResourceState

	InstanceProfileArn pulumi.StringOutput `pulumi:"instanceProfileArn"`
}

// NewInstanceProfile registers the instance profile.
func NewInstanceProfile(ctx *pulumi.Context, name string, args InstanceProfileArgs, opts ...pulumi.ResourceOption) (*InstanceProfile, error) {
	var p InstanceProfile
	props := pulumi.Map{
		"instanceProfileArn": args.InstanceProfileArn,
		"iamRoleArn":         args.IamRoleArn,
		"skipValidation":     pulumi.Bool(args.SkipValidation),
	}
	if err := register(ctx, TypeInstanceProfile, name, props, &p, opts); err != nil {
		return nil, fmt.Errorf("registering instance profile: %w", err)
	}
	return &p, nil
}
