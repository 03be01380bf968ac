package render

import (
	"strconv"

	"qiao/generator/site"
)

// ReadKind says what decides the value of a field or method of a page that
// a layout reads: the one declared list of what a page's rendering can
// depend on (see PageReads). The preview server's page signatures are
// made from it, and so are ShowsOtherBodies and ReadsBeyondNeighbours; a
// test fails when a page has a field or method the list leaves out.
type ReadKind uint8

const (
	// FromFile values are decided by the page's file: its path and front
	// matter (content.File's Path and FrontHash).
	FromFile ReadKind = iota
	// FromBody values are decided by the page's Markdown body.
	FromBody
	// Own values are the page's own, given by the page graph; PageRead.Text
	// reads them.
	Own
	// Links lead to pages the page names or that name it (its neighbours);
	// PageRead.Pages reads them. A layout may show their own values and the
	// names of the pages they link to in turn.
	Links
	// Nav leads to pages through the site's navigation; PageRead.Pages reads
	// them. A layout may show their own values.
	Nav
	// Config values are decided by site.toml and the page's language.
	Config
	// Derived values are computed from the others: the page's own, of the
	// pages given as arguments, or of its file.
	Derived
	// Named finds a page by a name (PageRead.Named): read with a constant
	// name, the page found is a neighbour (see Templates.NamedReads); with
	// another, it may be any page.
	Named
	// Far may lead to any page of the site.
	Far
	// NotRead is not for layouts: it changes or reports, and shows nothing.
	NotRead
)

// PageRead is one field or method of a page, as layouts see it: fields
// promoted from content.File included.
type PageRead struct {
	Kind  ReadKind
	Text  func(*site.Page) string                    // for Own
	Pages func(*site.Page) []*site.Page              // for Links and Nav
	Page  func(*site.Page) *site.Page                // for Nav to one page, instead of Pages
	Named func(p *site.Page, name string) *site.Page // for Named
}

