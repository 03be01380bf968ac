package e2e

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"qiao/generator/chrometest"
	"qiao/generator/sitetest"
)

// pagedPageSize splits the shipped catalog into several pages.
const pagedPageSize = 4

// pagedSite builds the shipped site with lists of pagedPageSize entries
// a page, and serves it; it returns the server's URL and the output.
func pagedSite(t *testing.T) (string, string) {
	t.Helper()
	src := sitetest.Shipped(t)
	toml := string(src["site.toml"].Data) + "\n[pagination]\npageSize = " + strconv.Itoa(pagedPageSize) + "\n"
	src["site.toml"].Data = []byte(toml)
	return serveBuilt(t, src)
}

// pagerState is a page of a list as the pager shows it.
type pagerState struct {
	Path      string   `json:"path"`
	Canonical string   `json:"canonical"`
	Label     string   `json:"label"`
	Current   []string `json:"current"` // pager links marked aria-current
	Prev      string   `json:"prev"`
	Next      string   `json:"next"`
	Cards     []course `json:"cards"`
	Count     string   `json:"count"`
}

const pagerStateJS = `(() => {
	const nav = document.querySelector("nav.pager");
	const rel = r => { const a = nav && nav.querySelector('a[rel="' + r + '"]'); return a ? new URL(a.href).pathname : ""; };
	return {path: location.pathname, canonical: new URL(document.querySelector('link[rel="canonical"]').href).pathname,
		label: nav ? nav.getAttribute("aria-label") : "",
		current: nav ? Array.from(nav.querySelectorAll("a[aria-current]")).map(a => new URL(a.href).pathname) : [],
		prev: rel("prev"), next: rel("next"), count: document.querySelector(".result-count").textContent,
		cards: ` + visibleCoursesJS + `};
})()`

