// Package content discovers the Markdown files of a site, splits and decodes
// their TOML front matter into typed values (Course, Case, Policy, Speaker),
// and names each page. It checks what one file can show on its own (syntax,
// unknown keys, types, required fields, allowed values); links between
// pages are the site package's business.
package content

import (
	"bytes"
	"errors"
	"hash/maphash"
	"io/fs"
	"math"
	"path"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"qiao/generator/config"
	"qiao/generator/diag"
	"qiao/generator/pool"
	"qiao/generator/tomlkeys"
	"qiao/generator/tomlsub"
)

// Dir is the folder of Markdown content at the site root.
const Dir = "content"

// Kind tells how a content file is used.
type Kind int

const (
	KindPage    Kind = iota // a regular page
	KindSection             // _index.md of a section
	KindHome                // _index.md at the content root
)

// File is one decoded Markdown file in one language.
type File struct {
	Path    string // slash path from the site root: content/courses/itt-201.zh.md
	Name    string // content/-relative path without language and extension: courses/itt-201
	Lang    string
	Kind    Kind
	Section string // first path segment of Name for pages in a folder, "" otherwise
	Type    string // TypeCourses… for the four typed sections, else TypePage
	Bundle  string // for a page bundle, its folder from the site root; else ""

	Common
	Course  *Course
	Case    *Case
	Policy  *Policy
	Speaker *Speaker

	Body     []byte
	BodyLine int    // file line of the first body line
	Hash     uint64 // of the whole file, to tell whether it changed
	// FrontHash is a hash of everything before the body: two versions of
	// a file with the same FrontHash differ only in their bodies.
	FrontHash uint64
	front     string                         // the front matter, until DropSource
	keys      atomic.Pointer[tomlkeys.Index] // of front, made when a line is first asked for
}

// DropSource lets go of the file's body and of the index of its front
// matter lines, which only loading and its diagnostics use. A one-shot
// build calls it as soon as the file's body is converted, so that a large
// site does not hold its sources while it converts and renders; afterwards
// Line and ValueLine answer 1 and Body is nil.
func (f *File) DropSource() {
	f.Body, f.front = nil, ""
	f.keys.Store(nil)
}

// keyIndex returns the index of the front matter's lines, made on first use:
// most files never need it, as only their diagnostics name lines.
func (f *File) keyIndex() *tomlkeys.Index {
	if ix := f.keys.Load(); ix != nil {
		return ix
	}
	if f.front == "" {
		return noKeys
	}
	ix := tomlkeys.New(f.front)
	f.keys.Store(ix) // callers that race make the same index
	return ix
}

// Line returns the file line where the front matter key is defined, or the
// first line of the file when it is not.
func (f *File) Line(key string) int {
	if n := f.keyIndex().KeyLine(key); n > 0 {
		return n + 1
	}
	return 1
}

// ValueLine returns the file line holding value under key.
func (f *File) ValueLine(key, value string) int {
	if n := f.keyIndex().ValueLine(key, value); n > 0 {
		return n + 1
	}
	return 1
}

// noKeys is the index of empty front matter, or of a dropped one.
var noKeys = tomlkeys.New("")

// Resource is a non-Markdown file under content/: an image in a page
// bundle, or a file copied at its own path.
type Resource struct {
	Path   string // from the site root
	Bundle string // the bundle folder it belongs to, or ""
}

// Cache keeps decoded files, with their diagnostics, between builds of a
// site whose configuration has not changed, so that the preview server
// decodes only the files that changed. The zero value is not usable; use
// NewCache.
type Cache struct {
	mu      sync.Mutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	src   []byte
	file  *File
	diags []diag.Diagnostic
	// trusted entries are known to match the file on disk (the caller
	// watches for changes and calls Changed), so it is not read again.
	trusted bool
}

// Trust makes the cache skip reading files it has already decoded, until
// Changed names them: for callers that watch the file system.
func (c *Cache) Trust() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p, e := range c.entries {
		e.trusted = true
		c.entries[p] = e
	}
}

