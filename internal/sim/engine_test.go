package sim

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type holder struct{ pulumi.ResourceState }

func TestRunRecordsParentsDependenciesAndOptions(t *testing.T) {
	t.Parallel()
	plan, err := Run(Options{Config: map[string]string{"aws:region": "eu-west-1"}}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		comp := &holder{}
		if err := ctx.RegisterComponentResource("test:index:Holder", "holder", comp); err != nil {
			return nil, err
		}
		vpc, err := ec2.NewVpc(ctx, "vpc", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")}, pulumi.Parent(comp), pulumi.Protect(true))
		if err != nil {
			return nil, err
		}
		subnet, err := ec2.NewSubnet(ctx, "subnet", &ec2.SubnetArgs{VpcId: vpc.ID(), CidrBlock: pulumi.String("10.0.0.0/20")},
			pulumi.Parent(comp), pulumi.RetainOnDelete(true), pulumi.DeletedWith(vpc))
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{"vpcArn": vpc.Arn, "subnetId": subnet.ID(), "token": pulumi.ToSecret(pulumi.String("x"))}, nil
	})
	require.NoError(t, err)
	require.Len(t, plan.Resources, 3)

	holderRes, ok := plan.Find("test:index:Holder", "holder")
	require.True(t, ok)
	assert.False(t, holderRes.Custom)
	assert.Equal(t, "urn:pulumi:dev::pinterest-pipeline::pulumi:pulumi:Stack::pinterest-pipeline-dev", holderRes.Parent)

	vpc, ok := plan.Find("aws:ec2/vpc:Vpc", "vpc")
	require.True(t, ok)
	assert.Equal(t, "urn:pulumi:dev::pinterest-pipeline::test:index:Holder$aws:ec2/vpc:Vpc::vpc", vpc.URN)
	assert.Equal(t, holderRes.URN, vpc.Parent)
	assert.True(t, vpc.Protect)
	assert.Equal(t, "10.0.0.0/16", vpc.Inputs["cidrBlock"])

	subnet, ok := plan.Find("aws:ec2/subnet:Subnet", "subnet")
	require.True(t, ok)
	assert.Equal(t, []string{vpc.URN}, subnet.Dependencies)
	assert.Equal(t, map[string][]string{"vpcId": {vpc.URN}}, filterEmpty(subnet.PropertyDependencies))
	assert.True(t, subnet.RetainOnDelete)
	assert.Equal(t, vpc.URN, subnet.DeletedWith)
	assert.Regexp(t, `^vpc-[0-9a-f]{17}$`, subnet.Inputs["vpcId"], "inputs carry the stand-in id")

	assert.Regexp(t, `^arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-[0-9a-f]{17}$`, plan.Outputs["vpcArn"])
	assert.Regexp(t, `^subnet-[0-9a-f]{17}$`, plan.Outputs["subnetId"])
	assert.Equal(t, SecretMarker, plan.Outputs["token"], "secret outputs are masked")
}

func filterEmpty(m map[string][]string) map[string][]string {
	out := map[string][]string{}
	for k, v := range m {
		if len(v) > 0 {
			out[k] = v
		}
	}
	return out
}

func TestRunMasksSecretInputsAndShowsUnknowns(t *testing.T) {
	t.Parallel()
	plan, err := Run(Options{
		Config:     map[string]string{"pinterest-pipeline:password": "hunter2"},
		SecretKeys: []string{"pinterest-pipeline:password"},
	}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		password := config.GetSecret(ctx, "password")
		// aws:ec2/keyPair has no stand-in, so its computed fingerprint stays unknown.
		key, err := ec2.NewKeyPair(ctx, "key", &ec2.KeyPairArgs{PublicKey: password})
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{"fingerprint": key.Fingerprint}, nil
	})
	require.NoError(t, err)
	key, ok := plan.Find("aws:ec2/keyPair:KeyPair", "key")
	require.True(t, ok)
	assert.Equal(t, SecretMarker, key.Inputs["publicKey"])
	assert.Equal(t, UnknownMarker, plan.Outputs["fingerprint"])
	out, err := plan.JSON()
	require.NoError(t, err)
	assert.NotContains(t, string(out), "hunter2", "a secret must never reach the plan")
}

