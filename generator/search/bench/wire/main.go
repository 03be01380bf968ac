// Command wire measures the bytes Qiao's search fetches in a real Chromium,
// on the wire, from a site built by Qiao (generator/search/bench/bench.sh
// builds one at 10,000 pages per language):
//
//	go run ./generator/search/bench/wire --site DIR [--key 150ms] [--json]
//
// It serves DIR as a static host would: .html, .js, .json and .css
// compressed with gzip, the index files (already compressed) as they are.
// It counts what Chromium reports received for each request under search/
// (Network.loadingFinished's encodedDataLength: the compressed body and
// its headers), leaving out the stylesheet:
//
//   - script: the gzip size of search.js;
//   - first query: a fresh tab (no HTTP cache) opens the search page with
//     the query in its address; everything until the results are shown
//     (the list no longer aria-busy) and no request is left, script
//     included;
//   - later query: the same, without the start-up files a tab fetches
//     once (the script, manifest.json and the Chinese folding table);
//   - typing and submitting: a fresh tab opens the empty search page; the
//     query is typed key by key (one key each --key) or put in whole and
//     submitted with Enter; start-up files left out of both. A Chinese
//     query is typed a character a key, as an input method commits it.
//
// With --pagefind it measures Pagefind (run over the same site, as
// bench.sh does) the same way for the first and later queries: a page of
// its own loads pagefind.js, searches and reads the first 5 results (its
// UI's default); its start-up files are pagefind.js, its worker, the
// entry, the wasm and the language's meta file, and its script is
// pagefind.js, the worker and the wasm. Typing is not measured for it. Pagefind fetches from a worker,
// whose requests the page's network events do not show: its bytes are
// counted by the server instead (the bodies sent, compressed, without
// headers).
//
// It is a benchmark, not a test: whether a query runs between two keys
// depends on time.
package main

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"qiao/generator/chrometest"
)

// query is one query and the language of the search page it is typed on.
type query struct{ Q, Lang string }

// queries are those of queries.mjs, beside Pagefind there.
var queries = []query{
	{"the", "en"}, {"of", "en"}, {"licence", "en"}, {"licensing", "en"}, {"licen", "en"}, {"patent", "en"},
	{"technology transfer", "en"}, {"royalty stacking", "en"}, {"due diligence", "en"}, {"know-how", "en"},
	{"export control", "en"}, {"proof-of-concept funds", "en"}, {"term sheet", "en"}, {"spin-off equity", "en"},
	{"Greater Bay Area", "en"}, {"Shenzhen", "en"}, {"Hong Kong university", "en"}, {"milestone payments", "en"},
	{"standard-essential patents", "en"}, {"QT-00042", "en"}, {"technology manager", "en"}, {"valuation", "en"},
	{"confidentiality", "en"}, {"negotiation practice", "en"}, {"medical imaging", "en"}, {"Haoyun Energy", "en"},
	{"的", "zh"}, {"技术", "zh"}, {"技术转移", "zh"}, {"技術轉移", "zh"}, {"专利许可", "zh"}, {"專利許可", "zh"},
	{"知识产权", "zh"}, {"知識產權", "zh"}, {"技术经理人", "zh"}, {"粤港澳大湾区", "zh"}, {"尽职调查", "zh"},
	{"提成费", "zh"}, {"里程碑付款", "zh"}, {"深圳", "zh"}, {"香港", "zh"}, {"许可合同", "zh"},
	{"概念验证", "zh"}, {"出口管制", "zh"}, {"标准必要专利", "zh"}, {"QT-00042 课程", "zh"}, {"医学影像", "zh"},
	{"衍生企业股权", "zh"},
}

// typed are the queries typed key by key.
var typed = []query{
	{"technology transfer", "en"}, {"royalty stacking", "en"}, {"due diligence", "en"}, {"export control", "en"},
	{"Greater Bay Area", "en"}, {"milestone payments", "en"}, {"standard-essential patents", "en"},
	{"negotiation practice", "en"}, {"技术转移", "zh"}, {"知识产权", "zh"}, {"粤港澳大湾区", "zh"}, {"尽职调查", "zh"},
}

func main() {
	site := flag.String("site", "", "a site built by Qiao")
	key := flag.Duration("key", 150*time.Millisecond, "time between two typed keys")
	asJSON := flag.Bool("json", false, "print JSON rather than a table")
	pagefind := flag.Bool("pagefind", false, "measure Pagefind (pagefind/ in the site) instead, first and later queries only")
	flag.Parse()
	if *site == "" {
		fmt.Fprintln(os.Stderr, "usage: wire --site DIR [--key 150ms] [--json]")
		os.Exit(2)
	}
	if err := run(*site, *key, *asJSON, *pagefind, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "wire:", err)
		os.Exit(1)
	}
}

