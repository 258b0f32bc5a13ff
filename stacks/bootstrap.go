package stacks

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// BootstrapProject is the Pulumi project of the CI identity (bootstrap/Pulumi.yaml). It is a
// project of its own, not a stack of the pipeline's: `pulumi stack ls`, which the scheduled
// teardown runs, lists only the current project's stacks ("pulumi stack ls", Pulumi CLI
// reference), so the roles CI runs as are never selected for destruction by CI itself, and
// a pipeline destroy never reaches them.
const BootstrapProject = "pinterest-pipeline-ci"

// BootstrapKeys are the config keys of the bootstrap project, in the order its Pulumi.ci.yaml lists them.
var BootstrapKeys = []string{"github", "environments", "userIds", "crossAccountRoleNames", "backend", "existingOidcProvider", "namePrefix", "maxSessionSeconds"}

// GitHubRepo names the repository whose workflows assume the roles.
type GitHubRepo struct {
	// Owner is the user or organisation that owns the repository. Required.
	Owner string `json:"owner"`
	// Repository is the repository's name. Required.
	Repository string `json:"repository"`
	// OwnerID and RepositoryID are the immutable numeric ids (`gh api repos/OWNER/REPO --jq
	// '.owner.id,.id'`). A repository created, renamed or transferred after GitHub's cutover
	// presents them in its OIDC subjects; without them only the name subjects are trusted.
	OwnerID      string `json:"ownerId"`
	RepositoryID string `json:"repositoryId"`
	// DefaultBranch is where the scheduled drift check runs. Default main.
	DefaultBranch string `json:"defaultBranch"`
}

// BootstrapConfig is the typed configuration of the bootstrap stack.
type BootstrapConfig struct {
	Stack  string `json:"-"`
	Region string `json:"-"`

	GitHub GitHubRepo `json:"github"`
	// Environments are the GitHub environments deploy and teardown run in; each gets a deploy
	// role that trusts only that environment. Default dev and prod.
	Environments []string `json:"environments"`
	// UserIDs are the course user ids of the stacks CI manages: the deploy roles may only
	// manage IAM roles named after them, and drift may read only their secrets. Required.
	UserIDs []string `json:"userIds"`
	// CrossAccountRoleNames are the Databricks workspaces' cross-account roles
	// (databricks.crossAccountRoleName of the stacks): the stacks put an inline PassRole grant
	// on them, so the deploy roles may manage inline policies there, and nothing else.
	CrossAccountRoleNames []string `json:"crossAccountRoleNames"`
	// Backend is the self-managed state backend (s3://bucket or s3://bucket/prefix) the roles
	// need to read and lock; empty for Pulumi Cloud.
	Backend string `json:"backend"`
	// ExistingOIDCProvider says the account already has GitHub's OIDC provider (IAM allows one
	// per issuer URL); the roles then trust it and the stack does not create it. Default false.
	ExistingOIDCProvider bool `json:"existingOidcProvider"`
	// NamePrefix starts every role name. Default pinterest-pipeline-ci.
	NamePrefix string `json:"namePrefix"`
	// MaxSessionSeconds is each role's MaxSessionDuration: at least what the workflows request
	// (role-duration-seconds, 3600 at most today). Default 3600, IAM's default.
	MaxSessionSeconds int `json:"maxSessionSeconds"`
}

