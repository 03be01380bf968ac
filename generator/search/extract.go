package search

import (
	"bytes"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html"
)

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
// scanner of its own that does not copy the page or its tags: ExtractHTML
// is run on every page of a site. The strings of the result share one
// allocation.
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
	x.scan(page)
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

// startTag handles a start tag: void if it has no end tag, ignore if its
// text is left out.
func (x *extractor) startTag(e elem, void, ignore bool) {
	if x.inside == 0 {
		if (x.useMain && e == elemMain) || (!x.useMain && e == elemBody) {
			x.inside = 1
		}
		return
	}
	if x.skip > 0 || ignore {
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

// scan reads the page's tokens as html.Tokenizer does: text, start and
// end tags, and the comments, doctypes and raw text it splits them into.
// Where the Tokenizer stops with an error, at the end of the page or
// inside a tag, scan stops.
func (x *extractor) scan(b []byte) {
	n := len(b)
	pos := 0
	raw := elemOther // the element whose raw text comes next, if any
	for {
		if raw != elemOther {
			end := rawTextEnd(b, pos, raw)
			if end > pos {
				x.addText(b[pos:end], raw == elemTextarea || raw == elemTitle, true)
			}
			pos, raw = end, elemOther
		}
		// The next '<' that starts a tag, comment or doctype; any other
		// '<' is text, as is one at the very end.
		k := pos
		for {
			i := bytes.IndexByte(b[k:], '<')
			if i < 0 || k+i+1 >= n {
				k = n
				break
			}
			k += i
			if c := b[k+1]; isASCIILetter(c) || c == '/' || c == '!' || c == '?' {
				break
			}
			k++
		}
		if k > pos {
			x.addText(b[pos:k], true, false)
		}
		if k >= n {
			x.flush()
			return
		}
		switch c := b[k+1]; {
		case isASCIILetter(c):
			t, ok := scanTag(b, k+1, true)
			if !ok { // the page ends inside the tag
				x.flush()
				return
			}
			pos = t.end
			e := lookupElem(b[k+1 : t.nameEnd])
			void, ignore := t.selfClosing, t.ignore
			if t.slow {
				void, ignore = slowTag(b[k:t.end])
			}
			void = void || e.void()
			if x.inside > 0 && x.skip == 0 {
				ignore = ignore || e.ignored(x.useMain)
			}
			x.startTag(e, void, ignore)
			if e.raw() {
				raw = e
			}
		case c == '/':
			if k+2 >= n { // "</" at the very end is text of its own
				x.addText(b[k:], true, false)
				x.flush()
				return
			}
			c = b[k+2]
			if c == '>' { // "</>" is nothing
				pos = k + 3
				break
			}
			if isASCIILetter(c) {
				t, ok := scanTag(b, k+2, false)
				if !ok {
					x.flush()
					return
				}
				pos = t.end
				x.endTag(lookupElem(b[k+2 : t.nameEnd]))
				break
			}
			// "</" and anything else starts a bogus comment.
			if pos = pastCloseAngle(b, k+2); pos < 0 {
				x.flush()
				return
			}
		case c == '!':
			if k+3 >= n { // a comment to the end of the page
				x.flush()
				return
			}
			if b[k+2] == '-' && b[k+3] == '-' {
				pos = commentEnd(b, k+4)
			} else {
				pos = pastCloseAngle(b, k+2) // a doctype or a bogus comment
			}
			if pos < 0 {
				x.flush()
				return
			}
		default: // '?': a bogus comment
			if pos = pastCloseAngle(b, k+1); pos < 0 {
				x.flush()
				return
			}
		}
	}
}

// pastCloseAngle returns the index after the first '>' in b[i:], or -1.
func pastCloseAngle(b []byte, i int) int {
	if j := bytes.IndexByte(b[i:], '>'); j >= 0 {
		return i + j + 1
	}
	return -1
}

// commentEnd returns the index after the comment whose text starts at
// b[i] (after "<!--"), or -1 if it runs to the end of the page.
func commentEnd(b []byte, i int) int {
	dashes := 0
	beginning := true
	for i < len(b) {
		c := b[i]
		i++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i
			}
		case '!':
			if dashes >= 2 {
				if i >= len(b) {
					return -1
				}
				c = b[i]
				i++
				if c == '>' {
					return i
				} else if c == '-' {
					dashes = 1
					beginning = false
					continue
				}
			}
		}
		dashes = 0
		beginning = false
	}
	return -1
}

