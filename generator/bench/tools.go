package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// tools are the programs a benchmark runs.
type tools struct {
	qiao     string // built from this checkout for this run of the kit
	hugo     string
	pagefind string // the npm package's launcher, as npx would run it
	self     string // this program, for the goldmark floor
	// environment describes the machine and the versions, for the report.
	environment []string
}

// prepare builds qiao into work and finds hugo and Pagefind, installing
// Pagefind from package-lock.json when it is missing.
func prepare(ctx context.Context, work string, log io.Writer) (tools, error) {
	root, err := moduleRoot()
	if err != nil {
		return tools{}, err
	}
	self, err := os.Executable()
	if err != nil {
		return tools{}, fmt.Errorf("find this program: %w", err)
	}
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		return tools{}, errors.New("hugo is not on PATH: install Debian's with apt-get install -y --no-install-recommends hugo")
	}
	t := tools{qiao: filepath.Join(work, "qiao"), hugo: hugo, self: self}
	fmt.Fprintln(log, "building qiao")
	if _, err := output(ctx, root, "go", "build", "-o", t.qiao, "./generator"); err != nil {
		return tools{}, err
	}
	if t.pagefind, err = pagefind(ctx, filepath.Join(root, "generator", "bench"), log); err != nil {
		return tools{}, err
	}
	hugoVersion, err := output(ctx, "", hugo, "version")
	if err != nil {
		return tools{}, err
	}
	pagefindVersion, err := output(ctx, "", t.pagefind, "--version")
	if err != nil {
		return tools{}, err
	}
	t.environment = []string{
		fmt.Sprintf("%s %s/%s, %d cores", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU()),
		firstLine(hugoVersion),
		firstLine(pagefindVersion),
	}
	return t, nil
}

// moduleRoot finds the folder of Qiao's go.mod from the working directory
// up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find the module root: %w", err)
	}
	for {
		mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(mod, []byte("module qiao\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run this inside the Qiao repository: no go.mod of module qiao above the working directory")
		}
		dir = parent
	}
}

// pagefind returns the launcher of the npm package pagefind in dir's
// node_modules, running npm ci there first when it is missing. The
// launcher is what npx runs, without npm's start-up (about 0.7 s).
func pagefind(ctx context.Context, dir string, log io.Writer) (string, error) {
	bin := filepath.Join(dir, "node_modules", ".bin", "pagefind")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	fmt.Fprintln(log, "installing Pagefind with npm ci in", dir)
	if _, err := output(ctx, dir, "npm", "ci", "--no-audit", "--no-fund"); err != nil {
		return "", err
	}
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("npm ci did not install pagefind: %w", err)
	}
	return bin, nil
}

// output runs a command that is not measured and returns its standard
// output.
func output(ctx context.Context, dir, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(stderr.String(), 2000))
	}
	return string(out), nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
