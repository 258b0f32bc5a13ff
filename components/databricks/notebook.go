package databricks

import (
	"encoding/base64"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NotebookArgs describes a workspace notebook.
type NotebookArgs struct {
	// Path is the absolute workspace path, e.g. /Shared/pinterest-pipeline/batch_processing.
	Path string
	// Language is PYTHON, SQL, SCALA or R.
	Language string
	// Source is the notebook in Databricks source format.
	Source []byte
}

// Notebook is a databricks:index/notebook:Notebook.
type Notebook struct {
	pulumi.CustomResourceState

	Path pulumi.StringOutput `pulumi:"path"`
	URL  pulumi.StringOutput `pulumi:"url"`
}

// NewNotebook uploads a notebook.
func NewNotebook(ctx *pulumi.Context, name string, args NotebookArgs, opts ...pulumi.ResourceOption) (*Notebook, error) {
	if args.Path == "" || args.Path[0] != '/' || len(args.Source) == 0 {
		return nil, fmt.Errorf("notebook %q: Path must be absolute and Source non-empty", name)
	}
	var n Notebook
	props := pulumi.Map{
		"path":          pulumi.String(args.Path),
		"language":      pulumi.String(args.Language),
		"format":        pulumi.String("SOURCE"),
		"contentBase64": pulumi.String(base64.StdEncoding.EncodeToString(args.Source)),
	}
	if err := register(ctx, TypeNotebook, name, props, &n, opts); err != nil {
		return nil, fmt.Errorf("registering notebook %s: %w", args.Path, err)
	}
	return &n, nil
}
