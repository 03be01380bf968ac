// Package build runs the stages of a build in order — config, content,
// site, markdown, render, output — for the build command and, later, for
// serve and check. It owns the order and the hand-offs, not the work of any
// stage.
package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"html/template"
	"io/fs"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"qiao/generator/config"
	"qiao/generator/content"
	"qiao/generator/diag"
	"qiao/generator/markdown"
	"qiao/generator/output"
	"qiao/generator/pool"
	"qiao/generator/render"
	"qiao/generator/site"
)

// Options are the settings of one build.
type Options struct {
	Out string // output directory on disk
	// Site is the site root on disk ("" when the site is not on disk):
	// the output may not replace it or lie in its sources.
	Site string
	// Force replaces an output folder that holds files no build wrote.
	Force   bool
	Drafts  bool   // include pages with draft = true
	BaseURL string // overrides site.toml's baseURL when set
	// EditorWarnings adds warnings that matter to editors but not to a
	// build, such as links that lead to a page in another language.
	EditorWarnings bool
	// Precompress writes a gzip copy beside each text file over
	// output.PrecompressMin bytes (file.html.gz), for servers that send
	// them to clients that accept gzip.
	Precompress bool

	// keepSources keeps every file's body and front matter after its
	// body is converted, for the reports of check.
	keepSources bool
}

// Result describes a finished build.
type Result struct {
	Languages []string       // in configured order
	Pages     map[string]int // HTML pages per language
	Files     int
	Duration  time.Duration
}

// Summary is the one line the build command prints.
func (r Result) Summary() string {
	var parts []string
	for _, l := range r.Languages {
		parts = append(parts, fmt.Sprintf("%s: %d pages", l, r.Pages[l]))
	}
	return fmt.Sprintf("%s; %d files in %d ms", strings.Join(parts, ", "), r.Files, r.Duration.Milliseconds())
}

// ErrFailed is returned when the input has errors; they are in the list.
var ErrFailed = errors.New("the build failed")

// Load runs every stage that reads input — config, content, site, Markdown
// and layouts — and returns the site ready to render. Problems are in diags.
func Load(src fs.FS, opts Options, diags *diag.List) (*site.Site, *render.Templates) {
	return load(src, opts, nil, diags)
}

func load(src fs.FS, opts Options, c *Caches, diags *diag.List) (*site.Site, *render.Templates) {
	s, tmpl, _ := loadBodies(src, opts, c, diags)
	return s, tmpl
}

// loadBodies is load that also returns each page's converted body, nil for
// pages without a file.
func loadBodies(src fs.FS, opts Options, c *Caches, diags *diag.List) (*site.Site, *render.Templates, []*converted) {
	if c == nil {
		c = &Caches{}
	}
	cfgSrc, err := fs.ReadFile(src, config.File)
	if err != nil {
		diags.Errorf(config.File, 0, "config", "cannot read %s: is --source the folder that holds it? (%v)", config.File, unwrapPath(err))
		return nil, nil, nil
	}
	cfg := config.Parse(cfgSrc, diags)
	if cfg == nil {
		return nil, nil, nil
	}
	checkSynonyms(cfg, cfgSrc, diags)
	if opts.BaseURL != "" {
		u, err := url.Parse(opts.BaseURL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			diags.Errorf("", 0, "base-url", "--base-url %q is not an absolute URL such as https://example.org/kb/", opts.BaseURL)
			return nil, nil, nil
		}
		cfg.BaseURL = config.NormalizeBase(u)
	}

	files, resources := content.Load(src, cfg, c.content, diags)
	if !opts.Drafts {
		kept := files[:0]
		for _, f := range files {
			if !f.Draft {
				kept = append(kept, f)
			}
		}
		files = kept
	}
	s := c.graph.reuse(files, resources, diags)
	kept := s != nil
	if !kept {
		s = c.newSite(cfg, files, resources, sub(src, "static"), diags)
	}
	// A one-shot build lets go of each source once its body is converted:
	// nothing after that reads it, and no later build reuses it. In a kept
	// page graph every link resolves as it did.
	bodies := convertMarkdown(s, opts.EditorWarnings, c.markdown, c.content == nil && !opts.keepSources, kept, diags)
	tmpl := render.LoadTemplates(sub(src, render.LayoutDir), diags)
	tmpl.ResolveAssets(sub(src, "static"), builtinAssets, cfg.Deploy.Fixed, cfg.BaseURL.Path, diags)
	return s, tmpl, bodies
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// sub returns the folder dir of fsys, or nil when there is none.
func sub(fsys fs.FS, dir string) fs.FS {
	if fi, err := fs.Stat(fsys, dir); err != nil || !fi.IsDir() {
		return nil
	}
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil
	}
	return s
}

