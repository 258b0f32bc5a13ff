// Command pinterest-pipeline is the Pulumi program that declares one environment of the
// Pinterest data pipeline. Run it through `pulumi up`; inspect it offline with
// `go run ./cmd/plan --stack dev`.
package main

import (
	"github.com/pinterest-pipeline/pinterest-pipeline/program"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		outputs, err := program.Stack(ctx)
		if err != nil {
			return err
		}
		for name, value := range outputs {
			ctx.Export(name, value)
		}
		return nil
	})
}
