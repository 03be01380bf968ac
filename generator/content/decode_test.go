package content

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"qiao/generator/diag"
)

// problems parses src at path and returns its diagnostics, formatted.
func problems(t *testing.T, path, src string) ([]string, *File) {
	t.Helper()
	var d diag.List
	f := Parse(path, []byte(src), testConfig(t), &d)
	var got []string
	for _, x := range d.Sorted() {
		got = append(got, x.String())
	}
	return got, f
}

// A course's required fields, to which each case adds the key it tests.
const courseHead = "+++\ntitle = \"x\"\ncode = \"A\"\nlevel = \"advanced\"\nformat = \"online\"\n" // hours goes on line 6

func TestFrontMatterValues(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            []string
	}{
		// Numbers that are not finite, in every float field.
		{"nan hours", "content/courses/a.md", courseHead + "hours = nan\n+++\n",
			[]string{"content/courses/a.md:6: hours must be a finite number, not nan"}},
		{"inf hours", "content/courses/a.md", courseHead + "hours = +inf\n+++\n",
			[]string{"content/courses/a.md:6: hours must be a finite number, not inf"}},
		{"-inf hours", "content/courses/a.md", courseHead + "hours = -inf\n+++\n",
			[]string{"content/courses/a.md:6: hours must be a finite number, not -inf"}},
		{"nan module hours", "content/courses/a.md", courseHead + "hours = 2\n[[modules]]\ntitle = \"m\"\nhours = 2\n[[modules]]\ntitle = \"n\"\nhours = -nan\n+++\n",
			[]string{"content/courses/a.md:12: modules.hours must be a finite number, not nan"}},
		{"integer too large for a float", "content/courses/a.md", courseHead + "hours = 9007199254740993\n+++\n",
			[]string{"content/courses/a.md:6: hours = 9007199254740993 is too large"}},

		// Negative hours and seats.
		{"negative hours", "content/courses/a.md", courseHead + "hours = -2\n+++\n",
			[]string{"content/courses/a.md:6: hours must not be negative"}},
		{"negative module hours", "content/courses/a.md", courseHead + "hours = 2\n[[modules]]\ntitle = \"m\"\nhours = 4\n[[modules]]\ntitle = \"n\"\nhours = -2\n+++\n",
			[]string{"content/courses/a.md:12: module 2: hours must not be negative"}},
		{"negative seats", "content/courses/a.md", courseHead + "hours = 2\n[[sessions]]\nstart = 2025-01-01\nend = 2025-01-02\nseats = -1\n+++\n",
			[]string{"content/courses/a.md:10: session 1: seats must not be negative"}},

		// Wrong types, in tables and for table fields.
		{"links as text", "content/speakers/a.md", "+++\ntitle = \"x\"\nname = \"n\"\norganization = \"o\"\nlinks = \"x\"\n+++\n",
			[]string{`content/speakers/a.md:5: front matter: links: incompatible types: write a [links] table of name = "text" lines, not the text "x"`}},
		{"links as tables", "content/speakers/a.md", "+++\ntitle = \"x\"\nname = \"n\"\norganization = \"o\"\n[[links]]\nweb = \"x\"\n+++\n",
			[]string{`content/speakers/a.md:5: front matter: links: incompatible types: write a [links] table of name = "text" lines, not a list of tables`}},
		{"link not text", "content/speakers/a.md", "+++\ntitle = \"x\"\nname = \"n\"\norganization = \"o\"\n[links]\nweb = \"https://example.org/\"\nemail = 1\nphone = [\"1\"]\n+++\n",
			[]string{
				`content/speakers/a.md:7: front matter: links.email: incompatible types: write text in quotes, not the number 1`,
				`content/speakers/a.md:8: front matter: links.phone: incompatible types: write text in quotes, not a list`,
			}},
		{"link not text, inline", "content/speakers/a.md", "+++\ntitle = \"x\"\nname = \"n\"\norganization = \"o\"\nlinks = { web = true }\n+++\n",
			[]string{`content/speakers/a.md:5: front matter: links.web: incompatible types: write text in quotes, not true`}},
		{"modules as text", "content/courses/a.md", courseHead + "hours = 2\nmodules = \"x\"\n+++\n",
			[]string{`content/courses/a.md:7: front matter: modules: incompatible types: write [[modules]] tables, not the text "x"`}},
		{"modules as one table", "content/courses/a.md", courseHead + "hours = 2\n[modules]\ntitle = \"m\"\n+++\n",
			[]string{`content/courses/a.md:7: front matter: modules: incompatible types: write [[modules]] tables, not a table`}},
		{"sessions as a number", "content/courses/a.md", courseHead + "hours = 2\nsessions = 3\n+++\n",
			[]string{`content/courses/a.md:7: front matter: sessions: incompatible types: write [[sessions]] tables, not the number 3`}},
		{"a module not a table", "content/courses/a.md", courseHead + "hours = 2\nmodules = [{ title = \"m\", hours = 2 }, 3]\n+++\n",
			[]string{`content/courses/a.md:7: front matter: modules: incompatible types: write [[modules]] tables, not a list holding the number 3`}},
		{"inline module, wrong type", "content/courses/a.md", courseHead + "hours = 2\nmodules = [{ title = \"m\", hours = \"2\" }]\n+++\n",
			[]string{`content/courses/a.md:7: front matter: modules.hours: incompatible types: write a number, not the text "2"`}},
		{"second module, wrong type", "content/courses/a.md", courseHead + "hours = 2\n[[modules]]\ntitle = \"m\"\n[[modules]]\ntitle = 2\nhours = 2\n+++\n",
			[]string{`content/courses/a.md:10: front matter: modules.title: incompatible types: write text in quotes, not the number 2`}},
		{"topics as text", "content/a.md", "+++\ntitle = \"x\"\ntopics = \"policy\"\n+++\n",
			[]string{`content/a.md:3: front matter: topics: incompatible types: write a list of text in quotes such as ["a", "b"], not the text "policy"`}},
		{"a topic not text", "content/a.md", "+++\ntitle = \"x\"\ntopics = [\"policy\", 2]\n+++\n",
			[]string{`content/a.md:3: front matter: topics: incompatible types: write a list of text in quotes such as ["a", "b"], not a list holding the number 2`}},
		{"seats as a fraction", "content/courses/a.md", courseHead + "hours = 2\n[[sessions]]\nstart = 2025-01-01\nend = 2025-01-02\nseats = 2.5\n+++\n",
			[]string{`content/courses/a.md:10: front matter: sessions.seats: incompatible types: write a whole number, not the number 2.5`}},
		{"draft as text", "content/a.md", "+++\ntitle = \"x\"\ndraft = \"yes\"\n+++\n",
			[]string{`content/a.md:3: front matter: draft: incompatible types: write true or false, not the text "yes"`}},
		{"year as text, not also missing", "content/cases/a.md", "+++\ntitle = \"x\"\nyear = \"2020\"\n+++\n",
			[]string{`content/cases/a.md:3: front matter: year: incompatible types: write a whole number, not the text "2020"`}},
		{"title as a date", "content/a.md", "+++\ntitle = 2024-01-01\n+++\n",
			[]string{`content/a.md:2: front matter: title: incompatible types: write text in quotes, not the date 2024-01-01`}},

		// Quoted dates, in every date field.
		{"quoted date", "content/a.md", "+++\ntitle = \"x\"\ndate = \"2024-01-01\"\n+++\n",
			[]string{"content/a.md:3: write dates without quotes: date = 2024-01-01"}},
		{"quoted lastmod", "content/a.md", "+++\ntitle = \"x\"\nlastmod = \"2024-01-01T10:00:00+08:00\"\n+++\n",
			[]string{"content/a.md:3: write dates without quotes: lastmod = 2024-01-01T10:00:00+08:00"}},
		{"quoted issued and effective", "content/policies/a.md", "+++\ntitle = \"x\"\nissuer = \"i\"\njurisdiction = \"national\"\nstatus = \"in-force\"\nissued = \"2024-01-01\"\neffective = \"2024-02-01\"\n+++\n",
			[]string{
				"content/policies/a.md:6: write dates without quotes: issued = 2024-01-01",
				"content/policies/a.md:7: write dates without quotes: effective = 2024-02-01",
			}},
		{"quoted session dates", "content/courses/a.md", courseHead + "hours = 2\n[[sessions]]\nstart = 2025-01-01\nend = 2025-01-02\n[[sessions]]\nstart = \"2025-03-01T09:00:00\"\nend = \"2025-03-01 17:00\"\n+++\n",
			[]string{
				"content/courses/a.md:11: write dates without quotes: start = 2025-03-01T09:00:00",
				"content/courses/a.md:12: write dates without quotes: end = 2025-03-01 17:00",
			}},
		{"text for a date", "content/a.md", "+++\ntitle = \"x\"\ndate = \"next week\"\n+++\n",
			[]string{`content/a.md:3: front matter: date: incompatible types: write a date such as 2024-01-01, not the text "next week"`}},
		{"time of day for a date", "content/a.md", "+++\ntitle = \"x\"\ndate = 10:30:00\n+++\n",
			[]string{`content/a.md:3: front matter: date: incompatible types: write a date such as 2024-01-01, not the time 10:30:00`}},
		{"number for a date", "content/a.md", "+++\ntitle = \"x\"\ndate = 2024\n+++\n",
			[]string{`content/a.md:3: front matter: date: incompatible types: write a date such as 2024-01-01, not the number 2024`}},

		// Unknown keys, named for each kind of page.
		{"unknown key, page", "content/a.md", "+++\ntitle = \"x\"\ntitel = \"y\"\n+++\n",
			[]string{`content/a.md:3: unknown front matter key "titel" for a page (did you mean "title"?)`}},
		{"unknown key, course", "content/courses/a.md", courseHead + "hours = 2\nhour = 2\n+++\n",
			[]string{`content/courses/a.md:7: unknown front matter key "hour" for a course (did you mean "hours"?)`}},
		{"unknown key, case", "content/cases/a.md", "+++\ntitle = \"x\"\nyear = 2020\nregoin = \"r\"\n+++\n",
			[]string{`content/cases/a.md:4: unknown front matter key "regoin" for a case (did you mean "region"?)`}},
		{"unknown key, policy", "content/policies/a.md", "+++\ntitle = \"x\"\nissuer = \"i\"\njurisdiction = \"national\"\nstatus = \"in-force\"\nnumbr = \"1\"\n+++\n",
			[]string{`content/policies/a.md:6: unknown front matter key "numbr" for a policy (did you mean "number"?)`}},
		{"unknown key, speaker", "content/speakers/a.md", "+++\ntitle = \"x\"\nname = \"n\"\norganization = \"o\"\nrole2 = \"r\"\n+++\n",
			[]string{`content/speakers/a.md:5: unknown front matter key "role2" for a speaker (did you mean "role"?)`}},
		{"unknown key, section", "content/courses/_index.md", "+++\ntitle = \"x\"\nhours = 2\n+++\n",
			[]string{`content/courses/_index.md:3: unknown front matter key "hours" for a section page`}},
		{"unknown key, home", "content/_index.zh.md", "+++\ntitle = \"x\"\nsumary = \"s\"\n+++\n",
			[]string{`content/_index.zh.md:3: unknown front matter key "sumary" for the home page (did you mean "summary"?)`}},
		{"unknown table, once", "content/a.md", "+++\ntitle = \"x\"\n[extra]\na = 1\nb = 2\n+++\n",
			[]string{`content/a.md:3: unknown front matter key "extra" for a page`}},
		{"a key's case matters", "content/a.md", "+++\nTitle = \"x\"\n+++\n",
			[]string{`content/a.md:1: front matter needs a title`, `content/a.md:2: unknown front matter key "Title" for a page (did you mean "title"?)`}},
		{"unknown key in the second module", "content/courses/a.md", courseHead + "hours = 2\n[[modules]]\nhours = 1\n[[modules]]\nhours = 1\nspeaker = [\"s\"]\n+++\n",
			[]string{`content/courses/a.md:11: unknown front matter key "modules.speaker" for a course (did you mean "speakers"?)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, f := problems(t, tt.path, tt.src)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n got %q\nwant %q", got, tt.want)
			}
			if f == nil {
				t.Error("the file was left out; only TOML that does not parse leaves it out")
			}
		})
	}
}

// One file with a problem of each sort: every one is reported, each at
// its key's line, and the values that were right are kept.
func TestFrontMatterAllProblemsAtOnce(t *testing.T) {
	src := `+++
title = "Technology transfer"
level = "advanced"
format = "onlin"
hours = "ten"
date = "2024-01-01"
speakrs = ["han-jun"]
[[modules]]
title = "One"
hours = nan
[[sessions]]
start = 2025-03-01T09:00:00
end = 2025-03-01T17:00:00
seats = -3
[[sessions]]
start = 2025-04-01
end = "2025-04-02"
+++
Body.
`
	got, f := problems(t, "content/courses/itt-201.md", src)
	want := []string{
		`content/courses/itt-201.md:1: front matter needs code`,
		`content/courses/itt-201.md:4: format = "onlin" is not allowed; use one of in-person, online, hybrid (did you mean "online"?)`,
		`content/courses/itt-201.md:5: front matter: hours: incompatible types: write a number, not the text "ten"`,
		`content/courses/itt-201.md:6: write dates without quotes: date = 2024-01-01`,
		`content/courses/itt-201.md:7: unknown front matter key "speakrs" for a course (did you mean "speakers"?)`,
		`content/courses/itt-201.md:10: modules.hours must be a finite number, not nan`,
		`content/courses/itt-201.md:14: session 1: seats must not be negative`,
		`content/courses/itt-201.md:17: write dates without quotes: end = 2025-04-02`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n got %q\nwant %q", got, want)
	}
	if f == nil || f.Course == nil {
		t.Fatal("the file was left out")
	}
	c := f.Course
	wantStart := time.Date(2025, 3, 1, 9, 0, 0, 0, time.Local)
	if f.Title != "Technology transfer" || c.Level != "advanced" || len(c.Modules) != 1 || c.Modules[0].Title != "One" ||
		len(c.Sessions) != 2 || !c.Sessions[0].Start.Equal(wantStart) || c.Sessions[1].Start.IsZero() || !c.Sessions[1].End.IsZero() {
		t.Errorf("the values that were right are not all kept: %+v %+v", f.Common, c)
	}
}

// Every field of every front-matter type is of a kind the decoder fills.
func TestFrontMatterFieldsDecodable(t *testing.T) {
	var walk func(t reflect.Type, nested bool) []string
	walk = func(typ reflect.Type, nested bool) (bad []string) {
		for i := range typ.NumField() {
			sf := typ.Field(i)
			ft := sf.Type
			switch {
			case ft == timeType:
			case ft.PkgPath() != "":
				bad = append(bad, typ.Name()+"."+sf.Name)
			case ft.Kind() == reflect.String, ft.Kind() == reflect.Int, ft.Kind() == reflect.Int64, ft.Kind() == reflect.Float64, ft.Kind() == reflect.Bool:
			case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String && ft.Elem().PkgPath() == "":
			case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct && !nested:
				bad = append(bad, walk(ft.Elem(), true)...)
			case ft.Kind() == reflect.Map && ft.Key().Kind() == reflect.String && ft.Elem().Kind() == reflect.String && !nested:
			default:
				bad = append(bad, typ.Name()+"."+sf.Name)
			}
		}
		return bad
	}
	for _, v := range []any{Common{}, Course{}, Case{}, Policy{}, Speaker{}} {
		if bad := walk(reflect.TypeOf(v), false); len(bad) > 0 {
			t.Errorf("fields the front-matter decoder cannot fill: %v", bad)
		}
	}
}

// The codes of check's JSON report: a value of the wrong type is a
// front-matter problem, as a syntax error is; a number out of range is a
// value problem.
func TestFrontMatterCodes(t *testing.T) {
	cfg := testConfig(t)
	var d diag.List
	Parse("content/courses/a.md", []byte(courseHead+"hours = inf\ndate = \"2024-01-01\"\nweight = \"1\"\n+++\n"), cfg, &d)
	var got []string
	for _, x := range d.Sorted() {
		got = append(got, x.Code)
	}
	if want := []string{"value", "front-matter", "front-matter"}; !reflect.DeepEqual(got, want) {
		t.Errorf("codes %q, want %q", got, want)
	}
}
