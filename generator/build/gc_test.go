package build

import (
	"runtime/debug"
	"testing"
)

// TestLowerGCGrowth checks that the index's GC setting only ever lowers
// GOGC, never turns a disabled collector on, and is restored.
func TestLowerGCGrowth(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	for _, c := range []struct{ before, during int }{{100, 75}, {200, 75}, {50, 50}, {75, 75}, {-1, -1}} {
		debug.SetGCPercent(c.before)
		restore := lowerGCGrowth(75)
		if got := debug.SetGCPercent(c.during); got != c.during {
			t.Errorf("GOGC %d: %d while the index is written, want %d", c.before, got, c.during)
		}
		restore()
		if got := debug.SetGCPercent(c.before); got != c.before {
			t.Errorf("GOGC %d: %d after, want it restored", c.before, got)
		}
	}
}
