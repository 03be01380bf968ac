package e2e

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"qiao/generator/chrometest"
)

// course is a course card of the catalog as the reader sees it.
type course struct {
	Code   string   `json:"code"`
	Level  string   `json:"level"`
	Format string   `json:"format"`
	Topics []string `json:"topics"`
}

// visibleCoursesJS lists the course cards a reader can see.
const visibleCoursesJS = `Array.from(document.querySelectorAll(".course-card"))
	.filter(c => c.offsetParent !== null)
	.map(c => ({code: c.querySelector(".course-code").textContent, level: c.dataset.level,
		format: c.dataset.format, topics: (c.dataset.topics || "").split(" ").filter(Boolean)}))`

func visibleCourses(t *testing.T, tab *chrometest.Tab) []course {
	t.Helper()
	cs, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]course](visibleCoursesJS))
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// matching returns the codes of the courses that have value for key.
func matching(all []course, key, value string) []string {
	var codes []string
	for _, c := range all {
		ok := value == "" ||
			key == "level" && c.Level == value ||
			key == "format" && c.Format == value ||
			key == "topic" && slices.Contains(c.Topics, value)
		if ok {
			codes = append(codes, c.Code)
		}
	}
	slices.Sort(codes)
	return codes
}

func codes(cs []course) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Code)
	}
	slices.Sort(out)
	return out
}

// filterLinks returns the (key, value) of every filter link of the catalog.
func filterLinks(t *testing.T, tab *chrometest.Tab) [][2]string {
	t.Helper()
	links, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[][2]string](
		`Array.from(document.querySelectorAll(".filters a[data-filter]")).map(a => [a.dataset.filter, a.dataset.value])`))
	if err != nil {
		t.Fatal(err)
	}
	if len(links) < 8 {
		t.Fatalf("the catalog has %d filter links; want level, format and topic filters", len(links))
	}
	return links
}

func selector(f [2]string) string {
	return `.filters a[data-filter="` + f[0] + `"][data-value="` + f[1] + `"]`
}

// TestCatalogFiltersWithJavaScript clicks every filter of the catalog in
// both languages: the list changes in place to exactly the matching
// courses, filters combine, the count and the URL follow, and "all" brings
// every course back.
func TestCatalogFiltersWithJavaScript(t *testing.T) {
	tab := browser.NewTab(t)
	for _, catalog := range []string{"/courses/", "/zh/courses/"} {
		if err := tab.Navigate(server.URL + catalog); err != nil {
			t.Fatal(err)
		}
		all := visibleCourses(t, tab)
		if len(all) < 9 {
			t.Fatalf("%s shows %d courses", catalog, len(all))
		}
		for _, f := range filterLinks(t, tab) {
			if err := chromedp.Do(tab.Context(), chromedp.Click(chromedp.CSS(selector(f)))); err != nil {
				t.Fatalf("%s: click %v: %v", catalog, f, err)
			}
			got, want := codes(visibleCourses(t, tab)), matching(all, f[0], f[1])
			if !slices.Equal(got, want) {
				t.Errorf("%s: filter %s=%q shows %v, want %v", catalog, f[0], f[1], got, want)
			}
			state, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]string](`[location.pathname + location.search,
				document.querySelector(".result-count").textContent,
				document.querySelector(`+"`"+selector(f)+"`"+`).getAttribute("aria-current") || ""]`))
			if err != nil {
				t.Fatal(err)
			}
			wantURL := catalog
			if f[1] != "" {
				wantURL += "?" + f[0] + "=" + f[1]
			}
			if state[0] != wantURL {
				t.Errorf("%s: after filter %s=%q the address is %s, want %s", catalog, f[0], f[1], state[0], wantURL)
			}
			if !strings.Contains(state[1], strconv.Itoa(len(want))) {
				t.Errorf("%s: after filter %s=%q the count says %q, want %d", catalog, f[0], f[1], state[1], len(want))
			}
			if state[2] == "" {
				t.Errorf("%s: the chosen filter %s=%q is not marked aria-current", catalog, f[0], f[1])
			}
			// Reset this filter so that the next one starts from the full list.
			if err := chromedp.Do(tab.Context(), chromedp.Click(chromedp.CSS(selector([2]string{f[0], ""})))); err != nil {
				t.Fatal(err)
			}
		}
	}

	// Filters combine, a combination without courses says so, and the
	// state survives a reload through the URL.
	if err := tab.Navigate(server.URL + "/courses/?level=advanced&format=in-person"); err != nil {
		t.Fatal(err)
	}
	all := make([]course, 0)
	for _, c := range visibleCourses(t, tab) {
		all = append(all, c)
		if c.Level != "advanced" || c.Format != "in-person" {
			t.Errorf("level=advanced&format=in-person shows %s (%s, %s)", c.Code, c.Level, c.Format)
		}
	}
	if len(all) == 0 {
		t.Error("no advanced in-person course shown; the content has some")
	}
	other, err := chromedp.Run(tab.Context(), chromedp.Evaluate[string](
		`document.querySelector('.language-switcher a[hreflang="zh"]')?.getAttribute('href') || ''`))
	if err != nil {
		t.Fatal(err)
	}
	if u, err := url.Parse(other); err != nil || u.Path != "/zh/courses/" || u.Query().Get("level") != "advanced" || u.Query().Get("format") != "in-person" {
		t.Errorf("the language switcher leads to %q, want the Chinese catalog with the same filters", other)
	}
	if err := chromedp.Do(tab.Context(), chromedp.Click(chromedp.CSS(selector([2]string{"format", "online"})))); err != nil {
		t.Fatal(err)
	}
	if n := len(visibleCourses(t, tab)); n != 0 {
		t.Errorf("advanced online courses: %d shown, want none", n)
	}
	noMatch, err := chromedp.Run(tab.Context(), chromedp.Evaluate[bool](`!document.querySelector(".no-match").hidden`))
	if err != nil {
		t.Fatal(err)
	}
	if !noMatch {
		t.Error("no course matches, but the page does not say so")
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}

