package mongo

import (
	"context"
	"strconv"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// The idea change feed.
//
// The embedded store has no change streams, so idea writes append small change documents
// that other instances poll for. A single deployment-wide counter ({_id: "ideas", seq} in
// colFeedSeq, taken with $inc in findOneAndUpdate) numbers the feed's entries; an entry is
// {_id: "<seq>", changes: [{tenantId, ideaId, rev, deleted}…]}, the changes of one group
// commit (below). Readers poll the counter by _id (one read per tick, however many tenants
// there are) and fetch the entries they have not seen by _id — the only queries the
// embedded store answers without a scan.
//
// Group commit: the writes of this process that finish while an entry is being written
// wait and go into the next entry together, so under load a write costs a fraction of the
// two store operations of an entry (and readers read a fraction of one), while a lone write
// still has its entry before it returns.
//
// Entries live in a ring of feedRing collections of feedBlock entries each (ideafeed_0 …
// ideafeed_7), chosen by seq. The writer that starts a new block empties the collection
// feedRing/2 blocks ahead in the background, so old entries are pruned a block at a time,
// never in a writer's path. A reader more than a few thousand entries behind finds gaps
// and falls back to a full resync.
//
// Order of a write: the idea first, then the counter, then the entry. A writer that stops
// between the steps leaves either no change (caught by the periodic full resync of the
// readers) or a gap in the sequence (readers skip it after a grace period and resync).
const (
	colFeedSeq = "feedseq"
	famFeed    = "ideafeed"
	feedSeqID  = "ideas"
	feedBlock  = 4096
	feedRing   = 8
	// feedBatchMax bounds the changes of one entry (a document of ~100 bytes each).
	feedBatchMax = 256
	// ownEntries is how many of its own entries' numbers a DB remembers (WroteEntry).
	ownEntries = 4096
)

type feedSeqDoc struct {
	ID  string `bson:"_id"`
	Seq int64  `bson:"seq"`
}

// changeDoc is a feed entry. Entries written before group commit held one change in the
// top-level fields; they are still read.
type changeDoc struct {
	ID       string        `bson:"_id"`
	Changes  []changeEntry `bson:"changes,omitempty"`
	TenantID string        `bson:"tenantId,omitempty"`
	IdeaID   string        `bson:"ideaId,omitempty"`
	Revision int64         `bson:"rev,omitempty"`
	Deleted  bool          `bson:"deleted,omitempty"`
	At       time.Time     `bson:"at"`
}

type changeEntry struct {
	TenantID string `bson:"tenantId"`
	IdeaID   string `bson:"ideaId"`
	Revision int64  `bson:"rev"`
	Deleted  bool   `bson:"deleted,omitempty"`
}

func (db *DB) feedColl(seq int64) *mongo.Collection {
	return db.c(famFeed + "_" + strconv.FormatInt((seq/feedBlock)%feedRing, 10))
}

// feedMu serialises taking sequence numbers in this process (the embedded store's $inc
// is not atomic, see ideaLocks). Writers in other processes may still draw a number twice;
// the loser of the entry's _id then draws again, so no change is lost.
var feedMu sync.Mutex

// feedWriter is a DB's group commit of feed entries.
type feedWriter struct {
	mu      sync.Mutex
	writing bool            // a leader is writing entries
	queue   []*queuedChange // waiting for the next entry
	own     map[int64]struct{}
	ownMax  int64
}

type queuedChange struct {
	e    changeEntry
	done chan struct{}
}

// appendChange records a change of an idea in the feed and returns when it is there (or
// could not be written). The idea is already written, so a failure here must not fail the
// write: the readers' periodic full resync repairs a missing change.
//
// An exclusive DB (SetExclusive) writes no feed: no other instance is there to read it.
func (db *DB) appendChange(ctx context.Context, tenantID, ideaID string, rev int64, deleted bool) {
	if db.exclusive {
		return
	}
	ctx, stop := domain.Detach(ctx)
	defer stop()
	f := &db.feed
	q := &queuedChange{e: changeEntry{TenantID: tenantID, IdeaID: ideaID, Revision: rev, Deleted: deleted}, done: make(chan struct{})}
	f.mu.Lock()
	f.queue = append(f.queue, q)
	lead := !f.writing
	f.writing = true
	f.mu.Unlock()
	if lead {
		// Nobody is writing, so the queue held nothing before q: the next entry has it.
		if db.writeQueued(ctx) {
			// Changes queued meanwhile go into the following entries, written by a
			// goroutine of their own rather than while this request waits.
			go func() {
				for db.writeQueued(context.Background()) {
				}
			}()
		}
	}
	// Waiting ends with the write's detached context too: when the store is found
	// unreachable, the request returns at once (its change may still be written later).
	select {
	case <-q.done:
	case <-ctx.Done():
	}
}

// writeQueued writes the queued changes (up to feedBatchMax) as one entry and reports
// whether more are queued; if none are, the writing flag is cleared and it returns false.
func (db *DB) writeQueued(ctx context.Context) bool {
	f := &db.feed
	f.mu.Lock()
	n := min(len(f.queue), feedBatchMax)
	if n == 0 {
		f.writing = false
		f.mu.Unlock()
		return false
	}
	batch := f.queue[:n:n]
	f.queue = f.queue[n:]
	f.mu.Unlock()
	entries := make([]changeEntry, len(batch))
	for i, b := range batch {
		entries[i] = b.e
	}
	wctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	if seq, ok := db.writeEntry(wctx, entries); ok {
		f.noteOwn(seq)
	}
	cancel()
	for _, b := range batch {
		close(b.done)
	}
	f.mu.Lock()
	more := len(f.queue) > 0
	if !more {
		f.writing = false
	}
	f.mu.Unlock()
	return more
}

// writeEntry draws a sequence number and writes the entry under it.
func (db *DB) writeEntry(ctx context.Context, changes []changeEntry) (int64, bool) {
	for range 5 {
		feedMu.Lock()
		var s feedSeqDoc
		err := db.c(colFeedSeq).FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: feedSeqID}},
			bson.D{{Key: "$inc", Value: bson.D{{Key: "seq", Value: int64(1)}}}},
			options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&s)
		feedMu.Unlock()
		if err != nil {
			return 0, false
		}
		if s.Seq%feedBlock == 0 {
			// A new block starts: clear the ring slot half a ring ahead, in the background.
			// Deleting its documents, not dropping the collection: on the embedded store a
			// drop (and the re-creation by the next insert) changes the SQLite schema, which
			// every pooled connection then re-reads (see CreateCollections).
			slot := db.feedColl(s.Seq + feedBlock*feedRing/2)
			go func() {
				cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
				defer cancel()
				_, _ = slot.DeleteMany(cctx, bson.D{})
			}()
		}
		_, err = db.feedColl(s.Seq).InsertOne(ctx, changeDoc{ID: strconv.FormatInt(s.Seq, 10), Changes: changes, At: db.now()})
		if err == nil {
			return s.Seq, true
		}
		if domain.ErrorCode(mapErr(err, "idea change")) != domain.ECONFLICT {
			return 0, false
		}
	}
	return 0, false
}

