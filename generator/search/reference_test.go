package search

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// reference answers queries by reading the text of every page, the plain
// way, with the semantics doc.go states: no index, no positions, no
// shortcut. It shares with the index only the steps that define terms
// (normalize, scan, termOf and the folding table). differential_test.go
// holds search.js to it.
type reference struct {
	a        *Analyzer
	pages    []refPage
	synonyms [][][]refGroup // each group's terms, each as its parts
}

// refPage is what the reference keeps of a page: its terms, sorted, and
// its Chinese text as runs, each folded, with regional words folded too
// where that changes them.
type refPage struct {
	terms []string
	runs  string          // the runs, each followed by "\n"
	pairs map[string]bool // the pairs and the characters of the runs
}

// refMatch is a page the reference finds, with its coverage (1 for an
// exact match).
type refMatch struct {
	Page     int
	Partial  bool
	Coverage float64
}

// newReference reads docs, and synonym groups as doc.go says: a term
// whose parts are empty or those of an earlier term is left out.
func newReference(docs []Document, synonyms ...[]string) *reference {
	r := &reference{a: NewAnalyzer()}
	for _, d := range docs {
		r.pages = append(r.pages, r.page(d))
	}
	seen := map[string]bool{}
	for _, terms := range synonyms {
		var set [][]refGroup
		for _, term := range terms {
			parts := r.groups(term)
			key := ""
			for i := range parts {
				parts[i].prefix = ""
				key += fmt.Sprintf("%q%q%q|", parts[i].terms, parts[i].joined, parts[i].runs)
				if parts[i].terms == nil && parts[i].joined == "" && parts[i].runs == nil {
					key = ""
					break
				}
			}
			if key != "" && !seen[key] {
				seen[key] = true
				set = append(set, parts)
			}
		}
		if len(set) > 1 {
			r.synonyms = append(r.synonyms, set)
		}
	}
	return r
}

// expand puts the synonyms in a query's groups: from each group, left to
// right, the longest term of a synonym group whose parts are the query's
// next groups makes them one group of alternatives.
func (r *reference) expand(groups []refGroup) []refGroup {
	var out []refGroup
	for i := 0; i < len(groups); {
		var set [][]refGroup
		n := 0
		for _, s := range r.synonyms {
			for _, parts := range s {
				if len(parts) > n && len(parts) <= len(groups)-i && samePartsRef(parts, groups[i:i+len(parts)]) {
					set, n = s, len(parts)
				}
			}
		}
		if n == 0 {
			out = append(out, groups[i])
			i++
			continue
		}
		alts := [][]refGroup{groups[i : i+n]}
		for _, parts := range set {
			if !samePartsRef(parts, groups[i:i+n]) {
				alts = append(alts, parts)
			}
		}
		out = append(out, refGroup{alts: alts})
		i += n
	}
	return out
}

// samePartsRef tells whether query groups are a synonym's parts: the same
// folded runs, the same words (prefixes aside).
func samePartsRef(parts, groups []refGroup) bool {
	for k, p := range parts {
		g := groups[k]
		if (p.runs != nil) != (g.runs != nil) {
			return false
		}
		if p.runs != nil && p.runs[0] != g.runs[0] || p.runs == nil && (!slices.Equal(p.terms, g.terms) || p.joined != g.joined) {
			return false
		}
	}
	return true
}

func (r *reference) page(d Document) refPage {
	terms := map[string]bool{}
	var runs strings.Builder
	p := refPage{pairs: map[string]bool{}}
	addRun := func(run []rune) {
		runs.WriteString(string(run))
		runs.WriteByte('\n')
		for i := range run {
			p.pairs[string(run[i:min(i+2, len(run))])] = true
			p.pairs[string(run[i])] = true
		}
	}
	texts := append(append(append(append([]string{d.Title}, d.Text.Headings...), d.Facts...), d.Summary), d.Text.Body...)
	for _, text := range texts {
		rs := normalize(text)
		scan(rs, func(u unit) {
			if u.han != nil {
				run := slices.Clone(u.han)
				r.a.fold.foldChars(run)
				addRun(run)
				if alt, ok := r.a.fold.foldPhrases(run); ok {
					addRun(alt)
				}
				return
			}
			joined := ""
			for _, w := range u.words {
				word := string(rs[w[0]:w[1]])
				word = strings.ReplaceAll(word, "’", "'")
				if t := termOf(word); t != "" {
					terms[t] = true
				}
				joined += strings.ReplaceAll(word, "'", "")
			}
			if len(u.words) > 1 {
				if t := termOf(joined); t != "" {
					terms[t] = true
				}
			}
		})
	}
	for t := range terms {
		p.terms = append(p.terms, t)
	}
	sort.Strings(p.terms)
	p.runs = runs.String()
	return p
}

