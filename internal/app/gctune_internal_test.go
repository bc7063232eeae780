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
		{0, minGCPercent},         // nothing measured yet
		{16 * mib, maxGCPercent},  // a small heap: as much room as the cap allows
		{32 * mib, 300},           // next collection at the budget, 128 MiB
		{64 * mib, 100},           // idem
		{100 * mib, 40},           // beyond the budget: the headroom, 40 MiB
		{120 * mib, 33},           // idem (40/120)
		{200 * mib, minGCPercent}, // 1.3× the live heap is more than the headroom
		{500 * mib, minGCPercent}, // idem
	} {
		if got := gcPercentFor(c.live, 128*mib, 40*mib); got != c.want {
			t.Errorf("live %d MiB: GOGC %d, want %d", c.live/mib, got, c.want)
		}
	}
}

// TestTuneGC: after a collection the tuner sets GOGC for the live heap it measured.
func TestTuneGC(t *testing.T) {
	old := debug.SetGCPercent(minGCPercent)
	defer debug.SetGCPercent(old)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { tuneGC(ctx, 1<<40, 0); close(done) }() // a budget no test heap reaches
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
}