// A scannedTag is a tag as scanTag reads it.
type scannedTag struct {
	nameEnd     int  // the name is from the byte after '<' or "</" to here
	end         int  // after the '>'
	selfClosing bool // ends in "/>" (start tags)
	ignore      bool // data-search-ignore, or aria-hidden="true" (start tags)
	slow        bool // selfClosing and ignore need slowTag
}

// scanTag reads the tag whose name starts at b[i] as the Tokenizer's
// readTag does. ok is false if the page ends inside it.
func scanTag(b []byte, i int, start bool) (t scannedTag, ok bool) {
	n := len(b)
	j := i + 1
	for {
		if j >= n {
			return t, false
		}
		if c := b[j]; c == '/' || c == '>' || isTagSpace(c) {
			break
		}
		j++
	}
	t.nameEnd = j
	aria := false        // an aria-hidden attribute was seen
	lastKeyEmpty := true // of the last attribute read
	lastValEnd := -1     // of the last attribute read
	for {
		for j < n && isTagSpace(b[j]) {
			j++
		}
		if j >= n {
			return t, false
		}
		if b[j] == '>' {
			j++
			break
		}
		// The attribute's key: a leading '=' is part of it.
		ks := j
		for {
			if j >= n {
				return t, false
			}
			c := b[j]
			j++
			if c == '=' && j == ks+1 {
				continue
			}
			if c == '=' || c == '/' || c == '>' || isTagSpace(c) {
				j--
				break
			}
		}
		ke := j
		// Its value.
		vs, ve := j, j
		for j < n && isTagSpace(b[j]) {
			j++
		}
		if j >= n {
			return t, false
		}
		switch b[j] {
		case '/':
			j++
		case '=':
			j++
			for j < n && isTagSpace(b[j]) {
				j++
			}
			if j >= n {
				return t, false
			}
			switch q := b[j]; q {
			case '>':
			case '"', '\'':
				e := bytes.IndexByte(b[j+1:], q)
				if e < 0 {
					return t, false
				}
				vs, ve = j+1, j+1+e
				j = ve + 1
			default:
				vs = j
				for {
					j++
					if j >= n {
						return t, false
					}
					if c := b[j]; c == '>' || isTagSpace(c) {
						break
					}
				}
				ve = j
				if b[j] != '>' {
					j++
				}
			}
		}
		if start && ke > ks {
			switch ke - ks {
			case len("data-search-ignore"):
				if equalLower(b[ks:ke], "data-search-ignore") {
					t.ignore = true
				}
			case len("aria-hidden"):
				if !aria && equalLower(b[ks:ke], "aria-hidden") {
					// The Tokenizer keeps only the first attribute of a
					// name. A character reference may spell "true"; any
					// other value is "true" only as it is in the page.
					aria = true
					if v := b[vs:ve]; bytes.IndexByte(v, '&') >= 0 {
						t.slow = true
					} else if string(v) == "true" {
						t.ignore = true
					}
				}
			}
		}
		lastKeyEmpty, lastValEnd = ke == ks, ve
	}
	t.end = j
	if start && b[j-2] == '/' {
		t.selfClosing = true
		// Unless the slash ends the last attribute's unquoted value, as
		// in <a href=/>, which it does only if that attribute is not a
		// repeat of an earlier one.
		if !lastKeyEmpty && lastValEnd-1 == j-2 {
			t.slow = true
		}
	}
	return t, true
}

