package search

import (
	"fmt"
	"slices"
	"strings"
)

// Synonyms: a site may give groups of terms that mean the same (WTO, World
// Trade Organization, 世贸组织, 世界贸易组织). Each term is analysed as a
// query (query.go) into its parts, which the manifest holds (a word
// group's terms, a Han run folded; never a prefix). search.js expands a
// query with them; doc.go says how.

// SynonymProblem is a term of a synonym group that cannot be used.
type SynonymProblem struct {
	Group, Term int // indexes in the groups given; Term -1 for the group
	Message     string
}

// CheckSynonyms returns the problems of synonym groups: a term with
// nothing to search for (only stop words or punctuation), and a term
// whose parts are those of an earlier term, of its group or another (a
// query would not know which group it means).
func CheckSynonyms(groups [][]string) []SynonymProblem {
	a := NewAnalyzer()
	var out []SynonymProblem
	seen := map[string][2]int{}
	for g, terms := range groups {
		usable := 0
		for t, term := range terms {
			parts := synonymParts(a, term)
			if len(parts) == 0 {
				out = append(out, SynonymProblem{g, t, fmt.Sprintf("%q has nothing to search for (only stop words or punctuation)", term)})
				continue
			}
			key := partsKey(parts)
			if at, dup := seen[key]; dup {
				out = append(out, SynonymProblem{g, t, fmt.Sprintf("%q reads as %q, already a term of this or another group", term, groups[at[0]][at[1]])})
				continue
			}
			seen[key] = [2]int{g, t}
			usable++
		}
		if usable < 2 {
			out = append(out, SynonymProblem{g, -1, "a synonym group needs at least two terms to search for"})
		}
	}
	return out
}

// synonymParts analyses a synonym term: its query groups, without the
// prefix a query's last word has.
func synonymParts(a *Analyzer, term string) []Group {
	parts := a.Query(term).Groups
	for i := range parts {
		parts[i].Prefix = ""
		if parts[i].Terms == nil && parts[i].Joined == "" && parts[i].Runs == nil {
			return nil // a lone stop word typed last: a prefix only
		}
	}
	return parts
}

// partsKey is what two terms with the same parts share.
func partsKey(parts []Group) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Runs != nil {
			fmt.Fprintf(&b, "r%q", p.Runs[0])
		} else {
			fmt.Fprintf(&b, "w%q%q", p.Terms, p.Joined)
		}
	}
	return b.String()
}

// SetSynonyms sets the site's synonym groups; terms with a problem
// (CheckSynonyms) are left out, and groups left with fewer than two terms.
func (b *Builder) SetSynonyms(groups [][]string) {
	bad := map[[2]int]bool{}
	for _, p := range CheckSynonyms(groups) {
		bad[[2]int{p.Group, p.Term}] = true
	}
	b.synonyms = nil
	for g, terms := range groups {
		var set [][]Group
		for t, term := range terms {
			if !bad[[2]int{g, t}] {
				set = append(set, synonymParts(b.an, term))
			}
		}
		if len(set) > 1 {
			b.synonyms = append(b.synonyms, set)
		}
	}
	b.synonyms = slices.Clip(b.synonyms)
}
