package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"qiao/generator/chrometest"
)

var browser *chrometest.Browser

func TestMain(m *testing.M) { os.Exit(chrometest.Main(m, &browser)) }

const testSite = `title = "Test"
defaultLanguage = "en"
[languages.en]
[languages.zh]
`

// patience is how long a test waits for something that should happen.
// Our machines are small and often loaded, so it is long; a test that
// passes waits only as long as the thing takes.
const patience = 2 * time.Minute

// siteDir writes a small site, with files added or replaced, into a
// temporary folder and returns it.
func siteDir(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	all := map[string]string{
		"site.toml":                   testSite,
		"content/_index.md":           "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
		"content/cases/licence.md":    goodLicence,
		"content/cases/licence.zh.md": "+++\ntitle = \"一项海外许可\"\nyear = 2024\n+++\n第一版。\n",
		"static/css/extra.css":        "body { color: black; }\n",
		"static/data/facts.json":      "{}\n",
		"static/feed.xml":             "<x/>\n",
		"static/fonts/a.woff2":        "wOF2",
	}
	for k, v := range files {
		all[k] = v
	}
	for name, data := range all {
		writeFile(t, root, name, data)
	}
	return root
}

const goodLicence = "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nThe first version.\n"

// startSite writes a small site into a temporary folder, and serves and
// watches it on a free port, as Run does. It returns the server, the
// folder and the base URL once the site is built and the watcher ready.
func startSite(t *testing.T, files map[string]string) (*Server, string, string) {
	t.Helper()
	root := siteDir(t, files)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/"
	s := New(os.DirFS(root), url, false, io.Discard)
	if !s.Rebuild(nil) {
		t.Fatalf("first build failed")
	}
	srv := &http.Server{Handler: newHostCheck(s, "127.0.0.1", url, io.Discard)}
	go srv.Serve(ln)
	ctx, cancel := context.WithCancel(context.Background())
	watchErr := make(chan error, 1)
	go func() { watchErr <- s.Watch(ctx, root) }()
	t.Cleanup(func() {
		cancel()
		srv.Close()
	})
	select {
	case <-s.Watching():
	case err := <-watchErr:
		t.Fatalf("the watcher stopped: %v", err)
	case <-time.After(patience):
		t.Fatalf("the watcher was not ready after %v", patience)
	}
	return s, root, url
}

// waitUntil waits until cond holds, trying it again after each build.
func waitUntil(t *testing.T, s *Server, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(patience)
	for {
		built := s.Built()
		if cond() {
			return
		}
		select {
		case <-built:
		case <-deadline:
			t.Fatalf("after %v, still not %s", patience, what)
		}
	}
}

func writeFile(t *testing.T, root, name, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, url string) (int, string, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
}

