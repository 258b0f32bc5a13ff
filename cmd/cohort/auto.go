package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// autoStacks drives the Pulumi CLI through the Automation API (github.com/pulumi/pulumi/sdk/v3/go/auto)
// on the project directory, the repository root that holds Pulumi.yaml, as `pulumi` run there
// would: the same backend (`pulumi login`), the same stack files, the same policy pack. Each
// operation's progress goes to <logDir>/<stack>.log. The tests cannot run it (no Pulumi CLI);
// they run the same commands against a fake Stacks.
type autoStacks struct {
	dir    string
	logDir string
	// policyPack is the policy pack every preview and update runs with, as the docs' `pulumi up
	// --policy-pack policies` does; "" when the project has none.
	policyPack string
	// mu serialises creating workspaces and selecting stacks. Selecting (which UpsertStack and
	// SelectStack do) writes the workspace's current stack to one shared file, so parallel
	// selects can corrupt it ("Avoid mutating global state when creating or selecting stacks",
	// https://github.com/pulumi/pulumi/issues/8186); every other command names its stack.
	mu sync.Mutex
}

func newAutoStacks(dir, logDir string) (*autoStacks, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	a := &autoStacks{dir: abs, logDir: logDir}
	if info, err := os.Stat(filepath.Join(abs, "policies", "PulumiPolicy.yaml")); err == nil && !info.IsDir() {
		a.policyPack = filepath.Join(abs, "policies")
	}
	return a, nil
}

func (a *autoStacks) workspace(ctx context.Context) (auto.Workspace, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return auto.NewLocalWorkspace(ctx, auto.WorkDir(a.dir))
}

func (a *autoStacks) List(ctx context.Context) ([]string, error) {
	ws, err := a.workspace(ctx)
	if err != nil {
		return nil, err
	}
	summaries, err := ws.ListStacks(ctx)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(summaries))
	for i, s := range summaries {
		names[i] = s.Name
	}
	return names, nil
}

func (a *autoStacks) Config(ctx context.Context, stack string) (map[string]string, error) {
	ws, err := a.workspace(ctx)
	if err != nil {
		return nil, err
	}
	// Without --show-secrets: the cohort settings are plain, and another stack's secrets (and
	// its passphrase) are none of this command's business.
	all, err := ws.GetAllConfigWithOptions(ctx, stack, &auto.GetAllConfigOptions{ShowSecrets: false})
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(all))
	for k, v := range all {
		out[k] = v.Value
	}
	return out, nil
}

// Ensure writes the stack file through the workspace's stack settings rather than `pulumi
// config set --path`: that command coerces each value it sets ("true" to a boolean, "2026" to
// a number, while "0.5" stays text: coerce in sdk/go/common/resource/config/object.go), so a
// tag value or a budget copied from the template would reach the program with another type.
// Typed values written whole keep the template's types exactly. LocalWorkspace keeps stack
// settings in Pulumi.<stack>.yaml, as the CLI does ("Automation API concepts & terminology",
// https://www.pulumi.com/docs/iac/automation-api/concepts-terminology/), so this is the file
// `pulumi config set` would write.
func (a *autoStacks) Ensure(ctx context.Context, stack string, cfg map[string]any, secrets map[string]string) error {
	a.mu.Lock()
	s, err := auto.UpsertStackLocalSource(ctx, stack, a.dir)
	a.mu.Unlock()
	if err != nil {
		return err
	}
	ws := s.Workspace()
	if len(cfg) > 0 {
		if err := a.writeSettings(ctx, ws, stack, cfg); err != nil {
			return err
		}
	}
	if len(secrets) == 0 {
		return nil
	}
	// Only the CLI can encrypt with the stack's secrets provider.
	values := auto.ConfigMap{}
	for key, value := range secrets {
		values[key] = auto.ConfigValue{Value: value, Secret: true}
	}
	return ws.SetAllConfig(ctx, stack, values)
}

func (a *autoStacks) writeSettings(ctx context.Context, ws auto.Workspace, stack string, cfg map[string]any) error {
	settings, err := ws.StackSettings(ctx, stack)
	if err != nil {
		// A stack in the Pulumi Cloud backend has no file until something is set.
		if _, statErr := os.Stat(a.stackFile(stack)); !errors.Is(statErr, fs.ErrNotExist) {
			return err
		}
		settings = &workspace.ProjectStack{}
	}
	if settings.Config == nil {
		settings.Config = config.Map{}
	}
	for key, value := range cfg {
		k, err := config.ParseKey(key)
		if err != nil {
			return fmt.Errorf("config key %s: %w", key, err)
		}
		v, err := configValue(value)
		if err != nil {
			return fmt.Errorf("config key %s: %w", key, err)
		}
		settings.Config[k] = v
	}
	return ws.SaveStackSettings(ctx, stack, settings)
}

