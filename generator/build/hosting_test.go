package build_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"qiao/generator/build"
	"qiao/generator/diag"
	"qiao/generator/output"
	"qiao/generator/sitetest"
)

// buildShipped builds the shipped site (in memory from the repository's
// files, changed by edit) into a fresh folder.
func buildShipped(t *testing.T, opts build.Options, edit func(fstest.MapFS)) *result {
	t.Helper()
	src := sitetest.Shipped(t)
	if edit != nil {
		edit(src)
	}
	if opts.Out == "" {
		opts.Out = filepath.Join(t.TempDir(), "public")
	}
	var d diag.List
	res, err := build.Build(src, opts, &d)
	r := &result{t: t, out: opts.Out, err: err, diags: d.Sorted(), res: res}
	return r.ok()
}

// files returns every file of the output but the marker, by slash path.
func (r *result) files() map[string][]byte {
	r.t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(r.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(r.out, p)
		rel = filepath.ToSlash(rel)
		if rel == output.Marker {
			return nil
		}
		data, err := os.ReadFile(p)
		out[rel] = data
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return out
}

// fingerprinted matches an output name that holds a hash: name.<10 hex>.ext.
var fingerprinted = regexp.MustCompile(`^(.*)\.([0-9a-f]{10})(\.[a-z0-9]+)$`)

// reference is a URL a page asks the browser to load or follow.
type reference struct{ tag, attr, url string }

// references lists the URLs of a page's tags that name files: src, href,
// and the search box's data-script and data-css-url.
func references(t *testing.T, page []byte) []reference {
	t.Helper()
	var refs []reference
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatal(z.Err())
			}
			return refs
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			for _, a := range tok.Attr {
				switch a.Key {
				case "src", "href", "data-script", "data-css-url":
					refs = append(refs, reference{tok.Data, a.Key, a.Val})
				}
			}
		}
	}
}

// assetExtensions are the kinds of file layouts load as assets.
var assetExtensions = map[string]bool{".css": true, ".js": true, ".svg": true, ".png": true, ".jpg": true, ".webp": true, ".ico": true}

// Every page of the shipped site, at the root and under a sub-path, names
// its stylesheets, scripts and images by fingerprinted URLs that exist in
// the output, and each name's hash is that of the file's bytes. Only
// favicon.ico keeps its name.
func TestAssetURLsAreFingerprintedAndResolve(t *testing.T) {
	for _, base := range []string{"", "https://example.org/kb/"} {
		r := buildShipped(t, build.Options{BaseURL: base}, nil)
		prefix := "/"
		if base != "" {
			prefix = "/kb/"
		}
		files := r.files()
		pages, assets := 0, map[string]bool{}
		for rel, data := range files {
			if path.Ext(rel) != ".html" {
				continue
			}
			pages++
			for _, ref := range references(t, data) {
				u := ref.url
				if !strings.HasPrefix(u, prefix) || strings.HasPrefix(u, "//") || !assetExtensions[path.Ext(u)] {
					continue
				}
				name := strings.TrimPrefix(u, prefix)
				target, ok := files[name]
				if !ok {
					t.Errorf("%s: <%s %s=%q>: no such file in the output", rel, ref.tag, ref.attr, u)
					continue
				}
				assets[name] = true
				if name == "favicon.ico" {
					continue
				}
				m := fingerprinted.FindStringSubmatch(name)
				if m == nil {
					t.Errorf("%s: <%s %s=%q> is not fingerprinted", rel, ref.tag, ref.attr, u)
					continue
				}
				sum := sha256.Sum256(target)
				if m[2] != hex.EncodeToString(sum[:])[:10] {
					t.Errorf("%s: the hash in %s is not that of its bytes", rel, name)
				}
			}
		}
		// What the shipped layouts ask for: both stylesheets, the search
		// box loader, site.js, the catalog's catalog.js, the search script
		// and stylesheet, the portrait and the favicon.
		if pages < 100 || len(assets) != 9 {
			t.Errorf("base %q: %d pages, %d assets %v; want over 100 pages and 9 assets", base, pages, len(assets), assets)
		}
		for _, plain := range []string{"css/site.css", "css/chroma.css", "js/site.js", "js/catalog.js", "search/search.js", "img/portrait.svg"} {
			if _, ok := files[plain]; ok {
				t.Errorf("%s is written under its own name as well", plain)
			}
		}
	}
}

