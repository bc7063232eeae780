package mongo

import (
	"context"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Revision claims make idea writes atomic across processes on the embedded store.
//
// FerretDB v1 applies an update by reading the document, changing it in Go and writing it
// back whole, without a transaction; two processes updating one idea can both "win" a
// version check, and one can write back counters the other just incremented. The per-idea
// locks in idea.go cover one process. Across processes, every write to an idea first inserts
// the claim {_id: "<ideaId>:<rev>"} for the revision it read; the unique _id lets exactly one
// writer proceed from each revision, and every write bumps the revision. A writer that dies
// between claim and write leaves the idea at a claimed revision; after claimStaleAfter the
// next writer deletes that claim (deletes count what they removed, so only one succeeds) and
// claims again. On MongoDB, where updates are atomic anyway, a claim costs one small insert.
//
// A claim of a revision long past only stops a writer that still believes the idea is at
// that revision: a process's revision hint (revHints). Hints are used for hintTTL after
// they were noted, and the daily job deletes claims older than claimRetention
// (PruneIdeaClaims), so the claims no hint can refer to any more do not pile up with every
// write for good.
const (
	famIdeaClaims   = "ideaclaims"
	claimStaleAfter = 5 * time.Second
	hintTTL         = time.Hour
	// claimRetention is how long revision claims are kept; far beyond hintTTL.
	claimRetention = 24 * time.Hour
)

type ideaClaim struct {
	ID string    `bson:"_id"`
	At time.Time `bson:"at"`
}

// claimRevision reports whether this writer may write the idea from revision rev.
func (db *DB) claimRevision(ctx context.Context, ideaID string, rev int64) (bool, error) {
	c := db.part(famIdeaClaims, ideaID)
	id := ideaID + ":" + strconv.FormatInt(rev, 10)
	for range 2 {
		_, err := c.InsertOne(ctx, ideaClaim{ID: id, At: db.now()})
		if err == nil {
			return true, nil
		}
		if e := mapErr(err, "claim"); domain.ErrorCode(e) != domain.ECONFLICT {
			return false, e
		}
		var old ideaClaim
		if err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&old); err != nil {
			continue // released meanwhile: try again
		}
		if db.now().Sub(old.At) < claimStaleAfter {
			return false, nil
		}
		// The claimant died before writing (the revision would have moved on otherwise).
		res, err := c.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
		if err != nil || res.DeletedCount != 1 {
			return false, mapErr(err, "claim")
		}
	}
	return false, nil
}

// releaseClaim gives back the claim of revision rev that a writer took and did not use:
// the revision stays, and the next writer claims it. An exclusive DB claims nothing.
func (db *DB) releaseClaim(ctx context.Context, ideaID string, rev int64) {
	if db.exclusive {
		return
	}
	ctx, stop := domain.Detach(ctx) // a request that ended meanwhile still gives it back
	defer stop()
	// A claim the store failed to remove is taken over as a dead writer's after
	// claimStaleAfter.
	_, _ = db.part(famIdeaClaims, ideaID).DeleteOne(ctx, bson.D{{Key: "_id", Value: ideaID + ":" + strconv.FormatInt(rev, 10)}})
}

// currentRevision reads an idea's revision, version and counters (its document's and its
// stats', ideastats.go); an idea of another tenant than the context's is not found.
func (db *DB) currentRevision(ctx context.Context, ideaID string) (revHint, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return revHint{}, err
	}
	var d ideaDoc
	err = db.part(famIdeas, ideaID).FindOne(ctx, bson.D{{Key: "_id", Value: ideaID}},
		options.FindOne().SetProjection(bson.D{{Key: "tenantId", Value: 1}, {Key: "rev", Value: 1}, {Key: "version", Value: 1},
			{Key: "supportCount", Value: 1}, {Key: "followerCount", Value: 1}, {Key: "commentCount", Value: 1},
			{Key: "attachmentCount", Value: 1}, {Key: "lastActivityAt", Value: 1}})).Decode(&d)
	if err == nil && d.TenantID != tid {
		return revHint{}, domain.Errorf(domain.ENOTFOUND, "idea not found")
	}
	if err != nil {
		return revHint{}, mapErr(err, "idea")
	}
	s, err := db.ideaStats(ctx, ideaID)
	if err != nil {
		return revHint{}, err
	}
	addStats(&d, s)
	i := d.toDomain()
	return revHint{rev: i.Revision, version: i.Version, counts: domain.CountsOf(i)}, nil
}

// revHint is an idea's revision, version and counters as this process last saw them
// (revHints), and when it saw that revision.
type revHint struct {
	rev, version int64
	counts       domain.IdeaCounts
	at           time.Time
}

// revHintsSize bounds the revision hints (~150 bytes each): the ideas written or read
// lately.
const revHintsSize = 1 << 14

