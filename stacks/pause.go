package stacks

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// PausedKey is the stack key that pauses the stack, as `pulumi config set` takes it.
const PausedKey = "paused"

// Window is one weekly running window: the days it starts on, and its start and end as minutes
// after local midnight. End <= Start runs past midnight into the next day.
type Window struct {
	Days       [7]bool // indexed by time.Weekday
	Start, End int
}

// Schedule is parsed class hours: windows of wall-clock time in a location.
type Schedule struct {
	Location *time.Location
	Windows  []Window
}

var (
	windowPattern = regexp.MustCompile(`^\s*(\S+)\s+(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})\s*$`)
	dayNames      = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
)

// ParseClassHours reads pause.classHours; every problem names its key. A nil schedule and no
// problems mean no class hours are set.
func ParseClassHours(ch ClassHours) (*Schedule, Problems) {
	var ps Problems
	if ch.Timezone == "" && len(ch.Schedule) == 0 {
		return nil, nil
	}
	s := &Schedule{}
	switch {
	case ch.Timezone == "":
		ps.add("pause.classHours.timezone", "is not set, but pause.classHours.schedule is",
			"give the IANA time zone the hours are in, e.g. `pulumi config set --path pause.classHours.timezone Europe/London`")
	case strings.EqualFold(ch.Timezone, "local"):
		ps.add("pause.classHours.timezone", `is "Local", the machine's zone`, "name an IANA zone such as Europe/London or America/New_York")
	default:
		// The system's tz database; cmd/pause embeds Go's copy (time/tzdata) so that the scheduled
		// decision does not depend on what the runner has installed.
		loc, err := time.LoadLocation(ch.Timezone)
		if err != nil {
			ps.add("pause.classHours.timezone", fmt.Sprintf("%q is not an IANA time zone", ch.Timezone),
				"use a name from the tz database, e.g. Europe/London, America/New_York, Asia/Kolkata or UTC")
		}
		s.Location = loc
	}
	if len(ch.Schedule) == 0 {
		ps.add("pause.classHours.schedule", "is empty, but pause.classHours.timezone is set",
			`list the running windows, e.g. ["Mon-Fri 09:00-17:00"], or remove pause.classHours`)
	}
	for i, text := range ch.Schedule {
		w, why := parseWindow(text)
		if why != "" {
			ps.add(fmt.Sprintf("pause.classHours.schedule[%d]", i), fmt.Sprintf("%q %s", text, why),
				`write "<days> HH:MM-HH:MM", e.g. "Mon-Fri 09:00-17:00", "Sat,Sun 10:00-14:00" or "Fri 22:00-02:00" (overnight)`)
			continue
		}
		s.Windows = append(s.Windows, w)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return s, nil
}

func parseWindow(text string) (Window, string) {
	var w Window
	m := windowPattern.FindStringSubmatch(text)
	if m == nil {
		return w, "is not <days> HH:MM-HH:MM"
	}
	for _, part := range strings.Split(m[1], ",") {
		from, to, isRange := strings.Cut(part, "-")
		first, ok := dayIndex(from)
		if !ok {
			return w, fmt.Sprintf("has %q, which is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)", from)
		}
		last := first
		if isRange {
			if last, ok = dayIndex(to); !ok {
				return w, fmt.Sprintf("has %q, which is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)", to)
			}
		}
		// A range wraps around the week: Sat-Mon is Saturday, Sunday and Monday.
		for d := first; ; d = (d + 1) % 7 {
			w.Days[d] = true
			if d == last {
				break
			}
		}
	}
	var ok bool
	if w.Start, ok = clock(m[2], m[3], false); !ok {
		return w, fmt.Sprintf("starts at %s:%s, which is not a time of day (00:00 to 23:59)", m[2], m[3])
	}
	if w.End, ok = clock(m[4], m[5], true); !ok {
		return w, fmt.Sprintf("ends at %s:%s, which is not a time of day (00:00 to 24:00)", m[4], m[5])
	}
	if w.Start == w.End {
		return w, "starts and ends at the same time; for a whole day write 00:00-24:00"
	}
	return w, ""
}

func dayIndex(name string) (int, bool) {
	i := slices.Index(dayNames, strings.ToLower(strings.TrimSpace(name)))
	return i, i >= 0
}

// clock is minutes after midnight; 24:00 is allowed only as an end.
func clock(hh, mm string, end bool) (int, bool) {
	h, _ := strconv.Atoi(hh)
	m, _ := strconv.Atoi(mm)
	if end && h == 24 && m == 0 {
		return 24 * 60, true
	}
	return h*60 + m, h < 24 && m < 60
}

// InHours reports whether the instant falls in a window, read on the wall clock of the
// schedule's zone: across a DST change "09:00" stays 09:00 local time, and a window whose
// wall-clock start does not exist that day (the spring-forward gap) begins when the clock
// jumps past it.
func (s *Schedule) InHours(at time.Time) bool {
	local := at.In(s.Location)
	day := local.Weekday()
	minute := local.Hour()*60 + local.Minute()
	yesterday := (day + 6) % 7
	for _, w := range s.Windows {
		if w.End > w.Start {
			if w.Days[day] && minute >= w.Start && minute < w.End {
				return true
			}
			continue
		}
		// Overnight: the evening of a listed day, or the early hours after one.
		if (w.Days[day] && minute >= w.Start) || (w.Days[yesterday] && minute < w.End) {
			return true
		}
	}
	return false
}

// ShouldRun decides whether a stack with these class hours should be running at an instant:
// inside its hours, or within lead before they start, so that a resume is done by then. A
// stack without class hours returns an error: the schedule has nothing to decide.
func ShouldRun(p PauseConfig, at time.Time) (bool, error) {
	s, ps := ParseClassHours(p.ClassHours)
	if len(ps) > 0 {
		return false, ps
	}
	if s == nil {
		return false, ErrNoClassHours
	}
	lead := time.Duration(p.ResumeLeadMinutes) * time.Minute
	return s.InHours(at) || s.InHours(at.Add(lead)), nil
}

// ErrNoClassHours says a stack declares no class hours, so no schedule pauses it.
var ErrNoClassHours = errors.New("pause.classHours is not set")

// ProdLike reports whether a stack is prod by environment or by name: the name alone is enough,
// since a stack called prod is what everybody will take for production.
func (c *Config) ProdLike() bool {
	name := strings.ToLower(c.Stack)
	return c.IsProd() || name == EnvProd || strings.HasPrefix(name, EnvProd+"-") || name == "production"
}

func (c *Config) validatePause(ps *Problems) {
	if c.Paused && c.ProdLike() && !c.Pause.AllowProd {
		ps.add(PausedKey, fmt.Sprintf("is true on the prod stack %s, which would stop the pipeline for its users", c.Stack),
			"run `pulumi config set paused false`; if pausing prod is intended, also run `pulumi config set --path pause.allowProd true`")
	}
	if _, problems := ParseClassHours(c.Pause.ClassHours); len(problems) > 0 {
		*ps = append(*ps, problems...)
	}
	if m := c.Pause.ResumeLeadMinutes; m < 0 || m > 24*60 {
		ps.add("pause.resumeLeadMinutes", fmt.Sprintf("is %d", m), "give the minutes before class hours to resume, 0 to 1440 (default 60)")
	}
}

// ParsePause reads the pause section alone, from its raw config value (ok false: unset), over the
// defaults: the scheduled workflow decides from a committed stack file whose other sections may
// still hold placeholders.
func ParsePause(raw string, ok bool) (PauseConfig, Problems) {
	p := Defaults(EnvDev).Pause
	if !ok {
		return p, nil
	}
	if ps := decodeStrict("pause", raw, &p); len(ps) > 0 {
		return p, ps
	}
	var ps Problems
	if _, problems := ParseClassHours(p.ClassHours); len(problems) > 0 {
		ps = append(ps, problems...)
	}
	return p, ps
}
