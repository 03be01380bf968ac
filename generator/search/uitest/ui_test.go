package uitest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"golang.org/x/tools/txtar"

	"qiao/generator/build"
	"qiao/generator/chrometest"
	"qiao/generator/diag"
)

var (
	browser *chrometest.Browser
	server  *httptest.Server
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "qiao-search-ui-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	fsys := fstest.MapFS{}
	for _, f := range txtar.Parse([]byte(site)).Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	var d diag.List
	if _, err := build.Build(fsys, build.Options{Out: tmp + "/public"}, &d); err != nil {
		fmt.Fprintln(os.Stderr, err, d.Sorted())
		return 1
	}
	server = httptest.NewServer(http.FileServer(http.Dir(tmp + "/public")))
	defer server.Close()
	return chrometest.Main(m, &browser)
}

const site = `
-- site.toml --
title = "Search Centre"
baseURL = "https://example.org/"
defaultLanguage = "en"
[languages.en]
name = "English"
prefix = ""
title = "Knowledge Base"
[languages.zh]
name = "中文"
prefix = "zh"
title = "知识库"
-- static/css/site.css --
button { display: inline-flex; } /* as the shipped site's: it must not show hidden buttons */
-- content/_index.md --
+++
title = "Welcome"
+++
Home.
-- content/_index.zh.md --
+++
title = "欢迎"
+++
首页。
-- content/courses/itt-201.md --
+++
title = "Evaluating Scientific and Technological Achievements"
summary = "An intermediate course on evaluation and licensing."
code = "ITT-201"
level = "intermediate"
format = "online"
hours = 16
+++
Trainees draft a licence agreement and negotiate the royalties.
-- content/courses/itt-202.md --
+++
title = "Licensing Practice"
summary = "How a licence is negotiated, from term sheet to signature."
code = "ITT-202"
level = "advanced"
format = "online"
hours = 8
+++
Licensing is practised in a mock negotiation.
-- content/courses/itt-201.zh.md --
+++
title = "科技成果评价"
summary = "中级课程：机器学习与技术转移。"
code = "ITT-201"
level = "intermediate"
format = "online"
hours = 16
+++
学员通过 RTTP 认证，学习 WTO 知识产权规则。
-- content/cases/software.zh.md --
+++
title = "軟體授權案例"
summary = "台灣大學將資料庫軟體授權給深圳企業。"
year = 2024
+++
雙方在網路上完成談判。
-- content/cases/markup.md --
+++
title = "A page about markup"
summary = "Text that looks like code."
year = 2024
+++
The page shows <script>alert(1)</script> as text, never as a script.
-- content/cases/callout.md --
+++
title = "A sensor patent in Dongguan"
year = 2024
+++
> **Illustrative example.** The parties and the terms of this case are invented for teaching.

The university transferred its sensor patent to a manufacturer in Dongguan for a running royalty.
-- content/speakers/han-jun.md --
+++
title = "Han Jun"
name = "Han Jun"
organization = "Shenzhen Technology University"
+++
Han Jun teaches technology transfer.
`

// result is what the search page shows for one result.
type result struct {
	Tag     string `json:"tag"` // of the option: A, a link
	Href    string `json:"href"`
	Title   string `json:"title"`
	Badge   string `json:"badge"`
	Excerpt string `json:"excerpt"`
	Marks   int    `json:"marks"`
}

// page is the state of the search page.
type page struct {
	Status  string   `json:"status"`
	Results []result `json:"results"`
	Active  string   `json:"active"`
	URL     string   `json:"url"`
	Partial bool     `json:"partial"`
	More    bool     `json:"more"` // the "More results" button is shown
}

const pageJS = `(() => ({
	status: document.getElementById('search-status')?.textContent || '',
	url: location.pathname + location.search,
	partial: !!document.getElementById('search-results')?.classList.contains('search-partial'),
	more: !!document.getElementById('search-more')?.getClientRects().length,
	active: document.getElementById('search-input')?.getAttribute('aria-activedescendant') || '',
	results: [...document.querySelectorAll('#search-results [role=option]')].map(o => ({
		tag: o.tagName, href: o.getAttribute('href'), title: o.querySelector('.search-result-title').textContent,
		badge: o.querySelector('.search-badge').textContent,
		excerpt: o.querySelector('.search-excerpt').textContent, marks: o.querySelectorAll('mark').length,
	})),
}))()`

// open loads a search page and waits for its results.
func open(t *testing.T, tab *chrometest.Tab, path string) page {
	t.Helper()
	if err := tab.Navigate(server.URL + path); err != nil {
		t.Fatal(err)
	}
	return settle(t, tab)
}

