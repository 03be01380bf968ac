package markdown

import (
	"fmt"
	"strings"
	"testing"
)

func TestConvert(t *testing.T) {
	resolve := func(dest string) (string, string, bool) {
		switch dest {
		case "../speakers/han-jun.md":
			return "/zh/speakers/han-jun/", "", true
		case "en-only.md#x":
			return "/cases/en-only/#x", "en", true
		case "missing.md":
			return "", "", false
		}
		return dest, "", true
	}
	tests := []struct {
		name, lang, src string
		want            []string // substrings of the HTML
		absent          []string
		problems        []string // "line:code"
	}{
		{"cjk line break", "zh", "技术\n转移\n", []string{"<p>技术转移</p>"}, nil, nil},
		{"latin line break", "en", "technology\ntransfer\n", []string{"technology\ntransfer"}, nil, nil},
		{"latin line break after a comma", "en", "application,\nwhereas\n", []string{"application,\nwhereas"}, nil, nil},
		{"cjk line break in an English page", "en", "技术\n转移\n", []string{"<p>技术转移</p>"}, nil, nil},
		{"cjk line break before a link", "zh", "文本\n[链接](x)继续\n", []string{`<p>文本<a href="x">链接</a>继续</p>`}, nil, nil},
		{"cjk line break after a link", "zh", "[链接](x)\n继续\n", []string{`<p><a href="x">链接</a>继续</p>`}, nil, nil},
		{"cjk line break around emphasis", "zh", "这是\n**重点**\n内容\n", []string{`<p>这是<strong>重点</strong>内容</p>`}, nil, nil},
		{"cjk line break next to latin", "zh", "遵守\nWTO 规则\n", []string{`<p>遵守WTO 规则</p>`}, nil, nil},
		{"typographer en", "en", `"quoted"`, []string{"&ldquo;quoted&rdquo;"}, nil, nil},
		{"no typographer zh", "zh", `"引号"`, []string{"&quot;引号&quot;"}, []string{"&ldquo;"}, nil},
		{"heading id and anchor", "zh", "## 课程 目标\n", []string{`<h2 id="课程-目标">课程 目标 <a class="anchor" href="#%E8%AF%BE%E7%A8%8B-%E7%9B%AE%E6%A0%87" aria-label="§ 课程 目标">#</a></h2>`}, nil, nil},
		{"duplicate ids", "en", "## A\n\n## A\n", []string{`id="a"`, `id="a-1"`}, nil, nil},
		{"custom id", "en", "## Outcomes {#goals}\n", []string{`id="goals"`}, nil, nil},
		{"table", "en", "| a | b |\n|---|---|\n| 1 | 2 |\n", []string{"<table>", "<td>1</td>"}, nil, nil},
		{"strikethrough", "en", "~~old~~", []string{"<del>old</del>"}, nil, nil},
		{"task list", "en", "- [x] done\n", []string{`type="checkbox"`, "checked"}, nil, nil},
		{"autolink", "en", "see https://www.wto.org now", []string{`<a href="https://www.wto.org">`}, nil, nil},
		{"footnote", "en", "text[^1]\n\n[^1]: note\n", []string{`class="footnotes"`, "note"}, nil, nil},
		{"definition list", "en", "TRIPS\n: an agreement\n", []string{"<dl>", "<dt>TRIPS</dt>", "<dd>an agreement</dd>"}, nil, nil},
		{"code highlighted", "en", "```go\nfunc main() {}\n```\n", []string{`<pre class="chroma" tabindex="0"><code>`, `<span class="kd">func</span>`}, nil, nil},
		{"raw html escaped", "en", "a\n\n<script>alert(1)</script>\n\nb <b>x</b>\n", []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;x&lt;/b&gt;"}, []string{"<script>", "<b>"}, []string{"3:raw-html", "5:raw-html"}},
		{"md link resolved", "zh", "见[韩军](../speakers/han-jun.md)。", []string{`<a href="/zh/speakers/han-jun/">韩军</a>`}, nil, nil},
		{"md link other language", "zh", "[x](en-only.md#x)", []string{`<a href="/cases/en-only/#x" hreflang="en">x</a>`}, nil, nil},
		{"broken link", "en", "one\n\ntwo [x](missing.md)\n", nil, nil, []string{"3:broken-link"}},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, problems := c.Convert([]byte(tt.src), tt.lang, resolve)
			html := string(res.HTML)
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("missing %q in\n%s", w, html)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(html, a) {
					t.Errorf("unexpected %q in\n%s", a, html)
				}
			}
			var got []string
			for _, p := range problems {
				got = append(got, fmt.Sprintf("%d:%s", p.Line, p.Code))
			}
			if strings.Join(got, " ") != strings.Join(tt.problems, " ") {
				t.Errorf("problems = %v, want %v", got, tt.problems)
			}
		})
	}
}

