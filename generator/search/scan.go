package search

import (
	"bytes"

	"golang.org/x/net/html"
)

// This file and scanraw.go are the HTML scanner ExtractHTML reads pages
// with: a tokenizer that splits a page into the tokens
// golang.org/x/net/html's Tokenizer returns (text, start and end tags;
// comments, doctypes and raw text split as it splits them, malformed
// markup read as it reads it), without copying the page or its tags.
// entity.go decodes the text of its tokens. It knows nothing of what
// ExtractHTML keeps: only the elements the Tokenizer itself treats apart
// (raw text) and, for speed, the two attributes that hide an element's
// text from search, which it notes while it passes over a tag.

// An htmlScanner hands out the tokens of a page, one per call of next,
// which says what the token is; its fields say the rest.
type htmlScanner struct {
	b   []byte
	pos int  // where the next token starts
	raw elem // the element whose raw text comes next, if not elemOther
	// atMarkup: pos is at a tag, comment or doctype.
	atMarkup bool

	// A text token's text, as it is in the page: appendTokenText decodes
	// its character references if unescape is set and replaces its NUL
	// bytes if nul is set, as the Tokenizer's Text would.
	text          []byte
	unescape, nul bool

	elem        elem // a tag's element
	selfClosing bool // a start tag ends in "/>"
	// hidden: a start tag has a data-search-ignore attribute, or
	// aria-hidden="true".
	hidden bool
}

// A tokenKind is what a token is.
type tokenKind uint8

const (
	endOfPage tokenKind = iota // the page ends, or the Tokenizer would stop with an error
	textToken
	startTagToken
	endTagToken
)

// next reads the page's next token and returns its kind. After endOfPage
// it returns endOfPage again.
func (s *htmlScanner) next() tokenKind {
	b, n := s.b, len(s.b)
	if s.raw != elemOther {
		e, start := s.raw, s.pos
		s.raw = elemOther
		s.pos = rawTextEnd(b, start, e)
		if s.pos > start {
			return s.textToken(b[start:s.pos], e == elemTextarea || e == elemTitle, true)
		}
	}
	for {
		// The next '<' that starts a tag, comment or doctype; any other
		// '<' is text, as is one at the very end.
		pos, k := s.pos, s.pos
		for !s.atMarkup {
			j := bytes.IndexByte(b[k:], '<')
			if j < 0 || k+j+1 >= n {
				k = n
				break
			}
			k += j
			if c := b[k+1]; isASCIILetter(c) || c == '/' || c == '!' || c == '?' {
				break
			}
			k++
		}
		s.atMarkup = false
		if k > pos {
			s.pos, s.atMarkup = k, k < n
			return s.textToken(b[pos:k], true, false)
		}
		if k >= n {
			return endOfPage
		}
		switch c := b[k+1]; {
		case isASCIILetter(c):
			t, ok := scanTag(b, k+1, true)
			if !ok { // the page ends inside the tag
				return s.stop()
			}
			s.pos = t.end
			e := lookupElem(b[k+1 : t.nameEnd])
			selfClosing, hidden := t.selfClosing, t.hidden
			if t.slow {
				selfClosing, hidden = slowTag(b[k:t.end])
			}
			if e.raw() {
				s.raw = e
			}
			s.elem, s.selfClosing, s.hidden = e, selfClosing, hidden
			return startTagToken
		case c == '/':
			if k+2 >= n { // "</" at the very end is text of its own
				s.pos = n
				return s.textToken(b[k:], true, false)
			}
			c = b[k+2]
			if c == '>' { // "</>" is nothing
				s.pos = k + 3
				continue
			}
			if isASCIILetter(c) {
				t, ok := scanTag(b, k+2, false)
				if !ok {
					return s.stop()
				}
				s.pos = t.end
				s.elem = lookupElem(b[k+2 : t.nameEnd])
				return endTagToken
			}
			// "</" and anything else starts a bogus comment.
			s.pos = pastCloseAngle(b, k+2)
		case c == '!':
			if k+3 >= n { // a comment to the end of the page
				return s.stop()
			}
			if b[k+2] == '-' && b[k+3] == '-' {
				s.pos = commentEnd(b, k+4)
			} else {
				s.pos = pastCloseAngle(b, k+2) // a doctype or a bogus comment
			}
		default: // '?': a bogus comment
			s.pos = pastCloseAngle(b, k+1)
		}
		if s.pos < 0 { // the comment runs to the end of the page
			return s.stop()
		}
	}
}

// textToken is a text token of text.
func (s *htmlScanner) textToken(text []byte, unescape, nul bool) tokenKind {
	s.text, s.unescape, s.nul = text, unescape, nul
	return textToken
}

// stop ends the page: the Tokenizer stops with an error here.
func (s *htmlScanner) stop() tokenKind {
	s.pos, s.raw = len(s.b), elemOther
	return endOfPage
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
	hidden      bool // data-search-ignore, or aria-hidden="true" (start tags)
	slow        bool // selfClosing and hidden need slowTag
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
					t.hidden = true
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
						t.hidden = true
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
func slowTag(raw []byte) (selfClosing, hidden bool) {
	z := html.NewTokenizer(bytes.NewReader(raw))
	tt := z.Next()
	_, more := z.TagName()
	for more && !hidden {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "data-search-ignore":
			hidden = true
		case "aria-hidden":
			hidden = string(v) == "true"
		}
	}
	return tt == html.SelfClosingTagToken, hidden
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
