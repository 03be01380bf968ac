package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Limits keep the time a body takes in proportion to its size. goldmark
// takes quadratic time on some shapes of input (a list nested 10,000 levels
// deep took minutes and 1.7 GB; so did brackets that never close, and
// thousands of link definitions in one paragraph) and about a microsecond
// for each element, so 10 MB of dense markup took ten seconds. No page
// written by hand comes near these limits; past one, Convert stops and
// reports the line where it was crossed.
type limits struct {
	// depth is how many block quotes, list items and footnotes may hold
	// one another. goldmark's time for a line that opens them grows with
	// the square of their number.
	depth int
	// elements bounds the lines, the inline marks (brackets, emphasis,
	// quotes, backticks, ...) and the table cells of a body.
	elements int
	// rescan bounds the bytes (and lines) goldmark reads again: to find
	// where link text, a link destination or a code span ends, or to
	// rule out a thematic break at each list a line opens. They are in
	// proportion to the body unless brackets, parentheses or backticks
	// are left open, or one line opens many lists.
	rescan int
	// definitions bounds, per paragraph, its link definitions times its
	// lines: goldmark takes out each definition by moving all the lines.
	definitions int
	// linkBytes bounds the bytes written for link destinations and
	// titles: a reference link repeats its definition's.
	linkBytes int
	// code bounds the bytes of code highlighted in a body; the blocks
	// past it are shown plain. chroma highlights a few hundred kilobytes
	// a second, and has no timeout here (see noMatchTimeouts).
	code int
}

var defaultLimits = limits{
	depth:       100,
	elements:    1_000_000,
	rescan:      256 << 20,
	definitions: 1_000_000_000,
	linkBytes:   64 << 20,
	code:        256 << 10,
}

// budget is what a body has used of its limits, kept in the parser
// context of one Convert.
type budget struct {
	limits
	lines                    *lines
	elements, rescan, output int
	code                     int
	// Of the block being parsed: the offsets of its link openers; for
	// each length of backtick run, the offset from which no run of that
	// length closes a code span; for each closing character, the offset
	// from which there is none.
	brackets []int
	spans    map[int]int
	closers  map[byte]int
}

var budgetKey = parser.NewContextKey()

func budgetOf(pc parser.Context) *budget { return pc.Get(budgetKey).(*budget) }

// overLimit is the panic that stops goldmark when a body passes a limit;
// Convert recovers it as the problem it carries.
type overLimit struct{ Problem }

func (b *budget) stop(pos int, message string) {
	panic(overLimit{Problem{Line: b.lines.of(pos), Code: "markdown-limit", Message: message}})
}

func (b *budget) count(n, pos int) {
	b.elements += n
	if b.elements > b.limits.elements {
		b.stop(pos, fmt.Sprintf("this body holds more than %d Markdown elements (lines, links, emphasis, table cells) by this line, more than Qiao converts in reasonable time; split it into several pages", b.limits.elements))
	}
}

const (
	leftOpen    = "brackets, parentheses or backticks left open make this body too slow to convert; close them, or escape them as \\[ \\( \\`"
	longMarkers = "this long line is read again for each list or block quote it opens, too slow to convert; open fewer on one line"
)

func (b *budget) scan(n, pos int, why string) {
	b.rescan += n
	if b.rescan > b.limits.rescan {
		b.stop(pos, why)
	}
}

// newParser is goldmark's default parser, with parsers that count what a
// body uses. They come before all others and never parse anything
// themselves; goldmark's own block parsers count each line they are asked
// to continue.
func newParser(inlineTriggers []byte) parser.Parser {
	blocks := parser.DefaultBlockParsers()
	for i, b := range blocks {
		blocks[i].Value = countedBlock{b.Value.(parser.BlockParser)}
	}
	return parser.NewParser(
		parser.WithBlockParsers(append(blocks, util.Prioritized(blockLimit{}, -1))...),
		parser.WithInlineParsers(append(parser.DefaultInlineParsers(), util.Prioritized(inlineLimit{inlineTriggers}, -1))...),
		parser.WithParagraphTransformers(append(parser.DefaultParagraphTransformers(), util.Prioritized(paragraphLimit{}, -1))...),
	)
}

