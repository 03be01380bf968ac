package markdown

import (
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"qiao/generator/content"
	"qiao/generator/corpus"
)

var pathological = flag.Bool("pathological", false, "convert each pathological input at 10 MB and log the CPU time it takes")

// refusal converts src and returns its one markdown-limit problem.
func refusal(t *testing.T, c *Converter, src string) Problem {
	t.Helper()
	res, problems := c.Convert([]byte(src), "en", nil)
	if len(problems) != 1 || problems[0].Code != "markdown-limit" || problems[0].Warning {
		t.Fatalf("problems = %+v, want one markdown-limit error", problems)
	}
	if len(res.HTML) != 0 {
		t.Errorf("a refused body gave %d bytes of HTML", len(res.HTML))
	}
	return problems[0]
}

// nestedList is a list nested by indentation, one level a line.
func nestedList(levels int) string {
	var b strings.Builder
	for i := range levels {
		fmt.Fprintf(&b, "%s- level %d\n", strings.Repeat("  ", i), i+1)
	}
	return b.String()
}

func TestDeepNestingRefused(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
	}{
		{"list on one line", strings.Repeat("- ", 10000) + "x\n", 1},
		{"ordered list on one line", strings.Repeat("1. ", 10000) + "x\n", 1},
		{"block quotes", strings.Repeat("> ", 10000) + "x\n", 1},
		{"block quotes without spaces", strings.Repeat(">", 10000) + "x\n", 1},
		{"footnotes in footnotes", strings.Repeat("[^a]: ", 10000) + "x\n", 1},
		{"quotes and lists after an introduction", "Intro.\n\n" + strings.Repeat("> - ", 5000) + "x\n", 3},
		{"indented list", nestedList(300), defaultLimits.depth + 1},
		{"tab-indented list", func() string {
			var b strings.Builder
			for i := range 300 {
				b.WriteString(strings.Repeat("\t", i) + "- x\n")
			}
			return b.String()
		}(), defaultLimits.depth + 1},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := refusal(t, c, tt.src)
			if p.Line != tt.line || !strings.Contains(p.Message, "nested more than 100 levels") {
				t.Errorf("problem = %+v, want line %d about nesting", p, tt.line)
			}
		})
	}
}

// Nesting up to the limit converts; one level more is refused at the line
// that goes past it.
func TestNestingAtTheLimit(t *testing.T) {
	c := New(Options{})
	d := defaultLimits.depth
	res, problems := c.Convert([]byte(nestedList(d)), "en", nil)
	if len(problems) != 0 || strings.Count(string(res.HTML), "<ul>") != d {
		t.Errorf("%d levels: %d lists, problems %+v", d, strings.Count(string(res.HTML), "<ul>"), problems)
	}
	res, problems = c.Convert([]byte(strings.Repeat("> ", d)+"x\n"), "en", nil)
	if len(problems) != 0 || strings.Count(string(res.HTML), "<blockquote>") != d {
		t.Errorf("%d block quotes: problems %+v", d, problems)
	}
	if p := refusal(t, c, nestedList(d+1)); p.Line != d+1 {
		t.Errorf("%d levels refused at line %d, want %d", d+1, p.Line, d+1)
	}
}

