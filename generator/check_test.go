package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"qiao/generator/check"
	"qiao/generator/diag"
)

const checkConfig = `title = "T"
defaultLanguage = "en"
[languages.en]
[languages.en.strings]
greeting = "Hello"
[languages.zh]
[topics.policy]
en = "Policy"
zh = "政策"
`

func runJSON(t *testing.T, dir string, args ...string) ([]diag.JSON, int) {
	t.Helper()
	out, code := runCheckJSON(t, dir, args...)
	return out.Diagnostics, code
}

func runCheckJSON(t *testing.T, dir string, args ...string) (check.JSON, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"check", "--format", "json", "--source", dir}, args...), &stdout, &stderr)
	var out check.JSON
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil || out.Version != check.JSONVersion || out.Diagnostics == nil {
		t.Fatalf("bad JSON %v:\n%s\n%s", err, stdout.String(), stderr.String())
	}
	return out, code
}

// Each validation of check, with the exact path, line and code it reports.
func TestCheckValidations(t *testing.T) {
	course := func(extra string) string {
		return "+++\ntitle = \"C\"\ncode = \"X-1\"\nlevel = \"foundation\"\nformat = \"online\"\nhours = 4\n" + extra + "+++\n"
	}
	tests := []struct {
		name       string
		files      map[string]string
		path, code string
		line       int
		severity   string
		message    string // the exact message, where given
	}{
		{"unknown key", map[string]string{"content/cases/a.md": "+++\ntitle = \"A\"\nyear = 2020\nregoin = \"x\"\n+++\n"}, "content/cases/a.md", "unknown-key", 4, "error", ""},
		{"wrong type", map[string]string{"content/cases/a.md": "+++\ntitle = \"A\"\nyear = \"2020\"\n+++\n"}, "content/cases/a.md", "front-matter", 3, "error", ""},
		{"required field", map[string]string{"content/policies/p.md": "+++\ntitle = \"P\"\nissuer = \"X\"\nstatus = \"in-force\"\n+++\n"}, "content/policies/p.md", "required", 1, "error", ""},
		{"value outside the set", map[string]string{"content/policies/p.md": "+++\ntitle = \"P\"\nissuer = \"X\"\njurisdiction = \"hongkong\"\nstatus = \"in-force\"\n+++\n"}, "content/policies/p.md", "value", 4, "error", ""},
		{"duplicate course code", map[string]string{"content/courses/a.md": course(""), "content/courses/b.md": course("")}, "content/courses/b.md", "duplicate-code", 3, "error", ""},
		{"same URL twice", map[string]string{"content/cases/a.md": "+++\ntitle = \"A\"\nyear = 2020\n+++\n", "content/cases/b.md": "+++\ntitle = \"B\"\nyear = 2020\nslug = \"a\"\n+++\n"}, "content/cases/b.md", "url-conflict", 4, "error", ""},
		{"unknown topic", map[string]string{"content/about.md": "+++\ntitle = \"A\"\ntopics = [\"polic\"]\n+++\n"}, "content/about.md", "topic", 3, "error", ""},
		{"unresolved reference", map[string]string{"content/courses/a.md": course("speakers = [\"nobody\"]\n")}, "content/courses/a.md", "reference", 7, "error", ""},
		{"broken .md link", map[string]string{"content/about.md": "+++\ntitle = \"A\"\n+++\n\nSee [x](cases/none.md).\n"}, "content/about.md", "broken-link", 5, "error", ""},
		{"broken .md link, a page near", map[string]string{"content/about.md": "+++\ntitle = \"A\"\n+++\n\nSee [x](case/a.md).\n", "content/cases/a.md": "+++\ntitle = \"A\"\nyear = 2020\n+++\n"},
			"content/about.md", "broken-link", 5, "error", `link to case/a.md: no such page or file (did you mean "cases/a.md"?)`},
		{"broken anchor, in the reader's language", map[string]string{
			"content/about.zh.md":   "+++\ntitle = \"A\"\n+++\n见[背景](cases/a.md#background)。\n",
			"content/cases/a.md":    "+++\ntitle = \"A\"\nyear = 2020\n+++\n## Background\n",
			"content/cases/a.zh.md": "+++\ntitle = \"甲\"\nyear = 2020\n+++\n## 背景\n",
		}, "content/about.zh.md", "broken-anchor", 4, "error", `link to cases/a.md#background: content/cases/a.zh.md has no heading or anchor with the id "background"`},
		{"missing image", map[string]string{"content/about.md": "+++\ntitle = \"A\"\n+++\n![Map](map.png)\n"}, "content/about.md", "broken-link", 4, "error", ""},
		{"missing photo", map[string]string{"content/speakers/s.md": "+++\ntitle = \"S\"\nname = \"S\"\norganization = \"O\"\nphoto = \"s.jpg\"\n+++\n"}, "content/speakers/s.md", "missing-file", 5, "error", ""},
		{"module hours", map[string]string{"content/courses/a.md": course("[[modules]]\ntitle = \"M\"\nhours = 3\n")}, "content/courses/a.md", "hours-mismatch", 6, "error", ""},
		{"session ends before it starts", map[string]string{"content/courses/a.md": course("[[sessions]]\nstart = 2026-03-02\nend = 2026-03-01\n")}, "content/courses/a.md", "session-order", 9, "error", ""},
		{"raw HTML", map[string]string{"content/about.md": "+++\ntitle = \"A\"\n+++\n<div>x</div>\n"}, "content/about.md", "raw-html", 4, "warning", ""},
		{"link to an untranslated page", map[string]string{"content/about.zh.md": "+++\ntitle = \"A\"\n+++\n[x](cases/a.md)\n", "content/cases/a.md": "+++\ntitle = \"A\"\nyear = 2020\n+++\n"}, "content/about.zh.md", "untranslated-link", 4, "warning", ""},
		{"missing UI string", map[string]string{}, "site.toml", "missing-string", 6, "warning", ""},
		{"template error", map[string]string{"layouts/_default/single.html": "{{define \"main\"}}{{.Nope}}{{end}}", "content/about.md": "+++\ntitle = \"A\"\n+++\n"}, "content/about.md", "layout", 0, "error", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"site.toml": checkConfig}
			for k, v := range tt.files {
				files[k] = v
			}
			dir := writeSite(t, files)
			items, code := runJSON(t, dir)
			wantCode := 0
			if tt.severity == "error" {
				wantCode = 1
			}
			if code != wantCode {
				t.Errorf("exit %d, want %d", code, wantCode)
			}
			for _, d := range items {
				if d.Path == tt.path && d.Line == tt.line && d.Code == tt.code && d.Severity == tt.severity && d.Message != "" && (tt.message == "" || d.Message == tt.message) {
					return
				}
			}
			t.Errorf("no %s %s at %s:%d in %+v", tt.severity, tt.code, tt.path, tt.line, items)
		})
	}
}

