package serve

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The poller, with no file events, finds each kind of change, and an
// unchanged tree gives nothing to rebuild, look after look.
func TestPollerFindsChanges(t *testing.T) {
	root := siteDir(t, nil)
	p := newPoller(root, testLog{t})
	unchanged := func(when string) {
		t.Helper()
		for range 3 {
			if got := p.scan(); got != nil {
				t.Fatalf("%s, an unchanged tree gave %q to rebuild", when, got)
			}
		}
	}
	unchanged("at first")
	for _, step := range []struct {
		name   string
		change func()
		want   []string
	}{{
		name:   "an edit",
		change: func() { writeFile(t, root, "content/cases/licence.md", goodLicence+"More.\n") },
		want:   []string{"content/cases/licence.md"},
	}, {
		name: "a page in a new folder, and a static file",
		change: func() {
			writeFile(t, root, "content/policies/new-rules/index.md", "+++\ntitle = \"New rules\"\n+++\n")
			writeFile(t, root, "static/css/extra.css", "body { color: navy; }\n")
		},
		want: []string{"content/policies/new-rules/index.md", "static/css/extra.css"},
	}, {
		name:   "a removed folder",
		change: func() { remove(t, root, "content/policies") },
		want:   []string{"content/policies/new-rules/index.md"},
	}, {
		name: "a layout and site.toml",
		change: func() {
			writeFile(t, root, "layouts/partials/footer.html", "<footer></footer>")
			writeFile(t, root, "site.toml", testSite+"\n")
		},
		want: []string{"layouts/partials/footer.html", "site.toml"},
	}, {
		name: "litter and hidden folders",
		change: func() {
			writeFile(t, root, "content/cases/.licence.md.swp", "x")
			writeFile(t, root, "content/cases/licence.md~", "x")
			writeFile(t, root, "content/.git/HEAD", "x")
			writeFile(t, root, "public/index.html", "x")
		},
		want: nil,
	}} {
		step.change()
		if got := p.scan(); !slices.Equal(got, step.want) {
			t.Errorf("%s: rebuilt %q, want %q", step.name, got, step.want)
		}
		unchanged("after " + step.name)
	}
}

// A file written again within its modification time's tick, to the same
// size, keeps its stamp: the poller compares such recent files by content.
func TestPollerSeesASameSizeEditInOneTick(t *testing.T) {
	root := siteDir(t, nil)
	name := filepath.Join(root, "content", "cases", "licence.md")
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	p := newPoller(root, testLog{t})
	writeFile(t, root, "content/cases/licence.md", goodLicence[:len(goodLicence)-2]+"!\n")
	if err := os.Chtimes(name, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got := p.scan(); !slices.Equal(got, []string{"content/cases/licence.md"}) {
		t.Errorf("rebuilt %q, want the file edited within its tick", got)
	}
	if got := p.scan(); got != nil {
		t.Errorf("then rebuilt %q with nothing changed", got)
	}
}

// Polling runs without file events: a save is rebuilt, once.
func TestPollRebuildsASave(t *testing.T) {
	root := siteDir(t, nil)
	batches := make(chan []string, 100)
	ready := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- poll(ctx, root, 10*time.Millisecond, testLog{t}, func() { close(ready) }, func(changed []string) { batches <- changed })
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	<-ready
	writeFile(t, root, "content/cases/licence.md", goodLicence+"Polled.\n")
	if got := nextBatch(t, batches); !slices.Equal(got, []string{"content/cases/licence.md"}) {
		t.Errorf("rebuilt %q, want the saved file", got)
	}
	writeFile(t, root, "static/css/extra.css", "body { color: red; }\n")
	if got := nextBatch(t, batches); !slices.Equal(got, []string{"static/css/extra.css"}) {
		t.Errorf("after the save, rebuilt %q, want only the next save", got)
	}
}

// serve --poll serves each save.
func TestRunPolling(t *testing.T) {
	root := siteDir(t, nil)
	url, log := startRunWith(t, Options{Root: root, Bind: "127.0.0.1", Poll: 20 * time.Millisecond})
	writeFile(t, root, "content/cases/licence.md", "+++\ntitle = \"An overseas licence\"\nyear = 2024\n+++\nPolled version.\n")
	deadline := time.Now().Add(patience)
	for {
		if _, _, body := get(t, url+"cases/licence/"); strings.Contains(body, "Polled version.") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the save was not served after %v; the terminal:\n%s", patience, log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(log.String(), "looking for changes every 20ms") {
		t.Errorf("the terminal does not say it polls:\n%s", log)
	}
}

func remove(t *testing.T, root, name string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(root, filepath.FromSlash(name))); err != nil {
		t.Fatal(err)
	}
}
