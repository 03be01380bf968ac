// Package source owns how a site's folder is read: what counts as editor
// and OS litter (never read, never published, never a reason to rebuild),
// and the rule that nothing outside the site root is read, whatever a
// symbolic link inside it says. Every command reads the site through Open;
// the stages read an fs.FS and know nothing of disks.
package source

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Litter reports whether a file or folder name is left behind by an editor
// or an operating system rather than written by a person: backup, swap,
// lock and temporary files, and folder metadata.
func Litter(name string) bool {
	switch {
	case strings.HasSuffix(name, "~"), // Emacs, Vim, gedit backups
		len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"), // Emacs auto-save
		strings.HasPrefix(name, ".#"),                                                    // Emacs lock
		strings.HasPrefix(name, ".goutputstream-"),                                       // GNOME's safe save
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"), // JetBrains' safe write
		name == "4913": // Vim's probe for a writable folder
		return true
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".swp", ".swo", ".swx", ".tmp": // Vim swap files; temporary files
		return true
	}
	for _, meta := range []string{".DS_Store", "Thumbs.db", "desktop.ini", "ehthumbs.db"} {
		if strings.EqualFold(name, meta) {
			return true
		}
	}
	return false
}

// ErrOutside is the error of reading through a symbolic link that leads
// outside the site root.
var ErrOutside = errors.New("it is a symbolic link that leads outside the site; copy the file into the site instead")

// Tree is a site's folder on disk, read as an fs.FS. Litter is left out of
// every folder listing, and a path that resolves outside the folder, through
// symbolic links or otherwise, cannot be opened: the error wraps ErrOutside.
// Links that stay inside the folder work.
type Tree struct {
	fs.FS // litter filtered
	root  *os.Root
	dir   string // absolute, symbolic links resolved
}

// Open opens the site folder dir.
func Open(dir string) (*Tree, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, err
	}
	t := &Tree{root: root, dir: abs}
	t.FS = Filter(outsideFS{root.FS(), t})
	return t, nil
}

// Dir returns the folder's absolute path, symbolic links resolved.
func (t *Tree) Dir() string { return t.dir }

// Close releases the folder.
func (t *Tree) Close() error { return t.root.Close() }

// outsideFS names why os.Root refused a path, and follows the links it
// refuses although they stay inside the folder: os.Root refuses every
// absolute link, even one to a file of the site.
type outsideFS struct {
	fsys fs.FS
	t    *Tree
}

// retry decides what to do after err: the path inside the folder where a
// link leads, to read instead, or the error to return, ErrOutside when
// the path leads outside.
func (o outsideFS) retry(name string, err error) (string, error) {
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	resolved, rerr := filepath.EvalSymlinks(filepath.Join(o.t.dir, filepath.FromSlash(name)))
	if rerr != nil {
		return "", err
	}
	rel, rerr := filepath.Rel(o.t.dir, resolved)
	if rerr != nil || !filepath.IsLocal(rel) {
		return "", ErrOutside // the caller names the path
	}
	if rel = filepath.ToSlash(rel); rel == name {
		return "", err // not a link: some other problem
	}
	return rel, nil
}

// follow runs read on name and, where os.Root refused a link that stays
// inside the folder, again on the path the link leads to.
func follow[T any](o outsideFS, name string, read func(string) (T, error)) (T, error) {
	v, err := read(name)
	if err == nil {
		return v, nil
	}
	rel, err := o.retry(name, err)
	if rel == "" {
		var zero T
		return zero, err
	}
	return read(rel)
}

func (o outsideFS) Open(name string) (fs.File, error) {
	f, err := follow(o, name, o.fsys.Open)
	if err != nil {
		return nil, err
	}
	// Only a folder is listed, and only a folder can hold the link that
	// leads to it: a file (an *os.File can list itself too) is returned
	// as it is.
	dir, ok := f.(fs.ReadDirFile)
	if info, err := f.Stat(); !ok || err != nil || !info.IsDir() {
		return f, nil
	}
	if info, err := o.t.root.Lstat(filepath.FromSlash(name)); err == nil && info.Mode()&fs.ModeSymlink != 0 && o.encloses(name) {
		dir.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrLoop}
	}
	return linkingDir{dir, o, name}, nil
}

// linkingDir is an open folder whose listing shows links to folders as
// outsideFS.ReadDir does.
type linkingDir struct {
	fs.ReadDirFile
	o    outsideFS
	name string
}

