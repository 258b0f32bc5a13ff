package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"gopkg.in/yaml.v3"
)

// ProjectFile is the part of Pulumi.yaml the offline tools read.
type ProjectFile struct {
	Name        string                `yaml:"name"`
	Runtime     any                   `yaml:"runtime"`
	Description string                `yaml:"description"`
	Config      map[string]ConfigDecl `yaml:"config"`
}

// ConfigDecl is one declared config key of Pulumi.yaml.
type ConfigDecl struct {
	Type        string `yaml:"type"`
	Description string `yaml:"description"`
	Secret      bool   `yaml:"secret"`
	Default     any    `yaml:"default"`
}

// ReadProject reads dir/Pulumi.yaml.
func ReadProject(dir string) (*ProjectFile, error) {
	path := filepath.Join(dir, "Pulumi.yaml")
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the project file: %w", err)
	}
	var p ProjectFile
	if err := yaml.Unmarshal(raw, &p); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	if p.Name == "" {
		return nil, fmt.Errorf("%s has no name", path)
	}
	return &p, nil
}

// ReadStack reads dir/Pulumi.<stack>.yaml into simulation options: each value as the Pulumi
// CLI passes it to the program (objects as JSON text), and `secure:` values kept secret. The
// project's declared defaults fill keys the stack leaves out, as the CLI does.
func ReadStack(dir string, project *ProjectFile, stack string) (Options, error) {
	opts := Options{Project: project.Name, Stack: stack, Config: map[string]string{}, project: project, stackDir: dir}
	path := filepath.Join(dir, "Pulumi."+stack+".yaml")
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return opts, fmt.Errorf("no stack file %s: create it with `pulumi stack init %s` and `pulumi config set`, or pick one of: %s",
			path, stack, strings.Join(StackNames(dir), ", "))
	}
	if err != nil {
		return opts, fmt.Errorf("reading the stack file: %w", err)
	}
	var file struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(raw, &file); err != nil {
		return opts, fmt.Errorf("parsing %s: %w", path, err)
	}
	for key, decl := range project.Config {
		if decl.Default != nil {
			value, err := configText(decl.Default)
			if err != nil {
				return opts, fmt.Errorf("Pulumi.yaml config %s default: %w", key, err)
			}
			opts.Config[qualify(project.Name, key)] = value
		}
	}
	for key, value := range file.Config {
		full := qualify(project.Name, key)
		opts.Keys = append(opts.Keys, full)
		if m, ok := value.(map[string]any); ok {
			if _, secure := m["secure"]; secure && len(m) == 1 {
				opts.Config[full] = SecretMarker
				opts.SecretKeys = append(opts.SecretKeys, full)
				continue
			}
		}
		text, err := configText(value)
		if err != nil {
			return opts, fmt.Errorf("%s: config %s: %w", path, key, err)
		}
		opts.Config[full] = text
	}
	sort.Strings(opts.SecretKeys)
	sort.Strings(opts.Keys)
	return opts, nil
}

// StackNames lists the stacks that have a Pulumi.<stack>.yaml in dir, sorted.
func StackNames(dir string) []string {
	matches, _ := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	var names []string
	for _, m := range matches {
		names = append(names, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "Pulumi."), ".yaml"))
	}
	sort.Strings(names)
	return names
}

func qualify(project, key string) string {
	if strings.Contains(key, ":") {
		return key
	}
	return project + ":" + key
}

// configText renders a YAML value as the CLI hands it to programs: scalars as text, lists
// and mappings as JSON.
func configText(v any) (string, error) {
	switch t := v.(type) {
	case string:
		return t, nil
	case map[string]any, []any:
		b, err := json.Marshal(cliTimes(t))
		return string(b), err
	case nil:
		return "", nil
	}
	return fmt.Sprint(v), nil
}

// cliTimes replaces the timestamps YAML reads from unquoted dates with the text the Pulumi CLI
// passes for them, time.Time's String form (sdk/go/common/resource/config/object.go,
// unmarshalObject), so the offline plan sees what a deployment would.
func cliTimes(v any) any {
	switch t := v.(type) {
	case time.Time:
		return t.String()
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = cliTimes(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = cliTimes(e)
		}
		return out
	}
	return v
}

