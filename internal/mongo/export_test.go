package mongo

import "context"

// Test hooks for the external test package (mongotest imports this package, so tests that
// need a database live in package mongo_test).

func (db *DB) ClaimRevision(ctx context.Context, ideaID string, rev int64) (bool, error) {
	return db.claimRevision(ctx, ideaID, rev)
}

const ClaimStaleAfter = claimStaleAfter