// settle waits until the page's status says how many results there are.
func settle(t *testing.T, tab *chrometest.Tab) page {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		p, err := chromedp.Run(tab.Context(), chromedp.Evaluate[page](pageJS))
		if err != nil {
			t.Fatal(err)
		}
		done := strings.Contains(p.Status, "result") || strings.Contains(p.Status, "结果")
		if done && (strings.Contains(p.Status, "No ") || strings.Contains(p.Status, "没有") || len(p.Results) > 0) {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("no results shown: %+v", p)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

func problems(t *testing.T, tab *chrometest.Tab) {
	t.Helper()
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}

func TestQueries(t *testing.T) {
	tab := browser.NewTab(t)
	for _, tc := range []struct {
		path, first, badge string
		n                  int
	}{
		{"/search/?q=licences", "/courses/itt-202/", "Courses", 2},  // stemmed
		{"/search/?q=licen", "/courses/itt-202/", "Courses", 2},     // prefix
		{"/zh/search/?q=机器学习", "/zh/courses/itt-201/", "课程", 1},     // Simplified, deep link
		{"/zh/search/?q=機器學習", "/zh/courses/itt-201/", "课程", 1},     // the same in Traditional
		{"/zh/search/?q=软件", "/zh/cases/software/", "案例", 1},        // 軟體 on the page
		{"/zh/search/?q=数据库", "/zh/cases/software/", "案例", 1},       // 資料庫 on the page
		{"/zh/search/?q=WTO+知识产权", "/zh/courses/itt-201/", "课程", 1}, // mixed
		{"/zh/search/?q=RTTP+认证", "/zh/courses/itt-201/", "课程", 1},
		{"/search/?q=Shenzhen+Technology+University", "/speakers/han-jun/", "Speakers", 1},
	} {
		p := open(t, tab, tc.path)
		if len(p.Results) != tc.n || p.Results[0].Href != tc.first || p.Results[0].Badge != tc.badge {
			t.Errorf("%s: %+v", tc.path, p)
			continue
		}
		for _, r := range p.Results {
			if r.Tag != "A" || r.Href == "" {
				t.Errorf("%s: a result is not a link: %+v", tc.path, r)
			}
		}
		if p.Results[0].Marks == 0 {
			t.Errorf("%s: nothing is marked in %+v", tc.path, p.Results[0])
		}
		if p.More {
			t.Errorf("%s: every result is shown, yet the More results button is too", tc.path)
		}
	}
	problems(t, tab)
}

func TestLanguageAndTypeFilters(t *testing.T) {
	tab := browser.NewTab(t)
	p := open(t, tab, "/search/?q=ITT-201")
	if len(p.Results) != 1 {
		t.Fatalf("the English page finds %d results for ITT-201, want only the English course: %+v", len(p.Results), p)
	}
	// One click for every language.
	if err := chromedp.Do(tab.Context(), chromedp.Click(chromedp.CSS(`input[name=lang][value=all]`))); err != nil {
		t.Fatal(err)
	}
	p = settleUntil(t, tab, func(p page) bool { return len(p.Results) == 2 })
	if !strings.Contains(p.URL, "lang=all") {
		t.Errorf("the URL does not keep the filter: %s", p.URL)
	}
	// The language switcher leads to the same search, in the other
	// language's own default of languages.
	other, err := chromedp.Run(tab.Context(), chromedp.Evaluate[string](
		`document.querySelector('.language-switcher a[hreflang]')?.getAttribute('href') || ''`))
	if err != nil {
		t.Fatal(err)
	}
	if u, err := url.Parse(other); err != nil || u.Query().Get("q") != "ITT-201" || u.Query().Has("lang") {
		t.Errorf("the language switcher leads to %q, want the other language's search for ITT-201", other)
	}
	// The type filter.
	p = open(t, tab, "/search/?q=technology&lang=all")
	if len(p.Results) < 2 {
		t.Fatalf("technology: %+v", p)
	}
	if err := chromedp.Do(tab.Context(), chromedp.Click(chromedp.CSS(`input[name=type][value=speakers]`))); err != nil {
		t.Fatal(err)
	}
	p = settleUntil(t, tab, func(p page) bool { return strings.Contains(p.URL, "type=speakers") })
	for _, r := range p.Results {
		if !strings.Contains(r.Href, "/speakers/") {
			t.Errorf("speakers filter shows %s", r.Href)
		}
	}
	if len(p.Results) != 1 {
		t.Errorf("speakers: %+v", p)
	}
	problems(t, tab)
}

// TestPartialMatches types a run no page holds whole: the page that
// holds five of its six pairs is found, as a partial match.
func TestPartialMatches(t *testing.T) {
	tab := browser.NewTab(t)
	p := open(t, tab, "/zh/search/?q=知识产权规则课")
	if len(p.Results) != 1 || p.Results[0].Href != "/zh/courses/itt-201/" || !p.Partial {
		t.Errorf("partial: %+v", p)
	}
	if p := open(t, tab, "/zh/search/?q=知识产权规则"); len(p.Results) != 1 || p.Partial {
		t.Errorf("exact: %+v", p)
	}
	problems(t, tab)
}

func settleUntil(t *testing.T, tab *chrometest.Tab, ok func(page) bool) page {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		p := settle(t, tab)
		if ok(p) {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page did not change as expected: %+v", p)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// TestExcerpts checks that a result's excerpt shows the passage of the
// page that matches, marked, and never starts with a callout.
func TestExcerpts(t *testing.T) {
	tab := browser.NewTab(t)
	p := open(t, tab, "/search/?q=Dongguan+royalty")
	if len(p.Results) != 1 || p.Results[0].Href != "/cases/callout/" {
		t.Fatalf("Dongguan royalty: %+v", p)
	}
	ex := p.Results[0].Excerpt
	if strings.Contains(ex, "Illustrative") || !strings.Contains(ex, "Dongguan") {
		t.Errorf("the excerpt is %q: want the case's own text, not its callout", ex)
	}
	marks, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]string](`[...document.querySelectorAll('#search-results .search-excerpt mark')].map(m => m.textContent)`))
	if err != nil || len(marks) != 2 || marks[0] != "Dongguan" || marks[1] != "royalty" {
		t.Errorf("marks in the excerpt: %q (%v), want Dongguan and royalty", marks, err)
	}
	problems(t, tab)
}

// TestResultsAreText searches a page whose text holds a script tag: the
// result shows it as text, and no script runs.
func TestResultsAreText(t *testing.T) {
	tab := browser.NewTab(t)
	p := open(t, tab, "/search/?q=alert")
	if len(p.Results) != 1 || !strings.Contains(p.Results[0].Excerpt, "<script>alert(1)</script>") {
		t.Fatalf("alert: %+v", p)
	}
	n, err := chromedp.Run(tab.Context(), chromedp.Evaluate[int](`document.querySelectorAll('#search-results script, #search-results img').length`))
	if err != nil || n != 0 {
		t.Errorf("elements made from the page's text: %d (%v)", n, err)
	}
	problems(t, tab)
}

func TestKeyboard(t *testing.T) {
	tab := browser.NewTab(t)
	p := open(t, tab, "/search/?q=licen")
	if len(p.Results) != 2 {
		t.Fatalf("licen: %+v", p)
	}
	ctx := tab.Context()
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#search-input")), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	state, err := chromedp.Run(ctx, chromedp.Evaluate[[3]string](`(() => { const a = document.getElementById('search-input').getAttribute('aria-activedescendant');
		const o = document.getElementById(a); return [a, o.getAttribute('aria-selected'), o.getAttribute('href')]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if state[1] != "true" || state[2] != p.Results[1].Href {
		t.Fatalf("after two ArrowDown: %v, want the second result %s selected", state, p.Results[1].Href)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitPath(t, tab, p.Results[1].Href)
	problems(t, tab)
}

// TestResultsAreLinks goes through the results with Tab, as through any
// links: the first Tab from the box reaches the first result, arrows move
// between results, Escape goes back to the box, Enter on a result opens it.
func TestResultsAreLinks(t *testing.T) {
	tab := browser.NewTab(t)
	p := open(t, tab, "/search/?q=licen")
	if len(p.Results) != 2 {
		t.Fatalf("licen: %+v", p)
	}
	ctx := tab.Context()
	focused := func() string {
		t.Helper()
		f, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.activeElement;
			return e.tagName === 'A' ? 'A ' + e.getAttribute('href') : e.tagName + '#' + e.id; })()`))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	// Tab past the submit button and the filters' radio groups (one stop each).
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#search-input"))); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := focused(), "A "+p.Results[0].Href; got != want {
		t.Fatalf("after the box, the button and the two filters, Tab is on %s, want %s", got, want)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	if got, want := focused(), "A "+p.Results[1].Href; got != want {
		t.Fatalf("ArrowDown on the first result moves to %s, want %s", got, want)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	if got := focused(); got != "INPUT#search-input" {
		t.Fatalf("Escape on a result moves to %s, want the search box", got)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#search-results a[href="`+p.Results[1].Href+`"]`)), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitPath(t, tab, p.Results[1].Href)
	problems(t, tab)
}

