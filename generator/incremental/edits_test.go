package incremental_test

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"qiao/generator/build"
	"qiao/generator/diag"
	"qiao/generator/incremental"
)

// siteEdit is one kind of edit an editor makes to a site: make picks what
// to change (the same for both language versions of a page), and the edit
// applies to pages of section only ("" for any page).
type siteEdit struct {
	name    string
	section string
	make    func(e *editor) func([]byte) []byte
	// files, instead of make, changes files (draft toggles, translations
	// added and removed) and returns their paths.
	files func(e *editor, p string) []string
}

// editor holds what random edits choose from: the names a site's pages
// can refer to.
type editor struct {
	src                       fstest.MapFS
	r                         *rand.Rand
	topics, speakers, courses []string
	removed                   map[string][]byte // translations deleted, to add again
}

func newEditor(src fstest.MapFS, seed uint64) *editor {
	e := &editor{src: src, r: rand.New(rand.NewPCG(seed, 2)), removed: map[string][]byte{}}
	for _, m := range regexp.MustCompile(`(?m)^\[topics\.([^\]]+)\]`).FindAllSubmatch(src["site.toml"].Data, -1) {
		e.topics = append(e.topics, string(m[1]))
	}
	for p := range src {
		name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(p, "content/"), ".md"), "/index")
		if strings.Contains(name, ".") || strings.HasSuffix(name, "_index") {
			continue // a translation or a section's text
		}
		switch {
		case strings.HasPrefix(name, "speakers/"):
			e.speakers = append(e.speakers, strings.TrimPrefix(name, "speakers/"))
		case strings.HasPrefix(name, "courses/"):
			e.courses = append(e.courses, strings.TrimPrefix(name, "courses/"))
		}
	}
	sort.Strings(e.speakers)
	sort.Strings(e.courses)
	return e
}

// some returns a TOML array of up to n random items of list.
func (e *editor) some(list []string, n int) string {
	var out []string
	for range e.r.IntN(n + 1) {
		if len(list) == 0 {
			break
		}
		q := fmt.Sprintf("%q", list[e.r.IntN(len(list))])
		if !slices.Contains(out, q) {
			out = append(out, q)
		}
	}
	return "[" + strings.Join(out, ", ") + "]"
}

func (e *editor) oneOf(list ...string) string { return fmt.Sprintf("%q", list[e.r.IntN(len(list))]) }

// frontParts splits a page's file into its top-level front matter keys,
// its tables ([[modules]], [[sessions]] …) and the closing +++ with the
// body; ok is false when it has no TOML front matter.
func frontParts(b []byte) (top, tables, rest string, ok bool) {
	s := string(b)
	if !strings.HasPrefix(s, "+++\n") {
		return "", "", "", false
	}
	end := strings.Index(s[4:], "\n+++")
	if end < 0 {
		return "", "", "", false
	}
	fm, rest := s[4:4+end+1], s[4+end+1:]
	if k := strings.Index(fm, "\n["); k >= 0 {
		return fm[:k+1], fm[k+1:], rest, true
	}
	return fm, "", rest, true
}

// setKey sets a top-level front matter key to a TOML value, adding it
// when the page has none.
func setKey(key, value string) func([]byte) []byte {
	line := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(key) + ` = .*$`)
	return func(b []byte) []byte {
		top, tables, rest, ok := frontParts(b)
		if !ok {
			return b
		}
		if line.MatchString(top) {
			top = line.ReplaceAllLiteralString(top, key+" = "+value)
		} else {
			top = key + " = " + value + "\n" + top
		}
		return []byte("+++\n" + top + tables + rest)
	}
}

var hoursLine = regexp.MustCompile(`(?m)^hours = ([0-9.]+)$`)

// addHours adds d hours to a course and to its first module, which must
// add up.
func addHours(d int) func([]byte) []byte {
	return func(b []byte) []byte {
		top, tables, rest, ok := frontParts(b)
		if !ok {
			return b
		}
		bump := func(s string) string {
			m := hoursLine.FindStringSubmatchIndex(s)
			if m == nil {
				return s
			}
			var h float64
			fmt.Sscan(s[m[2]:m[3]], &h)
			return s[:m[2]] + fmt.Sprint(h+float64(d)) + s[m[3]:]
		}
		return []byte("+++\n" + bump(top) + bump(tables) + rest)
	}
}

// toggleSessions removes a course's sessions, or gives it one.
func toggleSessions(day int) func([]byte) []byte {
	return func(b []byte) []byte {
		top, tables, rest, ok := frontParts(b)
		if !ok {
			return b
		}
		if !strings.Contains(tables, "[[sessions]]") {
			tables += fmt.Sprintf("\n[[sessions]]\nstart = 2031-03-%02dT09:00:00+08:00\nend = 2031-03-%02dT17:00:00+08:00\nlocation = \"Futian, Shenzhen\"\nseats = %d\n", day, day+1, 10+day)
			return []byte("+++\n" + top + tables + rest)
		}
		var kept []string
		skip := false
		for _, l := range strings.SplitAfter(tables, "\n") {
			if strings.HasPrefix(l, "[") {
				skip = strings.HasPrefix(l, "[[sessions]]")
			}
			if !skip {
				kept = append(kept, l)
			}
		}
		return []byte("+++\n" + top + strings.Join(kept, "") + rest)
	}
}

