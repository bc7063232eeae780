package mongo

import (
	"cmp"
	"context"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type mailDoc struct {
	To          string `bson:"to"`
	Subject     string `bson:"subject"`
	Text        string `bson:"text"`
	HTML        string `bson:"html,omitempty"`
	Unsubscribe string `bson:"unsubscribe,omitempty"`
	ReplyTo     string `bson:"replyTo,omitempty"`
}

// webhookDeliveryDoc is the payload of a webhook call in the outbox (domain.WebhookDelivery).
type webhookDeliveryDoc struct {
	WebhookID string `bson:"webhookId"`
	Event     string `bson:"event"`
	Body      string `bson:"body"`
}

type outboxDoc struct {
	ID       string  `bson:"_id"`
	TenantID string  `bson:"tenantId"`
	Mail     mailDoc `bson:"mail"`
	// Webhook is set for a webhook call (then Mail is empty).
	Webhook     *webhookDeliveryDoc `bson:"webhook,omitempty"`
	State       string              `bson:"state"`
	Attempts    int                 `bson:"attempts"`
	NextAttempt time.Time           `bson:"nextAttempt"`
	LastError   string              `bson:"lastError,omitempty"`
	CreatedAt   time.Time           `bson:"createdAt"`
	// FirstCreatedAt: see retrySet.
	FirstCreatedAt time.Time `bson:"firstCreatedAt,omitempty"`
	SentAt         time.Time `bson:"sentAt,omitempty"`
}

var _ domain.OutboxStore = (*DB)(nil)

// The sender asks for due messages every second. The outbox keeps a week of sent mail
// (PruneOutbox), and on the embedded store a query on state and nextAttempt reads and
// decodes every message (~40 µs each, more with long bodies): under a benchmark's
// notifications that was a fifth of the server's CPU. So each pending message also has a
// small entry in outbox_due, {_id: message ID, nextAttempt}, and DueMessages reads those.
// The message stays the truth: an entry whose message is not yet due is moved when it is
// read, and one whose message is gone, sent or failed is dropped — once it is older than
// outboxDueGrace, since a writer may be between its two writes (an entry goes in before its
// message is inserted or made pending again, and out after it is sent). A crash between the
// two leaves a stale entry, never a pending message without one; and every outboxResync the
// sender looks at all messages once more, which also gives entries to the pending messages
// of stores written before outbox_due existed.
const colOutboxDue = "outbox_due"

// outboxResync is how often DueMessages checks every pending message for its entry.
const outboxResync = 10 * time.Minute

// outboxDueGrace is how long an entry whose message is missing or not pending is kept: far
// longer than a writer takes between its two writes.
const outboxDueGrace = time.Minute

type outboxDueDoc struct {
	ID          string    `bson:"_id"`
	NextAttempt time.Time `bson:"nextAttempt"`
	// SetAt is when the entry was last written, by the wall clock (not the DB's clock, which
	// tests move): the grace is about writers in flight, not about the messages' schedule.
	SetAt time.Time `bson:"setAt"`
}

// setDue records that message id is due at next (upsert).
func (db *DB) setDue(ctx context.Context, id string, next time.Time) error {
	_, err := db.c(colOutboxDue).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "nextAttempt", Value: next}, {Key: "setAt", Value: time.Now().UTC()}}}},
		options.UpdateOne().SetUpsert(true))
	return mapErr(err, "outbox message")
}

// dropDue removes message id's entry.
func (db *DB) dropDue(ctx context.Context, id string) error {
	_, err := db.c(colOutboxDue).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	return mapErr(err, "outbox message")
}

// Enqueue implements domain.OutboxStore.
func (db *DB) Enqueue(ctx context.Context, m domain.Mail) error {
	_, err := db.enqueue(ctx, db.NewID(), m)
	return err
}

// enqueue stores mail message id unless it exists; false if it did.
func (db *DB) enqueue(ctx context.Context, id string, m domain.Mail) (bool, error) {
	return db.enqueueDoc(ctx, outboxDoc{ID: id, Mail: mailDoc(m)})
}

// enqueueDoc stores message d (its ID, and its mail or webhook call) as pending, due now,
// unless it exists; false if it did.
func (db *DB) enqueueDoc(ctx context.Context, d outboxDoc) (bool, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return false, err
	}
	now := db.now()
	if err := db.setDue(ctx, d.ID, now); err != nil {
		return false, err
	}
	d.TenantID, d.State, d.NextAttempt, d.CreatedAt = tid, string(domain.OutboxPending), now, now
	_, err = db.c(colOutbox).InsertOne(ctx, d)
	if mongo.IsDuplicateKeyError(err) {
		// The entry just set is checked against the message when it is read.
		return false, nil
	}
	return err == nil, mapErr(err, "outbox message")
}

