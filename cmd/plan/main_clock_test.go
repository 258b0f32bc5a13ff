package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/testtool"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// TestMain checks every configuration against one fixed day, so that the results do not
// depend on the date the tests run.
// It also makes the fixture project the plan tests run in (fixtureDir).
func TestMain(m *testing.M) {
	stacks.Clock = testtool.FixedClock
	dir, err := makeFixtureProject()
	if err != nil {
		fmt.Fprintln(os.Stderr, "making the fixture project:", err)
		os.Exit(1)
	}
	fixtureDir = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}
