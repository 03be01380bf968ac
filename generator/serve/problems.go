package serve

import (
	"fmt"
	"strings"

	"qiao/generator/diag"
)

// problem is one message of a failed build, shown once however many places
// have it: a broken field in a layout fails every page that uses the
// layout with the same message, and twenty copies of it hide the other
// problems.
type problem struct {
	First string // the first place's diagnostic, as path:line: message
	More  int    // how many other places have the same message
	// Pages tells whether the other places are other pages (each in its
	// own file, or generated); otherwise some are other lines of a file.
	Pages bool
}

// Rest says how many other places have the problem ("… and 19 more
// pages"); "" when none do.
func (p problem) Rest() string {
	if p.More == 0 {
		return ""
	}
	noun := "place"
	if p.Pages {
		noun = "page"
	}
	if p.More > 1 {
		noun += "s"
	}
	return fmt.Sprintf("… and %d more %s", p.More, noun)
}

func (p problem) String() string {
	if p.More == 0 {
		return p.First
	}
	return p.First + "\n  " + p.Rest()
}

// groupProblems groups diagnostics (in the order given) by what they say,
// in the order each message first occurs. Each group shows its first
// place in a file, or its first place if none is in one.
func groupProblems(diags []diag.Diagnostic) []problem {
	var out []problem
	type group struct {
		index  int
		pages  map[string]bool
		inFile bool // First names a file
	}
	groups := map[string]*group{}
	for _, d := range diags {
		// A page is its file, or for a generated page the message that
		// names it.
		page := d.Path
		if page == "" {
			page = d.Message
		}
		key := sameProblem(d)
		g := groups[key]
		if g == nil {
			groups[key] = &group{index: len(out), pages: map[string]bool{page: true}, inFile: d.Path != ""}
			out = append(out, problem{First: d.String(), Pages: true})
			continue
		}
		p := &out[g.index]
		p.More++
		if !g.inFile && d.Path != "" {
			// A place in a file is shown first: a terminal or editor opens it.
			p.First, g.inFile = d.String(), true
		}
		if g.pages[page] {
			p.Pages = false
		}
		g.pages[page] = true
	}
	return out
}

// sameProblem is what identical problems share: severity, code and
// message, less the page they are about. A page that cannot be rendered is
// named by its file's path, or, for a generated page (a topic, a facet),
// in the message ("cannot render the topic page /topics/x/: …"): what
// follows is the layout's problem.
func sameProblem(d diag.Diagnostic) string {
	msg := d.Message
	if d.Code == "layout" && strings.HasPrefix(msg, "cannot render") {
		if _, rest, ok := strings.Cut(msg, ": "); ok {
			msg = rest
		}
	}
	return d.Severity.String() + "\x00" + d.Code + "\x00" + msg
}
