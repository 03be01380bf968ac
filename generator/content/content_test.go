package content

import (
	"strings"
	"testing"

	"qiao/generator/config"
	"qiao/generator/diag"
)

func testConfig(t testing.TB) *config.Config {
	t.Helper()
	var d diag.List
	cfg := config.Parse([]byte(`title = "T"
defaultLanguage = "en"
[languages.en]
[languages.zh]
[topics.policy]
en = "Policy"
`), &d)
	if d.HasErrors() {
		t.Fatalf("config: %v", d.Sorted())
	}
	return cfg
}

func TestParse(t *testing.T) {
	cfg := testConfig(t)
	tests := []struct {
		name, path, src string
		want            []string // diagnostics, formatted
	}{
		{"course ok", "content/courses/itt-201.zh.md", "+++\ntitle = \"x\"\ncode = \"ITT-201\"\nlevel = \"advanced\"\nformat = \"online\"\nhours = 6\n[[modules]]\ntitle = \"m\"\nhours = 6\n+++\nbody\n", nil},
		{"bad toml", "content/cases/a.md", "+++\ntitle = \"x\"\nyear = \n+++\n", []string{"content/cases/a.md:3: front matter: year: expected value but found '\\n' instead"}},
		{"unknown key", "content/cases/a.md", "+++\ntitle = \"x\"\nyear = 2020\nrelatd = []\n+++\n", []string{`content/cases/a.md:4: unknown front matter key "relatd" for a case (did you mean "related"?)`}},
		{"nested unknown", "content/courses/a.md", "+++\ntitle = \"x\"\ncode = \"A\"\nlevel = \"advanced\"\nformat = \"online\"\nhours = 6\n[[modules]]\ntitle = \"m\"\nhourz = 6\n+++\n", []string{`content/courses/a.md:6: the modules add up to 0 hours but hours = 6; correct one of them`, `content/courses/a.md:9: unknown front matter key "modules.hourz" for a course (did you mean "hours"?)`}},
		{"wrong type", "content/courses/a.md", "+++\ntitle = \"x\"\ncode = \"A\"\nlevel = \"advanced\"\nformat = \"online\"\nhours = \"six\"\n+++\n", []string{`content/courses/a.md:6: front matter: hours: incompatible types: write a number, not the text "six"`}},
		{"bad level", "content/courses/a.md", "+++\ntitle = \"x\"\ncode = \"A\"\nlevel = \"advansed\"\nformat = \"online\"\nhours = 1\n+++\n", []string{`content/courses/a.md:4: level = "advansed" is not allowed; use one of foundation, intermediate, advanced (did you mean "advanced"?)`}},
		{"unknown topic", "content/a.md", "+++\ntitle = \"x\"\ntopics = [\n  \"polcy\",\n]\n+++\n", []string{`content/a.md:4: unknown topic "polcy"; topics are declared in site.toml as [topics.<key>] (did you mean "policy"?)`}},
		{"no front matter", "content/a.md", "# hello\n", []string{`content/a.md:1: front matter must start on the first line with +++ and end with a +++ line`}},
		{"unclosed", "content/a.md", "+++\ntitle = \"x\"\n", []string{`content/a.md:1: front matter must start on the first line with +++ and end with a +++ line`}},
		{"unsafe slug", "content/a.md", "+++\ntitle = \"x\"\nslug = \"../../x\"\n+++\n", []string{`content/a.md:3: slug "../../x" cannot be used in a URL: use one path segment of letters, digits, hyphens and underscores`}},
		{"unknown language", "content/a.fr.md", "+++\ntitle = \"x\"\n+++\n", []string{`content/a.fr.md: "fr" is not a configured language (configured: en, zh); name files <name>.<language>.md`}},
		{"hours mismatch", "content/courses/a.md", "+++\ntitle = \"x\"\ncode = \"A\"\nlevel = \"advanced\"\nformat = \"online\"\nhours = 10\n[[modules]]\ntitle = \"m\"\nhours = 6\n[[modules]]\ntitle = \"n\"\nhours = 3.5\n+++\n", []string{`content/courses/a.md:6: the modules add up to 9.5 hours but hours = 10; correct one of them`}},
		{"session order", "content/courses/a.md", "+++\ntitle = \"x\"\ncode = \"A\"\nlevel = \"advanced\"\nformat = \"online\"\nhours = 1\n[[sessions]]\nstart = 2025-01-02\nend = 2025-01-03\n[[sessions]]\nstart = 2025-01-02T10:00:00\nend = 2025-01-01T10:00:00\n+++\n", []string{`content/courses/a.md:12: session 2 ends (2025-01-01 10:00) before it starts (2025-01-02 10:00)`}},
		{"not utf-8", "content/a.md", "+++\ntitle = \"x\"\n+++\nok\nbad \x9c\n", []string{`content/a.md:5: this file is not UTF-8 text; save it as UTF-8`}},
		{"required", "content/speakers/a.md", "+++\ntitle = \"x\"\n+++\n", []string{`content/speakers/a.md:1: front matter needs name`, `content/speakers/a.md:1: front matter needs organization`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			Parse(tt.path, []byte(tt.src), cfg, &d)
			var got []string
			for _, x := range d.Sorted() {
				got = append(got, x.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseNames(t *testing.T) {
	cfg := testConfig(t)
	tests := []struct {
		path, name, lang, section, typ, bundle string
		kind                                   Kind
	}{
		{"content/courses/itt-201.md", "courses/itt-201", "en", "courses", TypeCourses, "", KindPage},
		{"content/courses/itt-201.en.md", "courses/itt-201", "en", "courses", TypeCourses, "", KindPage},
		{"content/speakers/han-jun/index.zh.md", "speakers/han-jun", "zh", "speakers", TypeSpeakers, "content/speakers/han-jun", KindPage},
		{"content/courses/_index.zh.md", "courses", "zh", "courses", TypeCourses, "", KindSection},
		{"content/_index.md", "", "en", "", TypePage, "", KindHome},
		{"content/about.md", "about", "en", "", TypePage, "", KindPage},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var d diag.List
			src := "+++\ntitle = \"x\"\n+++\n"
			if tt.typ == TypeSpeakers && tt.kind == KindPage {
				src = "+++\ntitle = \"x\"\nname = \"n\"\norganization = \"o\"\n+++\n"
			}
			if tt.typ == TypeCourses && tt.kind == KindPage {
				src = "+++\ntitle = \"x\"\ncode = \"A\"\nlevel = \"advanced\"\nformat = \"online\"\nhours = 1\n+++\n"
			}
			f := Parse(tt.path, []byte(src), cfg, &d)
			if d.HasErrors() || f == nil {
				t.Fatalf("errors: %v", d.Sorted())
			}
			if f.Name != tt.name || f.Lang != tt.lang || f.Section != tt.section || f.Type != tt.typ || f.Bundle != tt.bundle || f.Kind != tt.kind {
				t.Errorf("got name=%q lang=%q section=%q type=%q bundle=%q kind=%v", f.Name, f.Lang, f.Section, f.Type, f.Bundle, f.Kind)
			}
		})
	}
}

func TestSplitLines(t *testing.T) {
	front, body, line, ok := Split([]byte("\xef\xbb\xbf+++\r\ntitle = 1\r\n+++\r\nhello\r\n"))
	if !ok || front != "title = 1\n" || string(body) != "hello\r\n" || line != 4 {
		t.Errorf("got %q %q %d %v", front, body, line, ok)
	}
}
