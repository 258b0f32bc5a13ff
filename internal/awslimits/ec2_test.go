package awslimits

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEC2Description(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		problem  string // a fragment of the error, "" for none
	}{
		{"plain words", "SASL/IAM to the brokers", ""},
		{"every allowed punctuation mark", "a-z A-Z 0-9 ._-:/()#,@[]+=;{}!$*", ""},
		{"empty", "", ""},
		{"exactly the limit", strings.Repeat("a", 255), ""},
		{"one over the limit", strings.Repeat("a", 256), "256 characters"},
		{"apostrophe", "the Airflow UI's VPC endpoint", `'\''`},
		{"ampersand, refused for rules naming a security group", "brokers & clients", `'&'`},
		{"non-ASCII", "café", `'é'`},
		{"line break", "two\nlines", `'\n'`},
		{"double quote", `the "proxy"`, `'"'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := EC2Description(tt.in)
			if tt.problem == "" {
				assert.NoError(t, err)
				return
			}
			if assert.Error(t, err) {
				assert.Contains(t, err.Error(), tt.problem)
			}
		})
	}
}

func TestEC2DescriptionNamesEachBadCharacterOnce(t *testing.T) {
	t.Parallel()
	err := EC2Description("it's Bob's")
	if assert.Error(t, err) {
		assert.Equal(t, 1, strings.Count(err.Error(), `'\''`), err.Error())
	}
}
