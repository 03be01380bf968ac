package content

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Fee is what a course or session costs: free, or an amount in a currency.
// The zero Fee is a fee that is not stated.
type Fee struct {
	Free     bool
	Currency string // ISO 4217 code: CNY, HKD, USD
	Amount   string // digits with at most two decimals: "3800", "120.50"
}

// Stated reports whether the fee is known.
func (f Fee) Stated() bool { return f.Free || f.Currency != "" }

// Grouped writes the amount with thousands separated by commas: 3,800.
func (f Fee) Grouped() string {
	whole, frac, hasFrac := strings.Cut(f.Amount, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// ParseFee reads a fee as front matter writes it: "free", or a currency
// code and an amount, "CNY 3800" or "HKD 4500.50". An empty string is a
// fee not stated.
func ParseFee(s string) (Fee, error) {
	if s == "" {
		return Fee{}, nil
	}
	if s == "free" {
		return Fee{Free: true}, nil
	}
	const want = `write "free" or a currency code and an amount such as "CNY 3800"`
	code, amount, ok := strings.Cut(s, " ")
	if !ok || len(code) != 3 || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return Fee{}, errors.New(want)
	}
	whole, frac, hasFrac := strings.Cut(amount, ".")
	if !digits(whole) || len(whole) > 12 || (len(whole) > 1 && whole[0] == '0') ||
		hasFrac && (len(frac) == 0 || len(frac) > 2 || !digits(frac)) {
		return Fee{}, fmt.Errorf("amount %q: %s", amount, want)
	}
	if strings.Trim(amount, "0.") == "" {
		return Fee{}, errors.New(`an amount of 0: write "free"`)
	}
	return Fee{Currency: code, Amount: amount}, nil
}

func digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// EnrolLink turns an enrol target into a link: an http or https URL as it
// is, an e-mail address (or a mailto: URL) as a mailto: URL.
func EnrolLink(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	const want = "write an https:// address or an e-mail address"
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || strings.ContainsAny(s, " \t\n\"<>") {
			return "", fmt.Errorf("%q is not a web address: %s", s, want)
		}
		return s, nil
	}
	addr := strings.TrimPrefix(s, "mailto:")
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Address != addr || a.Name != "" || strings.ContainsAny(addr, "?#%/ ") {
		return "", fmt.Errorf("%q is neither a web address nor an e-mail address: %s", s, want)
	}
	return "mailto:" + addr, nil
}

// Weekdays are the names Session.Days uses, Sunday first as time.Weekday.
var Weekdays = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// Run is a session as pages show it: the course's mode, fee and enrol
// target filled in where the session has none of its own. Its fields are
// the session's own, not an embedded Session: layouts read them by name,
// and text/template finds a promoted field only after a search through
// the embedded struct that costs more than the rest of the lookup.
type Run struct {
	Start, End time.Time
	Days       []string
	Mode       string
	Location   string
	Seats      int
	Number     int // the session's position in the front matter, from 1
	Fee        Fee
	// EnrolURL is the link to enrol in this session, or "".
	EnrolURL string
}

// Runs returns the course's sessions with the course's defaults applied,
// by start date (sessions without one last), then in front-matter order.
// Values that validation refused are left empty.
func (c *Course) Runs() []Run {
	courseFee, _ := ParseFee(c.Fee)
	courseEnrol, _ := EnrolLink(c.Enrol)
	runs := make([]Run, len(c.Sessions))
	for i, s := range c.Sessions {
		r := Run{Start: s.Start, End: s.End, Days: s.Days, Mode: s.Mode, Location: s.Location, Seats: s.Seats,
			Number: i + 1, Fee: courseFee, EnrolURL: courseEnrol}
		if r.Mode == "" {
			r.Mode = c.Format
		}
		if s.Fee != "" {
			r.Fee, _ = ParseFee(s.Fee)
		}
		if s.Enrol != "" {
			r.EnrolURL, _ = EnrolLink(s.Enrol)
		}
		runs[i] = r
	}
	slices.SortStableFunc(runs, func(a, b Run) int {
		switch {
		case a.Start.IsZero() != b.Start.IsZero():
			if a.Start.IsZero() {
				return 1
			}
			return -1
		}
		return a.Start.Compare(b.Start)
	})
	return runs
}

