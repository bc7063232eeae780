package app

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// The server's garbage collection: within a heap budget, collect rarely; beyond it, collect
// at 1.3× the live heap.
//
// Most of the server's garbage is the embedded store's decoding of documents, and a
// collection's cost is marking the live heap, so the CPU spent on collecting falls with the
// room given to garbage. Go's GOGC gives room in proportion to the live heap (GOGC=30: 30 %
// of it), and GOMEMLIMIT only takes room away. A city of 5,000 ideas lives in ~60 MiB; at
// GOGC=30 it was collected every ~18 MiB of garbage, ~10 times a second under writes, which
// was a third of the server's CPU (scripts/bench.sh with pprof). So after every collection
// the server sets GOGC such that the next one comes when the heap reaches heapBudget, or at
// 1.3× the live heap once that is more: the same peak memory as GOGC=30 for large cities, and
// several times fewer collections for the rest.
const (
	heapBudget   = 80 << 20
	minGCPercent = 30
	maxGCPercent = 400 // bounds the heap's growth before the next poll
	gcPollEvery  = 50 * time.Millisecond
)

// gcPercentFor is the GOGC that puts the next collection at max(budget, 1.3×live).
func gcPercentFor(live, budget uint64) int {
	p := minGCPercent
	if live > 0 && budget > live {
		p = max(p, int(min((budget-live)*100/live, maxGCPercent)))
	}
	return p
}

// tuneGC keeps GOGC at gcPercentFor the live heap after each collection until ctx ends
// (checked every gcPollEvery; setting GOGC stops nothing).
func tuneGC(ctx context.Context, budget uint64) {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"}}
	var seen uint64
	t := time.NewTicker(gcPollEvery)
	defer t.Stop()
	for {
		metrics.Read(s)
		if n := s[0].Value.Uint64(); n != seen {
			seen = n
			debug.SetGCPercent(gcPercentFor(s[1].Value.Uint64(), budget))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
