package serve

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"qiao/generator/chrometest"
)

// until evaluates a JavaScript condition in the tab until it is true, at
// most for patience (or the tab's own limit). The page may be reloading in
// between; evaluation errors count as false.
func until(t *testing.T, tab *chrometest.Tab, what, js string) {
	t.Helper()
	deadline := time.Now().Add(patience)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for time.Now().Before(deadline) && tab.Context().Err() == nil {
		if ok, err := chromedp.Run(tab.Context(), chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		<-tick.C
	}
	body, _ := chromedp.Run(tab.Context(), chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	t.Fatalf("timed out waiting until %s; the page shows:\n%s", what, body)
}

// The browser sees an edit without navigating, reaches a page created in a
// new folder, and shows a broken save as an overlay that clears on the fix.
func TestLiveReloadInTheBrowser(t *testing.T) {
	tab := browser.NewTab(t)
	s, root, url := startSite(t, nil)
	if err := tab.Navigate(url + "cases/licence/"); err != nil {
		t.Fatal(err)
	}
	until(t, tab, "the page is shown", `document.body.innerText.includes("The first version.")`)
	// Connected to the event stream before the edit.
	until(t, tab, "live reload is connected", `window.qiaoLiveReload === "connected"`)

	if _, err := chromedp.Run(tab.Context(), chromedp.Evaluate[bool](`window.notReloaded = true`)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, root, "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nEdited in an editor.\n")
	until(t, tab, "the edit appears without navigating", `!window.notReloaded && document.body.innerText.includes("Edited in an editor.")`)

	// A new page in a new folder can be reached (after the open page has
	// reloaded for it).
	if _, err := chromedp.Run(tab.Context(), chromedp.Evaluate[bool](`window.notReloaded = true`)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, root, "content/policies/new-rules/index.md", "+++\ntitle = \"New rules\"\nissuer = \"State Council\"\njurisdiction = \"national\"\nstatus = \"in-force\"\n+++\nFresh policy text.\n")
	waitFor(t, s, url+"policies/new-rules/", "Fresh policy text.")
	until(t, tab, "the open page reloads", `!window.notReloaded && document.readyState === "complete"`)
	if err := tab.Navigate(url + "policies/new-rules/"); err != nil {
		t.Fatal(err)
	}
	until(t, tab, "the new page shows", `document.body.innerText.includes("Fresh policy text.")`)

	// Broken front matter: an overlay with the error, over the last good page.
	until(t, tab, "live reload is connected", `window.qiaoLiveReload === "connected"`)
	writeFile(t, root, "content/policies/new-rules/index.md", "+++\ntitle = \"New rules\"\nissuer = \n+++\nFresh policy text.\n")
	until(t, tab, "the error overlay shows", `!!document.getElementById("qiao-errors") && document.getElementById("qiao-errors").innerText.includes("content/policies/new-rules/index.md:3")`)
	until(t, tab, "the last good page stays under it", `document.body.innerText.includes("Fresh policy text.")`)
	writeFile(t, root, "content/policies/new-rules/index.md", "+++\ntitle = \"New rules\"\nissuer = \"State Council\"\njurisdiction = \"national\"\nstatus = \"in-force\"\n+++\nCorrected policy text.\n")
	until(t, tab, "the overlay clears and the fix shows", `!document.getElementById("qiao-errors") && document.body.innerText.includes("Corrected policy text.")`)

	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}

// A page opened while the site is broken shows the overlay at once.
func TestOverlayOnAPageOpenedWhileBroken(t *testing.T) {
	tab := browser.NewTab(t)
	s, root, url := startSite(t, nil)
	writeFile(t, root, "content/cases/licence.md", "+++\ntitle = \"x\"\nyear = \"last year\"\n+++\n")
	waitUntil(t, s, "broken", func() bool { return s.problemsNow() != nil })
	if err := tab.Navigate(url + "cases/licence/"); err != nil {
		t.Fatal(err)
	}
	until(t, tab, "the overlay shows", `!!document.getElementById("qiao-errors") && document.getElementById("qiao-errors").innerText.includes("incompatible types")`)
}

// A stylesheet change is applied without reloading the page.
func TestCSSChangeSwapsStylesheets(t *testing.T) {
	tab := browser.NewTab(t)
	_, root, url := startSite(t, map[string]string{
		"layouts/partials/footer.html": `<footer><link rel="stylesheet" href="{{.RelURL "css/extra.css"}}"></footer>`,
	})
	if err := tab.Navigate(url + "cases/licence/"); err != nil {
		t.Fatal(err)
	}
	until(t, tab, "live reload is connected", `window.qiaoLiveReload === "connected"`)
	if _, err := chromedp.Run(tab.Context(), chromedp.Evaluate[bool](`window.notReloaded = true`)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, root, "static/css/extra.css", "body { color: rgb(1, 2, 3); }\n")
	until(t, tab, "the new style applies", `getComputedStyle(document.body).color === "rgb(1, 2, 3)"`)
	until(t, tab, "the page was not reloaded", `window.notReloaded === true`)
}

// A tab opened on a site that has never built shows the problems over an
// empty page, and becomes the site when the fix is saved.
func TestStartedBrokenInTheBrowser(t *testing.T) {
	tab := browser.NewTab(t)
	root := siteDir(t, map[string]string{"content/cases/licence.md": "+++\ntitle = \"An overseas licence\"\nyear = \n+++\nThe first version.\n"})
	url, _ := startRun(t, root)
	if err := tab.Navigate(url + "cases/licence/"); err != nil {
		t.Fatal(err)
	}
	until(t, tab, "the overlay shows the problem", `!!document.getElementById("qiao-errors") && document.getElementById("qiao-errors").innerText.includes("content/cases/licence.md:3: front matter: year: expected value")`)
	until(t, tab, "live reload is connected", `window.qiaoLiveReload === "connected"`)
	// The page of problems is a 503, which the browser reports; nothing
	// else may go wrong.
	for _, p := range tab.TakeProblems() {
		if !strings.Contains(p.Text, "503") {
			t.Error(p)
		}
	}
	writeFile(t, root, "content/cases/licence.md", goodLicence)
	until(t, tab, "the tab shows the site", `!document.getElementById("qiao-errors") && document.body.innerText.includes("The first version.") && document.title.startsWith("An overseas licence")`)
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}
