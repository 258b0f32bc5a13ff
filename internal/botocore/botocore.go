// Package botocore finds the botocore Python package whose data (endpoint and service models)
// the repository's generators read, so that they and the tests that compare their output
// locate it the same way.
package botocore

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
)

// Locate returns the data directory and version of the botocore that python3 imports.
func Locate() (dataDir, version string, err error) {
	out, err := exec.Command("python3", "-c",
		"import botocore, json, os; print(json.dumps([os.path.dirname(botocore.__file__), botocore.__version__]))").Output()
	if err != nil {
		return "", "", fmt.Errorf("locating botocore with python3 (pip install botocore): %w", err)
	}
	var found [2]string
	if err := json.Unmarshal(out, &found); err != nil {
		return "", "", fmt.Errorf("reading botocore's location: %w", err)
	}
	return filepath.Join(found[0], "data"), found[1], nil
}