// slowTag reads a start tag with html.Tokenizer, for the attributes
// scanTag leaves to it: whether the tag is self-closing, and whether its
// text is left out by its attributes.
func slowTag(raw []byte) (selfClosing, ignore bool) {
	z := html.NewTokenizer(bytes.NewReader(raw))
	tt := z.Next()
	_, more := z.TagName()
	for more && !ignore {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "data-search-ignore":
			ignore = true
		case "aria-hidden":
			ignore = string(v) == "true"
		}
	}
	return tt == html.SelfClosingTagToken, ignore
}

// rawTextEnd returns where the raw text of element e that starts at b[i]
// ends: before its end tag, or at the end of the page.
func rawTextEnd(b []byte, i int, e elem) int {
	switch e {
	case elemPlaintext:
		return len(b)
	case elemScript:
		return scriptEnd(b, i)
	}
	name := elemNames[e]
	for {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			return len(b)
		}
		i += j + 1
		if i < len(b) && b[i] == '/' {
			next, match, eof := rawEndTag(b, i+1, name)
			if match {
				return next
			}
			if eof {
				return len(b)
			}
		}
	}
}

// rawEndTag reports whether b[j:] is the name of a raw text element's end
// tag (the "</" is before j), as the Tokenizer's readRawEndTag: if so,
// next is the index of its '<'; if not, next is where to read on, and eof
// is whether the page ended first.
func rawEndTag(b []byte, j int, name string) (next int, match, eof bool) {
	for i := 0; i < len(name); i++ {
		if j >= len(b) {
			return j, false, true
		}
		if c := b[j]; c != name[i] && c != name[i]-('a'-'A') {
			return j, false, false
		}
		j++
	}
	if j >= len(b) {
		return j, false, true
	}
	switch b[j] {
	case ' ', '\n', '\r', '\t', '\f', '/', '>':
		return j - 2 - len(name), true, false
	}
	return j, false, false
}

// scriptEnd returns where a script's text that starts at b[j] ends,
// following the Tokenizer's readScript and its rules for the escaping of
// "</script>".
func scriptEnd(b []byte, j int) int {
	n := len(b)
	var c byte

scriptData:
	if k := bytes.IndexByte(b[j:], '<'); k < 0 {
		return n
	} else {
		j += k + 1
	}
	goto scriptDataLessThanSign

scriptDataLessThanSign:
	if j >= n {
		return n
	}
	c = b[j]
	j++
	switch c {
	case '/':
		goto scriptDataEndTagOpen
	case '!':
		goto scriptDataEscapeStart
	}
	j--
	goto scriptData

scriptDataEndTagOpen:
	if next, match, eof := rawEndTag(b, j, "script"); match {
		return next
	} else if eof {
		return n
	} else {
		j = next
	}
	goto scriptData

scriptDataEscapeStart:
	if j >= n {
		return n
	}
	c = b[j]
	j++
	if c == '-' {
		goto scriptDataEscapeStartDash
	}
	j--
	goto scriptData

scriptDataEscapeStartDash:
	if j >= n {
		return n
	}
	c = b[j]
	j++
	if c == '-' {
		goto scriptDataEscapedDashDash
	}
	j--
	goto scriptData

scriptDataEscaped:
	if j >= n {
		return n
	}
	c = b[j]
	j++
	switch c {
	case '-':
		goto scriptDataEscapedDash
	case '<':
		goto scriptDataEscapedLessThanSign
	}
	goto scriptDataEscaped

scriptDataEscapedDash:
	if j >= n {
		return n
	}
	c = b[j]
	j++
	switch c {
	case '-':
		goto scriptDataEscapedDashDash
	case '<':
		goto scriptDataEscapedLessThanSign
	}
	goto scriptDataEscaped

scriptDataEscapedDashDash:
	if j >= n {
		return n
	}
	c = b[j]
	j++
	switch c {
	case '-':
		goto scriptDataEscapedDashDash
	case '<':
		goto scriptDataEscapedLessThanSign
	case '>':
		goto scriptData
	}
	goto scriptDataEscaped

scriptDataEscapedLessThanSign:
	if j >= n {
		return n
	}
	c = b[j]
	j++
	if c == '/' {
		goto scriptDataEscapedEndTagOpen
	}
	if isASCIILetter(c) {
		goto scriptDataDoubleEscapeStart
	}
	j--
	goto scriptData // sic: as the Tokenizer does

scriptDataEscapedEndTagOpen:
	if next, match, eof := rawEndTag(b, j, "script"); match {
		return next
	} else if eof {
		return n
	} else {
		j = next
	}
	goto scriptDataEscaped

scriptDataDoubleEscapeStart:
	j--
	for i := 0; i < len("script"); i++ {
		if j >= n {
			return n
		}
		c = b[j]
		j++
		if c != "script"[i] && c != "SCRIPT"[i] {
			j--
			goto scriptDataEscaped
		}
	}
	if j >= n {
		return n
	}
	c = b[j]
	j++
	switch c {
	case ' ', '\n', '\r', '\t', '\f', '/', '>':
		goto scriptDataDoubleEscaped
	}
	j--
	goto scriptDataEscaped

scriptDataDoubleEscaped:
	if j >= n {
		return n
	}
	c = b[j]
	j++
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedDash:
	if j >= n {
		return n
	}
	c = b[j]
	j++
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDashDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedDashDash:
	if j >= n {
		return n
	}
	c = b[j]
	j++
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDashDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	case '>':
		goto scriptData
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedLessThanSign:
	if j >= n {
		return n
	}
	c = b[j]
	j++
	if c == '/' {
		goto scriptDataDoubleEscapeEnd
	}
	j--
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapeEnd:
	if next, match, eof := rawEndTag(b, j, "script"); match {
		j = next + len("</script>")
		goto scriptDataEscaped
	} else if eof {
		return n
	} else {
		j = next
	}
	goto scriptDataDoubleEscaped
}

