package search

import (
	"strings"
	"sync"
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
//     then gives every overlapping pair of characters at its position and
//     its last character alone at that character's position. When regional
//     words fold (软体→软件), the folded copy of the whole run is indexed
//     too, after the document's text (see finish).
//  5. Each word takes one position, each Han character one. Blocks of text
//     (paragraphs, headings, fields) are one position apart so that nothing
//     is adjacent across them.

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

// stream tokenizes the blocks of one document into emit. Han tokens go
// to emitHan instead when it is set, as a number (see hanKey), to spare
// making a string of every pair.
type stream struct {
	a       *Analyzer
	pos     int
	alts    []altRun
	emit    func(term string, pos int, f Field)
	emitHan func(key uint64, pos int, f Field)
	buf     []byte // scratch for a word
	run     []rune // scratch for a Han run
	text    []rune // scratch for the text
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

// normalizeInto is normalize, into dst's space.
func normalizeInto(dst []rune, s string) []rune {
	dst = dst[:0]
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			s = norm.NFKC.String(s)
			break
		}
	}
	for _, r := range s {
		if r < 0x80 {
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else {
			r = unicode.ToLower(r)
		}
		dst = append(dst, r)
	}
	return dst
}

func isHan(r rune) bool { return r >= 0x2e80 && unicode.Is(unicode.Han, r) }

func isWordChar(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'
	}
	return !isHan(r) && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r))
}

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
	var words [][2]int
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isHan(r):
			j := i
			for j < len(rs) && isHan(rs[j]) {
				j++
			}
			fn(unit{han: rs[i:j], end: j})
			i = j
		case isWordChar(r):
			words = words[:0]
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
			fn(unit{words: words, end: i})
		default:
			i++
		}
	}
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
	scan(rs, func(u unit) {
		if u.han != nil {
			t.run = append(t.run[:0], u.han...)
			t.a.fold.foldChars(t.run)
			t.han(t.run, f)
			if alt, ok := t.a.fold.foldPhrases(t.run); ok {
				t.alts = append(t.alts, altRun{alt, f})
			}
			return
		}
		start := t.pos
		for _, w := range u.words {
			t.buf = appendWord(t.buf[:0], rs, w, true)
			if term := t.a.term(t.buf); term != "" {
				t.emit(term, t.pos, f)
			}
			t.pos++
		}
		if len(u.words) > 1 {
			t.buf = t.buf[:0]
			for _, w := range u.words {
				t.buf = appendWord(t.buf, rs, w, false)
			}
			if term := t.a.term(t.buf); term != "" {
				t.emit(term, start, f)
			}
		}
	})
	t.pos++
}

// han emits the pairs and the last character of a folded run (step 4).
func (t *stream) han(run []rune, f Field) {
	emit := t.emitHan
	if emit == nil {
		emit = func(k uint64, pos int, f Field) { t.emit(hanTerm(k), pos, f) }
	}
	for i := 0; i+1 < len(run); i++ {
		emit(hanKey(run[i], run[i+1]), t.pos+i, f)
	}
	emit(hanKey(run[len(run)-1], 0), t.pos+len(run)-1, f)
	t.pos += len(run)
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
