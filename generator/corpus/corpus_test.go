package corpus_test

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"strings"
	"testing"

	"qiao/generator/build"
	"qiao/generator/corpus"
	"qiao/generator/diag"
)

func TestGenerateBuilds(t *testing.T) {
	files := corpus.Generate(50)
	var diags diag.List
	res, err := build.Build(corpus.FS(files), build.Options{Out: t.TempDir()}, &diags)
	for _, d := range diags.Sorted() {
		if d.Severity == diag.Error {
			t.Errorf("%s", d)
		} else {
			t.Logf("%s", d)
		}
	}
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	en, zh := res.Pages["en"], res.Pages["zh"]
	if en == 0 || zh == 0 {
		t.Fatalf("pages per language = %v, want both en and zh", res.Pages)
	}
	t.Log(res.Summary())
}

func TestGenerateLanguages(t *testing.T) {
	files := corpus.Generate(50)
	var en, zh, untranslated int
	for p := range files {
		if !strings.HasPrefix(p, "content/") || strings.Contains(p, "_index") {
			continue
		}
		if name, ok := strings.CutSuffix(p, ".zh.md"); ok {
			zh++
			if _, ok := files[name+".md"]; !ok {
				t.Errorf("%s has no English version", p)
			}
			continue
		}
		en++
		if _, ok := files[strings.TrimSuffix(p, ".md")+".zh.md"]; !ok {
			untranslated++
		}
	}
	if en != 50 {
		t.Errorf("%d English pages, want 50", en)
	}
	if zh == 0 || untranslated == 0 || untranslated > en/5 {
		t.Errorf("%d English pages, %d Chinese, %d untranslated; want about one in ten untranslated", en, zh, untranslated)
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := corpus.Generate(50), corpus.Generate(50)
	if !maps.EqualFunc(a, b, bytes.Equal) {
		for p := range a {
			if !bytes.Equal(a[p], b[p]) {
				t.Errorf("%s differs between two calls", p)
			}
		}
		t.Fatal("Generate(50) is not deterministic")
	}
}

func TestWriteDir(t *testing.T) {
	files := corpus.Generate(8)
	dir := t.TempDir()
	if err := corpus.WriteDir(dir, files); err != nil {
		t.Fatal(err)
	}
	disk := os.DirFS(dir)
	for p, want := range files {
		got, err := fs.ReadFile(disk, p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s on disk differs from the generated file", p)
		}
	}
	if err := corpus.WriteDir(dir, map[string][]byte{"../escape.md": nil}); err == nil {
		t.Error("WriteDir wrote a path outside its folder")
	}
}
