package render

import (
	"html/template"
	"text/template/parse"
)

// ShowsOtherBodies reports whether a layout may show what the body of a
// page other than the one being rendered decides: its Content, TOC, Body
// or Hash. The preview server asks: when none does, editing a page's body
// changes no other page but through its summary, so the pages that list
// it need not be rendered again.
//
// The answer is read off the layouts, not from a run, and errs towards
// yes. A body field counts as the page's own only when it is read straight
// off the dot ({{.Content}}, {{range .TOC}}) or off $ where that is the
// page, in a template run with the page as its dot: a view, the base
// layout, or a partial called with . or $ from such a place. Anything else
// — a field of another page ({{.Home.Content}}), of a variable, inside
// {{range}} or a {{with}} of something else, in a partial called with a
// dict or by entries — counts as another page's.
func (t *Templates) ShowsOtherBodies() bool { return t.showsOtherBodies }

// computeShowsOtherBodies answers ShowsOtherBodies. It runs before any template
// does: html/template rewrites a tree when it first runs it.
func (t *Templates) computeShowsOtherBodies() bool {
	for name, view := range t.views {
		a := &bodyReads{set: view, seen: map[string]bool{}, reads: readsOtherBody}
		a.template("_default/baseof.html", true)
		a.template(name, true)
		if a.found {
			return true
		}
	}
	return false
}

// readsOtherBody reports whether a chain of field names reads a body
// field of another page than the one rendered: anything but that one field
// read straight off the page.
func readsOtherBody(idents []string, offPage bool) bool {
	if offPage && len(idents) == 1 {
		return false
	}
	for _, id := range idents {
		if readKind(id) == FromBody {
			return true
		}
	}
	return false
}

// bodyReads walks the templates of one view, looking for a chain of field
// names that reads says is sought.
type bodyReads struct {
	set *template.Template // to look up templates by name
	// reads is given the names of a chain ({{.Home.Title}}: Home, Title)
	// and whether it starts at the page being rendered.
	reads func(idents []string, offPage bool) bool
	seen  map[string]bool // name and whether the dot is the page
	found bool
	// named, when not nil, collects the pages found by a constant name off
	// the page (see namedCall) instead of passing them to reads.
	named map[NamedRead]bool
}

// template walks the named template, run with the page as its dot or not.
func (a *bodyReads) template(name string, page bool) {
	key := name
	if page {
		key += "\x00page"
	}
	if a.seen[key] {
		return
	}
	a.seen[key] = true
	if t := a.set.Lookup(name); t != nil && t.Tree != nil {
		a.list(t.Tree.Root, page, page)
	}
}

// list walks nodes; dot and root say whether . and $ are the page.
func (a *bodyReads) list(l *parse.ListNode, dot, root bool) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			a.pipe(n.Pipe, dot, root)
		case *parse.IfNode:
			a.pipe(n.Pipe, dot, root)
			a.list(n.List, dot, root)
			a.list(n.ElseList, dot, root)
		case *parse.RangeNode:
			a.pipe(n.Pipe, dot, root)
			a.list(n.List, false, root)
			a.list(n.ElseList, dot, root)
		case *parse.WithNode:
			a.pipe(n.Pipe, dot, root)
			a.list(n.List, isPage(n.Pipe, dot, root), root)
			a.list(n.ElseList, dot, root)
		case *parse.TemplateNode:
			a.pipe(n.Pipe, dot, root)
			a.template(n.Name, isPage(n.Pipe, dot, root))
		case *parse.ListNode:
			a.list(n, dot, root)
		}
	}
}

func (a *bodyReads) pipe(p *parse.PipeNode, dot, root bool) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		for i, arg := range c.Args {
			if i == 0 && a.named != nil {
				if r, ok := namedCall(c, dot, root); ok {
					a.named[r] = true
					continue
				}
			}
			a.node(arg, dot, root)
			// {{partialCached "partials/x.html" data keys…}} and
			// {{entries "partials/x.html" $list pages}} run a template, the
			// latter with a dict of the listing page and a listed page.
			// An argument may come from the pipeline ({{. | partialCached
			// "x"}}): then it is not known to be the page.
			id, ok := arg.(*parse.IdentifierNode)
			if !ok || i != 0 || id.Ident != "partialCached" && id.Ident != "entries" {
				continue
			}
			var name *parse.StringNode
			if len(c.Args) > 1 {
				name, _ = c.Args[1].(*parse.StringNode)
			}
			if name == nil {
				a.found = true // a partial we cannot name
				continue
			}
			page := id.Ident == "partialCached" && len(c.Args) > 2 && isPageNode(c.Args[2], dot, root)
			a.template(name.Text, page)
		}
	}
}

func (a *bodyReads) node(n parse.Node, dot, root bool) {
	switch n := n.(type) {
	case *parse.FieldNode:
		a.fields(n.Ident, dot)
	case *parse.VariableNode:
		a.fields(n.Ident[1:], root && n.Ident[0] == "$")
	case *parse.ChainNode:
		a.node(n.Node, dot, root)
		a.fields(n.Field, false)
	case *parse.PipeNode:
		a.pipe(n, dot, root)
	}
}

// fields notes a chain of field names that a.reads seeks.
func (a *bodyReads) fields(idents []string, offPage bool) {
	if a.reads(idents, offPage) {
		a.found = true
	}
}

// isPage reports whether a pipeline's value is the page: . or $ where
// those are the page.
func isPage(p *parse.PipeNode, dot, root bool) bool {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return false
	}
	return isPageNode(p.Cmds[0].Args[0], dot, root)
}

func isPageNode(n parse.Node, dot, root bool) bool {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.VariableNode:
		return root && len(n.Ident) == 1 && n.Ident[0] == "$"
	case *parse.PipeNode:
		return isPage(n, dot, root)
	}
	return false
}
