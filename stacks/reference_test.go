package stacks

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/gendoc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

var updateReference = flag.Bool("update", false, "rewrite docs/reference/config.md and the config block of Pulumi.yaml")

const updateCommand = "go test ./stacks -update"

// databricksTokenDoc documents the one secret key, for the configuration reference and Pulumi.yaml alike.
const databricksTokenDoc = "The workspace token, required when databricks.host is set (a batch-only stack leaves both unset); " +
	"set it only with `pulumi config set --secret databricksToken <token>`, which stores it encrypted."

// fieldDocs reads the doc comment of every struct field in config.go and cohort.go, keyed "Type.Field", and
// of every struct type, keyed "Type", each without its leading name and verb; and of the
// fields of the component types the configuration uses as they are (spec.TopicSpec),
// where those are documented.
func fieldDocs(t *testing.T) map[string]string {
	t.Helper()
	docs := map[string]string{}
	componentFiles, err := filepath.Glob(filepath.Join("..", "components", "spec", "*.go"))
	require.NoError(t, err)
	require.NotEmpty(t, componentFiles)
	for _, path := range append(componentFiles, "config.go", "cohort.go") {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		fileDocs, err := gendoc.FieldDocs(path)
		require.NoError(t, err)
		maps.Copy(docs, fileDocs)
	}
	return docs
}

func typeWord(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return typeWord(t.Elem())
	case reflect.String:
		return "string"
	case reflect.Int:
		return "integer"
	case reflect.Bool:
		return "boolean"
	case reflect.Float64:
		return "number"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return "list of objects"
		}
		return "list of " + typeWord(t.Elem()) + "s"
	case reflect.Map:
		return "map of strings"
	case reflect.Struct:
		return "object"
	}
	return t.Kind().String()
}

func defaultWord(v reflect.Value) string {
	if v.Kind() == reflect.Bool {
		return fmt.Sprintf("`%v`", v.Bool())
	}
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		return defaultWord(v.Elem())
	}
	if v.IsZero() || (v.Kind() == reflect.Slice && v.Len() == 0) || (v.Kind() == reflect.Map && v.Len() == 0) {
		return "—"
	}
	if v.Kind() == reflect.Slice || v.Kind() == reflect.Map {
		return "see description"
	}
	return fmt.Sprintf("`%v`", v.Interface())
}

// configReference renders the reference table from the Config struct, its doc comments and
// the dev and prod defaults, so the reference cannot drift from the code.
func configReference(t *testing.T) string {
	t.Helper()
	docs := fieldDocs(t)
	dev, prod := Defaults(EnvDev), Defaults(EnvProd)
	var b strings.Builder
	b.WriteString("| Key | Type | Dev default | Prod default | Description |\n|---|---|---|---|---|\n")
	ct := reflect.TypeOf(Config{})
	for i := range ct.NumField() {
		section := ct.Field(i)
		key, _, _ := strings.Cut(section.Tag.Get("json"), ",")
		if key == "" || key == "-" {
			continue
		}
		if section.Type.Kind() != reflect.Struct {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", key, typeWord(section.Type),
				defaultWord(reflect.ValueOf(dev).Field(i)), defaultWord(reflect.ValueOf(prod).Field(i)), gendoc.Cell(docs["Config."+section.Name]))
			continue
		}
		devSection, prodSection := reflect.ValueOf(dev).Field(i), reflect.ValueOf(prod).Field(i)
		for j := range section.Type.NumField() {
			f := section.Type.Field(j)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			fmt.Fprintf(&b, "| `%s.%s` | %s | %s | %s | %s |\n", key, name, typeWord(f.Type),
				defaultWord(devSection.Field(j)), defaultWord(prodSection.Field(j)), gendoc.Cell(docs[section.Type.Name()+"."+f.Name]))
			if f.Type.Kind() == reflect.Struct {
				// A nested object (pause.classHours): its settings, each with its own row.
				for k := range f.Type.NumField() {
					sub, _, _ := strings.Cut(f.Type.Field(k).Tag.Get("json"), ",")
					fmt.Fprintf(&b, "| `%s.%s.%s` | %s | — | — | %s |\n", key, name, sub, typeWord(f.Type.Field(k).Type),
						gendoc.Cell(docs[f.Type.Name()+"."+f.Type.Field(k).Name]))
				}
			}
			if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct {
				et := f.Type.Elem()
				for k := range et.NumField() {
					sub, _, _ := strings.Cut(et.Field(k).Tag.Get("json"), ",")
					fmt.Fprintf(&b, "| `%s.%s[].%s` | %s | — | — | %s |\n", key, name, sub, typeWord(et.Field(k).Type),
						gendoc.Cell(docs[et.Name()+"."+et.Field(k).Name]))
				}
			}
		}
	}
	fmt.Fprintf(&b, "| `databricksToken` | secret string | — | — | %s |\n", gendoc.Cell(databricksTokenDoc))
	fmt.Fprintf(&b, "| `aws:region` | string | — | — | The AWS provider's region; required (the course used `us-east-1`). |\n")
	return b.String()
}

