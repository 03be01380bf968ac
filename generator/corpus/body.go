package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

var generatedNotice = text{
	"> Generated sample text for tests and benchmarks. Names, figures and documents are fictional.",
	"> 本文为测试和基准生成的示例文本，其中的名称、数据和文件均为虚构。",
}

// body is what a page's text is made of besides the shared sentences.
type body struct {
	lang        string
	field, city text
	headings    [5]text
	table       [][]string // header row first, in the page's language
	links       []string   // Markdown links, in the page's language
}

// blockSentences is the number of sentences in each block of a body, in
// English and in Chinese: about 600 words, or about 1,000 characters. A
// Chinese block is the first sentences of the English one.
var blockSentences = []struct{ en, zh int }{{4, 3}, {5, 4}, {4, 4}, {5, 5}, {3, 3}, {4, 3}, {3, 2}}

// write renders the body. It makes the same random draws in every
// language, so a translation is built from the same sentences.
func (bd body) write(r *rand.Rand) string {
	perm := r.Perm(len(sentences))
	blocks := make([][]int, len(blockSentences))
	for i, n := range blockSentences {
		blocks[i], perm = perm[:n.en], perm[n.en:]
		if bd.lang == "zh" {
			blocks[i] = blocks[i][:n.zh]
		}
	}
	code := codeBlock(r, bd.lang, bd.field)
	h := func(i int) string { return "## " + bd.headings[i].in(bd.lang) + "\n\n" }

	var b strings.Builder
	b.Grow(8 << 10)
	b.WriteString(generatedNotice.in(bd.lang) + "\n\n")
	writeParagraph(&b, bd.lang, blocks[0], bd.field, bd.city)
	b.WriteString("\n" + h(0))
	writeParagraph(&b, bd.lang, blocks[1], bd.field, bd.city)
	b.WriteString("\n")
	writeParagraph(&b, bd.lang, blocks[2], bd.field, bd.city)
	b.WriteString("\n" + h(1))
	b.WriteString(text{"In short:", "要点如下："}.in(bd.lang) + "\n\n")
	for _, s := range blocks[3] {
		b.WriteString("- " + sentence(s, bd.lang, bd.field, bd.city) + "\n")
	}
	b.WriteString("\n" + h(2))
	writeTable(&b, bd.table)
	b.WriteString("\n")
	writeParagraph(&b, bd.lang, blocks[4], bd.field, bd.city)
	b.WriteString("\n" + h(3))
	b.WriteString(code)
	b.WriteString("\n")
	writeParagraph(&b, bd.lang, blocks[5], bd.field, bd.city)
	b.WriteString("\n" + h(4))
	if bd.lang == "zh" {
		b.WriteString("相关内容参见" + joinList(bd.links, "zh") + "。\n")
	} else {
		b.WriteString("For related material, see " + joinList(bd.links, "en") + ".\n")
	}
	b.WriteString("\n")
	writeParagraph(&b, bd.lang, blocks[6], bd.field, bd.city)
	return b.String()
}

func sentence(i int, lang string, field, city text) string {
	return strings.NewReplacer("{field}", field.in(lang), "{city}", city.in(lang)).Replace(sentences[i].in(lang))
}

// writeParagraph writes sentences as one paragraph: English wrapped at 80
// columns, Chinese one sentence per line, as people write them.
func writeParagraph(b *strings.Builder, lang string, idx []int, field, city text) {
	if lang == "zh" {
		for _, i := range idx {
			b.WriteString(sentence(i, lang, field, city) + "\n")
		}
		return
	}
	col := 0
	for _, i := range idx {
		for _, w := range strings.Fields(sentence(i, lang, field, city)) {
			switch {
			case col == 0:
			case col+1+len(w) > 80:
				b.WriteByte('\n')
				col = 0
			default:
				b.WriteByte(' ')
				col++
			}
			b.WriteString(w)
			col += len(w)
		}
	}
	b.WriteByte('\n')
}

func writeTable(b *strings.Builder, rows [][]string) {
	for i, row := range rows {
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
		if i == 0 {
			b.WriteString(strings.Repeat("| --- ", len(row)) + "|\n")
		}
	}
}

func joinList(items []string, lang string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	last := items[len(items)-1]
	if lang == "zh" {
		return strings.Join(items[:len(items)-1], "、") + "和" + last
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + last
}

// codeBlock returns a fenced block: the terms of a licence in TOML, or the
// royalty rule in Go.
func codeBlock(r *rand.Rand, lang string, field text) string {
	rate := float64(20+r.IntN(40)) / 1000
	fee := (20 + r.IntN(180)) * 10000
	years := 3 + r.IntN(10)
	licensor := institutions[r.IntN(len(institutions))]
	licensee := companies[r.IntN(len(companies))]
	if r.IntN(2) == 0 {
		return fmt.Sprintf("```toml\n%s\n[licence]\nlicensor = %s\nlicensee = %s\nfield_of_use = %s\nterritory = [\"CN\", \"HK\", \"MO\"]\nexclusive = %t\nupfront_fee_cny = %d\nroyalty_rate = %g\nterm_years = %d\n```\n",
			text{"# Key terms of a sample licence", "# 许可合同主要条款示例"}.in(lang),
			quote(licensor.in(lang)), quote(licensee.in(lang)), quote(field.in(lang)),
			years%2 == 0, fee, rate, years)
	}
	return fmt.Sprintf("```go\n%s\nfunc royaltyDue(netSales float64) float64 {\n\tconst rate, minimum = %g, %d.0\n\treturn max(netSales*rate, minimum)\n}\n```\n",
		text{"// royaltyDue returns the running royalty on net sales, never less than\n// the annual minimum agreed in the licence.",
			"// royaltyDue 按净销售额计算提成费，且不低于许可合同约定的年度最低提成。"}.in(lang),
		rate, fee/10)
}
