// Command pinterest-pipeline is the Pulumi program that declares one environment of the
// Pinterest data pipeline. Run it through `pulumi up`; inspect it offline with
// `go run ./cmd/plan --stack dev`, which runs the same stacks.Load and program.Deploy. Only
// this real run fills the S3 sink plugin cache (program.PreparePluginArchive); the plan never does.
package main

import (
	"net/http"
	"time"

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
		// Pulumi runs the program in the project directory; the plugin cache lives there.
		if err := program.PreparePluginArchive(ctx, cfg, &http.Client{Timeout: 15 * time.Minute}, "."); err != nil {
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
