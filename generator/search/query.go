package search

import "unicode/utf8"

// A query is analysed with the same steps as page text, into groups that
// must all match (AND). A group matches a page when one of its
// alternatives does — every term of it, at the given offsets from one
// another — or, when the group has a prefix, when any term that starts
// with the prefix does. search.js analyses queries the same way
// (testdata/vectors.json).
//
//   - A word gives a group with its term. The last word of a query that
//     does not end in a space or punctuation also gets its folded word as a
//     prefix, for search as you type (licen → licence, licensing);
//     a stop word there gets only the prefix (the → theory).
//   - A group of hyphenated words (ITT-201) has two alternatives: its
//     words at their offsets, or the joined term (itt201).
//   - A Han run of two or more characters has its pairs as one
//     alternative (of a run of five or more, every other pair and the
//     last), and when regional words fold (軟體→软件), the pairs of the
//     folded run as another. A single Han character is an alternative
//     of its own and a prefix: pages where it ends a run, and every pair
//     that starts with it.

// Query is an analysed query.
type Query struct {
	Groups []Group `json:"groups"`
}

// Group is one part of a query that a page must match.
type Group struct {
	Pos    int            `json:"pos"`
	Alts   [][]QueryToken `json:"alts"`
	Prefix string         `json:"prefix,omitempty"`
}

// QueryToken is a term at an offset from the start of its group.
type QueryToken struct {
	Term   string `json:"t"`
	Offset int    `json:"o"`
}

// minPrefix is the shortest word, in characters, searched as a prefix.
const minPrefix = 2

// Query analyses a query.
func (a *Analyzer) Query(q string) Query {
	rs := normalize(q)
	var out Query
	pos := 0
	scan(rs, func(u unit) {
		last := u.end == len(rs)
		g := Group{Pos: pos}
		if u.han != nil {
			run := append([]rune(nil), u.han...)
			a.fold.foldChars(run)
			pos += len(run)
			if len(run) == 1 {
				g.Alts = [][]QueryToken{{{string(run), 0}}}
				g.Prefix = string(run)
			} else {
				g.Alts = [][]QueryToken{pairs(run)}
				if alt, ok := a.fold.foldPhrases(run); ok {
					g.Alts = append(g.Alts, pairs(alt))
				}
			}
			out.Groups = append(out.Groups, g)
			return
		}
		var words []QueryToken
		var joined []byte
		for i, w := range u.words {
			if term := a.term(appendWord(nil, rs, w, true)); term != "" {
				words = append(words, QueryToken{term, i})
			}
			joined = appendWord(joined, rs, w, false)
		}
		pos += len(u.words)
		if words != nil {
			g.Alts = append(g.Alts, words)
		}
		if len(u.words) > 1 {
			if term := a.term(joined); term != "" {
				g.Alts = append(g.Alts, []QueryToken{{term, 0}})
			}
		} else if last && utf8.RuneCount(joined) >= minPrefix {
			g.Prefix = string(joined)
		}
		if g.Alts != nil || g.Prefix != "" {
			out.Groups = append(out.Groups, g)
		}
	})
	return out
}

// longRun is the length from which a run is searched by some of its
// pairs only.
const longRun = 5

// pairs returns the pairs of a run of two or more characters to search
// for: every overlapping pair of a short run; of a long one, every other
// pair and the last, which still cover every character and hold at the
// same offsets, for a third fewer postings to fetch.
func pairs(run []rune) []QueryToken {
	step := 1
	if len(run) >= longRun {
		step = 2
	}
	var out []QueryToken
	for i := 0; i+1 < len(run); i += step {
		out = append(out, QueryToken{string(run[i : i+2]), i})
	}
	if last := len(run) - 2; out[len(out)-1].Offset != last {
		out = append(out, QueryToken{string(run[last:]), last})
	}
	return out
}
