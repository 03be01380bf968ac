package search

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"unicode/utf8"
)

// Grams: a run of Chinese characters that the pages hold often enough
// (Options.GramCount) is indexed with each character that follows it too,
// as a term of its own, and so on up to Options.GramLength characters.
// A query then finds a common phrase (技术转移, 粤港澳大湾区) as one term,
// whose postings are exactly the pages that hold it, instead of fetching
// the positions of its pairs, which for common pairs are the largest files
// of the index. A term that is extended says so in the index (termFlags):
// its longer forms are then all terms, so one that is missing occurs
// nowhere. Grams found at most GramCount times keep their positions, so
// that a query can still put them side by side; pairs always keep theirs,
// which is what a query falls back on. None of this changes a result, only
// what a query fetches (differential_test.go runs with grams and without).

// The flags of a term (encode.go): termExtended, a term whose every
// occurrence with a character after it, past its continuation, is
// indexed as a longer term; termNext, a term followed everywhere by the
// same characters, its continuation (stored after the flags), which are
// not terms of their own: a longer term starts with the term and all of
// its continuation.
const (
	termExtended = 1 << iota
	termNext
)

// grams is the set of the index's runs of three or more characters.
type grams struct {
	length   int
	child    map[uint64]uint32 // term << 21 | next character → the longer term
	extended []bool            // by term number
	next     map[uint32][]rune // continuations
	keepsPos []bool            // by term number, for grams
	first    int               // number of the first gram term
	// cached holds what gramEntries finds in a run that occurs more than
	// once: offset << 32 | term.
	cached map[string][]uint64
}

func childKey(term uint32, next rune) uint64 { return uint64(term)<<21 | uint64(next) }

// addRun keeps a folded run of three or more characters of the document,
// for the grams (see record.runs).
func (an *analysis) addRun(run []rune, pos int, f Field) {
	if len(run) < 3 {
		return
	}
	an.runs = append(an.runs, byte(f))
	an.runs = binary.AppendUvarint(an.runs, uint64(pos))
	an.runs = binary.AppendUvarint(an.runs, uint64(len(run)))
	for _, r := range run {
		an.runs = utf8.AppendRune(an.runs, r)
	}
}

// eachRun calls fn with each run kept by addRun: its field, position and
// characters in UTF-8 (a slice of data).
func eachRun(data []byte, fn func(f Field, pos int, run []byte)) {
	for len(data) > 0 {
		f := Field(data[0])
		pos, n := binary.Uvarint(data[1:])
		size, m := binary.Uvarint(data[1+n:])
		data = data[1+n+m:]
		end := 0
		for range size {
			_, w := utf8.DecodeRune(data[end:])
			end += w
		}
		fn(f, int(pos), data[:end])
		data = data[end:]
	}
}

// decodeRun appends the characters of a run in UTF-8 to dst.
func decodeRun(dst []rune, run []byte) []rune {
	for len(run) > 0 {
		r, w := utf8.DecodeRune(run)
		dst = append(dst, r)
		run = run[w:]
	}
	return dst
}

