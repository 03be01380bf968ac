package check

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Where a History's changes come from.
const (
	FromGit       = "git history"
	FromFileTimes = "file modification times"
)

// Change is the last change of one file.
type Change struct {
	// Commit is the last commit that changed the file, or "" when the
	// file has uncommitted changes or the site is not a git checkout.
	Commit string `json:"commit,omitempty"`
	// Time is the commit's date, or the file's modification time. It is
	// shown to editors; git's order of commits does not depend on it.
	Time time.Time `json:"time"`
}

// History tells which files under content/ changed after which.
type History struct {
	From    string            // FromGit or FromFileTimes
	Changes map[string]Change // by slash path from the site root
	// ancestor reports whether commit a is b or one of its ancestors.
	ancestor func(a, b string) bool
}

// ChangedAfter reports whether the file a (a translation's source) changed
// after the file b (the translation) last did; known is false when either
// has no recorded change. In git, a changed after b unless a's last commit
// is b's or one of its ancestors: clocks do not matter, and a change made
// on another branch than b's is after it. A file with uncommitted changes
// changed after every commit; two of them, and sites outside git, compare
// modification times to the second.
func (h *History) ChangedAfter(a, b string) (after, known bool) {
	ca, okA := h.Changes[a]
	cb, okB := h.Changes[b]
	if !okA || !okB {
		return false, false
	}
	switch {
	case ca.Commit != "" && cb.Commit != "":
		return !h.ancestor(ca.Commit, cb.Commit), true
	case ca.Commit != "":
		return false, true // b has uncommitted changes
	case cb.Commit != "" && h.From == FromGit:
		return true, true // a has uncommitted changes
	}
	return ca.Time.Truncate(time.Second).After(cb.Time.Truncate(time.Second)), true
}

// ReadHistory returns the history of the files under root/content: from
// git when root is in a git checkout with commits (files with uncommitted
// changes count by their modification time), else from the file system.
func ReadHistory(root string) *History {
	if h, ok := gitHistory(root); ok {
		return h
	}
	return fileHistory(root)
}

func gitHistory(root string) (*History, bool) {
	git := func(args ...string) ([]byte, error) {
		cmd := exec.Command("git", append([]string{"-C", root}, args...)...)
		return cmd.Output()
	}
	if out, err := git("rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(string(out)) != "true" {
		return nil, false
	}
	// Every commit reachable from HEAD, each before its parents.
	graph, err := git("rev-list", "--topo-order", "--parents", "HEAD")
	if err != nil {
		return nil, false // no commits yet
	}
	g := newCommitGraph(graph)
	// In topological order, the first commit that lists a file is one no
	// later commit changed it again: its last change. (Committer dates
	// would let a skewed clock pick another.)
	out, err := git("log", "--topo-order", "--format=%x00%H %ct", "--name-only", "--relative", "--no-renames", "--", "content")
	if err != nil {
		return nil, false
	}
	h := &History{From: FromGit, Changes: map[string]Change{}, ancestor: g.isAncestor}
	for _, commit := range bytes.Split(out, []byte{0}) {
		lines := strings.Split(strings.TrimSpace(string(commit)), "\n")
		if len(lines) < 2 {
			continue
		}
		hash, secs, _ := strings.Cut(lines[0], " ")
		t, err := strconv.ParseInt(strings.TrimSpace(secs), 10, 64)
		if err != nil {
			continue
		}
		for _, name := range lines[1:] {
			name = strings.TrimSpace(name)
			if _, seen := h.Changes[name]; name != "" && !seen {
				h.Changes[name] = Change{Commit: hash, Time: time.Unix(t, 0).UTC()}
			}
		}
	}
	// Uncommitted changes come after every commit.
	prefix, _ := git("rev-parse", "--show-prefix")
	status, err := git("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "content")
	if err == nil {
		for _, entry := range bytes.Split(status, []byte{0}) {
			if len(entry) < 4 {
				continue
			}
			name := strings.TrimPrefix(string(entry[3:]), strings.TrimSpace(string(prefix)))
			if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(name))); err == nil {
				h.Changes[name] = Change{Time: fi.ModTime().UTC()}
			}
		}
	}
	return h, true
}

func fileHistory(root string) *History {
	h := &History{From: FromFileTimes, Changes: map[string]Change{}}
	_ = filepath.WalkDir(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if fi, err := d.Info(); err == nil {
			rel, _ := filepath.Rel(root, p)
			h.Changes[filepath.ToSlash(rel)] = Change{Time: fi.ModTime().UTC()}
		}
		return nil
	})
	return h
}

// commitGraph answers ancestry questions about the commits of a
// repository, listed by git rev-list --topo-order --parents.
type commitGraph struct {
	index   map[string]int // position in the listing: children come first
	parents [][]int
	known   map[[2]int]bool
}

func newCommitGraph(revList []byte) *commitGraph {
	g := &commitGraph{index: map[string]int{}, known: map[[2]int]bool{}}
	lines := strings.Split(strings.TrimSpace(string(revList)), "\n")
	for i, line := range lines {
		hash, _, _ := strings.Cut(line, " ")
		g.index[hash] = i
	}
	g.parents = make([][]int, len(lines))
	for i, line := range lines {
		fields := strings.Fields(line)
		for _, p := range fields[min(1, len(fields)):] {
			if j, ok := g.index[p]; ok { // a shallow clone lacks some
				g.parents[i] = append(g.parents[i], j)
			}
		}
	}
	return g
}

// isAncestor reports whether commit a is b or an ancestor of b. Unknown
// commits are nobody's ancestors.
func (g *commitGraph) isAncestor(a, b string) bool {
	ia, okA := g.index[a]
	ib, okB := g.index[b]
	switch {
	case !okA || !okB:
		return false
	case ia == ib:
		return true
	case ia < ib:
		return false // listed before b, so not below it
	}
	key := [2]int{ia, ib}
	if v, ok := g.known[key]; ok {
		return v
	}
	// Walk b's ancestors, leaving out those listed after a: their own
	// ancestors are listed later still.
	seen := map[int]bool{ib: true}
	stack := []int{ib}
	found := false
	for len(stack) > 0 && !found {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, p := range g.parents[n] {
			if p == ia {
				found = true
				break
			}
			if p < ia && !seen[p] {
				seen[p] = true
				stack = append(stack, p)
			}
		}
	}
	g.known[key] = found
	return found
}
