package render

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"qiao/generator/config"
	"qiao/generator/diag"
	"qiao/generator/site"
)

// partialCached renders a partial once for each distinct list of keys,
// whatever their types, and hands out that HTML to every later call.
func TestPartialCachedKeys(t *testing.T) {
	layouts := fstest.MapFS{
		"partials/item.html": {Data: []byte(`[{{.}}]`)},
		"keys.html": {Data: []byte(`{{partialCached "partials/item.html" "a" "x"}}` +
			`{{partialCached "partials/item.html" "b" "x"}}` + // same key: a's HTML
			`{{partialCached "partials/item.html" "c" "x" "y"}}` +
			`{{partialCached "partials/item.html" "d" "xy"}}` + // not "x" "y"
			`{{partialCached "partials/item.html" "e" true}}` +
			`{{partialCached "partials/item.html" "f" "true"}}` + // a string, same text
			`{{partialCached "partials/item.html" "g" 1}}` +
			`{{partialCached "partials/item.html" "h" 2}}` +
			`{{partialCached "partials/item.html" "i" 2.5}}` +
			`{{partialCached "partials/item.html" "j" 2.5}}` +
			`{{partialCached "partials/item.html" "k"}}` +
			`{{partialCached "partials/item.html" "l"}}`)},
	}
	var diags diag.List
	tmpl := LoadTemplates(layouts, &diags)
	if diags.HasErrors() {
		t.Fatal(diags.Sorted())
	}
	// Pages render in parallel; every one must see the same HTML.
	const want = "[a][a][c][d][e][e][g][h][i][i][k][k]"
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			var b strings.Builder
			if err := tmpl.views["keys.html"].ExecuteTemplate(&b, "keys.html", nil); err != nil {
				t.Error(err)
				return
			}
			if b.String() != want {
				t.Errorf("got %s, want %s", b.String(), want)
			}
		})
	}
	wg.Wait()
}

