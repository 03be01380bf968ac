// Package serve is the preview server for editors: it builds the site into
// memory, serves it (on loopback unless told otherwise, moving to a free
// port when its own is taken), watches content/, layouts/, static/ and
// site.toml (through the system's file events, or by looking every so
// often where there are none), rebuilds what a change needs, and tells
// open tabs to reload or to go to the page just edited — or shows the
// build's errors over the page, each message once however many pages have
// it, and keeps serving the last good site (or, when the site has never
// built, a page of the errors that turns into the site as soon as it
// builds). It answers only requests for this machine's own names (see
// hostCheck). It never writes to public/.
// Building is the build package's business; this package owns HTTP,
// watching, live reload and the error overlay.
package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"qiao/generator/build"
	"qiao/generator/config"
	"qiao/generator/diag"
	"qiao/generator/incremental"
	"qiao/generator/output"
	"qiao/generator/search"
)

//go:embed live.js
var liveScript []byte

const configFile = config.File

// Paths under this prefix belong to the server, not the site.
const internal = "/__qiao/"

// Server serves one site and rebuilds it on demand.
type Server struct {
	src     fs.FS
	baseURL string
	drafts  bool
	inc     *incremental.Incremental
	log     io.Writer
	// navigate brings open tabs to the page of a content file whose edit
	// caused a rebuild, instead of reloading them where they are.
	navigate bool
	started  string        // names this server among others run before, in build IDs
	watching chan struct{} // closed once Watch or Poll sees every folder
	ready    sync.Once

	mu       sync.RWMutex
	built    chan struct{}  // closed and replaced after each build
	site     *output.Memory // the last good build; nil until the site first builds
	builds   int            // good builds so far
	index    func() error   // builds the search index of site when first asked for
	problems []problem      // the current build's errors; nil when it is good
	clients  map[chan event]struct{}
}

type event struct {
	name string
	data string
}

// New prepares a server for the site in src, whose pages will be served at
// baseURL (http://127.0.0.1:1313/).
func New(src fs.FS, baseURL string, drafts bool, log io.Writer) *Server {
	return &Server{
		src:      src,
		baseURL:  baseURL,
		drafts:   drafts,
		inc:      incremental.New(src, build.Options{BaseURL: baseURL, Drafts: drafts}),
		log:      log,
		started:  strconv.FormatInt(time.Now().UnixNano(), 36),
		watching: make(chan struct{}),
		built:    make(chan struct{}),
		clients:  map[chan event]struct{}{},
	}
}

// buildID names the site being served, for the pages served from it: a tab
// that connects for live reload with another ID shows an older site (or
// none) and is told to reload. "" is no site. Called with s.mu held.
func (s *Server) buildID() string {
	if s.site == nil {
		return ""
	}
	return s.started + "." + strconv.Itoa(s.builds)
}

// Rebuild builds the site after the given files changed (slash paths from
// the site root; nil for the first build). A change to site.toml or a
// layout rebuilds everything. It reports to the terminal and to open tabs,
// and returns whether the build succeeded.
func (s *Server) Rebuild(changed []string) bool {
	config, layouts, cssOnly := len(changed) == 0, false, len(changed) > 0
	for _, p := range changed {
		switch {
		case p == configFile:
			config = true
		case p == "layouts" || strings.HasPrefix(p, "layouts/"):
			layouts = true
		}
		if !strings.HasPrefix(p, "static/") || path.Ext(p) != ".css" {
			cssOnly = false
		}
	}
	switch {
	case config:
		s.inc.Reset()
	case layouts:
		s.inc.RenderAll()
	}
	if changed != nil {
		s.inc.Changed(changed)
	}
	var diags diag.List
	out, st, err := s.inc.Build(&diags)
	for _, p := range changed {
		if st.Assets[strings.TrimPrefix(p, "static/")] {
			cssOnly = false // a fingerprinted stylesheet: pages name the new file
		}
	}
	problems := groupProblems(diags.Sorted())

	// After an edit of one page, open tabs may be brought to it.
	reload := event{"reload", "{}"}
	if page, ok := editedPage(changed); ok && s.navigate && err == nil {
		if u, ok := s.pageURL(page, out); ok {
			data, _ := json.Marshal(map[string]string{"url": u})
			reload = event{"navigate", string(data)}
		}
	}

	s.mu.Lock()
	wasBroken, hadSite := s.problems != nil, s.site != nil
	if err != nil {
		if len(problems) == 0 {
			problems = []problem{{First: err.Error()}}
		}
		s.problems = problems
	} else {
		s.site, s.problems, s.index = out, nil, sync.OnceValue(st.WriteSearchIndex)
		s.builds++
	}
	s.mu.Unlock()

	for _, p := range problems {
		fmt.Fprintln(s.log, p)
	}
	switch {
	case err != nil && hadSite:
		fmt.Fprintf(s.log, "Build failed; still serving the last good site. Fix the problems above and save.\n")
		s.broadcast(event{"errors", overlayEvent(true, problems)})
	case err != nil:
		fmt.Fprintf(s.log, "Build failed, so there is no site to serve yet: pages show these problems instead. Fix them and save; the site will be served as soon as it builds.\n")
		s.broadcast(event{"errors", overlayEvent(false, problems)})
	case wasBroken && !hadSite:
		fmt.Fprintf(s.log, "Fixed: %s. Serving the site now.\n", st.Summary())
		s.broadcast(fixed(reload))
	case wasBroken:
		fmt.Fprintf(s.log, "Fixed: rebuilt in %d ms.\n", st.Duration.Milliseconds())
		s.broadcast(fixed(reload))
	default:
		if changed != nil {
			fmt.Fprintf(s.log, "Rebuilt in %d ms: %d pages rendered, %d unchanged.\n", st.Duration.Milliseconds(), st.Rendered, st.Reused)
		} else {
			fmt.Fprintln(s.log, st.Summary())
		}
		if cssOnly {
			s.broadcast(event{"css", "{}"})
		} else {
			s.broadcast(reload)
		}
	}
	s.mu.Lock()
	close(s.built)
	s.built = make(chan struct{})
	s.mu.Unlock()
	return err == nil
}

