package stacks

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func at(t *testing.T, zone, local string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	require.NoError(t, err)
	ts, err := time.ParseInLocation("2006-01-02 15:04", local, loc)
	require.NoError(t, err)
	return ts
}

func TestShouldRun(t *testing.T) {
	t.Parallel()
	london := ClassHours{Timezone: "Europe/London", Schedule: []string{"Mon-Fri 09:00-17:00"}}
	overnight := ClassHours{Timezone: "America/New_York", Schedule: []string{"Fri 22:00-02:00"}}
	weekend := ClassHours{Timezone: "Asia/Kolkata", Schedule: []string{"Sat,Sun 10:00-14:00", "Wed 18:00-24:00"}}
	wrap := ClassHours{Timezone: "UTC", Schedule: []string{"Sat-Mon 12:00-13:00"}}
	tests := []struct {
		name  string
		hours ClassHours
		lead  int
		when  time.Time
		want  bool
	}{
		// 2026-12-07 is a Monday.
		{"weekday inside", london, 0, at(t, "Europe/London", "2026-12-07 10:00"), true},
		{"start is inside", london, 0, at(t, "Europe/London", "2026-12-07 09:00"), true},
		{"end is outside", london, 0, at(t, "Europe/London", "2026-12-07 17:00"), false},
		{"before, no lead", london, 0, at(t, "Europe/London", "2026-12-07 08:30"), false},
		{"before, inside the lead", london, 60, at(t, "Europe/London", "2026-12-07 08:30"), true},
		{"before the lead", london, 60, at(t, "Europe/London", "2026-12-07 07:59"), false},
		{"saturday", london, 0, at(t, "Europe/London", "2026-12-12 10:00"), false},
		{"sunday evening, lead into monday", london, 60, at(t, "Europe/London", "2026-12-13 23:30"), false},
		// The instant is read on the zone's wall clock, whatever zone it is given in.
		{"utc instant in london hours", london, 0, time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC), true},
		{"utc instant before new york hours", ClassHours{Timezone: "America/New_York", Schedule: []string{"Mon 09:00-17:00"}}, 0,
			time.Date(2026, 12, 7, 13, 30, 0, 0, time.UTC), false},
		// DST: London moves to BST on 2026-03-29 (Sunday) and back on 2026-10-25 (Sunday). 09:00
		// local is 08:00 UTC in summer and 09:00 UTC in winter.
		{"summer 09:00 local is 08:00 utc", london, 0, time.Date(2026, 3, 30, 8, 0, 0, 0, time.UTC), true},
		{"winter 08:00 utc is before", london, 0, time.Date(2026, 10, 26, 8, 0, 0, 0, time.UTC), false},
		{"winter 09:00 utc is inside", london, 0, time.Date(2026, 10, 26, 9, 0, 0, 0, time.UTC), true},
		// New York springs forward on 2026-03-08 at 02:00: 01:59 EST is followed by 03:00 EDT, so
		// the overnight window ending 02:00 on Saturday is unaffected, and a Sunday window starting
		// in the gap begins when the clock jumps past it.
		{"gap start", ClassHours{Timezone: "America/New_York", Schedule: []string{"Sun 02:30-04:00"}}, 0,
			time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC) /* 03:00 EDT */, true},
		{"fall back, repeated hour counts once each", ClassHours{Timezone: "America/New_York", Schedule: []string{"Sun 01:00-02:00"}}, 0,
			time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC) /* 01:30 EST, the second one */, true},
		// Overnight ranges.
		{"overnight evening", overnight, 0, at(t, "America/New_York", "2026-12-11 23:00"), true},
		{"overnight after midnight", overnight, 0, at(t, "America/New_York", "2026-12-12 01:59"), true},
		{"overnight over", overnight, 0, at(t, "America/New_York", "2026-12-12 02:00"), false},
		{"overnight not on thursday night", overnight, 0, at(t, "America/New_York", "2026-12-11 01:00"), false},
		{"list of days", weekend, 0, at(t, "Asia/Kolkata", "2026-12-13 13:59"), true},
		{"24:00 end", weekend, 0, at(t, "Asia/Kolkata", "2026-12-09 23:59"), true},
		{"24:00 end is exclusive", weekend, 0, at(t, "Asia/Kolkata", "2026-12-10 00:00"), false},
		{"range over the week's end: sunday", wrap, 0, time.Date(2026, 12, 13, 12, 0, 0, 0, time.UTC), true},
		{"range over the week's end: tuesday", wrap, 0, time.Date(2026, 12, 8, 12, 0, 0, 0, time.UTC), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ShouldRun(PauseConfig{ClassHours: tc.hours, ResumeLeadMinutes: tc.lead}, tc.when)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestShouldRunWithoutClassHours(t *testing.T) {
	t.Parallel()
	_, err := ShouldRun(PauseConfig{ResumeLeadMinutes: 60}, time.Now())
	assert.True(t, errors.Is(err, ErrNoClassHours), "%v", err)
}

func TestClassHoursBadInputNamesTheKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		hours   ClassHours
		key     string
		message string
	}{
		{"unknown zone", ClassHours{Timezone: "Europe/Londn", Schedule: []string{"Mon 09:00-10:00"}}, "pause.classHours.timezone", `"Europe/Londn" is not an IANA time zone`},
		{"local zone", ClassHours{Timezone: "Local", Schedule: []string{"Mon 09:00-10:00"}}, "pause.classHours.timezone", `is "Local", the machine's zone`},
		{"no zone", ClassHours{Schedule: []string{"Mon 09:00-10:00"}}, "pause.classHours.timezone", "is not set, but pause.classHours.schedule is"},
		{"no windows", ClassHours{Timezone: "UTC"}, "pause.classHours.schedule", "is empty, but pause.classHours.timezone is set"},
		{"no days", ClassHours{Timezone: "UTC", Schedule: []string{"09:00-17:00"}}, "pause.classHours.schedule[0]", `"09:00-17:00" is not <days> HH:MM-HH:MM`},
		{"bad day", ClassHours{Timezone: "UTC", Schedule: []string{"Mon 09:00-10:00", "Mon-Fry 09:00-17:00"}}, "pause.classHours.schedule[1]", `has "Fry", which is not a day`},
		{"bad hour", ClassHours{Timezone: "UTC", Schedule: []string{"Mon 25:00-26:00"}}, "pause.classHours.schedule[0]", "starts at 25:00, which is not a time of day"},
		{"24:00 start", ClassHours{Timezone: "UTC", Schedule: []string{"Mon 24:00-01:00"}}, "pause.classHours.schedule[0]", "starts at 24:00"},
		{"bad minute", ClassHours{Timezone: "UTC", Schedule: []string{"Mon 09:00-09:60"}}, "pause.classHours.schedule[0]", "ends at 09:60"},
		{"empty window", ClassHours{Timezone: "UTC", Schedule: []string{"Mon 09:00-09:00"}}, "pause.classHours.schedule[0]", "starts and ends at the same time"},
		{"12-hour clock", ClassHours{Timezone: "UTC", Schedule: []string{"Mon 9am-5pm"}}, "pause.classHours.schedule[0]", "is not <days> HH:MM-HH:MM"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ShouldRun(PauseConfig{ClassHours: tc.hours}, time.Now())
			var ps Problems
			require.ErrorAs(t, err, &ps)
			require.Len(t, ps, 1, "%v", ps)
			assert.Equal(t, tc.key, ps[0].Key)
			assert.Contains(t, ps[0].Message, tc.message)
			assert.NotEmpty(t, ps[0].Fix)
		})
	}
}