// markdownCache keeps converted bodies between builds. An entry is reused
// when the file is unchanged and every link in it resolves as before.
type markdownCache struct {
	mu      sync.Mutex
	entries map[string]*converted
	seed    maphash.Seed
}

type converted struct {
	hash     uint64 // of the file
	htmlHash uint64 // of html, for page signatures
	// The body as pages hold it, made once and shared by every build
	// that reuses it.
	html     template.HTML
	toc      []site.Heading
	summary  string
	problems []markdown.Problem
	links    []resolvedLink
	ids      []string // sorted: what a link's #fragment may name
}

type resolvedLink struct {
	dest, url, lang string
	ok              bool
	line            int // in the file
}

// get returns the converted body of the file at path if the file's hash
// is the same and every link in it resolves as before; linksResolved says
// that they do (the page graph was kept).
func (c *markdownCache) get(path string, hash uint64, resolve func(string) (string, string, bool), linksResolved bool) *converted {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	e := c.entries[path]
	c.mu.Unlock()
	if e == nil || e.hash != hash {
		return nil
	}
	if linksResolved {
		return e
	}
	for _, l := range e.links {
		if url, lang, ok := resolve(l.dest); url != l.url || lang != l.lang || ok != l.ok {
			return nil
		}
	}
	return e
}

// htmlHashes returns the hash of each page's converted body, 0 for a page
// without a file, taking the lock once.
func (c *markdownCache) htmlHashes(pages []*site.Page) []uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	hashes := make([]uint64, len(pages))
	for i, p := range pages {
		if p.File == nil {
			continue
		}
		if e := c.entries[p.File.Path]; e != nil {
			hashes[i] = e.htmlHash
		}
	}
	return hashes
}

func (c *markdownCache) put(path string, e *converted) {
	if c != nil {
		e.htmlHash = maphash.String(c.seed, string(e.html))
		c.mu.Lock()
		c.entries[path] = e
		c.mu.Unlock()
	}
}

// convertMarkdown renders every page body in parallel, taking from cache
// what it can (see markdownCache.get), then checks the anchors links name.
// It returns each page's body, nil for pages without a file.
func convertMarkdown(s *site.Site, editorWarnings bool, cache *markdownCache, dropSources, linksResolved bool, diags *diag.List) []*converted {
	conv := markdown.New(markdown.Options{Unsafe: s.Config.Markdown.Unsafe})
	pages := s.Pages
	bodies := make([]*converted, len(pages))
	names := &pageNames{site: s}
	pool.Each(len(pages), func(i int) {
		p := pages[i]
		if p.File == nil {
			return
		}
		resolve := func(dest string) (string, string, bool) { return s.ResolveLink(p, dest) }
		c := cache.get(p.File.Path, p.File.Hash, resolve, linksResolved)
		if c == nil {
			c = &converted{hash: p.File.Hash}
			res, problems := conv.Convert(p.File.Body, p.Lang.Code, func(dest string) (string, string, bool) {
				url, lang, ok := resolve(dest)
				c.links = append(c.links, resolvedLink{dest: dest, url: url, lang: lang, ok: ok})
				return url, lang, ok
			})
			// Markdown output is safe: goldmark escapes raw HTML unless
			// the site allows it.
			c.html, c.summary, c.problems = template.HTML(res.HTML), res.Summary, problems
			for _, h := range res.TOC {
				c.toc = append(c.toc, site.Heading(h))
			}
			c.ids = anchorIDs(res.HTML)
			for i, line := range linkLines(p.File.Body, p.File.BodyLine, c.links) {
				c.links[i].line = line
			}
			cache.put(p.File.Path, c)
		}
		bodies[i] = c
		// The converter reports broken links in the order it resolved
		// them, which is the order of the failed ones in c.links.
		var broken []resolvedLink
		for _, l := range c.links {
			if !l.ok {
				broken = append(broken, l)
			}
		}
		for _, pr := range c.problems {
			sev := diag.Error
			if pr.Warning {
				sev = diag.Warning
			}
			msg := pr.Message
			if pr.Code == "broken-link" && len(broken) > 0 {
				msg += names.didYouMean(p, broken[0].dest)
				broken = broken[1:]
			}
			diags.Add(diag.Diagnostic{Path: p.File.Path, Line: p.File.BodyLine + pr.Line - 1, Severity: sev, Code: pr.Code, Message: msg})
		}
		if editorWarnings {
			for _, l := range c.links {
				if l.ok && l.lang != "" {
					diags.Add(diag.Diagnostic{Path: p.File.Path, Line: l.line, Severity: diag.Warning, Code: "untranslated-link",
						Message: fmt.Sprintf("link to %s: that page has no %s version yet, so the link goes to another language", l.dest, p.Lang.Name)})
				}
			}
		}
		if dropSources {
			p.File.DropSource()
		}
		p.Content, p.TOC = c.html, c.toc
		if p.Summary == "" {
			p.Summary = c.summary
		}
	})
	checkAnchors(s, bodies, diags)
	return bodies
}

