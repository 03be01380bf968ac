package serve

import (
	"context"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"qiao/generator/config"
)

// Poll is Watch for file systems that send no change events, such as a
// site mounted into Docker or WSL: every interval it compares each watched
// file's modification time and size with the last look's, and rebuilds
// what changed. Watching is closed after the first look.
func (s *Server) Poll(ctx context.Context, root string, every time.Duration) error {
	return poll(ctx, root, every, s.log,
		func() { s.ready.Do(func() { close(s.watching) }) },
		func(changed []string) { s.Rebuild(changed) })
}

// poll calls ready once it has looked at the site at root, then calls
// rebuild with the files changed (sorted slash paths from root) at each
// later look, every interval, that finds some, until ctx ends.
func poll(ctx context.Context, root string, every time.Duration, log io.Writer, ready func(), rebuild func(changed []string)) error {
	p := newPoller(root, log)
	ready()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			if changed := p.scan(); len(changed) > 0 {
				rebuild(changed)
			}
		}
	}
}

// racy is how recent a modification time must be for a later change to
// possibly keep it: file systems store times to a tick (two seconds on
// FAT), so a file written twice within one tick, to the same size, keeps
// its stamp. A file modified that recently is also compared by content at
// the next look, like Git's "racily clean" entries.
const racy = 2 * time.Second

// stamp is what a look knows of a file.
type stamp struct {
	mod  int64 // modification time, in nanoseconds
	size int64
	// sum is the content's hash when the modification time was racy at
	// the look; 0 otherwise.
	sum uint64
}

// poller finds changed files by comparing looks at the watched files.
type poller struct {
	root   string
	log    io.Writer
	seed   maphash.Seed
	seen   map[string]stamp // by slash path from root, at the last look
	failed map[string]bool  // folders reported unreadable
}

// newPoller takes the first look at the site at root.
func newPoller(root string, log io.Writer) *poller {
	p := &poller{root: root, log: log, seed: maphash.MakeSeed(), failed: map[string]bool{}}
	p.seen = p.look()
	return p
}

// scan looks again and returns the files added, removed or changed since
// the last look, sorted.
func (p *poller) scan() []string {
	now := p.look()
	var changed []string
	for rel, st := range now {
		old, ok := p.seen[rel]
		if !ok || old.mod != st.mod || old.size != st.size {
			changed = append(changed, rel)
			continue
		}
		if old.sum != 0 {
			sum := st.sum
			if sum == 0 {
				sum = p.sum(rel)
			}
			if sum != old.sum {
				changed = append(changed, rel)
			}
		}
	}
	for rel := range p.seen {
		if _, ok := now[rel]; !ok {
			changed = append(changed, rel)
		}
	}
	sort.Strings(changed)
	p.seen = now
	return changed
}

// look stamps site.toml and every file under the watched folders that may
// change the site, leaving out what Watch leaves out (hidden folders,
// editors' litter).
func (p *poller) look() map[string]stamp {
	start := time.Now()
	files := map[string]stamp{}
	add := func(name string, info fs.FileInfo) {
		rel, ok := relevant(p.root, name)
		if !ok {
			return
		}
		st := stamp{mod: info.ModTime().UnixNano(), size: info.Size()}
		if start.Sub(info.ModTime()) < racy {
			st.sum = p.sum(rel)
		}
		files[rel] = st
	}
	if info, err := os.Stat(filepath.Join(p.root, config.File)); err == nil {
		add(filepath.Join(p.root, config.File), info)
	}
	for _, dir := range watched {
		top := filepath.Join(p.root, dir)
		_ = filepath.WalkDir(top, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				// A folder that is not there is not watched yet; one that
				// cannot be read is said once.
				if !os.IsNotExist(err) && !p.failed[name] {
					p.failed[name] = true
					fmt.Fprintf(p.log, "poll: %v; changes there will not be seen\n", err)
				}
				return nil
			}
			if d.IsDir() {
				if name != top && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			// A symbolic link changes with what it leads to.
			info, err := os.Stat(name)
			if err != nil || info.IsDir() {
				return nil
			}
			add(name, info)
			return nil
		})
	}
	return files
}

// sum hashes the content of the file at rel; 1 when it cannot be read, so
// that a racy stamp is never taken for no hash.
func (p *poller) sum(rel string) uint64 {
	data, err := os.ReadFile(filepath.Join(p.root, filepath.FromSlash(rel)))
	if err != nil {
		return 1
	}
	return maphash.Bytes(p.seed, data) | 1
}
