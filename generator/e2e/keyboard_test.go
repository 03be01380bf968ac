package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focusState describes the focused element.
type focusState struct {
	Class   string  `json:"class"`
	Href    string  `json:"href"`
	Top     float64 `json:"top"`
	Outline string  `json:"outline"`
	Active  string  `json:"active"`
}

const focusJS = `(() => { const e = document.activeElement, s = getComputedStyle(e);
	return {class: e.className, href: e.getAttribute("href") || "", top: e.getBoundingClientRect().top,
		outline: s.outlineStyle + " " + s.outlineWidth, active: e.id}; })()`

// TestSkipLinkAndFocus presses Tab on a page: the first stop is the skip
// link, shown on screen with a visible focus ring, and following it moves
// focus to the main content.
func TestSkipLinkAndFocus(t *testing.T) {
	tab := browser.NewTab(t)
	for _, p := range []string{"/", "/zh/courses/itt-201/"} {
		if err := tab.Navigate(server.URL + p); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(tab.Context(), chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		f, err := chromedp.Run(tab.Context(), chromedp.Evaluate[focusState](focusJS))
		if err != nil {
			t.Fatal(err)
		}
		if f.Class != "skip-link" || f.Href != "#main" {
			t.Errorf("%s: the first Tab stop is %q (%s), want the skip link", p, f.Class, f.Href)
		}
		if f.Top < 0 {
			t.Errorf("%s: the focused skip link is off screen (top %.0f px)", p, f.Top)
		}
		if f.Outline == "none 0px" {
			t.Errorf("%s: the focused skip link has no outline", p)
		}
		if err := chromedp.Do(tab.Context(), chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		f, err = chromedp.Run(tab.Context(), chromedp.Evaluate[focusState](focusJS))
		if err != nil {
			t.Fatal(err)
		}
		if f.Active != "main" {
			t.Errorf("%s: after the skip link, focus is on %q, want main", p, f.Active)
		}
		// The next stop, a link of the page, shows a focus ring.
		if err := chromedp.Do(tab.Context(), chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		f, err = chromedp.Run(tab.Context(), chromedp.Evaluate[focusState](focusJS))
		if err != nil {
			t.Fatal(err)
		}
		if f.Outline == "none 0px" {
			t.Errorf("%s: the first link in the content (%s) shows no focus ring", p, f.Href)
		}
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}