// textSpecial marks the bytes appendTokenText must look at.
var textSpecial = [256]uint8{'\r': 1, 0: 2, '&': 4}

// appendTokenText appends src to dst as the Tokenizer's Text returns it: "\r\n"
// and "\r" become "\n", NUL becomes U+FFFD if nul, and character
// references are decoded if unescape.
func appendTokenText(dst, src []byte, unescape, nul bool) []byte {
	var mask uint8 = 1
	if nul {
		mask |= 2
	}
	if unescape {
		mask |= 4
	}
	if bytes.IndexByte(src, '&') < 0 && bytes.IndexByte(src, '\r') < 0 && (!nul || bytes.IndexByte(src, 0) < 0) {
		return append(dst, src...)
	}
	for {
		i := 0
		for i < len(src) && textSpecial[src[i]]&mask == 0 {
			i++
		}
		dst = append(dst, src[:i]...)
		if i == len(src) {
			return dst
		}
		switch src[i] {
		case '\r':
			dst = append(dst, '\n')
			i++
			if i < len(src) && src[i] == '\n' {
				i++
			}
		case 0:
			dst = append(dst, "\uFFFD"...)
			i++
		default:
			var k int
			dst, k = appendEntity(dst, src[i:])
			i += k
		}
		src = src[i:]
	}
}

// appendEntity decodes the character reference at the start of s (which
// starts with '&') as html.UnescapeString does, and returns how much of s
// it read.
func appendEntity(dst, s []byte) ([]byte, int) {
	if len(s) > 1 && s[1] == '#' {
		r, k := numericEntity(s)
		return utf8.AppendRune(dst, r), k
	}
	// The longest run of letters and digits, and a ';' after it.
	i := 1
	for i < len(s) && isASCIIAlnum(s[i]) {
		i++
	}
	if i < len(s) && s[i] == ';' {
		i++
	}
	switch string(s[1:i]) {
	case "":
		return append(dst, '&'), 1
	case "amp;":
		return append(dst, '&'), i
	case "lt;":
		return append(dst, '<'), i
	case "gt;":
		return append(dst, '>'), i
	case "quot;":
		return append(dst, '"'), i
	case "apos;":
		return append(dst, '\''), i
	case "nbsp;":
		return append(dst, "\u00a0"...), i
	}
	// s[:i] decodes the same on its own as followed by the rest of s.
	return append(dst, html.UnescapeString(string(s[:i]))...), i
}

