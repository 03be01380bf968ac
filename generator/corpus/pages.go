package corpus

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"qiao/generator/content"
)

// page returns the file of page i of sec in lang.
func (p plan) page(sec section, i int, lang string) []byte {
	switch sec.name {
	case content.TypeCourses:
		return p.course(i, lang)
	case content.TypeCases:
		return p.caseStudy(i, lang)
	case content.TypePolicies:
		return p.policy(i, lang)
	default:
		return p.speaker(i, lang)
	}
}

// Titles depend on the index alone, so that other pages can use them as
// link text.

func courseField(i int) text { return fields[((i-1)/len(courseSubjects)+i)%len(fields)] }

func courseTitle(i int) text {
	s, f := courseSubjects[(i-1)%len(courseSubjects)], courseField(i)
	return text{s.en + ": " + titleCase(f.en), s.zh + "：" + f.zh}
}

// dealKinds are case titles: %[1]s the institution, %[2]s the company,
// %[3]s the field.
var dealKinds = []text{
	{"%[1]s licenses %[3]s patents to %[2]s", "%[1]s向%[2]s许可%[3]s专利"},
	{"%[1]s and %[2]s open a joint %[3]s laboratory", "%[1]s与%[2]s共建%[3]s联合实验室"},
	{"%[1]s spins out a %[3]s start-up with %[2]s", "%[1]s与%[2]s合作孵化%[3]s初创企业"},
	{"%[1]s transfers %[3]s know-how to %[2]s", "%[1]s向%[2]s转让%[3]s技术秘密"},
}

func caseParts(i int) (institution, company, field text) {
	return institutions[(i-1)%len(institutions)],
		companies[((i-1)/len(institutions)+3*i)%len(companies)],
		fields[(5*i)%len(fields)]
}

func caseTitle(i int) text {
	inst, comp, field := caseParts(i)
	kind := dealKinds[((i-1)/2)%len(dealKinds)]
	return text{
		fmt.Sprintf(kind.en, inst.en, comp.en, field.en),
		fmt.Sprintf(kind.zh, inst.zh, comp.zh, field.zh),
	}
}

func policyParts(i int) (j jurisdiction, year int) {
	return jurisdictions[(i-1)%len(jurisdictions)], 2008 + (7*i)%17
}

func policyTitle(i int) text {
	j, year := policyParts(i)
	subject := policySubjects[((i-1)/len(jurisdictions)+i)%len(policySubjects)]
	inst := policyInstruments[((i-1)/3)%len(policyInstruments)]
	return text{
		fmt.Sprintf("%s %s (%d)", j.place.en, fmt.Sprintf(inst.en, subject.en), year),
		fmt.Sprintf("%s%s（%d年）", j.place.zh, fmt.Sprintf(inst.zh, subject.zh), year),
	}
}

func speakerName(i int) text {
	s := surnames[(i-1)%len(surnames)]
	g := givenNames[((i-1)/len(surnames)*5+i-1)%len(givenNames)]
	return text{s.en + " " + g.en, s.zh + g.zh}
}

// title returns the title page i of sec shows in lang: the English one when
// the page is not translated.
func title(sec section, i int, lang string) string {
	if !sec.translated(i) {
		lang = "en"
	}
	switch sec.name {
	case content.TypeCourses:
		return courseTitle(i).in(lang)
	case content.TypeCases:
		return caseTitle(i).in(lang)
	case content.TypePolicies:
		return policyTitle(i).in(lang)
	default:
		return speakerName(i).in(lang)
	}
}

// link is a Markdown link from a page of from to page i of to.
func link(from, to section, i int, lang string) string {
	dest := to.page(i) + ".md"
	if from.name != to.name {
		dest = "../" + to.fullName(i) + ".md"
	}
	return "[" + title(to, i, lang) + "](" + dest + ")"
}

var cst = time.FixedZone("CST", 8*60*60)

