package render

import (
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"qiao/generator/config"
	"qiao/generator/content"
	"qiao/generator/site"
)

// Action is a course's primary action: where its button leads and what it
// says. The zero Action means there is nowhere to send the learner, and no
// button is shown.
type Action struct {
	// URL is an http(s), mailto: or tel: URL, checked or built here, so
	// html/template may leave a tel: link as it is.
	URL   template.URL
	Label string
	Enrol bool // the action enrols; else it asks the contact
	// Ask is the contact action an Enrol action gives way to in the
	// browser once every session of the course is past (the build never
	// reads the clock); nil when the language has no contact.
	Ask *Action
}

// primaryAction is the action of a course (or of one of its runs, when
// enrol is that run's target) on page p: enrol where there is a target,
// else ask the contact of p's language by e-mail, else by phone.
func primaryAction(p, course *site.Page, enrol string) *Action {
	if enrol == "" && course.File != nil && course.File.Course != nil {
		enrol = course.File.Course.EnrolURL()
	}
	if enrol != "" {
		if strings.HasPrefix(enrol, "mailto:") {
			enrol = mailto(strings.TrimPrefix(enrol, "mailto:"), fmt.Sprintf(p.T("enrol_subject"), courseName(course)))
		}
		return &Action{URL: template.URL(enrol), Label: p.T("enrol"), Enrol: true, Ask: askAction(p, course)}
	}
	return askAction(p, course)
}

// askAction is the action that asks the contact of p's language about a
// course, by e-mail, else by phone; nil without either.
func askAction(p, course *site.Page) *Action {
	c := p.Lang.Contact
	switch {
	case c.Email != "":
		return &Action{URL: template.URL(mailto(c.Email, fmt.Sprintf(p.T("ask_subject"), courseName(course)))), Label: p.T("ask_course")}
	case c.Phone != "":
		return &Action{URL: template.URL(c.PhoneURL()), Label: p.T("ask_course")}
	}
	return nil
}

// mailto is a mailto: link to addr with a subject line.
func mailto(addr, subject string) string {
	return "mailto:" + addr + "?subject=" + strings.ReplaceAll(url.QueryEscape(subject), "+", "%20")
}

// telURL is the tel: link of a contact's phone number, which holds only
// digits and a leading + (config checks the number).
func telURL(c config.Contact) template.URL { return template.URL(c.PhoneURL()) }

// courseName is "ITT-104 Title", the name an e-mail subject gives.
func courseName(course *site.Page) string {
	if course.File != nil && course.File.Course != nil && course.File.Course.Code != "" {
		return course.File.Course.Code + " " + course.Title
	}
	return course.Title
}

// sessionTimes writes when a run meets in p's language: the weekdays or
// "daily", the hours and the UTC offset. All-day runs have no times.
func sessionTimes(p *site.Page, r content.Run) string {
	if r.Start.IsZero() || r.End.IsZero() || r.AllDay() {
		return ""
	}
	from, to := r.Start.Format("15:04"), r.EndTime().Format("15:04")
	switch {
	case len(r.Days) > 0:
		var days []string
		for _, d := range content.Weekdays { // in week order, whatever the front matter's
			if slices.Contains(r.Days, d) {
				days = append(days, p.T("weekday_"+d))
			}
		}
		return fmt.Sprintf(p.T("times_weekly"), joinList(p, days), from, to, r.Zone())
	case r.MultiDay():
		return fmt.Sprintf(p.T("times_daily"), from, to, r.Zone())
	}
	return fmt.Sprintf(p.T("times_once"), from, to, r.Zone())
}

// joinList joins items as p's language writes a list: "a, b and c", "甲、乙、丙".
func joinList(p *site.Page, items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], p.T("list_sep")) + p.T("list_last_sep") + items[len(items)-1]
}

// feeText writes a fee in p's language: "Free", "CNY 3,800".
func feeText(p *site.Page, f content.Fee) string {
	switch {
	case f.Free:
		return p.T("free")
	case f.Currency != "":
		return f.Currency + " " + f.Grouped()
	}
	return ""
}

// label writes the label of a value in p's language: "Seats: ", "名额：".
func label(p *site.Page, key string) string {
	return fmt.Sprintf(p.T("label"), p.T(key))
}

// ScheduledRun is one run of a course in a list of every course's runs.
type ScheduledRun struct {
	Course *site.Page
	content.Run
}

