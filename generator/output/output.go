// Package output writes a build into a fresh temporary directory beside the
// output directory and swaps it in only when the whole build succeeded, so
// a failed build leaves the previous site untouched. It refuses any path
// that would land outside the output directory. It knows nothing of pages.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Dir is an output directory being written.
type Dir struct {
	final string
	tmp   string

	mu      sync.Mutex
	written map[string]bool
	dirs    map[string]bool
}

// Begin starts writing the output directory out.
func Begin(out string) (*Dir, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	if fi, err := os.Lstat(out); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s exists and is not a directory", out)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("create a temporary output directory: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	return &Dir{final: out, tmp: tmp, written: map[string]bool{}, dirs: map[string]bool{}}, nil
}

// Safe reports whether rel, a slash-separated path, stays inside the output
// directory: relative, clean, no dot segments, no backslashes.
func Safe(rel string) bool {
	if rel == "" || strings.ContainsAny(rel, "\\\x00") || path.IsAbs(rel) || path.Clean(rel) != rel {
		return false
	}
	for _, seg := range strings.Split(rel, "/") {
		if seg == ".." || seg == "." {
			return false
		}
	}
	return filepath.IsLocal(filepath.FromSlash(rel))
}

// Write writes data to rel. Writing one path twice is an error: two parts of
// the build claimed the same file.
func (d *Dir) Write(rel string, data []byte) error {
	full, err := d.claim(rel)
	if err != nil {
		return err
	}
	return os.WriteFile(full, data, 0o644)
}

// Copy copies the file src of fsys to rel.
func (d *Dir) Copy(rel string, fsys fs.FS, src string) error {
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	return d.Write(rel, data)
}

func (d *Dir) claim(rel string) (string, error) {
	if !Safe(rel) {
		return "", fmt.Errorf("refusing to write %q: it is outside the output directory", rel)
	}
	full := filepath.Join(d.tmp, filepath.FromSlash(rel))
	dir := filepath.Dir(full)
	d.mu.Lock()
	if d.written[rel] {
		d.mu.Unlock()
		return "", fmt.Errorf("%s is written twice", rel)
	}
	d.written[rel] = true
	made := d.dirs[dir]
	d.mu.Unlock()
	// Directories are made outside the lock so that writers do not queue
	// behind each other's system calls; both calls tolerate a race. Most
	// pages sit in a folder of their own under one that exists: one Mkdir,
	// not MkdirAll's Stat of the folder and of its parent as well.
	if !made {
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return "", err
			}
		}
		d.mu.Lock()
		d.dirs[dir] = true
		d.mu.Unlock()
	}
	return full, nil
}

// Has reports whether rel has been written.
func (d *Dir) Has(rel string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.written[rel]
}

// Files returns the number of files written.
func (d *Dir) Files() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.written)
}

// Commit replaces the output directory with what was written.
func (d *Dir) Commit() error {
	var old string
	if _, err := os.Lstat(d.final); err == nil {
		old = d.tmp + ".old"
		if err := os.Rename(d.final, old); err != nil {
			d.Abort()
			return fmt.Errorf("move the previous %s aside: %w", d.final, err)
		}
	}
	if err := os.Rename(d.tmp, d.final); err != nil {
		if old != "" {
			_ = os.Rename(old, d.final)
		}
		d.Abort()
		return fmt.Errorf("move the new site into %s: %w", d.final, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes what was written and leaves the output directory as it was.
func (d *Dir) Abort() {
	_ = os.RemoveAll(d.tmp)
}

// Memory is an output kept in memory, for the preview server: nothing is
// written to disk.
type Memory struct {
	mu    sync.Mutex
	files map[string][]byte
}

// NewMemory returns an empty in-memory output.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}} }

// Write stores a copy of data at rel.
func (m *Memory) Write(rel string, data []byte) error {
	return m.put(rel, bytes.Clone(data))
}

func (m *Memory) put(rel string, data []byte) error {
	if !Safe(rel) {
		return fmt.Errorf("refusing to write %q: it is outside the output directory", rel)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.files[rel]; dup {
		return fmt.Errorf("%s is written twice", rel)
	}
	m.files[rel] = data
	return nil
}

// Keep stores data at rel without copying it: the caller must never
// change data again (a page kept from the previous build).
func (m *Memory) Keep(rel string, data []byte) error {
	return m.put(rel, data)
}

// Copy stores the file src of fsys at rel.
func (m *Memory) Copy(rel string, fsys fs.FS, src string) error {
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	return m.Write(rel, data)
}

// Has reports whether rel has been written.
func (m *Memory) Has(rel string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.files[rel]
	return ok
}

// Get returns the file at rel.
func (m *Memory) Get(rel string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.files[rel]
	return b, ok
}

// Files returns the number of files.
func (m *Memory) Files() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.files)
}

// Paths returns every path, sorted.
func (m *Memory) Paths() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.files))
	for p := range m.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
