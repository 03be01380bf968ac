// Package diag collects problems found in a site's input. A diagnostic names
// a file and line in the user's words; the collector gathers them from many
// goroutines so that a build reports every problem at once. It does not
// decide what is a problem: the stages that read input do.
package diag

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Severity says whether a diagnostic stops the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem at one place. Path is slash-separated and
// relative to the site root; Line and Col are 1-based, 0 when unknown.
type Diagnostic struct {
	Path     string
	Line     int
	Col      int
	Severity Severity
	Code     string
	Message  string
}

// String formats the diagnostic as path:line: message, the form editors and
// terminals turn into links.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	if d.Path != "" {
		b.WriteString(": ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// WithSeverity formats the diagnostic as path:line: severity: message, the
// form of the check command.
func (d Diagnostic) WithSeverity() string {
	if d.Severity == Warning {
		return d.String() // String already names warnings
	}
	e := d
	e.Message = "error: " + d.Message
	return e.String()
}

// JSON is the form of a diagnostic in machine-readable reports.
type JSON struct {
	Path     string `json:"path"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// JSON returns the diagnostic for encoding.
func (d Diagnostic) JSON() JSON {
	return JSON{Path: d.Path, Line: d.Line, Column: d.Col, Severity: d.Severity.String(), Code: d.Code, Message: d.Message}
}

// List is a concurrency-safe collection of diagnostics. The zero value is
// ready to use.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add records a diagnostic.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, d)
	l.mu.Unlock()
}

// Errorf records an error at path:line.
func (l *List) Errorf(path string, line int, code, format string, args ...any) {
	l.Add(Diagnostic{Path: path, Line: line, Severity: Error, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at path:line.
func (l *List) Warnf(path string, line int, code, format string, args ...any) {
	l.Add(Diagnostic{Path: path, Line: line, Severity: Warning, Code: code, Message: fmt.Sprintf(format, args...)})
}

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Sorted returns the diagnostics ordered by path, line, column and message,
// without duplicates, so that output does not depend on scheduling.
func (l *List) Sorted() []Diagnostic {
	l.mu.Lock()
	items := append([]Diagnostic(nil), l.items...)
	l.mu.Unlock()
	sort.Slice(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Message < b.Message
	})
	out := items[:0]
	for i, d := range items {
		if i > 0 && d == items[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Errors returns only the error diagnostics, sorted.
func (l *List) Errors() []Diagnostic {
	var out []Diagnostic
	for _, d := range l.Sorted() {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Suggest returns the candidate closest to word by edit distance, or "" when
// none is close enough to be a plausible typo.
func Suggest(word string, candidates []string) string {
	best, bestDist := "", len(word)/2+2
	for _, c := range candidates {
		if d := distance(strings.ToLower(word), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// DidYouMean formats a suggestion as a sentence suffix, or "".
func DidYouMean(word string, candidates []string) string {
	if s := Suggest(word, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// distance is the Levenshtein distance between a and b, counted in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// QuoteList writes words as a comma-separated list of quoted strings, for
// messages that name several keys: "a", "b".
func QuoteList(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = strconv.Quote(w)
	}
	return strings.Join(q, ", ")
}