// numericEntity decodes a reference such as "&#20013;" or "&#x4e2d;" at
// the start of s, as the Tokenizer does.
func numericEntity(s []byte) (rune, int) {
	if len(s) <= 2 {
		return '&', 1
	}
	i := 2
	hex := false
	if c := s[i]; c == 'x' || c == 'X' {
		hex = true
		i++
	}
	i0 := i
	x := rune(0)
	for i < len(s) {
		c := s[i]
		var d rune
		var mult rune
		if hex {
			mult = 16
			if '0' <= c && c <= '9' {
				d = rune(c) - '0'
			} else if 'a' <= c && c <= 'f' {
				d = rune(c) - 'a' + 10
			} else if 'A' <= c && c <= 'F' {
				d = rune(c) - 'A' + 10
			} else {
				break
			}
		} else {
			mult = 10
			if '0' <= c && c <= '9' {
				d = rune(c) - '0'
			} else {
				break
			}
		}
		if x <= 0x10FFFF {
			x = mult*x + d
		}
		i++
	}
	if i == i0 {
		return '&', 1
	}
	if i < len(s) && s[i] == ';' {
		i++
	}
	if 0x80 <= x && x <= 0x9F {
		x = windows1252[x-0x80]
	} else if x == 0 || (0xD800 <= x && x <= 0xDFFF) || x > 0x10FFFF {
		x = '\uFFFD'
	}
	return x, i
}