// rawGet sends the path exactly as written, without Go's client cleaning
// it, with the given Host header ("" for the server's address), and
// returns the status once the headers have come.
func rawGet(t *testing.T, base, host, path string) int {
	t.Helper()
	addr := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")
	if host == "" {
		host = addr
	}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n")
	// The body is left unread: closing the connection ends it, even an
	// event stream's, which never ends by itself.
	resp, err := http.ReadResponse(bufioReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode
}

func TestServesOnlyTheOutput(t *testing.T) {
	_, _, url := startSite(t, nil)
	for _, p := range []string{"/../site.toml", "/%2e%2e/site.toml", "/%2E%2E%2Fsite.toml", "/css/../../site.toml",
		"/..%2f..%2fsite.toml", "/content/cases/licence.md", "/site.toml", "/..\\site.toml", "/%00"} {
		if code := rawGet(t, url, "", p); code != http.StatusNotFound && code != http.StatusBadRequest {
			t.Errorf("GET %s = %d, want 404", p, code)
		}
	}
}

func TestContentTypesAnd404(t *testing.T) {
	_, _, url := startSite(t, nil)
	for path, want := range map[string]string{
		"cases/licence/":    "text/html; charset=utf-8",
		"css/extra.css":     "text/css; charset=utf-8",
		"data/facts.json":   "application/json",
		"sitemap.xml":       "application/xml; charset=utf-8",
		"fonts/a.woff2":     "font/woff2",
		"robots.txt":        "text/plain; charset=utf-8",
		"zh/cases/licence/": "text/html; charset=utf-8",
	} {
		code, ctype, _ := get(t, url+path)
		if code != 200 || ctype != want {
			t.Errorf("%s: %d %q, want 200 %q", path, code, ctype, want)
		}
	}
	code, ctype, body := get(t, url+"no/such/page/")
	if code != 404 || ctype != "text/html; charset=utf-8" || !strings.Contains(body, "Page not found") {
		t.Errorf("404: %d %q\n%s", code, ctype, body)
	}
	resp, err := http.Get(url + "cases")
	if err != nil || resp.Request.URL.Path != "/cases/" {
		t.Errorf("no redirect to /cases/: %v", err)
	}
}

// The live-reload script is injected by the server, never built into pages.
func TestLiveReloadOnlyInServe(t *testing.T) {
	s, _, url := startSite(t, nil)
	_, _, body := get(t, url+"cases/licence/")
	if !strings.Contains(body, `<script src="/__qiao/live.js" data-build="`+s.buildID()+`" defer></script></body>`) || s.buildID() == "" {
		t.Errorf("script not injected:\n%s", body)
	}
	raw, _ := s.site.Get("cases/licence/index.html")
	if bytes.Contains(raw, []byte("__qiao")) {
		t.Error("the built page itself contains the live-reload script")
	}
	if code, ctype, _ := get(t, url+"__qiao/live.js"); code != 200 || !strings.HasPrefix(ctype, "text/javascript") {
		t.Errorf("live.js: %d %s", code, ctype)
	}
}

// waitFor gets url after each build until its body contains want.
func waitFor(t *testing.T, s *Server, url, want string) string {
	t.Helper()
	var body string
	waitUntil(t, s, url+" shows "+strconv.Quote(want), func() bool {
		_, _, body = get(t, url)
		return strings.Contains(body, want)
	})
	return body
}

func TestRebuildsOnChanges(t *testing.T) {
	s, root, url := startSite(t, nil)
	// A content edit.
	writeFile(t, root, "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nThe second version.\n")
	waitFor(t, s, url+"cases/licence/", "The second version.")
	// A new page in a new folder.
	writeFile(t, root, "content/speakers/wang-fang/index.md", "+++\ntitle = \"Wang Fang\"\nname = \"Wang Fang\"\norganization = \"Example University\"\n+++\nA new profile.\n")
	waitFor(t, s, url+"speakers/wang-fang/", "A new profile.")
	waitFor(t, s, url+"speakers/", "Wang Fang")
	// A static file.
	writeFile(t, root, "static/css/extra.css", "body { color: navy; }\n")
	waitFor(t, s, url+"css/extra.css", "navy")
	// A layout change rebuilds everything.
	writeFile(t, root, "layouts/partials/footer.html", "<footer>Preview footer</footer>")
	waitFor(t, s, url+"zh/cases/licence/", "Preview footer")
	// Broken front matter: the last good site stays, with the errors kept.
	writeFile(t, root, "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = \n+++\nThe third version.\n")
	waitUntil(t, s, "broken", func() bool { return s.problemsNow() != nil })
	if p := s.problemsNow(); !strings.Contains(strings.Join(p, "\n"), "content/cases/licence.md:3: front matter: year: expected value") {
		t.Errorf("problems = %q", p)
	}
	if _, _, body := get(t, url+"cases/licence/"); !strings.Contains(body, "The second version.") {
		t.Error("the last good page is not served while the site is broken")
	}
	// Fixed: served again, errors gone.
	writeFile(t, root, "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nThe fourth version.\n")
	waitFor(t, s, url+"cases/licence/", "The fourth version.")
	if p := s.problemsNow(); p != nil {
		t.Errorf("problems after the fix: %q", p)
	}
	// Deleting a page removes it.
	if err := os.RemoveAll(filepath.Join(root, "content/speakers/wang-fang")); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, s, "the deleted page is gone", func() bool {
		code, _, _ := get(t, url+"speakers/wang-fang/")
		return code == http.StatusNotFound
	})
}

func (s *Server) problemsNow() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []string
	for _, p := range s.problems {
		out = append(out, p.String())
	}
	return out
}

// A burst of saves (as from a git checkout) gives one rebuild of every
// file it changed: changes are gathered until they have been quiet for a
// while. The test makes that while far longer than Watch's, so that no
// pause of a loaded machine between two writes splits the burst; how short
// Watch's may be is a matter of latency, not of what is rebuilt.
func TestBurstOfEventsIsOneRebuild(t *testing.T) {
	root := siteDir(t, nil)
	batches := startWatch(t, root, 2*time.Second)
	var want []string
	for i := range 20 {
		writeFile(t, root, "content/cases/licence.md", fmt.Sprintf("+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nVersion %d.\n", i))
		name := fmt.Sprintf("content/cases/c%02d.md", i)
		writeFile(t, root, name, "+++\ntitle = \"A case\"\nyear = 2024\n+++\n")
		want = append(want, name)
	}
	want = append(want, "content/cases/licence.md")
	if got := nextBatch(t, batches); !slices.Equal(got, want) {
		t.Errorf("the burst rebuilt %q, want one rebuild of %q", got, want)
	}
	// Nothing of the burst comes after: the next rebuild is the next save's.
	writeFile(t, root, "static/css/extra.css", "body { color: red; }\n")
	if got := nextBatch(t, batches); !slices.Equal(got, []string{"static/css/extra.css"}) {
		t.Errorf("after the burst, a save rebuilt %q", got)
	}
}

