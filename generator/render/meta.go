package render

import (
	"fmt"
	"strings"

	"qiao/generator/site"
)

// headTitle is a page's <title>: its title and the site's, with the kind
// of list named where the title alone would repeat another page's (the
// topic "政策法规" and the section "政策法规").
func headTitle(p *site.Page) string {
	if p.IsPagerPage() {
		// Each page of a list has a title of its own.
		return fmt.Sprintf(p.T("page_n"), p.Pager.Number) + " · " + listTitle(p)
	}
	return listTitle(p)
}

// listTitle is headTitle without the number of a list's page.
func listTitle(p *site.Page) string {
	switch p.Kind {
	case site.KindHome:
		return p.Lang.Title
	case site.KindTopic:
		return fmt.Sprintf(p.T("facet_heading"), p.T("topic"), p.Title) + " · " + p.Lang.Title
	case site.KindFacet:
		return facetName(p) + " · " + p.Lang.Title
	}
	return p.Title + " · " + p.Lang.Title
}

// facetName names what a facet page filters by: "Level: Advanced", or
// for two fields "Courses: Advanced, Online".
func facetName(p *site.Page) string {
	what := p.T(p.Facet.Key)
	if sec := p.SectionPage(); p.Facet.Key2 != "" && sec != nil {
		what = sec.Title
	}
	return fmt.Sprintf(p.T("facet_heading"), what, p.Title)
}

// description is a page's meta description: its summary, or for the
// generated pages that have none, a sentence saying what they list.
func description(p *site.Page) string {
	if p.Summary != "" {
		return p.Summary
	}
	switch p.Kind {
	case site.KindTopic:
		return fmt.Sprintf(p.T("topic_description"), p.Title)
	case site.KindTopics:
		return p.T("topics_description")
	case site.KindFacet:
		if p.Facet.Key2 != "" {
			return fmt.Sprintf(p.T("facet_description"), p.Title)
		}
		return fmt.Sprintf(p.T("facet_description"), facetName(p))
	case site.KindSearch:
		return p.T("search_description")
	case site.KindNotFound:
		return p.T("page_not_found_text")
	}
	if h := p.Home(); h != nil && h != p {
		return h.Summary
	}
	return ""
}

// ogImage is the absolute URL of a page's preview picture: its own image
// (beside it in a bundle, else below static/), or the site's, or "".
func ogImage(p *site.Page) string {
	s := p.Site()
	switch {
	case p.ImageURL != "":
		return s.AbsURL(strings.TrimPrefix(p.ImageURL, s.Config.BaseURL.Path))
	case s.Config.Image != "":
		return s.AbsURL(strings.TrimPrefix(s.Config.Image, "/"))
	}
	return ""
}
