// Command verify checks that an emulator run's records arrived: objects under
// s3://<bucket>/topics/<userId>.<kind>/ (every partition) and records in each Kinesis stream
// streaming-<userId>-<kind>. It prints a count per kind and a verdict; -h lists its exit
// statuses (internal/cliexit).
//
//	go run ./cmd/verify                                   # reads userId, bucketName and region from `pulumi stack output`
//	go run ./cmd/verify --user-id 0affd9571f39 --region us-east-1 --check s3
//	go run ./cmd/verify --user-id u1 --endpoint-url http://127.0.0.1:5000   # a local moto server
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/stackoutput"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/verify"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := verify.Main(ctx, os.Args[1:], verify.Env{
		Stdout:        os.Stdout,
		Stderr:        os.Stderr,
		Pulumi:        stackoutput.Exec,
		Getenv:        os.Getenv,
		LoadAWSConfig: verify.LoadDefaultAWSConfig,
	})
	stop()
	os.Exit(code)
}
