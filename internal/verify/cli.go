package verify

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliusage"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/stackoutput"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// EndpointEnv overrides the S3 and Kinesis endpoint, like --endpoint-url, for local
// emulators such as moto. The SDK's own AWS_ENDPOINT_URL works too.
const EndpointEnv = "PINTEREST_PIPELINE_AWS_ENDPOINT"

// Env is what the command needs from its process, injected so tests run it in-process.
type Env struct {
	Stdout, Stderr io.Writer
	// Pulumi runs the pulumi CLI; stackoutput.Exec in the real command.
	Pulumi stackoutput.Command
	Getenv func(string) string
	// LoadAWSConfig loads credentials and settings; config.LoadDefaultConfig in the real command.
	LoadAWSConfig func(ctx context.Context, region string) (aws.Config, error)
}

// LoadDefaultAWSConfig reads the usual AWS environment, files and roles, with region when set.
func LoadDefaultAWSConfig(ctx context.Context, region string) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if region != "" {
		opts = append(opts, config.WithRegion(region))
	}
	return config.LoadDefaultConfig(ctx, opts...)
}

func usagef(format string, args ...any) error { return cliusage.Errorf(format, args...) }

type cliOptions struct {
	stack, dir, userID, bucket, region, endpoint, check string
	minCount                                            int
	asJSON                                              bool
}

// Main runs the verify command with args (without the program name) and returns its exit code.
func Main(ctx context.Context, args []string, env Env) int {
	o, err := parseFlags(args, env)
	if errors.Is(err, flag.ErrHelp) {
		return cliexit.OK
	}
	if err == nil {
		err = resolveFromStack(ctx, &o, env)
	}
	if err != nil {
		return fail(env, err)
	}
	load := env.LoadAWSConfig
	if load == nil {
		load = LoadDefaultAWSConfig
	}
	cfg, err := load(ctx, o.region)
	if err != nil {
		return fail(env, fmt.Errorf("loading AWS configuration: %w", err))
	}
	if cfg.Region == "" {
		return fail(env, usagef("--region is needed: no region in the stack outputs or the AWS configuration"))
	}
	s3c, kc := NewClients(cfg, o.endpoint)
	report := Run(ctx, s3c, kc, Options{
		UserID: o.userID, Bucket: o.bucket, MinCount: o.minCount,
		SkipS3: o.check == "streams", SkipStreams: o.check == "s3",
	})
	if o.asJSON {
		if err := report.WriteJSON(env.Stdout); err != nil {
			return fail(env, err)
		}
	} else {
		report.Write(env.Stdout)
	}
	if !report.AllPresent() {
		return cliexit.Failed
	}
	return cliexit.OK
}

// NewClients makes the S3 and Kinesis clients, pointed at endpoint when it is set. A custom
// endpoint gets path-style S3 addressing: emulators do not serve bucket subdomains.
func NewClients(cfg aws.Config, endpoint string) (*s3.Client, *kinesis.Client) {
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
			o.UsePathStyle = true
		}
	})
	kc := kinesis.NewFromConfig(cfg, func(o *kinesis.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
	})
	return s3c, kc
}

func fail(env Env, err error) int {
	fmt.Fprintf(env.Stderr, "verify: %v\n", err)
	return cliexit.Of(err)
}

func parseFlags(args []string, env Env) (cliOptions, error) {
	var o cliOptions
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&o.stack, "stack", "", "the Pulumi stack to read outputs from (default: the selected stack)")
	fs.StringVar(&o.dir, "cwd", "", "the Pulumi project directory (default: the current directory)")
	fs.StringVar(&o.userID, "user-id", "", "the course user id; default: the userId stack output")
	fs.StringVar(&o.bucket, "bucket", "", "the data lake bucket; default: the bucketName stack output, else user-<userId>-bucket")
	fs.StringVar(&o.region, "region", "", "the AWS region; default: the region stack output, else the AWS configuration")
	fs.StringVar(&o.endpoint, "endpoint-url", "", "send S3 and Kinesis calls here (a local emulator); default: $"+EndpointEnv)
	fs.StringVar(&o.check, "check", "both", "what to check: s3, streams or both")
	fs.IntVar(&o.minCount, "min-count", 1, "objects or records each place needs to count as present")
	fs.BoolVar(&o.asJSON, "json", false, "print the report as JSON")
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "usage: verify [--user-id ID] [--bucket NAME] [--region R] [--check s3|streams|both] [--min-count N] [--json]")
		fs.PrintDefaults()
		fmt.Fprint(env.Stderr, cliexit.Verify.Usage())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, cliusage.Wrap(err)
	}
	if fs.NArg() > 0 {
		return o, usagef("unexpected argument %q; flags only (see --help)", fs.Arg(0))
	}
	if o.endpoint == "" && env.Getenv != nil {
		o.endpoint = env.Getenv(EndpointEnv)
	}
	switch {
	case o.check != "s3" && o.check != "streams" && o.check != "both":
		return o, usagef("--check %q: want s3, streams or both", o.check)
	case o.minCount < 1:
		return o, usagef("--min-count must be at least 1, got %d", o.minCount)
	case o.userID != "" && len(stacks.UserIDProblems(o.userID)) > 0:
		return o, usagef("--user-id %s", strings.Join(stacks.UserIDProblems(o.userID), "; "))
	}
	if o.endpoint != "" {
		if u, err := url.Parse(o.endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return o, usagef("--endpoint-url %q must be an absolute http(s) URL such as http://127.0.0.1:5000", o.endpoint)
		}
	}
	return o, nil
}

// resolveFromStack fills the user id, bucket and region from the stack outputs when the
// flags leave the user id out; with a user id, everything else has a default.
func resolveFromStack(ctx context.Context, o *cliOptions, env Env) error {
	if o.userID != "" {
		return nil
	}
	run := env.Pulumi
	if run == nil {
		run = stackoutput.Exec
	}
	outputs, err := stackoutput.Read(ctx, run, o.stack, o.dir, false)
	if errors.Is(err, stackoutput.ErrNoPulumi) {
		return usagef("--user-id is needed when %v", stackoutput.ErrNoPulumi)
	}
	if err != nil {
		return fmt.Errorf("%w (or pass --user-id)", err)
	}
	if outputs.UserID == "" {
		return errors.New("the stack has no userId output: is it deployed? (or pass --user-id)")
	}
	o.userID = outputs.UserID
	if o.bucket == "" {
		o.bucket = outputs.BucketName
	}
	if o.region == "" {
		o.region = outputs.Region
	}
	return nil
}
