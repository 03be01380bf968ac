package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"qiao/generator/corpus"
)

// The tests here run the command as its own process, to stop it with a
// signal or run two at once: the test binary runs main when this variable
// is set.
const asCommand = "QIAO_TEST_AS_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		main()
	}
	os.Exit(m.Run())
}

// proc is the command running as a process.
type proc struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	done           chan struct{} // closed when it has ended
	err            error         // of Wait, once done
}

// command starts the command with args.
func command(t *testing.T, args ...string) *proc {
	t.Helper()
	p := &proc{done: make(chan struct{})}
	p.cmd = exec.Command(os.Args[0], args...)
	p.cmd.Env = append(os.Environ(), asCommand+"=1")
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	return p
}

// wait waits for the process to end and returns its exit code, -1 when a
// signal ended it.
func (p *proc) wait() int {
	<-p.done
	return p.cmd.ProcessState.ExitCode()
}

// waitFor waits until cond holds or the process ends. The limit is
// generous: only a build that hangs reaches it.
func waitFor(t *testing.T, p *proc, cond func() bool) {
	t.Helper()
	deadline := time.After(5 * time.Minute)
	for !cond() {
		select {
		case <-p.done:
			return
		case <-deadline:
			t.Fatal("waited 5 minutes for a build")
		case <-time.After(time.Millisecond):
		}
	}
}

// largeSite writes a generated site big enough that a build takes a
// while, and returns its root.
func largeSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := corpus.WriteDir(dir, corpus.Generate(1500)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// leftovers lists what builds left beside the output folder.
func leftovers(t *testing.T, site string) []string {
	t.Helper()
	entries, err := os.ReadDir(site)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public.") {
			out = append(out, e.Name())
		}
	}
	return out
}

// A killed build leaves its temporary folder; the next build removes it
// and builds the same site. Ctrl+C removes it at once and leaves the
// previous site as it was.
func TestInterruptedBuilds(t *testing.T) {
	site := largeSite(t)
	public := filepath.Join(site, "public")
	writing := func() bool { return len(leftovers(t, site)) > 1 } // the lock and the temporary folder

	// Killed: the process has no chance to clean up.
	for attempt := 0; ; attempt++ {
		p := command(t, "build", "--source", site)
		waitFor(t, p, writing)
		_ = p.cmd.Process.Kill()
		if p.wait() == -1 {
			break
		}
		if attempt == 5 {
			t.Fatalf("the build always ended before it could be killed: %v", p.err)
		}
		_ = os.RemoveAll(public)
	}
	if left := leftovers(t, site); len(left) == 0 {
		t.Fatal("a killed build left nothing: the test did not kill it while it wrote")
	}
	p := command(t, "build", "--source", site)
	if code := p.wait(); code != 0 {
		t.Fatalf("the build after a killed one: exit %d\n%s", code, &p.stderr)
	}
	if !strings.HasPrefix(p.stdout.String(), "en: ") {
		t.Errorf("summary = %q", &p.stdout)
	}
	if left := leftovers(t, site); len(left) != 0 {
		t.Errorf("after a clean build, beside public/: %v", left)
	}
	home, err := os.ReadFile(filepath.Join(public, "index.html"))
	if err != nil {
		t.Fatal(err)
	}

	// Interrupted: a changed page is being built when Ctrl+C comes.
	edited := filepath.Join(site, "content", "_index.md")
	src, _ := os.ReadFile(edited)
	if err := os.WriteFile(edited, append(src, "\nA line added since.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	for attempt := 0; ; attempt++ {
		p := command(t, "build", "--source", site)
		waitFor(t, p, writing)
		_ = p.cmd.Process.Signal(os.Interrupt)
		if p.wait() == 130 {
			if !strings.Contains(p.stderr.String(), "qiao build: interrupted; "+public+" was not changed") {
				t.Errorf("stderr = %q", &p.stderr)
			}
			break
		}
		if attempt == 5 {
			t.Fatalf("the build always ended before it could be interrupted: %v\n%s", p.err, &p.stderr)
		}
		_ = os.WriteFile(filepath.Join(public, "index.html"), home, 0o644) // undo the finished build
	}
	if left := leftovers(t, site); len(left) != 0 {
		t.Errorf("an interrupted build left %v", left)
	}
	if now, _ := os.ReadFile(filepath.Join(public, "index.html")); !bytes.Equal(now, home) {
		t.Error("an interrupted build changed public/index.html")
	}
}

// Two builds into one folder: the second exits 1 at once with a clear
// message, and the first finishes as if alone.
func TestConcurrentBuilds(t *testing.T) {
	site := largeSite(t)
	for attempt := 0; ; attempt++ {
		first := command(t, "build", "--source", site)
		waitFor(t, first, func() bool { return slices.Contains(leftovers(t, site), ".public.lock") })
		second := command(t, "build", "--source", site)
		code2 := second.wait()
		if code := first.wait(); code != 0 {
			t.Fatalf("the first build: exit %d\n%s", code, &first.stderr)
		}
		if code2 == 0 && attempt < 5 {
			continue // the first had finished already
		}
		if code2 != 1 || !strings.Contains(second.stderr.String(), "qiao build: another build is writing "+filepath.Join(site, "public")+" (process ") {
			t.Fatalf("the second build: exit %d\nstdout: %s\nstderr: %s", code2, &second.stdout, &second.stderr)
		}
		if !strings.HasPrefix(first.stdout.String(), "en: ") {
			t.Errorf("the first build's summary: %q", &first.stdout)
		}
		break
	}
	if left := leftovers(t, site); len(left) != 0 {
		t.Errorf("beside public/: %v", left)
	}
	if _, err := os.Stat(filepath.Join(site, "public", "index.html")); err != nil {
		t.Error(err)
	}
}
