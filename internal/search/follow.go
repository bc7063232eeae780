package search

import (
	"context"
	"log/slog"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Follower keeps an Index coherent with the store: it loads every idea at start, then
// polls the idea change feed for the writes of other instances (the writes of this
// process reach the index directly), and resynchronises fully now and then as a safety net
// for changes the feed lost (a writer that stopped between writing an idea and its change).
type Follower struct {
	Index *Index
	Feed  domain.IdeaFeed
	// Interval between polls (default 200 ms); Resync between full resynchronisations
	// (default 10 min); Grace is how long a gap in the feed may stay open before it
	// counts as lost (default 3 s).
	Interval, Resync, Grace time.Duration
	Logger                  *slog.Logger
	// Own, if set, reports whether feed entry seq was written by this process's store
	// whose writes reach Index directly (mongo.DB.WroteEntry): such entries are not read.
	Own func(seq int64) bool

	last    int64
	pending map[int64]time.Time
}

// Load reads every idea into the index and remembers the feed position from before the
// scan, so no change made during the scan is missed (the scan may already include it;
// applying it again is harmless).
func (f *Follower) Load(ctx context.Context) error {
	head, err := f.Feed.IdeaFeedHead(ctx)
	if err != nil {
		return err
	}
	var scanErr error
	f.Index.BulkLoad(func(yield func(*domain.Idea) bool) {
		scanErr = f.Feed.ScanIdeas(ctx, func(i *domain.Idea) error {
			if !yield(i) {
				return context.Canceled
			}
			return nil
		})
	})
	if scanErr != nil {
		return scanErr
	}
	f.last = head
	f.pending = map[int64]time.Time{}
	return nil
}

// Run polls until ctx ends. It calls Load first unless Load was called.
func (f *Follower) Run(ctx context.Context) {
	f.defaults()
	if f.pending == nil {
		for {
			if err := f.Load(ctx); err == nil {
				break
			} else if ctx.Err() != nil {
				return
			} else {
				f.Logger.Warn("loading the idea index failed; retrying", "err", err)
			}
			if !sleep(ctx, 2*time.Second) {
				return
			}
		}
	}
	nextResync := time.Now().Add(f.Resync)
	for sleep(ctx, f.Interval) {
		needResync, err := f.Poll(ctx)
		if err != nil {
			if ctx.Err() == nil {
				f.Logger.Warn("polling the idea change feed failed", "err", err)
			}
			continue
		}
		if needResync || time.Now().After(nextResync) {
			if err := f.ResyncAll(ctx); err != nil {
				if ctx.Err() == nil {
					f.Logger.Warn("resynchronising the idea index failed", "err", err)
				}
				continue
			}
			nextResync = time.Now().Add(f.Resync)
		}
	}
}

func (f *Follower) defaults() {
	if f.Interval <= 0 {
		f.Interval = 200 * time.Millisecond
	}
	if f.Resync <= 0 {
		f.Resync = 10 * time.Minute
	}
	if f.Grace <= 0 {
		f.Grace = 3 * time.Second
	}
	if f.Logger == nil {
		f.Logger = slog.New(slog.DiscardHandler)
	}
	if f.pending == nil && f.last > 0 {
		f.pending = map[int64]time.Time{}
	}
}

// maxBehind is how far the follower may lag before a full resync is cheaper than reading
// every change (and before the feed's ring may have dropped what it missed).
const maxBehind = 2000

// Poll applies the changes since the last poll. It reports whether a full resync is
// needed (too far behind, or a gap that stayed open past the grace period).
func (f *Follower) Poll(ctx context.Context) (resync bool, err error) {
	f.defaults()
	head, err := f.Feed.IdeaFeedHead(ctx)
	if err != nil {
		return false, err
	}
	if head-f.last > maxBehind {
		return true, nil
	}
	now := time.Now()
	for seq := f.last + 1; seq <= head; seq++ {
		f.pending[seq] = now
	}
	f.last = max(f.last, head)
	for seq, since := range f.pending {
		if f.Own != nil && f.Own(seq) {
			delete(f.pending, seq)
			continue
		}
		changes, err := f.Feed.IdeaChangesAt(ctx, seq)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			if now.Sub(since) > f.Grace {
				delete(f.pending, seq)
				resync = true
			}
			continue
		}
		if err != nil {
			return resync, err
		}
		for i := range changes {
			if err := f.apply(ctx, &changes[i]); err != nil {
				return resync, err
			}
		}
		delete(f.pending, seq)
	}
	return resync, nil
}

func (f *Follower) apply(ctx context.Context, c *domain.IdeaChange) error {
	if c.Deleted {
		f.Index.Remove(c.TenantID, c.IdeaID)
		return nil
	}
	if rev, removed := f.Index.Revision(c.TenantID, c.IdeaID); removed || rev >= c.Revision {
		return nil // this process wrote it, or a later change was applied already
	}
	i, err := f.Feed.LoadIdea(ctx, c.TenantID, c.IdeaID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		f.Index.Remove(c.TenantID, c.IdeaID)
		return nil
	}
	if err != nil {
		return err
	}
	f.Index.Put(i)
	return nil
}

// ResyncAll reads every idea again, applies what is newer than the index and removes
// ideas that no longer exist.
func (f *Follower) ResyncAll(ctx context.Context) error {
	f.defaults()
	head, err := f.Feed.IdeaFeedHead(ctx)
	if err != nil {
		return err
	}
	seen := map[string]map[string]bool{}
	err = f.Feed.ScanIdeas(ctx, func(i *domain.Idea) error {
		if seen[i.TenantID] == nil {
			seen[i.TenantID] = map[string]bool{}
		}
		seen[i.TenantID][i.ID] = true
		f.Index.Put(i)
		return nil
	})
	if err != nil {
		return err
	}
	for _, tid := range f.Index.Tenants() {
		for _, id := range f.Index.IDs(tid) {
			if seen[tid][id] {
				continue
			}
			// Not in the scan: gone, or created after the scan passed its partition.
			if _, err := f.Feed.LoadIdea(ctx, tid, id); domain.ErrorCode(err) == domain.ENOTFOUND {
				f.Index.Remove(tid, id)
			}
		}
	}
	if head > f.last {
		f.last = head
	}
	clear(f.pending)
	return nil
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
