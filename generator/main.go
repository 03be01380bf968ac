// Command qiao builds a bilingual course catalog and knowledge base from a
// folder of Markdown. This file is the command line only: flags,
// subcommands and exit codes; the work is in the packages beside it.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"qiao/generator/build"
	"qiao/generator/diag"
)

// version is set at link time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

const usage = `Qiao builds a bilingual course catalog and knowledge base from Markdown.

Usage:
  qiao <command> [flags]

Commands:
  build     build the site into public/
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
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "qiao", version)
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
	source := fs.String("source", ".", "the site root: the folder that holds site.toml")
	out := fs.String("out", "", "the output folder (default: public/ in the site root)")
	drafts := fs.Bool("drafts", false, "include pages marked draft = true")
	baseURL := fs.String("base-url", "", "the URL the site is served from, overriding site.toml (e.g. https://example.org/kb/)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: qiao build [flags]\n\nBuilds the site into public/. Prints one summary line; problems go to stderr as path:line: message.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "qiao build: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *out == "" {
		*out = filepath.Join(*source, "public")
	}
	var diags diag.List
	res, err := build.Build(os.DirFS(*source), build.Options{Out: *out, Drafts: *drafts, BaseURL: *baseURL}, &diags)
	printDiagnostics(stderr, *source, &diags)
	if err != nil {
		if !errors.Is(err, build.ErrFailed) {
			fmt.Fprintf(stderr, "qiao build: %v\n", err)
		} else {
			fmt.Fprintf(stderr, "qiao build: %d errors; public/ was not changed\n", len(diags.Errors()))
		}
		return 1
	}
	fmt.Fprintln(stdout, res.Summary())
	return 0
}

// printDiagnostics prints every problem, paths relative to the current
// directory so that terminals and editors can open them.
func printDiagnostics(w io.Writer, source string, diags *diag.List) {
	for _, d := range diags.Sorted() {
		if d.Path != "" && !filepath.IsAbs(d.Path) && source != "." {
			d.Path = filepath.ToSlash(filepath.Join(source, d.Path))
		}
		fmt.Fprintln(w, d.String())
	}
}
