package components

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
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

// pausedStreamArns are the ARNs the streams have when they exist, arn:<partition>:kinesis:
// <region>:<account>:stream/<name> ("Actions, resources, and condition keys for Amazon Kinesis
// Data Streams", Service Authorization Reference): the same before a pause and after a resume.
func pausedStreamArns(ctx *pulumi.Context, k *KinesisStreams, a KinesisStreamsArgs) (pulumi.StringMapOutput, error) {
	caller, err := aws.GetCallerIdentity(ctx, nil, pulumi.Parent(k))
	if err != nil {
		return pulumi.StringMapOutput{}, fmt.Errorf("looking up the account: %w", err)
	}
	partition := "aws"
	if parts := strings.SplitN(caller.Arn, ":", 3); len(parts) == 3 && parts[1] != "" {
		partition = parts[1]
	}
	arns := pulumi.StringMap{}
	for kind, stream := range a.Names {
		arns[kind] = pulumi.String(fmt.Sprintf("arn:%s:kinesis:%s:%s:stream/%s", partition, a.Region, caller.AccountId, stream))
	}
	return arns.ToStringMapOutput(), nil
}