func (p plan) course(i int, lang string) []byte {
	sec := p.courses
	r := rng(sec, i)
	field, city := courseField(i), cities[r.IntN(len(cities))]
	date := published.AddDate(0, 0, -r.IntN(700))
	lastmod := date.AddDate(0, 0, r.IntN(90))
	topicKeys := pickTopics(r)
	level := content.Levels[r.IntN(len(content.Levels))]
	format := content.Formats[r.IntN(len(content.Formats))]
	teaching := pick(r, p.speakers.count, 1+r.IntN(3))
	var prereqs []int
	if i > 1 {
		prereqs = pick(r, i-1, r.IntN(3))
	}

	type module struct {
		title   text
		hours   float64
		speaker int
	}
	modules := make([]module, 3+r.IntN(3))
	titles := r.Perm(len(moduleTitles))
	var hours float64
	for m := range modules {
		modules[m] = module{
			title:   moduleTitles[titles[m]],
			hours:   []float64{1.5, 2, 2.5, 3, 4, 6}[r.IntN(6)],
			speaker: teaching[r.IntN(len(teaching))],
		}
		hours += modules[m].hours
	}
	type session struct {
		start, end time.Time
		venue      text
		seats      int
	}
	sessions := make([]session, 1+r.IntN(2))
	for s := range sessions {
		start := time.Date(2025, 10, 1+r.IntN(150), 9, 0, 0, 0, cst)
		sessions[s] = session{
			start: start,
			end:   time.Date(start.Year(), start.Month(), start.Day()+r.IntN(3), 17, 0, 0, 0, cst),
			venue: venues[r.IntN(len(venues))],
			seats: 20 + r.IntN(40),
		}
	}
	slices.SortFunc(sessions, func(a, b session) int { return a.start.Compare(b.start) })
	goals := r.Perm(len(outcomes))[:3]
	cert := r.IntN(len(certificates) + 1)
	taughtIn := []string{"en", "zh"}[r.IntN(2)]
	prev := 0
	if i > 1 {
		prev = 1 + r.IntN(i-1)
	}
	policyLink := 1 + r.IntN(p.policies.count)

	var f frontMatter
	f.str("title", courseTitle(i).in(lang))
	f.str("summary", fmt.Sprintf(text{"A %s-level course with worked examples from %s and sessions in %s.", "%s课程，结合%s领域的实例讲解，在%s开课。"}.in(lang),
		strings.ToLower(label("level_"+level, lang)), field.in(lang), city.in(lang)))
	f.date("date", date)
	if i%3 == 0 {
		f.date("lastmod", lastmod)
	}
	f.strs("topics", topicKeys)
	if i%50 == 0 {
		f.strs("aliases", []string{"/catalogue/" + sec.page(i) + "/"})
	}
	f.str("code", fmt.Sprintf("QT-%05d", i))
	f.str("level", level)
	f.str("format", format)
	f.float("hours", hours)
	f.str("language", taughtIn)
	if cert < len(certificates) {
		f.strs("certificates", []string{certificates[cert].in(lang)})
	}
	f.strs("speakers", names(p.speakers, teaching))
	f.strs("prerequisites", names(p.courses, prereqs))
	var goalTexts []string
	for _, g := range goals {
		goalTexts = append(goalTexts, outcomes[g].in(lang))
	}
	f.strs("outcomes", goalTexts)
	for _, m := range modules {
		f.table("[modules]")
		f.str("title", m.title.in(lang))
		f.float("hours", m.hours)
		f.strs("speakers", names(p.speakers, []int{m.speaker}))
	}
	for _, s := range sessions {
		f.table("[sessions]")
		f.time("start", s.start)
		f.time("end", s.end)
		f.str("location", s.venue.in(lang))
		f.int("seats", s.seats)
	}

	table := [][]string{{text{"Module", "模块"}.in(lang), text{"Hours", "学时"}.in(lang), text{"Speaker", "讲师"}.in(lang)}}
	for _, m := range modules {
		table = append(table, []string{m.title.in(lang), strconv.FormatFloat(m.hours, 'f', -1, 64), title(p.speakers, m.speaker, lang)})
	}
	links := []string{link(sec, p.speakers, teaching[0], lang), link(sec, p.policies, policyLink, lang)}
	if prev > 0 {
		links = append(links, link(sec, sec, prev, lang))
	}
	bd := body{
		lang: lang, field: field, city: city, table: table, links: links,
		headings: [5]text{{"Overview", "课程概述"}, {"What you will practise", "实训内容"}, {"Syllabus at a glance", "课程安排一览"}, {"A worked example", "示例"}, {"Further reading", "延伸阅读"}},
	}
	return f.page(bd.write(r))
}

var licenceKinds = []text{{"exclusive", "独占"}, {"sole", "排他"}, {"non-exclusive", "普通"}}

