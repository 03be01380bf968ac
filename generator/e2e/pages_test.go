package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"qiao/generator/chrometest"
)

// phoneWidth is the narrowest screen the design supports.
const phoneWidth = 360

// pageCheck is what a page reports about itself once loaded.
type pageCheck struct {
	Lang        string   `json:"lang"`
	ScrollWidth int      `json:"scrollWidth"`
	BadImages   []string `json:"badImages"`
	H1          int      `json:"h1"`
}

const pageCheckJS = `(() => ({
	lang: document.documentElement.lang,
	scrollWidth: document.documentElement.scrollWidth,
	badImages: Array.from(document.images)
		.filter(i => !i.hasAttribute("alt") || !i.getAttribute("width") || !i.getAttribute("height") || !(i.complete && i.naturalWidth > 0))
		.map(i => i.getAttribute("src")),
	h1: document.querySelectorAll("h1").length,
}))()`

// TestEveryPageLoads visits every HTML page of the site on a 360 px wide
// screen: no console error, exception or failed request; no sideways
// scrolling; every image loaded, with alt text and a size; one h1.
func TestEveryPageLoads(t *testing.T) {
	pages := htmlPages(t)
	if len(pages) < 100 {
		t.Fatalf("only %d pages in the built site; is the content there?", len(pages))
	}
	const workers = 4
	tabs := make([]*chrometest.Tab, workers)
	for i := range tabs {
		tabs[i] = browser.NewTab(t)
		if err := tabs[i].SetViewport(phoneWidth, 740); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for w, tab := range tabs {
		wg.Go(func() {
			for i := w; i < len(pages); i += workers {
				if err := checkPage(tab, pages[i]); err != nil {
					t.Errorf("%s: %v", pages[i], err)
				}
			}
		})
	}
	wg.Wait()
	t.Logf("visited %d pages", len(pages))
}

// checkPage loads one page and returns everything wrong with it.
func checkPage(tab *chrometest.Tab, path string) error {
	if err := tab.Navigate(server.URL + path); err != nil {
		return err
	}
	c, err := chromedp.Run(tab.Context(), chromedp.Evaluate[pageCheck](pageCheckJS))
	if err != nil {
		return err
	}
	var problems []string
	for _, p := range tab.TakeProblems() {
		problems = append(problems, p.String())
	}
	if c.ScrollWidth > phoneWidth {
		problems = append(problems, fmt.Sprintf("%d px wide on a %d px screen", c.ScrollWidth, phoneWidth))
	}
	for _, src := range c.BadImages {
		problems = append(problems, "image without alt, width and height, or not loaded: "+src)
	}
	if c.H1 != 1 {
		problems = append(problems, fmt.Sprintf("%d h1 elements", c.H1))
	}
	if c.Lang == "" {
		problems = append(problems, "no lang on <html>")
	}
	if problems != nil {
		return fmt.Errorf("\n\t%s", strings.Join(problems, "\n\t"))
	}
	return nil
}

// pageBudget is the most HTML+CSS+JS one page may weigh, images aside.
const pageBudget = 100 * 1024

var (
	stylesheetRef = regexp.MustCompile(`<link [^>]*rel="stylesheet"[^>]*href="([^"]+)"`)
	scriptRef     = regexp.MustCompile(`<script [^>]*src="([^"]+)"`)
)

// TestPageWeight adds up each page's HTML and the stylesheets and scripts
// it loads, and fails any page over 100 KB.
func TestPageWeight(t *testing.T) {
	heaviest, max := "", 0
	for _, p := range htmlPages(t) {
		html := readPage(t, p)
		total := len(html)
		var refs []string
		for _, m := range stylesheetRef.FindAllStringSubmatch(html, -1) {
			refs = append(refs, m[1])
		}
		for _, m := range scriptRef.FindAllStringSubmatch(html, -1) {
			refs = append(refs, m[1])
		}
		for _, ref := range refs {
			fi, err := os.Stat(filepath.Join(public, filepath.FromSlash(strings.TrimPrefix(ref, "/"))))
			if err != nil {
				t.Errorf("%s: loads %s, which is not in the site", p, ref)
				continue
			}
			total += int(fi.Size())
		}
		if total > pageBudget {
			t.Errorf("%s weighs %.1f KB of HTML, CSS and JS; the budget is %d KB", p, float64(total)/1024, pageBudget/1024)
		}
		if total > max {
			heaviest, max = p, total
		}
	}
	t.Logf("heaviest page: %s, %.1f KB", heaviest, float64(max)/1024)
}