// windows1252 are the characters numeric references to 0x80–0x9F stand
// for, as in golang.org/x/net/html.
var windows1252 = [...]rune{
	'\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
	'\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
	'\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
	'\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
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

// isTagSpace reports whether c is white space between a tag's name and
// attributes.
func isTagSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isASCIIAlnum(c byte) bool { return isASCIILetter(c) || '0' <= c && c <= '9' }

// equalLower reports whether b is s (lower case) with any of its letters in
// upper case.
func equalLower(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// An elem is an element whose tag matters to ExtractHTML.
type elem uint8

const (
	elemOther elem = iota

	// Block elements end a block of text: words on either side are not
	// adjacent.
	elemP
	elemDiv
	elemLi
	elemUl
	elemOl
	elemDl
	elemDt
	elemDd
	elemTd
	elemTh
	elemTr
	elemTable
	elemCaption
	elemSection
	elemArticle
	elemBlockquote
	elemPre
	elemH1
	elemH2
	elemH3
	elemH4
	elemH5
	elemH6
	elemFigure
	elemFigcaption
	elemDetails
	elemSummary
	elemHeader // left out when there is no <main>
	elemFooter
	elemAside
	elemMain
	elemBody

	// Void elements have no end tag.
	elemArea
	elemBase
	elemBr
	elemCol
	elemEmbed
	elemHr
	elemImg
	elemInput
	elemLink
	elemMeta
	elemSource
	elemTrack
	elemWbr

	// Left out.
	elemNav
	elemTemplate
	elemSvg
	elemButton
	elemForm
	elemScript // raw text, as are those after it
	elemStyle
	elemNoscript

	// Raw text: the Tokenizer reads no tags in them.
	elemIframe
	elemNoembed
	elemNoframes
	elemPlaintext
	elemTextarea
	elemTitle
	elemXmp

	numElems
)

func (e elem) block() bool { return elemP <= e && e <= elemBody }
func (e elem) void() bool  { return elemArea <= e && e <= elemWbr }
func (e elem) raw() bool   { return elemScript <= e && e <= elemXmp }

// ignored reports whether an element's text is left out of the index
// whatever its attributes.
func (e elem) ignored(useMain bool) bool {
	return elemNav <= e && e <= elemNoscript || !useMain && elemHeader <= e && e <= elemAside
}

var elemNames = [numElems]string{
	elemP: "p", elemDiv: "div", elemLi: "li", elemUl: "ul", elemOl: "ol", elemDl: "dl",
	elemDt: "dt", elemDd: "dd", elemTd: "td", elemTh: "th", elemTr: "tr", elemTable: "table",
	elemCaption: "caption", elemSection: "section", elemArticle: "article", elemBlockquote: "blockquote", elemPre: "pre",
	elemH1: "h1", elemH2: "h2", elemH3: "h3", elemH4: "h4", elemH5: "h5", elemH6: "h6",
	elemFigure: "figure", elemFigcaption: "figcaption", elemDetails: "details", elemSummary: "summary",
	elemHeader: "header", elemFooter: "footer", elemAside: "aside", elemMain: "main", elemBody: "body",
	elemArea: "area", elemBase: "base", elemBr: "br", elemCol: "col", elemEmbed: "embed", elemHr: "hr",
	elemImg: "img", elemInput: "input", elemLink: "link", elemMeta: "meta", elemSource: "source",
	elemTrack: "track", elemWbr: "wbr",
	elemNav: "nav", elemTemplate: "template", elemSvg: "svg", elemButton: "button", elemForm: "form",
	elemScript: "script", elemStyle: "style", elemNoscript: "noscript",
	elemIframe: "iframe", elemNoembed: "noembed", elemNoframes: "noframes", elemPlaintext: "plaintext",
	elemTextarea: "textarea", elemTitle: "title", elemXmp: "xmp",
}

// lookupElem returns the element a tag name (in any case) is.
func lookupElem(name []byte) elem {
	if len(name) > 8 {
		switch {
		case equalLower(name, "blockquote"):
			return elemBlockquote
		case equalLower(name, "figcaption"):
			return elemFigcaption
		case equalLower(name, "plaintext"):
			return elemPlaintext
		}
		return elemOther
	}
	// The name's bytes, lower case, in a number (which a NUL would make
	// ambiguous; no element has one).
	var k uint64
	for i, c := range name {
		if c == 0 {
			return elemOther
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		k |= uint64(c) << (8 * i)
	}
	switch k {
	case 'p':
		return elemP
	case 'd' | 'i'<<8 | 'v'<<16:
		return elemDiv
	case 'l' | 'i'<<8:
		return elemLi
	case 'u' | 'l'<<8:
		return elemUl
	case 'o' | 'l'<<8:
		return elemOl
	case 'd' | 'l'<<8:
		return elemDl
	case 'd' | 't'<<8:
		return elemDt
	case 'd' | 'd'<<8:
		return elemDd
	case 't' | 'd'<<8:
		return elemTd
	case 't' | 'h'<<8:
		return elemTh
	case 't' | 'r'<<8:
		return elemTr
	case 't' | 'a'<<8 | 'b'<<16 | 'l'<<24 | 'e'<<32:
		return elemTable
	case 'c' | 'a'<<8 | 'p'<<16 | 't'<<24 | 'i'<<32 | 'o'<<40 | 'n'<<48:
		return elemCaption
	case 's' | 'e'<<8 | 'c'<<16 | 't'<<24 | 'i'<<32 | 'o'<<40 | 'n'<<48:
		return elemSection
	case 'a' | 'r'<<8 | 't'<<16 | 'i'<<24 | 'c'<<32 | 'l'<<40 | 'e'<<48:
		return elemArticle
	case 'p' | 'r'<<8 | 'e'<<16:
		return elemPre
	case 'h' | '1'<<8:
		return elemH1
	case 'h' | '2'<<8:
		return elemH2
	case 'h' | '3'<<8:
		return elemH3
	case 'h' | '4'<<8:
		return elemH4
	case 'h' | '5'<<8:
		return elemH5
	case 'h' | '6'<<8:
		return elemH6
	case 'f' | 'i'<<8 | 'g'<<16 | 'u'<<24 | 'r'<<32 | 'e'<<40:
		return elemFigure
	case 'd' | 'e'<<8 | 't'<<16 | 'a'<<24 | 'i'<<32 | 'l'<<40 | 's'<<48:
		return elemDetails
	case 's' | 'u'<<8 | 'm'<<16 | 'm'<<24 | 'a'<<32 | 'r'<<40 | 'y'<<48:
		return elemSummary
	case 'h' | 'e'<<8 | 'a'<<16 | 'd'<<24 | 'e'<<32 | 'r'<<40:
		return elemHeader
	case 'f' | 'o'<<8 | 'o'<<16 | 't'<<24 | 'e'<<32 | 'r'<<40:
		return elemFooter
	case 'a' | 's'<<8 | 'i'<<16 | 'd'<<24 | 'e'<<32:
		return elemAside
	case 'm' | 'a'<<8 | 'i'<<16 | 'n'<<24:
		return elemMain
	case 'b' | 'o'<<8 | 'd'<<16 | 'y'<<24:
		return elemBody
	case 'a' | 'r'<<8 | 'e'<<16 | 'a'<<24:
		return elemArea
	case 'b' | 'a'<<8 | 's'<<16 | 'e'<<24:
		return elemBase
	case 'b' | 'r'<<8:
		return elemBr
	case 'c' | 'o'<<8 | 'l'<<16:
		return elemCol
	case 'e' | 'm'<<8 | 'b'<<16 | 'e'<<24 | 'd'<<32:
		return elemEmbed
	case 'h' | 'r'<<8:
		return elemHr
	case 'i' | 'm'<<8 | 'g'<<16:
		return elemImg
	case 'i' | 'n'<<8 | 'p'<<16 | 'u'<<24 | 't'<<32:
		return elemInput
	case 'l' | 'i'<<8 | 'n'<<16 | 'k'<<24:
		return elemLink
	case 'm' | 'e'<<8 | 't'<<16 | 'a'<<24:
		return elemMeta
	case 's' | 'o'<<8 | 'u'<<16 | 'r'<<24 | 'c'<<32 | 'e'<<40:
		return elemSource
	case 't' | 'r'<<8 | 'a'<<16 | 'c'<<24 | 'k'<<32:
		return elemTrack
	case 'w' | 'b'<<8 | 'r'<<16:
		return elemWbr
	case 'n' | 'a'<<8 | 'v'<<16:
		return elemNav
	case 't' | 'e'<<8 | 'm'<<16 | 'p'<<24 | 'l'<<32 | 'a'<<40 | 't'<<48 | 'e'<<56:
		return elemTemplate
	case 's' | 'v'<<8 | 'g'<<16:
		return elemSvg
	case 'b' | 'u'<<8 | 't'<<16 | 't'<<24 | 'o'<<32 | 'n'<<40:
		return elemButton
	case 'f' | 'o'<<8 | 'r'<<16 | 'm'<<24:
		return elemForm
	case 's' | 'c'<<8 | 'r'<<16 | 'i'<<24 | 'p'<<32 | 't'<<40:
		return elemScript
	case 's' | 't'<<8 | 'y'<<16 | 'l'<<24 | 'e'<<32:
		return elemStyle
	case 'n' | 'o'<<8 | 's'<<16 | 'c'<<24 | 'r'<<32 | 'i'<<40 | 'p'<<48 | 't'<<56:
		return elemNoscript
	case 'i' | 'f'<<8 | 'r'<<16 | 'a'<<24 | 'm'<<32 | 'e'<<40:
		return elemIframe
	case 'n' | 'o'<<8 | 'e'<<16 | 'm'<<24 | 'b'<<32 | 'e'<<40 | 'd'<<48:
		return elemNoembed
	case 'n' | 'o'<<8 | 'f'<<16 | 'r'<<24 | 'a'<<32 | 'm'<<40 | 'e'<<48 | 's'<<56:
		return elemNoframes
	case 't' | 'e'<<8 | 'x'<<16 | 't'<<24 | 'a'<<32 | 'r'<<40 | 'e'<<48 | 'a'<<56:
		return elemTextarea
	case 't' | 'i'<<8 | 't'<<16 | 'l'<<24 | 'e'<<32:
		return elemTitle
	case 'x' | 'm'<<8 | 'p'<<16:
		return elemXmp
	}
	return elemOther
}