// noteOwn remembers that this DB wrote entry seq (the last ownEntries of them).
func (f *feedWriter) noteOwn(seq int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.own == nil {
		f.own = map[int64]struct{}{}
	}
	f.own[seq] = struct{}{}
	f.ownMax = max(f.ownMax, seq)
	if len(f.own) > 2*ownEntries {
		for s := range f.own {
			if s <= f.ownMax-ownEntries {
				delete(f.own, s)
			}
		}
	}
}

// WroteEntry reports whether this DB wrote feed entry seq (lately): its changes reached
// this DB's idea observers when they were made, so a follower whose index observes this DB
// need not read the entry back.
func (db *DB) WroteEntry(seq int64) bool {
	f := &db.feed
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.own[seq]
	return ok
}

// IdeaFeedHead implements domain.IdeaFeed.
func (db *DB) IdeaFeedHead(ctx context.Context) (int64, error) {
	var s feedSeqDoc
	err := db.c(colFeedSeq).FindOne(ctx, bson.D{{Key: "_id", Value: feedSeqID}}).Decode(&s)
	if err == mongo.ErrNoDocuments {
		return 0, nil
	}
	if err != nil {
		return 0, mapErr(err, "idea feed")
	}
	return s.Seq, nil
}

// IdeaChangesAt implements domain.IdeaFeed.
func (db *DB) IdeaChangesAt(ctx context.Context, seq int64) ([]domain.IdeaChange, error) {
	var d changeDoc
	if err := db.feedColl(seq).FindOne(ctx, bson.D{{Key: "_id", Value: strconv.FormatInt(seq, 10)}}).Decode(&d); err != nil {
		return nil, mapErr(err, "idea change")
	}
	if len(d.Changes) == 0 {
		d.Changes = []changeEntry{{TenantID: d.TenantID, IdeaID: d.IdeaID, Revision: d.Revision, Deleted: d.Deleted}}
	}
	out := make([]domain.IdeaChange, len(d.Changes))
	for i, c := range d.Changes {
		out[i] = domain.IdeaChange{Seq: seq, TenantID: c.TenantID, IdeaID: c.IdeaID, Revision: c.Revision, Deleted: c.Deleted}
	}
	return out, nil
}