var (
	githubName   = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$`)
	repoName     = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)
	numericID    = regexp.MustCompile(`^[1-9][0-9]{0,19}$`)
	envName      = regexp.MustCompile(`^[A-Za-z0-9_-]{1,16}$`)
	s3Backend    = regexp.MustCompile(`^s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/[^?]*)?$`)
	roleNameRe   = regexp.MustCompile(`^[A-Za-z0-9+=,.@_-]{1,64}$`)
	rolePrefixRe = regexp.MustCompile(`^[A-Za-z0-9+=,.@_-]{1,40}$`)
)

// ParseBootstrap reads and validates the bootstrap stack's configuration, reporting every
// problem at once with its key and the fix.
func ParseBootstrap(stack string, lookup Lookup) (*BootstrapConfig, error) {
	cfg := BootstrapConfig{Stack: stack, Environments: []string{EnvDev, EnvProd}, NamePrefix: BootstrapProject, MaxSessionSeconds: 3600}
	cfg.Region, _ = lookup(RegionKey)
	var problems Problems
	fields := map[string]any{
		"github": &cfg.GitHub, "environments": &cfg.Environments, "userIds": &cfg.UserIDs, "crossAccountRoleNames": &cfg.CrossAccountRoleNames,
		"backend": &cfg.Backend, "existingOidcProvider": &cfg.ExistingOIDCProvider, "namePrefix": &cfg.NamePrefix, "maxSessionSeconds": &cfg.MaxSessionSeconds,
	}
	for _, key := range BootstrapKeys {
		raw, ok := lookup(BootstrapProject + ":" + key)
		if !ok {
			continue
		}
		if s, isString := fields[key].(*string); isString {
			*s = raw
			continue
		}
		problems = append(problems, decodeStrict(key, raw, fields[key])...)
	}
	if cfg.GitHub.DefaultBranch == "" {
		cfg.GitHub.DefaultBranch = "main"
	}
	// A section that did not decode would only add misleading follow-on problems.
	failed := map[string]bool{}
	for _, p := range problems {
		failed[section(p.Key)] = true
	}
	for _, p := range cfg.Validate() {
		if !failed[section(p.Key)] {
			problems = append(problems, p)
		}
	}
	if err := problems.err(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// Validate reports every invalid bootstrap setting.
func (c BootstrapConfig) Validate() Problems {
	var ps Problems
	g := c.GitHub
	if !githubName.MatchString(g.Owner) {
		ps.add("github.owner", fmt.Sprintf("is %q, not a GitHub user or organisation name", g.Owner),
			"set it to the repository's owner: `pulumi config set --path github.owner <owner>`")
	}
	if !repoName.MatchString(g.Repository) {
		ps.add("github.repository", fmt.Sprintf("is %q, not a repository name", g.Repository),
			"set it to the repository's name: `pulumi config set --path github.repository <repo>`")
	}
	for key, id := range map[string]string{"github.ownerId": g.OwnerID, "github.repositoryId": g.RepositoryID} {
		if id != "" && !numericID.MatchString(id) {
			ps.add(key, fmt.Sprintf("is %q, not a numeric id", id), "copy it from `gh api repos/OWNER/REPO --jq '.owner.id,.id'` (quoted, as text)")
		}
	}
	if (g.OwnerID == "") != (g.RepositoryID == "") {
		ps.add("github.ownerId", "and github.repositoryId must be set together", "set both from `gh api repos/OWNER/REPO --jq '.owner.id,.id'`, or neither")
	}
	if strings.ContainsAny(g.DefaultBranch, "*?\"' ") {
		ps.add("github.defaultBranch", fmt.Sprintf("is %q", g.DefaultBranch), "name the branch the scheduled workflows run on, without wildcards")
	}
	if len(c.Environments) == 0 {
		ps.add("environments", "is empty", "list the GitHub environments that deploy, e.g. [dev, prod]")
	}
	for i, e := range c.Environments {
		if !envName.MatchString(e) || slices.Index(c.Environments, e) != i {
			ps.add(fmt.Sprintf("environments[%d]", i), fmt.Sprintf("is %q, not a distinct environment name", e), "use each GitHub environment name once, at most 16 letters, digits, - or _ (it ends a role name)")
		}
	}
	if len(c.UserIDs) == 0 {
		ps.add("userIds", "is empty", "list the identity.userId of every stack CI deploys, e.g. `pulumi config set --path 'userIds[0]' <user id>`")
	}
	for i, id := range c.UserIDs {
		for _, why := range UserIDProblems(id) {
			ps.add(fmt.Sprintf("userIds[%d]", i), why, "use the stack's identity.userId")
		}
	}
	for i, r := range c.CrossAccountRoleNames {
		if !roleNameRe.MatchString(r) {
			ps.add(fmt.Sprintf("crossAccountRoleNames[%d]", i), fmt.Sprintf("is %q, not a role name", r), "use the stack's databricks.crossAccountRoleName, without a path or wildcard")
		}
	}
	if c.Backend != "" && !s3Backend.MatchString(c.Backend) {
		ps.add("backend", fmt.Sprintf("is %q, not an s3://bucket[/prefix] URL", c.Backend), "set the s3:// URL of `pulumi login`, or leave it unset for Pulumi Cloud")
	}
	if !rolePrefixRe.MatchString(c.NamePrefix) {
		ps.add("namePrefix", fmt.Sprintf("is %q", c.NamePrefix), "use at most 40 letters, digits or +=,.@_- (role names are at most 64 characters)")
	}
	// STS accepts 900 s up to the role's MaxSessionDuration, which IAM allows from 3600 to
	// 43200 s (IAM API reference, CreateRole MaxSessionDuration).
	if c.MaxSessionSeconds < 3600 || c.MaxSessionSeconds > 43200 {
		ps.add("maxSessionSeconds", fmt.Sprintf("is %d", c.MaxSessionSeconds), "use 3600 to 43200, at least the workflows' role-duration-seconds")
	}
	return ps
}

// BackendBucket is the state bucket and key prefix of an s3:// backend ("" when none).
func (c BootstrapConfig) BackendBucket() (bucket, prefix string) {
	m := s3Backend.FindStringSubmatch(c.Backend)
	if m == nil {
		return "", ""
	}
	return m[1], strings.Trim(m[2], "/")
}