// ApplyOverrides sets `key=value` overrides on top of a stack's config. A key is a config key
// ("aws:region", "kafka") or a path into an object key ("network.azCount"); the value is
// read as YAML, so `3`, `true`, `[a, b]` and `{x: 1}` keep their types, while dates and
// text YAML cannot read (`@daily`, `*/5 * * * *`) stay as typed (see overrideValue).
func ApplyOverrides(opts *Options, overrides []string) error {
	var errs []error
	for _, o := range overrides {
		key, raw, ok := strings.Cut(o, "=")
		if !ok || key == "" {
			errs = append(errs, fmt.Errorf("--config %q: write it as key=value, e.g. network.azCount=3", o))
			continue
		}
		value, err := overrideValue(raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("--config %s: value %q is not valid YAML: %w", key, raw, err))
			continue
		}
		namespace, rest := "", key
		if i := strings.Index(key, ":"); i >= 0 {
			namespace, rest = key[:i+1], key[i+1:]
		} else {
			namespace = opts.Project + ":"
		}
		top, path, nested := strings.Cut(rest, ".")
		full := namespace + top
		if !slices.Contains(opts.Keys, full) {
			opts.Keys = append(opts.Keys, full)
		}
		if !nested {
			text, err := configText(value)
			if err != nil {
				errs = append(errs, fmt.Errorf("--config %s: %w", key, err))
				continue
			}
			opts.Config[full] = text
			continue
		}
		obj := map[string]any{}
		if current := opts.Config[full]; current != "" {
			if err := json.Unmarshal([]byte(current), &obj); err != nil {
				errs = append(errs, fmt.Errorf("--config %s: %s is not an object", key, full))
				continue
			}
		}
		setPath(obj, strings.Split(path, "."), value)
		b, err := json.Marshal(obj)
		if err != nil {
			errs = append(errs, fmt.Errorf("--config %s: %w", key, err))
			continue
		}
		opts.Config[full] = string(b)
	}
	return errors.Join(errs...)
}

// overrideValue reads one --config value. YAML would turn 2026-11-01 into a timestamp (which
// then prints as 2026-11-01T00:00:00Z) and refuses @daily, whose "@" YAML reserves; the user
// typed text in both cases, so dates keep their text and unreadable plain text is a string.
// A value that starts like a flow list, mapping or quoted string but does not parse is a typo
// and still fails. An empty value is the empty string, as `pulumi config set --path k ""`.
func overrideValue(raw string) (any, error) {
	if raw == "" {
		return "", nil
	}
	var node yaml.Node
	if err := yaml.Unmarshal([]byte(raw), &node); err != nil {
		if strings.IndexAny(strings.TrimSpace(raw), "[{\"'") == 0 {
			return nil, err
		}
		return raw, nil
	}
	datesAsText(&node)
	var value any
	if err := node.Decode(&value); err != nil {
		return nil, err
	}
	return value, nil
}

// datesAsText retags every timestamp scalar as a string, so it decodes to the text written.
func datesAsText(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!timestamp" {
		n.Tag = "!!str"
	}
	for _, c := range n.Content {
		datesAsText(c)
	}
}

func setPath(obj map[string]any, path []string, value any) {
	for _, p := range path[:len(path)-1] {
		next, ok := obj[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			obj[p] = next
		}
		obj = next
	}
	obj[path[len(path)-1]] = value
}

// RepoRoot finds the directory holding Pulumi.yaml, walking up from the working directory, so
// that tests in any package can read the repository's stack files.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "Pulumi.yaml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no Pulumi.yaml in the working directory or above it")
		}
		dir = parent
	}
}

// LoadStack reads the repository's Pulumi.yaml and Pulumi.<stack>.yaml and applies overrides.
func LoadStack(stack string, overrides ...string) (Options, error) {
	root, err := RepoRoot()
	if err != nil {
		return Options{}, err
	}
	return loadFrom(root, root, stack, overrides)
}

