// Command pinterest-pipeline is the Pulumi program that declares one environment of the
// Pinterest data pipeline. Run it through `pulumi up`; inspect it offline with
// `go run ./cmd/plan --stack dev`, which runs the same stacks.Load and program.Deploy.
package main

import (
	"github.com/pinterest-pipeline/pinterest-pipeline/program"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg, err := stacks.Load(ctx)
		if err != nil {
			return err
		}
		pipeline, err := program.Deploy(ctx, cfg)
		if err != nil {
			return err
		}
		for name, value := range pipeline.Outputs() {
			ctx.Export(name, value)
		}
		return nil
	})
}
