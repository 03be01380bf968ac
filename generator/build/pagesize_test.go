package build_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qiao/generator/build"
	"qiao/generator/corpus"
	"qiao/generator/diag"
	"qiao/generator/sitetest"
)

// maxPageBytes is the most an HTML page may weigh, however large the
// site: lists are split into pages and the home shows only the latest.
const maxPageBytes = 200 << 10

// TestNoPageGrowsWithTheSite builds a generated site of 1,000 pages per
// language, with the built-in and with the shipped layouts, and checks
// that no HTML page is over maxPageBytes; unsplit, the course list alone
// is over 500 KB at this size.
func TestNoPageGrowsWithTheSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 2,000 pages twice")
	}
	src := corpus.FS(corpus.Generate(1000))
	shipped := corpus.FS(corpus.Generate(1000))
	for name, f := range sitetest.Shipped(t) {
		if strings.HasPrefix(name, "layouts/") || strings.HasPrefix(name, "static/") {
			shipped[name] = f
		}
	}
	for _, c := range []struct {
		name string
		src  fs.FS
	}{{"built-in layouts", src}, {"shipped layouts", shipped}} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			var d diag.List
			if _, err := build.Build(c.src, build.Options{Out: out}, &d); err != nil {
				t.Fatal(err, d.Sorted())
			}
			largest, pages := "", 0
			var size int64
			err := filepath.WalkDir(out, func(path string, e fs.DirEntry, err error) error {
				if err != nil || !strings.HasSuffix(path, ".html") {
					return err
				}
				info, err := e.Info()
				if err != nil {
					return err
				}
				pages++
				if info.Size() > size {
					largest, size = path, info.Size()
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if size > maxPageBytes {
				t.Errorf("%s is %d bytes; no page may be over %d", largest, size, maxPageBytes)
			}
			if _, err := os.Stat(filepath.Join(out, "courses", "page", "2", "index.html")); err != nil {
				t.Errorf("the course list is not split into pages: %v", err)
			}
			t.Logf("%d HTML pages, the largest %s: %d bytes", pages, strings.TrimPrefix(largest, out), size)
		})
	}
}
