package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"qiao/generator/build"
	"qiao/generator/chrometest"
	"qiao/generator/diag"
)

// outsideBaseJS lists the URLs of a page's links and assets that are on the
// site's host but outside its base path.
const outsideBaseJS = `Array.from(document.querySelectorAll("a[href], link[href], script[src], img[src], form[action]"))
	.map(e => e.href || e.src || e.action)
	.filter(u => u.startsWith(location.origin + "/") && !u.startsWith(location.origin + "/kb/"))`

// TestSubPath builds the site for a base URL with a path, as an operator
// publishing under https://host/kb/ would, and visits every page: nothing
// fails to load and no link or asset leaves /kb/.
func TestSubPath(t *testing.T) {
	tabs := []*chrometest.Tab{browser.NewTab(t), browser.NewTab(t), browser.NewTab(t)}
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String() + "/kb/"
	out := filepath.Join(t.TempDir(), "public")
	var d diag.List
	if _, err := build.Build(os.DirFS(repoRoot), build.Options{Out: out, BaseURL: base}, &d); err != nil {
		t.Fatalf("build for %s: %v\n%v", base, err, d.Sorted())
	}
	mux := http.NewServeMux()
	mux.Handle("/kb/", http.StripPrefix("/kb", http.FileServer(http.Dir(out))))
	srv.Config.Handler = mux
	srv.Start()
	defer srv.Close()

	pages := htmlPages(t) // the same pages as at the root
	var wg sync.WaitGroup
	for w, tab := range tabs {
		wg.Go(func() {
			for i := w; i < len(pages); i += len(tabs) {
				if err := checkUnderBase(tab, base+strings.TrimPrefix(pages[i], "/")); err != nil {
					t.Errorf("/kb%s: %v", pages[i], err)
				}
			}
		})
	}
	wg.Wait()
}

func checkUnderBase(tab *chrometest.Tab, url string) error {
	if err := tab.Navigate(url); err != nil {
		return err
	}
	outside, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]string](outsideBaseJS))
	if err != nil {
		return err
	}
	var problems []string
	for _, p := range tab.TakeProblems() {
		problems = append(problems, p.String())
	}
	for _, u := range outside {
		problems = append(problems, "points outside the base path: "+u)
	}
	if problems != nil {
		return fmt.Errorf("\n\t%s", strings.Join(problems, "\n\t"))
	}
	return nil
}
