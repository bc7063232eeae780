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
// The embedded store has no change streams, so every idea write appends one small change
// document that other instances poll for. A single deployment-wide counter
// ({_id: "ideas", seq} in colFeedSeq, taken with $inc in findOneAndUpdate) numbers the
// changes; the change itself is {_id: "<seq>", tenantId, ideaId, rev, deleted}. Readers
// poll the counter by _id (one read per tick, however many tenants there are) and fetch
// the changes they have not seen by _id — the only queries the embedded store answers
// without a scan.
//
// Change documents live in a ring of feedRing collections of feedBlock changes each
// (ideafeed_0 … ideafeed_7), chosen by seq. The writer that starts a new block empties the
// collection feedRing/2 blocks ahead in the background, so old changes are pruned a block
// at a time, never in a writer's path. A reader more than a few thousand changes
// behind finds gaps and falls back to a full resync.
//
// Order of a write: the idea first, then the counter, then the change document. A writer
// that stops between the steps leaves either no change (caught by the periodic full
// resync of the readers) or a gap in the sequence (readers skip it after a grace period
// and resync).
const (
	colFeedSeq = "feedseq"
	famFeed    = "ideafeed"
	feedSeqID  = "ideas"
	feedBlock  = 4096
	feedRing   = 8
)

type feedSeqDoc struct {
	ID  string `bson:"_id"`
	Seq int64  `bson:"seq"`
}

type changeDoc struct {
	ID       string    `bson:"_id"`
	TenantID string    `bson:"tenantId"`
	IdeaID   string    `bson:"ideaId"`
	Revision int64     `bson:"rev"`
	Deleted  bool      `bson:"deleted,omitempty"`
	At       time.Time `bson:"at"`
}

func (db *DB) feedColl(seq int64) *mongo.Collection {
	return db.c(famFeed + "_" + strconv.FormatInt((seq/feedBlock)%feedRing, 10))
}

// feedMu serialises taking sequence numbers in this process (the embedded store's $inc
// is not atomic, see ideaLocks). Writers in other processes may still draw a number twice;
// the loser of the change document's _id then draws again, so no change is lost.
var feedMu sync.Mutex

// appendChange records a change of an idea. The idea is already written, so a failure
// here must not fail the write: the readers' periodic full resync repairs a missing change.
func (db *DB) appendChange(ctx context.Context, tenantID, ideaID string, rev int64, deleted bool) {
	ctx, stop := domain.Detach(ctx)
	defer stop()
	for range 5 {
		feedMu.Lock()
		var s feedSeqDoc
		err := db.c(colFeedSeq).FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: feedSeqID}},
			bson.D{{Key: "$inc", Value: bson.D{{Key: "seq", Value: int64(1)}}}},
			options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&s)
		feedMu.Unlock()
		if err != nil {
			return
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
		_, err = db.feedColl(s.Seq).InsertOne(ctx, changeDoc{
			ID: strconv.FormatInt(s.Seq, 10), TenantID: tenantID, IdeaID: ideaID, Revision: rev, Deleted: deleted, At: db.now(),
		})
		if domain.ErrorCode(mapErr(err, "idea change")) != domain.ECONFLICT {
			return
		}
	}
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

// IdeaChangeAt implements domain.IdeaFeed.
func (db *DB) IdeaChangeAt(ctx context.Context, seq int64) (*domain.IdeaChange, error) {
	var d changeDoc
	if err := db.feedColl(seq).FindOne(ctx, bson.D{{Key: "_id", Value: strconv.FormatInt(seq, 10)}}).Decode(&d); err != nil {
		return nil, mapErr(err, "idea change")
	}
	return &domain.IdeaChange{Seq: seq, TenantID: d.TenantID, IdeaID: d.IdeaID, Revision: d.Revision, Deleted: d.Deleted}, nil
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
