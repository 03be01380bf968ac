package render

import (
	"bytes"
	"encoding/json"

	"qiao/generator/site"
)

// CatalogFile is the name of a long course list's data file, beside its
// first page: a script that filters the whole catalog fetches this one file
// instead of every page of the list.
const CatalogFile = "catalog.json"

// catalogData is the content of a CatalogFile: what filters and course
// cards need, in the list's language, in the list's order. Labels holds
// the level_<value> and format_<value> strings the courses use.
type catalogData struct {
	Labels  map[string]string `json:"labels"`
	Courses []catalogCourse   `json:"courses"`
}

// catalogCourse is one course of a catalogData. Text is formatted as the
// templates format it (FormatDate, hours, fee, sessionTimes, action).
type catalogCourse struct {
	URL      string           `json:"url"`
	Code     string           `json:"code"`
	Title    string           `json:"title"`
	Lang     string           `json:"lang,omitempty"` // set when not the list's language
	LangName string           `json:"langName,omitempty"`
	Summary  string           `json:"summary,omitempty"`
	Level    string           `json:"level"`
	Format   string           `json:"format"`
	Topics   []string         `json:"topics,omitempty"`
	Hours    string           `json:"hours"`
	Fee      string           `json:"fee,omitempty"`
	Sessions []catalogSession `json:"sessions,omitempty"`
	Action   *Action          `json:"action,omitempty"`
}

// catalogSession is a dated session of a catalogCourse: Start and End as
// in the pages' datetime attributes, From and To (only when it spans
// several days) as dates in the list's language, Times as sessionTimes.
type catalogSession struct {
	Start string `json:"start"`
	End   string `json:"end"`
	From  string `json:"from"`
	To    string `json:"to,omitempty"`
	Times string `json:"times,omitempty"`
}

// MarshalJSON writes an action with short keys, its ask action inside.
func (a *Action) MarshalJSON() ([]byte, error) {
	v := struct {
		URL   string  `json:"url"`
		Label string  `json:"label"`
		Enrol bool    `json:"enrol,omitempty"`
		Ask   *Action `json:"ask,omitempty"`
	}{string(a.URL), a.Label, a.Enrol, a.Ask}
	return json.Marshal(v)
}

// dateTime is how the templates write a session's start and end in
// attributes.
const dateTime = "2006-01-02T15:04:05Z07:00"

// HasCatalogData reports whether a CatalogFile may stand beside page p:
// the first page of a section's list that runs over several pages (a list
// on one page has every card already).
func HasCatalogData(p *site.Page) bool {
	return p.Kind == site.KindSection && p.Pager != nil && p.Pager.Paginated() && p.Pager.Number == 1
}

// CatalogData returns the CatalogFile of a list page, or nil when
// HasCatalogData is false or the list has no courses. The bytes depend
// only on the site.
func CatalogData(list *site.Page) []byte {
	if !HasCatalogData(list) {
		return nil
	}
	data := catalogData{Labels: map[string]string{}}
	for _, p := range list.Pages {
		if p.File == nil || p.File.Course == nil {
			continue
		}
		data.Courses = append(data.Courses, catalogEntry(list, p))
		for _, key := range []string{"level_" + p.File.Course.Level, "format_" + p.File.Course.Format} {
			data.Labels[key] = list.T(key)
		}
	}
	if len(data.Courses) == 0 {
		return nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // the file is read as JSON, never as HTML
	if err := enc.Encode(data); err != nil {
		return nil // not reached: strings, slices and maps of strings encode
	}
	return b.Bytes()
}

// catalogEntry is course p as the list page shows its card.
func catalogEntry(list, p *site.Page) catalogCourse {
	c := p.File.Course
	e := catalogCourse{URL: p.RelPermalink, Code: c.Code, Title: p.Title, Summary: p.Summary,
		Level: p.FacetValue("level"), Format: p.FacetValue("format"), Topics: p.File.Topics,
		Hours: FormatHours(c.Hours), Fee: feeText(list, c.Price()), Action: primaryAction(list, p, "")}
	if list.OtherLanguage(p) {
		e.Lang, e.LangName = p.Lang.Code, p.Lang.Name
	}
	for _, r := range c.Runs() {
		if r.Start.IsZero() {
			continue
		}
		s := catalogSession{Start: r.Start.Format(dateTime), End: r.End.Format(dateTime),
			From: list.FormatDate(r.Start), Times: sessionTimes(list, r)}
		if r.MultiDay() {
			s.To = list.FormatDate(r.EndTime())
		}
		e.Sessions = append(e.Sessions, s)
	}
	return e
}
