package search_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"qiao/generator/build"
	"qiao/generator/corpus"
	"qiao/generator/diag"
	"qiao/generator/search"
)

// extractHTMLReference is ExtractHTML as it was when it was written on
// golang.org/x/net/html's Tokenizer, copied verbatim (helpers renamed with
// a ref prefix): the specification the faster ExtractHTML is held to.
func extractHTMLReference(page []byte) search.PageText {
	useMain := false
	if i := bytes.Index(page, []byte("<main")); i >= 0 {
		useMain = true
		page = page[i:]
		if j := bytes.LastIndex(page, []byte("</main>")); j >= 0 {
			page = page[:j+len("</main>")]
		}
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	var (
		out     search.PageText
		block   strings.Builder
		inside  int // depth inside the element whose text counts; 0 = outside
		skip    int // depth inside an element whose text is left out
		heading int // depth inside h2–h6
		h1      int
		soft    bool        // an inline element started or ended since the last text
		blocks  []atom.Atom // the block elements the text is in, innermost last
	)
	flush := func() {
		s := strings.Join(strings.Fields(block.String()), " ")
		block.Reset()
		if s == "" {
			return
		}
		if heading > 0 {
			out.Headings = append(out.Headings, s)
		} else if h1 == 0 {
			out.Body = append(out.Body, s)
			aside := slices.ContainsFunc(blocks, func(a atom.Atom) bool {
				return a == atom.Blockquote || a == atom.Aside || a == atom.Figure
			})
			if len(blocks) > 0 && blocks[len(blocks)-1] == atom.P && !aside {
				out.Paragraphs = append(out.Paragraphs, s)
			}
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return out
		case html.TextToken:
			if inside > 0 && skip == 0 {
				text := z.Text()
				// Words on either side of an inline element's edge are kept
				// apart, except Chinese, which has no spaces to lose.
				if soft && block.Len() > 0 {
					last, _ := utf8.DecodeLastRuneInString(block.String())
					first, _ := utf8.DecodeRune(text)
					if !refIsHan(last) || !refIsHan(first) {
						block.WriteByte(' ')
					}
				}
				soft = false
				block.Write(text)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			void := tt == html.SelfClosingTagToken || refVoidElements[a]
			if inside == 0 {
				if (useMain && a == atom.Main) || (!useMain && a == atom.Body) {
					inside = 1
				}
				continue
			}
			if skip > 0 || refIgnored(a, useMain, hasAttr, z) {
				if !void {
					skip++
					inside++
				}
				continue
			}
			if refBlockElements[a] || void {
				flush()
			}
			if refBlockElements[a] && !void {
				blocks = append(blocks, a)
			}
			soft = true
			if !void {
				inside++
				switch a {
				case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
					heading++
				case atom.H1:
					h1++
				}
			}
		case html.EndTagToken:
			if inside == 0 {
				continue
			}
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if refVoidElements[a] {
				continue
			}
			inside--
			if skip > 0 {
				skip--
				continue
			}
			if refBlockElements[a] {
				flush()
				if n := len(blocks); n > 0 && blocks[n-1] == a {
					blocks = blocks[:n-1]
				}
			}
			soft = true
			switch a {
			case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				if heading > 0 {
					heading--
				}
			case atom.H1:
				if h1 > 0 {
					h1--
				}
			}
			if inside == 0 {
				flush()
			}
		}
	}
}

// refIgnored reports whether an element's text is left out of the index.
func refIgnored(a atom.Atom, useMain, hasAttr bool, z *html.Tokenizer) bool {
	switch a {
	case atom.Nav, atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Svg, atom.Button, atom.Form:
		return true
	case atom.Header, atom.Footer, atom.Aside:
		if !useMain {
			return true
		}
	}
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		switch string(k) {
		case "data-search-ignore":
			return true
		case "aria-hidden":
			if string(v) == "true" {
				return true
			}
		}
	}
	return false
}

var refVoidElements = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true,
	atom.Track: true, atom.Wbr: true,
}

