package mongo

import (
	"context"
	"fmt"
	"hash/fnv"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Families of partitioned engagement collections; each lives in the partition of its idea.
const (
	famSupports = "supports"
	famFollows  = "follows"
)

// factDoc is a "user X did Y to idea Z" fact (support, follow) under the unique key
// "<ideaId>:<userId>", so existence checks and uniqueness are _id lookups.
type factDoc struct {
	ID        string    `bson:"_id"`
	TenantID  string    `bson:"tenantId"`
	IdeaID    string    `bson:"ideaId"`
	UserID    string    `bson:"userId"`
	CreatedAt time.Time `bson:"createdAt"`
}

func (d *factDoc) tenant() string { return d.TenantID }

func factKey(ideaID, userID string) string { return ideaID + ":" + userID }

var _ domain.SupportStore = (*DB)(nil)

// engagementLocks serialise, within this process, the read-modify-write updates of
// engagement documents (a comment, a user's follow list, a fact's delete-and-count).
//
// The embedded store (FerretDB v1 on SQLite) runs an update as "select, change in Go, write
// back" without a transaction, so concurrent conditional updates of one document can all
// "succeed" and concurrent $inc lose counts (measured with the idea store; see lockIdea in
// idea.go). Inserts are safe: the unique _id is enforced by SQLite. With these locks a
// delete counts once and a guarded update is a real compare-and-set for every writer in
// this process; on MongoDB the updates are atomic anyway. They are separate from the idea
// locks because the counter update (IncIdeaCounters) takes those while ours are held.
var engagementLocks stripes

func lockEngagement(key string) func() { return engagementLocks.lock(key) }

// pairLocks make a repair of an idea's counters (RepairEngagement) wait for the
// record-and-counter pairs in flight in this process, and hold new ones back while it
// counts, so it neither counts a record whose counter change is still to come nor misses a
// change. Writers take the read side (they run in parallel), the repair the write side.
var pairLocks [256]sync.RWMutex

func pairLock(ideaID string) *sync.RWMutex {
	h := fnv.New32a()
	_, _ = h.Write([]byte(ideaID))
	return &pairLocks[h.Sum32()%uint32(len(pairLocks))]
}

// writePair holds the idea's pair lock for a record write and its counter change.
func writePair(ideaID string) func() {
	m := pairLock(ideaID)
	m.RLock()
	return m.RUnlock
}

// checkIdea makes sure ideaID is an idea of the context's tenant; ENOTFOUND. An idea this
// process lately read or wrote in the tenant (a revision hint) is not read again: its
// callers change its counters next, which fails if it was deleted meanwhile (a stale hint
// never wins a claim: deletes claim the revision too), and then undo what they wrote.
func (db *DB) checkIdea(ctx context.Context, ideaID string) error {
	if tid, err := domain.TenantID(ctx); err == nil && db.knownIdea(tid, ideaID) {
		return nil
	}
	_, err := db.FindIdeaByID(ctx, ideaID)
	return err
}

// incCounters changes the idea's counters; fact is the support or follow that changed
// them, if one did. The record is already written; the pair is finished even if the client
// went away (but not when the store goes away: domain.Detach).
func (db *DB) incCounters(ctx context.Context, ideaID string, d domain.CounterDelta, fact *domain.FactChange) error {
	dctx, stop := domain.Detach(ctx)
	defer stop()
	return db.incIdeaCounters(dctx, ideaID, d, fact)
}

// undo runs a compensating write detached from the client (see incCounters).
func undo(ctx context.Context, fn func(context.Context)) {
	dctx, stop := domain.Detach(ctx)
	defer stop()
	fn(dctx)
}

// addFact inserts the fact and, only if it was new, applies delta to the idea. If the
// counter cannot be changed (the idea does not exist in this tenant, the store failed) the
// fact is removed again, so a retry starts from scratch.
func (db *DB) addFact(ctx context.Context, fam, ideaID, userID string, delta domain.CounterDelta) (bool, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return false, err
	}
	if ideaID == "" || userID == "" {
		return false, domain.Errorf(domain.ENOTFOUND, "idea not found")
	}
	// The idea is not read first: the counter change below checks that it exists in this
	// tenant (ENOTFOUND), and the fact is then removed again.
	c := db.part(fam, ideaID)
	key := factKey(ideaID, userID)
	defer writePair(ideaID)()
	_, err = c.InsertOne(ctx, factDoc{ID: key, TenantID: tid, IdeaID: ideaID, UserID: userID, CreatedAt: db.now()})
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, mapErr(err, fam)
	}
	if err := db.incCounters(ctx, ideaID, delta, &domain.FactChange{UserID: userID, Follow: fam == famFollows, On: true}); err != nil {
		undo(ctx, func(ctx context.Context) { _, _ = c.DeleteOne(ctx, bson.D{{Key: "_id", Value: key}}) })
		return false, fmt.Errorf("count %s: %w", fam, err)
	}
	return true, nil
}

