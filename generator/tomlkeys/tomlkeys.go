// Package tomlkeys finds where keys and values sit in TOML source, so that a
// problem found after decoding (an unknown key, a reference to nothing) can
// be reported at the line the editor wrote. It does not parse values; the
// TOML decoder does that.
package tomlkeys

import (
	"strings"
)

// Index maps the lines of one TOML document to the dotted keys they define.
type Index struct {
	lines []entry
}

type entry struct {
	key    string // dotted key, table path included; "" for other lines
	header bool   // a [table] or [[array]] line
	text   string
}

// New indexes src. Keys inside array tables are named without an index
// (modules.hours), as the TOML decoder's metadata names them. A value that
// spans lines (a multi-line string, an array or inline table whose
// brackets close on a later line) is followed to its end, so that a line
// inside it that starts with "[" or holds "=" is not taken for a table
// header or a key.
func New(src string) *Index {
	ix := &Index{}
	prefix := ""
	var v value
	for _, line := range strings.Split(src, "\n") {
		e := entry{text: line}
		t := strings.TrimSpace(line)
		switch {
		case v.open():
			v.scan(line)
		case strings.HasPrefix(t, "["):
			name := strings.Trim(t, "[] \t")
			if i := strings.Index(name, "]"); i >= 0 {
				name = name[:i]
			}
			prefix = normalize(name)
			e.key, e.header = prefix, true
		case t == "" || strings.HasPrefix(t, "#"):
		default:
			if i := strings.Index(t, "="); i > 0 {
				k := normalize(t[:i])
				if prefix != "" {
					k = prefix + "." + k
				}
				e.key = k
				v.scan(t[i+1:])
			}
		}
		ix.lines = append(ix.lines, e)
	}
	return ix
}

// value is where a scan of a value stands at the end of a line: inside a
// multi-line string (its closing delimiter), and how many arrays and
// inline tables are open.
type value struct {
	delim string // `"""` or `'''`; "" outside
	depth int
}

func (v *value) open() bool { return v.delim != "" || v.depth > 0 }

// scan reads one line of a value, or the part after "=" on a key's line.
func (v *value) scan(s string) {
	for i := 0; i < len(s); i++ {
		if v.delim != "" {
			j := closing(s[i:], v.delim)
			if j < 0 {
				return
			}
			i += j + len(v.delim) - 1
			v.delim = ""
			continue
		}
		switch c := s[i]; c {
		case '#':
			return
		case '[', '{':
			v.depth++
		case ']', '}':
			if v.depth > 0 {
				v.depth--
			}
		case '"', '\'':
			q := s[i : i+1]
			if strings.HasPrefix(s[i:], q+q+q) {
				v.delim = q + q + q
				i += 2
				continue
			}
			j := closing(s[i+1:], q)
			if j < 0 {
				return // an unclosed string: the decoder reports it
			}
			i += j + 1
		}
	}
}

// closing returns the index in s of the delimiter q that ends a string,
// skipping escaped characters in basic ("-quoted) strings; -1 if none.
func closing(s, q string) int {
	for i := 0; i < len(s); i++ {
		if q[0] == '"' && s[i] == '\\' {
			i++
			continue
		}
		if strings.HasPrefix(s[i:], q) {
			return i
		}
	}
	return -1
}

// normalize turns `a . "b c"` into `a.b c`, the form the decoder reports.
func normalize(key string) string {
	parts := strings.Split(key, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// KeyLine returns the 1-based line defining key, or 0 if none does.
func (ix *Index) KeyLine(key string) int {
	for i, e := range ix.lines {
		if e.key == key {
			return i + 1
		}
	}
	return 0
}

// NthKeyLine returns the line of the n-th (0-based) definition of key, as
// in the n-th [[sessions]] table, or 0.
func (ix *Index) NthKeyLine(key string, n int) int {
	for i, e := range ix.lines {
		if e.key == key {
			if n == 0 {
				return i + 1
			}
			n--
		}
	}
	return 0
}

// TableKeyLine returns the line defining key in the n-th (0-based)
// [[table]], or 0 when that table has no such line (it may be written
// inline, or lack the key).
func (ix *Index) TableKeyLine(table string, n int, key string) int {
	want := table + "." + key
	in := false
	for i, e := range ix.lines {
		if e.header {
			in = e.key == table && n == 0
			if e.key == table {
				n--
			}
			continue
		}
		if in && e.key == want {
			return i + 1
		}
	}
	return 0
}

// ValueLine returns the line holding the quoted string value under key (a
// list may span lines), falling back to the key's line.
func (ix *Index) ValueLine(key, value string) int {
	quoted := []string{`"` + value + `"`, `'` + value + `'`}
	for i, e := range ix.lines {
		if e.key != key {
			continue
		}
		for j := i; j < len(ix.lines); j++ {
			if j > i && ix.lines[j].key != "" {
				break
			}
			for _, q := range quoted {
				if strings.Contains(ix.lines[j].text, q) {
					return j + 1
				}
			}
		}
	}
	return ix.KeyLine(key)
}

// ErrorLine extracts the 1-based line and a message without the "toml:"
// prefix from an error of the TOML decoder. Line is 0 when the error names
// none.
func ErrorLine(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "toml: ")
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 0, msg
	}
	n := 0
	i := 0
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' && n < 1e8 {
		n = n*10 + int(rest[i]-'0')
		i++
	}
	if i == 0 {
		return 0, msg
	}
	rest = strings.TrimSpace(rest[i:])
	// "(last key "x"): problem" reads better as "x: problem".
	if strings.HasPrefix(rest, "(last key ") {
		if j := strings.Index(rest, "):"); j > 0 {
			key := strings.Trim(rest[len("(last key "):j], `"`)
			rest = key + ":" + rest[j+2:]
		}
	}
	return n, strings.TrimPrefix(rest, ": ")
}
