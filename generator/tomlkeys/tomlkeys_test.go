package tomlkeys

import "testing"

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
