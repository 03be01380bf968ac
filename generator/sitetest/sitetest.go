// Package sitetest gives tests the shipped site as a file system they may
// edit.
package sitetest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"testing/fstest"
)

// Shipped copies the shipped site (site.toml, content, layouts, static)
// from the repository into memory.
func Shipped(t testing.TB) fstest.MapFS {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	src := os.DirFS(filepath.Join(filepath.Dir(file), "..", ".."))
	m := fstest.MapFS{}
	for _, root := range []string{"site.toml", "content", "layouts", "static"} {
		err := fs.WalkDir(src, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if d.IsDir() {
				return nil
			}
			data, err := fs.ReadFile(src, p)
			if err != nil {
				return err
			}
			m[p] = &fstest.MapFile{Data: data}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return m
}
