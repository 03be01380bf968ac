// Command qiaoindex builds Qiao's search index from the HTML of a site that
// is already built, the way Pagefind does, so that the benchmark can time
// the index on its own and compare like with like:
//
//	qiaoindex [-cpuprofile FILE] SITE-DIR OUT-DIR GLOB...
//
// GLOB patterns (path.Match, relative to SITE-DIR) choose the pages. A
// page's language is its <html lang>, its type the first folder of its
// path after the language prefix, its title the text of <title> up to
// " · ", its summary <meta name="description">.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"strings"
	"time"

	"qiao/generator/pool"
	"qiao/generator/search"
)

var (
	langRe    = regexp.MustCompile(`<html lang="([^"]+)"`)
	titleRe   = regexp.MustCompile(`<title>([^<]*)</title>`)
	summaryRe = regexp.MustCompile(`<meta name="description" content="([^"]*)"`)
)

func main() {
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to `file`")
	flag.Parse()
	if flag.NArg() < 3 {
		fmt.Fprintln(os.Stderr, "usage: qiaoindex [-cpuprofile FILE] SITE-DIR OUT-DIR GLOB...")
		os.Exit(2)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if err := run(flag.Arg(0), flag.Arg(1), flag.Args()[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "qiaoindex:", err)
		os.Exit(1)
	}
}

func run(site, out string, globs []string) error {
	start := time.Now()
	var pages []string
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, site+string(filepath.Separator)))
		for _, g := range globs {
			if ok, _ := path.Match(g, rel); ok {
				pages = append(pages, rel)
				break
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	langs := []string{}
	seen := map[string]bool{}
	b := search.NewBuilder(len(pages), nil, search.Options{})
	docs := make([]search.Document, len(pages))
	errs := make([]error, len(pages))
	pool.Each(len(pages), func(i int) {
		data, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(pages[i])))
		if err != nil {
			errs[i] = err
			return
		}
		d := search.Document{URL: strings.TrimSuffix(pages[i], "index.html")}
		if m := langRe.FindSubmatch(data); m != nil {
			d.Lang = string(m[1])
		}
		parts := strings.Split(d.URL, "/")
		if len(parts) > 2 && parts[0] == d.Lang {
			parts = parts[1:]
		}
		d.Type = parts[0]
		if m := titleRe.FindSubmatch(data); m != nil {
			d.Title, _, _ = strings.Cut(html.UnescapeString(string(m[1])), " · ")
		}
		if m := summaryRe.FindSubmatch(data); m != nil {
			d.Summary = html.UnescapeString(string(bytes.TrimSpace(m[1])))
		}
		d.Text = search.ExtractHTML(data)
		b.Add(i, d)
		docs[i] = search.Document{Lang: d.Lang}
	})
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("%s: %w", pages[i], err)
		}
		if l := docs[i].Lang; !seen[l] {
			seen[l] = true
			langs = append(langs, l)
		}
	}
	b.SetLanguages(langs)
	files := 0
	err = b.Write(func(p string, data []byte) error {
		full := filepath.Join(out, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		files++
		return os.WriteFile(full, data, 0o644)
	})
	if err != nil {
		return err
	}
	fmt.Printf("indexed %d pages into %d files in %.1f s\n", len(pages), files, time.Since(start).Seconds())
	return nil
}
