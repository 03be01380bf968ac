package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"qiao/generator/pool"
)

// Write encodes the index and hands each file to write, path relative to
// the output root and under Dir: the files of this build's folder as soon
// as each is ready, so that the encoded index is never in memory whole,
// then the manifest that points to them, the script and its stylesheet.
//
// It goes in steps (an indexWrite each): count every term's postings and
// name the folder by a hash of what the index is made from; encode the
// postings and positions; write the positions files, the term shards
// that point into them, the excerpt bundles, the folding table and last
// the manifest.
func (b *Builder) Write(write func(path string, data []byte) error) error {
	w := &indexWrite{b: b, docs: b.sortedDocs()}
	w.avg = averageLengths(w.docs)
	if err := w.count(); err != nil {
		return err
	}
	if err := w.encode(); err != nil {
		return err
	}
	w.sortTerms()
	batch := newBatch(func(path string, data []byte) error { return write(Dir+w.dir+path, data) })
	refs, err := w.writePositions(batch)
	if err != nil {
		return err
	}
	shards, err := w.writeShards(batch, refs)
	if err != nil {
		return err
	}
	per, err := w.writeBundles(batch)
	if err != nil {
		return err
	}
	if err := write(Dir+w.dir+"fold", w.foldGz); err != nil {
		return err
	}
	return w.writeManifest(write, shards, per)
}

// An indexWrite is the state of one Builder.Write, step by step. Each
// step drops what the later ones do not need, so that memory stays low.
type indexWrite struct {
	b    *Builder
	docs []*record // in index order (sortedDocs)
	avg  [numFields]float64

	// From count.
	g      *grams
	spans  []*span
	blocks []postingsBlock // by term number
	posLen []int           // by term number: bytes of positions
	foldGz []byte
	dir    string // this build's folder, below Dir

	// From encode.
	postings []byte // every term's postings block
	allPos   []byte // every term's positions block
	posStart []int  // by term number: where its positions start in allPos

	order []uint32 // term numbers in term order (sortTerms)
}

// sortedDocs returns the builder's documents in index order: by language
// (in the site's order), type and URL.
func (b *Builder) sortedDocs() []*record {
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
	return docs
}

// averageLengths is the average length of each field over docs.
func averageLengths(docs []*record) [numFields]float64 {
	var avg [numFields]float64
	for _, d := range docs {
		for f, n := range d.lens {
			avg[f] += float64(n)
		}
	}
	for f := range avg {
		avg[f] /= float64(max(len(docs), 1))
	}
	return avg
}

// count is the first pass: it counts each term's postings and positions,
// and hashes everything the index is made from, to name this build's
// folder. (Term numbers depend on the order pages were added in, so they
// are not hashed.) The documents are counted in spans at once (see span);
// the hash is made beside them.
func (w *indexWrite) count() error {
	b := w.b
	w.g = b.findGrams(w.docs)
	nt := len(b.terms)
	w.spans = splitDocs(w.docs, runtime.GOMAXPROCS(0))
	h := sha256.New()
	hashed := make(chan struct{})
	go func() {
		defer close(hashed)
		w.hashDocs(h)
	}()
	err := eachSpan(w.spans, func(s *span) error { return s.count(b, w.g, w.docs, nt) })
	<-hashed
	if err != nil {
		return err
	}
	w.posLen = make([]int, nt)
	w.blocks = make([]postingsBlock, nt)
	for id := range w.blocks {
		w.blocks[id].last = -1
		w.posLen[id] = mergeCounts(w.spans, id, &w.blocks[id])
	}
	w.foldGz = bytes.Clone(foldGzip())
	h.Write(w.foldGz)
	w.dir = "ix-" + hex.EncodeToString(h.Sum(nil))[:12] + "/"
	return nil
}

// hashDocs writes to h the format, the options and every document's
// fields and digest.
func (w *indexWrite) hashDocs(h hash.Hash) {
	fmt.Fprintf(h, "%d %v %+v\n", formatVersion, w.b.langs, w.b.opts)
	var line []byte
	for _, d := range w.docs {
		// As fmt's %q, "%q %q %q %q %q\n".
		line = line[:0]
		for i, s := range [...]string{d.lang, d.typ, d.url, d.title, d.excerpt} {
			if i > 0 {
				line = append(line, ' ')
			}
			line = strconv.AppendQuote(line, s)
		}
		h.Write(append(line, '\n'))
		h.Write(d.digest[:])
	}
}

