package httpapi

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/search"
)

// factObservable is a store that tells of its supports and follows (internal/mongo.DB).
type factObservable interface {
	ideaObservable
	ObserveFacts(fn domain.FactObserver) (cancel func())
}

// factsReload is how often the engagement cache is read from the store anew.
const factsReload = 10 * time.Minute

// factsCache knows who supports and who follows each idea, so an idea's page tells the
// caller "you support this", "you follow this" without reading the store.
//
// An entry holds an idea's supporters and followers exactly as they were at one revision
// of the idea. Every support and follow changes a counter of the idea and so raises its
// revision by one, and the idea index knows every idea's current revision (at once for
// this instance's writes, within the feed's poll interval for other instances'). An entry
// is therefore used only for the revision it was made for; otherwise the caller's flags
// are two _id lookups, as without the cache. This instance's supports and follows are
// applied as they happen (a change that made revision r, applied to the entry of r-1,
// gives the entry of r), ideas created here start with an empty entry, and the whole cache
// is read anew at start and every factsReload, which brings back the entries that other
// instances' writes made stale. Memory: ~150 bytes per idea and 16 per support or follow
// (user IDs are interned).
type factsCache struct {
	mu    sync.RWMutex
	ideas map[factsKey]*ideaFacts
	users map[string]string // interned user IDs
}

type factsKey struct{ tenant, idea string }

// ideaFacts is immutable once in the cache; a change replaces it.
type ideaFacts struct {
	rev        int64
	supporters []string // sorted
	followers  []string // sorted
}

func newFactsCache() *factsCache {
	return &factsCache{ideas: map[factsKey]*ideaFacts{}, users: map[string]string{}}
}

// flags reports whether userID supports and follows the idea at revision rev; ok is false
// when the cache does not know the idea at that revision.
func (c *factsCache) flags(tenantID, ideaID string, rev int64, userID string) (supported, following, ok bool) {
	c.mu.RLock()
	e := c.ideas[factsKey{tenantID, ideaID}]
	c.mu.RUnlock()
	if e == nil || e.rev != rev {
		return false, false, false
	}
	_, supported = slices.BinarySearch(e.supporters, userID)
	_, following = slices.BinarySearch(e.followers, userID)
	return supported, following, true
}

// apply follows a change of an idea's counters made by this instance
// (domain.FactObserver): the support or follow behind it, or none (a comment).
func (c *factsCache) apply(ch domain.FactChange) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := factsKey{ch.TenantID, ch.IdeaID}
	e := c.ideas[k]
	switch {
	case e == nil:
		return
	case ch.Unknown:
		delete(c.ideas, k) // read anew at the next load
		return
	case e.rev != ch.Revision-1:
		return // a change in between is missing: the entry stays stale
	}
	n := &ideaFacts{rev: ch.Revision, supporters: e.supporters, followers: e.followers}
	if ch.UserID != "" {
		list := &n.supporters
		if ch.Follow {
			list = &n.followers
		}
		*list = withUser(*list, c.intern(ch.UserID), ch.On)
	}
	c.ideas[k] = n
}

// withUser returns a sorted copy of list with (on) or without userID.
func withUser(list []string, userID string, on bool) []string {
	at, found := slices.BinarySearch(list, userID)
	if found == on {
		return list
	}
	if on {
		return slices.Insert(slices.Clip(list), at, userID)
	}
	return slices.Delete(slices.Clone(list), at, at+1)
}

// ideaWritten follows the other writes of ideas by this instance (domain.IdeaObserver):
// an edit or a transition changes no support or follow, a new idea starts with none, and a
// deleted idea is forgotten. Changes of counters were applied before (apply), so their
// entries are at the written revision already.
func (c *factsCache) ideaWritten(i *domain.Idea, deleted bool) {
	k := factsKey{i.TenantID, i.ID}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.ideas[k]
	switch {
	case deleted:
		delete(c.ideas, k)
	case e == nil && i.Revision == 1:
		// Just created (CreateIdea writes revision 1): no one can support or follow it yet.
		c.ideas[k] = &ideaFacts{rev: 1}
	case e != nil && e.rev == i.Revision-1:
		c.ideas[k] = &ideaFacts{rev: i.Revision, supporters: e.supporters, followers: e.followers}
	}
}

