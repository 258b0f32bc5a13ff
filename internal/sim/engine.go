// Package sim runs the Pulumi program in-process against the SDK's mock monitor, with
// deterministic stand-ins for provider-computed outputs, and records every registration with
// its inputs, parent, dependencies and options. The offline plan and every package's tests use it.
package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// Program is a program function under test: it declares resources and returns the stack outputs.
type Program func(ctx *pulumi.Context) (map[string]pulumi.Input, error)

// Options say which project and stack to simulate and with which configuration.
type Options struct {
	// Project defaults to "pinterest-pipeline".
	Project string
	// Stack defaults to "dev".
	Stack string
	// Config holds fully qualified keys ("aws:region", "<project>:network") with object values as JSON text.
	Config map[string]string
	// Keys are the keys the stack file and the overrides set (ReadStack, ApplyOverrides); Run
	// refuses unknown ones of the project's namespace, as stacks.Load does on a deployment.
	Keys []string
	// SecretKeys lists the config keys that are secrets.
	SecretKeys []string
	// Assumed are the secrets the stack needs but does not set, planned as set secrets with
	// unknown values (see StandInForMissingSecrets).
	Assumed stacks.Problems
	// StackReferences stand in for the outputs of the stacks the program reads through a
	// StackReference, keyed by the name it reads (a learner stack's cohort.platformStack).
	StackReferences map[string]map[string]any

	// project and stackDir are where ReadStack found the stack file: a learner stack's platform
	// stack file is looked for beside it (see standInPlatform).
	project  *ProjectFile
	stackDir string
}

// StackReferenceType is the token of a Pulumi StackReference, which reads another stack's outputs.
const StackReferenceType = "pulumi:pulumi:StackReference"

// Resource is one registration the program made.
type Resource struct {
	URN                  string              `json:"urn"`
	Type                 string              `json:"type"`
	Name                 string              `json:"name"`
	Parent               string              `json:"parent"`
	Custom               bool                `json:"custom"`
	Provider             string              `json:"provider"`
	Inputs               map[string]any      `json:"inputs"`
	Dependencies         []string            `json:"dependencies"`
	PropertyDependencies map[string][]string `json:"propertyDependencies"`
	Protect              bool                `json:"protect"`
	RetainOnDelete       bool                `json:"retainOnDelete"`
	DeletedWith          string              `json:"deletedWith"`

	// RawInputs are the inputs as the engine saw them, secrets and unknowns included.
	RawInputs resource.PropertyMap `json:"-"`
	// Version is the provider plugin version the resource asked for, if any.
	Version string `json:"-"`
	// IgnoreChanges are the input paths the engine keeps from the deployed state on an update.
	IgnoreChanges []string `json:"-"`
}

// Plan is what one simulated run declared.
type Plan struct {
	Project   string         `json:"project"`
	Stack     string         `json:"stack"`
	Resources []Resource     `json:"resources"`
	Outputs   map[string]any `json:"outputs"`
}

// recorder is the mock monitor: it records registrations and answers with stand-in state.
type recorder struct {
	project, stack, region string
	references             map[string]map[string]any

	mu        sync.Mutex
	resources []Resource
}

func (r *recorder) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(r.stack), tokens.PackageName(r.project), parentType, tokens.Type(typ), name))
}

// NewResource records a registration and returns its stand-in id and state.
func (r *recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if args.TypeToken == StackReferenceType && args.ReadRPC != nil {
		return r.readStackReference(args)
	}
	res := Resource{
		Type: args.TypeToken, Name: args.Name, Custom: args.Custom, Provider: args.Provider,
		Inputs: plainMap(args.Inputs), RawInputs: args.Inputs,
		Dependencies: []string{}, PropertyDependencies: map[string][]string{},
	}
	if rpc := args.RegisterRPC; rpc != nil {
		res.Parent = rpc.GetParent()
		res.Dependencies = sortedCopy(rpc.GetDependencies())
		for prop, deps := range rpc.GetPropertyDependencies() {
			res.PropertyDependencies[prop] = sortedCopy(deps.GetUrns())
		}
		res.Protect = rpc.GetProtect()
		res.RetainOnDelete = rpc.GetRetainOnDelete()
		res.DeletedWith = rpc.GetDeletedWith()
		res.IgnoreChanges = rpc.GetIgnoreChanges()
		res.Version = rpc.GetVersion()
	}
	res.URN = r.urn(res.Parent, res.Type, res.Name)

	id, state := "", resource.PropertyMap{}
	if args.Custom {
		id, state = standIn(r.region, res.URN, args.TypeToken, args.Name, args.Inputs)
	}
	r.mu.Lock()
	r.resources = append(r.resources, res)
	r.mu.Unlock()
	return id, state, nil
}

