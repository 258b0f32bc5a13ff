package pack

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEC2DescriptionsValid(t *testing.T) {
	t.Parallel()
	// The description that stopped the dev stack's first `pulumi up` (components/airflow.go).
	const refused = "the Airflow UI's VPC endpoint, from inside the VPC"
	const accepted = "the Airflow UI VPC endpoint, from inside the VPC"
	rule := func(d property.Value) property.Value { return mapOf(obj{"description": d, "protocol": str("tcp")}) }
	tests := []struct {
		name, typ   string
		props       obj
		wantMessage string // "" when nothing is reported
	}{
		{"ingress rule", typeIngressRule, obj{"description": str(refused)}, `the description "the Airflow UI's`},
		{"egress rule", typeEgressRule, obj{"description": str(refused)}, "contains '\\''"},
		{"legacy rule", typeSecurityGroupRule, obj{"description": str(refused)}, "the description"},
		{"group", typeSecurityGroup, obj{"description": str(refused)}, "reword it"},
		{"group's inline egress", typeSecurityGroup, obj{"description": str(accepted),
			"egress": property.New(list{rule(str(accepted)), rule(str("to S3 & Kinesis"))})}, "egress[1].description"},
		{"group's inline ingress", typeSecurityGroup, obj{"ingress": property.New(list{rule(str(refused))})}, "ingress[0].description"},
		{"accepted text", typeIngressRule, obj{"description": str(accepted)}, ""},
		{"accepted group and rules", typeSecurityGroup, obj{"description": str(accepted),
			"ingress": property.New(list{rule(str(accepted))}), "egress": property.New(list{rule(str(accepted))})}, ""},
		{"no description", typeIngressRule, obj{}, ""},
		{"unknown during preview", typeIngressRule, obj{"description": property.New(property.Computed)}, ""},
		{"unknown inline rules", typeSecurityGroup, obj{"ingress": property.New(property.Computed)}, ""},
		{"wrong type, left to the provider", typeIngressRule, obj{"description": num(4)}, ""},
		{"another type", typeInstance, obj{"description": str(refused)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := check(t, devSettings, PolicyEC2DescriptionsValid,
				policyx.AnalyzerResource{Type: tt.typ, Properties: property.NewMap(tt.props)}, nil)
			if tt.wantMessage == "" {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, 1)
			assert.Contains(t, got[0], tt.wantMessage)
		})
	}
}
