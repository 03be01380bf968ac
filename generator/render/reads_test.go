package render

import (
	"reflect"
	"slices"
	"testing"
	"testing/fstest"

	"qiao/generator/diag"
	"qiao/generator/site"
)

// TestPageReadsCoverEveryField fails when a page has a field or method, its
// own or its file's, that PageReads does not declare: the preview server
// could not know when what a layout reads of it changes.
func TestPageReadsCoverEveryField(t *testing.T) {
	names := map[string]bool{}
	for _, f := range reflect.VisibleFields(reflect.TypeFor[site.Page]()) {
		if f.IsExported() {
			names[f.Name] = true
		}
	}
	pt := reflect.TypeFor[*site.Page]()
	for i := range pt.NumMethod() {
		names[pt.Method(i).Name] = true
	}
	for _, must := range []string{"Title", "File", "Speakers", "Path", "FrontHash", "Course", "Ref", "Translations"} {
		if !names[must] {
			t.Fatalf("the page's names, as reflection finds them, lack %s: %v", must, names)
		}
	}
	for name := range names {
		if _, ok := PageReads[name]; !ok {
			t.Errorf("site.Page has %s, which PageReads does not declare: say what decides its value", name)
		}
	}
	for name, r := range PageReads {
		if !names[name] {
			t.Errorf("PageReads declares %s, which a page does not have", name)
		}
		if (r.Kind == Own) != (r.Text != nil) || (r.Kind == Links || r.Kind == Nav) != (r.Pages != nil || r.Page != nil) || r.Kind == Links && r.Pages == nil || (r.Kind == Named) != (r.Named != nil) {
			t.Errorf("PageReads[%q]: kind %d with the wrong readers", name, r.Kind)
		}
	}
}

func TestNamedReads(t *testing.T) {
	for _, c := range []struct {
		layout string
		far    bool
		named  []NamedRead
	}{
		{`{{with .Ref "about"}}{{.RelPermalink}}{{.Title}}{{end}}`, false, []NamedRead{{"Ref", "about"}}},
		{`{{$a := $.Ref "about"}}{{$a.Title}}{{(.SectionNamed "cases").Title}}`, false, []NamedRead{{"Ref", "about"}, {"SectionNamed", "cases"}}},
		{`{{partialCached "partials/f.html" . .Lang.Code}}{{define "partials/f.html"}}{{with .Ref "about"}}{{.URL}}{{end}}{{end}}`, false, []NamedRead{{"Ref", "about"}}},
		// Read further than its own values, by a name not constant, or off
		// another page: anything.
		{`{{with .Ref "about"}}{{.Speakers}}{{end}}`, true, []NamedRead{{"Ref", "about"}}},
		{`{{with .Ref "about"}}{{range .Pages}}{{.Title}}{{end}}{{end}}`, true, []NamedRead{{"Ref", "about"}}},
		{`{{.Ref .Title}}`, true, nil},
		{`{{.Home.Ref "about"}}`, true, nil},
		{`{{range .Speakers}}{{.Ref "about"}}{{end}}`, true, nil},
		{`{{template "partials/f.html" (dict "p" .)}}{{define "partials/f.html"}}{{.p.Ref "about"}}{{end}}`, true, nil},
		{`{{.Title}}{{range .Speakers}}{{.Title}}{{end}}`, false, nil},
	} {
		var diags diag.List
		tmpl := LoadTemplates(fstest.MapFS{"_default/single.html": {Data: []byte(c.layout)}}, &diags)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", c.layout, diags.Sorted())
		}
		if got := tmpl.ReadsBeyondNeighbours(); got != c.far {
			t.Errorf("%s: ReadsBeyondNeighbours() = %v, want %v", c.layout, got, c.far)
		}
		if got := tmpl.NamedReads(); !slices.Equal(got, c.named) {
			t.Errorf("%s: NamedReads() = %v, want %v", c.layout, got, c.named)
		}
	}
}