// Changed marks files (slash paths from the site root) to be read again.
func (c *Cache) Changed(paths []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range paths {
		delete(c.entries, p)
	}
}

// trusted returns the decoded file for p if the cache may skip reading it.
func (c *Cache) trusted(p string, diags *diag.List) (*File, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	e, ok := c.entries[p]
	c.mu.Unlock()
	if !ok || !e.trusted {
		return nil, false
	}
	for _, d := range e.diags {
		diags.Add(d)
	}
	return e.file, true
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{entries: map[string]cacheEntry{}} }

// parse decodes src, or returns the file decoded from the same bytes before.
func (c *Cache) parse(p string, src []byte, cfg *config.Config, diags *diag.List) *File {
	if c == nil {
		return Parse(p, src, cfg, diags)
	}
	c.mu.Lock()
	e, ok := c.entries[p]
	c.mu.Unlock()
	if !ok || !bytes.Equal(e.src, src) {
		var own diag.List
		e = cacheEntry{src: src, file: Parse(p, src, cfg, &own), diags: own.Sorted()}
		c.mu.Lock()
		c.entries[p] = e
		c.mu.Unlock()
	}
	for _, d := range e.diags {
		diags.Add(d)
	}
	return e.file
}

// Load discovers and decodes every content file in parallel. Problems go to
// diags; files that cannot be decoded are left out. cache may be nil.
func Load(fsys fs.FS, cfg *config.Config, cache *Cache, diags *diag.List) ([]*File, []Resource) {
	if _, err := fs.Stat(fsys, Dir); errors.Is(err, fs.ErrNotExist) {
		return nil, nil // a site may start with its home pages only
	}
	var mdPaths []string
	var others []string
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(p, 0, "content-read", "cannot read: %v", err)
			return nil
		}
		if d.IsDir() {
			if p != Dir && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		if strings.HasSuffix(p, ".md") {
			mdPaths = append(mdPaths, p)
		} else {
			others = append(others, p)
		}
		return nil
	})
	if err != nil {
		diags.Errorf(Dir, 0, "content-read", "cannot read the content folder: %v", err)
	}

	files := make([]*File, len(mdPaths))
	pool.Each(len(mdPaths), func(i int) {
		p := mdPaths[i]
		if f, ok := cache.trusted(p, diags); ok {
			files[i] = f
			return
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Errorf(p, 0, "content-read", "cannot read: %v", err)
			return
		}
		files[i] = cache.parse(p, src, cfg, diags)
	})
	files = slices.DeleteFunc(files, func(f *File) bool { return f == nil })

	bundles := map[string]bool{}
	for _, f := range files {
		if f.Bundle != "" {
			bundles[f.Bundle] = true
		}
	}
	var res []Resource
	for _, p := range others {
		dir := path.Dir(p)
		r := Resource{Path: p}
		for d := dir; d != Dir && d != "."; d = path.Dir(d) {
			if bundles[d] {
				r.Bundle = d
				break
			}
		}
		res = append(res, r)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, res
}

// Parse decodes one content file. p is its slash path from the site root.
// It returns nil when the file cannot be used; the reason is in diags.
func Parse(p string, src []byte, cfg *config.Config, diags *diag.List) *File {
	return parse(p, src, cfg, true, diags)
}

// parse is Parse; fast tells whether the fast decoder may be tried, which
// the tests turn off to hold both ways of decoding to the same results.
func parse(p string, src []byte, cfg *config.Config, fast bool, diags *diag.List) *File {
	f := &File{Path: p, Hash: hash(src)}
	if !nameFromPath(f, cfg, diags) {
		return nil
	}
	if !utf8.Valid(src) {
		line := 1
		for i := 0; i < len(src); {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			if r == '\n' {
				line++
			}
			i += size
		}
		diags.Errorf(p, line, "encoding", "this file is not UTF-8 text; save it as UTF-8")
		return nil
	}
	front, body, bodyLine, ok := Split(src)
	if !ok {
		diags.Errorf(p, 1, "front-matter", "front matter must start on the first line with +++ and end with a +++ line")
		return nil
	}
	f.Body, f.BodyLine = body, bodyLine
	f.FrontHash = hash(src[:len(src)-len(body)])
	f.front = front
	refused, ok := decode(f, front, fast, diags)
	if !ok {
		return nil
	}
	validate(f, cfg, refused, diags)
	return f
}

