package preflight

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/stackoutput"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// EndpointEnv sends every AWS call to a local emulator, like --endpoint-url (the verifier's variable).
const EndpointEnv = "PINTEREST_PIPELINE_AWS_ENDPOINT"

// TokenEnv holds the Databricks token when `pulumi config get` cannot (CI, no Pulumi CLI).
const TokenEnv = "DATABRICKS_TOKEN"

// Env is what the command needs from its process, injected so that tests run it in-process.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// LoadAWSConfig loads the credentials `pulumi up` would use; LoadDefaultAWSConfig in the command.
	LoadAWSConfig func(ctx context.Context, region, profile string) (aws.Config, error)
	// Pulumi runs the pulumi CLI (stackoutput.Exec), for the secret token.
	Pulumi stackoutput.Command
	// HTTPClient calls the Databricks workspace; nil for a default with a timeout.
	HTTPClient *http.Client
	// Progress receives progress lines; nil for Stderr.
	Progress io.Writer
	// Calls counts the API calls; nil for a fresh count (tests read it).
	Calls *Calls
}

// LoadDefaultAWSConfig reads the default credential chain, as the AWS provider does, with the
// stack's aws:region and aws:profile.
func LoadDefaultAWSConfig(ctx context.Context, region, profile string) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{config.WithRegion(region)}
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	return config.LoadDefaultConfig(ctx, opts...)
}

type options struct {
	stack, dir, endpoint string
	asJSON               bool
	timeout              time.Duration
}

// Main runs the preflight with args (without the program name) and returns its exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	o, err := parseFlags(args, env)
	if errors.Is(err, flag.ErrHelp) {
		return cliexit.OK
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "preflight: %v\n", err)
		return cliexit.Usage
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()

	values, keys, err := readStack(o.dir, o.stack)
	if err != nil {
		fmt.Fprintf(env.Stderr, "preflight: %v\n", err)
		return cliexit.Usage
	}
	lookup := func(k string) (string, bool) { v, ok := values[k]; return v, ok }
	cfg, err := stacks.Parse(o.stack, lookup, stacks.WithKeys(keys))
	if err != nil {
		fmt.Fprintf(env.Stderr, "preflight: stack %s: the configuration is not deployable, so nothing was checked in the account:\n%v\n", o.stack, err)
		return cliexit.Failed
	}
	plan, err := PlanFor(cfg, lookup)
	if err != nil {
		fmt.Fprintf(env.Stderr, "preflight: stack %s: %v\n", o.stack, err)
		return cliexit.Failed
	}

	start := time.Now()
	calls := env.Calls
	if calls == nil {
		calls = &Calls{}
	}
	report := Report{Stack: o.stack, Region: plan.Region}
	load := env.LoadAWSConfig
	if load == nil {
		load = LoadDefaultAWSConfig
	}
	profile, _ := lookup("aws:profile")
	var checks []check
	awsCfg, err := load(ctx, plan.Region, profile)
	if err != nil {
		report.Results = append(report.Results, fail("account", credentialsFix, "cannot load the AWS configuration: %s", describe(err)))
	} else {
		clients := NewAWS(awsCfg, o.endpoint, calls)
		account, partition, res := accountCheck(ctx, clients.STS, plan)
		report.Account = account
		report.Results = append(report.Results, res)
		if account != "" {
			checks = append(checks, awsChecks(clients, plan, account, partition)...)
		}
	}
	token := databricksToken(ctx, env, o, values)
	checks = append(checks, databricksChecks(Databricks{Host: hostOf(plan), Token: token, Client: env.HTTPClient, Calls: calls}, plan)...)
	progress := env.Progress
	if progress == nil {
		progress = env.Stderr
	}
	report.Results = append(report.Results, runChecks(ctx, checks, progress)...)
	report.Calls = calls.Total()
	report.Duration = time.Since(start)

	if o.asJSON {
		if err := report.WriteJSON(env.Stdout); err != nil {
			fmt.Fprintf(env.Stderr, "preflight: writing JSON: %v\n", err)
			return cliexit.Failed
		}
	} else {
		report.Write(env.Stdout)
	}
	if report.Count(Fail) > 0 {
		return cliexit.Failed
	}
	return cliexit.OK
}

// awsChecks lists every AWS check after the account one, in report order.
func awsChecks(a AWS, p Plan, account, partition string) []check {
	var checks []check
	checks = append(checks, bucketChecks(a.S3, p)...)
	checks = append(checks, roleChecks(a.IAM, p)...)
	checks = append(checks, zoneCheck(a.EC2, p), kafkaCheck(a.Kafka, p), connectCheck(a.KafkaConnect, p))
	checks = append(checks, kmsCheck(a.KMS, p)...)
	checks = append(checks, quotaChecks(a, p)...)
	checks = append(checks, passRoleCheck(a.IAM, p, account, partition)...)
	return checks
}

func hostOf(p Plan) string {
	if p.Databricks == nil {
		return ""
	}
	return p.Databricks.Host
}

// databricksToken finds the workspace token: DATABRICKS_TOKEN, else the stack's secret through
// the Pulumi CLI (which alone can decrypt it), else none.
func databricksToken(ctx context.Context, env Env, o options, values map[string]string) string {
	if t := env.Getenv(TokenEnv); t != "" {
		return t
	}
	if _, ok := values[stacks.Project+":databricksToken"]; !ok {
		return ""
	}
	run := env.Pulumi
	if run == nil {
		run = stackoutput.Exec
	}
	args := []string{"config", "get", "databricksToken", "--stack", o.stack}
	if o.dir != "" && o.dir != "." {
		args = append(args, "--cwd", o.dir)
	}
	out, err := run(ctx, "pulumi", args...)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// readStack reads the stack file as the offline plan does: each value as the CLI passes it.
func readStack(dir, stack string) (map[string]string, []string, error) {
	project, err := sim.ReadProject(dir)
	if err != nil {
		return nil, nil, err
	}
	opts, err := sim.ReadStack(dir, project, stack)
	if err != nil {
		return nil, nil, err
	}
	return opts.Config, opts.Keys, nil
}

func parseFlags(args []string, env Env) (options, error) {
	var o options
	fs := flag.NewFlagSet("preflight", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&o.stack, "stack", "dev", "the stack whose Pulumi.<stack>.yaml to check the account against")
	fs.StringVar(&o.dir, "dir", ".", "the project directory holding Pulumi.yaml")
	fs.BoolVar(&o.asJSON, "json", false, "print the report as JSON")
	fs.StringVar(&o.endpoint, "endpoint-url", "", "send every AWS call here (a local emulator); default: $"+EndpointEnv)
	fs.DurationVar(&o.timeout, "timeout", 60*time.Second, "give up on calls still running after this long")
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "usage: go run ./cmd/preflight [--stack dev] [--json] [--dir .]")
		fs.PrintDefaults()
		fmt.Fprint(env.Stderr, cliexit.Preflight.Usage())
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q; flags only (see --help)", fs.Arg(0))
	}
	if o.endpoint == "" {
		o.endpoint = env.Getenv(EndpointEnv)
	}
	if o.endpoint != "" {
		if u, err := url.Parse(o.endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return o, fmt.Errorf("--endpoint-url %q must be an absolute http(s) URL such as http://127.0.0.1:5000", o.endpoint)
		}
	}
	if o.timeout <= 0 {
		return o, fmt.Errorf("--timeout must be positive, got %s", o.timeout)
	}
	return o, nil
}
