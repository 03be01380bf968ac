package e2e

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// action is a primary action as the reader sees it.
type action struct {
	Text    string `json:"text"`
	Href    string `json:"href"`
	Visible bool   `json:"visible"`
}

const actionsJS = `Array.from(document.querySelectorAll(%q)).map(a => ({text: a.textContent.trim(), href: a.href, visible: a.offsetParent !== null && a.getBoundingClientRect().height > 0}))`

// Course pages and cards show Enrol / 报名 where the course has a target,
// else Ask about this course / 课程咨询, as a visible link that leads
// somewhere (mailto:, tel: or http), never a dead button. The course pages
// are read without JavaScript: in the browser, a course whose sessions are
// all past (as the shipped ones now are) asks instead (TestFinishedCourseAsks).
func TestPrimaryActions(t *testing.T) {
	static := browser.NewTab(t)
	if err := static.DisableJavaScript(); err != nil {
		t.Fatal(err)
	}
	pages := []struct {
		path, sel string
		want      []string // the texts, in page order
	}{
		{"/courses/itt-104/", ".facts-panel .action", []string{"Enrol"}},
		{"/zh/courses/itt-104/", ".facts-panel .action", []string{"报名"}},
		{"/courses/itt-303/", ".facts-panel .action", []string{"Ask about this course"}},
		{"/zh/courses/itt-303/", ".facts-panel .action", []string{"课程咨询"}},
	}
	for _, p := range pages {
		if err := static.Navigate(server.URL + p.path); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(static.Context(), chromedp.Evaluate[[]action](strings.Replace(actionsJS, "%q", strconv.Quote(p.sel), 1)))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(p.want) {
			t.Fatalf("%s: %d actions %v, want %v", p.path, len(got), got, p.want)
		}
		for i, a := range got {
			if a.Text != p.want[i] || !a.Visible || !regexp.MustCompile(`^(mailto:[^@]+@|tel:\+?\d+$|https?://)`).MatchString(a.Href) {
				t.Errorf("%s: action %+v, want %q, visible, leading somewhere", p.path, a, p.want[i])
			}
		}
	}
	// Every course card of both catalogs has one visible action.
	tab := browser.NewTab(t)
	for _, catalog := range []string{"/courses/", "/zh/courses/"} {
		if err := tab.Navigate(server.URL + catalog); err != nil {
			t.Fatal(err)
		}
		counts, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]int](`Array.from(document.querySelectorAll(".course-card")).map(c =>
			Array.from(c.querySelectorAll(".action")).filter(a => a.offsetParent !== null && a.href).length)`))
		if err != nil {
			t.Fatal(err)
		}
		if len(counts) < 9 {
			t.Fatalf("%s: %d cards", catalog, len(counts))
		}
		for i, n := range counts {
			if n != 1 {
				t.Errorf("%s: card %d has %d visible actions", catalog, i+1, n)
			}
		}
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}

// Sessions show their times and zone in each language's words; the home
// page lists them by date without JavaScript; a card shows one session
// with JavaScript.
func TestSessionTimes(t *testing.T) {
	tab := browser.NewTab(t)
	for path, want := range map[string]string{
		"/courses/itt-104/":    "9 October 2025 – 28 October 2025 Tuesdays and Thursdays, 19:00–21:00 (UTC+08:00)",
		"/zh/courses/itt-104/": "2025年10月9日 – 2025年10月28日 每周二、周四 19:00–21:00（UTC+08:00）",
	} {
		if err := tab.Navigate(server.URL + path); err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(tab.Context(), chromedp.Evaluate[string](`document.querySelector(".course-sessions .session-when").innerText.replace(/\s+/g, " ").trim()`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(text, want) {
			t.Errorf("%s: session reads %q, want it to end in %q", path, text, want)
		}
		cal, err := chromedp.Run(tab.Context(), chromedp.Evaluate[string](`(document.querySelector('.calendar-link a[href$="calendar.ics"]') || {}).textContent || ""`))
		if err != nil {
			t.Fatal(err)
		}
		if cal != map[bool]string{true: "添加到日历", false: "Add to calendar"}[strings.HasPrefix(path, "/zh/")] {
			t.Errorf("%s: calendar link %q", path, cal)
		}
	}
	// The home page's timetable is in date order in the HTML itself.
	for _, home := range []string{"/", "/zh/"} {
		starts := regexp.MustCompile(`<li data-start="([^"]+)"`).FindAllStringSubmatch(sessionList(readPage(t, home)), -1)
		if len(starts) < 10 {
			t.Fatalf("%s: %d sessions listed", home, len(starts))
		}
		for i := 1; i < len(starts); i++ {
			if starts[i][1] < starts[i-1][1] { // same offset everywhere: text order is time order
				t.Errorf("%s: session %s listed after %s", home, starts[i][1], starts[i-1][1])
			}
		}
	}
	if err := tab.Navigate(server.URL + "/zh/courses/"); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]int](`Array.from(document.querySelectorAll(".course-card .card-sessions")).map(s =>
		Array.from(s.querySelectorAll("li")).filter(li => li.offsetParent !== null).length)`))
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range shown {
		if n != 1 {
			t.Errorf("card %d shows %d sessions, want the next (or last) one", i+1, n)
		}
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}

func sessionList(page string) string {
	i := strings.Index(page, `<ul class="session-list">`)
	if i < 0 {
		return ""
	}
	page = page[i:]
	return page[:strings.Index(page, "</ul>")]
}

// The selected filter stays readable under the pointer, in the light and
// the dark scheme: its text keeps a contrast of at least 4.5 to its
// background.
func TestSelectedFilterHoverContrast(t *testing.T) {
	tab := browser.NewTab(t)
	if err := tab.SetViewport(1280, 900); err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []string{"light", "dark"} {
		if err := tab.Emulate("prefers-color-scheme", scheme); err != nil {
			t.Fatal(err)
		}
		if err := tab.Navigate(server.URL + "/courses/?level=advanced"); err != nil {
			t.Fatal(err)
		}
		box, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector('.filter-group a[aria-current]:not([data-value=""])').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`))
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(tab.Context(), chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, box[0], box[1])); err != nil {
			t.Fatal(err)
		}
		colors, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]string](`(() => { const a = document.querySelector('.filter-group a[aria-current]:not([data-value=""])');
			const s = getComputedStyle(a); return [a.matches(":hover") ? "hover" : "", s.color, s.backgroundColor]; })()`))
		if err != nil {
			t.Fatal(err)
		}
		if colors[0] != "hover" {
			t.Fatalf("%s: the pointer is not over the selected filter", scheme)
		}
		if c := contrast(colors[1], colors[2]); c < 4.5 {
			t.Errorf("%s: hovered selected filter %s on %s has contrast %.2f", scheme, colors[1], colors[2], c)
		}
	}
}

// contrast is the WCAG contrast ratio of two opaque CSS rgb() colours.
func contrast(a, b string) float64 {
	l1, l2 := luminance(a), luminance(b)
	return (math.Max(l1, l2) + 0.05) / (math.Min(l1, l2) + 0.05)
}

func luminance(c string) float64 {
	m := regexp.MustCompile(`\d+(\.\d+)?`).FindAllString(c, 3)
	if len(m) < 3 {
		return 0
	}
	var l [3]float64
	for i, s := range m {
		v, _ := strconv.ParseFloat(s, 64)
		v /= 255
		if v <= 0.03928 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}
