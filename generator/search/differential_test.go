package search_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"qiao/generator/build"
	"qiao/generator/corpus"
	"qiao/generator/diag"
	"qiao/generator/pool"
	"qiao/generator/search"
)

// TestDifferential holds the browser's engine to the semantics of doc.go:
// a generated site of 2,000 pages per language, built, its pages' text
// extracted and indexed by the index writer; thousands of generated
// queries (queries_test.go) answered by search.js in Node over the index
// files, and by the brute-force reader of the same text
// (reference_test.go). Every query must find the same pages, in the same
// tier (exact or partial) with the same coverage, and the same engine must
// give the same list for every query whichever order it runs them in.
//
// The index is written three ways, which must not change an answer: as
// the build writes it; without grams, every run found by the positions of
// its pairs; and with many short grams, most of them too frequent to keep
// positions, so that runs are found by grams and pairs side by side.
func TestDifferential(t *testing.T) {
	node := nodePath(t)
	start := time.Now()
	pages, n := 2000, 2400
	if raceEnabled {
		pages, n = 300, 600
	}
	docs := append(siteDocs(t, pages), search.SampleDocs()...)
	queries := append(append(fixedQueries, synonymQueries...), search.GenerateQueries(docs, n, 1)...)
	ref := search.NewReference(docs, diffSynonyms...)
	want := make([][]search.RefMatch, len(queries))
	pool.Each(len(queries), func(i int) { want[i] = ref.Find(queries[i].Q) })
	t.Logf("%d pages, %d queries: site built, read and answered by the reference in %v",
		len(docs), len(queries), time.Since(start).Round(time.Millisecond))
	for _, tc := range []struct {
		name string
		opts search.Options
	}{
		{"as built", search.Options{}},
		{"pairs only", search.Options{GramLength: 2}},
		{"short grams", search.Options{GramCount: 40, GramLength: 4, ShardBytes: 4 << 10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			dir := t.TempDir()
			urls := writeSiteIndex(t, dir, docs, tc.opts)
			results := runDifferential(t, node, dir, queries)
			checkAgainstReference(t, docs, urls, queries, want, results)
			t.Logf("index and engine in %v", time.Since(start).Round(time.Millisecond))
		})
	}
}

// fixedQueries are the examples and cases worth keeping whatever
// the generator makes.
var fixedQueries = []search.DiffQuery{
	{Q: "technology transfer"}, {Q: "licen"}, {Q: "the"}, {Q: "the "}, {Q: "of"}, {Q: "ITT-201"}, {Q: "know-how"},
	{Q: "技术转移"}, {Q: "技術轉移"}, {Q: "知識產權"}, {Q: "粤港澳大湾区"}, {Q: "技术经理人"}, {Q: "深圳技术转移"},
	{Q: "WTO 知识产权"}, {Q: "QT-00042 课程"}, {Q: "軟體"}, {Q: "資料庫"}, {Q: "的"}, {Q: "深圳孵化器"},
	{Q: "知识产权保护例"}, {Q: "技术转移", Lang: "en"}, {Q: "licence", Type: "courses"},
}

// diffSynonyms are the synonym groups of the differential test's site:
// words and runs of the generated text, a group of several words, a
// Traditional spelling, and terms that must be left out (the same as an
// earlier term; a group left with one term).
var diffSynonyms = [][]string{
	{"technology transfer", "技术转移", "tech transfer"},
	{"licence", "license", "许可"},
	{"technology manager", "技術經理人"},
	{"Greater Bay Area", "粤港澳大湾区", "大湾区"},
	{"know-how", "技术秘密", "secret"},
	{"WTO", "世贸组织", "世界贸易组织"},
	{"patent", "专利"},
	{"patents", "發明"},
	{"the", "樣機", "prototype"},
}

// synonymQueries meet diffSynonyms.
var synonymQueries = []search.DiffQuery{
	{Q: "licence"}, {Q: "license agreement"}, {Q: "许可 合同"}, {Q: "technology manager"}, {Q: "技術經理人"},
	{Q: "Greater Bay Area programmes"}, {Q: "大湾区 团队"}, {Q: "know-how"}, {Q: "技术秘密"}, {Q: "WTO"},
	{Q: "世貿組織"}, {Q: "tech transfer 深圳"}, {Q: "patents"}, {Q: "發明 专利"}, {Q: "technology transfer office"},
	{Q: "样机 prototype"}, {Q: "技术转移机构"}, {Q: "大湾区规划"}, {Q: "licen"}, {Q: "the technology manager"},
}

