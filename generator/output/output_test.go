package output

import (
	"os"
	"path/filepath"
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
	} {
		if got := Safe(p); got != want {
			t.Errorf("Safe(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestCommitSwapsAndAbortKeeps(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	d, err := Begin(out)
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
	d2, _ := Begin(out)
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
