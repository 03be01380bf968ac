package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each way of pointing --out at someone's files is refused with exit 2,
// and the files are all still there.
func TestBuildRefusesToReplaceSources(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.toml":             miniConfig,
		"content/_index.md":     "+++\ntitle = \"Home\"\n+++\n",
		"content/about.md":      "+++\ntitle = \"About\"\n+++\n",
		"static/robots.txt":     "User-agent: *\n",
		"layouts/partials/x.md": "kept",
		"mine/thesis.tex":       "\\documentclass{article}",
	})
	before := files(t, dir)
	for _, c := range []struct {
		out, want string
	}{
		{dir, "it is the site's own folder"},
		{filepath.Dir(dir), "it holds the site's own folder"},
		{filepath.Join(dir, "content"), "it lies in the site's source folder"},
		{filepath.Join(dir, "static"), "it lies in the site's source folder"},
		{filepath.Join(dir, "mine"), "it holds files (thesis.tex) that no Qiao build wrote; choose an empty or new folder, or pass --force"},
	} {
		var stdout, stderr bytes.Buffer
		code := run([]string{"build", "--source", dir, "--out", c.out}, &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), "qiao build: refusing to build into "+c.out+": "+c.want) {
			t.Errorf("--out %s: exit %d, stderr %q", c.out, code, stderr.String())
		}
		if after := files(t, dir); !maps.Equal(before, after) {
			t.Fatalf("--out %s changed the site", c.out)
		}
	}
	// The way out works: --force replaces the folder that is not a source.
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--source", dir, "--out", filepath.Join(dir, "mine"), "--force"}, &stdout, &stderr); code != 0 {
		t.Fatalf("--force: exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "mine", "thesis.tex")); !os.IsNotExist(err) {
		t.Errorf("--force kept thesis.tex: %v", err)
	}
}

// Editor and OS litter in content/, static/ and layouts/ is never
// published, and neither build nor check reads it.
func TestLitterIgnored(t *testing.T) {
	litter := []string{
		"about.md~", "#about.md#", ".#about.md", "about.md.swp", "about.md.swo", "about.tmp", "4913",
		"about.md___jb_tmp___", ".goutputstream-4ZNB2Y", ".DS_Store", "Thumbs.db", "desktop.ini",
	}
	site := map[string]string{
		"site.toml":            miniConfig,
		"content/_index.md":    "+++\ntitle = \"Home\"\n+++\n",
		"content/about.md":     "+++\ntitle = \"About\"\n+++\n",
		"static/css/extra.css": "p{}",
		"layouts/404.html":     "{{define \"main\"}}gone{{end}}",
	}
	// Each holds what would fail a build if it were read.
	for _, dir := range []string{"content/", "static/", "static/css/", "layouts/", "layouts/partials/"} {
		for _, name := range litter {
			site[dir+name] = "+++\ntitle = \n+++\n{{ broken"
		}
	}
	dir := writeSite(t, site)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--source", dir}, &stdout, &stderr); code != 0 || stderr.Len() != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr.String())
	}
	for p := range files(t, filepath.Join(dir, "public")) {
		for _, name := range litter {
			if filepath.Base(p) == name {
				t.Errorf("published %s", p)
			}
		}
	}
	stdout.Reset()
	if code := run([]string{"check", "--source", dir}, &stdout, &stderr); code != 0 || stdout.String() != "No problems found.\n" {
		t.Errorf("check: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
}

// A symbolic link that leads outside the site fails the build with its
// path; one that stays inside works.
func TestSymlinksOutsideTheSite(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "environ")
	if err := os.WriteFile(secret, []byte("CI_TOKEN=hunter2"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ link, want string }{
		{"static/leak.txt", "static/leak.txt: "},
		{"content/courses/leak.md", "content/courses/leak.md: "},
		{"content/about/leak.png", "content/about/leak.png: "},
		{"layouts/partials/leak.html", "layouts/partials/leak.html: "},
	} {
		t.Run(c.link, func(t *testing.T) {
			dir := writeSite(t, map[string]string{
				"site.toml":              miniConfig,
				"content/_index.md":      "+++\ntitle = \"Home\"\n+++\n",
				"content/about/index.md": "+++\ntitle = \"About\"\n+++\n",
				"static/css/extra.css":   "p{}",
				"layouts/404.html":       "{{define \"main\"}}gone{{end}}",
			})
			link := filepath.Join(dir, filepath.FromSlash(c.link))
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(secret, link); err != nil {
				t.Fatal(err)
			}
			// A link inside the site is fine.
			if err := os.Symlink(filepath.Join(dir, "static", "css", "extra.css"), filepath.Join(dir, "static", "same.css")); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			code := run([]string{"build", "--source", dir}, &stdout, &stderr)
			want := filepath.ToSlash(dir) + "/" + c.want
			if code != 1 || !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "symbolic link that leads outside the site") {
				t.Errorf("exit %d, stderr %q; want %q and the reason", code, stderr.String(), want)
			}
			if strings.Contains(stderr.String(), "hunter2") {
				t.Error("the message shows the file's content")
			}
			if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
				t.Errorf("public/ was written: %v", err)
			}
			os.Remove(link)
			stderr.Reset()
			if code := run([]string{"build", "--source", dir}, &stdout, &stderr); code != 0 {
				t.Fatalf("without the link: exit %d\n%s", code, stderr.String())
			}
			if b, err := os.ReadFile(filepath.Join(dir, "public", "same.css")); err != nil || string(b) != "p{}" {
				t.Errorf("a link inside the site: %q, %v", b, err)
			}
		})
	}
}

// files reads every file under dir.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