// DueMessages implements domain.OutboxStore: the due entries, oldest first, checked
// against their messages.
func (db *DB) DueMessages(ctx context.Context, now time.Time, limit int) ([]*domain.OutboxMessage, error) {
	if err := db.resyncDue(ctx, now); err != nil {
		return nil, err
	}
	cur, err := db.c(colOutboxDue).Find(ctx, bson.D{{Key: "nextAttempt", Value: bson.D{{Key: "$lte", Value: now}}}})
	if err != nil {
		return nil, mapErr(err, "outbox")
	}
	var due []outboxDueDoc
	if err := cur.All(ctx, &due); err != nil {
		return nil, mapErr(err, "outbox")
	}
	slices.SortFunc(due, func(a, b outboxDueDoc) int {
		return cmp.Or(a.NextAttempt.Compare(b.NextAttempt), cmp.Compare(a.ID, b.ID))
	})
	out := make([]*domain.OutboxMessage, 0, min(limit, len(due)))
	for _, e := range due {
		if len(out) == limit {
			break
		}
		var d outboxDoc
		err := db.c(colOutbox).FindOne(ctx, bson.D{{Key: "_id", Value: e.ID}}).Decode(&d)
		switch {
		case err == mongo.ErrNoDocuments || err == nil && d.State != string(domain.OutboxPending):
			err = nil
			if time.Since(e.SetAt) > outboxDueGrace {
				err = db.dropDue(ctx, e.ID)
			}
		case err == nil && d.NextAttempt.After(now):
			err = db.setDue(ctx, e.ID, d.NextAttempt)
		case err == nil:
			out = append(out, d.toDomain())
		}
		if err != nil {
			return nil, mapErr(err, "outbox")
		}
	}
	return out, nil
}

func (d *outboxDoc) toDomain() *domain.OutboxMessage {
	m := &domain.OutboxMessage{
		ID: d.ID, TenantID: d.TenantID, Mail: domain.Mail(d.Mail), State: domain.OutboxState(d.State),
		Attempts: d.Attempts, NextAttempt: d.NextAttempt, LastError: d.LastError, CreatedAt: d.CreatedAt, SentAt: d.SentAt,
		FirstCreatedAt: d.FirstCreatedAt,
	}
	if d.Webhook != nil {
		m.Webhook = &domain.WebhookDelivery{WebhookID: d.Webhook.WebhookID, Event: domain.WebhookEvent(d.Webhook.Event), Body: d.Webhook.Body}
	}
	return m
}

// resyncDue gives every pending message its entry, once per outboxResync and process.
func (db *DB) resyncDue(ctx context.Context, now time.Time) error {
	db.outboxMu.Lock()
	defer db.outboxMu.Unlock()
	if !db.outboxSynced.IsZero() && now.Sub(db.outboxSynced) < outboxResync && now.After(db.outboxSynced) {
		return nil
	}
	cur, err := db.c(colOutbox).Find(ctx, bson.D{{Key: "state", Value: string(domain.OutboxPending)}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "nextAttempt", Value: 1}}))
	if err != nil {
		return mapErr(err, "outbox")
	}
	var pending []outboxDueDoc
	if err := cur.All(ctx, &pending); err != nil {
		return mapErr(err, "outbox")
	}
	cur, err = db.c(colOutboxDue).Find(ctx, bson.D{})
	if err != nil {
		return mapErr(err, "outbox")
	}
	var entries []outboxDueDoc
	if err := cur.All(ctx, &entries); err != nil {
		return mapErr(err, "outbox")
	}
	has := make(map[string]bool, len(entries))
	for _, e := range entries {
		has[e.ID] = true
	}
	for _, p := range pending {
		if !has[p.ID] {
			if err := db.setDue(ctx, p.ID, p.NextAttempt); err != nil {
				return err
			}
		}
	}
	db.outboxSynced = now
	return nil
}

// MarkSent implements domain.OutboxStore.
func (db *DB) MarkSent(ctx context.Context, id string, now time.Time) error {
	_, err := db.c(colOutbox).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "state", Value: string(domain.OutboxSent)}, {Key: "sentAt", Value: now}}},
			{Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}}})
	if err != nil {
		return mapErr(err, "outbox message")
	}
	return db.dropDue(ctx, id)
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
	if err != nil {
		return mapErr(err, "outbox message")
	}
	if failed {
		return db.dropDue(ctx, id)
	}
	return db.setDue(ctx, id, next)
}