func TestCheckTextFormatAndNoOutput(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.toml":          checkConfig + "[languages.zh.strings]\ngreeting = \"你好\"\n",
		"content/cases/a.md": "+++\ntitle = \"A\"\nyear = \"x\"\n+++\n",
	})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "--source", dir}, &stdout, &stderr); code != 1 {
		t.Errorf("exit %d", code)
	}
	want := "content/cases/a.md:3: error: front matter: year: incompatible types"
	if !strings.Contains(stdout.String(), want) || !strings.Contains(stdout.String(), "1 error, 0 warnings.") {
		t.Errorf("stdout:\n%s", stdout.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Error("check wrote output")
	}
}

func git(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Editor", "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// A translation is possibly outdated when its source changed in a commit
// the translation's does not include, whatever the commits' dates say;
// drafts and the untouched pages of new are reported as such.
func TestCheckTranslationsFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := writeSite(t, map[string]string{
		"site.toml":             checkConfig + "[languages.zh.strings]\ngreeting = \"你好\"\n",
		"content/cases/a.md":    "+++\ntitle = \"A\"\nyear = 2020\n+++\n",
		"content/cases/a.zh.md": "+++\ntitle = \"甲\"\nyear = 2020\n+++\n",
		"content/cases/b.md":    "+++\ntitle = \"B\"\nyear = 2020\n+++\n",
		"content/cases/b.zh.md": "+++\ntitle = \"乙\"\nyear = 2020\n+++\n",
		"content/cases/c.md":    "+++\ntitle = \"C\"\nyear = 2020\n+++\n",
		"content/cases/d.md":    "+++\ntitle = \"D\"\nyear = 2020\n+++\n",
		"content/cases/d.zh.md": "+++\ntitle = \"丁\"\nyear = 2020\ndraft = true\n+++\n译了一半。\n",
	})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", "--source", dir, "case", "e"}, &stdout, &stderr); code != 0 {
		t.Fatal(stderr.String())
	}
	git(t, dir, nil, "init", "-q")
	git(t, dir, nil, "add", ".")
	first := "2026-02-01T10:00:00+00:00"
	git(t, dir, []string{"GIT_AUTHOR_DATE=" + first, "GIT_COMMITTER_DATE=" + first}, "commit", "-q", "-m", "first")
	if err := os.WriteFile(filepath.Join(dir, "content/cases/a.md"), []byte("+++\ntitle = \"A, revised\"\nyear = 2020\n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	skewed := "2026-01-01T10:00:00+00:00" // a month before the first commit
	git(t, dir, []string{"GIT_AUTHOR_DATE=" + skewed, "GIT_COMMITTER_DATE=" + skewed}, "commit", "-q", "-am", "revise a")

	stdout.Reset()
	out, code := runCheckJSON(t, dir, "--translations")
	if code != 0 || out.Translations == nil {
		t.Fatalf("exit %d: %+v", code, out)
	}
	r := out.Translations
	if r.TimesFrom != check.FromGit {
		t.Errorf("times from %q", r.TimesFrom)
	}
	status := map[string]check.Status{}
	for _, p := range r.Pages {
		status[p.Name] = p.Versions["zh"].Status
		if p.Name == "cases/a" {
			if c := p.Versions["en"].Changed; c == nil || !c.Time.Equal(time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)) || len(c.Commit) != 40 {
				t.Errorf("source changed %+v", c)
			}
		}
	}
	want := map[string]check.Status{"cases/a": check.Outdated, "cases/b": check.Translated, "cases/c": check.Missing, "cases/d": check.Draft, "cases/e": check.Stub}
	for name, st := range want {
		if status[name] != st {
			t.Errorf("zh %s: %s, want %s", name, status[name], st)
		}
	}
	if zh := r.Languages[1]; zh.Code != "zh" || zh.Translated != 1 || zh.Outdated != 1 || zh.Missing != 1 || zh.Draft != 1 || zh.Stub != 1 {
		t.Errorf("zh counts = %+v", zh)
	}
	// The text form: a table per language with counts.
	stdout.Reset()
	run([]string{"check", "--translations", "--source", dir}, &stdout, &stderr)
	for _, want := range []string{
		"zh (zh): 0 source, 1 translated, 1 possibly outdated, 1 draft, 1 stub, 1 missing",
		"cases/a  outdated    content/cases/a.zh.md (content/cases/a.md changed in commit ",
		"cases/c  missing     — translate content/cases/c.md",
		"cases/d  draft       content/cases/d.zh.md (draft = true: finish it, then remove that line)",
		"cases/e  stub        content/cases/e.zh.md (still as new wrote it: translate content/cases/e.md)",
		"cases/e  source      content/cases/e.md (a draft)",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, stdout.String())
		}
	}
}

