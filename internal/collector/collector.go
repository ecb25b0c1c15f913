// Package collector sets the Go garbage collector for a validation run:
// how often it collects, and under what memory limit.
package collector

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// minMemoryLimit is the least soft memory limit validate runs under.
const minMemoryLimit = 48 << 20

// Tune sets validate's garbage collector: a GC target of 800, under a
// soft memory limit of 48 MiB plus reserve (what the caller knows the run
// will keep: pull-request mode's results of the head, reused for the merge
// base), or twice the heap the run keeps alive when that is more. Parsing
// makes many small objects that die young, and collecting them less often
// is what keeps validation close to parsing alone
// (BenchmarkValidate10k against BenchmarkReadAndParse10k); the limit keeps
// a large registry's heap small (under 64 MiB at 100,000 records), and
// follows what the run keeps (the state of the rules across records, the
// diagnostics), read after each collection, so that the collector always
// has as much room for garbage as there is live data and never runs again
// and again over it (300,000 records took 43 s under a fixed limit, 17 s
// under this one). docs/performance.md has the figures. GOGC and
// GOMEMLIMIT in the environment win. The limit follows the live heap from
// the first call on, for as long as the process runs.
func Tune(reserve int64) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(800)
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	least := minMemoryLimit + max(reserve, 0)
	floor.Store(least)
	debug.SetMemoryLimit(least)
	followOnce.Do(func() {
		followLiveHeap(func(live int64) { debug.SetMemoryLimit(limitFor(floor.Load(), live)) })
	})
}

var (
	followOnce sync.Once
	// floor is the least limit, set by the last call to Tune.
	floor atomic.Int64
)

// limitFor is the memory limit for a run whose live heap is live bytes,
// never under least.
func limitFor(least, live int64) int64 { return max(least, 2*live) }

// followLiveHeap calls apply with the live heap after each collection,
// from then on, for as long as the process runs.
func followLiveHeap(apply func(live int64)) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var arm func()
	arm = func() {
		// A fresh object, unreachable at once: its cleanup runs after the
		// next collection, and arms another.
		runtime.AddCleanup(new(sentinel), func(struct{}) {
			metrics.Read(sample)
			apply(int64(sample[0].Value.Uint64()))
			arm()
		}, struct{}{})
	}
	arm()
}

// sentinel is large enough not to share a block with other small objects,
// whose cleanups may then never run.
type sentinel [32]byte
