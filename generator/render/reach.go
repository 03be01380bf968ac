package render

import (
	"cmp"
	"slices"
	"strings"
	"text/template/parse"

	"qiao/generator/site"
)

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

// readsFar reports whether a chain of field names may read a page beyond
// the rendered page's neighbours (see ReadsBeyondNeighbours): offPage says
// whether it starts at the rendered page. A page found by a constant name
// is noted before (see bodyReads.namedCall); any other is far.
func readsFar(idents []string, offPage bool) bool {
	for i, id := range idents {
		switch readKind(id) {
		case Far:
			if id == "Site" && i+1 < len(idents) && idents[i+1] == "Config" {
				return false // site.toml: when it changes, everything is rendered
			}
			return true
		case Named:
			return true
		case Links, Nav:
			if !offPage || i > 0 {
				return true
			}
		}
	}
	return false
}

// NamedRead is a page a layout finds by a constant name, off the page
// being rendered: {{.Ref "about"}} is {Ref about}.
type NamedRead struct {
	Method, Name string
}

// Page returns the page r finds from page p, nil when there is none.
func (r NamedRead) Page(p *site.Page) *site.Page { return PageReads[r.Method].Named(p, r.Name) }

// NamedReads returns the pages content pages' layouts find by a constant
// name (see ReadsBeyondNeighbours), sorted: what a layout shows of them
// is their own values, for reading further makes it read beyond.
func (t *Templates) NamedReads() []NamedRead { return t.namedReads }

// computeReadsBeyondNeighbours answers ReadsBeyondNeighbours and NamedReads.
func (t *Templates) computeReadsBeyondNeighbours() (bool, []NamedRead) {
	named := map[NamedRead]bool{}
	far := false
	for name, view := range t.views {
		if !strings.HasSuffix(name, "single.html") || name == "topics/single.html" {
			continue // the views of list pages, which are rendered with every change
		}
		a := &bodyReads{set: view, seen: map[string]bool{}, reads: readsFar, named: named}
		a.template("_default/baseof.html", true)
		a.template(name, true)
		far = far || a.found
	}
	var reads []NamedRead
	for r := range named {
		reads = append(reads, r)
	}
	slices.SortFunc(reads, func(a, b NamedRead) int {
		return cmp.Or(strings.Compare(a.Method, b.Method), strings.Compare(a.Name, b.Name))
	})
	return far, reads
}

// namedCall returns the page a command such as {{.Ref "about"}} or
// {{$.SectionNamed "courses"}} finds: a Named method read off the rendered
// page with one constant name.
func namedCall(c *parse.CommandNode, dot, root bool) (NamedRead, bool) {
	if len(c.Args) != 2 {
		return NamedRead{}, false
	}
	name, ok := c.Args[1].(*parse.StringNode)
	var idents []string
	onPage := false
	switch n := c.Args[0].(type) {
	case *parse.FieldNode:
		idents, onPage = n.Ident, dot
	case *parse.VariableNode:
		idents, onPage = n.Ident[1:], root && n.Ident[0] == "$"
	}
	if !ok || !onPage || len(idents) != 1 || readKind(idents[0]) != Named {
		return NamedRead{}, false
	}
	return NamedRead{Method: idents[0], Name: name.Text}, true
}
