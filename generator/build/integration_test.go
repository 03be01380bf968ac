package build_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"qiao/generator/build"
	"qiao/generator/diag"
)

// siteFS turns a txtar archive (-- path -- followed by the file) into a site.
func siteFS(t testing.TB, archive string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range txtar.Parse([]byte(archive)).Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// result is one build of an inline site.
type result struct {
	t     testing.TB
	out   string
	err   error
	diags []diag.Diagnostic
	res   build.Result
}

// buildSite builds an inline site into a fresh directory.
func buildSite(t testing.TB, archive string, opts build.Options) *result {
	t.Helper()
	if opts.Out == "" {
		opts.Out = filepath.Join(t.TempDir(), "public")
	}
	var d diag.List
	res, err := build.Build(siteFS(t, archive), opts, &d)
	return &result{t: t, out: opts.Out, err: err, diags: d.Sorted(), res: res}
}

// ok fails the test unless the build succeeded without errors.
func (r *result) ok() *result {
	r.t.Helper()
	if r.err != nil {
		r.t.Fatalf("build failed: %v\n%s", r.err, r.messages())
	}
	return r
}

func (r *result) messages() string {
	var b strings.Builder
	for _, d := range r.diags {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

// failsWith fails the test unless the build failed and reported each of the
// given diagnostics (formatted as path:line: message, substrings allowed).
func (r *result) failsWith(want ...string) {
	r.t.Helper()
	if r.err == nil {
		r.t.Fatalf("build succeeded; want errors %q", want)
	}
	got := r.messages()
	for _, w := range want {
		if !strings.Contains(got, w) {
			r.t.Errorf("missing diagnostic %q in:\n%s", w, got)
		}
	}
}

func (r *result) read(path string) string {
	r.t.Helper()
	b, err := os.ReadFile(filepath.Join(r.out, filepath.FromSlash(path)))
	if err != nil {
		r.t.Fatalf("read output: %v", err)
	}
	return string(b)
}

// has asserts that the output file contains every substring.
func (r *result) has(path string, want ...string) {
	r.t.Helper()
	got := r.read(path)
	for _, w := range want {
		if !strings.Contains(got, w) {
			r.t.Errorf("%s: missing %q in:\n%s", path, w, got)
		}
	}
}

// lacks asserts that the output file contains none of the substrings.
func (r *result) lacks(path string, unwanted ...string) {
	r.t.Helper()
	got := r.read(path)
	for _, w := range unwanted {
		if strings.Contains(got, w) {
			r.t.Errorf("%s: unexpected %q in:\n%s", path, w, got)
		}
	}
}

func (r *result) exists(path string) bool {
	_, err := os.Stat(filepath.Join(r.out, filepath.FromSlash(path)))
	return err == nil
}

// baseSite is a small bilingual site the tests extend.
const baseSite = `
-- site.toml --
title = "Test Centre"
baseURL = "https://example.org/"
defaultLanguage = "en"
[languages.en]
name = "English"
prefix = ""
title = "Knowledge Base"
dateFormat = "2 January 2006"
[languages.en.strings]
type_courses = "Courses"
published = "Published"
[languages.zh]
name = "中文"
prefix = "zh"
title = "知识库"
dateFormat = "2006年1月2日"
[languages.zh.strings]
type_courses = "课程"
published = "发布于"
[topics.policy]
en = "Policy"
zh = "政策"
[topics.ip]
en = "Intellectual property"
zh = "知识产权"
-- content/_index.md --
+++
title = "Welcome"
+++
The knowledge base of the centre.
-- content/_index.zh.md --
+++
title = "欢迎"
+++
中心的知识库。
-- content/about.md --
+++
title = "About the centre"
+++
About.
-- content/courses/_index.md --
+++
title = "Course catalog"
+++
All courses.
-- content/courses/itt-101.md --
+++
title = "Technology transfer policy"
summary = "Foundation course."
date = 2025-08-28
weight = 1
code = "ITT-101"
level = "foundation"
format = "hybrid"
hours = 12
language = "zh"
certificates = ["Technology Manager"]
speakers = ["han-jun"]
topics = ["policy"]
aliases = ["/catalog/itt-101/"]
[[modules]]
title = "Law"
hours = 6
speakers = ["han-jun"]
[[modules]]
title = "Practice"
hours = 6
[[sessions]]
start = 2025-09-27T09:00:00+08:00
end = 2025-09-28T17:00:00+08:00
location = "Qianhai"
seats = 40
+++
## Overview

Read the [TRIPS summary](../policies/trips.md#scope) and meet [Han Jun](../speakers/han-jun.md).

` + "```go\nfunc main() {}\n```" + `

## Schedule

Two days.
-- content/courses/itt-101.zh.md --
+++
title = "技术转移政策"
summary = "基础课程。"
date = 2025-08-28
weight = 1
code = "ITT-101"
level = "foundation"
format = "hybrid"
hours = 12
speakers = ["han-jun"]
topics = ["policy"]
+++
## 概述

参见[TRIPS 摘要](../policies/trips.zh.md)，
以及[韩军](../speakers/han-jun.md)的介绍。
-- content/courses/itt-201.md --
+++
title = "Evaluation of research results"
date = 2025-09-01
weight = 2
code = "ITT-201"
level = "intermediate"
format = "online"
hours = 8
prerequisites = ["itt-101"]
speakers = ["han-jun"]
topics = ["ip"]
+++
English only for now.
-- content/speakers/han-jun.md --
+++
title = "Han Jun"
name = "Han Jun"
role = "Director"
organization = "Example Institute"
+++
Profile.
-- content/speakers/han-jun.zh.md --
+++
title = "韩军"
name = "韩军"
organization = "示例研究院"
+++
简介。
-- content/policies/trips.md --
+++
title = "TRIPS Agreement"
issuer = "WTO"
jurisdiction = "international"
status = "in-force"
issued = 1994-04-15
effective = 1995-01-01
source = "https://www.wto.org/"
+++
## Scope

Minimum standards.
-- content/policies/trips.zh.md --
+++
title = "TRIPS 协定"
issuer = "世界贸易组织"
jurisdiction = "international"
status = "in-force"
+++
最低标准。
-- content/cases/licence.md --
+++
title = "An overseas licence"
date = 2025-07-01
year = 2024
region = "overseas→mainland"
related = ["policies/trips", "courses/itt-101"]
+++
A case.
-- content/cases/licence.zh.md --
+++
title = "一项海外许可"
date = 2025-07-01
year = 2024
related = ["policies/trips"]
+++
案例。
-- static/css/extra.css --
body {}
`

func TestBuildWritesPrettyURLsInBothLanguages(t *testing.T) {
	r := buildSite(t, baseSite, build.Options{}).ok()
	for _, p := range []string{
		"index.html", "zh/index.html", "about/index.html",
		"courses/index.html", "zh/courses/index.html",
		"courses/itt-101/index.html", "zh/courses/itt-101/index.html",
		"speakers/han-jun/index.html", "zh/speakers/han-jun/index.html",
		"policies/trips/index.html", "cases/licence/index.html",
		"css/extra.css", builtinAsset("css/chroma.css"), builtinAsset("css/site.css"),
		"sitemap.xml", "robots.txt", "atom.xml", "zh/atom.xml", "404.html",
		"topics/index.html", "topics/policy/index.html", "zh/topics/policy/index.html",
		"search/index.html", "zh/search/index.html",
		"courses/level/foundation/index.html", "zh/courses/format/online/index.html",
	} {
		if !r.exists(p) {
			t.Errorf("missing %s", p)
		}
	}
	if r.exists("zh/courses/itt-201/index.html") {
		t.Errorf("an untranslated page must not be duplicated into zh/")
	}
	// 21 and 19, and in each language 9 pages combining a level and a format.
	if got := r.res.Summary(); !strings.HasPrefix(got, "en: 30 pages, zh: 28 pages; ") || !strings.Contains(got, " files in ") {
		t.Errorf("summary = %q", got)
	}
}

func TestContentTypesRenderTheirFrontMatter(t *testing.T) {
	r := buildSite(t, baseSite, build.Options{}).ok()
	r.has("courses/itt-101/index.html",
		`<html lang="en">`, "ITT-101", "Technology Manager", `<td>Law`, `<td>12</td>`,
		">27 September 2025</time>", "Qianhai", "<td>40</td>")
	r.has("zh/courses/itt-101/index.html", `<html lang="zh">`, `2025年8月28日`)
	r.has("policies/trips/index.html", "WTO", "15 April 1994", "https://www.wto.org/")
	r.has("cases/licence/index.html", "2024", "overseas→mainland")
	r.has("speakers/han-jun/index.html", "Director", "Example Institute")
}

func TestLayoutsAreOverriddenByFileName(t *testing.T) {
	r := buildSite(t, baseSite+`
-- layouts/partials/footer.html --
<footer>Custom footer for {{.Lang.Code}}</footer>
-- layouts/courses/list.html --
{{define "main"}}<h1 class="catalog">{{.Title}}</h1>{{range .Pages}}<p>{{.File.Course.Code}}</p>{{end}}{{end}}
`, build.Options{}).ok()
	r.has("index.html", "Custom footer for en")
	r.has("zh/index.html", "Custom footer for zh")
	r.has("courses/index.html", `<h1 class="catalog">Course catalog</h1>`, "<p>ITT-101</p><p>ITT-201</p>")
	r.lacks("cases/index.html", `class="catalog"`)
}

func TestPartialCachedRendersOncePerKey(t *testing.T) {
	r := buildSite(t, baseSite+`
-- layouts/partials/footer.html --
<footer>{{.Lang.Code}} footer first rendered for [{{.Title}}]</footer>
`, build.Options{}).ok()
	// The built-in baseof caches the footer by language: every page of a
	// language shows the footer of whichever page rendered it first.
	for _, lang := range []string{"en", "zh"} {
		var seen string
		for _, page := range []string{"index.html", "courses/index.html", "courses/itt-101/index.html", "cases/licence/index.html"} {
			if lang == "zh" {
				page = "zh/" + page
			}
			html := r.read(page)
			i := strings.Index(html, "<footer>")
			if i < 0 {
				t.Fatalf("%s has no footer", page)
			}
			footer := html[i : i+strings.Index(html[i:], "</footer>")]
			if !strings.HasPrefix(footer, "<footer>"+lang+" footer") {
				t.Errorf("%s: footer %q is not the %s one", page, footer, lang)
			}
			if seen != "" && footer != seen {
				t.Errorf("%s: footer %q, want the cached %q", page, footer, seen)
			}
			seen = footer
		}
	}

	buildSite(t, baseSite+`
-- layouts/partials/header.html --
{{partialCached "partials/nope.html" .}}
`, build.Options{}).failsWith("partialCached: no template \"partials/nope.html\"")
}

func TestHomeShowsTheFirstPagesOfEachSection(t *testing.T) {
	site := baseSite
	for i := 1; i <= 6; i++ {
		site += fmt.Sprintf("-- content/cases/c%d.md --\n+++\ntitle = \"Case %d\"\nweight = %d\nyear = 2024\n+++\nText.\n", i, i, i)
	}
	r := buildSite(t, site, build.Options{}).ok()
	// Seven cases: the home lists the first five by weight and links to
	// the section for all of them; the one course section fits.
	home := r.read("index.html")
	for i := 1; i <= 5; i++ {
		if !strings.Contains(home, fmt.Sprintf(`href="/cases/c%d/"`, i)) {
			t.Errorf("home does not list case %d", i)
		}
	}
	r.lacks("index.html", `href="/cases/c6/"`, `href="/cases/licence/"`, `href="/courses/">See all`)
	r.has("index.html", `<a href="/cases/">See all<span class="visually-hidden"> Case studies</span></a> <span class="count">7</span>`)
	r.has("zh/index.html", `<a href="/zh/cases/">查看全部<span class="visually-hidden"> 案例</span></a> <span class="count">7</span>`)
	r.has("cases/index.html", `href="/cases/c6/"`, `href="/cases/licence/"`)

	r = buildSite(t, site+`
-- layouts/cases/list.html --
{{define "main"}}{{range first 2 .Pages}}<p>{{.Title}}</p>{{end}}[{{len (first 99 .Pages)}}]{{end}}
`, build.Options{}).ok()
	r.has("cases/index.html", "<p>Case 1</p><p>Case 2</p>[7]")
	buildSite(t, site+`
-- layouts/cases/list.html --
{{define "main"}}{{first -1 .Pages}}{{end}}
`, build.Options{}).failsWith("first: negative count -1")
	buildSite(t, site+`
-- layouts/cases/list.html --
{{define "main"}}{{first 1 .Title}}{{end}}
`, build.Options{}).failsWith("first: string is not a list")
}

func TestSectionsBundlesDraftsWeightsAndAliases(t *testing.T) {
	site := baseSite + `
-- content/speakers/li-na/index.md --
+++
title = "Li Na"
name = "Li Na"
organization = "Example University"
photo = "portrait.svg"
weight = 1
+++
Bundle.
-- content/speakers/li-na/index.zh.md --
+++
title = "李娜"
name = "李娜"
organization = "示例大学"
photo = "portrait.svg"
+++
-- content/speakers/li-na/portrait.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
-- content/courses/itt-900.md --
+++
title = "Unfinished course"
draft = true
code = "ITT-900"
level = "advanced"
format = "online"
hours = 1
+++
`
	r := buildSite(t, site, build.Options{}).ok()
	// Section without _index.md gets a generated list page; with one, its text.
	r.has("speakers/index.html", "Li Na", "Han Jun")
	r.has("courses/index.html", "Course catalog", "All courses.")
	// Weight orders listings: ITT-101 (weight 1) before ITT-201 (weight 2).
	list := r.read("courses/index.html")
	if strings.Index(list, "Technology transfer policy") > strings.Index(list, "Evaluation of research results") {
		t.Errorf("weights not respected in listing")
	}
	// A bundle's files are copied beside each language version.
	r.has("speakers/li-na/portrait.svg", "<svg")
	r.has("zh/speakers/li-na/portrait.svg", "<svg")
	r.has("zh/speakers/li-na/index.html", `src="/zh/speakers/li-na/portrait.svg"`)
	// Drafts are left out unless asked for.
	if r.exists("courses/itt-900/index.html") {
		t.Error("draft was published")
	}
	r.lacks("courses/index.html", "Unfinished course")
	withDrafts := buildSite(t, site, build.Options{Drafts: true}).ok()
	withDrafts.has("courses/itt-900/index.html", "Unfinished course")
	// Aliases are redirect pages within the page's language.
	r.has("catalog/itt-101/index.html", `<link rel="canonical" href="https://example.org/courses/itt-101/">`, `content="0; url=/courses/itt-101/"`)
}

func TestTopicsHaveOnePagePerLanguage(t *testing.T) {
	r := buildSite(t, baseSite, build.Options{}).ok()
	r.has("topics/policy/index.html", "<h1>Policy</h1>", "Technology transfer policy")
	r.has("zh/topics/policy/index.html", "<h1>政策</h1>", "技术转移政策")
	r.has("zh/topics/ip/index.html", "<h1>知识产权</h1>", `lang="en"`, "Evaluation of research results")
	r.has("zh/topics/index.html", "政策", "知识产权")
	r.has("courses/itt-101/index.html", `<a class="topic" href="/topics/policy/">Policy</a>`)
}

func TestTranslationsLinkAndFallBack(t *testing.T) {
	r := buildSite(t, baseSite, build.Options{}).ok()
	r.has("zh/courses/itt-101/index.html",
		`<link rel="alternate" hreflang="en" href="https://example.org/courses/itt-101/">`,
		`<link rel="alternate" hreflang="zh" href="https://example.org/zh/courses/itt-101/">`,
		`<link rel="alternate" hreflang="x-default" href="https://example.org/courses/itt-101/">`,
		`<a href="/courses/itt-101/" hreflang="en" lang="en">English</a>`)
	// An untranslated page: the switcher goes to the other language's section
	// page, and only the existing version is an alternate.
	r.has("courses/itt-201/index.html",
		`<a href="/zh/courses/" hreflang="zh" lang="zh" title="Not yet translated">中文</a>`,
		`<link rel="alternate" hreflang="x-default" href="https://example.org/courses/itt-201/">`)
	r.lacks("courses/itt-201/index.html", `hreflang="zh" href=`)
	// ...and it is listed, marked with its language, in the other listing.
	r.has("zh/courses/index.html", `<li lang="en">`, `<a href="/courses/itt-201/" hreflang="en">Evaluation of research results</a> <span class="lang-label">English</span>`)
	// UI strings are localised, dates too.
	r.has("zh/courses/index.html", "<h1>课程</h1>")
}

// The header's section links and listing entries are rendered once per
// distinct key and reused: what differs between pages must be in the key.
func TestCachedPartialsFollowTheirKeys(t *testing.T) {
	r := buildSite(t, baseSite, build.Options{}).ok()
	current := func(path string) string { return `<a href="` + path + `" aria-current="page">` }
	// The highlighted section is the page's own, on list and single pages.
	for _, page := range []string{"courses/index.html", "courses/itt-101/index.html", "courses/itt-201/index.html"} {
		r.has(page, current("/courses/"))
		r.lacks(page, current("/cases/"), current("/topics/"))
	}
	for _, page := range []string{"cases/licence/index.html", "cases/index.html"} {
		r.has(page, current("/cases/"))
		r.lacks(page, current("/courses/"))
	}
	r.has("zh/cases/licence/index.html", current("/zh/cases/"))
	r.has("topics/index.html", current("/topics/"))
	r.lacks("topics/policy/index.html", "aria-current=\"page\">")
	r.lacks("index.html", "aria-current=\"page\">")
	// The same English page, listed in English and in Chinese: only the
	// Chinese listing marks its language.
	entry := `<a href="/courses/itt-201/">Evaluation of research results</a>`
	r.has("courses/index.html", entry)
	r.has("topics/ip/index.html", entry)
	r.has("zh/courses/index.html", `<a href="/courses/itt-201/" hreflang="en">Evaluation of research results</a> <span class="lang-label">English</span>`)
	r.has("zh/topics/ip/index.html", `<a href="/courses/itt-201/" hreflang="en">Evaluation of research results</a> <span class="lang-label">English</span>`)
}

func TestTranslationKeyJoinsDifferentlyNamedFiles(t *testing.T) {
	r := buildSite(t, baseSite+`
-- content/cases/mou.md --
+++
title = "A memorandum"
year = 2025
+++
-- content/cases/beiwanglu.zh.md --
+++
title = "一份备忘录"
year = 2025
translationKey = "cases/mou"
+++
`, build.Options{}).ok()
	r.has("zh/cases/beiwanglu/index.html", `<link rel="alternate" hreflang="en" href="https://example.org/cases/mou/">`)
	r.has("cases/mou/index.html", `<a href="/zh/cases/beiwanglu/" hreflang="zh" lang="zh">中文</a>`)
}

func TestReferencesResolveInTheCurrentLanguage(t *testing.T) {
	r := buildSite(t, baseSite, build.Options{}).ok()
	// Markdown links to .md files, with anchors, in the page's language.
	r.has("courses/itt-101/index.html", `<a href="/policies/trips/#scope">TRIPS summary</a>`, `<a href="/speakers/han-jun/">Han Jun</a>`)
	r.has("zh/courses/itt-101/index.html", `<a href="/zh/policies/trips/">TRIPS 摘要</a>`, `<a href="/zh/speakers/han-jun/">韩军</a>`)
	// CJK line break: no space inserted between the two lines.
	r.has("zh/courses/itt-101/index.html", `</a>，以及`)
	// Speaker names and prerequisites.
	r.has("zh/courses/itt-101/index.html", `<a href="/zh/speakers/han-jun/">韩军</a>`)
	r.has("courses/itt-201/index.html", `<a href="/courses/itt-101/">Technology transfer policy</a>`)
	// Reverse references: speaker → courses, policy → cases, course → what needs it.
	r.has("speakers/han-jun/index.html", `<a href="/courses/itt-101/">Technology transfer policy</a>`, `<a href="/courses/itt-201/">Evaluation of research results</a>`)
	r.has("zh/speakers/han-jun/index.html", `<a href="/zh/courses/itt-101/">技术转移政策</a>`, `<a href="/courses/itt-201/" hreflang="en">`)
	r.has("policies/trips/index.html", `<a href="/cases/licence/">An overseas licence</a>`)
	r.has("zh/policies/trips/index.html", `<a href="/zh/cases/licence/">一项海外许可</a>`)
	r.has("courses/itt-101/index.html", `<a href="/cases/licence/">An overseas licence</a>`, `<a href="/courses/itt-201/">Evaluation of research results</a>`)
}

func TestMarkdownFeaturesReachThePage(t *testing.T) {
	r := buildSite(t, baseSite, build.Options{}).ok()
	r.has("courses/itt-101/index.html",
		`<h2 id="overview">Overview <a class="anchor" href="#overview"`,
		`<pre class="chroma" tabindex="0"><code>`, `<span class="kd">func</span>`,
		`<a href="#overview">Overview</a>`) // table of contents
	r.has(builtinAsset("css/chroma.css"), ".chroma .kd", "@media (prefers-color-scheme: dark)")
}

func TestRawHTMLIsEscapedUnlessAllowed(t *testing.T) {
	site := baseSite + `
-- content/raw.md --
+++
title = "Raw"
+++
<script>alert(1)</script>
`
	r := buildSite(t, site, build.Options{}).ok()
	r.has("raw/index.html", "&lt;script&gt;alert(1)&lt;/script&gt;")
	r.lacks("raw/index.html", "<script>alert(1)</script>")
	found := false
	for _, d := range r.diags {
		if d.Path == "content/raw.md" && d.Line == 4 && d.Severity == diag.Warning {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning at content/raw.md:4; got:\n%s", r.messages())
	}
	unsafe := buildSite(t, strings.Replace(site, "[topics.policy]", "[markdown]\nunsafe = true\n[topics.policy]", 1), build.Options{}).ok()
	unsafe.has("raw/index.html", "<script>alert(1)</script>")
}

func TestMachineReadableOutputs(t *testing.T) {
	r := buildSite(t, baseSite, build.Options{}).ok()
	r.has("sitemap.xml",
		`<loc>https://example.org/courses/itt-101/</loc>`,
		`<xhtml:link rel="alternate" hreflang="zh" href="https://example.org/zh/courses/itt-101/"/>`,
		`<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/courses/itt-101/"/>`)
	r.lacks("sitemap.xml", "404.html")
	r.has("robots.txt", "Sitemap: https://example.org/sitemap.xml")
	r.has("atom.xml", `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">`, `<id>https://example.org/courses/itt-201/</id>`, "<published>2025-09-01T00:00:00Z</published>", "<updated>2025-09-01T00:00:00Z</updated>")
	r.lacks("atom.xml", "技术转移政策")
	r.has("zh/atom.xml", "技术转移政策", `<link rel="self" type="application/atom+xml" href="https://example.org/zh/atom.xml"/>`)
	r.has("404.html", `<html lang="en">`)
	r.has("courses/itt-101/index.html",
		`<link rel="canonical" href="https://example.org/courses/itt-101/">`,
		`<meta property="og:title" content="Technology transfer policy">`,
		`<meta property="og:url" content="https://example.org/courses/itt-101/">`,
		`<meta property="og:locale" content="en_US">`, `<meta property="og:locale:alternate" content="zh_CN">`,
		`"@type":"Course"`, `"courseCode":"ITT-101"`, `"@type":"CourseInstance"`, `"courseMode":"Blended"`)
	r.has("speakers/han-jun/index.html", `"@type":"Person"`, `"jobTitle":"Director"`)
	r.has("cases/licence/index.html", `"@type":"Article"`, `"datePublished":"2025-07-01"`)
	r.has("policies/trips/index.html", `"@type":"Legislation"`, `"legislationLegalForce":"InForce"`)
}

func TestSubPathBaseURL(t *testing.T) {
	r := buildSite(t, baseSite, build.Options{BaseURL: "https://example.org/kb/"}).ok()
	r.has("courses/itt-101/index.html",
		`<link rel="canonical" href="https://example.org/kb/courses/itt-101/">`,
		`<link rel="stylesheet" href="/kb/`+builtinAsset("css/site.css")+`">`,
		`<a href="/kb/policies/trips/#scope">`,
		`<a class="site-title" href="/kb/">`,
		`<a href="/kb/zh/courses/itt-101/" hreflang="zh" lang="zh">`)
	r.has("sitemap.xml", "<loc>https://example.org/kb/zh/courses/itt-101/</loc>")
	r.has("robots.txt", "https://example.org/kb/sitemap.xml")
	r.has("catalog/itt-101/index.html", "url=/kb/courses/itt-101/")
	r.lacks("courses/itt-101/index.html", `href="/courses/`, `href="/zh/`, `href="/css/`)
}

func TestThirdLanguageNeedsOnlyConfiguration(t *testing.T) {
	site := strings.Replace(baseSite, "[topics.policy]", `[languages.zh-hant]
name = "繁體中文"
prefix = "zh-hant"
title = "知識庫"
dateFormat = "2006年1月2日"
[topics.policy]`, 1) + `
-- content/courses/itt-101.zh-hant.md --
+++
title = "技術轉移政策"
code = "ITT-101"
level = "foundation"
format = "hybrid"
hours = 12
speakers = ["han-jun"]
+++
`
	r := buildSite(t, site, build.Options{}).ok()
	r.has("zh-hant/courses/itt-101/index.html", `<html lang="zh-hant">`, "技術轉移政策",
		`<link rel="alternate" hreflang="zh-hant" href="https://example.org/zh-hant/courses/itt-101/">`,
		`<li lang="en"><a href="/speakers/han-jun/" hreflang="en">Han Jun</a>`) // no zh-hant version: the English one, marked
	r.has("courses/itt-101/index.html", `<link rel="alternate" hreflang="zh-hant" href="https://example.org/zh-hant/courses/itt-101/">`)
	r.has("zh-hant/index.html", `<html lang="zh-hant">`)
	r.has("zh-hant/courses/index.html", "技術轉移政策", `lang="en"`)
	r.has("zh-hant/atom.xml", `xml:lang="zh-hant"`)
}

func TestLinksToFilesAndUntranslatedPages(t *testing.T) {
	r := buildSite(t, baseSite+`
-- content/files/syllabus.pdf --
%PDF
-- content/cases/bundle/index.md --
+++
title = "Bundle"
year = 2024
+++
![Diagram](diagram.svg) and [the syllabus](../../files/syllabus.pdf).
-- content/cases/bundle/diagram.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
-- content/cases/notes.zh.md --
+++
title = "笔记"
year = 2024
+++
参见[评价课程](../courses/itt-201.md)。
`, build.Options{BaseURL: "https://example.org/kb/", EditorWarnings: true}).ok()
	r.has("cases/bundle/index.html", `<img src="diagram.svg" alt="Diagram">`, `<a href="/kb/files/syllabus.pdf">the syllabus</a>`)
	r.has("files/syllabus.pdf", "%PDF")
	r.has("zh/cases/notes/index.html", `<a href="/kb/courses/itt-201/" hreflang="en">评价课程</a>`)
	quiet := buildSite(t, baseSite+`
-- content/cases/notes.zh.md --
+++
title = "笔记"
year = 2024
+++
参见[评价课程](../courses/itt-201.md)。
`, build.Options{}).ok()
	if len(quiet.diags) != 0 {
		t.Errorf("build without editor warnings reported:\n%s", quiet.messages())
	}
	want := "content/cases/notes.zh.md:5: warning: link to ../courses/itt-201.md: that page has no 中文 version yet"
	if !strings.Contains(r.messages(), want) {
		t.Errorf("missing %q in:\n%s", want, r.messages())
	}
}

func TestCatalogFiltersAreLinksToFacetPages(t *testing.T) {
	r := buildSite(t, baseSite, build.Options{}).ok()
	r.has("courses/index.html", `<a href="/courses/level/foundation/">Foundation</a>`, `<a href="/courses/format/online/">Online</a>`)
	r.has("courses/level/foundation/index.html", "<h1>Foundation</h1>", "Technology transfer policy", `<a href="/courses/level/foundation/" aria-current="page">`)
	r.lacks("courses/level/foundation/index.html", "Evaluation of research results")
	r.has("zh/courses/format/online/index.html", "<h1>线上</h1>", `<li lang="en">`, "Evaluation of research results")
	r.has("zh/courses/level/foundation/index.html", `<link rel="alternate" hreflang="en" href="https://example.org/courses/level/foundation/">`)
}

func TestListsSplitIntoPages(t *testing.T) {
	paged := strings.Replace(baseSite, "defaultLanguage = \"en\"\n", "defaultLanguage = \"en\"\n[pagination]\npageSize = 1\n", 1) +
		"-- content/cases/second.md --\n+++\ntitle = \"A second case\"\nyear = 2024\ntopics = [\"policy\"]\n+++\nText.\n"
	r := buildSite(t, paged, build.Options{}).ok()
	// Page 1 stays at the list's URL, page 2 is below it, as Hugo has them.
	r.has("courses/index.html", "Technology transfer policy", `<link rel="canonical" href="https://example.org/courses/">`,
		`<nav class="pager" aria-label="Pages">`, `<a href="/courses/" aria-current="page" aria-label="Page 1 of 2">1</a>`,
		`<a href="/courses/page/2/" aria-label="Page 2">2</a>`, `<a href="/courses/page/2/" rel="next">Next</a>`, "All courses.")
	r.lacks("courses/index.html", "Evaluation of research results", `rel="prev"`)
	r.has("courses/page/2/index.html", "Evaluation of research results", `<link rel="canonical" href="https://example.org/courses/page/2/">`,
		`<title>Page 2 · Course catalog · Knowledge Base</title>`, `<a href="/courses/" rel="prev">Previous</a>`,
		`<a href="/courses/page/2/" aria-current="page" aria-label="Page 2 of 2">2</a>`,
		`<link rel="alternate" hreflang="zh" href="https://example.org/zh/courses/page/2/">`)
	r.lacks("courses/page/2/index.html", "Technology transfer policy", `rel="next"`)
	r.has("zh/courses/page/2/index.html", `<nav class="pager" aria-label="分页">`, `<a href="/zh/courses/" rel="prev">上一页</a>`,
		`aria-current="page" aria-label="第 2 页，共 2 页">2</a>`, `<title>第 2 页 · 课程 · 知识库</title>`,
		`<link rel="alternate" hreflang="en" href="https://example.org/courses/page/2/">`)
	for _, p := range []string{"courses/page/1/index.html", "courses/page/3/index.html", "courses/level/foundation/page/2/index.html", "page/2/index.html"} {
		if r.exists(p) {
			t.Errorf("%s written; a list has a page 2 and on only when it needs one", p)
		}
	}
	// Topics are split too; a list that fits on one page has no pager.
	r.has("topics/policy/page/2/index.html", `<a href="/topics/policy/" rel="prev">Previous</a>`)
	r.lacks("courses/format/online/index.html", `class="pager"`)
	// The sitemap lists a list's first page only, as Hugo's does.
	r.has("sitemap.xml", "<loc>https://example.org/courses/</loc>")
	r.lacks("sitemap.xml", "/page/")

	// Without [pagination], a list of two is one page.
	one := buildSite(t, baseSite, build.Options{}).ok()
	one.lacks("courses/index.html", `class="pager"`)
	if one.exists("courses/page/2/index.html") {
		t.Error("courses/page/2/ written for a list of two with the default page size")
	}

	bad := strings.Replace(baseSite, "defaultLanguage = \"en\"\n", "defaultLanguage = \"en\"\n[pagination]\npageSize = -1\n", 1)
	buildSite(t, bad, build.Options{}).failsWith("site.toml:5: pagination.pageSize is -1; it must be at least 1")
}
