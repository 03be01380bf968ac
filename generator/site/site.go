// Package site turns decoded content files into the graph of output pages:
// it groups translations, gives every page its URL, generates the pages no
// file declares (sections without _index.md, topics, 404), resolves the
// references between pages (speakers, prerequisites, related, Markdown
// links) and derives the reverse ones. Every broken reference or URL clash
// becomes a diagnostic. It does not render anything.
package site

import (
	"cmp"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"qiao/generator/config"
	"qiao/generator/content"
	"qiao/generator/diag"
	"qiao/generator/output"
	"qiao/generator/pool"
)

// Site is the page graph of one build.
type Site struct {
	Config *config.Config
	Pages  []*Page // every output page, in a fixed order
	// Aliases maps an alias output path to the page it redirects to.
	Aliases   []Alias
	Resources []Resource

	groups     map[string]*group // by translation key
	byName     map[string]*group // by page name
	homes      map[string]*Page
	sections   map[string]map[string]*Page // section → lang → list page
	topicsPage map[string]*Page
	topicPages map[string]map[string]*Page // topic → lang → page

	facetGroups map[string]map[string][]FacetGroup     // section → lang → filters
	facetPages  map[string]map[string]map[string]*Page // section → lang → "level=a&format=b" → page
	searchPages map[string]*Page

	staticFS    fs.FS               // for photos under static/
	resourceSet map[string]struct{} // content/ files that are not Markdown
	base        string              // Config.BaseURL as a string, for AbsURL
}

// Alias is a redirect page.
type Alias struct {
	OutputPath string
	Target     *Page
}

// Resource is a file under content/ copied to the output.
type Resource struct {
	Source     string // path from the site root
	OutputPath string
	Lang       string // for a bundle's file, the language of the page it sits beside
}

// group is one page in all its languages.
type group struct {
	key      string
	versions map[string]*Page
}

// pick returns the version in lang, else the default language's, else the
// first configured one that exists.
func (g *group) pick(cfg *config.Config, lang string) *Page {
	if p := g.versions[lang]; p != nil {
		return p
	}
	for _, l := range cfg.Languages {
		if p := g.versions[l.Code]; p != nil {
			return p
		}
	}
	return nil
}

// New builds the page graph. files must not contain drafts that the build
// leaves out.
// static is the site's static/ folder, for photo lookups; it may be nil.
func New(cfg *config.Config, files []*content.File, resources []content.Resource, static fs.FS, diags *diag.List) *Site {
	s := &Site{
		Config:      cfg,
		groups:      map[string]*group{},
		byName:      map[string]*group{},
		homes:       map[string]*Page{},
		sections:    map[string]map[string]*Page{},
		topicsPage:  map[string]*Page{},
		topicPages:  map[string]map[string]*Page{},
		facetGroups: map[string]map[string][]FacetGroup{},
		facetPages:  map[string]map[string]map[string]*Page{},
		searchPages: map[string]*Page{},
		staticFS:    static,
		resourceSet: map[string]struct{}{},
		base:        cfg.BaseURL.String(),
	}
	for _, r := range resources {
		s.resourceSet[r.Path] = struct{}{}
	}
	s.addFiles(files, diags)
	s.addGenerated()
	s.assignURLs(diags)
	s.resolve(diags)
	s.list()
	s.paginate(cfg.Pagination.PageSize)
	s.addResources(resources, diags)
	s.checkOutputs(diags)
	s.checkStaticFiles(diags)
	return s
}

func (s *Site) addFiles(files []*content.File, diags *diag.List) {
	for _, f := range files {
		key := f.Name
		if f.TranslationKey != "" {
			key = f.TranslationKey
		}
		if f.Kind != content.KindPage {
			key = "\x00" + f.Name // sections and home are grouped by folder only
		}
		g := s.groups[key]
		if g == nil {
			g = &group{key: key, versions: map[string]*Page{}}
			s.groups[key] = g
		}
		if prev := g.versions[f.Lang]; prev != nil {
			diags.Errorf(f.Path, 1, "duplicate-page", "%s and %s are both the %s version of the same page; keep one", prev.File.Path, f.Path, f.Lang)
			continue
		}
		if other := s.byName[f.Name]; other != nil && other != g && f.Kind == content.KindPage {
			diags.Errorf(f.Path, f.Line("translationKey"), "duplicate-page", "the name %q already belongs to another page; give translations the same translationKey", f.Name)
			continue
		}
		if f.Kind == content.KindPage {
			s.byName[f.Name] = g
		}
		p := &Page{File: f, Lang: s.Config.Language(f.Lang), Title: f.Title, Summary: f.Summary, Section: f.Section, Type: f.Type, site: s, group: g}
		switch f.Kind {
		case content.KindHome:
			p.Kind = KindHome
			s.homes[f.Lang] = p
		case content.KindSection:
			p.Kind = KindSection
			s.setSection(f.Name, f.Lang, p)
		}
		g.versions[f.Lang] = p
		s.Pages = append(s.Pages, p)
	}
}

