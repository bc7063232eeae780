package mongo

import (
	"context"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Test hooks for the external test package (mongotest imports this package, so tests that
// need a database live in package mongo_test).

func (db *DB) ClaimRevision(ctx context.Context, ideaID string, rev int64) (bool, error) {
	return db.claimRevision(ctx, ideaID, rev)
}

const ClaimStaleAfter = claimStaleAfter

// InsertFeedDoc writes a raw document as feed entry seq (entries of earlier versions).
func (db *DB) InsertFeedDoc(ctx context.Context, seq int64, doc any) error {
	_, err := db.feedColl(seq).InsertOne(ctx, doc)
	return err
}

// CountClaims counts the revision claims in the claim partition of idea ideaID.
func (db *DB) CountClaims(ctx context.Context, ideaID string) (int64, error) {
	return db.part(famIdeaClaims, ideaID).CountDocuments(ctx, map[string]any{})
}

// NoteRevision notes a revision hint as a read of i would.
func (db *DB) NoteRevision(i *domain.Idea) { db.noteRevision(i, false) }

// IdeaCached reports whether FindIdeaByID would answer from the exclusive DB's cache.
func (db *DB) IdeaCached(ctx context.Context, id string) bool {
	_, ok := db.cachedIdea(ctx, id)
	return ok
}

// Listed reports whether an exclusive DB remembers that userID's follow list holds ideaID.
func (db *DB) Listed(ctx context.Context, ideaID, userID string) bool {
	tid, _ := domain.TenantID(ctx)
	return db.listed != nil && db.listed.Contains(tid+":"+userID+":"+ideaID)
}

// ReviewCached reports whether an exclusive DB answers FindReview from its cache.
func (db *DB) ReviewCached(ctx context.Context, ideaID, reviewerID string) bool {
	tid, _ := domain.TenantID(ctx)
	_, _, ok := db.reviews.get(tid + "\x00" + domain.ReviewID(ideaID, reviewerID))
	return ok && db.exclusive
}

// GroupInserter returns a group commit of inserts into collection name, as the audit log has.
func GroupInserter(db *DB, name string) func(context.Context, any) error {
	g, c := &groupInsert{}, db.c(name)
	return func(ctx context.Context, doc any) error { return g.insert(ctx, c, doc) }
}

// InsertOutboxDoc writes a raw outbox message (as stores written before outbox_due held them).
func (db *DB) InsertOutboxDoc(ctx context.Context, doc any) error {
	_, err := db.c(colOutbox).InsertOne(ctx, doc)
	return err
}

// OutboxDueIDs lists the messages with a due entry.
func (db *DB) OutboxDueIDs(ctx context.Context) ([]string, error) {
	cur, err := db.c(colOutboxDue).Find(ctx, map[string]any{})
	if err != nil {
		return nil, err
	}
	var docs []outboxDueDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, err
	}
	ids := make([]string, len(docs))
	for k, d := range docs {
		ids[k] = d.ID
	}
	return ids, nil
}

// AgeDueEntries makes every due entry older than the grace in which a writer may be between
// its two writes.
func (db *DB) AgeDueEntries(ctx context.Context) error {
	_, err := db.c(colOutboxDue).UpdateMany(ctx, map[string]any{}, map[string]any{"$set": map[string]any{"setAt": time.Time{}}})
	return err
}

// SetDue writes a due entry as a crash between its writes would leave it.
func (db *DB) SetDue(ctx context.Context, id string, next time.Time) error {
	return db.setDue(ctx, id, next)
}
