package search

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
)

// testQuery is a query for the differential test, with its filters.
type testQuery struct {
	Q    string `json:"q"`
	Lang string `json:"lang,omitempty"`
	Type string `json:"type,omitempty"`
}

// generateQueries makes about n queries from the text of docs, of every
// kind doc.go describes: English words, phrases, words from different
// pages, beginnings of words, hyphenated words and stop words; Chinese
// runs of two to eight characters taken from the pages, in Simplified and
// Traditional characters, made up from the pages' characters, with a
// character changed, joined from two places, across punctuation, of one
// character, with regional words; English and Chinese mixed. One in five
// has a language or type filter. The same docs and seed give the same
// queries.
func generateQueries(docs []Document, n int, seed uint64) []testQuery {
	r := rand.New(rand.NewPCG(seed, 16))
	word := regexp.MustCompile(`\p{L}[\p{L}\p{N}'’]*`)
	hyphenated := regexp.MustCompile(`[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+`)
	var blocks, zhBlocks []string
	langs, types := []string{}, []string{}
	for _, d := range docs {
		texts := append(append([]string{d.Title, d.Summary}, d.Text.Headings...), d.Text.Body...)
		blocks = append(blocks, texts...)
		if d.Lang == "zh" {
			zhBlocks = append(zhBlocks, texts...)
		}
		if !slices.Contains(langs, d.Lang) {
			langs = append(langs, d.Lang)
		}
		if !slices.Contains(types, d.Type) {
			types = append(types, d.Type)
		}
	}
	pick := func(xs []string) string {
		if len(xs) == 0 {
			return ""
		}
		return xs[r.IntN(len(xs))]
	}
	// Words as written, and hyphenated groups.
	var words, groups []string
	for range 400 {
		b := pick(blocks)
		words = append(words, word.FindAllString(b, -1)...)
		groups = append(groups, hyphenated.FindAllString(b, -1)...)
	}
	words = slices.DeleteFunc(words, func(w string) bool { return len([]rune(w)) < 2 || isHan([]rune(w)[0]) })
	if len(words) == 0 {
		words = []string{"none"}
	}
	phrase := func(k int) string { // k consecutive words of a block
		ws := word.FindAllString(pick(blocks), -1)
		ws = slices.DeleteFunc(ws, func(w string) bool { return isHan([]rune(w)[0]) })
		if len(ws) < k {
			return pick(words)
		}
		i := r.IntN(len(ws) - k + 1)
		return strings.Join(ws[i:i+k], " ")
	}
	// Chinese runs as written (normalised), at least two characters.
	var runs [][]rune
	for range 600 {
		scan(normalize(pick(zhBlocks)), func(u unit) {
			if len(u.han) >= 2 {
				runs = append(runs, slices.Clone(u.han))
			}
		})
	}
	var chars []rune
	for _, run := range runs {
		chars = append(chars, run...)
	}
	if len(runs) == 0 {
		runs, chars = [][]rune{[]rune("技术")}, []rune("技术")
	}
	sub := func(lo, hi int) []rune { // a piece of a run, lo to hi long
		run := runs[r.IntN(len(runs))]
		for range 20 {
			if len(run) >= lo {
				break
			}
			run = runs[r.IntN(len(runs))]
		}
		k := lo + r.IntN(hi-lo+1)
		k = min(k, len(run))
		i := r.IntN(len(run) - k + 1)
		return slices.Clone(run[i : i+k])
	}
	f := folding()
	traditional := map[rune]rune{}
	for k, v := range f.chars {
		if old, ok := traditional[v]; !ok || k < old {
			traditional[v] = k
		}
	}
	toTraditional := func(rs []rune) string {
		out := slices.Clone(rs)
		for i, c := range out {
			if t, ok := traditional[c]; ok && r.IntN(4) > 0 {
				out[i] = t
			}
		}
		return string(out)
	}
	var regional []string
	for k := range f.phrases {
		regional = append(regional, k)
	}
	slices.Sort(regional)
	// A run with punctuation inside a block: "AB，CD" gives the query "ABCD".
	across := func() string {
		b := pick(zhBlocks)
		var rs [][]rune
		scan(normalize(b), func(u unit) {
			if u.han != nil {
				rs = append(rs, slices.Clone(u.han))
			}
		})
		if len(rs) < 2 {
			return string(sub(2, 6))
		}
		i := r.IntN(len(rs) - 1)
		a, b2 := rs[i], rs[i+1]
		ka, kb := 1+r.IntN(min(3, len(a))), 1+r.IntN(min(3, len(b2)))
		return string(a[len(a)-ka:]) + string(b2[:kb])
	}
	kinds := []struct {
		weight int
		make   func() string
	}{
		{10, func() string { return pick(words) }},
		{4, func() string { return pick(words) + " " }},
		{8, func() string { return phrase(2) }},
		{4, func() string { return phrase(3) }},
		{5, func() string { return pick(words) + " " + pick(words) }},
		{8, func() string { // a word being typed
			w := []rune(pick(words))
			return string(w[:min(len(w), 2+r.IntN(5))])
		}},
		{3, func() string { return phrase(1+r.IntN(2)) + " " + string([]rune(pick(words))[:2]) }},
		{4, func() string { // hyphenated, sometimes being typed
			g := pick(groups)
			if g == "" {
				g = "spin-off"
			}
			if r.IntN(3) == 0 {
				g = g[:len(g)-1]
			}
			return g
		}},
		{1, func() string {
			return pick([]string{"the", "the ", "of the", "of", "a licence", "the licence of", "x-ray", "'"})
		}},
		{20, func() string { return string(sub(2, 8)) }},
		{8, func() string { return toTraditional(sub(2, 8)) }},
		{6, func() string { // made up of the pages' characters
			rs := make([]rune, 2+r.IntN(7))
			for i := range rs {
				rs[i] = chars[r.IntN(len(chars))]
			}
			return string(rs)
		}},
		{6, func() string { // one character changed
			rs := sub(4, 8)
			rs[r.IntN(len(rs))] = chars[r.IntN(len(chars))]
			return string(rs)
		}},
		{6, func() string { return string(sub(2, 4)) + string(sub(2, 4)) }},
		{3, across},
		{3, func() string {
			rs := sub(1, 1)
			if r.IntN(2) == 0 {
				return toTraditional(rs)
			}
			return string(rs)
		}},
		{2, func() string { return pick(regional) + string(sub(0, 2)) }},
		{5, func() string { return pick(words) + " " + string(sub(2, 6)) }},
		{3, func() string { return string(sub(2, 5)) + " " + string(sub(2, 5)) }},
		{1, func() string { return toTraditional(sub(2, 4)) + " " + pick(words) + " " }},
	}
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	out := make([]testQuery, 0, n)
	for len(out) < n {
		x := r.IntN(total)
		var q testQuery
		for _, k := range kinds {
			if x < k.weight {
				q.Q = k.make()
				break
			}
			x -= k.weight
		}
		switch r.IntN(10) {
		case 0:
			q.Lang = pick(langs)
		case 1:
			q.Type = pick(types)
		}
		out = append(out, q)
	}
	return out
}

func (q testQuery) String() string {
	return fmt.Sprintf("%q lang=%q type=%q", q.Q, q.Lang, q.Type)
}
