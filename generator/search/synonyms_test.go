package search

import (
	"encoding/json"
	"testing"
)

// FuzzSynonyms checks synonym groups read from site.toml: whatever the
// terms, CheckSynonyms and SetSynonyms do not fail, every term kept has
// parts, and no two kept terms have the same parts.
func FuzzSynonyms(f *testing.F) {
	for _, seed := range [][3]string{
		{"WTO", "世贸组织", "World Trade Organization"},
		{"the", "licence", "licences"},
		{"技術轉移", "技术转移", "technology-transfer"},
		{"", "   ", "ITT-201"},
		{"\xff", "a\u0301", "ﬁ"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		groups := [][]string{{a, b}, {c, a}, {b, c, "patent"}}
		problems := CheckSynonyms(groups)
		for _, p := range problems {
			if p.Group < 0 || p.Group >= len(groups) || p.Term < -1 || p.Term >= len(groups[p.Group]) || p.Message == "" {
				t.Fatalf("problem out of range: %+v", p)
			}
		}
		bld := NewBuilder(0, nil, Options{})
		bld.SetSynonyms(groups)
		seen := map[string]bool{}
		for _, set := range bld.synonyms {
			if len(set) < 2 {
				t.Fatalf("a group of %d terms kept: %v", len(set), set)
			}
			for _, parts := range set {
				if len(parts) == 0 {
					t.Fatal("a term with no parts kept")
				}
				k, _ := json.Marshal(parts)
				if seen[partsKey(parts)] {
					t.Fatalf("two terms read as %s", k)
				}
				seen[partsKey(parts)] = true
			}
		}
	})
}