// referencePath is the configuration reference, generated between its markers.
var referencePath = filepath.Join("..", "docs", "reference", "config.md")

func TestConfigurationReferenceIsCurrent(t *testing.T) {
	t.Parallel()
	want := configReference(t)
	gendoc.AssertBlock(t, referencePath, "config-reference", updateCommand, want, *updateReference)
	for _, line := range strings.Split(want, "\n") {
		if strings.HasPrefix(line, "| `") {
			assert.False(t, strings.HasSuffix(line, "|  |"), "a config field has no doc comment: %s", line)
		}
	}
}

// pulumiYamlConfig renders the config block of Pulumi.yaml from the same struct, doc comments
// and key lists as the configuration reference, so that the key descriptions `pulumi config` and the
// Pulumi Cloud console show name only settings the strict loader accepts.
func pulumiYamlConfig(t *testing.T) string {
	t.Helper()
	docs := fieldDocs(t)
	var b strings.Builder
	b.WriteString("config:\n")
	ct := reflect.TypeOf(Config{})
	declare := func(key, typ, description, defaultValue string) {
		fmt.Fprintf(&b, "  %s:\n    type: %s\n    description: >-\n", key, typ)
		for _, line := range wrap(description, 94) {
			fmt.Fprintf(&b, "      %s\n", line)
		}
		if defaultValue != "" {
			fmt.Fprintf(&b, "    default: %s\n", defaultValue)
		}
	}
	for _, key := range Keys {
		field, ok := fieldByJSONName(ct, key)
		require.True(t, ok, "stacks.Keys lists %q, which Config has no field for", key)
		if field.Type.Kind() == reflect.Bool {
			declare(key, "boolean", docs["Config."+field.Name], "false")
			continue
		}
		if field.Type.Kind() == reflect.String {
			declare(key, "string", docs["Config."+field.Name], strconv.Quote(reflect.ValueOf(Defaults(EnvDev)).FieldByName(field.Name).String()))
			continue
		}
		if field.Type.Kind() != reflect.Struct {
			declare(key, "object", docs["Config."+field.Name], "{}")
			continue
		}
		settings := make([]string, 0, field.Type.NumField())
		for i := range field.Type.NumField() {
			name, _, _ := strings.Cut(field.Type.Field(i).Tag.Get("json"), ",")
			settings = append(settings, name)
		}
		description := docs[field.Type.Name()] + " Settings: " + strings.Join(settings, ", ") +
			"; each one's default is in docs/reference/config.md."
		if key == "identity" {
			// identity has no default, so a stack without it fails with the key named.
			declare(key, "object", "Required. "+description, "")
			continue
		}
		declare(key, "object", description, "{}")
	}
	require.Equal(t, []string{"databricksToken"}, SecretKeys, "document the new secret key here and in configReference")
	declare("databricksToken", "string", databricksTokenDoc, `""`)
	return b.String()
}