// A fingerprint changes when its file changes, and only then; and two
// builds of the same input are byte for byte the same.
func TestFingerprintChangesWithTheFileOnly(t *testing.T) {
	names := func(r *result) map[string]string {
		out := map[string]string{}
		for rel := range r.files() {
			if m := fingerprinted.FindStringSubmatch(rel); m != nil {
				out[m[1]+m[3]] = rel
			}
		}
		return out
	}
	first := buildShipped(t, build.Options{}, nil)
	again := buildShipped(t, build.Options{}, nil)
	a, b := first.files(), again.files()
	if len(a) != len(b) {
		t.Fatalf("two builds wrote %d and %d files", len(a), len(b))
	}
	for rel, data := range a {
		if !bytes.Equal(data, b[rel]) {
			t.Errorf("%s differs between two builds of the same input", rel)
		}
	}
	changed := buildShipped(t, build.Options{}, func(m fstest.MapFS) {
		js := m["static/js/site.js"]
		m["static/js/site.js"] = &fstest.MapFile{Data: append(bytes.Clone(js.Data), "\n// changed\n"...)}
	})
	before, after := names(first), names(changed)
	if len(before) != 8 || len(after) != 8 {
		t.Fatalf("fingerprinted files: %v, then %v; want 8", before, after)
	}
	for source, name := range before {
		if source == "js/site.js" {
			if after[source] == name {
				t.Errorf("js/site.js changed but kept the name %s", name)
			}
			continue
		}
		if after[source] != name {
			t.Errorf("%s did not change but its name went from %s to %s", source, name, after[source])
		}
	}
	// Every page names the new file.
	changed.has("courses/itt-101/index.html", `src="/`+after["js/site.js"]+`"`)
}

// No page holds executable script of its own: every script is a file
// (src) or a data block (JSON, JSON-LD), and no attribute runs code, so
// that a policy of script-src 'self' lets every page work.
func TestNoInlineExecutableScript(t *testing.T) {
	r := buildShipped(t, build.Options{}, nil)
	pages, scripts := 0, 0
	for rel, data := range r.files() {
		if path.Ext(rel) != ".html" {
			continue
		}
		pages++
		z := html.NewTokenizer(bytes.NewReader(data))
		inScript, hasSrc := false, false
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			tok := z.Token()
			switch tt {
			case html.StartTagToken, html.SelfClosingTagToken:
				for _, a := range tok.Attr {
					if strings.HasPrefix(a.Key, "on") {
						t.Errorf("%s: <%s %s=…>: an event handler attribute is inline script", rel, tok.Data, a.Key)
					}
					if strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
						t.Errorf("%s: <%s %s=%q>: a javascript: URL is inline script", rel, tok.Data, a.Key, a.Val)
					}
				}
				if tok.Data != "script" {
					continue
				}
				scripts++
				typ, src := "", ""
				for _, a := range tok.Attr {
					switch a.Key {
					case "type":
						typ = a.Val
					case "src":
						src = a.Val
					}
				}
				switch {
				case typ == "application/json" || typ == "application/ld+json":
				case src != "" && (typ == "" || typ == "module" || typ == "text/javascript"):
				default:
					t.Errorf("%s: <script type=%q> without src is inline script", rel, typ)
				}
				inScript, hasSrc = true, src != ""
			case html.TextToken:
				if inScript && hasSrc && strings.TrimSpace(string(z.Text())) != "" {
					t.Errorf("%s: a <script src> with a body", rel)
				}
			case html.EndTagToken:
				inScript = false
			}
		}
	}
	if pages < 100 || scripts < 3*pages {
		t.Errorf("%d pages, %d scripts: the check saw too little", pages, scripts)
	}
}

// headerRule is one rule of a _headers file.
type headerRule struct {
	pattern string
	headers map[string]string
}

