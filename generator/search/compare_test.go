package search

import (
	"math/rand/v2"
	"testing"
	"unicode/utf16"
)

// compareTermsUTF16 is compareTerms as its definition says.
func compareTermsUTF16(a, b string) int {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			if ua[i] < ub[i] {
				return -1
			}
			return 1
		}
	}
	return len(ua) - len(ub)
}

func sign(n int) int { return min(1, max(-1, n)) }

func TestCompareTerms(t *testing.T) {
	pieces := []string{"", "a", "b", "z", "ab", "技", "术", "\ue000", "\uffff", "\ufffd", "𠀀", "𠀁", "😀", "\U0010ffff",
		"\xe6", "\xe6\x8a", "\xe6\x8a\x80", "\x80", "\xff", "\xf0\x9f", "\xf0\x9f\x98", "é", "e\u0301"}
	r := rand.New(rand.NewPCG(7, 8))
	word := func() string {
		s := ""
		for range r.IntN(5) {
			s += pieces[r.IntN(len(pieces))]
		}
		return s
	}
	for range 200000 {
		a, b := word(), word()
		if r.IntN(4) == 0 {
			b = a + word()
		}
		if got, want := sign(compareTerms(a, b)), sign(compareTermsUTF16(a, b)); got != want {
			t.Fatalf("compareTerms(%+q, %+q) = %d, want %d", a, b, got, want)
		}
	}
}
