package check

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"qiao/generator/diag"
)

// testServer answers as the other sites of the tests do, and counts the
// requests for each path.
type testServer struct {
	*httptest.Server
	mu       sync.Mutex
	hits     map[string]int
	inFlight atomic.Int32
	maxInFl  atomic.Int32
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	ts := &testServer{hits: map[string]int{}}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := ts.inFlight.Add(1)
		defer ts.inFlight.Add(-1)
		for m := ts.maxInFl.Load(); n > m && !ts.maxInFl.CompareAndSwap(m, n); m = ts.maxInFl.Load() {
		}
		ts.mu.Lock()
		ts.hits[r.URL.Path]++
		hit := ts.hits[r.URL.Path]
		ts.mu.Unlock()
		switch p := r.URL.Path; {
		case p == "/ok" || strings.HasPrefix(p, "/page/"):
			time.Sleep(5 * time.Millisecond) // long enough to overlap
		case p == "/gone":
			http.NotFound(w, r)
		case p == "/slow":
			<-r.Context().Done()
		case p == "/moved":
			http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
		case p == "/moved-away":
			http.Redirect(w, r, "/gone", http.StatusFound)
		case p == "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case p == "/flaky":
			if hit == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
		case p == "/down":
			w.WriteHeader(http.StatusBadGateway)
		case p == "/busy":
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
		case p == "/private":
			w.WriteHeader(http.StatusForbidden)
		}
	}))
	t.Cleanup(ts.Close)
	return ts
}

func (ts *testServer) hitsOf(path string) int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.hits[path]
}

func testChecker(cache string) *LinkChecker {
	lc := NewLinkChecker(cache)
	lc.Timeout = 200 * time.Millisecond
	lc.Backoff = time.Millisecond
	return lc
}

// Each kind of answer, with the exact report of the link to it.
func TestExternalLinks(t *testing.T) {
	ts := newTestServer(t)
	u := ts.URL
	tests := []struct {
		path  string
		want  string // the diagnostic, "" for none
		tries int    // requests the server saw
	}{
		{"/ok", "", 1},
		{"/gone", `content/a.md:7: error: link to ` + u + `/gone: the server answered 404 Not Found`, 1},
		{"/slow", `content/a.md:7: warning: link to ` + u + `/slow: no answer within 200ms (tried 3 times)`, 3},
		{"/moved", "", 1},
		{"/moved-away", `content/a.md:7: error: link to ` + u + `/moved-away: redirected to ` + u + `/gone, which answered 404 Not Found`, 1},
		{"/loop", `content/a.md:7: error: link to ` + u + `/loop: too many redirects`, 10},
		{"/flaky", "", 2},
		{"/down", `content/a.md:7: warning: link to ` + u + `/down: the server answered 502 Bad Gateway (tried 3 times)`, 3},
		{"/busy", `content/a.md:7: warning: link to ` + u + `/busy: the server answered 429 Too Many Requests (tried 3 times)`, 3},
		{"/private", `content/a.md:7: warning: link to ` + u + `/private: the server answered 403 Forbidden to the checker; see whether a browser opens it`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var d diag.List
			sum, err := testChecker("").Check(context.Background(), []Link{{Path: "content/a.md", Line: 7, URL: u + tt.path}}, &d)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, x := range d.Sorted() {
				got = append(got, x.WithSeverity())
			}
			if tt.want == "" && len(got) != 0 || tt.want != "" && !slices.Equal(got, []string{tt.want}) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if n := ts.hitsOf(tt.path); n != tt.tries {
				t.Errorf("%d requests, want %d", n, tt.tries)
			}
			if bad := sum.Broken + sum.Unreachable; (bad == 0) != (tt.want == "") || sum.Links != 1 || sum.URLs != 1 {
				t.Errorf("summary %+v", sum)
			}
		})
	}
}