func parseHeaders(t *testing.T, data string) []headerRule {
	t.Helper()
	var rules []headerRule
	for i, line := range strings.Split(data, "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "  "):
			if len(rules) == 0 {
				t.Fatalf("line %d: a header before any path", i+1)
			}
			k, v, ok := strings.Cut(strings.TrimSpace(line), ": ")
			if !ok {
				t.Fatalf("line %d: %q is not Name: value", i+1, line)
			}
			rules[len(rules)-1].headers[k] = v
		case strings.HasPrefix(line, "/"):
			rules = append(rules, headerRule{pattern: line, headers: map[string]string{}})
		default:
			t.Fatalf("line %d: %q", i+1, line)
		}
	}
	return rules
}

// matches reports whether a _headers path pattern matches a URL path, as
// Netlify and Cloudflare Pages do: exactly, or up to a final splat.
func (h headerRule) matches(url string) bool {
	if prefix, ok := strings.CutSuffix(h.pattern, "*"); ok {
		return strings.HasPrefix(url, prefix)
	}
	return url == h.pattern
}

// The _headers file sends the security headers with every file, the
// immutable cache policy with every fingerprinted file and the short one
// with every page, and no file matches two Cache-Control rules (which
// Cloudflare Pages would join into one contradictory header).
func TestHeadersFile(t *testing.T) {
	for _, base := range []string{"", "https://example.org/kb/"} {
		r := buildShipped(t, build.Options{BaseURL: base}, nil)
		prefix := "/"
		if base != "" {
			prefix = "/kb/"
		}
		rules := parseHeaders(t, r.read("_headers"))
		if len(rules) > 100 {
			t.Errorf("%d rules: Cloudflare Pages reads 100", len(rules))
		}
		for rel := range r.files() {
			url := prefix + rel
			if strings.HasSuffix(rel, "index.html") {
				url = prefix + strings.TrimSuffix(rel, "index.html")
			}
			got := map[string]string{}
			cacheRules := 0
			for _, h := range rules {
				if !h.matches(url) {
					continue
				}
				for k, v := range h.headers {
					got[k] = v
				}
				if _, ok := h.headers["Cache-Control"]; ok {
					cacheRules++
				}
			}
			if got["Content-Security-Policy"] == "" || !strings.Contains(got["Content-Security-Policy"], "script-src 'self'") ||
				got["X-Content-Type-Options"] != "nosniff" || got["Referrer-Policy"] != "strict-origin-when-cross-origin" {
				t.Errorf("%s: security headers %v", url, got)
			}
			if cacheRules > 1 {
				t.Errorf("%s matches %d Cache-Control rules", url, cacheRules)
			}
			switch {
			case fingerprinted.MatchString(rel) || strings.HasPrefix(rel, "search/ix-"):
				if got["Cache-Control"] != build.CacheImmutable {
					t.Errorf("%s: fingerprinted or in the search index, Cache-Control %q", url, got["Cache-Control"])
				}
			case path.Ext(rel) == ".html":
				if got["Cache-Control"] != build.CachePage {
					t.Errorf("%s: a page, Cache-Control %q", url, got["Cache-Control"])
				}
			default:
				if got["Cache-Control"] == build.CacheImmutable {
					t.Errorf("%s keeps its name but is cached as immutable", url)
				}
			}
		}
	}
	// site.toml can change the policy or turn the file off.
	r := buildShipped(t, build.Options{}, func(m fstest.MapFS) {
		m["site.toml"] = &fstest.MapFile{Data: append(bytes.Clone(m["site.toml"].Data),
			"\n[deploy]\ncontentSecurityPolicy = \"default-src 'self' https://cdn.example.org\"\n"...)}
	})
	r.has("_headers", "  Content-Security-Policy: default-src 'self' https://cdn.example.org\n")
	r = buildShipped(t, build.Options{}, func(m fstest.MapFS) {
		m["site.toml"] = &fstest.MapFile{Data: append(bytes.Clone(m["site.toml"].Data), "\n[deploy]\nheaders = false\n"...)}
	})
	if r.exists("_headers") {
		t.Error("headers = false still wrote _headers")
	}
}

