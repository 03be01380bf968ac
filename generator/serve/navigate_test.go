package serve

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"qiao/generator/build"
	"qiao/generator/diag"
)

func TestEditedPage(t *testing.T) {
	for _, tc := range []struct {
		changed []string
		want    string
	}{
		{[]string{"content/cases/licence.zh.md"}, "content/cases/licence.zh.md"},
		{[]string{"content/cases/licence/index.md", "content/cases/licence/photo.jpg"}, "content/cases/licence/index.md"},
		{[]string{"content/cases/a.md", "content/cases/b.md"}, ""},
		{[]string{"layouts/_default/single.html"}, ""},
		{[]string{"static/notes.md"}, ""},
		{nil, ""},
	} {
		if got, ok := editedPage(tc.changed); got != tc.want || ok != (tc.want != "") {
			t.Errorf("editedPage(%q) = %q, %v; want %q", tc.changed, got, ok, tc.want)
		}
	}
}

// The page a content file makes is the one the build gives it: every
// file of the shipped site and of a test site with slugs, translation
// keys, bundles and drafts, at the root and under a base path.
func TestPageURLIsTheBuilds(t *testing.T) {
	test := siteDir(t, map[string]string{
		"content/cases/renamed.md":        "+++\ntitle = \"Renamed\"\nyear = 2024\nslug = \"short\"\ntranslationKey = \"renamed\"\n+++\n",
		"content/cases/umbenannt.zh.md":   "+++\ntitle = \"改名\"\nyear = 2024\ntranslationKey = \"renamed\"\n+++\n",
		"content/policies/rules/index.md": "+++\ntitle = \"Rules\"\nissuer = \"State Council\"\njurisdiction = \"national\"\nstatus = \"in-force\"\n+++\n",
		"content/cases/unfinished.md":     "+++\ntitle = \"Unfinished\"\nyear = 2024\ndraft = true\n+++\n",
		"content/cases/_index.zh.md":      "+++\ntitle = \"案例\"\n+++\n",
		"content/_index.zh.md":            "+++\ntitle = \"首页\"\n+++\n",
	})
	shipped, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for name, root := range map[string]string{"test site": test, "shipped site": shipped} {
		for _, base := range []string{"http://127.0.0.1:1313/", "http://localhost:1400/kb/"} {
			t.Run(name+" at "+base, func(t *testing.T) {
				src := os.DirFS(root)
				var d diag.List
				st, _ := build.Load(src, build.Options{BaseURL: base}, &d)
				if d.HasErrors() {
					t.Fatalf("the site does not build: %v", d.Sorted())
				}
				want := map[string]string{}
				for _, p := range st.Pages {
					if p.File != nil {
						want[p.File.Path] = p.RelPermalink
					}
				}
				s := New(src, base, false, io.Discard)
				if !s.Rebuild(nil) {
					t.Fatal("the site does not build")
				}
				n := 0
				err := fs.WalkDir(src, "content", func(p string, e fs.DirEntry, err error) error {
					if err != nil || e.IsDir() || !strings.HasSuffix(p, ".md") {
						return err
					}
					got, ok := s.pageURL(p, s.site)
					if w, page := want[p]; got != w || ok != page {
						t.Errorf("%s: %q, %v; the build makes %q, %v", p, got, ok, w, page)
					}
					n++
					return nil
				})
				if err != nil || n < 8 {
					t.Fatalf("walked %d files: %v", n, err)
				}
			})
		}
	}
}

