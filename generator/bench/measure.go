package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// measurement is what one run of one tool cost and produced.
type measurement struct {
	Wall   time.Duration
	CPU    time.Duration // user + system
	PeakKB int64         // maximum resident set size
	Bytes  int64         // output size
	Files  int           // output files
}

// execute runs a command to completion and measures its wall time and,
// from the rusage the kernel reports for it and the children it waited
// for, its CPU time and peak memory. Output size is left to the caller.
func execute(ctx context.Context, dir, name string, args ...string) (measurement, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return measurement{}, fmt.Errorf("%s %s: %w\n%s", filepath.Base(name), strings.Join(args, " "), err, tail(out.String(), 2000))
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return measurement{}, fmt.Errorf("%s: no rusage on this system", name)
	}
	return measurement{
		Wall:   wall,
		CPU:    timeval(ru.Utime) + timeval(ru.Stime),
		PeakKB: ru.Maxrss, // kilobytes on Linux
	}, nil
}

func timeval(tv syscall.Timeval) time.Duration {
	return time.Duration(tv.Sec)*time.Second + time.Duration(tv.Usec)*time.Microsecond
}

// tail returns the end of s, for error messages from chatty tools.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// outputSize counts the regular files under dir and their bytes.
func outputSize(dir string) (bytes int64, files int, err error) {
	err = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		bytes += info.Size()
		files++
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("measure output %s: %w", dir, err)
	}
	return bytes, files, nil
}

// then adds a measurement of a tool run after this one on the same output:
// times add up, peak memory is the larger, output is the later one's.
func (m measurement) then(next measurement) measurement {
	return measurement{
		Wall:   m.Wall + next.Wall,
		CPU:    m.CPU + next.CPU,
		PeakKB: max(m.PeakKB, next.PeakKB),
		Bytes:  next.Bytes,
		Files:  next.Files,
	}
}

// median returns the median of each field separately; for an even count,
// the lower middle value.
func median(ms []measurement) measurement {
	if len(ms) == 0 {
		return measurement{}
	}
	mid := (len(ms) - 1) / 2
	return measurement{
		Wall:   middle(ms, mid, func(m measurement) time.Duration { return m.Wall }),
		CPU:    middle(ms, mid, func(m measurement) time.Duration { return m.CPU }),
		PeakKB: middle(ms, mid, func(m measurement) int64 { return m.PeakKB }),
		Bytes:  middle(ms, mid, func(m measurement) int64 { return m.Bytes }),
		Files:  middle(ms, mid, func(m measurement) int { return m.Files }),
	}
}

func middle[T int | int64 | time.Duration](ms []measurement, i int, field func(measurement) T) T {
	vs := make([]T, len(ms))
	for j, m := range ms {
		vs[j] = field(m)
	}
	slices.Sort(vs)
	return vs[i]
}

// loadAverage returns the first three fields of /proc/loadavg, or a note
// that it could not be read.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}
