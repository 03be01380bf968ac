package build_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"qiao/generator/build"
)

// catalogSite has a course with an enrol target and two sessions (one on
// weekday evenings, one online with its own fee), and a course without a
// target, whose pages ask the contact: by e-mail in English, by phone in
// Chinese.
const catalogSite = `
-- site.toml --
title = "Test Centre"
baseURL = "https://example.org/"
defaultLanguage = "en"
image = "img/og.png"
[languages.en]
name = "English"
title = "Knowledge Base"
dateFormat = "2 January 2006"
[languages.en.contact]
email = "info@example.org"
address = "Qianhai, Shenzhen"
[languages.zh]
name = "中文"
title = "知识库"
dateFormat = "2006年1月2日"
[languages.zh.contact]
phone = "+86 755 0000 0000"
wechat = "example-centre"
-- static/img/og.png --
png
-- content/courses/itt-104.md --
+++
title = "Cross-boundary transfer"
summary = "Evenings online."
date = 2025-09-05
lastmod = 2025-09-20
code = "ITT-104"
level = "foundation"
format = "hybrid"
hours = 12
fee = "CNY 800"
enrol = "enrol@example.org"
[[sessions]]
start = 2025-10-09T19:00:00+08:00
end = 2025-10-28T21:00:00+08:00
days = ["thu", "tue"]
mode = "in-person"
location = "Qianhai; Room 3, Block A"
seats = 40
[[sessions]]
start = 2025-09-26T09:00:00+08:00
end = 2025-09-28T17:00:00+08:00
mode = "online"
fee = "free"
enrol = "https://example.org/enrol/online"
+++
Body.
-- content/courses/itt-104.zh.md --
+++
title = "跨境技术转移"
date = 2025-09-05
lastmod = 2025-09-20
code = "ITT-104"
level = "foundation"
format = "hybrid"
hours = 12
fee = "CNY 800"
enrol = "enrol@example.org"
[[sessions]]
start = 2025-10-09T19:00:00+08:00
end = 2025-10-28T21:00:00+08:00
days = ["thu", "tue"]
mode = "in-person"
location = "前海"
seats = 40
[[sessions]]
start = 2025-09-26T09:00:00+08:00
end = 2025-09-28T17:00:00+08:00
mode = "online"
fee = "free"
enrol = "https://example.org/enrol/online"
+++
正文。
-- content/courses/itt-303.md --
+++
title = "Advanced licensing"
date = 2025-09-05
code = "ITT-303"
level = "advanced"
format = "in-person"
hours = 8
+++
Body.
-- content/courses/itt-303.zh.md --
+++
title = "高级许可实务"
date = 2025-09-05
code = "ITT-303"
level = "advanced"
format = "in-person"
hours = 8
+++
正文。
`

