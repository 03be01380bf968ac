package site

import (
	"strconv"

	"qiao/generator/config"
)

// Pager is one page of a paginated list (a section, a topic, a filter):
// the first page is at the list's URL, the next at page/2/, page/3/ and
// on, as Hugo names them. Every page of a list holds the whole list in
// Pages (for counts and filters) and its own share in Items.
type Pager struct {
	Number int     // 1 for the list page itself
	Items  []*Page // the listed pages this page shows
	From   int     // the place of Items[0] in the whole list, from 1
	// Pages are every page of the list in order, the list page first;
	// the pages of one list share it.
	Pages []*Page
}

// First returns the list's first page: the list page itself.
func (g *Pager) First() *Page { return g.Pages[0] }

// Prev returns the page before, or nil on the first page.
func (g *Pager) Prev() *Page {
	if g.Number <= 1 {
		return nil
	}
	return g.Pages[g.Number-2]
}

// Next returns the page after, or nil on the last page.
func (g *Pager) Next() *Page {
	if g.Number >= len(g.Pages) {
		return nil
	}
	return g.Pages[g.Number]
}

// To returns the place of the last entry this page shows in the whole
// list, from 1: a page showing entries 25 to 48 has From 25 and To 48.
func (g *Pager) To() int { return g.From + len(g.Items) - 1 }

// Paginated reports whether the list has more than one page.
func (g *Pager) Paginated() bool { return len(g.Pages) > 1 }

// IsPagerPage reports whether p is a second or later page of a list,
// which sitemaps leave out (as Hugo's do) and which has no file.
func (p *Page) IsPagerPage() bool { return p.Pager != nil && p.Pager.Number > 1 }

// paginate splits the listings of section, topic and filter pages into
// pages of at most size entries, adding a page per further share after
// the list page in s.Pages, with a URL below the list's: courses/page/2/.
func (s *Site) paginate(size int) {
	if size < 1 {
		size = config.DefaultPageSize // a Config made without Parse
	}
	var added []*Page
	for _, p := range s.Pages {
		if p.Kind != KindSection && p.Kind != KindTopic && p.Kind != KindFacet {
			continue
		}
		n := max(1, (len(p.Pages)+size-1)/size)
		pages := make([]*Page, n)
		pages[0] = p
		for i := 1; i < n; i++ {
			q := &Page{Kind: p.Kind, Lang: p.Lang, Title: p.Title, Summary: p.Summary, Section: p.Section,
				Type: p.Type, Topic: p.Topic, Facet: p.Facet, Pages: p.Pages, site: s}
			q.URL = p.URL + "page/" + strconv.Itoa(i+1) + "/"
			q.RelPermalink, q.Permalink = s.Config.BaseURL.Path+q.URL, s.AbsURL(q.URL)
			if p.group != nil {
				key := p.group.key + "\x02" + strconv.Itoa(i+1)
				g := s.groups[key]
				if g == nil {
					g = &group{key: key, versions: map[string]*Page{}}
					s.groups[key] = g
				}
				g.versions[p.Lang.Code] = q
				q.group = g
			}
			pages[i] = q
			added = append(added, q)
		}
		for i, q := range pages {
			q.Pager = &Pager{Number: i + 1, Items: p.Pages[i*size : min(len(p.Pages), (i+1)*size)], From: i*size + 1, Pages: pages}
		}
	}
	s.Pages = append(s.Pages, added...)
}

// PagerLink is one entry of a pager's list of page numbers: a page, or a
// gap (Page nil) where numbers are left out.
type PagerLink struct {
	Number int
	Page   *Page
}

// Links returns the page numbers a pager shows: all of a short list's;
// of a long one, the first, the last and the two either side of this
// page, with a gap where others are left out.
func (g *Pager) Links() []PagerLink {
	var out []PagerLink
	last := len(g.Pages)
	for k := 1; k <= last; k++ {
		switch {
		case k == 1 || k == last || k >= g.Number-2 && k <= g.Number+2:
			out = append(out, PagerLink{k, g.Pages[k-1]})
		case k < g.Number:
			out = append(out, PagerLink{})
			k = g.Number - 3 // on to the numbers near this page
		default:
			out = append(out, PagerLink{})
			k = last - 1 // on to the last page
		}
	}
	return out
}
