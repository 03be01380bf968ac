package build_test

import (
	"flag"
	"fmt"
	"path/filepath"
	"testing"

	"qiao/generator/build"
	"qiao/generator/corpus"
	"qiao/generator/diag"
)

// benchPages is the size of BenchmarkBuild's corpus in pages per language:
// go test ./generator/build -bench Build -pages 10000.
var benchPages = flag.Int("pages", 1000, "pages per language of the benchmark corpus")

// BenchmarkBuild builds a generated site of 1,000 pages per language (see
// -pages), search index included, from memory into a fresh folder on disk
// each time.
func BenchmarkBuild(b *testing.B) {
	src := corpus.FS(corpus.Generate(*benchPages))
	out := b.TempDir()
	var pages, builds int
	for b.Loop() {
		var diags diag.List
		res, err := build.Build(src, build.Options{Out: filepath.Join(out, fmt.Sprint(builds))}, &diags)
		if err != nil {
			for _, d := range diags.Errors() {
				b.Error(d)
			}
			b.Fatalf("build: %v", err)
		}
		builds++
		pages = 0
		for _, n := range res.Pages {
			pages += n
		}
	}
	b.ReportMetric(float64(pages*builds)/b.Elapsed().Seconds(), "pages/s")
}
