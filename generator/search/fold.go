package search

import (
	_ "embed"
	"encoding/binary"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// foldData is the Traditional→Simplified table generated from OpenCC's
// data by foldgen; fold.txt says where it came from and its licence.
//
//go:embed fold.txt
var foldData string

// foldTable folds Chinese text: characters one by one, then regional
// words (軟體→软件) on the folded text.
type foldTable struct {
	chars   map[rune]rune
	dense   []rune // chars from denseFirst on, 0 where none
	phrases map[string]string
	// lengths lists, for each first character of a word, the lengths in
	// characters of the words that start with it, longest first.
	lengths map[rune][]int
	// starts has the bit of pairBit set for the first two characters of
	// every word, to spare looking most places up in lengths and phrases.
	starts []uint64
}

// pairBit numbers a pair of characters for foldTable.starts.
func pairBit(a, b rune) uint32 { return (uint32(a)*0x9e3779b1 ^ uint32(b)*0x85ebca6b) >> (32 - 16) }

// folding returns the parsed table; it is read once and never changed.
var folding = sync.OnceValue(func() *foldTable { return parseFold(foldData) })

func parseFold(data string) *foldTable {
	t := &foldTable{chars: map[rune]rune{}, phrases: map[string]string{}, lengths: map[rune][]int{}}
	for line := range strings.Lines(data) {
		line = strings.TrimRight(line, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		if utf8.RuneCountInString(k) == 1 {
			r, _ := utf8.DecodeRuneInString(k)
			s, _ := utf8.DecodeRuneInString(v)
			t.chars[r] = s
			continue
		}
		t.phrases[k] = v
		first, _ := utf8.DecodeRuneInString(k)
		n := utf8.RuneCountInString(k)
		ls := t.lengths[first]
		i := 0
		for i < len(ls) && ls[i] > n {
			i++
		}
		if i == len(ls) || ls[i] != n {
			ls = append(ls[:i], append([]int{n}, ls[i:]...)...)
		}
		t.lengths[first] = ls
	}
	t.starts = make([]uint64, 1<<16/64)
	for k := range t.phrases {
		if rs := []rune(k); len(rs) >= 2 {
			bit := pairBit(rs[0], rs[1])
			t.starts[bit/64] |= 1 << (bit % 64)
		}
	}
	t.dense = make([]rune, 0xa000-denseFirst)
	for k, v := range t.chars {
		if k >= denseFirst && k < 0xa000 {
			t.dense[k-denseFirst] = v
		}
	}
	return t
}

// foldChars folds each character of a run of Han characters in place.
func (t *foldTable) foldChars(run []rune) {
	for i, r := range run {
		if r >= denseFirst && r < denseFirst+rune(len(t.dense)) {
			if s := t.dense[r-denseFirst]; s != 0 {
				run[i] = s
			}
		} else if s, ok := t.chars[r]; ok {
			run[i] = s
		}
	}
}

// denseFirst starts the range of characters folded through a table
// rather than a map: CJK Extension A and the Unified Ideographs.
const denseFirst = 0x3400

// foldPhrases returns the run with regional words replaced by mainland
// ones, scanning left to right and taking the longest word at each place;
// ok is false when nothing changed.
func (t *foldTable) foldPhrases(run []rune) (out []rune, ok bool) {
	for i := 0; i < len(run); {
		replaced := false
		var lengths []int
		if i+1 < len(run) {
			if bit := pairBit(run[i], run[i+1]); t.starts[bit/64]&(1<<(bit%64)) != 0 {
				lengths = t.lengths[run[i]]
			}
		}
		for _, n := range lengths {
			if i+n > len(run) {
				continue
			}
			if v, hit := t.phrases[string(run[i:i+n])]; hit {
				if out == nil {
					out = append(make([]rune, 0, len(run)+4), run[:i]...)
				}
				out = append(out, []rune(v)...)
				i += n
				replaced = true
				break
			}
		}
		if !replaced {
			if out != nil {
				out = append(out, run[i])
			}
			i++
		}
	}
	return out, out != nil
}

// browser returns the table in the compact form search.js reads (see
// parseFold there): the number of characters; for each, in order, its
// distance from the previous one and the distance of its Simplified form
// from it plus 65536, as varints; then the words as UTF-8 "key=value"
// lines.
func (t *foldTable) browser() []byte {
	keys := make([]rune, 0, len(t.chars))
	for k := range t.chars {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b := binary.AppendUvarint(nil, uint64(len(keys)))
	prev := rune(0)
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(k-prev))
		b = binary.AppendUvarint(b, uint64(t.chars[k]-k+65536))
		prev = k
	}
	pk := make([]string, 0, len(t.phrases))
	for k := range t.phrases {
		pk = append(pk, k)
	}
	slices.Sort(pk)
	for i, k := range pk {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, k+"="+t.phrases[k]...)
	}
	return b
}
