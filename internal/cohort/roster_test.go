package cohort

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var today = time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)

func TestParseRosterReadsEveryForm(t *testing.T) {
	t.Parallel()
	roster := "# cohort of December\n" +
		"\n" +
		"1a2b3c4d5e6f, ada@example.com, 2026-12-31\n" +
		"   learner2   grace@example.com     # no expiry: the template's\n" +
		"learner3,linus@example.com,2026-12-01\n" // today is not past
	got, err := ParseRoster([]byte(roster), today)
	require.NoError(t, err)
	assert.Equal(t, []Learner{
		{Line: 3, UserID: "1a2b3c4d5e6f", Email: "ada@example.com", Expiry: "2026-12-31"},
		{Line: 4, UserID: "learner2", Email: "grace@example.com"},
		{Line: 5, UserID: "learner3", Email: "linus@example.com", Expiry: "2026-12-01"},
	}, got)
}

func TestParseRosterRefusesBadInput(t *testing.T) {
	t.Parallel()
	tooLong := strings.Repeat("a", stacks.MaxUserIDLength()+1)
	tests := []struct {
		name   string
		roster string
		// want are substrings of the problems, one per expected problem, in order; a last
		// entry "..." allows further problems after those.
		want []string
	}{
		{"empty file", "", []string{"the roster lists no learner"}},
		{"only comments", "# nobody yet\n\n", []string{"the roster lists no learner"}},
		{"one field", "learner1\n", []string{"line 1: has 1 fields"}},
		{"four fields", "learner1 a@example.com 2026-12-31 extra\n", []string{"line 1: has 4 fields"}},
		{"duplicate ids", "learner1 a@example.com\nlearner2 b@example.com\nlearner1 c@example.com\n",
			[]string{"line 3: user id learner1 is already on line 1"}},
		{"ids equal but for case", "learner1 a@example.com\nLearner1 b@example.com\n",
			[]string{`line 2: user id "Learner1" may contain only lowercase letters and digits`,
				"line 2: user id Learner1 collides with learner1 on line 1 once lower-cased"}},
		{"invalid characters", "learner-1 a@example.com\nlearner_2 b@example.com\n",
			[]string{`line 1: user id "learner-1" may contain only lowercase letters and digits`,
				`line 2: user id "learner_2" may contain only lowercase letters and digits`}},
		{"id one over the name limits", tooLong + " a@example.com\n",
			[]string{fmt.Sprintf(`line 1: user id gives the IAM role name %q`, stacks.KinesisAccessRoleName(tooLong))}},
		{"id far over the name limits", strings.Repeat("b", 60) + " a@example.com\n",
			[]string{fmt.Sprintf(`line 1: user id gives the S3 bucket name %q, which is 72 characters`, stacks.BucketName(strings.Repeat("b", 60))),
				fmt.Sprintf(`line 1: user id gives the IAM role name %q`, stacks.EC2AccessRoleName(strings.Repeat("b", 60))), "..."}},
		{"a prefix SSM reserves", "awslearner a@example.com\n", []string{`line 1: user id starts with "aws"`}},
		{"the course's example id", stacks.ExampleUserID + " a@example.com\n", []string{"line 1: user id is " + stacks.ExampleUserID}},
		{"not an email", "learner1 ada\n", []string{`line 1: email "ada" is not an email address`}},
		{"display name", "learner1 <ada@example.com>\n", []string{`line 1: email "<ada@example.com>" is not an email address`}},
		{"email no tag may hold", "learner1 ada!x@example.com\n", []string{`line 1: email "ada!x@example.com" cannot be an AWS tag value`}},
		{"malformed expiry", "learner1 a@example.com 31/12/2026\n", []string{`line 1: expiry "31/12/2026" is not a date`}},
		{"impossible expiry", "learner1 a@example.com 2026-02-30\n", []string{`line 1: expiry "2026-02-30" is not a date`}},
		{"past expiry", "learner1 a@example.com 2026-11-30\n", []string{"line 1: expiry 2026-11-30 is in the past (today is 2026-12-01)"}},
		{"every problem at once", "learner1 a@example.com\nbad-id nomail 2020-01-01\nlearner1 b@example.com\n",
			[]string{`line 2: user id "bad-id"`, `line 2: email "nomail"`, "line 2: expiry 2020-01-01 is in the past", "line 3: user id learner1 is already on line 1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseRoster([]byte(tc.roster), today)
			assert.Nil(t, got, "nothing is returned from a bad roster")
			var ps Problems
			require.True(t, errors.As(err, &ps), "want Problems, got %v", err)
			lines := make([]string, len(ps))
			for i, p := range ps {
				lines[i] = p.String()
				assert.NotEmpty(t, p.Fix, "every problem says how to fix it: %s", p)
			}
			want := tc.want
			if n := len(want); want[n-1] == "..." {
				want = want[:n-1]
				require.Greater(t, len(lines), len(want), "problems:\n%s", strings.Join(lines, "\n"))
			} else {
				require.Len(t, lines, len(want), "problems:\n%s", strings.Join(lines, "\n"))
			}
			for i, want := range want {
				assert.Contains(t, lines[i], want)
			}
		})
	}
}

// The id limit is the stacks package's, not a copy: the longest legal id passes and one more
// character fails, whatever that limit becomes.
func TestParseRosterIDLengthFollowsTheStacksNames(t *testing.T) {
	t.Parallel()
	longest := strings.Repeat("a", stacks.MaxUserIDLength())
	_, err := ParseRoster([]byte(longest+" a@example.com\n"), today)
	require.NoError(t, err)
	_, err = ParseRoster([]byte(longest+"a a@example.com\n"), today)
	require.Error(t, err)
}

func TestParseRosterWithoutAClockAcceptsPastExpiry(t *testing.T) {
	t.Parallel()
	roster := []byte("learner1 a@example.com 2020-01-01\n")
	_, err := ParseRoster(roster, today)
	require.Error(t, err, "the clock's day refuses a past date")
	got, err := ParseRoster(roster, time.Time{})
	require.NoError(t, err)
	assert.Equal(t, "2020-01-01", got[0].Expiry)
}

func TestParseRosterRefusesMoreLearnersThanPorts(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for i := range MaxLearners + 1 {
		fmt.Fprintf(&b, "learner%d learner%d@example.com\n", i, i)
	}
	_, err := ParseRoster([]byte(b.String()), today)
	var ps Problems
	require.True(t, errors.As(err, &ps), "%v", err)
	require.Len(t, ps, 1)
	assert.Equal(t, MaxLearners+1, ps[0].Line)
	assert.Contains(t, ps[0].Message, fmt.Sprintf("a platform holds at most %d", MaxLearners))
}

func TestProblemsErrorListsEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := ParseRoster([]byte("x-1 a@example.com\ny-2 b@example.com\n"), today)
	require.Error(t, err)
	msg := err.Error()
	assert.True(t, strings.HasPrefix(msg, "invalid roster (2 problems); nothing was done:"), msg)
	assert.Contains(t, msg, "\n  - line 1: ")
	assert.Contains(t, msg, "\n  - line 2: ")
}
