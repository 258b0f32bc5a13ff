package stacks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// Lookup returns the raw value of a fully qualified config key ("aws:region",
// "pinterest-pipeline:network"); object values arrive as JSON text, as the Pulumi CLI passes them.
type Lookup func(key string) (value string, ok bool)

// Keys are the project config keys this program reads, in the order docs/reference/config.md lists them.
var Keys = []string{"identity", "network", "kafka", "client", "bucket", "connect", "api", "streams", "airflow", "databricks", "cost", "tags", "paused", "pause", "shape", "cohort"}

// SecretKeys are project config keys that must be set with --secret.
var SecretKeys = []string{"databricksToken"}

// RegionKey is the AWS provider's region key, which the stack also reads.
const RegionKey = "aws:region"

// Load reads and validates the stack's configuration. It registers nothing, so a bad
// configuration fails the run before any resource exists.
func Load(ctx *pulumi.Context) (*Config, error) {
	var opts []ParseOption
	if ctx.RunningWithMocks() {
		// The offline plan and the tests: nothing they declare is ever created, so the example
		// id cannot collide with anyone's bucket (the plan says when it stands in for it).
		opts = append(opts, AllowExampleUserID())
	} else if keys, ok := deployedKeys(); ok {
		opts = append(opts, WithKeys(keys))
	}
	cfg, err := Parse(ctx.Stack(), func(key string) (string, bool) {
		return ctx.GetConfig(key)
	}, opts...)
	if err != nil {
		return nil, err
	}
	token, err := config.TrySecret(ctx, Project+":databricksToken")
	switch {
	case errors.Is(err, config.ErrMissingVar):
	case err != nil:
		return nil, fmt.Errorf("reading config databricksToken: %w", err)
	default:
		cfg.DatabricksToken = token
	}
	for _, n := range cfg.Notices() {
		// A warning, so that `pulumi preview` shows it before anything is created.
		if err := ctx.Log.Warn(n.String(), nil); err != nil {
			return nil, fmt.Errorf("logging a configuration notice: %w", err)
		}
	}
	return cfg, nil
}

// deployedKeys lists the config keys of a real run. The Pulumi Go SDK has no call that lists
// them, but the language host hands the whole configuration to the program as JSON in
// PULUMI_CONFIG, which the SDK itself reads (sdk/go/pulumi/run.go, getEnvInfo, EnvConfig).
func deployedKeys() ([]string, bool) {
	raw := os.Getenv("PULUMI_CONFIG")
	if raw == "" {
		return nil, false
	}
	var values map[string]any
	if json.Unmarshal([]byte(raw), &values) != nil {
		return nil, false
	}
	return slices.Sorted(maps.Keys(values)), true
}

// ParseOption adjusts Parse.
type ParseOption func(*parseSettings)

type parseSettings struct {
	allowExampleUserID bool
	keys               []string
	hasKeys            bool
	now                func() time.Time
}

// Clock is the clock Parse checks a configuration against (Kafka versions' end of support)
// when no WithNow option is given; Load, and so every plan, uses it. Tests of whole plans set
// it to a fixed day in TestMain, so that they give the same result on any date.
var Clock = time.Now

// WithNow makes Parse check the configuration against now's day instead of Clock's.
func WithNow(now func() time.Time) ParseOption {
	return func(s *parseSettings) { s.now = now }
}

// AllowExampleUserID accepts ExampleUserID as identity.userId. Only runs that can create
// nothing use it: the offline plan and tests (Load passes it under the SDK's mocks).
func AllowExampleUserID() ParseOption {
	return func(s *parseSettings) { s.allowExampleUserID = true }
}

// WithKeys gives Parse every config key the stack sets, so that unknown ones are refused
// (see KeyProblems); without it only the keys the program reads are looked at.
func WithKeys(keys []string) ParseOption {
	return func(s *parseSettings) { s.keys, s.hasKeys = keys, true }
}

