//go:build !unix

package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// lock is held by the one build that writes an output folder. Without
// flock, the lock is the file's existence: a killed build's lock file
// stays until it is deleted by hand, which the Busy message says.
type lock struct {
	path string
}

func acquire(path string) (*lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		data, _ := os.ReadFile(path)
		return nil, &Busy{Lock: path, PID: strings.TrimSpace(string(data)), Stale: true}
	}
	if err != nil {
		return nil, fmt.Errorf("create the lock %s: %w", path, err)
	}
	_, _ = f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
	f.Close()
	return &lock{path: path}, nil
}

func (l *lock) release() { _ = os.Remove(l.path) }
