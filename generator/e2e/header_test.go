package e2e

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"qiao/generator/build"
	"qiao/generator/chrometest"
	"qiao/generator/corpus"
	"qiao/generator/diag"
)

// headerState is the header as a phone shows it.
type headerState struct {
	Height    float64 `json:"height"`
	NavRows   int     `json:"navRows"`
	Searches  int     `json:"searches"` // search boxes visible above the fold
	NavScroll bool    `json:"navScroll"`
}

const headerJS = `(() => {
	const tops = new Set(Array.from(document.querySelectorAll(".site-nav li")).map(li => Math.round(li.getBoundingClientRect().top)));
	const boxes = Array.from(document.querySelectorAll('input[name="q"]')).filter(i => {
		const r = i.getBoundingClientRect(); return i.offsetParent !== null && r.height > 0 && r.top < innerHeight; });
	const ul = document.querySelector(".site-nav ul");
	return {height: document.querySelector(".site-header").getBoundingClientRect().height, navRows: tops.size,
		searches: boxes.length, navScroll: ul.scrollWidth > ul.clientWidth};
})()`

// At phone widths the sections stay on one row in full, and the home page shows
// one search box above the fold, not the header's and the hero's.
func TestPhoneHeader(t *testing.T) {
	t.Run("with JavaScript", func(t *testing.T) { testPhoneHeader(t, browser.NewTab(t)) })
	t.Run("without JavaScript", func(t *testing.T) {
		tab := browser.NewTab(t)
		if err := tab.DisableJavaScript(); err != nil {
			t.Fatal(err)
		}
		testPhoneHeader(t, tab)
	})
}

// maxPhoneHeader is the tallest the header may be on a phone, in CSS px.
const maxPhoneHeader = 120

func testPhoneHeader(t *testing.T, tab *chrometest.Tab) {
	for _, width := range []int{360, 375, 400} {
		if err := tab.SetViewport(width, 740); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/", "/zh/", "/courses/itt-104/", "/zh/courses/itt-104/", "/courses/", "/zh/courses/",
			"/topics/evaluation/", "/zh/cases/", "/courses/level/advanced/", "/about/", "/zh/speakers/han-jun/"} {
			if err := tab.Navigate(server.URL + path); err != nil {
				t.Fatal(err)
			}
			h, err := chromedp.Run(tab.Context(), chromedp.Evaluate[headerState](headerJS))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d px %s: header %.0f px, nav scrolls: %v", width, path, h.Height, h.NavScroll)
			if h.Height > maxPhoneHeader {
				t.Errorf("%d px %s: the header is %.0f px tall, want at most %d", width, path, h.Height, maxPhoneHeader)
			}
			if h.NavRows != 1 || h.NavScroll {
				t.Errorf("%d px %s: the sections take %d rows (scrolled: %v), want one row in full", width, path, h.NavRows, h.NavScroll)
			}
			if path == "/" || path == "/zh/" {
				if h.Searches != 1 {
					t.Errorf("%d px %s: %d search boxes above the fold, want 1", width, path, h.Searches)
				}
			} else if h.Searches < 1 {
				t.Errorf("%d px %s: no search box above the fold", width, path)
			}
		}
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}

// A course page's contents lead to its sections, each of which exists.
func TestCourseContents(t *testing.T) {
	tab := browser.NewTab(t)
	for _, path := range []string{"/courses/itt-104/", "/zh/courses/itt-104/"} {
		if err := tab.Navigate(server.URL + path); err != nil {
			t.Fatal(err)
		}
		missing, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]string](`(() => {
			const links = Array.from(document.querySelectorAll(".page-toc a"));
			if (links.length < 5) return ["only " + links.length + " links"];
			return links.filter(a => !document.getElementById(decodeURIComponent(a.hash.slice(1)))).map(a => a.textContent);
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if len(missing) > 0 {
			t.Errorf("%s: contents links without a target: %v", path, missing)
		}
	}
}

// The built-in layouts' header is compact on phones too, on every kind
// of page, with and without JavaScript.
func TestPhoneHeaderBuiltIn(t *testing.T) {
	src := corpus.FS(corpus.Generate(30))
	src["site.toml"].Data = append(src["site.toml"].Data, "\n[pagination]\npageSize = 5\n"...)
	out := filepath.Join(t.TempDir(), "public")
	var d diag.List
	if _, err := build.Build(src, build.Options{Out: out}, &d); err != nil {
		t.Fatal(err, d.Sorted())
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	for _, js := range []bool{true, false} {
		tab := browser.NewTab(t)
		if !js {
			if err := tab.DisableJavaScript(); err != nil {
				t.Fatal(err)
			}
		}
		if err := tab.SetViewport(375, 740); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/", "/zh/", "/courses/", "/zh/courses/page/2/", "/courses/c-00001/", "/zh/topics/", "/search/"} {
			if err := tab.Navigate(srv.URL + path); err != nil {
				t.Fatal(err)
			}
			h, err := chromedp.Run(tab.Context(), chromedp.Evaluate[float64](`document.querySelector(".site-header").getBoundingClientRect().height`))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("375 px %s (JavaScript %v): header %.0f px", path, js, h)
			if h > maxPhoneHeader {
				t.Errorf("375 px %s (JavaScript %v): the header is %.0f px tall, want at most %d", path, js, h, maxPhoneHeader)
			}
		}
		for _, p := range tab.TakeProblems() {
			t.Error(p)
		}
	}
}
