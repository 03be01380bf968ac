package e2e

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"qiao/generator/chrometest"
	"qiao/generator/corpus"
)

// headerState is the header and its menu as the browser shows them.
type headerState struct {
	Height   float64 `json:"height"`
	Searches int     `json:"searches"` // search boxes visible above the fold
	Button   bool    `json:"button"`   // the menu's button is shown
	Open     bool    `json:"open"`
	Links    int     `json:"links"` // section links in the header
	// Shown counts the section links one can see and click: rendered,
	// inside the viewport and on top at their centre.
	Shown int `json:"shown"`
}

const headerJS = `(() => {
	const header = document.querySelector(".site-header");
	const menu = header.querySelector("details.site-menu");
	const summary = menu && menu.querySelector("summary");
	const links = Array.from(header.querySelectorAll("nav:not(.language-switcher) a"));
	const shown = links.filter(a => {
		if (!a.checkVisibility()) return false;
		const r = a.getBoundingClientRect();
		if (r.width === 0 || r.bottom > innerHeight || r.right > innerWidth) return false;
		const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		return top === a || a.contains(top);
	});
	const boxes = Array.from(document.querySelectorAll('input[name="q"]')).filter(i => {
		const r = i.getBoundingClientRect(); return i.offsetParent !== null && r.height > 0 && r.top < innerHeight; });
	return {height: header.getBoundingClientRect().height, searches: boxes.length,
		button: !!summary && summary.checkVisibility(), open: !!menu && menu.open,
		links: links.length, shown: shown.length};
})()`

// maxPhoneHeader is the tallest the header may be on a phone, in CSS px.
const maxPhoneHeader = 120

// menuSelector is the button of the header's menu of sections.
const menuSelector = ".site-header details.site-menu > summary"

// At phone widths the header is one short row whose sections fold into a
// menu that opens and closes without JavaScript, by mouse and by keyboard;
// the home page shows one search box above the fold, not the header's and
// the hero's. At a laptop's width the sections show without a menu.
func TestPhoneHeader(t *testing.T) {
	paths := []string{"/", "/zh/", "/courses/itt-104/", "/zh/courses/itt-104/", "/courses/", "/zh/courses/",
		"/topics/evaluation/", "/zh/cases/", "/courses/level/advanced/", "/about/", "/zh/speakers/han-jun/"}
	t.Run("with JavaScript", func(t *testing.T) { testHeader(t, browser.NewTab(t), server.URL, paths) })
	t.Run("without JavaScript", func(t *testing.T) {
		tab := browser.NewTab(t)
		if err := tab.DisableJavaScript(); err != nil {
			t.Fatal(err)
		}
		testHeader(t, tab, server.URL, paths)
	})
}