// startWatch watches the site at root, quiet being the time changes must
// be quiet before a rebuild, and returns what each rebuild would be given,
// once the watcher is ready.
func startWatch(t *testing.T, root string, quiet time.Duration) <-chan []string {
	t.Helper()
	batches := make(chan []string, 100)
	ready := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- watch(ctx, root, quiet, testLog{t}, func() { close(ready) }, func(changed []string) { batches <- changed })
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("the watcher stopped: %v", err)
	case <-time.After(patience):
		t.Fatalf("the watcher was not ready after %v", patience)
	}
	return batches
}

func nextBatch(t *testing.T, batches <-chan []string) []string {
	t.Helper()
	select {
	case b := <-batches:
		return b
	case <-time.After(patience):
		t.Fatalf("no rebuild after %v", patience)
		return nil
	}
}

// testLog writes what the watcher says into the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// Editors' and systems' litter, written and removed in every watched
// folder, rebuilds nothing. Every event of it comes before the save that
// follows it, so by the time that save's rebuild comes, any rebuild the
// litter caused would have come too.
func TestWatcherIgnoresEditorLitter(t *testing.T) {
	root := siteDir(t, nil)
	dirs := []string{"content/cases", "layouts/_default", "static/css"}
	for _, dir := range dirs {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	batches := startWatch(t, root, debounce)
	litter := []string{"#licence.md#", "licence.md~", ".licence.md.swp", "licence.md.swo", "4913", ".goutputstream-XYZ",
		".#licence.md", "licence.md.tmp", "licence.md___jb_tmp___", ".DS_Store", "Thumbs.db"}
	for _, dir := range dirs {
		for _, name := range litter {
			writeFile(t, root, dir+"/"+name, "left behind")
			if err := os.Remove(filepath.Join(root, dir, name)); err != nil {
				t.Fatal(err)
			}
			writeFile(t, root, dir+"/"+name, "left behind again")
		}
	}
	writeFile(t, root, "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nSaved.\n")
	if got := nextBatch(t, batches); !slices.Equal(got, []string{"content/cases/licence.md"}) {
		t.Errorf("rebuilt %q, want only content/cases/licence.md", got)
	}
}

// Files in a folder moved into the site are rebuilt, even those the
// watcher never saw written.
func TestFolderMovedInIsRebuilt(t *testing.T) {
	root := siteDir(t, nil)
	batches := startWatch(t, root, debounce)
	outside := t.TempDir()
	writeFile(t, outside, "moved/a.md", "+++\ntitle = \"A\"\n+++\n")
	writeFile(t, outside, "moved/deeper/b.md", "+++\ntitle = \"B\"\n+++\n")
	if err := os.Rename(filepath.Join(outside, "moved"), filepath.Join(root, "content", "moved")); err != nil {
		t.Fatal(err)
	}
	want := []string{"content/moved", "content/moved/a.md", "content/moved/deeper/b.md"}
	if got := nextBatch(t, batches); !slices.Equal(got, want) {
		t.Errorf("rebuilt %q, want %q", got, want)
	}
}

// The search index is built when first asked for, and is the same as a
// full build's.
func TestSearchIndexOnDemand(t *testing.T) {
	s, root, url := startSite(t, nil)
	if _, ok := s.site.Get("search/manifest.json"); ok {
		t.Fatal("the index was built before anyone searched")
	}
	code, ctype, body := get(t, url+"search/manifest.json")
	if code != 200 || ctype != "application/json" || !strings.Contains(body, "{") {
		t.Fatalf("manifest: %d %s %.200s", code, ctype, body)
	}
	full := filepath.Join(t.TempDir(), "public")
	if res := buildOnDisk(t, root, url, full); res != nil {
		t.Fatal(res)
	}
	want, err := os.ReadFile(filepath.Join(full, "search", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if body != string(want) {
		t.Errorf("the on-demand index differs from a full build's")
	}
	// After an edit, the new index has the new text.
	writeFile(t, root, "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nZanzibar clause.\n")
	waitFor(t, s, url+"cases/licence/", "Zanzibar clause.")
	if _, _, after := get(t, url+"search/manifest.json"); after == body {
		t.Errorf("the index did not change after an edit")
	}
}
