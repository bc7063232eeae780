package httpapi

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// pingStore answers each Ping with what the test sends on the reply channel it hands out.
type pingStore struct {
	Store // nil: the monitor only pings
	pings chan chan error
}

func (p pingStore) Ping(context.Context) error {
	r := make(chan error)
	p.pings <- r
	return <-r
}

// TestMonitorKeepsAFreshFinding: a readiness check that finds the store down while the
// monitor's ping is on its way is not undone by that ping's older success; the next
// successful ping declares the store back.
func TestMonitorKeepsAFreshFinding(t *testing.T) {
	st := pingStore{pings: make(chan chan error)}
	s := &Server{Deps: Deps{Store: st}, logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.MonitorStore(ctx, 10*time.Millisecond); close(done) }()
	var pending chan error // the ping the monitor waits on, not yet answered
	defer func() {
		cancel()
		if pending != nil {
			pending <- nil
		}
		for {
			select {
			case r := <-st.pings:
				r <- nil
			case <-done:
				return
			}
		}
	}()
	next := func() chan error {
		t.Helper()
		select {
		case pending = <-st.pings:
			return pending
		case <-time.After(5 * time.Second):
			t.Fatal("the monitor stopped pinging")
			return nil
		}
	}
	answer := func(err error) {
		pending <- err
		pending = nil
	}
	next()
	answer(nil)
	next() // the monitor has judged the first answer
	if s.store.down.Load() {
		t.Fatal("down after a successful ping")
	}
	s.noteStoreDown(domain.Errorf(domain.EUNAVAILABLE, "refused")) // as /readyz does
	answer(nil)                                                    // the answer of a ping sent before
	next()
	if !s.store.down.Load() {
		t.Fatal("a ping sent before the outage was found declared the store back")
	}
	answer(nil)
	next()
	if s.store.down.Load() {
		t.Fatal("still down after a ping sent since answered")
	}
}
