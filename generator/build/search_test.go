package build_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"qiao/generator/build"
)

// searchSite is a small bilingual site whose pages the search tests query.
const searchSite = `
-- site.toml --
title = "Search Centre"
baseURL = "https://example.org/kb/"
defaultLanguage = "en"
[languages.en]
name = "English"
prefix = ""
title = "Knowledge Base"
[languages.zh]
name = "中文"
prefix = "zh"
title = "知识库"
-- content/_index.md --
+++
title = "Welcome"
+++
Home.
-- content/_index.zh.md --
+++
title = "欢迎"
+++
首页。
-- content/courses/itt-201.md --
+++
title = "Evaluating Scientific and Technological Achievements"
summary = "An intermediate course on evaluation and licensing."
code = "ITT-201"
level = "intermediate"
format = "online"
hours = 16
certificates = ["RTTP"]
speakers = ["han-jun"]
+++
## Licensing in practice

Trainees draft a licence agreement and negotiate the royalties.
-- content/courses/itt-201.zh.md --
+++
title = "科技成果评价"
summary = "中级课程：机器学习与技术转移。"
code = "ITT-201"
level = "intermediate"
format = "online"
hours = 16
certificates = ["RTTP"]
+++
学员通过 RTTP 认证，学习 WTO 知识产权规则。
-- content/cases/software.zh.md --
+++
title = "軟體授權案例"
summary = "台灣大學將資料庫軟體授權給深圳企業。"
year = 2024
+++
雙方在網路上完成談判。
-- content/cases/markup.md --
+++
title = "A page about markup"
summary = "Text that looks like code."
year = 2024
+++
The page shows <script>alert(1)</script> as text, never as a script.
-- content/speakers/han-jun.md --
+++
title = "Han Jun"
name = "Han Jun"
organization = "Shenzhen Technology University"
+++
Han Jun teaches technology transfer.
`

func TestSearchIndexIsWritten(t *testing.T) {
	r := buildSite(t, searchSite, build.Options{}).ok()
	for _, p := range []string{"search/manifest.json", builtinAsset("search/search.js"), builtinAsset("search/search.css")} {
		if !r.exists(p) {
			t.Errorf("%s is missing", p)
		}
	}
	var m struct {
		Dir    string `json:"dir"`
		Docs   int    `json:"docs"`
		Ranges [][]any
	}
	if err := json.Unmarshal([]byte(r.read("search/manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	if m.Docs != 5 {
		t.Errorf("%d pages indexed, want the 5 content pages", m.Docs)
	}
	for _, f := range []string{"t0", "p0", "e0", "fold"} {
		if !r.exists("search/" + m.Dir + f) {
			t.Errorf("search/%s%s is missing", m.Dir, f)
		}
	}
	// The search page of each language, with its filters and the script;
	// the box in every header goes to the search page of its language.
	r.has("search/index.html", `role="combobox"`, `aria-controls="search-results"`, `role="listbox"`,
		`name="type" value="courses"`, `name="lang" value="en" checked`, `name="lang" value="all"`,
		`src="/kb/`+builtinAsset("search/search.js")+`"`, `"root":"/kb/"`, `"lang":"en"`)
	r.has("zh/search/index.html", `name="lang" value="zh" checked`, `"lang":"zh"`, "所有语言", "搜索结果")
	r.has("courses/itt-201/index.html", `action="/kb/search/"`, `aria-controls="site-search-suggestions"`, `data-script="/kb/`+builtinAsset("search/search.js")+`"`)
	r.has("zh/courses/itt-201/index.html", `action="/kb/zh/search/"`)

	// Two builds give the same index, byte for byte.
	again := buildSite(t, searchSite, build.Options{}).ok()
	for _, p := range []string{"search/manifest.json", "search/" + m.Dir + "t0", "search/" + m.Dir + "e0"} {
		if r.read(p) != again.read(p) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// TestSearchQueries queries the index of a built site with search.js in
// Node, as the browser would.
func TestSearchQueries(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is required under CI")
		}
		t.Skip("node is not installed")
	}
	r := buildSite(t, searchSite, build.Options{}).ok()
	expect := []map[string]any{
		{"q": "licence agreement", "lang": "en", "first": "courses/itt-201/", "total": 1},
		{"q": "ITT-201", "first": "courses/itt-201/", "total": 2},
		{"q": "Shenzhen Technology University", "lang": "en", "first": "speakers/han-jun/", "total": 1},
		{"q": "機器學習", "lang": "zh", "first": "zh/courses/itt-201/", "total": 1},
		{"q": "软件", "lang": "zh", "first": "zh/cases/software/", "total": 1},
		{"q": "网络", "lang": "zh", "first": "zh/cases/software/", "total": 1},
		{"q": "WTO 知识产权", "lang": "zh", "first": "zh/courses/itt-201/", "total": 1},
		{"q": "RTTP 认证", "lang": "zh", "first": "zh/courses/itt-201/", "total": 1},
		{"q": "alert", "lang": "en", "first": "cases/markup/", "total": 1},
		{"q": "technology", "type": "speakers", "first": "speakers/han-jun/", "total": 1},
		// Han Jun's page lists the course with its summary; the list is not
		// his page's text, so only the course is found.
		{"q": "intermediate course evaluation licensing", "lang": "en", "first": "courses/itt-201/", "total": 1},
	}
	dir := t.TempDir()
	b, _ := json.Marshal(expect)
	if err := os.WriteFile(filepath.Join(dir, "expect.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "random.json"), []byte(`{"tokens":[],"queries":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "--test", "search.test.mjs")
	cmd.Dir = filepath.Join("..", "search")
	cmd.Env = append(os.Environ(), "QIAO_SEARCH_SITE="+r.out, "QIAO_SEARCH_EXPECT="+dir,
		"QIAO_SEARCH_SCRIPT="+filepath.Join(r.out, filepath.FromSlash(builtinAsset("search/search.js"))))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil || !strings.Contains(out.String(), "# fail 0") {
		t.Fatalf("node --test search.test.mjs: %v\n%s", err, out.String())
	}
}

// TestSearchSynonyms builds a site with [search.synonyms]: the manifest
// holds each group's terms as their parts, and a term the search cannot
// use fails the build at its line of site.toml.
func TestSearchSynonyms(t *testing.T) {
	site := strings.Replace(searchSite, "title = \"知识库\"\n", "title = \"知识库\"\n[search.synonyms]\nwto = [\"WTO\", \"世贸组织\"]\nip = [\"IP\", \"知識產權\"]\n", 1)
	r := buildSite(t, site, build.Options{}).ok()
	r.has("search/manifest.json", `"synonyms":[[[{"terms":["ip"]}],[{"runs":["知识产权"]}]],[[{"terms":["wto"]}],[{"runs":["世贸组织"]}]]]`)

	bad := strings.Replace(searchSite, "title = \"知识库\"\n", "title = \"知识库\"\n[search.synonyms]\nwto = [\"WTO\", \"世贸组织\"]\ntrade = [\"世貿組織\", \"the\", \"commerce\"]\n", 1)
	buildSite(t, bad, build.Options{}).failsWith(
		`site.toml:14: [search.synonyms] trade: "the" has nothing to search for`,
		`site.toml:13: [search.synonyms] wto: "世贸组织" reads as "世貿組織", already a term of this or another group`,
		`site.toml:13: [search.synonyms] wto: a synonym group needs at least two terms to search for`)
}