// A course outline nested as deep as real ones are converts whole.
func TestModeratelyNestedListConverts(t *testing.T) {
	src := `# Licensing course outline

1. Foundations
   - Why universities license
     - Mission and revenue
       1. Teaching
       2. Research
          - Grants
            - Federal
              - Bayh–Dole obligations
                > **Note.** Report every invention within two months.
                >
                > - Disclosure form
                >   - Signed by all inventors
   - Who owns what
     ` + "```toml" + `
     owner = "university"
     share = 0.33
     ` + "```" + `
2. Negotiation
   - [x] Term sheet
   - [ ] Royalty rate
     | Field | Rate |
     |-------|------|
     | Drugs | 4.5% |
3. Closing[^1]

[^1]: See the [template](template.md).
`
	res, problems := New(Options{}).Convert([]byte(src), "en", func(string) (string, string, bool) { return "/t/", "", true })
	if len(problems) != 0 {
		t.Fatalf("problems: %+v", problems)
	}
	html := string(res.HTML)
	for _, want := range []string{"Bayh–Dole obligations", "<blockquote>", "Signed by all inventors", `<span class="nx">owner</span>`, "<table>", `<a href="/t/">template</a>`, `class="footnotes"`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if n := strings.Count(html, "<ul>") + strings.Count(html, "<ol>"); n != 11 { // the footnotes' too
		t.Errorf("%d lists, want 11", n)
	}
}

// Each limit refuses what passes it, at the line where it is passed,
// shown here with small limits.
func TestLimits(t *testing.T) {
	lines := func(n int, line string) string { return strings.Repeat(line, n) }
	tests := []struct {
		name   string
		limit  func(*limits)
		src    string
		line   int
		reason string
	}{
		{"depth", func(l *limits) { l.depth = 3 }, "a\n\n> > > x\n\n> > > > x\n", 5, "nested more than 3 levels"},
		{"lines", func(l *limits) { l.elements = 100 }, lines(200, "x\n\n"), 101, "more than 100 Markdown elements"},
		{"lines in lists count for each level", func(l *limits) { l.elements = 100 }, "- a\n  - b\n" + lines(200, "    c\n"), 18, "more than 100 Markdown elements"},
		{"marks", func(l *limits) { l.elements = 100 }, "a\n\n" + lines(200, "a*"), 3, "more than 100 Markdown elements"},
		{"table cells", func(l *limits) { l.elements = 1000 }, lines(100, "|a") + "\n" + lines(100, "|-") + "\n" + lines(20, "x\n"), 2, "more than 1000 Markdown elements"},
		{"link destinations left open", func(l *limits) { l.rescan = 10000 }, "a\n\n" + lines(1000, "[a]("), 3, "brackets, parentheses or backticks left open"},
		{"brackets left open", func(l *limits) { l.rescan = 10000 }, lines(500, "[") + lines(500, "]"), 1, "left open"},
		{"code spans left open", func(l *limits) { l.rescan = 10000 }, lines(200, "a \\``\n"), 9, "left open"},
		{"references in a long paragraph", func(l *limits) { l.rescan = 10000 }, lines(300, "see [a]\n"), 36, "left open"},
		{"titles left open", func(l *limits) { l.rescan = 10000 }, lines(300, "[a](b 'c\n"), 34, "left open"},
		{"a long line opening lists", func(l *limits) { l.rescan = 10000 }, "a\n\n" + lines(3000, "- ") + "x\n", 3, "for each list or block quote it opens"},
		{"link definitions", func(l *limits) { l.definitions = 100 }, "a\n\n" + lines(20, "[a]: b\n"), 3, "link definitions"},
		{"long reference links", func(l *limits) { l.linkBytes = 1000 }, "[a]: /" + strings.Repeat("x", 600) + "\n\n[a]\n\n[a]\n", 5, "more than 1000 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := defaultLimits
			tt.limit(&l)
			p := refusal(t, New(Options{limits: &l}), tt.src)
			if p.Line != tt.line || !strings.Contains(p.Message, tt.reason) {
				t.Errorf("problem = %+v, want line %d: %q", p, tt.line, tt.reason)
			}
		})
	}
}

// Past the highlighting budget, code blocks are shown plain, with one
// warning at the first; the cache does not change which.
func TestHighlightBudget(t *testing.T) {
	l := defaultLimits
	l.code = 10
	c := New(Options{limits: &l})
	src := "```go\nx := 1\n```\n\n```go\ny := 2\n```\n\n```go\nx := 1\n```\n"
	for range 2 {
		res, problems := c.Convert([]byte(src), "en", nil)
		html := string(res.HTML)
		if strings.Count(html, `<pre class="chroma"`) != 1 || !strings.Contains(html, "<pre tabindex=\"0\"><code>y := 2\n</code></pre>\n<pre tabindex=\"0\"><code>x := 1\n") {
			t.Errorf("want the first block highlighted and the others plain:\n%s", html)
		}
		if len(problems) != 1 || problems[0].Line != 5 || problems[0].Code != "code-not-highlighted" || !problems[0].Warning {
			t.Errorf("problems = %+v, want one warning at line 5", problems)
		}
	}
}

// Ordinary bodies stay far from every limit.
func TestLimitsLeaveOrdinaryBodiesAlone(t *testing.T) {
	c := New(Options{})
	for p, src := range corpus.Generate(20) {
		if !strings.HasSuffix(p, ".md") {
			continue
		}
		_, body, _, _ := content.Split(src)
		_, problems := c.Convert(body, "en", nil)
		for _, pr := range problems {
			if pr.Code == "markdown-limit" || pr.Code == "code-not-highlighted" {
				t.Errorf("%s: %+v", p, pr)
			}
		}
	}
}

