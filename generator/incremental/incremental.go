// Package incremental builds a site into memory again and again, for the
// preview server, doing only the work a change needs. The stages' own
// caches (build.Caches, render.EntryCache) save decoding, conversion and
// the page graph; this package decides which pages to render again, from
// what each page's layouts can read of the site (render.PageReads).
package incremental

import (
	"encoding/binary"
	"hash/maphash"
	"io/fs"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"qiao/generator/build"
	"qiao/generator/config"
	"qiao/generator/diag"
	"qiao/generator/output"
	"qiao/generator/pool"
	"qiao/generator/render"
	"qiao/generator/site"
)

// Incremental builds a site into memory again and again: files whose bytes
// did not change are not decoded again; when only bodies changed (the
// usual edit) the page graph is kept; bodies are not converted again
// unless they or the pages they link to changed (build.Caches); and a page
// is rendered again only if something it shows changed (see signature),
// except home pages, which always are. Everything else — feeds, sitemap,
// aliases, static files — is cheap and regenerated. The output is always
// the same as a full build's.
type Incremental struct {
	src  fs.FS
	opts build.Options

	caches  *build.Caches
	pages   map[string]renderedPage // by output path, from the last good build
	entries *render.EntryCache      // listing entries, by page signature
	seed    maphash.Seed
	// config and layouts are hashes of site.toml and of the layouts at the
	// last build: when site.toml changes, a build starts afresh (Reset);
	// when a layout does, it renders every page (RenderAll).
	config, layouts uint64
}

type renderedPage struct {
	signature uint64
	html      []byte
}

// Stats says how much a build of an Incremental did.
type Stats struct {
	build.Result
	Rendered int  // pages rendered
	Reused   int  // pages whose previous output was kept
	Kept     bool // the last build's page graph was kept: only bodies changed
	// WriteSearchIndex adds the search index to the build's output. Builds
	// of an Incremental leave it out: it covers every page and is only
	// needed when someone searches.
	WriteSearchIndex func() error
}

// New prepares builds of the site in src.
func New(src fs.FS, opts build.Options) *Incremental {
	b := &Incremental{src: src, opts: opts, seed: maphash.MakeSeed()}
	b.Reset()
	return b
}

// Reset forgets everything reused between builds; the next build does all
// the work. A build does so itself when site.toml changed.
func (b *Incremental) Reset() {
	b.caches = build.NewCaches(b.seed)
	b.RenderAll()
}

// Changed tells the next build which files changed (slash paths from the
// site root), so that it reads only those: for a caller that watches the
// file system and reports every change.
func (b *Incremental) Changed(paths []string) { b.caches.Changed(paths) }

// RenderAll makes the next build render every page and listing entry
// again, keeping decoded files and bodies. A build does so itself when a
// layout changed.
func (b *Incremental) RenderAll() {
	b.pages = nil
	b.entries = render.NewEntryCache()
}

// Build builds the site. On errors it returns build.ErrFailed, the
// problems are in diags, and the next build starts again from the last
// good one.
func (b *Incremental) Build(diags *diag.List) (*output.Memory, Stats, error) {
	start := time.Now()
	b.settings()
	s, tmpl, kept := build.LoadCached(b.src, b.opts, b.caches, diags)
	if s == nil {
		return nil, Stats{}, build.ErrFailed
	}
	sigs := make([]uint64, len(s.Pages))
	bodies := b.caches.BodyHashes(s.Pages)
	signer := newSigner(b.seed, s.Pages, bodies, tmpl)
	pool.Each(len(s.Pages), func(i int) {
		sigs[i] = signer.signature(s.Pages[i], bodies[i])
	})
	// A listed page's entry shows no more of it than its own layout may,
	// so its signature versions the entry too; home pages are always
	// rendered again (see below), and so are their entries.
	tmpl.KeepEntries(b.entries, func(p *site.Page) (uint64, bool) {
		i, ok := signer.index[p]
		if !ok || p.Kind == site.KindHome {
			return 0, false
		}
		return sigs[i], true
	})
	var st Stats
	var reused, rendered atomic.Int64
	out := output.NewMemory()
	build.Write(s, tmpl, b.src, out, func(i int) ([]byte, bool) {
		p := s.Pages[i]
		// Home pages may show anything of any page (the latest case's
		// summary, through a section): they are always rendered.
		if prev, ok := b.pages[p.OutputPath()]; ok && p.Kind != site.KindHome && prev.signature == sigs[i] {
			reused.Add(1)
			return prev.html, true
		}
		rendered.Add(1)
		return nil, false
	}, diags)
	if diags.HasErrors() {
		b.caches.Failed()
		return nil, Stats{}, build.ErrFailed
	}
	pages := make(map[string]renderedPage, len(s.Pages))
	st.Result = build.Result{Pages: map[string]int{}}
	for _, l := range s.Config.Languages {
		st.Languages = append(st.Languages, l.Code)
	}
	for i, p := range s.Pages {
		html, _ := out.Get(p.OutputPath())
		pages[p.OutputPath()] = renderedPage{signature: sigs[i], html: html}
		if p.Kind != site.KindNotFound {
			st.Pages[p.Lang.Code]++
		}
	}
	b.pages = pages
	st.WriteSearchIndex = build.SearchIndexWriter(s, out)
	st.Files = out.Files()
	st.Rendered, st.Reused = int(rendered.Load()), int(reused.Load())
	st.Kept = kept
	st.Duration = time.Since(start)
	return out, st, nil
}

