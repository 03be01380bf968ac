package incremental_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing/fstest"
)

// The edits of this file change more than one page's file: layouts and
// partials, site.toml, static files, and pages added, deleted, renamed and
// made into bundles. Each returns the paths it changed.

// builtinLayouts are the built-in layouts, which a site's layouts/ replaces
// file by file: a layout edit of a site that has none starts from these.
var builtinLayouts = func() map[string][]byte {
	m := map[string][]byte{}
	root := os.DirFS("../render/layouts")
	_ = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			m[p], _ = fs.ReadFile(root, p)
		}
		return nil
	})
	return m
}()

// layoutNames returns the layouts src uses: its own and the built-in ones.
func layoutNames(src fstest.MapFS) []string {
	var names []string
	for p := range src {
		if n, ok := strings.CutPrefix(p, "layouts/"); ok {
			names = append(names, n)
		}
	}
	for n := range builtinLayouts {
		if _, ok := src["layouts/"+n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// layoutInserts are what layout edits insert into a view or the base
// layout, where the dot is the page: reads of the page's own values, of
// its neighbours, of pages found by name, and of the whole site.
var layoutInserts = []string{
	`<span class="edited">%d</span>`,
	`{{with .Ref %q}}<a href="{{.RelPermalink}}">{{.Title}}</a>{{end}}`,
	`{{with .Ref %q}}{{.Summary}} {{.PhotoURL}} {{.Kind}}{{end}}`,
	`{{with .SectionNamed %q}}{{.Title}}{{end}}`,
	`{{with .Home}}<b>{{len .Pages}}</b>{{end}}`,
	`{{range .Speakers}}<i>{{.Title}} {{.PhotoURL}} {{.Summary}}</i>{{end}}`,
	`{{range .Related}}{{.Title}}{{with .File}}{{.Weight}}{{end}}{{end}}`,
	`{{with .SectionPage}}<b>{{.Title}}</b>{{end}}{{range .Translations}}{{.Title}}{{end}}`,
	`{{range .Alternates}}{{.Page.Title}}{{.Exists}}{{end}}{{.File.Path}}`,
	`{{range .CitedBy}}{{.Title}}{{end}}{{range .Courses}}{{.Summary}}{{end}}{{range .RequiredBy}}{{.URL}}{{end}}`,
}

// editLayout changes one layout of the site, built-in or its own: it
// inserts a read (layoutInserts) into a view or the base layout, swaps a
// field for another in any layout, or deletes the site's own version.
func editLayout(e *editor, _ string) []string {
	names := layoutNames(e.src)
	name := names[e.r.IntN(len(names))]
	p := "layouts/" + name
	var text string
	if f, ok := e.src[p]; ok {
		if e.r.IntN(4) == 0 {
			delete(e.src, p)
			return []string{p}
		}
		text = string(f.Data)
	} else {
		text = string(builtinLayouts[name])
	}
	n := e.r.IntN(1000)
	if strings.HasPrefix(name, "partials/") || e.r.IntN(4) == 0 {
		// A field for another: .Title for .Summary, .Pages for .Speakers …
		swaps := [][2]string{{".Title", ".Summary"}, {".Summary", ".Title"}, {".RelPermalink", ".Permalink"}, {".Pages", ".Related"}}
		s := swaps[e.r.IntN(len(swaps))]
		text = strings.Replace(text, s[0], s[1], 1)
		text = fmt.Sprintf("<!-- %d -->", n) + text // html/template drops it: an edit that changes nothing
	} else {
		insert := layoutInserts[e.r.IntN(len(layoutInserts))]
		if strings.Contains(insert, "%q") {
			insert = fmt.Sprintf(insert, e.pageName())
		} else if strings.Contains(insert, "%d") {
			insert = fmt.Sprintf(insert, n)
		}
		if i := strings.Index(text, `{{define "main"}}`); i >= 0 {
			i += len(`{{define "main"}}`)
			text = text[:i] + insert + text[i:]
		} else if i := strings.Index(text, "<body"); i >= 0 {
			i += strings.Index(text[i:], ">") + 1
			text = text[:i] + insert + text[i:]
		} else {
			text = insert + text
		}
	}
	e.src[p] = &fstest.MapFile{Data: []byte(text)}
	return []string{p}
}

// pageName returns the name of a random page (courses/x, about …), or a
// name no page has, or a section's name.
func (e *editor) pageName() string {
	var names []string
	for p := range e.src {
		if n, ok := strings.CutPrefix(p, "content/"); ok && strings.HasSuffix(n, ".md") && !strings.Contains(n, ".zh.") {
			n = strings.TrimSuffix(strings.TrimSuffix(n, ".md"), "/index")
			if !strings.Contains(n, "_index") {
				names = append(names, n, path.Base(n))
			}
		}
	}
	sort.Strings(names)
	names = append(names, "no-such-page", "courses", "cases", "speakers", "about")
	return names[e.r.IntN(len(names))]
}

var (
	tomlString  = regexp.MustCompile(`(?m)^([A-Za-z_]+) = "(.*)"$`)
	tomlSection = regexp.MustCompile(`(?m)^\[([^\]]+)\]$`)
)

// editConfig changes site.toml: a string (a language's name, title, date
// format or interface string, a topic's label), a topic added or removed,
// a language added or removed.
func editConfig(e *editor, _ string) []string {
	const file = "site.toml"
	text := string(e.src[file].Data)
	n := e.r.IntN(1000)
	switch e.r.IntN(4) {
	case 0, 1:
		var lines [][]int
		for _, m := range tomlString.FindAllStringSubmatchIndex(text, -1) {
			if key := text[m[2]:m[3]]; key != "prefix" && key != "defaultLanguage" && key != "baseURL" {
				lines = append(lines, m)
			}
		}
		m := lines[e.r.IntN(len(lines))]
		text = text[:m[5]] + fmt.Sprintf(" (%d)", n) + text[m[5]:]
	case 2:
		if i := strings.Index(text, "\n[topics.added-"); i >= 0 {
			end := strings.Index(text[i+1:], "\n[")
			if end < 0 {
				text = text[:i+1]
			} else {
				text = text[:i+1] + text[i+1+end+1:]
			}
		} else {
			text += fmt.Sprintf("\n[topics.added-%d]\nen = \"Licensing clinics %d\"\nzh = \"许可实务诊所 %d\"\n", n, n, n)
		}
	case 3:
		text = toggleLanguage(text)
	}
	e.src[file] = &fstest.MapFile{Data: []byte(text)}
	return []string{file}
}

// toggleLanguage adds a third language to site.toml, a copy of the
// default one under the prefix "fr", or removes it.
func toggleLanguage(text string) string {
	blocks := splitTOML(text)
	if i := slices.IndexFunc(blocks, func(b string) bool { return strings.HasPrefix(b, "[languages.fr]") }); i >= 0 {
		kept := slices.DeleteFunc(blocks, func(b string) bool { return strings.HasPrefix(b, "[languages.fr") })
		return strings.Join(kept, "")
	}
	var fr []string
	for _, b := range blocks {
		if strings.HasPrefix(b, "[languages.en]") || strings.HasPrefix(b, "[languages.en.") {
			b = strings.Replace(b, "[languages.en", "[languages.fr", 1)
			b = regexp.MustCompile(`(?m)^prefix = .*$`).ReplaceAllString(b, `prefix = "fr"`)
			b = regexp.MustCompile(`(?m)^name = .*$`).ReplaceAllString(b, `name = "Français"`)
			fr = append(fr, b)
		}
	}
	if len(fr) > 0 && !strings.HasSuffix(fr[len(fr)-1], "\n") {
		fr[len(fr)-1] += "\n"
	}
	return strings.Join(blocks, "") + strings.Join(fr, "")
}

// splitTOML splits a TOML file at its table headers; the first part is
// what comes before the first.
func splitTOML(text string) []string {
	var blocks []string
	last := 0
	for _, m := range tomlSection.FindAllStringIndex(text, -1) {
		if m[0] > last {
			blocks = append(blocks, text[last:m[0]])
		}
		last = m[0]
	}
	return append(blocks, text[last:])
}

// editStatic adds, changes or deletes a file in static/.
func editStatic(e *editor, p string) []string {
	n := e.r.IntN(1000)
	var static []string
	for q := range e.src {
		if strings.HasPrefix(q, "static/") {
			static = append(static, q)
		}
	}
	sort.Strings(static)
	switch {
	case len(static) > 0 && e.r.IntN(2) == 0:
		q := static[e.r.IntN(len(static))]
		if e.r.IntN(2) == 0 {
			delete(e.src, q)
		} else {
			e.src[q] = &fstest.MapFile{Data: fmt.Appendf(nil, "/* edit %d */\n%s", n, e.src[q].Data)}
		}
		return []string{q}
	default:
		q := fmt.Sprintf("static/notes/note-%d.txt", n%7)
		e.src[q] = &fstest.MapFile{Data: fmt.Appendf(nil, "Note %d on licensing terms.\n", n)}
		return []string{q}
	}
}

// editPages adds a page (a copy of p under a new name), deletes p, renames
// it, or makes it a bundle with a resource, or a bundle a plain page again
// (bundlePage); both language versions move together.
func editPages(e *editor, p string) []string {
	n := e.r.IntN(1000)
	versions, resources := pageFiles(e, p)
	var changed []string
	switch e.r.IntN(4) {
	case 0: // add
		for _, v := range versions {
			q := renamed(v, fmt.Sprintf("added-%d", n))
			e.src[q] = &fstest.MapFile{Data: titleLine.ReplaceAll(e.src[v].Data, fmt.Appendf(nil, `title = "$1, part %d"`, n))}
			changed = append(changed, q)
		}
	case 1: // delete
		for _, v := range append(versions, resources...) {
			delete(e.src, v)
			changed = append(changed, v)
		}
	case 2: // rename
		to := renamed(p, fmt.Sprintf("renamed-%d", n))
		for _, v := range versions {
			changed = append(changed, move(e, v, renamed(v, fmt.Sprintf("renamed-%d", n)))...)
		}
		for _, r := range resources {
			changed = append(changed, move(e, r, path.Dir(to)+"/"+path.Base(r))...)
		}
	case 3:
		changed = bundlePage(e, p)
	}
	return changed
}

// bundlePage makes a page a bundle, with a resource, or a bundle a plain
// page again, without its resources.
func bundlePage(e *editor, p string) []string {
	versions, resources := pageFiles(e, p)
	var changed []string
	dir, file := path.Split(p)
	if strings.HasPrefix(file, "index.") {
		for _, q := range resources {
			delete(e.src, q)
			changed = append(changed, q)
		}
		for _, v := range versions {
			e.src[v] = &fstest.MapFile{Data: bytes.ReplaceAll(e.src[v].Data, []byte("](../"), []byte("]("))}
			changed = append(changed, move(e, v, strings.TrimSuffix(dir, "/")+strings.TrimPrefix(path.Base(v), "index"))...)
		}
		return changed
	}
	base := strings.TrimSuffix(strings.TrimSuffix(p, ".zh.md"), ".md")
	for _, v := range versions {
		// Its relative links start one folder further down.
		e.src[v] = &fstest.MapFile{Data: relativeLink.ReplaceAll(e.src[v].Data, []byte("](../$1"))}
		changed = append(changed, move(e, v, base+"/index"+strings.TrimPrefix(v, base))...)
	}
	q := base + "/terms.txt"
	e.src[q] = &fstest.MapFile{Data: fmt.Appendf(nil, "Licensing terms, version %d.\n", e.r.IntN(1000))}
	return append(changed, q)
}

var relativeLink = regexp.MustCompile(`\]\(([^)#/:][^):]*\))`)

// pageFiles returns the files of both language versions of a page, and
// the other files of its bundle.
func pageFiles(e *editor, p string) (versions, resources []string) {
	versions = []string{p}
	if _, ok := e.src[twin(p)]; ok {
		versions = append(versions, twin(p))
	}
	if dir, file := path.Split(p); strings.HasPrefix(file, "index.") {
		for q := range e.src {
			if strings.HasPrefix(q, dir) && !slices.Contains(versions, q) {
				resources = append(resources, q)
			}
		}
		sort.Strings(resources)
	}
	return versions, resources
}

func move(e *editor, from, to string) []string {
	e.src[to] = e.src[from]
	delete(e.src, from)
	return []string{from, to}
}

// renamed returns a page's path with a new name, in the same folder and
// language: courses/a.zh.md, "b" → courses/b.zh.md; a bundle's folder is
// renamed.
func renamed(p, name string) string {
	dir, file := path.Split(p)
	if strings.HasPrefix(file, "index.") {
		return path.Dir(strings.TrimSuffix(dir, "/")) + "/" + name + "/" + file
	}
	ext := ".md"
	if strings.HasSuffix(file, ".zh.md") {
		ext = ".zh.md"
	}
	return dir + name + ext
}

var photoLine = regexp.MustCompile(`(?m)^photo = "(.*)"$`)

// editPhoto gives a speaker a photo in static/; for a speaker that has one,
// it changes the photo's bytes or, for a bundle, adds or removes a copy in
// the bundle, which the page then shows instead: its photo's URL changes,
// and nothing in its file.
func editPhoto(e *editor, p string, n int) []string {
	svg := fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg"><!-- %d --></svg>`, n)
	m := photoLine.FindSubmatch(e.src[p].Data)
	if m == nil {
		photo := fmt.Sprintf("img/photo-%d.svg", n%5)
		e.src["static/"+photo] = &fstest.MapFile{Data: svg}
		e.src[p] = &fstest.MapFile{Data: setKey("photo", fmt.Sprintf("%q", photo))(e.src[p].Data)}
		return []string{"static/" + photo, p}
	}
	photo := string(m[1])
	static := "static/" + photo
	changed := []string{static}
	if _, ok := e.src[static]; !ok || !strings.HasPrefix(path.Base(p), "index.") {
		e.src[static] = &fstest.MapFile{Data: svg}
		return changed
	}
	q := path.Join(path.Dir(p), photo)
	if _, ok := e.src[q]; ok {
		delete(e.src, q)
	} else {
		e.src[q] = &fstest.MapFile{Data: svg}
	}
	return append(changed, q)
}