func TestCoursePagesShowAnActionSessionTimesAndContact(t *testing.T) {
	r := buildSite(t, catalogSite, build.Options{}).ok()
	r.has("courses/itt-104/index.html",
		`<a class="button primary action action-enrol" href="mailto:enrol@example.org?subject=Enrolment%3A%20ITT-104%20Cross-boundary%20transfer" data-ask-url="mailto:info@example.org?subject=Question%20about%20ITT-104%20Cross-boundary%20transfer" data-ask-label="Ask about this course">Enrol</a>`,
		`<a class="button primary action action-enrol" href="https://example.org/enrol/online" data-ask-url="mailto:info@example.org?subject=Question%20about%20ITT-104%20Cross-boundary%20transfer" data-ask-label="Ask about this course">Enrol</a>`,
		`<dd>CNY 800</dd>`, `<td>Free</td>`,
		`<td>In person</td>`, `<td>Online</td>`,
		`Tuesdays and Thursdays, 19:00–21:00 (UTC&#43;08:00)`,
		`daily, 09:00–17:00 (UTC&#43;08:00)`,
		`<time datetime="2025-10-09T19:00:00&#43;08:00">9 October 2025</time> – <time datetime="2025-10-28T21:00:00&#43;08:00">28 October 2025</time>`,
		`<a class="calendar" href="/courses/itt-104/calendar.ics" type="text/calendar" download>Add to calendar</a>`,
		`<a href="mailto:info@example.org">info@example.org</a>`)
	// Sessions by date, whatever the front matter's order.
	page := r.read("courses/itt-104/index.html")
	if strings.Index(page, "26 September 2025") > strings.Index(page, "9 October 2025") {
		t.Error("sessions are not in date order")
	}
	r.has("zh/courses/itt-104/index.html", `>报名</a>`, `每周二、周四 19:00–21:00（UTC&#43;08:00）`, `>添加到日历</a>`, `<td>免费</td>`, `<dd>example-centre</dd>`, `<dd><a href="tel:&#43;8675500000000">&#43;86 755 0000 0000</a></dd>`)
	r.has("courses/itt-303/index.html",
		`<a class="button primary action action-ask" href="mailto:info@example.org?subject=Question%20about%20ITT-303%20Advanced%20licensing">Ask about this course</a>`)
	r.lacks("courses/itt-303/index.html", "calendar.ics", "action-enrol")
	// The Chinese fallback of ITT-303 asks by phone, the only contact there.
	r.has("zh/courses/itt-303/index.html", `<a class="button primary action action-ask" href="tel:&#43;8675500000000">课程咨询</a>`)
	if r.exists("courses/itt-303/calendar.ics") {
		t.Error("a course without sessions has a calendar file")
	}
}

func TestNoContactNoDeadButton(t *testing.T) {
	site := strings.Replace(catalogSite, "[languages.zh.contact]\nphone = \"+86 755 0000 0000\"\nwechat = \"example-centre\"\n", "", 1)
	r := buildSite(t, site, build.Options{}).ok()
	r.lacks("zh/courses/itt-303/index.html", `class="button primary action`)
	r.has("zh/courses/itt-104/index.html", `action-enrol`)
}

func TestCatalogFieldErrorsStopTheBuild(t *testing.T) {
	site := strings.Replace(catalogSite, `fee = "CNY 800"`+"\nenrol = \"enrol@example.org\"\n[[sessions]]\nstart = 2025-10-09T19:00:00+08:00\nend = 2025-10-28T21:00:00+08:00\ndays = [\"thu\", \"tue\"]\nmode = \"in-person\"\nlocation = \"Qianhai",
		`fee = "800"`+"\nenrol = \"enrol@example.org\"\n[[sessions]]\nstart = 2025-10-09T19:00:00+08:00\nend = 2025-10-28T21:00:00+08:00\ndays = [\"thu\", \"tue\"]\nmode = \"blended\"\nlocation = \"Qianhai", 1)
	buildSite(t, site, build.Options{}).failsWith(
		`content/courses/itt-104.md:10: fee = "800": write "free" or a currency code`,
		`content/courses/itt-104.md:16: session 1: mode = "blended" is not allowed`)
}

