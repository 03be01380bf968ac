package render

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"qiao/generator/diag"
)

func TestShowsOtherBodies(t *testing.T) {
	tests := []struct {
		name    string
		layouts map[string]string
		want    bool
	}{
		{"built-in layouts", nil, false},
		{"own content and TOC", map[string]string{
			"_default/single.html": `{{define "main"}}{{.Content}}{{range .TOC}}{{.Text}}{{end}}{{with .Content}}{{.}}{{end}}{{$.Hash}}{{end}}`,
		}, false},
		{"own content in a partial called with the page", map[string]string{
			"_default/single.html": `{{define "main"}}{{template "partials/body.html" .}}{{with .}}{{template "partials/body.html" $}}{{end}}{{end}}`,
			"partials/body.html":   `{{.Content}}`,
		}, false},
		{"own content in a cached partial", map[string]string{
			"_default/single.html": `{{define "main"}}{{partialCached "partials/body.html" . .URL}}{{end}}`,
			"partials/body.html":   `{{.Content}}`,
		}, false},
		{"summaries and titles of other pages", map[string]string{
			"_default/list.html": `{{define "main"}}{{range .Pages}}{{.Title}}{{.Summary}}{{end}}{{.Home.Title}}{{end}}`,
		}, false},
		{"a listed page's content", map[string]string{
			"_default/list.html": `{{define "main"}}{{range .Pages}}{{.Content}}{{end}}{{end}}`,
		}, true},
		{"a field of another page", map[string]string{
			"_default/single.html": `{{define "main"}}{{.XDefault.Content}}{{end}}`,
		}, true},
		{"inside with of another page", map[string]string{
			"_default/single.html": `{{define "main"}}{{with .SectionPage}}{{len .TOC}}{{end}}{{end}}`,
		}, true},
		{"through a chain", map[string]string{
			"_default/list.html": `{{define "main"}}{{(index .Pages 0).Body}}{{end}}`,
		}, true},
		{"through a variable", map[string]string{
			"_default/list.html": `{{define "main"}}{{range $p := .Pages}}{{$p.Content}}{{end}}{{end}}`,
		}, true},
		{"a partial called with a dict", map[string]string{
			"_default/list.html": `{{define "main"}}{{template "partials/card.html" (dict "page" .)}}{{end}}`,
			"partials/card.html": `{{.page.Content}}`,
		}, true},
		{"a partial called inside range", map[string]string{
			"_default/list.html": `{{define "main"}}{{range .Pages}}{{template "partials/body.html" .}}{{end}}{{end}}`,
			"partials/body.html": `{{.Content}}`,
		}, true},
		{"a cached partial of another page", map[string]string{
			"_default/list.html": `{{define "main"}}{{partialCached "partials/body.html" (index .Pages 0) "first"}}{{end}}`,
			"partials/body.html": `{{.Content}}`,
		}, true},
		{"entries of listed pages' summaries", map[string]string{
			"_default/list.html": `{{define "main"}}{{entries "partials/e.html" . .Pages}}{{end}}`,
			"partials/e.html":    `{{.item.Summary}}{{.page.Title}}`,
		}, false},
		{"entries of listed pages' bodies", map[string]string{
			"_default/list.html": `{{define "main"}}{{entries "partials/e.html" . .Pages}}{{end}}`,
			"partials/e.html":    `{{with .item}}{{.Content}}{{end}}`,
		}, true},
		{"a cached partial fed by a pipeline", map[string]string{
			"_default/list.html": `{{define "main"}}{{index .Pages 0 | partialCached "partials/body.html"}}{{end}}`,
			"partials/body.html": `{{.Content}}`,
		}, true},
		{"the base layout", map[string]string{
			"_default/baseof.html": `{{.Home.Hash}}{{block "main" .}}{{end}}`,
		}, true},
		{"a partial of a partial", map[string]string{
			"_default/single.html": `{{define "main"}}{{template "partials/a.html" .}}{{end}}`,
			"partials/a.html":      `{{range .Related}}{{template "partials/b.html" .}}{{end}}{{template "partials/a.html" .}}`,
			"partials/b.html":      `{{.TOC}}`,
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var layouts fstest.MapFS
			if tt.layouts != nil {
				layouts = fstest.MapFS{}
				for name, src := range tt.layouts {
					layouts[name] = &fstest.MapFile{Data: []byte(src)}
				}
			}
			var diags diag.List
			tmpl := LoadTemplates(layouts, &diags)
			if diags.HasErrors() {
				t.Fatal(diags.Sorted())
			}
			if got := tmpl.ShowsOtherBodies(); got != tt.want {
				t.Errorf("ShowsOtherBodies() = %v, want %v", got, tt.want)
			}
		})
	}
}

// The shipped site's layouts show no other page's body: editing a body in
// the preview server renders only that page and the home pages again.
func TestShippedLayoutsShowNoOtherBodies(t *testing.T) {
	var diags diag.List
	tmpl := LoadTemplates(os.DirFS("../../layouts"), &diags)
	if diags.HasErrors() {
		t.Fatal(diags.Sorted())
	}
	if tmpl.ShowsOtherBodies() {
		t.Error("ShowsOtherBodies() = true for the shipped layouts")
	}
}

// Any layout that parses can be analysed, and one that names no body field
// shows no other page's body (the built-in layouts show none), unless it
// runs a partial it names only at run time.
func FuzzShowsOtherBodies(f *testing.F) {
	for _, seed := range []string{
		`{{define "main"}}{{range .Pages}}{{.Content}}{{end}}{{end}}`,
		`{{define "main"}}{{with $x := .Home}}{{$x.TOC}}{{else with .}}{{.Body}}{{end}}{{end}}`,
		`{{define "main"}}{{template "partials/x.html" (dict "a" .)}}{{partialCached "partials/y.html" . 1 true}}{{end}}{{define "partials/x.html"}}{{.a.Hash}}{{template "partials/x.html" .}}{{end}}`,
		`{{define "main"}}{{range $i, $p := .Pages}}{{if $i}}{{break}}{{end}}{{($p).Title}}{{end}}{{end}}`,
		`{{block "main" .Home}}{{partialCached .Title . }}{{end}}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var diags diag.List
		tmpl := LoadTemplates(fstest.MapFS{"_default/single.html": {Data: []byte(src)}}, &diags)
		got := tmpl.ShowsOtherBodies()
		if diags.HasErrors() {
			return
		}
		named := strings.Contains(src, "partialCached") || strings.Contains(src, "entries")
		for field, r := range PageReads {
			named = named || r.Kind == FromBody && strings.Contains(src, field)
		}
		if got && !named {
			t.Errorf("ShowsOtherBodies() = true for a layout that names no body field:\n%s", src)
		}
	})
}
