package testtool

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// recorder stands in for a test to see whether the rule skips or fails.
type recorder struct {
	testing.TB
	skipped, failed bool
}

func (r *recorder) Helper()                        {}
func (r *recorder) Skipf(string, ...any)           { r.skipped = true; panic(r) }
func (r *recorder) Fatalf(string, ...any)          { r.failed = true; panic(r) }
func (r *recorder) Errorf(format string, a ...any) { r.failed = true }
func run(r *recorder, f func(testing.TB))          { defer func() { _ = recover() }(); f(r) }

func TestAMissingToolSkipsLocallyAndFailsUnderCI(t *testing.T) {
	const absent = "no-such-tool-7f3a9c"
	t.Setenv("CI", "")
	local := &recorder{}
	run(local, func(tb testing.TB) { Require(tb, "go", absent) })
	assert.True(t, local.skipped)
	assert.False(t, local.failed)

	t.Setenv("CI", "true")
	ci := &recorder{}
	run(ci, func(tb testing.TB) { Require(tb, absent) })
	assert.True(t, ci.failed, "CI fails instead of skipping")
	assert.False(t, ci.skipped)

	present := &recorder{}
	var paths []string
	run(present, func(tb testing.TB) { paths = Require(tb, "go") })
	assert.False(t, present.failed || present.skipped)
	assert.Len(t, paths, 1)
}