func (d linkingDir) ReadDir(n int) ([]fs.DirEntry, error) {
	es, err := d.ReadDirFile.ReadDir(n)
	return d.o.linked(d.name, es), err
}

// ReadDir lists a folder. A symbolic link to a folder inside the site is
// listed as that folder, so walking the tree goes through it as through
// a copy, unless the folder holds the link: that link would make the walk
// endless, and reading it fails with ErrLoop.
func (o outsideFS) ReadDir(name string) ([]fs.DirEntry, error) {
	es, err := follow(o, name, func(n string) ([]fs.DirEntry, error) { return fs.ReadDir(o.fsys, n) })
	return o.linked(name, es), err
}

// linked replaces, in the listing es of the folder name, each link to a
// folder inside the site by that folder, unless the folder holds the link.
func (o outsideFS) linked(name string, es []fs.DirEntry) []fs.DirEntry {
	for i, e := range es {
		if e.Type()&fs.ModeSymlink == 0 {
			continue
		}
		p := path.Join(name, e.Name())
		if info, err := o.Stat(p); err == nil && info.IsDir() && !o.encloses(p) {
			es[i] = fs.FileInfoToDirEntry(renamed{info, e.Name()})
		}
	}
	return es
}

// ErrLoop is the error of reading through a symbolic link to a folder
// that holds the link.
var ErrLoop = errors.New("it is a symbolic link to a folder that holds it; link a folder beside it instead")

// encloses reports whether the link at name leads to a folder that holds
// the link, or to the folder itself.
func (o outsideFS) encloses(name string) bool {
	target, err := filepath.EvalSymlinks(filepath.Join(o.t.dir, filepath.FromSlash(name)))
	if err != nil {
		return false
	}
	parent, err := filepath.EvalSymlinks(filepath.Join(o.t.dir, filepath.FromSlash(path.Dir(name))))
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(target, parent)
	return err == nil && filepath.IsLocal(rel) // "." too: the link's own folder
}

// renamed is a folder's FileInfo under the name of the link that leads
// to it.
type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }

// ReadFile reads a file in one step of os.Root, without the look at the
// path that Open makes for every folder it opens (and every file, which
// can list itself too). On any error it reads through Open instead, so
// that the error is the one Open gives.
func (o outsideFS) ReadFile(name string) ([]byte, error) {
	data, err := follow(o, name, func(n string) ([]byte, error) { return fs.ReadFile(o.fsys, n) })
	if err != nil {
		return readThroughOpen(o, name)
	}
	return data, nil
}

// readThroughOpen is fs.ReadFile through o.Open alone.
func readThroughOpen(o outsideFS, name string) ([]byte, error) {
	f, err := o.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func (o outsideFS) Stat(name string) (fs.FileInfo, error) {
	return follow(o, name, func(n string) (fs.FileInfo, error) { return fs.Stat(o.fsys, n) })
}

// Filter returns fsys with litter left out of every folder listing. A
// litter file can still be opened by its name; nothing that walks the
// tree finds it.
func Filter(fsys fs.FS) fs.FS { return filtered{fsys} }

type filtered struct{ fsys fs.FS }

func (f filtered) Open(name string) (fs.File, error) {
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if dir, ok := file.(fs.ReadDirFile); ok {
		return filteredDir{dir}, nil
	}
	return file, nil
}

func (f filtered) ReadFile(name string) ([]byte, error)  { return fs.ReadFile(f.fsys, name) }
func (f filtered) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.fsys, name) }

func (f filtered) ReadDir(name string) ([]fs.DirEntry, error) {
	es, err := fs.ReadDir(f.fsys, name)
	return slices.DeleteFunc(es, func(e fs.DirEntry) bool { return Litter(e.Name()) }), err
}

// Sub keeps the filter on a sub-folder (fs.Sub would too, but through
// ReadDir of the whole path each time).
func (f filtered) Sub(dir string) (fs.FS, error) {
	s, err := fs.Sub(f.fsys, dir)
	if err != nil {
		return nil, err
	}
	return filtered{s}, nil
}

// filteredDir is an open folder whose listing leaves litter out.
type filteredDir struct{ fs.ReadDirFile }

func (d filteredDir) ReadDir(n int) ([]fs.DirEntry, error) {
	for {
		es, err := d.ReadDirFile.ReadDir(n)
		kept := slices.DeleteFunc(es, func(e fs.DirEntry) bool { return Litter(e.Name()) })
		if len(kept) > 0 || err != nil || n <= 0 {
			return kept, err
		}
	}
}
