package build_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"qiao/generator/build"
	"qiao/generator/diag"
	"qiao/generator/incremental"
)

// A link's #anchor must name an id of the page the link goes to, in the
// reader's language where that page has a version; a broken one fails the
// build (and so check) with its line, and the nearest id is suggested.
func TestLinkAnchorsAreChecked(t *testing.T) {
	page := func(path, title, body string) string {
		return "-- " + path + " --\n+++\ntitle = \"" + title + "\"\n+++\n" + body
	}
	tests := []struct {
		name  string
		files string
		want  []string // every error, as path:line: message; none for a good site
	}{
		{"heading of the target", page("content/a.md", "A", "See [scope](policies/trips.md#scope).\n"), nil},
		{"heading of the reader's language",
			page("content/a.zh.md", "甲", "见[范围](b.md#范围)。\n") + page("content/b.md", "B", "## Scope\n") + page("content/b.zh.md", "乙", "## 范围\n"), nil},
		{"percent-encoded",
			page("content/a.zh.md", "甲", "见[范围](b.md#%E8%8C%83%E5%9B%B4)。\n") + page("content/b.zh.md", "乙", "## 范围\n"), nil},
		{"any heading level, a footnote and an {#id}",
			page("content/a.md", "A", "[1](b.md#top) [2](b.md#deep) [3](b.md#fn:1) [4](b.md#mine)\n") +
				page("content/b.md", "B", "# Top\n\n##### Deep\n\nText.[^1]\n\n[^1]: Note.\n\n## Custom {#mine}\n"), nil},
		{"the reader's language lacks it",
			page("content/a.zh.md", "甲", "\n见[范围](policies/trips.md#scope)。\n"),
			[]string{`content/a.zh.md:5: link to policies/trips.md#scope: content/policies/trips.zh.md has no heading or anchor with the id "scope"`}},
		{"an untranslated target is checked in the language the link goes to",
			page("content/a.zh.md", "甲", "[x](courses/itt-201.md#overview)\n"),
			[]string{`content/a.zh.md:4: link to courses/itt-201.md#overview: content/courses/itt-201.md has no heading or anchor with the id "overview"`}},
		{"did you mean",
			page("content/a.md", "A", "[x](policies/trips.md#scpe)\n"),
			[]string{`content/a.md:4: link to policies/trips.md#scpe: content/policies/trips.md has no heading or anchor with the id "scpe" (did you mean "policies/trips.md#scope"?)`}},
		{"each line of a repeated link",
			page("content/a.md", "A", "[x](b.md#no)\n\n[y][r] and [x](b.md#no)\n\n[r]: b.md#nor\n") + page("content/b.md", "B", "## Yes\n"),
			[]string{
				`content/a.md:4: link to b.md#no: content/b.md has no heading or anchor with the id "no"`,
				`content/a.md:6: link to b.md#no: content/b.md has no heading or anchor with the id "no"`,
				`content/a.md:8: link to b.md#nor: content/b.md has no heading or anchor with the id "nor"`,
			}},
		{"a heading of the linking page is not the target's",
			page("content/a.md", "A", "## Here\n\n[x](b.md#here)\n") + page("content/b.md", "B", "Text.\n"),
			[]string{`content/a.md:6: link to b.md#here: content/b.md has no heading or anchor with the id "here"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := buildSite(t, baseSite+tt.files, build.Options{})
			if tt.want == nil {
				r.ok()
				return
			}
			if r.err == nil {
				t.Fatalf("build succeeded; want %q", tt.want)
			}
			var got []string
			for _, d := range r.diags {
				if d.Code == "broken-anchor" && d.Severity == diag.Error {
					got = append(got, d.String())
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// A broken link to a .md file names the nearest page, as a link that works
// from the linking page's folder.
func TestBrokenLinksSuggestAPage(t *testing.T) {
	tests := []struct {
		name, file, link, want string
	}{
		{"typo", "content/courses/x.md", "../speakers/han-jn.md", `link to ../speakers/han-jn.md: no such page or file (did you mean "../speakers/han-jun.md"?)`},
		{"wrong folder", "content/courses/x.md", "speakers/han-jun.md", `link to speakers/han-jun.md: no such page or file (did you mean "../speakers/han-jun.md"?)`},
		{"language suffix and anchor kept", "content/x.zh.md", "policies/trip.zh.md#scope", `link to policies/trip.zh.md#scope: no such page or file (did you mean "policies/trips.md#scope"?)`},
		{"from a bundle", "content/cases/b/index.md", "../licnce.md", `link to ../licnce.md: no such page or file (did you mean "../licence.md"?)`},
		{"nothing near", "content/x.md", "completely-elsewhere.md", `link to completely-elsewhere.md: no such page or file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := buildSite(t, baseSite+"-- "+tt.file+" --\n+++\ntitle = \"X\"\nyear = 2024\n+++\n[x]("+tt.link+")\n", build.Options{})
			r.failsWith(tt.file + ":5: " + tt.want)
			if tt.name == "nothing near" && strings.Contains(r.messages(), "did you mean") {
				t.Errorf("suggested a page:\n%s", r.messages())
			}
		})
	}
}

// A preview build finds an anchor broken by an edit of the page it points
// to, though the linking page did not change, and forgets it once fixed.
func TestIncrementalBuildRechecksAnchors(t *testing.T) {
	src := siteFS(t, baseSite)
	b := incremental.New(src, build.Options{})
	build1 := func(want string) {
		t.Helper()
		var d diag.List
		_, _, err := b.Build(&d)
		var got []string
		for _, x := range d.Sorted() {
			got = append(got, x.String())
		}
		switch {
		case want == "" && err != nil:
			t.Fatalf("build failed: %v\n%s", err, strings.Join(got, "\n"))
		case want != "" && !slices.Contains(got, want):
			t.Fatalf("want %q in %q", want, got)
		}
	}
	build1("")
	trips := src["content/policies/trips.md"]
	trips.Data = []byte(strings.Replace(string(trips.Data), "## Scope", "## Scopes", 1))
	b.Changed([]string{"content/policies/trips.md"})
	build1(`content/courses/itt-101.md:30: link to ../policies/trips.md#scope: content/policies/trips.md has no heading or anchor with the id "scope" (did you mean "../policies/trips.md#scopes"?)`)
	trips.Data = []byte(strings.Replace(string(trips.Data), "## Scopes", "## Scope", 1))
	b.Changed([]string{"content/policies/trips.md"})
	build1("")
}

// Check returns every link of the page bodies to other sites, however it
// is written, with its line; code is not a link.
func TestCheckReturnsLinksToOtherSites(t *testing.T) {
	src := siteFS(t, baseSite+`
-- content/a.md --
+++
title = "A"
+++
See [a](https://a.example/x?p=1&q=2) and <https://b.example/>.
Also www.c.example and `+"`https://not.a.link/`"+` in code.
![img](https://d.example/i.png) [ref][r] [again](https://a.example/x?p=1&q=2)

[r]: https://e.example/中文
[internal](about.md) [mail](mailto:x@example.org)
`)
	var d diag.List
	_, links := build.Check(src, build.Options{}, &d)
	if d.HasErrors() {
		t.Fatal(d.Sorted())
	}
	var got []string
	for _, l := range links {
		if l.Path == "content/a.md" {
			got = append(got, fmt.Sprintf("%d %s", l.Line, l.URL))
		}
	}
	want := []string{
		"4 https://a.example/x?p=1&q=2",
		"4 https://b.example/",
		"5 http://www.c.example",
		"6 https://d.example/i.png",
		"8 https://e.example/%E4%B8%AD%E6%96%87",
		"6 https://a.example/x?p=1&q=2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