func TestUnsafe(t *testing.T) {
	res, problems := New(Options{Unsafe: true}).Convert([]byte("<b>x</b>\n"), "en", nil)
	if !strings.Contains(string(res.HTML), "<b>x</b>") || len(problems) != 0 {
		t.Errorf("got %s %v", res.HTML, problems)
	}
}

func TestTOCAndSummary(t *testing.T) {
	res, _ := New(Options{}).Convert([]byte("First *para*\ngraph.\n\n## One\n\n### Two `x`\n\n##### Five\n"), "en", nil)
	if res.Summary != "First para graph." {
		t.Errorf("summary = %q", res.Summary)
	}
	if len(res.TOC) != 2 || res.TOC[0] != (Heading{2, "one", "One"}) || res.TOC[1] != (Heading{3, "two-x", "Two x"}) {
		t.Errorf("toc = %+v", res.TOC)
	}
	zh, _ := New(Options{}).Convert([]byte("技术\n转移 WTO\nrules\n"), "zh", nil)
	if zh.Summary != "技术转移 WTO rules" {
		t.Errorf("zh summary = %q", zh.Summary)
	}
}

func TestStylesheet(t *testing.T) {
	css := string(Stylesheet())
	if !strings.Contains(css, ".chroma") || !strings.Contains(css, "@media (prefers-color-scheme: dark)") {
		t.Errorf("stylesheet lacks light or dark rules:\n%.300s", css)
	}
}

// The anchor's aria-label is the heading's text escaped once: an
// entity escaped twice (&amp;rsquo;) is read aloud. The table of
// contents holds the same text unescaped, for templates to escape.
func TestHeadingAnchorLabel(t *testing.T) {
	tests := []struct {
		lang, src, label, toc string
	}{
		{"en", "## R&D budget", `§ R&amp;D budget`, "R&D budget"},
		{"en", "## 1 < 2", `§ 1 &lt; 2`, "1 < 2"},
		{"en", "## Licensor’s rights", `§ Licensor’s rights`, "Licensor’s rights"},
		{"en", "## Licensor's rights", `§ Licensor’s rights`, "Licensor’s rights"},                   // the typographer's &rsquo;
		{"en", `## The "exclusive" licence`, `§ The “exclusive” licence`, "The “exclusive” licence"}, // &ldquo; &rdquo;
		{"zh", `## 独占 "许可"`, `§ 独占 &quot;许可&quot;`, `独占 "许可"`},
		{"zh", "## 技术转移与许可", `§ 技术转移与许可`, "技术转移与许可"},
		{"zh", "## 技术 & 许可", `§ 技术 &amp; 许可`, "技术 & 许可"},
		{"en", "## AT&amp;T &copy; 2024", `§ AT&amp;T © 2024`, "AT&T © 2024"},
		{"en", `## a \* b \& c`, `§ a * b &amp; c`, "a * b & c"},
		{"en", "## `a<b` and `&amp;`", `§ a&lt;b and &amp;amp;`, "a<b and &amp;"},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			res, _ := c.Convert([]byte(tt.src), tt.lang, nil)
			html := string(res.HTML)
			_, after, _ := strings.Cut(html, `aria-label="`)
			label, _, _ := strings.Cut(after, `"`)
			if label != tt.label {
				t.Errorf("aria-label = %q, want %q\n%s", label, tt.label, html)
			}
			if len(res.TOC) != 1 || res.TOC[0].Text != tt.toc {
				t.Errorf("toc = %+v, want text %q", res.TOC, tt.toc)
			}
		})
	}
}

// Equal headings are numbered in order, around the ids given by hand.
func TestHeadingIDsNumbered(t *testing.T) {
	res, _ := New(Options{}).Convert([]byte("## A\n\n## A {#a-2}\n\n## A\n\n## A\n\n## A 1\n\n## A\n"), "en", nil)
	var ids []string
	for _, h := range res.TOC {
		ids = append(ids, h.ID)
	}
	if got, want := strings.Join(ids, " "), "a a-2 a-1 a-3 a-1-1 a-4"; got != want {
		t.Errorf("ids = %s, want %s", got, want)
	}
}
