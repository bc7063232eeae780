package mongo

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Comments live in the partition of their idea ("comments_1f"). Routes like
// PATCH /comments/{id} know only the comment's ID, so the ID carries the partition:
// "<pp>-<uuidv7>" (pp = two hex digits). Within a partition the IDs of one idea sort by
// creation time, which gives the oldest-first keyset pagination for free.
const (
	famComments       = "comments"
	famCommentReports = "commentreports"
)

type commentHiddenDoc struct {
	ByID   string    `bson:"byId"`
	At     time.Time `bson:"at"`
	Reason string    `bson:"reason"`
}

type commentDoc struct {
	ID          string            `bson:"_id"`
	TenantID    string            `bson:"tenantId"`
	IdeaID      string            `bson:"ideaId"`
	AuthorID    string            `bson:"authorId"`
	Body        string            `bson:"body"`
	Edited      bool              `bson:"edited"`
	Deleted     bool              `bson:"deleted"`
	Hidden      *commentHiddenDoc `bson:"hidden,omitempty"`
	ReportCount int               `bson:"reportCount"`
	Version     int64             `bson:"version"`
	CreatedAt   time.Time         `bson:"createdAt"`
	UpdatedAt   time.Time         `bson:"updatedAt"`
	DeletedAt   time.Time         `bson:"deletedAt,omitempty"`
}

func (d *commentDoc) tenant() string { return d.TenantID }

func (d *commentDoc) toDomain() *domain.Comment {
	c := &domain.Comment{
		ID: d.ID, TenantID: d.TenantID, IdeaID: d.IdeaID, AuthorID: d.AuthorID, Body: d.Body,
		Edited: d.Edited, Deleted: d.Deleted, ReportCount: d.ReportCount, Version: d.Version,
		CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, DeletedAt: d.DeletedAt,
	}
	if d.Hidden != nil {
		c.Hidden = &domain.CommentHidden{ByID: d.Hidden.ByID, At: d.Hidden.At, Reason: d.Hidden.Reason}
	}
	return c
}

type commentReportDoc struct {
	ID         string    `bson:"_id"` // "<commentId>:<userId>"
	TenantID   string    `bson:"tenantId"`
	IdeaID     string    `bson:"ideaId"`
	CommentID  string    `bson:"commentId"`
	ReporterID string    `bson:"reporterId"`
	Reason     string    `bson:"reason"`
	CreatedAt  time.Time `bson:"createdAt"`
}

var _ domain.CommentStore = (*DB)(nil)

// partitionedID returns a new ID that names the partition of ideaID.
func (db *DB) partitionedID(ideaID string) string {
	return fmt.Sprintf("%02x-%s", PartitionOf(ideaID), db.NewID())
}

// partitionOfID reads the partition from an ID made by partitionedID.
func partitionOfID(id string) (int, bool) {
	if len(id) < 4 || len(id) > 64 || id[2] != '-' {
		return 0, false
	}
	p, err := strconv.ParseUint(id[:2], 16, 8)
	if err != nil || p >= Partitions || strings.ToLower(id[:2]) != id[:2] {
		return 0, false
	}
	return int(p), true
}

// byPartitionedID returns the collection of family fam that holds the document id.
func (db *DB) byPartitionedID(fam, id string) (*mongo.Collection, bool) {
	p, ok := partitionOfID(id)
	if !ok {
		return nil, false
	}
	return db.c(PartitionName(fam, p)), true
}

// CreateComment implements domain.CommentStore.
func (db *DB) CreateComment(ctx context.Context, c *domain.Comment) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	if err := db.checkIdea(ctx, c.IdeaID); err != nil {
		return err
	}
	now := db.now()
	c.ID, c.TenantID, c.Version, c.CreatedAt, c.UpdatedAt = db.partitionedID(c.IdeaID), tid, 1, now, now
	d := &commentDoc{ID: c.ID, TenantID: tid, IdeaID: c.IdeaID, AuthorID: c.AuthorID, Body: c.Body,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	col := db.part(famComments, c.IdeaID)
	defer writePair(c.IdeaID)()
	if _, err := col.InsertOne(ctx, d); err != nil {
		return mapErr(err, "comment")
	}
	if err := db.incCounters(ctx, c.IdeaID, domain.CounterDelta{Comments: 1}, nil); err != nil {
		undo(ctx, func(ctx context.Context) { _, _ = col.DeleteOne(ctx, bson.D{{Key: "_id", Value: c.ID}}) })
		return fmt.Errorf("count comments: %w", err)
	}
	return nil
}