// findGrams decides the grams of the documents and gives them term
// numbers after the builder's. It counts each run once with the number of
// times it occurs, which on a site that repeats its phrases is far less
// work than reading every page.
func (b *Builder) findGrams(docs []*record) *grams {
	g := &grams{length: b.opts.GramLength, child: map[uint64]uint32{}, next: map[uint32][]rune{}, first: len(b.terms)}
	g.extended = make([]bool, len(b.terms))
	dense := func(id uint32) bool { return b.occ[id] > b.opts.GramCount }
	type distinct struct {
		run    []rune
		weight int
		// alive holds, at each character, the term that starts there and
		// is being extended, or -1.
		alive []int32
	}
	index := map[string]int{}
	var runs []distinct
	for _, d := range docs {
		eachRun(d.runs, func(_ Field, _ int, run []byte) {
			if k, ok := index[string(run)]; ok {
				runs[k].weight++
				return
			}
			index[string(run)] = len(runs)
			runs = append(runs, distinct{run: decodeRun(nil, run), weight: 1})
		})
	}
	// Pairs first, then a character longer at each step: n is the length
	// of the runs counted, one more than the terms alive with their
	// continuations.
	more := false
	for k := range runs {
		r := &runs[k]
		r.alive = make([]int32, len(r.run))
		for i := range r.run {
			r.alive[i] = -1
			if i+2 < len(r.run) && g.length > 2 {
				if id, ok := b.hanID(hanKey(r.run[i], r.run[i+1])); ok && dense(id) {
					r.alive[i] = int32(id)
					g.extended[id] = true
					more = true
				}
			}
		}
	}
	for n := 3; more && n <= g.length; n++ {
		counts := map[uint64]int{}
		for _, r := range runs {
			for i, id := range r.alive {
				if id >= 0 && i+n <= len(r.run) {
					counts[childKey(uint32(id), r.run[i+n-1])] += r.weight
				}
			}
		}
		keys := make([]uint64, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for j := 0; j < len(keys); {
			parent := uint32(keys[j] >> 21)
			k := j + 1
			for k < len(keys) && uint32(keys[k]>>21) == parent {
				k++
			}
			if k == j+1 && counts[keys[j]] == b.occ[parent] {
				// One character follows the term wherever it occurs (in
				// runs of two characters too, which are not kept).
				g.next[parent] = append(g.next[parent], rune(keys[j]&(1<<21-1)))
				g.extended[parent] = n < g.length
				j = k
				continue
			}
			for ; j < k; j++ {
				id := uint32(len(b.terms))
				b.terms = append(b.terms, b.terms[parent]+string(g.next[parent])+string(rune(keys[j]&(1<<21-1))))
				b.occ = append(b.occ, counts[keys[j]])
				g.child[keys[j]] = id
				g.extended = append(g.extended, n < g.length && dense(id))
				g.keepsPos = append(g.keepsPos, !dense(id))
			}
		}
		more = false
		for k := range runs {
			r := &runs[k]
			for i, id := range r.alive {
				if id < 0 {
					continue
				}
				r.alive[i] = -1
				if i+n > len(r.run) {
					continue
				}
				c, ok := g.child[childKey(uint32(id), r.run[i+n-1])]
				if !ok {
					c = uint32(id) // its continuation
				}
				if g.extended[c] {
					r.alive[i] = int32(c)
					more = true
				}
			}
		}
	}
	g.cached = map[string][]uint64{}
	for _, r := range runs {
		if r.weight > 1 {
			g.cached[string(r.run)] = g.find(b, r.run, nil)
		}
	}
	return g
}

// find appends the grams of a run to out: offset << 32 | term.
func (g *grams) find(b *Builder, run []rune, out []uint64) []uint64 {
	for i := 0; i+2 < len(run); i++ {
		id, ok := b.hanID(hanKey(run[i], run[i+1]))
		for e := i + 2; ok && g.extended[id]; {
			e += len(g.next[id])
			if e >= len(run) {
				break
			}
			id = g.child[childKey(id, run[e])]
			e++
			out = append(out, uint64(i)<<32|uint64(id))
		}
	}
	return out
}

// gramScratch is the space gramEntries works in, one per goroutine.
type gramScratch struct {
	found []uint64
	runs  []rune
	local map[uint32]int // term → index in terms
	terms []gramCount
	data  []byte
}

type gramCount struct {
	id   uint32
	tf   [numFields]uint32
	mask byte
	pos  []uint32
}

// entries returns the grams of a document in the form of its record's
// data (see Builder.Add), the scratch's space reused.
func (g *grams) entries(b *Builder, d *record, s *gramScratch) []byte {
	if s.local == nil {
		s.local = map[uint32]int{}
	}
	clear(s.local)
	s.terms = s.terms[:0]
	eachRun(d.runs, func(f Field, pos int, run []byte) {
		found, ok := g.cached[string(run)]
		if !ok {
			s.runs = decodeRun(s.runs[:0], run)
			s.found = g.find(b, s.runs, s.found[:0])
			found = s.found
		}
		for _, x := range found {
			id, at := uint32(x), pos+int(x>>32)
			k, seen := s.local[id]
			if !seen {
				k = len(s.terms)
				s.local[id] = k
				s.terms = append(s.terms, gramCount{id: id})
			}
			t := &s.terms[k]
			t.tf[f]++
			t.mask |= 1 << f
			if g.keepsPos[id-uint32(g.first)] {
				t.pos = append(t.pos, uint32(at))
			}
		}
	})
	data := s.data[:0]
	for _, t := range s.terms {
		data = putUvarint(data, uint64(t.id))
		data = append(data, t.mask)
		for m := t.mask; m != 0; m &= m - 1 {
			data = putUvarint(data, uint64(t.tf[bits.TrailingZeros8(m)]))
		}
		if len(t.pos) == 0 {
			data = append(data, 0)
			continue
		}
		slices.Sort(t.pos)
		size := uvarintLen(uint64(len(t.pos)))
		prev := uint32(0)
		for _, p := range t.pos {
			size += uvarintLen(uint64(p - prev))
			prev = p
		}
		data = putUvarint(data, uint64(size))
		data = putUvarint(data, uint64(len(t.pos)))
		prev = 0
		for _, p := range t.pos {
			data = putUvarint(data, uint64(p-prev))
			prev = p
		}
	}
	s.data = data
	return data
}
