package search

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/unicode/norm"
)

// The tokenizer, defined once. search.js implements the same steps in the
// same order; testdata/vectors.json holds cases both must pass.
//
//  1. Normalise to NFKC, then lower-case each code point (its simple
//     lower-case mapping).
//  2. Split into runs of Han characters and words. A word is letters,
//     digits and marks (not Han); an apostrophe (' or ’) between two word
//     characters stays in the word; a hyphen (- or ‐) between two word
//     characters joins words into a group (ITT-201, start-up).
//  3. A word is a stop word (out of the index, its position kept), or its
//     term: the Snowball English stem when the word is only a-z, 0-9 and
//     apostrophes, else the word, apostrophes removed. Words longer than
//     maxWord characters get no term. A group of several words also gets
//     the term of the words joined (itt201, startup) at the group's first
//     position.
//  4. A Han run is folded character by character to Simplified Chinese,
//     then gives, at the position of each of its characters, the pair it
//     starts (when another character follows) and the character alone.
//     When regional words fold (软体→软件), the folded copy of the whole
//     run is indexed too, after the document's text (see finish).
//  5. Each word takes one position, each Han character one. A Han run is
//     followed by a position that nothing takes, and so are blocks of text
//     (paragraphs, headings, fields): two pairs at consecutive positions
//     are always in the same run, which is what lets a query prove that a
//     run of characters occurs from pairs that do not overlap.

// maxWord is the longest word, in characters, that gets a term.
const maxWord = 40

// Field is the part of a page a term occurs in; ranking weighs them.
type Field uint8

// The fields of a page, from the most to the least weighty.
const (
	FieldTitle Field = iota
	FieldHeadings
	FieldFacts
	FieldSummary
	FieldBody
	numFields
)

// Analyzer tokenizes page text and queries. It is safe for concurrent use;
// it remembers the term of every word it has seen.
type Analyzer struct {
	fold  *foldTable
	mu    sync.RWMutex
	terms map[string]string // word → term, "" for none
}

// NewAnalyzer returns an analyzer with the built-in folding table.
func NewAnalyzer() *Analyzer { return &Analyzer{fold: folding(), terms: map[string]string{}} }

// Token is a term at a position.
type Token struct {
	Term string
	Pos  int
}

// Tokens returns the terms of text as one block, in the order the index
// receives them.
func (a *Analyzer) Tokens(text string) []Token {
	var out []Token
	t := a.stream(func(term string, pos int, _ Field) { out = append(out, Token{term, pos}) })
	t.add(text, FieldBody)
	t.finish()
	return out
}

// stream tokenizes the blocks of one document, into emit or, when it is
// set, into sink: the index builder's analysis of the document, which
// takes words as written and Han tokens as numbers (see hanKey), to spare
// making a string of every term.
type stream struct {
	a    *Analyzer
	pos  int
	alts []altRun
	emit func(term string, pos int, f Field)
	sink *analysis
	buf  []byte // scratch for a word
	run  []rune // scratch for a Han run
	text []rune // scratch for the text
	sc   scanner
}

// hanKey packs one or two characters into a number; hanTerm unpacks it.
func hanKey(a, b rune) uint64 { return uint64(a)<<32 | uint64(b) }

func hanTerm(k uint64) string {
	if b := rune(k & 0xffffffff); b != 0 {
		return string([]rune{rune(k >> 32), b})
	}
	return string(rune(k >> 32))
}

// altRun is a Han run whose regional words fold, kept for finish.
type altRun struct {
	run   []rune
	field Field
}

func (a *Analyzer) stream(emit func(term string, pos int, f Field)) *stream {
	return &stream{a: a, emit: emit}
}

// normalize applies step 1.
func normalize(s string) []rune { return normalizeInto(nil, s) }

// normalizeInto is normalize, into dst's space. Most text needs no
// table but quickFold's; the rest goes through the full NFKC.
func normalizeInto(dst []rune, s string) []rune {
	dst = dst[:0]
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, lower(rune(c)))
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if n == 1 {
			return normalizeFull(dst[:0], s) // not UTF-8
		}
		r = quickFold(r)
		if r < 0 {
			return normalizeFull(dst[:0], s)
		}
		dst = append(dst, r)
		i += n
	}
	return dst
}

