package e2e

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"qiao/generator/build"
	"qiao/generator/chrometest"
	"qiao/generator/diag"
)

var (
	browser *chrometest.Browser
	// public is the built site on disk, served at server.URL.
	public string
	server *httptest.Server
)

// repoRoot is the site at the top of the repository, from this package's
// directory.
const repoRoot = "../.."

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "qiao-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	public = filepath.Join(tmp, "public")
	var d diag.List
	if _, err := build.Build(os.DirFS(repoRoot), build.Options{Out: public}, &d); err != nil {
		fmt.Fprintf(os.Stderr, "building the shipped site: %v\n", err)
		for _, x := range d.Sorted() {
			fmt.Fprintln(os.Stderr, x)
		}
		return 1
	}
	server = httptest.NewServer(http.FileServer(http.Dir(public)))
	defer server.Close()
	return chrometest.Main(m, &browser)
}

// serveBuilt builds a site from src into a temporary folder and serves it
// until the test ends; it returns the server's URL and the output folder.
func serveBuilt(t *testing.T, src fs.FS) (string, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	var d diag.List
	if _, err := build.Build(src, build.Options{Out: out}, &d); err != nil {
		t.Fatal(err, d.Sorted())
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	return srv.URL, out
}

// htmlPages returns the URL path of every HTML page of the built site, alias
// redirects left out, sorted.
func htmlPages(t testing.TB) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), `http-equiv="refresh"`) {
			return nil
		}
		rel, _ := filepath.Rel(public, p)
		pages = append(pages, "/"+strings.TrimSuffix(filepath.ToSlash(rel), "index.html"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(pages)
	return pages
}

// readPage returns the HTML of a page of the built site by URL path.
func readPage(t testing.TB, urlPath string) string {
	t.Helper()
	p := strings.TrimPrefix(urlPath, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	b, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
