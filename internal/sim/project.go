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
