package incremental_test

import (
	"testing"
	"testing/fstest"

	"qiao/generator/diag"
	"qiao/generator/sitetest"
)

// After an edit of an asset, or a static file that replaces a built-in
// one, the preview's incremental build renames it and renders every page
// that names it: its output equals a full build's.
func TestIncrementalFollowsAssets(t *testing.T) {
	src := sitetest.Shipped(t)
	inc := started(t, src)
	var d diag.List
	for _, edit := range []struct{ path, data string }{
		{"static/js/site.js", "// a new site.js\n"},
		{"static/css/site.css", "body { color: teal; }\n"},
		{"static/img/portrait.svg", `<svg xmlns="http://www.w3.org/2000/svg"/>`},
	} {
		src[edit.path] = &fstest.MapFile{Data: []byte(edit.data)}
		inc.Changed([]string{edit.path})
		got, st, err := inc.Build(&d)
		if err != nil {
			t.Fatal(err, d.Sorted())
		}
		if st.Reused != 0 {
			t.Errorf("%s: %d pages reused, though every page names the asset", edit.path, st.Reused)
		}
		sameOutput(t, edit.path, got, fullBuild(t, src))
	}
}
