// Package notebooks holds the Databricks notebooks the stack uploads, in Databricks source
// format (.py files whose cells are separated by "# COMMAND ----------"). They are plain
// Python, so they compile and their cleaning rules run in tests without Spark.
package notebooks

import (
	"embed"
	"fmt"
)

//go:embed cleaning_rules.py pipeline_paths.py cleaning.py batch_processing.py stream_processing.py
var files embed.FS

// Notebook is one notebook as it is uploaded.
type Notebook struct {
	// Name is the workspace name, without extension: the other notebooks %run it by this name.
	Name string
	// Source is the notebook's source code.
	Source []byte
}

// Names lists the notebooks in upload order: the shared ones first.
var Names = []string{"cleaning_rules", "pipeline_paths", "cleaning", "batch_processing", "stream_processing"}

// All returns every notebook.
func All() ([]Notebook, error) {
	out := make([]Notebook, 0, len(Names))
	for _, name := range Names {
		src, err := files.ReadFile(name + ".py")
		if err != nil {
			return nil, fmt.Errorf("reading notebook %s: %w", name, err)
		}
		out = append(out, Notebook{Name: name, Source: src})
	}
	return out, nil
}
