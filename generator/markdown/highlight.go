package markdown

import (
	"html"
	"io"
	"sync"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/dlclark/regexp2/v2"
)

// noMatchTimeouts makes highlighting independent of time. chroma compiles
// every lexer rule with a regexp2 match timeout of 250 ms and skips a rule
// whose match times out, so on a busy machine, or under -race, the same
// block came out with other token classes (and the code cache kept them).
// chroma has no way to lift its timeout, but regexp2 sets every deadline
// at "now + timeout + clock period" on a clock that ticks once a period:
// with a period of a century no match ever times out, however long it
// runs. The period is regexp2's own process-wide setting; chroma is its
// only user in Qiao. It is set once, before this package highlights
// anything, and TestHighlightingIgnoresTime holds regexp2 to it.
//
// The price is chroma's guard against a rule that backtracks for ever;
// limits.code bounds the code a body may have highlighted instead.
var noMatchTimeouts = sync.OnceFunc(func() {
	regexp2.SetTimeoutCheckPeriod(100 * 365 * 24 * time.Hour)
})

// writeHighlighted writes tokens as codeFormatter (chroma's HTML formatter
// with classes and preWrapper) does, without the fmt.Sprintf and
// fmt.Fprint it makes for every token: a profile of a large build put
// its formatting at a sixth of highlighting's time and a fifth of its
// allocations. A test holds the two to the same output.
func writeHighlighted(w io.StringWriter, tokens []chroma.Token) {
	w.WriteString(preWrapper{}.Start(true, ""))
	for _, line := range chroma.SplitTokensIntoLines(tokens) {
		w.WriteString(`<span class="` + lineClass + `"><span class="` + codeLineClass + `">`)
		for _, t := range line {
			if cls := tokenClass(t.Type); cls != "" {
				w.WriteString(`<span class="`)
				w.WriteString(cls)
				w.WriteString(`">`)
				w.WriteString(html.EscapeString(t.Value))
				w.WriteString(`</span>`)
			} else {
				w.WriteString(html.EscapeString(t.Value))
			}
		}
		w.WriteString(`</span></span>`)
	}
	w.WriteString(preWrapper{}.End(true))
}

var lineClass, codeLineClass = tokenClass(chroma.Line), tokenClass(chroma.CodeLine)

// tokenClass is the CSS class of a token type, or of the nearest type it
// belongs to that has one, as chroma's formatter finds it.
func tokenClass(t chroma.TokenType) string {
	for t != 0 {
		if cls, ok := chroma.StandardTypes[t]; ok {
			return cls
		}
		t = t.Parent()
	}
	return chroma.StandardTypes[t]
}