var titleLine = regexp.MustCompile(`(?m)^title = "(.*)"$`)

// siteEdits are the edits random sequences are made of: every front matter
// field of the typed sections, enums and lists included, titles, bodies,
// draft toggles, translations added and removed, and (edits_site_test.go)
// layouts and partials, site.toml, static files, pages added, deleted,
// renamed and made bundles.
var siteEdits = []siteEdit{
	{name: "body", make: func(e *editor) func([]byte) []byte {
		n := e.r.IntN(1000)
		return func(b []byte) []byte {
			return fmt.Appendf(bytes.Clone(b), "\nOne more paragraph about licensing, %d.\n", n)
		}
	}},
	{name: "first paragraph", make: func(e *editor) func([]byte) []byte {
		n := e.r.IntN(1000)
		return func(b []byte) []byte {
			return bytes.Replace(b, []byte("\n+++\n"), fmt.Appendf(nil, "\n+++\n\nA new first paragraph, %d.\n", n), 1)
		}
	}},
	{name: "title", make: func(e *editor) func([]byte) []byte {
		n := e.r.IntN(1000)
		return func(b []byte) []byte { return titleLine.ReplaceAll(b, fmt.Appendf(nil, `title = "$1 (%d)"`, n)) }
	}},
	{name: "summary", make: func(e *editor) func([]byte) []byte {
		return setKey("summary", fmt.Sprintf(`"A revised summary, %d."`, e.r.IntN(1000)))
	}},
	{name: "weight", make: func(e *editor) func([]byte) []byte { return setKey("weight", fmt.Sprint(e.r.IntN(5))) }},
	{name: "date", make: func(e *editor) func([]byte) []byte {
		return setKey("date", fmt.Sprintf("20%02d-%02d-01", 10+e.r.IntN(16), 1+e.r.IntN(12)))
	}},
	{name: "slug", make: func(e *editor) func([]byte) []byte { return setKey("slug", fmt.Sprintf(`"moved-%d"`, e.r.IntN(1000))) }},
	{name: "topics", make: func(e *editor) func([]byte) []byte { return setKey("topics", e.some(e.topics, 3)) }},
	{name: "format", section: "courses", make: func(e *editor) func([]byte) []byte {
		return setKey("format", e.oneOf("in-person", "online", "hybrid"))
	}},
	{name: "level", section: "courses", make: func(e *editor) func([]byte) []byte {
		return setKey("level", e.oneOf("foundation", "intermediate", "advanced"))
	}},
	{name: "speakers", section: "courses", make: func(e *editor) func([]byte) []byte { return setKey("speakers", e.some(e.speakers, 3)) }},
	{name: "prerequisites", section: "courses", make: func(e *editor) func([]byte) []byte {
		return setKey("prerequisites", e.some(e.courses, 2))
	}},
	{name: "certificates", section: "courses", make: func(e *editor) func([]byte) []byte {
		return setKey("certificates", e.some([]string{"Technology Manager", "Patent Agent", "Licensing Professional"}, 2))
	}},
	{name: "language", section: "courses", make: func(e *editor) func([]byte) []byte { return setKey("language", e.oneOf("en", "zh")) }},
	{name: "hours", section: "courses", make: func(e *editor) func([]byte) []byte { return addHours(1 + e.r.IntN(3)) }},
	{name: "sessions", section: "courses", make: func(e *editor) func([]byte) []byte { return toggleSessions(1 + e.r.IntN(20)) }},
	{name: "status", section: "policies", make: func(e *editor) func([]byte) []byte {
		return setKey("status", e.oneOf("in-force", "amended", "repealed"))
	}},
	{name: "jurisdiction", section: "policies", make: func(e *editor) func([]byte) []byte {
		return setKey("jurisdiction", e.oneOf("international", "national", "guangdong", "shenzhen", "hong-kong"))
	}},
	{name: "year", section: "cases", make: func(e *editor) func([]byte) []byte { return setKey("year", fmt.Sprint(2000+e.r.IntN(26))) }},
	{name: "region", section: "cases", make: func(e *editor) func([]byte) []byte {
		return setKey("region", e.oneOf("Shenzhen", "Hong Kong", "Guangzhou → Shenzhen"))
	}},
	{name: "draft", files: func(e *editor, p string) []string {
		b := e.src[p].Data
		if bytes.Contains(b, []byte("\ndraft = true\n")) {
			e.src[p] = &fstest.MapFile{Data: bytes.Replace(b, []byte("\ndraft = true\n"), []byte("\n"), 1)}
		} else {
			e.src[p] = &fstest.MapFile{Data: setKey("draft", "true")(b)}
		}
		return []string{p}
	}},
	{name: "translation", files: func(e *editor, p string) []string {
		def := strings.Replace(p, ".zh.md", ".md", 1)
		zh := strings.TrimSuffix(def, ".md") + ".zh.md"
		if f, ok := e.src[zh]; ok {
			e.removed[zh] = f.Data
			delete(e.src, zh)
		} else if b, ok := e.removed[zh]; ok {
			e.src[zh] = &fstest.MapFile{Data: b}
		} else if f, ok := e.src[def]; ok {
			e.src[zh] = &fstest.MapFile{Data: f.Data}
		} else {
			return nil
		}
		return []string{zh}
	}},
	{name: "layout", files: editLayout},
	{name: "site.toml", files: editConfig},
	{name: "static", files: editStatic},
	{name: "pages", files: editPages},
	{name: "bundle", files: bundlePage},
	photoEdit,
}

