package components

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// children is what each step of a constructor needs to declare some of the component's
// resources: the context, the component's name (which starts each child's), the parent
// option and the Name tags. The long constructors keep their order of registration by
// calling their steps in sequence.
type children struct {
	ctx    *pulumi.Context
	name   string
	parent pulumi.ResourceOrInvokeOption
	tags   map[string]string
	prefix string
}

func newChildren(ctx *pulumi.Context, name string, component pulumi.Resource, tags map[string]string, namePrefix string) children {
	return children{ctx: ctx, name: name, parent: pulumi.Parent(component), tags: tags, prefix: namePrefix}
}

// tag is the component's tags plus Name <namePrefix>-<suffix>.
func (c children) tag(suffix string) pulumi.StringMap { return withName(c.tags, c.prefix+"-"+suffix) }