func run(site string, key time.Duration, asJSON, pagefind bool, w io.Writer) error {
	var sent served
	srv := httptest.NewServer(sent.count(static(site)))
	defer srv.Close()
	b, err := chrometest.Start(chrometest.Options{})
	if err != nil {
		return err
	}
	defer b.Close()
	m := meter{browser: b, root: srv.URL + "/", sent: &sent}
	rep := report{Engine: "Qiao"}
	how := ""
	if pagefind {
		how, rep.Engine = "pagefind", "Pagefind"
	}
	for _, q := range queries {
		f, err := m.visit(q, how, 0)
		if err != nil {
			return fmt.Errorf("%s: %w", q.Q, err)
		}
		if f.script > 0 {
			rep.Script = f.script
		}
		rep.First = append(rep.First, f.all)
		rep.Later = append(rep.Later, f.all-f.startup)
	}
	for _, q := range typed {
		if pagefind {
			break
		}
		t, err := m.visit(q, "type", key)
		if err != nil {
			return fmt.Errorf("typing %s: %w", q.Q, err)
		}
		s, err := m.visit(q, "submit", 0)
		if err != nil {
			return fmt.Errorf("submitting %s: %w", q.Q, err)
		}
		rep.Typing = append(rep.Typing, pair{q.Q, t.all - t.startup, s.all - s.startup, t.wait.Milliseconds()})
	}
	if asJSON {
		return json.NewEncoder(w).Encode(rep)
	}
	rep.print(w, key)
	return nil
}

// static serves dir as a static host does, gzip for text files.
func static(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Each tab starts cold: a worker's requests escape the tab's
		// disabled cache, and tabs share the browser's HTTP cache.
		w.Header().Set("Cache-Control", "no-store")
		p := r.URL.Path
		if p == "/pagefind-bench/" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, pagefindPage, strings.TrimPrefix(r.URL.Query().Get("lang"), "x"))
			return
		}
		if strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		switch path.Ext(p) {
		case ".html", ".js", ".json", ".css":
		default:
			files.ServeHTTP(w, r)
			return
		}
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			files.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Add("Vary", "Accept-Encoding")
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		defer zw.Close()
		files.ServeHTTP(gzipWriter{w, zw}, r)
	})
}

// gzipWriter compresses a response's body.
type gzipWriter struct {
	http.ResponseWriter
	z *gzip.Writer
}

func (g gzipWriter) WriteHeader(code int) {
	g.Header().Del("Content-Length")
	g.ResponseWriter.WriteHeader(code)
}

func (g gzipWriter) Write(b []byte) (int, error) { return g.z.Write(b) }

// meter opens tabs and counts their bytes.
type meter struct {
	browser *chrometest.Browser
	root    string
	sent    *served
}

// served counts the bytes of the bodies a server sends under pagefind/, as
// fetched counts them, since it was last reset.
type served struct {
	mu sync.Mutex
	f  fetched
}

func (s *served) count(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &countingWriter{ResponseWriter: w}
		h.ServeHTTP(cw, r)
		if strings.HasPrefix(r.URL.Path, "/pagefind/") {
			s.mu.Lock()
			s.f.addPagefind(r.URL.Path, cw.n)
			s.mu.Unlock()
		}
	})
}

func (s *served) take() fetched {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.f
	s.f = fetched{}
	return f
}

// countingWriter counts the bytes of a response's body.
type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n += int64(n)
	return n, err
}

// fetched are a tab's bytes under search/: all of them, those of the
// start-up files and those of the script; and for a typed query, the
// time from its last key to its results.
type fetched struct {
	all, startup, script int64
	wait                 time.Duration
}

// visit opens the search page of q.Lang in a fresh tab and runs q: from
// the address (how ""), typed key by key ("type") or put in whole and
// submitted ("submit"). It returns when the results are shown and no
// request is left.
func (m meter) visit(q query, how string, key time.Duration) (fetched, error) {
	var (
		mu      sync.Mutex
		lastKey time.Time
		f       fetched
		urls    = map[network.RequestID]string{}
		pending = map[network.RequestID]bool{}
	)
	ctx, cancel := m.browser.NewContext(chromedp.WithListener(func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			urls[e.RequestID] = e.Request.URL
			pending[e.RequestID] = true
		case *network.EventLoadingFinished:
			delete(pending, e.RequestID)
			if !strings.Contains(urls[e.RequestID], "/pagefind/") {
				f.add(urls[e.RequestID], int64(e.EncodedDataLength))
			}
		case *network.EventLoadingFailed:
			delete(pending, e.RequestID)
		}
	}))
	defer cancel()
	ctx, stop := context.WithTimeout(ctx, 2*time.Minute)
	defer stop()
	page := m.root + "search/"
	if q.Lang != "en" {
		page = m.root + q.Lang + "/search/"
	}
	if how == "" {
		page += "?q=" + urlQuery(q.Q)
	}
	if how == "pagefind" {
		m.sent.take()
		page = m.root + "pagefind-bench/?lang=" + q.Lang + "&q=" + urlQuery(q.Q)
	}
	box := chromedp.CSS(`form[data-search-page] [name=q]`)
	acts := []chromedp.Action[chromedp.Void]{chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	}), chromedp.Navigate(page)}
	switch how {
	case "type":
		// Each key at its time from the first, whatever a key took.
		acts = append(acts, chromedp.Focus(box), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			start := time.Now()
			for i, r := range []rune(q.Q) {
				time.Sleep(time.Until(start.Add(time.Duration(i) * key)))
				if _, err := chromedp.KeyEvent(string(r))(ctx, t); err != nil {
					return err
				}
				lastKey = time.Now()
			}
			return nil
		}))
	case "submit":
		// Put in whole (no input event) and submitted with Enter.
		acts = append(acts, chromedp.Focus(box), chromedp.SetValue(box, q.Q), chromedp.KeyEvent(kb.Enter))
	}
	settled := fmt.Sprintf(`document.body.dataset.done === %q`, q.Q)
	if how != "pagefind" {
		settled = fmt.Sprintf(`(function () {
		var i = document.querySelector('form[data-search-page] [name=q]');
		var l = document.getElementById(i.getAttribute('aria-controls'));
		return i.value === %q && l.getAttribute('aria-busy') === 'false';
	})()`, q.Q)
	}
	acts = append(acts, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](settled, chromedp.WithPollingInterval(20*time.Millisecond))(ctx, t)
		return err
	}))
	if err := chromedp.Do(ctx, acts...); err != nil {
		return f, err
	}
	if how == "type" {
		f.wait = time.Since(lastKey)
	}
	if how == "pagefind" {
		return m.sent.take(), nil
	}
	for {
		mu.Lock()
		n := len(pending)
		mu.Unlock()
		if n == 0 {
			break
		}
		if ctx.Err() != nil {
			mu.Lock()
			var left []string
			for id := range pending {
				left = append(left, urls[id])
			}
			mu.Unlock()
			return f, fmt.Errorf("requests still pending: %v", left)
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	return f, nil
}

func (f *fetched) add(url string, n int64) {
	i := strings.Index(url, "/search/")
	if i < 0 || strings.HasSuffix(url, ".css") || strings.HasSuffix(url, "/search/") || strings.Contains(url, "/search/?") {
		return
	}
	name := path.Base(url)
	f.all += n
	switch {
	case strings.HasSuffix(name, ".js"):
		f.script += n
		f.startup += n
	case name == "manifest.json" || name == "fold":
		f.startup += n
	}
}

func (f *fetched) addPagefind(url string, n int64) {
	name := path.Base(url)
	f.all += n
	switch {
	case name == "pagefind.js" || name == "pagefind-worker.js" || strings.HasPrefix(name, "wasm."):
		f.script += n
		f.startup += n
	case name == "pagefind-entry.json" || strings.HasSuffix(name, ".pf_meta"):
		f.startup += n
	}
}

// pagefindPage searches with Pagefind's API as its UI does: the query, then
// the data of the first 5 results.
const pagefindPage = `<!doctype html><html lang="%s"><meta charset="utf-8"><title>Pagefind</title><body>
<script type="module">
const q = new URLSearchParams(location.search).get('q');
const pf = await import('/pagefind/pagefind.js');
const r = await pf.search(q);
await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
document.body.dataset.done = q;
</script>`

func urlQuery(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// report is what wire measured.
type report struct {
	Engine       string
	Script       int64
	First, Later []int64
	Typing       []pair
}

// pair is a query's bytes typed and submitted.
type pair struct {
	Q             string
	Typed, Submit int64
	WaitMS        int64 // from the last key to the results shown
}

func (r report) print(w io.Writer, key time.Duration) {
	kb := func(n int64) string { return fmt.Sprintf("%.1f KB", float64(n)/1024) }
	fmt.Fprintf(w, "| measure | %s | budget |\n|---|---|---|\n", r.Engine)
	fmt.Fprintf(w, "| script (gzip) | %s | 20 KB |\n", kb(r.Script))
	fmt.Fprintf(w, "| first query, median of %d | %s | |\n", len(r.First), kb(quantile(r.First, 0.5)))
	fmt.Fprintf(w, "| first query, max | %s | 100 KB |\n", kb(quantile(r.First, 1)))
	fmt.Fprintf(w, "| later query, median | %s | |\n", kb(quantile(r.Later, 0.5)))
	fmt.Fprintf(w, "| later query, p95 | %s | 64 KB |\n", kb(quantile(r.Later, 0.95)))
	if len(r.Typing) == 0 {
		return
	}
	var t, s int64
	for _, p := range r.Typing {
		t += p.Typed
		s += p.Submit
	}
	fmt.Fprintf(w, "| typing at %v/key ÷ submitting, %d queries | %.2f (%s ÷ %s) | 1.5 |\n\n", key, len(r.Typing), float64(t)/float64(s), kb(t), kb(s))
	fmt.Fprintf(w, "| typed query | typed | submitted | ratio | last key to results |\n|---|---|---|---|---|\n")
	for _, p := range r.Typing {
		fmt.Fprintf(w, "| %s | %s | %s | %.2f | %d ms |\n", p.Q, kb(p.Typed), kb(p.Submit), float64(p.Typed)/float64(p.Submit), p.WaitMS)
	}
}

// quantile is the nearest-rank quantile of xs.
func quantile(xs []int64, q float64) int64 {
	s := append([]int64(nil), xs...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(q*float64(len(s))+0.999999) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(s) {
		i = len(s) - 1
	}
	return s[i]
}
