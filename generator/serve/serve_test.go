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

// startSite writes a small site into a temporary folder, and serves and
// watches it on a free port. It returns the folder and the base URL.
func startSite(t *testing.T, files map[string]string) (*Server, string, string) {
	t.Helper()
	root := t.TempDir()
	all := map[string]string{
		"site.toml":                   testSite,
		"content/_index.md":           "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
		"content/cases/licence.md":    "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nThe first version.\n",
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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/"
	s := New(os.DirFS(root), url, false, io.Discard)
	if !s.Rebuild(nil) {
		t.Fatalf("first build failed")
	}
	srv := &http.Server{Handler: s}
	go srv.Serve(ln)
	ctx, cancel := context.WithCancel(context.Background())
	watching := make(chan struct{})
	go func() {
		close(watching)
		s.Watch(ctx, root)
	}()
	<-watching
	time.Sleep(100 * time.Millisecond) // let the watcher register its folders
	t.Cleanup(func() {
		cancel()
		srv.Close()
	})
	return s, root, url
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

// rawGet sends the path exactly as written, without Go's client cleaning it.
func rawGet(t *testing.T, base, path string) int {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufioReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode
}

func TestServesOnlyTheOutput(t *testing.T) {
	_, _, url := startSite(t, nil)
	for _, p := range []string{"/../site.toml", "/%2e%2e/site.toml", "/%2E%2E%2Fsite.toml", "/css/../../site.toml",
		"/..%2f..%2fsite.toml", "/content/cases/licence.md", "/site.toml", "/..\\site.toml", "/%00"} {
		if code := rawGet(t, url, p); code != http.StatusNotFound && code != http.StatusBadRequest {
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
	if !strings.Contains(body, `<script src="/__qiao/live.js" defer></script></body>`) {
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

// waitFor polls url until its body contains want.
func waitFor(t *testing.T, url, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var body string
	for time.Now().Before(deadline) {
		_, _, body = get(t, url)
		if strings.Contains(body, want) {
			return body
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never showed %q; last body:\n%s", url, want, body)
	return ""
}

func TestRebuildsOnChanges(t *testing.T) {
	s, root, url := startSite(t, nil)
	// A content edit.
	writeFile(t, root, "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nThe second version.\n")
	waitFor(t, url+"cases/licence/", "The second version.")
	// A new page in a new folder.
	writeFile(t, root, "content/speakers/wang-fang/index.md", "+++\ntitle = \"Wang Fang\"\nname = \"Wang Fang\"\norganization = \"Example University\"\n+++\nA new profile.\n")
	waitFor(t, url+"speakers/wang-fang/", "A new profile.")
	waitFor(t, url+"speakers/", "Wang Fang")
	// A static file.
	writeFile(t, root, "static/css/extra.css", "body { color: navy; }\n")
	waitFor(t, url+"css/extra.css", "navy")
	// A layout change rebuilds everything.
	writeFile(t, root, "layouts/partials/footer.html", "<footer>Preview footer</footer>")
	waitFor(t, url+"zh/cases/licence/", "Preview footer")
	// Broken front matter: the last good site stays, with the errors kept.
	done := s.Built()
	writeFile(t, root, "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = \n+++\nThe third version.\n")
	<-done
	for s.problemsNow() == nil {
		done = s.Built()
		<-done
	}
	if p := s.problemsNow(); !strings.Contains(strings.Join(p, "\n"), "content/cases/licence.md:3: front matter: year: expected value") {
		t.Errorf("problems = %q", p)
	}
	if _, _, body := get(t, url+"cases/licence/"); !strings.Contains(body, "The second version.") {
		t.Error("the last good page is not served while the site is broken")
	}
	// Fixed: served again, errors gone.
	writeFile(t, root, "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nThe fourth version.\n")
	waitFor(t, url+"cases/licence/", "The fourth version.")
	if p := s.problemsNow(); p != nil {
		t.Errorf("problems after the fix: %q", p)
	}
	// Deleting a page removes it.
	os.RemoveAll(filepath.Join(root, "content/speakers/wang-fang"))
	deadline := time.Now().Add(10 * time.Second)
	for code, _, _ := get(t, url+"speakers/wang-fang/"); code != 404; code, _, _ = get(t, url+"speakers/wang-fang/") {
		if time.Now().After(deadline) {
			t.Fatal("deleted page still served")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *Server) problemsNow() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.problems
}

// A burst of saves (as from a git checkout) gives one rebuild. A burst is
// writes closer together than the debounce; on a machine so busy that the
// test itself is descheduled between two writes, the burst is tried again.
func TestBurstOfEventsIsOneRebuild(t *testing.T) {
	s, root, url := startSite(t, nil)
	for attempt := range 5 {
		builds := 0
		stop := make(chan struct{})
		counted := make(chan int)
		go func() {
			for {
				select {
				case <-s.Built():
					builds++
				case <-stop:
					counted <- builds
					return
				}
			}
		}()
		var maxGap time.Duration
		last := time.Now()
		for i := range 20 {
			writeFile(t, root, "content/cases/licence.md", fmt.Sprintf("+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nAttempt %d, version %d.\n", attempt, i))
			now := time.Now()
			maxGap = max(maxGap, now.Sub(last))
			last = now
		}
		waitFor(t, url+"cases/licence/", fmt.Sprintf("Attempt %d, version 19.", attempt))
		time.Sleep(4 * debounce)
		close(stop)
		n := <-counted
		if maxGap < debounce/2 {
			if n != 1 {
				t.Errorf("%d rebuilds for one burst (largest gap between writes %v), want 1", n, maxGap)
			}
			return
		}
		t.Logf("attempt %d: writes %v apart on a busy machine; trying again", attempt, maxGap)
	}
	t.Skip("the machine is too busy to write a burst")
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
	waitFor(t, url+"cases/licence/", "Zanzibar clause.")
	if _, _, after := get(t, url+"search/manifest.json"); after == body {
		t.Errorf("the index did not change after an edit")
	}
}
