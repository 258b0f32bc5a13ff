// Command gen writes internal/conformance/constraints_gen.go, the API constraint tables of the
// members conformance.Mapping names, from the service models of the botocore that python3
// imports (`go generate ./internal/conformance`). It refuses any botocore but the pinned one.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/conformance"
)

func main() {
	if err := run("constraints_gen.go"); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	where, err := exec.Command("python3", "-c",
		"import botocore, json, os; print(json.dumps([os.path.dirname(botocore.__file__), botocore.__version__]))").Output()
	if err != nil {
		return fmt.Errorf("locating botocore with python3 (pip install botocore==%s): %w", conformance.PinnedBotocore, err)
	}
	var found [2]string
	if err := json.Unmarshal(where, &found); err != nil {
		return fmt.Errorf("reading botocore's location: %w", err)
	}
	if found[1] != conformance.PinnedBotocore {
		return fmt.Errorf("botocore %s is installed, but the tables are pinned to %s: install that, or change conformance.PinnedBotocore "+
			"and review the regenerated tables", found[1], conformance.PinnedBotocore)
	}
	src, err := conformance.Generate(filepath.Join(found[0], "data"), found[1], conformance.Members())
	if err != nil {
		return err
	}
	return os.WriteFile(out, src, 0o644)
}