// Parse builds the typed configuration of one stack from raw config values: the environment
// kind's defaults, then each section's object merged on top, then derived defaults, then
// Validate. Every problem found is reported in one error.
func Parse(stack string, lookup Lookup, opts ...ParseOption) (*Config, error) {
	settings := parseSettings{now: Clock}
	for _, o := range opts {
		o(&settings)
	}
	var problems Problems
	if settings.hasKeys {
		problems = append(problems, KeyProblems(settings.keys)...)
	}

	var identity IdentityConfig
	rawIdentity, hasIdentity := lookup(Project + ":identity")
	rawIdentity, hasIdentity = mergeTemplateKeys(rawIdentity, hasIdentity, lookup, &problems)
	userIDNumber := ""
	if hasIdentity {
		rawIdentity, userIDNumber = userIDAsText(rawIdentity)
	}
	if !hasIdentity {
		problems.add("identity", "is not set", "set it in Pulumi.%s.yaml, e.g. `pulumi config set --path identity.userId <your user id>`", stack)
	} else if p := decodeStrict("identity", rawIdentity, &identity); p != nil {
		problems = append(problems, p...)
		hasIdentity = false // decoded again below only when it decodes
	}
	env := identity.Environment
	if env == "" {
		env = EnvDev
	}
	cfg := Defaults(env)
	cfg.Stack = stack
	cfg.allowExampleUserID = settings.allowExampleUserID
	cfg.userIDNumber = userIDNumber
	cfg.Today = settings.now().UTC()
	cfg.Region, _ = lookup(RegionKey)
	// The token itself stays a secret Output (see Load); here only its presence matters.
	if raw, ok := lookup(Project + ":databricksToken"); ok && raw != "" {
		cfg.HasDatabricksToken = true
	}

	sections := map[string]any{
		"identity": &cfg.Identity, "network": &cfg.Network, "kafka": &cfg.Kafka, "client": &cfg.Client, "bucket": &cfg.Bucket,
		"connect": &cfg.Connect, "api": &cfg.API, "streams": &cfg.Streams, "airflow": &cfg.Airflow,
		"databricks": &cfg.Databricks, "cost": &cfg.Cost, "tags": &cfg.Tags, "paused": &cfg.Paused, "pause": &cfg.Pause,
		"shape": &cfg.Shape, "cohort": &cfg.Cohort,
	}
	// explicit holds the settings the stack sets ("airflow.enabled"), so that a derived default
	// never overrides one, even when it is the zero value.
	explicit := map[string]bool{}
	for _, key := range Keys {
		raw, ok := lookup(Project + ":" + key)
		if key == "identity" {
			raw, ok = rawIdentity, hasIdentity // with the template's keys folded in
		}
		if !ok {
			continue
		}
		if key == ShapeKey {
			// The one plain string setting: the CLI passes it unquoted (`pulumi config set shape learner`).
			cfg.Shape = strings.TrimSpace(raw)
			continue
		}
		problems = append(problems, decodeStrict(key, raw, sections[key])...)
		var fields map[string]json.RawMessage
		if json.Unmarshal([]byte(raw), &fields) == nil {
			for field := range fields {
				explicit[key+"."+field] = true
			}
		}
	}
	cfg.applyDerivedDefaults(explicit)
	var invalid Problems
	if errors.As(cfg.Validate(), &invalid) {
		// A section that did not decode holds defaults, so its checks would only mislead.
		failed := map[string]bool{}
		for _, p := range problems {
			failed[section(p.Key)] = true
		}
		for _, p := range invalid {
			if !failed[section(p.Key)] {
				problems = append(problems, p)
			}
		}
	}
	if err := problems.err(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// MissingSecrets lists the secrets the stack's own settings require but do not set: today
// databricksToken when databricks.host is set. A committed stack file cannot hold them (a
// `secure:` value decrypts only with the key of the stack that wrote it), so the offline plan
// stands in for them and reports them, while `pulumi up` refuses with the same problems.
func MissingSecrets(lookup Lookup) Problems {
	raw, ok := lookup(Project + ":databricks")
	var d DatabricksConfig
	if !ok || json.Unmarshal([]byte(raw), &d) != nil || !d.Enabled() {
		return nil
	}
	if token, ok := lookup(Project + ":databricksToken"); ok && token != "" {
		return nil
	}
	return Problems{missingTokenProblem(d.Host)}
}

// missingTokenProblem is where a learner following the learner guide, with a workspace but no token
// yet, learns the one command still missing, or how to deploy without Databricks. The menu path
// is the one "Databricks personal access token authentication" gives for workspace users
// (https://docs.databricks.com/en/dev-tools/auth/pat.html).
func missingTokenProblem(host string) Problem {
	return Problem{
		Key:     "databricksToken",
		Message: "is not set, but databricks.host is",
		Fix: fmt.Sprintf("run `pulumi config set --secret databricksToken <personal access token>` "+
			"(create one in %s under Settings > Developer > Access tokens), "+
			"or for a batch-only stack without Databricks and MWAA run `pulumi config rm --path databricks.host`", host),
	}
}

// section is the config key a problem's key path starts with ("network" for "network.cidr").
func section(keyPath string) string {
	head, _, _ := strings.Cut(keyPath, ".")
	head, _, _ = strings.Cut(head, "[")
	return head
}

// decodeStrict decodes one section, rejecting unknown fields (usually typos) and wrong types
// with the key path and the accepted fields.
func decodeStrict(key, raw string, into any) Problems {
	var problems Problems
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	err := dec.Decode(into)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			problems.add(key, "has trailing data after the object", "keep one YAML mapping under %s", key)
		}
		// encoding/json matches field names case-insensitively and skips unknown ones; a stack
		// file with "azcount" or "brokerz" must fail instead of silently keeping the default.
		for _, u := range unknownKeys([]byte(raw), reflect.TypeOf(into).Elem(), key) {
			problems.add(u.path, "is not a known setting", "remove it or use one of: %s", strings.Join(u.known, ", "))
		}
		return problems
	}
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		path := key
		if typeErr.Field != "" {
			path = key + "." + typeErr.Field
		}
		problems.add(path, fmt.Sprintf("is a %s, but must be %s", typeErr.Value, goTypeWord(typeErr.Type.Kind().String())),
			"fix the value's type in Pulumi.<stack>.yaml")
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
		problems.add(key, "is not a YAML mapping", "write %s as a mapping of settings, as in Pulumi.dev.yaml", key)
	default:
		problems.add(key, err.Error(), "see the configuration reference in docs/reference/config.md")
	}
	return problems
}

