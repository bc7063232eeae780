package app

import (
	"context"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestGCPercentFor(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, minGCPercent},           // nothing measured yet
		{16 * mib, maxGCPercent},    // a small heap: as much room as the cap allows
		{32 * mib, 300},             // next collection at the budget, 128 MiB
		{64 * mib, 100},             // idem
		{100 * mib, 40},             // beyond the budget: the headroom, 40 MiB
		{120 * mib, 33},             // idem (40/120)
		{150 * mib, minGCPercent},   // 1.3× the live heap is more than the headroom
		{200 * mib, largeGCPercent}, // beyond largeHeap: 1.6× the live heap
		{500 * mib, largeGCPercent}, // idem
	} {
		if got := gcPercentFor(c.live, 128*mib, 40*mib); got != c.want {
			t.Errorf("live %d MiB: GOGC %d, want %d", c.live/mib, got, c.want)
		}
	}
}

func TestMemoryLimitFor(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live      uint64
		gcPercent int
		want      int64
	}{
		{0, minGCPercent, (128 + 32) * mib},            // nothing measured: the budget and the fixed slack
		{32 * mib, 300, (128 + 32) * mib},              // a goal at the budget
		{100 * mib, 40, (140 + 35) * mib},              // goal 140 MiB, and a quarter of it
		{150 * mib, minGCPercent, (195 + 48.75) * mib}, // goal 1.3× the live heap, and a quarter of it
	} {
		if got := memoryLimitFor(c.live, c.gcPercent, 128*mib); got != c.want {
			t.Errorf("live %d MiB, GOGC %d: limit %d MiB, want %d", c.live/mib, c.gcPercent, got/mib, c.want/mib)
		}
	}
}

// TestTuneGC: after a collection the tuner sets GOGC and the memory limit for the live heap
// it measured.
func TestTuneGC(t *testing.T) {
	old := debug.SetGCPercent(minGCPercent)
	defer debug.SetGCPercent(old)
	oldLimit := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(oldLimit)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	const budget = 1 << 40 // a budget no test heap reaches
	go func() { tuneGC(ctx, budget, 0, true); close(done) }()
	runtime.GC()
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetGCPercent(minGCPercent) != maxGCPercent {
		if time.Now().After(deadline) {
			t.Fatal("GOGC not raised after a collection")
		}
		runtime.GC() // the tuner saw the collection before the reset above: show it another
		time.Sleep(gcPollEvery)
	}
	cancel()
	<-done
	// The limit of the last collection's live heap, the budget's goal and its slack.
	if got, want := debug.SetMemoryLimit(-1), int64(budget+budget/limitSlackDiv); got != want {
		t.Errorf("memory limit %d, want %d", got, want)
	}
}
