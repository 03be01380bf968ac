package render

import (
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"qiao/generator/diag"
)

// partialCached renders a partial once for each distinct list of keys,
// whatever their types, and hands out that HTML to every later call.
func TestPartialCachedKeys(t *testing.T) {
	layouts := fstest.MapFS{
		"partials/item.html": {Data: []byte(`[{{.}}]`)},
		"keys.html": {Data: []byte(`{{partialCached "partials/item.html" "a" "x"}}` +
			`{{partialCached "partials/item.html" "b" "x"}}` + // same key: a's HTML
			`{{partialCached "partials/item.html" "c" "x" "y"}}` +
			`{{partialCached "partials/item.html" "d" "xy"}}` + // not "x" "y"
			`{{partialCached "partials/item.html" "e" true}}` +
			`{{partialCached "partials/item.html" "f" "true"}}` + // a string, same text
			`{{partialCached "partials/item.html" "g" 1}}` +
			`{{partialCached "partials/item.html" "h" 2}}` +
			`{{partialCached "partials/item.html" "i" 2.5}}` +
			`{{partialCached "partials/item.html" "j" 2.5}}` +
			`{{partialCached "partials/item.html" "k"}}` +
			`{{partialCached "partials/item.html" "l"}}`)},
	}
	var diags diag.List
	tmpl := LoadTemplates(layouts, &diags)
	if diags.HasErrors() {
		t.Fatal(diags.Sorted())
	}
	// Pages render in parallel; every one must see the same HTML.
	const want = "[a][a][c][d][e][e][g][h][i][i][k][k]"
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			var b strings.Builder
			if err := tmpl.views["keys.html"].ExecuteTemplate(&b, "keys.html", nil); err != nil {
				t.Error(err)
				return
			}
			if b.String() != want {
				t.Errorf("got %s, want %s", b.String(), want)
			}
		})
	}
	wg.Wait()
}
