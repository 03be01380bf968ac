package markdown

import (
	"bytes"
	"strings"
	"sync"
	"unicode"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer replaces goldmark's rendering of headings (to add anchor
// links), fenced code (to highlight it) and raw HTML (to escape it rather
// than drop it).
type nodeRenderer struct {
	unsafe bool
	code   *codeCache
}

// codeCache keeps the highlighted HTML of each distinct code block for the
// life of a Converter, one build: a translation repeats the code of the
// page it translates, and sites repeat snippets; highlighting a block
// costs more than converting the rest of its page.
type codeCache struct {
	mu    sync.Mutex
	html  map[codeKey]string
	bytes int
}

type codeKey struct{ lang, code string }

// codeCacheMax bounds what a build keeps; past it, blocks are highlighted
// every time.
const codeCacheMax = 64 << 20

func (c *codeCache) get(k codeKey) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	html, ok := c.html[k]
	return html, ok
}

func (c *codeCache) put(k codeKey, html string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bytes+len(html)+len(k.code) <= codeCacheMax {
		c.html[k] = html
		c.bytes += len(html) + len(k.code)
	}
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.renderHeading)
	reg.Register(ast.KindFencedCodeBlock, r.renderFencedCode)
	reg.Register(ast.KindLink, r.renderLink)
	if !r.unsafe {
		reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
		reg.Register(ast.KindRawHTML, r.renderRawHTML)
	}
}

func (r *nodeRenderer) renderHeading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	tag := "h" + string(rune('0'+n.Level))
	if entering {
		w.WriteString("<" + tag)
		if n.Attributes() != nil {
			html.RenderAttributes(w, n, html.HeadingAttributeFilter)
		}
		w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id, ok := n.AttributeString("id"); ok {
		if idb, ok := id.([]byte); ok && len(idb) > 0 {
			w.WriteString(` <a class="anchor" href="#`)
			w.Write(util.EscapeHTML(util.URLEscape(idb, false)))
			w.WriteString(`" aria-label="§ `)
			w.Write(util.EscapeHTML([]byte(plainText(n, src))))
			w.WriteString(`">#</a>`)
		}
	}
	w.WriteString("</" + tag + ">\n")
	return ast.WalkContinue, nil
}

var linkAttributes = html.LinkAttributeFilter.ExtendString("hreflang")

// renderLink is goldmark's, with hreflang kept for links to a page in
// another language.
func (r *nodeRenderer) renderLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !entering {
		w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<a href="`)
	dest := util.URLEscape(n.Destination, true)
	if r.unsafe || !html.IsDangerousURL(dest) {
		w.Write(util.EscapeHTML(dest))
	}
	w.WriteByte('"')
	if n.Title != nil {
		w.WriteString(` title="`)
		w.Write(util.EscapeHTML(n.Title))
		w.WriteByte('"')
	}
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, linkAttributes)
	}
	w.WriteByte('>')
	return ast.WalkContinue, nil
}

// codeFormatter writes the stylesheet of the classes writeHighlighted
// uses, and is what that function's output is tested against.
var codeFormatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithPreWrapper(preWrapper{}))

type preWrapper struct{}

// Start makes the block focusable, so keyboard users can scroll it.
func (preWrapper) Start(code bool, styleAttr string) string {
	return `<pre class="chroma" tabindex="0"><code>`
}

func (preWrapper) End(code bool) string { return "</code></pre>" }

func (r *nodeRenderer) renderFencedCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code.Write(seg.Value(src))
	}
	lang := ""
	if n.Info != nil {
		lang = string(n.Language(src))
	}
	if _, plain := n.Attribute(plainCode); plain {
		writePlainCode(w, code.Bytes())
		return ast.WalkSkipChildren, nil
	}
	key := codeKey{lang, code.String()}
	if html, ok := r.code.get(key); ok {
		w.WriteString(html)
		return ast.WalkSkipChildren, nil
	}
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	lexer = chroma.Coalesce(lexer)
	if it, err := lexer.Tokenise(nil, key.code); err == nil {
		var html strings.Builder
		writeHighlighted(&html, it.Tokens())
		html.WriteByte('\n')
		r.code.put(key, html.String())
		w.WriteString(html.String())
		return ast.WalkSkipChildren, nil
	}
	writePlainCode(w, code.Bytes())
	return ast.WalkSkipChildren, nil
}

func writePlainCode(w util.BufWriter, code []byte) {
	w.WriteString(`<pre tabindex="0"><code>`)
	w.Write(util.EscapeHTML(code))
	w.WriteString("</code></pre>\n")
}

func (r *nodeRenderer) renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	w.WriteString(`<p class="raw-html">`)
	var raw bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		raw.Write(seg.Value(src))
	}
	if n.HasClosure() {
		raw.Write(n.ClosureLine.Value(src))
	}
	w.Write(util.EscapeHTML(bytes.TrimRightFunc(raw.Bytes(), unicode.IsSpace)))
	w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		w.Write(util.EscapeHTML(seg.Value(src)))
	}
	return ast.WalkSkipChildren, nil
}

// Stylesheet returns the CSS for highlighted code: a light style, and a dark
// one under prefers-color-scheme: dark.
func Stylesheet() []byte {
	var b bytes.Buffer
	b.WriteString("/* Generated by Qiao from chroma's github and github-dark styles. */\n")
	_ = codeFormatter.WriteCSS(&b, styles.Get("github"))
	var dark bytes.Buffer
	_ = codeFormatter.WriteCSS(&dark, styles.Get("github-dark"))
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	for _, line := range strings.SplitAfter(dark.String(), "\n") {
		if line != "" {
			b.WriteString("  " + line)
		}
	}
	b.WriteString("}\n")
	return b.Bytes()
}
