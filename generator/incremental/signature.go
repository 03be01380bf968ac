package incremental

import (
	"encoding/binary"
	"hash/maphash"
	"slices"
	"strings"

	"qiao/generator/pool"
	"qiao/generator/render"
	"qiao/generator/site"
)

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
	// assets is a hash of the asset URLs the layouts ask for
	// (render.Templates.AssetsHash): any page or entry may show them.
	assets uint64
}

func newSigner(seed maphash.Seed, pages []*site.Page, body []uint64, tmpl *render.Templates) *signer {
	g := &signer{seed: seed, index: make(map[*site.Page]int, len(pages)),
		shallow: make([]uint64, len(pages)), own: make([]uint64, len(pages)), deep: make([]uint64, len(pages)),
		body: body, showsBodies: tmpl.ShowsOtherBodies(), readsFar: tmpl.ReadsBeyondNeighbours(), named: tmpl.NamedReads(), assets: tmpl.AssetsHash()}
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

// signature returns page p's signature, and the version of its listing
// entries; body is a hash of its converted Markdown.
func (g *signer) signature(p *site.Page, body uint64) (sig, entry uint64) {
	h := g.hash()
	h.str(p.OutputPath())
	h.str(p.Kind.String())
	h.num(g.assets)
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
		if r.Page != nil {
			h.str(r.name)
			h.own(r.Page(p))
			continue
		}
		h.list(r.name, r.Pages(p), h.own)
	}
	// Unless they read beyond (then the site's hash covers every page),
	// layouts show only the own values of the pages it links to, or
	// finds by name (see render.Templates.ReadsBeyondNeighbours).
	h.list("pages", p.Pages, h.deep)
	for _, r := range pageReads.links {
		h.list(r.name, r.Pages(p), h.own)
	}
	for _, r := range g.named {
		h.str(r.Method)
		h.str(r.Name)
		h.own(r.Page(p))
	}
	sig = h.Sum64()
	// A listing entry of the page (render.EntryCache) is read off no
	// view's analysis: it may show the names of the pages its links lead
	// to in turn.
	for _, r := range pageReads.links {
		h.list(r.name, r.Pages(p), h.deep)
	}
	return sig, h.Sum64()
}
