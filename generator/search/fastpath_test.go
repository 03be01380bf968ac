package search

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The tokenizer's fast paths (quickFold, and isHan and isWordChar on the
// Unified Ideographs) against the plain definitions they stand for.

func TestQuickFoldEveryCharacter(t *testing.T) {
	safe := 0
	for r := rune(0); r < 0x10000; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		if got, want := normalizeInto(nil, s), normalizeFull(nil, s); !slices.Equal(got, want) {
			t.Errorf("normalize(%U) = %q, want %q", r, string(got), string(want))
		}
		if quickFold(r) >= 0 {
			safe++
		}
	}
	for r := rune(0x4e00); r <= 0x9fff; r++ {
		if quickFoldOf(r) != r || !unicode.Is(unicode.Han, r) {
			t.Fatalf("%U is not a Han character that folds to itself", r)
		}
	}
	if safe < 30000 {
		t.Errorf("only %d characters fold on their own", safe)
	}
}

func TestQuickFoldText(t *testing.T) {
	var safe, all []rune
	for r := rune(0); r < 0x30000; r++ {
		if !utf8.ValidRune(r) || !unicode.IsPrint(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Mn, r) {
			continue
		}
		all = append(all, r)
		if r < 0x10000 && quickFold(r) >= 0 {
			safe = append(safe, r)
		}
	}
	tricky := []rune("aAeEoOuU0 '’-‐.,:;。，、（）“”—…ＡＢｃ１ﬁ①ⅷ㈱ﾊﾟ가각\u1100\u1161\u11a8\u0301\u0308\u0327\u0345\u3099\u309a\u200b\u00a0é軟體İıßσΣ")
	r := rand.New(rand.NewPCG(5, 6))
	pick := func(n int, sets ...[]rune) string {
		rs := make([]rune, n)
		for i := range rs {
			set := sets[r.IntN(len(sets))]
			rs[i] = set[r.IntN(len(set))]
		}
		return string(rs)
	}
	for i := range 100000 {
		var s string
		switch i % 3 {
		case 0:
			s = pick(1+r.IntN(4), safe)
		case 1:
			s = pick(1+r.IntN(6), safe, tricky)
		default:
			s = pick(1+r.IntN(6), safe, tricky, all)
		}
		if got, want := normalizeInto(nil, s), normalizeFull(nil, s); !slices.Equal(got, want) {
			t.Fatalf("normalize(%+q) = %+q, want %+q", s, string(got), string(want))
		}
	}
	for _, s := range []string{"\xff", "a\xe6\x8a", "技\xe6\x8a术", "\xed\xa0\x80", "ＡＢ\x80"} {
		if got, want := normalizeInto(nil, s), normalizeFull(nil, s); !slices.Equal(got, want) {
			t.Errorf("normalize(%+q) = %+q, want %+q", s, string(got), string(want))
		}
	}
}

// TestQuickFoldCompositions tries every pair of characters that NFKC
// composes, in every spelling quickFold takes: in text made of characters
// of combining class 0, only a character and the one right after it can
// compose.
func TestQuickFoldCompositions(t *testing.T) {
	sources := map[rune][]rune{} // NFKC form → characters that have it
	for r := rune(0); r < 0x10000; r++ {
		if utf8.ValidRune(r) {
			if c, n := utf8.DecodeRuneInString(norm.NFKC.String(string(r))); n > 0 && n == len(norm.NFKC.String(string(r))) {
				sources[c] = append(sources[c], r)
			}
		}
	}
	pairs := 0
	for p := rune(0); p < 0x30000; p++ {
		d := []rune(norm.NFD.String(string(p)))
		if len(d) < 2 {
			continue
		}
		first := []rune(norm.NFC.String(string(d[:len(d)-1])))
		last := d[len(d)-1]
		if len(first) != 1 || norm.NFC.String(string(first)+string(last)) != string(p) {
			continue
		}
		for _, a := range append(sources[first[0]], first[0]) {
			for _, b := range append(sources[last], last) {
				pairs++
				s := string([]rune{a, b})
				if got, want := normalizeInto(nil, s), normalizeFull(nil, s); !slices.Equal(got, want) {
					t.Fatalf("normalize(%+q) = %+q, want %+q", s, string(got), string(want))
				}
			}
		}
	}
	if pairs < 2000 {
		t.Errorf("only %d pairs", pairs)
	}
}

func TestCharClasses(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		han := r >= 0x2e80 && unicode.Is(unicode.Han, r)
		word := r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') ||
			r >= 0x80 && !han && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r))
		if isHan(r) != han || isWordChar(r) != word {
			t.Fatalf("%U: isHan %v isWordChar %v, want %v %v", r, isHan(r), isWordChar(r), han, word)
		}
	}
}
