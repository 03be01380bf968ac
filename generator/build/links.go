package build

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"qiao/generator/content"
	"qiao/generator/diag"
	"qiao/generator/site"
)

// Link is a link from a page's body to another site, or an image it
// shows from one.
type Link struct {
	Path string // the page's file, a slash path from the site root
	Line int    // in that file
	URL  string // as the page's HTML has it
}

// externalLinks returns the links to other sites (http, https or
// scheme-relative) of a converted body, as the browser follows or loads
// them (every href and src of the HTML, so that autolinks and bare URLs
// count), each with the first line of the body at or after the last one's
// that holds it.
func externalLinks(path string, converted, body []byte, bodyLine int) []Link {
	var links []Link
	from := 0
	for _, attr := range attrValues(converted, " href=\"", " src=\"") {
		u := html.UnescapeString(attr)
		lower := strings.ToLower(u)
		if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(u, "//") {
			continue
		}
		// How the body may write it: as it is, with characters the HTML
		// escapes, or without the scheme GFM adds to www. links.
		forms := []string{u}
		if raw, err := url.PathUnescape(u); err == nil && raw != u {
			forms = append(forms, raw)
		}
		if _, rest, ok := strings.Cut(u, "://"); ok {
			forms = append(forms, rest)
		}
		line := bodyLine
	find:
		for _, start := range []int{from, 0} {
			for _, f := range forms {
				if i := bytes.Index(body[start:], []byte(f)); i >= 0 {
					at := start + i
					line = bodyLine + bytes.Count(body[:at], []byte("\n"))
					// A reference link's URL is in its definition, which
					// may come long after links still to find.
					lineStart := bytes.LastIndexByte(body[:at], '\n') + 1
					if start == from && !referenceDefinition.Match(body[lineStart:at]) {
						from = at + len(f)
					}
					break find
				}
			}
		}
		links = append(links, Link{Path: path, Line: line, URL: u})
	}
	return links
}

// referenceDefinition matches the start of a line that defines a link
// reference, up to its URL.
var referenceDefinition = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*<?$`)

// attrValues returns the values of the attributes that start with one of
// prefixes (` href="`), in the order of the HTML.
func attrValues(h []byte, prefixes ...string) []string {
	var values []string
	for {
		at, n := -1, 0
		for _, p := range prefixes {
			if i := bytes.Index(h, []byte(p)); i >= 0 && (at < 0 || i < at) {
				at, n = i, len(p)
			}
		}
		if at < 0 {
			return values
		}
		h = h[at+n:]
		end := bytes.IndexByte(h, '"')
		if end < 0 {
			return values
		}
		values = append(values, string(h[:end]))
		h = h[end:]
	}
}

// linkLines returns the file line of each link destination, in the order
// goldmark met them: the order of the text, except that a reference link's
// destination is written where it is defined, perhaps before.
func linkLines(body []byte, bodyLine int, links []resolvedLink) []int {
	lines := make([]int, len(links))
	lineAt := func(i int) int { return bodyLine + bytes.Count(body[:i], []byte("\n")) }
	inline, other := 0, 0 // where to look for the next inline link, and the next of the rest
	for i, l := range links {
		dest := []byte(l.dest)
		// An inline link: [text](dest) or [text](<dest>).
		at := -1
		for _, prefix := range []string{"(", "(<"} {
			if j := bytes.Index(body[inline:], append([]byte(prefix), dest...)); j >= 0 && (at < 0 || j < at) {
				at = j
			}
		}
		if at >= 0 {
			inline += at + len(dest)
			lines[i] = lineAt(inline)
			continue
		}
		// A reference definition or an autolink.
		if j := bytes.Index(body[other:], dest); j >= 0 {
			other += j + len(dest)
			lines[i] = lineAt(other)
		} else if j := bytes.Index(body, dest); j >= 0 {
			lines[i] = lineAt(j)
		} else {
			lines[i] = bodyLine // text goldmark unescaped
		}
	}
	return lines
}

