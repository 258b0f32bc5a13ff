// Command init writes a learner's stack file, Pulumi.<stack>.yaml, from four answers: the
// course user id, the owner, the AWS region and the expiry date. It is the offline
// equivalent of `pulumi new` from this repository: answers are checked with the stack's own
// validation (the same messages `pulumi up` gives), nothing is written while any is wrong,
// and an existing stack file is kept unless --force is given.
//
//	go run ./cmd/init --stack dev                  # asks for what the flags do not give
//	go run ./cmd/init --stack dev --user-id 1a2b3c4d5e6f --owner you@example.com
//
// The file it writes is a batch-only dev stack (no Databricks, no MWAA) on the Go defaults;
// add settings with `pulumi config set --path …` afterwards.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliexit"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"gopkg.in/yaml.v3"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, time.Now()))
}

// answers are what the stack file is written from.
type answers struct {
	stack, userID, owner, region, expiresAt string
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer, now time.Time) int {
	flags := flag.NewFlagSet("init", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var a answers
	flags.StringVar(&a.stack, "stack", "dev", "the stack whose Pulumi.<stack>.yaml to write")
	dir := flags.String("dir", ".", "the project directory holding Pulumi.yaml")
	force := flags.Bool("force", false, "overwrite an existing stack file")
	flags.StringVar(&a.userID, "user-id", "", "your course user id (identity.userId)")
	flags.StringVar(&a.owner, "owner", "", "who answers for the stack's cost, e.g. your email (identity.owner)")
	flags.StringVar(&a.region, "region", "", "the AWS region (aws:region; default us-east-1)")
	flags.StringVar(&a.expiresAt, "expires-at", "", "the date the stack may be destroyed, YYYY-MM-DD (identity.expiresAt; default in 7 days)")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./cmd/init [--stack dev] [--user-id ID] [--owner WHO] [--region R] [--expires-at YYYY-MM-DD] [--force] [--dir .]")
		flags.PrintDefaults()
		fmt.Fprint(stderr, cliexit.Init.Usage())
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cliexit.OK
		}
		return cliexit.Usage
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "init: unexpected arguments %q; give answers as flags\n", flags.Args())
		return cliexit.Usage
	}
	project, err := sim.ReadProject(*dir)
	if err != nil {
		fmt.Fprintln(stderr, "init:", err)
		return cliexit.Usage
	}
	path := filepath.Join(*dir, "Pulumi."+a.stack+".yaml")
	if _, err := os.Stat(path); err == nil && !*force {
		fmt.Fprintf(stderr, "init: %s exists; nothing was written. Change it with `pulumi config set --path …`, or rerun with --force to replace it\n", path)
		return cliexit.Usage
	}
	defaultExpiry := now.UTC().AddDate(0, 0, 7).Format(time.DateOnly)
	in := bufio.NewReader(stdin)
	for _, q := range []struct {
		value                *string
		prompt, defaultValue string
	}{
		{&a.userID, "Your course user id (identity.userId)", ""},
		{&a.owner, "Who answers for the stack's cost, e.g. your email (identity.owner)", ""},
		{&a.region, "AWS region (aws:region)", "us-east-1"},
		{&a.expiresAt, "Date the scheduled teardown may destroy the stack, YYYY-MM-DD (identity.expiresAt)", defaultExpiry},
	} {
		if *q.value != "" {
			continue
		}
		*q.value = ask(in, stdout, q.prompt, q.defaultValue)
	}
	content, err := render(a)
	if err != nil {
		fmt.Fprintln(stderr, "init:", err)
		return cliexit.Failed
	}
	if err := check(project, a.stack, content); err != nil {
		fmt.Fprintf(stderr, "init: %v\nnothing was written to %s\n", err, path)
		return cliexit.Failed
	}
	if err := os.WriteFile(path, content, 0o644); err != nil {
		fmt.Fprintln(stderr, "init:", err)
		return cliexit.Failed
	}
	fmt.Fprintf(stdout, "wrote %s: a batch-only %s stack on the Go defaults.\nNext: `go run ./cmd/plan --stack %s`, then `pulumi stack init %s` and `pulumi preview`.\n",
		path, stacks.EnvDev, a.stack, a.stack)
	return cliexit.OK
}

// ask prompts for one answer; an empty line takes the default, and end of input answers "".
func ask(in *bufio.Reader, out io.Writer, prompt, defaultValue string) string {
	if defaultValue != "" {
		fmt.Fprintf(out, "%s [%s]: ", prompt, defaultValue)
	} else {
		fmt.Fprintf(out, "%s: ", prompt)
	}
	line, _ := in.ReadString('\n')
	if line = strings.TrimSpace(line); line != "" {
		return line
	}
	return defaultValue
}

// render writes the stack file. Every value is quoted, so that an all-digit user id keeps its
// leading zeros and a date stays text instead of a YAML timestamp.
func render(a answers) ([]byte, error) {
	doc := map[string]any{"config": map[string]any{
		stacks.RegionKey: a.region,
		stacks.Project + ":identity": map[string]any{
			"userId": a.userID, "environment": stacks.EnvDev, "owner": a.owner,
			"ttl": "7d", "expiresAt": a.expiresAt,
		},
	}}
	var b strings.Builder
	b.WriteString("# Written by `go run ./cmd/init`: a dev stack on the Go defaults (stacks/config.go), without\n" +
		"# Databricks or MWAA. Add settings with `pulumi config set --path <key> <value>`.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(quoteScalars(doc)); err != nil {
		return nil, fmt.Errorf("rendering the stack file: %w", err)
	}
	return []byte(b.String()), nil
}

// quoteScalars turns strings into double-quoted YAML nodes.
func quoteScalars(v any) *yaml.Node {
	switch t := v.(type) {
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode}
		for _, k := range slices.Sorted(maps.Keys(t)) {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, quoteScalars(t[k]))
		}
		return n
	default:
		return &yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Value: fmt.Sprint(t)}
	}
}

// check reads content back the way the Pulumi CLI would pass it and validates it as
// `pulumi up` does: the example user id is refused, and so is every other problem.
func check(project *sim.ProjectFile, stack string, content []byte) error {
	dir, err := os.MkdirTemp("", "pinterest-pipeline-init-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "Pulumi."+stack+".yaml"), content, 0o600); err != nil {
		return err
	}
	opts, err := sim.ReadStack(dir, project, stack)
	if err != nil {
		return err
	}
	_, err = stacks.Parse(stack, func(key string) (string, bool) {
		v, ok := opts.Config[key]
		return v, ok
	}, stacks.WithKeys(opts.Keys))
	var problems stacks.Problems
	if errors.As(err, &problems) {
		return problems
	}
	return err
}
