package build

import (
	"context"
	"fmt"
	"io/fs"

	"qiao/generator/diag"
	"qiao/generator/output"
	"qiao/generator/render"
	"qiao/generator/search"
	"qiao/generator/site"
)

// Write renders every page of a loaded site and writes every file of it
// to out, for a sequence of builds (see LoadCached): reuse may return page
// i's bytes from a previous build instead of rendering it again. The
// search index is left out (see SearchIndexWriter).
func Write(s *site.Site, tmpl *render.Templates, src fs.FS, out Output, reuse func(int) ([]byte, bool), diags *diag.List) {
	write(context.Background(), s, tmpl, src, out, reuse, diags)
}

// SearchIndexWriter returns a function that adds the search index of a
// build to out, that build's output: the same index a full Build writes.
// It takes what it needs of the pages now, for the next build may change
// them (see graph) while a request is building this one's index.
func SearchIndexWriter(s *site.Site, tmpl *render.Templates, out *output.Memory) func() error {
	type indexed struct {
		i    int
		path string
		doc  search.Document
	}
	var pages []indexed
	for i, p := range s.Pages {
		if d, ok := searchDocument(p); ok {
			pages = append(pages, indexed{i, p.OutputPath(), d})
		}
	}
	index := newSearchIndex(s, tmpl)
	return func() error {
		for _, p := range pages {
			if html, ok := out.Get(p.path); ok {
				index.addDocument(p.i, p.doc, html)
			}
		}
		var err error
		index.write(out, func(path string, e error) { err = fmt.Errorf("%s: %w", path, e) })
		return err
	}
}
