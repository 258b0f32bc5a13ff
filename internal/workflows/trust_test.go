package workflows

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/program"
)

// assumingJob is the part of a job the trust depends on.
type assumingJob struct {
	Environment any `yaml:"environment"`
	Steps       []step
}

type triggers struct {
	// On holds each event's settings; a schedule's is a list, the others' mappings.
	On   map[string]yaml.Node   `yaml:"on"`
	Jobs map[string]assumingJob `yaml:"jobs"`
}

type eventSpec struct {
	Branches []string `yaml:"branches"`
	Inputs   map[string]struct {
		Options []string `yaml:"options"`
	} `yaml:"inputs"`
}

func (w triggers) event(name string) eventSpec {
	var spec eventSpec
	if node, ok := w.On[name]; ok && node.Kind == yaml.MappingNode {
		_ = node.Decode(&spec)
	}
	return spec
}

var (
	literalAfterOperator = regexp.MustCompile(`(?:&&|\|\|)\s*'([^']+)'`)
	inputRef             = regexp.MustCompile(`inputs\.(\w+)`)
	varRef               = regexp.MustCompile(`vars\.(\w+)`)
)

// environments are the GitHub environments a job can run in: the literals its expression
// can yield and the options of the inputs it uses.
func environments(expr string, w triggers) []string {
	if expr == "" {
		return nil
	}
	if !strings.Contains(expr, "${{") {
		return []string{expr}
	}
	var out []string
	for _, m := range literalAfterOperator.FindAllStringSubmatch(expr, -1) {
		out = append(out, m[1])
	}
	for _, m := range inputRef.FindAllStringSubmatch(expr, -1) {
		out = append(out, w.event("workflow_dispatch").Inputs[m[1]].Options...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// contexts are the subject suffixes a job presents: its environment's, or else its events'
// (a schedule runs on the default branch; a manual run is trusted only from there too).
func contexts(envs []string, w triggers) []string {
	var out []string
	for _, e := range envs {
		out = append(out, "environment:"+e)
	}
	if len(out) > 0 {
		return out
	}
	for event := range w.On {
		switch event {
		case "pull_request":
			out = append(out, "pull_request")
		case "push":
			for _, b := range w.event(event).Branches {
				out = append(out, "ref:refs/heads/"+b)
			}
		case "schedule", "workflow_dispatch":
			out = append(out, "ref:refs/heads/main")
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

type declaredRole struct {
	subjects   []string
	maxSession int
}

// Issue 18 items 2 and 3, issue 17 item 8: every subject a job that assumes a role can
// present, in every format the bootstrap's repository can use, is trusted by the role the
// job's variables resolve to once the bootstrap's outputs are set, and no job asks for a
// longer session than that role allows.
func TestEveryJobIsTrustedByTheRoleItAssumes(t *testing.T) {
	t.Parallel()
	opts, err := sim.LoadStackIn("bootstrap", "ci")
	require.NoError(t, err)
	plan, err := sim.Run(opts, program.Bootstrap)
	require.NoError(t, err)

	roles := map[string]declaredRole{}
	for _, r := range plan.ByType("aws:iam/role:Role") {
		var doc components.PolicyDocument
		require.NoError(t, json.Unmarshal([]byte(r.Inputs["assumeRolePolicy"].(string)), &doc))
		require.Len(t, doc.Statement, 1)
		var subjects []string
		for _, s := range doc.Statement[0].Condition["StringEquals"][components.GitHubOIDCHost+":sub"].([]any) {
			subjects = append(subjects, s.(string))
		}
		arn := "arn:aws:iam::" + sim.Account + ":role/" + r.Inputs["name"].(string)
		roles[arn] = declaredRole{subjects: subjects, maxSession: int(r.Inputs["maxSessionDuration"].(float64))}
	}
	require.NotEmpty(t, roles)
	repoVars := plan.Outputs["repositoryVariables"].(map[string]any)
	envVars := plan.Outputs["environmentVariables"].(map[string]any)
	resolve := func(names []string, env string) string {
		for _, n := range names {
			if scoped, ok := envVars[env].(map[string]any); ok {
				if v, ok := scoped[n].(string); ok && v != "" {
					return v
				}
			}
			if v, ok := repoVars[n].(string); ok && v != "" {
				return v
			}
		}
		return ""
	}
	var prefixes []string
	var github map[string]string
	require.NoError(t, json.Unmarshal([]byte(opts.Config["pinterest-pipeline-ci:github"]), &github))
	prefixes = components.GitHubRepository{Owner: github["owner"], Name: github["repository"], OwnerID: github["ownerId"], ID: github["repositoryId"]}.SubjectPrefixes()
	require.Len(t, prefixes, 3, "the example stack sets the ids, so all three formats are checked")

	files, err := filepath.Glob(filepath.Join(workflowDir, "*.yml"))
	require.NoError(t, err)
	assuming := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var w triggers
		require.NoError(t, yaml.Unmarshal(data, &w))
		for name, j := range w.Jobs {
			where := filepath.Base(f) + "/" + name
			expr, _ := j.Environment.(string)
			envs := environments(expr, w)
			for _, s := range j.Steps {
				if s.action() != credentials {
					continue
				}
				assuming++
				var names []string
				for _, m := range varRef.FindAllStringSubmatch(s.With["role-to-assume"], -1) {
					names = append(names, m[1])
				}
				require.NotEmpty(t, names, "%s: role-to-assume names no variable", where)
				seconds, err := strconv.Atoi(s.With["role-duration-seconds"])
				require.NoError(t, err, where)
				scopes := envs
				if len(scopes) == 0 {
					scopes = []string{""}
				}
				// A fallback (`vars.A || vars.B`) is taken whenever the first is unset, so every
				// alternative the bootstrap sets must trust the job too.
				var candidates [][]string
				for i := range names {
					candidates = append(candidates, names[i:])
				}
				for _, pair := range cross(scopes, candidates) {
					env, chain := pair.env, pair.names
					arn := resolve(chain, env)
					if arn == "" && len(chain) < len(names) {
						continue // a fallback the bootstrap does not set
					}
					role, ok := roles[arn]
					if !assert.True(t, ok, "%s (environment %q): %v resolve to %q, not a role the bootstrap declares", where, env, chain, arn) {
						continue
					}
					assert.LessOrEqual(t, seconds, role.maxSession, "%s asks for a longer session than %s allows", where, arn)
					var envList []string
					if env != "" {
						envList = []string{env}
					}
					presented := contexts(envList, w)
					require.NotEmpty(t, presented, where)
					for _, c := range presented {
						for _, p := range prefixes {
							assert.Contains(t, role.subjects, p+":"+c, "%s presents %s:%s, which %s does not trust", where, p, c, arn)
						}
					}
				}
			}
		}
	}
	assert.Equal(t, 7, assuming, "deploy, teardown (select, destroy), drift, the PR cloud preview and pause (select, apply) assume roles")
}

type scopedChain struct {
	env   string
	names []string
}

func cross(envs []string, chains [][]string) []scopedChain {
	var out []scopedChain
	for _, e := range envs {
		for _, c := range chains {
			out = append(out, scopedChain{env: e, names: c})
		}
	}
	return out
}

func TestEnvironmentAndContextParsing(t *testing.T) {
	t.Parallel()
	var w triggers
	require.NoError(t, yaml.Unmarshal([]byte(`
on:
  push: {branches: [main]}
  workflow_dispatch: {inputs: {stack: {type: choice, options: [dev, prod]}}}
jobs: {}
`), &w))
	assert.Equal(t, []string{"dev", "prod"}, environments(`${{ github.event_name == 'workflow_dispatch' && inputs.stack || 'dev' }}`, w))
	assert.Equal(t, []string{"dev", "prod"}, environments(`${{ (matrix.target.stack == 'prod' || matrix.target.environment == 'prod') && 'prod' || 'dev' }}`, w))
	assert.Equal(t, []string{"dev"}, environments("dev", w))
	assert.Empty(t, environments("", w))
	assert.Equal(t, []string{"ref:refs/heads/main"}, contexts(nil, w))
	assert.Equal(t, []string{"environment:prod"}, contexts([]string{"prod"}, w))
}
