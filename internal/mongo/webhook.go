package mongo

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// colWebhooks holds the tenants' webhook subscriptions: a handful per tenant, read by the
// notification dispatcher (which caches them briefly) and the admin's settings page.
const colWebhooks = "webhooks"

type webhookResultDoc struct {
	At         time.Time `bson:"at"`
	Event      string    `bson:"event"`
	Status     int       `bson:"status"`
	DurationMS int64     `bson:"durationMs"`
	Error      string    `bson:"error,omitempty"`
	Kind       string    `bson:"kind,omitempty"`
}

type webhookDoc struct {
	ID           string            `bson:"_id"`
	TenantID     string            `bson:"tenantId"`
	URL          string            `bson:"url"`
	Description  string            `bson:"description"`
	Events       []string          `bson:"events"`
	Active       bool              `bson:"active"`
	Secret       string            `bson:"secret"`
	PrevSecret   string            `bson:"previousSecret,omitempty"`
	PrevUntil    time.Time         `bson:"previousUntil,omitempty"`
	LastDelivery *webhookResultDoc `bson:"lastDelivery,omitempty"`
	Version      int64             `bson:"version"`
	CreatedAt    time.Time         `bson:"createdAt"`
	UpdatedAt    time.Time         `bson:"updatedAt"`
}

func (d *webhookDoc) tenant() string { return d.TenantID }

func (d *webhookDoc) toDomain() *domain.Webhook {
	w := &domain.Webhook{ID: d.ID, TenantID: d.TenantID, URL: d.URL, Description: d.Description, Active: d.Active,
		Secret: d.Secret, PreviousSecret: d.PrevSecret, PreviousUntil: d.PrevUntil, Version: d.Version, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
	for _, e := range d.Events {
		w.Events = append(w.Events, domain.WebhookEvent(e))
	}
	if r := d.LastDelivery; r != nil {
		w.LastDelivery = &domain.WebhookResult{At: r.At, Event: domain.WebhookEvent(r.Event), Status: r.Status, DurationMS: r.DurationMS, Error: r.Error, Kind: r.Kind}
	}
	return w
}

func webhookEvents(es []domain.WebhookEvent) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = string(e)
	}
	return out
}

var _ domain.WebhookStore = (*DB)(nil)

// CreateWebhook implements domain.WebhookStore.
func (db *DB) CreateWebhook(ctx context.Context, w *domain.Webhook) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	existing, err := db.FindWebhooks(ctx)
	if err != nil {
		return err
	}
	if len(existing) >= domain.MaxWebhooks {
		return domain.Conflict(domain.RWebhookLimit, "a municipality has at most 20 webhooks").With("max", strconv.Itoa(domain.MaxWebhooks))
	}
	if w.ID == "" {
		w.ID = db.NewID()
	}
	now := db.now()
	w.TenantID, w.Version, w.CreatedAt, w.UpdatedAt = tid, 1, now, now
	_, err = db.c(colWebhooks).InsertOne(ctx, webhookDoc{ID: w.ID, TenantID: tid, URL: w.URL, Description: w.Description,
		Events: webhookEvents(w.Events), Active: w.Active, Secret: w.Secret, Version: 1, CreatedAt: now, UpdatedAt: now})
	return mapErr(err, "webhook")
}

// FindWebhookByID implements domain.WebhookStore.
func (db *DB) FindWebhookByID(ctx context.Context, id string) (*domain.Webhook, error) {
	var d webhookDoc
	if err := findOwned(ctx, db.c(colWebhooks), id, "webhook", &d); err != nil {
		return nil, err
	}
	return d.toDomain(), nil
}

// FindWebhooks implements domain.WebhookStore.
func (db *DB) FindWebhooks(ctx context.Context) ([]*domain.Webhook, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := db.c(colWebhooks).Find(ctx, bson.D{{Key: "tenantId", Value: tid}})
	if err != nil {
		return nil, mapErr(err, "webhooks")
	}
	var docs []webhookDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "webhooks")
	}
	out := make([]*domain.Webhook, len(docs))
	for i := range docs {
		out[i] = docs[i].toDomain()
	}
	slices.SortFunc(out, func(a, b *domain.Webhook) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// UpdateWebhook implements domain.WebhookStore. It sets the fields an admin edits, so a
// delivery result recorded meanwhile is kept.
func (db *DB) UpdateWebhook(ctx context.Context, w *domain.Webhook) error {
	if _, err := db.FindWebhookByID(ctx, w.ID); err != nil {
		return err
	}
	now := db.now()
	res, err := db.c(colWebhooks).UpdateOne(ctx, bson.D{{Key: "_id", Value: w.ID}, {Key: "version", Value: w.Version}},
		bson.D{{Key: "$set", Value: bson.D{
			{Key: "url", Value: w.URL}, {Key: "description", Value: w.Description}, {Key: "events", Value: webhookEvents(w.Events)},
			{Key: "active", Value: w.Active}, {Key: "secret", Value: w.Secret},
			{Key: "previousSecret", Value: w.PreviousSecret}, {Key: "previousUntil", Value: w.PreviousUntil}, {Key: "version", Value: w.Version + 1},
			{Key: "updatedAt", Value: now},
		}}})
	if err != nil {
		return mapErr(err, "webhook")
	}
	if res.MatchedCount == 0 {
		return domain.Errorf(domain.EPRECONDITIONFAILED, "the webhook was changed by someone else; reload and try again")
	}
	w.Version, w.UpdatedAt = w.Version+1, now
	return nil
}

// DeleteWebhook implements domain.WebhookStore. Deliveries still in the outbox fail when
// they are sent (the webhook is gone).
func (db *DB) DeleteWebhook(ctx context.Context, id string) error {
	if _, err := db.FindWebhookByID(ctx, id); err != nil {
		return err
	}
	_, err := db.c(colWebhooks).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	return mapErr(err, "webhook")
}

// RecordWebhookResult implements domain.WebhookStore.
func (db *DB) RecordWebhookResult(ctx context.Context, id string, r domain.WebhookResult) error {
	if _, err := db.FindWebhookByID(ctx, id); err != nil {
		return err
	}
	_, err := db.c(colWebhooks).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "lastDelivery", Value: webhookResultDoc{
			At: r.At, Event: string(r.Event), Status: r.Status, DurationMS: r.DurationMS, Error: r.Error, Kind: r.Kind,
		}}}}})
	return mapErr(err, "webhook")
}

// EnqueueWebhook implements domain.WebhookStore.
func (db *DB) EnqueueWebhook(ctx context.Context, id string, d domain.WebhookDelivery) (bool, error) {
	return db.enqueueDoc(ctx, outboxDoc{ID: id, Webhook: &webhookDeliveryDoc{WebhookID: d.WebhookID, Event: string(d.Event), Body: d.Body}})
}
