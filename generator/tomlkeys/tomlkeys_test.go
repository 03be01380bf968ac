package tomlkeys

import (
	"strings"
	"testing"
)

const doc = `title = "x"
links.website = "https://example.org/"
[[modules]]
title = "one"
[[modules]]
hours = 2
[links]
email = "a@example.org"
[[modules]]
title = "three"
hours = 3
topics = [
  "a",
  "b",
]
`

func TestLines(t *testing.T) {
	ix := New(doc)
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"KeyLine title", ix.KeyLine("title"), 1},
		{"KeyLine dotted", ix.KeyLine("links.website"), 2},
		{"KeyLine header", ix.KeyLine("modules"), 3},
		{"KeyLine in table", ix.KeyLine("links.email"), 8},
		{"KeyLine missing", ix.KeyLine("nothing"), 0},
		{"NthKeyLine", ix.NthKeyLine("modules", 2), 9},
		{"NthKeyLine past the end", ix.NthKeyLine("modules", 3), 0},
		{"TableKeyLine first", ix.TableKeyLine("modules", 0, "title"), 4},
		{"TableKeyLine absent from its table", ix.TableKeyLine("modules", 1, "title"), 0},
		{"TableKeyLine second", ix.TableKeyLine("modules", 1, "hours"), 6},
		{"TableKeyLine after another table", ix.TableKeyLine("modules", 2, "hours"), 11},
		{"TableKeyLine past the end", ix.TableKeyLine("modules", 3, "hours"), 0},
		{"ValueLine in a list", ix.ValueLine("modules.topics", "b"), 14},
		{"ValueLine falls back to the key", ix.ValueLine("modules.topics", "c"), 12},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got line %d, want %d", tt.name, tt.got, tt.want)
		}
	}
}

// Lines inside a value that spans lines are never headers or keys: nested
// arrays start lines with "[", multi-line strings may hold anything.
func TestValuesSpanningLines(t *testing.T) {
	const src = `[search]
synonyms = [
  ["WTO", "世贸", "世界贸易组织"],  # a comment ]]
  ["PCT", "专利合作条约"],
]
note = """
[not.a.table]
fake = "key"
"""
literal = '''
[[nor.this]] ''' # closed here
[other]
quote = "a \" ] [ b"
after = 1
list = [ 'x', "[y" ]
last = 2
`
	ix := New(src)
	for key, want := range map[string]int{
		"search": 1, "search.synonyms": 2, "search.note": 6, "search.literal": 10,
		"other": 12, "other.quote": 13, "other.after": 14, "other.list": 15, "other.last": 16,
		"not.a.table": 0, "search.fake": 0, "nor.this": 0,
	} {
		if got := ix.KeyLine(key); got != want {
			t.Errorf("KeyLine(%q) = %d, want %d", key, got, want)
		}
	}
	if got := ix.ValueLine("search.synonyms", "PCT"); got != 4 {
		t.Errorf("ValueLine(search.synonyms, PCT) = %d, want 4", got)
	}
}

// Whatever the source, indexing never panics, and every line is kept.
func FuzzNew(f *testing.F) {
	f.Add(doc)
	f.Add("a = [\n[\n'''\n]\n\"\\\n")
	f.Add(`x = """\"""" ` + "\n[t]\ny = 1")
	f.Fuzz(func(t *testing.T, src string) {
		ix := New(src)
		if got, want := len(ix.lines), strings.Count(src, "\n")+1; got != want {
			t.Fatalf("%d lines indexed, want %d", got, want)
		}
	})
}
