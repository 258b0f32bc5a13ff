package cost

import (
	"reflect"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kinesis"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
)

func TestInputValueReadsWhatTheEngineWouldReceive(t *testing.T) {
	t.Parallel()
	str, num, obj := property.New[string], func(n float64) property.Value { return property.New(n) }, property.New[map[string]property.Value]
	computed := property.New(property.Computed)
	tests := []struct {
		name  string
		input any
		want  property.Value
		ok    bool
	}{
		{"nil is not set", nil, property.Value{}, false},
		{"a nil args pointer is not set", (*ec2.InstanceArgs)(nil), property.Value{}, false},
		{"a string", pulumi.String("t3.small"), str("t3.small"), true},
		{"a string pointer", pulumi.StringPtr("gp3"), str("gp3"), true},
		{"an int is a number", pulumi.Int(20), num(20), true},
		{"a bool", pulumi.Bool(true), property.New(true), true},
		{"an output is known only after apply", pulumi.String("x").ToStringOutput(), computed, true},
		{"a secret is an output", pulumi.ToSecret(pulumi.String("x")), computed, true},
		{"an array", pulumi.StringArray{pulumi.String("a"), pulumi.String("b").ToStringOutput()},
			property.New([]property.Value{str("a"), computed}), true},
		{"a map", pulumi.StringMap{"k": pulumi.String("v")}, obj(map[string]property.Value{"k": str("v")}), true},
		{
			// Generated args carry no tags: the names come from the element type's fields.
			"generated args, nested, with unset fields left out",
			&ec2.InstanceArgs{
				InstanceType:    pulumi.String("t3.small"),
				RootBlockDevice: &ec2.InstanceRootBlockDeviceArgs{VolumeSize: pulumi.Int(20), VolumeType: pulumi.String("gp3")},
				SubnetId:        pulumi.String("subnet-1").ToStringOutput(),
			},
			obj(map[string]property.Value{
				"instanceType":    str("t3.small"),
				"rootBlockDevice": obj(map[string]property.Value{"volumeSize": num(20), "volumeType": str("gp3")}),
				"subnetId":        computed,
			}), true,
		},
		{
			"a stream's capacity",
			&kinesis.StreamArgs{
				ShardCount: pulumi.Int(2), RetentionPeriod: pulumi.Int(48),
				StreamModeDetails: kinesis.StreamStreamModeDetailsArgs{StreamMode: pulumi.String("PROVISIONED")},
			},
			obj(map[string]property.Value{
				"shardCount": num(2), "retentionPeriod": num(48),
				"streamModeDetails": obj(map[string]property.Value{"streamMode": str("PROVISIONED")}),
			}), true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := inputValue(reflect.ValueOf(tt.input))
			assert.Equal(t, tt.ok, ok)
			assert.True(t, tt.want.Equals(got), "got %#v, want %#v", got, tt.want)
		})
	}
}
