package check

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// repo is a git repository of a site, for tests.
type repo struct {
	t   *testing.T
	dir string
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	r := &repo{t, t.TempDir()}
	r.git("", "init", "-q", "-b", "main")
	return r
}

// git runs git with author and committer dated date (RFC 3339), if given.
func (r *repo) git(date string, args ...string) {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Editor", "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	if date == "" {
		cmd.Env = os.Environ()
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func (r *repo) write(files ...string) {
	r.t.Helper()
	for _, f := range files {
		p := filepath.Join(r.dir, "content", f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		old, _ := os.ReadFile(p)
		if err := os.WriteFile(p, append(old, "edit\n"...), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
}

// commit commits every change with a date that may be wrong.
func (r *repo) commit(date string, files ...string) {
	r.t.Helper()
	r.write(files...)
	r.git(date, "add", "-A")
	r.git(date, "commit", "-q", "-m", "edit")
}

// Which file changed after which follows the commits' ancestry, never
// their dates: every commit below is dated as a skewed clock would.
func TestGitHistoryFollowsAncestryNotDates(t *testing.T) {
	r := newRepo(t)
	r.commit("2026-02-01T10:00:00Z", "a.md", "a.zh.md", "b.md", "b.zh.md", "c.md", "c.zh.md", "d.md", "d.zh.md")
	r.commit("2026-01-01T10:00:00Z", "a.md")    // the source, on a clock a month slow
	r.commit("2025-12-01T10:00:00Z", "b.zh.md") // the translation, two months slow
	// c.zh.md is translated on a branch that never saw c.md's change on
	// main, though its clock says it came later, and merged.
	r.git("", "branch", "side")
	r.commit("2026-03-01T10:00:00Z", "c.md")
	r.git("", "checkout", "-q", "side")
	r.commit("2026-04-01T10:00:00Z", "c.zh.md")
	r.git("", "checkout", "-q", "main")
	r.git("2026-04-02T10:00:00Z", "merge", "-q", "--no-ff", "-m", "merge", "side")
	r.write("d.md") // not committed yet

	h := ReadHistory(r.dir)
	if h.From != FromGit {
		t.Fatalf("from %q", h.From)
	}
	tests := []struct {
		source, translation string
		after               bool
	}{
		{"a.md", "a.zh.md", true},
		{"b.md", "b.zh.md", false},
		{"c.md", "c.zh.md", true},
		{"c.zh.md", "c.md", true}, // neither includes the other
		{"d.md", "d.zh.md", true},
		{"d.zh.md", "d.md", false},
		{"a.zh.md", "a.md", false},
	}
	for _, tt := range tests {
		after, known := h.ChangedAfter("content/"+tt.source, "content/"+tt.translation)
		if !known || after != tt.after {
			t.Errorf("%s changed after %s = %v (known %v), want %v", tt.source, tt.translation, after, known, tt.after)
		}
	}
	if _, known := h.ChangedAfter("content/a.md", "content/none.md"); known {
		t.Error("a file git does not know has a change")
	}
	if c := h.Changes["content/a.md"]; len(c.Commit) != 40 || !c.Time.Equal(time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("a.md's change %+v", c)
	}
	if c := h.Changes["content/d.md"]; c.Commit != "" || c.Time.IsZero() {
		t.Errorf("uncommitted d.md's change %+v", c)
	}
}

// Outside git, modification times are compared to the second: a copy
// that rounds them does not make a translation outdated.
func TestFileTimesCompareToTheSecond(t *testing.T) {
	dir := t.TempDir()
	base := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		source, translation time.Duration // after base
		after               bool
	}{
		{900 * time.Millisecond, 100 * time.Millisecond, false},
		{100 * time.Millisecond, 900 * time.Millisecond, false},
		{time.Second, 900 * time.Millisecond, true},
		{time.Minute, 0, true},
		{0, time.Minute, false},
	}
	for i, tt := range tests {
		src, tr := filepath.Join(dir, "content", "p", string(rune('a'+i))+".md"), filepath.Join(dir, "content", "p", string(rune('a'+i))+".zh.md")
		for _, f := range []struct {
			path string
			at   time.Duration
		}{{src, tt.source}, {tr, tt.translation}} {
			if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f.path, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(f.path, base.Add(f.at), base.Add(f.at)); err != nil {
				t.Fatal(err)
			}
		}
	}
	h := ReadHistory(dir)
	if h.From != FromFileTimes {
		t.Fatalf("from %q: is the temporary folder in a git checkout?", h.From)
	}
	for i, tt := range tests {
		name := "content/p/" + string(rune('a'+i))
		if after, known := h.ChangedAfter(name+".md", name+".zh.md"); !known || after != tt.after {
			t.Errorf("source at +%v, translation at +%v: after = %v (known %v), want %v", tt.source, tt.translation, after, known, tt.after)
		}
	}
}
