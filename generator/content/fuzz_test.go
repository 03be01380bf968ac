package content

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"qiao/generator/diag"
)

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"+++\ntitle = \"x\"\n+++\nbody", "+++\r\n+++\r\n", "\xef\xbb\xbf+++\n+++", "+++", "", "+++\n+++ \n\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		front, body, line, ok := Split(src)
		if !ok {
			return
		}
		if line < 3 {
			t.Errorf("body line %d < 3", line)
		}
		if !bytes.HasSuffix(src, body) {
			t.Errorf("body %q is not the end of the source", body)
		}
		if strings.Count(front, "\n") > bytes.Count(src, []byte("\n")) {
			t.Errorf("front matter has more lines than the file")
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add("content/courses/itt-201.zh.md", "+++\ntitle = \"x\"\ncode = \"A\"\nlevel = \"advanced\"\nformat = \"online\"\nhours = 6\n[[modules]]\ntitle = \"m\"\nhours = 6\n+++\nbody\n")
	f.Add("content/speakers/a/index.md", "+++\ntitle = \"x\"\nname = 1\n+++\n")
	f.Add("content/cases/_index.en.md", "+++\ntitle = 'x'\nyear = 2020\nrelated = [\"a\",\n\"b\"]\n+++\n")
	f.Add("content/policies/p.md", "+++\ntitle = \"x\"\n[[sessions]]\nstart = 2025-01-01\n+++")
	f.Add("content/courses/b.md", "+++\ntitle = \"x\"\ncode = \"A\"\nlevel = \"advanced\"\nformat = \"online\"\nhours = 6\nfee = \"CNY 1\"\n[[sessions]]\nstart = 2025-01-02T09:00:00+08:00\nend = 2025-01-09T17:00:00+08:00\ndays = [\"thu\"]\nmode = \"hybrid\"\nenrol = \"a@b.c\"\n+++\n")
	f.Add("content/a.fr.md", "+++\n\"\"\"\n+++\n")
	cfg := testConfig(f)
	f.Fuzz(func(t *testing.T, path, src string) {
		var d diag.List
		file := Parse(path, []byte(src), cfg, &d)
		for _, x := range d.Sorted() {
			if x.Path != path || x.Line < 0 || x.Message == "" {
				t.Errorf("bad diagnostic %+v", x)
			}
		}
		if file == nil {
			return
		}
		if !d.HasErrors() {
			for _, seg := range strings.Split(file.Name, "/") {
				if file.Name != "" && !SafeSegment(seg) {
					t.Errorf("unsafe name %q accepted", file.Name)
				}
			}
			if file.Slug != "" && !SafeSegment(file.Slug) {
				t.Errorf("unsafe slug %q accepted", file.Slug)
			}
		}
		if file.Course != nil {
			// A course that passed validation gives sessions that meet.
			for _, r := range file.Course.Runs() {
				if m := r.Meetings(); !d.HasErrors() && !r.Start.IsZero() && !r.End.IsZero() && len(m) == 0 {
					t.Errorf("session %d never meets", r.Number)
				}
			}
		}
	})
}

// kindPaths name one file of each kind, whose front matter decodes into
// different structs.
var kindPaths = []string{"content/a.md", "content/courses/a.md", "content/cases/a.md", "content/policies/a.md", "content/speakers/a.md", "content/courses/_index.md"}

