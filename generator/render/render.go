package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"qiao/generator/diag"
	"qiao/generator/site"
)

// Page renders one page through its view. A template that fails while
// running is a diagnostic at the page's file.
func (t *Templates) Page(p *site.Page, buf *bytes.Buffer) error {
	view, name := t.viewFor(p)
	if view == nil {
		return fmt.Errorf("no layout for this %s page: add layouts/%s", p.Kind, name)
	}
	entry := view.Lookup("_default/baseof.html")
	if entry == nil {
		entry = view.Lookup(name)
	}
	// Execute the view so it defines its blocks, then the base that uses them.
	exec := view
	if entry.Name() == "_default/baseof.html" {
		exec = entry
	}
	if err := exec.Execute(buf, p); err != nil {
		d := t.diagnostic(err)
		return fmt.Errorf("%s:%d: %s", d.Path, d.Line, d.Message)
	}
	return nil
}

// PageError is the diagnostic for a page that could not be rendered.
func PageError(p *site.Page, err error) diag.Diagnostic {
	if p.File != nil {
		return diag.Diagnostic{Path: p.File.Path, Code: "layout", Message: "cannot render: " + err.Error()}
	}
	return diag.Diagnostic{Code: "layout", Message: fmt.Sprintf("cannot render the %s page /%s: %v", p.Kind, p.URL, err)}
}

// jsonLD returns the schema.org description of a page as a script body.
func jsonLD(p *site.Page) (template.JS, error) {
	s := p.Site()
	org := map[string]any{"@type": "Organization", "name": s.Config.Title, "url": s.AbsURL("")}
	d := map[string]any{
		"@context":   "https://schema.org",
		"url":        p.Permalink,
		"name":       p.Title,
		"inLanguage": p.Lang.Code,
	}
	if p.Summary != "" {
		d["description"] = p.Summary
	}
	f := p.File
	switch {
	case p.Kind == site.KindHome:
		d["@type"] = "WebSite"
		d["publisher"] = org
	case f != nil && f.Course != nil:
		courseLD(p, d, org)
	case f != nil && f.Speaker != nil:
		sp := f.Speaker
		d["@type"] = "Person"
		d["name"] = sp.Name
		if sp.Role != "" {
			d["jobTitle"] = sp.Role
		}
		d["worksFor"] = map[string]any{"@type": "Organization", "name": sp.Organization}
		if p.PhotoURL != "" {
			d["image"] = s.AbsURL(strings.TrimPrefix(p.PhotoURL, s.Config.BaseURL.Path))
		}
		if len(sp.Languages) > 0 {
			d["knowsLanguage"] = sp.Languages
		}
		var links []string
		for _, k := range sortedKeys(sp.Links) {
			if isProfileURL(sp.Links[k]) {
				links = append(links, sp.Links[k])
			}
		}
		if links != nil {
			d["sameAs"] = links
		}
		delete(d, "inLanguage") // a Person is not a CreativeWork
	case f != nil && f.Policy != nil:
		pol := f.Policy
		d["@type"] = "Legislation"
		d["legislationPassedBy"] = map[string]any{"@type": "Organization", "name": pol.Issuer}
		d["legislationJurisdiction"] = jurisdiction(p, pol.Jurisdiction)
		d["legislationLegalForce"] = legalForce(pol.Status)
		if pol.Number != "" {
			d["legislationIdentifier"] = pol.Number
		}
		if !pol.Issued.IsZero() {
			d["legislationDate"] = pol.Issued.Format("2006-01-02")
		}
		if !pol.Effective.IsZero() {
			d["legislationDateOfApplicability"] = pol.Effective.Format("2006-01-02")
		}
		if isProfileURL(pol.Source) {
			d["sameAs"] = pol.Source // the official text itself, not its portal
		}
	case p.Kind == site.KindSection || p.Kind == site.KindTopic || p.Kind == site.KindTopics || p.Kind == site.KindFacet:
		d["@type"] = "CollectionPage"
	case p.Kind == site.KindSearch:
		d["@type"] = "SearchResultsPage"
	case f != nil:
		d["@type"] = "Article"
		d["headline"] = p.Title
		d["publisher"] = org
		d["author"] = org
		if img := ogImage(p); img != "" {
			d["image"] = img
		}
		if !f.Date.IsZero() {
			d["datePublished"] = f.Date.Format("2006-01-02")
		}
		if lm := p.Lastmod(); !lm.IsZero() {
			d["dateModified"] = lm.Format("2006-01-02")
		}
		if f.Case != nil && len(f.Case.Parties) > 0 {
			var about []any
			for _, party := range f.Case.Parties {
				about = append(about, map[string]any{"@type": "Organization", "name": party})
			}
			d["about"] = about
		}
	default:
		d["@type"] = "WebPage"
	}
	// <, > and & are escaped, so the result cannot close the script.
	b, err := appendJSON(make([]byte, 0, 1024), d)
	return template.JS(b), err
}

// courseMode is the schema.org courseMode of a session's mode, in the
// words Google's course documentation lists.
func courseMode(mode string) string {
	switch mode {
	case "in-person":
		return "Onsite"
	case "hybrid":
		return "Blended"
	case "online":
		return "Online"
	}
	return mode
}

// jurisdiction names a policy's jurisdiction as schema.org wants: an ISO
// 3166 code where there is one, else its name in the page's language.
func jurisdiction(p *site.Page, key string) string {
	switch key {
	case "national":
		return "CN"
	case "guangdong":
		return "CN-GD"
	case "hong-kong":
		return "HK"
	}
	return p.T("jurisdiction_" + key)
}

