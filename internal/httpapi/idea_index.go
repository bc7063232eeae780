package httpapi

import (
	"context"
	"sync"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/search"
)

// ideaObservable is a store that tells of its idea writes and counter changes
// (internal/mongo.DB).
type ideaObservable interface {
	ObserveIdeas(fn domain.IdeaObserver) (cancel func())
	ObserveFacts(fn domain.FactObserver) (cancel func())
}

// newIdeaIndex builds the idea index for a server whose dependencies brought none (tests):
// it follows the store's writes in this process and loads every idea once. A deployment
// builds the index in app.serve instead, where the feed follower also picks up the writes
// of other instances.
func newIdeaIndex(d Deps) *search.Index {
	x := search.New(nil)
	if o, ok := d.Store.(ideaObservable); ok {
		WriteThrough(o, x)
	}
	if feed, ok := d.Store.(domain.IdeaFeed); ok {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := (&search.Follower{Index: x, Feed: feed}).Load(ctx); err != nil && d.Logger != nil {
			d.Logger.Error("loading the idea index failed", "err", err)
		}
	}
	return x
}

// WriteThrough makes the index follow the idea writes and counter changes the store makes
// in this process; the returned function stops it.
func WriteThrough(o ideaObservable, x *search.Index) (cancel func()) {
	stopIdeas := o.ObserveIdeas(func(i *domain.Idea, deleted bool) {
		if deleted {
			x.Remove(i.TenantID, i.ID)
			return
		}
		x.Put(i)
	})
	stopCounts := o.ObserveFacts(func(ch domain.FactChange) {
		x.PutCounts(ch.TenantID, ch.IdeaID, ch.Revision, ch.Counts)
	})
	return func() { stopIdeas(); stopCounts() }
}

// nameCache remembers users' display names for idea responses, so lists read no database
// on the way (names change rarely; a change shows within the TTL).
type nameCache struct {
	mu  sync.Mutex
	ttl time.Duration
	m   map[nameKey]nameEntry
}

// nameKey is a user of a tenant (a struct rather than the joined IDs, which a lookup would
// allocate).
type nameKey struct{ tenant, user string }

type nameEntry struct {
	ref userRef
	at  time.Time
}

const nameCacheTTL = time.Minute

func newNameCache() *nameCache { return &nameCache{ttl: nameCacheTTL, m: map[nameKey]nameEntry{}} }

// refs resolves user IDs of the context's tenant to names ("deleted" for deleted accounts).
func (s *Server) refs(ctx context.Context, ids ...string) map[string]userRef {
	out := make(map[string]userRef, len(ids))
	tid, _ := domain.TenantID(ctx)
	nc := s.names
	now := time.Now()
	var missing []string
	nc.mu.Lock()
	for _, id := range ids {
		if id == "" {
			continue
		}
		if e, ok := nc.m[nameKey{tid, id}]; ok && now.Sub(e.at) < nc.ttl {
			out[id] = e.ref
		} else {
			missing = append(missing, id)
		}
	}
	nc.mu.Unlock()
	for _, id := range missing {
		if _, ok := out[id]; ok {
			continue
		}
		ref := userRef{ID: id, Deleted: true}
		u, err := s.Store.FindUserByID(ctx, id)
		if err == nil && u.Status != domain.UserDeleted {
			ref = userRef{ID: id, DisplayName: u.DisplayName}
		} else if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			out[id] = ref // a store hiccup: answer, but do not cache
			continue
		}
		out[id] = ref
		nc.mu.Lock()
		if len(nc.m) > 100_000 {
			clear(nc.m)
		}
		nc.m[nameKey{tid, id}] = nameEntry{ref: ref, at: now}
		nc.mu.Unlock()
	}
	return out
}

// forgetName drops a user's cached display name (after a rename or an account deletion), so
// this instance shows the change at once; others within the cache's TTL.
func (s *Server) forgetName(tenantID, userID string) {
	s.names.mu.Lock()
	delete(s.names.m, nameKey{tenantID, userID})
	s.names.mu.Unlock()
}