func nodePath(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is required under CI")
		}
		t.Skip("node is not installed")
	}
	return node
}

var (
	titleRe   = regexp.MustCompile(`<title>([^<]*)</title>`)
	summaryRe = regexp.MustCompile(`<meta name="description" content="([^"]*)"`)
	pageRe    = regexp.MustCompile(`^(?:zh/)?(courses|cases|policies|speakers)/[^/]+/index\.html$`)
)

// siteDocs builds the generated site of n pages per language and reads
// back its content pages as the index takes them: the text of the page
// (ExtractHTML), the title and the summary (its description).
func siteDocs(t *testing.T, n int) []search.Document {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	var d diag.List
	if _, err := build.Build(corpus.FS(corpus.Generate(n)), build.Options{Out: out}, &d); err != nil {
		t.Fatal(err, d.Errors())
	}
	var paths []string
	err := filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(out, p)
		if err == nil && !e.IsDir() && pageRe.MatchString(filepath.ToSlash(rel)) {
			paths = append(paths, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]search.Document, len(paths))
	pool.Each(len(paths), func(i int) {
		page, err := os.ReadFile(filepath.Join(out, paths[i]))
		if err != nil {
			panic(err)
		}
		d := search.Document{URL: strings.TrimSuffix(paths[i], "index.html"), Lang: "en", Type: pageRe.FindStringSubmatch(paths[i])[1]}
		if strings.HasPrefix(paths[i], "zh/") {
			d.Lang = "zh"
		}
		if m := titleRe.FindSubmatch(page); m != nil {
			d.Title, _, _ = strings.Cut(html.UnescapeString(string(m[1])), " · ")
		}
		if m := summaryRe.FindSubmatch(page); m != nil {
			d.Summary = html.UnescapeString(string(m[1]))
		}
		d.Text = search.ExtractHTML(page)
		docs[i] = d
	})
	if len(docs) < 2*n*9/10 {
		t.Fatalf("only %d content pages", len(docs))
	}
	return docs
}

