package render

import "strings"

// ReadsBeyondNeighbours reports whether the layouts of content pages
// (single.html) may show something of a page that the rendered page
// neither names nor links to: a list page's pages or filters (.Pages,
// .Facets — counts and listings over a whole section), the site (.Site
// but its .Config), a page found by name (.Ref, .SectionNamed), or a page
// two steps away (.Speakers of a listed page, .Home.Pages). The preview
// server asks: when none does, a content page changes only with itself,
// the pages it names or that name it, and the navigation's own fields.
//
// Like ShowsOtherBodies, the answer is read off the layouts and errs
// towards yes.
func (t *Templates) ReadsBeyondNeighbours() bool { return t.readsBeyondNeighbours }

// farFields are fields and methods that may lead to any page of the site.
var farFields = map[string]bool{"Pages": true, "Facets": true, "Site": true, "Ref": true, "SectionNamed": true}

// linkFields are fields and methods that lead from a page to other pages:
// read off the page being rendered they lead one step away; read off any
// other page, two or more.
var linkFields = map[string]bool{
	"Speakers": true, "Prerequisites": true, "Related": true, "ModuleSpeakers": true, "TopicPages": true,
	"Courses": true, "RequiredBy": true, "CitedBy": true, "Translations": true, "Alternates": true,
	"XDefault": true, "Home": true, "Sections": true, "TopicsPage": true, "SearchPage": true, "SectionPage": true,
}

// readsFar reports whether a chain of field names may read a page beyond
// the rendered page's neighbours (see ReadsBeyondNeighbours).
func readsFar(idents []string, offPage bool) bool {
	for i, id := range idents {
		switch {
		case id == "Site" && i+1 < len(idents) && idents[i+1] == "Config":
			return false // site.toml: when it changes, everything is rendered
		case farFields[id]:
			return true
		case linkFields[id] && !(offPage && i == 0):
			return true
		}
	}
	return false
}

func (t *Templates) computeReadsBeyondNeighbours() bool {
	for name, view := range t.views {
		if !strings.HasSuffix(name, "single.html") || name == "topics/single.html" {
			continue // the views of list pages, which are rendered with every change
		}
		a := &bodyReads{set: view, seen: map[string]bool{}, reads: readsFar}
		a.template("_default/baseof.html", true)
		a.template(name, true)
		if a.found {
			return true
		}
	}
	return false
}