// The calendar files parse, with an event per session, UIDs the same in
// both languages, a DTSTAMP from the content, times in UTC and the days
// each session meets as a rule; lines end in CRLF and fold at 75 octets.
func TestCalendarFiles(t *testing.T) {
	r := buildSite(t, catalogSite, build.Options{}).ok()
	uids := map[string][]string{}
	for _, path := range []string{"courses/itt-104/calendar.ics", "zh/courses/itt-104/calendar.ics"} {
		src := r.read(path)
		for i, line := range strings.SplitAfter(src, "\r\n") {
			if line == "" {
				continue
			}
			if !strings.HasSuffix(line, "\r\n") || strings.Contains(strings.TrimSuffix(line, "\r\n"), "\n") {
				t.Errorf("%s:%d: line does not end in CRLF: %q", path, i+1, line)
			}
			if len(line)-2 > 75 {
				t.Errorf("%s:%d: %d octets, more than 75", path, i+1, len(line)-2)
			}
		}
		cal, err := ics.ParseCalendar(strings.NewReader(src))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		events := cal.Events()
		if len(events) != 2 {
			t.Fatalf("%s: %d events, want 2", path, len(events))
		}
		want := []struct{ start, end, rule, location string }{
			{"2025-09-26T01:00:00Z", "2025-09-26T09:00:00Z", "FREQ=DAILY;UNTIL=20250928T010000Z", ""},
			{"2025-10-09T11:00:00Z", "2025-10-09T13:00:00Z", "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20251028T110000Z", ""},
		}
		for i, e := range events {
			uid := e.GetProperty(ics.ComponentPropertyUniqueId)
			if uid == nil || !strings.HasSuffix(uid.Value, "@example.org") {
				t.Errorf("%s: event %d UID %v", path, i, uid)
			} else {
				uids[path] = append(uids[path], uid.Value)
			}
			if stamp, err := e.GetDtStampTime(); err != nil || stamp.Format("2006-01-02T15:04:05Z07:00") != "2025-09-20T00:00:00Z" {
				t.Errorf("%s: event %d DTSTAMP %v %v, want the page's lastmod", path, i, stamp, err)
			}
			if p := e.GetProperty(ics.ComponentPropertyDtStart); p == nil || !strings.HasSuffix(p.Value, "Z") {
				t.Errorf("%s: event %d DTSTART %v is not in UTC", path, i, p)
			}
			start, err1 := e.GetStartAt()
			end, err2 := e.GetEndAt()
			if err1 != nil || err2 != nil || start.UTC().Format("2006-01-02T15:04:05Z") != want[i].start || end.UTC().Format("2006-01-02T15:04:05Z") != want[i].end {
				t.Errorf("%s: event %d from %v to %v (%v %v), want %s to %s", path, i, start, end, err1, err2, want[i].start, want[i].end)
			}
			if p := e.GetProperty(ics.ComponentPropertyRrule); p == nil || p.Value != want[i].rule {
				t.Errorf("%s: event %d RRULE %v, want %s", path, i, p, want[i].rule)
			}
		}
		if path == "courses/itt-104/calendar.ics" {
			loc := events[1].GetProperty(ics.ComponentPropertyLocation)
			if loc == nil || loc.Value != "Qianhai; Room 3, Block A" || !strings.Contains(src, `LOCATION:Qianhai\; Room 3\, Block A`) {
				t.Errorf("LOCATION %v: want the text escaped in the file and read back", loc)
			}
		}
	}
	if strings.Join(uids["courses/itt-104/calendar.ics"], " ") != strings.Join(uids["zh/courses/itt-104/calendar.ics"], " ") || len(uids["courses/itt-104/calendar.ics"]) != 2 {
		t.Errorf("UIDs differ between languages: %v", uids)
	}
	// The same content gives the same file.
	again := buildSite(t, catalogSite, build.Options{}).ok()
	if again.read("courses/itt-104/calendar.ics") != r.read("courses/itt-104/calendar.ics") {
		t.Error("two builds give different calendars")
	}
}

var jsonLD = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

