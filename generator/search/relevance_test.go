package search_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qiao/generator/build"
	"qiao/generator/diag"
	"qiao/generator/search"
)

// relevanceQueries are what learners type on the shipped site, each with
// the page they look for: names of laws, policies and courses (whole,
// short or in Traditional characters), course codes, people, and Chinese
// typed without spaces across two concepts. The page is the one a reader
// would click first, not what the engine happens to return.
var relevanceQueries = []struct {
	q, lang, want string
}{
	// English
	{"ITT-201", "en", "courses/itt-201/"},
	{"itt-301", "en", "courses/itt-301/"},
	{"TRIPS", "en", "policies/trips-agreement/"},
	{"TRIPS agreement", "en", "policies/trips-agreement/"},
	{"Marrakesh", "en", "policies/trips-agreement/"},
	{"patent law", "en", "policies/prc-patent-law/"},
	{"Patent Law of the People's Republic of China", "en", "policies/prc-patent-law/"},
	{"law on promoting the transformation", "en", "policies/prc-law-on-promoting-transformation/"},
	{"Greater Bay Area outline development plan", "en", "policies/gba-outline-development-plan/"},
	{"Top Talent Pass Scheme", "en", "policies/top-talent-pass-scheme/"},
	{"TTPS", "en", "policies/top-talent-pass-scheme/"},
	{"training syllabus", "en", "policies/national-tt-professionals-syllabus/"},
	{"22 measures", "en", "policies/hetao-zone-22-measures/"},
	{"Corerain", "en", "cases/corerain/"},
	{"AI chips", "en", "cases/corerain/"},
	{"CIEP", "en", "cases/ciep-itt-training/"},
	{"HKPC", "en", "cases/hk-institutions-in-shenzhen/"},
	{"Qianhai center", "en", "cases/qianhai-centre-launch/"},
	{"spin-out", "en", "cases/university-spinout-sharing-interests/"},
	{"patent analysis", "en", "courses/itt-203/"},
	{"intellectual property management", "en", "courses/itt-202/"},
	{"evaluating achievements", "en", "courses/itt-201/"},
	{"demand-side docking", "en", "courses/itt-103/"},
	{"overseas technology transfer", "en", "courses/itt-302/"},
	{"Han Jun", "en", "speakers/han-jun/"},
	{"Janice Ng", "en", "speakers/janice-ng/"},
	{"Samson Tam", "en", "speakers/samson-tam/"},
	// Simplified Chinese
	{"专利法", "zh", "zh/policies/prc-patent-law/"},
	{"促进科技成果转化法", "zh", "zh/policies/prc-law-on-promoting-transformation/"},
	{"科技成果转化法", "zh", "zh/policies/prc-law-on-promoting-transformation/"},
	{"与贸易有关的知识产权协定", "zh", "zh/policies/trips-agreement/"},
	{"大湾区规划纲要", "zh", "zh/policies/gba-outline-development-plan/"},
	{"高端人才通行证", "zh", "zh/policies/top-talent-pass-scheme/"},
	{"22条措施", "zh", "zh/policies/hetao-zone-22-measures/"},
	{"企业知识产权管理", "zh", "zh/courses/itt-202/"},
	{"专利分析", "zh", "zh/courses/itt-203/"},
	{"世贸组织知识产权规则", "zh", "zh/courses/itt-301/"},
	{"世界贸易组织 知识产权规则", "zh", "zh/courses/itt-301/"},
	{"ITT-104", "zh", "zh/courses/itt-104/"},
	{"前海 中心", "zh", "zh/cases/qianhai-centre-launch/"},
	{"海外高校专利许可", "zh", "zh/cases/overseas-licence-trips/"},
	{"细分市场股权", "zh", "zh/cases/university-spinout-sharing-interests/"},
	{"谭伟豪", "zh", "zh/speakers/samson-tam/"},
	{"Janice Ng", "zh", "zh/speakers/janice-ng/"},
	// Traditional Chinese
	{"專利法", "zh", "zh/policies/prc-patent-law/"},
	{"企業知識產權管理", "zh", "zh/courses/itt-202/"},
	{"粵港澳大灣區發展規劃綱要", "zh", "zh/policies/gba-outline-development-plan/"},
	{"技術轉移人才培養", "zh", "zh/cases/qianhai-centre-launch/"},
	{"與貿易有關的知識產權協定", "zh", "zh/policies/trips-agreement/"},
}

// TestRelevance builds the shipped site and asks its search, in Node with
// search.js over the built index, each of relevanceQueries in the
// language of the page it is typed on: the page looked for must be first
// for at least 90% of them and in the first three for all.
func TestRelevance(t *testing.T) {
	node := nodePath(t)
	dir := t.TempDir()
	var d diag.List
	if _, err := build.Build(os.DirFS("../.."), build.Options{Out: dir}, &d); err != nil {
		t.Fatal(err, d.Errors())
	}
	// The runner reads search/search.js; the build wrote it under its
	// fingerprinted name.
	scripts, _ := filepath.Glob(filepath.Join(dir, "search", "search.*.js"))
	if len(scripts) != 1 {
		t.Fatalf("the build wrote %d search scripts: %v", len(scripts), scripts)
	}
	script, err := os.ReadFile(scripts[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "search", "search.js"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	urls := indexURLs(t, func(p string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
	queries := make([]search.DiffQuery, len(relevanceQueries))
	for i, rq := range relevanceQueries {
		queries[i] = search.DiffQuery{Q: rq.q, Lang: rq.lang}
	}
	results := runDifferential(t, node, dir, queries)
	first := 0
	for i, rq := range relevanceQueries {
		var got []string
		for _, id := range results[i].IDs[:min(3, len(results[i].IDs))] {
			got = append(got, strings.TrimPrefix(urls[id], "/"))
		}
		switch {
		case len(got) > 0 && got[0] == rq.want:
			first++
		case strings.Contains(strings.Join(got, " "), rq.want):
			t.Logf("%q (%s): %s is not first: %v", rq.q, rq.lang, rq.want, got)
		default:
			t.Errorf("%q (%s): %s is not in the first three: %v", rq.q, rq.lang, rq.want, got)
		}
	}
	t.Logf("%d of %d queries find their page first", first, len(relevanceQueries))
	if first*100 < len(relevanceQueries)*95 {
		t.Errorf("only %d of %d queries find their page first, want 95%%", first, len(relevanceQueries))
	}
}