// Build builds the site read from src into opts.Out. On any error nothing
// in opts.Out changes, and the error is ErrFailed with the problems in
// diags, an *output.Refusal or *output.Busy when the output folder may not
// be written.
func Build(src fs.FS, opts Options, diags *diag.List) (Result, error) {
	return BuildContext(context.Background(), src, opts, diags)
}

// BuildContext is Build until ctx ends: then it stops rendering, removes
// what it wrote and returns ctx's error, leaving opts.Out as it was.
func BuildContext(ctx context.Context, src fs.FS, opts Options, diags *diag.List) (Result, error) {
	start := time.Now()
	guard := output.Options{Site: opts.Site, Force: opts.Force}
	if opts.Site != "" {
		for _, dir := range []string{content.Dir, render.LayoutDir, "static", ".git"} {
			guard.Sources = append(guard.Sources, filepath.Join(opts.Site, dir))
		}
	}
	if err := output.Check(opts.Out, guard); err != nil {
		return Result{}, err
	}
	s, tmpl := Load(src, opts, diags)
	if s == nil || diags.HasErrors() {
		return Result{}, ErrFailed
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	out, err := output.Begin(opts.Out, guard)
	if err != nil {
		return Result{}, err
	}
	if opts.Precompress {
		out.Precompress()
	}
	res := Result{Pages: map[string]int{}}
	for _, l := range s.Config.Languages {
		res.Languages = append(res.Languages, l.Code)
	}
	write(ctx, s, tmpl, src, out, nil, diags)
	if err := out.Flush(); err != nil {
		diags.Errorf(opts.Out, 0, "output", "%v", err)
	}
	if err := ctx.Err(); err != nil {
		out.Abort()
		return Result{}, err
	}
	if diags.HasErrors() {
		out.Abort()
		return Result{}, ErrFailed
	}
	for _, p := range s.Pages {
		if p.Kind != site.KindNotFound {
			res.Pages[p.Lang.Code]++
		}
	}
	res.Files = out.Files()
	if err := out.Commit(); err != nil {
		return Result{}, err
	}
	res.Duration = time.Since(start)
	return res, nil
}

// Output is where a build writes: a directory swapped in on success
// (output.Dir) or memory for the preview server (output.Memory).
type Output interface {
	Write(rel string, data []byte) error
	Copy(rel string, fsys fs.FS, src string) error
	Has(rel string) bool
	Paths() []string // every file written, sorted
}

// keeper is an Output that can keep bytes nobody changes any more instead
// of copying them (output.Memory): a page reused from the previous build.
type keeper interface {
	Keep(rel string, data []byte) error
}

// write renders every page and writes every file of the site. reuse, when
// not nil, may return page i's bytes from a previous build instead of
// rendering it again; the search index is then left to the caller (see
// Stats.WriteSearchIndex), which builds it when it is asked for.
func write(ctx context.Context, s *site.Site, tmpl *render.Templates, src fs.FS, out Output, reuse func(int) ([]byte, bool), diags *diag.List) {
	fail := func(path string, err error) {
		diags.Errorf(path, 0, "output", "%v", err)
	}
	var index *searchIndex
	if reuse == nil {
		index = newSearchIndex(s, tmpl)
	}
	keep, _ := out.(keeper)
	renderPages(ctx, s, tmpl, reuse, func(i int, p *site.Page, html []byte, reused bool) {
		var err error
		if reused && keep != nil {
			err = keep.Keep(p.OutputPath(), html)
		} else {
			err = out.Write(p.OutputPath(), html)
		}
		if err != nil {
			fail(p.OutputPath(), err)
		}
		index.add(i, p, html)
	}, diags)
	if ctx.Err() != nil {
		return
	}
	for _, u := range s.Config.UnknownStrings() {
		diags.Warnf(config.File, u.Lang.StringsLine, "unknown-string", "the layouts use UI strings that language %q lacks and no other language provides: %s; its pages show the keys themselves. Add them under [languages.%s.strings]",
			u.Lang.Code, diag.QuoteList(u.Keys), u.Lang.Code)
	}
	if reuse == nil {
		// Only a one-shot build passes no reuse: no page is rendered again,
		// and what is left to write needs summaries, not bodies. Letting
		// go of the bodies makes room for the search index.
		for _, p := range s.Pages {
			p.Content, p.TOC = "", nil
		}
		tmpl.ForgetEntries()
	}
	for _, a := range s.Aliases {
		if err := out.Write(a.OutputPath, render.AliasPage(a.Target)); err != nil {
			fail(a.Target.File.Path, err)
		}
	}
	for _, r := range s.Resources {
		if err := out.Copy(r.OutputPath, src, r.Source); err != nil {
			fail(r.Source, err)
		}
	}
	assets := writeAssets(tmpl, out, fail)
	if static := sub(src, "static"); static != nil {
		_ = fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				fail("static/"+p, err)
				return nil
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") || assets[p] {
				return nil
			}
			if err := out.Copy(p, static, p); err != nil {
				fail("static/"+p, err)
			}
			return nil
		})
	}
	generated := []struct {
		path string
		data func() []byte
	}{
		{"sitemap.xml", func() []byte { return render.Sitemap(s) }},
		{"robots.txt", func() []byte { return render.Robots(s) }},
	}
	for _, l := range s.Config.Languages {
		home := s.HomeOf(l.Code)
		generated = append(generated, struct {
			path string
			data func() []byte
		}{home.URL + "atom.xml", func() []byte { return render.Feed(s, l.Code) }})
	}
	for _, p := range s.Pages {
		if p.Kind == site.KindRegular && p.File != nil && p.File.Course != nil {
			generated = append(generated, struct {
				path string
				data func() []byte
			}{p.URL + render.CalendarFile, func() []byte { return render.Calendar(p) }})
		}
		if render.HasCatalogData(p) {
			generated = append(generated, struct {
				path string
				data func() []byte
			}{p.URL + render.CatalogFile, func() []byte { return render.CatalogData(p) }})
		}
	}
	for _, b := range builtinAssets {
		if b.Path == "css/chroma.css" || b.Path == "css/site.css" {
			// Written under their own names too when no layout asks for
			// them as assets: layouts from before the asset function.
			generated = append(generated, struct {
				path string
				data func() []byte
			}{b.Path, b.Data})
		}
	}
	// The generated files are made while the search index is written: a
	// calendar per course adds up on a large site, and the index's own
	// steps leave a core idle now and then. Neither reads what the other
	// writes: the index writes only under search.Dir.
	generatedDone := make(chan struct{})
	go func() {
		defer close(generatedDone)
		pool.Each(len(generated), func(i int) {
			g := generated[i]
			if out.Has(g.path) || assets[g.path] {
				return // the site's static/ provides its own
			}
			data := g.data()
			if data == nil {
				return // a course without dated sessions has no calendar, a list without courses no catalog
			}
			if err := out.Write(g.path, data); err != nil {
				fail(g.path, err)
			}
		})
	}()
	index.write(out, fail)
	<-generatedDone
	if s.Config.Deploy.Headers && !out.Has(HeadersFile) {
		if err := out.Write(HeadersFile, headers(s.Config, tmpl.Assets(), out.Paths())); err != nil {
			fail(HeadersFile, err)
		}
	}
}

