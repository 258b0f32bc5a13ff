package components

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A paused stack (stacks.Config.Paused) declares only what holds data or identity or costs
// nothing while idle; each component's Paused argument says what it keeps. The outputs of what
// a pause removes are empty strings, which program.Outputs leaves out of the stack outputs.

// pausedOutput stands for an output of a resource that does not exist while the stack is paused.
func pausedOutput() pulumi.StringOutput { return pulumi.String("").ToStringOutput() }

// registerPausedOutputs registers a paused component's outputs and returns the component's error form.
func registerPausedOutputs(ctx *pulumi.Context, c pulumi.ComponentResource, name string, outputs pulumi.Map) error {
	if err := ctx.RegisterResourceOutputs(c, outputs); err != nil {
		return fmt.Errorf("paused component %q outputs: %w", name, err)
	}
	return nil
}