// pathologicalInputs make goldmark, or this package, slow: quadratic in
// the size of the body, or a microsecond or more for each byte. Each
// takes the size to fill.
var pathologicalInputs = map[string]func(n int) string{
	// Nesting.
	"list on one line":         func(n int) string { return fill("- ", n) + "x\n" },
	"ordered list on one line": func(n int) string { return fill("1. ", n) + "x\n" },
	"star list on one line":    func(n int) string { return fill("* ", n) + "x\n" },
	"block quotes":             func(n int) string { return fill("> ", n) + "x\n" },
	"block quotes and lists":   func(n int) string { return fill("> - ", n) + "x\n" },
	"footnotes in footnotes":   func(n int) string { return fill("[^a]: ", n) + "x\n" },
	"indented list":            nestedListFill,
	"deepest list, many lines": func(n int) string { return atDepth(n, "  ", "y\n") },
	"deepest quote, many lines": func(n int) string {
		return fill(strings.Repeat("> ", defaultLimits.depth)+"x\n", n)
	},
	"deepest tab list, many lines":  func(n int) string { return atDepth(n, "\t", "y\n") },
	"deepest list, code":            func(n int) string { return atDepth(n, "\t", "    code\n") },
	"deepest list, a long line":     func(n int) string { return nestedList(defaultLimits.depth) + fill("x", n) + "\n" },
	"lines in a lazy block quote":   func(n int) string { return strings.Repeat("> ", 100) + "x\n" + fill("y\n", n) },
	"one-character lines":           func(n int) string { return fill("a\n", n) },
	"lines of Chinese":              func(n int) string { return fill("技\n", n) },
	"flat list":                     func(n int) string { return fill("- a\n", n) },
	"task list":                     func(n int) string { return fill("- [ ] x\n", n) },
	"definition list":               func(n int) string { return fill("a\n: b\n", n) },
	"headings":                      func(n int) string { return fill("# a\n", n) },
	"setext headings":               func(n int) string { return fill("a\n=\n", n) },
	"headings with attributes":      func(n int) string { return fill("## a {#x .y z=w}\n", n) },
	"raw HTML lines":                func(n int) string { return fill("<b>\n\n", n) },
	"unclosed code fences":          func(n int) string { return fill("```\n", n) },
	"hard line breaks":              func(n int) string { return fill("a  \n", n) },
	"emphasis, nested":              func(n int) string { return fill("*a **a ", n/2) + "b" + fill(" a** a*", n/2) },
	"emphasis closers, no openers":  func(n int) string { return fill("a_ ", n) },
	"emphasis openers, no closers":  func(n int) string { return fill("_a ", n) },
	"emphasis mismatched":           func(n int) string { return fill("*a_ ", n) },
	"emphasis in threes":            func(n int) string { return "a**b" + fill("c* ", n) },
	"emphasis runs":                 func(n int) string { return fill("a***", n) },
	"emphasis on empty lines":       func(n int) string { return fill("**\n", n) },
	"link closers, no openers":      func(n int) string { return fill("a]", n) },
	"link openers, no closers":      func(n int) string { return fill("[a", n) },
	"link openers and emphasis":     func(n int) string { return fill("[ a_", n) },
	"brackets":                      func(n int) string { return fill("[", n) },
	"nested brackets":               func(n int) string { return fill("[", n/2) + "a" + fill("]", n/2) },
	"links in links":                func(n int) string { return fill("[a[", n) },
	"unclosed links":                func(n int) string { return fill("[a](b", n) },
	"unclosed angle links":          func(n int) string { return fill("[a](<b", n) },
	"unclosed link titles":          func(n int) string { return fill("[a](b '", n) },
	"unclosed link titles, lines":   func(n int) string { return fill("a [a](b 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", n) },
	"unclosed references":           func(n int) string { return fill("[a][", n) },
	"references, lines":             func(n int) string { return fill("a [a]: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", n) },
	"footnote references, lines":    func(n int) string { return fill("a [^a] xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", n) },
	"links, lines":                  func(n int) string { return fill("a [a](xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", n) },
	"empty links on lines":          func(n int) string { return fill("[](x)\n", n) },
	"brackets and parentheses":      func(n int) string { return fill("[ (](", n) },
	"images in brackets":            func(n int) string { return fill("![[]()", n) },
	"brackets on lines":             func(n int) string { return fill("]([\n", n) },
	"escaped backticks":             func(n int) string { return fill("\\``", n) },
	"escaped backticks, lines":      func(n int) string { return fill("a \\``xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", n) },
	"backtick runs":                 backtickRuns,
	"angle brackets":                func(n int) string { return fill("<", n) },
	"empty tags":                    func(n int) string { return fill("<>", n) },
	"open tags":                     func(n int) string { return fill("a <a xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx ", n) },
	"HTML comments":                 func(n int) string { return fill("a <!--", n) },
	"HTML declarations":             func(n int) string { return fill("a <!A", n) },
	"CDATA":                         func(n int) string { return fill("a <![CDATA[", n) },
	"processing instructions":       func(n int) string { return fill("a <? ", n) },
	"autolinks":                     func(n int) string { return fill("<http://a>", n) },
	"www links":                     func(n int) string { return fill("www.a", n) },
	"quotes":                        func(n int) string { return fill("\"'", n) },
	"entities":                      func(n int) string { return fill("&#", n) },
	"backslashes":                   func(n int) string { return fill("\\", n) },
	"footnote references":           func(n int) string { return fill("[^1]", n) + "\n\n[^1]: x\n" },
	"link definitions":              func(n int) string { return fill("[a]: b\n", n/2) + fill("[a] ", n/2) },
	"numbered link definitions":     numberedDefinitions,
	"a long reference link, reused": func(n int) string { return "[a]: " + strings.Repeat("x", n/8) + "\n\n" + fill("[a] ", n-n/8) },
	"wide table header":             func(n int) string { return fill("|a", n/2) + "\n" + fill("|-", n/2) + "\n" },
	"wide table, many rows":         func(n int) string { return fill("|a", n/8) + "\n" + fill("|-", n/8) + "\n" + fill("x\n", n*3/4) },
	"table rows":                    func(n int) string { return "|a|b|\n|-|-|\n" + fill("|x|y|\n", n) },
	"a big code block":              func(n int) string { return "```go\n" + fill("x := \"a\" + 1 // c\n", n) + "```\n" },
	"many code blocks":              func(n int) string { return fill("```go\nx := 1\n```\n", n) },
}