// removeFact deletes the fact and, only if this call deleted it, applies -delta.
//
// The fact is deleted by its key alone (a filter with more than {_id} would scan the
// partition on the embedded store). Its tenant is checked first by reading it, unless this
// process lately wrote or read the idea in the context's tenant (revision hints): then the
// key, which names the idea, cannot belong to another tenant.
func (db *DB) removeFact(ctx context.Context, fam, ideaID, userID string, delta domain.CounterDelta) (bool, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return false, err
	}
	if !db.knownIdea(tid, ideaID) {
		if ok, err := db.hasFact(ctx, fam, ideaID, userID); err != nil || !ok {
			return false, err
		}
	}
	defer writePair(ideaID)()
	unlock := lockEngagement(fam + ":" + factKey(ideaID, userID))
	defer unlock()
	res, err := db.part(fam, ideaID).DeleteOne(ctx, bson.D{{Key: "_id", Value: factKey(ideaID, userID)}})
	if err != nil {
		return false, mapErr(err, fam)
	}
	if res.DeletedCount == 0 {
		return false, nil // a concurrent request removed it and counts it
	}
	neg := domain.CounterDelta{Supports: -delta.Supports, Followers: -delta.Followers}
	if err := db.incCounters(ctx, ideaID, neg, &domain.FactChange{UserID: userID, Follow: fam == famFollows}); err != nil {
		return false, fmt.Errorf("count %s: %w", fam, err)
	}
	return true, nil
}

// hasFact is one _id lookup, checked against the context's tenant.
func (db *DB) hasFact(ctx context.Context, fam, ideaID, userID string) (bool, error) {
	if ideaID == "" || userID == "" {
		return false, nil
	}
	var d factDoc
	err := findOwned(ctx, db.part(fam, ideaID), factKey(ideaID, userID), fam, &d)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return false, nil
	}
	return err == nil, err
}

// factUserIDs lists the users of an idea's facts, oldest first. It scans one partition.
func (db *DB) factUserIDs(ctx context.Context, fam, ideaID string) ([]string, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := db.part(fam, ideaID).Find(ctx,
		bson.D{{Key: "ideaId", Value: ideaID}, {Key: "tenantId", Value: tid}},
		options.Find().SetSort(bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}).
			SetProjection(bson.D{{Key: "userId", Value: 1}}))
	if err != nil {
		return nil, mapErr(err, fam)
	}
	var docs []struct {
		UserID string `bson:"userId"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, fam)
	}
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.UserID
	}
	return out, nil
}

func (db *DB) countFacts(ctx context.Context, fam, ideaID string) (int, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return 0, err
	}
	n, err := db.part(fam, ideaID).CountDocuments(ctx, bson.D{{Key: "ideaId", Value: ideaID}, {Key: "tenantId", Value: tid}})
	return int(n), mapErr(err, fam)
}

// AddSupport implements domain.SupportStore.
func (db *DB) AddSupport(ctx context.Context, ideaID, userID string) (bool, error) {
	return db.addFact(ctx, famSupports, ideaID, userID, domain.CounterDelta{Supports: 1})
}

// RemoveSupport implements domain.SupportStore.
func (db *DB) RemoveSupport(ctx context.Context, ideaID, userID string) (bool, error) {
	return db.removeFact(ctx, famSupports, ideaID, userID, domain.CounterDelta{Supports: 1})
}

// HasSupported implements domain.SupportStore.
func (db *DB) HasSupported(ctx context.Context, ideaID, userID string) (bool, error) {
	return db.hasFact(ctx, famSupports, ideaID, userID)
}

// IdeaSupporterIDs implements domain.SupportStore.
func (db *DB) IdeaSupporterIDs(ctx context.Context, ideaID string) ([]string, error) {
	return db.factUserIDs(ctx, famSupports, ideaID)
}

// CountSupports implements domain.SupportStore.
func (db *DB) CountSupports(ctx context.Context, ideaID string) (int, error) {
	return db.countFacts(ctx, famSupports, ideaID)
}

var _ domain.EngagementScanner = (*DB)(nil)

// ScanEngagement implements domain.EngagementScanner: every support and follow of every
// tenant, partition by partition.
func (db *DB) ScanEngagement(ctx context.Context, fn func(tenantID, ideaID, userID string, follow bool) error) error {
	proj := options.Find().SetProjection(bson.D{{Key: "tenantId", Value: 1}, {Key: "ideaId", Value: 1}, {Key: "userId", Value: 1}}).
		SetBatchSize(bulkBatch)
	for _, fam := range []string{famSupports, famFollows} {
		for _, c := range db.parts(fam) {
			cur, err := c.Find(ctx, bson.D{}, proj)
			if err != nil {
				return mapErr(err, fam)
			}
			for cur.Next(ctx) {
				var d factDoc
				if err := cur.Decode(&d); err != nil {
					_ = cur.Close(ctx)
					return mapErr(err, fam)
				}
				if err := fn(d.TenantID, d.IdeaID, d.UserID, fam == famFollows); err != nil {
					_ = cur.Close(ctx)
					return err
				}
			}
			err = cur.Err()
			_ = cur.Close(ctx)
			if err != nil {
				return mapErr(err, fam)
			}
		}
	}
	return nil
}