// renderPage renders one page; a panic in a template function becomes an
// error about that page instead of ending the build.
func renderPage(tmpl *render.Templates, p *site.Page, buf *bytes.Buffer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	return tmpl.Page(p, buf)
}

// Check runs every stage of Build except writing: pages are rendered and
// thrown away, so that template errors are found too. It returns the site
// for the editor's reports, with every file's body and front matter kept,
// and the links of the page bodies to other sites, in page order; the site
// is nil when the input could not be loaded.
func Check(src fs.FS, opts Options, diags *diag.List) (*site.Site, []Link) {
	opts.keepSources = true
	s, tmpl, bodies := loadBodies(src, opts, nil, diags)
	if s == nil || tmpl == nil {
		return s, nil
	}
	renderPages(context.Background(), s, tmpl, nil, func(int, *site.Page, []byte, bool) {}, diags)
	var links []Link
	for i, c := range bodies {
		if f := s.Pages[i].File; c != nil {
			links = append(links, externalLinks(f.Path, []byte(c.html), f.Body, f.BodyLine)...)
		}
	}
	return s, links
}

// renderPages renders every page in parallel and hands each result to
// emit, with the page's index in s.Pages; html is only valid during the
// call unless reused is true. reuse, when not nil, may supply
// a page's bytes instead. A page that fails to render is a diagnostic.
func renderPages(ctx context.Context, s *site.Site, tmpl *render.Templates, reuse func(int) ([]byte, bool), emit func(i int, p *site.Page, html []byte, reused bool), diags *diag.List) {
	bufs := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	pool.Each(len(s.Pages), func(i int) {
		if ctx.Err() != nil {
			return // the build was stopped: the output is thrown away
		}
		p := s.Pages[i]
		if reuse != nil {
			if html, ok := reuse(i); ok {
				emit(i, p, html, true)
				return
			}
		}
		buf := bufs.Get().(*bytes.Buffer)
		defer bufs.Put(buf)
		buf.Reset()
		if err := renderPage(tmpl, p, buf); err != nil {
			diags.Add(render.PageError(p, err))
			return
		}
		emit(i, p, buf.Bytes(), false)
	})
}
