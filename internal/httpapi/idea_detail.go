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

// get returns the cached entry of key at revision rev.
func (c *detailCache) get(key string, rev int64) (*detailEntry, bool) {
	e, ok := c.lru.Get(key)
	if !ok || e.idea.Revision != rev {
		return nil, false
	}
	return e, true
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
// description: from the cache when the index holds the cached revision, otherwise from
// the store (and then cached).
func (s *Server) detailIdea(ctx context.Context, a *domain.Actor, id string) (*domain.Idea, string, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, "", err
	}
	key := tid + "\x00" + id
	if rev, removed := s.IdeaIndex.Revision(tid, id); rev > 0 && !removed {
		if e, ok := s.details.get(key, rev); ok {
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
