package mongo

import (
	"context"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

var _ domain.EngagementDoctor = (*DB)(nil)

// RepairEngagement implements domain.EngagementDoctor. It scans the idea's partitions.
func (db *DB) RepairEngagement(ctx context.Context, ideaID string) (domain.EngagementRepair, error) {
	var rep domain.EngagementRepair
	m := pairLock(ideaID)
	m.Lock()
	defer m.Unlock()
	i, err := db.FindIdeaByID(ctx, ideaID)
	if err != nil {
		return rep, err
	}
	supports, err := db.countFacts(ctx, famSupports, ideaID)
	if err != nil {
		return rep, err
	}
	followers, err := db.factUserIDs(ctx, famFollows, ideaID) // the store, not the cache
	if err != nil {
		return rep, err
	}
	comments, err := db.part(famComments, ideaID).CountDocuments(ctx,
		bson.D{{Key: "ideaId", Value: ideaID}, {Key: "tenantId", Value: i.TenantID}, {Key: "deleted", Value: false}})
	if err != nil {
		return rep, mapErr(err, "comments")
	}
	attachments, err := db.FindAttachments(ctx, ideaID)
	if err != nil {
		return rep, err
	}
	rep.Delta = domain.CounterDelta{
		Supports:    supports - i.SupportCount,
		Followers:   len(followers) - i.FollowerCount,
		Comments:    int(comments) - i.CommentCount,
		Attachments: len(attachments) - i.AttachmentCount,
	}
	if rep.Delta != (domain.CounterDelta{}) {
		if err := db.IncIdeaCounters(ctx, ideaID, rep.Delta); err != nil {
			return rep, err
		}
	}
	for _, uid := range followers {
		ids, err := db.FollowedIdeaIDs(ctx, uid)
		if err != nil {
			return rep, err
		}
		if !slices.Contains(ids, ideaID) {
			if err := db.updateFollowList(ctx, uid, ideaID, true); err != nil {
				return rep, err
			}
			rep.FollowListsFixed++
		}
	}
	return rep, nil
}

// RepairFollowList implements domain.EngagementDoctor: one lookup per listed idea.
func (db *DB) RepairFollowList(ctx context.Context, userID string) (int, error) {
	ids, err := db.FollowedIdeaIDs(ctx, userID)
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, id := range ids {
		ok, err := db.IsFollowing(ctx, id, userID)
		if err != nil {
			return removed, err
		}
		if !ok {
			if err := db.updateFollowList(ctx, userID, id, false); err != nil {
				return removed, err
			}
			removed++
		}
	}
	return removed, nil
}
