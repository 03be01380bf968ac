package search

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"
)

// The index is search/manifest.json and a folder search/ix-<hash>/ named
// by its content. The manifest (JSON) gives that folder, the number of
// documents, the languages, the document ranges of each language and type
// ([lang, type, start, end]; documents are numbered in that order), the
// first term of each term shard, and how many documents each excerpt
// bundle holds. In the folder, every file is gzipped: term shards t<n>,
// positions files p<n>, excerpt bundles e<n> (JSON: [[url, title,
// excerpt], …]) and the folding table fold (see foldTable.browser).
//
// The binary files, before gzip; search.js decodes the same layout.
// Numbers are unsigned LEB128 varints.
//
// Term shard (t<n>): the terms of one range, sorted, with their postings.
//
//	version byte (2)
//	positions files this shard refers to: count, then their numbers
//	terms: count, then for each: bytes shared with the previous term,
//	    length and bytes of the rest (UTF-8), document frequency, length
//	    of its postings block, and where its positions are: (index in the
//	    list above, offset, length; length 0 when the term keeps no
//	    positions: pairs of Han characters keep them, and grams found
//	    less often than Options.GramCount), its flags (termExtended,
//	    termNext) and, with termNext, the length and bytes of its
//	    continuation (UTF-8)
//	postings blocks, one per term in order: a kind byte, then
//	    kind 0: document numbers, the first as is and then differences
//	    kind 1: first document number, bitmap length, bitmap (bit i of
//	            byte i/8, least significant first: document first+i)
//	  and then the impacts (see impact), four bits each, two a byte, the
//	  first in the low bits.
//
// Positions file (p<n>): blocks of terms, one after another; a block has,
// for each document of the term's postings in order, the number of
// positions, then the positions (the first as is, then differences).

const formatVersion = 2

const (
	postingsList   = 0
	postingsBitmap = 1
)

// errCorrupt is returned for a file that does not decode.
var errCorrupt = errors.New("search index: corrupt file")

func putUvarint(b []byte, v uint64) []byte { return binary.AppendUvarint(b, v) }

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// postingsBlock codes one term's postings: counted in document order
// first (count), then placed (layout), then written in document order
// again (add), straight into the shard's bytes.
type postingsBlock struct {
	df, listLen int   // documents; bytes of the list form
	first, last int32 // first and last document
	bitmap      bool
	nbytes      int // bitmap bytes
	start, size int // place in the array of all blocks
	docs        int // documents written so far
	at          int // where the next list number goes
}

func (p *postingsBlock) count(doc int32) {
	if p.last < 0 {
		p.first = doc
		p.listLen += uvarintLen(uint64(doc))
	} else {
		p.listLen += uvarintLen(uint64(doc - p.last))
	}
	p.df++
	p.last = doc
}

// layout chooses the smaller form, places the block at start and returns
// its size.
func (p *postingsBlock) layout(start int) int {
	p.nbytes = int(p.last-p.first)/8 + 1
	head := uvarintLen(uint64(p.first)) + uvarintLen(uint64(p.nbytes))
	p.bitmap = head+p.nbytes < p.listLen
	body := p.listLen
	if p.bitmap {
		body = head + p.nbytes
	}
	p.start, p.size = start, 1+body+(p.df+1)/2
	p.at = start + 1
	p.last = -1
	return p.size
}

// add writes a document and its impact; all documents come in order.
// Bits for a byte in shared, which another goroutine writes too (see
// span), go to deferred instead of into all.
func (p *postingsBlock) add(all []byte, doc int32, impact byte, shared [2]int, deferred *[]orWrite) {
	b := all[p.start : p.start+p.size]
	if p.docs == 0 {
		if p.bitmap {
			b[0] = postingsBitmap
			n := binary.PutUvarint(b[1:], uint64(p.first))
			binary.PutUvarint(b[1+n:], uint64(p.nbytes))
		} else {
			b[0] = postingsList
		}
	}
	if p.bitmap {
		off := doc - p.first
		orByte(all, p.bitByte(doc), 1<<(off%8), shared, deferred)
	} else {
		v := doc
		if p.docs > 0 {
			v = doc - p.last
		}
		p.at += binary.PutUvarint(all[p.at:], uint64(v))
	}
	orByte(all, p.impactByte(p.docs), (impact&0xf)<<(4*(p.docs%2)), shared, deferred)
	p.last = doc
	p.docs++
}

