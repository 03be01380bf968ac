package search

import (
	_ "embed"
	"strings"
)

//go:embed search.js
var scriptSource string

//go:embed search.css
var stylesheet []byte

// Script is the browser script as the build writes it: search.js without
// its comment lines, indentation and blank lines. (A full minifier would
// save little more once the file is gzipped.)
func Script() []byte {
	var b strings.Builder
	inComment := false
	for line := range strings.Lines(scriptSource) {
		t := strings.TrimSpace(line)
		switch {
		case inComment:
			inComment = !strings.Contains(t, "*/")
			continue
		case strings.HasPrefix(t, "/*"):
			inComment = !strings.Contains(t, "*/")
			continue
		case t == "" || strings.HasPrefix(t, "//"):
			continue
		}
		b.WriteString(t)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// Stylesheet is the style of the search page and of the suggestions under
// the header's search box.
func Stylesheet() []byte { return stylesheet }