func readPager(t *testing.T, tab *chrometest.Tab) pagerState {
	t.Helper()
	s, err := chromedp.Run(tab.Context(), chromedp.Evaluate[pagerState](pagerStateJS))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// walkCatalog follows the pager's next links from the catalog's first
// page to its last, checking each page's pager, and returns every course
// listed, in order.
func walkCatalog(t *testing.T, tab *chrometest.Tab, base, first, label string) []course {
	t.Helper()
	var all []course
	prev := ""
	for path, n := first, 1; path != ""; n++ {
		if err := tab.Navigate(base + path); err != nil {
			t.Fatal(err)
		}
		s := readPager(t, tab)
		if s.Canonical != path {
			t.Errorf("%s: canonical %s", path, s.Canonical)
		}
		if s.Label != label {
			t.Errorf("%s: the pager is labelled %q, want %q", path, s.Label, label)
		}
		if !slices.Equal(s.Current, []string{path}) {
			t.Errorf("%s: the pager marks %v as current", path, s.Current)
		}
		if s.Prev != prev {
			t.Errorf("%s: rel=prev leads to %q, want %q", path, s.Prev, prev)
		}
		want := first
		if n > 1 {
			want += "page/" + strconv.Itoa(n) + "/"
		}
		if path != want {
			t.Errorf("page %d of %s is at %s, want %s", n, first, path, want)
		}
		if len(s.Cards) == 0 || len(s.Cards) > pagedPageSize {
			t.Errorf("%s shows %d courses, want 1 to %d", path, len(s.Cards), pagedPageSize)
		}
		// The count names this page's share of the catalog.
		m := countRange[label].FindStringSubmatch(s.Count)
		if m == nil || atoi(m[1]) != len(all)+1 || atoi(m[2]) != len(all)+len(s.Cards) || total(t, s.Count) < atoi(m[2]) {
			t.Errorf("%s: the count says %q, want courses %d–%d of the catalog's", path, s.Count, len(all)+1, len(all)+len(s.Cards))
		}
		all = append(all, s.Cards...)
		prev, path = path, s.Next
		if n > 100 {
			t.Fatal("the pager does not end")
		}
	}
	return all
}

// label is the pager's label in the language of a catalog's first page.
func label(first string) string {
	if strings.HasPrefix(first, "/zh/") {
		return "分页"
	}
	return "Pages"
}

// countRange reads the count of a page of a long catalog, by the pager's
// label of its language: the first and last course shown, and the total.
var countRange = map[string]*regexp.Regexp{
	"Pages": regexp.MustCompile(`^Courses (\d+)–(\d+) of (\d+)$`),
	"分页":    regexp.MustCompile(`^第 (\d+)–(\d+) 门课程（共 (\d+) 门）$`),
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// total is the number of courses the catalog's count names: its last
// number ("Courses 5–8 of 10", "第 5–8 门课程（共 10 门）", "10 courses").
func total(t *testing.T, count string) int {
	t.Helper()
	all := regexp.MustCompile(`\d+`).FindAllString(count, -1)
	m := ""
	if len(all) > 0 {
		m = all[len(all)-1]
	}
	n, err := strconv.Atoi(m)
	if err != nil {
		t.Fatalf("the count %q names no number", count)
	}
	return n
}

// TestPagedCatalog splits the shipped catalog into pages of four: without
// JavaScript the pager leads through every page, each with its own
// canonical URL, rel=prev and next, and the current page marked; with
// JavaScript the filters, from any page, filter the whole catalog.
func TestPagedCatalog(t *testing.T) {
	base, out := pagedSite(t)
	tab := browser.NewTab(t)
	if err := tab.DisableJavaScript(); err != nil {
		t.Fatal(err)
	}
	every := map[string][]course{}
	for _, first := range []string{"/courses/", "/zh/courses/"} {
		c := struct{ first, label string }{first, label(first)}
		all := walkCatalog(t, tab, base, c.first, c.label)
		if err := tab.Navigate(base + c.first); err != nil {
			t.Fatal(err)
		}
		n := total(t, readPager(t, tab).Count)
		if len(all) != n || len(slices.Compact(codes(all))) != n {
			t.Errorf("%s: the pages list %d courses (%d different), want the %d the catalog counts", c.first, len(all), len(slices.Compact(codes(all))), n)
		}
		if n <= 2*pagedPageSize {
			t.Fatalf("%s: %d courses make too few pages for this test", c.first, n)
		}
		every[c.first] = all
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}

	js := browser.NewTab(t)
	for first, all := range every {
		page2 := first + "page/2/"
		if err := js.Navigate(base + page2); err != nil {
			t.Fatal(err)
		}
		for _, f := range filterLinks(t, js) {
			if err := chromedp.Do(js.Context(), chromedp.Click(chromedp.CSS(selector(f)))); err != nil {
				t.Fatalf("%s: click %v: %v", page2, f, err)
			}
			// The first filter loads the other pages: wait until the list
			// is no longer busy.
			if err := chromedp.Do(js.Context(), chromedp.WaitNotPresent(".catalog[aria-busy]")); err != nil {
				t.Fatal(err)
			}
			s := readPager(t, js)
			got, want := codes(s.Cards), matching(all, f[0], f[1])
			if f[1] == "" {
				want = codes(all[pagedPageSize : 2*pagedPageSize]) // this page's share again
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: filter %s=%q shows %v, want %v", page2, f[0], f[1], got, want)
			}
			hidden, err := chromedp.Run(js.Context(), chromedp.Evaluate[bool](`document.querySelector("nav.pager").offsetParent === null`))
			if err != nil {
				t.Fatal(err)
			}
			if hidden != (f[1] != "") {
				t.Errorf("%s: filter %s=%q: pager hidden %v", page2, f[0], f[1], hidden)
			}
			if m := countRange[label(first)].FindStringSubmatch(s.Count); f[1] == "" && (m == nil || atoi(m[1]) != pagedPageSize+1 || atoi(m[2]) != 2*pagedPageSize) {
				t.Errorf("%s: with every course shown, the count says %q, want this page's share", page2, s.Count)
			}
			if f[1] != "" && !regexp.MustCompile(`\b`+strconv.Itoa(len(want))+`\b`).MatchString(s.Count) {
				t.Errorf("%s: filter %s=%q: the count says %q, want %d", page2, f[0], f[1], s.Count, len(want))
			}
			if f[1] != "" {
				if err := chromedp.Do(js.Context(), chromedp.Click(chromedp.CSS(selector([2]string{f[0], ""})))); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for _, p := range js.TakeProblems() {
		t.Error(p)
	}

	src, err := os.ReadFile(checker(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/courses/page/2/", "/zh/courses/page/3/"} {
		if err := js.Navigate(base + p); err != nil {
			t.Fatal(err)
		}
		runAxe(t, js, src, p)
	}
	checkHTML(t, out)
}

// listState is a page of a section's or topic's list as a screen reader's
// heading navigation meets it.
type listState struct {
	Count    string   `json:"count"`    // the h2 before the cards
	Cards    int      `json:"cards"`    // cards in the list after it
	Titles   []string `json:"titles"`   // tag of each card's title
	Headings []string `json:"headings"` // h1–h3 of the main content, in order
	Next     string   `json:"next"`
}

const listStateJS = `(() => {
	const h = document.querySelector("main h2.list-count");
	const list = h && h.nextElementSibling;
	const next = document.querySelector('nav.pager a[rel="next"]');
	return {count: h ? h.textContent : "", cards: list && list.matches("ul.cards") ? list.children.length : -1,
		titles: Array.from(document.querySelectorAll("main .card-title")).map(e => e.tagName.toLowerCase()),
		headings: Array.from(document.querySelectorAll("main h1, main h2, main h3")).map(e => e.tagName.toLowerCase()),
		next: next ? new URL(next.href).pathname : ""};
})()`

// TestPagedLists walks the shipped site's section and topic lists, in
// pages of four, in both languages: an h2 counts each page's share of the
// list, and the cards after it are h3, so headings never skip a level.
func TestPagedLists(t *testing.T) {
	base, _ := pagedSite(t)
	tab := browser.NewTab(t)
	if err := tab.DisableJavaScript(); err != nil {
		t.Fatal(err)
	}
	ranges := map[string]*regexp.Regexp{
		"/":    regexp.MustCompile(`^Showing (\d+)–(\d+) of (\d+)$`),
		"/zh/": regexp.MustCompile(`^第 (\d+)–(\d+) 条（共 (\d+) 条）$`),
	}
	for _, first := range []string{"/cases/", "/policies/", "/topics/ip-management/", "/zh/cases/", "/zh/topics/ip-management/"} {
		lang := "/"
		if strings.HasPrefix(first, "/zh/") {
			lang = "/zh/"
		}
		seen, n := 0, 0
		for path := first; path != ""; n++ {
			if err := tab.Navigate(base + path); err != nil {
				t.Fatal(err)
			}
			s, err := chromedp.Run(tab.Context(), chromedp.Evaluate[listState](listStateJS))
			if err != nil {
				t.Fatal(err)
			}
			m := ranges[lang].FindStringSubmatch(s.Count)
			if m == nil || atoi(m[1]) != seen+1 || atoi(m[2]) != seen+s.Cards || s.Cards < 1 || s.Cards > pagedPageSize {
				t.Errorf("%s: the list's h2 says %q over %d cards, want entries %d–%d", path, s.Count, s.Cards, seen+1, seen+s.Cards)
			}
			for _, tag := range s.Titles {
				if tag != "h3" {
					t.Errorf("%s: a card's title is an %s, want h3: %v", path, tag, s.Titles)
					break
				}
			}
			for i := 1; i < len(s.Headings); i++ {
				if s.Headings[i][1]-s.Headings[i-1][1] > 1 {
					t.Errorf("%s: %s follows %s: %v", path, s.Headings[i], s.Headings[i-1], s.Headings)
					break
				}
			}
			seen += s.Cards
			if path == first && m != nil && atoi(m[3]) <= pagedPageSize {
				t.Fatalf("%s: %s entries make one page, too few for this test", first, m[3])
			}
			if s.Next == "" && m != nil && atoi(m[3]) != seen {
				t.Errorf("%s: the pages show %d entries, the count says %s", first, seen, m[3])
			}
			path = s.Next
			if n > 100 {
				t.Fatal("the pager does not end")
			}
		}
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}
