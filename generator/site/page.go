package site

import (
	"html/template"
	"net/url"
	"strings"
	"time"

	"qiao/generator/config"
	"qiao/generator/content"
)

// Kind tells what a page of the output is.
type Kind int

const (
	KindRegular  Kind = iota // a content page
	KindHome                 // the home page of a language
	KindSection              // a section's list page
	KindTopic                // one topic's page
	KindTopics               // the list of all topics
	KindNotFound             // 404.html
	KindFacet                // courses of one level or format: /courses/level/advanced/
	KindSearch               // the search page of a language
)

func (k Kind) String() string {
	return [...]string{"page", "home", "section", "topic", "topics", "404", "facet", "search"}[k]
}

// Page is one page of the output in one language, with its links to other
// pages resolved. Generated pages (a section without _index.md, topic pages,
// 404) have no File.
type Page struct {
	*content.File
	Kind    Kind
	Lang    *config.Language
	Title   string
	Summary string
	Section string
	Type    string
	Topic   *config.Topic // for topic pages
	Facet   Facet         // for facet pages
	URL     string        // path below the base URL: "", "zh/", "courses/itt-201/"
	// RelPermalink is the page's path from the host root, base path
	// included; Permalink is its absolute URL, or its RelPermalink when
	// the base URL has no host. They are fields, not methods, because
	// layouts read them dozens of times a page, and a method called from
	// a template costs a reflective lookup and call each time.
	RelPermalink, Permalink string

	Content template.HTML
	TOC     []Heading

	// Listed pages: a section's or topic's pages, the home's sections.
	Pages []*Page
	// Pager is this page's share of a long list (section, topic, filter
	// pages), nil on pages that list nothing to split.
	Pager *Pager
	// Resolved references, in this page's language where a version exists.
	Speakers       []*Page
	Prerequisites  []*Page
	Related        []*Page
	ModuleSpeakers [][]*Page
	TopicPages     []*Page
	PhotoURL       string
	ImageURL       string // the page's own preview picture (image), resolved like PhotoURL
	// Reverse references.
	Courses    []*Page // courses naming this speaker
	RequiredBy []*Page // courses naming this course as a prerequisite
	CitedBy    []*Page // pages naming this one in related

	site  *Site
	group *group
}

// Facet is a field of a content type that listings can be filtered by,
// with one of its values.
type Facet struct {
	Key   string // "level", "format"
	Value string // "advanced"
	// Key2 and Value2, when set, are a second field and value the page
	// also filters by: /courses/level/advanced/format/online/, so that
	// filters combine without JavaScript.
	Key2, Value2 string
}

// FilterValue returns the value the page filters key by ("advanced" for
// level on /courses/level/advanced/), or "".
func (p *Page) FilterValue(key string) string {
	switch {
	case p.Kind != KindFacet:
		return ""
	case p.Facet.Key == key:
		return p.Facet.Value
	case p.Facet.Key2 == key:
		return p.Facet.Value2
	}
	return ""
}

