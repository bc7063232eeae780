package app

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// The server's garbage collection: within a heap budget, collect rarely; beyond it, leave
// at least a fixed headroom for garbage, and 1.3× the live heap for large heaps (1.6× beyond
// largeHeap).
//
// Most of the server's garbage is the embedded store's decoding of documents, and a
// collection's cost is marking the live heap, so the CPU spent on collecting falls with the
// room given to garbage. Go's GOGC gives room in proportion to the live heap (GOGC=30: 30 %
// of it), and GOMEMLIMIT only takes room away. A city of 5,000 ideas lives in ~35–70 MiB; at
// GOGC=30 it was collected every ~18 MiB of garbage, ~10 times a second under writes, which
// was a third of the server's CPU (scripts/bench.sh with pprof). So after every collection
// the server sets GOGC such that the next one comes when the heap reaches heapBudget, or
// heapHeadroom above the live heap, or 1.3× the live heap, whichever is most. The headroom
// matters once the idea pages' cache has filled (~55–70 MiB live): with the budget alone,
// reviews then spent 30 % of the CPU collecting (434 against 699 reviews a second with the headroom).
//
// A collection's share of the CPU is its marking (in proportion to the live heap) times how
// often it comes (the garbage rate over the room), so room in proportion to the live heap
// keeps the share constant as the city grows. A city of 5,000 ideas, whose ~60–70 MiB live
// get 40 MiB of headroom, has ~0.6× its live heap as room; at 1.3× a city of 50,000 ideas
// (~200 MiB live) had half that, and its lists and search spent twice the CPU per request
// of the small city's, most of the difference collecting. Beyond largeHeap (a city of
// ~25,000 ideas) the room is therefore largeGCPercent of the live heap; the small city's
// memory, which the benchmark's 250 MB target is about, stays as it was.
const (
	heapBudget     = 80 << 20
	heapHeadroom   = 40 << 20
	minGCPercent   = 30
	maxGCPercent   = 400 // bounds the heap's growth before the next poll
	largeHeap      = 160 << 20
	largeGCPercent = 60
	gcPollEvery    = 50 * time.Millisecond
)

// Memory the heap's goal leaves out: the runtime's own (stacks, GC metadata, spans) and the
// gaps in partly used spans. memoryLimitFor adds it to the goal for a soft memory limit.
const (
	limitSlack    = 32 << 20
	limitSlackDiv = 4 // and a quarter of the goal
)

// memoryLimitFor is the soft memory limit that goes with GOGC gcPercent at live heap live:
// the heap's goal plus the slack above. The goal alone does not bound the memory the
// process holds: what a burst frees (a login's argon2id hash takes 19 MiB) stays mapped
// until the runtime's background scavenger returns it, slowly. Under a limit the runtime
// collects and returns memory as soon as it holds more than the limit. It is a soft limit:
// a live heap beyond it is collected more often, never refused memory, and the next poll
// raises the limit with the live heap. The goal counts as at least budget.
func memoryLimitFor(live uint64, gcPercent int, budget uint64) int64 {
	goal := max(budget, live*uint64(100+gcPercent)/100)
	return int64(goal + max(goal/limitSlackDiv, limitSlack))
}

// gcPercentFor is the GOGC that puts the next collection at max(budget, live+headroom,
// 1.3×live), or 1.6×live beyond largeHeap.
func gcPercentFor(live, budget, headroom uint64) int {
	p := minGCPercent
	if live > largeHeap {
		p = largeGCPercent
	}
	if live > 0 {
		p = max(p, int(min(headroom*100/live, maxGCPercent)))
		if budget > live {
			p = max(p, int(min((budget-live)*100/live, maxGCPercent)))
		}
	}
	return p
}

// tuneGC keeps GOGC at gcPercentFor the live heap after each collection until ctx ends
// (checked every gcPollEvery; setting GOGC stops nothing), and, with limit, the soft memory
// limit at memoryLimitFor.
func tuneGC(ctx context.Context, budget, headroom uint64, limit bool) {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"}}
	var seen uint64
	t := time.NewTicker(gcPollEvery)
	defer t.Stop()
	for {
		metrics.Read(s)
		if n := s[0].Value.Uint64(); n != seen {
			seen = n
			live := s[1].Value.Uint64()
			p := gcPercentFor(live, budget, headroom)
			debug.SetGCPercent(p)
			if limit {
				debug.SetMemoryLimit(memoryLimitFor(live, p, budget))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
