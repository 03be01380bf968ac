package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"qiao/generator/chrometest"
	"qiao/generator/sitetest"
)

// generatedCourses is the number of courses generatedCatalog adds.
const generatedCourses = 60

// generatedCatalog builds the shipped site with generatedCourses more
// courses, of every level and format, one to three topics, with and
// without fees, enrol targets and sessions (one day, several days, on
// weekdays, past and far future), a third of them in English only, and
// lists of seven a page; it serves the output and returns the server's URL.
func generatedCatalog(t *testing.T) string {
	t.Helper()
	src := sitetest.Shipped(t)
	src["site.toml"].Data = append(src["site.toml"].Data, "\n[pagination]\npageSize = 7\n"...)
	levels := []string{"foundation", "intermediate", "advanced"}
	formats := []string{"in-person", "online", "hybrid"}
	topics := []string{"policy", "evaluation", "ip-management", "international-trade", "commercialisation", "talent",
		"technology-markets", "demand-docking", "overseas-transfer", "startups", "cross-boundary"}
	fees := []string{"", "free", "CNY 1200", "HKD 15000"}
	enrols := []string{"", "enrol@example.org", "https://example.org/enrol/%d"}
	sessions := []string{"",
		"[[sessions]]\nstart = 2024-05-%02[1]dT09:00:00+08:00\nend = 2024-05-%02[1]dT17:00:00+08:00\n",
		"[[sessions]]\nstart = 2024-06-%02[1]d\nend = 2024-06-%02[2]d\n[[sessions]]\nstart = 2999-01-%02[1]dT09:00:00+08:00\nend = 2999-01-%02[2]dT12:30:00+08:00\nmode = \"online\"\nfee = \"free\"\n",
		"[[sessions]]\nstart = 2024-09-03T19:00:00+08:00\nend = 2024-09-%02[2]dT21:00:00+08:00\ndays = [\"tue\", \"thu\"]\nlocation = \"Qianhai\"\nseats = 30\n",
	}
	for i := range generatedCourses {
		code := fmt.Sprintf("GEN-%03d", i+1)
		var b strings.Builder
		fmt.Fprintf(&b, "code = %q\nlevel = %q\nformat = %q\nhours = %g\ndate = 2024-01-%02d\nweight = %d\n",
			code, levels[i%3], formats[i/3%3], 6+float64(i%5)*1.5, 1+i%28, 100+i)
		var ts []string
		for k := 0; k <= i%3; k++ {
			ts = append(ts, fmt.Sprintf("%q", topics[(i*7+k*3)%len(topics)]))
		}
		fmt.Fprintf(&b, "topics = [%s]\n", strings.Join(ts, ", "))
		if f := fees[i%4]; f != "" {
			fmt.Fprintf(&b, "fee = %q\n", f)
		}
		if e := enrols[i/2%3]; e != "" {
			fmt.Fprintf(&b, "enrol = %q\n", strings.ReplaceAll(e, "%d", fmt.Sprint(i)))
		}
		body := b.String()
		if s := sessions[i/4%4]; s != "" {
			body += fmt.Sprintf(s, 1+i%20, 5+i%20)
		}
		name := "content/courses/" + strings.ToLower(code)
		src[name+".md"] = &fstest.MapFile{Data: fmt.Appendf(nil, "+++\ntitle = \"Generated course %d: licensing & <valuation>\"\nsummary = \"Course %d, generated for the catalog tests.\"\n%s+++\n\nBody.\n", i+1, i+1, body)}
		if i%3 != 2 {
			src[name+".zh.md"] = &fstest.MapFile{Data: fmt.Appendf(nil, "+++\ntitle = \"生成的课程 %d：许可与估值\"\nsummary = \"为目录测试生成的第 %d 门课程。\"\n%s+++\n\n正文。\n", i+1, i+1, body)}
		}
	}
	base, _ := serveBuilt(t, src)
	return base
}

// shownCard is a visible course card: its URL, its markup with the
// white space between tags taken out, and its text as rendered.
type shownCard struct {
	URL  string `json:"url"`
	HTML string `json:"html"`
	Text string `json:"text"`
}