// settings resets what the last builds left when site.toml or a layout
// changed, whether or not the caller said so: every page and body may
// depend on them.
func (b *Incremental) settings() {
	cfg, _ := fs.ReadFile(b.src, config.File)
	h := maphash.Hash{}
	h.SetSeed(b.seed)
	if layouts, err := fs.Sub(b.src, render.LayoutDir); err == nil {
		_ = fs.WalkDir(layouts, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := fs.ReadFile(layouts, p)
				h.WriteString(p)
				h.WriteByte(0)
				h.Write(data)
				h.WriteByte(0)
			}
			return nil
		})
	}
	config, layouts := maphash.Bytes(b.seed, cfg), h.Sum64()
	switch {
	case config != b.config:
		b.Reset()
	case layouts != b.layouts:
		b.RenderAll()
	}
	b.config, b.layouts = config, layouts
}

// signer computes page signatures: a hash of everything a page's layout
// can show.
//
// A page other than a content page (home, section, filter, topic, search,
// 404) may show counts and listings over any part of the site, so its
// signature covers every page: the site's hash, of every page's deep hash
// (below). So does a content page's when its layouts may read beyond its
// neighbours (render.Templates.ReadsBeyondNeighbours): when unsure, more
// pages are rendered, never fewer.
//
// Otherwise a content page's signature is its own file and converted body,
// and for each page it links to or is linked from (render.Links), what a
// layout shows of that page — its own values (render.Own), path and front
// matter, its whole file if the layouts show other pages' bodies — and the
// URLs and titles of the pages it links to in turn. Navigation
// (render.Nav) and the pages layouts find by name (render.NamedReads)
// contribute their own values. What is read comes from render.PageReads,
// which declares every field and method of a page. Each page's shallow
// (URL, title, language), own and deep (own, links) hashes are computed
// once, so a section that lists 10,000 pages costs 10,000 numbers, not
// 10,000 walks.
type signer struct {
	seed    maphash.Seed
	index   map[*site.Page]int
	shallow []uint64
	own     []uint64
	deep    []uint64
	site    uint64   // of every page's kind, output path and deep hash
	body    []uint64 // hash of each page's converted body
	// showsBodies is whether layouts may show other pages' bodies (see
	// render.Templates.ShowsOtherBodies).
	showsBodies bool
	// readsFar is whether content pages' layouts may read beyond their
	// neighbours (see render.Templates.ReadsBeyondNeighbours).
	readsFar bool
	// named are the pages they find by name (render.Templates.NamedReads).
	named []render.NamedRead
}

func newSigner(seed maphash.Seed, pages []*site.Page, body []uint64, tmpl *render.Templates) *signer {
	g := &signer{seed: seed, index: make(map[*site.Page]int, len(pages)),
		shallow: make([]uint64, len(pages)), own: make([]uint64, len(pages)), deep: make([]uint64, len(pages)),
		body: body, showsBodies: tmpl.ShowsOtherBodies(), readsFar: tmpl.ReadsBeyondNeighbours(), named: tmpl.NamedReads()}
	for i, p := range pages {
		g.index[p] = i
	}
	pool.Each(len(pages), func(i int) {
		h := g.hash()
		h.shallowOf(pages[i])
		g.shallow[i] = h.Sum64()
	})
	// Deep hashes use the shallow hashes of the pages listed: a second pass.
	pool.Each(len(pages), func(i int) {
		h := g.hash()
		h.ownOf(pages[i])
		g.own[i] = h.Sum64()
		h.listsOf(pages[i])
		g.deep[i] = h.Sum64()
	})
	h := g.hash()
	for i, p := range pages {
		h.str(p.Kind.String())
		h.str(p.OutputPath())
		h.num(g.deep[i])
	}
	g.site = h.Sum64()
	return g
}

