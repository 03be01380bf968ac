package pool

import (
	"runtime"
	"sync/atomic"
	"testing"
)

func TestEachCallsEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 1000, 20011} {
		calls := make([]atomic.Int32, n)
		Each(n, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("n=%d: item %d called %d times", n, i, c)
			}
		}
	}
}

func TestEachRunsAtMostGOMAXPROCSAtOnce(t *testing.T) {
	limit := runtime.GOMAXPROCS(0)
	var running, most atomic.Int32
	Each(2000, func(int) {
		r := running.Add(1)
		for {
			m := most.Load()
			if r <= m || most.CompareAndSwap(m, r) {
				break
			}
		}
		runtime.Gosched()
		running.Add(-1)
	})
	if m := int(most.Load()); m < 1 || m > limit {
		t.Errorf("%d calls ran at once, want 1 to %d", m, limit)
	}
}
