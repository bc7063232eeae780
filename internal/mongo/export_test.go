package mongo

import "context"

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
