package components

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// argsFieldDocs reads the doc comment of every field of the package's structs, keyed
// "Type.Field"; a comment that names the next field too ("A and B …") documents both.
func argsFieldDocs(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	docs := map[string]string{}
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		require.NoError(t, err)
		ast.Inspect(file, func(n ast.Node) bool {
			spec, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			if st, ok := spec.Type.(*ast.StructType); ok {
				previous := ""
				for _, f := range st.Fields.List {
					doc := ""
					if f.Doc != nil {
						doc = strings.Join(strings.Fields(f.Doc.Text()), " ")
					}
					for _, name := range f.Names {
						// "NodeType and SparkVersion …" over NodeType documents SparkVersion below it too.
						if doc == "" && strings.Contains(previous, " and "+name.Name+" ") {
							doc = previous
						}
						if doc != "" {
							docs[spec.Name.Name+"."+name.Name] = doc
						}
					}
					previous = doc
				}
			}
			return false
		})
	}
	return docs
}

// The components' defaults have one home (components/spec), but each argument's doc comment
// states its default in prose. A comment that states a default must state the value the
// component applies, so that changing a default without its description fails here.
func TestDocumentedArgumentDefaultsMatchWithDefaults(t *testing.T) {
	t.Parallel()
	docs := argsFieldDocs(t)
	applied := []any{
		(*NetworkArgs)(nil).withDefaults(""), // a name-derived default stays empty
		(*KafkaClusterArgs)(nil).withDefaults(),
		(*KafkaClientArgs)(nil).withDefaults(),
		(*S3SinkConnectorArgs)(nil).withDefaults(),
		(*KinesisStreamsArgs)(nil).withDefaults(),
		(*RestProxyEndpointArgs)(nil).withDefaults(),
		(*IngestAPIArgs)(nil).withDefaults(),
		(*DatabricksJobsArgs)(nil).withDefaults(),
		(*AirflowArgs)(nil).withDefaults(),
	}
	checked := 0
	for _, args := range applied {
		v := reflect.ValueOf(args)
		for i := range v.NumField() {
			f := v.Type().Field(i)
			doc := docs[v.Type().Name()+"."+f.Name]
			value := v.Field(i)
			if !strings.Contains(doc, "Default") || value.IsZero() {
				continue
			}
			switch value.Kind() {
			case reflect.String, reflect.Int:
			default:
				continue
			}
			text := fmt.Sprint(value.Interface())
			checked++
			stated := regexp.MustCompile(`(^|[^\w.])` + regexp.QuoteMeta(text) + `($|[^\w]|\.(\s|$))`)
			assert.Regexp(t, stated, doc, "%s.%s: the doc comment states a default but not the applied %q", v.Type().Name(), f.Name, text)
		}
	}
	assert.GreaterOrEqual(t, checked, 20, "the documented defaults the components apply")
}