// encode is the second pass: it writes every term's postings block in
// place, in one array cut to size, and the positions of those that keep
// them. The spans and the documents' terms are dropped after it.
func (w *indexWrite) encode() error {
	nt := len(w.blocks)
	size, posSize := 0, 0
	w.posStart = make([]int, nt)
	for id := range nt {
		size += w.blocks[id].layout(size)
		w.posStart[id] = posSize
		posSize += w.posLen[id]
	}
	for _, s := range w.spans {
		for id := range s.terms {
			start := -1 // no positions kept
			if w.posLen[id] > 0 {
				start = w.posStart[id]
			}
			s.terms[id].prepareWrite(&w.blocks[id], start)
		}
	}
	w.postings = make([]byte, size)
	w.allPos = make([]byte, posSize)
	if err := eachSpan(w.spans, func(s *span) error { return s.write(w.docs, w.postings, w.allPos, w.avg) }); err != nil {
		return err
	}
	for _, s := range w.spans {
		for _, d := range s.deferred {
			w.postings[d.at] |= d.bit
		}
	}
	w.spans = nil
	for _, d := range w.docs {
		d.data, d.runs = nil, nil
	}
	return nil
}

// sortTerms puts the term numbers in the order of the terms.
func (w *indexWrite) sortTerms() {
	terms := w.b.terms
	w.order = make([]uint32, len(w.blocks))
	for i := range w.order {
		w.order[i] = uint32(i)
	}
	slices.SortFunc(w.order, func(x, y uint32) int { return compareTerms(terms[x], terms[y]) })
}

// A posRef is where a term's positions block is: in which positions file,
// at which offset, how long.
type posRef struct{ file, off, n int }