// With Navigate, an edit of one page sends open tabs to that page in its
// language, a fix of a broken page too; other changes reload as before.
func TestNavigateEvents(t *testing.T) {
	root := siteDir(t, map[string]string{
		"content/cases/unfinished.md": "+++\ntitle = \"Unfinished\"\nyear = 2024\ndraft = true\n+++\n",
	})
	url, _ := startRunWith(t, Options{Root: root, Bind: "127.0.0.1", Navigate: true})
	tab := listen(t, url, currentBuild(t, url))
	for _, step := range []struct {
		name, file, data, event, want string
	}{
		{"a Chinese page", "content/cases/licence.zh.md", "+++\ntitle = \"一项海外许可\"\nyear = 2024\n+++\n第二版。\n", "navigate", `{"url":"/zh/cases/licence/"}`},
		{"an English page", "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nSecond.\n", "navigate", `{"url":"/cases/licence/"}`},
		{"a new page", "content/cases/new.md", "+++\ntitle = \"New\"\nyear = 2024\n+++\n", "navigate", `{"url":"/cases/new/"}`},
		{"the home page", "content/_index.md", "+++\ntitle = \"Home\"\n+++\nHello.\n", "navigate", `{"url":"/"}`},
		{"a draft, not served", "content/cases/unfinished.md", "+++\ntitle = \"Still unfinished\"\nyear = 2024\ndraft = true\n+++\n", "reload", "{}"},
		{"a layout", "layouts/partials/footer.html", "<footer>Footer</footer>", "reload", "{}"},
		{"a stylesheet", "static/css/extra.css", "body { color: navy; }\n", "css", "{}"},
		// A stylesheet the layouts ask for as an asset has a new name: the
		// pages change.
		{"a fingerprinted stylesheet", "static/css/site.css", "body { color: teal; }\n", "reload", "{}"},
		{"a broken page", "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = \n+++\n", "errors", ""},
		{"its fix", "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nFixed.\n", "navigate", `{"url":"/cases/licence/"}`},
	} {
		writeFile(t, root, step.file, step.data)
		e := next(t, tab)
		if e.name != step.event || step.want != "" && e.data != step.want {
			t.Errorf("%s: event %s %s, want %s %s", step.name, e.name, e.data, step.event, step.want)
		}
	}
}

// currentBuild returns the build of the pages the server at url serves.
func currentBuild(t *testing.T, url string) string {
	t.Helper()
	_, _, body := get(t, url)
	_, id, ok := strings.Cut(body, `data-build="`)
	id, _, _ = strings.Cut(id, `"`)
	if !ok || id == "" {
		t.Fatalf("no build in the page:\n%s", body)
	}
	return id
}

// In the browser, a tab anywhere on the site goes to the page just edited
// and shows the edit; a tab already there reloads in place.
func TestNavigateInTheBrowser(t *testing.T) {
	tab := browser.NewTab(t)
	root := siteDir(t, nil)
	url, _ := startRunWith(t, Options{Root: root, Bind: "127.0.0.1", Navigate: true})
	if err := tab.Navigate(url); err != nil {
		t.Fatal(err)
	}
	until(t, tab, "live reload is connected", `window.qiaoLiveReload === "connected"`)
	writeFile(t, root, "content/cases/licence.zh.md", "+++\ntitle = \"一项海外许可\"\nyear = 2024\n+++\n编辑后的版本。\n")
	until(t, tab, "the tab shows the edited Chinese page", `location.pathname === "/zh/cases/licence/" && document.body.innerText.includes("编辑后的版本。")`)

	until(t, tab, "live reload is connected", `window.qiaoLiveReload === "connected"`)
	if _, err := chromedp.Run(tab.Context(), chromedp.Evaluate[bool](`window.notReloaded = true`)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, root, "content/cases/licence.zh.md", "+++\ntitle = \"一项海外许可\"\nyear = 2024\n+++\n第三版。\n")
	until(t, tab, "the page reloads in place", `!window.notReloaded && location.pathname === "/zh/cases/licence/" && document.body.innerText.includes("第三版。")`)

	until(t, tab, "live reload is connected", `window.qiaoLiveReload === "connected"`)
	writeFile(t, root, "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nThe English edit.\n")
	until(t, tab, "the tab goes to the English page", `location.pathname === "/cases/licence/" && document.body.innerText.includes("The English edit.")`)
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}