// refBlockElements end a block of text: words on either side are not adjacent.
var refBlockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Td: true, atom.Th: true, atom.Tr: true, atom.Table: true,
	atom.Caption: true, atom.Section: true, atom.Article: true, atom.Blockquote: true, atom.Pre: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Figure: true, atom.Figcaption: true, atom.Details: true, atom.Summary: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Main: true, atom.Body: true,
}

// refIsHan is the package's isHan (tokenize.go), which the reference uses.
func refIsHan(r rune) bool { return r >= 0x2e80 && unicode.Is(unicode.Han, r) }

// extractSitePages builds a site from src and returns every HTML file it writes.
func extractSitePages(tb testing.TB, src fs.FS) map[string][]byte {
	tb.Helper()
	out := filepath.Join(tb.TempDir(), "public")
	var d diag.List
	if _, err := build.Build(src, build.Options{Out: out}, &d); err != nil {
		tb.Fatal(err, d.Errors())
	}
	pages := map[string][]byte{}
	err := filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		pages[p] = data
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(pages) == 0 {
		tb.Fatal("the build wrote no HTML")
	}
	return pages
}

// extractCheck reports whether ExtractHTML and the reference read the same
// text from page.
func extractCheck(t *testing.T, name string, page []byte) bool {
	t.Helper()
	got, want := search.ExtractHTML(page), extractHTMLReference(page)
	if reflect.DeepEqual(got, want) {
		return true
	}
	t.Errorf("%s: ExtractHTML(%.300q)\n got %.1000s\nwant %.1000s", name, page, fmt.Sprintf("%#v", got), fmt.Sprintf("%#v", want))
	return false
}

// TestExtractHTMLGeneratedSite compares ExtractHTML with the reference on
// every page of a generated site.
func TestExtractHTMLGeneratedSite(t *testing.T) {
	pages := extractSitePages(t, corpus.FS(corpus.Generate(50)))
	for p, data := range pages {
		extractCheck(t, p, data)
	}
	t.Logf("%d pages", len(pages))
}

// TestExtractHTMLShippedSite compares ExtractHTML with the reference on
// every page of the site in this repository.
func TestExtractHTMLShippedSite(t *testing.T) {
	pages := extractSitePages(t, os.DirFS("../.."))
	for p, data := range pages {
		extractCheck(t, p, data)
	}
	t.Logf("%d pages", len(pages))
}

