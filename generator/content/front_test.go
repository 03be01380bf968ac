package content_test

import (
	"io/fs"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"qiao/generator/config"
	"qiao/generator/content"
	"qiao/generator/corpus"
	"qiao/generator/diag"
	"qiao/generator/tomlsub"
)

// frontMatterTaken decodes the front matter of every page in files both
// with the fast decoder and with BurntSushi/toml, requires the same values,
// and returns the pages the fast decoder declined.
func frontMatterTaken(t *testing.T, files map[string][]byte) (declined []string) {
	t.Helper()
	var d diag.List
	cfg := config.Parse(files[config.File], &d)
	if cfg == nil {
		t.Fatalf("config: %v", d.Sorted())
	}
	for p, src := range files {
		if !strings.HasPrefix(p, content.Dir+"/") || !strings.HasSuffix(p, ".md") {
			continue
		}
		parsed := content.Parse(p, src, cfg, &d)
		front, _, _, ok := content.Split(src)
		if parsed == nil || !ok {
			t.Fatalf("%s: %v", p, d.Sorted())
		}
		fast := &content.File{Kind: parsed.Kind, Type: parsed.Type}
		_, parts := content.FrontTargets(fast)
		if !tomlsub.Decode(front, parts...) {
			declined = append(declined, p)
			continue
		}
		ref := &content.File{Kind: parsed.Kind, Type: parsed.Type}
		whole, _ := content.FrontTargets(ref)
		if _, err := toml.Decode(front, whole); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if !reflect.DeepEqual(fast, ref) {
			t.Errorf("%s: the fast decoder gives\n%+v\nBurntSushi/toml gives\n%+v", p, fast, ref)
		}
	}
	if d.HasErrors() {
		t.Fatalf("%v", d.Sorted())
	}
	sort.Strings(declined)
	return declined
}

// The benchmark corpus is written the way editors write front matter, and
// all of it takes the fast path.
func TestCorpusFrontMatterFast(t *testing.T) {
	if declined := frontMatterTaken(t, corpus.Generate(40)); len(declined) > 0 {
		t.Errorf("the fast decoder declined %d pages: %v", len(declined), declined)
	}
}

// So does the shipped site's, each page with the values BurntSushi/toml
// would give it.
func TestShippedFrontMatterFast(t *testing.T) {
	files := map[string][]byte{}
	root := os.DirFS("../..")
	err := fs.WalkDir(root, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || (p != config.File && !strings.HasPrefix(p, content.Dir+"/")) {
			return err
		}
		files[p], err = fs.ReadFile(root, p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if declined := frontMatterTaken(t, files); len(declined) > 0 {
		t.Errorf("the fast decoder declined %d pages: %v", len(declined), declined)
	}
}
