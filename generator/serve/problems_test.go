package serve

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"slices"
	"strings"
	"testing"

	"qiao/generator/diag"
)

func TestGroupProblems(t *testing.T) {
	layout := func(path, msg string) diag.Diagnostic {
		return diag.Diagnostic{Path: path, Code: "layout", Message: msg}
	}
	const field = `layouts/_default/list.html:5: executing "main" at <.Titel>: can't evaluate field Titel in type *site.Page`
	for _, tc := range []struct {
		name  string
		diags []diag.Diagnostic
		want  []string
	}{{
		name: "one page",
		diags: []diag.Diagnostic{
			{Path: "content/a.md", Line: 3, Code: "front-matter", Message: "front matter: year: expected value"},
		},
		want: []string{"content/a.md:3: front matter: year: expected value"},
	}, {
		name: "the same message on pages and generated pages",
		diags: []diag.Diagnostic{
			layout("", "cannot render the topic page /topics/policy/: "+field),
			layout("", "cannot render the topic page /zh/topics/policy/: "+field),
			layout("content/cases/_index.md", "cannot render: "+field),
			{Path: "content/cases/b.md", Line: 2, Code: "front-matter", Message: "front matter: year: expected value"},
			layout("content/cases/_index.zh.md", "cannot render: "+field),
		},
		want: []string{
			"content/cases/_index.md: cannot render: " + field + "\n  … and 3 more pages",
			"content/cases/b.md:2: front matter: year: expected value",
		},
	}, {
		name: "one more",
		diags: []diag.Diagnostic{
			{Path: "content/a.md", Line: 4, Code: "front-matter", Message: `unknown key "titel"`},
			{Path: "content/b.md", Line: 2, Code: "front-matter", Message: `unknown key "titel"`},
		},
		want: []string{"content/a.md:4: unknown key \"titel\"\n  … and 1 more page"},
	}, {
		name: "other lines of the same file are places, not pages",
		diags: []diag.Diagnostic{
			{Path: "content/a.md", Line: 4, Code: "link", Message: "no such page"},
			{Path: "content/a.md", Line: 9, Code: "link", Message: "no such page"},
			{Path: "content/b.md", Line: 2, Code: "link", Message: "no such page"},
		},
		want: []string{"content/a.md:4: no such page\n  … and 2 more places"},
	}, {
		name: "a warning is not the same problem as an error",
		diags: []diag.Diagnostic{
			{Path: "content/a.md", Line: 4, Code: "x", Message: "odd"},
			{Path: "content/b.md", Line: 4, Code: "x", Message: "odd", Severity: diag.Warning},
		},
		want: []string{"content/a.md:4: odd", "content/b.md:4: warning: odd"},
	}, {
		name: "same words, other code",
		diags: []diag.Diagnostic{
			{Path: "content/a.md", Code: "x", Message: "odd"},
			{Path: "content/b.md", Code: "y", Message: "odd"},
		},
		want: []string{"content/a.md: odd", "content/b.md: odd"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range groupProblems(tc.diags) {
				got = append(got, p.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

// A broken field in the base layout fails every page, generated ones
// included, with one message: the overlay and the terminal show it once,
// at the first page, with how many more pages have it.
func TestIdenticalProblemsShowOnce(t *testing.T) {
	files := map[string]string{
		"layouts/_default/baseof.html": "<!DOCTYPE html>\n<html>\n<head><title>{{.Titel}}</title></head>\n<body>{{block \"main\" .}}{{end}}</body>\n</html>\n",
	}
	for i := range 20 {
		files[fmt.Sprintf("content/cases/c%02d.md", i)] = "+++\ntitle = \"A case\"\nyear = 2024\n+++\n"
	}
	root := siteDir(t, files)
	url, log := startRun(t, root)

	const message = `cannot render: layouts/_default/baseof.html:3: executing "_default/baseof.html" at <.Titel>: can't evaluate field Titel in type *site.Page`
	code, _, body := get(t, url)
	body = html.UnescapeString(body)
	if code != http.StatusServiceUnavailable {
		t.Fatalf("a broken site answered %d", code)
	}
	if n := strings.Count(body, "can't evaluate field Titel"); n != 1 {
		t.Errorf("the overlay shows the message %d times, want once:\n%s", n, body)
	}
	first := "content/_index.md: " + message
	if !strings.Contains(body, first) {
		t.Errorf("the overlay does not show %q:\n%s", first, body)
	}
	// Every page fails: 24 files (20 cases, the licence in two languages,
	// the home page) and the generated ones (a home, sections, 404, search
	// pages): more than 23 others.
	i := strings.Index(body, "… and ")
	var more int
	if i < 0 {
		t.Fatalf("the overlay does not say how many more pages:\n%s", body)
	}
	if _, err := fmt.Sscanf(body[i:], "… and %d more pages", &more); err != nil || more < 23 {
		t.Errorf("the overlay says %.40q; want … and more than 23 more pages", body[i:])
	}
	// Over an open page, live.js shows the same overlay.
	e := next(t, listen(t, url, ""))
	var overlay string
	if err := json.Unmarshal([]byte(e.data), &overlay); err != nil || e.name != "errors" {
		t.Fatalf("first event %s %s (%v), want errors", e.name, e.data, err)
	}
	overlay = html.UnescapeString(overlay)
	if strings.Count(overlay, "can't evaluate field Titel") != 1 || !strings.Contains(overlay, first) || !strings.Contains(overlay, fmt.Sprintf("… and %d more pages", more)) {
		t.Errorf("the errors event does not show %q once with … and %d more pages:\n%s", first, more, overlay)
	}
	terminal := log.String()
	if n := strings.Count(terminal, "can't evaluate field Titel"); n != 1 {
		t.Errorf("the terminal shows the message %d times, want once:\n%s", n, terminal)
	}
	if want := first + fmt.Sprintf("\n  … and %d more pages\n", more); !strings.Contains(terminal, want) {
		t.Errorf("the terminal does not say %q:\n%s", want, terminal)
	}
}
