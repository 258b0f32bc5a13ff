package main

import (
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/policies/pack"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The pack's exact policies and levels: a policy left out of the list, renamed (which breaks
// users' --policy-pack-config files) or demoted to the advisory zero value fails here.
func TestPackPoliciesAndLevels(t *testing.T) {
	t.Parallel()
	p, err := newPolicyPack(nil)
	require.NoError(t, err)
	assert.Equal(t, "pinterest-pipeline", p.Name())

	got := map[string]string{}
	for _, policy := range p.Policies() {
		kind := "resource"
		if _, ok := policy.(policyx.StackValidationPolicy); ok {
			kind = "stack"
		}
		got[policy.Name()] = kind + " " + pack.LevelName(policy.EnforcementLevel())
		assert.NotEmpty(t, policy.Description(), policy.Name())
	}
	assert.Equal(t, map[string]string{
		"s3-public-access-blocked":               "resource mandatory",
		"s3-encryption-at-rest":                  "resource mandatory",
		"s3-tls-only-bucket-policy":              "resource mandatory",
		"s3-buckets-guarded":                     "stack mandatory",
		"no-open-ingress":                        "resource mandatory",
		"ec2-imdsv2-required":                    "resource mandatory",
		"ec2-volumes-encrypted":                  "resource mandatory",
		"msk-authenticated-tls-clients":          "resource mandatory",
		"iam-no-wildcard-grants":                 "resource mandatory",
		"kinesis-streams-encrypted":              "resource mandatory",
		"api-stage-access-logs":                  "resource mandatory",
		"api-method-throttling":                  "resource mandatory",
		"api-stages-throttled":                   "stack mandatory",
		"mwaa-webserver-private-in-prod":         "resource mandatory",
		"log-groups-retention":                   "resource mandatory",
		"ec2-descriptions-valid":                 "resource mandatory",
		"api-methods-authenticated":              "resource mandatory",
		"no-protect-outside-prod":                "resource mandatory",
		"no-retain-on-delete-outside-prod":       "resource mandatory",
		"buckets-deletable-or-protected":         "resource mandatory",
		"buckets-force-destroy-outside-prod":     "resource mandatory",
		"secrets-recreatable-after-destroy":      "resource mandatory",
		"teardown-tags":                          "resource mandatory",
		"prod-only-on-prod-stacks":               "resource mandatory",
		"learner-declares-no-platform-resources": "resource mandatory",
		"course-resource-names":                  "resource mandatory",
		"iam-role-names-scoped":                  "resource mandatory",
		"course-names-declared":                  "stack mandatory",
		"ec2-instance-types-allowed":             "resource mandatory",
		"msk-broker-types-allowed":               "resource mandatory",
		"mwaa-environment-classes-allowed":       "resource mandatory",
		"nat-gateway-count":                      "stack mandatory",
		"kinesis-stream-mode":                    "resource mandatory",
		"hourly-budget":                          "stack mandatory",
		"cost-fully-priced":                      "stack advisory",
		// API conformance (internal/conformance): generated families, then hand-written rules.
		"aws-input-length":                       "resource mandatory",
		"aws-input-pattern":                      "resource mandatory",
		"aws-input-enum":                         "resource mandatory",
		"aws-input-range":                        "resource mandatory",
		"aws-input-list-size":                    "resource mandatory",
		"apigateway-path-parts-valid":            "resource mandatory",
		"iam-role-names-valid":                   "stack mandatory",
		"log-retention-days-valid":               "resource mandatory",
		"mskconnect-worker-properties-supported": "resource mandatory",
		"mwaa-class-runs-version":                "resource mandatory",
		"s3-bucket-names-valid":                  "resource mandatory",
	}, got)
	assert.Len(t, p.Policies(), len(got), "no two policies share a name")
}
