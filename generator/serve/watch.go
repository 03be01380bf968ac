package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"qiao/generator/config"
)

// watched are the folders of a site whose changes trigger a rebuild.
var watched = []string{"content", "layouts", "static"}

// debounce is how long the watcher waits after the last event of a burst
// (an editor's save, a git checkout) before it rebuilds once.
const debounce = 40 * time.Millisecond

// Watch watches the site at root and rebuilds on changes until ctx ends.
// Folders created later are watched too.
func (s *Server) Watch(ctx context.Context, root string) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", root, err)
	}
	defer w.Close()
	if err := w.Add(root); err != nil { // for site.toml and folders created later
		return fmt.Errorf("watch %s: %w", root, err)
	}
	for _, dir := range watched {
		addTree(w, filepath.Join(root, dir))
	}

	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			fmt.Fprintf(s.log, "watch: %v\n", err)
		case e, ok := <-w.Events:
			if !ok {
				return nil
			}
			rel, ok := relevant(root, e.Name)
			if !ok {
				continue
			}
			if e.Has(fsnotify.Create) {
				if fi, err := os.Stat(e.Name); err == nil && fi.IsDir() {
					addTree(w, e.Name)
				}
			}
			pending[rel] = true
			timer.Reset(debounce)
		case <-timer.C:
			changed := make([]string, 0, len(pending))
			for p := range pending {
				changed = append(changed, p)
			}
			sort.Strings(changed)
			clear(pending)
			s.Rebuild(changed)
		}
	}
}

// addTree watches dir and every folder below it.
func addTree(w *fsnotify.Watcher, dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if err := w.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil
			}
		}
		return nil
	})
}

// relevant maps an event's path to a slash path from the site root, and
// drops what cannot change the site: files outside the watched folders and
// editors' temporary files.
func relevant(root, name string) (string, bool) {
	rel, err := filepath.Rel(root, name)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	base := filepath.Base(name)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") ||
		strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".tmp") || base == "4913" {
		return "", false
	}
	if rel == config.File {
		return rel, true
	}
	top, _, _ := strings.Cut(rel, "/")
	for _, dir := range watched {
		if top == dir {
			return rel, true
		}
	}
	return "", false
}