func (s *Site) setSection(name, lang string, p *Page) {
	if s.sections[name] == nil {
		s.sections[name] = map[string]*Page{}
	}
	s.sections[name][lang] = p
}

// addGenerated adds the pages no file declares, in every language: home,
// section lists, topics and 404.
func (s *Site) addGenerated() {
	sections := map[string]bool{}
	for _, p := range s.Pages {
		if p.Kind == KindRegular && p.Section != "" {
			sections[p.Section] = true
		}
	}
	for name := range s.sections {
		sections[name] = true
	}
	generated := func(key string, kind Kind, lang *config.Language, title string) *Page {
		g := s.groups[key]
		if g == nil {
			g = &group{key: key, versions: map[string]*Page{}}
			s.groups[key] = g
		}
		p := &Page{Kind: kind, Lang: lang, Title: title, site: s, group: g}
		g.versions[lang.Code] = p
		s.Pages = append(s.Pages, p)
		return p
	}
	for _, l := range s.Config.Languages {
		if s.homes[l.Code] == nil {
			s.homes[l.Code] = generated("\x00", KindHome, l, l.Title)
		}
		for _, name := range sortedKeys(sections) {
			if s.section(name, l.Code) == nil {
				p := generated("\x00"+name, KindSection, l, s.Config.String(l.Code, "type_"+name))
				if p.Title == "type_"+name {
					p.Title = name
				}
				p.Section = name
				s.setSection(name, l.Code, p)
			}
			sec := s.section(name, l.Code)
			sec.Section, sec.Type = name, typeOf(name)
		}
		if len(s.Config.Topics) > 0 {
			s.topicsPage[l.Code] = generated("\x01topics", KindTopics, l, s.Config.String(l.Code, "topics"))
			for i := range s.Config.Topics {
				t := &s.Config.Topics[i]
				p := generated("\x01topics/"+t.Key, KindTopic, l, s.Config.Label(t, l.Code))
				p.Topic = t
				if s.topicPages[t.Key] == nil {
					s.topicPages[t.Key] = map[string]*Page{}
				}
				s.topicPages[t.Key][l.Code] = p
			}
		}
	}
	for _, l := range s.Config.Languages {
		s.searchPages[l.Code] = generated("\x01search", KindSearch, l, s.Config.String(l.Code, "search"))
	}
	s.addFacets(generated)
	def := s.Config.Default()
	nf := &Page{Kind: KindNotFound, Lang: def, Title: s.Config.String(def.Code, "page_not_found"), site: s}
	s.Pages = append(s.Pages, nf)
}

func typeOf(section string) string {
	switch section {
	case content.TypeCourses, content.TypeCases, content.TypePolicies, content.TypeSpeakers:
		return section
	}
	return content.TypePage
}

func (s *Site) section(name, lang string) *Page {
	return s.sections[name][lang]
}

func (s *Site) home(lang string) *Page { return s.homes[lang] }

func (s *Site) sectionsIn(lang string) []*Page {
	var out []*Page
	for _, name := range sortedKeys(s.sections) {
		if p := s.sections[name][lang]; p != nil {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b *Page) int { return cmp.Compare(weightOf(a), weightOf(b)) })
	return out
}

func weightOf(p *Page) int {
	if p.File != nil && p.File.Weight != 0 {
		return p.File.Weight
	}
	return 1 << 30
}

// assignURLs gives every page its URL.
func (s *Site) assignURLs(diags *diag.List) {
	for _, p := range s.Pages {
		prefix := ""
		if p.Lang.Prefix != "" {
			prefix = p.Lang.Prefix + "/"
		}
		switch p.Kind {
		case KindHome:
			p.URL = prefix
		case KindSection:
			p.URL = prefix + p.Section + "/"
		case KindTopics:
			p.URL = prefix + "topics/"
		case KindTopic:
			p.URL = prefix + "topics/" + p.Topic.Key + "/"
		case KindNotFound:
			p.URL = "404.html"
		case KindSearch:
			p.URL = prefix + "search/"
		case KindFacet:
			p.URL = prefix + p.Section + "/" + p.Facet.Key + "/" + p.Facet.Value + "/"
			if p.Facet.Key2 != "" {
				p.URL += p.Facet.Key2 + "/" + p.Facet.Value2 + "/"
			}
		case KindRegular:
			dir, slug := path.Split(p.File.Name)
			if p.File.Slug != "" {
				slug = p.File.Slug
			}
			p.URL = prefix + dir + slug + "/"
		}
		p.RelPermalink, p.Permalink = s.Config.BaseURL.Path+p.URL, s.AbsURL(p.URL)
	}
}