// extractSnippets are handwritten pages with the markup that makes text
// extraction hard.
var extractSnippets = []string{
	"",
	"plain text, no markup",
	"<main>hello</main>",
	"<main><p>Hello, <b>world</b>!</p></main>",
	"<html><body><header>Site</header><nav>Menu</nav><p>Body text</p><footer>Foot</footer></body></html>",
	"<body><header><p>Head</p></header><main><header><p>Kept header</p></header><p>Main</p><aside>Side note</aside><footer>Main foot</footer></main><footer>Site foot</footer></body>",
	"<body><aside>aside</aside><div>div <span>span</span></div></body>",
	"<body><p>no main</p><p>second</p>",
	// Character references.
	"<main><p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#34;f&#34; &#20013;&#x6587; &nbsp;g&nbsp; h&nbsp;&nbsp;i</p></main>",
	"<main><p>&amp &ampx &notit; &notin; &AMP; &#0; &#x110000; &#128; &#x9F; &#xD800; &#; &#x; &# &&& &copy2 &Aacute &unknown; &lt</p></main>",
	"<main><p>&#13;x&#10;y &#9;z &#xA0;w &#x3000;v &#8203;u &#xfeff;t</p></main>",
	"<main><p>&NotNestedGreaterGreater; &nGt; &acE; &bne;</p></main>",
	"<main><p>&copy; &hellip; &mdash; &rarr; &Aacute; &amp;amp; &apos; &QUOT; &lt;&gt; &nbsp &nbsp;x &ensp;&emsp;&thinsp;</p></main>",
	"<main><p>a&amp;b</p><p>x<!-- c -->&amp;<!-- -->y</p><p>&am<i></i>p;</p></main>",
	// Chinese across inline tags, and mixed boundaries.
	"<main><p><a href=\"/x\">中</a><em>文</em>搜索</p></main>",
	"<main><p>中<b>文</b> 字<i>English</i>中文<code>code</code>。</p></main>",
	"<main><p>English<a>中文</a>English</p><p>中文<a>English</a>中文</p><p>中文 <a> 中文</a></p></main>",
	"<main><p>（<b>注</b>）「<i>引</i>」</p><p>日本語<b>ひらがな</b>カタカナ</p><p>한국<b>어</b></p></main>",
	"<main><p>x<span></span>y</p><p>x<!-- -->y</p><p>x<br>y</p><p>x<wbr>y</p><p>x<img src=a.png>y</p></main>",
	// Lists, tables, definition lists, breaks.
	"<main><ul><li>one<ul><li>one.one</li><li>one.two<ol><li>deep</li></ol></li></ul></li><li>two</li></ul></main>",
	"<main><table><caption>Cap</caption><thead><tr><th>H1</th><th>H2</th></tr></thead><tbody><tr><td>a</td><td>b <p>para in cell</p></td></tr></tbody></table></main>",
	"<main><dl><dt>Term</dt><dd>Definition <em>here</em></dd></dl><p>line<br>break<br/>again<hr>after</p></main>",
	"<main><h1>Title</h1><h2>Section <small>two</small></h2><p>text</p><h3>Sub</h3><h4>a</h4><h5>b</h5><h6>c</h6><h7>not a heading</h7></main>",
	"<main><h2>Outer <h3>inner</h3> tail</h2><h1>t<h2>nested in h1</h2>x</h1>after</main>",
	"<main></h2></h1></p>stray ends<p>open</main>",
	// Left out: aria-hidden, data-search-ignore, nav, script, style, svg, button, form.
	"<main><p>shown <span aria-hidden=\"true\">hidden</span> <span aria-hidden=\"false\">shown too</span> <span aria-hidden=true>hidden2</span></p></main>",
	"<main><div data-search-ignore>ignored <p>nested</p></div><p data-search-ignore=\"\">gone</p><p DATA-SEARCH-IGNORE>gone too</p><p>kept</p></main>",
	"<main><p aria-hidden=\"TRUE\">upper value kept</p><p ARIA-HIDDEN=\"true\">upper key gone</p><p aria-hidden=\"false\" aria-hidden=\"true\">duplicate kept</p><p aria-hidden=\"&#116;rue\">entity gone</p><p aria-hidden=\"tr&#x75;e\">hex gone</p><p aria-hidden=\"true\r\">cr kept</p></main>",
	"<main><nav><p>nav</p></nav><script>var x = '<p>not text</p>';</script><style>p{color:red}</style><svg><text>svg</text></svg><button>Click</button><form><input value=x><label>Label</label></form><template><p>tpl</p></template><noscript><p>ns</p></noscript><p>kept</p></main>",
	"<main><script>document.write('</scr' + 'ipt>')</script>after script<script><!-- <script> x </script> y --></script>after escaped</main>",
	"<main><script>a<!--b<script>c</script>d-->e</script>f<p>g</p></main>",
	"<main><script><!--<1<script></script>X</script>Y<script><!--<script>--></script>Z</script>W</main>",
	"<main><script><!--<scriptx></script>A<script><!---<b>-->B</script>C<script><!--<script/--></script>D</main>",
	"<main><title>a</title/>b<textarea>c</textarea\td<xmp>e</xmpx></xmp >f<script>g</script/>h</main>",
	"<main><script/>self-closing script text<p>x</p></script>after</main>",
	"<main><p>x<textarea>a &amp; <b>b</b></textarea>y<title>T &lt; <i>i</i></title>z</p></main>",
	"<main><xmp><p>raw &amp;</p></xmp><iframe><b>frame</b></iframe><noembed>ne</noembed><noframes>nf</noframes></main>",
	"<main><p>before<plaintext><p>everything &amp; else</main> is text",
	"<main><style>a</style >b</style><p>c</p><STYLE>d</Style>e</main>",
	"<main><title>unterminated title &amp; more",
	"<main><script>unterminated script",
	"<main><script><!--<script>",
	// Comments, doctypes, processing instructions.
	"<!DOCTYPE html><main><!-- <p>commented</p> --><p>after</p><!--><p>empty comment</p><!---><p>x</p><!-- a -- b --!><p>y</p></main>",
	"<main><!-- unterminated comment <p>lost</p></main>",
	"<main><p>a<!--->b<!---->c<!-- --!->d -->e</p></main>",
	"<main><p>a<!x>b<?php echo 1 ?>c</>d</ x>e</1>f<!DOCTYPE x>g<!doctype>h</p></main>",
	"<main><p>a < b > c <3 <> << <<p>d</p></main>",
	// Uppercase tags, attributes containing '>', self-closing syntax.
	"<MAIN><P>Upper <B>case</B></P><H2>Head</H2><SCRIPT>x</SCRIPT><NAV>n</NAV></MAIN>",
	"<main><p title=\"a > b\" data-x='c > d'>quoted gt</p><p title=a>b>unquoted</p><a href=\"x\"title='y'>z</a></main>",
	"<main><p>a<br/>b<br />c<span/>d<p/>e<div/>f</main>",
	"<main><p a=/>x</p><p a=/ >y</p><p a/>z<p/ >w<p / >v<p =x>u<p ==x>t</main>",
	"<main><div a=\"1\" a=\"2\"/>x<div aria-hidden=x aria-hidden=true>kept</div><div data-search-ignore data-search-ignore>gone</div></main>",
	"<main><div\ta\n=\r'1'\fb = 2 >spaced attrs</div></main>",
	"<main><p>text</p></main><footer>after main</footer><main><p>second main</p></main>",
	"<mainx><p>not main</p></mainx><body><p>body</p></body>",
	"<main id=\"content\" class=\"page\"><article><header><h1>Title</h1><p>By someone</p></header><section><h2>A</h2><p>Para one.</p><figure><img alt=x><figcaption>Caption</figcaption></figure></section><details><summary>More</summary><p>Hidden detail</p></details></article></main>",
	"<p>before main</p><main><p>in main</p>",
	"<main><p>text</p>",
	"<main>",
	"<main",
	"<main><p",
	"<main><p>a</p><p class=\"x",
	"<main><p>a</p></",
	"<main><p>a<",
	"<main><p>a</p><!",
	"<main><p>a</p><!-",
	"<main><p>a</p><!--",
	"<main><p>a</p><!DOCTY",
	"<main><p>a</p><?x",
	"<main><p>a</p></x",
	"<main><p>a</p></ ",
	// Whitespace of every kind, CR/LF, NUL and invalid UTF-8.
	"<main><p>  a\t\tb\r\nc\rd\n\n e\u00a0f\u3000g\u2028h\u0085i\u200bj\ufeffk  </p></main>",
	"<main><p>a\x00b</p><p>\x00</p><textarea>c\x00d</textarea><p tit\x00le=x>e</p><p\x00>f</p\x00><b\x00r>g</main>",
	"<main><p>bad \xff\xfe utf8 \xe4\xb8 half 中\xad</p><p>\xe3\x80<!---->\x80split space</p><p>中<b>\xe6\x96\x87</b></p></main>",
	"<main><p>中\xe3<b>\x80\x80文</b></p></main>",
	"<body\x00><p>x</p></body>",
	"<main>\r\n<p>\r</p>\r\n</main>",
}

