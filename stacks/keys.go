package stacks

import (
	"fmt"
	"slices"
	"strings"
)

// KeyProblems refuses the config keys this program would silently ignore: an unknown key in
// the project's namespace (`airflw`, `databricksTokn`), a setting written without --path
// (`pulumi config set airflow.enabled false` makes the key "airflow.enabled", not a setting of
// airflow), and a bare `region`, which is not the AWS provider's aws:region. Keys of other
// namespaces (aws:, providers') belong to their providers and are left to them.
func KeyProblems(keys []string) Problems {
	var ps Problems
	known := append(slices.Clone(Keys), SecretKeys...)
	for _, full := range slices.Sorted(slices.Values(keys)) {
		name, ok := strings.CutPrefix(full, Project+":")
		if !ok || slices.Contains(known, name) || slices.Contains(TemplateKeys, name) {
			continue
		}
		top, setting, nested := strings.Cut(name, ".")
		switch {
		case name == "region" || top == "region":
			ps.add(name, "is not a known setting; the AWS region is the provider's key aws:region",
				"run `pulumi config rm %s` and `pulumi config set aws:region us-east-1`", name)
		case nested && slices.Contains(known, top):
			ps.add(name, fmt.Sprintf("is a key of its own, not the setting %s of %s", setting, top),
				"it was set without --path: run `pulumi config rm %s` and `pulumi config set --path %s <value>`", name, name)
		default:
			near := nearest(top, known)
			fix := fmt.Sprintf("remove it (`pulumi config rm %s`), or use %s", name, near)
			if nested {
				fix = fmt.Sprintf("remove it (`pulumi config rm %s`), or use %s.%s with --path", name, near, setting)
			}
			ps.add(name, fmt.Sprintf("is not a known setting (did you mean %s?)", near), "%s", fix)
		}
	}
	return ps
}