// FuzzFrontMatterPaths holds the two ways of decoding front matter to the
// same results: a file gives the same diagnostics and values whether the
// fast decoder takes its front matter or not. And where the full way
// reports nothing, BurntSushi/toml decoding into the structs agrees with it.
func FuzzFrontMatterPaths(f *testing.F) {
	for _, s := range []string{
		"title = \"x\"\ncode = \"A\"\nlevel = \"advanced\"\nformat = \"online\"\nhours = 6\n[[modules]]\ntitle = \"m\"\nhours = 6\n[[sessions]]\nstart = 2025-01-02T09:00:00+08:00\nend = 2025-01-02T17:00:00\nseats = 12",
		"title = \"x\"\nname = \"n\"\norganization = \"o\"\nlanguages = [\"en\", \"zh\"]\n[links]\nweb = \"https://example.org/\"",
		"title = \"x\"\nyear = 2020\nrelated = [\n  \"cases/b\", # a comment\n]",
		"title = \"x\"\nissuer = \"i\"\njurisdiction = \"hong-kong\"\nstatus = \"in-force\"\nissued = 2024-01-01\neffective = 2024-07-01",
		"title = \"x\"\ndate = 2024-01-15T12:00:00Z\nlastmod = 2024-07-01\ndraft = true\nweight = -3\ntopics = [\"policy\"]\naliases = []",
		"title = 'literal'\nhours = 1e3",
		"title = \"x\"\nhours = nan\nyear = \"2020\"",
		"title = \"x\"\ndate = \"2024-01-01\"\nlinks = \"x\"\nsessions = 3",
		"Title = \"x\"\n[extra]\na = 1",
		"title = \"x\"\nmodules = [{ title = \"m\", hours = \"2\" }, 3]",
		"title = \"x\"\ndate = 10:00:00\n[[links]]",
		"title = \"x\"\nhours = 9007199254740993\nweight = 1.5",
		"title = \"x\"\ntitle = \"y\"",
		"title = ",
	} {
		f.Add(s)
	}
	cfg := testConfig(f)
	f.Fuzz(func(t *testing.T, front string) {
		src := []byte("+++\n" + front + "\n+++\nbody\n")
		for _, p := range kindPaths {
			var fastDiags, fullDiags diag.List
			fast := parse(p, src, cfg, true, &fastDiags)
			full := parse(p, src, cfg, false, &fullDiags)
			if a, b := fastDiags.Sorted(), fullDiags.Sorted(); !reflect.DeepEqual(a, b) {
				t.Errorf("%s: with the fast decoder:\n%v\nwithout:\n%v", p, a, b)
			}
			if (fast == nil) != (full == nil) {
				t.Fatalf("%s: with the fast decoder the file is %v, without %v", p, fast, full)
			}
			if fast != nil && !reflect.DeepEqual(frontValues(fast), frontValues(full)) {
				t.Errorf("%s: with the fast decoder:\n%s\nwithout:\n%s", p, showFront(fast), showFront(full))
			}
			if full != nil {
				agreesWithBurntSushi(t, full)
			}
		}
	})
}

// agreesWithBurntSushi decodes the front matter of a parsed file again the
// full way and, when that reports nothing, requires BurntSushi/toml to take
// it whole with the same values.
func agreesWithBurntSushi(t *testing.T, parsed *File) {
	t.Helper()
	ours := &File{Path: parsed.Path, Kind: parsed.Kind, Type: parsed.Type, front: parsed.front}
	var d diag.List
	if _, ok := decode(ours, parsed.front, false, &d); !ok || len(d.Sorted()) > 0 {
		return
	}
	ref := &File{Kind: parsed.Kind, Type: parsed.Type}
	whole, _ := frontTargets(ref)
	md, err := toml.Decode(parsed.front, whole)
	if err != nil {
		t.Fatalf("%s: took %q, which BurntSushi/toml rejects: %v", parsed.Path, parsed.front, err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Fatalf("%s: took %q, of which BurntSushi/toml leaves %v", parsed.Path, parsed.front, u)
	}
	if !reflect.DeepEqual(frontValues(ours), frontValues(ref)) {
		t.Errorf("%s: decoding %q:\n got  %s\n want %s", parsed.Path, parsed.front, showFront(ours), showFront(ref))
	}
}

// frontValues is what a file's front matter decoded to.
func frontValues(f *File) any {
	return struct {
		Common
		Course  *Course
		Case    *Case
		Policy  *Policy
		Speaker *Speaker
	}{f.Common, f.Course, f.Case, f.Policy, f.Speaker}
}

// showFront writes out a file's front-matter values, for failures.
func showFront(f *File) string {
	s := fmt.Sprintf("%+v", f.Common)
	for _, typed := range []any{f.Course, f.Case, f.Policy, f.Speaker} {
		if v := reflect.ValueOf(typed); !v.IsNil() {
			s += fmt.Sprintf(" %+v", v.Elem().Interface())
		}
	}
	return s
}