// readStackReference answers a StackReference's read with the stand-in outputs of the stack it
// names, and records the read like a registration (not a custom resource: nothing is created).
func (r *recorder) readStackReference(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	name := args.ID
	if v, ok := args.Inputs["name"]; ok && v.IsString() {
		name = v.StringValue()
	}
	outputs, ok := r.references[name]
	if !ok {
		return "", nil, fmt.Errorf("stack reference %q: the offline plan has no outputs for that stack "+
			"(plan it with the cohort: `go run ./cmd/plan --cohort <roster>`, or give sim.Options.StackReferences)", name)
	}
	res := Resource{
		Type: args.TypeToken, Name: args.Name, Parent: args.ReadRPC.GetParent(),
		Inputs: plainMap(args.Inputs), RawInputs: args.Inputs,
		Dependencies: sortedCopy(args.ReadRPC.GetDependencies()), PropertyDependencies: map[string][]string{},
	}
	res.URN = r.urn(res.Parent, res.Type, res.Name)
	r.mu.Lock()
	r.resources = append(r.resources, res)
	r.mu.Unlock()
	return name, resource.NewPropertyMapFromMap(map[string]any{
		"name": name, "outputs": outputs, "secretOutputNames": []any{},
	}), nil
}

// Call answers invokes from the stand-in table and fails loudly on any other.
func (r *recorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	answer, ok := invokes[args.Token]
	if !ok {
		return nil, fmt.Errorf("unmocked invoke %q: the offline engine has no stand-in for it; add one to internal/sim/invokes.go", args.Token)
	}
	return answer(r.region, args.Args), nil
}

func sortedCopy(xs []string) []string {
	out := slices.Clone(xs)
	if out == nil {
		out = []string{}
	}
	sort.Strings(out)
	return out
}

// Run runs program under the mock monitor and returns what it declared. When the program
// fails, the plan still lists what was registered before the failure, so tests can check
// that a rejected configuration registered nothing.
func Run(opts Options, program Program) (*Plan, error) {
	if opts.Project == "" {
		opts.Project = "pinterest-pipeline"
	}
	if opts.Stack == "" {
		opts.Stack = "dev"
	}
	// Under mocks the program cannot list the config keys (stacks.Load reads them from the
	// language host's PULUMI_CONFIG), so every simulated run refuses unknown keys here.
	if problems := stacks.KeyProblems(opts.Keys); len(problems) > 0 {
		return &Plan{Project: opts.Project, Stack: opts.Stack, Resources: []Resource{}, Outputs: map[string]any{}}, problems
	}
	if err := opts.standInPlatform(program); err != nil {
		return &Plan{Project: opts.Project, Stack: opts.Stack, Resources: []Resource{}, Outputs: map[string]any{}}, err
	}
	rec := &recorder{project: opts.Project, stack: opts.Stack, region: opts.Config["aws:region"], references: opts.StackReferences}
	if rec.region == "" {
		rec.region = "us-east-1"
	}
	outputs := map[string]any{}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		outs, err := program(ctx)
		if err != nil {
			return err
		}
		for name, in := range outs {
			v, err := resolve(ctx.Context(), in)
			if err != nil {
				return fmt.Errorf("resolving output %q: %w", name, err)
			}
			outputs[name] = v
		}
		return nil
	}, pulumi.WithMocks(opts.Project, opts.Stack, rec), func(info *pulumi.RunInfo) {
		info.Config = opts.Config
		info.ConfigSecretKeys = opts.SecretKeys
		// A preview: values the stand-ins do not provide stay unknown instead of turning into zero values.
		info.DryRun = true
	})
	sort.Slice(rec.resources, func(i, j int) bool { return rec.resources[i].URN < rec.resources[j].URN })
	return &Plan{Project: opts.Project, Stack: opts.Stack, Resources: rec.resources, Outputs: outputs}, err
}

func resolve(ctx context.Context, in pulumi.Input) (any, error) {
	res, err := internals.UnsafeAwaitOutput(ctx, pulumi.ToOutput(in))
	if err != nil {
		return nil, err
	}
	switch {
	case res.Secret:
		return SecretMarker, nil
	case !res.Known:
		return UnknownMarker, nil
	}
	return plainGo(res.Value), nil
}

// standInPlatform plans a learner stack's platform (cohort.platformStack) from its stack file
// beside the learner's, when no outputs were given for it, so that `go run ./cmd/plan --stack
// <learner>` works on its own: the learner's StackReference then reads the planned outputs.
func (opts *Options) standInPlatform(program Program) error {
	if opts.project == nil || opts.Config[opts.Project+":"+stacks.ShapeKey] != stacks.ShapeLearner {
		return nil
	}
	var cohort stacks.CohortConfig
	if err := json.Unmarshal([]byte(opts.Config[opts.Project+":cohort"]), &cohort); err != nil || cohort.PlatformStack == "" {
		return nil // the program reports the configuration's problem
	}
	if _, ok := opts.StackReferences[cohort.PlatformStack]; ok {
		return nil
	}
	// The platform's own stack name is the reference's last part (<org>/<project>/<stack>).
	stack := cohort.PlatformStack[strings.LastIndex(cohort.PlatformStack, "/")+1:]
	platform, err := ReadStack(opts.stackDir, opts.project, stack)
	if err != nil {
		return fmt.Errorf("planning the learner stack's platform %s (cohort.platformStack) to stand in its outputs: %w", cohort.PlatformStack, err)
	}
	StandInForMissingSecrets(&platform)
	plan, err := Run(platform, program)
	if err != nil {
		return fmt.Errorf("planning the learner stack's platform %s (cohort.platformStack): %w", cohort.PlatformStack, err)
	}
	opts.StackReferences = maps.Clone(opts.StackReferences)
	if opts.StackReferences == nil {
		opts.StackReferences = map[string]map[string]any{}
	}
	opts.StackReferences[cohort.PlatformStack] = plan.Outputs
	return nil
}
