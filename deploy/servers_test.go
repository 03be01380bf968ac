package deploy_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"qiao/generator/build"
	"qiao/generator/chrometest"
	"qiao/generator/config"
	"qiao/generator/diag"
	"qiao/generator/output"
)

var browser *chrometest.Browser

func TestMain(m *testing.M) { os.Exit(chrometest.Main(m, &browser)) }

// serverPath returns the binary of a web server (nginx, caddy); without
// one the test skips, except under CI, where .ci/run installs Debian's
// package of that name.
func serverPath(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/" + name); err == nil {
		return "/usr/sbin/" + name
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is required under CI (Debian package %s)", name, name)
	}
	t.Skipf("%s is not installed", name)
	return ""
}

// setup is one way of serving the site: a web server, its configuration
// in this folder, and the base URL the site is built for.
type setup struct {
	name, server, conf, base string
	// dir is the output folder below the server's root ("" for the root).
	dir string
}

var setups = []setup{
	{name: "nginx-root", server: "nginx", conf: "nginx/qiao.conf", base: "https://example.org/"},
	{name: "nginx-kb", server: "nginx", conf: "nginx/qiao-kb.conf", base: "https://example.org/kb/", dir: "kb"},
	{name: "caddy-root", server: "caddy", conf: "caddy/Caddyfile", base: "https://example.org/"},
	{name: "caddy-kb", server: "caddy", conf: "caddy/Caddyfile", base: "https://kb.example.org/kb/", dir: "kb"},
}

// served is a running nginx with the built site.
type served struct {
	url    string // http://127.0.0.1:port/ plus the site's path
	out    string // the output folder
	prefix string // the site's path: "/" or "/kb/"
}

// shared makes a folder every process can read, however the test runs.
func shared(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "qiao-nginx-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// serve builds the shipped site with --precompress as s says, and starts
// s's server on a free loopback port with s's configuration from this
// folder, changed only in where it listens and where the site is. The
// server runs as an unprivileged process (nobody, when the test runs as
// root) and is stopped when the test ends.
func serve(t *testing.T, s setup) *served {
	t.Helper()
	bin := serverPath(t, s.server)
	dir := shared(t)
	root := filepath.Join(dir, "www")
	out := filepath.Join(root, s.dir)
	var d diag.List
	if _, err := build.Build(os.DirFS(".."), build.Options{Out: out, BaseURL: s.base, Precompress: true}, &d); err != nil {
		t.Fatalf("build: %v\n%v", err, d.Sorted())
	}
	if err := os.Chmod(root, 0o755); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	run := filepath.Join(dir, "run")
	if err := os.Mkdir(run, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(run, 0o777); err != nil {
		t.Fatal(err)
	}

	conf, err := os.ReadFile(s.conf)
	if err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	var cmd *exec.Cmd
	if s.server == "nginx" {
		cmd = nginxCommand(t, bin, s, string(conf), port, root, run)
	} else {
		cmd = caddyCommand(t, bin, s, string(conf), port, root, run)
	}
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	// Ready when it accepts a connection; a configuration error ends it.
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(run, "error.log"))
			t.Fatalf("%s ended: %v\n%s%s", s.server, waitErr, stderr.String(), log)
		case <-time.After(20 * time.Millisecond):
		}
	}
	prefix := "/" + s.dir
	if s.dir != "" {
		prefix += "/"
	}
	return &served{url: "http://" + addr + prefix, out: out, prefix: prefix}
}

// nginxCommand is the command that runs nginx with the server block conf,
// changed to listen on port and serve root, as one process in the
// foreground with its files in run.
func nginxCommand(t *testing.T, bin string, s setup, conf string, port int, root, run string) *exec.Cmd {
	t.Helper()
	server := conf
	server = replaceOnce(t, server, "listen 80;", fmt.Sprintf("listen 127.0.0.1:%d;", port))
	wantRoot := "/srv/www"
	if s.dir == "" {
		wantRoot = "/srv/www/qiao"
	}
	server = replaceOnce(t, server, "root "+wantRoot+";", "root "+root+";")
	main := fmt.Sprintf(`daemon off;
master_process off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
%[2]s
}
`, run, server)
	confPath := filepath.Join(run, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	return exec.Command(bin, "-p", run, "-e", filepath.Join(run, "error.log"), "-c", confPath)
}

// caddyCommand is the command that runs Caddy with the Caddyfile conf,
// changed so that the site of s listens on port over HTTP and serves
// root, and the other site serves an empty folder on another port.
func caddyCommand(t *testing.T, bin string, s setup, conf string, port int, root, run string) *exec.Cmd {
	t.Helper()
	empty := filepath.Join(run, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	rootSite, kbSite := fmt.Sprintf("http://127.0.0.1:%d", port), fmt.Sprintf("http://127.0.0.1:%d", freePort(t))
	rootDir, kbDir := root, empty
	if s.dir != "" {
		rootSite, kbSite = kbSite, rootSite
		rootDir, kbDir = empty, root
	}
	conf = replaceOnce(t, conf, "\nexample.org {", "\n"+rootSite+" {")
	conf = replaceOnce(t, conf, "\nkb.example.org {", "\n"+kbSite+" {")
	conf = replaceOnce(t, conf, "root * /srv/www/qiao\n", "root * "+rootDir+"\n")
	conf = replaceOnce(t, conf, "root * /srv/www\n", "root * "+kbDir+"\n")
	conf = "{\n\tadmin off\n}\n\n" + conf
	confPath := filepath.Join(run, "Caddyfile")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "--config", confPath, "--adapter", "caddyfile")
	cmd.Env = append(os.Environ(), "HOME="+run, "XDG_DATA_HOME="+run, "XDG_CONFIG_HOME="+run)
	return cmd
}

func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if strings.Count(s, old) != 1 {
		t.Fatalf("the configuration must hold %q once", old)
	}
	return strings.Replace(s, old, new, 1)
}

