package render

import (
	"strings"
	"time"
	"unicode/utf8"

	"qiao/generator/content"
	"qiao/generator/site"
)

// CalendarFile is the name of a course's iCalendar file, beside its page.
const CalendarFile = "calendar.ics"

// Calendar writes the iCalendar (RFC 5545) file of a course page: one
// event for each dated session, repeating on the days the session meets.
// Nothing in it comes from the clock: DTSTAMP is the page's last
// modification (or the first session's start), so the same content gives
// the same bytes. A UID names the course and the session's start, so that
// both languages' files describe the same events. It returns nil for a
// page that is not a course or has no dated session.
func Calendar(p *site.Page) []byte {
	if p.File == nil || p.File.Course == nil {
		return nil
	}
	c := p.File.Course
	var runs []content.Run
	for _, r := range c.Runs() {
		if len(r.Meetings()) > 0 {
			runs = append(runs, r)
		}
	}
	if len(runs) == 0 {
		return nil
	}
	stamp := p.Lastmod()
	if stamp.IsZero() {
		stamp = runs[0].Start
	}
	host := p.Site().Config.BaseURL.Host
	if host == "" {
		host = "qiao.invalid"
	}
	var w icsWriter
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	w.line("PRODID:-//Qiao//" + icsText(p.Lang.Title) + "//" + strings.ToUpper(p.Lang.Code))
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	w.line("X-WR-CALNAME:" + icsText(courseName(p)))
	for _, r := range runs {
		meetings := r.Meetings()
		w.line("BEGIN:VEVENT")
		w.line("UID:" + strings.ToLower(uidPart(c.Code)) + "-" + utcStamp(r.Start) + "@" + host)
		w.line("DTSTAMP:" + utcStamp(stamp))
		if r.AllDay() {
			first := meetings[0]
			w.line("DTSTART;VALUE=DATE:" + first.Format("20060102"))
			w.line("DTEND;VALUE=DATE:" + first.AddDate(0, 0, 1).Format("20060102"))
		} else {
			end := r.EndTime()
			firstEnd := time.Date(r.Start.Year(), r.Start.Month(), r.Start.Day(), end.Hour(), end.Minute(), end.Second(), 0, r.Start.Location())
			w.line("DTSTART:" + utcStamp(r.Start))
			w.line("DTEND:" + utcStamp(firstEnd))
		}
		if rule := recurrence(r, meetings); rule != "" {
			w.line("RRULE:" + rule)
		}
		w.line("SUMMARY:" + icsText(courseName(p)))
		if r.Location != "" {
			w.line("LOCATION:" + icsText(r.Location))
		}
		desc := label(p, "mode") + p.T("mode_"+r.Mode)
		if p.Summary != "" {
			desc = p.Summary + "\n" + desc
		}
		w.line("DESCRIPTION:" + icsText(desc+"\n"+p.Permalink))
		w.line("URL:" + p.Permalink)
		w.line("END:VEVENT")
	}
	w.line("END:VCALENDAR")
	return []byte(w.b.String())
}

// recurrence is the RRULE of a run that meets on more than one day.
func recurrence(r content.Run, meetings []time.Time) string {
	if len(meetings) < 2 {
		return ""
	}
	last := meetings[len(meetings)-1]
	until := "UNTIL=" + utcStamp(last)
	if r.AllDay() {
		until = "UNTIL=" + last.Format("20060102")
	}
	if len(r.Days) == 0 {
		return "FREQ=DAILY;" + until
	}
	var days []string
	for i, d := range content.Weekdays {
		for _, x := range r.Days {
			if x == d {
				days = append(days, strings.ToUpper(time.Weekday(i).String()[:2]))
				break
			}
		}
	}
	return "FREQ=WEEKLY;BYDAY=" + strings.Join(days, ",") + ";" + until
}

func utcStamp(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// uidPart keeps the letters, digits and hyphens of s.
func uidPart(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return -1
	}, s)
}

// icsEscaper escapes the characters a TEXT value writes with a backslash.
// It is built once: a Replacer prepares its table on first use.
var icsEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`)

// icsText escapes a TEXT value (RFC 5545 3.3.11).
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = icsEscaper.Replace(s)
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return -1 // control characters are not allowed in TEXT
		}
		return r
	}, s)
}

// icsWriter writes content lines ending in CRLF, folded so that no line is
// longer than 75 octets and no UTF-8 sequence is split (RFC 5545 3.1).
type icsWriter struct{ b strings.Builder }

func (w *icsWriter) line(s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.b.WriteString(s[:cut] + "\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.b.WriteString(s + "\r\n")
}