// Split separates TOML front matter between +++ lines from the body. It
// accepts a byte order mark and CRLF line ends. bodyLine is the 1-based file
// line where the body starts. ok is false when the file has no closed front
// matter.
func Split(src []byte) (front string, body []byte, bodyLine int, ok bool) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if !found || string(bytes.TrimRight(first, " \t\r")) != "+++" {
		return "", nil, 0, false
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		next := len(rest) + 1
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
			next = off + end + 1
		}
		if string(bytes.TrimRight(l, " \t\r")) == "+++" {
			front = strings.ReplaceAll(string(rest[:off]), "\r\n", "\n")
			if next <= len(rest) {
				body = rest[next:]
			}
			return front, body, line + 1, true
		}
		off = next
		line++
	}
	return "", nil, 0, false
}

// nameFromPath fills Name, Lang, Kind, Section, Type and Bundle.
func nameFromPath(f *File, cfg *config.Config, diags *diag.List) bool {
	rel := strings.TrimPrefix(f.Path, Dir+"/")
	dir, base := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	stem := strings.TrimSuffix(base, ".md")
	f.Lang = cfg.DefaultLanguage
	if i := strings.LastIndexByte(stem, '.'); i >= 0 {
		suffix := stem[i+1:]
		if cfg.Language(suffix) == nil {
			codes := make([]string, len(cfg.Languages))
			for j, l := range cfg.Languages {
				codes[j] = l.Code
			}
			diags.Errorf(f.Path, 0, "content-language", "%q is not a configured language (configured: %s); name files <name>.<language>.md", suffix, strings.Join(codes, ", "))
			return false
		}
		f.Lang, stem = suffix, stem[:i]
	}
	switch stem {
	case "_index":
		f.Name = dir
		f.Kind = KindSection
		if dir == "" {
			f.Kind = KindHome
		}
	case "index":
		if dir == "" {
			diags.Errorf(f.Path, 0, "content-name", "index.md at the content root is ambiguous; the home page is _index.md")
			return false
		}
		f.Name = dir
		f.Bundle = path.Join(Dir, dir)
	default:
		f.Name = path.Join(dir, stem)
	}
	for _, seg := range strings.Split(f.Name, "/") {
		if f.Name != "" && !SafeSegment(seg) {
			diags.Errorf(f.Path, 0, "content-name", "the name %q cannot be used in a URL: use letters, digits, hyphens and underscores", seg)
			return false
		}
	}
	if i := strings.IndexByte(f.Name, '/'); i >= 0 {
		f.Section = f.Name[:i]
	} else if f.Kind == KindSection {
		f.Section = f.Name
	}
	f.Type = TypePage
	switch f.Section {
	case TypeCourses, TypeCases, TypePolicies, TypeSpeakers:
		f.Type = f.Section
	}
	return true
}

// SafeSegment reports whether s can be one segment of an output path on any
// file system: not empty, not a dot name, no separators or control
// characters, and no characters Windows or URLs treat specially.
func SafeSegment(s string) bool {
	if s == "" || s == "." || s == ".." || strings.HasPrefix(s, ".") || len(s) > 200 {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0xfffd || strings.ContainsRune(`/\:*?"<>|#%&+ `, r) {
			return false
		}
	}
	return true
}

