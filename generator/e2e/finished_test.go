package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"qiao/generator/sitetest"
)

// finishedCourses are courses added to the shipped site whose sessions
// are far in the past or far in the future, whatever day the test runs:
// ITT-901's are all past (one has its own enrol link), ITT-902 has one to
// come and requires ITT-901.
var finishedCourses = map[string]string{
	"ITT-901": `enrol = "enrol@example.org"
[[sessions]]
start = 2001-03-01T09:00:00+08:00
end = 2001-03-02T17:00:00+08:00
[[sessions]]
start = 2001-06-01T09:00:00+08:00
end = 2001-06-02T17:00:00+08:00
enrol = "https://example.org/enrol/901-june"
`,
	"ITT-902": `enrol = "https://example.org/enrol/902"
prerequisites = ["itt-901"]
[[sessions]]
start = 2001-03-01T09:00:00+08:00
end = 2001-03-02T17:00:00+08:00
[[sessions]]
start = 2999-03-01T09:00:00+08:00
end = 2999-03-02T17:00:00+08:00
`,
}

// finishedSite serves the shipped site with finishedCourses added in both
// languages.
func finishedSite(t *testing.T) string {
	t.Helper()
	src := sitetest.Shipped(t)
	for code, extra := range finishedCourses {
		for _, lang := range []string{"", ".zh"} {
			front := fmt.Sprintf("title = %q\nsummary = \"A course for the session marks test.\"\ncode = %q\nlevel = \"foundation\"\nformat = \"in-person\"\nhours = 12\n%s",
				code+" test course"+lang, code, extra)
			name := "content/courses/" + strings.ToLower(code) + lang + ".md"
			src[name] = &fstest.MapFile{Data: []byte("+++\n" + front + "+++\n\nA course whose sessions are chosen for the test.\n")}
		}
	}
	base, _ := serveBuilt(t, src)
	return base
}

// shownActionsJS lists the visible primary actions under the elements a
// CSS selector finds (as %q), other courses' cards left out.
const shownActionsJS = `Array.from(document.querySelectorAll(%q)).flatMap(scope => Array.from(scope.querySelectorAll(".action"))
	.filter(a => a.closest("[data-course]") === scope.closest("[data-course]") && a.checkVisibility())
	.map(a => ({text: a.textContent.trim(), href: a.href, visible: true})))`

// cardActionsJS maps the code of each course card to its visible actions.
const cardActionsJS = `Object.fromEntries(Array.from(document.querySelectorAll(".course-card")).map(c =>
	[c.querySelector(".course-code").textContent, Array.from(c.querySelectorAll(".action")).filter(a => a.checkVisibility()).map(a => a.textContent.trim())]))`

// A course whose sessions are all past offers "Ask about this course" /
// "课程咨询" instead of Enrol once the browser has marked its sessions, on
// its page and on its cards; a course with a session to come keeps
// Enrol; without JavaScript the build's Enrol stays.
func TestFinishedCourseAsks(t *testing.T) {
	base := finishedSite(t)
	words := map[string][2]string{"": {"Enrol", "Ask about this course"}, "/zh": {"报名", "课程咨询"}}
	for _, js := range []bool{true, false} {
		tab := browser.NewTab(t)
		if !js {
			if err := tab.DisableJavaScript(); err != nil {
				t.Fatal(err)
			}
		}
		for prefix, w := range words {
			enrol, ask := w[0], w[1]
			page901 := []string{ask}
			if !js { // the build's output, which knows no date
				ask = enrol
				page901 = []string{enrol, enrol} // the course's and a session's own
			}
			for _, c := range []struct {
				path, scope string
				want        []string
				askHref     bool // the ask action is a mailto: to the contact
			}{
				// The page's own action; the session with its own link is past,
				// so that link is gone too.
				{"/courses/itt-901/", "article.course", page901, js},
				{"/courses/itt-902/", "article.course", []string{enrol}, false},
				// ITT-902's page shows ITT-901 as a prerequisite card.
				{"/courses/itt-902/", ".course-card", []string{ask}, js},
			} {
				path := prefix + c.path
				if err := tab.Navigate(base + path); err != nil {
					t.Fatal(err)
				}
				got := shownActions(t, tab.Context(), c.scope)
				if !sameTexts(got, c.want) {
					t.Errorf("%s (JavaScript %v): %s shows %v, want %q", path, js, c.scope, got, c.want)
				}
				for _, a := range got {
					if c.askHref && !strings.HasPrefix(a.Href, "mailto:info@example.org?subject=") {
						t.Errorf("%s (JavaScript %v): %q leads to %s, want the contact's e-mail", path, js, a.Text, a.Href)
					}
				}
			}
			// The catalog's cards.
			if err := tab.Navigate(base + prefix + "/courses/"); err != nil {
				t.Fatal(err)
			}
			cards, err := chromedp.Run(tab.Context(), chromedp.Evaluate[map[string][]string](cardActionsJS))
			if err != nil {
				t.Fatal(err)
			}
			for code, want := range map[string]string{"ITT-901": ask, "ITT-902": enrol} {
				if got := cards[code]; len(got) != 1 || got[0] != want {
					t.Errorf("%s/courses/ (JavaScript %v): the card of %s shows %q, want %q", prefix, js, code, got, want)
				}
			}
		}
		for _, p := range tab.TakeProblems() {
			t.Error(p)
		}
	}
}

// shownActions returns the visible actions under the elements sel finds.
func shownActions(t *testing.T, ctx context.Context, sel string) []action {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]action](strings.Replace(shownActionsJS, "%q", strconv.Quote(sel), 1)))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// sameTexts tells whether the actions read the texts want, in order.
func sameTexts(got []action, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i, a := range got {
		if a.Text != want[i] {
			return false
		}
	}
	return true
}
