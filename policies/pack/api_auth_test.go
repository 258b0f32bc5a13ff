package pack

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIMethodsAuthenticated(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		props       obj
		wantMessage string // "" when nothing is reported
	}{
		{"open method", obj{"httpMethod": str("POST"), "authorization": str("NONE"), "apiKeyRequired": flag(false)}, "api.apiKeyRequired: true"},
		{"key left to the provider default (false)", obj{"httpMethod": str("ANY"), "authorization": str("NONE")}, "ANY method"},
		{"no authorization given either", obj{"httpMethod": str("GET")}, "GET method"},
		{"API key", obj{"httpMethod": str("POST"), "authorization": str("NONE"), "apiKeyRequired": flag(true)}, ""},
		{"IAM", obj{"httpMethod": str("POST"), "authorization": str("AWS_IAM")}, ""},
		{"Cognito", obj{"httpMethod": str("POST"), "authorization": str("COGNITO_USER_POOLS"), "apiKeyRequired": flag(false)}, ""},
		{"CORS preflight", obj{"httpMethod": str("OPTIONS"), "authorization": str("NONE")}, ""},
		{"key unknown during preview", obj{"httpMethod": str("POST"), "authorization": str("NONE"), "apiKeyRequired": property.New(property.Computed)}, ""},
		{"authorization unknown during preview", obj{"httpMethod": str("POST"), "authorization": property.New(property.Computed)}, ""},
		{"wrong type, left to the provider", obj{"httpMethod": str("POST"), "authorization": str("NONE"), "apiKeyRequired": str("yes")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := check(t, devSettings, PolicyAPIMethodsAuthenticated,
				policyx.AnalyzerResource{Type: typeAPIMethod, Properties: property.NewMap(tt.props)}, nil)
			if tt.wantMessage == "" {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, 1)
			assert.Contains(t, got[0], tt.wantMessage)
		})
	}
	other := check(t, devSettings, PolicyAPIMethodsAuthenticated,
		policyx.AnalyzerResource{Type: typeAPIStage, Properties: property.NewMap(obj{"authorization": str("NONE")})}, nil)
	assert.Empty(t, other, "other types are ignored")
}
