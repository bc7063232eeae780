package mongo

import (
	"context"
	"encoding/base64"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// The moderation queue: one small document per reported comment that awaits the cdo's
// decision, in one collection for all ideas. Reports themselves live in the partition of
// their idea (commentreports), where only the comment's page looks them up; the queue is
// what lets the cdo find them without scanning every partition. A report adds to the
// comment's entry; hiding or deleting the comment, or dismissing its reports, removes it.
const colModeration = "moderation"

var _ = registerIndexes(colModeration,
	mongo.IndexModel{Keys: bson.D{{Key: "tenantId", Value: 1}, {Key: "lastAt", Value: -1}, {Key: "_id", Value: -1}}},
)

type moderationReasonDoc struct {
	Reason string    `bson:"reason"`
	At     time.Time `bson:"at"`
}

type moderationDoc struct {
	ID       string                `bson:"_id"` // the comment's ID
	TenantID string                `bson:"tenantId"`
	IdeaID   string                `bson:"ideaId"`
	Reports  int                   `bson:"reports"`
	LastAt   time.Time             `bson:"lastAt"`
	Reasons  []moderationReasonDoc `bson:"reasons"`
}

func (d *moderationDoc) toDomain() *domain.ReportedComment {
	r := &domain.ReportedComment{CommentID: d.ID, IdeaID: d.IdeaID, Reports: d.Reports, LastAt: d.LastAt}
	for n, x := range d.Reasons {
		if n == 0 {
			r.FirstAt = x.At
		}
		r.Reasons = append(r.Reasons, x.Reason)
	}
	if r.FirstAt.IsZero() {
		r.FirstAt = d.LastAt
	}
	return r
}

// queueReport adds a report to its comment's entry in the queue (creating it).
func (db *DB) queueReport(ctx context.Context, tid string, r *domain.CommentReport) error {
	at := r.CreatedAt.UTC()
	_, err := db.c(colModeration).UpdateOne(ctx, bson.D{{Key: "_id", Value: r.CommentID}}, bson.D{
		{Key: "$set", Value: bson.D{{Key: "tenantId", Value: tid}, {Key: "ideaId", Value: r.IdeaID}, {Key: "lastAt", Value: at}}},
		{Key: "$inc", Value: bson.D{{Key: "reports", Value: 1}}},
		{Key: "$push", Value: bson.D{{Key: "reasons", Value: moderationReasonDoc{Reason: r.Reason, At: at}}}},
	}, options.UpdateOne().SetUpsert(true))
	return mapErr(err, "moderation queue")
}

// unqueue removes a comment's entry from the queue (nothing if there is none).
func (db *DB) unqueue(ctx context.Context, commentID string) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	_, err = db.c(colModeration).DeleteOne(ctx, bson.D{{Key: "_id", Value: commentID}, {Key: "tenantId", Value: tid}})
	return mapErr(err, "moderation queue")
}

// FindReportedComments implements domain.CommentStore: the queue, most recently reported
// first, keyset-paged by (lastAt, _id).
func (db *DB) FindReportedComments(ctx context.Context, limit int, cursor string) ([]*domain.ReportedComment, string, int, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, "", 0, err
	}
	filter := bson.D{{Key: "tenantId", Value: tid}}
	total, err := db.c(colModeration).CountDocuments(ctx, filter)
	if err != nil {
		return nil, "", 0, mapErr(err, "moderation queue")
	}
	if cursor != "" {
		at, id, err := decodeModerationCursor(cursor)
		if err != nil {
			return nil, "", 0, err
		}
		filter = append(filter, bson.E{Key: "$or", Value: bson.A{
			bson.D{{Key: "lastAt", Value: bson.D{{Key: "$lt", Value: at}}}},
			bson.D{{Key: "lastAt", Value: at}, {Key: "_id", Value: bson.D{{Key: "$lt", Value: id}}}},
		}})
	}
	cur, err := db.c(colModeration).Find(ctx, filter,
		options.Find().SetSort(bson.D{{Key: "lastAt", Value: -1}, {Key: "_id", Value: -1}}).SetLimit(int64(limit+1)))
	if err != nil {
		return nil, "", 0, mapErr(err, "moderation queue")
	}
	var docs []moderationDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, "", 0, mapErr(err, "moderation queue")
	}
	next := ""
	if len(docs) > limit {
		docs = docs[:limit]
		last := docs[limit-1]
		next = encodeModerationCursor(last.LastAt, last.ID)
	}
	out := make([]*domain.ReportedComment, len(docs))
	for i := range docs {
		out[i] = docs[i].toDomain()
	}
	return out, next, int(total), nil
}

// DismissReports implements domain.CommentStore: the comment stays as it is, its entry
// leaves the queue and, unless it was hidden or deleted, its ReportCount starts again from zero. (Who reported it stays
// recorded, so the same people cannot report it again.)
func (db *DB) DismissReports(ctx context.Context, commentID string) error {
	c, err := db.FindCommentByID(ctx, commentID)
	if err != nil {
		return err
	}
	if err := db.unqueue(ctx, c.ID); err != nil {
		return err
	}
	// A comment hidden or deleted meanwhile was settled otherwise: it keeps its count.
	if c.ReportCount == 0 || c.Deleted || c.Hidden != nil {
		return nil
	}
	unlock := lockEngagement(famComments + ":" + c.ID)
	defer unlock()
	col, _ := db.byPartitionedID(famComments, c.ID)
	_, err = col.UpdateOne(ctx, bson.D{{Key: "_id", Value: c.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "reportCount", Value: 0}}}})
	return mapErr(err, "comment")
}

func encodeModerationCursor(at time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("m:" + at.UTC().Format(time.RFC3339Nano) + "|" + id))
}

func decodeModerationCursor(s string) (time.Time, string, error) {
	bad := domain.Invalid("cursor", "cursor is not valid; start again without it")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !strings.HasPrefix(string(b), "m:") {
		return time.Time{}, "", bad
	}
	ts, id, ok := strings.Cut(string(b[2:]), "|")
	if !ok {
		return time.Time{}, "", bad
	}
	at, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return time.Time{}, "", bad
	}
	if _, ok := partitionOfID(id); !ok {
		return time.Time{}, "", bad
	}
	return at, id, nil
}
