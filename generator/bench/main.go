// Command bench is Qiao's benchmark kit. For each requested size it writes
// the generated corpus (package corpus) to a temporary folder, then, run
// after run, builds it with the qiao command, builds the same content as a
// Hugo site with Debian's hugo and indexes Hugo's output with Pagefind, and
// converts the Markdown with goldmark alone as a floor, then with goldmark
// and chroma's highlighting as a second floor (the spec highlights fenced
// code, so no build that meets it goes below that one). It prints the
// medians side by side with the ratios issue 7 sets as targets:
//
//	go run ./generator/bench --pages 1000,10000 --runs 3 --out-md bench.md
//
// With --theme DIR, each run also builds the corpus as the site in DIR
// would show it: its layouts, static files and site.toml over the corpus
// content (--theme . for the shipped site), and the table compares that
// build with the built-in layouts':
//
//	go run ./generator/bench --pages 10000 --theme .
//
// It needs hugo on PATH (apt-get install -y --no-install-recommends hugo)
// and Node; Pagefind is installed beside this file from package-lock.json
// with npm ci on first use. It owns measuring and the Hugo version of the
// corpus; it changes nothing in the generator and is not part of a build.
//
// Everything is written under $TMPDIR. On an ext4 disk, each run's 40,000
// new folders and files come right after the last run's were deleted, and
// ext4 then searches past every recently deleted inode to allocate one:
// system time grows from run to run, for every tool. TMPDIR=/dev/shm
// measures the tools rather than that; the report says which it was.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == floorCommand {
		os.Exit(runFloor(os.Args[2:], os.Stdout, os.Stderr))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// options are the command line's settings.
type options struct {
	sizes []int // pages per language, in the order given
	runs  int
	outMD string
	theme string // a site whose layouts are measured too, or ""
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pages := fs.String("pages", "1000", "pages per language: one size or several, comma-separated (1000,10000)")
	runs := fs.Int("runs", 3, "runs of each tool at each size; the table shows medians")
	outMD := fs.String("out-md", "", "also write the tables as Markdown to this file")
	theme := fs.String("theme", "", "also build the corpus with the layouts, static files and site.toml of the site in this folder (. for the shipped site)")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *runs < 1 {
		return options{}, fmt.Errorf("--runs %d: must be at least 1", *runs)
	}
	sizes, err := parseSizes(*pages)
	if err != nil {
		return options{}, err
	}
	if *theme != "" {
		if st, err := os.Stat(filepath.Join(*theme, "layouts")); err != nil || !st.IsDir() {
			return options{}, fmt.Errorf("--theme %s: no layouts folder there", *theme)
		}
	}
	return options{sizes: sizes, runs: *runs, outMD: *outMD, theme: *theme}, nil
}

// parseSizes reads "1000,10000".
func parseSizes(s string) ([]int, error) {
	var sizes []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("--pages %q: want positive numbers separated by commas", s)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// run measures every size and prints the report; it returns the exit
// code: 0 done, 1 a tool failed, 2 wrong usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 2
	}
	work, err := os.MkdirTemp("", "qiao-bench-")
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	defer os.RemoveAll(work)

	t, err := prepare(ctx, work, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	rep := report{
		command:     strings.Join(append([]string{"go run ./generator/bench"}, args...), " "),
		environment: append(t.environment, "work folder "+describeFolder(work)),
		runs:        opts.runs,
	}
	if opts.theme != "" {
		abs, _ := filepath.Abs(opts.theme)
		rep.environment = append(rep.environment, "themed build: the layouts, static files and site.toml of "+abs+" over the corpus content")
	}
	for _, n := range opts.sizes {
		r, err := benchSize(ctx, t, work, n, opts.runs, opts.theme, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "bench: %d pages: %v\n", n, err)
			return 1
		}
		rep.sizes = append(rep.sizes, r)
	}
	rep.writeText(stdout)
	if opts.outMD != "" {
		var md strings.Builder
		rep.writeMarkdown(&md)
		if err := os.WriteFile(opts.outMD, []byte(md.String()), 0o644); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
	}
	return 0
}

// describeFolder names a folder and the kind of file system it is on.
func describeFolder(dir string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return dir
	}
	kind := "not tmpfs"
	if st.Type == 0x01021994 { // TMPFS_MAGIC
		kind = "tmpfs"
	}
	return dir + " (" + kind + ")"
}
