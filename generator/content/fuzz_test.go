package content

import (
	"bytes"
	"strings"
	"testing"

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
	})
}
