package main

import (
	"strings"
	"testing"
	"time"

	"qiao/generator/corpus"
)

func TestHugoSite(t *testing.T) {
	qiao := corpus.Generate(20)
	hugo, err := hugoSite(qiao)
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range qiao {
		if strings.HasPrefix(p, "content/") && string(hugo[p]) != string(data) {
			t.Errorf("%s: not copied unchanged", p)
		}
	}
	for _, want := range []struct{ path, text string }{
		{"hugo.toml", `defaultContentLanguage = "en"`},
		{"hugo.toml", "[languages.zh]\nlanguageName = \"中文\""},
		{"hugo.toml", "topic = \"topics\""},
		{"content/topics/_index.zh.md", `title = "专题"`},
		{"content/topics/policy/_index.md", "title = "},
		{"layouts/_default/baseof.html", `<html lang="{{ .Site.Language.Lang }}">`},
		{"layouts/_default/_markup/render-link.html", ".Page.GetPage"},
	} {
		if !strings.Contains(string(hugo[want.path]), want.text) {
			t.Errorf("%s does not contain %q:\n%s", want.path, want.text, hugo[want.path])
		}
	}
	if _, ok := hugo["site.toml"]; ok {
		t.Error("site.toml copied into the Hugo site")
	}
}

func TestStripFrontMatter(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"+++\ntitle = \"a\"\n+++\n\nBody\n", "\nBody\n"},
		{"No front matter\n", "No front matter\n"},
		{"+++\nunclosed\n", "+++\nunclosed\n"},
	} {
		if got := string(stripFrontMatter([]byte(tc.in))); got != tc.want {
			t.Errorf("stripFrontMatter(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMedian(t *testing.T) {
	got := median([]measurement{
		{Wall: 3 * time.Second, PeakKB: 10, Files: 1},
		{Wall: 1 * time.Second, PeakKB: 30, Files: 1},
		{Wall: 2 * time.Second, PeakKB: 20, Files: 1},
	})
	want := measurement{Wall: 2 * time.Second, PeakKB: 20, Files: 1}
	if got != want {
		t.Errorf("median = %+v, want %+v", got, want)
	}
}

func TestReportMarkdown(t *testing.T) {
	at := func(pages int, qiao, hugo time.Duration) sizeResult {
		m := func(d time.Duration) measurement {
			return measurement{Wall: d, CPU: d, PeakKB: 2048, Bytes: 1234567, Files: 12}
		}
		return sizeResult{pages: pages, contentFiles: 2 * pages, markdownBytes: 5000, loadBefore: "1.00 0.50 0.25", loadAfter: "1.00 0.50 0.25",
			qiao: m(qiao), hugo: m(hugo), hugoPagefind: m(3 * hugo), floor: m(qiao / 5), floorChroma: m(qiao / 2)}
	}
	r := report{command: "go run ./generator/bench --pages 1000,10000", environment: []string{"go"}, runs: 3,
		sizes: []sizeResult{at(1000, time.Second, 4*time.Second), at(10000, 10500*time.Millisecond, 40*time.Second)}}
	var b strings.Builder
	r.writeMarkdown(&b)
	reportHas(t, b.String(),
		"### 1,000 pages per language",
		"|  | Qiao (pages+search) | Hugo | Hugo+Pagefind | goldmark floor | goldmark+chroma floor |\n| --- | ---: | ---: | ---: | ---: | ---: |\n",
		"| wall time | 1.00 s | 4.00 s | 12.00 s | 0.20 s | 0.50 s |",
		"| peak memory (RSS) | 2 MiB | 2 MiB | 2 MiB | 2 MiB |",
		"| output size (bytes) | 1,234,567 |",
		"| ratio | measured | contract |",
		"| Qiao / goldmark+chroma floor, wall time | 2.00× | ≤ 4× |",
		"| Qiao / Hugo, peak memory | 1.00× | ≤ 0.25× |",
		"| Qiao / Hugo, wall time | 0.25× |  |",
		"| Qiao / goldmark floor, wall time | 5.00× |  |",
		"| goldmark+chroma floor / goldmark floor, wall time | 2.50× |  |",
		"| 1,000 → 10,000 pages | 10× | 10.50× | ≤ 11.0× | 10.50× | 10.00× | 10.00× |",
	)
}

// reportHas fails the test unless the report holds every want.
func reportHas(t *testing.T, report string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}

// TestReportTheme: with --theme, the table has a column for the themed
// build and the ratios compare it with the built-in layouts.
func TestReportTheme(t *testing.T) {
	m := func(d time.Duration, kb int64) measurement { return measurement{Wall: d, CPU: 2 * d, PeakKB: kb} }
	s := sizeResult{pages: 10, qiao: m(10*time.Second, 1000), qiaoTheme: m(11500*time.Millisecond, 1100),
		hugo: m(20*time.Second, 4000), hugoPagefind: m(30*time.Second, 8000), floor: m(time.Second, 10), floorChroma: m(2*time.Second, 20)}
	var b strings.Builder
	report{runs: 1, sizes: []sizeResult{s}}.writeMarkdown(&b)
	reportHas(t, b.String(),
		"|  | Qiao (pages+search) | Qiao, theme's layouts | Hugo | Hugo+Pagefind | goldmark floor | goldmark+chroma floor |",
		"| wall time | 10.00 s | 11.50 s | 20.00 s | 30.00 s | 1.00 s | 2.00 s |",
		"| Qiao, theme's layouts / built-in layouts, wall time | 1.15× | ≤ 1.2× |",
		"| Qiao, theme's layouts / built-in layouts, peak memory | 1.10× |  |",
		"| Qiao / goldmark+chroma floor, wall time | 5.00× | ≤ 4× |",
	)
	s.qiaoTheme = measurement{}
	b.Reset()
	report{runs: 1, sizes: []sizeResult{s}}.writeMarkdown(&b)
	if strings.Contains(b.String(), "theme") {
		t.Errorf("a report without --theme mentions it:\n%s", b.String())
	}
}

// TestThemedSite: the themed corpus is the corpus's content under the
// theme's site.toml, layouts and static files, and nothing of the theme's
// own content.
func TestThemedSite(t *testing.T) {
	dir := t.TempDir()
	for p, data := range map[string]string{
		"site.toml":                  "title = \"Theme\"\n",
		"layouts/_default/list.html": "{{define \"main\"}}{{end}}",
		"static/css/site.css":        "body{}",
		"content/_index.md":          "+++\ntitle = \"Theme home\"\n+++\n",
	} {
		if err := corpus.WriteDir(dir, map[string][]byte{p: []byte(data)}); err != nil {
			t.Fatal(err)
		}
	}
	site := corpus.Generate(5)
	got, err := themedSite(site, dir)
	if err != nil {
		t.Fatal(err)
	}
	if string(got["site.toml"]) != "title = \"Theme\"\n" || string(got["static/css/site.css"]) != "body{}" || got["layouts/_default/list.html"] == nil {
		t.Errorf("theme files not taken: site.toml %q, static %q", got["site.toml"], got["static/css/site.css"])
	}
	for p, data := range site {
		if strings.HasPrefix(p, "content/") && string(got[p]) != string(data) {
			t.Errorf("%s: not the corpus's", p)
		}
	}
	if string(got["content/_index.md"]) != string(site["content/_index.md"]) {
		t.Error("the theme's own content replaced the corpus's")
	}
}

// TestFloorMarkdown holds the two floors to what they claim: goldmark
// alone leaves fenced code plain; the highlighting floor writes chroma's
// classes, and both render the extensions Qiao uses.
func TestFloorMarkdown(t *testing.T) {
	src := []byte("| a |\n| - |\n| b |\n\n```go\nfunc f() {}\n```\n")
	for _, tc := range []struct {
		highlight bool
		want      []string
		not       string
	}{
		{false, []string{"<table>", `<pre><code class="language-go">func f() {}`}, `class="chroma"`},
		{true, []string{"<table>", `<pre class="chroma">`, `<span class="kd">func</span>`}, `class="language-go"`},
	} {
		var b strings.Builder
		if err := floorMarkdown(tc.highlight).Convert(src, &b); err != nil {
			t.Fatal(err)
		}
		for _, want := range tc.want {
			if !strings.Contains(b.String(), want) {
				t.Errorf("highlight=%t: output lacks %q:\n%s", tc.highlight, want, b.String())
			}
		}
		if strings.Contains(b.String(), tc.not) {
			t.Errorf("highlight=%t: output has %q:\n%s", tc.highlight, tc.not, b.String())
		}
	}
}
