// Command emulate sends realistic Pinterest posts (pin, geo and user records, dirty values
// included) through the deployed API: to the Kafka topics via the REST proxy, to the Kinesis
// streams, or both. It stands in for the course's private source database.
//
//	go run ./cmd/emulate                                  # reads invokeUrl and userId from `pulumi stack output`
//	go run ./cmd/emulate --api-url https://abc.execute-api.us-east-1.amazonaws.com/dev --user-id 0affd9571f39
//	go run ./cmd/emulate --dry-run --count 10 > posts.jsonl
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/emulate"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/stackoutput"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := emulate.Main(ctx, os.Args[1:], emulate.Env{
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
		Terminal: term.IsTerminal(int(os.Stderr.Fd())),
		Pulumi:   stackoutput.Exec,
		Getenv:   os.Getenv,
	})
	stop()
	os.Exit(code)
}
