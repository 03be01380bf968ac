package output

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"

	"qiao/generator/pool"
)

// PrecompressMin is the size in bytes below which a file is not
// precompressed: smaller files gain a few bytes at most, and servers send
// them as they are.
const PrecompressMin = 1024

// compressible are the extensions of text files, which gzip makes much
// smaller. Images and fonts are compressed already, and so are the search
// index's files, which have no extension.
var compressible = map[string]bool{
	".html": true, ".css": true, ".js": true, ".mjs": true, ".json": true, ".xml": true,
	".svg": true, ".txt": true, ".webmanifest": true, ".map": true, ".ics": true, ".csv": true, ".md": true,
}

// Precompressible reports whether a file at rel of size bytes gets a .gz
// copy from a build with --precompress.
func Precompressible(rel string, size int) bool {
	return size >= PrecompressMin && compressible[path.Ext(rel)]
}

// Gzip returns data compressed at gzip's best level with an empty header
// (no name, no time): the same bytes for the same input, so two builds
// give the same .gz files.
func Gzip(data []byte) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression) // the level is valid
	_, _ = w.Write(data)                                  // a bytes.Buffer does not fail
	_ = w.Close()
	return b.Bytes()
}

// Precompress makes Commit write, beside each text file of at least
// PrecompressMin bytes, a gzip copy with .gz appended to its name, for
// servers that send such copies to clients that accept gzip (nginx's
// gzip_static, Caddy's precompressed).
func (d *Dir) Precompress() { d.precompress = true }

// writeCompressed writes the .gz copies of the files written so far. The
// queue is flushed: it writes them itself, on every core.
func (d *Dir) writeCompressed() error {
	var rels []string
	for rel := range d.written {
		if compressible[path.Ext(rel)] {
			rels = append(rels, rel)
		}
	}
	sort.Strings(rels)
	wrote := make([]bool, len(rels))
	errs := make([]error, len(rels))
	pool.Each(len(rels), func(i int) {
		full := filepath.Join(d.tmp, filepath.FromSlash(rels[i]))
		data, err := os.ReadFile(full)
		if err != nil {
			errs[i] = fmt.Errorf("precompress %s: %w", rels[i], err)
			return
		}
		if !Precompressible(rels[i], len(data)) {
			return
		}
		if err := os.WriteFile(full+".gz", Gzip(data), 0o644); err != nil {
			errs[i] = fmt.Errorf("precompress %s: %w", rels[i], err)
			return
		}
		wrote[i] = true
	})
	for i, rel := range rels {
		if errs[i] != nil {
			return errs[i]
		}
		if wrote[i] {
			if d.written[rel+".gz"] {
				return fmt.Errorf("precompress %s: the build wrote %s.gz itself", rel, rel)
			}
			d.written[rel+".gz"] = true
		}
	}
	return nil
}

// Paths returns the path of every file written, sorted.
func (d *Dir) Paths() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Sorted(maps.Keys(d.written))
}
