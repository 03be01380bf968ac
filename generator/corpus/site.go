package corpus

import (
	"fmt"
	"strings"
	"time"
)

// uiStrings are the few interface strings the generated site.toml
// declares; the layouts fall back to the key for the rest.
var uiStrings = []struct {
	key string
	text
}{
	{"home", text{"Home", "首页"}},
	{"courses", text{"Courses", "课程"}},
	{"cases", text{"Cases", "案例"}},
	{"policies", text{"Policies", "政策法规"}},
	{"speakers", text{"Speakers", "讲师"}},
	{"topics", text{"Topics", "专题"}},
	{"translations", text{"Also available in", "其他语言版本"}},
	{"not_translated", text{"Not yet translated", "暂无中文版"}},
	{"lang_en", text{"English", "英语"}},
	{"lang_zh", text{"Chinese", "中文"}},
	{"level_foundation", text{"Foundation", "初级"}},
	{"level_intermediate", text{"Intermediate", "中级"}},
	{"level_advanced", text{"Advanced", "高级"}},
	{"format_in-person", text{"In person", "线下授课"}},
	{"format_online", text{"Online", "线上授课"}},
	{"format_hybrid", text{"Hybrid", "线上线下结合"}},
	{"status_in-force", text{"In force", "现行有效"}},
	{"status_amended", text{"Amended", "已修订"}},
	{"status_repealed", text{"Repealed", "已废止"}},
	{"type_courses", text{"Course", "课程"}},
	{"type_cases", text{"Case", "案例"}},
	{"type_policies", text{"Policy", "政策法规"}},
	{"type_speakers", text{"Speaker", "讲师"}},
}

func siteTOML() []byte {
	var b strings.Builder
	b.WriteString(`title = "Qiao Benchmark Knowledge Base"
baseURL = "https://example.org/"
defaultLanguage = "en"
`)
	for i, l := range []struct {
		code, name, prefix, title, dateFormat string
	}{
		{"en", "English", "", "Technology Transfer Knowledge Base", "2 January 2006"},
		{"zh", "中文", "zh", "技术转移知识库", "2006年1月2日"},
	} {
		fmt.Fprintf(&b, "\n[languages.%s]\nname = %s\nprefix = %s\ntitle = %s\ndateFormat = %s\nweight = %d\n",
			l.code, quote(l.name), quote(l.prefix), quote(l.title), quote(l.dateFormat), i+1)
		fmt.Fprintf(&b, "[languages.%s.strings]\n", l.code)
		for _, s := range uiStrings {
			fmt.Fprintf(&b, "%s = %s\n", s.key, quote(s.in(l.code)))
		}
	}
	for i, t := range topics {
		fmt.Fprintf(&b, "\n[topics.%s]\nweight = %d\nen = %s\nzh = %s\n", t.key, i+1, quote(t.label.en), quote(t.label.zh))
	}
	return []byte(b.String())
}

var sectionTexts = map[string]struct{ title, summary text }{
	"courses": {
		text{"Courses", "课程"},
		text{"Course outlines for technology transfer professionals, from foundation to advanced level.", "面向技术转移从业人员的课程大纲，从初级到高级循序渐进。"},
	},
	"cases": {
		text{"Cases", "案例"},
		text{"Licensing deals, joint laboratories and spin-offs from across the Greater Bay Area.", "来自粤港澳大湾区的许可交易、联合实验室和衍生企业案例。"},
	},
	"policies": {
		text{"Policies", "政策法规"},
		text{"Laws, measures and guidelines that shape technology transfer at every level.", "在各个层级影响技术转移的法律、办法和指引。"},
	},
	"speakers": {
		text{"Speakers", "讲师"},
		text{"Practitioners, lawyers, investors and researchers who teach the courses.", "承担课程教学的从业者、律师、投资人和研究人员。"},
	},
}

var published = time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)

func homePage(p plan, lang string) []byte {
	var f frontMatter
	f.str("title", text{"Technology Transfer Knowledge Base", "技术转移知识库"}.in(lang))
	f.str("summary", text{"Courses, cases, policies and speakers for technology transfer in the Greater Bay Area.", "粤港澳大湾区技术转移的课程、案例、政策和讲师。"}.in(lang))
	f.date("date", published)
	var b strings.Builder
	b.WriteString(generatedNotice.in(lang) + "\n\n")
	var links []string
	for _, sec := range p.sections() {
		links = append(links, fmt.Sprintf("[%s](%s/_index.md)", sectionTexts[sec.name].title.in(lang), sec.name))
	}
	if lang == "zh" {
		fmt.Fprintf(&b, "本站收录%s。\n", strings.Join(links, "、"))
	} else {
		fmt.Fprintf(&b, "This site collects %s.\n", strings.Join(links, ", "))
	}
	return f.page(b.String())
}

func sectionPage(sec section, lang string) []byte {
	t := sectionTexts[sec.name]
	var f frontMatter
	f.str("title", t.title.in(lang))
	f.str("summary", t.summary.in(lang))
	f.date("date", published)
	f.int("weight", map[string]int{"courses": 1, "cases": 2, "policies": 3, "speakers": 4}[sec.name])
	r := rng(sec, 0)
	var b strings.Builder
	b.WriteString(generatedNotice.in(lang) + "\n\n")
	b.WriteString(t.summary.in(lang) + "\n\n")
	writeParagraph(&b, lang, r.Perm(len(sentences))[:3], fields[0], cities[0])
	if lang == "zh" {
		fmt.Fprintf(&b, "\n可以从[第一篇](%s.md)开始阅读。\n", sec.page(1))
	} else {
		fmt.Fprintf(&b, "\nStart with [the first page](%s.md).\n", sec.page(1))
	}
	return f.page(b.String())
}
