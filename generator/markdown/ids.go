package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// ids makes heading ids that keep letters of every script, so that Chinese
// headings get readable anchors (#课程目标) instead of "heading-1".
type ids struct {
	used map[string]bool
	// next is the suffix to try first for a base already used, so that a
	// page of many equal headings numbers them in linear time.
	next map[string]int
}

func newIDs() *ids { return &ids{used: map[string]bool{}, next: map[string]int{}} }

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(string(value)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '-' || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
			dash = true
		}
	}
	base := b.String()
	if base == "" {
		base = "section"
	}
	id := base
	if s.used[id] {
		// Every suffix below next[base] was taken when last tried, and
		// ids are never released.
		n := max(s.next[base], 1)
		for ; s.used[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		s.next[base] = n
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }
