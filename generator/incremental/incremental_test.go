package incremental_test

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"qiao/generator/build"
	"qiao/generator/corpus"
	"qiao/generator/diag"
	"qiao/generator/incremental"
	"qiao/generator/output"
	"qiao/generator/sitetest"
)

// fullBuild builds src from nothing into memory.
func fullBuild(t *testing.T, src fstest.MapFS) *output.Memory {
	t.Helper()
	var d diag.List
	out, _, err := incremental.New(src, build.Options{}).Build(&d)
	if err != nil {
		t.Fatalf("full build: %v\n%v", err, d.Sorted())
	}
	return out
}

func sameOutput(t *testing.T, step string, got, want *output.Memory) {
	t.Helper()
	if g, w := got.Paths(), want.Paths(); !slices.Equal(g, w) {
		t.Fatalf("%s: files differ:\n got %d %v\nwant %d", step, len(g), diffPaths(g, w), len(w))
	}
	for _, p := range want.Paths() {
		a, _ := got.Get(p)
		b, _ := want.Get(p)
		if !bytes.Equal(a, b) {
			t.Fatalf("%s: %s differs from a full build", step, p)
		}
	}
}

func diffPaths(a, b []string) []string {
	var out []string
	for _, p := range a {
		if !slices.Contains(b, p) {
			out = append(out, "+"+p)
		}
	}
	for _, p := range b {
		if !slices.Contains(a, p) {
			out = append(out, "-"+p)
		}
	}
	return out
}

// Random edits of many kinds; after each, the incremental build must equal
// a full build byte for byte, and must have rendered fewer pages. Also
// with a list layout that shows each listed page's body, which the
// signatures must then cover, and with listing entries (kept from build
// to build) that show bodies and front matter.
func TestIncrementalEqualsFullBuild(t *testing.T) {
	t.Run("built-in layouts", func(t *testing.T) { testRandomEdits(t, nil, edits()) })
	t.Run("shipped site", func(t *testing.T) {
		n := testEditSequence(t, sitetest.Shipped(t), siteEdits, edits(), 3)
		t.Logf("%d of %d random edits built", n, edits())
	})
	// A content page that shows counts over a section: the signatures
	// must then cover every page (see render.Templates.ReadsBeyondNeighbours).
	t.Run("content pages show counts", func(t *testing.T) {
		src := corpus.FS(corpus.Generate(20))
		src["layouts/partials/footer.html"] = &fstest.MapFile{Data: []byte(
			`<footer>{{range .Sections}}{{.Title}} {{len .Pages}} {{end}}{{with .TopicsPage}}{{range .Pages}}{{len .Pages}} {{end}}{{end}}</footer>`)}
		testEditSequence(t, src, siteEdits, edits()/2, 4)
	})
	// Lists split into pages of two: edits add and drop pages of a list,
	// and every page of a list reads the whole list.
	t.Run("paginated lists", func(t *testing.T) {
		testEditSequence(t, paginated(corpus.FS(corpus.Generate(20)), 2), siteEdits, edits()/2, 6)
	})
	t.Run("shipped site paginated", func(t *testing.T) {
		testEditSequence(t, paginated(sitetest.Shipped(t), 3), siteEdits, edits()/2, 7)
	})
	// Speakers made bundles and given photos, which may move between the
	// bundle and static/ with nothing in their files changing.
	t.Run("speaker photos", func(t *testing.T) {
		photos := []siteEdit{{name: "bundle", section: "speakers", files: bundlePage}, photoEdit, photoEdit, photoEdit}
		n := testEditSequence(t, corpus.FS(corpus.Generate(10)), photos, edits()/2, 5)
		t.Logf("%d of %d random edits built", n, edits()/2)
	})
	// Each kind of edit on its own, so that a failure names the kind: 4
	// edits of each by default, 2 under -race.
	for i, e := range siteEdits {
		t.Run("shipped site/"+e.name, func(t *testing.T) {
			testEditSequence(t, sitetest.Shipped(t), []siteEdit{e}, max(2, edits()/25), uint64(10+i))
		})
	}
	t.Run("lists show bodies", func(t *testing.T) {
		testRandomEdits(t, fstest.MapFS{"layouts/_default/list.html": {Data: []byte(
			`{{define "main"}}<h1>{{.Title}}</h1>{{range .Pages}}<section>{{.Content}}</section>{{end}}{{end}}`)}}, edits()/2)
	})
	t.Run("entries show bodies", func(t *testing.T) {
		testRandomEdits(t, fstest.MapFS{"layouts/partials/listing-item.html": {Data: []byte(
			`<li><a href="{{.item.RelPermalink}}">{{.item.Title}}</a> {{with .item.File}}{{.Topics}} {{.Date}}{{end}}{{.item.Content}}</li>`)}}, edits()/2)
	})
	// Entries that show the names of the pages their page's links lead
	// to: a course's speakers' other courses.
	t.Run("entries show links of links", func(t *testing.T) {
		src := corpus.FS(corpus.Generate(40))
		src["layouts/partials/listing-item.html"] = &fstest.MapFile{Data: []byte(
			`<li><a href="{{.item.RelPermalink}}">{{.item.Title}}</a>{{range .item.Speakers}} {{.Title}}:{{range .Courses}} {{.Title}}{{end}}{{end}}</li>`)}
		testEditSequence(t, src, siteEdits, edits()/2, 6)
	})
}

