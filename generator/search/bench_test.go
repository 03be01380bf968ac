package search_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qiao/generator/build"
	"qiao/generator/corpus"
	"qiao/generator/diag"
	"qiao/generator/search"
)

// builtPages builds a generated site and returns its content pages.
func builtPages(b *testing.B, n int) []search.Document {
	b.Helper()
	out := filepath.Join(b.TempDir(), "public")
	var d diag.List
	if _, err := build.Build(corpus.FS(corpus.Generate(n)), build.Options{Out: out}, &d); err != nil {
		b.Fatal(err, d.Errors())
	}
	var docs []search.Document
	_ = filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(out, p)
		if err != nil || e.IsDir() || !strings.HasSuffix(p, "index.html") || strings.Count(rel, "/") < 2 {
			return nil
		}
		html, _ := os.ReadFile(p)
		lang := "en"
		if strings.HasPrefix(rel, "zh/") {
			lang = "zh"
		}
		docs = append(docs, search.Document{URL: filepath.Dir(rel) + "/", Lang: lang, Type: "page", Title: rel, Text: search.ExtractHTML(html)})
		return nil
	})
	return docs
}

// BenchmarkIndex indexes the pages of a generated site of 500 pages per
// language: analysis of every page, then encoding.
func BenchmarkIndex(b *testing.B) {
	docs := builtPages(b, 500)
	var bytes int
	for b.Loop() {
		ix := search.NewBuilder(len(docs), []string{"en", "zh"}, search.Options{})
		for i, d := range docs {
			ix.Add(i, d)
		}
		bytes = 0
		if err := ix.Write(func(_ string, data []byte) error { bytes += len(data); return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(bytes), "index-bytes")
}