// writePositions writes the positions files: the terms' blocks in term
// order, cut by the budget. It returns where each term's block went, and
// drops the blocks.
func (w *indexWrite) writePositions(batch *batch) ([]posRef, error) {
	refs := make([]posRef, len(w.blocks))
	posFiles := 0
	var cur []byte
	flush := func() error {
		if len(cur) == 0 {
			return nil
		}
		err := batch.add(fmt.Sprintf("p%d", posFiles), cur)
		posFiles++
		cur = nil
		return err
	}
	for _, id := range w.order {
		blk := w.allPos[w.posStart[id] : w.posStart[id]+w.posLen[id]]
		if len(blk) == 0 {
			continue
		}
		if len(cur) > 0 && len(cur)+len(blk) > w.b.opts.PositionsBytes {
			if err := flush(); err != nil {
				return nil, err
			}
		}
		refs[id] = posRef{posFiles, len(cur), len(blk)}
		cur = append(cur, blk...)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if err := batch.flush(); err != nil {
		return nil, err
	}
	w.allPos = nil
	return refs, nil
}

// A shardWriter collects the terms of one term shard at a time.
type shardWriter struct {
	firsts    []string // the first term of each shard
	dict      []byte   // the current shard's term entries
	area      []byte   // its postings blocks
	files     []int    // the positions files it points into
	fileIndex map[int]int
	prev      string // its last term
	count     int    // its terms
}

// writeShards writes the term shards, cut by the budget: each a
// dictionary of its terms, then their postings. It returns the first
// term of each shard.
func (w *indexWrite) writeShards(batch *batch, refs []posRef) ([]string, error) {
	s := &shardWriter{firsts: []string{}, fileIndex: map[int]int{}}
	for _, id := range w.order {
		block := w.postings[w.blocks[id].start : w.blocks[id].start+w.blocks[id].size]
		if s.count > 0 && len(s.dict)+len(s.area)+len(block) > w.b.opts.ShardBytes {
			if err := s.flush(batch); err != nil {
				return nil, err
			}
		}
		s.add(w.b.terms[id], block, w.blocks[id].df, refs[id], w.g.extended[id], string(w.g.next[id]))
	}
	if err := s.flush(batch); err != nil {
		return nil, err
	}
	return s.firsts, nil
}

// add adds a term to the current shard: its postings block and number of
// documents, where its positions are, and its gram flags (grams.go).
func (s *shardWriter) add(term string, block []byte, df int, ref posRef, extended bool, next string) {
	if s.count == 0 {
		s.firsts = append(s.firsts, term)
	}
	fi, ok := s.fileIndex[ref.file]
	if !ok {
		fi = len(s.files)
		s.fileIndex[ref.file] = fi
		s.files = append(s.files, ref.file)
	}
	shared := commonPrefix(s.prev, term)
	d := s.dict
	d = putUvarint(d, uint64(shared))
	d = putUvarint(d, uint64(len(term)-shared))
	d = append(d, term[shared:]...)
	d = putUvarint(d, uint64(df))
	d = putUvarint(d, uint64(len(block)))
	d = putUvarint(d, uint64(fi))
	d = putUvarint(d, uint64(ref.off))
	d = putUvarint(d, uint64(ref.n))
	var flags uint64
	if extended {
		flags |= termExtended
	}
	if next != "" {
		flags |= termNext
	}
	d = putUvarint(d, flags)
	if next != "" {
		d = putUvarint(d, uint64(len(next)))
		d = append(d, next...)
	}
	s.dict = d
	s.area = append(s.area, block...)
	s.prev = term
	s.count++
}

// flush writes the current shard, if it has terms, and starts the next.
func (s *shardWriter) flush(batch *batch) error {
	if s.count == 0 {
		return nil
	}
	out := []byte{formatVersion}
	out = putUvarint(out, uint64(len(s.files)))
	for _, f := range s.files {
		out = putUvarint(out, uint64(f))
	}
	out = putUvarint(out, uint64(s.count))
	out = append(out, s.dict...)
	out = append(out, s.area...)
	s.dict, s.area, s.files, s.count, s.prev = nil, nil, nil, 0, ""
	s.fileIndex = map[int]int{}
	return batch.add(fmt.Sprintf("t%d", len(s.firsts)-1), out)
}

// writeBundles writes the excerpt bundles: the same number of consecutive
// documents in each, as many as fit the budget on average. It returns
// that number.
func (w *indexWrite) writeBundles(batch *batch) (int, error) {
	total := 0
	for _, d := range w.docs {
		total += entrySize(d)
	}
	docs := w.docs
	per := max(1, w.b.opts.BundleBytes*len(docs)/max(total, 1))
	for start, n := 0, 0; start < len(docs); start, n = start+per, n+1 {
		var bundle [][3]string
		for _, d := range docs[start:min(start+per, len(docs))] {
			bundle = append(bundle, [3]string{d.url, d.title, d.excerpt})
		}
		if err := batch.add(fmt.Sprintf("e%d", n), mustJSON(bundle)); err != nil {
			return 0, err
		}
	}
	return per, batch.flush()
}

// writeManifest writes the manifest, which names this build's folder,
// its shards and its documents' ranges, then the script and its
// stylesheet.
func (w *indexWrite) writeManifest(write func(path string, data []byte) error, shards []string, per int) error {
	b := w.b
	m := manifest{Version: formatVersion, Dir: w.dir, Docs: len(w.docs), Langs: b.langs, Ranges: []docRange{}, Shards: shards, Bundle: per,
		Grams: b.opts.GramLength, Synonyms: b.synonyms}
	for n, d := range w.docs {
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

// foldGzip is the folding table as search.js reads it, gzipped.
var foldGzip = sync.OnceValue(func() []byte { return gzipBytes(folding().browser()) })

// batch compresses files in parallel, a few dozen at a time, and writes
// them in the order they were added.
type batch struct {
	write func(path string, data []byte) error
	paths []string
	data  [][]byte
}

func newBatch(write func(path string, data []byte) error) *batch { return &batch{write: write} }

// add queues a file.
func (b *batch) add(path string, data []byte) error {
	b.paths, b.data = append(b.paths, path), append(b.data, data)
	if len(b.paths) >= 64 {
		return b.flush()
	}
	return nil
}

func (b *batch) flush() error {
	gz := compressAll(b.data)
	for i, p := range b.paths {
		if err := b.write(p, gz[i]); err != nil {
			return err
		}
	}
	b.paths, b.data = nil, nil
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
	Grams   int        `json:"grams"`  // the longest run of characters that is a term
	// Synonyms are the site's groups of synonyms, each term as its parts
	// (synonyms.go).
	Synonyms [][][]Group `json:"synonyms,omitempty"`
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