// list fills the listings of home, section and topic pages. A page not
// translated into a listing's language is listed in its own language.
func (s *Site) list() {
	bySection := map[string][]*group{}
	byTopic := map[string][]*group{}
	for _, key := range sortedKeys(s.groups) {
		g := s.groups[key]
		any := g.pick(s.Config, s.Config.DefaultLanguage)
		if any == nil || any.Kind != KindRegular {
			continue
		}
		bySection[any.Section] = append(bySection[any.Section], g)
		topics := map[string]bool{}
		for _, v := range g.versions {
			for _, t := range v.File.Topics {
				topics[t] = true
			}
		}
		for t := range topics {
			byTopic[t] = append(byTopic[t], g)
		}
	}
	// Every listing is in sortPages order, so each language's pages are
	// sorted once and a listing is put in order by their ranks.
	ranks := make([]map[*Page]int, len(s.Config.Languages))
	pool.Each(len(ranks), func(li int) {
		var all []*Page
		for _, name := range sortedKeys(bySection) {
			for _, g := range bySection[name] {
				all = append(all, g.pick(s.Config, s.Config.Languages[li].Code))
			}
		}
		sortPages(all)
		r := make(map[*Page]int, len(all))
		for i, p := range all {
			r[p] = i
		}
		ranks[li] = r
	})
	rank := make(map[string]map[*Page]int, len(ranks))
	for i, l := range s.Config.Languages {
		rank[l.Code] = ranks[i]
	}
	pick := func(gs []*group, lang string) []*Page {
		type ranked struct {
			rank int
			page *Page
		}
		rs := make([]ranked, 0, len(gs))
		for _, g := range gs {
			p := g.pick(s.Config, lang)
			rs = append(rs, ranked{rank[lang][p], p})
		}
		slices.SortFunc(rs, func(a, b ranked) int { return cmp.Compare(a.rank, b.rank) })
		out := make([]*Page, len(rs))
		for i, r := range rs {
			out[i] = r.page
		}
		return out
	}
	// A listing's pages, picked and put in order in parallel below.
	type listing struct {
		page   *Page
		groups []*group
	}
	var listings []listing
	for name, langs := range s.sections {
		for _, p := range langs {
			listings = append(listings, listing{p, bySection[name]})
		}
	}
	byFacet := map[string][]*group{} // section/key/value → groups
	for _, gs := range bySection {
		for _, g := range gs {
			f := g.pick(s.Config, s.Config.DefaultLanguage).File
			keys := facetKeys[f.Type]
			for i, key := range keys {
				v := facetValue(f, key)
				if v == "" {
					continue
				}
				byFacet[f.Section+"/"+key+"/"+v] = append(byFacet[f.Section+"/"+key+"/"+v], g)
				for _, key2 := range keys[i+1:] {
					if v2 := facetValue(f, key2); v2 != "" {
						k := f.Section + "/" + key + "/" + v + "/" + key2 + "/" + v2
						byFacet[k] = append(byFacet[k], g)
					}
				}
			}
		}
	}
	for _, p := range s.Pages {
		if p.Kind == KindFacet {
			k := p.Section + "/" + p.Facet.Key + "/" + p.Facet.Value
			if p.Facet.Key2 != "" {
				k += "/" + p.Facet.Key2 + "/" + p.Facet.Value2
			}
			listings = append(listings, listing{p, byFacet[k]})
		}
	}
	for key, langs := range s.topicPages {
		for _, p := range langs {
			listings = append(listings, listing{p, byTopic[key]})
		}
	}
	pool.Each(len(listings), func(i int) {
		l := listings[i]
		l.page.Pages = pick(l.groups, l.page.Lang.Code)
	})
	for lang, p := range s.topicsPage {
		for _, t := range s.Config.Topics {
			p.Pages = append(p.Pages, s.topicPages[t.Key][lang])
		}
	}
	for lang, p := range s.homes {
		p.Pages = s.sectionsIn(lang)
	}
	for _, p := range s.Pages {
		if p.File == nil {
			continue
		}
		for _, t := range p.File.Topics {
			if tp := s.topicPages[t][p.Lang.Code]; tp != nil {
				p.TopicPages = append(p.TopicPages, tp)
			}
		}
	}
}