// FindCommentByID implements domain.CommentStore.
func (db *DB) FindCommentByID(ctx context.Context, id string) (*domain.Comment, error) {
	col, ok := db.byPartitionedID(famComments, id)
	if !ok {
		return nil, domain.Errorf(domain.ENOTFOUND, "comment not found")
	}
	var d commentDoc
	if err := findOwned(ctx, col, id, "comment", &d); err != nil {
		return nil, err
	}
	return d.toDomain(), nil
}

func encodeCommentCursor(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("c:" + id))
}

func decodeCommentCursor(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 3 || string(b[:2]) != "c:" {
		return "", domain.Invalid("cursor", "cursor is not valid; start again without it")
	}
	id := string(b[2:])
	if _, ok := partitionOfID(id); !ok {
		return "", domain.Invalid("cursor", "cursor is not valid; start again without it")
	}
	return id, nil
}

// FindComments implements domain.CommentStore. It scans the idea's partition (1/64 of all
// comments) with a keyset on _id, so comments added while a client pages are neither
// skipped nor repeated.
func (db *DB) FindComments(ctx context.Context, ideaID string, limit int, cursor string) ([]*domain.Comment, string, int, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, "", 0, err
	}
	after, err := decodeCommentCursor(cursor)
	if err != nil {
		return nil, "", 0, err
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	col := db.part(famComments, ideaID)
	filter := bson.D{{Key: "ideaId", Value: ideaID}, {Key: "tenantId", Value: tid}}
	total, err := col.CountDocuments(ctx, filter)
	if err != nil {
		return nil, "", 0, mapErr(err, "comments")
	}
	if after != "" {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$gt", Value: after}}})
	}
	cur, err := col.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(int64(limit+1)))
	if err != nil {
		return nil, "", 0, mapErr(err, "comments")
	}
	var docs []commentDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, "", 0, mapErr(err, "comments")
	}
	next := ""
	if len(docs) > limit {
		docs = docs[:limit]
		next = encodeCommentCursor(docs[limit-1].ID)
	}
	out := make([]*domain.Comment, len(docs))
	for i := range docs {
		out[i] = docs[i].toDomain()
	}
	return out, next, int(total), nil
}