// EnrolURL is the course's own enrol link, or "".
func (c *Course) EnrolURL() string {
	u, _ := EnrolLink(c.Enrol)
	return u
}

// Price is the course's own fee.
func (c *Course) Price() Fee {
	f, _ := ParseFee(c.Fee)
	return f
}

// MultiDay reports whether the run meets on more than one day.
func (r Run) MultiDay() bool {
	return !r.Start.IsZero() && !r.End.IsZero() && r.Start.Format(time.DateOnly) != r.End.In(r.Start.Location()).Format(time.DateOnly)
}

// Zone writes the run's UTC offset as UTC+08:00.
func (r Run) Zone() string {
	return "UTC" + r.Start.Format("-07:00")
}

// EndTime is the time of day a meeting of the run ends, in the start's
// zone: the end is the last meeting's end.
func (r Run) EndTime() time.Time { return r.End.In(r.Start.Location()) }

// Meetings returns the start of every day the run meets, in order.
func (r Run) Meetings() []time.Time {
	if r.Start.IsZero() || r.End.IsZero() || r.End.Before(r.Start) {
		return nil
	}
	end := r.EndTime()
	last := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, end.Location())
	var out []time.Time
	for d := r.Start; !d.After(last.Add(24*time.Hour - 1)); d = d.AddDate(0, 0, 1) {
		if len(r.Days) == 0 || slices.Contains(r.Days, Weekdays[d.Weekday()]) {
			out = append(out, d)
		}
		if len(out) > 1000 {
			break // a guard: validation refuses longer runs
		}
	}
	return out
}

// validateSession checks the fields of sessions[i] that come from the
// catalog: days, mode, fee and enrol target.
func validateSession(f *File, i int, s Session, isRefused func(at) bool, report func(a at, code, format string, args ...any)) {
	place := func(key string) at { return at{table: "sessions", n: i, key: key} }
	for _, d := range s.Days {
		if !slices.Contains(Weekdays, d) {
			report(place("days"), "value", "session %d: days: %q is not a weekday; use %s", i+1, d, strings.Join(Weekdays, ", "))
		}
	}
	if s.Mode != "" && !slices.Contains(Formats, s.Mode) {
		report(place("mode"), "value", "session %d: mode = %q is not allowed; use one of %s", i+1, s.Mode, strings.Join(Formats, ", "))
	}
	if _, err := ParseFee(s.Fee); err != nil && !isRefused(place("fee")) {
		report(place("fee"), "value", "session %d: fee = %q: %v", i+1, s.Fee, err)
	}
	if _, err := EnrolLink(s.Enrol); err != nil && !isRefused(place("enrol")) {
		report(place("enrol"), "value", "session %d: enrol: %v", i+1, err)
	}
	if s.Start.IsZero() || s.End.IsZero() || s.End.Before(s.Start) {
		return
	}
	end := s.End.In(s.Start.Location())
	if end.Sub(s.Start) > 366*24*time.Hour {
		report(place("end"), "value", "session %d runs for more than a year; split it into sessions", i+1)
		return
	}
	if !allDay(s.Start, s.End) && clock(end) <= clock(s.Start) && end.Format(time.DateOnly) != s.Start.Format(time.DateOnly) {
		report(place("end"), "session-order", "session %d: a session meets every day from the start's time to the end's; %s ends before %s starts",
			i+1, end.Format("15:04"), s.Start.Format("15:04"))
	}
	if len(s.Days) > 0 && !slices.Contains(s.Days, Weekdays[s.Start.Weekday()]) {
		report(place("start"), "value", "session %d starts on a %s, which is not one of its days", i+1, s.Start.Weekday())
	}
}

// AllDay reports whether the run gives dates without times of day: it
// meets all day on each of its days.
func (r Run) AllDay() bool { return allDay(r.Start, r.End) }

func allDay(start, end time.Time) bool {
	return clock(start) == 0 && clock(end.In(start.Location())) == 0
}

// clock is the time of day of t in minutes.
func clock(t time.Time) int { return t.Hour()*60 + t.Minute() }
