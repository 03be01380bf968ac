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
//
// # What a query finds
//
// A page's text is its title, headings, facts, summary and body. A query
// is split into groups (query.go): words, words joined by hyphens, and
// runs of Chinese characters. A page matches a group when:
//
//   - Words: the page has every word's term (NFKC, lower case, English
//     words Snowball-stemmed; stop words and words over 40 characters are
//     left out), or, for hyphenated words (ITT-201, start-up), the term of
//     the words joined (itt201, startup). Words need not be adjacent.
//   - The last word, while it is being typed (a word on its own, with no
//     space or punctuation after it, two to 40 characters): also any term
//     of the page that starts with it as typed (licen → licence,
//     licensing; the → theory).
//   - A Chinese run: the run, each character folded to Simplified
//     Chinese, occurs in a run of the page's text folded the same way, or
//     either one with regional words folded too (軟體 → 软件). A run of one
//     character occurs wherever that character does.
//
// Synonyms (Builder.SetSynonyms; a site's [search.synonyms]) are groups
// of terms, each term read as a query into its parts (its groups, without
// the prefix of a word being typed). From the first group of a query on,
// where the next groups are the parts of a term of a synonym group (the
// same word terms and joined term, the same folded run), the longest such
// term makes them one group of alternatives: the query's own groups, and
// the parts of each other term of the synonym group. A page matches it
// when it matches every part of one alternative; its score is the best
// alternative's sum. No two terms of a site have the same parts (check
// reports them), so the longest term is never in doubt.
//
// Exact matches are the pages that match every group. When no page of the
// site (in any language, whatever the filters) matches every group, the
// partial matches are shown instead: pages that match every group of
// words, every one-character run and every group of synonym alternatives,
// and that hold, for each other longer Chinese run, at least three
// quarters of its distinct pairs of adjacent characters (in one of its
// spellings), anywhere in their text.
// They rank by their coverage (the pairs held over the pairs of the run,
// averaged over the runs), then by score, and the result says they are
// partial. A group left with nothing to match (a stop word, unless it is
// the last word being typed) is ignored; a query with no group finds
// nothing.
//
// Exact matches rank by the number of the query's groups a page matches
// in its name (every term of the group, or of one of its alternatives,
// at an impact of nameLevel or more: in its title or facts), then by
// score (BM25F, the sum of the groups' scores, in which a term of the
// title, at titleLevel or more, weighs more than one only among the
// facts). Partial matches rank by
// coverage, then score.
//
// The result of a query depends only on the query, its filters and the
// index: never on the queries before it, on what the browser has cached,
// or on any budget. differential_test.go proves it against a brute-force
// reader of the same text (reference_test.go).
package search
