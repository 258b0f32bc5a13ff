// Package databricks is a small typed layer over the Pulumi Databricks provider's resources,
// registered by their type tokens with ctx.RegisterResource: the provider's Go SDK cannot be
// downloaded here, and this project uses only a handful of its resources. Property names
// follow the provider's schema (shared/reference/databricks-provider-api.md, v1.106.0).
package databricks

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// PluginVersion is the Databricks provider plugin every resource here is managed by.
const PluginVersion = "1.106.0"

// Type tokens of the provider's resources.
const (
	TypeProvider        = "pulumi:providers:databricks"
	TypeNotebook        = "databricks:index/notebook:Notebook"
	TypeJob             = "databricks:index/job:Job"
	TypeInstanceProfile = "databricks:index/instanceProfile:InstanceProfile"
)

// register registers one Databricks resource with the pinned plugin version.
func register(ctx *pulumi.Context, typ, name string, props pulumi.Map, into pulumi.CustomResource, opts []pulumi.ResourceOption) error {
	opts = append([]pulumi.ResourceOption{pulumi.Version(PluginVersion)}, opts...)
	return ctx.RegisterResource(typ, name, props, into, opts...)
}
