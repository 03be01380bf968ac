package source

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestLitter(t *testing.T) {
	for name, want := range map[string]bool{
		"itt-101.md~": true, "#itt-101.md#": true, ".#itt-101.md": true, ".itt-101.md.swp": true,
		"x.swo": true, "x.tmp": true, "X.TMP": true, "4913": true, "itt-101.md___jb_tmp___": true,
		".goutputstream-4ZNB2Y": true, ".DS_Store": true, "thumbs.db": true, "Desktop.ini": true,
		"itt-101.md": false, "index.zh.md": false, "#": false, "site.css": false, "4914": false,
		"#hashtag.md": false, "~draft.md": false, ".well-known": false, "photo.jpg": false,
	} {
		if got := Litter(name); got != want {
			t.Errorf("Litter(%q) = %v, want %v", name, got, want)
		}
	}
}

// Walking a filtered tree never meets litter, whether it lists folders
// whole (fs.ReadDir) or in parts (ReadDir(n) on an open folder).
func TestFilter(t *testing.T) {
	fsys := Filter(fstest.MapFS{
		"content/a.md":      {Data: []byte("a")},
		"content/a.md~":     {Data: []byte("backup")},
		"content/#a.md#":    {Data: []byte("autosave")},
		"content/x/4913":    {Data: []byte("probe")},
		"content/x/b.md":    {Data: []byte("b")},
		"static/.DS_Store":  {Data: []byte("meta")},
		"static/style.css":  {Data: []byte("css")},
		"static/Thumbs.db":  {Data: []byte("meta")},
		"static/z.css.swp":  {Data: []byte("swap")},
		"static/zz.css":     {Data: []byte("css")},
		"static/zzz.css":    {Data: []byte("css")},
		"static/zzzz.css~":  {Data: []byte("css")},
		"static/zzzzz.css~": {Data: []byte("css")},
	})
	var seen []string
	if err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			seen = append(seen, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{"content/a.md", "content/x/b.md", "static/style.css", "static/zz.css", "static/zzz.css"}
	if len(seen) != len(want) {
		t.Fatalf("walked %v, want %v", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Errorf("walked %v, want %v", seen, want)
			break
		}
	}
	f, err := fsys.Open("static")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var names []string
	for {
		es, err := f.(fs.ReadDirFile).ReadDir(1)
		for _, e := range es {
			names = append(names, e.Name())
		}
		if err != nil || len(es) == 0 {
			break
		}
	}
	if len(names) != 3 {
		t.Errorf("ReadDir(1) gave %v", names)
	}
	sub, err := fs.Sub(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	if es, _ := fs.ReadDir(sub, "."); len(es) != 2 {
		t.Errorf("a sub-folder lists %v", es)
	}
}

// A link out of the site is ErrOutside, whatever reads it; links within
// it, relative or absolute, read their target.
func TestLinks(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret")
	site := t.TempDir()
	must(t, os.WriteFile(outside, []byte("secret"), 0o600))
	must(t, os.MkdirAll(filepath.Join(site, "static", "css"), 0o755))
	must(t, os.WriteFile(filepath.Join(site, "static", "css", "a.css"), []byte("a"), 0o644))
	must(t, os.Symlink(outside, filepath.Join(site, "static", "leak")))
	must(t, os.Symlink(filepath.Dir(outside), filepath.Join(site, "static", "leakdir")))
	must(t, os.Symlink("css/a.css", filepath.Join(site, "static", "relative.css")))
	must(t, os.Symlink(filepath.Join(site, "static", "css", "a.css"), filepath.Join(site, "static", "absolute.css")))
	tree, err := Open(site)
	must(t, err)
	defer tree.Close()
	for _, name := range []string{"static/leak", "static/leakdir/secret"} {
		if _, err := fs.ReadFile(tree, name); !errors.Is(err, ErrOutside) {
			t.Errorf("ReadFile(%s) = %v, want ErrOutside", name, err)
		}
		if _, err := fs.Stat(tree, name); !errors.Is(err, ErrOutside) {
			t.Errorf("Stat(%s) = %v, want ErrOutside", name, err)
		}
		if f, err := tree.Open(name); !errors.Is(err, ErrOutside) {
			t.Errorf("Open(%s) = %v, want ErrOutside", name, err)
			if f != nil {
				f.Close()
			}
		}
	}
	if _, err := fs.ReadDir(tree, "static/leakdir"); !errors.Is(err, ErrOutside) {
		t.Errorf("ReadDir(static/leakdir) = %v, want ErrOutside", err)
	}
	for _, name := range []string{"static/relative.css", "static/absolute.css"} {
		if b, err := fs.ReadFile(tree, name); err != nil || string(b) != "a" {
			t.Errorf("ReadFile(%s) = %q, %v", name, b, err)
		}
	}
	if _, err := fs.ReadFile(tree, "static/none.css"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

// A link to a folder inside the site is walked as that folder, relative
// or absolute; a link to a folder that holds it is not walked, and reading
// it says why.
func TestFolderLinks(t *testing.T) {
	site := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(site, "shared", "img", "deep"), 0o755))
	must(t, os.WriteFile(filepath.Join(site, "shared", "img", "a.png"), []byte("a"), 0o644))
	must(t, os.WriteFile(filepath.Join(site, "shared", "img", "deep", "b.png"), []byte("b"), 0o644))
	must(t, os.MkdirAll(filepath.Join(site, "static"), 0o755))
	must(t, os.Symlink("../shared/img", filepath.Join(site, "static", "img")))
	must(t, os.Symlink(filepath.Join(site, "shared", "img"), filepath.Join(site, "static", "abs")))
	must(t, os.Symlink("..", filepath.Join(site, "static", "up")))
	must(t, os.Symlink(".", filepath.Join(site, "static", "self")))
	tree, err := Open(site)
	must(t, err)
	defer tree.Close()
	static, err := fs.Sub(tree, "static")
	must(t, err)
	var files []string
	must(t, fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	}))
	want := []string{"abs/a.png", "abs/deep/b.png", "img/a.png", "img/deep/b.png", "self", "up"}
	if fmt.Sprint(files) != fmt.Sprint(want) {
		t.Errorf("walked %v, want %v", files, want)
	}
	if b, err := fs.ReadFile(static, "img/deep/b.png"); err != nil || string(b) != "b" {
		t.Errorf("ReadFile(img/deep/b.png) = %q, %v", b, err)
	}
	for _, name := range []string{"up", "self"} {
		if _, err := fs.ReadFile(static, name); !errors.Is(err, ErrLoop) {
			t.Errorf("ReadFile(%s) = %v, want ErrLoop", name, err)
		}
	}
}