// anchorIDs returns the ids a link's fragment can point to in a converted
// body: its headings' (every level, not only those of the table of
// contents), footnotes' and those given with {#id}.
func anchorIDs(body []byte) []string {
	ids := attrValues(body, ` id="`)
	for i, id := range ids {
		ids[i] = html.UnescapeString(id)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// checkAnchors reports links to a page#anchor whose page, in the language
// the link leads to (the reader's where it exists), has no such anchor.
// bodies holds the converted body of each page of s, nil for pages without
// a file. A link to a generated page (a section without _index.md) is not
// checked: its ids come from layouts alone.
func checkAnchors(s *site.Site, bodies []*converted, diags *diag.List) {
	var byURL map[string]int
	for i, p := range s.Pages {
		c := bodies[i]
		if c == nil {
			continue
		}
		for _, l := range c.links {
			target, frag, found := strings.Cut(l.dest, "#")
			target, _, _ = strings.Cut(target, "?")
			if !l.ok || !found || frag == "" || !strings.HasSuffix(target, ".md") {
				continue
			}
			if byURL == nil {
				byURL = make(map[string]int, len(s.Pages))
				for j, q := range s.Pages {
					if bodies[j] != nil {
						byURL[q.RelPermalink] = j
					}
				}
			}
			u, _, _ := strings.Cut(l.url, "#")
			j, ok := byURL[u]
			if !ok {
				continue
			}
			ids := bodies[j].ids
			if _, ok := slices.BinarySearch(ids, frag); ok {
				continue
			}
			if unescaped, err := url.PathUnescape(frag); err == nil {
				if _, ok := slices.BinarySearch(ids, unescaped); ok {
					continue
				}
			}
			msg := fmt.Sprintf("link to %s: %s has no heading or anchor with the id %q", l.dest, s.Pages[j].File.Path, frag)
			if suggestion := diag.Suggest(frag, ids); suggestion != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", target+"#"+suggestion)
			}
			diags.Add(diag.Diagnostic{Path: p.File.Path, Line: l.line, Severity: diag.Error, Code: "broken-anchor", Message: msg})
		}
	}
}

// pageNames suggests pages for broken links: made once per build, on the
// first broken link, as most builds have none.
type pageNames struct {
	once  sync.Once
	site  *site.Site
	names []string
}

func (n *pageNames) list() []string {
	n.once.Do(func() {
		for _, p := range n.site.Pages {
			if p.File != nil && p.File.Kind == content.KindPage {
				n.names = append(n.names, p.File.Name)
			}
		}
		slices.Sort(n.names)
		n.names = slices.Compact(n.names)
	})
	return n.names
}

// didYouMean returns " (did you mean "x.md"?)" for a broken link to a .md
// file from the page p, naming the nearest existing page as a link that
// works from p's folder, or "" for other links and when no page is near.
func (n *pageNames) didYouMean(p *site.Page, dest string) string {
	target, frag, _ := strings.Cut(dest, "#")
	target, _, _ = strings.Cut(target, "?")
	if !strings.HasSuffix(target, ".md") || strings.Contains(target, ":") {
		return ""
	}
	dir := path.Dir(p.File.Path)
	full := path.Join(dir, target)
	if strings.HasPrefix(target, "/") {
		full = path.Join(content.Dir, target)
	}
	name := content.LinkName(full, n.site.Config)
	if name == "" {
		name = strings.TrimSuffix(full, ".md") // outside content/
	}
	names := n.list()
	// The right file in the wrong folder is the likeliest mistake.
	var sameBase []string
	for _, c := range names {
		if path.Base(c) == path.Base(name) {
			sameBase = append(sameBase, c)
		}
	}
	best := ""
	if len(sameBase) == 1 {
		best = sameBase[0]
	} else {
		best = diag.Suggest(name, names)
	}
	if best == "" {
		return ""
	}
	link := relativePath(dir, path.Join(content.Dir, best)+".md")
	if frag != "" {
		link += "#" + frag
	}
	return fmt.Sprintf(" (did you mean %q?)", link)
}

// relativePath is the slash path to target from the folder dir, both
// relative to the same root.
func relativePath(dir, target string) string {
	from := strings.Split(dir, "/")
	to := strings.Split(target, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(to[i:], "/")
}
