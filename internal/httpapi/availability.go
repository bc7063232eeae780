package httpapi

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// errStoreDown ends the requests in flight when the monitor finds the store unreachable.
var errStoreDown = errors.New("the store became unreachable")

// storeState tracks whether the store answers, so that during an outage API requests are
// refused at once with 503 and Retry-After instead of each waiting for the driver's server
// selection timeout, and requests already in flight are cancelled instead of waiting for
// the driver's operation timeout.
//
// It also remembers the ideas (and users' follow lists) whose write failed part-way: a
// support, follow or comment is two writes (the record, then the idea's counter), a review
// is the review then the idea's score. When the second write fails — typically because
// the store went away between the two — the record may stand without its derived data.
// repairSuspects recounts those ideas as soon as the store answers again, so an outage
// leaves nothing half-applied once it is over (doctor finds nothing). A crash of this
// process loses the list; `ideenwerk doctor --repair` covers that case.
type storeState struct {
	down atomic.Bool
	// downs counts the findings of an outage, so that a ping that started before one (and
	// succeeded) does not declare the store back.
	downs atomic.Uint64

	mu     sync.Mutex
	alive  context.Context // ends when the store is found down; replaced when it is back
	cancel context.CancelCauseFunc
	// suspects are "<tenant>\x00idea\x00<id>" and "<tenant>\x00user\x00<id>" keys with the
	// number of repairs that failed so far.
	suspects map[string]int
}

func (st *storeState) aliveCtx() context.Context {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.alive == nil {
		st.alive, st.cancel = context.WithCancelCause(context.Background())
	}
	return st.alive
}

// setDown records the monitor's finding and reports whether it changed.
func (st *storeState) setDown(down bool) (changed bool) {
	if st.down.Swap(down) == down {
		return false
	}
	if down {
		st.downs.Add(1)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if down && st.cancel != nil {
		st.cancel(errStoreDown)
	}
	if !down {
		st.alive, st.cancel = context.WithCancelCause(context.Background())
	}
	return true
}

func (st *storeState) suspect(tenantID, kind, id string) {
	if tenantID != "" && id != "" {
		st.retry(tenantID+"\x00"+kind+"\x00"+id, 0)
	}
}

func (st *storeState) retry(key string, failures int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.suspects == nil {
		st.suspects = map[string]int{}
	}
	st.suspects[key] = max(st.suspects[key], failures)
}

func (st *storeState) takeSuspects() map[string]int {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := st.suspects
	st.suspects = nil
	return out
}

// maxRepairFailures is how often a repair may fail while the store answers before the
// server gives up on it and leaves it to `ideenwerk doctor --repair` (about a minute).
const maxRepairFailures = 60

// MonitorStore pings the store every interval until ctx ends and records whether it is
// reachable. Run it as a background worker. While suspects of failed writes are waiting, it
// repairs them whenever the store answers.
func (s *Server) MonitorStore(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	failures := 0
	for {
		// A refused connection is an outage at once; a slow answer under load is not: a
		// timeout counts only when it happens twice in a row.
		downs := s.store.downs.Load()
		pctx, cancel := context.WithTimeout(ctx, interval)
		err := s.Store.Ping(pctx)
		cancel()
		if ctx.Err() != nil {
			s.repairSuspects(context.WithoutCancel(ctx))
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
		down := failures >= 2 || failures == 1 && s.store.down.Load() // a readiness check found it down
		// A readiness check may have found the store down while this ping was on its way:
		// then the answer is older than that finding, and the next ping decides.
		overtaken := err == nil && s.store.downs.Load() != downs
		switch {
		case down:
			s.noteStoreDown(err)
		case overtaken:
		case s.store.setDown(false):
			s.logger.Info("store reachable again")
		}
		if !down && !overtaken {
			s.repairSuspects(ctx)
		}
		select {
		case <-ctx.Done():
			s.repairSuspects(context.WithoutCancel(ctx))
			return
		case <-t.C:
		}
	}
}

// noteStoreDown records that the store is unreachable (logged once per outage).
func (s *Server) noteStoreDown(err error) {
	if s.store.setDown(true) {
		s.logger.Error("store unreachable; answering 503 until it is back", "err", err)
	}
}

// guardStore refuses API requests while the store is known to be down, cancels the ones in
// flight when it goes down, and notes the idea of a write that failed (see storeState).
func (s *Server) guardStore(c *gin.Context) {
	if s.store.down.Load() {
		s.fail(c, &domain.Error{Code: domain.EUNAVAILABLE, Message: "The database is not reachable; try again shortly.", RetryAfter: 2})
		return
	}
	alive := s.store.aliveCtx()
	ctx, cancel := context.WithCancelCause(domain.WithStoreAlive(c.Request.Context(), alive))
	stop := context.AfterFunc(alive, func() { cancel(context.Cause(alive)) })
	defer func() { stop(); cancel(nil) }()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
	if c.Request.Method != "GET" && c.Writer.Status() >= 500 {
		s.noteFailedWrite(c)
	}
}

// noteFailedWrite remembers the idea of a failed write under /ideas/{id}/…, and the
// caller, whose follow list a follow or comment changes. Handlers call it themselves when
// a secondary write fails but the request succeeds (the auto-follow of a comment).
func (s *Server) noteFailedWrite(c *gin.Context) {
	path := c.FullPath()
	if !strings.HasPrefix(path, "/api/v1/ideas/:id") {
		return
	}
	t := domain.TenantFromContext(c.Request.Context())
	if t == nil {
		return
	}
	s.store.suspect(t.ID, "idea", c.Param("id"))
	if a := actor(c); a != nil {
		s.store.suspect(t.ID, "user", a.UserID)
	}
}

// repairSuspects recounts the derived data of the ideas and follow lists whose write
// failed part-way; what cannot be repaired now (store still away) stays for the next call.
func (s *Server) repairSuspects(ctx context.Context) {
	keys := s.store.takeSuspects()
	if len(keys) == 0 {
		return
	}
	doc, _ := s.Store.(domain.EngagementDoctor)
	for k, failures := range keys {
		parts := strings.SplitN(k, "\x00", 3)
		tctx := domain.WithTenant(ctx, &domain.Tenant{ID: parts[0]})
		var err error
		switch {
		case parts[1] == "idea":
			if doc != nil {
				_, err = doc.RepairEngagement(tctx, parts[2])
			}
			if err == nil && s.Funnel != nil {
				err = s.repairScore(tctx, parts[2])
			}
		case doc != nil:
			_, err = doc.RepairFollowList(tctx, parts[2])
		}
		switch code := domain.ErrorCode(err); {
		case err == nil:
			s.logger.Info("repaired after a failed write", "kind", parts[1], "id", parts[2])
		case code == domain.ENOTFOUND:
		case failures+1 >= maxRepairFailures:
			s.logger.Error("repair after a failed write keeps failing; run ideenwerk doctor --repair", "kind", parts[1], "id", parts[2], "err", err)
		default:
			if failures == 0 {
				s.logger.Warn("repair after a failed write; will retry", "kind", parts[1], "id", parts[2], "err", err)
			}
			s.store.retry(k, failures+1)
		}
	}
}

// repairScore recomputes the score of an idea in evaluation (the only stage where reviews
// are written), in case the review was saved but the score was not.
func (s *Server) repairScore(ctx context.Context, ideaID string) error {
	i, err := s.Funnel.Ideas.FindIdeaByID(ctx, ideaID)
	if err != nil || i.Stage != domain.StageEvaluation {
		return err
	}
	_, err = s.Funnel.RecomputeScore(ctx, ideaID)
	return err
}
