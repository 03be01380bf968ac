// Package render turns the page graph into files: it loads html/template
// layouts (built-in defaults, each overridable by a file of the same name in
// the site's layouts/), renders every page, and writes the machine-readable
// outputs (JSON-LD, Atom feeds, sitemap, robots.txt, alias redirects). It
// does not decide URLs or resolve references; the site package has done so.
package render

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"qiao/generator/config"
	"qiao/generator/diag"
	"qiao/generator/site"
)

//go:embed all:layouts
var builtin embed.FS

//go:embed assets/site.css
var defaultStylesheet []byte

// Stylesheet is the built-in stylesheet, written to css/site.css unless the
// site's static/ has its own.
func Stylesheet() []byte { return defaultStylesheet }

// LayoutDir is the folder of layouts at the site root.
const LayoutDir = "layouts"

// Templates are the parsed layouts of one build, one template per view
// (courses/single.html …), each with the base template and partials.
type Templates struct {
	views map[string]*template.Template
	files map[string]string // template name → file for messages
	// cached holds the output of partialCached calls for this build,
	// by partial name and variant keys.
	cached sync.Map
	// entries holds the output of entries calls for this build.
	entryMu sync.RWMutex
	entries map[entryKey]string
	// kept, when set, holds entries from earlier builds (see KeepEntries).
	kept         *EntryCache
	entryVersion func(*site.Page) (uint64, bool)

	// assetUses are the asset calls of the layouts; assets, what they
	// resolve to (see ResolveAssets).
	assetUses  []assetUse
	assets     map[string]*Asset
	assetBase  string
	assetsHash uint64

	showsOtherBodies      bool        // see ShowsOtherBodies
	readsBeyondNeighbours bool        // see ReadsBeyondNeighbours
	namedReads            []NamedRead // see NamedReads
}

// layoutFile is one layout with where it came from.
type layoutFile struct {
	name   string // relative to layouts/
	origin string // for diagnostics: layouts/x.html or "built-in layout x.html"
	src    string
}

// LoadTemplates parses every layout once. siteLayouts is the site's
// layouts/ folder (nil when it has none); its files replace built-in ones
// of the same name.
func LoadTemplates(siteLayouts fs.FS, diags *diag.List) *Templates {
	files := map[string]layoutFile{}
	collect := func(fsys fs.FS, origin func(string) string) {
		_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return nil
			}
			src, err := fs.ReadFile(fsys, p)
			if err != nil {
				diags.Errorf(origin(p), 0, "layout", "cannot read: %v", err)
				return nil
			}
			files[p] = layoutFile{name: p, origin: origin(p), src: string(src)}
			return nil
		})
	}
	def, _ := fs.Sub(builtin, "layouts")
	collect(def, func(p string) string { return "built-in layout " + p })
	if siteLayouts != nil {
		collect(siteLayouts, func(p string) string { return path.Join(LayoutDir, p) })
	}

	t := &Templates{views: map[string]*template.Template{}, files: map[string]string{},
		entries: map[entryKey]string{}}
	for _, f := range files {
		t.files[f.name] = f.origin
	}
	base := template.New("").Funcs(funcs)
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	ok := true
	for _, name := range names {
		if name == "_default/baseof.html" || strings.HasPrefix(name, "partials/") {
			if _, err := base.New(name).Parse(files[name].src); err != nil {
				t.report(diags, err)
				ok = false
			}
		}
	}
	if !ok {
		return t
	}
	for _, name := range names {
		if name == "_default/baseof.html" || strings.HasPrefix(name, "partials/") {
			continue
		}
		view, err := base.Clone()
		if err == nil {
			_, err = view.New(name).Parse(files[name].src)
		}
		if err != nil {
			t.report(diags, err)
			continue
		}
		view.Funcs(template.FuncMap{"partialCached": t.partialCached(view), "entries": t.entriesOf(view), "asset": t.assetFunc, "optionalAsset": t.optionalAssetFunc})
		t.views[name] = view
	}
	t.findAssetUses(diags)
	t.showsOtherBodies = t.computeShowsOtherBodies()
	t.readsBeyondNeighbours, t.namedReads = t.computeReadsBeyondNeighbours()
	return t
}