// countedBlock counts an element each time goldmark asks whether a line
// continues a block: a line counts once for each list, list item and
// block quote it is in, which is what goldmark's time and memory for it
// grow with.
type countedBlock struct{ parser.BlockParser }

func (c countedBlock) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	_, seg := reader.Position()
	budgetOf(pc).count(1, seg.Start)
	return c.BlockParser.Continue(node, reader, pc)
}

// SetOption passes goldmark's options (heading ids, attributes) on.
func (c countedBlock) SetOption(name parser.OptionName, value any) {
	if so, ok := c.BlockParser.(parser.SetOptioner); ok {
		so.SetOption(name, value)
	}
}

// blockLimit is asked first whenever goldmark tries to open a block: once
// for most lines, and once more for each block a line opens. A line
// starting with '-', '*', '_' or '=' is also read to its end by the
// thematic break and heading parsers, each time.
type blockLimit struct{}

var allBytes = func() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}()

func (blockLimit) Trigger() []byte { return allBytes }

func (blockLimit) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	b := budgetOf(pc)
	line, seg := reader.PeekLine()
	b.count(1, seg.Start)
	if i := bytes.IndexFunc(line, func(r rune) bool { return r != ' ' && r != '\t' }); i >= 0 && strings.IndexByte("-*_=", line[i]) >= 0 {
		b.scan(len(line)-i, seg.Start, longMarkers)
	}
	// A block's levels are fewer than the open blocks around it.
	if len(pc.OpenedBlocks()) > b.depth && levels(parent) > b.depth {
		b.stop(seg.Start, fmt.Sprintf("lists, block quotes and footnotes are nested more than %d levels deep here; nest them less deeply", b.depth))
	}
	return nil, parser.NoChildren
}

// levels counts the block quotes, list items and footnotes n is in,
// itself included: a list and its items are one level.
func levels(n ast.Node) int {
	d := 0
	for ; n != nil; n = n.Parent() {
		switch n.Kind() {
		case ast.KindDocument, ast.KindList, extast.KindDefinitionList:
		default:
			d++
		}
	}
	return d
}

func (blockLimit) Continue(ast.Node, text.Reader, parser.Context) parser.State { return parser.Close }
func (blockLimit) Close(ast.Node, text.Reader, parser.Context)                 {}
func (blockLimit) CanInterruptParagraph() bool                                 { return true }
func (blockLimit) CanAcceptIndentedLine() bool                                 { return true }

// inlineLimit is asked first at each mark goldmark has an inline parser
// for (spaces aside). It counts the marks, and what goldmark reads again
// at some of them, which is where its quadratic time comes from:
//
//   - at a closing bracket: the link text back to its opening bracket
//     (goldmark checks it holds no link); the destination after "](";
//     a link title, or a reference label after "][", up to its closing
//     character anywhere further in the block; and, unless the link is
//     an inline one, the lines from here to the block's end, which
//     goldmark's block reader walks to look the text up as a reference;
//   - at "[^", a footnote reference: those lines too;
//   - at a backtick: the block up to the run of backticks that closes
//     the code span, or to its end if none does.
type inlineLimit struct{ triggers []byte }

func (l inlineLimit) Trigger() []byte { return l.triggers }

func (inlineLimit) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	b := budgetOf(pc)
	line, seg := block.PeekLine()
	b.count(1, seg.Start)
	switch line[0] {
	case '[':
		b.brackets = append(b.brackets, seg.Start)
		if len(line) > 1 && line[1] == '^' {
			b.scan(linesAfter(parent, block), seg.Start, leftOpen)
		}
	case '!':
		if len(line) > 1 && line[1] == '[' {
			b.brackets = append(b.brackets, seg.Start)
		}
	case ']':
		if n := len(b.brackets); n > 0 {
			b.scan(seg.Start-b.brackets[n-1], seg.Start, leftOpen)
			b.brackets = b.brackets[:n-1]
			b.scan(b.afterLinkText(parent, block, line[1:], seg.Start+1), seg.Start, leftOpen)
		}
	case '`':
		b.scan(b.codeSpanLength(parent, block), seg.Start, leftOpen)
	}
	return nil // goldmark puts the reader back
}

