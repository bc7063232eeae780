package httpapi

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// storeState tracks whether the store answers, so that during an outage API requests are
// refused at once with 503 and Retry-After instead of each waiting for the driver's server
// selection timeout.
type storeState struct {
	down atomic.Bool
}

// MonitorStore pings the store every interval until ctx ends and records whether it is
// reachable. Run it as a background worker.
func (s *Server) MonitorStore(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	failures := 0
	for {
		// A refused connection is an outage at once; a slow answer under load is not: a
		// timeout counts only when it happens twice in a row.
		pctx, cancel := context.WithTimeout(ctx, 2*interval)
		err := s.Store.Ping(pctx)
		cancel()
		if ctx.Err() != nil {
			return
		}
		switch {
		case err == nil:
			failures = 0
		case domain.ErrorCode(err) == domain.EUNAVAILABLE:
			failures = 2 // could not even connect
		default:
			failures++
		}
		down := failures >= 2
		was := s.store.down.Swap(down)
		if down && !was {
			s.logger.Error("store unreachable; answering 503 until it is back", "err", err)
		} else if !down && was {
			s.logger.Info("store reachable again")
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// guardStore refuses API requests while the store is known to be down.
func (s *Server) guardStore(c *gin.Context) {
	if s.store.down.Load() {
		s.fail(c, &domain.Error{Code: domain.EUNAVAILABLE, Message: "The database is not reachable; try again shortly.", RetryAfter: 2})
		return
	}
	c.Next()
}
