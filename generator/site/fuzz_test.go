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
		{"x", "0..", "f"},
		{"x.", "/a. /b/", "g. "},
	} {
		f.Add(s[0], s[1], s[2])
	}
	var d diag.List
	cfg := config.Parse([]byte("title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[languages.zh]\n"), &d)
	f.Fuzz(func(t *testing.T, slug, alias, name string) {
		for _, p := range []string{slug, alias, name, strings.TrimPrefix(alias, "/")} {
			if output.Safe(p) != inside(p) {
				t.Errorf("output.Safe(%q) = %v, the oracle says %v", p, output.Safe(p), inside(p))
			}
		}
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
			if !inside(p.OutputPath()) {
				t.Errorf("page %q would be written to %q", name, p.OutputPath())
			}
		}
		for _, a := range s.Aliases {
			if !inside(a.OutputPath) {
				t.Errorf("alias %q would be written to %q", alias, a.OutputPath)
			}
		}
	})
}

// inside is the fuzz oracle, written apart from output.Safe: a path stays
// in the output, and names one file only, on Linux and on Windows when no
// name is empty and none ends in a dot or a space (Windows strips those:
// ".. " would be a step up, "a." the same file as "a"), and no name holds a
// separator or NUL of either system.
func inside(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || strings.TrimRight(seg, ". ") != seg {
			return false
		}
	}
	return true
}
