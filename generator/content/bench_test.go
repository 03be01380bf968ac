package content_test

import (
	"bytes"
	"sort"
	"strings"
	"testing"

	"qiao/generator/config"
	"qiao/generator/content"
	"qiao/generator/corpus"
	"qiao/generator/diag"
)

// benchPages returns the content files of a generated site, sorted by path,
// with its configuration.
func benchPages(b *testing.B) (*config.Config, []string, [][]byte) {
	b.Helper()
	files := corpus.Generate(200)
	var d diag.List
	cfg := config.Parse(files[config.File], &d)
	if cfg == nil {
		b.Fatalf("config: %v", d.Sorted())
	}
	var paths []string
	for p := range files {
		if strings.HasPrefix(p, content.Dir+"/") && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	srcs := make([][]byte, len(paths))
	for i, p := range paths {
		srcs[i] = files[p]
	}
	return cfg, paths, srcs
}

func benchParse(b *testing.B, cfg *config.Config, paths []string, srcs [][]byte) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var d diag.List
		for i, p := range paths {
			content.Parse(p, srcs[i], cfg, &d)
		}
		if d.HasErrors() {
			b.Fatal(d.Sorted())
		}
	}
}

// Front matter as editors write it, which the fast decoder takes.
func BenchmarkParse(b *testing.B) {
	cfg, paths, srcs := benchPages(b)
	benchParse(b, cfg, paths, srcs)
}

// The same pages with a quoted key, which the fast decoder declines: the
// cost of the full decoder and its checks.
func BenchmarkParseDeclined(b *testing.B) {
	cfg, paths, srcs := benchPages(b)
	for i, src := range srcs {
		srcs[i] = bytes.Replace(src, []byte("\ntitle = "), []byte("\n\"title\" = "), 1)
	}
	benchParse(b, cfg, paths, srcs)
}
