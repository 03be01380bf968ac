package site

import (
	"bytes"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"qiao/generator/config"
	"qiao/generator/content"
	"qiao/generator/diag"
	"qiao/generator/output"
)

// FuzzOutputPaths builds a page from any slug, alias and file name and
// checks that a build without errors only ever writes inside the output.
func FuzzOutputPaths(f *testing.F) {
	for _, s := range [][3]string{
		{"itt-201", "/catalog/itt-201/", "courses/itt-201"},
		{"../../x", "../../etc/", "a"},
		{"..", "/a/../../b/", "b"},
		{"x", "old.html", "c/d"},
		{"课程", "/旧/", "speakers/韩军"},
		{"a\\b", "\\..\\x", "e"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	var d diag.List
	cfg := config.Parse([]byte("title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[languages.zh]\n"), &d)
	f.Fuzz(func(t *testing.T, slug, alias, name string) {
		var front bytes.Buffer
		if err := toml.NewEncoder(&front).Encode(map[string]any{"title": "T", "slug": slug, "aliases": []string{alias}}); err != nil {
			return
		}
		src := "+++\n" + front.String() + "+++\n"
		var diags diag.List
		files := []*content.File{}
		for _, lang := range []string{"", ".zh"} {
			if file := content.Parse("content/"+name+lang+".md", []byte(src), cfg, &diags); file != nil {
				files = append(files, file)
			}
		}
		s := New(cfg, files, nil, nil, &diags)
		if diags.HasErrors() {
			return
		}
		for _, p := range s.Pages {
			if !output.Safe(p.OutputPath()) {
				t.Errorf("page %q would be written to %q", name, p.OutputPath())
			}
		}
		for _, a := range s.Aliases {
			if !output.Safe(a.OutputPath) || strings.Contains(a.OutputPath, "..") {
				t.Errorf("alias %q would be written to %q", alias, a.OutputPath)
			}
		}
	})
}