// ReadFile in one step of os.Root gives what reading through Open gives,
// bytes or error, for files, folders, links inside and outside the site,
// links to folders that hold them and missing paths.
func TestReadFileEqualsOpen(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret")
	site := t.TempDir()
	must(t, os.WriteFile(outside, []byte("secret"), 0o600))
	must(t, os.MkdirAll(filepath.Join(site, "shared", "img"), 0o755))
	must(t, os.MkdirAll(filepath.Join(site, "static", "css"), 0o755))
	must(t, os.WriteFile(filepath.Join(site, "shared", "img", "a.png"), []byte("png"), 0o644))
	must(t, os.WriteFile(filepath.Join(site, "static", "css", "a.css"), []byte("a{}"), 0o644))
	must(t, os.WriteFile(filepath.Join(site, "static", "empty"), nil, 0o644))
	must(t, os.Symlink(outside, filepath.Join(site, "static", "leak")))
	must(t, os.Symlink(filepath.Dir(outside), filepath.Join(site, "static", "leakdir")))
	must(t, os.Symlink("css/a.css", filepath.Join(site, "static", "relative.css")))
	must(t, os.Symlink(filepath.Join(site, "static", "css", "a.css"), filepath.Join(site, "static", "absolute.css")))
	must(t, os.Symlink("../shared/img", filepath.Join(site, "static", "img")))
	must(t, os.Symlink("..", filepath.Join(site, "static", "up")))
	must(t, os.Symlink(".", filepath.Join(site, "static", "self")))
	must(t, os.Symlink("nowhere", filepath.Join(site, "static", "dangling")))
	tree, err := Open(site)
	must(t, err)
	defer tree.Close()
	o := outsideFS{tree.root.FS(), tree}
	names := []string{".", "static", "static/css", "static/css/a.css", "static/empty", "static/leak",
		"static/leakdir", "static/leakdir/secret", "static/relative.css", "static/absolute.css",
		"static/img", "static/img/a.png", "static/up", "static/self", "static/dangling",
		"static/none", "static/css/a.css/x", "../outside", "/abs"}
	for _, name := range names {
		got, gotErr := o.ReadFile(name)
		want, wantErr := readThroughOpen(o, name)
		if string(got) != string(want) || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("ReadFile(%s) = %q, %v; through Open %q, %v", name, got, gotErr, want, wantErr)
		}
		if gotErr == nil && got == nil {
			t.Errorf("ReadFile(%s) = nil, want a file's bytes", name)
		}
	}
	if b, err := o.ReadFile("static/img/a.png"); err != nil || string(b) != "png" {
		t.Errorf("ReadFile(static/img/a.png) = %q, %v", b, err)
	}
}

// must ends the test at an error of setting it up.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
