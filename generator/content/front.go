package content

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"qiao/generator/diag"
)

// frontDecoder fills a file's front-matter structs from the values
// BurntSushi/toml parsed, one key at a time, so that every key it cannot use
// is reported with its line instead of the first one stopping the rest.
// Where it takes a value, it gives what decoding into the structs with
// BurntSushi/toml would (a test holds it to that); it refuses more:
// keys that differ from a field's in case only, quoted dates, times of day
// for dates, and numbers that are not finite.
type frontDecoder struct {
	f     *File
	diags *diag.List
	// refused holds the places (at.id) whose values were refused, so that
	// validation does not report them again as missing.
	refused map[string]bool
}

// at is where a value sits in the front matter: its key, within the n-th
// [[table]] when table is set. A key in a plain table is dotted
// (links.website).
type at struct {
	table string
	n     int
	key   string
}

// String names the place as the editor reads it, without the table's index;
// the line tells which table.
func (a at) String() string {
	if a.table == "" {
		return a.key
	}
	return a.table + "." + a.key
}

// id names the place uniquely: modules.1.hours.
func (a at) id() string {
	if a.table == "" {
		return a.key
	}
	return a.table + "." + strconv.Itoa(a.n) + "." + a.key
}

func (a at) child(key string) at {
	a.key += "." + key
	return a
}

// lineAt returns the file line of the key at a, or of the nearest
// enclosing key or table written on a line of its own.
func (f *File) lineAt(a at) int {
	ix := f.keyIndex()
	for key := a.key; key != ""; {
		n := 0
		if a.table == "" {
			n = ix.KeyLine(key)
		} else {
			n = ix.TableKeyLine(a.table, a.n, key)
		}
		if n > 0 {
			return n + 1
		}
		i := strings.LastIndexByte(key, '.')
		if i < 0 {
			break
		}
		key = key[:i]
	}
	if a.table != "" {
		if n := ix.NthKeyLine(a.table, a.n); n > 0 {
			return n + 1
		}
		return f.Line(a.table)
	}
	return 1
}

func (d *frontDecoder) refuse(a at, code, format string, args ...any) {
	d.diags.Errorf(d.f.Path, d.f.lineAt(a), code, format, args...)
	if d.refused == nil {
		d.refused = map[string]bool{}
	}
	d.refused[a.id()] = true
}

// mismatch reports a value of the wrong type for the field at a.
func (d *frontDecoder) mismatch(a at, want string, v any) {
	d.refuse(a, "front-matter", "front matter: %s: incompatible types: write %s, not %s", a, want, describe(v))
}

// table decodes the keys of values into the fields of structs, which are
// one level of keys together (a page's common and typed fields).
func (d *frontDecoder) table(values map[string]any, structs []reflect.Value, table string, n int) {
	fields := map[string]reflect.Value{}
	var known []string
	for _, s := range structs {
		t := s.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			name, _, _ := strings.Cut(sf.Tag.Get("toml"), ",")
			if !sf.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			if _, ok := fields[name]; !ok {
				fields[name] = s.Field(i)
				known = append(known, name)
			}
		}
	}
	for _, key := range sortedKeys(values) {
		a := at{table: table, n: n, key: key}
		fv, ok := fields[key]
		if !ok {
			d.refuse(a, "unknown-key", "unknown front matter key %q for %s%s", a.String(), d.f.kindName(), diag.DidYouMean(key, known))
			continue
		}
		d.value(values[key], fv, a)
	}
}

// value decodes v into the field fv at a.
func (d *frontDecoder) value(v any, fv reflect.Value, a at) {
	if fv.Type() == timeType {
		d.date(v, fv, a)
		return
	}
	switch fv.Kind() {
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			d.mismatch(a, "text in quotes", v)
			return
		}
		fv.SetString(s)
	case reflect.Int, reflect.Int64:
		n, ok := v.(int64)
		if !ok {
			d.mismatch(a, "a whole number", v)
			return
		}
		fv.SetInt(n)
	case reflect.Float64:
		switch n := v.(type) {
		case float64:
			if math.IsNaN(n) || math.IsInf(n, 0) {
				d.refuse(a, "value", "%s must be a finite number, not %s", a, formatFloat(n))
				return
			}
			fv.SetFloat(n)
		case int64:
			// As BurntSushi/toml: only integers a float64 holds exactly.
			if n < -maxExactFloat || n > maxExactFloat {
				d.refuse(a, "value", "%s = %d is too large", a, n)
				return
			}
			fv.SetFloat(float64(n))
		default:
			d.mismatch(a, "a number", v)
		}
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			d.mismatch(a, "true or false", v)
			return
		}
		fv.SetBool(b)
	case reflect.Slice:
		if fv.Type().Elem().Kind() == reflect.Struct {
			d.tables(v, fv, a)
		} else {
			d.stringList(v, fv, a)
		}
	case reflect.Map:
		d.stringMap(v, fv, a)
	default:
		// The front-matter types hold no other kind of field; a test
		// walks them all.
		d.refuse(a, "front-matter", "front matter: %s cannot be read", a)
	}
}

// maxExactFloat is the largest integer a float64 holds exactly, 2⁵³-1.
const maxExactFloat = 1<<53 - 1

// stringList decodes a list of strings, all or nothing.
func (d *frontDecoder) stringList(v any, fv reflect.Value, a at) {
	const want = `a list of text in quotes such as ["a", "b"]`
	items, ok := v.([]any)
	if !ok {
		d.mismatch(a, want, v)
		return
	}
	list := reflect.MakeSlice(fv.Type(), len(items), len(items))
	for i, item := range items {
		s, ok := item.(string)
		if !ok {
			d.refuse(a, "front-matter", "front matter: %s: incompatible types: write %s, not a list holding %s", a, want, describe(item))
			return
		}
		list.Index(i).SetString(s)
	}
	fv.Set(list)
}

