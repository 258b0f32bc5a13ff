package program

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/grants"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func planBootstrap(t *testing.T, overrides ...string) *sim.Plan {
	t.Helper()
	opts, err := sim.LoadStackIn("bootstrap", "ci")
	require.NoError(t, err)
	require.NoError(t, sim.ApplyOverrides(&opts, overrides))
	plan, err := sim.Run(opts, Bootstrap)
	require.NoError(t, err)
	return plan
}

type trustDoc struct {
	Statement []struct {
		Effect    string
		Principal map[string]string
		Action    []string
		Condition map[string]map[string]any
	}
}

// trustOf returns a role's federated principal, audience and subjects.
func trustOf(t *testing.T, role sim.Resource) (principal, audience string, subjects []string) {
	t.Helper()
	var doc trustDoc
	require.NoError(t, json.Unmarshal([]byte(role.Inputs["assumeRolePolicy"].(string)), &doc), role.Name)
	require.Len(t, doc.Statement, 1, role.Name)
	st := doc.Statement[0]
	assert.Equal(t, "Allow", st.Effect)
	assert.Equal(t, []string{"sts:AssumeRoleWithWebIdentity"}, st.Action)
	require.Len(t, st.Condition, 1, "%s: StringEquals only, no StringLike", role.Name)
	eq := st.Condition["StringEquals"]
	for _, s := range eq[components.GitHubOIDCHost+":sub"].([]any) {
		subjects = append(subjects, s.(string))
	}
	audience, _ = eq[components.GitHubOIDCHost+":aud"].(string)
	return st.Principal["Federated"], audience, subjects
}

func policyOf(t *testing.T, plan *sim.Plan, roleName string) []grants.Grant {
	t.Helper()
	var found [][]grants.Grant
	for _, p := range plan.ByType("aws:iam/rolePolicy:RolePolicy") {
		if p.Inputs["role"] == roleName {
			text, ok := p.Inputs["policy"].(string)
			require.True(t, ok, "%s: a known policy document", roleName)
			gs, err := grants.Of(text)
			require.NoError(t, err, roleName)
			found = append(found, gs)
		}
	}
	require.Len(t, found, 1, "%s has exactly one inline policy", roleName)
	return found[0]
}