// normalizeFull is normalizeInto for any text.
func normalizeFull(dst []rune, s string) []rune {
	s = norm.NFKC.String(s)
	for _, r := range s {
		dst = append(dst, lower(r))
	}
	return dst
}

// lower lower-cases a character of normalised text (step 1).
func lower(r rune) rune {
	if r < 0x80 {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(r)
}

// quickFold returns a character normalised and lower-cased (step 1), or
// -1 when the text it is in needs the full NFKC. A character folds on its
// own when its NFKC form is one character that is a starter (combining
// class 0) that neither is a compatibility character nor combines with
// the one before it (NFKC_QC=Yes): text made only of such characters has
// for its NFKC form the characters' NFKC forms one after another, since
// its decomposition is theirs and there is nothing to reorder or
// compose. That is all of the Unified Ideographs, ASCII, and most of the
// punctuation of Chinese and English text, fullwidth forms included.
func quickFold(r rune) rune {
	if r >= 0x4e00 && r <= 0x9fff {
		return r
	}
	if r >= 0x10000 {
		return -1
	}
	page := quickPages[r>>8].Load()
	if page == nil {
		page = new([256]rune)
		base := r &^ 0xff
		for i := range page {
			page[i] = quickFoldOf(base + rune(i))
		}
		quickPages[r>>8].Store(page)
	}
	return page[r&0xff]
}

// quickPages caches quickFoldOf by blocks of 256 characters, each made
// when first needed (by one goroutine or several: the same either way).
var quickPages [0x100]atomic.Pointer[[256]rune]

// quickFoldOf is quickFold for a character of the Basic Multilingual
// Plane, from the tables of the norm package.
func quickFoldOf(r rune) rune {
	if !utf8.ValidRune(r) {
		return -1 // a surrogate
	}
	nf := norm.NFKC.String(string(r))
	c, n := utf8.DecodeRuneInString(nf)
	if n != len(nf) || c == utf8.RuneError {
		return -1
	}
	if p := norm.NFKC.PropertiesString(nf); p.CCC() != 0 || !p.BoundaryBefore() {
		return -1
	}
	return lower(c)
}

func isHan(r rune) bool {
	return r >= 0x2e80 && (r >= 0x4e00 && r <= 0x9fff || unicode.Is(unicode.Han, r))
}

// isWordChar tells the characters of words. It is small enough to be
// inlined in the scanner's loops, for ASCII; other characters take
// isWordCharSlow.
func isWordChar(r rune) bool {
	if r < 0x80 {
		return asciiWord[r]
	}
	return isWordCharSlow(r)
}

func isWordCharSlow(r rune) bool {
	if r >= 0x4e00 && r <= 0x9fff {
		return false // Han
	}
	return !isHan(r) && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r))
}

// asciiWord tells the word characters of ASCII.
var asciiWord = func() (t [0x80]bool) {
	for r := range t {
		t[r] = r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'
	}
	return t
}()

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

func isHyphen(r rune) bool { return r == '-' || r == '‐' }

// unit is a word group or a Han run found by scan.
type unit struct {
	han   []rune   // a Han run, not yet folded
	words [][2]int // a word group: where each word starts and ends
	end   int      // index after the unit in the scanned runes
}

// scan applies step 2, calling fn for each unit. The unit's slices are
// reused after fn returns.
func scan(rs []rune, fn func(u unit)) {
	sc := scanner{rs: rs}
	for {
		u, ok := sc.next()
		if !ok {
			return
		}
		fn(u)
	}
}

// scanner is scan one unit at a time.
type scanner struct {
	rs    []rune
	i     int
	words [][2]int
}

// next returns the next unit, whose slices are reused by the next call,
// or false at the end.
func (s *scanner) next() (unit, bool) {
	rs := s.rs
	for i := s.i; i < len(rs); {
		r := rs[i]
		switch {
		case isHan(r):
			j := i + 1
			for j < len(rs) && isHan(rs[j]) {
				j++
			}
			s.i = j
			return unit{han: rs[i:j], end: j}, true
		case isWordChar(r):
			words := s.words[:0]
			for {
				j := i
				for j < len(rs) && (isWordChar(rs[j]) || isApostrophe(rs[j]) && j > i && j+1 < len(rs) && isWordChar(rs[j+1])) {
					j++
				}
				words = append(words, [2]int{i, j})
				i = j
				if i+1 < len(rs) && isHyphen(rs[i]) && isWordChar(rs[i+1]) {
					i++
					continue
				}
				break
			}
			s.words, s.i = words, i
			return unit{words: words, end: i}, true
		default:
			i++
		}
	}
	s.i = len(rs)
	return unit{}, false
}

