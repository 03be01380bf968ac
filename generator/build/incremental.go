package build

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"io/fs"
	"sync/atomic"
	"time"

	"qiao/generator/content"
	"qiao/generator/diag"
	"qiao/generator/output"
	"qiao/generator/pool"
	"qiao/generator/site"
)

// Incremental builds a site into memory again and again, for the preview
// server, doing only the work a change needs: files whose bytes did not
// change are not decoded again, bodies are not converted again unless they
// or the pages they link to changed, and a page is rendered again only if
// something it shows changed (see signature); list pages (home, sections,
// topics), which are few, always are. Everything else — feeds,
// sitemap, aliases, static files — is cheap and regenerated. The output is
// always the same as a full Build's.
type Incremental struct {
	src  fs.FS
	opts Options

	caches caches
	pages  map[string]renderedPage // by output path, from the last good build
	seed   maphash.Seed
}

type renderedPage struct {
	signature uint64
	html      []byte
}

// Stats says how much a build of an Incremental did.
type Stats struct {
	Result
	Rendered int // pages rendered
	Reused   int // pages whose previous output was kept
	// WriteSearchIndex adds the search index to the build's output. Builds
	// of an Incremental leave it out: it covers every page and is only
	// needed when someone searches.
	WriteSearchIndex func() error
}

// NewIncremental prepares builds of the site in src.
func NewIncremental(src fs.FS, opts Options) *Incremental {
	b := &Incremental{src: src, opts: opts, seed: maphash.MakeSeed()}
	b.Reset()
	return b
}

// Reset forgets everything reused between builds; the next build does all
// the work. Call it when site.toml changed.
func (b *Incremental) Reset() {
	b.caches = caches{content: content.NewCache(), markdown: &markdownCache{entries: map[string]*converted{}, seed: b.seed}}
	b.pages = nil
}

// Changed tells the next build which files changed (slash paths from the
// site root), so that it reads only those: for a caller that watches the
// file system and reports every change.
func (b *Incremental) Changed(paths []string) {
	b.caches.content.Trust()
	b.caches.content.Changed(paths)
}

// RenderAll makes the next build render every page again, keeping decoded
// files and bodies. Call it when a layout changed.
func (b *Incremental) RenderAll() { b.pages = nil }

// Build builds the site. On errors it returns ErrFailed, the problems are
// in diags, and the next build starts again from the last good one.
func (b *Incremental) Build(diags *diag.List) (*output.Memory, Stats, error) {
	start := time.Now()
	s, tmpl := load(b.src, b.opts, &b.caches, diags)
	if s == nil || tmpl == nil || diags.HasErrors() {
		return nil, Stats{}, ErrFailed
	}
	sigs := make([]uint64, len(s.Pages))
	pool.Each(len(s.Pages), func(i int) {
		p := s.Pages[i]
		var body uint64
		if p.File != nil {
			body = b.caches.markdown.htmlHash(p.File.Path)
		}
		sigs[i] = signature(b.seed, p, body)
	})
	var st Stats
	var reused, rendered atomic.Int64
	out := output.NewMemory()
	write(s, tmpl, b.src, out, func(i int) ([]byte, bool) {
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
		return nil, Stats{}, ErrFailed
	}
	pages := make(map[string]renderedPage, len(s.Pages))
	st.Result = Result{Pages: map[string]int{}}
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
	st.WriteSearchIndex = func() error { return writeSearchIndex(s, out) }
	st.Files = out.Files()
	st.Rendered, st.Reused = int(rendered.Load()), int(reused.Load())
	st.Duration = time.Since(start)
	return out, st, nil
}

// signature hashes everything a page's layout can show: the page's own
// file and converted body, and for each page it links to, lists or is
// listed beside, what a layout shows of that page: its URL, title and
// file, and the URLs and titles of the pages it lists or references in
// turn. Navigation (sections, home, languages) contributes URLs and titles.
// body is a hash of the page's converted Markdown.
func signature(seed maphash.Seed, p *site.Page, body uint64) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	str := func(s string) {
		h.WriteString(s)
		h.WriteByte(0)
	}
	num := func(n uint64) {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], n)
		h.Write(b[:])
	}
	shallow := func(q *site.Page) {
		if q == nil {
			str("-")
			return
		}
		str(q.URL)
		str(q.Title)
		str(q.Lang.Code)
	}
	// A page's file decides everything a layout shows of it but the
	// pages it lists or references.
	deep := func(q *site.Page) {
		shallow(q)
		if q == nil {
			return
		}
		if q.File != nil {
			num(q.File.Hash)
		}
		for _, r := range [][]*site.Page{q.Pages, q.Courses, q.RequiredBy, q.CitedBy, q.Speakers} {
			num(uint64(len(r)))
			for _, x := range r {
				shallow(x)
			}
		}
	}
	list := func(tag string, ps []*site.Page, each func(*site.Page)) {
		str(tag)
		num(uint64(len(ps)))
		for _, q := range ps {
			each(q)
		}
	}

	str(p.OutputPath())
	str(p.Kind.String())
	deep(p)
	num(body)
	for _, t := range p.TOC {
		str(t.ID)
		str(t.Text)
	}
	str(p.PhotoURL)
	list("translations", p.Translations(), shallow)
	for _, a := range p.Alternates() {
		shallow(a.Page)
	}
	list("sections", p.Sections(), shallow)
	shallow(p.Home())
	shallow(p.TopicsPage())
	shallow(p.SearchPage())
	for _, g := range p.Facets() {
		list(g.Key, g.Pages, shallow)
	}
	if p.Kind != site.KindRegular {
		deep(p.SectionPage()) // a facet page shows its section's text
	}
	list("topics", p.TopicPages, shallow)
	for i, r := range [][]*site.Page{p.Pages, p.Speakers, p.Prerequisites, p.Related, p.Courses, p.RequiredBy, p.CitedBy} {
		list(string(rune('a'+i)), r, deep)
	}
	for _, ms := range p.ModuleSpeakers {
		list("module", ms, deep)
	}
	return h.Sum64()
}

// writeSearchIndex adds the search index of a build to out, that build's
// output: the same index a full Build writes.
func writeSearchIndex(s *site.Site, out *output.Memory) error {
	index := newSearchIndex(s)
	for i, p := range s.Pages {
		if html, ok := out.Get(p.OutputPath()); ok {
			index.add(i, p, html)
		}
	}
	var err error
	index.write(out, func(path string, e error) { err = fmt.Errorf("%s: %w", path, e) })
	return err
}