// The JSON output has one shape whatever is asked for: the same fields,
// null for the reports not asked for.
func TestCheckJSONHasOneShape(t *testing.T) {
	dir := writeSite(t, map[string]string{"site.toml": checkConfig, "content/about.md": "+++\ntitle = \"A\"\n+++\n"})
	for _, args := range [][]string{nil, {"--translations"}, {"--external"}, {"--translations", "--external"}} {
		var stdout, stderr bytes.Buffer
		run(append([]string{"check", "--format", "json", "--source", dir}, args...), &stdout, &stderr)
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(stdout.Bytes(), &fields); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stdout.String())
		}
		var keys []string
		for k := range fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if strings.Join(keys, " ") != "diagnostics external translations version" || string(fields["version"]) != "1" {
			t.Errorf("%v: fields %v, version %s", args, keys, fields["version"])
		}
		translations, external := slices.Contains(args, "--translations"), slices.Contains(args, "--external")
		if (string(fields["translations"]) == "null") == translations || (string(fields["external"]) == "null") == external {
			t.Errorf("%v: translations %.20s…, external %s", args, fields["translations"], fields["external"])
		}
		if !strings.HasPrefix(string(fields["diagnostics"]), "[") {
			t.Errorf("%v: diagnostics %s", args, fields["diagnostics"])
		}
	}
}

