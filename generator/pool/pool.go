// Package pool runs independent pieces of work on a bounded set of
// goroutines, one per available CPU. Callers write results into slots
// indexed by the work item, so output never depends on scheduling.
package pool

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls fn(i) for every i in [0, n) on at most GOMAXPROCS goroutines
// and returns when all calls have returned.
func Each(n int, fn func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	// Workers take the next item from a shared counter: items are often
	// small (a page's signature), and a channel's hand-off to a waiting
	// goroutine would cost more than the item.
	var wg sync.WaitGroup
	var next atomic.Int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}