// A layout edit reaches every listing entry, though no page changed,
// whether or not the caller says which file changed: the engine notices.
func TestIncrementalLayoutEditReachesEntries(t *testing.T) {
	src := corpus.FS(corpus.Generate(20))
	inc := started(t, src)
	var d diag.List
	const item = "layouts/partials/listing-item.html"
	src[item] = &fstest.MapFile{Data: []byte(`<li class="edited"><a href="{{.item.RelPermalink}}">{{.item.Title}}</a></li>`)}
	out, _, err := inc.Build(&d)
	if err != nil {
		t.Fatal(err, d.Sorted())
	}
	if list, _ := out.Get("cases/index.html"); !bytes.Contains(list, []byte(`<li class="edited">`)) {
		t.Errorf("the case list does not show the edited entries:\n%s", list)
	}
	sameOutput(t, "layout edit", out, fullBuild(t, src))
}

// editSteps is how many random edits TestIncrementalEqualsFullBuild makes
// of each site: go test -run IncrementalEqualsFullBuild -edits 2000.
// Under -race it is raceEdits.
var editSteps = flag.Int("edits", 100, "random edits of each site in TestIncrementalEqualsFullBuild")

func edits() int {
	if raceEdits > 0 && !flagSet("edits") {
		return raceEdits
	}
	return *editSteps
}

