package domain

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
)

// WebhookEvent names what an outgoing webhook reports (PRODUCT.md, "Engagement and
// notifications": new ideas, stage changes and decisions). Every transition of an idea is
// exactly one of the three.
type WebhookEvent string

// The webhook events. WebhookPing is the admin's test delivery and cannot be subscribed to.
const (
	// WebhookIdeaSubmitted: an idea was submitted (or imported from another municipality).
	WebhookIdeaSubmitted WebhookEvent = "idea.submitted"
	// WebhookIdeaStageChanged: an idea moved to another stage, other than by a decision.
	WebhookIdeaStageChanged WebhookEvent = "idea.stage_changed"
	// WebhookIdeaDecided: the decision gate was passed (pilot, rejected, parked, …).
	WebhookIdeaDecided WebhookEvent = "idea.decided"
	// WebhookPing is the test delivery an admin sends from the settings.
	WebhookPing WebhookEvent = "webhook.ping"
)

// WebhookEvents are the events a webhook can subscribe to, in a stable order.
var WebhookEvents = []WebhookEvent{WebhookIdeaSubmitted, WebhookIdeaStageChanged, WebhookIdeaDecided}

// ValidWebhookEvent reports whether e can be subscribed to.
func ValidWebhookEvent(e WebhookEvent) bool {
	for _, x := range WebhookEvents {
		if x == e {
			return true
		}
	}
	return false
}

// WebhookEventOf maps a notification event to the webhook event it is, if any.
func WebhookEventOf(e *Event) (WebhookEvent, bool) {
	switch {
	case e.Type == EventStageChanged && e.From == StageDraft && e.To == StageSubmitted:
		return WebhookIdeaSubmitted, true
	case e.Type == EventStageChanged:
		return WebhookIdeaStageChanged, true
	case e.Type == EventDecisionMade:
		return WebhookIdeaDecided, true
	}
	return "", false
}

// Webhook is an admin's subscription of an external system (ticketing, chat) to the
// tenant's idea events. Deliveries are signed with Secret (Standard Webhooks,
// https://www.standardwebhooks.com) and retried from the outbox.
type Webhook struct {
	ID          string
	TenantID    string
	URL         string
	Description string
	Events      []WebhookEvent
	Active      bool
	// Secret is "whsec_" and the base64 of 32 random bytes; the API shows it once.
	Secret string
	// PreviousSecret still signs deliveries (beside Secret) until PreviousUntil, so a
	// receiver can switch to a rotated secret without failing deliveries meanwhile.
	PreviousSecret string
	PreviousUntil  time.Time
	LastDelivery   *WebhookResult
	Version        int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Subscribes reports whether the webhook is active and wants e.
func (w *Webhook) Subscribes(e WebhookEvent) bool {
	if !w.Active {
		return false
	}
	for _, x := range w.Events {
		if x == e {
			return true
		}
	}
	return false
}

// WebhookResult is the outcome of one delivery attempt.
type WebhookResult struct {
	At    time.Time
	Event WebhookEvent
	// Status is the receiver's HTTP status; 0 when there was no answer.
	Status     int
	DurationMS int64
	Error      string
	// Kind classifies a failure for the admin's language: "status" (an answer that is not
	// 2xx), "timeout", "refused", "unreachable" (no such host, no route), "blocked" (an
	// address webhooks may not reach), "tls", "invalid" (the URL cannot be used), "other";
	// "" when delivered.
	Kind string
}

// OK reports whether the receiver accepted the delivery (any 2xx status).
func (r *WebhookResult) OK() bool { return r.Status >= 200 && r.Status < 300 && r.Error == "" }

// Describe says what went wrong, for the outbox's last error.
func (r *WebhookResult) Describe() string {
	if r.Error != "" {
		return r.Error
	}
	return "the receiver answered HTTP " + strconv.Itoa(r.Status)
}

// WebhookDelivery is the outbox payload of one webhook call: which webhook, which event,
// and the JSON body (signed when it is sent, with the webhook's secret at that time).
type WebhookDelivery struct {
	WebhookID string
	Event     WebhookEvent
	Body      string
}

// WebhookStore persists the context's tenant's webhooks.
type WebhookStore interface {
	CreateWebhook(ctx context.Context, w *Webhook) error
	FindWebhookByID(ctx context.Context, id string) (*Webhook, error)
	// FindWebhooks lists the tenant's webhooks, oldest first.
	FindWebhooks(ctx context.Context) ([]*Webhook, error)
	// UpdateWebhook stores w if its version is current (ErrPreconditionFailed otherwise)
	// and increments it; LastDelivery is not written.
	UpdateWebhook(ctx context.Context, w *Webhook) error
	DeleteWebhook(ctx context.Context, id string) error
	// RecordWebhookResult notes the latest delivery attempt (the version stays).
	RecordWebhookResult(ctx context.Context, id string, r WebhookResult) error
	// EnqueueWebhook puts a delivery into the outbox under id unless it is there already
	// (idempotent); false if it was.
	EnqueueWebhook(ctx context.Context, id string, d WebhookDelivery) (bool, error)
}

// SecretGrace is how long a rotated secret keeps signing beside the new one.
const SecretGrace = 24 * time.Hour

// MaxWebhooks bounds the webhooks of one tenant.
const MaxWebhooks = 20

// ErrUndeliverable marks an outbox message that no retry can deliver (its webhook was
// deleted, say): the worker marks it failed at once.
var ErrUndeliverable = errors.New("undeliverable")

// IsUndeliverable tells from a message's recorded error that it failed with
// ErrUndeliverable, which no retry changes.
func IsUndeliverable(lastError string) bool {
	return strings.HasPrefix(lastError, ErrUndeliverable.Error()+":") || lastError == ErrUndeliverable.Error()
}
