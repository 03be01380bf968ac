package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"qiao/generator/corpus"
)

// sizeResult is the outcome at one size: medians of every run.
type sizeResult struct {
	pages         int   // per language
	contentFiles  int   // Markdown files in the corpus
	markdownBytes int64 // their size
	loadBefore    string
	loadAfter     string
	qiao          measurement
	qiaoTheme     measurement // with --theme's layouts; zero without
	hugo          measurement
	hugoPagefind  measurement
	floor         measurement // goldmark alone
	floorChroma   measurement // goldmark and chroma
}

// benchSize writes the corpus of n pages per language as a Qiao site and
// as a Hugo site under work, measures every tool runs times, and removes
// what it wrote.
func benchSize(ctx context.Context, t tools, work string, n, runs int, theme string, log io.Writer) (sizeResult, error) {
	dir := filepath.Join(work, strconv.Itoa(n))
	defer os.RemoveAll(dir)
	site := corpus.Generate(n)
	hugoFiles, err := hugoSite(site)
	if err != nil {
		return sizeResult{}, err
	}
	qiaoSrc, hugoSrc := filepath.Join(dir, "qiao-site"), filepath.Join(dir, "hugo-site")
	if err := corpus.WriteDir(qiaoSrc, site); err != nil {
		return sizeResult{}, err
	}
	if err := corpus.WriteDir(hugoSrc, hugoFiles); err != nil {
		return sizeResult{}, err
	}
	themeSrc := ""
	if theme != "" {
		themed, err := themedSite(site, theme)
		if err != nil {
			return sizeResult{}, err
		}
		themeSrc = filepath.Join(dir, "qiao-theme-site")
		if err := corpus.WriteDir(themeSrc, themed); err != nil {
			return sizeResult{}, err
		}
	}
	res := sizeResult{pages: n, loadBefore: loadAverage()}
	for p, data := range site {
		if strings.HasSuffix(p, ".md") {
			res.contentFiles++
			res.markdownBytes += int64(len(data))
		}
	}

	var qiao, qiaoTheme, hugo, hugoPagefind, floor, floorChroma []measurement
	for i := range runs {
		q, err := buildQiao(ctx, t, qiaoSrc, filepath.Join(dir, "qiao-out"))
		if err != nil {
			return sizeResult{}, err
		}
		if themeSrc != "" {
			qt, err := buildQiao(ctx, t, themeSrc, filepath.Join(dir, "qiao-out"))
			if err != nil {
				return sizeResult{}, err
			}
			fmt.Fprintf(log, "%d pages, run %d/%d: qiao with the theme's layouts %s\n", n, i+1, runs, seconds(qt.Wall))
			qiaoTheme = append(qiaoTheme, qt)
		}
		h, hp, err := buildHugo(ctx, t, hugoSrc, filepath.Join(dir, "hugo-out"), filepath.Join(dir, "hugo-cache"))
		if err != nil {
			return sizeResult{}, err
		}
		f, err := measureFloor(ctx, t.self, filepath.Join(qiaoSrc, "content"), false)
		if err != nil {
			return sizeResult{}, err
		}
		fc, err := measureFloor(ctx, t.self, filepath.Join(qiaoSrc, "content"), true)
		if err != nil {
			return sizeResult{}, err
		}
		fmt.Fprintf(log, "%d pages, run %d/%d: qiao %s, hugo %s, pagefind %s, goldmark %s, goldmark+chroma %s\n",
			n, i+1, runs, seconds(q.Wall), seconds(h.Wall), seconds(hp.Wall-h.Wall), seconds(f.Wall), seconds(fc.Wall))
		qiao, hugo, hugoPagefind = append(qiao, q), append(hugo, h), append(hugoPagefind, hp)
		floor, floorChroma = append(floor, f), append(floorChroma, fc)
	}
	res.loadAfter = loadAverage()
	res.qiao, res.hugo, res.hugoPagefind = median(qiao), median(hugo), median(hugoPagefind)
	if len(qiaoTheme) > 0 {
		res.qiaoTheme = median(qiaoTheme)
	}
	res.floor, res.floorChroma = median(floor), median(floorChroma)
	return res, nil
}

// buildQiao runs qiao build into a fresh out and measures it.
func buildQiao(ctx context.Context, t tools, src, out string) (measurement, error) {
	if err := os.RemoveAll(out); err != nil {
		return measurement{}, err
	}
	defer os.RemoveAll(out)
	m, err := execute(ctx, "", t.qiao, "build", "--source", src, "--out", out)
	if err != nil {
		return measurement{}, err
	}
	m.Bytes, m.Files, err = outputSize(out)
	return m, err
}

// buildHugo runs hugo into a fresh out, then Pagefind over it, and returns
// Hugo's measurement and the two together.
func buildHugo(ctx context.Context, t tools, src, out, cache string) (hugo, withPagefind measurement, err error) {
	if err := os.RemoveAll(out); err != nil {
		return measurement{}, measurement{}, err
	}
	defer os.RemoveAll(out)
	hugo, err = execute(ctx, "", t.hugo, "--source", src, "--destination", out, "--cacheDir", cache)
	if err != nil {
		return measurement{}, measurement{}, err
	}
	if hugo.Bytes, hugo.Files, err = outputSize(out); err != nil {
		return measurement{}, measurement{}, err
	}
	pf, err := execute(ctx, "", t.pagefind, "--site", out)
	if err != nil {
		return measurement{}, measurement{}, err
	}
	if pf.Bytes, pf.Files, err = outputSize(out); err != nil {
		return measurement{}, measurement{}, err
	}
	return hugo, hugo.then(pf), nil
}

// themedSite is the corpus as the site in dir would show it: the corpus's
// content under dir's site.toml, layouts/ and static/.
func themedSite(site map[string][]byte, dir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for p, data := range site {
		if strings.HasPrefix(p, "content/") {
			out[p] = data
		}
	}
	config, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil {
		return nil, err
	}
	out["site.toml"] = config
	for _, sub := range []string{"layouts", "static"} {
		root := filepath.Join(dir, sub)
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(dir, path)
			out[filepath.ToSlash(rel)] = data
			return err
		})
		if err != nil && !(sub == "static" && errors.Is(err, fs.ErrNotExist)) {
			return nil, err
		}
	}
	return out, nil
}
