// Package incremental builds a site into memory again and again, for the
// preview server, doing only the work a change needs. The stages' own
// caches (build.Caches, render.EntryCache) save decoding, conversion and
// the page graph; this package decides which pages to render again, from
// what each page's layouts can read of the site (render.PageReads).
package incremental

import (
	"hash/maphash"
	"io/fs"
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
	// Assets are the source paths (below static/) of the files the
	// layouts ask for as assets: a change to one renames it, so every
	// page changes.
	Assets map[string]bool
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
	sigs, entries := make([]uint64, len(s.Pages)), make([]uint64, len(s.Pages))
	bodies := b.caches.BodyHashes(s.Pages)
	signer := newSigner(b.seed, s.Pages, bodies, tmpl)
	pool.Each(len(s.Pages), func(i int) {
		sigs[i], entries[i] = signer.signature(s.Pages[i], bodies[i])
	})
	// A listed page's entry shows no more of it than its own layout may,
	// and the names of what its links lead to (see signature); home pages
	// are always rendered again (see below), and so are their entries.
	tmpl.KeepEntries(b.entries, func(p *site.Page) (uint64, bool) {
		i, ok := signer.index[p]
		if !ok || p.Kind == site.KindHome {
			return 0, false
		}
		return entries[i], true
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
	st.WriteSearchIndex = build.SearchIndexWriter(s, tmpl, out)
	st.Assets = build.AssetSources(tmpl)
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
