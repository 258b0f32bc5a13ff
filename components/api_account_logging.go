package components

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// APIAccountLoggingArgs configures APIAccountLogging.
type APIAccountLoggingArgs struct {
	// NamePrefix starts the role's name and the Name tags. Required.
	NamePrefix string
	// Tags go on the role.
	Tags map[string]string
}

// APIAccountLogging sets the account's API Gateway CloudWatch role: the role API Gateway
// assumes to write any stage's logs in this account and region. There is one such setting per
// account and region ("AWS::ApiGateway::Account", CloudFormation reference: "you should only
// have one ... per region per account"), so exactly one stack should declare this component;
// every other stack's stages rely on the role it sets.
type APIAccountLogging struct {
	pulumi.ResourceState

	// RoleArn is the role API Gateway writes logs with.
	RoleArn pulumi.StringOutput `pulumi:"roleArn"`
	// Account is the account setting itself, which stages with access logs wait for.
	Account *apigateway.Account
}

func (a *APIAccountLoggingArgs) withDefaults() APIAccountLoggingArgs {
	out := APIAccountLoggingArgs{}
	if a != nil {
		out = *a
	}
	return out
}

func (a APIAccountLoggingArgs) validate() error {
	return errors.Join(emptyFields("NamePrefix", a.NamePrefix)...)
}

// NewAPIAccountLogging declares the logging role, its AWS-managed policy and the account setting.
func NewAPIAccountLogging(ctx *pulumi.Context, name string, args *APIAccountLoggingArgs, opts ...pulumi.ResourceOption) (*APIAccountLogging, error) {
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("api account logging %q: %w", name, err)
	}
	c := &APIAccountLogging{}
	if err := ctx.RegisterComponentResource(TypeAPIAccountLogging, name, c, opts...); err != nil {
		return nil, fmt.Errorf("registering api account logging %q: %w", name, err)
	}
	parent := pulumi.Parent(c)

	trust, err := serviceTrust("apigateway.amazonaws.com", "").JSON()
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, name+"-role", &iam.RoleArgs{
		Name:             pulumi.String(a.NamePrefix + "-apigw-logs"),
		Description:      pulumi.String("Lets API Gateway write stage logs to CloudWatch Logs, for every API in this account and region"),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             withName(a.Tags, a.NamePrefix+"-apigw-logs-role"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the API Gateway logging role: %w", err)
	}
	// "Set up CloudWatch logging for REST APIs in API Gateway" names this managed policy.
	attachment, err := iam.NewRolePolicyAttachment(ctx, name+"-role-policy", &iam.RolePolicyAttachmentArgs{
		Role: role.Name, PolicyArn: pulumi.String("arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("attaching the logging policy: %w", err)
	}
	// On destroy the setting is reset rather than left naming the deleted role.
	account, err := apigateway.NewAccount(ctx, name+"-setting", &apigateway.AccountArgs{
		CloudwatchRoleArn: role.Arn,
		//nolint:staticcheck // deprecated for the provider's next major version, where a reset is the default; v6 still needs it
		ResetOnDelete: pulumi.Bool(true),
	}, parent, pulumi.DependsOn([]pulumi.Resource{attachment}))
	if err != nil {
		return nil, fmt.Errorf("setting the account's logging role: %w", err)
	}
	c.RoleArn = role.Arn
	c.Account = account
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"roleArn": c.RoleArn}); err != nil {
		return nil, fmt.Errorf("api account logging %q outputs: %w", name, err)
	}
	return c, nil
}
