package markdown

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/dlclark/regexp2/v2"
)

// highlightBoth highlights code with writeHighlighted and with chroma's own
// formatter (codeFormatter), from the same tokens.
func highlightBoth(t testing.TB, lang, code string) (got, want string) {
	t.Helper()
	noMatchTimeouts() // as New does: regexp2's clock is set before any match
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		t.Skipf("%s does not tokenise %q: %v", lang, code, err)
	}
	tokens := it.Tokens()
	var w bytes.Buffer
	if err := codeFormatter.Format(&w, styles.Fallback, chroma.Literator(tokens...)); err != nil {
		t.Fatal(err)
	}
	var g bytes.Buffer
	bw := bufio.NewWriter(&g)
	writeHighlighted(bw, tokens)
	bw.Flush()
	return g.String(), w.String()
}

var highlightLangs = []string{"go", "toml", "json", "yaml", "python", "bash", "html", "javascript", "sql", "diff", "markdown", "text", "", "no-such-language"}

func TestHighlightMatchesChroma(t *testing.T) {
	snippets := []string{
		"",
		"\n",
		"\n\n\n",
		"x",
		"// royaltyDue returns the running royalty.\nfunc royaltyDue(netSales float64) float64 {\n\tconst rate, minimum = 0.045, 123000.0\n\treturn max(netSales*rate, minimum)\n}\n",
		"# 许可合同主要条款示例\n[licence]\nlicensor = \"湾区医学研究中心\"\nterritory = [\"CN\", \"HK\", \"MO\"]\nexclusive = true\nroyalty_rate = 0.064\n",
		"if a < b && c > d { s := \"<script>alert('x')</script>\" }",
		"a\r\nb\r\n",
		"<div class=\"x\" data-y='z'>&amp; & &lt;</div>\n",
		"SELECT * FROM t WHERE a = 'it''s' AND b <> 1; -- done",
		"no trailing newline\n\n  indented\tand tabbed",
		"- removed line\n+ added line\n@@ -1 +1 @@\n",
		"{\"key\": [1, 2.5, true, null, \"技术转移\"]}",
	}
	for _, lang := range highlightLangs {
		for _, code := range snippets {
			if got, want := highlightBoth(t, lang, code); got != want {
				t.Errorf("%s %q:\n got %q\nwant %q", lang, code, got, want)
			}
		}
	}
}

func FuzzHighlightMatchesChroma(f *testing.F) {
	f.Add("func f() { return \"<&>\" }\n", uint8(0))
	f.Add("a = 'b'\n[c]\n", uint8(1))
	f.Add("x\r\ny", uint8(12))
	f.Fuzz(func(t *testing.T, code string, lang uint8) {
		l := highlightLangs[int(lang)%len(highlightLangs)]
		if got, want := highlightBoth(t, l, code); got != want {
			t.Errorf("%s %q:\n got %q\nwant %q", l, code, got, want)
		}
	})
}

// A code block is highlighted once per Converter, whatever page and
// language it appears in; the same code under another language name is
// another block.
func TestCodeBlocksHighlightedOnce(t *testing.T) {
	c := New(Options{})
	block := "```go\nfunc main() { println(\"hi\") }\n```\n"
	en, _ := c.Convert([]byte("Intro.\n\n"+block), "en", nil)
	zh, _ := c.Convert([]byte("介绍。\n\n"+block), "zh", nil)
	toml, _ := c.Convert([]byte(strings.Replace(block, "go", "toml", 1)), "en", nil)
	code := func(html []byte) string { return string(html[bytes.Index(html, []byte("<pre")):]) }
	if code(en.HTML) != code(zh.HTML) {
		t.Errorf("the same block differs between pages:\n%s\n%s", code(en.HTML), code(zh.HTML))
	}
	if !bytes.Contains(en.HTML, []byte(`<span class="kd">func</span>`)) || bytes.Contains(toml.HTML, []byte(`<span class="kd">func</span>`)) {
		t.Errorf("go and toml blocks are not told apart:\n%s\n%s", en.HTML, toml.HTML)
	}
	if n := len(c.code.html); n != 2 {
		t.Errorf("%d blocks kept, want 2 (go and toml)", n)
	}
}

func TestCodeCacheIsBounded(t *testing.T) {
	c := &codeCache{html: map[codeKey]string{}}
	big := strings.Repeat("x", codeCacheMax/2)
	c.put(codeKey{"go", "a"}, big)
	c.put(codeKey{"go", "b"}, big) // would pass the bound
	if _, ok := c.get(codeKey{"go", "a"}); !ok {
		t.Error("the first block was not kept")
	}
	if _, ok := c.get(codeKey{"go", "b"}); ok || c.bytes > codeCacheMax {
		t.Errorf("kept %d bytes, bound %d", c.bytes, codeCacheMax)
	}
}

// TestHighlightingIgnoresTime forces what made highlighting depend on the
// machine's load: single regexp matches that run longer than chroma's
// 250 ms timeout (plus regexp2's 100 ms clock period). A Go string literal
// is one match of one rule; it doubles until converting it takes a second.
// Had the match timed out, the string rule would have been skipped and the
// literal cut into other tokens. The bytes must instead be those of a short
// literal, and a regexp2 match with a timeout of 1 ns must not time out.
func TestHighlightingIgnoresTime(t *testing.T) {
	unbounded := defaultLimits
	unbounded.code = 1 << 30
	c := New(Options{limits: &unbounded})
	block := func(s string) []byte { return []byte("```go\ns := \"" + s + "\" + 1\n```\n") }
	short, _ := c.Convert(block("Qz"), "en", nil)
	if !bytes.Contains(short.HTML, []byte(`<span class="s">&#34;Qz&#34;</span>`)) {
		t.Fatalf("the short literal is not one string token:\n%s", short.HTML)
	}
	re := regexp2.MustCompile(`"(?:\\.|[^"\\])*"`, regexp2.None)
	re.MatchTimeout = time.Nanosecond
	var took time.Duration
	for n := 1 << 14; took < time.Second; n *= 2 {
		lit := strings.Repeat("Qz", n/2)
		want := bytes.Replace(short.HTML, []byte("Qz"), []byte(lit), 1)
		start := time.Now()
		got, _ := c.Convert(block(lit), "en", nil)
		m, err := re.FindStringMatch(`"` + lit + `"`)
		took = time.Since(start)
		if !bytes.Equal(got.HTML, want) {
			t.Fatalf("a %d-byte literal (%v) is highlighted otherwise than a short one:\n%.300s", len(lit), took, got.HTML)
		}
		if err != nil || m == nil {
			t.Fatalf("a %d-byte match with a 1 ns timeout: %v, %v", len(lit), m, err)
		}
		t.Logf("%d-byte literal: %v", len(lit), took)
	}
}
