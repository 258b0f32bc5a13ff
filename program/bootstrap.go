package program

import (
	"fmt"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// GitHub variables the workflows read the role ARNs from (.github/workflows).
const (
	DeployRoleVariable  = "AWS_ROLE_ARN"
	PreviewRoleVariable = "AWS_PREVIEW_ROLE_ARN"
	DriftRoleVariable   = "AWS_DRIFT_ROLE_ARN"
)

// CIRoles are the roles the workflows assume, each trusting only the job contexts that use it:
//   - preview: the pull request's `pulumi preview` (pr-preview.yml, subject pull_request);
//   - drift: the scheduled refresh on the default branch (drift.yml, no environment);
//   - deploy-<env>: `pulumi up` and the teardown's listing and destroy in that GitHub
//     environment (deploy.yml, teardown.yml). Deploy and teardown share it: both present the
//     same environment subject, so separate roles could not keep one job from the other's.
func CIRoles(cfg *stacks.BootstrapConfig, account string) []components.CIRole {
	bucket, prefix := cfg.BackendBucket()
	scope := components.PolicyScope{
		AccountID: account, UserIDs: cfg.UserIDs, GrantRoles: cfg.CrossAccountRoleNames, StateBucket: bucket, StatePrefix: prefix,
	}
	for _, id := range cfg.UserIDs {
		scope.SecretPrefixes = append(scope.SecretPrefixes, components.ConnectionsPrefix(stacks.AirflowEnvironmentName(id)))
	}
	name := func(suffix string) string { return cfg.NamePrefix + "-" + suffix }
	roles := []components.CIRole{
		{
			Name: name("preview"), Variable: PreviewRoleVariable, Contexts: []string{"pull_request"},
			Policy:      components.PreviewPolicy(scope),
			Description: "pulumi preview of pull requests: data sources and the state only",
		},
		{
			Name: name("drift"), Variable: DriftRoleVariable, Contexts: []string{"ref:refs/heads/" + cfg.GitHub.DefaultBranch},
			Policy:      components.DriftPolicy(scope),
			Description: "scheduled pulumi preview --refresh: read-only, and the stacks' own secret values",
		},
	}
	for _, env := range cfg.Environments {
		roles = append(roles, components.CIRole{
			Name: name("deploy-" + env), Variable: DeployRoleVariable, Environment: env,
			Contexts:    []string{"environment:" + env},
			Description: "pulumi up and destroy in the GitHub environment " + env,
		})
	}
	for _, r := range roles {
		scope.ProtectedRoles = append(scope.ProtectedRoles, r.Name)
	}
	for i := range roles {
		if roles[i].Environment != "" {
			roles[i].Policy = components.DeployPolicy(scope)
		}
	}
	return roles
}

// Bootstrap is the program of the bootstrap project (bootstrap/): GitHub's OIDC provider and
// the CI roles. Its outputs are the GitHub variables to set, per repository and environment.
func Bootstrap(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
	cfg, err := stacks.ParseBootstrap(ctx.Stack(), func(key string) (string, bool) { return ctx.GetConfig(key) })
	if err != nil {
		return nil, err
	}
	caller, err := aws.GetCallerIdentity(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("reading the account id: %w", err)
	}
	roles := CIRoles(cfg, caller.AccountId)
	identity, err := components.NewCIIdentity(ctx, "ci", &components.CIIdentityArgs{
		Repository: components.GitHubRepository{
			Owner: cfg.GitHub.Owner, Name: cfg.GitHub.Repository, OwnerID: cfg.GitHub.OwnerID, ID: cfg.GitHub.RepositoryID,
		},
		AccountID:         caller.AccountId,
		ExistingProvider:  cfg.ExistingOIDCProvider,
		MaxSessionSeconds: cfg.MaxSessionSeconds,
		Roles:             roles,
		Tags:              map[string]string{"project": stacks.BootstrapProject, "stack": cfg.Stack, "managed-by": "pulumi"},
	})
	if err != nil {
		return nil, err
	}
	repository := pulumi.StringMap{}
	if cfg.Region != "" {
		repository["AWS_REGION"] = pulumi.String(cfg.Region)
	}
	environments := pulumi.Map{}
	// The commands that set them, to paste: `gh variable set` ("gh variable set", GitHub CLI manual).
	repo := cfg.GitHub.Owner + "/" + cfg.GitHub.Repository
	commands := pulumi.StringArray{}
	if cfg.Region != "" {
		commands = append(commands, pulumi.Sprintf("gh variable set AWS_REGION --repo %s --body %s", repo, cfg.Region))
	}
	for _, r := range roles {
		arn := identity.RoleArns[r.Name]
		if r.Environment == "" {
			repository[r.Variable] = arn
			commands = append(commands, pulumi.Sprintf("gh variable set %s --repo %s --body %s", r.Variable, repo, arn))
			continue
		}
		environments[r.Environment] = pulumi.StringMap{r.Variable: arn}
		commands = append(commands, pulumi.Sprintf("gh variable set %s --repo %s --env %s --body %s", r.Variable, repo, r.Environment, arn))
		// The jobs' `if: vars.AWS_ROLE_ARN != ''` gates read the repository's value, so the
		// first environment's role is also the repository's; every job that deploys runs in an
		// environment, whose own value wins.
		if r.Environment == cfg.Environments[0] {
			repository[r.Variable] = arn
			commands = append(commands, pulumi.Sprintf("gh variable set %s --repo %s --body %s", r.Variable, repo, arn))
		}
	}
	return map[string]pulumi.Input{
		"oidcProviderArn":      pulumi.String(identity.ProviderArn),
		"repositoryVariables":  repository,
		"environmentVariables": environments,
		"githubCommands":       commands,
	}, nil
}