// CloseBlock forgets the block's open brackets and what was found not to
// close in it.
func (inlineLimit) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	b := budgetOf(pc)
	b.brackets = b.brackets[:0]
	clear(b.spans)
	clear(b.closers)
}

// afterLinkText is what goldmark reads after the "]" of a link text: rest
// is the line after it, from offset pos.
func (b *budget) afterLinkText(parent ast.Node, block text.Reader, rest []byte, pos int) int {
	lookup := linesAfter(parent, block)
	switch {
	case len(rest) > 0 && rest[0] == '(':
		n, ended := destinationLength(rest[1:])
		i := 1 + n
		for i < len(rest) && (rest[i] == ' ' || rest[i] == '\t') {
			i++
		}
		switch {
		case !ended:
			return n + lookup
		case i < len(rest) && rest[i] == ')':
			return n // an inline link
		case i < len(rest) && (rest[i] == '"' || rest[i] == '\''):
			return n + b.closure(parent, block, pos+i+1, rest[i]) + lookup
		case i < len(rest) && rest[i] == '(':
			return n + b.closure(parent, block, pos+i+1, ')') + lookup
		case i == len(rest) || rest[i] == '\n' || rest[i] == '\r':
			// The link may go on on the next line.
			return n + blockEnd(parent, pos) - pos + lookup
		}
		return n + lookup
	case len(rest) > 0 && rest[0] == '[':
		return b.closure(parent, block, pos+1, ']') + lookup
	}
	return lookup
}

// linesAfter is the number of lines from the reader's to the end of the
// block.
func linesAfter(parent ast.Node, block text.Reader) int {
	l, _ := block.Position()
	return max(parent.Lines().Len()-l, 0)
}

// blockEnd is the offset where the block being parsed ends.
func blockEnd(parent ast.Node, pos int) int {
	if l := parent.Lines(); l.Len() > 0 {
		return max(pos, l.At(l.Len()-1).Stop)
	}
	return pos
}

// destinationLength is how far goldmark reads a link destination on a
// line: to the '>' of one in angle brackets, else to a space or a ')' that
// closes no '('. ended is false if the destination is not valid.
func destinationLength(line []byte) (n int, ended bool) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	angle := i < len(line) && line[i] == '<'
	open := 0
	for ; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\\':
			i++
		case angle && c == '>':
			return i + 1, true
		case angle && c == '\n':
			return i, false
		case angle:
		case c == '(':
			open++
		case c == ')':
			if open--; open < 0 {
				return i, true
			}
		case util.IsSpace(c):
			return i, true
		}
	}
	return len(line), !angle
}

// closure is how far goldmark reads from offset start to find closer,
// unescaped, further in the block: to it, or to the block's end. A
// closer found missing is remembered, so that the block is read once for
// each closer, not for each link.
func (b *budget) closure(parent ast.Node, block text.Reader, start int, closer byte) int {
	end := blockEnd(parent, start)
	if from, ok := b.closers[closer]; ok && start >= from {
		return end - start
	}
	src := block.Source()
	lines := parent.Lines()
	first, _ := block.Position() // start is on the reader's line or after
	for i := first; i < lines.Len(); i++ {
		seg := lines.At(i)
		for j := max(seg.Start, start); j < seg.Stop; j++ {
			switch src[j] {
			case '\\':
				j++
			case closer:
				return j + 1 - start
			}
		}
	}
	if b.closers == nil {
		b.closers = map[byte]int{}
	}
	b.closers[closer] = start
	return end - start
}

