package markdown

import (
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// outwardBreaks is the plain statement of lineBreaks' rule: from each soft
// break, look back and ahead through the inline content of its block for
// the nearest characters. (It is quadratic on a line of empty links,
// which is why lineBreaks does it in two passes.) It returns the breaks
// that go.
func outwardBreaks(doc ast.Node, src []byte, eitherSide bool) map[*ast.Text]bool {
	var edge func(n ast.Node, last bool) (rune, bool)
	edge = func(n ast.Node, last bool) (rune, bool) {
		var v []byte
		switch n := n.(type) {
		case *ast.Text:
			v = n.Segment.Value(src)
		case *ast.String:
			v = n.Value
		default:
			c := n.FirstChild()
			if last {
				c = n.LastChild()
			}
			for c != nil {
				if r, ok := edge(c, last); ok {
					return r, true
				}
				if last {
					c = c.PreviousSibling()
				} else {
					c = c.NextSibling()
				}
			}
			return 0, false
		}
		if len(v) == 0 {
			return 0, false
		}
		if last {
			r, _ := utf8.DecodeLastRune(v)
			return r, true
		}
		r, _ := utf8.DecodeRune(v)
		return r, true
	}
	near := func(t *ast.Text, last bool) (rune, bool) {
		if last {
			if r, ok := edge(t, true); ok {
				return r, true
			}
		}
		for n := ast.Node(t); n != nil && n.Type() == ast.TypeInline; n = n.Parent() {
			s := n.NextSibling()
			if last {
				s = n.PreviousSibling()
			}
			for s != nil {
				if r, ok := edge(s, last); ok {
					return r, true
				}
				if last {
					s = s.PreviousSibling()
				} else {
					s = s.NextSibling()
				}
			}
		}
		return 0, false
	}
	gone := map[*ast.Text]bool{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := n.(*ast.Text)
		if !entering || !ok || !t.SoftLineBreak() {
			return ast.WalkContinue, nil
		}
		before, okb := near(t, true)
		after, oka := near(t, false)
		wb, wa := isWide(before), isWide(after)
		gone[t] = okb && oka && (wb && wa || eitherSide && (wb || wa))
		return ast.WalkContinue, nil
	})
	return gone
}

func FuzzLineBreaks(f *testing.F) {
	for _, s := range []string{"技术\n转移\n", "文本\n[链接](x)继续\n", "[链接](x)\n继续\n", "这是\n**重点**\n内容\n", "遵守\nWTO 规则\n",
		"application,\nwhereas\n", "[](x)\n[](y)\n技\n", "- 技\n  术\n- **\n  转\n", "| 技 |\n|---|\n| 术\n转 |\n", "`技`\n`术`\n",
		"技\n[](x)\n\n术\n", "技\n\n[](x)\n术\n", "- 技\n  [](x)\n- 术\n"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList, extension.Typographer))
	f.Fuzz(func(t *testing.T, src string, eitherSide bool) {
		b := []byte(src)
		doc := md.Parser().Parse(text.NewReader(b))
		want := outwardBreaks(doc, b, eitherSide)
		lineBreaks{eitherSide: eitherSide}.Transform(doc.(*ast.Document), text.NewReader(b), nil)
		for brk, gone := range want {
			if brk.SoftLineBreak() == gone {
				t.Errorf("%q: the break after %q: gone %v, want %v", src, brk.Segment.Value(b), !brk.SoftLineBreak(), gone)
			}
		}
	})
}