var templateErrLine = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:\d+:)? ?(.*)$`)

// report turns a template error into a diagnostic at the layout's line.
func (t *Templates) report(diags *diag.List, err error) {
	d := t.diagnostic(err)
	diags.Add(d)
}

func (t *Templates) diagnostic(err error) diag.Diagnostic {
	msg := err.Error()
	if m := templateErrLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		origin := t.files[m[1]]
		if origin == "" {
			origin = path.Join(LayoutDir, m[1])
		}
		return diag.Diagnostic{Path: origin, Line: line, Code: "layout", Message: m[3]}
	}
	return diag.Diagnostic{Path: LayoutDir, Code: "layout", Message: strings.TrimPrefix(msg, "template: ")}
}

// viewFor returns the template for a page: the most specific of
// <section>/<kind>.html and _default/<kind>.html that exists.
func (t *Templates) viewFor(p *site.Page) (*template.Template, string) {
	var candidates []string
	switch p.Kind {
	case site.KindHome:
		candidates = []string{"index.html", "_default/list.html"}
	case site.KindSection:
		candidates = []string{p.Section + "/list.html", "_default/list.html"}
	case site.KindTopic:
		candidates = []string{"topics/single.html", "_default/list.html"}
	case site.KindTopics:
		candidates = []string{"topics/list.html", "_default/list.html"}
	case site.KindNotFound:
		candidates = []string{"404.html", "_default/single.html"}
	case site.KindFacet:
		candidates = []string{p.Section + "/facet.html", p.Section + "/list.html", "_default/list.html"}
	case site.KindSearch:
		candidates = []string{"search.html"}
	default:
		if p.Section != "" {
			candidates = append(candidates, p.Section+"/single.html")
		}
		candidates = append(candidates, "_default/single.html")
	}
	for _, c := range candidates {
		if v := t.views[c]; v != nil {
			return v, c
		}
	}
	return nil, candidates[len(candidates)-1]
}

// partialCached returns the partialCached function of one view. Like
// Hugo's, {{partialCached "partials/x.html" . key…}} renders the partial
// once per build for each distinct list of keys and reuses the HTML
// afterwards: for the parts of a page that are the same on every page of a
// language, such as the search box or the footer, called with .Lang.Code
// as the key. The partial must be used where HTML may go, not inside an
// attribute.
func (t *Templates) partialCached(view *template.Template) func(string, any, ...any) (template.HTML, error) {
	return func(name string, data any, keys ...any) (template.HTML, error) {
		key := name
		for _, k := range keys {
			key += "\x00" + fmt.Sprint(k)
		}
		if html, ok := t.cached.Load(key); ok {
			return html.(template.HTML), nil
		}
		if view.Lookup(name) == nil {
			return "", fmt.Errorf("partialCached: no template %q", name)
		}
		var b strings.Builder
		if err := view.ExecuteTemplate(&b, name, data); err != nil {
			return "", err
		}
		// Another page may have rendered it meanwhile: the first stays.
		html, _ := t.cached.LoadOrStore(key, template.HTML(b.String()))
		return html.(template.HTML), nil
	}
}

var entryBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

type entryKey struct {
	partial string
	page    *site.Page
	lang    *config.Language
}

// EntryCache keeps the HTML of entries (see entriesOf) from one build to
// the next, for a caller that can tell when a listed page changed: each
// entry is kept with a version of the page it shows, and reused while the
// page has that version. It holds one entry per partial, language of
// listing and listed page. It is safe for concurrent use.
type EntryCache struct {
	mu      sync.Mutex
	entries map[entryID]versionedEntry
}

type entryID struct{ partial, lang, page string }

type versionedEntry struct {
	version uint64
	html    string
}

// NewEntryCache returns an empty cache.
func NewEntryCache() *EntryCache { return &EntryCache{entries: map[entryID]versionedEntry{}} }

func (c *EntryCache) get(id entryID, version uint64) (string, bool) {
	c.mu.Lock()
	e, ok := c.entries[id]
	c.mu.Unlock()
	return e.html, ok && e.version == version
}

func (c *EntryCache) put(id entryID, version uint64, html string) {
	c.mu.Lock()
	c.entries[id] = versionedEntry{version, html}
	c.mu.Unlock()
}

// KeepEntries makes this build's entries calls reuse what c kept from an
// earlier build with the same layouts and site.toml, and keep what they
// render. version returns a listed page's version: a number that changes
// whenever anything an entry may show of the page does, or false for a
// page whose entries must be rendered again. incremental.Incremental passes its
// page signatures, which cover everything a page's own layout may show.
func (t *Templates) KeepEntries(c *EntryCache, version func(*site.Page) (uint64, bool)) {
	t.kept, t.entryVersion = c, version
}

// entriesOf returns the entries function of one view:
// {{entries "partials/x.html" $list .Pages}} renders the partial once for
// each page, with (dict "page" $list "item" page), and joins the results.
// The partial may show anything of the listed page but only the language
// of the listing page, for a listed page's entry is rendered once per
// build for each language of listing and reused wherever a page of that
// language lists it: in a large site, every page lists dozens of others
// (related, cited by, sections, topics), and rendering each entry through
// the template again was a third of the time spent rendering a page.
// The last argument may also be one page, for an entry that shows another
// entry of the same page: {{entries "partials/x.html" .page .item}}.
func (t *Templates) entriesOf(view *template.Template) func(string, *site.Page, any) (template.HTML, error) {
	return func(name string, list *site.Page, listed any) (template.HTML, error) {
		partial := view.Lookup(name)
		if partial == nil {
			return "", fmt.Errorf("entries: no template %q", name)
		}
		if list == nil {
			return "", fmt.Errorf("entries: no listing page for %q", name)
		}
		var pages []*site.Page
		switch v := listed.(type) {
		case []*site.Page:
			pages = v
		case *site.Page:
			if v == nil {
				return "", fmt.Errorf("entries: no page to list in %q", name)
			}
			pages = []*site.Page{v}
		default:
			return "", fmt.Errorf("entries: %q wants a page or a list of pages, not %T", name, listed)
		}
		htmls := make([]string, len(pages))
		size := 0
		for i, p := range pages {
			k := entryKey{name, p, list.Lang}
			t.entryMu.RLock()
			html, ok := t.entries[k]
			t.entryMu.RUnlock()
			if !ok {
				var err error
				if html, err = t.renderEntry(partial, name, list, p); err != nil {
					return "", err
				}
				t.entryMu.Lock()
				if first, ok := t.entries[k]; ok {
					html = first // another page rendered it meanwhile
				} else {
					t.entries[k] = html
				}
				t.entryMu.Unlock()
			}
			htmls[i] = html
			size += len(html)
		}
		var b strings.Builder
		b.Grow(size) // one allocation for the whole listing
		for _, html := range htmls {
			b.WriteString(html)
		}
		return template.HTML(b.String()), nil
	}
}

// ForgetEntries lets go of the entries and cached partials this build
// rendered, for a build with no page left to render: on a large site they
// are tens of megabytes, held while the search index, the build's peak of
// memory, is written. Templates render as before afterwards, only without
// what was cached.
func (t *Templates) ForgetEntries() {
	t.entryMu.Lock()
	t.entries = map[entryKey]string{}
	t.entryMu.Unlock()
	t.cached.Clear()
}

// renderEntry renders the entry of page p in listing page list, or takes
// it from the entries kept from an earlier build.
func (t *Templates) renderEntry(partial *template.Template, name string, list, p *site.Page) (string, error) {
	var (
		id      entryID
		version uint64
		keep    bool
	)
	if t.kept != nil {
		if version, keep = t.entryVersion(p); keep {
			id = entryID{name, list.Lang.Code, p.OutputPath()}
			if html, ok := t.kept.get(id, version); ok {
				return html, nil
			}
		}
	}
	e := entryBuffers.Get().(*bytes.Buffer)
	defer entryBuffers.Put(e)
	e.Reset()
	if err := partial.Execute(e, map[string]any{"page": list, "item": p}); err != nil {
		return "", err
	}
	html := e.String()
	if keep {
		t.kept.put(id, version, html)
	}
	return html, nil
}

// funcs are the template functions; per-page helpers are methods of
// site.Page. partialCached is replaced in each view (see partialCached).
var funcs = template.FuncMap{
	"partialCached": func(string, any, ...any) (template.HTML, error) {
		return "", fmt.Errorf("partialCached is not available here")
	},
	"entries": func(string, *site.Page, any) (template.HTML, error) {
		return "", fmt.Errorf("entries is not available here")
	},
	"asset": func(string) (string, error) {
		return "", fmt.Errorf("asset is not available here")
	},
	"optionalAsset": func(string) (string, error) {
		return "", fmt.Errorf("optionalAsset is not available here")
	},
	"jsonld": jsonLD,
	"hours":  FormatHours,
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict needs key/value pairs")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
	"upper":     strings.ToUpper,
	"first":     first,
	"last":      last,
	"countType": countType,
	// The catalog (catalog.go).
	"action":       primaryAction,
	"sessionTimes": sessionTimes,
	"fee":          feeText,
	"label":        label,
	"schedule":     schedule,
	"telURL":       telURL,
	// The head (meta.go).
	"headTitle":   headTitle,
	"description": description,
	"ogImage":     ogImage,
}

// first returns the first n items of a list, or all of them when there
// are fewer, as Hugo's first does: {{range first 5 .Pages}}.
func first(n int, list any) (any, error) {
	return part("first", n, list, func(len int) (int, int) { return 0, min(n, len) })
}

// last returns the last n items of a list, or all of them when there are
// fewer, as Hugo's last does: {{range last 12 (schedule .Pages)}}.
func last(n int, list any) (any, error) {
	return part("last", n, list, func(len int) (int, int) { return len - min(n, len), len })
}

// part returns the items of a list between the bounds span gives for its
// length, for first and last (name) of n items.
func part(name string, n int, list any, span func(len int) (int, int)) (any, error) {
	if n < 0 {
		return nil, fmt.Errorf("%s: negative count %d", name, n)
	}
	if list == nil {
		return nil, nil
	}
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice {
		return nil, fmt.Errorf("%s: %T is not a list", name, list)
	}
	i, j := span(v.Len())
	return v.Slice(i, j).Interface(), nil
}

// countType counts the pages of a content type among pages, as ranging
// over them in a layout would, without a template loop on every page of
// a long list: {{countType .Pages "courses"}}.
func countType(pages []*site.Page, typ string) int {
	n := 0
	for _, p := range pages {
		if p.Type == typ {
			n++
		}
	}
	return n
}

// FormatHours prints a number of hours without a needless ".0".
func FormatHours(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }
