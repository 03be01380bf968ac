package search

import "unicode/utf8"

// A query is analysed with the same steps as page text, into groups that
// must all match (AND); doc.go says what matching means. search.js
// analyses queries the same way (testdata/vectors.json).
//
//   - A word group (a word, or words joined by hyphens) has the terms of
//     its words (stop words have none), and for several words the term of
//     the words joined (ITT-201 → itt201). The last word of a query that
//     does not end in a space or punctuation also has its folded form as a
//     prefix, for search as you type (licen → licence, licensing; the →
//     theory), when it is two to maxWord characters long.
//   - A Han run has its folded characters, and when regional words fold
//     (軟體→软件) the run with them folded as a second spelling.
//
// A group with nothing to match (a stop word that is not the last word)
// is left out.

// Query is an analysed query.
type Query struct {
	Groups []Group `json:"groups"`
}

// Group is one part of a query that a page must match.
type Group struct {
	Terms  []string `json:"terms,omitempty"`  // a word group's terms, all required
	Joined string   `json:"joined,omitempty"` // or this one: the words joined
	Prefix string   `json:"prefix,omitempty"` // or any term that starts with this
	Runs   []string `json:"runs,omitempty"`   // a Han run, in each spelling
}

// minPrefix is the shortest word, in characters, searched as a prefix.
const minPrefix = 2

// Query analyses a query.
func (a *Analyzer) Query(q string) Query {
	rs := normalize(q)
	var out Query
	scan(rs, func(u unit) {
		if u.han != nil {
			run := append([]rune(nil), u.han...)
			a.fold.foldChars(run)
			g := Group{Runs: []string{string(run)}}
			if len(run) > 1 {
				if alt, ok := a.fold.foldPhrases(run); ok && string(alt) != g.Runs[0] {
					g.Runs = append(g.Runs, string(alt))
				}
			}
			out.Groups = append(out.Groups, g)
			return
		}
		var g Group
		var joined []byte
		for _, w := range u.words {
			if term := a.term(appendWord(nil, rs, w, true)); term != "" {
				g.Terms = append(g.Terms, term)
			}
			joined = appendWord(joined, rs, w, false)
		}
		if len(u.words) > 1 {
			g.Joined = a.term(joined)
		} else if n := utf8.RuneCount(joined); u.end == len(rs) && n >= minPrefix && n <= maxWord {
			g.Prefix = string(joined)
		}
		if g.Terms != nil || g.Joined != "" || g.Prefix != "" {
			out.Groups = append(out.Groups, g)
		}
	})
	return out
}
