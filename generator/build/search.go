package build

import (
	"qiao/generator/config"
	"qiao/generator/content"
	"qiao/generator/diag"
	"qiao/generator/render"
	"qiao/generator/search"
	"qiao/generator/site"
	"qiao/generator/tomlkeys"
	"runtime/debug"
)

// searchIndex gathers the rendered pages the site's search covers and
// writes the index under search/. Pages go into the slot of their index
// in s.Pages, so the index is the same whatever order they render in.
type searchIndex struct {
	b *search.Builder
	// assets are the files written as assets (see writeAssets): the
	// search script and stylesheet under fingerprinted names.
	assets map[string]bool
}

func newSearchIndex(s *site.Site, tmpl *render.Templates) *searchIndex {
	var langs []string
	for _, l := range s.Config.Languages {
		langs = append(langs, l.Code)
	}
	b := search.NewBuilder(len(s.Pages), langs, search.Options{})
	var synonyms [][]string
	for _, g := range s.Config.Search.Synonyms {
		synonyms = append(synonyms, g.Terms)
	}
	b.SetSynonyms(synonyms)
	return &searchIndex{b: b, assets: AssetSources(tmpl)}
}

// add indexes page i of the site from its rendered HTML. Only content pages
// are indexed: lists, topics and the search page itself would only repeat
// them.
func (x *searchIndex) add(i int, p *site.Page, html []byte) {
	if d, ok := searchDocument(p); ok && x != nil {
		x.addDocument(i, d, html)
	}
}

// addDocument indexes page i, described by d, from its rendered HTML.
func (x *searchIndex) addDocument(i int, d search.Document, html []byte) {
	d.Text = search.ExtractHTML(html)
	x.b.Add(i, d)
}

// searchDocument is what the index takes from a page besides its text, or
// false for a page it leaves out.
func searchDocument(p *site.Page) (search.Document, bool) {
	if p.Kind != site.KindRegular || p.File == nil {
		return search.Document{}, false
	}
	return search.Document{URL: p.URL, Lang: p.Lang.Code, Type: p.Type, Title: p.Title, Summary: p.Summary,
		Facts: facts(p.File)}, true
}

// facts are the type-specific values a reader searches for by name.
func facts(f *content.File) []string {
	var out []string
	switch {
	case f.Course != nil:
		out = append(out, f.Course.Code)
		out = append(out, f.Course.Certificates...)
	case f.Speaker != nil:
		out = append(out, f.Speaker.Name, f.Speaker.Organization, f.Speaker.Role)
	case f.Policy != nil:
		out = append(out, f.Policy.Number, f.Policy.Issuer)
	case f.Case != nil:
		out = append(out, f.Case.Parties...)
		out = append(out, f.Case.Region)
	}
	return out
}

// write writes the index files, leaving alone any the site's static/
// already provides (search/search.css, to restyle it).
func (x *searchIndex) write(out Output, fail func(string, error)) {
	if x == nil {
		return
	}
	defer lowerGCGrowth(indexGCPercent)()
	err := x.b.Write(func(path string, data []byte) error {
		if out.Has(path) || x.assets[path] {
			return nil
		}
		return out.Write(path, data)
	})
	if err != nil {
		fail(search.Dir, err)
	}
}

// indexGCPercent is the heap growth the garbage collector allows while the
// index is written (GOGC; the default is 100). Writing the index is a
// large build's peak of memory: every page's terms are held while the
// postings are laid out beside them. Letting the heap grow three quarters
// as far over what is live keeps the peak down, for a few more
// collections in that one step.
const indexGCPercent = 75

// lowerGCGrowth sets the collector's GOGC to percent when that is lower
// than the setting in force (never turning a disabled collector on) and
// returns the function that restores it.
func lowerGCGrowth(percent int) (restore func()) {
	prev := debug.SetGCPercent(percent)
	if prev < 0 || prev <= percent {
		debug.SetGCPercent(prev) // off, or already as low
	}
	return func() { debug.SetGCPercent(prev) }
}

// checkSynonyms reports, at their line of site.toml (src), the terms of
// [search.synonyms] the search cannot use (search.CheckSynonyms), and
// leaves them out of cfg, with the groups left with fewer than two terms.
func checkSynonyms(cfg *config.Config, src []byte, diags *diag.List) {
	groups := cfg.Search.Synonyms
	terms := make([][]string, len(groups))
	for i, g := range groups {
		terms[i] = g.Terms
	}
	problems := search.CheckSynonyms(terms)
	if len(problems) == 0 {
		return
	}
	ix := tomlkeys.New(string(src))
	bad := map[[2]int]bool{}
	for _, p := range problems {
		diags.Errorf(config.File, ix.KeyLine("search.synonyms."+groups[p.Group].Name), "config-search-synonyms",
			"[search.synonyms] %s: %s", groups[p.Group].Name, p.Message)
		bad[[2]int{p.Group, p.Term}] = true
	}
	var kept []config.SynonymGroup
	for i, g := range groups {
		k := config.SynonymGroup{Name: g.Name}
		for t, term := range g.Terms {
			if !bad[[2]int{i, t}] {
				k.Terms = append(k.Terms, term)
			}
		}
		if len(k.Terms) > 1 {
			kept = append(kept, k)
		}
	}
	cfg.Search.Synonyms = kept
}
