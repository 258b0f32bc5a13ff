package databricks

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ProviderArgs configures an explicit Databricks provider for one workspace.
type ProviderArgs struct {
	// Host is the workspace URL. Required.
	Host pulumi.StringInput
	// Token is a personal access token; keep it a secret Output. Required.
	Token pulumi.StringInput
}

// Provider is an explicit Databricks provider, so the workspace comes from stack config and
// never from whatever credentials the machine running `pulumi up` happens to have.
type Provider struct {
	pulumi.ProviderResourceState
}

// NewProvider registers the provider.
func NewProvider(ctx *pulumi.Context, name string, args *ProviderArgs, opts ...pulumi.ResourceOption) (*Provider, error) {
	if args == nil || args.Host == nil || args.Token == nil {
		return nil, errors.New("databricks provider: Host and Token are required")
	}
	var p Provider
	props := pulumi.Map{"host": args.Host, "token": pulumi.ToSecret(args.Token)}
	if err := register(ctx, TypeProvider, name, props, &p, opts); err != nil {
		return nil, fmt.Errorf("registering the databricks provider: %w", err)
	}
	return &p, nil
}
