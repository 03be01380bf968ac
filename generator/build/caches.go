package build

import (
	"hash/maphash"
	"io/fs"
	"path"
	"slices"
	"strings"

	"qiao/generator/config"
	"qiao/generator/content"
	"qiao/generator/diag"
	"qiao/generator/render"
	"qiao/generator/site"
)

// Caches are what the stages of a sequence of builds (the preview
// server's, see package incremental) keep from one build to the next, each
// kept by the stage whose work it saves: the content stage's decoded files
// (content.Cache), the Markdown stage's converted bodies (markdownCache)
// and the site stage's page graph (graph).
type Caches struct {
	content  *content.Cache
	markdown *markdownCache
	graph    *graph
	// reported is whether Changed was called since the last load: only
	// then may a load keep the last page graph (see graph).
	reported bool
}

// NewCaches returns empty caches; seed hashes converted bodies.
func NewCaches(seed maphash.Seed) *Caches {
	return &Caches{content: content.NewCache(), markdown: &markdownCache{entries: map[string]*converted{}, seed: seed}}
}

// Changed tells the next load which files changed (slash paths from the
// site root), so that it reads only those: for a caller that watches the
// file system and reports every change.
func (c *Caches) Changed(paths []string) {
	c.content.Trust()
	c.content.Changed(paths)
	c.reported = true
	for _, p := range paths {
		if !strings.HasPrefix(p, content.Dir+"/") || path.Ext(p) != ".md" {
			c.graph = nil // the page graph may depend on it
		}
	}
}

// Failed drops what a failed build may have left half made: the next
// load makes the page graph again.
func (c *Caches) Failed() { c.graph = nil }

// BodyHashes returns a hash of each page's converted body, 0 for a page
// without a file.
func (c *Caches) BodyHashes(pages []*site.Page) []uint64 { return c.markdown.htmlHashes(pages) }

// LoadCached is Load for one of a sequence of builds, reusing what c keeps
// from the last: kept says that only bodies changed since, so that the
// last page graph was kept.
func LoadCached(src fs.FS, opts Options, c *Caches, diags *diag.List) (s *site.Site, tmpl *render.Templates, kept bool) {
	if !c.reported {
		// Without Changed, something other than a body may have changed.
		c.graph = nil
	}
	c.reported = false
	last := c.graph
	s, tmpl = load(src, opts, c, diags)
	if s == nil || tmpl == nil || diags.HasErrors() {
		c.graph = nil
		return nil, nil, false
	}
	return s, tmpl, last != nil && c.graph == last
}

// graph is the page graph of an Incremental's last good build, kept for
// a next build in which only bodies changed. A graph depends on front
// matter, file names, resources, static/ (photos) and site.toml, never on
// bodies; the caller drops it when anything but a Markdown file under
// content/ changes (see Caches.Changed).
type graph struct {
	site      *site.Site
	files     map[string]*content.File // by path: what site was made from
	resources []content.Resource
	diags     []diag.Diagnostic // what site.New reported
}

// newSite makes the page graph, and keeps it in c when c is a sequence's.
func (c *Caches) newSite(cfg *config.Config, files []*content.File, resources []content.Resource, static fs.FS, diags *diag.List) *site.Site {
	if c.content == nil {
		return site.New(cfg, files, resources, static, diags)
	}
	var own diag.List
	s := site.New(cfg, files, resources, static, &own)
	g := &graph{site: s, files: make(map[string]*content.File, len(files)), resources: resources, diags: own.Sorted()}
	for _, f := range files {
		g.files[f.Path] = f
	}
	for _, d := range g.diags {
		diags.Add(d)
	}
	c.graph = nil
	if !own.HasErrors() {
		c.graph = g
	}
	return s
}

// reuse returns the kept site with the new versions of the files whose
// bodies alone changed, or nil when anything else did.
func (g *graph) reuse(files []*content.File, resources []content.Resource, diags *diag.List) *site.Site {
	if g == nil || len(files) != len(g.files) || !slices.Equal(resources, g.resources) {
		return nil
	}
	changed := map[*content.File]*content.File{}
	for _, f := range files {
		old := g.files[f.Path]
		if old == nil || old.FrontHash != f.FrontHash {
			return nil
		}
		if old != f {
			changed[old] = f
		}
	}
	for _, p := range g.site.Pages {
		if f := changed[p.File]; f != nil {
			// The body is converted again, and may give the summary.
			p.File, p.Summary, p.Content, p.TOC = f, f.Summary, "", nil
		}
	}
	for _, p := range g.site.Pages {
		if p.IsPagerPage() {
			p.Summary = p.Pager.First().Summary // a list's later pages show its summary
		}
	}
	for _, f := range files {
		g.files[f.Path] = f
	}
	for _, d := range g.diags {
		diags.Add(d)
	}
	return g.site
}