// An address is asked for once however many links lead to it (fragments
// aside), each link is reported, and no host gets more requests at once
// than PerHost while the others proceed.
func TestExternalLinksAreAskedOncePerAddressAndPerHostLimited(t *testing.T) {
	ts := newTestServer(t)
	var links []Link
	for i := range 40 {
		links = append(links, Link{Path: "content/a.md", Line: i + 1, URL: ts.URL + "/page/" + string(rune('a'+i%20)) + "#part"})
	}
	links = append(links, Link{Path: "content/b.md", Line: 3, URL: ts.URL + "/gone"}, Link{Path: "content/b.md", Line: 9, URL: ts.URL + "/gone#x"})
	lc := testChecker("")
	lc.PerHost = 3
	var d diag.List
	sum, err := lc.Check(context.Background(), links, &d)
	if err != nil {
		t.Fatal(err)
	}
	if sum != (ExternalSummary{Links: 42, URLs: 21, Broken: 1}) {
		t.Errorf("summary %+v", sum)
	}
	if n := ts.hitsOf("/page/a") + ts.hitsOf("/gone"); n != 2 {
		t.Errorf("%d requests for two addresses", n)
	}
	if m := ts.maxInFl.Load(); m > 3 || m < 2 {
		t.Errorf("%d requests at once to one host, want 2 or 3 (PerHost 3)", m)
	}
	var got []string
	for _, x := range d.Sorted() {
		got = append(got, x.String())
	}
	want := []string{"content/b.md:3: link to " + ts.URL + "/gone: the server answered 404 Not Found", "content/b.md:9: link to " + ts.URL + "/gone#x: the server answered 404 Not Found"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q", got)
	}
}

// Good answers are remembered in the cache file for MaxAge; bad ones are
// asked again every time.
func TestExternalLinkCache(t *testing.T) {
	ts := newTestServer(t)
	cache := filepath.Join(t.TempDir(), CacheFile)
	links := []Link{{Path: "content/a.md", Line: 1, URL: ts.URL + "/ok"}, {Path: "content/a.md", Line: 2, URL: ts.URL + "/gone"}}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	run := func(at time.Time, wantCached int) {
		t.Helper()
		lc := testChecker(cache)
		lc.Now = func() time.Time { return at }
		var d diag.List
		sum, err := lc.Check(context.Background(), links, &d)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Cached != wantCached || sum.Broken != 1 {
			t.Errorf("at %v: summary %+v, want %d cached and 1 broken", at, sum, wantCached)
		}
	}
	run(now, 0)
	if fi, err := os.Stat(cache); err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("cache file: %v", err)
	}
	run(now.Add(23*time.Hour), 1)
	if ok, gone := ts.hitsOf("/ok"), ts.hitsOf("/gone"); ok != 1 || gone != 2 {
		t.Errorf("requests: /ok %d, /gone %d; want 1 and 2", ok, gone)
	}
	b, err := os.ReadFile(cache)
	if err != nil || !strings.Contains(string(b), `"version": 1`) || !strings.Contains(string(b), ts.URL+"/ok") || strings.Contains(string(b), "/gone") {
		t.Errorf("cache file: %v\n%s", err, b)
	}
	// The entry keeps the time of the request, so it expires a day after it.
	run(now.Add(25*time.Hour), 0)
	if n := ts.hitsOf("/ok"); n != 2 {
		t.Errorf("/ok asked %d times, want 2: the cached answer was too old", n)
	}
	// Nothing good to remember makes no file.
	empty := testChecker(filepath.Join(t.TempDir(), CacheFile))
	var d diag.List
	if _, err := empty.Check(context.Background(), links[1:], &d); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(empty.Cache); !os.IsNotExist(err) {
		t.Errorf("a cache of nothing was written: %v", err)
	}
	// A file that is not the cache is ignored and replaced.
	if err := os.WriteFile(cache, []byte("not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(now, 0)
}

// Stopping the command stops the requests.
func TestExternalLinksStopWithTheContext(t *testing.T) {
	ts := newTestServer(t)
	lc := testChecker("")
	lc.Timeout = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	var d diag.List
	if _, err := lc.Check(ctx, []Link{{Path: "content/a.md", Line: 1, URL: ts.URL + "/slow"}}, &d); err == nil {
		t.Error("no error after the context ended")
	}
	if time.Since(start) > 10*time.Second {
		t.Error("the check went on after the context ended")
	}
}