// TestExtractHTMLSnippets compares ExtractHTML with the reference on
// handwritten pages.
func TestExtractHTMLSnippets(t *testing.T) {
	for _, s := range extractSnippets {
		extractCheck(t, "snippet", []byte(s))
		// Every prefix: markup cut off anywhere.
		for i := range len(s) {
			extractCheck(t, "prefix", []byte(s[:i]))
		}
	}
}

// TestExtractHTMLElements compares ExtractHTML with the reference on each
// element that ExtractHTML treats differently from text, and a few it
// does not, in the cases it may be in.
func TestExtractHTMLElements(t *testing.T) {
	names := []string{
		"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "td", "th", "tr", "table", "caption",
		"section", "article", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
		"figcaption", "details", "summary", "header", "footer", "aside", "main", "body",
		"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
		"nav", "script", "style", "template", "noscript", "svg", "button", "form",
		"iframe", "noembed", "noframes", "plaintext", "textarea", "title", "xmp",
		"a", "span", "em", "b", "code", "tbody", "html", "head", "h7", "mainx", "bodyx", "pp", "scripts",
		"blockquotes", "figcaptio", "plaintex", "ma", "xm", "tit", "math", "label", "select", "option",
	}
	pages := []string{
		"<main><p>a<%[1]s>b</%[1]s>c</p><%[1]s/>d<%[1]s x=1 y=\"2\">e</%[1]s >f<%[1]s>g</main>",
		"<main>a <%[1]s>b <%[1]s>c</%[1]s> d</%[1]s> e</main>",
		"<main><%[1]s data-search-ignore>a</%[1]s>b<%[1]s aria-hidden=true>c</%[1]s>d</main>",
		"<body><p>a<%[1]s>b</%[1]s>c</p>d<%[1]s>e</%[1]s></body>",
		"<%[1]s>a<body>b<%[1]s>c</%[1]s>d</body>e</%[1]s>",
		"<main><p>中<%[1]s>文</%[1]s>字</p><%[1]s>x</main>",
		"<main><%[1]s>unterminated <b>b</b> &amp; </%[1]s",
	}
	for _, name := range names {
		for _, name := range []string{name, strings.ToUpper(name), strings.ToUpper(name[:1]) + name[1:]} {
			for _, p := range pages {
				extractCheck(t, name, []byte(fmt.Sprintf(p, name)))
			}
		}
	}
}

