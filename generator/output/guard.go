package output

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Options say what a build must never replace.
type Options struct {
	// Site is the site root on disk, "" when the site is not read from
	// disk. The output may be neither the site root nor a folder that
	// holds it.
	Site string
	// Sources are folders the output may not lie in (content/, layouts/,
	// static/, the site's .git/).
	Sources []string
	// Force replaces an existing, non-empty output folder that holds no
	// mark of an earlier build. Nothing forces a build into its sources.
	Force bool
}

// Marker is the file every build writes at the top of its output: its
// first line says what wrote the folder, and every line after that names a
// file the build wrote. The next build replaces those files and keeps
// every other (a deploy worktree's .git, a CNAME, a verification file).
const Marker = ".qiao-output"

const markerHeader = "# Written by Qiao. The next build replaces each file listed below and keeps any other file in this folder."

// Kept is what a forced build keeps of a folder that holds no mark: a git
// worktree's link to its repository.
var Kept = []string{".git"}

// Refusal is the error of an output folder that a build must not replace.
// The command exits with the usage code: nothing was touched.
type Refusal struct {
	Out    string // the folder, as given
	Reason string
	WayOut string
}

func (r *Refusal) Error() string {
	return fmt.Sprintf("refusing to build into %s: %s; %s", r.Out, r.Reason, r.WayOut)
}

// Check reports, without touching anything, whether out may be written by
// a build: a *Refusal if not. Begin checks again, once it holds the lock.
func Check(out string, o Options) error {
	_, err := examine(out, o, false)
	return err
}

// previous is what an output folder holds before a build replaces it.
type previous struct {
	exists bool
	// marked: the folder holds a Marker; files lists what the build that
	// wrote it wrote, dirs every folder above those files.
	marked      bool
	files, dirs map[string]bool
	forced      bool // holds no mark, and Options.Force was given
}

// examine applies the rules of Options to out; list reads the files the
// previous build wrote as well.
func examine(out string, o Options, list bool) (previous, error) {
	resolved, err := resolve(out)
	if err != nil {
		return previous{}, fmt.Errorf("resolve %s: %w", out, err)
	}
	if o.Site != "" {
		site, err := resolve(o.Site)
		if err != nil {
			return previous{}, fmt.Errorf("resolve %s: %w", o.Site, err)
		}
		switch {
		case resolved == site:
			return previous{}, &Refusal{out, "it is the site's own folder, which a build would replace", "choose a folder of its own, such as public/ (the default)"}
		case within(site, resolved):
			return previous{}, &Refusal{out, "it holds the site's own folder, which a build would replace", "choose a folder of its own, such as public/ (the default)"}
		}
		for _, src := range o.Sources {
			if s, err := resolve(src); err == nil && (s == resolved || within(resolved, s)) {
				return previous{}, &Refusal{out, fmt.Sprintf("it lies in the site's source folder %s", src), "choose a folder outside content/, layouts/ and static/, such as public/ (the default)"}
			}
		}
	}
	fi, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return previous{}, nil
	case err != nil:
		return previous{}, err
	case fi.Mode()&fs.ModeSymlink != 0:
		// The swap would replace the link, not what it points to.
		return previous{}, &Refusal{out, "it is a symbolic link", "give the folder it points to instead"}
	case !fi.IsDir():
		return previous{}, &Refusal{out, "it is a file, not a folder", "choose a folder, such as public/ (the default)"}
	}
	prev := previous{exists: true}
	if files, ok, err := readMarker(filepath.Join(out, Marker), list); err != nil {
		return previous{}, err
	} else if ok {
		prev.marked, prev.files, prev.dirs = true, files, map[string]bool{}
		for f := range files {
			for d := path.Dir(f); d != "."; d = path.Dir(d) {
				if prev.dirs[d] {
					break
				}
				prev.dirs[d] = true
			}
		}
		return prev, nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return previous{}, err
	}
	entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return slices.Contains(Kept, e.Name()) })
	if len(entries) == 0 {
		return prev, nil
	}
	if !o.Force {
		return previous{}, &Refusal{out, fmt.Sprintf("it holds files (%s) that no Qiao build wrote", sample(entries)),
			"choose an empty or new folder, or pass --force to replace everything in it but " + strings.Join(Kept, " and ")}
	}
	prev.forced = true
	return prev, nil
}

// sample names the first few entries of a folder.
func sample(entries []fs.DirEntry) string {
	var names []string
	for i, e := range entries {
		if i == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(entries)-3))
			break
		}
		names = append(names, e.Name())
	}
	return strings.Join(names, ", ")
}

// readMarker reads the list of files an earlier build wrote, or with list
// false only whether there is one. ok is false when there is no marker, or
// the file of that name is not one.
func readMarker(name string, list bool) (files map[string]bool, ok bool, err error) {
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	header, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(header) != markerHeader {
		return nil, false, nil
	}
	files = map[string]bool{}
	if !list {
		return files, true, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(rest))
	for sc.Scan() {
		if f := sc.Text(); Safe(f) {
			files[f] = true
		}
	}
	return files, true, nil
}

// marker is the Marker's content for the files written.
func marker(written map[string]bool) []byte {
	files := make([]string, 0, len(written))
	size := len(markerHeader) + 1
	for f := range written {
		files = append(files, f)
		size += len(f) + 1
	}
	slices.Sort(files)
	b := make([]byte, 0, size)
	b = append(b, markerHeader...)
	b = append(b, '\n')
	for _, f := range files {
		b = append(b, f...)
		b = append(b, '\n')
	}
	return b
}

// resolve returns the absolute form of p with symbolic links resolved, as
// far as p exists.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for {
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return filepath.Join(append([]string{abs}, rest...)...), nil
		}
		rest = append([]string{filepath.Base(abs)}, rest...)
		abs = parent
	}
}

// within reports whether p lies below dir (both absolute and clean).
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && filepath.IsLocal(rel)
}