func (p plan) caseStudy(i int, lang string) []byte {
	sec := p.cases
	r := rng(sec, i)
	inst, comp, field := caseParts(i)
	city := cities[r.IntN(len(cities))]
	year := 2012 + r.IntN(14)
	date := time.Date(year, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	topicKeys := pickTopics(r)
	kind := licenceKinds[r.IntN(len(licenceKinds))]
	fee := (10 + r.IntN(290)) * 10000
	royalty := strconv.FormatFloat(float64(10+r.IntN(60))/10, 'f', -1, 64)
	term := 3 + r.IntN(12)
	related := []string{p.policies.fullName(1 + r.IntN(p.policies.count)), p.courses.fullName(1 + r.IntN(p.courses.count))}
	if i > 1 {
		related = append(related, sec.fullName(1+r.IntN(i-1)))
	}
	parties := []string{inst.in(lang), comp.in(lang)}
	if r.IntN(2) == 0 {
		parties = append(parties, text{"Greater Bay Area Technology Exchange", "大湾区技术交易所"}.in(lang))
	}
	links := []string{
		link(sec, p.policies, 1+r.IntN(p.policies.count), lang),
		link(sec, p.courses, 1+r.IntN(p.courses.count), lang),
		link(sec, p.speakers, 1+r.IntN(p.speakers.count), lang),
	}

	var f frontMatter
	f.str("title", caseTitle(i).in(lang))
	f.str("summary", fmt.Sprintf(text{"A %[1]d deal between %[2]s and %[3]s in %[4]s.", "%[1]d年%[2]s与%[3]s在%[4]s达成的合作。"}.in(lang),
		year, inst.in(lang), comp.in(lang), city.in(lang)))
	f.date("date", date)
	f.strs("topics", topicKeys)
	f.int("year", year)
	f.str("region", fmt.Sprintf(text{"%s, Greater Bay Area", "粤港澳大湾区%s"}.in(lang), city.in(lang)))
	f.strs("parties", parties)
	if lang == "zh" {
		f.str("outcome", fmt.Sprintf("签订%s许可合同：入门费%d万元，按净销售额的%s%%提成，期限%d年。", kind.zh, fee/10000, royalty, term))
	} else {
		f.str("outcome", fmt.Sprintf("Signed a %s licence: upfront fee CNY %s, royalty %s%% of net sales, term %d years.", kind.en, thousands(fee), royalty, term))
	}
	f.strs("related", related)

	table := [][]string{
		{text{"Item", "项目"}.in(lang), text{"Detail", "内容"}.in(lang)},
		{text{"Year", "年份"}.in(lang), strconv.Itoa(year)},
		{text{"Region", "地区"}.in(lang), city.in(lang)},
		{text{"Licence", "许可类型"}.in(lang), kind.in(lang)},
		{text{"Upfront fee", "入门费"}.in(lang), text{"CNY " + thousands(fee), strconv.Itoa(fee/10000) + "万元"}.in(lang)},
		{text{"Royalty", "提成比例"}.in(lang), royalty + "%"},
		{text{"Term", "期限"}.in(lang), fmt.Sprintf(text{"%d years", "%d年"}.in(lang), term)},
	}
	bd := body{
		lang: lang, field: field, city: city, table: table, links: links,
		headings: [5]text{{"Background", "背景"}, {"What was agreed", "交易要点"}, {"Key figures", "关键数据"}, {"How the deal was modelled", "交易测算"}, {"Lessons", "经验与启示"}},
	}
	return f.page(bd.write(r))
}

// provisions fill the table of a policy: requirement, then practice.
var provisions = [][2]text{
	{{"Agreed prices are published inside the institution before signature", "协议定价须在本单位公示后方可签约"}, {"Plan the publicity period into the timetable", "在交易时间表中预留公示期"}},
	{{"Researchers receive at least half of the net income", "完成人获得不低于净收入百分之五十的奖励"}, {"Agree the split with the team before negotiating", "谈判前先与团队约定收益分配"}},
	{{"Technology contracts are registered within 30 days of signature", "技术合同应在签订后30日内认定登记"}, {"Keep the signed contract and invoices ready", "备齐已签合同和相关票据"}},
	{{"Results unused for a year may be transferred by the inventors", "成果一年内未实施的，完成人可自行实施转化"}, {"Record the date each result was disclosed", "记录每项成果的披露日期"}},
	{{"Listed technologies need an export licence before transfer abroad", "列入目录的技术向境外转让须取得出口许可"}, {"Check the catalogue before sharing data", "共享数据前先核对目录"}},
	{{"Proof-of-concept centres receive matched funding", "概念验证中心可获得配套资金支持"}, {"Budget the matched share in the application", "在资助申请中列明配套部分"}},
}

func (p plan) policy(i int, lang string) []byte {
	sec := p.policies
	r := rng(sec, i)
	j, year := policyParts(i)
	field, city := fields[r.IntN(len(fields))], cities[r.IntN(len(cities))]
	issued := time.Date(year, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	effective := issued.AddDate(0, 0, 30+r.IntN(60))
	topicKeys := pickTopics(r)
	serial := 1 + r.IntN(40)
	status := "in-force"
	switch {
	case i%13 == 0:
		status = "repealed"
	case i%7 == 0:
		status = "amended"
	}
	related := []string{p.courses.fullName(1 + r.IntN(p.courses.count))}
	if i > 1 {
		related = append(related, sec.fullName(1+r.IntN(i-1)))
	}
	related = append(related, p.speakers.fullName(1+r.IntN(p.speakers.count)))
	links := []string{
		link(sec, p.cases, 1+r.IntN(p.cases.count), lang),
		link(sec, p.courses, 1+r.IntN(p.courses.count), lang),
	}
	table := [][]string{{text{"Article", "条款"}.in(lang), text{"Requirement", "要求"}.in(lang), text{"In practice", "实务要点"}.in(lang)}}
	article := 1
	for _, k := range r.Perm(len(provisions))[:3] {
		article += 1 + r.IntN(5)
		table = append(table, []string{
			fmt.Sprintf(text{"Article %d", "第%d条"}.in(lang), article),
			provisions[k][0].in(lang), provisions[k][1].in(lang),
		})
	}

	var f frontMatter
	f.str("title", policyTitle(i).in(lang))
	f.str("summary", fmt.Sprintf(text{"Issued by the %s in %d; what it means for transfers in %s.", "%s于%d年发布；解读其对%s技术转移的影响。"}.in(lang),
		j.issuer.in(lang), year, city.in(lang)))
	f.date("date", issued)
	f.strs("topics", topicKeys)
	f.str("issuer", j.issuer.in(lang))
	f.str("jurisdiction", j.key)
	f.str("number", fmt.Sprintf(j.number.in(lang), year, serial))
	f.date("issued", issued)
	f.date("effective", effective)
	f.str("status", status)
	f.str("source", "https://example.org/sources/"+sec.page(i)+".pdf")
	f.strs("related", related)

	bd := body{
		lang: lang, field: field, city: city, table: table, links: links,
		headings: [5]text{{"Scope", "适用范围"}, {"Main provisions", "主要内容"}, {"Provisions at a glance", "条款一览"}, {"Applying it in practice", "实务应用"}, {"Related material", "相关资料"}},
	}
	return f.page(bd.write(r))
}

var events = []text{
	{"Technology transfer training, Qianhai", "前海技术转移培训班"},
	{"Greater Bay Area licensing forum", "大湾区技术许可论坛"},
	{"Meeting of university transfer office directors", "高校技术转移机构负责人会议"},
	{"Cross-border IP workshop, Hong Kong", "香港跨境知识产权工作坊"},
	{"Proof-of-concept demo day, Guangzhou", "广州概念验证路演日"},
}

func (p plan) speaker(i int, lang string) []byte {
	sec := p.speakers
	r := rng(sec, i)
	name := speakerName(i)
	role := roles[r.IntN(len(roles))]
	org := institutions[r.IntN(len(institutions))]
	if r.IntN(2) == 0 {
		org = companies[r.IntN(len(companies))]
	}
	field, city := fields[r.IntN(len(fields))], cities[r.IntN(len(cities))]
	date := published.AddDate(0, 0, -r.IntN(500))
	topicKeys := pickTopics(r)
	spoken := [][]string{{"zh", "en"}, {"zh"}, {"en", "zh"}}[r.IntN(3)]
	table := [][]string{{text{"Year", "年份"}.in(lang), text{"Event", "活动"}.in(lang), text{"Topic", "主题"}.in(lang)}}
	year := 2018
	for _, e := range r.Perm(len(events))[:3] {
		year += 1 + r.IntN(2)
		table = append(table, []string{strconv.Itoa(year), events[e].in(lang), courseSubjects[r.IntN(len(courseSubjects))].in(lang)})
	}
	links := []string{
		link(sec, p.courses, 1+r.IntN(p.courses.count), lang),
		link(sec, p.cases, 1+r.IntN(p.cases.count), lang),
	}

	var f frontMatter
	f.str("title", name.in(lang))
	f.str("summary", fmt.Sprintf(text{"%s, %s at %s, works on %s.", "%s，%s%s，主要从事%s领域的技术转移工作。"}.in(lang),
		name.in(lang), role.in(lang), org.in(lang), field.in(lang)))
	f.date("date", date)
	f.strs("topics", topicKeys)
	f.str("name", name.in(lang))
	f.str("role", role.in(lang))
	f.str("organization", org.in(lang))
	f.strs("languages", spoken)
	f.table("links")
	f.str("website", "https://example.org/people/"+sec.page(i)+"/")

	bd := body{
		lang: lang, field: field, city: city, table: table, links: links,
		headings: [5]text{{"Biography", "个人简介"}, {"Areas of work", "专业领域"}, {"Recent engagements", "近期活动"}, {"Teaching materials", "教学材料"}, {"Further reading", "延伸阅读"}},
	}
	return f.page(bd.write(r))
}

// names returns the page names of the given indexes of sec.
func names(sec section, idx []int) []string {
	var out []string
	for _, i := range idx {
		out = append(out, sec.page(i))
	}
	return out
}

// label returns a UI string of the generated site.toml in lang.
func label(key, lang string) string {
	for _, s := range uiStrings {
		if s.key == key {
			return s.in(lang)
		}
	}
	return key
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// thousands formats n with comma separators: 1250000 → 1,250,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
