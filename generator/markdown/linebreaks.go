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

func (lb lineBreaks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := n.(*ast.Text)
		if !entering || !ok || !t.SoftLineBreak() {
			return ast.WalkContinue, nil
		}
		before, okBefore := lastRune(t, src)
		after, okAfter := firstRuneAfter(t, src)
		if !okBefore || !okAfter {
			return ast.WalkContinue, nil
		}
		wb, wa := isWide(before), isWide(after)
		if wb && wa || lb.eitherSide && (wb || wa) {
			t.SetSoftLineBreak(false)
		}
		return ast.WalkContinue, nil
	})
}

// lastRune returns the last character written before the break at the end
// of t: t's own, or that of the inline content before it.
func lastRune(t *ast.Text, src []byte) (rune, bool) {
	if v := t.Segment.Value(src); len(v) > 0 {
		r, _ := utf8.DecodeLastRune(v)
		return r, true
	}
	for n := ast.Node(t); n != nil; n = n.Parent() {
		if _, isBlock := n.(*ast.Paragraph); isBlock {
			break
		}
		for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
			if r, ok := edgeRune(p, src, true); ok {
				return r, true
			}
		}
	}
	return 0, false
}

// firstRuneAfter returns the first character of the inline content after t
// in the same block.
func firstRuneAfter(t *ast.Text, src []byte) (rune, bool) {
	for n := ast.Node(t); n != nil && n.Type() == ast.TypeInline; n = n.Parent() {
		for s := n.NextSibling(); s != nil; s = s.NextSibling() {
			if r, ok := edgeRune(s, src, false); ok {
				return r, true
			}
		}
	}
	return 0, false
}

// edgeRune finds the first (or last) character of the text inside n.
func edgeRune(n ast.Node, src []byte, last bool) (rune, bool) {
	switch n := n.(type) {
	case *ast.Text:
		if v := n.Segment.Value(src); len(v) > 0 {
			if last {
				r, _ := utf8.DecodeLastRune(v)
				return r, true
			}
			r, _ := utf8.DecodeRune(v)
			return r, true
		}
		return 0, false
	case *ast.String:
		if len(n.Value) > 0 {
			if last {
				r, _ := utf8.DecodeLastRune(n.Value)
				return r, true
			}
			r, _ := utf8.DecodeRune(n.Value)
			return r, true
		}
		return 0, false
	}
	if last {
		for c := n.LastChild(); c != nil; c = c.PreviousSibling() {
			if r, ok := edgeRune(c, src, true); ok {
				return r, true
			}
		}
	} else {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if r, ok := edgeRune(c, src, false); ok {
				return r, true
			}
		}
	}
	return 0, false
}
