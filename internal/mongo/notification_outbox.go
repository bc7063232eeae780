package mongo

import (
	"cmp"
	"context"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// The outbox keeps pending and failed messages and the last week of sent ones (PruneOutbox
// runs daily), so the admin overview stays short on the embedded store; the sender reads
// only the entries of pending messages (outbox_due, see outbox.go).

var _ domain.OutboxAdmin = (*DB)(nil)

func (d *outboxDoc) tenant() string { return d.TenantID }

// EnqueueOnce implements domain.OutboxAdmin.
func (db *DB) EnqueueOnce(ctx context.Context, id string, m domain.Mail) (bool, error) {
	return db.enqueue(ctx, id, m)
}

// FindOutboxOverview implements domain.OutboxAdmin. It reads the tenant's messages without
// their bodies.
func (db *DB) FindOutboxOverview(ctx context.Context, limit int) (*domain.OutboxOverview, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := db.c(colOutbox).Find(ctx, bson.D{{Key: "tenantId", Value: tid}},
		options.Find().SetProjection(bson.D{{Key: "mail.text", Value: 0}, {Key: "mail.html", Value: 0}, {Key: "webhook.body", Value: 0}}))
	if err != nil {
		return nil, mapErr(err, "outbox")
	}
	var docs []outboxDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "outbox")
	}
	ov := &domain.OutboxOverview{}
	for _, d := range docs {
		m := d.toDomain()
		switch m.State {
		case domain.OutboxPending:
			ov.Counts.Pending++
			if m.LastError != "" {
				ov.Retrying = append(ov.Retrying, m)
			}
		case domain.OutboxSent:
			ov.Counts.Sent++
		case domain.OutboxFailed:
			ov.Counts.Failed++
			ov.Failed = append(ov.Failed, m)
		}
	}
	// The next attempt of a retrying message moves with each failure: latest first is the
	// most recent error. Failed ones: newest first.
	slices.SortFunc(ov.Retrying, func(a, b *domain.OutboxMessage) int {
		return cmp.Or(b.NextAttempt.Compare(a.NextAttempt), cmp.Compare(a.ID, b.ID))
	})
	slices.SortFunc(ov.Failed, func(a, b *domain.OutboxMessage) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	ov.Retrying = ov.Retrying[:min(limit, len(ov.Retrying))]
	ov.Failed = ov.Failed[:min(limit, len(ov.Failed))]
	return ov, nil
}

// retrySet makes a message due now. CreatedAt restarts the maximum age: an admin who
// retries after an outage gives the message a new lease of life; the first creation time
// is kept in firstCreatedAt.
func retrySet(now time.Time) bson.D {
	return bson.D{{Key: "$set", Value: bson.D{
		{Key: "state", Value: string(domain.OutboxPending)}, {Key: "nextAttempt", Value: now},
		{Key: "createdAt", Value: now}, {Key: "attempts", Value: 0}, {Key: "retriedAt", Value: now},
	}}}
}

// RetryOutboxMessage implements domain.OutboxAdmin.
func (db *DB) RetryOutboxMessage(ctx context.Context, id string, now time.Time) error {
	var d outboxDoc
	if err := findOwned(ctx, db.c(colOutbox), id, "outbox message", &d); err != nil {
		return err
	}
	if d.State == string(domain.OutboxSent) {
		return domain.Conflict(domain.RMessageSent, "the message was sent already")
	}
	if _, err := db.c(colOutbox).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "firstCreatedAt", Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "firstCreatedAt", Value: d.CreatedAt}}}}); err != nil {
		return mapErr(err, "outbox message")
	}
	if err := db.setDue(ctx, id, now.UTC()); err != nil {
		return err
	}
	res, err := db.c(colOutbox).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "state", Value: bson.D{{Key: "$ne", Value: string(domain.OutboxSent)}}}}, retrySet(now.UTC()))
	if err != nil {
		return mapErr(err, "outbox message")
	}
	if res.MatchedCount == 0 {
		return domain.Conflict(domain.RMessageSent, "the message was sent already")
	}
	return nil
}

// RetryFailedOutbox implements domain.OutboxAdmin: messages that failed for good because
// they cannot be delivered (domain.IsUndeliverable) stay failed.
func (db *DB) RetryFailedOutbox(ctx context.Context, now time.Time) (int, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return 0, err
	}
	cur, err := db.c(colOutbox).Find(ctx, bson.D{{Key: "tenantId", Value: tid}, {Key: "state", Value: string(domain.OutboxFailed)}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "lastError", Value: 1}}))
	if err != nil {
		return 0, mapErr(err, "outbox")
	}
	var ids []struct {
		ID        string `bson:"_id"`
		LastError string `bson:"lastError"`
	}
	if err := cur.All(ctx, &ids); err != nil {
		return 0, mapErr(err, "outbox")
	}
	n := 0
	for _, x := range ids {
		// No retry delivers to a webhook that was deleted or switched off.
		if domain.IsUndeliverable(x.LastError) {
			continue
		}
		switch err := db.RetryOutboxMessage(ctx, x.ID, now); domain.ErrorCode(err) {
		case "":
			n++
		case domain.ECONFLICT, domain.ENOTFOUND:
		default:
			return n, err
		}
	}
	return n, nil
}

// PruneOutbox implements domain.OutboxAdmin.
func (db *DB) PruneOutbox(ctx context.Context, before time.Time) (int, error) {
	res, err := db.c(colOutbox).DeleteMany(ctx, bson.D{
		{Key: "state", Value: string(domain.OutboxSent)}, {Key: "sentAt", Value: bson.D{{Key: "$lt", Value: before}}},
	})
	if err != nil {
		return 0, mapErr(err, "outbox")
	}
	return int(res.DeletedCount), nil
}
