package emulate

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliusage"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/stackoutput"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// APIKeyEnv is read when --api-key is not given, so the key need not appear in `ps`.
const APIKeyEnv = "PINTEREST_PIPELINE_API_KEY"

// Env is what the command needs from its process, injected so tests run it in-process.
type Env struct {
	Stdout, Stderr io.Writer
	// Terminal says whether Stderr is a terminal, where the progress bar is drawn.
	Terminal bool
	// Pulumi runs the pulumi CLI; stackoutput.Exec in the real command.
	Pulumi stackoutput.Command
	Getenv func(string) string
}

func usagef(format string, args ...any) error { return cliusage.Errorf(format, args...) }

type cliOptions struct {
	apiURL, stage, stack, dir, userID, apiKey, mode, out string
	stageSet                                             bool
	posts, concurrency, maxAttempts                      int
	rate                                                 float64
	seed                                                 uint64
	timeout                                              time.Duration
	dryRun                                               bool
	targets                                              []Target
}

// Main runs the emulate command with args (without the program name) and returns its exit code.
func Main(ctx context.Context, args []string, env Env) int {
	opts, err := parseFlags(args, env)
	if errors.Is(err, flag.ErrHelp) {
		return cliexit.OK
	}
	if err != nil {
		return fail(env, err)
	}
	if opts.dryRun {
		return dryRun(opts, env)
	}
	if err := resolveFromStack(ctx, &opts, env); err != nil {
		return fail(env, err)
	}
	base, err := ResolveInvokeURL(opts.apiURL, opts.stage, opts.stageSet)
	if err != nil {
		return fail(env, err)
	}
	if problems := stacks.UserIDProblems(opts.userID); len(problems) > 0 {
		return fail(env, usagef("--user-id %s", strings.Join(problems, "; ")))
	}

	sender := NewSender(base, opts.apiKey, opts.concurrency, opts.timeout)
	sender.Retry.MaxAttempts = opts.maxAttempts
	run := RunOptions{
		UserID: opts.userID, Posts: opts.posts, Targets: opts.targets, Rate: opts.rate,
		Concurrency: opts.concurrency, Progress: NewProgress(env.Stderr, env.Terminal),
	}
	fmt.Fprintf(env.Stderr, "emulate: %d posts (%d requests) to %s as user %s, seed %d\n",
		opts.posts, run.Requests(), base, opts.userID, opts.seed)
	summary, err := Run(ctx, NewGenerator(opts.seed), sender, run)
	if summary != nil {
		summary.Write(env.Stdout)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "emulate: %v\n", err)
		return cliexit.Failed
	}
	if summary.Failed > 0 {
		fmt.Fprintf(env.Stderr, "emulate: %d of %d requests failed\n", summary.Failed, summary.Sent)
		return cliexit.Failed
	}
	return cliexit.OK
}

func fail(env Env, err error) int {
	fmt.Fprintf(env.Stderr, "emulate: %v\n", err)
	return cliexit.Of(err)
}

func parseFlags(args []string, env Env) (cliOptions, error) {
	var o cliOptions
	fs := flag.NewFlagSet("emulate", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&o.apiURL, "api-url", "", "the API's invoke URL (the invokeUrl stack output); default: read with `pulumi stack output`")
	fs.StringVar(&o.stage, "stage", "dev", "the API stage, appended when --api-url has no path; must match the URL's stage otherwise")
	fs.StringVar(&o.stack, "stack", "", "the Pulumi stack to read outputs from (default: the selected stack)")
	fs.StringVar(&o.dir, "cwd", "", "the Pulumi project directory (default: the current directory)")
	fs.StringVar(&o.userID, "user-id", "", "the course user id naming topics and streams; default: the userId stack output")
	fs.StringVar(&o.apiKey, "api-key", "", "the API key sent as x-api-key (default: $"+APIKeyEnv+", else the apiKey stack output)")
	fs.StringVar(&o.mode, "mode", "both", "where records go: batch (Kafka topics), stream (Kinesis) or both")
	fs.IntVar(&o.posts, "count", 100, "posts to send; each is a pin, a geo and a user record per target")
	fs.Float64Var(&o.rate, "rate", 20, "requests per second across all workers; 0 for no limit (the stage throttles at api.throttleRateLimit)")
	fs.IntVar(&o.concurrency, "concurrency", 4, "requests in flight at once")
	fs.IntVar(&o.maxAttempts, "max-attempts", DefaultRetryPolicy.MaxAttempts, "tries per request, including the first, on throttling, 5xx and network errors")
	fs.DurationVar(&o.timeout, "timeout", 15*time.Second, "the limit for one HTTP attempt")
	fs.Uint64Var(&o.seed, "seed", 100, "the generator's seed; the same seed gives the same records")
	fs.BoolVar(&o.dryRun, "dry-run", false, "write the records as JSON lines instead of sending them")
	fs.StringVar(&o.out, "out", "-", "with --dry-run, the file to write (- for standard output)")
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "usage: emulate [--api-url URL] [--user-id ID] [--mode batch|stream|both] [--count N] [--rate R] [--concurrency C] [--dry-run]")
		fs.PrintDefaults()
		fmt.Fprint(env.Stderr, cliexit.Emulate.Usage())
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
	fs.Visit(func(f *flag.Flag) { o.stageSet = o.stageSet || f.Name == "stage" })
	if o.apiKey == "" && env.Getenv != nil {
		o.apiKey = env.Getenv(APIKeyEnv)
	}
	return o, validateFlags(&o)
}

var stagePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

func validateFlags(o *cliOptions) error {
	var problems []error
	if o.posts < 1 {
		problems = append(problems, usagef("--count must be at least 1, got %d", o.posts))
	}
	if o.rate < 0 {
		problems = append(problems, usagef("--rate must be 0 (no limit) or more, got %g", o.rate))
	}
	if o.concurrency < 1 || o.concurrency > 1000 {
		problems = append(problems, usagef("--concurrency must be 1 to 1000, got %d", o.concurrency))
	}
	if o.maxAttempts < 1 {
		problems = append(problems, usagef("--max-attempts must be at least 1, got %d", o.maxAttempts))
	}
	if o.timeout <= 0 {
		problems = append(problems, usagef("--timeout must be positive, got %s", o.timeout))
	}
	if !stagePattern.MatchString(o.stage) {
		problems = append(problems, usagef("--stage %q may contain only letters, digits, hyphens and underscores", o.stage))
	}
	targets, err := ParseMode(o.mode)
	if err != nil {
		problems = append(problems, usagef("--mode %v", err))
	}
	o.targets = targets
	if o.userID != "" {
		if p := stacks.UserIDProblems(o.userID); len(p) > 0 {
			problems = append(problems, usagef("--user-id %s", strings.Join(p, "; ")))
		}
	}
	if len(problems) > 0 {
		// errors.Join keeps one line per problem; the result is still a usage error.
		return cliusage.Wrap(errors.Join(problems...))
	}
	return nil
}

// resolveFromStack fills what the flags left out from the stack outputs.
func resolveFromStack(ctx context.Context, o *cliOptions, env Env) error {
	if o.apiURL != "" && o.userID != "" {
		return nil
	}
	run := env.Pulumi
	if run == nil {
		run = stackoutput.Exec
	}
	outputs, err := stackoutput.Read(ctx, run, o.stack, o.dir, o.apiKey == "")
	if errors.Is(err, stackoutput.ErrNoPulumi) {
		return usagef("--api-url and --user-id are needed when %v", stackoutput.ErrNoPulumi)
	}
	if err != nil {
		return fmt.Errorf("%w (or pass --api-url and --user-id)", err)
	}
	if o.apiURL == "" {
		if outputs.InvokeURL == "" {
			return errors.New("the stack has no invokeUrl output: is it deployed? (or pass --api-url)")
		}
		o.apiURL = outputs.InvokeURL
	}
	if o.userID == "" {
		if outputs.UserID == "" {
			return errors.New("the stack has no userId output (pass --user-id)")
		}
		o.userID = outputs.UserID
	}
	if o.apiKey == "" {
		o.apiKey = outputs.APIKey
	}
	return nil
}

// ResolveInvokeURL returns the base URL requests are relative to: rawURL with its stage.
// A bare host gets "/<stage>" appended; a URL with a path must end with the stage when
// stageSet says --stage was given, because a mismatch would send every record to a 403.
func ResolveInvokeURL(rawURL, stage string, stageSet bool) (string, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", usagef("--api-url %q must be an absolute http(s) URL such as https://abc123.execute-api.us-east-1.amazonaws.com/dev", rawURL)
	}
	path := strings.Trim(u.Path, "/")
	if strings.Contains("/"+path+"/", "/topics/") || strings.Contains("/"+path+"/", "/streams/") {
		return "", usagef("--api-url %q is a topic or stream URL; give the invoke URL (the invokeUrl stack output)", rawURL)
	}
	if path == "" {
		path = stage
	} else if last := path[strings.LastIndex(path, "/")+1:]; stageSet && last != stage {
		return "", usagef("--stage %q does not match the stage %q already at the end of --api-url", stage, last)
	}
	return u.Scheme + "://" + u.Host + "/" + path, nil
}

func dryRun(o cliOptions, env Env) int {
	w := env.Stdout
	if o.out != "-" {
		f, err := os.Create(o.out)
		if err != nil {
			return fail(env, fmt.Errorf("--out: %w", err))
		}
		defer f.Close()
		w = f
	}
	if err := WriteDryRun(w, NewGenerator(o.seed), o.posts); err != nil {
		return fail(env, err)
	}
	return cliexit.OK
}
