// Package tomlsub decodes the plain subset of TOML that front matter is
// almost always written in, giving exactly what github.com/BurntSushi/toml
// gives for it, several times faster. It declines everything else, and
// anything with a problem to report, so that the caller decodes it the full
// way: with BurntSushi/toml's parser and its own checks and messages.
//
// The subset is one bare `key = value` per line, [table] and [[array]]
// headers naming a field of the top level, and comments. A value is a basic
// string without escapes, a decimal integer, a plain decimal fraction, true
// or false, a date or date-time of fixed width, or an array of such strings,
// which may span lines. A key must name a field of the decoded struct by its
// toml tag; an unknown key, a type the field cannot take, a repeated key and
// anything outside the subset make Decode decline.
package tomlsub

import (
	"encoding"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// Decode decodes src into the zero-valued structs that targets point to,
// finding each key among the fields of all of them, and reports whether it
// did. When it reports false the targets are unchanged.
func Decode(src string, targets ...any) bool {
	if !utf8.ValidString(src) {
		return false
	}
	d := decoder{p: parser{src: src}}
	for _, t := range targets {
		rv := reflect.ValueOf(t)
		if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct || !rv.Elem().IsZero() {
			return false
		}
		info := structOf(rv.Elem().Type(), false)
		if info == nil {
			return false
		}
		// Decoded into fresh values, copied over only on success.
		d.top = append(d.top, table{info: info, v: reflect.New(info.typ).Elem()})
	}
	if !d.run() {
		return false
	}
	for i, t := range targets {
		reflect.ValueOf(t).Elem().Set(d.top[i].v)
	}
	return true
}

// A table is where keys go: a top-level struct, an element of an array of
// tables, or a map of strings.
type table struct {
	info *structInfo   // nil for a map
	v    reflect.Value // the struct or the map
	set  map[string]bool
}

type decoder struct {
	p       parser
	top     []table
	cur     *table          // the table of the last header; nil at the top
	headers map[string]bool // top-level names used by a header
}

func (d *decoder) run() bool {
	for {
		d.p.skipSpace()
		if d.p.eof() {
			return true
		}
		switch d.p.src[d.p.i] {
		case '\n', '\r', '#':
		case '[':
			if !d.header() {
				return false
			}
		default:
			if !d.keyValue() {
				return false
			}
		}
		if !d.p.endOfLine() {
			return false
		}
	}
}

// header reads a [name] or [[name]] line and makes its table current.
func (d *decoder) header() bool {
	p := &d.p
	p.i++
	array := p.peek('[')
	if array {
		p.i++
	}
	name := p.bareKey()
	if name == "" || !p.take(']') || array && !p.take(']') {
		return false
	}
	t, f, ok := d.topField(name)
	if !ok || t.set[name] {
		return false // a key of the top level already holds it
	}
	fv := t.v.Field(f.index)
	switch {
	case array && f.kind == kindStructs:
		elem := reflect.New(f.elem.typ).Elem()
		fv.Set(reflect.Append(fv, elem))
		d.cur = &table{info: f.elem, v: fv.Index(fv.Len() - 1)}
	case !array && f.kind == kindStringMap && !d.headers[name]:
		fv.Set(reflect.MakeMap(fv.Type()))
		d.cur = &table{v: fv}
	default:
		return false
	}
	if d.headers == nil {
		d.headers = map[string]bool{}
	}
	d.headers[name] = true
	return true
}

// topField finds the field named name among the top-level structs.
func (d *decoder) topField(name string) (*table, field, bool) {
	var (
		found *table
		f     field
	)
	for i := range d.top {
		if g, ok := d.top[i].info.fields[name]; ok {
			if found != nil {
				return nil, field{}, false // ambiguous, as in Go embedding
			}
			found, f = &d.top[i], g
		}
	}
	return found, f, found != nil
}

// keyValue reads key = value into the current table.
func (d *decoder) keyValue() bool {
	p := &d.p
	key := p.bareKey()
	if key == "" {
		return false
	}
	p.skipSpace()
	if !p.take('=') {
		return false
	}
	p.skipSpace()
	t := d.cur
	var f field
	if t == nil {
		var ok bool
		if t, f, ok = d.topField(key); !ok || d.headers[key] {
			return false
		}
	} else if t.info != nil {
		var ok bool
		if f, ok = t.info.fields[key]; !ok {
			return false
		}
	} else {
		f = field{kind: kindString}
	}
	if t.set[key] {
		return false
	}
	if t.set == nil {
		t.set = map[string]bool{}
	}
	t.set[key] = true
	if t.info == nil { // a map of strings
		s, ok := p.str()
		if ok {
			t.v.SetMapIndex(reflect.ValueOf(key), reflect.ValueOf(s))
		}
		return ok
	}
	return p.value(t.v.Field(f.index), f.kind)
}

// A parser reads src from i.
type parser struct {
	src string
	i   int
}

func (p *parser) eof() bool { return p.i >= len(p.src) }

func (p *parser) peek(c byte) bool { return p.i < len(p.src) && p.src[p.i] == c }

func (p *parser) take(c byte) bool {
	if p.peek(c) {
		p.i++
		return true
	}
	return false
}

func (p *parser) skipSpace() {
	for p.i < len(p.src) && (p.src[p.i] == ' ' || p.src[p.i] == '\t') {
		p.i++
	}
}

// endOfLine reads spaces, a comment and the line break, or the end.
func (p *parser) endOfLine() bool {
	p.skipSpace()
	if p.peek('#') {
		for p.i < len(p.src) && p.src[p.i] != '\n' && p.src[p.i] != '\r' {
			if isControl(p.src[p.i]) {
				return false
			}
			p.i++
		}
	}
	switch {
	case p.eof():
		return true
	case p.take('\n'):
		return true
	case p.take('\r'):
		return p.take('\n')
	}
	return false
}

// space reads spaces, comments and line breaks, as allowed inside an array.
func (p *parser) space() bool {
	for {
		p.skipSpace()
		if !p.peek('#') && !p.peek('\n') && !p.peek('\r') {
			return true
		}
		if !p.endOfLine() || p.eof() {
			return false
		}
	}
}

func (p *parser) bareKey() string {
	start := p.i
	for p.i < len(p.src) {
		c := p.src[p.i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			break
		}
		p.i++
	}
	return p.src[start:p.i]
}

// str reads a one-line basic string without escapes.
func (p *parser) str() (string, bool) {
	if !p.take('"') {
		return "", false
	}
	if p.take('"') {
		return "", !p.peek('"') // empty, or the start of a multi-line string
	}
	start := p.i
	for p.i < len(p.src) {
		switch c := p.src[p.i]; {
		case c == '"':
			p.i++
			return p.src[start : p.i-1], true
		case c == '\\' || isControl(c):
			return "", false
		}
		p.i++
	}
	return "", false
}

// value reads a value into v, a field of kind k.
func (p *parser) value(v reflect.Value, k kind) bool {
	switch k {
	case kindString:
		s, ok := p.str()
		v.SetString(s)
		return ok
	case kindStrings:
		return p.stringArray(v)
	}
	start := p.i
	for p.i < len(p.src) && !strings.ContainsRune(" \t\r\n#", rune(p.src[p.i])) {
		p.i++
	}
	tok := p.src[start:p.i]
	switch k {
	case kindBool:
		v.SetBool(tok == "true")
		return tok == "true" || tok == "false"
	case kindInt:
		n, ok := integer(tok)
		v.SetInt(n)
		return ok
	case kindFloat:
		if n, ok := integer(tok); ok {
			v.SetFloat(float64(n))
			return true
		}
		f, ok := fraction(tok)
		v.SetFloat(f)
		return ok
	case kindTime:
		t, ok := datetime(tok)
		v.Set(reflect.ValueOf(t))
		return ok
	}
	return false
}

// stringArray reads an array of strings.
func (p *parser) stringArray(v reflect.Value) bool {
	if !p.take('[') {
		return false
	}
	list := []string{}
	for {
		if !p.space() {
			return false
		}
		if p.take(']') {
			break
		}
		s, ok := p.str()
		if !ok || !p.space() {
			return false
		}
		list = append(list, s)
		if p.take(']') {
			break
		}
		if !p.take(',') {
			return false
		}
	}
	v.Set(reflect.ValueOf(list))
	return true
}

// integer parses a decimal integer of at most 15 digits, which a float64
// holds exactly.
func integer(tok string) (int64, bool) {
	digits := strings.TrimPrefix(tok, "-")
	if len(digits) == 0 || len(digits) > 15 || len(digits) > 1 && digits[0] == '0' || !allDigits(digits) {
		return 0, false
	}
	n, err := strconv.ParseInt(tok, 10, 64)
	return n, err == nil
}

// fraction parses a number such as 1.5 or -0.25.
func fraction(tok string) (float64, bool) {
	whole, frac, ok := strings.Cut(tok, ".")
	if !ok || frac == "" || !allDigits(frac) {
		return 0, false
	}
	if _, ok := integer(whole); !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(tok, 64)
	return f, err == nil
}

// isControl reports whether c is a control character, which TOML allows
// in no string or comment but for the tab.
func isControl(c byte) bool { return c < 0x20 && c != '\t' || c == 0x7f }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// The shapes of date-time the subset takes, with digits as 0, and the
// layouts and zones BurntSushi/toml parses them with. Like it, they take
// time.Local as it is when the program starts.
var datetimeShapes = []struct {
	shape, layout string
	zone          *time.Location
}{
	{"0000-00-00", "2006-01-02", localZone("d = 2000-01-01")},
	{"0000-00-00T00:00:00", "2006-01-02T15:04:05.999999999", localZone("d = 2000-01-01T00:00:00")},
	{"0000-00-00T00:00:00Z", time.RFC3339Nano, time.Local},
	{"0000-00-00T00:00:00+00:00", time.RFC3339Nano, time.Local},
}

// localZone returns the location BurntSushi/toml gives the value of d in
// src, a date or date-time without an offset. Those locations are internal
// to it, so they are read off values it decodes.
func localZone(src string) *time.Location {
	var v map[string]any // not a time.Time field, which would convert it
	if _, err := toml.Decode(src, &v); err != nil {
		panic(err)
	}
	return v["d"].(time.Time).Location()
}

// datetime parses tok as BurntSushi/toml does, and then as it stores a
// date-time in a time.Time field: through MarshalText and UnmarshalText.
func datetime(tok string) (time.Time, bool) {
	for _, s := range datetimeShapes {
		if !fits(tok, s.shape) {
			continue
		}
		t, err := time.ParseInLocation(s.layout, tok, s.zone)
		if err != nil {
			return time.Time{}, false
		}
		text, err := t.MarshalText()
		if err != nil {
			return time.Time{}, false
		}
		var out time.Time
		return out, out.UnmarshalText(text) == nil
	}
	return time.Time{}, false
}

func fits(tok, shape string) bool {
	if len(tok) != len(shape) {
		return false
	}
	for i := 0; i < len(shape); i++ {
		c := tok[i]
		switch shape[i] {
		case '0':
			if c < '0' || c > '9' {
				return false
			}
		case '+':
			if c != '+' && c != '-' {
				return false
			}
		default:
			if c != shape[i] {
				return false
			}
		}
	}
	return true
}

// The kinds of field the subset fills.
type kind uint8

const (
	kindString kind = iota
	kindInt
	kindFloat
	kindBool
	kindTime
	kindStrings   // []string
	kindStructs   // []struct, from [[name]] tables
	kindStringMap // map[string]string, from a [name] table
)

type field struct {
	index int
	kind  kind
	elem  *structInfo // of kindStructs
}

type structInfo struct {
	typ    reflect.Type
	fields map[string]field
}

// structs caches structOf: a structKey → *structInfo, nil when declined.
var structs sync.Map

type structKey struct {
	t      reflect.Type
	nested bool
}

// structOf describes the fields of struct type t by their toml names, or
// returns nil when t has a field the subset does not fill. A nested struct,
// an element of an array of tables, holds no tables itself.
func structOf(t reflect.Type, nested bool) *structInfo {
	key := structKey{t, nested}
	if v, ok := structs.Load(key); ok {
		return v.(*structInfo)
	}
	info := &structInfo{typ: t, fields: map[string]field{}}
	if decodesItself(t) {
		info = nil
	}
	for i := 0; info != nil && i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("toml"), ",")
		if !sf.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		k, elem, ok := kindOf(sf.Type, nested)
		if !ok || sf.Anonymous {
			info = nil
			break
		}
		info.fields[name] = field{index: i, kind: k, elem: elem}
	}
	structs.Store(key, info)
	return info
}

