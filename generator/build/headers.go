package build

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"qiao/generator/config"
	"qiao/generator/render"
	"qiao/generator/search"
)

// searchIndexFolder matches the path of a file in the search index's
// folder, search/ix-<hash>/, which a changed index replaces by another.
var searchIndexFolder = regexp.MustCompile(`^` + regexp.QuoteMeta(search.Dir) + `ix-[0-9a-f]+/`)

// searchIndexDir returns the folder of the search index that holds the
// file at p, or false.
func searchIndexDir(p string) (string, bool) {
	dir := searchIndexFolder.FindString(p)
	return dir, dir != ""
}

// HeadersFile is the file of response headers that Netlify and Cloudflare
// Pages read from the root of the published folder.
const HeadersFile = "_headers"

// Cache policies of _headers and of the server configurations in deploy/.
const (
	// CacheImmutable is for files whose name holds a hash of their bytes:
	// a changed file has a new name, so a copy never goes stale.
	CacheImmutable = "public, max-age=31536000, immutable"
	// CachePage is for pages and other files that keep their names: a
	// cached page must never outlive the assets it names, which a deploy
	// removes, so it is checked with the server on every visit (a cheap
	// 304 when it did not change).
	CachePage = "public, max-age=0, must-revalidate"
)

// headers returns the _headers file for the files in paths (the output,
// slash separated). Every file gets the security headers; fingerprinted
// assets the immutable cache policy, by exact path, and so does the
// search index's folder, which is named by its content; pages the short
// one, by folder where no asset lives in the folder, else by exact path.
//
// Netlify lets a later matching rule replace a header, Cloudflare Pages
// joins the values of every matching rule: so no file matches two rules
// that set Cache-Control, and the file works on both. Files that match no
// cache rule (the feeds, the sitemap, the search index) get the host's
// default, which on both is to check on every visit.
func headers(cfg *config.Config, assets []*render.Asset, paths []string) []byte {
	base := cfg.BaseURL.Path
	var b strings.Builder
	b.WriteString("# Written by Qiao for Netlify and Cloudflare Pages; [deploy] headers = false in site.toml turns it off.\n")
	b.WriteString("# deploy/nginx and deploy/caddy in Qiao's repository set the same headers.\n")
	b.WriteString(base + "*\n")
	b.WriteString("  Content-Security-Policy: " + cfg.Deploy.CSP + "\n")
	b.WriteString("  X-Content-Type-Options: nosniff\n")
	b.WriteString("  Referrer-Policy: strict-origin-when-cross-origin\n")

	mixed := map[string]bool{} // top-level folders that hold an asset
	var immutable []string
	for _, a := range assets {
		if a.Fingerprinted() {
			immutable = append(immutable, a.Output)
			if dir, _, ok := strings.Cut(a.Output, "/"); ok {
				mixed[dir] = true
			}
		}
	}
	for _, p := range paths {
		if dir, ok := searchIndexDir(p); ok && !slices.Contains(immutable, dir+"*") {
			immutable = append(immutable, dir+"*")
			mixed[strings.TrimSuffix(search.Dir, "/")] = true
		}
	}
	sort.Strings(immutable)
	for _, p := range immutable {
		b.WriteString("\n" + base + p + "\n  Cache-Control: " + CacheImmutable + "\n")
	}

	var folders, pages []string
	seen := map[string]bool{}
	for _, p := range paths {
		dir, _, nested := strings.Cut(p, "/")
		switch {
		case nested && !mixed[dir]:
			if !seen[dir] {
				seen[dir] = true
				folders = append(folders, base+dir+"/*")
			}
		case strings.HasSuffix(p, ".html") && p != HeadersFile:
			pages = append(pages, base+strings.TrimSuffix(p, "index.html"))
		}
	}
	for _, rule := range append(folders, pages...) {
		b.WriteString("\n" + rule + "\n  Cache-Control: " + CachePage + "\n")
	}
	return []byte(b.String())
}