// TestExtractHTMLRunes compares ExtractHTML with the reference on text
// with every character in it, between words and next to markup: white
// space is what unicode.IsSpace says it is, Chinese is what isHan says.
func TestExtractHTMLRunes(t *testing.T) {
	const perPage = 2048
	for lo := rune(0); lo <= unicode.MaxRune; lo += perPage {
		var b strings.Builder
		b.WriteString("<main><p>")
		for r := lo; r < lo+perPage && r <= unicode.MaxRune; r++ {
			fmt.Fprintf(&b, "a%cb<i>%c</i>%c<i></i>中%c", r, r, r, r)
		}
		if !extractCheck(t, fmt.Sprintf("U+%04X", lo), []byte(b.String())) {
			return
		}
	}
}

// TestExtractHTMLRandom compares ExtractHTML with the reference on pages
// strung together at random from pieces of markup, and cut off at random.
func TestExtractHTMLRandom(t *testing.T) {
	pieces := []string{
		"<main>", "</main>", "<main", "<main id=m>", "<Main>", "</MAIN>", "<body>", "</body>", "<html>",
		"<p>", "</p>", "<P>", "<p class=\"x\">", "<div>", "</div>", "<DIV>", "</DIV>", "<section>", "</section>",
		"<h1>", "</h1>", "<h2>", "</h2>", "<h3 id=x>", "</h3>", "<h6>", "</h6>",
		"<ul>", "</ul>", "<li>", "</li>", "<table>", "</table>", "<tr>", "<td>", "</td>", "<pre>", "</pre>",
		"<nav>", "</nav>", "<header>", "</header>", "<footer>", "</footer>", "<aside>", "</aside>",
		"<script>", "</script>", "<script/>", "</script", "</scr", "<SCRIPT>", "<style>", "</style>",
		"<textarea>", "</textarea>", "<title>", "</title>", "<xmp>", "</xmp>", "<plaintext>",
		"<noscript>", "</noscript>", "<iframe>", "</iframe>", "<template>", "</template>", "<form>", "</form>",
		"<svg>", "</svg>", "<button>", "</button>",
		"<br>", "<br/>", "<hr />", "<img src=x>", "<wbr>", "</br>", "<input/>",
		"<span>", "</span>", "<a href=\"/x\">", "</a>", "<em>", "</em>", "<b>", "</b>", "<i/>",
		"<span aria-hidden=\"true\">", "<span aria-hidden=true>", "<p aria-hidden=false aria-hidden=true>",
		"<div data-search-ignore>", "<p aria-hidden=\"&#116;rue\">", "<p ARIA-HIDDEN='tr&#117;e'>",
		"<p a=/>", "<p a=/ a=/>", "<br a=/>", "<p title=\"a>b\">", "<p title='a>b'>", "<p =x>", "<p/ a>",
		"<!-- c -->", "<!--", "-->", "--!>", "<!-->", "<!DOCTYPE html>", "<!x>", "<?x?>", "</>", "</ x>",
		"<", ">", "/", "=", "\"", "'", "-", "!", "<!-", "<!--<script>", "<!--<script>-->",
		"</title/>", "</script/>", "</style\t>", "<1", "&copy;", "&mdash;", "&apos;", "&quot;", "&gt;",
		"&", "&amp;", "&lt;", "&#39;", "&#20013;", "&#x4e2d;", "&nbsp;", "&copy", "&notit;", "&#128;", "&#",
		"\r\n", "\r", "\n", " ", "  ", "\t", "\f", "\x00", "\u00a0", "\u3000", "\u2028",
		"中", "文", "。", "a", "word", "Word ", " text ", "\xe3\x80", "\x80", "\xff", "\xe4",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		page := b.String()
		if !extractCheck(t, "random", []byte(page)) {
			return
		}
		if !extractCheck(t, "random prefix", []byte(page[:rng.IntN(len(page)+1)])) {
			return
		}
	}
}

