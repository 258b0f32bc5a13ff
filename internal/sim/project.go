package sim

import "path/filepath"

// LoadStackIn reads the stack file of the Pulumi project in a subdirectory of the repository
// (bootstrap/), as LoadStack reads the pipeline's.
func LoadStackIn(subdir, stack string) (Options, error) {
	root, err := RepoRoot()
	if err != nil {
		return Options{}, err
	}
	dir := filepath.Join(root, subdir)
	project, err := ReadProject(dir)
	if err != nil {
		return Options{}, err
	}
	return ReadStack(dir, project, stack)
}

// FixtureDir is where tests keep their copies of the stack files (testdata/stacks under the
// repository root). Learners edit the shipped Pulumi.<stack>.yaml with `pulumi config set`;
// tests read these copies so that such an edit changes only the golden plan (cmd/plan).
func FixtureDir() (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, fixtureDir), nil
}

const fixtureDir = "testdata/stacks"

// LoadFixture is LoadStack for the test copy of a stack file: the repository's Pulumi.yaml
// and testdata/stacks/Pulumi.<stack>.yaml, with overrides and stand-ins for missing secrets.
func LoadFixture(stack string, overrides ...string) (Options, error) {
	root, err := RepoRoot()
	if err != nil {
		return Options{}, err
	}
	return loadFrom(root, filepath.Join(root, fixtureDir), stack, overrides)
}