// testHeader checks the header of each page (URL paths under base) at
// phone widths up to 719 px, its menu closed, opened and closed again, and
// from 720 px (45rem, where the stylesheets show the sections inline).
func testHeader(t *testing.T, tab *chrometest.Tab, base string, paths []string) {
	for _, width := range []int{360, 375, 400, 719, 720, 1280} {
		if err := tab.SetViewport(width, 740); err != nil {
			t.Fatal(err)
		}
		for i, path := range paths {
			if err := tab.Navigate(base + path); err != nil {
				t.Fatal(err)
			}
			at := fmt.Sprintf("%d px %s", width, path)
			h := readHeader(t, tab)
			t.Logf("%s: header %.0f px", at, h.Height)
			if h.Links < 3 {
				t.Fatalf("%s: %d section links in the header, want at least 3", at, h.Links)
			}
			if width >= 720 {
				if h.Button || h.Shown != h.Links {
					t.Errorf("%s: the menu button is shown: %v; %d of %d section links shown, want no button and all", at, h.Button, h.Shown, h.Links)
				}
				continue
			}
			if h.Height > maxPhoneHeader {
				t.Errorf("%s: the header is %.0f px tall, want at most %d", at, h.Height, maxPhoneHeader)
			}
			if path == "/" || path == "/zh/" {
				if h.Searches != 1 {
					t.Errorf("%s: %d search boxes above the fold, want 1", at, h.Searches)
				}
			} else if h.Searches < 1 && !strings.Contains(path, "search") {
				t.Errorf("%s: no search box above the fold", at)
			}
			if !h.Button || h.Open || h.Shown != 0 {
				t.Errorf("%s: menu button shown %v, open %v, %d section links shown; want a closed menu that hides them", at, h.Button, h.Open, h.Shown)
				continue
			}
			// Open by a click or, on every other page, by the keyboard.
			byKey := i%2 == 1
			openMenu(t, tab, byKey)
			if h := readHeader(t, tab); !h.Open || h.Shown != h.Links {
				t.Errorf("%s: after opening the menu (keyboard %v): open %v, %d of %d section links shown", at, byKey, h.Open, h.Shown, h.Links)
			}
			checkMenuAnnounced(t, tab, at, true)
			if byKey {
				// The first section is the next stop of the Tab key.
				if err := chromedp.Do(tab.Context(), chromedp.KeyEvent(kb.Tab)); err != nil {
					t.Fatal(err)
				}
				first, err := chromedp.Run(tab.Context(), chromedp.Evaluate[bool](`document.activeElement === document.querySelector(".site-menu nav a")`))
				if err != nil {
					t.Fatal(err)
				}
				if !first {
					t.Errorf("%s: Tab from the open menu's button does not reach the first section", at)
				}
			}
			if err := chromedp.Do(tab.Context(), chromedp.Click(chromedp.CSS(menuSelector))); err != nil {
				t.Fatal(err)
			}
			if h := readHeader(t, tab); h.Open || h.Shown != 0 || h.Height > maxPhoneHeader {
				t.Errorf("%s: after closing the menu: open %v, %d section links shown, header %.0f px", at, h.Open, h.Shown, h.Height)
			}
			checkMenuAnnounced(t, tab, at, false)
		}
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}

// axe-core finds nothing serious in the phone header, its menu closed or
// open, in either colour scheme.
func TestPhoneMenuAccessibility(t *testing.T) {
	src, err := os.ReadFile(checker(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	tab := browser.NewTab(t)
	if err := tab.SetViewport(375, 740); err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []string{"light", "dark"} {
		if err := tab.Emulate("prefers-color-scheme", scheme); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/courses/itt-104/", "/zh/"} {
			if err := tab.Navigate(server.URL + path); err != nil {
				t.Fatal(err)
			}
			runAxe(t, tab, src, path+" at 375 px, menu closed ("+scheme+")")
			openMenu(t, tab, false)
			runAxe(t, tab, src, path+" at 375 px, menu open ("+scheme+")")
		}
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}

// readHeader returns the state of the tab's header.
func readHeader(t *testing.T, tab *chrometest.Tab) headerState {
	t.Helper()
	h, err := chromedp.Run(tab.Context(), chromedp.Evaluate[headerState](headerJS))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// openMenu opens the header's menu with a click, or with the keyboard:
// the button focused, then Enter.
func openMenu(t *testing.T, tab *chrometest.Tab, byKey bool) {
	t.Helper()
	var err error
	if byKey {
		err = chromedp.Do(tab.Context(), chromedp.Focus(chromedp.CSS(menuSelector)), chromedp.KeyEvent(kb.Enter))
	} else {
		err = chromedp.Do(tab.Context(), chromedp.Click(chromedp.CSS(menuSelector)))
	}
	if err != nil {
		t.Fatal(err)
	}
}

// checkMenuAnnounced checks what assistive technology is told about the
// menu's button: a button named by its text, expanded or collapsed.
func checkMenuAnnounced(t *testing.T, tab *chrometest.Tab, at string, open bool) {
	t.Helper()
	ax, err := chromedp.Run(tab.Context(), chromedp.Action[*accessibility.Node](func(ctx context.Context, tg *chromedp.Target) (*accessibility.Node, error) {
		nodes, err := chromedp.Nodes(chromedp.CSS(menuSelector))(ctx, tg)
		if err != nil {
			return nil, err
		}
		res, err := cdp.Call(ctx, tg, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{BackendNodeID: nodes[0].BackendNodeID, FetchRelatives: new(bool)})
		if err != nil || len(res.Nodes) == 0 {
			return nil, fmt.Errorf("no accessibility node for the menu button: %v", err)
		}
		return res.Nodes[0], nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	role, name := axString(ax.Role), axString(ax.Name)
	expanded := ""
	for _, p := range ax.Properties {
		if p.Name == accessibility.PropertyNameExpanded {
			expanded = axString(p.Value)
		}
	}
	want := fmt.Sprint(open)
	if role != "DisclosureTriangle" && role != "button" || name == "" || expanded != want {
		t.Errorf("%s: the menu button is announced as role %q, name %q, expanded %q; want a named button, expanded %s", at, role, name, expanded, want)
	}
}

// axString is an accessibility value as text: "button", "true".
func axString(v *accessibility.Value) string {
	if v == nil {
		return ""
	}
	return strings.Trim(string(v.Value), `"`)
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

// The built-in layouts' header is compact on phones too, with the same
// menu, on every kind of page, with and without JavaScript.
func TestPhoneHeaderBuiltIn(t *testing.T) {
	src := corpus.FS(corpus.Generate(30))
	src["site.toml"].Data = append(src["site.toml"].Data, "\n[pagination]\npageSize = 5\n"...)
	base, _ := serveBuilt(t, src)
	paths := []string{"/", "/zh/", "/courses/", "/zh/courses/page/2/", "/courses/c-00001/", "/zh/topics/", "/search/"}
	t.Run("with JavaScript", func(t *testing.T) { testHeader(t, browser.NewTab(t), base, paths) })
	t.Run("without JavaScript", func(t *testing.T) {
		tab := browser.NewTab(t)
		if err := tab.DisableJavaScript(); err != nil {
			t.Fatal(err)
		}
		testHeader(t, tab, base, paths)
	})
}
