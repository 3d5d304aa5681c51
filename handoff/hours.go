package handoff

import (
	"fmt"
	"strings"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// Hours are the recruiting team's business hours: some weekdays, one span
// of the day, in one time zone. The zero Hours are always open.
type Hours struct {
	days       [7]bool // by time.Weekday
	start, end int     // minutes after midnight; end exclusive
	loc        *time.Location
	spec       string
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// ParseHours reads CAREERBOT_HANDOFF_HOURS: "Mon-Fri 09:00-17:00
// Europe/Berlin". Days are Mon … Sun, as ranges or lists ("Mon-Thu,Sat");
// the time zone is an IANA name. "" means always open.
func ParseHours(s string) (Hours, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return Hours{}, nil
	}
	if len(f) != 3 {
		return Hours{}, fmt.Errorf("%q is not like \"Mon-Fri 09:00-17:00 Europe/Berlin\" (days, times, time zone)", s)
	}
	h := Hours{spec: strings.Join(f, " ")}
	for _, part := range strings.Split(strings.ToLower(f[0]), ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, ok1 := weekdays[from]
		b, ok2 := weekdays[to]
		if !isRange {
			b, ok2 = a, ok1
		}
		if !ok1 || !ok2 {
			return Hours{}, fmt.Errorf("%q: days are Mon, Tue, Wed, Thu, Fri, Sat, Sun, as ranges (Mon-Fri) or lists (Mon,Wed)", f[0])
		}
		for d := a; ; d = (d + 1) % 7 {
			h.days[d] = true
			if d == b {
				break
			}
		}
	}
	from, to, ok := strings.Cut(f[1], "-")
	start, err1 := clock(from)
	end, err2 := clock(to)
	if !ok || err1 != nil || err2 != nil || end <= start {
		return Hours{}, fmt.Errorf("%q: give the hours as 09:00-17:00, the end after the start", f[1])
	}
	h.start, h.end = start, end
	loc, err := time.LoadLocation(f[2])
	if err != nil {
		return Hours{}, fmt.Errorf("%q is not a known time zone such as Europe/Berlin", f[2])
	}
	h.loc = loc
	return h, nil
}

func clock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		if s == "24:00" {
			return 24 * 60, nil
		}
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}

// Open reports whether t is within the business hours.
func (h Hours) Open(t time.Time) bool {
	if h.loc == nil {
		return true
	}
	t = t.In(h.loc)
	m := t.Hour()*60 + t.Minute()
	return h.days[t.Weekday()] && m >= h.start && m < h.end
}

// Text describes the hours for a person ("Mo–Fr 09:00–17:00").
func (h Hours) Text(lang bot.Lang) string {
	if h.loc == nil {
		return ""
	}
	names := map[bot.Lang][7]string{
		bot.German:  {"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"},
		bot.English: {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
	}[lang]
	var spans []string
	// Walk from Monday so that Mon-Fri reads as one span.
	for i := 0; i < 7; {
		d := (i + 1) % 7
		if !h.days[d] {
			i++
			continue
		}
		j := i
		for j+1 < 7 && h.days[(j+2)%7] {
			j++
		}
		if j == i {
			spans = append(spans, names[d])
		} else {
			spans = append(spans, names[d]+"–"+names[(j+1)%7])
		}
		i = j + 1
	}
	return fmt.Sprintf("%s %02d:%02d–%02d:%02d (%s)", strings.Join(spans, ", "),
		h.start/60, h.start%60, h.end/60, h.end%60, h.loc.String())
}

// String is the configuration as given.
func (h Hours) String() string { return h.spec }
