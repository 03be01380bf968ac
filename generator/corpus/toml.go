package corpus

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// frontMatter writes TOML front matter, key by key, in the order given.
// Tables ([[modules]], [links]…) must come after the plain keys.
type frontMatter struct{ b strings.Builder }

func (f *frontMatter) str(key, v string) {
	fmt.Fprintf(&f.b, "%s = %s\n", key, quote(v))
}

func (f *frontMatter) strs(key string, vs []string) {
	if len(vs) == 0 {
		return
	}
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = quote(v)
	}
	fmt.Fprintf(&f.b, "%s = [%s]\n", key, strings.Join(q, ", "))
}

func (f *frontMatter) int(key string, v int) {
	fmt.Fprintf(&f.b, "%s = %d\n", key, v)
}

func (f *frontMatter) float(key string, v float64) {
	fmt.Fprintf(&f.b, "%s = %s\n", key, strconv.FormatFloat(v, 'f', -1, 64))
}

// date writes a TOML local date.
func (f *frontMatter) date(key string, t time.Time) {
	fmt.Fprintf(&f.b, "%s = %s\n", key, t.Format(time.DateOnly))
}

// time writes a TOML offset date-time.
func (f *frontMatter) time(key string, t time.Time) {
	fmt.Fprintf(&f.b, "%s = %s\n", key, t.Format(time.RFC3339))
}

// table starts a table ("links") or an element of an array of tables
// ("[modules]").
func (f *frontMatter) table(name string) {
	fmt.Fprintf(&f.b, "\n[%s]\n", name)
}

// page joins the front matter and a body into a content file.
func (f *frontMatter) page(body string) []byte {
	var b strings.Builder
	b.Grow(f.b.Len() + len(body) + 16)
	b.WriteString("+++\n")
	b.WriteString(f.b.String())
	b.WriteString("+++\n\n")
	b.WriteString(body)
	return []byte(b.String())
}

// quote writes s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