func TestRunFailsLoudlyOnAnUnmockedInvoke(t *testing.T) {
	t.Parallel()
	_, err := Run(Options{}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		_, err := aws.GetBillingServiceAccount(ctx, nil)
		return nil, err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unmocked invoke "aws:index/getBillingServiceAccount:getBillingServiceAccount"`)
	assert.Contains(t, err.Error(), "internal/sim/invokes.go")
}

func TestInvokeStandIns(t *testing.T) {
	t.Parallel()
	var zones, zoneIDs []string
	var account string
	_, err := Run(Options{Config: map[string]string{"aws:region": "ap-northeast-1"}}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		azs, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{})
		if err != nil {
			return nil, err
		}
		id, err := aws.GetCallerIdentity(ctx, nil)
		if err != nil {
			return nil, err
		}
		zones, zoneIDs, account = azs.Names, azs.ZoneIds, id.AccountId
		return nil, nil
	})
	require.NoError(t, err)
	assert.Equal(t, "ap-northeast-1a", zones[0])
	assert.Equal(t, "apne1-az1", zoneIDs[0])
	assert.Equal(t, Account, account)
}

func TestStandInsAreDeterministic(t *testing.T) {
	t.Parallel()
	program := func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		var outs = map[string]pulumi.Input{}
		for _, name := range []string{"a", "b", "c", "d"} {
			vpc, err := ec2.NewVpc(ctx, name, &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")})
			if err != nil {
				return nil, err
			}
			outs[name] = vpc.ID()
		}
		return outs, nil
	}
	first, err := Run(Options{}, program)
	require.NoError(t, err)
	second, err := Run(Options{}, program)
	require.NoError(t, err)
	a, err := first.JSON()
	require.NoError(t, err)
	b, err := second.JSON()
	require.NoError(t, err)
	assert.Equal(t, string(a), string(b))
	assert.NotEqual(t, first.Outputs["a"], first.Outputs["b"], "distinct resources get distinct ids")
}

func TestReadStackAndOverrides(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600))
	}
	write("Pulumi.yaml", "name: proj\nruntime: go\nconfig:\n  network:\n    type: object\n    default: {}\n  token:\n    type: string\n    default: \"\"\n")
	write("Pulumi.test.yaml", "config:\n  aws:region: eu-west-1\n  proj:network:\n    azCount: 2\n    zones: [a, b]\n  proj:token:\n    secure: v1:abc\n")
	project, err := ReadProject(dir)
	require.NoError(t, err)
	opts, err := ReadStack(dir, project, "test")
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", opts.Config["aws:region"])
	assert.JSONEq(t, `{"azCount":2,"zones":["a","b"]}`, opts.Config["proj:network"])
	assert.Equal(t, SecretMarker, opts.Config["proj:token"])
	assert.Equal(t, []string{"proj:token"}, opts.SecretKeys)

	require.NoError(t, ApplyOverrides(&opts, []string{"network.azCount=3", "network.nat.strategy=single", "aws:region=us-east-2", "kafka={brokers: 3}"}))
	assert.JSONEq(t, `{"azCount":3,"zones":["a","b"],"nat":{"strategy":"single"}}`, opts.Config["proj:network"])
	assert.Equal(t, "us-east-2", opts.Config["aws:region"])
	assert.JSONEq(t, `{"brokers":3}`, opts.Config["proj:kafka"])

	err = ApplyOverrides(&opts, []string{"novalue", "aws:region=[unclosed"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `--config "novalue": write it as key=value`)
	assert.Contains(t, err.Error(), "is not valid YAML")

	_, err = ReadStack(dir, project, "missing")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pick one of: test")

	defaults, err := ReadStack(dir, project, "test")
	require.NoError(t, err)
	write("Pulumi.bare.yaml", "config:\n  aws:region: eu-west-1\n")
	bare, err := ReadStack(dir, project, "bare")
	require.NoError(t, err)
	assert.Equal(t, "{}", bare.Config["proj:network"], "declared defaults fill keys the stack leaves out")
	assert.NotEqual(t, defaults.Config["proj:network"], bare.Config["proj:network"])
}
