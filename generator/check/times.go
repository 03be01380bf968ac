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

// Times returns when each file under root/content last changed: the time
// of the last commit that touched it when root is in a git checkout (files
// with uncommitted changes use their modification time), or else the
// modification times. from says which.
func Times(root string) (times FileTimes, from string) {
	if t, ok := gitTimes(root); ok {
		return t, "git history"
	}
	return modTimes(root), "file modification times"
}

func gitTimes(root string) (FileTimes, bool) {
	git := func(args ...string) ([]byte, error) {
		cmd := exec.Command("git", append([]string{"-C", root}, args...)...)
		cmd.Stderr = nil
		return cmd.Output()
	}
	if out, err := git("rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(string(out)) != "true" {
		return nil, false
	}
	out, err := git("log", "--format=%x00%ct", "--name-only", "--relative", "--no-renames", "--", "content")
	if err != nil {
		return nil, false
	}
	times := FileTimes{}
	for _, commit := range bytes.Split(out, []byte{0}) {
		lines := strings.Split(strings.TrimSpace(string(commit)), "\n")
		if len(lines) < 2 {
			continue
		}
		secs, err := strconv.ParseInt(strings.TrimSpace(lines[0]), 10, 64)
		if err != nil {
			continue
		}
		for _, name := range lines[1:] {
			name = strings.TrimSpace(name)
			if _, seen := times[name]; name != "" && !seen {
				times[name] = time.Unix(secs, 0) // log is newest first
			}
		}
	}
	// Uncommitted changes are newer than any commit.
	prefix, _ := git("rev-parse", "--show-prefix")
	status, err := git("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "content")
	if err == nil {
		for _, entry := range bytes.Split(status, []byte{0}) {
			if len(entry) < 4 {
				continue
			}
			name := strings.TrimPrefix(string(entry[3:]), strings.TrimSpace(string(prefix)))
			if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(name))); err == nil {
				times[name] = fi.ModTime()
			}
		}
	}
	return times, true
}

func modTimes(root string) FileTimes {
	times := FileTimes{}
	_ = filepath.WalkDir(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if fi, err := d.Info(); err == nil {
			rel, _ := filepath.Rel(root, p)
			times[filepath.ToSlash(rel)] = fi.ModTime()
		}
		return nil
	})
	return times
}
