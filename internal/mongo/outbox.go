package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type mailDoc struct {
	To      string `bson:"to"`
	Subject string `bson:"subject"`
	Text    string `bson:"text"`
	HTML    string `bson:"html,omitempty"`
}

type outboxDoc struct {
	ID          string    `bson:"_id"`
	TenantID    string    `bson:"tenantId"`
	Mail        mailDoc   `bson:"mail"`
	State       string    `bson:"state"`
	Attempts    int       `bson:"attempts"`
	NextAttempt time.Time `bson:"nextAttempt"`
	LastError   string    `bson:"lastError,omitempty"`
	CreatedAt   time.Time `bson:"createdAt"`
	SentAt      time.Time `bson:"sentAt,omitempty"`
}

var _ domain.OutboxStore = (*DB)(nil)

// Enqueue implements domain.OutboxStore.
func (db *DB) Enqueue(ctx context.Context, m domain.Mail) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	now := db.now()
	_, err = db.c(colOutbox).InsertOne(ctx, outboxDoc{
		ID: db.NewID(), TenantID: tid, Mail: mailDoc(m), State: string(domain.OutboxPending),
		NextAttempt: now, CreatedAt: now,
	})
	return mapErr(err, "outbox message")
}

// DueMessages implements domain.OutboxStore.
func (db *DB) DueMessages(ctx context.Context, now time.Time, limit int) ([]*domain.OutboxMessage, error) {
	cur, err := db.c(colOutbox).Find(ctx,
		bson.D{{Key: "state", Value: string(domain.OutboxPending)}, {Key: "nextAttempt", Value: bson.D{{Key: "$lte", Value: now}}}},
		options.Find().SetSort(bson.D{{Key: "nextAttempt", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, mapErr(err, "outbox")
	}
	var docs []outboxDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "outbox")
	}
	out := make([]*domain.OutboxMessage, len(docs))
	for i, d := range docs {
		out[i] = &domain.OutboxMessage{
			ID: d.ID, TenantID: d.TenantID, Mail: domain.Mail(d.Mail), State: domain.OutboxState(d.State),
			Attempts: d.Attempts, NextAttempt: d.NextAttempt, LastError: d.LastError, CreatedAt: d.CreatedAt,
		}
	}
	return out, nil
}

// MarkSent implements domain.OutboxStore.
func (db *DB) MarkSent(ctx context.Context, id string, now time.Time) error {
	_, err := db.c(colOutbox).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "state", Value: string(domain.OutboxSent)}, {Key: "sentAt", Value: now}}},
			{Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}}})
	return mapErr(err, "outbox message")
}

// MarkRetry implements domain.OutboxStore.
func (db *DB) MarkRetry(ctx context.Context, id string, attempts int, next time.Time, lastErr string, failed bool) error {
	state := domain.OutboxPending
	if failed {
		state = domain.OutboxFailed
	}
	_, err := db.c(colOutbox).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{
			{Key: "state", Value: string(state)}, {Key: "attempts", Value: attempts},
			{Key: "nextAttempt", Value: next}, {Key: "lastError", Value: lastErr},
		}}})
	return mapErr(err, "outbox message")
}