func fieldByJSONName(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); tag == name {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

// wrap breaks text into lines of at most width characters at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}

func TestPulumiYamlConfigIsGenerated(t *testing.T) {
	t.Parallel()
	want := pulumiYamlConfig(t)
	gendoc.AssertGenerated(t, filepath.Join("..", "Pulumi.yaml"), func(project string) (int, int) {
		start := strings.Index(project, "\nconfig:\n") // the config block comes last
		if start < 0 {
			return -1, -1
		}
		return start + 1, len(project)
	}, want, *updateReference, updateCommand)
	var parsed map[string]any
	require.NoError(t, yaml.Unmarshal([]byte(want), &parsed), "the generated block must be valid YAML")
}

func TestPulumiYamlDeclaresEveryKey(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join("..", "Pulumi.yaml"))
	require.NoError(t, err)
	var project struct {
		Name    string `yaml:"name"`
		Runtime string `yaml:"runtime"`
		Config  map[string]struct {
			Type        string `yaml:"type"`
			Description string `yaml:"description"`
			Default     any    `yaml:"default"`
		} `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &project))
	assert.Equal(t, Project, project.Name)
	assert.Equal(t, "go", project.Runtime)

	declared := make([]string, 0, len(project.Config))
	for k := range project.Config {
		declared = append(declared, k)
	}
	sort.Strings(declared)
	want := append(slices.Clone(Keys), SecretKeys...)
	sort.Strings(want)
	assert.Equal(t, want, declared, "Pulumi.yaml must declare exactly the keys the program reads")

	for key, decl := range project.Config {
		assert.NotEmpty(t, decl.Description, key)
		if slices.Contains(SecretKeys, key) {
			assert.Equal(t, "string", decl.Type, key)
			continue
		}
		if key == PausedKey {
			assert.Equal(t, "boolean", decl.Type, key)
			assert.Equal(t, false, decl.Default, "a stack runs unless paused")
			continue
		}
		if key == ShapeKey {
			assert.Equal(t, "string", decl.Type, key)
			assert.Equal(t, ShapeStandalone, decl.Default, "a stack is a whole pipeline unless it says otherwise")
			continue
		}
		assert.Equal(t, "object", decl.Type, key)
		if key == "identity" {
			assert.Nil(t, decl.Default, "identity is required, so it has no default")
		} else {
			assert.Equal(t, map[string]any{}, decl.Default, "%s: defaults live in Go, so the declared default is {}", key)
		}
	}
}

// The defaults' values live in Go (components/spec and Defaults), but the descriptions in the
// README and Pulumi.yaml come from doc comments, which cannot refer to a constant. A doc comment
// that states a default must state the dev default's value, so that changing a value without
// its description fails here.
func TestDocumentedDefaultsMatchTheDefaults(t *testing.T) {
	t.Parallel()
	docs := fieldDocs(t)
	dev := reflect.ValueOf(Defaults(EnvDev))
	ct := dev.Type()
	checked := 0
	for i := range ct.NumField() {
		section := ct.Field(i)
		if section.Type.Kind() != reflect.Struct || section.Tag.Get("json") == "-" {
			continue
		}
		for j := range section.Type.NumField() {
			f := section.Type.Field(j)
			v := dev.Field(i).Field(j)
			doc := docs[section.Type.Name()+"."+f.Name]
			if !strings.Contains(strings.ToLower(doc), "default") || v.IsZero() {
				continue
			}
			var value string
			switch v.Kind() {
			case reflect.String, reflect.Int, reflect.Float64:
				value = fmt.Sprint(v.Interface())
			default:
				continue
			}
			if strings.Contains(value, "://") {
				continue // download locations are described in words ("Default its GitHub release")
			}
			checked++
			stated := regexp.MustCompile(`(?i)(^|[^\w.])` + regexp.QuoteMeta(value) + `($|[^\w]|\.(\s|$))`)
			assert.Regexp(t, stated, doc, "%s.%s: the doc comment states a default but not the dev default %q", section.Type.Name(), f.Name, value)
		}
	}
	assert.Greater(t, checked, 30, "the scalar defaults with a documented value")
}