// decode reads the front matter into the type of the file's section. It
// reports false when the front matter is not TOML; a value it refuses is
// reported, left empty and named in refused (by at.id).
func decode(f *File, front string, fast bool, diags *diag.List) (refused map[string]bool, ok bool) {
	_, parts := frontTargets(f)
	// Most front matter is plain enough for the fast decoder, which takes
	// only what the full way below takes whole, with the same values.
	if fast && tomlsub.Decode(front, parts...) {
		return nil, true
	}
	var values map[string]any
	if _, err := toml.Decode(front, &values); err != nil {
		line, msg := tomlkeys.ErrorLine(err)
		if line > 0 {
			line++
		}
		diags.Errorf(f.Path, line, "front-matter", "front matter: %s", msg)
		return nil, false
	}
	structs := make([]reflect.Value, len(parts))
	for i, p := range parts {
		structs[i] = reflect.ValueOf(p).Elem()
	}
	d := frontDecoder{f: f, diags: diags}
	d.table(values, structs, "", 0)
	return d.refused, true
}

// frontTargets makes the structs f's front matter decodes into: the common
// fields and, on a page of a typed section, the type's own. whole holds them
// embedded, so that BurntSushi/toml sees their keys at one level.
func frontTargets(f *File) (whole any, parts []any) {
	if f.Kind == KindPage {
		switch f.Type {
		case TypeCourses:
			f.Course = &Course{}
			return &struct {
				*Common
				*Course
			}{&f.Common, f.Course}, []any{&f.Common, f.Course}
		case TypeCases:
			f.Case = &Case{}
			return &struct {
				*Common
				*Case
			}{&f.Common, f.Case}, []any{&f.Common, f.Case}
		case TypePolicies:
			f.Policy = &Policy{}
			return &struct {
				*Common
				*Policy
			}{&f.Common, f.Policy}, []any{&f.Common, f.Policy}
		case TypeSpeakers:
			f.Speaker = &Speaker{}
			return &struct {
				*Common
				*Speaker
			}{&f.Common, f.Speaker}, []any{&f.Common, f.Speaker}
		}
	}
	return &f.Common, []any{&f.Common}
}