// Parse reports bad class hours under their key like any other setting.
func TestParseRefusesBadClassHours(t *testing.T) {
	t.Parallel()
	_, err := parseExample("dev", with(map[string]string{
		"pause": `{"classHours":{"timezone":"Mars/Olympus","schedule":["Mon-Fri 9-5"]},"resumeLeadMinutes":-5}`,
	}))
	assert.ElementsMatch(t, []string{"pause.classHours.timezone", "pause.classHours.schedule[0]", "pause.resumeLeadMinutes"}, problemKeys(t, err))
}

func TestPausedParsesAsTheCLIWritesIt(t *testing.T) {
	t.Parallel()
	// `pulumi config set paused true` stores the text true, which the program reads as such.
	cfg, err := parseExample("dev", with(map[string]string{"paused": "true"}))
	require.NoError(t, err)
	assert.True(t, cfg.Paused)
	cfg, err = parseExample("dev", with(map[string]string{}))
	require.NoError(t, err)
	assert.False(t, cfg.Paused, "running is the default")
	_, err = parseExample("dev", with(map[string]string{"paused": "yes"}))
	assert.Equal(t, []string{"paused"}, problemKeys(t, err))
}

func TestPausingProdIsRefusedUnlessAllowed(t *testing.T) {
	t.Parallel()
	prodIdentity := `{"userId":"0affd9571f39","environment":"prod","owner":"team@example.com","ttl":"","expiresAt":""}`
	tests := []struct {
		name, stack string
		values      map[string]string
		refused     bool
	}{
		{"dev paused", "dev", map[string]string{"paused": "true"}, false},
		{"prod environment", "main", map[string]string{"identity": prodIdentity, "paused": "true"}, true},
		{"stack named prod", "prod", map[string]string{"paused": "true"}, true},
		{"stack named prod-eu", "prod-eu", map[string]string{"paused": "true"}, true},
		{"prod allowed", "prod", map[string]string{"paused": "true", "pause": `{"allowProd":true}`}, false},
		{"prod running", "prod", map[string]string{"identity": prodIdentity}, false},
		{"a name merely starting with prod", "product-demo", map[string]string{"paused": "true"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseExample(tc.stack, with(tc.values))
			if !tc.refused {
				require.NoError(t, err)
				return
			}
			p := problemFor(t, err, PausedKey)
			assert.Contains(t, p.Message, "prod stack "+tc.stack)
			assert.Contains(t, p.Fix, "pause.allowProd")
		})
	}
}
