package components

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// GitHub's OIDC issuer and the audience configure-aws-credentials asks for ("Configuring
// OpenID Connect in Amazon Web Services", GitHub docs).
const (
	GitHubOIDCHost = "token.actions.githubusercontent.com"
	STSAudience    = "sts.amazonaws.com"
)

// GitHubRepository is the repository whose workflow jobs may assume the CI roles.
type GitHubRepository struct {
	Owner, Name string
	// OwnerID and ID are the immutable numeric ids; empty when unknown.
	OwnerID, ID string
}

// SubjectPrefixes are the forms the `sub` claim of this repository's tokens can start with.
//
//   - "repo:<owner>/<repo>", the classic form, for repositories created before GitHub's
//     cutover that have not opted in ("OpenID Connect reference", docs.github.com).
//   - With the ids: "repo:<owner>@<ownerId>/<repo>@<repoId>", the form GitHub's OIDC
//     documentation gives (github/docs pull request 45221, "Immutable subject claims": `@`
//     cannot appear in a GitHub name, so no other repository can present it), and
//     "repo:<owner>-<ownerId>/<repo>-<repoId>", the form of the changelog's example
//     ("Immutable subject claims for GitHub Actions OIDC tokens", 2026-04-23). The sources
//     disagree, so both are trusted. The dash form is a plain name: an account literally
//     called "<owner>-<ownerId>" with a classic-subject repository "<repo>-<repoId>" would
//     match it, which is the same exposure as the classic form's (a name can be re-registered)
//     and no more: a repository created or renamed after the cutover presents ids itself.
func (r GitHubRepository) SubjectPrefixes() []string {
	out := []string{fmt.Sprintf("repo:%s/%s", r.Owner, r.Name)}
	if r.OwnerID != "" && r.ID != "" {
		out = append(out,
			fmt.Sprintf("repo:%s@%s/%s@%s", r.Owner, r.OwnerID, r.Name, r.ID),
			fmt.Sprintf("repo:%s-%s/%s-%s", r.Owner, r.OwnerID, r.Name, r.ID))
	}
	return out
}

// Subjects are the exact `sub` values for the given job contexts ("pull_request",
// "environment:dev", "ref:refs/heads/main") in every form the repository may present.
func (r GitHubRepository) Subjects(contexts ...string) []string {
	var out []string
	for _, p := range r.SubjectPrefixes() {
		for _, c := range contexts {
			out = append(out, p+":"+c)
		}
	}
	sort.Strings(out)
	return out
}

// GitHubTrust trusts exactly the given subjects, with StringEquals on the audience and the
// subject: no wildcard, so no other repository, branch or environment can match ("Configuring
// a role for GitHub OIDC identity provider", IAM User Guide).
func GitHubTrust(providerArn string, subjects []string) PolicyDocument {
	return policy(Statement{
		Sid: "GitHubActions", Effect: "Allow", Principal: map[string]any{"Federated": providerArn},
		Action: []string{"sts:AssumeRoleWithWebIdentity"},
		Condition: map[string]map[string]any{"StringEquals": {
			GitHubOIDCHost + ":aud": STSAudience,
			GitHubOIDCHost + ":sub": subjects,
		}},
	})
}

// CIRole is one role a workflow job assumes.
type CIRole struct {
	// Name is the role's name; Variable the GitHub variable its ARN goes in.
	Name, Variable string
	// Environment is the GitHub environment whose variable it is; empty for the repository's.
	Environment string
	// Contexts are the job contexts it trusts (see GitHubRepository.Subjects).
	Contexts []string
	// Policy is its only permission policy.
	Policy PolicyDocument
	// Description says what it is for.
	Description string
}

// CIIdentityArgs configure NewCIIdentity.
type CIIdentityArgs struct {
	Repository GitHubRepository
	// AccountID is the account's id, for the provider's ARN.
	AccountID string
	// ExistingProvider says the account already has GitHub's OIDC provider: IAM allows one
	// per issuer URL, so a second create fails.
	ExistingProvider bool
	// MaxSessionSeconds is every role's MaxSessionDuration. Default 3600.
	MaxSessionSeconds int
	Roles             []CIRole
	Tags              map[string]string
}

// CIIdentity is GitHub's OIDC provider and the roles the workflows assume.
type CIIdentity struct {
	pulumi.ResourceState

	ProviderArn string
	// RoleArns by role name.
	RoleArns map[string]pulumi.StringOutput
}