var photoEdit = siteEdit{name: "photo", section: "speakers", files: func(e *editor, p string) []string { return editPhoto(e, p, e.r.IntN(1000)) }}

// twin returns the other language's version of a page's file.
func twin(p string) string {
	if strings.HasSuffix(p, ".zh.md") {
		return strings.TrimSuffix(p, ".zh.md") + ".md"
	}
	return strings.TrimSuffix(p, ".md") + ".zh.md"
}

// testEditSequence makes steps random edits of src, each of a kind in
// edits taken in turn, to random pages; after each, the incremental
// build must equal a full build byte for byte. An edit that makes the
// site invalid must fail the full build too; it is undone, as an editor
// would. It returns how many steps built.
func testEditSequence(t *testing.T, src fstest.MapFS, edits []siteEdit, steps int, seed uint64) int {
	t.Helper()
	inc := started(t, src)
	e := newEditor(src, seed)
	built := 0
	failed := false // the step before failed, and dropped the page graph
	layoutsEdited := false
	for step := range steps {
		edit := edits[step%len(edits)]
		var pages []string
		for p := range src {
			if !strings.HasPrefix(p, "content/") || path.Ext(p) != ".md" {
				continue
			}
			typed := edit.section != "" || edit.files != nil || edit.name == "slug"
			if typed && strings.Contains(p, "_index") {
				continue
			}
			if edit.section != "" && !strings.HasPrefix(p, "content/"+edit.section+"/") {
				continue
			}
			pages = append(pages, p)
		}
		if len(pages) == 0 {
			continue
		}
		sort.Strings(pages)
		p := pages[e.r.IntN(len(pages))]
		before := map[string]*fstest.MapFile{}
		save := func(q string) {
			if _, ok := before[q]; !ok {
				before[q] = src[q]
			}
		}
		var changed []string
		if edit.files != nil {
			snapshot := maps.Clone(src)
			changed = edit.files(e, p)
			for _, q := range changed {
				before[q] = snapshot[q]
			}
		} else {
			apply := edit.make(e)
			targets := []string{p}
			if _, ok := src[twin(p)]; ok && e.r.IntN(2) == 0 {
				targets = append(targets, twin(p)) // both languages
			}
			for _, q := range targets {
				save(q)
				src[q] = &fstest.MapFile{Data: apply(src[q].Data)}
				changed = append(changed, q)
			}
		}
		unchanged := true
		for q, f := range before {
			if g := src[q]; (f == nil) != (g == nil) || f != nil && !bytes.Equal(f.Data, g.Data) {
				unchanged = false
			}
		}
		name := fmt.Sprintf("step %d (%s %s)", step, edit.name, p)
		inc.Changed(changed)
		var d diag.List
		out, st, err := inc.Build(&d)
		if err != nil {
			var fd diag.List
			if _, _, ferr := incremental.New(src, build.Options{}).Build(&fd); ferr == nil {
				t.Fatalf("%s: incremental failed, full did not: %v", name, d.Sorted())
			}
			for q, f := range before {
				if f == nil {
					delete(src, q)
				} else {
					src[q] = f
				}
			}
			inc.Changed(changed)
			if testing.Verbose() {
				t.Logf("%s: undone: %v", name, d.Sorted()[0])
			}
			failed = true
			continue
		}
		built++
		sameOutput(t, name, out, fullBuild(t, src))
		for _, q := range changed {
			// An edited layout may read anything of any page, so that a
			// body edit renders every page.
			layoutsEdited = layoutsEdited || strings.HasPrefix(q, "layouts/")
		}
		if st.Kept && st.Reused == 0 && !layoutsEdited {
			t.Errorf("%s: nothing reused (%d rendered) though only bodies changed", name, st.Rendered)
		}
		if edit.name == "body" && !failed && !unchanged && !st.Kept {
			t.Errorf("%s: the page graph was made again for a body edit", name)
		}
		failed = false
	}
	return built
}