// sortPages orders a listing: by weight (weighted pages first), then newest
// date first, then title and name, so that the order is always the same.
func sortPages(ps []*Page) {
	slices.SortStableFunc(ps, func(a, b *Page) int {
		if c := cmp.Compare(weightOf(a), weightOf(b)); c != 0 {
			return c
		}
		if c := b.Date().Compare(a.Date()); c != 0 {
			return c // newest first
		}
		if c := strings.Compare(a.Title, b.Title); c != 0 {
			return c
		}
		return strings.Compare(a.Name(), b.Name())
	})
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// checkOutputs reports two things claiming one output path, and any path
// that would leave the output directory.
func (s *Site) checkOutputs(diags *diag.List) {
	claims := map[string]string{} // output path → who claimed it, in words
	claim := func(out, file string, lineOf func() int, what string) {
		line := 0
		if !output.Safe(out) {
			if lineOf != nil {
				line = lineOf()
			}
			diags.Errorf(file, line, "unsafe-path", "%s would be written to %q, outside the site or under a name Windows changes (ending in a dot or a space); use a plain relative path", what, out)
			return
		}
		by := file
		if by == "" {
			by = what
		}
		if prev, ok := claims[out]; ok && prev != by {
			if lineOf != nil {
				line = lineOf()
			}
			diags.Errorf(file, line, "url-conflict", "%s has the same URL as %s (/%s); change a slug or alias", what, prev, strings.TrimSuffix(out, "index.html"))
			return
		}
		claims[out] = by
	}
	for _, p := range s.Pages {
		if p.File != nil {
			claim(p.OutputPath(), p.File.Path, func() int { return p.File.Line("slug") }, "this page")
		} else {
			claim(p.OutputPath(), "", nil, "the generated "+p.Kind.String()+" page")
		}
	}
	for _, a := range s.Aliases {
		claim(a.OutputPath, a.Target.File.Path, func() int { return a.Target.File.Line("aliases") }, "the alias /"+a.OutputPath)
	}
	for _, r := range s.Resources {
		claim(r.OutputPath, r.Source, nil, "this file")
	}
}

// facetKeys are the fields listings of a type can be filtered by, with the
// values they can take, in display order.
var facetKeys = map[string][]string{content.TypeCourses: {"level", "format"}}

var facetValues = map[string][]string{"level": content.Levels, "format": content.Formats}

func facetValue(f *content.File, key string) string {
	if f.Course == nil {
		return ""
	}
	switch key {
	case "level":
		return f.Course.Level
	case "format":
		return f.Course.Format
	}
	return ""
}

// addFacets adds a page per value of each facet of a section, in every
// language, for filters that work without JavaScript.
func (s *Site) addFacets(generated func(key string, kind Kind, lang *config.Language, title string) *Page) {
	for _, name := range sortedKeys(s.sections) {
		typ := typeOf(name)
		for _, key := range facetKeys[typ] {
			for _, l := range s.Config.Languages {
				g := FacetGroup{Key: key}
				for _, v := range facetValues[key] {
					p := generated("\x01"+name+"/"+key+"/"+v, KindFacet, l, s.Config.String(l.Code, key+"_"+v))
					p.Section, p.Type, p.Facet = name, typ, Facet{Key: key, Value: v}
					g.Pages = append(g.Pages, p)
				}
				if s.facetGroups[name] == nil {
					s.facetGroups[name] = map[string][]FacetGroup{}
				}
				s.facetGroups[name][l.Code] = append(s.facetGroups[name][l.Code], g)
			}
		}
		// A page for each pair of values of two fields, which the
		// filters of a facet page link to.
		for _, l := range s.Config.Languages {
			pages := map[string]*Page{}
			for _, g := range s.facetGroups[name][l.Code] {
				for _, p := range g.Pages {
					pages[p.Facet.Key+"="+p.Facet.Value] = p
				}
			}
			keys := facetKeys[typ]
			for i, key := range keys {
				for _, key2 := range keys[i+1:] {
					for _, v := range facetValues[key] {
						for _, v2 := range facetValues[key2] {
							title := s.Config.String(l.Code, key+"_"+v) + s.Config.String(l.Code, "list_sep") + s.Config.String(l.Code, key2+"_"+v2)
							p := generated("\x01"+name+"/"+key+"/"+v+"/"+key2+"/"+v2, KindFacet, l, title)
							p.Section, p.Type, p.Facet = name, typ, Facet{Key: key, Value: v, Key2: key2, Value2: v2}
							pages[key+"="+v+"&"+key2+"="+v2] = p
						}
					}
				}
			}
			if s.facetPages[name] == nil {
				s.facetPages[name] = map[string]map[string]*Page{}
			}
			s.facetPages[name][l.Code] = pages
		}
	}
}