func readLD(t *testing.T, r *result, path string) map[string]any {
	t.Helper()
	m := jsonLD.FindStringSubmatch(r.read(path))
	if m == nil {
		t.Fatalf("%s: no JSON-LD", path)
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(m[1]), &d); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

// The course description has what Google's course rich results require
// (name, description, provider, offers with a category, instances with a
// courseMode and a schedule or workload) and recommend (location, prices,
// instructors where known).
func TestCourseJSONLDMeetsGoogleRequirements(t *testing.T) {
	r := buildSite(t, catalogSite, build.Options{}).ok()
	for _, path := range []string{"courses/itt-104/index.html", "courses/itt-303/index.html"} {
		d := readLD(t, r, path)
		for _, k := range []string{"name", "provider", "hasCourseInstance"} {
			if d[k] == nil {
				t.Errorf("%s: no %s", path, k)
			}
		}
		for _, inst := range d["hasCourseInstance"].([]any) {
			in := inst.(map[string]any)
			switch in["courseMode"] {
			case "Online", "Onsite", "Blended":
			default:
				t.Errorf("%s: courseMode %v", path, in["courseMode"])
			}
			if in["courseSchedule"] == nil && in["courseWorkload"] == nil {
				t.Errorf("%s: an instance with neither courseSchedule nor courseWorkload", path)
			}
			if s, ok := in["courseSchedule"].(map[string]any); ok {
				for _, k := range []string{"duration", "repeatCount", "repeatFrequency"} {
					if s[k] == nil {
						t.Errorf("%s: courseSchedule without %s", path, k)
					}
				}
			}
		}
	}
	d := readLD(t, r, "courses/itt-104/index.html")
	if d["description"] != "Evenings online." {
		t.Errorf("description %v", d["description"])
	}
	offers, _ := d["offers"].([]any)
	if len(offers) != 2 || offers[0].(map[string]any)["category"] != "Paid" || offers[0].(map[string]any)["price"] != "800" ||
		offers[0].(map[string]any)["priceCurrency"] != "CNY" || offers[1].(map[string]any)["category"] != "Free" {
		t.Errorf("offers %v", offers)
	}
	inst := d["hasCourseInstance"].([]any)
	online, evening := inst[0].(map[string]any), inst[1].(map[string]any)
	if online["courseMode"] != "Online" || online["location"].(map[string]any)["@type"] != "VirtualLocation" {
		t.Errorf("online session %v", online)
	}
	if evening["courseMode"] != "Onsite" || evening["location"].(map[string]any)["@type"] != "Place" {
		t.Errorf("evening session %v", evening)
	}
	s := evening["courseSchedule"].(map[string]any)
	if s["repeatFrequency"] != "Weekly" || s["repeatCount"] != 6.0 || s["duration"] != "PT2H0M" {
		t.Errorf("schedule %v", s)
	}
	if _, ok := readLD(t, r, "courses/itt-303/index.html")["offers"]; ok {
		t.Error("offers for a course that states no fee")
	}
	r.has("courses/itt-104/index.html", `<meta property="og:image" content="https://example.org/img/og.png">`, `<meta name="twitter:card" content="summary_large_image">`)
	if d := readLD(t, r, "courses/index.html"); d["@type"] != "CollectionPage" {
		t.Errorf("a section is a %v", d["@type"])
	}
}

// Level and format combine into pages of their own, for filters that
// work without JavaScript.
func TestFacetPagesCombineTwoFields(t *testing.T) {
	r := buildSite(t, catalogSite, build.Options{}).ok()
	r.has("courses/level/foundation/format/hybrid/index.html", "Cross-boundary transfer",
		`<link rel="canonical" href="https://example.org/courses/level/foundation/format/hybrid/">`)
	r.lacks("courses/level/foundation/format/hybrid/index.html", "Advanced licensing")
	r.has("courses/level/advanced/format/in-person/index.html", "Advanced licensing")
	r.lacks("courses/level/advanced/format/hybrid/index.html", "Advanced licensing", "Cross-boundary transfer")
	r.has("zh/courses/level/foundation/format/hybrid/index.html", "跨境技术转移", "<title>课程：初级、线上线下结合 · 知识库</title>")
}

// The descriptions of other kinds of page use schema.org as it is meant:
// lists are collections, a person has no language, a jurisdiction is a
// name or an ISO code, the effective date is the date of applicability,
// and a portal's home page is no sameAs.
func TestJSONLDOfOtherKinds(t *testing.T) {
	r := buildSite(t, baseSite, build.Options{}).ok()
	pol := readLD(t, r, "policies/trips/index.html")
	if pol["legislationJurisdiction"] != "International" || pol["legislationDateOfApplicability"] != "1995-01-01" || pol["legislationDateVersion"] != nil || pol["sameAs"] != nil {
		t.Errorf("policy %v", pol)
	}
	if sp := readLD(t, r, "speakers/han-jun/index.html"); sp["@type"] != "Person" || sp["inLanguage"] != nil {
		t.Errorf("speaker %v", sp)
	}
	for _, path := range []string{"courses/index.html", "topics/index.html", "topics/policy/index.html", "courses/level/foundation/index.html"} {
		if d := readLD(t, r, path); d["@type"] != "CollectionPage" {
			t.Errorf("%s is a %v", path, d["@type"])
		}
	}
	if d := readLD(t, r, "cases/licence/index.html"); d["@type"] != "Article" || d["author"] == nil {
		t.Errorf("case %v", d)
	}
}

// A page's own preview picture replaces the site's; pictures that are not
// there stop the build.
func TestPreviewPictures(t *testing.T) {
	site := catalogSite + `-- content/about/index.md --
+++
title = "About"
image = "team.png"
+++
Body.
-- content/about/team.png --
png
`
	r := buildSite(t, site, build.Options{}).ok()
	r.has("about/index.html", `<meta property="og:image" content="https://example.org/about/team.png">`)
	r.has("courses/itt-303/index.html", `<meta property="og:image" content="https://example.org/img/og.png">`)

	bad := strings.Replace(site, `image = "team.png"`, `image = "missing.png"`, 1)
	bad = strings.Replace(bad, "email = \"info@example.org\"\n", "email = \"info@example.org\"\nwechatQR = \"img/qr.png\"\n", 1)
	buildSite(t, bad, build.Options{}).failsWith(
		`content/about/index.md:3: image "missing.png" not found in the page bundle or in static/`,
		`site.toml: languages.en.contact.wechatQR "img/qr.png" not found in static/`)
}

// A course list of several pages gets catalog.json beside its first page,
// in each language: the courses in list order with what their cards show,
// in the list's language; a list on one page gets none.
func TestLongCatalogHasItsDataFile(t *testing.T) {
	one := buildSite(t, catalogSite, build.Options{}).ok()
	if _, ok := one.files()["courses/catalog.json"]; ok {
		t.Error("a catalog on one page has catalog.json")
	}
	paged := strings.Replace(catalogSite, "-- static/img/og.png --", "[pagination]\npageSize = 1\n-- static/img/og.png --", 1)
	r := buildSite(t, paged, build.Options{}).ok()
	for path, want := range map[string][3]string{
		"courses/catalog.json":    {"/courses/itt-104/", "Enrol", "Hybrid"},
		"zh/courses/catalog.json": {"/zh/courses/itt-104/", "报名", "线上线下结合"},
	} {
		var data struct {
			Labels  map[string]string
			Courses []struct {
				URL, Code, Title, Level, Format, Hours, Fee string
				Sessions                                    []struct{ Start, End, From, To, Times string }
				Action                                      struct {
					URL, Label string
					Enrol      bool
					Ask        *struct{ URL, Label string }
				}
			}
		}
		if err := json.Unmarshal(r.files()[path], &data); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(data.Courses) != 2 {
			t.Fatalf("%s: courses %+v", path, data.Courses)
		}
		c := data.Courses[0]
		if c.Code != "ITT-104" {
			c = data.Courses[1]
		}
		if c.URL != want[0] {
			t.Errorf("%s: ITT-104 at %s", path, c.URL)
		}
		if c.Action.Label != want[1] || !c.Action.Enrol || c.Action.Ask == nil || len(c.Sessions) != 2 || c.Sessions[1].Times == "" || c.Sessions[1].To == "" {
			t.Errorf("%s: %+v", path, c)
		}
		if data.Labels["format_"+c.Format] != want[2] {
			t.Errorf("%s: labels %v", path, data.Labels)
		}
	}
	again := buildSite(t, paged, build.Options{}).ok()
	for _, path := range []string{"courses/catalog.json", "zh/courses/catalog.json"} {
		if !bytes.Equal(r.files()[path], again.files()[path]) {
			t.Errorf("%s differs between two builds", path)
		}
	}
	if _, ok := r.files()["courses/page/2/catalog.json"]; ok {
		t.Error("the second page of the catalog has catalog.json")
	}
}