// build --precompress writes a .gz copy beside every text file of 1 KiB
// or more, which decompresses to the file; the same bytes in two builds;
// listed in the output's marker, so that the next build without
// --precompress removes them.
func TestPrecompressedFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	r := buildShipped(t, build.Options{Out: out, Precompress: true}, nil)
	files := r.files()
	marker := r.read(output.Marker)
	compressed := 0
	for rel, data := range files {
		if strings.HasSuffix(rel, ".gz") {
			continue
		}
		gz, ok := files[rel+".gz"]
		if want := output.Precompressible(rel, len(data)); ok != want {
			t.Errorf("%s (%d bytes): .gz written %v, want %v", rel, len(data), ok, want)
			continue
		}
		if !ok {
			continue
		}
		compressed++
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatalf("%s.gz: %v", rel, err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(plain, data) {
			t.Errorf("%s.gz does not decompress to %s (%v)", rel, rel, err)
		}
		if len(gz) >= len(data) {
			t.Errorf("%s.gz (%d bytes) is not smaller than %s (%d)", rel, len(gz), rel, len(data))
		}
		if !strings.Contains(marker, "\n"+rel+".gz\n") {
			t.Errorf("the marker does not list %s.gz", rel)
		}
	}
	if compressed < 100 {
		t.Errorf("only %d files precompressed", compressed)
	}
	again := buildShipped(t, build.Options{Precompress: true}, nil).files()
	for rel, data := range files {
		if strings.HasSuffix(rel, ".gz") && !bytes.Equal(data, again[rel]) {
			t.Errorf("%s differs between two builds", rel)
		}
	}
	// The same folder built without --precompress has no .gz left.
	plain := buildShipped(t, build.Options{Out: out}, nil)
	for rel := range plain.files() {
		if strings.HasSuffix(rel, ".gz") {
			t.Errorf("%s outlived a build without --precompress", rel)
		}
	}
}

// A layout that asks for a file that is not there, or names it other than
// by a quoted path, is an error at its line.
func TestAssetErrors(t *testing.T) {
	site := baseSite + `
-- layouts/partials/head-end.html --
<link rel="stylesheet" href="{{asset "css/extra.css"}}">
<link rel="stylesheet" href="{{asset "css/missing.css"}}">
{{$p := "css/extra.css"}}<script src="{{asset $p}}"></script>
`
	buildSite(t, site, build.Options{}).failsWith(
		`layouts/partials/head-end.html:2: asset "css/missing.css": there is no static/css/missing.css`,
		`layouts/partials/head-end.html:3: asset takes one quoted path`)

	ok := buildSite(t, baseSite+`
-- layouts/partials/head-end.html --
<link rel="stylesheet" href="{{asset "css/extra.css"}}">
`, build.Options{}).ok()
	ok.has("about/index.html", `<link rel="stylesheet" href="/css/extra.`)
	if ok.exists("css/extra.css") {
		t.Error("css/extra.css is written under its own name too")
	}
	// Without a favicon in static/, the built-in head says there is none.
	ok.has("about/index.html", `<link rel="icon" href="data:,">`)
}

// The output's marker lists the fingerprinted files and _headers, so the
// next build into the folder removes a renamed asset's old file instead
// of keeping it as a file no build wrote.
func TestRenamedAssetLeavesNoOldFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := buildShipped(t, build.Options{Out: out}, nil)
	marker := first.read(output.Marker)
	var old string
	for rel := range first.files() {
		if strings.HasPrefix(rel, "js/site.") {
			old = rel
		}
		if !strings.Contains(marker, "\n"+rel+"\n") {
			t.Errorf("the marker does not list %s", rel)
		}
	}
	second := buildShipped(t, build.Options{Out: out}, func(m fstest.MapFS) {
		m["static/js/site.js"] = &fstest.MapFile{Data: []byte("// a new site.js\n")}
	})
	if old == "" || second.exists(old) {
		t.Errorf("the old site.js (%q) outlived the build that renamed it", old)
	}
}
