package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

var _ domain.LeaseStore = (*DB)(nil)

// AcquireLease implements domain.LeaseStore. The lease document is taken over only when it
// is expired or already ours; the upsert of a missing lease races on _id, and the loser
// sees a duplicate-key error, which means "held by someone else".
func (db *DB) AcquireLease(ctx context.Context, name, owner string, now time.Time, ttl time.Duration) (bool, error) {
	filter := bson.D{{Key: "_id", Value: name}, {Key: "$or", Value: bson.A{
		bson.D{{Key: "until", Value: bson.D{{Key: "$lt", Value: now}}}},
		bson.D{{Key: "owner", Value: owner}},
	}}}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "owner", Value: owner}, {Key: "until", Value: now.Add(ttl)}}}}
	_, err := db.c(colLeases).UpdateOne(ctx, filter, update, options.UpdateOne().SetUpsert(true))
	if err != nil {
		if e := mapErr(err, "lease"); domain.ErrorCode(e) == domain.ECONFLICT {
			return false, nil
		}
		return false, mapErr(err, "lease")
	}
	return true, nil
}

// ReleaseLease implements domain.LeaseStore.
func (db *DB) ReleaseLease(ctx context.Context, name, owner string) error {
	_, err := db.c(colLeases).UpdateOne(ctx, bson.D{{Key: "_id", Value: name}, {Key: "owner", Value: owner}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "until", Value: time.Time{}}}}})
	return mapErr(err, "lease")
}
