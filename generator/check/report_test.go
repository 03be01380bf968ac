package check

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"qiao/generator/build"
	"qiao/generator/diag"
)

const reportConfig = `title = "T"
defaultLanguage = "en"
[languages.en]
name = "English"
[languages.zh]
name = "中文"
prefix = "zh"
`

// Each state of a translation, with its line of the text report.
func TestReportStates(t *testing.T) {
	page := func(title, front, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\ntitle = \"" + title + "\"\n" + front + "+++\n" + body)}
	}
	stub := "\n## Background\n\n[//]: # (The situation before the transfer.)\n\n<!-- a note\nover lines -->\n"
	src := fstest.MapFS{
		"site.toml":                {Data: []byte(reportConfig)},
		"content/fresh.md":         page("Fresh", "", "Text.\n"),
		"content/fresh.zh.md":      page("新", "", "正文。\n"),
		"content/stale.md":         page("Stale", "", "Text.\n"),
		"content/stale.zh.md":      page("旧", "", "正文。\n"),
		"content/drafted.md":       page("Drafted", "", "Text.\n"),
		"content/drafted.zh.md":    page("草稿", "draft = true\n", stub+"译了一半。\n"),
		"content/stubbed.md":       page("Stubbed", "", "Text.\n"),
		"content/stubbed.zh.md":    page("Stubbed", "draft = true\n", stub),
		"content/empty.md":         page("Empty", "", "Text.\n"),
		"content/empty.zh.md":      page("空", "", ""), // published empty: no draft, so not a stub
		"content/alone.md":         page("Alone", "", "Text.\n"),
		"content/unfinished.md":    page("Unfinished", "draft = true\n", stub),
		"content/unfinished.zh.md": page("未完", "draft = true\n", stub),
	}
	var d diag.List
	s, _ := build.Check(src, build.Options{Drafts: true}, &d)
	if s == nil || d.HasErrors() {
		t.Fatal(d.Sorted())
	}
	at := func(day int) Change {
		return Change{Commit: strings.Repeat(string(rune('0'+day)), 40), Time: time.Date(2026, 1, day, 10, 0, 0, 0, time.UTC)}
	}
	h := &History{From: FromGit, Changes: map[string]Change{}, ancestor: func(a, b string) bool { return a <= b }}
	for _, name := range []string{"fresh", "stale", "drafted", "stubbed", "empty", "alone", "unfinished"} {
		h.Changes["content/"+name+".md"] = at(2)
		h.Changes["content/"+name+".zh.md"] = at(3)
	}
	h.Changes["content/stale.md"] = at(4)
	h.Changes["content/drafted.md"] = at(4) // a draft is a draft, outdated or not
	r := Report(s, h)

	tests := []struct {
		page   string
		status Status
		line   string
	}{
		{"fresh", Translated, "  fresh       translated  content/fresh.zh.md"},
		{"stale", Outdated, "  stale       outdated    content/stale.zh.md (content/stale.md changed in commit 4444444 of 2026-01-04 10:00:00 UTC, which this file's last commit, 3333333, does not include)"},
		{"drafted", Draft, "  drafted     draft       content/drafted.zh.md (draft = true: finish it, then remove that line)"},
		{"stubbed", Stub, "  stubbed     stub        content/stubbed.zh.md (still as new wrote it: translate content/stubbed.md)"},
		{"empty", Translated, "  empty       translated  content/empty.zh.md"},
		{"alone", Missing, "  alone       missing     — translate content/alone.md"},
		{"unfinished", Stub, "  unfinished  stub        content/unfinished.zh.md (still as new wrote it: translate content/unfinished.md)"},
	}
	text := r.Text()
	for _, tt := range tests {
		for _, p := range r.Pages {
			if p.Name == tt.page && p.Versions["zh"].Status != tt.status {
				t.Errorf("%s: %s, want %s", tt.page, p.Versions["zh"].Status, tt.status)
			}
		}
		if !strings.Contains(text, "\n"+tt.line+"\n") {
			t.Errorf("no line %q in:\n%s", tt.line, text)
		}
	}
	for _, want := range []string{
		"  unfinished  source      content/unfinished.md (a draft)\n",
		"中文 (zh): 0 source, 2 translated, 1 possibly outdated, 1 draft, 2 stub, 1 missing\n",
		"English (en): 7 source, 0 translated, 0 possibly outdated, 0 draft, 0 stub, 0 missing\n",
		"From git history: a translation is possibly outdated when its source\nchanged in a commit that the translation's last commit does not include",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in:\n%s", want, text)
		}
	}
	if zh := r.Languages[1]; zh != (LanguageCounts{Code: "zh", Name: "中文", Translated: 2, Outdated: 1, Draft: 1, Stub: 2, Missing: 1}) {
		t.Errorf("zh counts %+v", zh)
	}

	// Outside git the report says so, and shows times to the second.
	files := &History{From: FromFileTimes, Changes: map[string]Change{
		"content/stale.md":    {Time: time.Date(2026, 1, 4, 10, 0, 7, 0, time.UTC)},
		"content/stale.zh.md": {Time: time.Date(2026, 1, 4, 10, 0, 6, 0, time.UTC)},
	}}
	text = Report(s, files).Text()
	for _, want := range []string{
		"Not a git checkout, so from file modification times, to the second",
		"  stale       outdated    content/stale.zh.md (content/stale.md changed 2026-01-04 10:00:07 UTC; this file 2026-01-04 10:00:06 UTC)\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in:\n%s", want, text)
		}
	}
}
