package e2e

import (
	"net/url"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"qiao/generator/chrometest"
)

var alternateZh = regexp.MustCompile(`<link rel="alternate" hreflang="zh" href="([^"]+)">`)

// TestLanguageSwitcher clicks the language switcher on pages of every kind
// and checks that it leads to the same page in the other language — or,
// for a page not translated yet, to that language's section page — and
// back again.
func TestLanguageSwitcher(t *testing.T) {
	tab := browser.NewTab(t)
	cases := []struct {
		en, zh string // zh "" means: take the page's own hreflang alternate
	}{
		{en: "/"},
		{en: "/courses/"},
		{en: "/courses/itt-201/"},
		{en: "/courses/level/advanced/"},
		{en: "/speakers/"},
		{en: "/speakers/han-jun/"},
		{en: "/cases/corerain/"},
		{en: "/policies/trips-agreement/"},
		{en: "/topics/evaluation/"},
		{en: "/about/"},
		{en: "/search/"},
		// Only in English: the switcher offers the Chinese case list.
		{en: "/cases/shenzhen-ittc-proposal/", zh: "/zh/cases/"},
	}
	for _, c := range cases {
		want := c.zh
		if want == "" {
			m := alternateZh.FindStringSubmatch(readPage(t, c.en))
			if m == nil {
				t.Errorf("%s: no hreflang=zh alternate in its head", c.en)
				continue
			}
			u, err := url.Parse(m[1])
			if err != nil {
				t.Fatal(err)
			}
			want = u.Path
		}
		if got := switchLanguage(t, tab, c.en, "zh"); got != want {
			t.Errorf("switching %s to Chinese went to %s, want %s", c.en, got, want)
		}
		if c.zh == "" {
			if got := switchLanguage(t, tab, want, "en"); got != c.en {
				t.Errorf("switching %s back to English went to %s, want %s", want, got, c.en)
			}
		}
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}

// switchLanguage opens path, follows the switcher's link to lang and
// returns the path it arrives at, after checking the new page's lang.
func switchLanguage(t *testing.T, tab *chrometest.Tab, path, lang string) string {
	t.Helper()
	if err := tab.Navigate(server.URL + path); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if _, err := tab.Follow(`.language-switcher a[hreflang="` + lang + `"]`); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	got, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]string](`[location.pathname, document.documentElement.lang]`))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if got[1] != lang {
		t.Errorf("%s: the %s link leads to a page in %q", path, lang, got[1])
	}
	return got[0]
}
