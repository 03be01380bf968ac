package site

import (
	"net/url"
	"strings"
	"testing"

	"qiao/generator/config"
)

// AbsURL appends plain paths to the base URL's string; the result must be
// what url.URL gives for every base and path.
func TestAbsURLMatchesNetURL(t *testing.T) {
	bases := []string{"https://example.org/", "https://example.org/kb/", "http://localhost:1313/", "/", "/sub path/", "https://例子.org/知识/", "https://example.org/a%20b/"}
	rels := []string{"", "courses/itt-201/", "/zh/", "search/index.html", "zh/courses/技术转移/", "a b/", "a%b/", "x?y#z/", "~user/_x.y-z/", "C++/"}
	for _, b := range bases {
		u, err := url.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		base := config.NormalizeBase(u)
		s := &Site{Config: &config.Config{BaseURL: base}, base: base.String()}
		for _, rel := range rels {
			want := *base
			want.Path += strings.TrimPrefix(rel, "/")
			if got := s.AbsURL(rel); got != want.String() {
				t.Errorf("base %q: AbsURL(%q) = %q, want %q", b, rel, got, want.String())
			}
		}
	}
}