// freePort returns a port on the loopback interface that nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// plain is a client that neither asks for gzip nor follows redirects.
var plain = &http.Client{
	Transport:     &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func get(t *testing.T, url string, gzip bool) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := plain.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// immutable matches the files a server may let browsers keep for a year:
// fingerprinted assets and the files of the search index's folder.
var immutable = regexp.MustCompile(`(\.[0-9a-f]{10}\.[a-z0-9]+$|^search/ix-[0-9a-f]{12}/)`)

// TestWebServers serves the shipped site with the repository's nginx and
// Caddy configurations, at the root of a host and under /kb/: every page and
// file answers 200 with its bytes and the headers of _headers, unknown
// paths the site's 404 page with status 404, and browsers that accept
// gzip get the .gz copies.
func TestWebServers(t *testing.T) {
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			srv := serve(t, s)
			var pages, files, kept, gzipped int
			err := filepath.WalkDir(srv.out, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(srv.out, p)
				rel = filepath.ToSlash(rel)
				if rel == output.Marker || rel == build.HeadersFile || strings.HasSuffix(rel, ".gz") {
					return nil
				}
				want, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				url := srv.url + strings.TrimSuffix(rel, "index.html")
				resp, body := get(t, url, false)
				if resp.StatusCode != 200 || !bytes.Equal(body, want) {
					t.Errorf("GET %s: %s, %d bytes; want 200 and the %d bytes of %s", url, resp.Status, len(body), len(want), rel)
					return nil
				}
				files++
				checkSecurity(t, url, resp.Header)
				cache := resp.Header.Get("Cache-Control")
				switch {
				case immutable.MatchString(rel):
					kept++
					if cache != build.CacheImmutable {
						t.Errorf("GET %s: Cache-Control %q, want %q", url, cache, build.CacheImmutable)
					}
				case path.Ext(rel) == ".html":
					pages++
					if cache != build.CachePage {
						t.Errorf("GET %s: Cache-Control %q, want %q", url, cache, build.CachePage)
					}
					if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
						t.Errorf("GET %s: Content-Type %q", url, ct)
					}
				}
				if gz, err := os.ReadFile(p + ".gz"); err == nil {
					resp, body := get(t, url, true)
					if resp.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(body, gz) ||
						!strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
						t.Errorf("GET %s with gzip: Content-Encoding %q, Vary %q, %d bytes; want %s.gz (%d bytes)",
							url, resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"), len(body), rel, len(gz))
					} else {
						gzipped++
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			notFound, _ := os.ReadFile(filepath.Join(srv.out, "404.html"))
			var missing int
			for _, p := range []string{"no/such/page/", "courses/no-such-course/", "zh/no-such-page", "css/site.0000000000.css",
				build.HeadersFile, output.Marker} {
				resp, body := get(t, srv.url+p, false)
				if resp.StatusCode != 404 || !bytes.Equal(body, notFound) {
					t.Errorf("GET %s: %s, %d bytes; want 404 and the site's 404 page", srv.url+p, resp.Status, len(body))
					continue
				}
				checkSecurity(t, srv.url+p, resp.Header)
				missing++
			}
			// A folder without its slash is sent to the page, on this host.
			resp, _ := get(t, strings.TrimSuffix(srv.url+"courses/", "/"), false)
			if loc := resp.Header.Get("Location"); (resp.StatusCode != 301 && resp.StatusCode != 308) || loc != srv.prefix+"courses/" {
				t.Errorf("GET %scourses: %s to %q, want 301 or 308 to %scourses/", srv.prefix, resp.Status, loc, srv.prefix)
			}
			if pages < 100 || kept < 7+5 || gzipped < 100 {
				t.Errorf("%d pages, %d immutable files, %d gzipped: the site is smaller than it should be", pages, kept, gzipped)
			}
			t.Logf("%s: %d files 200 (%d pages, %d immutable: 7 fingerprinted assets and the search index), %d served gzipped, %d unknown paths 404",
				s.name, files, pages, kept, gzipped, missing)
		})
	}
}

