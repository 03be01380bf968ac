package search

// The elements the scanner and ExtractHTML tell apart by their tag names.

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
