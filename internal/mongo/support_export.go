package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

var _ domain.UserEngagementExporter = (*DB)(nil)

// UserEngagement implements domain.UserEngagementExporter.
func (db *DB) UserEngagement(ctx context.Context, userID string) (*domain.UserEngagement, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	out := &domain.UserEngagement{SupportedIdeaIDs: []string{}, FollowedIdeaIDs: []string{},
		Comments: []*domain.Comment{}, Reports: []*domain.CommentReport{}}
	byUser := func(field string) bson.D {
		return bson.D{{Key: field, Value: userID}, {Key: "tenantId", Value: tid}}
	}
	oldest := options.Find().SetSort(bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}})
	for p := range Partitions {
		for fam, dst := range map[string]*[]string{famSupports: &out.SupportedIdeaIDs, famFollows: &out.FollowedIdeaIDs} {
			var facts []factDoc
			if err := db.engagementFindAll(ctx, PartitionName(fam, p), byUser("userId"), oldest, &facts); err != nil {
				return nil, err
			}
			for _, f := range facts {
				*dst = append(*dst, f.IdeaID)
			}
		}
		var comments []commentDoc
		if err := db.engagementFindAll(ctx, PartitionName(famComments, p), byUser("authorId"), oldest, &comments); err != nil {
			return nil, err
		}
		for k := range comments {
			out.Comments = append(out.Comments, comments[k].toDomain())
		}
		var reports []commentReportDoc
		if err := db.engagementFindAll(ctx, PartitionName(famCommentReports, p), byUser("reporterId"), oldest, &reports); err != nil {
			return nil, err
		}
		for _, r := range reports {
			out.Reports = append(out.Reports, &domain.CommentReport{CommentID: r.CommentID, IdeaID: r.IdeaID,
				ReporterID: r.ReporterID, Reason: r.Reason, CreatedAt: r.CreatedAt})
		}
	}
	return out, nil
}

func (db *DB) engagementFindAll(ctx context.Context, coll string, filter bson.D, opts *options.FindOptionsBuilder, out any) error {
	cur, err := db.c(coll).Find(ctx, filter, opts)
	if err != nil {
		return mapErr(err, coll)
	}
	return mapErr(cur.All(ctx, out), coll)
}
