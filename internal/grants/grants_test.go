package grants

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOfReadsEveryStatementWhateverItsShape(t *testing.T) {
	t.Parallel()
	gs, err := Of(`{"Version":"2012-10-17","Statement":[
		{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*","arn:aws:s3:::c/*"]},
		{"Effect":"Deny","Action":["s3:*"],"Resource":"arn:aws:s3:::c/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`)
	require.NoError(t, err)
	require.Len(t, gs, 3)
	assert.Equal(t, Grant{Statement: 1, Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::c/*", Conditioned: true}, gs[2])
	assert.True(t, Allows(gs, "s3:GetObject", "arn:aws:s3:::b/k"))
	assert.False(t, Allows(gs, "s3:GetObject", "arn:aws:s3:::c/k"), "the Deny wins")
	assert.False(t, Allows(gs, "s3:PutObject", "arn:aws:s3:::b/k"))

	one, err := Of(`{"Statement":{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:kms:*:1:key/*"}}`)
	require.NoError(t, err)
	require.Len(t, one, 1)
	assert.True(t, one[0].ServiceWide(), "NotAction grants every other action")
	assert.True(t, one[0].AccountWide(), "NotResource grants every other resource")
	assert.True(t, Allows(one, "s3:GetObject", "arn:aws:s3:::x"))
	assert.False(t, Allows(one, "iam:PassRole", "arn:aws:s3:::x"))

	for _, bad := range []string{`{}`, `{"Statement":[]}`, `{"Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}]}`, `not json`} {
		_, err := Of(bad)
		assert.Error(t, err, bad)
	}
}

func TestServiceAndAccountWide(t *testing.T) {
	t.Parallel()
	for action, want := range map[string]bool{"*": true, "s3:*": true, "kafka-cluster:*": true, "secretsmanager:**": true,
		"s3:Get*": false, "s3:GetObject": false} {
		assert.Equal(t, want, Grant{Action: action}.ServiceWide(), action)
	}
	for resource, want := range map[string]bool{
		"*": true, "arn:aws:s3:::*": true, "arn:aws:secretsmanager:us-east-1:1:secret:*": true,
		"arn:aws:dynamodb:us-east-1:1:table/*": true, "arn:aws:kms:*:1:key/*": true, "arn:aws:iam::1:role/*": true,
		"arn:aws:s3:::bucket/*": false, "arn:aws:secretsmanager:us-east-1:1:secret:airflow-x/connections/*": false,
		"arn:aws:sqs:us-east-1:*:airflow-celery-*": false, "arn:aws:logs:us-east-1:1:log-group:airflow-x-*": false,
		"arn:aws:kafka:us-east-1:1:topic/c/u/p.*": false,
	} {
		assert.Equal(t, want, Grant{Resource: resource}.AccountWide(), resource)
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	assert.True(t, Match("S3:get*", "s3:GetObject"), "actions ignore case")
	assert.False(t, Match("arn:aws:s3:::B/*", "arn:aws:s3:::b/k"), "ARNs do not")
	assert.True(t, Match("arn:aws:s3:::b/*", "arn:aws:s3:::b/k/l"), "* crosses /")
	assert.False(t, Match("arn:aws:s3:::b?", "arn:aws:s3:::b"), "? is exactly one character")
}
