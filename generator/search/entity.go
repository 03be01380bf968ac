package search

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// The text of the scanner's text tokens, decoded as the Tokenizer decodes
// it: line ends, NUL bytes and character references.

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