// FacetPage returns the page of the section that keeps the page's filters
// but sets key to value, or drops key when value is "": from
// /courses/level/advanced/, FacetPage "format" "online" is
// /courses/level/advanced/format/online/ and FacetPage "level" "" is
// /courses/. It returns nil for a page of no section with filters.
func (p *Page) FacetPage(key, value string) *Page {
	var parts []string
	for _, k := range facetKeys[p.Type] {
		v := p.FilterValue(k)
		if k == key {
			v = value
		}
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	if len(parts) == 0 {
		return p.SectionPage()
	}
	return p.site.facetPages[p.Section][p.Lang.Code][strings.Join(parts, "&")]
}

// FacetGroup is one filter of a section page: the facet pages of every
// value of one field, in the page's language.
type FacetGroup struct {
	Key   string
	Pages []*Page
}

// Facets returns the filters of a section page (level and format for
// courses), or nil.
func (p *Page) Facets() []FacetGroup {
	if p.Kind != KindSection && p.Kind != KindFacet {
		return nil
	}
	return p.site.facetGroups[p.Section][p.Lang.Code]
}

// FacetValue returns a listed page's value of a facet ("level"), for
// filtering in the browser.
func (p *Page) FacetValue(key string) string {
	if p.File == nil {
		return ""
	}
	return facetValue(p.File, key)
}

// Search returns the search page in the page's language.
func (p *Page) SearchPage() *Page { return p.site.searchPages[p.Lang.Code] }

// Heading is an entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Alternate is the page to show for one language in a language switcher.
type Alternate struct {
	Lang   *config.Language
	Page   *Page
	Exists bool // false when Page is a fallback (the section or home page)
}

// Site returns the site the page belongs to.
func (p *Page) Site() *Site { return p.site }

// Name returns the page's name (its path under content/ without language and
// extension), or "" for generated pages.
func (p *Page) Name() string {
	if p.File == nil {
		return ""
	}
	return p.File.Name
}

// OutputPath is the file the page is written to, relative to the output
// directory.
func (p *Page) OutputPath() string {
	if p.Kind == KindNotFound {
		return "404.html"
	}
	return p.URL + "index.html"
}

// Translations returns every existing version of the page, itself included,
// in the configured language order.
func (p *Page) Translations() []*Page {
	if p.group == nil {
		return []*Page{p}
	}
	var out []*Page
	for _, l := range p.site.Config.Languages {
		if v := p.group.versions[l.Code]; v != nil {
			out = append(out, v)
		}
	}
	return out
}

// XDefault is the version for x-default: the default language's, or the
// first that exists.
func (p *Page) XDefault() *Page { return p.Translations()[0] }

// Alternates returns, for every configured language, the page a language
// switcher should go to: the translation, or else that language's section
// page, or else its home page.
func (p *Page) Alternates() []Alternate {
	var out []Alternate
	for _, l := range p.site.Config.Languages {
		a := Alternate{Lang: l}
		if p.group != nil {
			a.Page = p.group.versions[l.Code]
		}
		a.Exists = a.Page != nil
		if a.Page == nil && p.Pager != nil {
			a.Page = p.Pager.First().group.versions[l.Code]
		}
		if a.Page == nil && p.Section != "" {
			a.Page = p.site.section(p.Section, l.Code)
		}
		if a.Page == nil {
			a.Page = p.site.home(l.Code)
		}
		out = append(out, a)
	}
	return out
}

// T returns the UI string key in the page's language.
func (p *Page) T(key string) string { return p.site.Config.String(p.Lang.Code, key) }

// FormatDate formats t in the page's language.
func (p *Page) FormatDate(t time.Time) string { return p.Lang.FormatDate(t) }

// Date returns the page's date, or the zero time.
func (p *Page) Date() time.Time {
	if p.File == nil {
		return time.Time{}
	}
	return p.File.Date
}

// Lastmod returns the page's last modification date, falling back to its date.
func (p *Page) Lastmod() time.Time {
	if p.File == nil {
		return time.Time{}
	}
	if !p.File.Lastmod.IsZero() {
		return p.File.Lastmod
	}
	return p.File.Date
}

// Home returns the home page in the page's language.
func (p *Page) Home() *Page { return p.site.home(p.Lang.Code) }

// Sections returns the list pages of every section in the page's language.
func (p *Page) Sections() []*Page { return p.site.sectionsIn(p.Lang.Code) }

// TopicsPage returns the list of topics in the page's language.
func (p *Page) TopicsPage() *Page { return p.site.topicsPage[p.Lang.Code] }

// IsCurrent reports whether q is p or the section p belongs to, for
// navigation highlighting.
func (p *Page) IsCurrent(q *Page) bool {
	return p == q || q.Kind == KindSection && p.Section == q.Section && p.Lang == q.Lang
}

// RelURL returns the path from the host root of a file in the output, for
// static files: RelURL "css/site.css".
func (p *Page) RelURL(rel string) string { return p.site.RelURL(rel) }

// AbsURL returns the absolute URL of a path below the base URL.
func (s *Site) AbsURL(rel string) string {
	rel = strings.TrimPrefix(rel, "/")
	if plainPath(rel) {
		return s.base + rel // what url.URL.String gives, without its work
	}
	u := *s.Config.BaseURL
	u.Path += rel
	return u.String()
}

// plainPath reports whether a URL path has only characters that need no
// escaping, so that it can be appended to an escaped URL as it is.
func plainPath(p string) bool {
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/", c) >= 0) {
			return false
		}
	}
	return true
}

// RelURL returns the path from the host root of a path below the base URL.
func (s *Site) RelURL(rel string) string {
	return (&url.URL{Path: s.Config.BaseURL.Path + strings.TrimPrefix(rel, "/")}).EscapedPath()
}

// HomeOf returns the home page of a language.
func (s *Site) HomeOf(lang string) *Page { return s.homes[lang] }

// TotalHours sums the hours of a course's modules.
func (p *Page) TotalHours() float64 {
	var sum float64
	if p.File != nil && p.File.Course != nil {
		for _, m := range p.File.Course.Modules {
			sum += m.Hours
		}
	}
	return sum
}

// OtherLanguage reports whether a listed page is shown in another language
// than the listing page p.
func (p *Page) OtherLanguage(q *Page) bool { return p.Lang != q.Lang }

// Ref returns the page with the given name ("about", "courses/itt-101") in
// the page's language, or in another language when it has no version in
// this one; nil when there is none. Layouts use it for fixed links.
func (p *Page) Ref(name string) *Page {
	if g := p.site.byName[name]; g != nil {
		return g.pick(p.site.Config, p.Lang.Code)
	}
	return nil
}

// SectionPage returns the list page of the page's section, or nil.
func (p *Page) SectionPage() *Page {
	if p.Section == "" {
		return nil
	}
	return p.site.section(p.Section, p.Lang.Code)
}

// SectionNamed returns the list page of a section in the page's language.
func (p *Page) SectionNamed(name string) *Page { return p.site.section(name, p.Lang.Code) }