// PageReads are every field and method of a page a layout may read, by
// name, with what decides their value. Template functions written in Go
// (jsonld) must read no more than a layout that reads the same fields
// would: the page's own values and those of its Links.
var PageReads = map[string]PageRead{
	// content.File, and its front matter (content.Common promoted).
	"File": {Kind: FromFile}, "Path": {Kind: FromFile}, "Name": {Kind: FromFile},
	"Bundle": {Kind: FromFile}, "Course": {Kind: FromFile}, "Case": {Kind: FromFile},
	"Policy": {Kind: FromFile}, "Speaker": {Kind: FromFile}, "Common": {Kind: FromFile},
	"BodyLine": {Kind: FromFile}, "FrontHash": {Kind: FromFile}, "Draft": {Kind: FromFile},
	"Weight": {Kind: FromFile}, "Slug": {Kind: FromFile}, "Topics": {Kind: FromFile},
	"Aliases": {Kind: FromFile}, "TranslationKey": {Kind: FromFile}, "Lastmod": {Kind: FromFile},
	"Date": {Kind: FromFile}, "TotalHours": {Kind: FromFile}, "FacetValue": {Kind: FromFile},
	"Line": {Kind: FromFile}, "ValueLine": {Kind: FromFile}, "Image": {Kind: FromFile},

	"Content": {Kind: FromBody}, "TOC": {Kind: FromBody}, "Body": {Kind: FromBody}, "Hash": {Kind: FromBody},

	"Kind":         {Kind: Own, Text: func(p *site.Page) string { return p.Kind.String() }},
	"Lang":         {Kind: Own, Text: func(p *site.Page) string { return p.Lang.Code }},
	"Title":        {Kind: Own, Text: func(p *site.Page) string { return p.Title }},
	"Summary":      {Kind: Own, Text: func(p *site.Page) string { return p.Summary }},
	"Section":      {Kind: Own, Text: func(p *site.Page) string { return p.Section }},
	"Type":         {Kind: Own, Text: func(p *site.Page) string { return p.Type }},
	"Topic":        {Kind: Own, Text: topicKey},
	"Facet":        {Kind: Own, Text: facet},
	"URL":          {Kind: Own, Text: func(p *site.Page) string { return p.URL }},
	"RelPermalink": {Kind: Own, Text: func(p *site.Page) string { return p.RelPermalink }},
	"Permalink":    {Kind: Own, Text: func(p *site.Page) string { return p.Permalink }},
	"PhotoURL":     {Kind: Own, Text: func(p *site.Page) string { return p.PhotoURL }},
	"ImageURL":     {Kind: Own, Text: func(p *site.Page) string { return p.ImageURL }},
	"IsPagerPage":  {Kind: Own, Text: func(p *site.Page) string { return strconv.FormatBool(p.IsPagerPage()) }},

	"Speakers":       {Kind: Links, Pages: func(p *site.Page) []*site.Page { return p.Speakers }},
	"Prerequisites":  {Kind: Links, Pages: func(p *site.Page) []*site.Page { return p.Prerequisites }},
	"Related":        {Kind: Links, Pages: func(p *site.Page) []*site.Page { return p.Related }},
	"ModuleSpeakers": {Kind: Links, Pages: moduleSpeakers},
	"Courses":        {Kind: Links, Pages: func(p *site.Page) []*site.Page { return p.Courses }},
	"RequiredBy":     {Kind: Links, Pages: func(p *site.Page) []*site.Page { return p.RequiredBy }},
	"CitedBy":        {Kind: Links, Pages: func(p *site.Page) []*site.Page { return p.CitedBy }},

	"TopicPages":   {Kind: Nav, Pages: func(p *site.Page) []*site.Page { return p.TopicPages }},
	"Translations": {Kind: Nav, Pages: (*site.Page).Translations},
	"Alternates":   {Kind: Nav, Pages: alternates},
	"XDefault":     {Kind: Nav, Page: (*site.Page).XDefault},
	"Home":         {Kind: Nav, Page: (*site.Page).Home},
	"Sections":     {Kind: Nav, Pages: (*site.Page).Sections},
	"TopicsPage":   {Kind: Nav, Page: (*site.Page).TopicsPage},
	"SearchPage":   {Kind: Nav, Page: (*site.Page).SearchPage},
	"SectionPage":  {Kind: Nav, Page: (*site.Page).SectionPage},

	"T": {Kind: Config}, "FormatDate": {Kind: Config}, "RelURL": {Kind: Config},

	// OutputPath is the URL's; IsCurrent and OtherLanguage compare pages'
	// own values (pointers, kinds, sections, languages); FilterValue reads
	// the page's Facet.
	"OutputPath": {Kind: Derived}, "IsCurrent": {Kind: Derived}, "OtherLanguage": {Kind: Derived},
	"FilterValue": {Kind: Derived},

	"Ref":          {Kind: Named, Named: (*site.Page).Ref},
	"SectionNamed": {Kind: Named, Named: (*site.Page).SectionNamed},

	// Pages lists a section's, topic's or filter's pages; Facets counts
	// over a section; Site is the whole site (but for .Site.Config).
	// FacetPage finds a page of the section's filters by its values.
	// Pager holds the page's share of its list and every page of the
	// list (their number depends on the whole list).
	"Pages": {Kind: Far}, "Pager": {Kind: Far}, "Facets": {Kind: Far}, "Site": {Kind: Far}, "FacetPage": {Kind: Far},

	"DropSource": {Kind: NotRead},
}

func topicKey(p *site.Page) string {
	if p.Topic == nil {
		return ""
	}
	return p.Topic.Key
}

func facet(p *site.Page) string {
	if p.Facet == (site.Facet{}) {
		return ""
	}
	f := p.Facet
	return f.Key + "\x00" + f.Value + "\x00" + f.Key2 + "\x00" + f.Value2
}

func moduleSpeakers(p *site.Page) []*site.Page {
	var out []*site.Page
	for _, m := range p.ModuleSpeakers {
		out = append(out, m...)
		out = append(out, nil) // where a module ends
	}
	return out
}

func alternates(p *site.Page) []*site.Page {
	var out []*site.Page
	for _, a := range p.Alternates() {
		out = append(out, a.Page)
	}
	return out
}

// readKind returns the kind of a page's field or method; a name that is
// not one (a key of a dict, a field of a module) is FromFile: what a page
// holds besides its own fields comes from its file.
func readKind(name string) ReadKind {
	if r, ok := PageReads[name]; ok {
		return r.Kind
	}
	return FromFile
}