func waitPath(t *testing.T, tab *chrometest.Tab, path string) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		got, err := chromedp.Run(tab.Context(), chromedp.Evaluate[string](`location.pathname`))
		if err == nil && got == path {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the tab is at %s, want %s", got, path)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// TestHeaderBox types into the search box of a page's header: suggestions
// appear as a listbox, and Enter on one opens it.
func TestHeaderBox(t *testing.T) {
	tab := browser.NewTab(t)
	if err := tab.Navigate(server.URL + "/courses/itt-201/"); err != nil {
		t.Fatal(err)
	}
	ctx := tab.Context()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#site-search")), chromedp.SendKeys(chromedp.CSS("#site-search"), "han ju")); err != nil {
		t.Fatal(err)
	}
	// Wait for the suggestions of the whole query, unchanged for a while:
	// on a busy machine those of "han j" (none) may come between.
	deadline := time.Now().Add(waitLimit)
	last := ""
	for {
		list, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const l = document.getElementById('site-search-suggestions');
			return l.hidden ? '' : l.innerHTML; })()`))
		if err == nil && list != "" && list == last {
			break
		}
		last = list
		if time.Now().After(deadline) {
			t.Fatalf("no suggestions (%v)", err)
		}
		time.Sleep(400 * time.Millisecond)
	}
	expanded, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('site-search').getAttribute('aria-expanded')`))
	if expanded != "true" {
		t.Errorf("aria-expanded = %q with suggestions shown", expanded)
	}
	// Tab goes on to the first suggestion, a link, and the list stays.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	// A timer set after the list's own (200 ms, on focusout) and longer
	// runs after it: the list has decided by then.
	state, err := chromedp.Run(ctx, chromedp.Evaluate[[2]string](`new Promise(r => setTimeout(r, 250)).then(() =>
		[document.activeElement.getAttribute('href') || document.activeElement.tagName,
		String(document.getElementById('site-search-suggestions').hidden)])`, chromedp.EvalAwaitPromise))
	if err != nil || state != [2]string{"/speakers/han-jun/", "false"} {
		t.Errorf("after Tab from the box: focus on %q, list hidden %s (%v); want the suggestion, shown", state[0], state[1], err)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#site-search")), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitPath(t, tab, "/speakers/han-jun/")
	// Without choosing a suggestion, Enter goes to the search page.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#site-search")), chromedp.SendKeys(chromedp.CSS("#site-search"), "licence"+kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitPath(t, tab, "/search/")
	if p := settle(t, tab); len(p.Results) == 0 {
		t.Errorf("the search page shows no results for the header's query: %+v", p)
	}
	problems(t, tab)
}

