package search

import "bytes"

// The ends of raw text: the text of elements such as <script>, <style> or
// <textarea>, in which the Tokenizer reads no tags.

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