var _ domain.IdeaFeed = (*DB)(nil)

// Observers of this process's writes. They live beside the DB rather than in it so the
// foundation's DB type stays as it is; entries are removed by the cancel functions.
var (
	ideaObservers sync.Map // *DB → *observerSet[domain.IdeaObserver]
	factObservers sync.Map // *DB → *observerSet[domain.FactObserver]
)

type observerSet[F any] struct {
	mu   sync.RWMutex
	next int
	fns  map[int]F
}

// observe adds fn to db's set in m and returns the function that removes it.
func observe[F any](m *sync.Map, db *DB, fn F) (cancel func()) {
	v, _ := m.LoadOrStore(db, &observerSet[F]{fns: map[int]F{}})
	set := v.(*observerSet[F])
	set.mu.Lock()
	id := set.next
	set.next++
	set.fns[id] = fn
	set.mu.Unlock()
	return func() {
		set.mu.Lock()
		delete(set.fns, id)
		empty := len(set.fns) == 0
		set.mu.Unlock()
		if empty {
			m.CompareAndDelete(db, set)
		}
	}
}

// notify calls every observer of db in m.
func notify[F any](m *sync.Map, db *DB, call func(F)) {
	v, ok := m.Load(db)
	if !ok {
		return
	}
	set := v.(*observerSet[F])
	set.mu.RLock()
	defer set.mu.RUnlock()
	for _, fn := range set.fns {
		call(fn)
	}
}

// ObserveIdeas registers fn to be told of every idea written through this DB, right after
// the write (the local instance's index uses it for read-your-writes; other instances
// learn through the feed). The returned function unregisters fn.
func (db *DB) ObserveIdeas(fn domain.IdeaObserver) (cancel func()) {
	return observe(&ideaObservers, db, fn)
}

// notifyIdea tells the local observers of a write.
func (db *DB) notifyIdea(i *domain.Idea, deleted bool) {
	db.noteRevision(i, deleted)
	notify(&ideaObservers, db, func(fn domain.IdeaObserver) { fn(i, deleted) })
}

// ObserveFacts registers fn to be told of every support and follow recorded or withdrawn
// through this DB, right after the idea's counter changed (the API's engagement cache uses
// it). The returned function unregisters fn.
func (db *DB) ObserveFacts(fn domain.FactObserver) (cancel func()) {
	return observe(&factObservers, db, fn)
}

// notifyFact tells the local observers of a recorded or withdrawn fact.
func (db *DB) notifyFact(ch domain.FactChange) {
	notify(&factObservers, db, func(fn domain.FactObserver) { fn(ch) })
}
