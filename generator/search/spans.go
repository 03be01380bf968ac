package search

import (
	"math/bits"

	"qiao/generator/pool"
)

// Writing the postings reads every document's terms twice, to count them
// and then to write them (see Builder.Write); the terms of its grams are
// found in the first pass (see grams.entries) and kept for the second.
// Both passes split the
// documents, in their final order, into spans that run at once, one per
// CPU, and produce exactly what one pass in document order would.

// span is a run of consecutive documents and, for each term, what the
// passes over them need.
type span struct {
	lo, hi int // documents
	terms  []spanTerm
	// deferred holds writes to bytes that the span before also writes
	// (a term's bitmap or impacts cross the spans' border), OR-ed in
	// after all spans are done.
	deferred []orWrite
	grams    gramScratch
	// gramData holds the grams' terms of each of the span's documents,
	// as grams.entries gives them, in chunks of arena.
	gramData [][]byte
	arena    []byte
}

type spanTerm struct {
	// block counts this span's postings in the first pass; for the
	// second it is the term's block as the spans before leave it.
	block  postingsBlock
	posLen int // positions bytes in this span
	pos    int // second pass: where this span's positions go, or -1
	shared [2]int
}

type orWrite struct {
	at  int
	bit byte
}

// splitDocs cuts docs into at most n spans of about the same amount of
// term data.
func splitDocs(docs []*record, n int) []*span {
	total := 0
	for _, d := range docs {
		total += len(d.data)
	}
	var spans []*span
	lo, sum := 0, 0
	for i, d := range docs {
		sum += len(d.data)
		if len(spans) < n-1 && sum*n >= total*(len(spans)+1) {
			spans = append(spans, &span{lo: lo, hi: i + 1})
			lo = i + 1
		}
	}
	return append(spans, &span{lo: lo, hi: len(docs)})
}

// count is the first pass over a span: each term's postings (as
// postingsBlock.count) and positions bytes.
func (s *span) count(b *Builder, g *grams, docs []*record, terms int) error {
	s.terms = make([]spanTerm, terms)
	for id := range s.terms {
		s.terms[id].block.last = -1
	}
	s.gramData = make([][]byte, 0, s.hi-s.lo)
	for n := s.lo; n < s.hi; n++ {
		grams := s.keep(g.entries(b, docs[n], &s.grams))
		s.gramData = append(s.gramData, grams)
		for _, data := range [2][]byte{docs[n].data, grams} {
			r := reader{b: data}
			for {
				id, _, _, pos, ok := r.term()
				if !ok {
					break
				}
				t := &s.terms[id]
				t.posLen += len(pos)
				t.block.count(int32(n))
			}
			if r.err != nil {
				return docs[n].corrupt()
			}
		}
	}
	return nil
}

// keep copies data into the span's arena.
func (s *span) keep(data []byte) []byte {
	if len(data) > cap(s.arena)-len(s.arena) {
		s.arena = make([]byte, 0, max(len(data), 1<<20))
	}
	at := len(s.arena)
	s.arena = append(s.arena, data...)
	return s.arena[at:len(s.arena):len(s.arena)]
}

// mergeCounts joins the spans' counts of term id into block, as if one
// pass had counted every document in order, and returns the term's
// positions bytes. It leaves in each span the term's state before it:
// documents, last document and list bytes in the span's block, positions
// bytes in pos.
func mergeCounts(spans []*span, id int, block *postingsBlock) (posLen int) {
	for _, s := range spans {
		t := &s.terms[id]
		c := t.block
		t.block = postingsBlock{df: block.df, last: block.last, listLen: block.listLen}
		t.pos = posLen
		if c.df > 0 {
			if block.df == 0 {
				block.first, block.listLen = c.first, c.listLen
			} else {
				// The span's first document follows the last one before it.
				block.listLen += c.listLen - uvarintLen(uint64(c.first)) + uvarintLen(uint64(c.first-block.last))
			}
			block.df += c.df
			block.last = c.last
		}
		posLen += t.posLen
	}
	return posLen
}

// prepareWrite turns what mergeCounts left in the span into the state the
// second pass starts from: block, laid out, where the spans before stop.
// posStart is where the term's positions go, or -1 when it keeps none.
func (t *spanTerm) prepareWrite(block *postingsBlock, posStart int) {
	before, posBefore := t.block, t.pos
	t.block = *block
	t.block.docs, t.block.last, t.block.at = before.df, before.last, block.start+1+before.listLen
	t.shared = [2]int{-1, -1}
	if before.df > 0 {
		// The byte of the last impact before, and of the last bitmap bit
		// before, may be this span's too.
		if before.df%2 == 1 {
			t.shared[0] = block.impactByte(before.df)
		}
		if block.bitmap {
			t.shared[1] = block.bitByte(before.last)
		}
	}
	t.pos = -1
	if posStart >= 0 {
		t.pos = posStart + posBefore
	}
}

// write is the second pass over a span: each posting into its block in
// postings, and the positions kept into allPos.
func (s *span) write(docs []*record, postings, allPos []byte, avg [numFields]float64) error {
	for n := s.lo; n < s.hi; n++ {
		d := docs[n]
		im := impacts{norms: lengthNorms(d.lens, avg), avg: &avg}
		for _, data := range [2][]byte{d.data, s.gramData[n-s.lo]} {
			r := reader{b: data}
			for {
				id, tf, mask, pos, ok := r.term()
				if !ok {
					break
				}
				t := &s.terms[id]
				t.block.add(postings, int32(n), im.of(tf, mask), t.shared, &s.deferred)
				if t.pos >= 0 {
					t.pos += copy(allPos[t.pos:], pos)
				}
			}
			if r.err != nil {
				return d.corrupt()
			}
		}
	}
	return nil
}

// impacts gives the impacts of a document's terms (impactNorm), keeping
// those of a term in one field a few times, which most terms are.
type impacts struct {
	norms [numFields]float64
	avg   *[numFields]float64
	known [numFields][16]byte // by field and frequency; 0 until known
}

// of is impactNorm of a term's frequencies in each field and the mask of
// the fields they are not 0 in.
func (im *impacts) of(tf [numFields]uint32, mask byte) byte {
	if mask == 0 || mask&(mask-1) != 0 {
		return impactNorm(tf, im.norms, *im.avg)
	}
	f := bits.TrailingZeros8(mask)
	n := tf[f]
	if n >= uint32(len(im.known[f])) {
		return impactNorm(tf, im.norms, *im.avg)
	}
	if im.known[f][n] == 0 {
		im.known[f][n] = impactNorm(tf, im.norms, *im.avg)
	}
	return im.known[f][n]
}

// eachSpan runs f on every span at once and returns the first error.
func eachSpan(spans []*span, f func(*span) error) error {
	errs := make([]error, len(spans))
	pool.Each(len(spans), func(i int) { errs[i] = f(spans[i]) })
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