// check --external reports links to other sites that are gone, from page
// bodies and front matter, with their lines; build never asks for them.
func TestCheckExternal(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/ok":
		case "/old":
			http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := writeSite(t, map[string]string{
		"site.toml":             checkConfig + "[languages.zh.strings]\ngreeting = \"你好\"\n",
		"content/about.md":      "+++\ntitle = \"A\"\n+++\nSee [ok](" + srv.URL + "/ok) and\n[gone](" + srv.URL + "/gone#part).\n\n<" + srv.URL + "/gone>\n",
		"content/policies/p.md": "+++\ntitle = \"P\"\nissuer = \"X\"\njurisdiction = \"national\"\nstatus = \"in-force\"\nsource = \"" + srv.URL + "/old\"\n+++\n",
		"content/speakers/s.md": "+++\ntitle = \"S\"\nname = \"S\"\norganization = \"O\"\n[links]\nhome = \"" + srv.URL + "/ok\"\nblog = \"" + srv.URL + "/moved-on\"\n+++\n",
	})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--source", dir}, &stdout, &stderr); code != 0 || hits.Load() != 0 {
		t.Fatalf("build: exit %d, %d requests: %s", code, hits.Load(), stderr.String())
	}
	stdout.Reset()
	code := run([]string{"check", "--external", "--source", dir}, &stdout, &stderr)
	want := "content/about.md:5: error: link to " + srv.URL + "/gone#part: the server answered 404 Not Found\n" +
		"content/about.md:7: error: link to " + srv.URL + "/gone: the server answered 404 Not Found\n" +
		"content/speakers/s.md:7: error: link to " + srv.URL + "/moved-on: the server answered 404 Not Found\n" +
		"3 errors, 0 warnings.\n" +
		"External links: 6 links to 4 addresses, 0 answered from .qiao-link-cache.json; 2 broken, 0 unreachable.\n"
	if code != 1 || stdout.String() != want {
		t.Errorf("exit %d, got\n%s\nwant\n%s\n%s", code, stdout.String(), want, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, check.CacheFile)); err != nil {
		t.Errorf("no cache file: %v", err)
	}
	// The good answers come from the cache next time.
	out, _ := runCheckJSON(t, dir, "--external")
	if e := out.External; e == nil || *e != (check.ExternalSummary{Links: 6, URLs: 4, Cached: 2, Broken: 2}) {
		t.Errorf("second run: %+v", e)
	}
}

// new writes a page in every language for each type, check passes on the
// result, and new refuses to overwrite.
func TestNewThenCheck(t *testing.T) {
	dir := writeSite(t, map[string]string{"site.toml": checkConfig + "[languages.zh.strings]\ngreeting = \"你好\"\n"})
	for _, typ := range []string{"course", "case", "policy", "speaker", "page"} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"new", "--source", dir, typ, "first-" + typ}, &stdout, &stderr); code != 0 {
			t.Fatalf("new %s: exit %d: %s", typ, code, stderr.String())
		}
		if lines := strings.Split(strings.TrimSpace(stdout.String()), "\n"); len(lines) != 2 || !strings.HasSuffix(lines[1], ".zh.md") {
			t.Errorf("new %s printed %q", typ, stdout.String())
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "content/courses/first-course.zh.md")); err != nil || !strings.Contains(string(b), "## 学习目标") || !strings.Contains(string(b), `code = "FIRST-COURSE"`) {
		t.Errorf("zh course scaffold: %v\n%s", err, b)
	}
	items, code := runJSON(t, dir)
	if code != 0 || len(items) != 0 {
		t.Errorf("check after new: exit %d, %+v", code, items)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", "--source", dir, "case", "first-case"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "already exist") {
		t.Errorf("overwrite: exit %d, %s", code, stderr.String())
	}
	if code := run([]string{"new", "--source", dir, "case", "../escape"}, &stdout, &stderr); code != 2 {
		t.Errorf("bad slug: exit %d", code)
	}
	if code := run([]string{"new", "--source", dir, "lecture", "x"}, &stdout, &stderr); code != 2 {
		t.Errorf("bad type: exit %d", code)
	}
}

// A site's own template replaces the built-in one.
func TestNewUsesTheSiteTemplate(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.toml":            checkConfig,
		"layouts/new/cases.md": "+++\ntitle = \"{{.Title}} ({{.Lang}})\"\nyear = {{.Year}}\n+++\nHouse style.\n",
	})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", "--source", dir, "case", "a-licence"}, &stdout, &stderr); code != 0 {
		t.Fatal(stderr.String())
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content/cases/a-licence.zh.md"))
	if !strings.HasPrefix(string(b), "+++\ntitle = \"A licence (zh)\"\nyear = 20") {
		t.Errorf("got %q", b)
	}
}

// The shipped site passes check with no errors and no warnings.
func TestShippedSitePassesCheck(t *testing.T) {
	items, code := runJSON(t, "..")
	if code != 0 || len(items) != 0 {
		t.Errorf("exit %d: %+v", code, items)
	}
}