func fill(unit string, size int) string { return strings.Repeat(unit, max(size/len(unit), 1)) }

func nestedListFill(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return b.String()
}

// atDepth nests lists as deep as the limit allows, then fills with line at
// that depth.
func atDepth(n int, indent, line string) string {
	var b strings.Builder
	d := defaultLimits.depth
	for i := range d {
		b.WriteString(strings.Repeat(indent, i) + "- x\n")
	}
	return b.String() + fill(strings.Repeat(indent, d)+line, n-b.Len())
}

func backtickRuns(n int) string {
	var b strings.Builder
	for i := 1; b.Len() < n; i++ {
		b.WriteString("e" + strings.Repeat("`", i))
	}
	return b.String()
}

func numberedDefinitions(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n/2; i++ {
		fmt.Fprintf(&b, "[%d]: u\n", i)
	}
	return b.String() + fill("[0] ", n/2)
}

// TestPathologicalInputs converts each pathological input, at 16 KB, or at
// 10 MB with -pathological, logging the CPU time it takes. It holds only
// that each converts or is refused at a line of the body: the time is for
// people to read (the aim is under 5 s of CPU at 10 MB), not a test.
func TestPathologicalInputs(t *testing.T) {
	size := 16 << 10
	if *pathological {
		size = 10 << 20
	}
	c := New(Options{})
	for name, input := range pathologicalInputs {
		t.Run(name, func(t *testing.T) {
			src := input(size)
			cpu, wall := cpuTime(), time.Now()
			res, problems := c.Convert([]byte(src), "en", nil)
			took, tookWall := cpuTime()-cpu, time.Since(wall)
			lines := strings.Count(src, "\n") + 1
			var refused []string
			for _, p := range problems {
				if p.Line < 1 || p.Line > lines {
					t.Errorf("problem at line %d of %d: %+v", p.Line, lines, p)
				}
				if p.Code == "markdown" {
					t.Errorf("internal error: %s", p.Message)
				}
				if p.Code == "markdown-limit" {
					refused = append(refused, fmt.Sprintf("refused at line %d: %.60s", p.Line, p.Message))
				}
			}
			if *pathological {
				t.Logf("%d bytes: CPU %v (wall %v), %d bytes of HTML, %d problems %s", len(src), took.Round(time.Millisecond), tookWall.Round(time.Millisecond), len(res.HTML), len(problems), strings.Join(refused, ""))
			}
		})
	}
}