// codeSpanLength is how far goldmark's code span parser reads from the run
// of backticks at the reader: to the next run of the same length in the
// block, or to the block's end. A run length found to close nothing is
// remembered, so that the block is read once for each length, not for
// each run.
func (b *budget) codeSpanLength(parent ast.Node, block text.Reader) int {
	line, seg := block.PeekLine()
	n := 0
	for n < len(line) && line[n] == '`' {
		n++
	}
	start := seg.Start + n
	end := blockEnd(parent, start)
	if from, ok := b.spans[n]; ok && start >= from {
		return end - start
	}
	block.Advance(n)
	for {
		line, seg := block.PeekLine()
		if line == nil {
			break
		}
		for i := 0; i < len(line); i++ {
			if line[i] != '`' {
				continue
			}
			j := i
			for j < len(line) && line[j] == '`' {
				j++
			}
			if j-i == n {
				return seg.Start + j - start
			}
			i = j
		}
		block.AdvanceLine()
	}
	if b.spans == nil {
		b.spans = map[int]int{}
	}
	b.spans[n] = start
	return end - start
}

// paragraphLimit sees each paragraph before goldmark looks in it for link
// definitions and tables. It counts the cells of a table, empty ones
// included (a header row of many columns over many short rows made
// columns × rows cells), and bounds link definitions × lines.
type paragraphLimit struct{}

func (paragraphLimit) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	b := budgetOf(pc)
	src := reader.Source()
	lines := node.Lines()
	definitions := 0
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		v := seg.Value(src)
		if mayDefineLink(v) {
			definitions++
		}
		if i > 0 && isTableDelimiter(v) {
			b.count(tableCells(v)*(lines.Len()-i), seg.Start)
			break
		}
	}
	if definitions*lines.Len() > b.definitions {
		b.stop(node.Lines().At(0).Start, fmt.Sprintf("this paragraph of %d lines has %d that may be link definitions, too many to convert in reasonable time; put blank lines between them", lines.Len(), definitions))
	}
}

// mayDefineLink reports whether a line may start a link reference
// definition: "[label]:", its label possibly going on to the next line.
func mayDefineLink(v []byte) bool {
	w, p := util.IndentWidth(v, 0)
	if w > 3 || p >= len(v) || v[p] != '[' {
		return false
	}
	for i := p + 1; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case ']':
			return i+1 < len(v) && v[i+1] == ':'
		}
	}
	return true
}

// isTableDelimiter reports whether a line could be a table's delimiter row,
// as goldmark's table extension decides.
func isTableDelimiter(v []byte) bool {
	if w, _ := util.IndentWidth(v, 0); w > 3 {
		return false
	}
	onlyDashes := true
	for _, c := range v {
		if c != '-' {
			onlyDashes = false
		}
		if c != '-' && c != '|' && c != ':' && !util.IsSpace(c) {
			return false
		}
	}
	return !onlyDashes
}

// tableCells is the number of columns a delimiter row makes, counted
// generously.
func tableCells(v []byte) int {
	n := 1
	for _, c := range v {
		if c == '|' {
			n++
		}
	}
	return n
}

// writeLink counts the bytes a link's destination and title will take in
// the HTML; it is called before rendering.
func (b *budget) writeLink(n ast.Node, dest, title []byte) {
	b.output += len(dest) + len(title)
	if b.output > b.limits.linkBytes {
		b.stop(posOf(n), fmt.Sprintf("the links of this body would write more than %s of addresses by this line: a reference link repeats its definition's address, and this one is long or used too often", size(b.limits.linkBytes)))
	}
}

// plainCode marks a fenced code block to be shown without highlighting.
var plainCode = []byte("qiao-plain")

// highlight reports whether a code block stays within the body's
// highlighting budget, and marks it plain if not. Blocks count in the
// order of the body, cached or not, so the choice depends on the body
// alone.
func (b *budget) highlight(n *ast.FencedCodeBlock) bool {
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.code += seg.Len()
	}
	if b.code <= b.limits.code {
		return true
	}
	n.SetAttribute(plainCode, true)
	return false
}

// size writes a number of bytes for people.
func size(n int) string {
	switch {
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