// entries renders a partial for each listed page, once per listed page and
// language of the listing page.
func TestEntries(t *testing.T) {
	layouts := fstest.MapFS{
		"partials/entry.html": {Data: []byte(`{{.item.Title}} in {{.page.Lang.Code}};`)},
		"list.html":           {Data: []byte(`{{entries "partials/entry.html" .list .pages}}`)},
		"missing.html":        {Data: []byte(`{{entries "partials/nope.html" .list .pages}}`)},
		// An entry that shows another entry of the same page.
		"partials/nested.html": {Data: []byte(`[{{entries "partials/entry.html" .page .item}}]`)},
		"nested.html":          {Data: []byte(`{{entries "partials/nested.html" .list .pages}}`)},
		"one.html":             {Data: []byte(`{{entries "partials/entry.html" .list .one}}`)},
		"bad.html":             {Data: []byte(`{{entries "partials/entry.html" .list "A"}}`)},
	}
	en, zh := &config.Language{Code: "en"}, &config.Language{Code: "zh"}
	a, b := &site.Page{Title: "A", Lang: en}, &site.Page{Title: "B", Lang: zh}
	enList, zhList, enList2 := &site.Page{Lang: en}, &site.Page{Lang: zh}, &site.Page{Lang: en}
	var diags diag.List
	tmpl := LoadTemplates(layouts, &diags)
	if diags.HasErrors() {
		t.Fatal(diags.Sorted())
	}
	render := func(view string, list *site.Page, pages ...*site.Page) (string, error) {
		var s strings.Builder
		data := map[string]any{"list": list, "pages": pages}
		if len(pages) > 0 {
			data["one"] = pages[0]
		}
		err := tmpl.views[view].ExecuteTemplate(&s, view, data)
		return s.String(), err
	}
	for _, c := range []struct {
		list  *site.Page
		pages []*site.Page
		want  string
	}{
		{enList, []*site.Page{a, b}, "A in en;B in en;"},
		{zhList, []*site.Page{b, a}, "B in zh;A in zh;"},
		{enList2, []*site.Page{b}, "B in en;"},
		{enList, nil, ""},
	} {
		if got, err := render("list.html", c.list, c.pages...); err != nil || got != c.want {
			t.Errorf("got %q, %v; want %q", got, err, c.want)
		}
	}
	if got, err := render("nested.html", enList, a, b); err != nil || got != "[A in en;][B in en;]" {
		t.Errorf("entries inside an entry: got %q, %v", got, err)
	}
	if got, err := render("one.html", zhList, a); err != nil || got != "A in zh;" {
		t.Errorf("one page: got %q, %v", got, err)
	}
	if _, err := render("bad.html", enList, a); err == nil || !strings.Contains(err.Error(), "wants a page or a list of pages, not string") {
		t.Errorf("a string to list: %v", err)
	}
	// Within a build an entry is rendered once: a change shows in the next.
	a.Title = "A, revised"
	if got, _ := render("list.html", enList2, a); got != "A in en;" {
		t.Errorf("got %q, want the entry rendered before", got)
	}
	// ForgetEntries lets go of them: the entry is rendered anew.
	tmpl.ForgetEntries()
	if len(tmpl.entries) != 0 {
		t.Errorf("%d entries kept after ForgetEntries", len(tmpl.entries))
	}
	if got, _ := render("list.html", enList2, a); got != "A, revised in en;" {
		t.Errorf("after ForgetEntries: got %q", got)
	}
	a.Title = "A, revised again"
	tmpl = LoadTemplates(layouts, &diags)
	if got, _ := render("list.html", enList2, a); got != "A, revised again in en;" {
		t.Errorf("next build: got %q", got)
	}
	if _, err := render("missing.html", enList, a); err == nil || !strings.Contains(err.Error(), `entries: no template "partials/nope.html"`) {
		t.Errorf("missing partial: %v", err)
	}
	if _, err := render("list.html", nil, a); err == nil || !strings.Contains(err.Error(), `entries: no listing page`) {
		t.Errorf("no listing page: %v", err)
	}
}

func TestFingerprintedName(t *testing.T) {
	data := []byte("body {}\n")
	sum := FingerprintedName("x", data)[2:]
	for source, want := range map[string]string{
		"css/site.css":  "css/site." + sum + ".css",
		"js/app.min.js": "js/app.min." + sum + ".js",
		"LICENSE":       "LICENSE." + sum,
		"img/.nojekyll": "img/.nojekyll." + sum,
		"a.b/c":         "a.b/c." + sum,
		"fonts/x.woff2": "fonts/x." + sum + ".woff2",
	} {
		if got := FingerprintedName(source, data); got != want {
			t.Errorf("FingerprintedName(%q) = %q, want %q", source, got, want)
		}
	}
	if len(sum) != hashLength || FingerprintedName("x", []byte("body {}")) == "x."+sum {
		t.Errorf("hash %q: not %d digits, or the same for other bytes", sum, hashLength)
	}
}

func TestFirstAndLast(t *testing.T) {
	list := []int{1, 2, 3, 4, 5}
	for _, c := range []struct {
		f    func(int, any) (any, error)
		n    int
		want []int
	}{
		{first, 2, []int{1, 2}}, {first, 9, list}, {first, 0, []int{}},
		{last, 2, []int{4, 5}}, {last, 9, list}, {last, 0, []int{}},
	} {
		got, err := c.f(c.n, list)
		if err != nil || !slices.Equal(got.([]int), c.want) {
			t.Errorf("%d of %v: %v, %v; want %v", c.n, list, got, err, c.want)
		}
	}
	if _, err := last(-1, list); err == nil || !strings.Contains(err.Error(), "last: negative count -1") {
		t.Errorf("last -1: %v", err)
	}
	if _, err := first(1, "abc"); err == nil || !strings.Contains(err.Error(), "first: string is not a list") {
		t.Errorf("first of a string: %v", err)
	}
}
