package build_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"qiao/generator/build"
	"qiao/generator/corpus"
	"qiao/generator/diag"
)

// BenchmarkBuild1000 builds a generated site of 1,000 pages per language
// from memory into a fresh folder on disk each time.
func BenchmarkBuild1000(b *testing.B) {
	src := corpus.FS(corpus.Generate(1000))
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
