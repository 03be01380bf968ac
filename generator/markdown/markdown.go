// Package markdown converts page bodies to HTML with goldmark, configured
// once per build: GFM, footnotes, definition lists, CJK line breaks, heading
// ids with anchor links, a table of contents, chroma highlighting with CSS
// classes, links to .md files rewritten through a resolver, and raw HTML
// escaped unless allowed. It knows nothing of pages or URLs; the caller
// passes a LinkResolver. A body past the limits in limits.go (nesting,
// elements, markup left open) is refused with the line where it passed
// one, so that any body converts in time in proportion to its size.
package markdown

import (
	"bytes"
	"fmt"
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configure a Converter.
type Options struct {
	// Unsafe lets raw HTML through; otherwise it is shown as escaped text.
	Unsafe bool

	limits *limits // defaultLimits unless a test sets others
}

// Converter renders Markdown. It is safe for concurrent use.
type Converter struct {
	latin  goldmark.Markdown // typographic quotes and dashes
	cjk    goldmark.Markdown // none (they are wrong in Chinese text); line breaks joined more eagerly
	opts   Options
	limits limits
	code   *codeCache // shared by both
}

// LinkResolver maps a link destination to the URL to write. ok is false for
// a link to a page that does not exist. lang, when not empty, is the
// target's language if it differs from the page's.
type LinkResolver func(dest string) (url, lang string, ok bool)

// Heading is an entry of the table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Problem is something wrong in the Markdown, at a line of the body.
type Problem struct {
	Line    int // 1-based line of the body
	Code    string
	Message string
	Warning bool
}

// Result is a converted body.
type Result struct {
	HTML []byte
	TOC  []Heading
	// Summary is the plain text of the first paragraph.
	Summary string
}

// New sets up goldmark once for a build.
func New(opts Options) *Converter {
	noMatchTimeouts()
	c := &Converter{opts: opts, limits: defaultLimits, code: &codeCache{html: map[codeKey]string{}}}
	if opts.limits != nil {
		c.limits = *opts.limits
	}
	c.latin = c.newMarkdown(false)
	c.cjk = c.newMarkdown(true)
	return c
}

func (c *Converter) newMarkdown(cjk bool) goldmark.Markdown {
	exts := []goldmark.Extender{
		extension.GFM,
		extension.Footnote,
		extension.DefinitionList,
		extension.NewCJK(extension.WithEscapedSpace()),
	}
	// The marks goldmark has inline parsers for, spaces (linkify's) aside.
	marks := []byte("`<*_![]~(")
	if !cjk {
		exts = append(exts, extension.Typographer)
		marks = append(marks, "'\"-.,>"...)
	}
	md := goldmark.New(
		goldmark.WithParser(newParser(marks)),
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithAttribute(),
			parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 100), util.Prioritized(lineBreaks{eitherSide: cjk}, 200)),
		),
	)
	if c.opts.Unsafe {
		md.Renderer().AddOptions(gmhtml.WithUnsafe())
	}
	md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{unsafe: c.opts.Unsafe, code: c.code}, 100)))
	return md
}

var (
	resolverKey = parser.NewContextKey()
	problemsKey = parser.NewContextKey()
)

// IsCJK reports whether a language code is Chinese, Japanese or Korean.
func IsCJK(lang string) bool {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	return base == "zh" || base == "ja" || base == "ko"
}

// Convert renders src, a page body written in lang. resolve may be nil.
// Bytes that are not UTF-8 are replaced (goldmark's CJK handling assumes
// valid text); callers report them as errors beforehand.
func (c *Converter) Convert(src []byte, lang string, resolve LinkResolver) (res Result, problems []Problem) {
	if !utf8.Valid(src) {
		src = bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	defer func() {
		if r := recover(); r != nil {
			res = Result{}
			if o, ok := r.(overLimit); ok {
				problems = append(problems, o.Problem)
				return
			}
			// A bug in a Markdown extension must not take the build down.
			problems = append(problems, Problem{Line: 1, Code: "markdown", Message: fmt.Sprintf("cannot render this Markdown (internal error: %v); please report it", r)})
		}
	}()
	md := c.latin
	if IsCJK(lang) {
		md = c.cjk
	}
	ln := &lines{src: src}
	b := &budget{limits: c.limits, lines: ln}
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(resolverKey, resolve)
	pc.Set(problemsKey, &problems)
	pc.Set(budgetKey, b)
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))

	rawLines := map[int]bool{}
	plainWarned := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			if n.Level >= 2 && n.Level <= 4 {
				res.TOC = append(res.TOC, Heading{Level: n.Level, ID: string(idb), Text: plainText(n, src)})
			}
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph:
			if res.Summary == "" && n.Parent() == doc {
				res.Summary = plainText(n, src)
			}
		case *ast.Link:
			b.writeLink(n, n.Destination, n.Title)
		case *ast.Image:
			b.writeLink(n, n.Destination, n.Title)
		case *ast.FencedCodeBlock:
			if !b.highlight(n) && !plainWarned {
				plainWarned = true
				problems = append(problems, Problem{Line: ln.of(posOf(n)), Code: "code-not-highlighted", Warning: true,
					Message: fmt.Sprintf("this code block and those after it are shown without highlighting: the page has more than %s of code", size(b.limits.code))})
			}
		case *ast.HTMLBlock, *ast.RawHTML:
			if line := ln.of(posOf(n)); !c.opts.Unsafe && !rawLines[line] {
				rawLines[line] = true
				problems = append(problems, Problem{Line: line, Code: "raw-html", Warning: true,
					Message: "raw HTML is shown as text; write Markdown instead, or set unsafe = true under [markdown] in site.toml"})
			}
		}
		return ast.WalkContinue, nil
	})

	var buf htmlBuffer
	buf.Grow(2 * len(src)) // most pages, code and all, fit
	if err := md.Renderer().Render(&buf, src, doc); err != nil {
		problems = append(problems, Problem{Line: 1, Code: "markdown", Message: fmt.Sprintf("cannot render Markdown: %v", err)})
	}
	res.HTML = buf.Bytes()
	return res, problems
}

