package site

import (
	"fmt"
	"testing"
)

func TestPagerLinks(t *testing.T) {
	for _, c := range []struct {
		number, total int
		want          string
	}{
		{1, 1, "1"},
		{1, 3, "1 2 3"},
		{2, 7, "1 2 3 4 … 7"},
		{5, 10, "1 … 3 4 5 6 7 … 10"},
		{10, 10, "1 … 8 9 10"},
		{4, 7, "1 2 3 4 5 6 7"},
		{1, 8, "1 2 3 … 8"},
	} {
		g := &Pager{Number: c.number, Pages: make([]*Page, c.total)}
		for i := range g.Pages {
			g.Pages[i] = &Page{URL: fmt.Sprint(i + 1)}
		}
		got := ""
		for i, l := range g.Links() {
			if i > 0 {
				got += " "
			}
			if l.Page == nil {
				got += "…"
				continue
			}
			if l.Page.URL != fmt.Sprint(l.Number) {
				t.Errorf("%d of %d: link %d leads to page %s", c.number, c.total, l.Number, l.Page.URL)
			}
			got += fmt.Sprint(l.Number)
		}
		if got != c.want {
			t.Errorf("page %d of %d: links %q, want %q", c.number, c.total, got, c.want)
		}
	}
}