// bitByte is the byte of all that holds a document's bit in a bitmap.
func (p *postingsBlock) bitByte(doc int32) int {
	head := 1 + uvarintLen(uint64(p.first)) + uvarintLen(uint64(p.nbytes))
	return p.start + head + int((doc-p.first)/8)
}

// impactByte is the byte of all that holds the impact of the block's
// i-th document.
func (p *postingsBlock) impactByte(i int) int {
	return p.start + p.size - (p.df+1)/2 + i/2
}

func orByte(all []byte, at int, bit byte, shared [2]int, deferred *[]orWrite) {
	if at == shared[0] || at == shared[1] {
		*deferred = append(*deferred, orWrite{at, bit})
		return
	}
	all[at] |= bit
}

// reader decodes varints and bytes with bounds checks.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	if r.off < len(r.b) && r.b[r.off] < 0x80 {
		r.off++
		return uint64(r.b[r.off-1])
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.err = errCorrupt
		return 0
	}
	r.off += n
	return v
}

// count reads a number that counts items of at least one byte each that
// follow, so that a corrupt file cannot ask for more than it holds.
func (r *reader) count() int {
	v := r.uvarint()
	if v > uint64(len(r.b)-r.off) {
		r.err = errCorrupt
		return 0
	}
	return int(v)
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b)-r.off {
		r.err = errCorrupt
		return nil
	}
	out := r.b[r.off : r.off+n]
	r.off += n
	return out
}

// Shard is a decoded term shard (used by tests and the fuzzer; the browser
// has its own decoder in search.js).
type Shard struct {
	PosFiles []int // numbers of the positions files its terms refer to
	Terms    []ShardTerm
}

// ShardTerm is a term of a shard with its postings.
type ShardTerm struct {
	Term              string
	Docs              []uint32
	Impacts           []byte
	PosFile           int // index in Shard.PosFiles
	PosOffset, PosLen int
	Flags             int    // termExtended, termNext
	Next              string // its continuation, with termNext
}