// TestCatalogFiltersWithoutJavaScript follows every filter link of the
// catalog with scripts off: each leads to a page (facet or topic page)
// that lists exactly the matching courses.
func TestCatalogFiltersWithoutJavaScript(t *testing.T) {
	tab := browser.NewTab(t)
	if err := tab.DisableJavaScript(); err != nil {
		t.Fatal(err)
	}
	for _, catalog := range []string{"/courses/", "/zh/courses/"} {
		if err := tab.Navigate(server.URL + catalog); err != nil {
			t.Fatal(err)
		}
		all := visibleCourses(t, tab)
		for _, f := range filterLinks(t, tab) {
			if err := tab.Navigate(server.URL + catalog); err != nil {
				t.Fatal(err)
			}
			status, err := tab.Follow(selector(f))
			if err != nil {
				t.Fatalf("%s: %v", catalog, err)
			}
			if status != 200 {
				t.Errorf("%s: filter %s=%q leads to HTTP %d", catalog, f[0], f[1], status)
				continue
			}
			got, want := codes(visibleCourses(t, tab)), matching(all, f[0], f[1])
			if !slices.Equal(got, want) {
				loc, _ := chromedp.Run(tab.Context(), chromedp.Location())
				t.Errorf("%s: filter %s=%q leads to %s with courses %v, want %v", catalog, f[0], f[1], loc, got, want)
			}
		}
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}

// With JavaScript, each filter option counts the courses it would leave
// with the other filters kept, and options that would leave none are
// marked.
func TestCatalogFilterCounts(t *testing.T) {
	tab := browser.NewTab(t)
	if err := tab.Navigate(server.URL + "/courses/"); err != nil {
		t.Fatal(err)
	}
	all := visibleCourses(t, tab)
	for _, level := range []string{"foundation", "advanced"} {
		if err := tab.Navigate(server.URL + "/courses/?level=" + level); err != nil {
			t.Fatal(err)
		}
		type option struct {
			Key   string `json:"key"`
			Value string `json:"value"`
			N     string `json:"n"`
			Empty bool   `json:"empty"`
		}
		opts, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]option](`Array.from(document.querySelectorAll(".filters a[data-filter]:not([data-value=''])")).map(a =>
			({key: a.dataset.filter, value: a.dataset.value, n: (a.querySelector(".n") || {}).textContent || "", empty: a.classList.contains("is-empty")}))`))
		if err != nil {
			t.Fatal(err)
		}
		empties := 0
		for _, o := range opts {
			var in []course
			for _, c := range all {
				if o.Key == "level" || c.Level == level {
					in = append(in, c)
				}
			}
			want := len(matching(in, o.Key, o.Value))
			if o.N != strconv.Itoa(want) || o.Empty != (want == 0) {
				t.Errorf("level=%s: option %s=%s says %q (empty %v), want %d", level, o.Key, o.Value, o.N, o.Empty, want)
			}
			if o.Empty {
				empties++
			}
		}
		if empties == 0 {
			t.Errorf("level=%s: no option is empty; the test needs one to mean something", level)
		}
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}

// Without JavaScript, level and format combine: from a level's page, a
// format link leads to the page of both, which lists exactly the courses
// of that level and format, and whose "all" links drop one filter.
func TestCatalogFiltersCombineWithoutJavaScript(t *testing.T) {
	tab := browser.NewTab(t)
	if err := tab.DisableJavaScript(); err != nil {
		t.Fatal(err)
	}
	for _, catalog := range []string{"/courses/", "/zh/courses/"} {
		if err := tab.Navigate(server.URL + catalog); err != nil {
			t.Fatal(err)
		}
		all := visibleCourses(t, tab)
		nonEmpty := 0
		for _, level := range []string{"foundation", "intermediate", "advanced"} {
			for _, format := range []string{"in-person", "online", "hybrid"} {
				if err := tab.Navigate(server.URL + catalog); err != nil {
					t.Fatal(err)
				}
				for _, f := range [][2]string{{"level", level}, {"format", format}} {
					if status, err := tab.Follow(selector(f)); err != nil || status != 200 {
						t.Fatalf("%s: follow %v: %d %v", catalog, f, status, err)
					}
				}
				var want []string
				for _, c := range all {
					if c.Level == level && c.Format == format {
						want = append(want, c.Code)
					}
				}
				slices.Sort(want)
				got := codes(visibleCourses(t, tab))
				if !slices.Equal(got, want) {
					loc, _ := chromedp.Run(tab.Context(), chromedp.Location())
					t.Errorf("%s: level=%s then format=%s leads to %s with %v, want %v", catalog, level, format, loc, got, want)
				}
				if len(want) > 0 {
					nonEmpty++
				}
				// "All formats" keeps the level.
				if _, err := tab.Follow(selector([2]string{"format", ""})); err != nil {
					t.Fatal(err)
				}
				if got, want := codes(visibleCourses(t, tab)), matching(all, "level", level); !slices.Equal(got, want) {
					t.Errorf("%s: all formats after level=%s shows %v, want %v", catalog, level, got, want)
				}
			}
		}
		if nonEmpty < 3 {
			t.Errorf("%s: only %d combinations have courses; the test means little", catalog, nonEmpty)
		}
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}