// validate checks required fields and allowed values. A key in refused was
// reported when decoding; it is not reported again as missing.
func validate(f *File, cfg *config.Config, refused map[string]bool, diags *diag.List) {
	// isRefused is quick for the many files with nothing refused, which
	// need no place names made.
	isRefused := func(a at) bool { return len(refused) > 0 && refused[a.id()] }
	required := func(key string, empty bool) {
		if empty && !refused[key] {
			what := key
			if key == "title" {
				what = "a title"
			}
			diags.Errorf(f.Path, 1, "required", "front matter needs %s", what)
		}
	}
	oneOf := func(key, value string, allowed []string) {
		if value != "" && !slices.Contains(allowed, value) {
			diags.Errorf(f.Path, f.Line(key), "value", "%s = %q is not allowed; use one of %s%s", key, value, strings.Join(allowed, ", "), diag.DidYouMean(value, allowed))
		}
	}
	required("title", f.Title == "")
	if f.Slug != "" && !SafeSegment(f.Slug) {
		diags.Errorf(f.Path, f.Line("slug"), "slug", "slug %q cannot be used in a URL: use one path segment of letters, digits, hyphens and underscores", f.Slug)
		f.Slug = ""
	}
	for _, t := range f.Topics {
		if cfg.Topic(t) == nil {
			diags.Errorf(f.Path, f.ValueLine("topics", t), "topic", "unknown topic %q; topics are declared in site.toml as [topics.<key>]%s", t, diag.DidYouMean(t, cfg.TopicKeys()))
		}
	}
	switch {
	case f.Course != nil:
		c := f.Course
		required("code", c.Code == "")
		required("level", c.Level == "")
		required("format", c.Format == "")
		required("hours", c.Hours == 0)
		oneOf("level", c.Level, Levels)
		oneOf("format", c.Format, Formats)
		if c.Hours < 0 {
			diags.Errorf(f.Path, f.Line("hours"), "value", "hours must not be negative")
		}
		if c.Language != "" && cfg.Language(c.Language) == nil && !isLanguageTag(c.Language) {
			diags.Errorf(f.Path, f.Line("language"), "value", "language = %q is not a language code such as \"en\" or \"zh\"", c.Language)
		}
		// A sum with a refused hours in it would only repeat that problem.
		sumKnown := !refused["hours"]
		var sum float64
		for i, m := range c.Modules {
			hours := at{table: "modules", n: i, key: "hours"}
			sumKnown = sumKnown && !isRefused(hours) && !isRefused(at{table: "modules", n: i})
			sum += m.Hours
			if m.Hours < 0 {
				diags.Errorf(f.Path, f.lineAt(hours), "value", "module %d: hours must not be negative", i+1)
			}
		}
		if len(c.Modules) > 0 && sumKnown && math.Abs(sum-c.Hours) > 1e-9 {
			diags.Errorf(f.Path, f.Line("hours"), "hours-mismatch", "the modules add up to %s hours but hours = %s; correct one of them",
				strconv.FormatFloat(sum, 'f', -1, 64), strconv.FormatFloat(c.Hours, 'f', -1, 64))
		}
		for i, s := range c.Sessions {
			start, end := at{table: "sessions", n: i, key: "start"}, at{table: "sessions", n: i, key: "end"}
			switch {
			case isRefused(at{table: "sessions", n: i}) || isRefused(start) || isRefused(end):
			case s.Start.IsZero() || s.End.IsZero():
				diags.Errorf(f.Path, f.keyIndex().NthKeyLine("sessions", i)+1, "required", "session %d needs both start and end", i+1)
			case s.End.Before(s.Start):
				diags.Errorf(f.Path, f.lineAt(end), "session-order", "session %d ends (%s) before it starts (%s)", i+1, s.End.Format("2006-01-02 15:04"), s.Start.Format("2006-01-02 15:04"))
			}
			if s.Seats < 0 {
				diags.Errorf(f.Path, f.lineAt(at{table: "sessions", n: i, key: "seats"}), "value", "session %d: seats must not be negative", i+1)
			}
			validateSession(f, i, s, isRefused, func(a at, code, format string, args ...any) {
				diags.Errorf(f.Path, f.lineAt(a), code, format, args...)
			})
		}
		if _, err := ParseFee(c.Fee); err != nil && !refused["fee"] {
			diags.Errorf(f.Path, f.Line("fee"), "value", "fee = %q: %v", c.Fee, err)
		}
		if _, err := EnrolLink(c.Enrol); err != nil && !refused["enrol"] {
			diags.Errorf(f.Path, f.Line("enrol"), "value", "enrol: %v", err)
		}
	case f.Case != nil:
		required("year", f.Case.Year == 0)
	case f.Policy != nil:
		p := f.Policy
		required("issuer", p.Issuer == "")
		required("jurisdiction", p.Jurisdiction == "")
		required("status", p.Status == "")
		oneOf("jurisdiction", p.Jurisdiction, Jurisdictions)
		oneOf("status", p.Status, Statuses)
	case f.Speaker != nil:
		required("name", f.Speaker.Name == "")
		required("organization", f.Speaker.Organization == "")
	}
}

func isLanguageTag(s string) bool {
	if len(s) < 2 || len(s) > 12 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-') {
			return false
		}
	}
	return true
}

func (k Kind) String() string {
	return [...]string{"page", "section", "home"}[k]
}

// LinkName maps the target of a Markdown link (a slash path from the site
// root, ending in .md) to the page name it designates, or "" when the path
// is not a content file.
func LinkName(p string, cfg *config.Config) string {
	rel, ok := strings.CutPrefix(p, Dir+"/")
	if !ok || !strings.HasSuffix(rel, ".md") {
		return ""
	}
	dir, base := path.Split(strings.TrimSuffix(rel, ".md"))
	dir = strings.TrimSuffix(dir, "/")
	if i := strings.LastIndexByte(base, '.'); i >= 0 && cfg.Language(base[i+1:]) != nil {
		base = base[:i]
	}
	switch base {
	case "_index", "index":
		return dir
	}
	return path.Join(dir, base)
}

// hash tells file versions apart within one process (File.Hash and
// FrontHash are never written out), so it may use a seed of the process.
func hash(b []byte) uint64 { return maphash.Bytes(hashSeed, b) }

var hashSeed = maphash.MakeSeed()