// refGroup is a group of a query as the reference reads it.
type refGroup struct {
	terms  []string
	joined string
	prefix string
	runs   []string     // a Chinese run in each of its spellings
	pairs  [][]string   // the distinct pairs of each spelling (its character, for one)
	alts   [][]refGroup // synonyms: a page matches one of these whole
}

func (r *reference) groups(q string) []refGroup {
	var out []refGroup
	rs := normalize(q)
	scan(rs, func(u unit) {
		if u.han != nil {
			run := slices.Clone(u.han)
			r.a.fold.foldChars(run)
			g := refGroup{runs: []string{string(run)}}
			if alt, ok := r.a.fold.foldPhrases(run); ok && string(alt) != string(run) {
				g.runs = append(g.runs, string(alt))
			}
			for _, run := range g.runs {
				rs := []rune(run)
				var pairs []string
				for i := range max(1, len(rs)-1) {
					if pair := string(rs[i:min(i+2, len(rs))]); !slices.Contains(pairs, pair) {
						pairs = append(pairs, pair)
					}
				}
				g.pairs = append(g.pairs, pairs)
			}
			out = append(out, g)
			return
		}
		var g refGroup
		joined := ""
		for _, w := range u.words {
			word := strings.ReplaceAll(string(rs[w[0]:w[1]]), "’", "'")
			if t := termOf(word); t != "" {
				g.terms = append(g.terms, t)
			}
			joined += strings.ReplaceAll(word, "'", "")
		}
		if len(u.words) > 1 {
			g.joined = termOf(joined)
		} else if n := utf8.RuneCountInString(joined); u.end == len(rs) && n >= 2 && n <= 40 {
			g.prefix = joined
		}
		if len(g.terms) > 0 || g.joined != "" || g.prefix != "" {
			out = append(out, g)
		}
	})
	return out
}

func (p *refPage) has(term string) bool {
	_, ok := slices.BinarySearch(p.terms, term)
	return ok
}

func (p *refPage) hasPrefix(prefix string) bool {
	i, _ := slices.BinarySearch(p.terms, prefix)
	return i < len(p.terms) && strings.HasPrefix(p.terms[i], prefix)
}

// exact tells whether the page matches the group.
func (p *refPage) exact(g refGroup) bool {
	for _, parts := range g.alts {
		if !slices.ContainsFunc(parts, func(g refGroup) bool { return !p.exact(g) }) {
			return true
		}
	}
	if g.alts != nil {
		return false
	}
	if g.runs != nil {
		for i, run := range g.runs {
			if p.holdsAll(g.pairs[i]) && strings.Contains(p.runs, run) {
				return true
			}
		}
		return false
	}
	all := len(g.terms) > 0
	for _, t := range g.terms {
		all = all && p.has(t)
	}
	return all || g.joined != "" && p.has(g.joined) || g.prefix != "" && p.hasPrefix(g.prefix)
}

// holdsAll tells whether the page has every pair of a run (or its one
// character): a page without them cannot hold the run, and looking up the
// pairs is quicker than searching the text.
func (p *refPage) holdsAll(pairs []string) bool {
	for _, pair := range pairs {
		if !p.pairs[pair] {
			return false
		}
	}
	return true
}

// coverage is the share of a run's distinct pairs the page holds, in the
// spelling that holds most; ok is whether that is three quarters or more.
func (p *refPage) coverage(g refGroup) (c float64, ok bool) {
	for _, pairs := range g.pairs {
		held := 0
		for _, pair := range pairs {
			if p.pairs[pair] {
				held++
			}
		}
		if f := float64(held) / float64(len(pairs)); f > c {
			c = f
		}
		ok = ok || 4*held >= 3*len(pairs)
	}
	return c, ok
}

// find returns the pages a query finds, in page order: the exact
// matches, or when there are none the partial ones.
func (r *reference) find(q string) []refMatch {
	groups := r.expand(r.groups(q))
	if len(groups) == 0 {
		return nil
	}
	var out []refMatch
	for i := range r.pages {
		p := &r.pages[i]
		all := true
		for _, g := range groups {
			if !p.exact(g) {
				all = false
				break
			}
		}
		if all {
			out = append(out, refMatch{Page: i, Coverage: 1})
		}
	}
	if out != nil {
		return out
	}
	long := 0
	for _, g := range groups {
		if g.runs != nil && utf8.RuneCountInString(g.runs[0]) > 1 {
			long++
		}
	}
	if long == 0 {
		return nil
	}
	for i := range r.pages {
		p := &r.pages[i]
		sum, ok := 0.0, true
		for _, g := range groups {
			if g.runs != nil && utf8.RuneCountInString(g.runs[0]) > 1 {
				c, enough := p.coverage(g)
				sum += c
				ok = ok && enough
			} else {
				ok = ok && p.exact(g)
			}
			if !ok {
				break
			}
		}
		if ok {
			out = append(out, refMatch{Page: i, Partial: true, Coverage: sum / float64(long)})
		}
	}
	return out
}