func checkSecurity(t *testing.T, url string, h http.Header) {
	t.Helper()
	if got := h.Get("Content-Security-Policy"); got != config.DefaultCSP {
		t.Errorf("GET %s: Content-Security-Policy %q, want the one of _headers, %q", url, got, config.DefaultCSP)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "strict-origin-when-cross-origin" {
		t.Errorf("GET %s: X-Content-Type-Options %q, Referrer-Policy %q", url, h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
	}
}

// watchCSP records the tab's Content-Security-Policy violations in
// window.qiaoCSP, from the start of every document (a script the browser
// adds through its debugging protocol, which the policy does not cover).
const watchCSP = `window.qiaoCSP = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.qiaoCSP.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));`

func violations(t *testing.T, tab *chrometest.Tab) []string {
	t.Helper()
	v, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]string](`window.qiaoCSP || ['not watched']`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestStrictCSPInChromium loads pages of every kind from nginx and Caddy,
// under the policy they send, and uses the search: no violation, no error, and the
// search answers. A page with an inline script, served the same way, does
// show a violation: the check can fail.
func TestStrictCSPInChromium(t *testing.T) {
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			tab := browser.NewTab(t)
			srv := serve(t, s)
			if err := chromedp.Do(tab.Context(), chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
				_, err := cdp.Call(ctx, tgt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchCSP})
				return err
			})); err != nil {
				t.Fatal(err)
			}
			// From nginx at the root every page; else one of each kind.
			paths := []string{"", "zh/", "courses/itt-101/", "zh/courses/itt-101/", "speakers/", "cases/", "policies/",
				"topics/", "search/", "zh/search/"}
			if s.name == "nginx-root" {
				paths = pagePaths(t, srv.out)
			}
			for _, p := range append(paths, "no/such/page/") {
				if err := tab.Navigate(srv.url + p); err != nil {
					t.Fatal(err)
				}
				if v := violations(t, tab); len(v) > 0 {
					t.Errorf("%s: CSP violations %q", p, v)
				}
				for _, pr := range tab.TakeProblems() {
					if p == "no/such/page/" && strings.Contains(pr.Text, "404") && pr.URL == srv.url+p {
						continue // the 404 page itself, reported as a request and on the console
					}
					t.Errorf("%s: %v", p, pr)
				}
			}

			// The search page answers a query.
			if err := tab.Navigate(srv.url + "search/?q=licence"); err != nil {
				t.Fatal(err)
			}
			first := waitFor(t, tab, `document.querySelector('#search-results a[role=option]')?.getAttribute('href') || ''`)
			if !strings.HasPrefix(first, srv.prefix) {
				t.Errorf("first result %q is not a page of the site under %s", first, srv.prefix)
			}
			// The header's box loads the search on first use and suggests.
			if err := tab.Navigate(srv.url + "courses/itt-101/"); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(tab.Context(), chromedp.Click(chromedp.CSS("#site-search")),
				chromedp.SendKeys(chromedp.CSS("#site-search"), "licence")); err != nil {
				t.Fatal(err)
			}
			waitFor(t, tab, `(() => { const l = document.getElementById('site-search-suggestions');
				return l && !l.hidden && l.querySelector('[role=option]') ? 'shown' : ''; })()`)
			if v := violations(t, tab); len(v) > 0 {
				t.Errorf("search: CSP violations %q", v)
			}
			for _, pr := range tab.TakeProblems() {
				t.Errorf("search: %v", pr)
			}

			// The control: an inline script under the same policy is refused.
			probe := `<!DOCTYPE html><html lang="en"><head><title>probe</title></head><body><script>document.title = 'ran'</script></body></html>`
			if err := os.WriteFile(filepath.Join(srv.out, "csp-probe.html"), []byte(probe), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := tab.Navigate(srv.url + "csp-probe.html"); err != nil {
				t.Fatal(err)
			}
			title, err := chromedp.Run(tab.Context(), chromedp.Evaluate[string](`document.title`))
			if v := violations(t, tab); err != nil || title != "probe" || len(v) == 0 {
				t.Errorf("an inline script ran (title %q, %v) or was refused without a violation (%q)", title, err, v)
			}
			tab.TakeProblems()
			t.Logf("%s: %d pages and the 404 page loaded under %q; the search page and the header's box answered; an inline script was refused",
				s.name, len(paths), config.DefaultCSP)
		})
	}
}

// pagePaths lists the URL paths of the pages in out, below the site's,
// but alias redirects.
func pagePaths(t *testing.T, out string) []string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".html" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil || bytes.Contains(data, []byte(`http-equiv="refresh"`)) {
			return err // an alias, which sends the browser on to its page
		}
		rel, _ := filepath.Rel(out, p)
		paths = append(paths, strings.TrimSuffix(filepath.ToSlash(rel), "index.html"))
		return nil
	})
	if err != nil || len(paths) < 100 {
		t.Fatalf("%d pages (%v)", len(paths), err)
	}
	return paths
}

// waitFor evaluates js until it gives a non-empty string, which it
// returns; the tab's own time limit ends a wait that never succeeds.
func waitFor(t *testing.T, tab *chrometest.Tab, js string) string {
	t.Helper()
	for {
		v, err := chromedp.Run(tab.Context(), chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("waiting for %s: %v (problems %v)", js, err, tab.Problems())
		}
		if v != "" {
			return v
		}
		select {
		case <-tab.Context().Done():
			t.Fatalf("waiting for %s: %v", js, tab.Context().Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
