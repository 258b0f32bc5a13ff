// Command preflight checks the target AWS account and Databricks workspace, read-only, for
// what `pulumi up` of a stack would be refused: the account, free global names, the region's
// services and zones, quotas, the KMS key, the workspace and its token, and the cross-account
// role's PassRole. docs/preflight.md lists every check and its fix.
//
//	go run ./cmd/preflight --stack dev          # one line per check and a summary
//	go run ./cmd/preflight --stack dev --json   # the same as JSON
//
// It exits 0 when nothing fails (warnings allowed), 1 when a check fails or the configuration
// is invalid, and 2 for a bad command line.
package main

import (
	"context"
	"os"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/preflight"
)

func main() {
	os.Exit(preflight.Main(context.Background(), os.Args[1:], preflight.Env{
		Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
	}))
}