func goTypeWord(kind string) string {
	switch kind {
	case "int", "int64", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "slice":
		return "a list"
	case "map", "struct":
		return "a mapping"
	}
	return "a " + kind
}

type unknownKey struct {
	path  string
	known []string
}

// unknownKeys walks raw JSON alongside the Go type it decodes into and returns every object
// key that does not exactly match a field's json name.
func unknownKeys(raw []byte, t reflect.Type, path string) []unknownKey {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return nil
		}
		fields := map[string]reflect.Type{}
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" {
				fields[name] = t.Field(i).Type
			}
		}
		known := make([]string, 0, len(fields))
		for name := range fields {
			known = append(known, name)
		}
		sort.Strings(known)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []unknownKey
		for _, k := range keys {
			ft, ok := fields[k]
			if !ok {
				out = append(out, unknownKey{path: path + "." + k, known: known})
				continue
			}
			out = append(out, unknownKeys(obj[k], ft, path+"."+k)...)
		}
		return out
	case reflect.Slice:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil
		}
		var out []unknownKey
		for i, item := range items {
			out = append(out, unknownKeys(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	}
	return nil
}

// userIDAsText turns an all-digit identity.userId given as a number into its text, so that
// `pulumi config set --path identity.userId 123456789012` works: with --path "integers are
// treated as numbers" ("pulumi config set", https://www.pulumi.com/docs/iac/cli/commands/pulumi_config_set/),
// and a value that starts with 0 stays a string (sdk/go/common/resource/config/object.go, coerce). A number with a fraction or an exponent is
// left alone and refused as not a string. number is the digits when a conversion happened.
func userIDAsText(raw string) (out, number string) {
	var fields map[string]json.RawMessage
	if json.Unmarshal([]byte(raw), &fields) != nil {
		return raw, ""
	}
	v, ok := fields["userId"]
	if !ok || !allDigits.Match(v) {
		return raw, ""
	}
	text, _ := json.Marshal(string(v))
	fields["userId"] = text
	b, err := json.Marshal(fields)
	if err != nil {
		return raw, ""
	}
	return string(b), string(v)
}

var allDigits = regexp.MustCompile(`^[0-9]+$`)

// TemplateKeys are the identity settings the template section of Pulumi.yaml asks for. `pulumi
// new` saves each answer as a plain key of its own, never with --path (promptForConfig and
// SaveConfig in pulumi/pulumi pkg/cmd/pulumi/newcmd/config.go), so "identity.userId" arrives
// as the key "pinterest-pipeline:identity.userId"; Parse reads these as the settings they name.
var TemplateKeys = []string{"identity.userId", "identity.owner", "identity.expiresAt"}

// mergeTemplateKeys folds the keys `pulumi new` wrote into the identity object. A setting given
// both ways with different values is a problem, unless the object holds the placeholder.
func mergeTemplateKeys(raw string, ok bool, lookup Lookup, problems *Problems) (string, bool) {
	fields := map[string]any{}
	if ok && json.Unmarshal([]byte(raw), &fields) != nil {
		return raw, ok // not a mapping: decodeStrict says so
	}
	merged := false
	for _, key := range TemplateKeys {
		value, set := lookup(Project + ":" + key)
		if !set {
			continue
		}
		_, setting, _ := strings.Cut(key, ".")
		if current, both := fields[setting]; both && current != value && current != UserIDPlaceholder {
			problems.add(key, fmt.Sprintf("is set twice: %q as the key %s (as `pulumi new` writes it) and %v inside identity", value, key, current),
				"keep one: `pulumi config rm %s`, or set the value inside identity with `pulumi config set --path %s <value>` after removing it", key, key)
			continue
		}
		fields[setting] = value
		merged = true
	}
	if !merged {
		return raw, ok
	}
	b, err := json.Marshal(fields)
	if err != nil {
		return raw, ok
	}
	return string(b), true
}
