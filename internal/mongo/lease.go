package mongo

import (
	"context"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Leases must hold across instances on the embedded store, whose updates are not atomic
// (FerretDB v1 on SQLite reads, changes in Go and writes back, so two conditional updates can
// both "succeed"). The one atomic primitive it has is the insert of a unique _id, so every
// change of owner goes through one: the lease document {_id: name, owner, until, epoch}
// is taken over only by the instance that inserts the claim {_id: "name#<epoch+1>"}. The
// owner renews its own unexpired lease in place. Claims accumulate only when leases change
// hands (instance start, stop or crash), so they stay few.
type leaseDoc struct {
	ID    string    `bson:"_id"`
	Owner string    `bson:"owner"`
	Until time.Time `bson:"until"`
	Epoch int64     `bson:"epoch"`
}

var _ domain.LeaseStore = (*DB)(nil)

// AcquireLease implements domain.LeaseStore.
func (db *DB) AcquireLease(ctx context.Context, name, owner string, now time.Time, ttl time.Duration) (bool, error) {
	c := db.c(colLeases)
	var cur leaseDoc
	err := c.FindOne(ctx, bson.D{{Key: "_id", Value: name}}).Decode(&cur)
	if e := mapErr(err, "lease"); domain.ErrorCode(e) == domain.ENOTFOUND {
		_, err := c.InsertOne(ctx, leaseDoc{ID: name, Owner: owner, Until: now.Add(ttl)})
		if err == nil {
			return true, nil
		}
		if domain.ErrorCode(mapErr(err, "lease")) == domain.ECONFLICT {
			return false, nil
		}
		return false, mapErr(err, "lease")
	} else if err != nil {
		return false, e
	}
	switch {
	case cur.Owner == owner && now.Before(cur.Until):
		_, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: name}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "until", Value: now.Add(ttl)}}}})
		return err == nil, mapErr(err, "lease")
	case now.Before(cur.Until):
		return false, nil
	}
	// Expired: whoever inserts the claim for the next epoch takes the lease over.
	next := cur.Epoch + 1
	if _, err := c.InsertOne(ctx, bson.D{{Key: "_id", Value: name + "#" + strconv.FormatInt(next, 10)}, {Key: "owner", Value: owner}, {Key: "at", Value: now}}); err != nil {
		if domain.ErrorCode(mapErr(err, "lease")) == domain.ECONFLICT {
			return false, nil
		}
		return false, mapErr(err, "lease")
	}
	_, err = c.UpdateOne(ctx, bson.D{{Key: "_id", Value: name}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "owner", Value: owner}, {Key: "until", Value: now.Add(ttl)}, {Key: "epoch", Value: next}}}})
	return err == nil, mapErr(err, "lease")
}

// ReleaseLease implements domain.LeaseStore: the owner lets its lease expire now.
func (db *DB) ReleaseLease(ctx context.Context, name, owner string) error {
	var cur leaseDoc
	if err := db.c(colLeases).FindOne(ctx, bson.D{{Key: "_id", Value: name}}).Decode(&cur); err != nil {
		return nil
	}
	if cur.Owner != owner {
		return nil
	}
	_, err := db.c(colLeases).UpdateOne(ctx, bson.D{{Key: "_id", Value: name}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "until", Value: time.Time{}}}}})
	return mapErr(err, "lease")
}
