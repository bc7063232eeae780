package httpapi

import (
	"context"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// The idea-detail cache is bounded by the estimated memory of its entries (detailBytes),
// and by their number for very small ones. 24 MiB hold ~4,500 typical ideas (~5 KB each
// with their rendered description and decision history): the ideas staff see in a city of
// 5,000.
const (
	detailBytes   = 24 << 20
	detailEntries = 1 << 16
)

// detailEntry is a full idea as stored at one revision, with its description rendered.
// Entries are never changed once cached, so readers may share them.
type detailEntry struct {
	idea *domain.Idea
	html string
}

// size estimates the entry's memory: its texts, its decisions and a fixed overhead.
func (e *detailEntry) size() int64 {
	i := e.idea
	n := 1024 + len(e.html) + len(i.Title) + len(i.Summary) + len(i.Description) + len(i.Problem) + len(i.ExpectedBenefit)
	for _, d := range i.Decisions {
		n += 160 + len(d.Reason)
	}
	return int64(n)
}

// detailCache holds ideas read for their detail pages, by revision. The idea index knows
// each idea's current revision (at once for this instance's writes, within the feed's
// poll interval for other instances'), so an entry is served only while its revision is
// the one the index has; any write (a support, a comment, an edit, a transition) bumps the
// revision and the next read goes to the store. A detail page is therefore exactly as
// fresh as the lists and search.
type detailCache struct {
	lru   *lru.Cache[string, *detailEntry]
	mu    sync.Mutex // guards bytes; Add and its evictions happen under it
	bytes int64
}

func newDetailCache() *detailCache {
	c := &detailCache{}
	l, err := lru.NewWithEvict(detailEntries, func(_ string, e *detailEntry) { c.bytes -= e.size() })
	if err != nil {
		panic(err) // only for a size ≤ 0
	}
	c.lru = l
	return c
}

// current returns the entry of key as of ix, the index's copy of the idea: the entry of
// ix's revision, or one of an earlier revision at ix's version and score brought to ix's
// counters — every write but a change of counters (a support, a follow, a comment) or of
// the score (a review) raises the version, so nothing else can have changed since. (The
// index keeps the score's figures the page shows, not its per-criterion details.)
func (c *detailCache) current(key string, ix *domain.Idea) (*detailEntry, bool) {
	e, ok := c.lru.Get(key)
	if !ok || e.idea.Revision > ix.Revision || e.idea.Version != ix.Version {
		return nil, false
	}
	if e.idea.Revision < ix.Revision && !sameShownScore(e.idea.Score, ix.Score) {
		return nil, false
	}
	if e.idea.Revision == ix.Revision {
		return e, true
	}
	i := *e.idea // entries are shared: the change goes into a new one
	i.SetCounts(domain.CountsOf(ix))
	i.Revision = ix.Revision
	n := &detailEntry{idea: &i, html: e.html}
	c.add(key, n)
	return n, true
}

// add caches e under key, evicting the least recently used entries beyond the budget.
func (c *detailCache) add(key string, e *detailEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.lru.Peek(key); ok {
		if old.idea.Revision > e.idea.Revision {
			return // a newer copy raced ahead
		}
		c.lru.Remove(key) // evicted: its bytes are given back
	}
	c.lru.Add(key, e)
	c.bytes += e.size()
	for c.bytes > detailBytes && c.lru.Len() > 1 {
		c.lru.RemoveOldest()
	}
}

// detailIdea loads an idea the caller may see, for a detail page, with its rendered
// description: from the cache when the index holds the cached revision (or a later one
// that changed only counters), otherwise from the store (and then cached).
func (s *Server) detailIdea(ctx context.Context, a *domain.Actor, id string) (*domain.Idea, string, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, "", err
	}
	key := tid + "\x00" + id
	if ix, ok := s.IdeaIndex.Get(tid, id); ok {
		if e, ok := s.details.current(key, ix); ok {
			if !domain.CanSeeIdea(a, e.idea) {
				return nil, "", domain.Errorf(domain.ENOTFOUND, "idea not found")
			}
			return e.idea, e.html, nil
		}
	}
	i, err := s.visibleIdea(ctx, a, id)
	if err != nil {
		return nil, "", err
	}
	e := &detailEntry{idea: i, html: s.Markdown.Full(i.Description)}
	s.details.add(key, e)
	return e.idea, e.html, nil
}

// sameShownScore reports whether two scores agree in what an idea's page shows of them.
func sameShownScore(a, b *domain.ScoreSummary) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Weighted == b.Weighted && a.ReviewCount == b.ReviewCount && a.Disagreement == b.Disagreement
}
