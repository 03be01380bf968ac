package search_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"qiao/generator/build"
	"qiao/generator/corpus"
	"qiao/generator/diag"
	"qiao/generator/search"
)

// builtPages builds a generated site and returns its content pages.
func builtPages(b testing.TB, n int) []search.Document {
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

// The benchmarks below split BenchmarkIndex into its two stages: Add, as
// the build calls it (from two goroutines), and Write.

func BenchmarkIndexAdd(b *testing.B) {
	docs := builtPages(b, 500)
	b.ReportAllocs()
	for b.Loop() {
		ix := search.NewBuilder(len(docs), []string{"en", "zh"}, search.Options{})
		var wg sync.WaitGroup
		for w := range 2 {
			wg.Go(func() {
				for i := w; i < len(docs); i += 2 {
					ix.Add(i, docs[i])
				}
			})
		}
		wg.Wait()
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "pages/s")
}

func BenchmarkIndexWrite(b *testing.B) {
	docs := builtPages(b, 500)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ix := search.NewBuilder(len(docs), []string{"en", "zh"}, search.Options{})
		for i, d := range docs {
			ix.Add(i, d)
		}
		b.StartTimer()
		if err := ix.Write(func(string, []byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