// schedule lists the dated runs of the courses among pages, by start, then
// by course URL: the order of a timetable, fixed at build time.
func schedule(pages []*site.Page) []ScheduledRun {
	var out []ScheduledRun
	for _, p := range pages {
		if p.File == nil || p.File.Course == nil {
			continue
		}
		for _, r := range p.File.Course.Runs() {
			if !r.Start.IsZero() {
				out = append(out, ScheduledRun{p, r})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b ScheduledRun) int {
		return cmp.Or(a.Start.Compare(b.Start), strings.Compare(a.Course.URL, b.Course.URL), cmp.Compare(a.Number, b.Number))
	})
	return out
}

// courseLD fills d with a course's schema.org description, as Google's
// course rich results want it: offers from the fees, and one instance per
// session with its mode, location, schedule and instructors.
func courseLD(p *site.Page, d map[string]any, org map[string]any) {
	c := p.File.Course
	d["@type"] = "Course"
	d["courseCode"] = c.Code
	d["provider"] = org
	d["educationalLevel"] = p.T("level_" + c.Level)
	d["timeRequired"] = "PT" + FormatHours(c.Hours) + "H"
	if c.Language != "" {
		d["inLanguage"] = c.Language
	}
	if len(c.Certificates) > 0 {
		d["educationalCredentialAwarded"] = strings.Join(c.Certificates, ", ")
	}
	if len(c.Outcomes) > 0 {
		d["teaches"] = c.Outcomes
	}
	var instructors []any
	for _, sp := range p.Speakers {
		instructors = append(instructors, map[string]any{"@type": "Person", "name": sp.File.Speaker.Name, "url": sp.Permalink})
	}
	runs := c.Runs()
	fees := []content.Fee{c.Price()}
	var instances []any
	for _, r := range runs {
		inst := map[string]any{"@type": "CourseInstance", "courseMode": courseMode(r.Mode)}
		if !r.Start.IsZero() {
			inst["startDate"] = r.Start.Format(time.RFC3339)
		}
		if !r.End.IsZero() {
			inst["endDate"] = r.End.Format(time.RFC3339)
		}
		if loc := locationLD(p, r); loc != nil {
			inst["location"] = loc
		}
		if r.Seats > 0 {
			inst["maximumAttendeeCapacity"] = r.Seats
		}
		if s := scheduleLD(r); s != nil {
			inst["courseSchedule"] = s
		} else {
			inst["courseWorkload"] = "PT" + FormatHours(c.Hours) + "H"
		}
		if instructors != nil {
			inst["instructor"] = instructors
		}
		instances = append(instances, inst)
		if !slices.Contains(fees, r.Fee) {
			fees = append(fees, r.Fee)
		}
	}
	if instances == nil {
		inst := map[string]any{"@type": "CourseInstance", "courseMode": courseMode(c.Format), "courseWorkload": "PT" + FormatHours(c.Hours) + "H"}
		if instructors != nil {
			inst["instructor"] = instructors
		}
		instances = []any{inst}
	}
	d["hasCourseInstance"] = instances
	var offers []any
	for _, f := range fees {
		switch {
		case f.Free:
			offers = append(offers, map[string]any{"@type": "Offer", "category": "Free", "price": 0})
		case f.Currency != "":
			offers = append(offers, map[string]any{"@type": "Offer", "category": "Paid", "price": f.Amount, "priceCurrency": f.Currency})
		}
	}
	if offers != nil {
		d["offers"] = offers
	}
}

// locationLD is where a session takes place: a Place for sessions met in
// person, a VirtualLocation (the course page) for online ones.
func locationLD(p *site.Page, r content.Run) any {
	switch {
	case r.Mode == "online":
		u := p.Permalink
		if strings.HasPrefix(r.EnrolURL, "http") {
			u = r.EnrolURL
		}
		return map[string]any{"@type": "VirtualLocation", "url": u}
	case r.Location != "":
		return map[string]any{"@type": "Place", "name": r.Location, "address": r.Location}
	}
	return nil
}

// scheduleLD is the schema.org Schedule of a session: how long each
// meeting is, how often and how many times it meets.
func scheduleLD(r content.Run) map[string]any {
	meetings := r.Meetings()
	if len(meetings) == 0 {
		return nil
	}
	s := map[string]any{"@type": "Schedule", "repeatCount": len(meetings), "repeatFrequency": "Daily",
		"startDate": r.Start.Format(time.DateOnly), "endDate": r.EndTime().Format(time.DateOnly)}
	if r.AllDay() {
		s["duration"] = "P1D"
	} else {
		end := r.EndTime()
		mins := clockMinutes(end) - clockMinutes(r.Start)
		s["duration"] = fmt.Sprintf("PT%dH%dM", mins/60, mins%60)
		s["startTime"] = r.Start.Format("15:04:05-07:00")
		s["endTime"] = end.Format("15:04:05-07:00")
	}
	if len(r.Days) > 0 {
		s["repeatFrequency"] = "Weekly"
		var days []string
		for i, d := range content.Weekdays {
			if slices.Contains(r.Days, d) {
				days = append(days, "https://schema.org/"+time.Weekday(i).String())
			}
		}
		s["byDay"] = days
	}
	return s
}

func clockMinutes(t time.Time) int { return t.Hour()*60 + t.Minute() }
