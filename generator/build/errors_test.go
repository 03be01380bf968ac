package build_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qiao/generator/build"
)

func TestBadInputIsReportedWithPathAndLine(t *testing.T) {
	tests := []struct {
		name  string
		files string
		want  []string
	}{
		{"bad TOML", `
-- content/cases/broken.md --
+++
title = "Broken"
year = 
+++
`, []string{"content/cases/broken.md:3: front matter: year: expected value"}},
		{"unknown speaker", `
-- content/courses/itt-301.md --
+++
title = "Trade"
code = "ITT-301"
level = "advanced"
format = "online"
hours = 4
speakers = [
  "han-jun",
  "han-jn",
]
+++
`, []string{`content/courses/itt-301.md:9: speakers: no page named "speakers/han-jn"`}},
		{"unknown prerequisite", `
-- content/courses/itt-301.md --
+++
title = "Trade"
code = "ITT-301"
level = "advanced"
format = "online"
hours = 4
prerequisites = ["itt-102"]
+++
`, []string{`content/courses/itt-301.md:7: prerequisites: no page named "courses/itt-102" (did you mean "itt-101"?)`}},
		{"unknown related", `
-- content/cases/c.md --
+++
title = "C"
year = 2020
related = ["policies/trip"]
+++
`, []string{`content/cases/c.md:4: related: no page named "policies/trip" (did you mean "policies/trips"?)`}},
		{"link to a missing .md", `
-- content/cases/c.md --
+++
title = "C"
year = 2020
+++
First paragraph.

See [the law](../policies/missing-law.md).
`, []string{"content/cases/c.md:7: link to ../policies/missing-law.md: no such page"}},
		{"slug leaving the output", `
-- content/cases/c.md --
+++
title = "C"
year = 2020
slug = "../../x"
+++
`, []string{`content/cases/c.md:4: slug "../../x" cannot be used in a URL`}},
		{"alias leaving the output", `
-- content/cases/c.md --
+++
title = "C"
year = 2020
aliases = ["/../../../etc/x/"]
+++
`, []string{`content/cases/c.md:4: alias "/../../../etc/x/" would leave the site`}},
		{"two pages, one URL", `
-- content/cases/c.md --
+++
title = "C"
year = 2020
slug = "licence"
+++
`, []string{`has the same URL as`, `(/cases/licence/)`}},
		{"default language file twice", `
-- content/speakers/han-jun.en.md --
+++
title = "Han Jun"
name = "Han Jun"
organization = "X"
+++
`, []string{"content/speakers/han-jun.md:1: content/speakers/han-jun.en.md and content/speakers/han-jun.md are both the en version of the same page; keep one"}},
		{"missing photo", `
-- content/speakers/wu.md --
+++
title = "Wu"
name = "Wu"
organization = "X"
photo = "wu.jpg"
+++
`, []string{`content/speakers/wu.md:5: photo "wu.jpg" not found`}},
		{"unknown topic", `
-- content/cases/c.md --
+++
title = "C"
year = 2020
topics = ["polcy"]
+++
`, []string{`content/cases/c.md:4: unknown topic "polcy"`, `(did you mean "policy"?)`}},
		{"duplicate course code", `
-- content/courses/itt-102.md --
+++
title = "Copy"
code = "itt-101"
level = "advanced"
format = "online"
hours = 4
+++
`, []string{`content/courses/itt-102.md:3: course code "itt-101" is already used by content/courses/itt-101.md`}},
		{"missing image", `
-- content/cases/c.md --
+++
title = "C"
year = 2020
+++
![A chart](chart.png)
`, []string{"content/cases/c.md:5: link to chart.png: no such page or file"}},
		{"template error", `
-- layouts/cases/single.html --
{{define "main"}}
{{.NoSuchField}}
{{end}}
`, []string{"content/cases/licence.md: cannot render: layouts/cases/single.html:2:", "NoSuchField"}},
		{"template syntax error", `
-- layouts/partials/footer.html --
<footer>{{if}}</footer>
`, []string{"layouts/partials/footer.html:1: missing value for if"}},
		{"bad site.toml", `
-- site.toml --
title = "T"
defaultLanguage = "en"
[languages.en]
nmae = "English"
`, []string{`site.toml:4: unknown key "languages.en.nmae" (did you mean "name"?)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := baseSite + tt.files
			if strings.Contains(tt.files, "-- site.toml --") {
				site = tt.files
			}
			buildSite(t, site, build.Options{}).failsWith(tt.want...)
		})
	}
}

func TestEveryProblemIsReportedAtOnce(t *testing.T) {
	r := buildSite(t, baseSite+`
-- content/cases/a.md --
+++
title = "A"
year = "2020"
+++
-- content/cases/b.md --
+++
title = "B"
year = 2020
related = ["cases/nothing"]
+++
-- content/cases/c.md --
+++
title = "C"
year = 2020
+++
[x](nothing.md)
`, build.Options{})
	r.failsWith(
		"content/cases/a.md:3: front matter: year: incompatible types",
		`content/cases/b.md:4: related: no page named "cases/nothing"`,
		"content/cases/c.md:5: link to nothing.md: no such page")
}

func TestFailedBuildKeepsThePreviousOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	buildSite(t, baseSite, build.Options{Out: out}).ok()
	before := snapshot(t, out)
	buildSite(t, baseSite+`
-- content/cases/bad.md --
+++
title = "Bad"
+++
`, build.Options{Out: out}).failsWith("content/cases/bad.md:1: front matter needs year")
	if after := snapshot(t, out); !bytes.Equal(before, after) {
		t.Error("the failed build changed the previous output")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary directories left behind: %v", entries)
	}
}

func TestBuildsAreByteIdentical(t *testing.T) {
	a := buildSite(t, baseSite, build.Options{}).ok()
	b := buildSite(t, baseSite, build.Options{}).ok()
	if sa, sb := snapshot(t, a.out), snapshot(t, b.out); !bytes.Equal(sa, sb) {
		t.Error("two builds of the same input differ")
	}
}

func TestNothingIsWrittenOutsideTheOutput(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "site", "public")
	buildSite(t, baseSite+`
-- content/cases/c.md --
+++
title = "C"
year = 2020
slug = ".."
aliases = ["../../escape/", "/a/../../escape2/"]
+++
`, build.Options{Out: out}).failsWith(`slug ".." cannot be used`, `alias "../../escape/" would leave the site`, `alias "/a/../../escape2/" would leave the site`)
	var found []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if p != root {
			found = append(found, p)
		}
		return nil
	})
	if len(found) != 0 {
		t.Errorf("files written: %v", found)
	}
}

// snapshot returns every file's path and content in a stable order.
func snapshot(t *testing.T, dir string) []byte {
	t.Helper()
	var b bytes.Buffer
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(rel + "\n")
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestUnknownStrings: a UI string the layouts use that a language lacks
// and no fallback provides is shown as its key, and the build says so at
// the language's strings table, once per language; the build succeeds.
func TestUnknownStrings(t *testing.T) {
	r := buildSite(t, `
-- site.toml --
title = "Strings"
defaultLanguage = "en"
[languages.en]
name = "English"
prefix = ""
[languages.zh]
name = "中文"
prefix = "zh"
[languages.zh.strings]
slogan = "知识转移"
-- content/_index.md --
+++
title = "Home"
+++
-- content/_index.zh.md --
+++
title = "首页"
+++
-- layouts/partials/footer.html --
<footer>{{.T "slogan"}} {{.T "feed"}} {{.T "colophon"}}</footer>
`, build.Options{}).ok()
	r.has("index.html", "<footer>slogan Atom feed colophon</footer>")
	r.has("zh/index.html", "<footer>知识转移")
	got := r.messages()
	for _, want := range []string{
		`site.toml:3: warning: the layouts use UI strings that language "en" lacks and no other language provides: "colophon", "slogan"; its pages show the keys themselves. Add them under [languages.en.strings]`,
		`site.toml:9: warning: the layouts use UI strings that language "zh" lacks and no other language provides: "colophon";`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "unknown-string") + strings.Count(got, "UI strings"); n != 2 {
		t.Errorf("%d warnings about strings, want one per language:\n%s", n, got)
	}
}
