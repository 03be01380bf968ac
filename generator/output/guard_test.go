package output

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tree writes files (slash paths → content) under dir.
func tree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot lists every file under dir with its content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		data, _ := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	return files
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// build writes files into out as one build does.
func build(t *testing.T, out string, o Options, files map[string]string) error {
	t.Helper()
	d, err := Begin(out, o)
	if err != nil {
		return err
	}
	for name, data := range files {
		if err := d.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	return d.Commit()
}

// Each folder a build must not replace is refused before anything is
// touched, with a message naming the folder and the way out.
func TestRefusals(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	tree(t, site, map[string]string{
		"site.toml":            "title = 'T'",
		"content/a.md":         "+++\ntitle = 'A'\n+++\n",
		"static/css/x.css":     "body{}",
		"layouts/index.html":   "{{.Title}}",
		"notes/todo.txt":       "mine",
		".git/HEAD":            "ref: refs/heads/main",
		"deploy/.git":          "gitdir: ../.git/worktrees/deploy",
		"deploy/old-site.html": "<p>made by another tool</p>",
	})
	if err := os.WriteFile(filepath.Join(root, "a-file"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(site, "notes"), filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	o := Options{Site: site}
	for _, dir := range []string{"content", "layouts", "static", ".git"} {
		o.Sources = append(o.Sources, filepath.Join(site, dir))
	}
	before := snapshot(t, root)
	for _, c := range []struct {
		out   string
		force bool
		want  string
	}{
		{site, false, "it is the site's own folder"},
		{site, true, "it is the site's own folder"},
		{root, true, "it holds the site's own folder"},
		{"/", true, "it holds the site's own folder"},
		{filepath.Join(site, "content"), true, "it lies in the site's source folder"},
		{filepath.Join(site, "content", "new"), true, "it lies in the site's source folder"},
		{filepath.Join(site, "static", "css"), true, "it lies in the site's source folder"},
		{filepath.Join(site, "layouts"), false, "it lies in the site's source folder"},
		{filepath.Join(site, ".git", "public"), false, "it lies in the site's source folder"},
		{filepath.Join(site, "notes"), false, "it holds files (todo.txt) that no Qiao build wrote; choose an empty or new folder, or pass --force"},
		{filepath.Join(site, "deploy"), false, "it holds files (old-site.html) that no Qiao build wrote"},
		{filepath.Join(root, "link", "sub", "..", ".."), false, "it holds the site's own folder"},
		{filepath.Join(root, "a-file"), true, "it is a file, not a folder"},
		{filepath.Join(root, "link"), true, "it is a symbolic link"},
	} {
		t.Run(c.out, func(t *testing.T) {
			o := o
			o.Force = c.force
			_, err := Begin(c.out, o)
			var r *Refusal
			if !errors.As(err, &r) {
				t.Fatalf("Begin = %v, want a refusal", err)
			}
			if msg := err.Error(); !strings.Contains(msg, c.want) || !strings.Contains(msg, c.out) {
				t.Errorf("message %q lacks %q or the folder", msg, c.want)
			}
			if err := Check(c.out, o); err == nil || err.Error() != r.Error() {
				t.Errorf("Check = %v, Begin = %v", err, r)
			}
			if after := snapshot(t, root); !maps.Equal(after, before) {
				t.Errorf("the refusal changed files: %v", diffKeys(before, after))
			}
			if got := names(t, root); !slices.Equal(got, []string{"a-file", "link", "site"}) {
				t.Errorf("the refusal left %v", got)
			}
		})
	}
}

func diffKeys(a, b map[string]string) []string {
	var out []string
	for k, v := range a {
		if b[k] != v {
			out = append(out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, "+"+k)
		}
	}
	return out
}

// A build keeps every file of its output folder that no build wrote: a
// deploy worktree's .git, a CNAME, a file deep in a page's folder.
func TestKeepsWhatNoBuildWrote(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	tree(t, out, map[string]string{".git": "gitdir: /elsewhere"}) // a fresh worktree
	if err := build(t, out, Options{}, map[string]string{"index.html": "one", "a/index.html": "a1", "gone/index.html": "g"}); err != nil {
		t.Fatal(err)
	}
	tree(t, out, map[string]string{
		"CNAME":             "kb.example.org",
		"a/verify.txt":      "token",
		"mine/notes.txt":    "kept folder",
		"gone/private.html": "not the build's",
	})
	if err := build(t, out, Options{}, map[string]string{"index.html": "two", "a/index.html": "a2"}); err != nil {
		t.Fatal(err)
	}
	got := snapshot(t, out)
	delete(got, Marker)
	want := map[string]string{
		".git": "gitdir: /elsewhere", "CNAME": "kb.example.org", "a/verify.txt": "token",
		"mine/notes.txt": "kept folder", "gone/private.html": "not the build's",
		"index.html": "two", "a/index.html": "a2",
	}
	if !maps.Equal(got, want) {
		t.Errorf("after the second build: %v, want %v", got, want)
	}
	marker, _ := os.ReadFile(filepath.Join(out, Marker))
	if want := markerHeader + "\na/index.html\nindex.html\n"; string(marker) != want {
		t.Errorf("marker = %q, want %q", marker, want)
	}
	if n := names(t, filepath.Dir(out)); !slices.Equal(n, []string{"public"}) {
		t.Errorf("beside the output: %v", n)
	}
}

// A kept file where the new site writes one stops the build: the new file
// would replace it.
func TestKeptFileInTheWay(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := build(t, out, Options{}, map[string]string{"index.html": "one"}); err != nil {
		t.Fatal(err)
	}
	tree(t, out, map[string]string{"CNAME": "hand made", "docs": "a file where a folder goes"})
	before := snapshot(t, out)
	err := build(t, out, Options{}, map[string]string{"index.html": "two", "CNAME": "from static", "docs/index.html": "d"})
	if err == nil || !strings.Contains(err.Error(), "holds CNAME, docs, which no build wrote") {
		t.Fatalf("Commit = %v", err)
	}
	if after := snapshot(t, out); !maps.Equal(after, before) {
		t.Errorf("a refused build changed the output: %v", diffKeys(before, after))
	}
	if n := names(t, filepath.Dir(out)); !slices.Equal(n, []string{"public"}) {
		t.Errorf("beside the output: %v", n)
	}
}

// --force replaces a folder no build wrote, keeping only a worktree's .git.
func TestForce(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	tree(t, out, map[string]string{".git": "gitdir: x", "old/index.html": "old", "CNAME": "c"})
	if err := build(t, out, Options{Force: true}, map[string]string{"index.html": "new"}); err != nil {
		t.Fatal(err)
	}
	got := snapshot(t, out)
	delete(got, Marker)
	if want := map[string]string{".git": "gitdir: x", "index.html": "new"}; !maps.Equal(got, want) {
		t.Errorf("forced build: %v, want %v", got, want)
	}
}

// A second build into the same folder fails at once and touches nothing;
// once the first is done, the lock is gone too.
func TestLock(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first, err := Begin(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	beside := names(t, filepath.Dir(out))
	_, err = Begin(out, Options{})
	var busy *Busy
	if !errors.As(err, &busy) || !strings.Contains(err.Error(), "another build is writing "+out) {
		t.Fatalf("second Begin = %v", err)
	}
	if got := names(t, filepath.Dir(out)); !slices.Equal(got, beside) {
		t.Errorf("the second build changed %v into %v", beside, got)
	}
	if err := first.Write("index.html", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, filepath.Dir(out)); !slices.Equal(got, []string{"public"}) {
		t.Errorf("after the build: %v", got)
	}
	second, err := Begin(out, Options{})
	if err != nil {
		t.Fatalf("a build after the first: %v", err)
	}
	second.Abort()
	second.Abort() // twice is harmless
}

// What killed builds left beside the output goes with the next build;
// what only looks like it stays.
func TestLeftoversRemoved(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	tree(t, parent, map[string]string{
		".public.tmp-123/index.html":        "killed while writing",
		".public.tmp-456.old/index.html":    "killed while swapping",
		".public.tmp-notes/keep.txt":        "not a build's",
		".public.lock":                      "999999",
		".other.tmp-789/index.html":         "another output's",
		"public/index.html":                 "previous",
		"public/" + Marker:                  markerHeader + "\nindex.html\n",
		".public.tmp-123/deeper/index.html": "x",
	})
	if err := build(t, out, Options{}, map[string]string{"index.html": "new"}); err != nil {
		t.Fatal(err)
	}
	if got, want := names(t, parent), []string{".other.tmp-789", ".public.tmp-notes", "public"}; !slices.Equal(got, want) {
		t.Errorf("beside the output: %v, want %v", got, want)
	}
}

func TestAbortKeepsThePreviousOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := build(t, out, Options{}, map[string]string{"index.html": "one"}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	d, err := Begin(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = d.Write("index.html", []byte("two"))
	d.Abort()
	if err := d.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	if after := snapshot(t, out); !maps.Equal(after, before) {
		t.Errorf("abort changed the output: %v", diffKeys(before, after))
	}
	if n := names(t, filepath.Dir(out)); !slices.Equal(n, []string{"public"}) {
		t.Errorf("beside the output: %v", n)
	}
}
