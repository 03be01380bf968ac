package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"qiao/generator/chrometest"
)

// checker returns the path of a file of an npm package in node_modules/
// (installed by npm ci in this folder). Without it the test is skipped,
// except under CI, where it fails.
func checker(t *testing.T, path string) string {
	t.Helper()
	p := "node_modules/" + path
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing: run npm ci in generator/e2e", p)
		}
		t.Skipf("%s is missing: run npm ci in generator/e2e", p)
	}
	return p
}

// axeViolation is one failed axe-core rule on a page.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

const axeRunJS = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
	.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))})))`

// TestAccessibility runs axe-core (WCAG 2.1 A and AA, and best practices)
// in Chromium on a page of every kind in both languages, in the light and
// the dark color scheme. A serious or critical violation fails the test;
// lesser ones are logged.
func TestAccessibility(t *testing.T) {
	src, err := os.ReadFile(checker(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	tab := browser.NewTab(t)
	pages := []string{"/", "/courses/", "/courses/itt-201/", "/speakers/", "/speakers/han-jun/", "/search/",
		"/cases/corerain/", "/policies/trips-agreement/", "/topics/evaluation/", "/courses/level/advanced/", "/about/", "/404.html"}
	for _, scheme := range []string{"light", "dark"} {
		if err := tab.Emulate("prefers-color-scheme", scheme); err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"en", "zh"} {
			for _, p := range pages {
				if lang == "zh" {
					if p == "/404.html" {
						continue
					}
					p = "/zh" + p
				}
				if err := tab.Navigate(server.URL + p); err != nil {
					t.Fatal(err)
				}
				runAxe(t, tab, src, p+" ("+scheme+" scheme)")
			}
		}
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}

// runAxe runs axe-core (src) on the tab's page as it is: a serious or
// critical violation fails the test; lesser ones are logged.
func runAxe(t *testing.T, tab *chrometest.Tab, src []byte, label string) {
	t.Helper()
	vs, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]axeViolation](string(src)+";\n"+axeRunJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe: %v", label, err)
	}
	for _, v := range vs {
		msg := fmt.Sprintf("%s: %s %s: %s — %s", label, v.Impact, v.ID, v.Help, strings.Join(v.Nodes, ", "))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}

// TestSearchAccessibility runs axe-core on the search page with its
// results shown, and on a page whose header box shows suggestions: both
// are links in a listbox.
func TestSearchAccessibility(t *testing.T) {
	src, err := os.ReadFile(checker(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	tab := browser.NewTab(t)
	for _, tc := range []struct{ path, typed, options string }{
		{"/search/?q=licence", "", "#search-results a[role=option][href]"},
		{"/zh/search/?q=技术转移", "", "#search-results a[role=option][href]"},
		{"/courses/", "technology", "#site-search-suggestions:not([hidden]) a[role=option][href]"},
	} {
		if err := tab.Navigate(server.URL + tc.path); err != nil {
			t.Fatal(err)
		}
		if tc.typed != "" {
			if err := chromedp.Do(tab.Context(), chromedp.Click(chromedp.CSS("#site-search")), chromedp.SendKeys(chromedp.CSS("#site-search"), tc.typed)); err != nil {
				t.Fatal(err)
			}
		}
		if err := chromedp.Do(tab.Context(), chromedp.WaitVisible(chromedp.CSS(tc.options))); err != nil {
			t.Fatalf("%s: no results shown: %v", tc.path, err)
		}
		runAxe(t, tab, src, tc.path+" with results")
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}

// TestHTMLIsValid runs the Nu Html Checker over the whole built site: no
// page may have an error.
func TestHTMLIsValid(t *testing.T) { checkHTML(t, public) }

// checkHTML runs the Nu Html Checker over every page of a built site in
// dir: each error fails the test.
func checkHTML(t *testing.T, dir string) {
	jar := checker(t, "vnu-jar/build/dist/vnu.jar")
	java, err := exec.LookPath("java")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("java is not installed; the Nu Html Checker needs it")
		}
		t.Skip("java is not installed; the Nu Html Checker needs it")
	}
	out, err := exec.Command(java, "-jar", jar, "--skip-non-html", "--errors-only", "--format", "json", dir).CombinedOutput()
	var report struct {
		Messages []struct {
			Type     string `json:"type"`
			URL      string `json:"url"`
			LastLine int    `json:"lastLine"`
			Message  string `json:"message"`
		} `json:"messages"`
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("vnu: %v (%v)\n%s", err, jerr, out)
	}
	for _, m := range report.Messages {
		t.Errorf("%s:%d: %s: %s", strings.TrimPrefix(m.URL, "file:"+dir), m.LastLine, m.Type, m.Message)
	}
	if err != nil && len(report.Messages) == 0 {
		t.Fatalf("vnu: %v\n%s", err, out)
	}
}
