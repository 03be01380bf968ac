package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const miniConfig = `title = "T"
defaultLanguage = "en"
[languages.en]
[languages.zh]
`

func TestRunBuild(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.toml":           miniConfig,
		"content/_index.md":   "+++\ntitle = \"Home\"\n+++\n",
		"content/about.md":    "+++\ntitle = \"About\"\n+++\n",
		"content/about.zh.md": "+++\ntitle = \"关于\"\n+++\n",
	})
	var stdout, stderr bytes.Buffer
	code := run([]string{"build", "--source", dir}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	if !regexp.MustCompile(`^en: 3 pages, zh: 3 pages; \d+ files in \d+ ms\n$`).MatchString(stdout.String()) {
		t.Errorf("summary line = %q", stdout.String())
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr = %q", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "zh", "about", "index.html")); err != nil {
		t.Error(err)
	}
}

func TestRunBuildErrors(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.toml":       miniConfig,
		"content/a.md":    "+++\ntitle = \n+++\n",
		"content/b.zh.md": "+++\ntitle = \"B\"\nslug = \"../../x\"\n+++\n",
	})
	var stdout, stderr bytes.Buffer
	code := run([]string{"build", "--source", dir, "--out", filepath.Join(dir, "out")}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout = %q", stdout.String())
	}
	for _, want := range []string{
		filepath.ToSlash(dir) + "/content/a.md:2: front matter: title: expected value",
		filepath.ToSlash(dir) + `/content/b.zh.md:3: slug "../../x" cannot be used in a URL`,
		"qiao build: 2 errors; " + filepath.Join(dir, "out") + " was not changed\n",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); !os.IsNotExist(err) {
		t.Errorf("output written on failure: %v", err)
	}
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		out  string
	}{
		{nil, 2, ""},
		{[]string{"frobnicate"}, 2, ""},
		{[]string{"build", "--nope"}, 2, ""},
		{[]string{"build", "extra"}, 2, ""},
		{[]string{"build", "--base-url", "not a url", "--source", "testdata/none"}, 1, ""},
		{[]string{"help"}, 0, "Commands:"},
		{[]string{"build", "--help"}, 0, ""},
		{[]string{"version"}, 0, "qiao "},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, &stdout, &stderr); code != tt.code {
			t.Errorf("run(%q) = %d, want %d; stderr %s", tt.args, code, tt.code, stderr.String())
		}
		if !strings.Contains(stdout.String(), tt.out) {
			t.Errorf("run(%q) stdout = %q, want %q", tt.args, stdout.String(), tt.out)
		}
	}
}

// The shipped site in the repository builds without errors or warnings.
func TestShippedSiteBuilds(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--source", "..", "--out", filepath.Join(t.TempDir(), "public")}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
	if stderr.Len() != 0 {
		t.Errorf("warnings:\n%s", stderr.String())
	}
}

func TestVersionLine(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "qiao", Version: "v0.3.1"},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "c6f71605ac75"},
			{Key: "vcs.time", Value: "2026-12-06T06:59:01Z"}, {Key: "vcs.modified", Value: "true"}}}
	tests := []struct {
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{info, true, "qiao v0.3.1 (git c6f71605ac75 2026-12-06T06:59:01Z, modified) go1.26.8"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, true, "qiao dev go1.26.8"},
		{nil, false, "qiao dev"},
	}
	for _, tt := range tests {
		if got := versionLine(tt.info, tt.ok); got != tt.want {
			t.Errorf("versionLine = %q, want %q", got, tt.want)
		}
	}
	version = "v9.9.9"
	defer func() { version = "" }()
	if got := versionLine(info, true); !strings.HasPrefix(got, "qiao v9.9.9 (git c6f71605ac75") {
		t.Errorf("with -X main.version: %q", got)
	}
}
