package serve

import (
	"bufio"
	"context"
	"html"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// logBuffer is a terminal that tests can read while the server writes.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startRun runs the server on the site at root, as the serve command does,
// on a free loopback port, and returns its URL and terminal once Run says
// it serves.
func startRun(t *testing.T, root string) (string, *logBuffer) {
	t.Helper()
	return startRunWith(t, Options{Root: root, Bind: "127.0.0.1"})
}

// startRunWith runs the server with the options o, its terminal and Ready
// aside, and returns its URL and terminal once Run says it serves.
func startRunWith(t *testing.T, o Options) (string, *logBuffer) {
	t.Helper()
	log := &logBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	o.Log, o.Ready = log, func(url string) { urls <- url }
	go func() { done <- Run(ctx, o) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	select {
	case url := <-urls:
		return url, log
	case err := <-done:
		done <- nil // for the cleanup, which waits for Run to end
		t.Fatalf("Run ended before serving: %v\n%s", err, log)
	case <-time.After(patience):
		t.Fatalf("Run did not serve after %v; its terminal:\n%s", patience, log)
	}
	return "", nil
}

type serverEvent struct{ name, data string }

// listen opens the live-reload event stream as a page of the given build
// does, and returns its events.
func listen(t *testing.T, url, build string) <-chan serverEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"__qiao/events?build="+build, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("events: %s", resp.Status)
	}
	events := make(chan serverEvent, 16)
	go func() {
		defer resp.Body.Close()
		defer close(events)
		var e serverEvent
		lines := bufio.NewScanner(resp.Body)
		for lines.Scan() {
			line := lines.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				e.data = strings.TrimPrefix(line, "data: ")
			case line == "" && e.name != "":
				events <- e
				e = serverEvent{}
			}
		}
	}()
	return events
}

// next waits for the next event of a stream.
func next(t *testing.T, events <-chan serverEvent) serverEvent {
	t.Helper()
	select {
	case e, ok := <-events:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return e
	case <-time.After(patience):
		t.Fatalf("no event after %v", patience)
	}
	return serverEvent{}
}

// Started on a broken site, the server answers every page with the
// problems, at their lines, and live reload; the fix brings the site to
// the tabs that were open and to any opened later. The terminal says what
// happened.
func TestStartedBroken(t *testing.T) {
	for _, tc := range []struct {
		name, file, broken, fixed, problem, page, shows string
	}{{
		name:    "front matter",
		file:    "content/cases/licence.md",
		broken:  "+++\ntitle = \"An overseas licence\"\nyear = \n+++\nThe first version.\n",
		fixed:   goodLicence,
		problem: "content/cases/licence.md:3: front matter: year: expected value",
		page:    "cases/licence/",
		shows:   "The first version.",
	}, {
		name:    "layout",
		file:    "layouts/cases/single.html",
		broken:  "{{define \"main\"}}\n<article>\n{{.Title}\n</article>\n{{end}}\n",
		fixed:   "{{define \"main\"}}\n<article>\n<h1>Fixed layout: {{.Title}}</h1>\n</article>\n{{end}}\n",
		problem: "layouts/cases/single.html:3:",
		page:    "cases/licence/",
		shows:   "Fixed layout: An overseas licence",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			root := siteDir(t, map[string]string{tc.file: tc.broken})
			url, log := startRun(t, root)

			for _, path := range []string{"", tc.page, "no/such/page/", "css/extra.css"} {
				code, ctype, body := get(t, url+path)
				if code != http.StatusServiceUnavailable || ctype != "text/html; charset=utf-8" {
					t.Errorf("/%s: %d %s, want 503 text/html", path, code, ctype)
				}
				for _, want := range []string{`<div id="qiao-errors" role="alert"`, tc.problem, `<script src="/__qiao/live.js" data-build="" defer></script>`} {
					if !strings.Contains(html.UnescapeString(body), want) {
						t.Errorf("/%s does not show %q:\n%s", path, want, body)
					}
				}
			}
			// A tab open on the problems hears them again when it connects,
			// and that the site is served once it builds.
			tab := listen(t, url, "")
			if e := next(t, tab); e.name != "errors" || !strings.Contains(html.UnescapeString(e.data), tc.problem) {
				t.Errorf("first event %s %s, want the errors", e.name, e.data)
			}
			writeFile(t, root, tc.file, tc.fixed)
			if e := next(t, tab); e.name != "ok" {
				t.Errorf("after the fix, event %s %s, want ok", e.name, e.data)
			}
			code, _, body := get(t, url+tc.page)
			if code != http.StatusOK || !strings.Contains(body, tc.shows) || strings.Contains(body, "qiao-errors") {
				t.Errorf("after the fix, /%s: %d\n%s", tc.page, code, body)
			}
			// A tab that loaded the problems but connects only after the fix
			// is told to reload.
			if e := next(t, listen(t, url, "")); e.name != "reload" {
				t.Errorf("a late tab's first event is %s %s, want reload", e.name, e.data)
			}

			terminal := log.String()
			for _, want := range []string{tc.problem, "there is no site to serve yet", "the site will be served as soon as it builds",
				"it shows the problems until the site builds", "Serving the site now."} {
				if !strings.Contains(terminal, want) {
					t.Errorf("the terminal does not say %q:\n%s", want, terminal)
				}
			}
			if strings.Contains(terminal, "last good") {
				t.Errorf("the terminal speaks of a last good site that never was:\n%s", terminal)
			}
		})
	}
}

// A tab that connects after the site was rebuilt without it is told to
// reload; one of the current build is not.
func TestTabOfAnOlderBuildReloads(t *testing.T) {
	s, root, url := startSite(t, nil)
	s.mu.RLock()
	before := s.buildID()
	s.mu.RUnlock()
	writeFile(t, root, "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nThe second version.\n")
	waitFor(t, s, url+"cases/licence/", "The second version.")
	if e := next(t, listen(t, url, before)); e.name != "reload" {
		t.Errorf("a tab of the build before got %s, want reload", e.name)
	}
	s.mu.RLock()
	now := s.buildID()
	s.mu.RUnlock()
	// The current build's tab hears nothing until the next build.
	current := listen(t, url, now)
	writeFile(t, root, "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nThe third version.\n")
	if e := next(t, current); e.name != "reload" {
		t.Errorf("got %s, want the reload of the next build", e.name)
	}
	waitFor(t, s, url+"cases/licence/", "The third version.")
}