const shownCardsJS = `Array.from(document.querySelectorAll(".course-list > .course-card")).filter(c => c.checkVisibility()).map(c => ({
	url: c.querySelector(".card-title a").getAttribute("href"),
	html: c.outerHTML.replace(/>\s+</g, "><").trim(), text: c.innerText}))`

func shownCards(t *testing.T, tab *chrometest.Tab) []shownCard {
	t.Helper()
	cs, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]shownCard](shownCardsJS))
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// The filters of a long catalog fetch one data file, not the other pages,
// and show the same courses, with the same cards, as the build's pages:
// on a generated catalog in both languages, every course's card made from
// catalog.json is the card the build wrote (markup and text, once the
// script has marked its sessions), and every filter shows exactly the
// courses its value matches.
func TestCatalogDataMatchesPages(t *testing.T) {
	base := generatedCatalog(t)
	tab := browser.NewTab(t)
	for _, first := range []string{"/courses/", "/zh/courses/"} {
		// The cards as the build wrote them, page by page.
		built := map[string]shownCard{}
		var all []course
		for path := first; path != ""; {
			if err := tab.Navigate(base + path); err != nil {
				t.Fatal(err)
			}
			for _, c := range shownCards(t, tab) {
				built[c.URL] = c
			}
			all = append(all, visibleCourses(t, tab)...)
			s := readPager(t, tab)
			path = s.Next
		}
		if len(all) < generatedCourses || len(built) != len(all) {
			t.Fatalf("%s: %d courses (%d cards) over the pages, want at least %d", first, len(all), len(built), generatedCourses)
		}
		// The generated courses cover each part of a card.
		parts := []string{`class="session-times"`, `class="session-dates"><time datetime="2999-`, `data-ask-url=`, `action-ask"`, `<li class="badge">Free</li>`, "&lt;valuation&gt;"}
		if strings.HasPrefix(first, "/zh/") {
			parts = append(parts[:4], `<li class="badge">免费</li>`, `class="lang-label"`, "&lt;valuation&gt;")
		}
		for _, part := range parts {
			n := 0
			for _, c := range built {
				if strings.Contains(c.HTML, part) {
					n++
				}
			}
			if n == 0 {
				t.Errorf("%s: no card has %s", first, part)
			}
		}
		page3 := first + "page/3/"
		if err := tab.Navigate(base + page3); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, f := range filterLinks(t, tab) {
			if err := chromedp.Do(tab.Context(), chromedp.Click(chromedp.CSS(selector(f))), chromedp.WaitNotPresent(".catalog[aria-busy]")); err != nil {
				t.Fatalf("%s: filter %v: %v", page3, f, err)
			}
			if f[1] == "" {
				continue // this page's share: TestPagedCatalog
			}
			cards := shownCards(t, tab)
			var got []string
			for _, c := range cards {
				got = append(got, c.URL)
				want, ok := built[c.URL]
				switch {
				case !ok:
					t.Errorf("%s: filter %s=%q shows %s, which no page lists", page3, f[0], f[1], c.URL)
				case c.HTML != want.HTML || c.Text != want.Text:
					t.Errorf("%s: filter %s=%q: the card of %s differs from the built one:\n got %s\nwant %s\n got %q\nwant %q", page3, f[0], f[1], c.URL, c.HTML, want.HTML, c.Text, want.Text)
				}
				seen[c.URL] = true
			}
			if want := matching(all, f[0], f[1]); !slices.Equal(codes(visibleCourses(t, tab)), want) {
				t.Errorf("%s: filter %s=%q shows %v, want %v", page3, f[0], f[1], codes(visibleCourses(t, tab)), want)
			}
			if err := chromedp.Do(tab.Context(), chromedp.Click(chromedp.CSS(selector([2]string{f[0], ""})))); err != nil {
				t.Fatal(err)
			}
		}
		if len(seen) != len(built) {
			t.Errorf("%s: the filters showed %d of the %d courses' cards", first, len(seen), len(built))
		}
		// One data file was fetched, and no other page of the list.
		fetched, err := chromedp.Run(tab.Context(), chromedp.Evaluate[[]string](`performance.getEntriesByType("resource")
			.filter(e => e.initiatorType === "fetch").map(e => new URL(e.name).pathname)`))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(fetched, []string{first + "catalog.json"}) {
			t.Errorf("%s: the filters fetched %v, want only %scatalog.json", page3, fetched, first)
		}
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}
