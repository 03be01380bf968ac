package build_test

import (
	"qiao/generator/markdown"
	"qiao/generator/render"
	"qiao/generator/search"
)

// builtinAsset is the output path of a built-in asset: its source path
// with a hash of its bytes.
func builtinAsset(source string) string {
	data := map[string]func() []byte{
		"css/site.css":      render.Stylesheet,
		"css/chroma.css":    markdown.Stylesheet,
		"js/search-box.js":  render.SearchBoxScript,
		"search/search.js":  search.Script,
		"search/search.css": search.Stylesheet,
	}[source]
	return render.FingerprintedName(source, data())
}
