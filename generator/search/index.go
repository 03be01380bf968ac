package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Document is one page to index.
type Document struct {
	URL     string // below the base URL, as the site links it: "zh/courses/itt-201/"
	Lang    string
	Type    string // courses, cases, policies, speakers, page
	Title   string
	Summary string
	Facts   []string // type-specific: course code, speaker organisation …
	Text    PageText
}

// File is a file of the index, its path relative to the output root.
type File struct {
	Path string
	Data []byte
}

// Dir is the folder of the output the search files go in.
const Dir = "search/"

// Options tune the split of the index into files. The zero value gives
// the defaults. None of them changes what a query finds.
type Options struct {
	ShardBytes     int // term shard budget, before compression
	PositionsBytes int // positions file budget, before compression
	BundleBytes    int // excerpt bundle budget, before compression
	// A run of Chinese characters the pages hold more than GramCount
	// times is indexed with each character that follows it too, up to
	// GramLength characters (2: pairs only). See grams.go.
	GramCount, GramLength int
}

func (o Options) withDefaults() Options {
	if o.ShardBytes == 0 {
		o.ShardBytes = 16 << 10
	}
	if o.PositionsBytes == 0 {
		o.PositionsBytes = 16 << 10
	}
	if o.BundleBytes == 0 {
		o.BundleBytes = 8 << 10
	}
	if o.GramCount == 0 {
		o.GramCount = 2000
	}
	if o.GramLength == 0 {
		o.GramLength = 8
	}
	return o
}

// Ranking: BM25F. Field weights and length normalisation are applied at
// build time; a posting keeps its saturated term frequency as an impact of
// four bits, and the browser multiplies it by the term's IDF.
var (
	fieldWeight = [numFields]float64{FieldTitle: 10, FieldHeadings: 4, FieldFacts: 4, FieldSummary: 2.5, FieldBody: 1}
	fieldB      = [numFields]float64{FieldTitle: 0.4, FieldHeadings: 0.5, FieldFacts: 0.3, FieldSummary: 0.5, FieldBody: 0.75}
)

const k1 = 1.2

// impactLevels is the largest impact.
const impactLevels = 15

// excerptWidth is the length of the text stored for a page's excerpt,
// counting a CJK character as two: twice what search.js shows
// (EXCERPT_WIDTH), which it cuts around the passage that best matches the
// query.
const excerptWidth = 480

// Builder collects documents, from several goroutines, and encodes the
// index. Each document goes into the slot the caller gives it, so the
// result does not depend on the order of Add calls.
type Builder struct {
	an    *Analyzer
	opts  Options
	langs []string
	slots []*record

	mu     sync.Mutex
	ids    map[string]uint32 // word terms
	hanIDs hanTable          // Han terms, by hanKey: their numbers
	terms  []string          // by number
	occ    []int             // by number: occurrences in all documents

	scratch sync.Pool // of *analysis

	synonyms [][][]Group // groups of terms, each term its parts (synonyms.go)
}

// record is an analysed document, compact until the index is built.
type record struct {
	url, lang, typ, title, excerpt string
	lens                           [numFields]uint32 // terms per field
	digest                         [32]byte          // of the text the terms came from
	// data holds, for each term: its number, a mask of the fields it
	// occurs in, its frequency in each of them, the length of its
	// positions block and the block, empty but for pairs of Han
	// characters (see Add).
	data []byte
	runs []byte // its runs of three Han characters or more (see addRun)
}

// NewBuilder returns a builder with room for n documents, for a site whose
// languages are langs in their configured order.
func NewBuilder(n int, langs []string, opts Options) *Builder {
	b := &Builder{an: NewAnalyzer(), opts: opts.withDefaults(), langs: langs, slots: make([]*record, n),
		ids: map[string]uint32{}}
	b.scratch.New = func() any {
		an := &analysis{b: b, wordIDs: map[string]int32{}, h: sha256.New(), chars: make([]int32, unifiedCount)}
		an.st = stream{a: b.an, sink: an}
		return an
	}
	return b
}

// SetLanguages sets the order of the languages, for a builder made
// before they were known.
func (b *Builder) SetLanguages(langs []string) { b.langs = langs }

