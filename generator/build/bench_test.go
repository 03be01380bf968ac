package build_test

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"qiao/generator/build"
	"qiao/generator/corpus"
	"qiao/generator/diag"
	"qiao/generator/site"
)

// benchPages is the size of BenchmarkBuild's corpus in pages per language:
// go test ./generator/build -bench Build -pages 10000.
var benchPages = flag.Int("pages", 1000, "pages per language of the benchmark corpus")

// benchTheme is a site folder whose layouts/ and static/ replace the
// built-in ones in BenchmarkRender: -theme ../.. renders the corpus with
// the shipped site's layouts.
var benchTheme = flag.String("theme", "", "a site folder whose layouts/ and static/ BenchmarkRender uses")

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

// BenchmarkRender renders every page of the generated corpus (see -pages)
// with the built-in layouts, one kind of page in each sub-benchmark: the
// template stage alone, without Markdown, search or writing.
func BenchmarkRender(b *testing.B) {
	var diags diag.List
	src := corpus.FS(corpus.Generate(*benchPages))
	if *benchTheme != "" {
		theme := os.DirFS(*benchTheme)
		for _, dir := range []string{"layouts", "static"} {
			err := fs.WalkDir(theme, dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := fs.ReadFile(theme, p)
				src[p] = &fstest.MapFile{Data: data, Mode: 0o644}
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	s, tmpl := build.Load(src, build.Options{}, &diags)
	if s == nil || diags.HasErrors() {
		b.Fatalf("load: %v", diags.Errors())
	}
	kinds := map[string][]*site.Page{}
	var names []string
	for _, p := range s.Pages {
		k := p.Kind.String()
		if p.Type != "" {
			k += "-" + p.Type
		}
		if kinds[k] == nil {
			names = append(names, k)
		}
		kinds[k] = append(kinds[k], p)
	}
	slices.Sort(names)
	for _, k := range names {
		pages := kinds[k]
		b.Run(k, func(b *testing.B) {
			var buf bytes.Buffer
			size := 0
			for b.Loop() {
				size = 0
				for _, p := range pages {
					buf.Reset()
					if err := tmpl.Page(p, &buf); err != nil {
						b.Fatal(err)
					}
					size += buf.Len()
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/page")
			b.ReportMetric(float64(size)/float64(len(pages)), "B/page")
		})
	}
}