// stackFile is where LocalWorkspace keeps a stack's settings: the last part of a qualified name.
func (a *autoStacks) stackFile(stack string) string {
	return filepath.Join(a.dir, "Pulumi."+stack[strings.LastIndex(stack, "/")+1:]+".yaml")
}

// configValue is value as a typed stack setting.
func configValue(value any) (config.Value, error) {
	switch v := value.(type) {
	case string:
		return config.NewTypedValue(v, config.TypeString), nil
	case bool:
		return config.NewTypedValue(strconv.FormatBool(v), config.TypeBool), nil
	case int:
		return config.NewTypedValue(strconv.Itoa(v), config.TypeInt), nil
	case int64:
		return config.NewTypedValue(strconv.FormatInt(v, 10), config.TypeInt), nil
	case uint64:
		return config.NewTypedValue(strconv.FormatUint(v, 10), config.TypeInt), nil
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return config.NewTypedValue(strconv.FormatInt(int64(v), 10), config.TypeInt), nil
		}
		return config.NewTypedValue(strconv.FormatFloat(v, 'g', -1, 64), config.TypeFloat), nil
	case map[string]any, []any:
		raw, err := json.Marshal(v)
		if err != nil {
			return config.Value{}, err
		}
		return config.NewObjectValue(string(raw)), nil
	}
	return config.Value{}, fmt.Errorf("cannot write a %T as a stack setting", value)
}

// selectStack selects an existing stack; the CLI's own message says when it does not exist.
func (a *autoStacks) selectStack(ctx context.Context, stack string) (auto.Stack, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return auto.SelectStackLocalSource(ctx, stack, a.dir)
}

// operate runs one long operation on an existing stack with its progress going to
// <logDir>/<stack>.log; a failure keeps the error's first line (the CLI's whole output is in
// the log) and names the log.
func (a *autoStacks) operate(ctx context.Context, stack, operation string, fn func(s auto.Stack, log io.Writer) error) error {
	s, err := a.selectStack(ctx, stack)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(a.logDir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(a.logDir, strings.ReplaceAll(stack, "/", "_")+".log")
	log, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer log.Close()
	fmt.Fprintf(log, "\n=== pulumi %s --stack %s (%s)\n", operation, stack, time.Now().UTC().Format(time.RFC3339))
	if err := fn(s, log); err != nil {
		first, _, _ := strings.Cut(err.Error(), "\n")
		return fmt.Errorf("%s (log: %s)", first, path)
	}
	return nil
}

func (a *autoStacks) Preview(ctx context.Context, stack string) (map[string]int, error) {
	changes := map[string]int{}
	err := a.operate(ctx, stack, "preview", func(s auto.Stack, log io.Writer) error {
		opts := []optpreview.Option{optpreview.ProgressStreams(log), optpreview.ErrorProgressStreams(log)}
		if a.policyPack != "" {
			opts = append(opts, optpreview.PolicyPacks(a.policyPack))
		}
		res, err := s.Preview(ctx, opts...)
		for op, n := range res.ChangeSummary {
			changes[string(op)] = n
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return changes, nil
}

func (a *autoStacks) Up(ctx context.Context, stack string) (Outputs, error) {
	var out Outputs
	err := a.operate(ctx, stack, "up", func(s auto.Stack, log io.Writer) error {
		opts := []optup.Option{optup.ProgressStreams(log), optup.ErrorProgressStreams(log)}
		if a.policyPack != "" {
			opts = append(opts, optup.PolicyPacks(a.policyPack))
		}
		res, err := s.Up(ctx, opts...)
		out = plainOutputs(res.Outputs)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (a *autoStacks) Outputs(ctx context.Context, stack string) (Outputs, error) {
	s, err := a.selectStack(ctx, stack)
	if err != nil {
		return nil, err
	}
	out, err := s.Outputs(ctx)
	if err != nil {
		return nil, err
	}
	return plainOutputs(out), nil
}

func (a *autoStacks) Destroy(ctx context.Context, stack string) error {
	return a.operate(ctx, stack, "destroy", func(s auto.Stack, log io.Writer) error {
		_, err := s.Destroy(ctx, optdestroy.ProgressStreams(log), optdestroy.ErrorProgressStreams(log))
		return err
	})
}

func (a *autoStacks) Remove(ctx context.Context, stack string) error {
	ws, err := a.workspace(ctx)
	if err != nil {
		return err
	}
	return ws.RemoveStack(ctx, stack)
}

func plainOutputs(m auto.OutputMap) Outputs {
	out := make(Outputs, len(m))
	for k, v := range m {
		out[k] = v.Value
	}
	return out
}