// tables decodes an array of tables, [[modules]] or modules = [{…}]. A
// table with problems is kept, with the refused fields empty, so that the
// next ones keep their numbers.
func (d *frontDecoder) tables(v any, fv reflect.Value, a at) {
	want := "[[" + a.key + "]] tables"
	var items []any
	switch v := v.(type) {
	case []map[string]any:
		for _, m := range v {
			items = append(items, m)
		}
	case []any:
		items = v
	default:
		d.mismatch(a, want, v)
		return
	}
	if a.table != "" {
		// Not reached with the front-matter types: a table in an
		// array of tables holds no array of tables.
		d.refuse(a, "front-matter", "front matter: %s cannot be read", a)
		return
	}
	list := reflect.MakeSlice(fv.Type(), len(items), len(items))
	for i, item := range items {
		m, ok := item.(map[string]any)
		if !ok {
			d.refuse(at{table: a.key, n: i}, "front-matter", "front matter: %s: incompatible types: write %s, not a list holding %s", a, want, describe(item))
			continue
		}
		d.table(m, []reflect.Value{list.Index(i)}, a.key, i)
	}
	fv.Set(list)
}

// stringMap decodes a table of strings, [links]; each entry on its own.
func (d *frontDecoder) stringMap(v any, fv reflect.Value, a at) {
	m, ok := v.(map[string]any)
	if !ok {
		d.mismatch(a, "a ["+a.String()+`] table of name = "text" lines`, v)
		return
	}
	out := reflect.MakeMapWithSize(fv.Type(), len(m))
	for _, key := range sortedKeys(m) {
		s, ok := m[key].(string)
		if !ok {
			d.mismatch(a.child(key), "text in quotes", m[key])
			continue
		}
		out.SetMapIndex(reflect.ValueOf(key), reflect.ValueOf(s))
	}
	fv.Set(out)
}

// date decodes a TOML date or date-time. Like BurntSushi/toml, it stores
// it through MarshalText and UnmarshalText, which time.Time decodes itself
// with.
func (d *frontDecoder) date(v any, fv reflect.Value, a at) {
	const want = "a date such as 2024-01-01"
	t, ok := v.(time.Time)
	switch {
	case !ok:
		if s, ok := v.(string); ok && looksLikeDate(s) {
			name := a.key[strings.LastIndexByte(a.key, '.')+1:]
			d.refuse(a, "front-matter", "write dates without quotes: %s = %s", name, s)
			return
		}
		d.mismatch(a, want, v)
		return
	case t.Location() == tomlLocalTime:
		d.mismatch(a, want, v)
		return
	}
	text, err := t.MarshalText()
	var out time.Time
	if err == nil {
		err = out.UnmarshalText(text)
	}
	if err != nil {
		d.refuse(a, "value", "%s = %s cannot be read as a date: %v", a, formatTime(t), err)
		return
	}
	fv.Set(reflect.ValueOf(out))
}

var timeType = reflect.TypeFor[time.Time]()

// looksLikeDate reports whether s starts as a date, 2024-01-01.
func looksLikeDate(s string) bool {
	if len(s) < 10 {
		return false
	}
	for i, c := range []byte(s[:10]) {
		if i == 4 || i == 7 {
			if c != '-' {
				return false
			}
		} else if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// describe names a TOML value in a message, as it was written where it is
// short.
func describe(v any) string {
	switch v := v.(type) {
	case string:
		if utf8.RuneCountInString(v) > 40 {
			v = string([]rune(v)[:40]) + "…"
		}
		return "the text " + strconv.Quote(v)
	case int64:
		return "the number " + strconv.FormatInt(v, 10)
	case float64:
		return "the number " + formatFloat(v)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		if v.Location() == tomlLocalTime {
			return "the time " + formatTime(v)
		}
		return "the date " + formatTime(v)
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "a list of tables"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("%T", v)
}

// formatFloat writes a float as TOML does.
func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// formatTime writes a date, date-time or time as TOML does.
func formatTime(t time.Time) string {
	switch t.Location() {
	case tomlLocalDate:
		return t.Format(time.DateOnly)
	case tomlLocalDatetime:
		return t.Format("2006-01-02T15:04:05.999999999")
	case tomlLocalTime:
		return t.Format("15:04:05.999999999")
	}
	return t.Format(time.RFC3339Nano)
}

// BurntSushi/toml's locations of local dates, date-times and times, read
// off values it parses, as they are internal to it.
var tomlLocalDate, tomlLocalDatetime, tomlLocalTime = tomlLocations()

func tomlLocations() (date, datetime, clock *time.Location) {
	var v map[string]any // not time.Time values, which would convert them
	if _, err := toml.Decode("d = 2000-01-01\ndt = 2000-01-01T00:00:00\nt = 00:00:00", &v); err != nil {
		panic(err)
	}
	loc := func(key string) *time.Location { return v[key].(time.Time).Location() }
	return loc("d"), loc("dt"), loc("t")
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// kindName names what a file is in the unknown key message.
func (f *File) kindName() string {
	switch f.Kind {
	case KindHome:
		return "the home page"
	case KindSection:
		return "a section page"
	}
	switch f.Type {
	case TypeCourses:
		return "a course"
	case TypeCases:
		return "a case"
	case TypePolicies:
		return "a policy"
	case TypeSpeakers:
		return "a speaker"
	}
	return "a page"
}