// fixed is the event that tells open tabs the site builds again: ok (which
// reloads a tab that shows the errors), or, to bring tabs to the page just
// edited, the navigate event reload is.
func fixed(reload event) event {
	if reload.name == "navigate" {
		return reload
	}
	return event{"ok", "{}"}
}

// Built returns a channel closed when the next build finishes.
func (s *Server) Built() <-chan struct{} {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.built
}

// Watching returns a channel closed once Watch watches every folder of the
// site, or Poll has first looked at them: a save after that is seen.
func (s *Server) Watching() <-chan struct{} { return s.watching }

func (s *Server) broadcast(e event) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for c := range s.clients {
		select {
		case c <- e:
		default: // a slow tab misses one event; it gets the next
		}
	}
}

// ServeHTTP serves the site from memory: only built files, so nothing else
// on disk can be reached whatever the path says.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case internal + "live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(liveScript)
		return
	case internal + "events":
		s.events(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.mu.RLock()
	site, index, id, problems := s.site, s.index, s.buildID(), s.problems
	s.mu.RUnlock()
	if site == nil {
		// Every path gets the problems, with live reload, so that the tab
		// the editor opened becomes the site as soon as it builds.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusServiceUnavailable)
		if r.Method != http.MethodHead {
			w.Write(problemsPage(problems))
		}
		return
	}
	rel, ok := outputPath(r.URL.Path)
	if ok && strings.HasPrefix(rel, search.Dir) {
		if err := index(); err != nil {
			fmt.Fprintf(s.log, "search index: %v\n", err)
		}
	}
	var body []byte
	if ok {
		body, ok = site.Get(rel)
	}
	if !ok && rel != "" && !strings.HasSuffix(r.URL.Path, "/") {
		if _, dir := site.Get(rel + "/index.html"); dir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	status := http.StatusOK
	if !ok {
		status, rel = http.StatusNotFound, "404.html"
		if body, ok = site.Get(rel); !ok {
			http.NotFound(w, r)
			return
		}
	}
	ctype := contentType(rel, body)
	if strings.HasPrefix(ctype, "text/html") {
		body = injectLiveReload(body, id)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// outputPath maps a URL path to a file of the output. ok is false for paths
// that cannot name one (NUL bytes, dot segments after cleaning).
func outputPath(urlPath string) (string, bool) {
	if strings.ContainsRune(urlPath, 0) || strings.Contains(urlPath, "\\") {
		return "", false
	}
	for _, seg := range strings.Split(urlPath, "/") {
		if seg == ".." {
			return "", false
		}
	}
	rel := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if rel == "" || strings.HasSuffix(urlPath, "/") {
		rel = path.Join(rel, "index.html")
	}
	return rel, output.Safe(rel)
}

var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".xml":         "application/xml; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".gif":         "image/gif",
	".ico":         "image/x-icon",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".pdf":         "application/pdf",
	".webmanifest": "application/manifest+json",
	".wasm":        "application/wasm",
}

func contentType(rel string, body []byte) string {
	ext := strings.ToLower(path.Ext(rel))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(body)
}

// liveReloadTag is the script element of live reload for a page of the
// build id.
func liveReloadTag(id string) string {
	return `<script src="` + internal + `live.js" data-build="` + id + `" defer></script>`
}

// injectLiveReload adds the live-reload script, for a page of the build
// id, before </body>.
func injectLiveReload(page []byte, id string) []byte {
	tag := []byte(liveReloadTag(id))
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(bytes.Clone(page), tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// events streams server-sent events to one tab. A tab first hears the
// state it may have missed while it loaded: the current errors, or, when
// the page came from another build than the one now served (its build
// query), that it must reload.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan event, 4)
	s.mu.Lock()
	s.clients[c] = struct{}{}
	problems, hasSite, id := s.problems, s.site != nil, s.buildID()
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	fmt.Fprint(w, "retry: 500\n\n")
	page, known := r.URL.Query()["build"]
	switch {
	case problems != nil:
		fmt.Fprintf(w, "event: errors\ndata: %s\n\n", overlayEvent(hasSite, problems))
	case known && page[0] != id:
		fmt.Fprint(w, "event: reload\ndata: {}\n\n")
	}
	flusher.Flush()
	keepAlive := time.NewTicker(20 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e := <-c:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
			flusher.Flush()
		case <-keepAlive.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			flusher.Flush()
		}
	}
}