// sigHash is a hash being written, with the signer's per-page hashes.
type sigHash struct {
	maphash.Hash
	g *signer
}

func (g *signer) hash() *sigHash {
	h := &sigHash{g: g}
	h.SetSeed(g.seed)
	return h
}

func (h *sigHash) str(s string) {
	h.WriteString(s)
	h.WriteByte(0)
}

func (h *sigHash) num(n uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], n)
	h.Write(b[:])
}

func (h *sigHash) shallowOf(q *site.Page) {
	if q == nil {
		h.str("-")
		return
	}
	h.str(q.URL)
	h.str(q.Title)
	h.str(q.Lang.Code)
}

// deepOf writes everything a layout shows of a page but the pages it lists
// or links to, of which it shows names. Its body shows only through its
// summary, unless layouts show other pages' bodies.
func (h *sigHash) deepOf(q *site.Page) {
	h.ownOf(q)
	h.listsOf(q)
}

// ownOf writes a page's own values (render.Own), its file's path and front
// matter, and, if layouts show other pages' bodies, its body.
func (h *sigHash) ownOf(q *site.Page) {
	h.shallowOf(q)
	if q == nil {
		return
	}
	for _, r := range pageReads.own {
		h.str(r.Text(q))
	}
	if q.File != nil {
		h.str(q.File.Path)
		h.num(q.File.FrontHash)
		if h.g.showsBodies {
			// Its converted body, which changes with the pages its links
			// go to, and its source (.Body, .Hash).
			if i, ok := h.g.index[q]; ok {
				h.num(h.g.body[i])
			}
			h.num(q.File.Hash)
		}
	}
}

// listsOf writes the names of the pages a page lists or links to.
func (h *sigHash) listsOf(q *site.Page) {
	if q == nil {
		return
	}
	h.list("pages", q.Pages, h.shallow)
	for _, r := range pageReads.links {
		h.list(r.name, r.Pages(q), h.shallow)
	}
}

// pageReads are render.PageReads that page signatures read, in a fixed
// order.
var pageReads = struct{ own, links, nav []namedPageRead }{
	own:   readsOf(render.Own),
	links: readsOf(render.Links),
	nav:   readsOf(render.Nav),
}

type namedPageRead struct {
	name string
	render.PageRead
}

func readsOf(kind render.ReadKind) []namedPageRead {
	var out []namedPageRead
	for name, r := range render.PageReads {
		if r.Kind == kind {
			out = append(out, namedPageRead{name, r})
		}
	}
	slices.SortFunc(out, func(a, b namedPageRead) int { return strings.Compare(a.name, b.name) })
	return out
}

// shallow and deep write a page's precomputed hash, or compute it for a
// page that is not one of the site's.
func (h *sigHash) shallow(q *site.Page) {
	if i, ok := h.g.index[q]; ok {
		h.num(h.g.shallow[i])
		return
	}
	h.shallowOf(q)
}

func (h *sigHash) own(q *site.Page) {
	if i, ok := h.g.index[q]; ok {
		h.num(h.g.own[i])
		return
	}
	h.ownOf(q)
}

func (h *sigHash) deep(q *site.Page) {
	if i, ok := h.g.index[q]; ok {
		h.num(h.g.deep[i])
		return
	}
	h.deepOf(q)
}

func (h *sigHash) list(tag string, ps []*site.Page, each func(*site.Page)) {
	h.str(tag)
	h.num(uint64(len(ps)))
	for _, q := range ps {
		each(q)
	}
}

// signature returns page p's signature; body is a hash of its converted
// Markdown.
func (g *signer) signature(p *site.Page, body uint64) uint64 {
	h := g.hash()
	h.str(p.OutputPath())
	h.str(p.Kind.String())
	if p.Kind != site.KindRegular || g.readsFar {
		h.num(g.site)
	}
	h.deep(p)
	if p.File != nil {
		h.num(p.File.Hash) // its layout may show .Body or .Hash
	}
	h.num(body)
	for _, t := range p.TOC {
		h.str(t.ID)
		h.str(t.Text)
	}
	// Navigation: what layouts show of the pages it leads to is their
	// own; what they list is read only by pages the site's hash covers.
	for _, r := range pageReads.nav {
		h.list(r.name, r.Pages(p), h.own)
	}
	h.list("pages", p.Pages, h.deep)
	for _, r := range pageReads.links {
		h.list(r.name, r.Pages(p), h.deep)
	}
	for _, r := range g.named {
		h.str(r.Method)
		h.str(r.Name)
		h.own(r.Page(p))
	}
	return h.Sum64()
}
