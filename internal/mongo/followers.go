package mongo

import (
	"context"
	"slices"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// The followers of an idea, as an exclusive DB (SetExclusive) last read or changed them.
//
// The notification dispatcher asks for them for every comment, stage change and pilot
// update. In the store they are the follows of the idea's partition, and a query by idea
// reads and decodes the whole partition on the embedded store (~40 µs a follow): with a
// follow for each of a city's 60,000 supports that is ~1,000 follows, 40 ms of CPU, per
// event — more than everything else the fan-out costs. An exclusive DB is the only writer of
// follows, so it keeps the lists it read and changes them with each follow it records.
//
// A list read from the store is kept only if no follow of the idea changed while it was
// read (the change would be missing from it): every change cancels the reads under way.
// A follow that failed part-way (its counter change undone, say) forgets the list. The
// engagement doctor, merges and purges read the store itself.
type followerCache struct {
	mu    sync.Mutex
	lists *lru.Cache[string, []string]
	// reads are the reads under way, by key; a change removes its key's.
	reads map[string]*followerRead
}

type followerRead struct{ _ byte }

// followerListsSize bounds the lists kept: the ideas with news lately (a list is ~40 bytes
// per follower).
const followerListsSize = 4096

func newFollowerCache() *followerCache {
	l, _ := lru.New[string, []string](followerListsSize)
	return &followerCache{lists: l, reads: map[string]*followerRead{}}
}

func followerKey(tenantID, ideaID string) string { return tenantID + "\x00" + ideaID }

// lookup returns a copy of the kept list, or a read to hand to keep once the list has been
// read from the store.
func (f *followerCache) lookup(key string) ([]string, *followerRead) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if ids, ok := f.lists.Get(key); ok {
		return slices.Clone(ids), nil
	}
	r := &followerRead{}
	f.reads[key] = r
	return nil, r
}

// keep stores ids read by r, unless a change came between (or r failed: ids nil).
func (f *followerCache) keep(key string, r *followerRead, ids []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.reads[key] != r {
		return
	}
	delete(f.reads, key)
	if ids != nil {
		f.lists.Add(key, slices.Clone(ids))
	}
}

// change records that userID now follows (add) or no longer follows the idea of key.
func (f *followerCache) change(key, userID string, add bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.reads, key)
	ids, ok := f.lists.Peek(key)
	if !ok {
		return
	}
	k := slices.Index(ids, userID)
	switch {
	case add && k < 0:
		f.lists.Add(key, append(slices.Clip(ids), userID)) // a new array: lookups copied the old one
	case !add && k >= 0:
		f.lists.Add(key, slices.Delete(slices.Clone(ids), k, k+1))
	}
}

// forget drops the list of key and cancels its reads.
func (f *followerCache) forget(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.reads, key)
	f.lists.Remove(key)
}

// followersChanged tells an exclusive DB's follower cache the outcome of a follow or
// unfollow of (ideaID, userID): changed when the store now holds the change, err when the
// write failed (possibly part-way).
func (db *DB) followersChanged(ctx context.Context, ideaID, userID string, add, changed bool, err error) {
	if db.followers == nil {
		return
	}
	tid, terr := domain.TenantID(ctx)
	if terr != nil {
		return
	}
	key := followerKey(tid, ideaID)
	switch {
	case err != nil:
		db.followers.forget(key)
	case changed:
		db.followers.change(key, userID, add)
	}
}

// IdeaFollowerIDs implements domain.FollowStore: the users following ideaID, oldest follow
// first (later follows last on an exclusive DB that kept the list).
func (db *DB) IdeaFollowerIDs(ctx context.Context, ideaID string) ([]string, error) {
	if db.followers == nil {
		return db.factUserIDs(ctx, famFollows, ideaID)
	}
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	key := followerKey(tid, ideaID)
	ids, r := db.followers.lookup(key)
	if r == nil {
		return ids, nil
	}
	ids, err = db.factUserIDs(ctx, famFollows, ideaID)
	if err != nil {
		db.followers.keep(key, r, nil)
		return nil, err
	}
	db.followers.keep(key, r, ids)
	return ids, nil
}
