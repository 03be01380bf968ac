package render

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Folded lines are at most 75 octets, split between characters, and
// unfold to the line written.
func TestICSFolding(t *testing.T) {
	for _, line := range []string{
		"SUMMARY:" + strings.Repeat("技术转移", 30),
		"DESCRIPTION:" + strings.Repeat("a", 200),
		"X:" + strings.Repeat("é", 37) + "技",
		"SHORT:x",
	} {
		var w icsWriter
		w.line(line)
		out := w.b.String()
		if !strings.HasSuffix(out, "\r\n") {
			t.Errorf("%q does not end in CRLF", out)
		}
		parts := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		for i, p := range parts {
			if len(p) > 75 {
				t.Errorf("line %d of %q: %d octets", i, line[:10], len(p))
			}
			if i > 0 && !strings.HasPrefix(p, " ") {
				t.Errorf("continuation %d does not start with a space", i)
			}
			if !utf8.ValidString(p) {
				t.Errorf("line %d splits a character", i)
			}
		}
		if got := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", ""); got != line {
			t.Errorf("unfolds to %q, want %q", got, line)
		}
	}
	if got := icsText("a;b,c\\d\ne\x01"); got != `a\;b\,c\\d\ne` {
		t.Errorf("icsText: %q", got)
	}
}