// analysis is the scratch space of one Add, reused by the next.
type analysis struct {
	b  *Builder
	st stream
	// wordIDs holds the number of the term of every word (as written) this
	// analysis has seen, -1 for none; it is kept from one Add to the next.
	wordIDs map[string]int32
	// local holds, by term number, 1 + the index in terms of the word terms
	// of the document, 0 for those it does not have.
	local []int32
	hans  hanTable // Han term (hanKey) → index in terms
	// chars holds, for each character of the Unified Ideographs block,
	// 1 + the index in terms of its term, 0 for none.
	chars []int32
	terms []termCount
	occ   []uint64 // term index << 32 | position, for every occurrence of a term that keeps positions
	pos   []uint32 // their positions by term, each term's in order
	lens  [numFields]uint32
	data  []byte
	runs  []byte
	h     hash.Hash
	hbuf  []byte // scratch for the digest
}

type termCount struct {
	id       uint32 // term number (of a Han term, from the end of Add on)
	han      uint64 // Han term (hanKey), 0 for a word term
	tf       [numFields]uint32
	mask     byte   // fields with tf > 0
	n        uint32 // occurrences
	off      uint32 // where its positions start in pos, if it keeps them
	distinct uint32 // distinct positions, if it keeps them
}

// keepsPositions tells the terms whose positions the index keeps: pairs
// of Han characters, from which a query proves that a longer run occurs.
// A word needs none (the words of a query are required, not adjacent),
// nor does a single character.
func (t *termCount) keepsPositions() bool { return t.han&0xffffffff != 0 }

// word adds an occurrence of a word's term.
func (an *analysis) word(w []byte, pos int, f Field) {
	id, ok := an.wordIDs[string(w)]
	if !ok {
		id = an.b.wordID(w)
		an.wordIDs[string(w)] = id
	}
	if id < 0 {
		return
	}
	if int(id) >= len(an.local) {
		an.local = append(an.local, make([]int32, int(id)+1-len(an.local)+len(an.local)/4)...)
	}
	k := an.local[id] - 1
	if k < 0 {
		k = int32(len(an.terms))
		an.local[id] = k + 1
		an.terms = append(an.terms, termCount{id: uint32(id)})
	}
	an.note(k, pos, f)
}

// han adds an occurrence of a Han term.
func (an *analysis) han(key uint64, pos int, f Field) {
	if i := uint64(key>>32) - unifiedFirst; key&0xffffffff == 0 && i < unifiedCount {
		// A character of the main block: numbered in an array, not hashed.
		k := an.chars[i] - 1
		if k < 0 {
			k = int32(len(an.terms))
			an.chars[i] = k + 1
			an.terms = append(an.terms, termCount{han: key})
		}
		an.note(k, pos, f)
		return
	}
	k, ok := an.hans.get(key, int32(len(an.terms)))
	if !ok {
		an.terms = append(an.terms, termCount{han: key})
	}
	an.note(k, pos, f)
}

// forget clears what numbers a term of the document in local or chars,
// for the next document.
func (an *analysis) forget(t *termCount) {
	if t.han == 0 {
		an.local[t.id] = 0
	} else if i := uint64(t.han>>32) - unifiedFirst; t.han&0xffffffff == 0 && i < unifiedCount {
		an.chars[i] = 0
	}
}

// The CJK Unified Ideographs block, which holds most characters of
// Chinese text.
const (
	unifiedFirst = 0x4e00
	unifiedCount = 0xa000 - unifiedFirst
)

// hanTable maps Han terms (hanKey, never 0) to numbers: a hash table,
// open addressing, for the few thousand terms of a document, or for all
// the Han terms of a site (Builder.hanIDs), faster than a map.
type hanTable struct {
	keys  []uint64 // 0 for a free slot
	vals  []int32
	n     int
	shift uint // 64 - log2(len(keys))
}

// get returns the number of key, or, when the table does not have it,
// adds it with the number next.
func (t *hanTable) get(key uint64, next int32) (v int32, ok bool) {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	for i := (key * 0x9e3779b97f4a7c15) >> t.shift; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case key:
			return t.vals[i], true
		case 0:
			t.keys[i], t.vals[i] = key, next
			t.n++
			return next, false
		}
	}
}

