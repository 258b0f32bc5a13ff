// Command gen writes internal/conformance/constraints_gen.go, the API constraint tables of the
// members conformance.Mapping names, from the service models of the botocore that python3
// imports (`go generate ./internal/conformance`). It refuses any botocore but the pinned one.
package main

import (
	"fmt"
	"os"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/botocore"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/conformance"
)

func main() {
	if err := run("constraints_gen.go"); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	dataDir, version, err := botocore.Locate()
	if err != nil {
		return err
	}
	if version != conformance.PinnedBotocore {
		return fmt.Errorf("botocore %s is installed, but the tables are pinned to %s: install that, or change conformance.PinnedBotocore "+
			"and review the regenerated tables", version, conformance.PinnedBotocore)
	}
	src, err := conformance.Generate(dataDir, version, conformance.Members())
	if err != nil {
		return err
	}
	return os.WriteFile(out, src, 0o644)
}
