package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"qiao/generator/pool"
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
// the defaults.
type Options struct {
	ShardBytes     int // term shard budget, before compression
	PositionsBytes int // positions file budget, before compression
	PositionsMax   int // a term with more bytes of positions keeps none
	BundleBytes    int // excerpt bundle budget, before compression
}

func (o Options) withDefaults() Options {
	if o.ShardBytes == 0 {
		o.ShardBytes = 16 << 10
	}
	if o.PositionsBytes == 0 {
		o.PositionsBytes = 16 << 10
	}
	if o.PositionsMax == 0 {
		o.PositionsMax = 12 << 10
	}
	if o.BundleBytes == 0 {
		o.BundleBytes = 12 << 10
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

// excerptWidth is the length of a page's stored excerpt, counting a CJK
// character as two.
const excerptWidth = 240

// Builder collects documents, from several goroutines, and encodes the
// index. Each document goes into the slot the caller gives it, so the
// result does not depend on the order of Add calls.
type Builder struct {
	an    *Analyzer
	opts  Options
	langs []string
	slots []*record

	mu      sync.Mutex
	ids     map[string]uint32 // word terms
	hanIDs  map[uint64]uint32 // Han terms, by hanKey
	terms   []string          // by number
	posSeen []int             // by number: at least the bytes of positions so far

	scratch sync.Pool // of *analysis
}

// record is an analysed document, compact until the index is built.
type record struct {
	url, lang, typ, title, excerpt string
	lens                           [numFields]uint32 // terms per field
	digest                         [32]byte          // of the text the terms came from
	// data holds, for each term: its number, a mask of the fields it
	// occurs in, its frequency in each of them, its positions.
	data []byte
}

// NewBuilder returns a builder with room for n documents, for a site whose
// languages are langs in their configured order.
func NewBuilder(n int, langs []string, opts Options) *Builder {
	return &Builder{an: NewAnalyzer(), opts: opts.withDefaults(), langs: langs, slots: make([]*record, n),
		ids: map[string]uint32{}, hanIDs: map[uint64]uint32{},
		scratch: sync.Pool{New: func() any {
			return &analysis{words: map[string]int32{}, hans: map[uint64]int32{}}
		}}}
}

// SetLanguages sets the order of the languages, for a builder made
// before they were known.
func (b *Builder) SetLanguages(langs []string) { b.langs = langs }

// analysis is the scratch space of one Add, reused by the next.
type analysis struct {
	words map[string]int32 // word term → index in terms
	hans  map[uint64]int32 // Han term (hanKey) → index in terms
	terms []termCount
	occ   []uint64 // term index << 32 | position, for every occurrence
	data  []byte
}

type termCount struct {
	word string // "" for a Han term
	han  uint64
	tf   [numFields]uint32
}

// Add analyses a document into slot i. It is safe to call concurrently
// for different slots.
func (b *Builder) Add(i int, d Document) {
	an := b.scratch.Get().(*analysis)
	defer b.scratch.Put(an)
	clear(an.words)
	clear(an.hans)
	an.terms, an.occ = an.terms[:0], an.occ[:0]
	var lens [numFields]uint32
	note := func(k int32, pos int, f Field) {
		an.terms[k].tf[f]++
		an.occ = append(an.occ, uint64(k)<<32|uint64(pos))
		lens[f]++
	}
	st := b.an.stream(func(term string, pos int, f Field) {
		k, ok := an.words[term]
		if !ok {
			k = int32(len(an.terms))
			an.words[term] = k
			an.terms = append(an.terms, termCount{word: term})
		}
		note(k, pos, f)
	})
	st.emitHan = func(key uint64, pos int, f Field) {
		k, ok := an.hans[key]
		if !ok {
			k = int32(len(an.terms))
			an.hans[key] = k
			an.terms = append(an.terms, termCount{han: key})
		}
		note(k, pos, f)
	}
	h := sha256.New()
	add := func(text string, f Field) {
		st.add(text, f)
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(f)<<56|uint64(len(text)))
		h.Write(n[:])
		io.WriteString(h, text)
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

	// Occurrences sorted by term, then position: each term's positions in
	// a row, in order; distinct positions counted per term.
	slices.Sort(an.occ)
	distinct := make([]int, len(an.terms))
	for j, o := range an.occ {
		if j == 0 || o != an.occ[j-1] {
			distinct[o>>32]++
		}
	}
	ids := make([]uint32, len(an.terms))
	// Positions are kept only for terms with few enough of them (see
	// Options.PositionsMax); once a term is past that, pages added later
	// need not keep its positions even for a while. Each page adds at
	// least 1+distinct bytes, so the test is the same whatever the order.
	drop := make([]bool, len(an.terms))
	b.mu.Lock()
	for k, t := range an.terms {
		var id uint32
		var ok bool
		if t.word != "" {
			id, ok = b.ids[t.word]
		} else {
			id, ok = b.hanIDs[t.han]
		}
		if !ok {
			id = uint32(len(b.terms))
			if t.word != "" {
				b.ids[t.word] = id
				b.terms = append(b.terms, t.word)
			} else {
				b.hanIDs[t.han] = id
				b.terms = append(b.terms, hanTerm(t.han))
			}
		}
		ids[k] = id
		if int(id) == len(b.posSeen) {
			b.posSeen = append(b.posSeen, 0)
		}
		drop[k] = b.posSeen[id] > b.opts.PositionsMax
		b.posSeen[id] += 1 + distinct[k]
	}
	b.mu.Unlock()

	data := an.data[:0]
	for o := 0; o < len(an.occ); {
		k := an.occ[o] >> 32
		end := o
		for end < len(an.occ) && an.occ[end]>>32 == k {
			end++
		}
		t := an.terms[k]
		data = putUvarint(data, uint64(ids[k]))
		var mask byte
		for f, n := range t.tf {
			if n > 0 {
				mask |= 1 << f
			}
		}
		data = append(data, mask)
		for _, n := range t.tf {
			if n > 0 {
				data = putUvarint(data, uint64(n))
			}
		}
		if drop[k] {
			data = append(data, 0) // no positions: the term keeps none
			o = end
			continue
		}
		data = putUvarint(data, uint64(distinct[k]))
		prev := uint32(0)
		for j := o; j < end; j++ {
			if j > o && an.occ[j] == an.occ[j-1] {
				continue
			}
			p := uint32(an.occ[j])
			data = putUvarint(data, uint64(p-prev))
			prev = p
		}
		o = end
	}
	an.data = data
	r := &record{
		url: d.URL, lang: d.Lang, typ: d.Type, title: d.Title,
		excerpt: excerpt(d.Summary, d.Text.Paragraphs),
		lens:    lens, data: bytes.Clone(data),
	}
	h.Sum(r.digest[:0])
	b.slots[i] = r
}

// excerpt is the text stored to show under a result: the summary, then
// the paragraphs that do not repeat it, cut at a word.
func excerpt(summary string, paragraphs []string) string {
	var b strings.Builder
	width := 0
	for i, s := range append([]string{summary}, paragraphs...) {
		if i > 0 && (strings.TrimSpace(s) == strings.TrimSpace(summary) || !prose(s)) {
			continue
		}
		for _, w := range strings.Fields(s) {
			ww := textWidth(w)
			if width+ww > excerptWidth {
				if width == 0 {
					b.WriteString(cutWidth(w, excerptWidth))
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
		n++
		if r >= 0x1100 && (isHan(r) || r >= 0x3000 && r <= 0x30ff || r >= 0xff00 && r <= 0xffef || r >= 0xac00 && r <= 0xd7a3) {
			n++
		}
	}
	return n
}

// cutWidth cuts a long run (Chinese text has no spaces) at a width,
// preferring the end of a sentence or clause.
func cutWidth(s string, width int) string {
	n, last, cut := 0, 0, 0
	for i, r := range s {
		n += textWidth(string(r))
		if n > width {
			break
		}
		cut = i + len(string(r))
		if strings.ContainsRune("。；，、！？.;,!?", r) {
			last = cut
		}
	}
	if last > cut/2 {
		return s[:last]
	}
	return s[:cut]
}

// Write encodes the index and hands each file to write, path relative to
// the output root and under Dir: the files of this build's folder as soon
// as each is ready, so that the encoded index is never in memory whole,
// then the manifest that points to them, the script and its stylesheet.
func (b *Builder) Write(write func(path string, data []byte) error) error {
	docs := make([]*record, 0, len(b.slots))
	for _, r := range b.slots {
		if r != nil {
			docs = append(docs, r)
		}
	}
	langRank := map[string]int{}
	for i, l := range b.langs {
		langRank[l] = i
	}
	slices.SortFunc(docs, func(x, y *record) int {
		return cmp.Or(cmp.Compare(langRank[x.lang], langRank[y.lang]), cmp.Compare(x.lang, y.lang),
			cmp.Compare(x.typ, y.typ), cmp.Compare(x.url, y.url))
	})
	var avg [numFields]float64
	for _, d := range docs {
		for f, n := range d.lens {
			avg[f] += float64(n)
		}
	}
	for f := range avg {
		avg[f] /= float64(max(len(docs), 1))
	}

	// First pass: count each term's postings and positions, and hash
	// everything the index is made from, to name this build's folder.
	// (Term numbers depend on the order pages were added in, so they are
	// not hashed.)
	nt := len(b.terms)
	df := make([]int, nt)
	posLen := make([]int, nt)
	blocks := make([]postingsBlock, nt)
	for id := range blocks {
		blocks[id].last = -1
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d %v %+v\n", formatVersion, b.langs, b.opts)
	for n, d := range docs {
		fmt.Fprintf(h, "%q %q %q %q %q\n", d.lang, d.typ, d.url, d.title, d.excerpt)
		h.Write(d.digest[:])
		err := d.terms(func(id uint32, _ [numFields]uint32, pos []byte) {
			df[id]++
			if pos[0] == 0 {
				posLen[id] = math.MaxInt / 2 // a page left them out: too many
			}
			posLen[id] += len(pos)
			blocks[id].count(int32(n))
		})
		if err != nil {
			return err
		}
	}
	foldGz := gzipBytes(folding().browser())
	h.Write(foldGz)
	dir := "ix-" + hex.EncodeToString(h.Sum(nil))[:12] + "/"

	// Second pass: write every term's postings block in place, in one
	// array cut to size. A term whose positions are more than a query may
	// fetch keeps none: the browser never asks.
	size, posSize := 0, 0
	posStart := make([]int, nt)
	for id := range nt {
		size += blocks[id].layout(size)
		posStart[id] = posSize
		if posLen[id] <= b.opts.PositionsMax {
			posSize += posLen[id]
		} else {
			posLen[id] = 0
		}
	}
	postings := make([]byte, size)
	allPos := make([]byte, posSize)
	posNext := slices.Clone(posStart)
	for n, d := range docs {
		err := d.terms(func(id uint32, tf [numFields]uint32, pos []byte) {
			blocks[id].add(postings, int32(n), impact(tf, d.lens, avg))
			if posLen[id] > 0 {
				posNext[id] += copy(allPos[posNext[id]:], pos)
			}
		})
		if err != nil {
			return err
		}
		d.data = nil
	}

	order := make([]uint32, nt)
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(x, y uint32) int { return compareTerms(b.terms[x], b.terms[y]) })

	batch := newBatch(func(path string, data []byte) error { return write(Dir+dir+path, data) })

	// Positions files: terms' blocks in term order, cut by the budget.
	type posRef struct{ file, off, n int }
	refs := make([]posRef, nt)
	var posSizes []int
	var cur []byte
	flushPos := func() error {
		if len(cur) == 0 {
			return nil
		}
		n := len(posSizes)
		posSizes = append(posSizes, 0)
		err := batch.add(fmt.Sprintf("p%d", n), cur, func(size int) { posSizes[n] = size })
		cur = nil
		return err
	}
	for _, id := range order {
		blk := allPos[posStart[id] : posStart[id]+posLen[id]]
		if len(blk) == 0 {
			continue
		}
		if len(cur) > 0 && len(cur)+len(blk) > b.opts.PositionsBytes {
			if err := flushPos(); err != nil {
				return err
			}
		}
		refs[id] = posRef{len(posSizes), len(cur), len(blk)}
		cur = append(cur, blk...)
	}
	if err := flushPos(); err != nil {
		return err
	}
	if err := batch.flush(); err != nil {
		return err
	}
	allPos = nil

	// Term shards, cut by the budget.
	firsts := []string{}
	var dict, area []byte
	var files []int            // positions files of the current shard
	fileIndex := map[int]int{} // positions file → index in files
	var prev string
	count := 0
	flushShard := func() error {
		if count == 0 {
			return nil
		}
		out := []byte{formatVersion}
		out = putUvarint(out, uint64(len(files)))
		for _, f := range files {
			out = putUvarint(out, uint64(f))
			out = putUvarint(out, uint64(posSizes[f]))
		}
		out = putUvarint(out, uint64(count))
		out = append(out, dict...)
		out = append(out, area...)
		dict, area, files, count, prev = nil, nil, nil, 0, ""
		fileIndex = map[int]int{}
		return batch.add(fmt.Sprintf("t%d", len(firsts)-1), out, nil)
	}
	for _, id := range order {
		term := b.terms[id]
		block := postings[blocks[id].start : blocks[id].start+blocks[id].size]
		if count > 0 && len(dict)+len(area)+len(block) > b.opts.ShardBytes {
			if err := flushShard(); err != nil {
				return err
			}
		}
		if count == 0 {
			firsts = append(firsts, term)
		}
		ref := refs[id]
		fi, ok := fileIndex[ref.file]
		if !ok {
			fi = len(files)
			fileIndex[ref.file] = fi
			files = append(files, ref.file)
		}
		shared := commonPrefix(prev, term)
		dict = putUvarint(dict, uint64(shared))
		dict = putUvarint(dict, uint64(len(term)-shared))
		dict = append(dict, term[shared:]...)
		dict = putUvarint(dict, uint64(df[id]))
		dict = putUvarint(dict, uint64(len(block)))
		dict = putUvarint(dict, uint64(fi))
		dict = putUvarint(dict, uint64(ref.off))
		dict = putUvarint(dict, uint64(ref.n))
		area = append(area, block...)
		prev = term
		count++
	}
	if err := flushShard(); err != nil {
		return err
	}

	// Excerpt bundles: the same number of consecutive documents in each,
	// as many as fit the budget on average.
	total := 0
	for _, d := range docs {
		total += entrySize(d)
	}
	per := max(1, b.opts.BundleBytes*len(docs)/max(total, 1))
	for start, n := 0, 0; start < len(docs); start, n = start+per, n+1 {
		var bundle [][3]string
		for _, d := range docs[start:min(start+per, len(docs))] {
			bundle = append(bundle, [3]string{d.url, d.title, d.excerpt})
		}
		if err := batch.add(fmt.Sprintf("e%d", n), mustJSON(bundle), nil); err != nil {
			return err
		}
	}
	if err := batch.flush(); err != nil {
		return err
	}
	if err := write(Dir+dir+"fold", foldGz); err != nil {
		return err
	}

	m := manifest{Version: formatVersion, Dir: dir, Docs: len(docs), Langs: b.langs, Ranges: []docRange{}, Shards: firsts, Bundle: per}
	for n, d := range docs {
		if k := len(m.Ranges) - 1; k >= 0 && m.Ranges[k].Lang == d.lang && m.Ranges[k].Type == d.typ {
			m.Ranges[k].End = n + 1
			continue
		}
		m.Ranges = append(m.Ranges, docRange{d.lang, d.typ, n, n + 1})
	}
	if len(m.Shards) > 0 {
		m.Shards[0] = ""
	}
	for _, f := range []File{
		{Dir + "manifest.json", mustJSON(m)},
		{Dir + "search.js", Script()},
		{Dir + "search.css", Stylesheet()},
	} {
		if err := write(f.Path, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// terms calls fn with each term of the record: its number, frequency in
// each field, and its positions block (count, then differences).
func (d *record) terms(fn func(id uint32, tf [numFields]uint32, pos []byte)) error {
	r := &reader{b: d.data}
	for r.off < len(r.b) && r.err == nil {
		id := r.uvarint()
		mask := r.bytes(1)
		if r.err != nil {
			break
		}
		var tf [numFields]uint32
		for f := range tf {
			if mask[0]&(1<<f) != 0 {
				tf[f] = uint32(r.uvarint())
			}
		}
		start := r.off
		for np := r.uvarint(); np > 0 && r.err == nil; np-- {
			r.uvarint()
		}
		if r.err == nil {
			fn(uint32(id), tf, r.b[start:r.off])
		}
	}
	if r.err != nil {
		return fmt.Errorf("search: cannot read back the terms of %s", d.url)
	}
	return nil
}

// batch compresses files in parallel, a few dozen at a time, and writes
// them in the order they were added.
type batch struct {
	write func(path string, data []byte) error
	paths []string
	data  [][]byte
	sized []func(int)
}

func newBatch(write func(path string, data []byte) error) *batch { return &batch{write: write} }

// add queues a file; sized, if not nil, is told its compressed size.
func (b *batch) add(path string, data []byte, sized func(int)) error {
	b.paths, b.data, b.sized = append(b.paths, path), append(b.data, data), append(b.sized, sized)
	if len(b.paths) >= 64 {
		return b.flush()
	}
	return nil
}

func (b *batch) flush() error {
	gz := compressAll(b.data)
	for i, p := range b.paths {
		if b.sized[i] != nil {
			b.sized[i](len(gz[i]))
		}
		if err := b.write(p, gz[i]); err != nil {
			return err
		}
	}
	b.paths, b.data, b.sized = nil, nil, nil
	return nil
}

// manifest is the first file a query reads.
type manifest struct {
	Version int        `json:"version"`
	Dir     string     `json:"dir"`  // folder of this build's files, below search/
	Docs    int        `json:"docs"` // number of documents
	Langs   []string   `json:"langs"`
	Ranges  []docRange `json:"ranges"` // documents are sorted by language and type
	Shards  []string   `json:"shards"` // first term of each shard t<n>
	Bundle  int        `json:"bundle"` // documents in each excerpt bundle e<n>
}

// docRange is the documents [Start, End) of one language and type.
type docRange struct {
	Lang  string `json:"lang"`
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

func (r docRange) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{r.Lang, r.Type, r.Start, r.End})
}

func (r *docRange) UnmarshalJSON(b []byte) error {
	return json.Unmarshal(b, &[]any{&r.Lang, &r.Type, &r.Start, &r.End})
}

// entrySize estimates the bytes of a document in its excerpt bundle.
func entrySize(d *record) int { return len(d.url) + len(d.title) + len(d.excerpt) + 12 }

// impact is a posting's saturated, field-weighted term frequency, 1–15.
// Sixteen levels rank as well as 256 on real queries and halve the
// postings; the impacts are most of their bytes.
func impact(tf [numFields]uint32, lens [numFields]uint32, avg [numFields]float64) byte {
	var w float64
	for f, n := range tf {
		if n == 0 || avg[f] == 0 {
			continue
		}
		norm := 1 - fieldB[f] + fieldB[f]*float64(lens[f])/avg[f]
		w += fieldWeight[f] * float64(n) / norm
	}
	s := w / (w + k1)
	return byte(max(1, min(impactLevels, math.Round(s*impactLevels))))
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func compressAll(files [][]byte) [][]byte {
	out := make([][]byte, len(files))
	pool.Each(len(files), func(i int) { out[i] = gzipBytes(files[i]) })
	return out
}

// mustJSON encodes plain values, which cannot fail.
func mustJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
