package search

import (
	"bytes"
	"sync"
	"unicode/utf8"
)

// This file is the text extraction: what of a page's HTML search reads,
// and in which field. The scanner (scan.go) splits the page into tokens;
// the extractor follows the elements they open and close, and keeps the
// text of those that count, block by block.

// PageText is the searchable text of a rendered page: what the reader
// sees in its main content, not the header, footer or navigation.
type PageText struct {
	Headings []string // h2–h6, in order
	Body     []string // blocks of text (paragraphs, list items, cells …)
	// Paragraphs are the blocks that are <p> elements, for excerpts: the
	// prose of the page rather than its facts and labels, nor the text of
	// quotations, callouts, asides and figures.
	Paragraphs []string
}

// ExtractHTML reads the text of a rendered page from its <main> element,
// or from <body> without its header, footer and nav when there is no
// <main>. The h1 is left out (the title is a field of its own), and so are
// navigation, scripts, and anything marked aria-hidden="true" or
// data-search-ignore.
//
// The page is read as golang.org/x/net/html's Tokenizer reads it (raw text
// elements, comments, character references, malformed markup), by a
// scanner of its own (scan.go) that does not copy the page or its tags:
// ExtractHTML is run on every page of a site. The strings of the result
// share one allocation.
func ExtractHTML(page []byte) PageText {
	useMain := false
	if i := bytes.Index(page, []byte("<main")); i >= 0 {
		useMain = true
		page = page[i:]
		if j := bytes.LastIndex(page, []byte("</main>")); j >= 0 {
			page = page[:j+len("</main>")]
		}
	}
	x := extractors.Get().(*extractor)
	x.reset(useMain)
	x.read(page)
	out := x.result()
	if cap(x.block) > 1<<20 || cap(x.text) > 1<<20 || cap(x.spans) > 1<<16 || cap(x.blocks) > 1<<16 {
		*x = extractor{} // buffers too big to keep for the next page
	}
	extractors.Put(x)
	return out
}

var extractors = sync.Pool{New: func() any { return new(extractor) }}

// An extractor reads the text of one page. Its buffers are reused from
// page to page.
type extractor struct {
	useMain bool
	inside  int  // depth inside the element whose text counts; 0 = outside
	skip    int  // depth inside an element whose text is left out
	heading int  // depth inside h2–h6
	h1      int  // depth inside h1
	soft    bool // an inline element started or ended since the last text
	blocks  []elem
	block   []byte     // the text of the current block, as read
	text    []byte     // the finished blocks, white space collapsed, one after the other
	spans   []textSpan // where each finished block ends in text, and where it goes
}

type textSpan struct {
	end  int
	kind uint8
}

const (
	spanHeading = iota
	spanBody
	spanParagraph // Body and Paragraphs
)

func (x *extractor) reset(useMain bool) {
	*x = extractor{useMain: useMain, blocks: x.blocks[:0], block: x.block[:0], text: x.text[:0], spans: x.spans[:0]}
}

// result is the PageText of the finished blocks.
func (x *extractor) result() PageText {
	var out PageText
	if len(x.spans) == 0 {
		return out
	}
	var nh, nb, np int
	for _, sp := range x.spans {
		switch sp.kind {
		case spanHeading:
			nh++
		case spanBody:
			nb++
		default:
			nb++
			np++
		}
	}
	all := make([]string, nh+nb+np)
	h, b, p := all[:0:nh], all[nh:nh:nh+nb], all[nh+nb:nh+nb:nh+nb+np]
	s := string(x.text)
	start := 0
	for _, sp := range x.spans {
		t := s[start:sp.end]
		start = sp.end
		switch sp.kind {
		case spanHeading:
			h = append(h, t)
		case spanBody:
			b = append(b, t)
		default:
			b = append(b, t)
			p = append(p, t)
		}
	}
	if nh > 0 {
		out.Headings = h
	}
	if nb > 0 {
		out.Body = b
	}
	if np > 0 {
		out.Paragraphs = p
	}
	return out
}

// flush ends the current block of text.
func (x *extractor) flush() {
	if len(x.block) == 0 {
		return
	}
	start := len(x.text)
	x.text = appendFields(x.text, x.block)
	x.block = x.block[:0]
	if len(x.text) == start {
		return
	}
	kind := uint8(spanBody)
	if x.heading > 0 {
		kind = spanHeading
	} else if x.h1 > 0 {
		x.text = x.text[:start]
		return
	} else if n := len(x.blocks); n > 0 && x.blocks[n-1] == elemP && !x.aside() {
		kind = spanParagraph
	}
	x.spans = append(x.spans, textSpan{end: len(x.text), kind: kind})
}

// aside tells whether the current block is in a quotation, a callout
// (Markdown's > Note.), an aside or a figure: text beside the page's own
// prose, which an excerpt does not start from.
func (x *extractor) aside() bool {
	for _, e := range x.blocks {
		if e == elemBlockquote || e == elemAside || e == elemFigure {
			return true
		}
	}
	return false
}