// lookup returns the number of key, if the table has it.
func (t *hanTable) lookup(key uint64) (v int32, ok bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := uint64(len(t.keys) - 1)
	for i := (key * 0x9e3779b97f4a7c15) >> t.shift; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case key:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

func (t *hanTable) grow() {
	keys, vals := t.keys, t.vals
	size := max(1024, 2*len(keys))
	t.keys, t.vals, t.n = make([]uint64, size), make([]int32, size), 0
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	for i, k := range keys {
		if k != 0 {
			t.get(k, vals[i])
		}
	}
}

// reset empties the table.
func (t *hanTable) reset() {
	if t.n > 0 {
		clear(t.keys)
		t.n = 0
	}
}

// note counts an occurrence of term k, and keeps its position when the
// term keeps positions.
func (an *analysis) note(k int32, pos int, f Field) {
	t := &an.terms[k]
	t.tf[f]++
	t.mask |= 1 << f
	t.n++
	if t.keepsPositions() {
		an.occ = append(an.occ, uint64(k)<<32|uint64(uint32(pos)))
	}
	an.lens[f]++
}

// wordID returns the number of a word's term, -1 when it has none.
func (b *Builder) wordID(w []byte) int32 {
	term := b.an.term(w)
	if term == "" {
		return -1
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	id, ok := b.ids[term]
	if !ok {
		id = uint32(len(b.terms))
		b.ids[term] = id
		b.terms = append(b.terms, term)
		b.occ = append(b.occ, 0)
	}
	return int32(id)
}

// digest adds a block of text to the digest of a document's text.
func (an *analysis) digest(text string, f Field) {
	an.hbuf = binary.LittleEndian.AppendUint64(an.hbuf[:0], uint64(f)<<56|uint64(len(text)))
	an.hbuf = append(an.hbuf, text...)
	an.h.Write(an.hbuf)
}

// Add analyses a document into slot i. It is safe to call concurrently
// for different slots.
func (b *Builder) Add(i int, d Document) {
	an := b.scratch.Get().(*analysis)
	defer b.scratch.Put(an)
	an.hans.reset()
	an.terms, an.occ, an.lens, an.runs = an.terms[:0], an.occ[:0], [numFields]uint32{}, an.runs[:0]
	an.h.Reset()
	st := &an.st
	st.pos = 0
	add := func(text string, f Field) {
		st.add(text, f)
		an.digest(text, f)
	}
	add(d.Title, FieldTitle)
	for _, t := range d.Text.Headings {
		add(t, FieldHeadings)
	}
	for _, t := range d.Facts {
		add(t, FieldFacts)
	}
	add(d.Summary, FieldSummary)
	for _, t := range d.Text.Body {
		add(t, FieldBody)
	}
	st.finish()

	// The positions of each term that keeps them in a row, in order;
	// distinct positions counted per term.
	off := uint32(0)
	for k := range an.terms {
		t := &an.terms[k]
		an.forget(t)
		if t.keepsPositions() {
			t.off, off, t.n = off, off+t.n, 0
		}
	}
	an.pos = slices.Grow(an.pos[:0], len(an.occ))[:len(an.occ)]
	for _, o := range an.occ {
		t := &an.terms[o>>32]
		an.pos[t.off+t.n] = uint32(o)
		t.n++
	}
	for k := range an.terms {
		t := &an.terms[k]
		if !t.keepsPositions() {
			continue
		}
		ps := an.pos[t.off : t.off+t.n]
		if !slices.IsSorted(ps) {
			slices.Sort(ps)
		}
		t.distinct = 1
		for j := 1; j < len(ps); j++ {
			if ps[j] != ps[j-1] {
				t.distinct++
			}
		}
	}

	b.mu.Lock()
	for k := range an.terms {
		t := &an.terms[k]
		if t.han != 0 {
			id, ok := b.hanIDs.get(t.han, int32(len(b.terms)))
			if !ok {
				b.terms = append(b.terms, hanTerm(t.han))
				b.occ = append(b.occ, 0)
			}
			t.id = uint32(id)
		}
		b.occ[t.id] += int(t.n)
	}
	b.mu.Unlock()

	// The record: for each term, its number, the mask of its fields, its
	// frequency in each, and the length and bytes of its positions block.
	data := an.data[:0]
	for k := range an.terms {
		t := &an.terms[k]
		data = putUvarint(data, uint64(t.id))
		data = append(data, t.mask)
		for m := t.mask; m != 0; m &= m - 1 {
			data = putUvarint(data, uint64(t.tf[bits.TrailingZeros8(m)]))
		}
		if !t.keepsPositions() {
			data = append(data, 0)
			continue
		}
		ps := an.pos[t.off : t.off+t.n]
		size := uvarintLen(uint64(t.distinct))
		prev := uint32(0)
		for j, p := range ps {
			if j > 0 && p == ps[j-1] {
				continue
			}
			size += uvarintLen(uint64(p - prev))
			prev = p
		}
		data = putUvarint(data, uint64(size))
		data = putUvarint(data, uint64(t.distinct))
		prev = 0
		for j, p := range ps {
			if j > 0 && p == ps[j-1] {
				continue
			}
			data = putUvarint(data, uint64(p-prev))
			prev = p
		}
	}
	an.data = data
	r := &record{
		url: d.URL, lang: d.Lang, typ: d.Type, title: d.Title,
		excerpt: excerpt(d.Summary, d.Text.Paragraphs),
		lens:    an.lens, data: bytes.Clone(data), runs: bytes.Clone(an.runs),
	}
	an.h.Sum(r.digest[:0])
	b.slots[i] = r
}

// excerpt is the text stored to show under a result: the summary, then
// the paragraphs that do not repeat it (not callouts nor quotations: see
// PageText.Paragraphs), cut at a word.
func excerpt(summary string, paragraphs []string) string {
	var b strings.Builder
	width := 0
	for i := -1; i < len(paragraphs); i++ {
		s := summary
		if i >= 0 {
			s = paragraphs[i]
			if strings.TrimSpace(s) == strings.TrimSpace(summary) || !prose(s) {
				continue
			}
		}
		for w := range strings.FieldsSeq(s) {
			ww := textWidth(w)
			if width+ww > excerptWidth {
				// A long run (Chinese has no spaces) is cut to what is left.
				if width == 0 {
					b.WriteString(cutWidth(w, excerptWidth))
				} else if rest := excerptWidth - width - 1; rest >= excerptWidth/8 {
					b.WriteByte(' ')
					b.WriteString(cutWidth(w, rest))
				}
				return b.String()
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
				width++
			}
			b.WriteString(w)
			width += ww
		}
	}
	return b.String()
}

// prose reports whether a paragraph reads as text rather than a row of
// labels (a course code and level, a date): it ends a sentence or is long.
func prose(s string) bool {
	s = strings.TrimRight(s, " \"'”’)）]")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?:;。！？：；…", r) || textWidth(s) >= 80
}

func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// runeWidth is the width of a character: 2 for CJK, 1 for others.
func runeWidth(r rune) int {
	if r >= 0x1100 && (isHan(r) || r >= 0x3000 && r <= 0x30ff || r >= 0xff00 && r <= 0xffef || r >= 0xac00 && r <= 0xd7a3) {
		return 2
	}
	return 1
}

// cutWidth cuts a long run (Chinese text has no spaces) at a width,
// preferring the end of a sentence or clause.
func cutWidth(s string, width int) string {
	n, last, cut := 0, 0, 0
	for i, r := range s {
		n += runeWidth(r)
		if n > width {
			break
		}
		cut = i + utf8.RuneLen(r) // 3 for an invalid byte, read as U+FFFD
		switch r {
		case '。', '；', '，', '、', '！', '？', '.', ';', ',', '!', '?':
			last = cut
		}
	}
	if last > cut/2 {
		return s[:last]
	}
	return s[:cut]
}

// term reads the next term of a record's data (see Add): its number,
// frequency in each field, the mask of the fields it occurs in, and its
// positions block (count, then
// differences; empty for a term that keeps none); ok is false at the end,
// or when the data does not decode (r.err).
func (r *reader) term() (id uint32, tf [numFields]uint32, mask byte, pos []byte, ok bool) {
	// The common case, without the checks of each step: every number
	// below 2^14, each one or two bytes. Anything else takes the checked
	// way (termChecked) from the start of the term.
	b := r.b[min(r.off, len(r.b)):]
	i, ok := 0, r.err == nil && len(b) > 0
	next := func() uint32 {
		if i < len(b) && b[i] < 0x80 {
			i++
			return uint32(b[i-1])
		}
		if i+1 < len(b) && b[i+1] < 0x80 {
			i += 2
			return uint32(b[i-2]&0x7f) | uint32(b[i-1])<<7
		}
		ok = false
		return 0
	}
	id = next()
	if ok && i < len(b) {
		mask = b[i] & (1<<numFields - 1)
		i++
		for m := mask; m != 0; m &= m - 1 {
			tf[bits.TrailingZeros8(m)] = next()
		}
		n := int(next())
		if ok && n <= len(b)-i {
			r.off += i + n
			return id, tf, mask, b[i : i+n], true
		}
	}
	return r.termChecked()
}

// termChecked is term, each step checked.
func (r *reader) termChecked() (id uint32, tf [numFields]uint32, mask byte, pos []byte, ok bool) {
	if r.off >= len(r.b) || r.err != nil {
		return 0, tf, 0, nil, false
	}
	id = uint32(r.uvarint())
	m := r.bytes(1)
	if r.err != nil {
		return 0, tf, 0, nil, false
	}
	mask = m[0] & (1<<numFields - 1)
	for f := range tf {
		if mask&(1<<f) != 0 {
			tf[f] = uint32(r.uvarint())
		}
	}
	pos = r.bytes(r.count())
	return id, tf, mask, pos, r.err == nil
}

func (d *record) corrupt() error {
	return fmt.Errorf("search: cannot read back the terms of %s", d.url)
}

// impact is a posting's saturated, field-weighted term frequency, 1–15.
// Sixteen levels rank as well as 256 on real queries and halve the
// postings; the impacts are most of their bytes.
func impact(tf [numFields]uint32, lens [numFields]uint32, avg [numFields]float64) byte {
	return impactNorm(tf, lengthNorms(lens, avg), avg)
}

// lengthNorms is the length normalisation of a document in each field,
// for impactNorm.
func lengthNorms(lens [numFields]uint32, avg [numFields]float64) [numFields]float64 {
	var norms [numFields]float64
	for f := range norms {
		if avg[f] != 0 {
			norms[f] = 1 - fieldB[f] + fieldB[f]*float64(lens[f])/avg[f]
		}
	}
	return norms
}

// impactNorm is impact, the document's lengths normalised. A term in the
// page's name (its title, or a fact: a course code, a speaker's name) has
// one of the top levels (from nameLevel), whatever its count elsewhere:
// saturated, a word said twenty times in a body would otherwise weigh as
// much as the title, and a law's own page would rank after the pages that
// discuss it.
func impactNorm(tf [numFields]uint32, norms [numFields]float64, avg [numFields]float64) byte {
	var w float64
	for f, n := range tf {
		if n == 0 || avg[f] == 0 {
			continue
		}
		w += fieldWeight[f] * float64(n) / norms[f]
	}
	s := w / (w + k1)
	switch {
	case tf[FieldTitle] > 0:
		return byte(titleLevel + math.Round(s*(impactLevels-titleLevel)))
	case tf[FieldFacts] > 0:
		return byte(nameLevel + math.Round(s*(titleLevel-1-nameLevel)))
	}
	return byte(max(1, min(nameLevel-1, math.Round(s*(nameLevel-1)))))
}

// nameLevel is the lowest impact of a term in a page's name. search.js
// (NAME_LEVEL) ranks first the pages that have more of a query's groups
// at this level.
const nameLevel = 12

// titleLevel is the lowest impact of a term in a page's title: a fact (a
// party, a region) is part of the name, but a page whose title has the
// term scores above one that only lists it among its facts.
const titleLevel = 14

// hanID returns the number of a Han term, if a page has it. It is not
// safe beside Add.
func (b *Builder) hanID(key uint64) (uint32, bool) {
	id, ok := b.hanIDs.lookup(key)
	return uint32(id), ok
}
