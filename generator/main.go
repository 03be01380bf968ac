// Command qiao builds a bilingual course catalog and knowledge base from a
// folder of Markdown. This file is the command line only: flags,
// subcommands and exit codes; the work is in the packages beside it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"qiao/generator/build"
	"qiao/generator/check"
	"qiao/generator/config"
	"qiao/generator/diag"
	"qiao/generator/output"
	"qiao/generator/scaffold"
	"qiao/generator/serve"
	"qiao/generator/source"
)

// version is set at link time: -ldflags "-X main.version=v1.2.3". Left
// alone, the version comes from the build information Go records.
var version = ""

// versionLine is what qiao version prints: the version (the -X flag's,
// else the module version go install records, else "dev"), then the
// commit, its time and "modified" when the checkout had uncommitted
// changes, as recorded by go build in a Git checkout, and the Go version.
func versionLine(info *debug.BuildInfo, ok bool) string {
	v := version
	if v == "" && ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	if v == "" {
		v = "dev"
	}
	line := "qiao " + v
	if !ok {
		return line
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		line += " (" + settings["vcs"] + " " + rev
		if t := settings["vcs.time"]; t != "" {
			line += " " + t
		}
		if settings["vcs.modified"] == "true" {
			line += ", modified"
		}
		line += ")"
	}
	return line + " " + info.GoVersion
}