var (
	timeType        = reflect.TypeFor[time.Time]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	tomlUnmarshaler = reflect.TypeFor[toml.Unmarshaler]()
)

// decodesItself reports whether BurntSushi/toml would hand values of type t
// to t's own method.
func decodesItself(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return pt.Implements(textUnmarshaler) || pt.Implements(tomlUnmarshaler) || t.Implements(textUnmarshaler) || t.Implements(tomlUnmarshaler)
}

func kindOf(t reflect.Type, nested bool) (kind, *structInfo, bool) {
	switch {
	case t == timeType:
		return kindTime, nil, true
	case t.PkgPath() != "" && t.Kind() != reflect.Struct:
		// A named type such as time.Duration may decode its own way.
		return 0, nil, false
	}
	switch t.Kind() {
	case reflect.String:
		return kindString, nil, true
	case reflect.Int, reflect.Int64:
		return kindInt, nil, true
	case reflect.Float64:
		return kindFloat, nil, true
	case reflect.Bool:
		return kindBool, nil, true
	case reflect.Slice:
		e := t.Elem()
		if e.Kind() == reflect.String && e.PkgPath() == "" {
			return kindStrings, nil, true
		}
		if e.Kind() == reflect.Struct && !nested {
			if info := structOf(e, true); info != nil {
				return kindStructs, info, true
			}
		}
	case reflect.Map:
		if !nested && t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.String && t.Key().PkgPath() == "" && t.Elem().PkgPath() == "" {
			return kindStringMap, nil, true
		}
	}
	return 0, nil, false
}
