package build

import "html/template"

// templateHTML marks Markdown output as safe: goldmark escapes raw HTML
// unless the site allows it.
func templateHTML(b []byte) template.HTML { return template.HTML(b) }