// changeComment applies update to a comment that matches cond (plus its ID), bumps its
// version and returns the new state. When nothing matched, explain tells why.
func (db *DB) changeComment(ctx context.Context, id string, cond bson.D, set bson.D,
	explain func(*domain.Comment) error) (*domain.Comment, error) {
	old, err := db.FindCommentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	unlock := lockEngagement(famComments + ":" + id)
	defer unlock()
	col, _ := db.byPartitionedID(famComments, id)
	filter := append(bson.D{{Key: "_id", Value: id}}, cond...)
	set = append(set, bson.E{Key: "updatedAt", Value: db.now()})
	var d commentDoc
	err = col.FindOneAndUpdate(ctx, filter,
		bson.D{{Key: "$set", Value: set}, {Key: "$inc", Value: bson.D{{Key: "version", Value: 1}}}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		if cur, ferr := db.FindCommentByID(ctx, id); ferr == nil {
			old = cur
		}
		return nil, explain(old)
	}
	if err != nil {
		return nil, mapErr(err, "comment")
	}
	return d.toDomain(), nil
}

// EditComment implements domain.CommentStore.
func (db *DB) EditComment(ctx context.Context, id, body string, version int64) (*domain.Comment, error) {
	return db.changeComment(ctx, id,
		bson.D{{Key: "version", Value: version}, {Key: "deleted", Value: false}, {Key: "hidden", Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: "body", Value: body}, {Key: "edited", Value: true}},
		func(c *domain.Comment) error {
			switch {
			case c.Deleted:
				return domain.Conflict(domain.RCommentDeleted, "the comment has been deleted")
			case c.Hidden != nil:
				return domain.Conflict(domain.RCommentHidden, "a hidden comment cannot be edited")
			}
			return domain.Errorf(domain.EPRECONDITIONFAILED, "the comment was changed in the meantime; reload and try again")
		})
}

// DeleteComment implements domain.CommentStore.
func (db *DB) DeleteComment(ctx context.Context, id string) (*domain.Comment, error) {
	c, err := db.changeComment(ctx, id, bson.D{{Key: "deleted", Value: false}},
		bson.D{{Key: "deleted", Value: true}, {Key: "body", Value: ""}, {Key: "deletedAt", Value: db.now()}},
		func(c *domain.Comment) error { return errAlreadyDeleted })
	if err == errAlreadyDeleted {
		return db.FindCommentByID(ctx, id)
	}
	if err != nil {
		return nil, err
	}
	if err := db.incCounters(ctx, c.IdeaID, domain.CounterDelta{Comments: -1}, nil); err != nil {
		return nil, fmt.Errorf("count comments: %w", err)
	}
	// Nothing is left to moderate. (Should this fail, the queue drops the entry when listed.)
	_ = db.unqueue(ctx, c.ID)
	return c, nil
}

var errAlreadyDeleted = domain.Conflict(domain.RCommentDeleted, "the comment has been deleted")

// HideComment implements domain.CommentStore.
func (db *DB) HideComment(ctx context.Context, id string, h domain.CommentHidden) (*domain.Comment, error) {
	c, err := db.changeComment(ctx, id,
		bson.D{{Key: "deleted", Value: false}, {Key: "hidden", Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: "hidden", Value: commentHiddenDoc{ByID: h.ByID, At: h.At.UTC().Truncate(time.Millisecond), Reason: h.Reason}}},
		func(c *domain.Comment) error {
			if c.Deleted {
				return domain.Conflict(domain.RCommentDeleted, "the comment has been deleted")
			}
			return domain.Conflict(domain.RCommentAlreadyHidden, "the comment is already hidden")
		})
	if err == nil {
		// Moderated: out of the queue. (Should this fail, the queue drops the entry when listed.)
		_ = db.unqueue(ctx, c.ID)
	}
	return c, err
}

// ReportedBy implements domain.CommentStore: one lookup by _id per comment.
func (db *DB) ReportedBy(ctx context.Context, ideaID, userID string, commentIDs []string) (map[string]bool, error) {
	out := make(map[string]bool, len(commentIDs))
	col := db.part(famCommentReports, ideaID)
	for _, id := range commentIDs {
		err := col.FindOne(ctx, bson.D{{Key: "_id", Value: id + ":" + userID}}).Err()
		switch {
		case err == nil:
			out[id] = true
		case err != mongo.ErrNoDocuments:
			return nil, mapErr(err, "report")
		}
	}
	return out, nil
}

// ReportComment implements domain.CommentStore.
func (db *DB) ReportComment(ctx context.Context, r *domain.CommentReport) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	c, err := db.FindCommentByID(ctx, r.CommentID)
	if err != nil {
		return err
	}
	r.IdeaID, r.CreatedAt = c.IdeaID, db.now()
	_, err = db.part(famCommentReports, c.IdeaID).InsertOne(ctx, commentReportDoc{
		ID: r.CommentID + ":" + r.ReporterID, TenantID: tid, IdeaID: c.IdeaID, CommentID: r.CommentID,
		ReporterID: r.ReporterID, Reason: r.Reason, CreatedAt: r.CreatedAt,
	})
	if mongo.IsDuplicateKeyError(err) {
		return domain.Conflict(domain.RCommentAlreadyReported, "you have already reported this comment")
	}
	if err != nil {
		return mapErr(err, "report")
	}
	col, _ := db.byPartitionedID(famComments, r.CommentID)
	unlock := lockEngagement(famComments + ":" + r.CommentID)
	defer unlock()
	undo(ctx, func(ctx context.Context) {
		_, err = col.UpdateOne(ctx, bson.D{{Key: "_id", Value: r.CommentID}},
			bson.D{{Key: "$inc", Value: bson.D{{Key: "reportCount", Value: 1}}}})
		if err == nil {
			err = db.queueReport(ctx, tid, r)
		}
	})
	return mapErr(err, "comment")
}
