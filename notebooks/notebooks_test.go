package notebooks

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/testtool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func python(t *testing.T) string {
	t.Helper()
	return testtool.RequireOne(t, "python3")
}

func TestNotebooksAreDatabricksSourceAndCompile(t *testing.T) {
	t.Parallel()
	py := python(t)
	all, err := All()
	require.NoError(t, err)
	require.Len(t, all, 5)
	dir := t.TempDir()
	for _, nb := range all {
		assert.True(t, bytes.HasPrefix(nb.Source, []byte("# Databricks notebook source\n")), "%s is in Databricks source format", nb.Name)
		assert.NotContains(t, string(nb.Source), "awsAccessKey", "%s reads AWS through the instance profile, never keys", nb.Name)
		assert.NotContains(t, string(nb.Source), "authentication_credentials", nb.Name)
		path := filepath.Join(dir, nb.Name+".py")
		require.NoError(t, os.WriteFile(path, nb.Source, 0o600))
		out, err := exec.Command(py, "-m", "py_compile", path).CombinedOutput()
		assert.NoError(t, err, "%s does not compile:\n%s", nb.Name, out)
	}
}

// sources maps each notebook's name to its text.
func sources(t *testing.T) map[string]string {
	t.Helper()
	all, err := All()
	require.NoError(t, err)
	src := map[string]string{}
	for _, nb := range all {
		src[nb.Name] = string(nb.Source)
	}
	return src
}

func TestBatchAndStreamShareTheCleaning(t *testing.T) {
	t.Parallel()
	src := sources(t)
	for _, name := range []string{"batch_processing", "stream_processing"} {
		assert.Contains(t, src[name], "# MAGIC %run ./cleaning\n", "%s reuses the shared cleaning", name)
		assert.NotContains(t, src[name], "PIN_PLACEHOLDERS =", "%s must not copy the rules", name)
	}
	assert.Contains(t, src["cleaning"], "# MAGIC %run ./cleaning_rules\n")
	for _, table := range []string{`table_name(USER_ID, f"{kind}_table", CATALOG, SCHEMA)`, `checkpoint_location(CHECKPOINT_ROOT, name, `} {
		assert.Contains(t, src["stream_processing"], table, "one Delta table and one checkpoint per stream")
	}
	for _, q := range []string{"q1_popular_category_by_country", "q2_popular_category_by_year", "q3_top_user_by_country",
		"q3_top_country", "q4_popular_category_by_age_group", "q5_median_followers_by_age_group", "q6_users_joined_by_year",
		"q7_median_followers_by_join_year", "q8_median_followers_by_age_group_and_join_year"} {
		assert.Contains(t, src["batch_processing"], `"`+q+`"`, "the batch notebook saves %s", q)
	}
	for _, columns := range []string{`"country", "category", "category_count"`, `"post_year", "category", "category_count"`,
		`"country", "poster_name", "follower_count"`, `"age_group", "category", "category_count"`} {
		assert.Contains(t, src["batch_processing"], columns, "the course's output columns")
	}
}

// runPythonTests runs one of the notebooks' unittest files and checks that all of its tests ran.
func runPythonTests(t *testing.T, file string, tests int) {
	t.Helper()
	cmd := exec.Command(python(t), file, "-v")
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "python tests in %s failed:\n%s", file, out)
	assert.True(t, strings.Contains(string(out), fmt.Sprintf("Ran %d tests", tests)) && strings.Contains(string(out), "\nOK"), "%s", out)
}

func TestCleaningRulesOnSampleRecords(t *testing.T) {
	t.Parallel()
	runPythonTests(t, "test_cleaning_rules.py", 7)
}

func TestPipelinePathsOnSampleKeys(t *testing.T) {
	t.Parallel()
	runPythonTests(t, "test_pipeline_paths.py", 9)
}

// The notebooks apply the tested rules of pipeline_paths rather than paths of their own.
func TestNotebooksUseThePathRules(t *testing.T) {
	t.Parallel()
	src := sources(t)
	_, ok := src["pipeline_paths"]
	require.True(t, ok, "the pipeline_paths notebook is uploaded")
	batch, stream := src["batch_processing"], src["stream_processing"]
	for name, text := range map[string]string{"batch_processing": batch, "stream_processing": stream} {
		assert.Contains(t, text, "# MAGIC %run ./pipeline_paths\n", name)
		assert.Contains(t, text, "table_name(USER_ID, ", "%s names its tables through table_name (catalog and schema)", name)
		assert.NotContains(t, text, `saveAsTable(f"{USER_ID}`, "%s writes qualified tables", name)
		assert.NotContains(t, text, `toTable(f"{USER_ID}`, "%s writes qualified tables", name)
	}

	// Every partition, and a clean exit before any read when a topic has no data yet.
	assert.NotContains(t, batch, "partition=0", "the batch reads every partition, not only partition 0")
	assert.Contains(t, batch, "partition_folders(")
	exit := strings.Index(batch, "dbutils.notebook.exit(no_input_message(")
	read := strings.Index(batch, "spark.read.json(")
	require.GreaterOrEqual(t, exit, 0, "the batch exits successfully when there is no input yet")
	require.GreaterOrEqual(t, read, 0)
	assert.Less(t, exit, read, "the no-input exit comes before the first read")

	// Checkpoints per stream generation under the root the job passes; no fixed default, no
	// continuous mode that the job's timeout would kill.
	assert.Contains(t, stream, "checkpoint_location(CHECKPOINT_ROOT, ")
	assert.Contains(t, stream, "describe_stream_summary(")
	assert.NotContains(t, stream, "dbfs:/pinterest-pipeline", "the job passes the checkpoint root")
	assert.NotContains(t, stream, "continuous")
	assert.Contains(t, stream, "trigger(availableNow=True)")
}