// noteRevision remembers the revision of an idea this process just wrote or read: the next
// write claims that revision directly instead of reading it first (claimIdeaWrite).
func (db *DB) noteRevision(i *domain.Idea, deleted bool) {
	if db.revHints == nil {
		return
	}
	key := i.TenantID + "\x00" + i.ID
	if deleted {
		db.revHints.Remove(key)
		return
	}
	// A read that started before a write may finish after it: keep the later revision, and
	// of one revision what was noted first (by its write, under the idea's lock).
	db.hintMu.Lock()
	defer db.hintMu.Unlock()
	if h, ok := db.revHints.Peek(key); ok && h.rev >= i.Revision {
		if h.rev == i.Revision { // seen again: still current now
			h.at = db.now()
			db.revHints.Add(key, h)
		}
		return
	}
	db.revHints.Add(key, revHint{rev: i.Revision, version: i.Version, counts: domain.CountsOf(i), at: db.now()})
}

// hint returns the revision hint of idea id in tenant tid, if there is one younger than
// hintTTL.
func (db *DB) hint(tid, id string) (revHint, bool) {
	if db.revHints == nil {
		return revHint{}, false
	}
	h, ok := db.revHints.Get(tid + "\x00" + id)
	if !ok || db.now().Sub(h.at) >= hintTTL {
		return revHint{}, false
	}
	return h, true
}

// forgetRevision drops the hint of an idea whose write failed: the store may have applied
// it anyway (a timeout after the write), so the next write reads the revision.
func (db *DB) forgetRevision(tenantID, id string) {
	if db.revHints != nil {
		db.revHints.Remove(tenantID + "\x00" + id)
	}
}

// knownIdea reports whether this process lately wrote or read idea id in tenant tid.
func (db *DB) knownIdea(tid, id string) bool {
	_, ok := db.hint(tid, id)
	return ok
}

// tryClaim inserts the claim of revision rev, which this process last saw. A claim that
// exists already means the revision moved on (claims are kept, see claimRevision), so
// the caller reads the idea's revision instead: unlike claimRevision, tryClaim never takes
// over an old claim, which for a revision long past would look like a dead writer's.
func (db *DB) tryClaim(ctx context.Context, ideaID string, rev int64) (bool, error) {
	_, err := db.part(famIdeaClaims, ideaID).InsertOne(ctx, ideaClaim{ID: ideaID + ":" + strconv.FormatInt(rev, 10), At: db.now()})
	if err == nil {
		return true, nil
	}
	if e := mapErr(err, "claim"); domain.ErrorCode(e) != domain.ECONFLICT {
		return false, e
	}
	return false, nil
}

// claimIdeaWrite waits (briefly, with back-off) until this writer holds the claim for the
// idea's current revision; the caller holds the idea's lock (lockIdea). With wantVersion > 0
// it fails with EPRECONDITIONFAILED as soon as the idea's version differs. Either way the
// idea is checked to be of the context's tenant (ENOTFOUND).
//
// An exclusive DB (SetExclusive) claims nothing: under the idea's lock no other writer
// exists, so the revision hint — noted under that lock by every write of this process — or
// else a read of the revision is the idea's current state.
func (db *DB) claimIdeaWrite(ctx context.Context, ideaID string, wantVersion int64) (revHint, error) {
	stale := domain.Errorf(domain.EPRECONDITIONFAILED, "someone else changed this idea in the meantime; reload and try again")
	// The revision this process last saw is usually still the current one: claiming it
	// directly saves reading the idea (a whole document on the embedded store).
	if tid, err := domain.TenantID(ctx); err == nil {
		if h, ok := db.hint(tid, ideaID); ok {
			if db.exclusive {
				if wantVersion > 0 && h.version != wantVersion {
					return revHint{}, stale
				}
				return h, nil
			}
			if wantVersion == 0 || h.version == wantVersion {
				if ok, err := db.tryClaim(ctx, ideaID, h.rev); err != nil || ok {
					return h, err
				}
			}
		}
	}
	for attempt := range 40 {
		h, err := db.currentRevision(ctx, ideaID)
		if err != nil {
			return revHint{}, err
		}
		if wantVersion > 0 && h.version != wantVersion {
			return revHint{}, stale
		}
		if db.exclusive {
			return h, nil
		}
		ok, err := db.claimRevision(ctx, ideaID, h.rev)
		if err != nil {
			return revHint{}, err
		}
		if ok {
			return h, nil
		}
		select {
		case <-ctx.Done():
			return revHint{}, ctx.Err()
		case <-time.After(time.Duration(2+attempt) * time.Millisecond):
		}
	}
	return revHint{}, domain.Conflict(domain.RBusy, "the idea is busy; try again")
}

// PruneIdeaClaims deletes the revision claims taken more than claimRetention ago (a daily
// job) and returns how many. The embedded store reads each partition whole for it; the
// claims of a day are small documents.
func (db *DB) PruneIdeaClaims(ctx context.Context) (int, error) {
	before := db.now().Add(-claimRetention)
	n := 0
	for _, c := range db.parts(famIdeaClaims) {
		res, err := c.DeleteMany(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: before}}}})
		if err != nil {
			return n, mapErr(err, "claims")
		}
		n += int(res.DeletedCount)
	}
	return n, nil
}
