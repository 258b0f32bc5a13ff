package notebooks

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func python(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3 is missing; CI needs it to check the notebooks")
		}
		t.Skip("python3 not installed")
	}
	return path
}

func TestNotebooksAreDatabricksSourceAndCompile(t *testing.T) {
	t.Parallel()
	py := python(t)
	all, err := All()
	require.NoError(t, err)
	require.Len(t, all, 4)
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

func TestBatchAndStreamShareTheCleaning(t *testing.T) {
	t.Parallel()
	all, err := All()
	require.NoError(t, err)
	src := map[string]string{}
	for _, nb := range all {
		src[nb.Name] = string(nb.Source)
	}
	for _, name := range []string{"batch_processing", "stream_processing"} {
		assert.Contains(t, src[name], "# MAGIC %run ./cleaning\n", "%s reuses the shared cleaning", name)
		assert.NotContains(t, src[name], "PIN_PLACEHOLDERS =", "%s must not copy the rules", name)
	}
	assert.Contains(t, src["cleaning"], "# MAGIC %run ./cleaning_rules\n")
	for _, table := range []string{`f"{USER_ID}_{kind}_table"`, `f"{CHECKPOINT_ROOT}/{kind}"`} {
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

func TestCleaningRulesOnSampleRecords(t *testing.T) {
	t.Parallel()
	py := python(t)
	cmd := exec.Command(py, "test_cleaning_rules.py", "-v")
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "python cleaning tests failed:\n%s", out)
	assert.True(t, strings.Contains(string(out), "Ran 7 tests") && strings.Contains(string(out), "OK"), "%s", out)
}
