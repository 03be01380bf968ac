package markdown

import (
	"strings"
	"testing"
)

func FuzzConvert(f *testing.F) {
	for _, s := range []string{"# a\n\n## b {#c}\n", "```go\nx\n```", "<div>\n", "[x](y.md)\n\n[^1]\n\n[^1]: z", "a\n: b", "技术\n转移"} {
		f.Add(s, true)
	}
	c := New(Options{})
	f.Fuzz(func(t *testing.T, src string, zh bool) {
		lang := "en"
		if zh {
			lang = "zh"
		}
		res, problems := c.Convert([]byte(src), lang, func(dest string) (string, string, bool) {
			return "/resolved/", "", !strings.HasSuffix(dest, ".md")
		})
		html := string(res.HTML)
		if strings.Contains(html, "<script") {
			t.Errorf("raw script reached the output: %q", html)
		}
		for _, p := range problems {
			if p.Line < 1 || p.Line > strings.Count(src, "\n")+1 {
				t.Errorf("problem line %d outside the source (%d lines)", p.Line, strings.Count(src, "\n")+1)
			}
		}
	})
}
