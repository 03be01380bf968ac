package output

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestSafe(t *testing.T) {
	for p, want := range map[string]bool{
		"index.html":                true,
		"zh/courses/itt-201/a.html": true,
		"":                          false,
		"/etc/passwd":               false,
		"../x":                      false,
		"a/../../x":                 false,
		"a/./b":                     false,
		"a//b":                      false,
		`a\..\b`:                    false,
		"a/\x00":                    false,
		".":                         false,
		"a/":                        false,
		"0../index.html":            false,
		"a./index.html":             false,
		".. /index.html":            false,
		"a /b":                      false,
		"a.b/.well-known/x":         true,
		" a/b":                      true,
	} {
		if got := Safe(p); got != want {
			t.Errorf("Safe(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestCommitSwapsAndAbortKeeps(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	d, err := Begin(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Write("a/index.html", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := d.Write("a/index.html", []byte("again")); err == nil {
		t.Error("writing a path twice was allowed")
	}
	if err := d.Write("../escape", []byte("x")); err == nil {
		t.Error("writing outside was allowed")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	d2, _ := Begin(out, Options{})
	_ = d2.Write("b", []byte("two"))
	d2.Abort()
	if b, err := os.ReadFile(filepath.Join(out, "a", "index.html")); err != nil || string(b) != "one" {
		t.Errorf("previous output lost: %q %v", b, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestWriteErrorsComeFromFlushAndCommitAborts(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	d, err := Begin(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A file where a folder must go: the writer cannot make a/b/.
	if err := d.Write("a", []byte("a file")); err != nil {
		t.Fatal(err)
	}
	if err := d.Write("a/b/index.html", []byte("x")); err != nil {
		t.Fatalf("Write reported %v; writing errors are Flush's", err)
	}
	if err := d.Commit(); err == nil || !strings.HasPrefix(err.Error(), "write a/b/index.html: ") {
		t.Fatalf("Commit = %v, want the error writing a/b/index.html", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed commit left %s: %v", out, err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	if err := d.Write("late.html", nil); err == nil {
		t.Error("Write after Commit was accepted")
	}
}

func TestManyWritersOneDirectory(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	d, err := Begin(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			buf := []byte{}
			for i := w; i < 2000; i += 4 {
				// The caller reuses its buffer at once, as the build does.
				buf = fmt.Appendf(buf[:0], "page %d", i)
				if err := d.Write(fmt.Sprintf("s%d/p%d/index.html", i%7, i), buf); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if n := d.Files(); n != 2000 {
		t.Errorf("Files() = %d, want 2000", n)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 999, 1999} {
		b, err := os.ReadFile(filepath.Join(out, fmt.Sprintf("s%d/p%d/index.html", i%7, i)))
		if want := fmt.Sprintf("page %d", i); err != nil || string(b) != want {
			t.Errorf("page %d: %q, %v; want %q", i, b, err, want)
		}
	}
}

// removeTree removes a tree of folders, files and links as os.RemoveAll
// does: what the links point to stays.
func TestRemoveTree(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(root, "outside")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(outside, "kept"), 0o755))
	must(os.WriteFile(filepath.Join(outside, "kept.txt"), []byte("x"), 0o644))
	tree := filepath.Join(root, "tree")
	for i := range 50 {
		must(os.MkdirAll(filepath.Join(tree, "zh", "courses", fmt.Sprint(i)), 0o755))
		must(os.WriteFile(filepath.Join(tree, "zh", "courses", fmt.Sprint(i), "index.html"), []byte("page"), 0o644))
	}
	must(os.MkdirAll(filepath.Join(tree, "empty", "deeper"), 0o755))
	must(os.WriteFile(filepath.Join(tree, "index.html"), []byte("home"), 0o644))
	must(os.Symlink(outside, filepath.Join(tree, "link-to-folder")))
	must(os.Symlink(filepath.Join(outside, "kept.txt"), filepath.Join(tree, "zh", "link-to-file")))

	must(removeTree(tree))
	if _, err := os.Lstat(tree); !os.IsNotExist(err) {
		t.Errorf("the tree is still there: %v", err)
	}
	for _, p := range []string{filepath.Join(outside, "kept"), filepath.Join(outside, "kept.txt")} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s, behind a link, was removed: %v", p, err)
		}
	}
	must(removeTree(filepath.Join(root, "never-was")))
	must(removeTree(filepath.Join(outside, "kept.txt")))
	if _, err := os.Lstat(filepath.Join(outside, "kept.txt")); !os.IsNotExist(err) {
		t.Errorf("a file given to removeTree is still there: %v", err)
	}
}
