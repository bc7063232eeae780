package mongo

import (
	"context"
	"errors"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

var _ domain.EngagementPurger = (*DB)(nil)

// PurgeIdeaEngagement implements domain.EngagementPurger. Every delete is filtered by the
// context's tenant, so no caller can remove another tenant's records.
func (db *DB) PurgeIdeaEngagement(ctx context.Context, ideaID string) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	if ideaID == "" {
		return nil
	}
	if _, err := db.FindIdeaByID(ctx, ideaID); err == nil {
		return domain.Errorf(domain.ECONFLICT, "the idea still exists; delete it first")
	} else if domain.ErrorCode(err) != domain.ENOTFOUND {
		return err
	}
	ctx = context.WithoutCancel(ctx)
	own := bson.D{{Key: "ideaId", Value: ideaID}, {Key: "tenantId", Value: tid}}

	attachments, err := db.FindAttachments(ctx, ideaID)
	if err != nil {
		return err
	}
	for _, a := range attachments {
		b, _ := db.bucket(a.ID)
		if err := b.Delete(ctx, a.ID); err != nil && !errors.Is(err, mongo.ErrFileNotFound) {
			return mapErr(err, "attachment content")
		}
	}
	followers, err := db.factUserIDs(ctx, famFollows, ideaID)
	if err != nil {
		return err
	}
	for _, uid := range followers {
		if err := db.updateFollowList(ctx, uid, ideaID, false); err != nil {
			return err
		}
	}
	if db.followers != nil {
		defer db.followers.forget(followerKey(tid, ideaID))
	}
	for _, fam := range []string{famAttachments, famComments, famCommentReports, famSupports, famFollows} {
		if _, err := db.part(fam, ideaID).DeleteMany(ctx, own); err != nil {
			return mapErr(err, fam)
		}
	}
	keys := bson.A{}
	for n := range domain.AttachmentsPerIdea {
		keys = append(keys, ideaID+":"+strconv.Itoa(n))
	}
	slots := bson.D{{Key: "tenantId", Value: tid}, {Key: "_id", Value: bson.D{{Key: "$in", Value: keys}}}}
	if _, err := db.part(famAttachmentSlots, ideaID).DeleteMany(ctx, slots); err != nil {
		return mapErr(err, "attachment slots")
	}
	return nil
}
