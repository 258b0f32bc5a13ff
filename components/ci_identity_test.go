package components

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGitHubSubjects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		repo     GitHubRepository
		contexts []string
		want     []string
	}{
		{"names only", GitHubRepository{Owner: "o", Name: "r"}, []string{"pull_request"}, []string{"repo:o/r:pull_request"}},
		{"one id is not enough", GitHubRepository{Owner: "o", Name: "r", OwnerID: "1"}, []string{"environment:dev"}, []string{"repo:o/r:environment:dev"}},
		{"ids: both candidate forms", GitHubRepository{Owner: "o", Name: "r", OwnerID: "12", ID: "34"}, []string{"environment:dev", "environment:prod"}, []string{
			"repo:o-12/r-34:environment:dev", "repo:o-12/r-34:environment:prod",
			"repo:o/r:environment:dev", "repo:o/r:environment:prod",
			"repo:o@12/r@34:environment:dev", "repo:o@12/r@34:environment:prod",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.repo.Subjects(tt.contexts...))
		})
	}
}

func TestGitHubTrustIsExact(t *testing.T) {
	t.Parallel()
	doc := GitHubTrust("arn:aws:iam::1:oidc-provider/"+GitHubOIDCHost, []string{"repo:o/r:pull_request"})
	raw, err := json.Marshal(doc)
	require.NoError(t, err)
	text := string(raw)
	assert.Contains(t, text, `"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":["repo:o/r:pull_request"]}`)
	assert.NotContains(t, text, "StringLike")
	assert.NotContains(t, text, "*")
}

type recordingMocks struct{ types []string }

func (m *recordingMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.types = append(m.types, args.TypeToken)
	return args.Name + "-id", args.Inputs, nil
}

func (m *recordingMocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return args.Args, nil
}

func TestCIIdentityRefusesBadArgsBeforeRegistering(t *testing.T) {
	t.Parallel()
	mocks := &recordingMocks{}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := NewCIIdentity(ctx, "ci", &CIIdentityArgs{
			Repository:        GitHubRepository{Owner: "o"},
			MaxSessionSeconds: 900,
			Roles:             []CIRole{{Name: "a"}, {Name: "a", Contexts: []string{"pull_request"}, Policy: policy(allow("x", []string{"s3:GetObject"}, "*"))}},
		})
		return err
	}, pulumi.WithMocks("p", "s", mocks))
	require.Error(t, err)
	for _, field := range []string{"Repository.Owner and Repository.Name", "AccountID", "MaxSessionSeconds 900", "Roles[0] (a) needs Contexts", "Roles[1].Name \"a\" must be unique"} {
		assert.Contains(t, err.Error(), field)
	}
	assert.Empty(t, mocks.types, "nothing registered")
}
