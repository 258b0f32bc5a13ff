// Command bootstrap is the Pulumi program of the pinterest-pipeline-ci project: the identity
// the GitHub workflows assume (program.Bootstrap). It is a project of its own so that the
// pipeline's teardown, which lists only its own project's stacks, never selects it. Inspect
// it offline with `go test ./program -run TestBootstrap`.
package main

import (
	"github.com/pinterest-pipeline/pinterest-pipeline/program"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		outputs, err := program.Bootstrap(ctx)
		if err != nil {
			return err
		}
		for name, value := range outputs {
			ctx.Export(name, value)
		}
		return nil
	})
}