// NewCIIdentity declares the OIDC provider (unless it exists) and each role with its trust,
// session limit and inline policy.
func NewCIIdentity(ctx *pulumi.Context, name string, args *CIIdentityArgs, opts ...pulumi.ResourceOption) (*CIIdentity, error) {
	if args == nil {
		return nil, errors.New("ci identity: args are required")
	}
	a := *args
	if a.MaxSessionSeconds == 0 {
		a.MaxSessionSeconds = 3600
	}
	var problems []string
	if a.Repository.Owner == "" || a.Repository.Name == "" {
		problems = append(problems, "Repository.Owner and Repository.Name are required")
	}
	if a.AccountID == "" {
		problems = append(problems, "AccountID is required")
	}
	if a.MaxSessionSeconds < 3600 || a.MaxSessionSeconds > 43200 {
		problems = append(problems, fmt.Sprintf("MaxSessionSeconds %d is outside IAM's 3600-43200", a.MaxSessionSeconds))
	}
	if len(a.Roles) == 0 {
		problems = append(problems, "Roles is empty")
	}
	seen := map[string]bool{}
	for i, r := range a.Roles {
		if r.Name == "" || len(r.Name) > 64 || seen[r.Name] {
			problems = append(problems, fmt.Sprintf("Roles[%d].Name %q must be unique and 1-64 characters", i, r.Name))
		}
		seen[r.Name] = true
		if len(r.Contexts) == 0 || len(r.Policy.Statement) == 0 {
			problems = append(problems, fmt.Sprintf("Roles[%d] (%s) needs Contexts and a Policy", i, r.Name))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("ci identity %s: %s", name, strings.Join(problems, "; "))
	}

	c := &CIIdentity{RoleArns: map[string]pulumi.StringOutput{}}
	if err := ctx.RegisterComponentResource(TypeCIIdentity, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	// The ARN is known from the account, so the trust policies show in full in a plan.
	c.ProviderArn = fmt.Sprintf("arn:aws:iam::%s:oidc-provider/%s", a.AccountID, GitHubOIDCHost)
	roleOpts := []pulumi.ResourceOption{parent}
	if !a.ExistingProvider {
		// No thumbprint: IAM verifies GitHub's certificate against its library of trusted root
		// CAs, and keeps thumbprints only for providers outside it (IAM API reference,
		// UpdateOpenIDConnectProviderThumbprint: "These OIDC IdPs include ... GitHub").
		provider, err := iam.NewOpenIdConnectProvider(ctx, name+"-github", &iam.OpenIdConnectProviderArgs{
			Url:           pulumi.String("https://" + GitHubOIDCHost),
			ClientIdLists: pulumi.StringArray{pulumi.String(STSAudience)},
			Tags:          pulumi.ToStringMap(a.Tags),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("declaring the GitHub OIDC provider: %w", err)
		}
		roleOpts = append(roleOpts, pulumi.DependsOn([]pulumi.Resource{provider}))
	}
	for _, r := range a.Roles {
		trust, err := json.Marshal(GitHubTrust(c.ProviderArn, a.Repository.Subjects(r.Contexts...)))
		if err != nil {
			return nil, fmt.Errorf("encoding the trust of %s: %w", r.Name, err)
		}
		permissions, err := r.Policy.JSON()
		if err != nil {
			return nil, fmt.Errorf("role %s: %w", r.Name, err)
		}
		role, err := iam.NewRole(ctx, name+"-"+r.Name, &iam.RoleArgs{
			Name:               pulumi.String(r.Name),
			Description:        pulumi.String(r.Description),
			AssumeRolePolicy:   pulumi.String(string(trust)),
			MaxSessionDuration: pulumi.Int(a.MaxSessionSeconds),
			Tags:               pulumi.ToStringMap(a.Tags),
		}, roleOpts...)
		if err != nil {
			return nil, fmt.Errorf("declaring role %s: %w", r.Name, err)
		}
		if _, err := iam.NewRolePolicy(ctx, name+"-"+r.Name+"-permissions", &iam.RolePolicyArgs{
			Role:   role.Name,
			Name:   pulumi.String("permissions"),
			Policy: pulumi.String(permissions),
		}, parent); err != nil {
			return nil, fmt.Errorf("declaring the policy of %s: %w", r.Name, err)
		}
		c.RoleArns[r.Name] = role.Arn
	}
	arns := pulumi.StringMap{}
	for n, arn := range c.RoleArns {
		arns[n] = arn
	}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"providerArn": pulumi.String(c.ProviderArn), "roleArns": arns}); err != nil {
		return nil, err
	}
	return c, nil
}