// writeSiteIndex indexes docs into dir/search/ and returns the URL of
// each document number of the index.
func writeSiteIndex(t *testing.T, dir string, docs []search.Document, opts search.Options) []string {
	t.Helper()
	b := search.NewBuilder(len(docs), []string{"en", "zh"}, opts)
	b.SetSynonyms(diffSynonyms)
	pool.Each(len(docs), func(i int) { b.Add(i, docs[i]) })
	files := map[string][]byte{}
	err := b.Write(func(p string, data []byte) error {
		files[p] = data
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		return os.WriteFile(full, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return indexURLs(t, func(p string) []byte { return files[p] })
}

// indexURLs returns the URL of each document number of an index, from its
// manifest and excerpt bundles, as read returns them by their paths.
func indexURLs(t *testing.T, read func(path string) []byte) []string {
	t.Helper()
	var m struct {
		Dir    string `json:"dir"`
		Docs   int    `json:"docs"`
		Bundle int    `json:"bundle"`
	}
	if err := json.Unmarshal(read(search.Dir+"manifest.json"), &m); err != nil {
		t.Fatal(err)
	}
	var urls []string
	for n := 0; n*m.Bundle < m.Docs; n++ {
		zr, err := gzip.NewReader(bytes.NewReader(read(fmt.Sprintf("%s%se%d", search.Dir, m.Dir, n))))
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(zr)
		var entries [][3]string
		if err := json.Unmarshal(raw, &entries); err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			urls = append(urls, e[0])
		}
	}
	return urls
}

// engineResult is what differential.mjs reports of one query.
type engineResult struct {
	IDs      []int          `json:"ids"`
	Partial  bool           `json:"partial"`
	Coverage []float64      `json:"coverage"`
	Langs    map[string]int `json:"langs"`
	Types    map[string]int `json:"types"`
}

func runDifferential(t *testing.T, node, dir string, queries []search.DiffQuery) []engineResult {
	t.Helper()
	b, _ := json.Marshal(queries)
	in, out := filepath.Join(dir, "queries.json"), filepath.Join(dir, "results.json")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "differential.mjs", dir, in, out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node differential.mjs: %v\n%s", err, msg)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Results        []engineResult  `json:"results"`
		OrderDiffs     json.RawMessage `json:"orderDiffs"`
		OrderDiffCount int             `json:"orderDiffCount"`
		GaveUp         int             `json:"gaveUp"`
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatal(err)
	}
	if res.OrderDiffCount > 0 {
		t.Errorf("%d queries gave another answer in another order; the first:\n%.3000s", res.OrderDiffCount, res.OrderDiffs)
	}
	// Searches given up beside the others (Engine.within) must have
	// happened, or the order check says nothing about them.
	if res.GaveUp == 0 {
		t.Error("no search was given up: the check of searches given up part-way checked nothing")
	}
	t.Logf("%d searches given up part-way beside the others", res.GaveUp)
	if len(res.Results) != len(queries) {
		t.Fatalf("%d results for %d queries", len(res.Results), len(queries))
	}
	return res.Results
}

// checkAgainstReference compares the engine's answers with the
// reference's, query by query.
func checkAgainstReference(t *testing.T, docs []search.Document, urls []string, queries []search.DiffQuery, want [][]search.RefMatch, results []engineResult) {
	t.Helper()
	page := map[string]int{}
	for i, d := range docs {
		page[d.URL] = i
	}
	wrong, partial, exact, found := 0, 0, 0, 0
	for i, q := range queries {
		got := results[i]
		gotPages := map[int]float64{}
		for k, id := range got.IDs {
			c := 1.0
			if got.Partial {
				c = got.Coverage[k]
			}
			gotPages[page[urls[id]]] = c
		}
		wantPages := map[int]float64{}
		langs, types := map[string]int{}, map[string]int{}
		wantPartial := false
		for _, m := range want[i] {
			d := docs[m.Page]
			wantPartial = m.Partial
			langs[d.Lang]++
			if q.Lang != "" && d.Lang != q.Lang {
				continue
			}
			types[d.Type]++
			if q.Type == "" || d.Type == q.Type {
				wantPages[m.Page] = m.Coverage
			}
		}
		var problems []string
		if !maps.Equal(gotPages, wantPages) {
			var missing, extra []string
			for p, c := range wantPages {
				if gc, ok := gotPages[p]; !ok {
					missing = append(missing, docs[p].URL)
				} else if gc != c {
					problems = append(problems, fmt.Sprintf("%s coverage %v, want %v", docs[p].URL, gc, c))
				}
			}
			for p := range gotPages {
				if _, ok := wantPages[p]; !ok {
					extra = append(extra, docs[p].URL)
				}
			}
			slices.Sort(missing)
			slices.Sort(extra)
			if missing != nil {
				problems = append(problems, fmt.Sprintf("%d missing: %.200v", len(missing), missing))
			}
			if extra != nil {
				problems = append(problems, fmt.Sprintf("%d extra: %.200v", len(extra), extra))
			}
		}
		if len(want[i]) > 0 && got.Partial != wantPartial {
			problems = append(problems, fmt.Sprintf("partial %v, want %v", got.Partial, wantPartial))
		}
		if !maps.Equal(got.Langs, langs) || !maps.Equal(got.Types, types) {
			problems = append(problems, fmt.Sprintf("counts %v %v, want %v %v", got.Langs, got.Types, langs, types))
		}
		if got.Partial && !slices.IsSortedFunc(got.Coverage, func(a, b float64) int { return -cmpFloat(a, b) }) {
			problems = append(problems, "partial matches not ranked by coverage")
		}
		if problems != nil {
			wrong++
			if wrong <= 10 {
				t.Errorf("query %s: %s", q, strings.Join(problems, "; "))
			}
		}
		switch {
		case len(got.IDs) == 0:
		case got.Partial:
			partial++
		default:
			exact++
		}
		found += len(got.IDs)
	}
	if wrong > 0 {
		t.Errorf("%d of %d queries differ from the reference", wrong, len(queries))
	}
	// The test is only as good as its queries: enough of each outcome.
	t.Logf("%d queries: %d with exact matches, %d with partial ones, %d with none; %d pages found in all",
		len(queries), exact, partial, len(queries)-exact-partial, found)
	if exact < len(queries)/2 || partial < len(queries)/50 || len(queries)-exact-partial < len(queries)/50 {
		t.Errorf("the queries do not cover every outcome: %d exact, %d partial, %d none", exact, partial, len(queries)-exact-partial)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
