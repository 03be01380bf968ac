package serve

import (
	"bytes"
	"encoding/json"
	"html/template"
)

// The error overlay is written here only: into the page served while the
// site has never built, and, through the errors event, by live.js over any
// open page. Both show the same element.
var overlayTemplates = template.Must(template.New("overlay").Parse(`
{{- define "overlay" -}}
<div id="qiao-errors" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace">
<h2 style="color:#ff8a80;font:bold 18px system-ui,sans-serif;margin:0 0 1rem">{{.Title}}</h2>
<ol>
{{- range .Problems}}
<li style="margin:0 0 .5rem">{{.First}}{{with .Rest}}<br><span style="color:#bbb">{{.}}</span>{{end}}</li>
{{- end}}
</ol>
<p style="color:#bbb">{{.Hint}}</p>
</div>
{{- end -}}

{{- define "page" -}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{{.Title}}</title>
</head>
<body>
{{template "overlay" .}}
{{.Script}}
</body>
</html>
{{end -}}
`))

type overlay struct {
	Title, Hint string
	Problems    []problem
	Script      template.HTML // the page's live-reload script
}

func newOverlay(hasSite bool, problems []problem) overlay {
	switch {
	case hasSite:
		return overlay{Title: "The site has errors; showing the last good build", Hint: "Fix the file and save: this message goes away by itself.", Problems: problems}
	case problems != nil:
		return overlay{Title: "The site has errors and has not been built yet", Hint: "Fix the file and save: the site shows here as soon as it builds.", Problems: problems}
	default:
		return overlay{Title: "The site is being built", Hint: "It shows here as soon as it builds."}
	}
}

// overlayEvent is the data of an errors event: the overlay's HTML as a JSON
// string.
func overlayEvent(hasSite bool, problems []problem) string {
	var b bytes.Buffer
	if err := overlayTemplates.ExecuteTemplate(&b, "overlay", newOverlay(hasSite, problems)); err != nil {
		panic(err) // the template is fixed and its data plain strings
	}
	data, _ := json.Marshal(b.String())
	return string(data)
}

// problemsPage is the page served for every path while the site has never
// built: the overlay, and live reload, which reloads it once the site
// builds.
func problemsPage(problems []problem) []byte {
	o := newOverlay(false, problems)
	o.Script = template.HTML(liveReloadTag(""))
	var b bytes.Buffer
	if err := overlayTemplates.ExecuteTemplate(&b, "page", o); err != nil {
		panic(err)
	}
	return b.Bytes()
}