// TestShortcuts presses "/" and Ctrl+K: each goes to the search box, the
// search page's own on the search page; in a box, "/" is typed as itself.
func TestShortcuts(t *testing.T) {
	tab := browser.NewTab(t)
	ctx := tab.Context()
	focused := func() string {
		t.Helper()
		f, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id || document.activeElement.tagName`))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	for _, tc := range []struct {
		path, keys, want string
		mod              chromedp.Modifier
	}{
		{"/courses/itt-201/", "/", "site-search", 0},
		{"/courses/itt-201/", "k", "site-search", chromedp.ModifierCtrl},
		{"/search/", "/", "search-input", 0},
		{"/zh/search/?q=技术", "k", "search-input", chromedp.ModifierCtrl},
	} {
		if err := tab.Navigate(server.URL + tc.path); err != nil {
			t.Fatal(err)
		}
		if got := focused(); got == tc.want {
			t.Fatalf("%s: the box has the focus before any key", tc.path)
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(tc.keys, chromedp.KeyModifiers(tc.mod))); err != nil {
			t.Fatal(err)
		}
		if got := focused(); got != tc.want {
			t.Errorf("%s: %q (modifiers %d) puts the focus on %s, want #%s", tc.path, tc.keys, tc.mod, got, tc.want)
		}
	}
	// In the box, "/" is text.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#search-input"), "a/b")); err != nil {
		t.Fatal(err)
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('search-input').value`))
	if err != nil || !strings.HasSuffix(v, "a/b") {
		t.Errorf("typing a/b in the box gives %q (%v)", v, err)
	}
	problems(t, tab)
}

// TestNarrowScreen checks the page fits a 360 px wide phone.
func TestNarrowScreen(t *testing.T) {
	tab := browser.NewTab(t)
	if err := tab.SetViewport(360, 740); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/search/?q=licence&lang=all", "/zh/search/?q=技术转移&lang=all"} {
		open(t, tab, path)
		w, err := chromedp.Run(tab.Context(), chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil || w > 360 {
			t.Errorf("%s: the page is %d px wide on a 360 px screen (%v)", path, w, err)
		}
	}
	problems(t, tab)
}

// waitLimit is how long a test waits for the page to show what it waits
// for: long enough that only a broken page reaches it on a slow, loaded
// machine; the wait itself ends as soon as the page is ready.
const waitLimit = 2 * time.Minute
