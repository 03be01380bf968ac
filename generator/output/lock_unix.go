//go:build unix

package output

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// lock is held by the one build that writes an output folder.
type lock struct {
	f    *os.File
	path string
}

// acquire takes the lock file path, or fails at once with a *Busy error
// when another build holds it. A killed build's lock file is taken over:
// the kernel released its lock with the process.
func acquire(path string) (*lock, error) {
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("create the lock %s: %w", path, err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			data, _ := os.ReadFile(path)
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, &Busy{Lock: path, PID: strings.TrimSpace(string(data))}
			}
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		// The holder before us may have removed the file between our open
		// and our lock: then we hold a lock nobody else can see. Start over.
		held, err1 := f.Stat()
		named, err2 := os.Stat(path)
		if err1 != nil || err2 != nil || !os.SameFile(held, named) {
			f.Close()
			continue
		}
		_ = f.Truncate(0)
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		return &lock{f: f, path: path}, nil
	}
}

// release removes the lock file, then lets go of the lock.
func (l *lock) release() {
	_ = os.Remove(l.path)
	_ = l.f.Close()
}
