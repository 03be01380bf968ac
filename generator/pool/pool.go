// Package pool runs independent pieces of work on a bounded set of
// goroutines, one per available CPU. Callers write results into slots
// indexed by the work item, so output never depends on scheduling.
package pool

import (
	"runtime"
	"sync"
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
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