// appendWord appends a word of rs to b in UTF-8, apostrophes as ' (or
// left out, for a joined group).
func appendWord(b []byte, rs []rune, w [2]int, apostrophes bool) []byte {
	for _, r := range rs[w[0]:w[1]] {
		if isApostrophe(r) {
			if !apostrophes {
				continue
			}
			r = '\''
		}
		b = utf8.AppendRune(b, r)
	}
	return b
}

// term applies step 3 to one word; "" means no term.
func (a *Analyzer) term(w []byte) string {
	a.mu.RLock()
	t, ok := a.terms[string(w)]
	a.mu.RUnlock()
	if ok {
		return t
	}
	word := string(w)
	t = termOf(word)
	a.mu.Lock()
	a.terms[word] = t
	a.mu.Unlock()
	return t
}

func termOf(w string) string {
	plain := strings.ReplaceAll(w, "'", "")
	if stopWords[plain] || utf8.RuneCountInString(w) > maxWord {
		return ""
	}
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\'') {
			return plain
		}
	}
	return strings.ReplaceAll(english.Stem(w, true), "'", "")
}

// add tokenizes one block of text in field f.
func (t *stream) add(text string, f Field) {
	t.text = normalizeInto(t.text, text)
	rs := t.text
	t.sc = scanner{rs: rs, words: t.sc.words}
	for {
		u, ok := t.sc.next()
		if !ok {
			break
		}
		if u.han != nil {
			t.run = append(t.run[:0], u.han...)
			t.a.fold.foldChars(t.run)
			t.han(t.run, f)
			if alt, ok := t.a.fold.foldPhrases(t.run); ok {
				t.alts = append(t.alts, altRun{alt, f})
			}
			continue
		}
		start := t.pos
		for _, w := range u.words {
			t.buf = appendWord(t.buf[:0], rs, w, true)
			t.word(t.buf, t.pos, f)
			t.pos++
		}
		if len(u.words) > 1 {
			t.buf = t.buf[:0]
			for _, w := range u.words {
				t.buf = appendWord(t.buf, rs, w, false)
			}
			t.word(t.buf, start, f)
		}
	}
	t.pos++
}

// word emits the term of a word, if it has one.
func (t *stream) word(w []byte, pos int, f Field) {
	if t.sink != nil {
		t.sink.word(w, pos, f)
	} else if term := t.a.term(w); term != "" {
		t.emit(term, pos, f)
	}
}

// han emits the pairs and the characters of a folded run (step 4).
func (t *stream) han(run []rune, f Field) {
	if t.sink != nil {
		t.sink.addRun(run, t.pos, f)
	}
	for i, r := range run {
		if i+1 < len(run) {
			t.hanTerm(hanKey(r, run[i+1]), t.pos+i, f)
		}
		t.hanTerm(hanKey(r, 0), t.pos+i, f)
	}
	t.pos += len(run) + 1
}

func (t *stream) hanTerm(key uint64, pos int, f Field) {
	if t.sink != nil {
		t.sink.han(key, pos, f)
	} else {
		t.emit(hanTerm(key), pos, f)
	}
}

// finish indexes the runs whose regional words fold, each a block of its
// own after the text, so that a query typed with the other region's words
// finds them adjacent, while the text as written keeps its positions.
func (t *stream) finish() {
	for _, alt := range t.alts {
		t.han(alt.run, alt.field)
		t.pos++
	}
	t.alts = nil
}

// stopWords are common English words kept out of the index.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all am an and any are as at be
		because been before being below between both but by can could did do does doing down during
		each few for from further had has have having he her here hers herself him himself his how i
		if in into is it its itself me more most my myself no nor not of off on once only or other our
		ours ourselves out over own same she should so some such than that the their theirs them
		themselves then there these they this those through to too under until up very was we were
		what when where which while who whom why will with would you your yours yourself yourselves`) {
		m[w] = true
	}
	return m
}()
