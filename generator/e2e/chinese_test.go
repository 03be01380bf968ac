package e2e

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

// hanColon is an ASCII colon written after Chinese text, where Chinese
// uses the full-width "：" ("名额: 40" instead of "名额：40").
var hanColon = regexp.MustCompile(`\p{Han}\s*: `)

// The shipped site's Chinese pages use full-width colons after Chinese
// labels, and no element marked English holds a Chinese label.
func TestChineseTypography(t *testing.T) {
	pages := htmlPages(t)
	checked := 0
	for _, path := range pages {
		doc, err := html.Parse(strings.NewReader(readPage(t, path)))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node, lang string)
		walk = func(n *html.Node, lang string) {
			if n.Type == html.ElementNode {
				if n.Data == "script" || n.Data == "style" {
					return
				}
				for _, a := range n.Attr {
					if a.Key == "lang" {
						lang = a.Val
					}
				}
			}
			if n.Type == html.TextNode {
				if strings.HasPrefix(lang, "zh") && hanColon.MatchString(n.Data) {
					t.Errorf("%s: ASCII colon after Chinese in %q", path, strings.TrimSpace(n.Data))
				}
				if strings.HasPrefix(lang, "en") && isChineseLabel(n.Data) {
					t.Errorf("%s: Chinese text %q inside an element marked lang=%q", path, strings.TrimSpace(n.Data), lang)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, lang)
			}
		}
		walk(doc, "")
		checked++
	}
	if checked < 100 {
		t.Fatalf("checked %d pages", checked)
	}
}

// isChineseLabel reports whether a text is Chinese alone, a label (案例)
// rather than English prose quoting a Chinese title (The full Chinese
// title is 《…》), which may sit in an English element.
func isChineseLabel(s string) bool {
	hasHan := strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
	hasLatin := strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Latin, r) }) >= 0
	return hasHan && !hasLatin
}
