package serve

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"qiao/generator/corpus"
)

// benchPages is the size of the corpus BenchmarkEditToServe edits, in
// pages per language: go test -bench EditToServe -pages 10000.
var benchPages = flag.Int("pages", 1000, "pages per language of the benchmark corpus")

// BenchmarkEditToServe measures, on a corpus of 1,000 pages per language
// (see -pages), the time from writing a page's file to the server answering
// with the rebuilt page: debounce, rebuild and serving included. Compare
// with BenchmarkBuild in generator/build (a full build of the same corpus),
// and with the first-build-ms it reports (a full build in memory). An edit
// of the body is the usual one; an edit of the title changes the front
// matter, so the page graph is made again and every list that shows the
// page is rendered again.
func BenchmarkEditToServe(b *testing.B) {
	b.Run("body", func(b *testing.B) {
		benchmarkEdit(b, func(page []byte, marker string) []byte {
			return append(append([]byte{}, page...), "\n"+marker+"\n"...)
		})
	})
	b.Run("title", func(b *testing.B) {
		benchmarkEdit(b, func(page []byte, marker string) []byte {
			return bytes.Replace(page, []byte(`title = "`), []byte(`title = "`+marker+" "), 1)
		})
	})
}

// benchmarkEdit measures edits that edit makes of a page: it returns the
// page's file with marker shown in the page.
func benchmarkEdit(b *testing.B, edit func(page []byte, marker string) []byte) {
	root := b.TempDir()
	if err := corpus.WriteDir(root, corpus.Generate(*benchPages)); err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/"
	var log strings.Builder
	s := New(os.DirFS(root), url, false, &syncWriter{w: &log})
	start := time.Now()
	if !s.Rebuild(nil) {
		b.Fatal("first build failed")
	}
	// Reported after the loop: b.Loop resets the metrics reported before it.
	firstBuild := time.Since(start)
	srv := &http.Server{Handler: s}
	go srv.Serve(ln)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watchErr := make(chan error, 1)
	go func() { watchErr <- s.Watch(ctx, root) }()
	select {
	case <-s.Watching():
	case err := <-watchErr:
		b.Fatalf("the watcher stopped: %v", err)
	}

	page := filepath.Join(root, "content", "cases", "k-00007.md")
	original, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	client := &http.Client{}
	n := 0
	for b.Loop() {
		n++
		marker := fmt.Sprintf("Edit number %d of this case.", n)
		built := s.Built()
		if err := os.WriteFile(page, edit(original, marker), 0o644); err != nil {
			b.Fatal(err)
		}
		deadline := time.Now().Add(2 * time.Minute)
		for {
			// As an open tab does: wait for a build to end (the reload
			// event), then ask for the page. Asking again and again instead
			// would take CPU from the build being measured.
			select {
			case <-built:
			case <-time.After(time.Until(deadline)):
				b.Fatalf("the edit never showed; the server's log:\n%s", log.String())
			}
			built = s.Built()
			resp, err := client.Get(url + "cases/k-00007/")
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), marker) {
				break
			}
		}
	}
	b.StopTimer()
	var total, builds float64
	for _, line := range strings.Split(log.String(), "\n") {
		var ms, rendered, reused float64
		if n, _ := fmt.Sscanf(line, "Rebuilt in %f ms: %f pages rendered, %f unchanged.", &ms, &rendered, &reused); n == 3 {
			total += ms
			builds++
		}
	}
	b.ReportMetric(float64(firstBuild.Milliseconds()), "first-build-ms")
	if builds > 0 {
		b.ReportMetric(total/builds, "rebuild-ms")
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// BenchmarkPollLook measures one look of --poll at the corpus of -pages
// pages per language: what each interval costs while nothing changes.
func BenchmarkPollLook(b *testing.B) {
	root := b.TempDir()
	if err := corpus.WriteDir(root, corpus.Generate(*benchPages)); err != nil {
		b.Fatal(err)
	}
	// Files written seconds ago are compared by content (see racy); an
	// editor's site was mostly written long before.
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			err = os.Chtimes(name, old, old)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	p := newPoller(root, io.Discard)
	for b.Loop() {
		if changed := p.scan(); changed != nil {
			b.Fatalf("an unchanged corpus gave %d files to rebuild", len(changed))
		}
	}
	b.ReportMetric(float64(len(p.seen)), "files")
}
