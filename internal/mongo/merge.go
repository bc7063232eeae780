package mongo

import (
	"context"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

var _ domain.EngagementMerger = (*DB)(nil)

// MoveEngagement implements domain.EngagementMerger on the support and follow stores: each
// supporter and follower of the merged idea is added to the target (a user who already
// supports or follows it is not counted twice) and then removed from the merged idea. Every
// step is idempotent, so a move cut short by a failure completes when repeated. The target's
// authors cannot support their own idea; their support stays on the merged one.
func (db *DB) MoveEngagement(ctx context.Context, fromID, toID string) error {
	target, err := db.FindIdeaByID(ctx, toID)
	if err != nil {
		return err
	}
	supporters, err := db.IdeaSupporterIDs(ctx, fromID)
	if err != nil {
		return err
	}
	for _, uid := range supporters {
		if target.IsAuthor(uid) {
			continue
		}
		if _, err := db.AddSupport(ctx, toID, uid); err != nil {
			return err
		}
		if _, err := db.RemoveSupport(ctx, fromID, uid); err != nil {
			return err
		}
	}
	followers, err := db.factUserIDs(ctx, famFollows, fromID)
	if err != nil {
		return err
	}
	for _, uid := range followers {
		if _, err := db.Follow(ctx, toID, uid); err != nil {
			return err
		}
		if _, err := db.Unfollow(ctx, fromID, uid); err != nil {
			return err
		}
	}
	return nil
}