// DecodeShard decodes a term shard, gzipped or not.
func DecodeShard(data []byte) (*Shard, error) {
	data, err := gunzip(data)
	if err != nil {
		return nil, err
	}
	r := &reader{b: data}
	if v := r.bytes(1); r.err != nil || v[0] != formatVersion {
		return nil, fmt.Errorf("search index: unknown shard version")
	}
	s := &Shard{}
	for n := r.count(); n > 0 && r.err == nil; n-- {
		s.PosFiles = append(s.PosFiles, int(r.uvarint()))
	}
	type entry struct {
		df, plen int
	}
	var entries []entry
	var prev []byte
	for n := r.count(); n > 0 && r.err == nil; n-- {
		shared := r.uvarint() // compared before it becomes an int, which may wrap
		rest := r.bytes(r.count())
		if shared > uint64(len(prev)) {
			r.err = errCorrupt
			break
		}
		term := append(append([]byte(nil), prev[:shared]...), rest...)
		prev = term
		df := int(min(r.uvarint(), 1<<31))
		plen := r.count()
		if df == 0 || df > 2*plen {
			r.err = errCorrupt
		}
		t := ShardTerm{Term: string(term), PosFile: int(r.uvarint()), PosOffset: int(r.uvarint()), PosLen: int(r.uvarint()), Flags: int(r.uvarint())}
		if t.Flags&termNext != 0 {
			t.Next = string(r.bytes(r.count()))
		}
		if t.PosFile < 0 || t.PosFile >= len(s.PosFiles) {
			r.err = errCorrupt
		}
		s.Terms = append(s.Terms, t)
		entries = append(entries, entry{df, plen})
	}
	for i := range s.Terms {
		if r.err != nil {
			break
		}
		block := &reader{b: r.bytes(entries[i].plen)}
		if r.err != nil {
			break
		}
		docs, impacts, err := decodePostings(block, entries[i].df)
		if err != nil {
			return nil, err
		}
		s.Terms[i].Docs, s.Terms[i].Impacts = docs, impacts
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.off != len(r.b) {
		return nil, errCorrupt
	}
	return s, nil
}

func decodePostings(r *reader, df int) ([]uint32, []byte, error) {
	kind := r.bytes(1)
	if r.err != nil || df == 0 {
		return nil, nil, errCorrupt
	}
	docs := make([]uint32, 0, df)
	switch kind[0] {
	case postingsList:
		var d uint64
		for i := 0; i < df && r.err == nil; i++ {
			v := r.uvarint()
			if i > 0 && v == 0 {
				return nil, nil, errCorrupt
			}
			d += v
			if d > 1<<31 {
				return nil, nil, errCorrupt
			}
			docs = append(docs, uint32(d))
		}
	case postingsBitmap:
		first := r.uvarint()
		bm := r.bytes(r.count())
		if first > 1<<31 {
			return nil, nil, errCorrupt
		}
		for i, c := range bm {
			for bit := 0; bit < 8; bit++ {
				if c&(1<<bit) != 0 {
					docs = append(docs, uint32(first)+uint32(i*8+bit))
				}
			}
		}
		if len(docs) != df {
			return nil, nil, errCorrupt
		}
	default:
		return nil, nil, errCorrupt
	}
	packed := r.bytes((df + 1) / 2)
	if r.err != nil || r.off != len(r.b) {
		return nil, nil, errCorrupt
	}
	impacts := make([]byte, df)
	for i := range impacts {
		impacts[i] = packed[i/2] >> (4 * (i % 2)) & 0xf
	}
	return docs, impacts, nil
}

// DecodePositions decodes one term's block of a positions file: the
// positions in each of its df documents.
func DecodePositions(block []byte, df int) ([][]uint32, error) {
	r := &reader{b: block}
	out := make([][]uint32, 0, min(df, len(block)))
	for i := 0; i < df && r.err == nil; i++ {
		n := r.count()
		ps := make([]uint32, 0, n)
		var p uint64
		for j := 0; j < n && r.err == nil; j++ {
			p += r.uvarint()
			if p > 1<<31 {
				return nil, errCorrupt
			}
			ps = append(ps, uint32(p))
		}
		out = append(out, ps)
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.off != len(block) {
		return nil, errCorrupt
	}
	return out, nil
}

// gzipBytes compresses deterministically: no name, no time. (The best
// compression saves half a percent on these files for twice the time.)
func gzipBytes(data []byte) []byte {
	z := gzippers.Get().(*gzipper)
	defer gzippers.Put(z)
	z.buf.Reset()
	z.w.Reset(&z.buf)
	_, _ = z.w.Write(data)
	_ = z.w.Close()
	return bytes.Clone(z.buf.Bytes())
}

// gzipper is a gzip writer and its output buffer, kept for the next file:
// a writer has most of a megabyte of state to allocate and clear, and
// Reset only clears it.
type gzipper struct {
	w   *gzip.Writer
	buf bytes.Buffer
}

var gzippers = sync.Pool{New: func() any {
	z := &gzipper{}
	z.w, _ = gzip.NewWriterLevel(&z.buf, gzip.DefaultCompression)
	return z
}}

// gunzip returns data decompressed when it is gzipped, else data. A static
// server may already have removed the gzip layer.
func gunzip(data []byte) ([]byte, error) {
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	return out, nil
}

// compareTerms orders terms by UTF-16 code units, the order JavaScript's
// < uses, so that the browser can binary-search the shard ranges. (That is
// the order of code points but for the characters above U+FFFF, whose
// first unit, a surrogate, is below U+E000.)
func compareTerms(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	// Back to the start of the character where they differ.
	for i > 0 && (i < len(a) && !utf8.RuneStart(a[i]) || i < len(b) && !utf8.RuneStart(b[i])) {
		i--
	}
	a, b = a[i:], b[i:]
	for len(a) > 0 && len(b) > 0 {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return cmp.Or(cmp.Compare(firstUnit(ra), firstUnit(rb)), cmp.Compare(ra, rb))
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// firstUnit is the first UTF-16 code unit of a character.
func firstUnit(r rune) rune {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 0xd800 + (r-0x10000)>>10
	}
	return r
}