// loadFrom reads the project file in projectDir and the stack file in stackDir, applies
// overrides and stands in for missing secrets.
func loadFrom(projectDir, stackDir, stack string, overrides []string) (Options, error) {
	project, err := ReadProject(projectDir)
	if err != nil {
		return Options{}, err
	}
	opts, err := ReadStack(stackDir, project, stack)
	if err != nil {
		return opts, err
	}
	if err := ApplyOverrides(&opts, overrides); err != nil {
		return opts, err
	}
	StandInForMissingSecrets(&opts)
	return opts, nil
}

// StandInForMissingSecrets plans the secrets a stack needs but does not set as set secrets
// with unknown values, and records them in opts.Assumed. A secret's value never shows in a plan
// anyway, and a committed stack file cannot carry one that decrypts for everyone, so the plan
// shows what the stack declares once they are set and says which ones `pulumi up` still needs.
//
// The same goes for the committed dev stack's user id placeholder: the plan stands in the
// course's example id (stacks.ExampleUserID), which only an offline run accepts, and for the
// workspace's cross-account role placeholder an example role name; it says which keys to fill,
// so that a newcomer's first plan works and `pulumi up` refuses.
func StandInForMissingSecrets(opts *Options) {
	opts.Assumed = append(standInForUserID(opts), standInForCrossAccountRole(opts)...)
	missing := stacks.MissingSecrets(func(key string) (string, bool) {
		v, ok := opts.Config[key]
		return v, ok
	})
	opts.Assumed = append(opts.Assumed, missing...)
	for _, p := range missing {
		key := qualify(opts.Project, p.Key)
		opts.Config[key] = SecretMarker
		if !slices.Contains(opts.SecretKeys, key) {
			opts.SecretKeys = append(opts.SecretKeys, key)
			sort.Strings(opts.SecretKeys)
		}
	}
}

// standInForUserID replaces identity.userId's placeholder with the example id and returns the
// problem `pulumi up` will report, or nothing when the stack sets its own id.
func standInForUserID(opts *Options) stacks.Problems {
	if _, answered := opts.Config[qualify(opts.Project, "identity.userId")]; answered {
		return nil // `pulumi new` wrote the learner's id as a key of its own (stacks.TemplateKeys)
	}
	return standInForPlaceholder(opts, "identity", "userId", stacks.UserIDPlaceholder, stacks.ExampleUserID,
		"the course's example id "+stacks.ExampleUserID, fmt.Sprintf("run `pulumi config set --path identity.userId <your course user id>` (or `go run ./cmd/init --stack %s`)", opts.Stack))
}

// standInForCrossAccountRole does the same for the workspace's cross-account role name.
func standInForCrossAccountRole(opts *Options) stacks.Problems {
	return standInForPlaceholder(opts, "databricks", "crossAccountRoleName", stacks.CrossAccountRolePlaceholder,
		stacks.ExampleCrossAccountRoleName, "the role name "+stacks.ExampleCrossAccountRoleName,
		"find the role in the Databricks account console (accounts.cloud.databricks.com) under Cloud resources > Credential configuration, "+
			"the name after role/ in its ARN, then run `pulumi config set --path databricks.crossAccountRoleName <name>`")
}

// standInForPlaceholder replaces section.setting's placeholder with standIn for the offline plan
// and returns the problem `pulumi up` will report, or nothing when the stack sets its own value.
func standInForPlaceholder(opts *Options, section, setting, placeholder, standIn, standInDesc, fix string) stacks.Problems {
	key := qualify(opts.Project, section)
	var values map[string]any
	if json.Unmarshal([]byte(opts.Config[key]), &values) != nil || values[setting] != placeholder {
		return nil
	}
	values[setting] = standIn
	b, err := json.Marshal(values)
	if err != nil {
		return nil
	}
	opts.Config[key] = string(b)
	return stacks.Problems{{
		Key:     section + "." + setting,
		Message: fmt.Sprintf("is still the placeholder %q; the plan uses %s in its place, which `pulumi up` refuses", placeholder, standInDesc),
		Fix:     fix,
	}}
}