// intern returns the cache's copy of a user ID. Call with c.mu held for writing.
func (c *factsCache) intern(id string) string {
	if s, ok := c.users[id]; ok {
		return s
	}
	c.users[id] = id
	return id
}

// load reads every support and follow from the store. Each idea's entry is made for the
// revision the index had before the scan began: the scan sees at least every fact of that
// revision (a fact is written before its counter), and any later one raised the revision,
// so such an entry is either exact or unused until this instance applies the missing
// changes. Entries that this instance kept up to date meanwhile (a later revision) stay.
func (c *factsCache) load(ctx context.Context, scan domain.EngagementScanner, x *search.Index) (int, error) {
	fresh := map[factsKey]*ideaFacts{}
	for _, t := range x.Tenants() {
		for _, id := range x.IDs(t) {
			if rev, _ := x.Revision(t, id); rev > 0 {
				fresh[factsKey{t, id}] = &ideaFacts{rev: rev}
			}
		}
	}
	users := map[string]string{}
	facts := 0
	err := scan.ScanEngagement(ctx, func(tenantID, ideaID, userID string, follow bool) error {
		e := fresh[factsKey{tenantID, ideaID}]
		if e == nil {
			return nil // an idea the index does not have (deleted meanwhile)
		}
		u, ok := users[userID]
		if !ok {
			u = userID
			users[u] = u
		}
		if follow {
			e.followers = append(e.followers, u)
		} else {
			e.supporters = append(e.supporters, u)
		}
		facts++
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, e := range fresh {
		slices.Sort(e.supporters)
		e.supporters = slices.Clip(slices.Compact(e.supporters))
		slices.Sort(e.followers)
		e.followers = slices.Clip(slices.Compact(e.followers))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, old := range c.ideas {
		if e := fresh[k]; e == nil || old.rev > e.rev {
			if rev, _ := x.Revision(k.tenant, k.idea); rev > 0 {
				fresh[k] = old // created or kept up to date during the scan
				for _, u := range old.supporters {
					users[u] = u
				}
				for _, u := range old.followers {
					users[u] = u
				}
			}
		}
	}
	c.ideas, c.users = fresh, users
	return facts, nil
}

// LoadEngagement reads every support and follow into the engagement cache (see
// factsCache); without it, idea pages read the caller's flags from the store.
func (s *Server) LoadEngagement(ctx context.Context) error {
	scan, ok := s.Store.(domain.EngagementScanner)
	if !ok {
		return nil
	}
	_, err := s.facts.load(ctx, scan, s.IdeaIndex)
	return err
}

// ReloadEngagement reads the engagement cache anew every factsReload until ctx ends.
func (s *Server) ReloadEngagement(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(factsReload):
		}
		if err := s.LoadEngagement(ctx); err != nil && ctx.Err() == nil && s.logger != nil {
			s.logger.Warn("reloading the engagement cache failed", "err", err)
		}
	}
}

// viewerFlags reports whether the caller supports and follows the idea i: from the
// engagement cache when it knows the idea at i's revision, else two _id lookups. An error
// only hides the flags; it never fails the read.
func (s *Server) viewerFlags(ctx context.Context, a *domain.Actor, i *domain.Idea) (supported, following bool) {
	if sup, fol, ok := s.facts.flags(i.TenantID, i.ID, i.Revision, a.UserID); ok {
		return sup, fol
	}
	supported, _ = s.Store.HasSupported(ctx, i.ID, a.UserID)
	following, _ = s.Store.IsFollowing(ctx, i.ID, a.UserID)
	return supported, following
}
