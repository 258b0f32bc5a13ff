// Command policies is the pinterest-pipeline policy pack, served to the Pulumi engine:
//
//	pulumi preview --policy-pack policies [--policy-pack-config policies/dev.json]
//
// The policies live in policies/pack, which the offline plan (cmd/plan) also runs.
package main

import (
	"fmt"
	"os"

	"github.com/pinterest-pipeline/pinterest-pipeline/policies/pack"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

func main() {
	if err := policyx.Main(newPolicyPack); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// newPolicyPack runs when the engine configures the pack for a stack; it reads the stack's
// environment kind, user id, region and budget from that stack's configuration.
func newPolicyPack(pctx *pulumi.Context) (policyx.PolicyPack, error) {
	return pack.New(pack.SettingsFromContext(pctx))
}