func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func testRandomEdits(t *testing.T, layouts fstest.MapFS, steps int) {
	seq := corpus.FS(corpus.Generate(40))
	maps.Copy(seq, layouts)
	n := testEditSequence(t, seq, siteEdits, steps, 1)
	t.Logf("%d of %d random edits built", n, steps)

	src := corpus.FS(corpus.Generate(40))
	maps.Copy(src, layouts)
	inc := started(t, src)
	var d diag.List
	var names []string
	for p := range src {
		if strings.HasPrefix(p, "content/") && strings.HasSuffix(p, ".md") && !strings.Contains(p, "_index") {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	r := rand.New(rand.NewPCG(1, 2))
	title := regexp.MustCompile(`(?m)^title = "(.*)"$`)
	edits := []struct {
		name  string
		apply func(path string, b []byte) []byte
	}{
		{"body", func(_ string, b []byte) []byte {
			return append(b, []byte("\nOne more paragraph about licensing.\n")...)
		}},
		{"title", func(_ string, b []byte) []byte { return title.ReplaceAll(b, []byte(`title = "$1 (revised)"`)) }},
		{"weight", func(_ string, b []byte) []byte {
			return bytes.Replace(b, []byte("+++\n"), []byte("+++\nweight = 1\n"), 1)
		}},
		{"slug", func(p string, b []byte) []byte {
			return bytes.Replace(b, []byte("+++\n"), []byte(fmt.Sprintf("+++\nslug = \"moved-%d\"\n", len(p))), 1)
		}},
		{"topics", func(_ string, b []byte) []byte {
			return regexp.MustCompile(`(?m)^topics = .*$`).ReplaceAll(b, []byte(`topics = ["policy"]`))
		}},
	}
	failed := false // the step before: its build dropped the page graph
	for step := range 12 {
		e := edits[step%len(edits)]
		p := names[r.IntN(len(names))]
		before := src[p].Data
		data := e.apply(p, before)
		unchanged := bytes.Equal(data, before) // an edit may find nothing to change
		src[p] = &fstest.MapFile{Data: data}
		inc.Changed([]string{p}) // as the preview server's watcher does
		var d diag.List
		out, st, err := inc.Build(&d)
		if err != nil {
			// An edit may make the site invalid (a slug clash); a full build
			// must fail the same way. The editor undoes it, and the
			// incremental builds go on.
			var fd diag.List
			if _, _, ferr := incremental.New(src, build.Options{}).Build(&fd); ferr == nil {
				t.Fatalf("step %d (%s %s): incremental failed, full did not: %v", step, e.name, p, d.Sorted())
			}
			src[p] = &fstest.MapFile{Data: before}
			inc.Changed([]string{p})
			failed = true
			continue
		}
		sameOutput(t, fmt.Sprintf("step %d (%s %s)", step, e.name, p), out, fullBuild(t, src))
		afterFailure := failed
		failed = false
		if st.Reused == 0 {
			t.Errorf("step %d (%s): nothing reused (%d rendered)", step, e.name, st.Rendered)
		}
		if want := (e.name == "body" || unchanged) && !afterFailure; st.Kept != want {
			t.Errorf("step %d (%s): page graph kept = %v, want %v", step, e.name, st.Kept, want)
		}
	}
	// Adding and deleting pages.
	src["content/cases/new-case.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"New case\"\nyear = 2026\nrelated = [\"" + strings.TrimSuffix(strings.TrimPrefix(names[0], "content/"), ".md") + "\"]\n+++\nNew.\n")}
	inc.Changed([]string{"content/cases/new-case.md"})
	out, _, err := inc.Build(&d)
	if err != nil {
		t.Fatal(err, d.Sorted())
	}
	sameOutput(t, "add", out, fullBuild(t, src))
	delete(src, "content/cases/new-case.md")
	inc.Changed([]string{"content/cases/new-case.md"})
	out, _, err = inc.Build(&d)
	if err != nil {
		t.Fatal(err, d.Sorted())
	}
	sameOutput(t, "delete", out, fullBuild(t, src))
}

// A page without a summary in its front matter takes it from its body;
// with the page graph kept, an edit of the first paragraph must still
// reach the lists that show the summary.
func TestIncrementalBodyEditUpdatesTheSummary(t *testing.T) {
	src := corpus.FS(corpus.Generate(40))
	p := "content/cases/k-00003.md"
	summaryLine := regexp.MustCompile(`(?m)^summary = .*\n`)
	src[p] = &fstest.MapFile{Data: summaryLine.ReplaceAll(src[p].Data, nil)}
	inc := started(t, src)
	var d diag.List
	for i, lead := range []string{"A first paragraph that lists show.", "Another first paragraph."} {
		src[p] = &fstest.MapFile{Data: bytes.Replace(src[p].Data, []byte("+++\n\n"), []byte("+++\n\n"+lead+"\n\n"), 1)}
		inc.Changed([]string{p})
		out, st, err := inc.Build(&d)
		if err != nil {
			t.Fatal(err, d.Sorted())
		}
		if !st.Kept {
			t.Errorf("edit %d: the page graph was made again for a body edit", i)
		}
		if list, _ := out.Get("cases/index.html"); !bytes.Contains(list, []byte(lead)) {
			t.Errorf("edit %d: the case list does not show the new summary %q", i, lead)
		}
		sameOutput(t, fmt.Sprintf("edit %d", i), out, fullBuild(t, src))
	}
}

// A body edit that leaves the summary as it was renders the edited page
// and the home pages (always), and no page that lists or cites it: the
// built-in layouts show no other page's body.
func TestIncrementalRendersLittle(t *testing.T) {
	src := corpus.FS(corpus.Generate(100))
	inc := incremental.New(src, build.Options{})
	var d diag.List
	_, first, err := inc.Build(&d)
	if err != nil {
		t.Fatal(err)
	}
	p := "content/cases/k-00003.md"
	for i, watched := range []bool{false, true} {
		src[p] = &fstest.MapFile{Data: fmt.Appendf(bytes.Clone(src[p].Data), "\nA new closing paragraph, %d.\n", i)}
		if watched {
			inc.Changed([]string{p})
		}
		out, st, err := inc.Build(&d)
		if err != nil {
			t.Fatal(err)
		}
		if st.Rendered != 3 || st.Rendered+st.Reused != first.Rendered {
			t.Errorf("watched=%v: rendered %d, reused %d of %d pages; want the page and two home pages rendered", watched, st.Rendered, st.Reused, first.Rendered)
		}
		if page, _ := out.Get("cases/k-00003/index.html"); !bytes.Contains(page, fmt.Appendf(nil, "A new closing paragraph, %d.", i)) {
			t.Errorf("watched=%v: the edited page does not show the edit", watched)
		}
		sameOutput(t, fmt.Sprintf("watched=%v", watched), out, fullBuild(t, src))
	}
}

// The shipped site's own layouts: after edits of every kind to its pages,
// the incremental output equals a full build, whether or not the builder
// is told which files changed.
func TestIncrementalEqualsFullBuildOnTheShippedSite(t *testing.T) {
	for _, watched := range []bool{false, true} {
		t.Run(fmt.Sprintf("watched=%v", watched), func(t *testing.T) { testShippedSiteEdits(t, watched) })
	}
}

func testShippedSiteEdits(t *testing.T, watched bool) {
	src := sitetest.Shipped(t)
	inc := started(t, src)
	var names []string
	for p := range src {
		if strings.HasPrefix(p, "content/") && strings.HasSuffix(p, ".md") {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	title := regexp.MustCompile(`(?m)^title = "(.*)"$`)
	summary := regexp.MustCompile(`(?m)^summary = "(.*)"$`)
	weight := regexp.MustCompile(`(?m)^weight = .*$`)
	for i, p := range names {
		if i%3 != 0 {
			continue
		}
		data, before := src[p].Data, src[p].Data
		switch i % 4 {
		case 0:
			data = title.ReplaceAll(data, []byte(`title = "$1 (rev)"`))
		case 1:
			data = summary.ReplaceAll(data, []byte(`summary = "$1 Revised."`))
		case 2:
			data = append(bytes.Clone(data), "\nA closing note.\n"...)
		case 3:
			data = weight.ReplaceAll(data, []byte(`weight = 99`))
		}
		src[p] = &fstest.MapFile{Data: data}
		if watched {
			inc.Changed([]string{p})
		}
		var d diag.List
		out, st, err := inc.Build(&d)
		if err != nil {
			t.Fatalf("%s: %v %v", p, err, d.Sorted())
		}
		sameOutput(t, "edit "+p, out, fullBuild(t, src))
		if want := watched && (i%4 == 2 || bytes.Equal(data, before)); st.Kept != want {
			t.Errorf("%s: page graph kept = %v, want %v", p, st.Kept, want)
		}
	}
}

// The shipped footer finds the about page by name ({{.Ref "about"}}) on
// every page: a title edit of a case renders the pages that show it, not
// every content page, for what a page reads is recorded
// (render.NamedReads); a title edit of the about page renders every page
// in its language.
func TestIncrementalFrontMatterEditOnTheShippedSite(t *testing.T) {
	src := sitetest.Shipped(t)
	inc := incremental.New(src, build.Options{})
	var d diag.List
	_, first, err := inc.Build(&d)
	if err != nil {
		t.Fatal(err, d.Sorted())
	}
	title := regexp.MustCompile(`(?m)^title = "(.*)"$`)
	var rendered []int
	for _, c := range []struct{ path string }{{"content/cases/corerain.md"}, {"content/about.md"}} {
		if src[c.path] == nil {
			t.Fatalf("the shipped site has no %s", c.path)
		}
		src[c.path] = &fstest.MapFile{Data: title.ReplaceAll(src[c.path].Data, []byte(`title = "$1 (rev)"`))}
		inc.Changed([]string{c.path})
		out, st, err := inc.Build(&d)
		if err != nil {
			t.Fatal(err, d.Sorted())
		}
		sameOutput(t, c.path, out, fullBuild(t, src))
		t.Logf("%s: rendered %d, reused %d of %d pages", c.path, st.Rendered, st.Reused, first.Rendered)
		rendered = append(rendered, st.Rendered)
	}
	if rendered[0] >= first.Rendered || rendered[1] <= rendered[0] {
		t.Errorf("rendered %d pages for a case's title, %d for the about page's, of %d: want fewer than all for the case, more for the about page", rendered[0], rendered[1], first.Rendered)
	}
}

// An edit of site.toml reaches every page and body though the caller does
// not say so: the engine notices (see Incremental.Reset).
func TestIncrementalNoticesSiteTOML(t *testing.T) {
	src := corpus.FS(corpus.Generate(20))
	inc := started(t, src)
	var d diag.List
	cfg := string(src["site.toml"].Data)
	for i, edit := range []func(string) string{
		func(s string) string { return titleLine.ReplaceAllString(s, `title = "$1, revised"`) },
		toggleLanguage,
	} {
		cfg = edit(cfg)
		src["site.toml"] = &fstest.MapFile{Data: []byte(cfg)}
		out, st, err := inc.Build(&d)
		if err != nil {
			t.Fatal(err, d.Sorted())
		}
		if st.Reused != 0 {
			t.Errorf("edit %d: %d pages reused after site.toml changed", i, st.Reused)
		}
		sameOutput(t, fmt.Sprintf("site.toml edit %d", i), out, fullBuild(t, src))
		if _, ok := out.Get("fr/index.html"); ok != (i == 1) {
			t.Errorf("edit %d: a French home page = %v", i, ok)
		}
	}
}

// paginated returns src with lists split into pages of size.
func paginated(src fstest.MapFS, size int) fstest.MapFS {
	toml := string(src["site.toml"].Data) + fmt.Sprintf("\n[pagination]\npageSize = %d\n", size)
	src["site.toml"] = &fstest.MapFile{Data: []byte(toml)}
	return src
}

// started returns an incremental builder of src after its first build,
// which must succeed.
func started(t testing.TB, src fs.FS) *incremental.Incremental {
	t.Helper()
	inc := incremental.New(src, build.Options{})
	var d diag.List
	if _, _, err := inc.Build(&d); err != nil {
		t.Fatal(err, d.Sorted())
	}
	return inc
}
