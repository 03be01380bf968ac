// Package search owns Qiao's built-in site search: the tokenizer for
// English and Chinese (Unicode normalisation, case folding, Snowball
// stemming, stop words; Traditional→Simplified and regional-word folding,
// overlapping character pairs), the extraction of a rendered page's text,
// the index builder and its binary encoding, and the browser script that
// reads that index (search.js, with the test vectors both run).
//
// It does not decide which pages are indexed, nor where files are
// written: the build package hands it documents and writes the files it
// returns. The tokenizer is defined once, in tokenize.go, and mirrored line
// for line by search.js; testdata/vectors.json proves the two agree.
package search