// isProfileURL reports whether u names a page of its own (a profile, a
// document) rather than a site's home page, which is no sameAs.
func isProfileURL(u string) bool {
	pu, err := url.Parse(u)
	return err == nil && (pu.Scheme == "https" || pu.Scheme == "http") && pu.Host != "" && strings.Trim(pu.Path, "/") != ""
}

func legalForce(status string) string {
	switch status {
	case "in-force":
		return "InForce"
	case "amended":
		return "PartiallyInForce"
	}
	return "NotInForce"
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Feed writes the Atom feed of one language: its dated pages, newest first.
func Feed(s *site.Site, lang string) []byte {
	// The 50 newest pages, newest first; URLs break ties. A large site
	// has thousands of candidates: their dates are read once.
	type dated struct {
		date time.Time
		page *site.Page
	}
	var candidates []dated
	for _, p := range s.Pages {
		if p.Kind == site.KindRegular && p.Lang.Code == lang && !p.Date().IsZero() {
			candidates = append(candidates, dated{p.Date(), p})
		}
	}
	slices.SortFunc(candidates, func(a, b dated) int {
		if c := b.date.Compare(a.date); c != 0 {
			return c
		}
		return strings.Compare(a.page.URL, b.page.URL)
	})
	var entries []*site.Page
	for _, c := range candidates[:min(len(candidates), 50)] {
		entries = append(entries, c.page)
	}
	l := s.Config.Language(lang)
	home := s.HomeOf(lang)
	var updated time.Time
	for _, e := range entries {
		if lm := e.Lastmod(); lm.After(updated) {
			updated = lm
		}
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	fmt.Fprintf(&b, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"%s\">\n", esc(lang))
	fmt.Fprintf(&b, "  <title>%s</title>\n", esc(l.Title))
	fmt.Fprintf(&b, "  <id>%s</id>\n", esc(home.Permalink))
	fmt.Fprintf(&b, "  <link rel=\"alternate\" type=\"text/html\" href=\"%s\"/>\n", esc(home.Permalink))
	fmt.Fprintf(&b, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"%s\"/>\n", esc(s.AbsURL(home.URL+"atom.xml")))
	fmt.Fprintf(&b, "  <updated>%s</updated>\n", atomTime(updated))
	for _, e := range entries {
		b.WriteString("  <entry>\n")
		fmt.Fprintf(&b, "    <title>%s</title>\n", esc(e.Title))
		fmt.Fprintf(&b, "    <id>%s</id>\n", esc(e.Permalink))
		fmt.Fprintf(&b, "    <link rel=\"alternate\" type=\"text/html\" href=\"%s\"/>\n", esc(e.Permalink))
		fmt.Fprintf(&b, "    <published>%s</published>\n", atomTime(e.Date()))
		fmt.Fprintf(&b, "    <updated>%s</updated>\n", atomTime(e.Lastmod()))
		fmt.Fprintf(&b, "    <author><name>%s</name></author>\n", esc(l.Title)) // in the feed's language
		if e.Summary != "" {
			fmt.Fprintf(&b, "    <summary>%s</summary>\n", esc(e.Summary))
		}
		b.WriteString("  </entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}

func atomTime(t time.Time) string {
	if t.IsZero() {
		t = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t.Format(time.RFC3339)
}

func esc(s string) string {
	if !strings.ContainsAny(s, "<>&'\"\r\n\t") {
		return s
	}
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Sitemap lists every page with its language alternates.
func Sitemap(s *site.Site) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	alternate := func(lang, href string) {
		b.WriteString(`    <xhtml:link rel="alternate" hreflang="`)
		b.WriteString(esc(lang))
		b.WriteString(`" href="`)
		b.WriteString(esc(href))
		b.WriteString("\"/>\n")
	}
	for _, p := range s.Pages {
		if p.Kind == site.KindNotFound || p.IsPagerPage() {
			continue // pages 2 and on of a list are left out, as Hugo does
		}
		// One entry per page of a large site: plain appends, not Fprintf.
		b.WriteString("  <url>\n    <loc>")
		b.WriteString(esc(p.Permalink))
		b.WriteString("</loc>\n")
		if lm := p.Lastmod(); !lm.IsZero() {
			b.WriteString("    <lastmod>")
			b.Write(lm.AppendFormat(b.AvailableBuffer(), "2006-01-02"))
			b.WriteString("</lastmod>\n")
		}
		if ts := p.Translations(); len(ts) > 1 {
			for _, t := range ts {
				alternate(t.Lang.Code, t.Permalink)
			}
			alternate("x-default", ts[0].Permalink) // p.XDefault
		}
		b.WriteString("  </url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// Robots allows everything and points to the sitemap.
func Robots(s *site.Site) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + s.AbsURL("sitemap.xml") + "\n")
}

var aliasTemplate = template.Must(template.New("alias").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<link rel="canonical" href="{{.Permalink}}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{.RelPermalink}}">
</head>
<body>
<p><a href="{{.RelPermalink}}">{{.Title}}</a></p>
</body>
</html>
`))

// AliasPage is a redirect to target.
func AliasPage(target *site.Page) []byte {
	var b bytes.Buffer
	_ = aliasTemplate.Execute(&b, map[string]string{
		"Lang": target.Lang.Code, "Title": target.Title, "Permalink": target.Permalink, "RelPermalink": target.RelPermalink,
	})
	return b.Bytes()
}
