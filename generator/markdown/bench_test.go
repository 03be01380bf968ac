package markdown_test

import (
	"strings"
	"testing"

	"qiao/generator/content"
	"qiao/generator/corpus"
	"qiao/generator/markdown"
)

// BenchmarkConvert converts the bodies of the benchmark corpus at 100 pages
// per language, tables, code and links included; links resolve to nothing.
func BenchmarkConvert(b *testing.B) {
	type body struct {
		src  []byte
		lang string
	}
	var bodies []body
	size := 0
	for p, src := range corpus.Generate(100) {
		if !strings.HasSuffix(p, ".md") {
			continue
		}
		_, text, _, ok := content.Split(src)
		if !ok {
			b.Fatalf("%s: no front matter", p)
		}
		lang := "en"
		if strings.HasSuffix(p, ".zh.md") {
			lang = "zh"
		}
		bodies = append(bodies, body{text, lang})
		size += len(text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		// A Converter per build, as a build makes: code blocks are
		// highlighted once per Converter.
		c := markdown.New(markdown.Options{})
		for _, d := range bodies {
			c.Convert(d.src, d.lang, nil)
		}
	}
}
