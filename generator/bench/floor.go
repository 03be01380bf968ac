package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// floorCommand is the argument that makes this program convert a corpus
// with goldmark alone and report what it cost. It runs as a child process
// so that its rusage and peak memory are its own, not the kit's. With
// highlightFlag before the folder, fenced code is also highlighted with
// chroma, as the spec asks of every build: the least that any generator
// meeting the spec does with the Markdown, before templates, search or
// writing a file.
const (
	floorCommand  = "goldmark-floor"
	highlightFlag = "-highlight"
)

// floorReport is what the child prints as JSON.
type floorReport struct {
	WallNS, CPUNS int64
	PeakKB        int64
	Bytes, Pages  int64
}

// measureFloor runs the child over the content folder of a corpus.
func measureFloor(ctx context.Context, self, content string, highlight bool) (measurement, error) {
	args := []string{floorCommand}
	if highlight {
		args = append(args, highlightFlag)
	}
	args = append(args, content)
	cmd := exec.CommandContext(ctx, self, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return measurement{}, fmt.Errorf("%s: %w\n%s", strings.Join(args, " "), err, tail(stderr.String(), 2000))
	}
	var r floorReport
	if err := json.Unmarshal(out, &r); err != nil {
		return measurement{}, fmt.Errorf("%s: read its report %q: %w", strings.Join(args, " "), out, err)
	}
	return measurement{
		Wall:   time.Duration(r.WallNS),
		CPU:    time.Duration(r.CPUNS),
		PeakKB: r.PeakKB,
		Bytes:  r.Bytes,
		Files:  int(r.Pages),
	}, nil
}

// runFloor is the child: it reads every Markdown file under the folder in
// args into memory, strips the front matter, and then, timed, converts
// every body to HTML with goldmark and the extensions Qiao uses, on one
// worker per core, keeping nothing but the byte count. It prints a
// floorReport.
func runFloor(args []string, stdout, stderr io.Writer) int {
	highlight := len(args) == 2 && args[0] == highlightFlag
	if highlight {
		args = args[1:]
	}
	if len(args) != 1 {
		fmt.Fprintf(stderr, "usage: bench %s [%s] CONTENT-DIR\n", floorCommand, highlightFlag)
		return 2
	}
	bodies, err := readBodies(args[0])
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	md := floorMarkdown(highlight)
	var before, after syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &before); err != nil {
		fmt.Fprintln(stderr, "bench: getrusage:", err)
		return 1
	}
	start := time.Now()
	outBytes, err := convertAll(md, bodies)
	wall := time.Since(start)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &after); err != nil {
		fmt.Fprintln(stderr, "bench: getrusage:", err)
		return 1
	}
	cpu := timeval(after.Utime) + timeval(after.Stime) - timeval(before.Utime) - timeval(before.Stime)
	err = json.NewEncoder(stdout).Encode(floorReport{
		WallNS: int64(wall), CPUNS: int64(cpu), PeakKB: after.Maxrss,
		Bytes: outBytes, Pages: int64(len(bodies)),
	})
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	return 0
}

// floorMarkdown is goldmark with the extensions Qiao uses and, when
// highlight is set, fenced code highlighted by chroma.
func floorMarkdown(highlight bool) goldmark.Markdown {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList))
	if highlight {
		h := codeHighlighter{chromahtml.New(chromahtml.WithClasses(true)), styles.Fallback}
		md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(h, 100)))
	}
	return md
}

// codeHighlighter renders fenced code as Hugo does by default: tokens from
// chroma's lexer for the info string, coalesced, written by chroma's HTML
// formatter with CSS classes.
type codeHighlighter struct {
	formatter *chromahtml.Formatter
	style     *chroma.Style
}

func (h codeHighlighter) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, h.render)
}

func (h codeHighlighter) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code strings.Builder
	for i := range n.Lines().Len() {
		line := n.Lines().At(i)
		code.Write(line.Value(src))
	}
	lexer := lexers.Get(string(n.Language(src)))
	if lexer == nil {
		lexer = lexers.Fallback
	}
	tokens, err := chroma.Coalesce(lexer).Tokenise(nil, code.String())
	if err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, h.formatter.Format(w, h.style, tokens)
}

// readBodies returns the body of every .md file under dir, in path order.
func readBodies(dir string) ([][]byte, error) {
	var bodies [][]byte
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		bodies = append(bodies, stripFrontMatter(data))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read Markdown under %s: %w", dir, err)
	}
	return bodies, nil
}

// stripFrontMatter returns what follows the +++ front matter of a content
// file, or the whole file when it has none.
func stripFrontMatter(file []byte) []byte {
	const fence = "+++\n"
	if !bytes.HasPrefix(file, []byte(fence)) {
		return file
	}
	_, body, ok := bytes.Cut(file[len(fence):], []byte("\n"+fence))
	if !ok {
		return file
	}
	return body
}

// convertAll converts every body on GOMAXPROCS workers and returns the
// total size of the HTML.
func convertAll(md goldmark.Markdown, bodies [][]byte) (int64, error) {
	var (
		next, total atomic.Int64
		wg          sync.WaitGroup
		errs        = make([]error, runtime.GOMAXPROCS(0))
	)
	for w := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for {
				i := int(next.Add(1) - 1)
				if i >= len(bodies) {
					return
				}
				buf.Reset()
				if err := md.Convert(bodies[i], &buf); err != nil {
					errs[w] = fmt.Errorf("convert body %d: %w", i, err)
					return
				}
				total.Add(int64(buf.Len()))
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return total.Load(), nil
}
