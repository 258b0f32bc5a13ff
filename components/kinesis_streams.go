package components

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kinesis"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// KinesisStreamsArgs configures KinesisStreams.
type KinesisStreamsArgs struct {
	// Names maps each record kind to its stream name, e.g. pin → streaming-<userId>-pin. Required.
	Names map[string]string
	// OnDemand switches from provisioned shards to on-demand capacity.
	OnDemand bool
	// ShardCount is the shards per provisioned stream. Default 1.
	ShardCount int
	// RetentionHours is how long records stay readable. Default 24.
	RetentionHours int
	// EnforceConsumerDeletion lets `pulumi destroy` delete streams that still have consumers. Set outside prod.
	EnforceConsumerDeletion bool
	// Tags go on every stream.
	Tags map[string]string
	// Paused declares no stream (streams bill per shard-hour), only the ARNs the streams will have
	// again on resume, which the Databricks role's policy names.
	Paused bool
	// Region is the streams' region, which their ARNs name. Required.
	Region string
}

// KinesisStreams are the streaming path's streams, one per record kind, encrypted with the
// AWS-managed Kinesis key.
type KinesisStreams struct {
	pulumi.ResourceState

	// Arns maps each record kind to its stream's ARN, built from the names (streamArns): it
	// carries no dependency on the streams.
	Arns pulumi.StringMapOutput `pulumi:"arns"`
	// Names maps each record kind to its stream's name.
	Names map[string]string
}

func (a *KinesisStreamsArgs) withDefaults() KinesisStreamsArgs {
	out := KinesisStreamsArgs{}
	if a != nil {
		out = *a
	}
	if out.ShardCount == 0 && !out.OnDemand {
		out.ShardCount = spec.DefaultShardCount
	}
	if out.RetentionHours == 0 {
		out.RetentionHours = spec.DefaultStreamRetentionHours
	}
	return out
}

func (a KinesisStreamsArgs) validate() error {
	var errs []error
	if len(a.Names) == 0 {
		errs = append(errs, errors.New("Names is empty"))
	}
	for kind, name := range a.Names {
		if name == "" || strings.TrimSpace(name) != name {
			errs = append(errs, fmt.Errorf("the %s stream's name %q is empty or has stray whitespace", kind, name))
		}
	}
	if a.OnDemand && a.ShardCount != 0 {
		errs = append(errs, fmt.Errorf("ShardCount %d is set with OnDemand: on-demand streams size themselves", a.ShardCount))
	}
	if !a.OnDemand && a.ShardCount < 1 {
		errs = append(errs, fmt.Errorf("ShardCount is %d: use at least 1", a.ShardCount))
	}
	if a.Region == "" {
		errs = append(errs, errors.New("Region is required: the streams' ARNs name it"))
	}
	if a.RetentionHours < 24 || a.RetentionHours > 8760 {
		errs = append(errs, fmt.Errorf("RetentionHours is %d: Kinesis keeps records 24 to 8760 hours", a.RetentionHours))
	}
	return errors.Join(errs...)
}

// NewKinesisStreams creates one stream per record kind.
func NewKinesisStreams(ctx *pulumi.Context, name string, args *KinesisStreamsArgs, opts ...pulumi.ResourceOption) (*KinesisStreams, error) {
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("kinesis streams %q: %w", name, err)
	}
	k := &KinesisStreams{Names: a.Names}
	if err := ctx.RegisterComponentResource(TypeKinesisStreams, name, k, opts...); err != nil {
		return nil, fmt.Errorf("registering kinesis streams %q: %w", name, err)
	}
	arns, err := streamArns(ctx, k, a)
	if err != nil {
		return nil, fmt.Errorf("kinesis streams %q: %w", name, err)
	}
	k.Arns = arns
	if a.Paused {
		return k, registerPausedOutputs(ctx, k, name, pulumi.Map{"arns": k.Arns})
	}
	mode := "PROVISIONED"
	if a.OnDemand {
		mode = "ON_DEMAND"
	}
	for _, kind := range sortedKeys(a.Names) {
		streamArgs := &kinesis.StreamArgs{
			Name:                    pulumi.String(a.Names[kind]),
			RetentionPeriod:         pulumi.Int(a.RetentionHours),
			StreamModeDetails:       &kinesis.StreamStreamModeDetailsArgs{StreamMode: pulumi.String(mode)},
			EncryptionType:          pulumi.String("KMS"),
			KmsKeyId:                pulumi.String("alias/aws/kinesis"),
			EnforceConsumerDeletion: pulumi.Bool(a.EnforceConsumerDeletion),
			Tags:                    withName(a.Tags, a.Names[kind]),
		}
		if !a.OnDemand {
			streamArgs.ShardCount = pulumi.Int(a.ShardCount)
		}
		if _, err := kinesis.NewStream(ctx, name+"-"+kind, streamArgs, pulumi.Parent(k)); err != nil {
			return nil, fmt.Errorf("creating the %s stream: %w", kind, err)
		}
	}
	if err := ctx.RegisterResourceOutputs(k, pulumi.Map{"arns": k.Arns}); err != nil {
		return nil, fmt.Errorf("kinesis streams %q outputs: %w", name, err)
	}
	return k, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// streamArns are the ARNs the streams have, arn:<partition>:kinesis:<region>:<account>:stream/
// <name> ("Actions, resources, and condition keys for Amazon Kinesis Data Streams", Service
// Authorization Reference): the same before a pause and after a resume. Built from the names
// rather than read from the streams, so that the Databricks role's policy, which names them,
// neither waits for the streams nor holds their deletes a level behind its own on destroy
// (internal/durations; the policy only needs the ARN strings, not the streams).
func streamArns(ctx *pulumi.Context, k *KinesisStreams, a KinesisStreamsArgs) (pulumi.StringMapOutput, error) {
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
