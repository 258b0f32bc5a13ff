// Package cohort holds the pure logic of running a course as one shared platform stack and a
// learner stack per learner (issue 16): reading and validating the roster, and giving each
// learner a port on the platform's load balancer. cmd/cohort drives the stacks with it.
package cohort

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// Learner is one line of the roster.
type Learner struct {
	// Line is the line number in the roster file, for messages.
	Line   int    `json:"line"`
	UserID string `json:"userId"`
	// Email becomes the learner stack's identity.owner.
	Email string `json:"email"`
	// Expiry (YYYY-MM-DD) becomes identity.expiresAt; empty keeps the learner template's.
	Expiry string `json:"expiry,omitempty"`
}

// Problem is one thing wrong with the roster: where, what, and how to fix it.
type Problem struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
}

func (p Problem) String() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", p.Message, p.Fix)
	}
	return fmt.Sprintf("line %d: %s: %s", p.Line, p.Message, p.Fix)
}

// Problems are every problem of one roster, reported at once.
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid roster (%d problem", len(ps))
	if len(ps) != 1 {
		b.WriteString("s")
	}
	b.WriteString("); nothing was done:")
	for _, p := range ps {
		b.WriteString("\n  - ")
		b.WriteString(p.String())
	}
	return b.String()
}

func (ps *Problems) add(line int, message, fix string, args ...any) {
	*ps = append(*ps, Problem{Line: line, Message: message, Fix: fmt.Sprintf(fix, args...)})
}

// Format is the roster's format, for messages and usage text.
const Format = "one learner per line: `userId, email[, expiry YYYY-MM-DD]` (commas or spaces between fields; # starts a comment)"

// ParseRoster reads a roster and validates every learner against the rules the learner stack
// will apply (stacks.Parse's identity checks, so a roster that passes here is not refused by
// `pulumi up` for its ids, owners or dates) and against each other. today is the day past
// expiry dates are judged by; the zero time skips that check, for commands that only act on
// what exists (destroying an expired cohort reads a roster of past dates). All problems are
// returned together, as Problems.
func ParseRoster(data []byte, today time.Time) ([]Learner, error) {
	var learners []Learner
	var ps Problems
	scanner := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; scanner.Scan(); n++ {
		text, _, _ := strings.Cut(scanner.Text(), "#")
		fields := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
		switch {
		case len(fields) == 0:
			continue
		case len(fields) < 2 || len(fields) > 3:
			ps.add(n, fmt.Sprintf("has %d fields", len(fields)), "write %s", Format)
			continue
		}
		l := Learner{Line: n, UserID: fields[0], Email: fields[1]}
		if len(fields) == 3 {
			l.Expiry = fields[2]
		}
		learners = append(learners, l)
	}
	if err := scanner.Err(); err != nil {
		return nil, fmt.Errorf("reading the roster: %w", err)
	}
	if len(learners) == 0 && len(ps) == 0 {
		ps.add(0, "the roster lists no learner", "write %s", Format)
	}
	if len(learners) > MaxLearners {
		ps.add(learners[MaxLearners].Line, fmt.Sprintf("is learner %d; a platform holds at most %d (one listener each on its load balancer, "+
			"whose listener quota AWS does not raise)", MaxLearners+1, MaxLearners), "split the roster into two cohorts, each with its own platform stack")
	}
	for _, l := range learners {
		ps = append(ps, learnerProblems(l, today)...)
	}
	ps = append(ps, collisions(learners)...)
	slices.SortStableFunc(ps, func(a, b Problem) int { return a.Line - b.Line })
	if len(ps) > 0 {
		return nil, ps
	}
	return learners, nil
}

// learnerProblems checks one learner on its own.
func learnerProblems(l Learner, today time.Time) Problems {
	var ps Problems
	fixLine := fmt.Sprintf("correct line %d of the roster", l.Line)
	addr, err := mail.ParseAddress(l.Email)
	isEmail := err == nil && addr.Address == l.Email
	for _, p := range identityProblems(l, today) {
		switch p.Key {
		case "identity.userId":
			ps.add(l.Line, "user id "+p.Message, "%s: the course user id, lowercase letters and digits, at most %d characters",
				fixLine, stacks.MaxUserIDLength())
		case "identity.owner":
			if !isEmail {
				continue // one problem per email is enough
			}
			ps.add(l.Line, "email "+p.Message, "%s: it becomes the stack's owner tag", fixLine)
		case "identity.expiresAt":
			if l.Expiry == "" {
				continue // the template's date stands; the learner stack's own check covers it
			}
			ps.add(l.Line, "expiry "+p.Message, "%s: write the expiry as YYYY-MM-DD, or leave it out to keep the template's", fixLine)
		}
	}
	if !isEmail {
		ps.add(l.Line, fmt.Sprintf("email %q is not an email address", l.Email), "%s: write a bare address such as learner@example.com", fixLine)
	}
	if day, err := time.Parse(time.DateOnly, l.Expiry); err == nil && !today.IsZero() && day.Before(midnight(today)) {
		ps.add(l.Line, fmt.Sprintf("expiry %s is in the past (today is %s)", l.Expiry, today.UTC().Format(time.DateOnly)),
			"%s: give a date from today on, or leave it out to keep the template's", fixLine)
	}
	return ps
}

// identityProblems validates the learner's identity as the learner stack's own configuration
// check does, and returns the problems of the keys the roster supplies.
func identityProblems(l Learner, today time.Time) stacks.Problems {
	identity := map[string]string{"userId": l.UserID, "owner": l.Email, "environment": stacks.EnvDev, "ttl": "7d"}
	if l.Expiry != "" {
		identity["expiresAt"] = l.Expiry
	}
	raw, err := json.Marshal(identity)
	if err != nil {
		return stacks.Problems{{Key: "identity.userId", Message: err.Error()}}
	}
	lookup := func(key string) (string, bool) {
		switch key {
		case stacks.Project + ":identity":
			return string(raw), true
		case stacks.RegionKey:
			return "us-east-1", true
		}
		return "", false
	}
	var opts []stacks.ParseOption
	if !today.IsZero() {
		opts = append(opts, stacks.WithNow(func() time.Time { return today }))
	}
	_, err = stacks.Parse("roster", lookup, opts...)
	ps, _ := err.(stacks.Problems)
	return ps
}

// collisions finds learners that would share a stack or a global name: the same id twice, or
// two ids equal but for case (S3 bucket names are lowercase, so they would share a bucket).
func collisions(learners []Learner) Problems {
	var ps Problems
	first := map[string]Learner{}
	for _, l := range learners {
		key := strings.ToLower(l.UserID)
		prev, seen := first[key]
		switch {
		case !seen:
			first[key] = l
		case prev.UserID == l.UserID:
			ps.add(l.Line, fmt.Sprintf("user id %s is already on line %d", l.UserID, prev.Line),
				"remove one of the two lines: each learner has one stack")
		default:
			ps.add(l.Line, fmt.Sprintf("user id %s collides with %s on line %d once lower-cased, as S3 bucket names are",
				l.UserID, prev.UserID, prev.Line), "give each learner a distinct lowercase id")
		}
	}
	return ps
}

func midnight(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