// htmlBuffer is a bytes.Buffer that goldmark writes into directly: with
// Buffered and Flush it is a util.BufWriter, so Render does not put a
// bufio.Writer, and a second copy of every byte, in front of it.
type htmlBuffer struct{ bytes.Buffer }

func (*htmlBuffer) Buffered() int { return 0 }
func (*htmlBuffer) Flush() error  { return nil }

var _ util.BufWriter = (*htmlBuffer)(nil)

// lines finds the line of a byte offset of a body. It indexes the line
// breaks on first use, so that a body with a problem on every line is
// reported in linear time.
type lines struct {
	src    []byte
	breaks []int // offsets of '\n'
	ready  bool
}

// of returns the 1-based line of byte offset pos.
func (l *lines) of(pos int) int {
	if pos < 0 {
		return 1
	}
	if !l.ready {
		for i := 0; ; i++ {
			j := bytes.IndexByte(l.src[i:], '\n')
			if j < 0 {
				break
			}
			i += j
			l.breaks = append(l.breaks, i)
		}
		l.ready = true
	}
	n, _ := slices.BinarySearch(l.breaks, pos)
	return n + 1
}

// plainText returns the text of a node as a reader sees it: without
// markup, spaces collapsed, character references and backslash escapes
// resolved, and the typographer's quotes and dashes as characters. It is
// text, not HTML: whoever writes it into HTML escapes it, once.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			if c.IsRaw() {
				b.Write(c.Segment.Value(src))
			} else {
				writeUnescaped(&b, c.Segment.Value(src))
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			switch {
			case c.IsCode(): // HTML, as the typographer writes &rsquo;
				b.WriteString(html.UnescapeString(string(c.Value)))
			case c.IsRaw():
				b.Write(c.Value)
			default:
				writeUnescaped(&b, c.Value)
			}
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return JoinLines(b.String())
}

// textWriter is how the renderer writes text (escaped spaces dropped, as
// the CJK extension sets it); it holds no state.
var textWriter = gmhtml.NewWriter(gmhtml.WithEscapedSpace())

// writeUnescaped writes Markdown text as the reader sees it: goldmark's
// writer resolves its backslash escapes and character references into
// HTML, which is then unescaped.
func writeUnescaped(b *strings.Builder, v []byte) {
	if bytes.IndexAny(v, "&\\\x00") < 0 {
		b.Write(v)
		return
	}
	var h htmlBuffer
	textWriter.Write(&h, v)
	b.WriteString(html.UnescapeString(h.String()))
}

// JoinLines collapses white space, and drops the line breaks between two
// CJK characters instead of turning them into spaces.
func JoinLines(s string) string {
	var b strings.Builder
	var prev rune
	pendingSpace := false
	pendingBreak := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if r == '\n' {
				pendingBreak = true
			} else {
				pendingSpace = true
			}
			continue
		}
		if (pendingSpace || pendingBreak) && b.Len() > 0 {
			if pendingSpace || !(isWide(prev) || isWide(r)) {
				b.WriteByte(' ')
			}
		}
		pendingSpace, pendingBreak = false, false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}

// linkTransformer rewrites links to .md files through the resolver and
// records links to missing pages.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	resolve, _ := pc.Get(resolverKey).(LinkResolver)
	problems, _ := pc.Get(problemsKey).(*[]Problem)
	if resolve == nil {
		return
	}
	ln := budgetOf(pc).lines
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		switch n := n.(type) {
		case *ast.Link:
			dest = n.Destination
		case *ast.Image:
			dest = n.Destination
		default:
			return ast.WalkContinue, nil
		}
		url, lang, ok := resolve(string(dest))
		if !ok {
			*problems = append(*problems, Problem{Line: ln.of(posOf(n)), Code: "broken-link",
				Message: fmt.Sprintf("link to %s: no such page or file", dest)})
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = []byte(url)
			if lang != "" {
				n.SetAttributeString("hreflang", []byte(lang))
			}
		case *ast.Image:
			n.Destination = []byte(url)
		}
		return ast.WalkContinue, nil
	})
}

// posOf returns the byte offset of a node, or of its nearest ancestor that
// has one.
func posOf(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		if p := n.Pos(); p >= 0 {
			return p
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
	}
	return -1
}
