package mongo

import (
	"context"
	"sync"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// docCache holds small documents an exclusive DB (SetExclusive) read or wrote, by key
// (tenant and ID), so the reads a write path repeats (criteria sets, reviews, reviewer
// assignments, idea stats) need not go to the store. The DB being the only writer, an entry
// is the stored document as long as every write through the DB updates or drops it (wrote,
// reset). A read stores what it found only if its key was not written since the read began
// (gen): a read that raced with a write never leaves an older copy behind, and reads of
// other keys still fill the cache while many writes go on. A document found missing is
// kept too (absent). The cache starts over when it holds max entries.
type docCache[T any] struct {
	mu  sync.Mutex
	gen uint64 // counts the writes
	// floor is the generation at which the entries were last dropped together: a read that
	// began before it cannot tell whether its key was written meanwhile.
	floor uint64
	docs  map[string]cachedDoc[T]
	max   int
}

type cachedDoc[T any] struct {
	doc    T
	absent bool
	// unknown marks a key whose last write may or may not have been applied: a miss, kept
	// for its wgen.
	unknown bool
	wgen    uint64 // the generation of the key's last write through the cache (0: none seen)
}

// get returns the entry of key and the generation a read that follows must pass to read.
func (c *docCache[T]) get(key string) (e cachedDoc[T], gen uint64, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok = c.docs[key]
	return e, c.gen, ok && !e.unknown
}

// read stores what a read that began at gen found (doc == nil: missing).
func (c *docCache[T]) read(key string, doc *T, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen < c.floor {
		return
	}
	e, ok := c.docs[key]
	if ok && e.wgen > gen {
		return // written since the read began
	}
	c.set(key, doc, false, e.wgen)
}

// wrote stores what a write left (doc == nil: unknown, the entry is a miss).
func (c *docCache[T]) wrote(key string, doc *T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.set(key, doc, doc == nil, c.gen)
}

// reset drops every entry (documents were written in bulk, or too many to track).
func (c *docCache[T]) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.docs, c.floor = nil, c.gen
}

// findCached reads the document id of the context's tenant from coll (findOwned), or from
// c on an exclusive DB that read or wrote it; documents found missing are not kept.
func findCached[T any, P interface {
	*T
	tenant() string
}](ctx context.Context, db *DB, c *docCache[T], coll *mongo.Collection, id, what string) (*T, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	key := tid + "\x00" + id
	e, gen, ok := c.get(key)
	if ok && !e.absent && db.exclusive {
		d := e.doc
		return &d, nil
	}
	var d T
	if err := findOwned(ctx, coll, id, what, P(&d)); err != nil {
		return nil, err
	}
	if db.exclusive {
		c.read(key, &d, gen)
	}
	return &d, nil
}

func (c *docCache[T]) set(key string, doc *T, unknown bool, wgen uint64) {
	switch {
	case c.docs == nil:
		c.docs = map[string]cachedDoc[T]{}
	case len(c.docs) >= max(c.max, 1):
		c.docs, c.floor = map[string]cachedDoc[T]{}, c.gen
	}
	switch {
	case unknown:
		c.docs[key] = cachedDoc[T]{unknown: true, wgen: wgen}
	case doc == nil:
		c.docs[key] = cachedDoc[T]{absent: true, wgen: wgen}
	default:
		c.docs[key] = cachedDoc[T]{doc: *doc, wgen: wgen}
	}
}