// addText adds the text of a text token, src as it is in the page: its
// character references are decoded when unescape is set, and NUL bytes
// are replaced when nul is set.
func (x *extractor) addText(src []byte, unescape, nul bool) {
	if x.inside == 0 || x.skip > 0 {
		return
	}
	// Words on either side of an inline element's edge are kept apart,
	// except Chinese, which has no spaces to lose.
	mark := len(x.block)
	if !x.soft || mark == 0 {
		x.block = appendTokenText(x.block, src, unescape, nul)
	} else if last, _ := utf8.DecodeLastRune(x.block); !isHan(last) {
		x.block = append(x.block, ' ')
		x.block = appendTokenText(x.block, src, unescape, nul)
	} else {
		x.block = appendTokenText(x.block, src, unescape, nul)
		if first, _ := utf8.DecodeRune(x.block[mark:]); !isHan(first) {
			x.block = append(x.block, 0)
			copy(x.block[mark+1:], x.block[mark:])
			x.block[mark] = ' '
		}
	}
	x.soft = false
}

// startTag handles a start tag: void if it has no end tag, hidden if its
// attributes leave its text out.
func (x *extractor) startTag(e elem, void, hidden bool) {
	if x.inside == 0 {
		if (x.useMain && e == elemMain) || (!x.useMain && e == elemBody) {
			x.inside = 1
		}
		return
	}
	if x.skip > 0 || hidden || e.ignored(x.useMain) {
		if !void {
			x.skip++
			x.inside++
		}
		return
	}
	block := e.block()
	if block || void {
		x.flush()
	}
	if block && !void {
		x.blocks = append(x.blocks, e)
	}
	x.soft = true
	if !void {
		x.inside++
		switch e {
		case elemH2, elemH3, elemH4, elemH5, elemH6:
			x.heading++
		case elemH1:
			x.h1++
		}
	}
}

// endTag handles an end tag.
func (x *extractor) endTag(e elem) {
	if x.inside == 0 || e.void() {
		return
	}
	x.inside--
	if x.skip > 0 {
		x.skip--
		return
	}
	if e.block() {
		x.flush()
		if n := len(x.blocks); n > 0 && x.blocks[n-1] == e {
			x.blocks = x.blocks[:n-1]
		}
	}
	x.soft = true
	switch e {
	case elemH2, elemH3, elemH4, elemH5, elemH6:
		if x.heading > 0 {
			x.heading--
		}
	case elemH1:
		if x.h1 > 0 {
			x.h1--
		}
	}
	if x.inside == 0 {
		x.flush()
	}
}

// read reads the text of a page, token by token.
func (x *extractor) read(page []byte) {
	s := htmlScanner{b: page}
	for {
		switch s.next() {
		case textToken:
			x.addText(s.text, s.unescape, s.nul)
		case startTagToken:
			x.startTag(s.elem, s.selfClosing || s.elem.void(), s.hidden)
		case endTagToken:
			x.endTag(s.elem)
		default:
			x.flush()
			return
		}
	}
}

// appendFields appends the words of s (as strings.Fields splits it),
// joined by single spaces.
func appendFields(dst, s []byte) []byte {
	i := skipFieldSpace(s, 0)
	from := i // s[from:i] is copied as it is
	for i < len(s) {
		c := s[i]
		if spaceLead[c] == 0 || c == ' ' && i+1 < len(s) && spaceLead[s[i+1]] == 0 {
			i++ // not a space, or a single space between words
			continue
		}
		if spaceLen(s, i) == 0 {
			i++
			continue
		}
		dst = append(dst, s[from:i]...)
		i = skipFieldSpace(s, i)
		if i < len(s) {
			dst = append(dst, ' ')
		}
		from = i
	}
	return append(dst, s[from:]...)
}

// skipFieldSpace returns the index of the first byte at or after s[i] that
// is not white space.
func skipFieldSpace(s []byte, i int) int {
	for i < len(s) {
		if s[i] == ' ' {
			i++
			continue
		}
		n := spaceLen(s, i)
		if n == 0 {
			break
		}
		i += n
	}
	return i
}

// spaceLen returns the length of the white space character (as
// unicode.IsSpace has it) at s[i], or 0 if there is none. Checking every
// byte is the same as decoding the runes of s: the first byte of a space
// is never part of another character, even in invalid UTF-8.
func spaceLen(s []byte, i int) int {
	switch spaceLead[s[i]] {
	case 0:
		return 0
	case 1:
		return 1
	}
	if i+1 >= len(s) {
		return 0
	}
	c1 := s[i+1]
	switch s[i] {
	case 0xC2: // U+0085, U+00A0
		if c1 == 0x85 || c1 == 0xA0 {
			return 2
		}
		return 0
	}
	if i+2 >= len(s) {
		return 0
	}
	c2 := s[i+2]
	switch s[i] {
	case 0xE1: // U+1680
		if c1 == 0x9A && c2 == 0x80 {
			return 3
		}
	case 0xE2: // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
		if c1 == 0x80 && (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF) && c2 >= 0x80 ||
			c1 == 0x81 && c2 == 0x9F {
			return 3
		}
	case 0xE3: // U+3000
		if c1 == 0x80 && c2 == 0x80 {
			return 3
		}
	}
	return 0
}

// spaceLead marks the bytes that start a white space character: 1 for
// the ASCII ones, 2 for those that may start a longer one.
var spaceLead = [256]uint8{
	'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, ' ': 1,
	0xC2: 2, 0xE1: 2, 0xE2: 2, 0xE3: 2,
}
