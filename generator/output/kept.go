package output

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"

	"qiao/generator/pool"
)

// keptFiles are the paths, relative to the output folder and slash
// separated, of what the previous output holds that no build wrote: each a
// file, a link, or a folder none of whose files a build wrote.
type keptFiles struct {
	paths []string
	err   error
}

// findKept lists what of the output folder out a build keeps: with a
// marker, everything it does not list; without one (an empty folder, or a
// forced build), the top-level names in Kept.
func findKept(out string, prev previous) keptFiles {
	if !prev.exists {
		return keptFiles{}
	}
	if !prev.marked {
		var k keptFiles
		for _, name := range Kept {
			if _, err := os.Lstat(filepath.Join(out, name)); err == nil {
				k.paths = append(k.paths, name)
			}
		}
		return k
	}
	var (
		mu sync.Mutex
		k  keptFiles
	)
	var walk func(rel string)
	walk = func(rel string) {
		entries, err := os.ReadDir(filepath.Join(out, filepath.FromSlash(rel)))
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				mu.Lock()
				k.err = errors.Join(k.err, err)
				mu.Unlock()
			}
			return
		}
		pool.Each(len(entries), func(i int) {
			e := entries[i]
			p := path.Join(rel, e.Name())
			switch {
			case p == Marker || prev.files[p]:
				return
			case e.IsDir() && prev.dirs[p]:
				walk(p)
				return
			}
			mu.Lock()
			k.paths = append(k.paths, p)
			mu.Unlock()
		})
	}
	walk("")
	slices.Sort(k.paths)
	return k
}
