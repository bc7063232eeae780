package mongo

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// The audit log is append-only: inserts cost the same at any size, and nothing is ever
// updated, so one collection suffices. Lists page with a keyset cursor (time, _id) because
// new entries arrive at the top while someone pages.
const colAudit = "audit"

var _ = registerIndexes(colAudit,
	mongo.IndexModel{Keys: bson.D{{Key: "tenantId", Value: 1}, {Key: "at", Value: -1}, {Key: "_id", Value: -1}}},
	mongo.IndexModel{Keys: bson.D{{Key: "tenantId", Value: 1}, {Key: "targetId", Value: 1}, {Key: "at", Value: -1}}},
)

// registerIndexes adds indexes for EnsureIndexes; it returns nothing useful and exists to be
// called from a package-level declaration next to the queries the indexes serve.
func registerIndexes(collection string, models ...mongo.IndexModel) struct{} {
	extraIndexes = append(extraIndexes, struct {
		collection string
		models     []mongo.IndexModel
	}{collection, models})
	return struct{}{}
}

type auditDoc struct {
	ID         string            `bson:"_id"`
	TenantID   string            `bson:"tenantId"`
	ActorID    string            `bson:"actorId"`
	Action     string            `bson:"action"`
	TargetType string            `bson:"targetType"`
	TargetID   string            `bson:"targetId"`
	At         time.Time         `bson:"at"`
	RequestID  string            `bson:"requestId,omitempty"`
	Details    map[string]string `bson:"details,omitempty"`
}

var _ domain.AuditStore = (*DB)(nil)

// RecordAudit implements domain.AuditRecorder.
func (db *DB) RecordAudit(ctx context.Context, e *domain.AuditEntry) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	if e.ID == "" {
		e.ID = db.NewID()
	}
	e.TenantID = tid
	if e.At.IsZero() {
		e.At = db.now()
	}
	err = db.auditInserts.insert(ctx, db.c(colAudit), auditDoc{ID: e.ID, TenantID: tid, ActorID: e.ActorID, Action: e.Action,
		TargetType: e.TargetType, TargetID: e.TargetID, At: e.At, RequestID: e.RequestID, Details: e.Details})
	return mapErr(err, "audit entry")
}

type auditCursor struct {
	At time.Time `json:"t"`
	ID string    `json:"i"`
}

// FindAuditEntries implements domain.AuditStore.
func (db *DB) FindAuditEntries(ctx context.Context, f domain.AuditFilter) ([]*domain.AuditEntry, string, int, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, "", 0, err
	}
	filter := bson.D{{Key: "tenantId", Value: tid}}
	if f.ActorID != "" {
		filter = append(filter, bson.E{Key: "actorId", Value: f.ActorID})
	}
	if f.Action != "" {
		filter = append(filter, bson.E{Key: "action", Value: f.Action})
	}
	if f.TargetID != "" {
		filter = append(filter, bson.E{Key: "targetId", Value: f.TargetID})
	}
	period := bson.D{}
	if !f.From.IsZero() {
		period = append(period, bson.E{Key: "$gte", Value: f.From})
	}
	if !f.To.IsZero() {
		period = append(period, bson.E{Key: "$lt", Value: f.To})
	}
	if len(period) > 0 {
		filter = append(filter, bson.E{Key: "at", Value: period})
	}
	total, err := db.c(colAudit).CountDocuments(ctx, filter)
	if err != nil {
		return nil, "", 0, mapErr(err, "audit")
	}
	if f.Cursor != "" {
		var c auditCursor
		b, err := base64.RawURLEncoding.DecodeString(f.Cursor)
		if err != nil || json.Unmarshal(b, &c) != nil || c.ID == "" {
			return nil, "", 0, domain.Invalid("cursor", "cursor is not valid; start again without it")
		}
		filter = append(filter, bson.E{Key: "$or", Value: bson.A{
			bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: c.At}}}},
			bson.D{{Key: "at", Value: c.At}, {Key: "_id", Value: bson.D{{Key: "$lt", Value: c.ID}}}},
		}})
	}
	limit := f.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	cur, err := db.c(colAudit).Find(ctx, filter, options.Find().
		SetSort(bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}).SetLimit(int64(limit+1)))
	if err != nil {
		return nil, "", 0, mapErr(err, "audit")
	}
	var docs []auditDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, "", 0, mapErr(err, "audit")
	}
	next := ""
	if len(docs) > limit {
		docs = docs[:limit]
		last := docs[limit-1]
		b, _ := json.Marshal(auditCursor{At: last.At, ID: last.ID})
		next = base64.RawURLEncoding.EncodeToString(b)
	}
	out := make([]*domain.AuditEntry, len(docs))
	for i, d := range docs {
		out[i] = &domain.AuditEntry{ID: d.ID, TenantID: d.TenantID, ActorID: d.ActorID, Action: d.Action, TargetType: d.TargetType,
			TargetID: d.TargetID, At: d.At, RequestID: d.RequestID, Details: d.Details}
	}
	return out, next, int(total), nil
}
