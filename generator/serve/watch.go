package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"qiao/generator/config"
	"qiao/generator/source"
)

// watched are the folders of a site whose changes trigger a rebuild.
var watched = []string{"content", "layouts", "static"}

// debounce is how long the watcher waits after the last event of a burst
// (an editor's save, a git checkout) before it rebuilds once.
const debounce = 40 * time.Millisecond

// Watch watches the site at root and rebuilds on changes until ctx ends.
// Folders created later are watched too. Watching is closed once every
// folder is watched.
func (s *Server) Watch(ctx context.Context, root string) error {
	return watch(ctx, root, debounce, s.log,
		func() { s.ready.Do(func() { close(s.watching) }) },
		func(changed []string) { s.Rebuild(changed) })
}

// watch calls ready once every folder of the site at root is watched, then
// calls rebuild with the files changed (sorted slash paths from root) each
// time changes have been quiet for the given time, until ctx ends.
func watch(ctx context.Context, root string, quiet time.Duration, log io.Writer, ready func(), rebuild func(changed []string)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w (--poll 500ms watches without the system's file events)", root, err)
	}
	defer w.Close()
	if err := w.Add(root); err != nil { // for site.toml and folders created later
		return fmt.Errorf("watch %s: %w (--poll 500ms watches without the system's file events)", root, err)
	}
	for _, dir := range watched {
		addTree(w, root, filepath.Join(root, dir), log)
	}
	ready()

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
			fmt.Fprintf(log, "watch: %v\n", err)
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
					// Files may be in it already (a folder moved in, or
					// written before it was watched): they changed too.
					for _, f := range addTree(w, root, e.Name, log) {
						pending[f] = true
					}
				}
			}
			pending[rel] = true
			timer.Reset(quiet)
		case <-timer.C:
			changed := make([]string, 0, len(pending))
			for p := range pending {
				changed = append(changed, p)
			}
			sort.Strings(changed)
			clear(pending)
			rebuild(changed)
		}
	}
}

// addTree watches dir and every folder below it, and returns the files in
// them that may change the site, as slash paths from root.
func addTree(w *fsnotify.Watcher, root, dir string, log io.Writer) []string {
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if !d.IsDir() {
			if rel, ok := relevant(root, p); ok {
				files = append(files, rel)
			}
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		// A folder already gone needs no watching; anything else (such as
		// the system's limit on watches) means saves there go unseen.
		if err := w.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(log, "watch: %v; saves in %s will not be seen (--poll 500ms sees them)\n", err, p)
		}
		return nil
	})
	return files
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
	if strings.HasPrefix(base, ".") || source.Litter(base) {
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