// TestExtractHTMLConcurrent runs ExtractHTML on the pages of a site from
// several goroutines at once (as the build does), which must not change
// what it reads.
func TestExtractHTMLConcurrent(t *testing.T) {
	var pages [][]byte
	for _, data := range extractSitePages(t, corpus.FS(corpus.Generate(20))) {
		pages = append(pages, data)
	}
	want := make([]search.PageText, len(pages))
	for i, p := range pages {
		want[i] = search.ExtractHTML(p)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for k := range 3 * len(pages) {
				i := (k*7 + w) % len(pages)
				if got := search.ExtractHTML(pages[i]); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("page %d read differently from goroutine %d", i, w)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestExtractHTMLExamples pins down a few results, so that the reference
// itself is checked too.
func TestExtractHTMLExamples(t *testing.T) {
	for _, c := range []struct {
		page string
		want search.PageText
	}{
		{"<main><p><a>中</a><em>文</em> and <b>bold</b>text &amp; more</p></main>",
			search.PageText{Body: []string{"中文 and bold text & more"}, Paragraphs: []string{"中文 and bold text & more"}}},
		{"<body><nav>n</nav><h2>Head</h2><ul><li>one</li><li>two</li></ul></body>",
			search.PageText{Headings: []string{"Head"}, Body: []string{"one", "two"}}},
		{"<main><h1>Title</h1><div aria-hidden=\"true\">x</div></main>", search.PageText{}},
	} {
		if got := search.ExtractHTML([]byte(c.page)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("ExtractHTML(%q) = %#v, want %#v", c.page, got, c.want)
		}
	}
}

// FuzzExtractHTML compares ExtractHTML with the reference on arbitrary
// input.
func FuzzExtractHTML(f *testing.F) {
	for _, s := range extractSnippets {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		in := bytes.Clone(page)
		got := search.ExtractHTML(page)
		if !bytes.Equal(in, page) {
			t.Fatalf("ExtractHTML modified its input")
		}
		if want := extractHTMLReference(page); !reflect.DeepEqual(got, want) {
			t.Errorf("ExtractHTML(%q)\n got %#v\nwant %#v", page, got, want)
		}
	})
}

// BenchmarkExtractHTML extracts the text of every page of a generated site,
// with ExtractHTML and with the reference it replaced.
func BenchmarkExtractHTML(b *testing.B) {
	var pages [][]byte
	var size int
	for _, data := range extractSitePages(b, corpus.FS(corpus.Generate(200))) {
		pages = append(pages, data)
		size += len(data)
	}
	for _, bm := range []struct {
		name string
		f    func([]byte) search.PageText
	}{{"new", search.ExtractHTML}, {"reference", extractHTMLReference}} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size / len(pages)))
			i := 0
			for b.Loop() {
				bm.f(pages[i%len(pages)])
				i++
			}
		})
	}
}
