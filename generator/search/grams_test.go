package search

import (
	"fmt"
	"testing"
)

// TestGrams shows what grams.go indexes: a frequent pair with its longer
// forms, a continuation where one character always follows, and a branch
// where several do.
func TestGrams(t *testing.T) {
	var docs []Document
	for i, text := range []string{"技术转移机构", "技术转移机构", "技术转移机构", "技术转让", "技术转让。技术"} {
		docs = append(docs, Document{URL: fmt.Sprintf("zh/cases/c%d/", i), Lang: "zh", Type: "cases", Title: "案例",
			Text: PageText{Body: []string{text}}})
	}
	x := openIndex(t, writeIndex(t, docs, identity(len(docs)), Options{GramCount: 1, GramLength: 6}))
	for _, tc := range []struct {
		term        string
		docs        int
		extended    bool
		next        string
		hasPosition bool
	}{
		// 技术 is followed by 转 wherever a character follows it, but it
		// also ends a run: no continuation, its longer forms are terms.
		{"技术", 5, true, "", true},
		{"技术转", 5, true, "", false},
		// Then it branches.
		{"技术转移", 3, false, "机构", false}, // six characters: no longer forms
		{"技术转让", 2, true, "", false},
		// 术转 is always followed by 移 or 让.
		{"术转", 5, true, "", true},
		{"术转移", 3, true, "机构", false},
		{"术转让", 2, true, "", false},
		{"移机", 3, true, "构", true},
		{"机构", 3, false, "", true}, // it ends every run it is in
	} {
		st := x.terms[tc.term]
		if st == nil {
			t.Errorf("%s is not a term", tc.term)
			continue
		}
		if len(st.Docs) != tc.docs || st.Flags&termExtended != 0 != tc.extended || st.Next != tc.next || (x.pos[tc.term] != nil) != tc.hasPosition {
			t.Errorf("%s: %d pages, extended %v, continuation %q, positions %v; want %+v", tc.term, len(st.Docs),
				st.Flags&termExtended != 0, st.Next, x.pos[tc.term] != nil, tc)
		}
	}
	for _, term := range []string{"技术转移机", "移机构"} {
		if x.terms[term] != nil {
			t.Errorf("%s is a term", term)
		}
	}
}