const usage = `Qiao builds a bilingual course catalog and knowledge base from Markdown.

Usage:
  qiao <command> [flags]

Commands:
  build     build the site into public/
  serve     preview the site at http://127.0.0.1:1313/, rebuilding and reloading on every save
  check     validate the site without writing anything; report translations
  new       create a page in every language: new <course|case|policy|speaker|page> <name>
  version   print the version
  help      show this help

Run "qiao <command> --help" for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes a command line and returns the exit code: 0 success, 1 bad
// content or a failed build, 2 wrong usage.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "new":
		return runNew(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, versionLine(debug.ReadBuildInfo()))
		return 0
	case "help", "--help", "-help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "qiao: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("source", ".", "the site root: the folder that holds site.toml")
	out := fs.String("out", "", "the output folder (default: public/ in the site root)")
	drafts := fs.Bool("drafts", false, "include pages marked draft = true")
	force := fs.Bool("force", false, "build into --out even if it holds files that no Qiao build wrote; they are deleted, except .git")
	baseURL := fs.String("base-url", "", "the URL the site is served from, overriding site.toml (e.g. https://example.org/kb/)")
	precompress := fs.Bool("precompress", false, "also write a gzip copy (.gz) beside each text file of 1 KiB or more, for nginx gzip_static and Caddy precompressed")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: qiao build [flags]\n\nBuilds the site into public/. Prints one summary line; problems go to stderr as path:line: message.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "qiao build: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *out == "" {
		*out = filepath.Join(*root, "public")
	}
	tree, err := source.Open(*root)
	if err != nil {
		fmt.Fprintf(stderr, "qiao build: cannot open the site: %v\n", err)
		return 1
	}
	defer tree.Close()
	// Ctrl+C or a TERM signal stops the build, which removes what it wrote;
	// a second one ends the process at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop)

	var diags diag.List
	opts := build.Options{Out: *out, Site: *root, Force: *force, Drafts: *drafts, BaseURL: *baseURL, Precompress: *precompress}
	res, err := build.BuildContext(ctx, tree, opts, &diags)
	printDiagnostics(stderr, *root, &diags)
	var refusal *output.Refusal
	switch {
	case err == nil:
		fmt.Fprintln(stdout, res.Summary())
		return 0
	case errors.As(err, &refusal):
		fmt.Fprintf(stderr, "qiao build: %v\n", err)
		return 2
	case ctx.Err() != nil:
		fmt.Fprintf(stderr, "qiao build: interrupted; %s was not changed\n", *out)
		return 130
	case errors.Is(err, build.ErrFailed):
		fmt.Fprintf(stderr, "qiao build: %s; %s was not changed\n", plural(len(diags.Errors()), "error"), *out)
	default:
		fmt.Fprintf(stderr, "qiao build: %v\n", err)
	}
	return 1
}

// printDiagnostics prints every problem, paths relative to the current
// directory so that terminals and editors can open them.
func printDiagnostics(w io.Writer, root string, diags *diag.List) {
	for _, d := range diags.Sorted() {
		if d.Path != "" && !filepath.IsAbs(d.Path) && root != "." {
			d.Path = filepath.ToSlash(filepath.Join(root, d.Path))
		}
		fmt.Fprintln(w, d.String())
	}
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("source", ".", "the site root: the folder that holds site.toml")
	format := fs.String("format", "text", "output format: text or json")
	translations := fs.Bool("translations", false, "also report, per language, which pages are translated, possibly outdated, drafts, stubs or missing")
	external := fs.Bool("external", false, "also check links to other sites, remembering good answers for a day in "+check.CacheFile)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: qiao check [flags]\n\nValidates everything build would, without writing output, and prints every problem as\n"+
			"path:line: severity: message. Exit 1 when there are errors (warnings alone exit 0).\n"+
			"With --external, a link another site answers 404 or 410 for is an error; one that cannot\nbe reached is a warning. JSON output is described in the README.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 || (*format != "text" && *format != "json") {
		fmt.Fprintf(stderr, "qiao check: use --format text or --format json, and no arguments\n")
		return 2
	}
	var diags diag.List
	tree, err := source.Open(*root)
	if err != nil {
		fmt.Fprintf(stderr, "qiao check: cannot open the site: %v\n", err)
		return 1
	}
	defer tree.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s, links := build.Check(tree, build.Options{Drafts: true, EditorWarnings: true}, &diags) // drafts are checked too
	out := check.JSON{Version: check.JSONVersion}
	if s != nil {
		check.MissingStrings(s.Config, &diags)
		if *translations {
			out.Translations = check.Report(s, check.ReadHistory(*root))
		}
		if *external {
			sum, err := check.NewLinkChecker(filepath.Join(*root, check.CacheFile)).Check(ctx, check.ExternalLinks(s, links), &diags)
			if ctx.Err() != nil {
				fmt.Fprintln(stderr, "qiao check: interrupted")
				return 130
			}
			if err != nil {
				fmt.Fprintf(stderr, "qiao check: %v\n", err) // the links were checked all the same
			}
			out.External = &sum
		}
	}
	all := diags.Sorted()
	errs := len(diags.Errors())
	if *format == "json" {
		out.Diagnostics = make([]diag.JSON, 0, len(all))
		for _, d := range all {
			out.Diagnostics = append(out.Diagnostics, d.JSON())
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "qiao check: %v\n", err)
			return 1
		}
	} else {
		for _, d := range all {
			fmt.Fprintln(stdout, d.WithSeverity())
		}
		switch warns := len(all) - errs; {
		case len(all) == 0:
			fmt.Fprintln(stdout, "No problems found.")
		default:
			fmt.Fprintf(stdout, "%s, %s.\n", plural(errs, "error"), plural(warns, "warning"))
		}
		if e := out.External; e != nil {
			fmt.Fprintf(stdout, "External links: %s to %d addresses, %d answered from %s; %d broken, %d unreachable.\n",
				plural(e.Links, "link"), e.URLs, e.Cached, check.CacheFile, e.Broken, e.Unreachable)
		}
		if out.Translations != nil {
			fmt.Fprint(stdout, "\n"+out.Translations.Text())
		}
	}
	if errs > 0 {
		return 1
	}
	return 0
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("source", ".", "the site root: the folder that holds site.toml")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: qiao new [--source DIR] <type> <name>\n\nCreates content/<section>/<name>.md and a file for every other language, from\nlayouts/new/<section>.md or the built-in template. Types: course, case, policy, speaker, page.\nExample: qiao new course itt-401\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	var diags diag.List
	cfgSrc, err := os.ReadFile(filepath.Join(*root, config.File))
	if err != nil {
		fmt.Fprintf(stderr, "qiao new: cannot read %s: is --source the folder that holds it?\n", filepath.Join(*root, config.File))
		return 1
	}
	cfg := config.Parse(cfgSrc, &diags)
	if cfg == nil || diags.HasErrors() {
		printDiagnostics(stderr, *root, &diags)
		return 1
	}
	written, err := scaffold.New(*root, cfg, fs.Arg(0), fs.Arg(1), time.Now())
	for _, p := range written {
		fmt.Fprintln(stdout, filepath.Join(*root, filepath.FromSlash(p)))
	}
	if err != nil {
		fmt.Fprintf(stderr, "qiao new: %v\n", strings.TrimPrefix(err.Error(), "usage: "))
		if errors.Is(err, scaffold.ErrUsage) {
			return 2
		}
		return 1
	}
	return 0
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("source", ".", "the site root: the folder that holds site.toml")
	bind := fs.String("bind", "127.0.0.1", "the address to listen on (0.0.0.0 shows the site to your network, and prints its addresses there)")
	port := fs.Int("port", 1313, "the port to listen on; when 1313 is busy, the next free one is taken, but a port given here is kept or the command fails")
	drafts := fs.Bool("drafts", false, "include pages marked draft = true")
	open := fs.Bool("open", false, "open the site in the default browser once it is served")
	navigate := fs.Bool("navigate", false, "after an edit of one page, bring open tabs to that page instead of reloading them where they are")
	poll := fs.Duration("poll", 0, "look for changes every `DURATION` (e.g. 500ms) instead of waiting for file events, which Docker and WSL mounts may not send")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: qiao serve [flags]\n\nBuilds the site in memory, serves it, and rebuilds and reloads open pages on every save.\nErrors show in the terminal and over the page; the server keeps the last good site,\nand a site started broken shows its errors until it builds.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "qiao serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *poll < 0 {
		fmt.Fprintf(stderr, "qiao serve: --poll %v is negative; give how often to look, e.g. 500ms\n", *poll)
		return 2
	}
	o := serve.Options{Root: *root, Bind: *bind, Port: *port, Drafts: *drafts, Navigate: *navigate, Poll: *poll, Log: stdout}
	fs.Visit(func(f *flag.Flag) { o.FixedPort = o.FixedPort || f.Name == "port" })
	if *open {
		o.Open = serve.OpenBrowser
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve.Run(ctx, o); err != nil {
		fmt.Fprintf(stderr, "qiao serve: %v\n", err)
		return 1
	}
	return 0
}

// parseFlags parses a command's flags. done is true when the command must
// stop: after --help (code 0) or on a bad flag (code 2, the flag package
// has printed why).
func parseFlags(fs *flag.FlagSet, args []string) (code int, done bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return 0, false
	case errors.Is(err, flag.ErrHelp):
		return 0, true
	}
	return 2, true
}