func TestBootstrapDeclaresTheOIDCProviderAndTheRoles(t *testing.T) {
	t.Parallel()
	plan := planBootstrap(t)
	providers := plan.ByType("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
	require.Len(t, providers, 1)
	p := providers[0].Inputs
	assert.Equal(t, "https://token.actions.githubusercontent.com", p["url"])
	assert.Equal(t, []any{"sts.amazonaws.com"}, p["clientIdLists"])
	assert.NotContains(t, p, "thumbprintLists", "IAM verifies GitHub through its trusted CAs")

	roles := plan.ByType("aws:iam/role:Role")
	require.Len(t, roles, 4, "preview, drift, deploy-dev, deploy-prod")
	want := map[string][]string{
		"pinterest-pipeline-ci-preview":     {"pull_request"},
		"pinterest-pipeline-ci-drift":       {"ref:refs/heads/main"},
		"pinterest-pipeline-ci-deploy-dev":  {"environment:dev"},
		"pinterest-pipeline-ci-deploy-prod": {"environment:prod"},
	}
	for _, r := range roles {
		contexts, ok := want[r.Inputs["name"].(string)]
		require.True(t, ok, "unexpected role %s", r.Inputs["name"])
		assert.EqualValues(t, 3600, r.Inputs["maxSessionDuration"], r.Name)
		principal, aud, subjects := trustOf(t, r)
		assert.Equal(t, "arn:aws:iam::"+sim.Account+":oidc-provider/token.actions.githubusercontent.com", principal)
		assert.Equal(t, "sts.amazonaws.com", aud)
		var expected []string
		for _, c := range contexts {
			expected = append(expected,
				"repo:octo-org/pinterest-pipeline:"+c,
				"repo:octo-org@123456/pinterest-pipeline@456789:"+c,
				"repo:octo-org-123456/pinterest-pipeline-456789:"+c)
		}
		assert.ElementsMatch(t, expected, subjects, r.Name)
		for _, s := range subjects {
			assert.NotContains(t, s, "*", "%s: no wildcard subject", r.Name)
		}
		assert.Contains(t, r.Dependencies, providers[0].URN, "%s waits for the provider", r.Name)
	}
	outputs := plan.Outputs["repositoryVariables"].(map[string]any)
	for _, v := range []string{PreviewRoleVariable, DriftRoleVariable, DeployRoleVariable} {
		assert.Contains(t, outputs, v)
	}
	envs := plan.Outputs["environmentVariables"].(map[string]any)
	assert.Equal(t, "arn:aws:iam::"+sim.Account+":role/pinterest-pipeline-ci-deploy-prod", envs["prod"].(map[string]any)[DeployRoleVariable])
	commands := plan.Outputs["githubCommands"].([]any)
	assert.Contains(t, commands, "gh variable set AWS_ROLE_ARN --repo octo-org/pinterest-pipeline --env prod --body arn:aws:iam::"+sim.Account+":role/pinterest-pipeline-ci-deploy-prod")
	assert.Contains(t, commands, "gh variable set AWS_DRIFT_ROLE_ARN --repo octo-org/pinterest-pipeline --body arn:aws:iam::"+sim.Account+":role/pinterest-pipeline-ci-drift")
	assert.Len(t, commands, 1+2+2+1, "region, preview, drift, one per environment, dev's on the repository")
}

func TestBootstrapWithoutIdsTrustsOnlyNamesAndWithAnExistingProviderCreatesNone(t *testing.T) {
	t.Parallel()
	plan := planBootstrap(t, `github={"owner":"octo-org","repository":"pp"}`, "existingOidcProvider=true")
	assert.Empty(t, plan.ByType("aws:iam/openIdConnectProvider:OpenIdConnectProvider"))
	roles := plan.ByType("aws:iam/role:Role")
	require.NotEmpty(t, roles)
	for _, r := range roles {
		_, _, subjects := trustOf(t, r)
		require.Len(t, subjects, 1, r.Name)
		assert.True(t, strings.HasPrefix(subjects[0], "repo:octo-org/pp:"), subjects[0])
	}
}

// pipelinePlans are the stacks whose types the CI roles must cover: the committed ones and
// the options that add types.
func pipelinePlans(t *testing.T) []*sim.Plan {
	t.Helper()
	var plans []*sim.Plan
	for _, c := range []struct {
		stack     string
		overrides []string
	}{{"dev", nil}, {"prod", nil}, {"dev", []string{"api.accountLoggingRole=true", "api.proxyIntegration=http"}}} {
		plan, err := planStack(t, c.stack, c.overrides...)
		require.NoError(t, err, c.stack)
		plans = append(plans, plan)
	}
	return plans
}

func awsTypes(plans []*sim.Plan) []string {
	var types []string
	for _, p := range plans {
		for _, r := range p.Custom() {
			if strings.HasPrefix(r.Type, "aws:") && !slices.Contains(types, r.Type) {
				types = append(types, r.Type)
			}
		}
	}
	slices.Sort(types)
	return types
}

func actionsOf(gs []grants.Grant, effect string) map[string][]string {
	out := map[string][]string{}
	for _, g := range gs {
		if g.Effect == effect {
			out[g.Action] = append(out[g.Action], g.Resource)
		}
	}
	return out
}

// allows reports whether the policy allows the action on any resource ("*" or a pattern).
func allows(actions map[string][]string, action string) bool {
	for granted := range actions {
		if grants.Match(granted, action) {
			return true
		}
	}
	return false
}

// Issue 18 item 5: drift refreshes with exactly the reads of the declared types, so a type
// without an entry fails here, not in the daily run.
func TestDriftRoleReadsEveryTypeThePipelineDeclares(t *testing.T) {
	t.Parallel()
	types := awsTypes(pipelinePlans(t))
	require.Greater(t, len(types), 40)
	drift := actionsOf(policyOf(t, planBootstrap(t), "pinterest-pipeline-ci-drift"), "Allow")
	for _, typ := range types {
		actions, ok := components.RefreshReadActions[typ]
		if !assert.True(t, ok, "%s has no entry in components.RefreshReadActions: add the IAM actions its refresh reads", typ) {
			continue
		}
		require.NotEmpty(t, actions, typ)
		for _, a := range actions {
			assert.True(t, allows(drift, a), "drift may not %s (%s)", a, typ)
			verb := a[strings.Index(a, ":")+1:]
			assert.Regexp(t, `^(Get|Describe|List|GET|ViewBudget)`, verb, "%s: refresh only reads", a)
		}
	}
	for a := range drift {
		verb := a[strings.Index(a, ":")+1:]
		if verb == "PutObject" || verb == "DeleteObject" {
			continue // the backend's lock, checked below
		}
		assert.Regexp(t, `^(Get|Describe|List|GET|ViewBudget)`, verb, "drift writes with %s", a)
	}
}

// Issue 18 item 5: the secret values drift reads are exactly the stacks' own.
func TestDriftReadsOnlyTheStacksOwnSecrets(t *testing.T) {
	t.Parallel()
	plan := planBootstrap(t)
	drift := actionsOf(policyOf(t, plan, "pinterest-pipeline-ci-drift"), "Allow")
	resources := drift["secretsmanager:GetSecretValue"]
	require.NotEmpty(t, resources)
	secrets := 0
	for _, p := range pipelinePlans(t) {
		for _, s := range p.ByType("aws:secretsmanager/secret:Secret") {
			secrets++
			arn := "arn:aws:secretsmanager:us-east-1:" + sim.Account + ":secret:" + s.Inputs["name"].(string) + "-AbCdEf"
			matched := false
			for _, r := range resources {
				if grants.Match(r, arn) {
					matched = true
				}
			}
			assert.True(t, matched, "drift cannot read %s", arn)
		}
	}
	assert.Positive(t, secrets)
	for _, r := range resources {
		assert.NotContains(t, r, "secret:*", "not every secret of the account")
	}
	preview := actionsOf(policyOf(t, plan, "pinterest-pipeline-ci-preview"), "Allow")
	assert.False(t, allows(preview, "secretsmanager:GetSecretValue"), "a pull request must not read the secrets")
}

// Issue 18 item 13: a pull request's preview reads only the data sources and the state.
func TestPreviewRoleReadsOnlyTheDataSources(t *testing.T) {
	t.Parallel()
	tokens := sim.InvokeTokens()
	require.NotEmpty(t, tokens)
	preview := actionsOf(policyOf(t, planBootstrap(t, "backend=s3://state-bucket/pp"), "pinterest-pipeline-ci-preview"), "Allow")
	for _, tok := range tokens {
		actions, ok := components.InvokeReadActions[tok]
		require.True(t, ok, "%s has no entry in components.InvokeReadActions", tok)
		for _, a := range actions {
			assert.True(t, allows(preview, a), "preview may not %s (%s)", a, tok)
		}
	}
	assert.Equal(t, []string{"arn:aws:ssm:*::parameter/aws/service/*"}, preview["ssm:GetParameter"])
	for _, a := range []string{"s3:GetObject", "s3:PutObject"} {
		for _, r := range preview[a] {
			assert.True(t, strings.HasPrefix(r, "arn:aws:s3:::state-bucket/pp/"), "%s only on the state: %s", a, r)
		}
	}
	assert.Equal(t, []string{"arn:aws:s3:::state-bucket/pp/.pulumi/locks/*"}, preview["s3:PutObject"])
	for _, a := range []string{"s3:GetBucketPolicy", "kinesis:DescribeStream", "iam:GetRole", "logs:DescribeLogGroups", "ec2:DescribeInstances"} {
		assert.False(t, allows(preview, a), "preview reads no resource: %s", a)
	}
}

// Issue 17 item 8: deploy covers every service the stacks use, manages only their roles, and
// can never change the CI identity.
func TestDeployRolesCoverThePipelineAndNotTheCIIdentity(t *testing.T) {
	t.Parallel()
	plans := pipelinePlans(t)
	bootstrap := planBootstrap(t)
	for _, role := range []string{"pinterest-pipeline-ci-deploy-dev", "pinterest-pipeline-ci-deploy-prod"} {
		doc := policyOf(t, bootstrap, role)
		allowed, denied := actionsOf(doc, "Allow"), actionsOf(doc, "Deny")
		for _, typ := range awsTypes(plans) {
			module := strings.TrimPrefix(strings.Split(typ, "/")[0], "aws:")
			if module == "iam" {
				continue
			}
			services, ok := components.DeployServices[module]
			require.True(t, ok, "%s: module %s has no entry in components.DeployServices", typ, module)
			for _, svc := range services {
				assert.True(t, allows(allowed, svc+":CreateAnything"), "%s cannot use %s", role, svc)
			}
		}
		iamResources := allowed["iam:*"]
		names := 0
		for _, p := range plans {
			for _, r := range append(p.ByType("aws:iam/role:Role"), p.ByType("aws:iam/instanceProfile:InstanceProfile")...) {
				names++
				kind := "role"
				if strings.HasSuffix(r.Type, "InstanceProfile") {
					kind = "instance-profile"
				}
				arn := "arn:aws:iam::" + sim.Account + ":" + kind + "/" + r.Inputs["name"].(string)
				matched := false
				for _, pattern := range iamResources {
					if grants.Match(pattern, arn) {
						matched = true
					}
				}
				assert.True(t, matched, "%s cannot manage %s", role, arn)
			}
		}
		assert.Positive(t, names)
		// Inline policies go on the stacks' roles and on the Databricks workspace's
		// cross-account role (the PassRole grant), which the stacks do not own.
		attached := 0
		for _, p := range plans {
			for _, r := range p.ByType("aws:iam/rolePolicy:RolePolicy") {
				attached++
				arn := "arn:aws:iam::" + sim.Account + ":role/" + r.Inputs["role"].(string)
				for _, action := range []string{"iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy"} {
					assert.True(t, grants.Allows(doc, action, arn), "%s cannot %s on %s", role, action, arn)
				}
			}
		}
		assert.Positive(t, attached)
		for _, r := range bootstrap.ByType("aws:iam/role:Role") {
			arn := "arn:aws:iam::" + sim.Account + ":role/" + r.Inputs["name"].(string)
			assert.Contains(t, denied["iam:*"], arn, "%s could change %s", role, arn)
		}
		for _, pattern := range iamResources {
			assert.NotRegexp(t, regexp.MustCompile(`role/\*$|:\*$`), pattern, "IAM on every role")
		}
	}
}

// With an s3:// backend the deploy roles write the state but cannot delete or unprotect its
// bucket; the other roles only read it and take the lock.
func TestStateBackendAccess(t *testing.T) {
	t.Parallel()
	plan := planBootstrap(t, "backend=s3://state-bucket/pp")
	deploy := policyOf(t, plan, "pinterest-pipeline-ci-deploy-dev")
	assert.True(t, grants.Allows(deploy, "s3:PutObject", "arn:aws:s3:::state-bucket/pp/.pulumi/stacks/pinterest-pipeline/dev.json"))
	assert.True(t, grants.Allows(deploy, "s3:DeleteObject", "arn:aws:s3:::state-bucket/pp/.pulumi/stacks/pinterest-pipeline/dev.json"))
	assert.True(t, grants.Allows(deploy, "s3:DeleteBucket", "arn:aws:s3:::user-0affd9571f39-bucket"), "the stacks' own buckets")
	for _, a := range []string{"s3:DeleteBucket", "s3:PutBucketPolicy", "s3:PutBucketVersioning"} {
		assert.False(t, grants.Allows(deploy, a, "arn:aws:s3:::state-bucket"), a)
	}
	for _, role := range []string{"pinterest-pipeline-ci-preview", "pinterest-pipeline-ci-drift"} {
		doc := policyOf(t, plan, role)
		assert.True(t, grants.Allows(doc, "s3:GetObject", "arn:aws:s3:::state-bucket/pp/.pulumi/stacks/pinterest-pipeline/dev.json"), role)
		assert.False(t, grants.Allows(doc, "s3:PutObject", "arn:aws:s3:::state-bucket/pp/.pulumi/stacks/pinterest-pipeline/dev.json"), role)
		assert.True(t, grants.Allows(doc, "s3:PutObject", "arn:aws:s3:::state-bucket/pp/.pulumi/locks/pinterest-pipeline/dev/lock.json"), role)
	}
}

func TestBootstrapConfigRefusesBadSettings(t *testing.T) {
	t.Parallel()
	base := map[string]string{
		"pinterest-pipeline-ci:github":  `{"owner":"o","repository":"r"}`,
		"pinterest-pipeline-ci:userIds": `["0affd9571f39"]`,
	}
	tests := []struct {
		name, key, value, problem string
	}{
		{"no owner", "pinterest-pipeline-ci:github", `{"repository":"r"}`, "github.owner"},
		{"wildcard owner", "pinterest-pipeline-ci:github", `{"owner":"*","repository":"r"}`, "github.owner"},
		{"misspelt field", "pinterest-pipeline-ci:github", `{"owner":"o","repository":"r","ownerid":"1"}`, "github.ownerid"},
		{"one id only", "pinterest-pipeline-ci:github", `{"owner":"o","repository":"r","ownerId":"1"}`, "github.ownerId"},
		{"id not numeric", "pinterest-pipeline-ci:github", `{"owner":"o","repository":"r","ownerId":"x","repositoryId":"2"}`, "github.ownerId"},
		{"no user ids", "pinterest-pipeline-ci:userIds", `[]`, "userIds"},
		{"no environments", "pinterest-pipeline-ci:environments", `[]`, "environments"},
		{"duplicate environment", "pinterest-pipeline-ci:environments", `["dev","dev"]`, "environments[1]"},
		{"backend not s3", "pinterest-pipeline-ci:backend", `https://example.com`, "backend"},
		{"session too short", "pinterest-pipeline-ci:maxSessionSeconds", `900`, "maxSessionSeconds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			values := map[string]string{}
			for k, v := range base {
				values[k] = v
			}
			values[tt.key] = tt.value
			_, err := stacks.ParseBootstrap("ci", func(k string) (string, bool) { v, ok := values[k]; return v, ok })
			require.Error(t, err)
			var problems stacks.Problems
			require.ErrorAs(t, err, &problems)
			keys := []string{}
			for _, p := range problems {
				keys = append(keys, p.Key)
				assert.NotEmpty(t, p.Fix)
			}
			assert.Equal(t, []string{tt.problem}, keys)
		})
	}
	cfg, err := stacks.ParseBootstrap("ci", func(k string) (string, bool) { v, ok := base[k]; return v, ok })
	require.NoError(t, err)
	assert.Equal(t, []string{"dev", "prod"}, cfg.Environments)
	assert.Equal(t, 3600, cfg.MaxSessionSeconds)
}
