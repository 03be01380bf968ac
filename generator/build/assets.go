package build

import (
	"qiao/generator/markdown"
	"qiao/generator/render"
	"qiao/generator/search"
)

// builtinAssets are the files Qiao provides that layouts ask for through
// the asset function; a file of the same path in static/ replaces one.
var builtinAssets = []render.Builtin{
	{Path: "css/site.css", Data: render.Stylesheet},
	{Path: "css/chroma.css", Data: markdown.Stylesheet},
	{Path: "js/search-box.js", Data: render.SearchBoxScript},
	{Path: "search/search.js", Data: search.Script},
	{Path: "search/search.css", Data: search.Stylesheet},
}

// writeAssets writes the assets the layouts ask for under their output
// names and returns their source paths: the static files and built-in
// files that are not written again under their own names.
func writeAssets(tmpl *render.Templates, out Output, fail func(string, error)) map[string]bool {
	for _, a := range tmpl.Assets() {
		if err := out.Write(a.Output, a.Data); err != nil {
			fail(a.Source, err)
		}
	}
	return AssetSources(tmpl)
}

// AssetSources returns the source paths of the layouts' assets.
func AssetSources(tmpl *render.Templates) map[string]bool {
	sources := map[string]bool{}
	if tmpl == nil {
		return sources
	}
	for _, a := range tmpl.Assets() {
		sources[a.Source] = true
	}
	return sources
}
