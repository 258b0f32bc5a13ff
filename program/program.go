// Package program is the stack's program function: it turns a validated stacks.Config into
// components. main.go, the offline plan and the tests all run this same code.
package program

import (
	"fmt"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Pipeline holds typed handles to the stack's components.
type Pipeline struct {
	Config  *stacks.Config
	Network *components.Network
}

// Deploy declares every component of the pipeline for a validated configuration.
func Deploy(ctx *pulumi.Context, cfg *stacks.Config) (*Pipeline, error) {
	p := &Pipeline{Config: cfg}
	tags := cfg.CommonTags()

	network, err := components.NewNetwork(ctx, "network", networkArgs(cfg, tags))
	if err != nil {
		return nil, fmt.Errorf("declaring the network: %w", err)
	}
	p.Network = network
	return p, nil
}

func networkArgs(cfg *stacks.Config, tags map[string]string) *components.NetworkArgs {
	n := cfg.Network
	args := &components.NetworkArgs{
		Region:            cfg.Region,
		CIDR:              n.CIDR,
		AZCount:           n.AZCount,
		AvailabilityZones: n.AvailabilityZones,
		SubnetNewBits:     n.SubnetNewBits,
		NATGateways:       components.NATStrategy(n.NATGateways),
		NamePrefix:        cfg.Identity.UserID + "-" + cfg.Stack,
		Tags:              tags,
	}
	if n.UsesExistingVPC() {
		args.Existing = &components.ExistingVPC{
			VpcID: n.VpcID, PrivateSubnetIDs: n.PrivateSubnetIDs, PublicSubnetIDs: n.PublicSubnetIDs,
		}
	}
	return args
}

// Outputs are the stack outputs, keyed by their camelCase export names.
func (p *Pipeline) Outputs() map[string]pulumi.Input {
	id := p.Config.Identity
	return map[string]pulumi.Input{
		"userId":           pulumi.String(id.UserID),
		"environment":      pulumi.String(id.Environment),
		"expiresAt":        pulumi.String(id.ExpiresAt),
		"region":           pulumi.String(p.Config.Region),
		"vpcId":            p.Network.VpcID,
		"privateSubnetIds": p.Network.PrivateSubnetIDs,
		"publicSubnetIds":  p.Network.PublicSubnetIDs,
		"s3EndpointId":     p.Network.S3EndpointID,
	}
}

// Stack is the program as main.go runs it, minus the exports: load the configuration,
// declare the pipeline, return the stack outputs. The offline plan and the tests run it.
func Stack(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
	cfg, err := stacks.Load(ctx)
	if err != nil {
		return nil, err
	}
	p, err := Deploy(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return p.Outputs(), nil
}
