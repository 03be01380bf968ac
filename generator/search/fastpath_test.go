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

// The index builder's fast paths against the plain ways they stand for.

// TestTermFastPath reads random term records, well-formed and not, with
// reader.term and with termChecked alone: the same terms, the same end.
func TestTermFastPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for range 20000 {
		var data []byte
		for range rng.IntN(6) {
			data = putUvarint(data, uint64(rng.IntN(1<<(1+rng.IntN(20)))))
			mask := byte(rng.IntN(256))
			data = append(data, mask)
			for f := range numFields {
				if mask&(1<<f) != 0 {
					data = putUvarint(data, uint64(rng.IntN(1<<(1+rng.IntN(16)))))
				}
			}
			pos := make([]byte, rng.IntN(200))
			data = putUvarint(data, uint64(len(pos)))
			data = append(data, pos...)
		}
		if rng.IntN(3) == 0 && len(data) > 0 {
			data = data[:rng.IntN(len(data))] // cut short
		}
		if rng.IntN(5) == 0 && len(data) > 0 {
			data[rng.IntN(len(data))] = byte(rng.IntN(256))
		}
		fast, plain := reader{b: data}, reader{b: data}
		for {
			id, tf, mask, pos, ok := fast.term()
			id2, tf2, mask2, pos2, ok2 := plain.termChecked()
			if id != id2 || tf != tf2 || mask != mask2 || !slices.Equal(pos, pos2) || ok != ok2 {
				t.Fatalf("% x: term() = %d %v %b % x %v, termChecked() = %d %v %b % x %v",
					data, id, tf, mask, pos, ok, id2, tf2, mask2, pos2, ok2)
			}
			if !ok {
				break
			}
		}
		if fast.off != plain.off || (fast.err == nil) != (plain.err == nil) {
			t.Fatalf("% x: term() ends at %d (%v), termChecked() at %d (%v)", data, fast.off, fast.err, plain.off, plain.err)
		}
	}
}

// TestImpactsKept compares the impacts a page keeps with impactNorm.
func TestImpactsKept(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for range 2000 {
		var lens [numFields]uint32
		var avg [numFields]float64
		for f := range lens {
			lens[f] = uint32(1 + rng.IntN(3000))
			avg[f] = float64(1 + rng.IntN(3000))
		}
		im := impacts{norms: lengthNorms(lens, avg), avg: &avg}
		for range 200 {
			var tf [numFields]uint32
			var mask byte
			for range 1 + rng.IntN(2) {
				f := rng.IntN(int(numFields))
				tf[f] = uint32(1 + rng.IntN(40))
				mask |= 1 << f
			}
			if got, want := im.of(tf, mask), impactNorm(tf, im.norms, avg); got != want {
				t.Fatalf("lens %v avg %v tf %v: kept impact %d, impactNorm %d", lens, avg, tf, got, want)
			}
		}
	}
}

// TestHanCharsArray adds the same Han text through the array of the
// Unified Ideographs and through the hash table alone: the same terms in
// the same order.
func TestHanCharsArray(t *testing.T) {
	b := NewBuilder(1, []string{"zh"}, Options{})
	text := "技术转移中心与世界贸易组织的知识产权协定，㐀㐁𠀀𠀁技术"
	run := []rune(text)
	var viaArray, viaTable analysis
	viaArray.b, viaTable.b = b, b
	viaArray.chars = make([]int32, unifiedCount)
	for round := range 2 { // the second round finds the array reset
		viaArray.terms, viaTable.terms, viaArray.occ, viaTable.occ = nil, nil, nil, nil
		viaTable.hans.reset()
		viaArray.hans.reset()
		for i, r := range run {
			viaArray.han(hanKey(r, 0), i, FieldBody)
			tableHan(&viaTable, hanKey(r, 0), i)
			if i+1 < len(run) {
				viaArray.han(hanKey(r, run[i+1]), i, FieldBody)
				tableHan(&viaTable, hanKey(r, run[i+1]), i)
			}
		}
		if !slices.Equal(viaArray.terms, viaTable.terms) || !slices.Equal(viaArray.occ, viaTable.occ) {
			t.Fatalf("round %d: the array gives %v, the table %v", round, viaArray.terms, viaTable.terms)
		}
		for k := range viaArray.terms {
			viaArray.forget(&viaArray.terms[k])
		}
		if slices.ContainsFunc(viaArray.chars, func(v int32) bool { return v != 0 }) {
			t.Fatalf("round %d: the array is not reset", round)
		}
	}
}

// tableHan is analysis.han through the hash table only.
func tableHan(an *analysis, key uint64, pos int) {
	k, ok := an.hans.get(key, int32(len(an.terms)))
	if !ok {
		an.terms = append(an.terms, termCount{han: key})
	}
	an.note(k, pos, FieldBody)
}
