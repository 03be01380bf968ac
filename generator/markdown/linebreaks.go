package markdown

import (
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// lineBreaks drops the soft line breaks that would show as a space between
// Chinese (or Japanese, Korean) characters, looking across links and
// emphasis. goldmark's own option looks at one text node only, so a break
// next to a link kept its space; and its CSS3 style also joined English
// lines ending in a comma.
//
// In CJK pages a break goes when the character on either side is wide (as
// in CSS Text 3's segment break rules); elsewhere only when both are.
type lineBreaks struct {
	eitherSide bool
}

// softBreak is a break waiting for the character after it.
type softBreak struct {
	text   *ast.Text
	before rune // -1 if none
}

// Transform walks each block's text in reading order, keeping the last
// character seen; a break waits for the next character, then goes or
// stays. (Looking outward from each break instead took quadratic time on
// a line of many empty links.)
func (lb lineBreaks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var last rune = -1
	var waiting []softBreak
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock {
			// Text is only ever in leaf blocks: breaks look no further.
			last, waiting = -1, waiting[:0]
			return ast.WalkContinue, nil
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		var v []byte
		var t *ast.Text
		switch n := n.(type) {
		case *ast.Text:
			v, t = n.Segment.Value(src), n
		case *ast.String:
			v = n.Value
		default:
			return ast.WalkContinue, nil
		}
		if len(v) > 0 {
			after, _ := utf8.DecodeRune(v)
			for _, w := range waiting {
				if w.before >= 0 {
					wb, wa := isWide(w.before), isWide(after)
					if wb && wa || lb.eitherSide && (wb || wa) {
						w.text.SetSoftLineBreak(false)
					}
				}
			}
			waiting = waiting[:0]
			last, _ = utf8.DecodeLastRune(v)
		}
		if t != nil && t.SoftLineBreak() {
			waiting = append(waiting, softBreak{t, last})
		}
		return ast.WalkContinue, nil
	})
}
