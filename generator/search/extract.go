package search

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PageText is the searchable text of a rendered page: what the reader
// sees in its main content, not the header, footer or navigation.
type PageText struct {
	Headings []string // h2–h6, in order
	Body     []string // blocks of text (paragraphs, list items, cells …)
	// Paragraphs are the blocks that are <p> elements, for excerpts: the
	// prose of the page rather than its facts and labels.
	Paragraphs []string
}

// ExtractHTML reads the text of a rendered page from its <main> element,
// or from <body> without its header, footer and nav when there is no
// <main>. The h1 is left out (the title is a field of its own), and so are
// navigation, scripts, and anything marked aria-hidden="true" or
// data-search-ignore.
func ExtractHTML(page []byte) PageText {
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
		out     PageText
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
			if len(blocks) > 0 && blocks[len(blocks)-1] == atom.P {
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
					if !isHan(last) || !isHan(first) {
						block.WriteByte(' ')
					}
				}
				soft = false
				block.Write(text)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			void := tt == html.SelfClosingTagToken || voidElements[a]
			if inside == 0 {
				if (useMain && a == atom.Main) || (!useMain && a == atom.Body) {
					inside = 1
				}
				continue
			}
			if skip > 0 || ignored(a, useMain, hasAttr, z) {
				if !void {
					skip++
					inside++
				}
				continue
			}
			if blockElements[a] || void {
				flush()
			}
			if blockElements[a] && !void {
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
			if voidElements[a] {
				continue
			}
			inside--
			if skip > 0 {
				skip--
				continue
			}
			if blockElements[a] {
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

// ignored reports whether an element's text is left out of the index.
func ignored(a atom.Atom, useMain, hasAttr bool, z *html.Tokenizer) bool {
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

var voidElements = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true,
	atom.Track: true, atom.Wbr: true,
}

// blockElements end a block of text: words on either side are not adjacent.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Td: true, atom.Th: true, atom.Tr: true, atom.Table: true,
	atom.Caption: true, atom.Section: true, atom.Article: true, atom.Blockquote: true, atom.Pre: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Figure: true, atom.Figcaption: true, atom.Details: true, atom.Summary: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Main: true, atom.Body: true,
}
