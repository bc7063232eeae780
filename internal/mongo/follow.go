package mongo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// famFollowLists holds one document per user, {_id: "<tenant>:<userId>", ideaIds: [...]},
// partitioned by that key: the "followed" filter of the idea list reads it with one _id
// lookup instead of scanning the follows of every idea. The follows family stays the source
// of truth (uniqueness, followers of an idea); the list is updated right after it, with
// idempotent $addToSet / $pull, and rebuilt by doctor after a crash between the two.
const famFollowLists = "followlists"

type followListDoc struct {
	ID        string    `bson:"_id"`
	TenantID  string    `bson:"tenantId"`
	UserID    string    `bson:"userId"`
	IdeaIDs   []string  `bson:"ideaIds"`
	UpdatedAt time.Time `bson:"updatedAt"`
}

func (d *followListDoc) tenant() string { return d.TenantID }

func followListKey(tid, userID string) string { return tid + ":" + userID }

func (db *DB) followList(key string) *mongo.Collection { return db.part(famFollowLists, key) }

var _ domain.FollowStore = (*DB)(nil)

// followLocks serialise, within this process, a user's follow and unfollow of one idea
// (the fact and the list together), so an exclusive DB's memory of the follows it recorded
// and listed (listed) stays true. Nothing else takes them, so they come first in every lock order.
var followLocks stripes

func lockFollow(key string) func() { return followLocks.lock(key) }

// listedSize bounds an exclusive DB's memory of (user, idea) pairs whose follow it recorded
// and whose follow list holds the idea (~100 bytes each).
const listedSize = 1 << 14

// Follow implements domain.FollowStore.
func (db *DB) Follow(ctx context.Context, ideaID, userID string) (bool, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return false, err
	}
	pair := tid + ":" + userID + ":" + ideaID
	defer lockFollow(pair)()
	// An exclusive DB that listed the idea recorded the follow itself, and every way a
	// follow ends (unfollow, the idea's purge) forgets the pair first: following again
	// (commenting on an idea one follows) then costs no store operation at all.
	if db.listed != nil && db.listed.Contains(pair) {
		return false, nil
	}
	added, err := db.addFact(ctx, famFollows, ideaID, userID, domain.CounterDelta{Followers: 1})
	db.followersChanged(ctx, ideaID, userID, true, added, err)
	if err != nil {
		return false, err
	}
	// Also when the fact existed: a crash may have left the list behind.
	if err := db.updateFollowList(ctx, userID, ideaID, true); err != nil {
		return added, err
	}
	if db.listed != nil {
		db.listed.Add(pair, struct{}{})
	}
	return added, nil
}

// Unfollow implements domain.FollowStore.
func (db *DB) Unfollow(ctx context.Context, ideaID, userID string) (bool, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return false, err
	}
	pair := tid + ":" + userID + ":" + ideaID
	defer lockFollow(pair)()
	if db.listed != nil {
		db.listed.Remove(pair)
	}
	removed, err := db.removeFact(ctx, famFollows, ideaID, userID, domain.CounterDelta{Followers: 1})
	db.followersChanged(ctx, ideaID, userID, false, removed, err)
	if err != nil {
		return false, err
	}
	if err := db.updateFollowList(ctx, userID, ideaID, false); err != nil {
		return removed, err
	}
	return removed, nil
}

// updateFollowList adds or removes ideaID in the user's list. Removing from a list that
// does not hold the idea touches nothing (one lookup).
func (db *DB) updateFollowList(ctx context.Context, userID, ideaID string, add bool) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	ctx, stop := domain.Detach(ctx)
	defer stop()
	key := followListKey(tid, userID)
	c := db.followList(key)
	unlock := lockEngagement(famFollowLists + ":" + key)
	defer unlock()
	if !add {
		if db.listed != nil {
			db.listed.Remove(tid + ":" + userID + ":" + ideaID)
		}
		ids, err := db.FollowedIdeaIDs(ctx, userID)
		if err != nil || !slices.Contains(ids, ideaID) {
			return err
		}
		_, err = c.UpdateOne(ctx, bson.D{{Key: "_id", Value: key}},
			bson.D{{Key: "$pull", Value: bson.D{{Key: "ideaIds", Value: ideaID}}}, {Key: "$set", Value: bson.D{{Key: "updatedAt", Value: db.now()}}}})
		return mapErr(err, "follow list")
	}
	update := bson.D{
		{Key: "$addToSet", Value: bson.D{{Key: "ideaIds", Value: ideaID}}},
		{Key: "$set", Value: bson.D{{Key: "updatedAt", Value: db.now()}}},
		{Key: "$setOnInsert", Value: bson.D{{Key: "tenantId", Value: tid}, {Key: "userId", Value: userID}}},
	}
	for attempt := 0; ; attempt++ {
		_, err = c.UpdateOne(ctx, bson.D{{Key: "_id", Value: key}}, update, options.UpdateOne().SetUpsert(true))
		// Two first follows of one user racing: one upsert inserts, the other gets a
		// duplicate key and retries as an update.
		if mongo.IsDuplicateKeyError(err) && attempt < 3 {
			continue
		}
		if err != nil {
			return fmt.Errorf("update follow list: %w", mapErr(err, "follow list"))
		}
		return nil
	}
}

// IsFollowing implements domain.FollowStore.
func (db *DB) IsFollowing(ctx context.Context, ideaID, userID string) (bool, error) {
	return db.hasFact(ctx, famFollows, ideaID, userID)
}

// FollowedIdeaIDs implements domain.FollowStore: one _id lookup.
func (db *DB) FollowedIdeaIDs(ctx context.Context, userID string) ([]string, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	var d followListDoc
	err = findOwned(ctx, db.followList(followListKey(tid, userID)), followListKey(tid, userID), "follow list", &d)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return []string{}, nil
	}
	if err != nil {
		return nil, err
	}
	if d.IdeaIDs == nil {
		d.IdeaIDs = []string{}
	}
	return d.IdeaIDs, nil
}
