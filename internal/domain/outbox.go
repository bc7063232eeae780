package domain

import (
	"context"
	"time"
)

// OutboxState is the delivery state of an outbox message.
type OutboxState string

// Outbox states. A message is pending until sent, or failed after its maximum age.
const (
	OutboxPending OutboxState = "pending"
	OutboxSent    OutboxState = "sent"
	OutboxFailed  OutboxState = "failed"
)

// Mail is one e-mail to send.
type Mail struct {
	To      string
	Subject string
	Text    string
	HTML    string
	// Unsubscribe is the one-click unsubscribe URL of a notification mail (RFC 8058), sent
	// as its List-Unsubscribe header; empty for account mail.
	Unsubscribe string
	// ReplyTo is where answers go when not to the sender (feedback forwarded to the office).
	ReplyTo string
}

// OutboxMessage is a durable unit of outgoing work (an e-mail or a webhook call). It
// survives restarts and outages of the receiver; a worker holding the outbox lease sends it
// with retries.
type OutboxMessage struct {
	ID       string
	TenantID string
	Mail     Mail
	// Webhook is set for a webhook call (Mail is empty then).
	Webhook     *WebhookDelivery
	State       OutboxState
	Attempts    int
	NextAttempt time.Time
	LastError   string
	CreatedAt   time.Time
	// FirstCreatedAt is when the message was first queued, if an admin's retry restarted
	// CreatedAt (its maximum age) since.
	FirstCreatedAt time.Time
	SentAt         time.Time
}

// OutboxStore persists outbox messages. Enqueue is tenant-scoped; the worker methods are
// deployment-wide.
type OutboxStore interface {
	// Enqueue stores a pending message for the context's tenant.
	Enqueue(ctx context.Context, m Mail) error
	// DueMessages returns up to limit pending messages whose next attempt is due.
	DueMessages(ctx context.Context, now time.Time, limit int) ([]*OutboxMessage, error)
	// MarkSent records delivery.
	MarkSent(ctx context.Context, id string, now time.Time) error
	// MarkRetry records a failed attempt and when to try again, or failure for good.
	MarkRetry(ctx context.Context, id string, attempts int, next time.Time, lastErr string, failed bool) error
}

// LeaseStore coordinates background jobs across instances: a lease is held by one owner
// until it expires or is renewed.
type LeaseStore interface {
	// AcquireLease takes or renews the named lease for owner until now+ttl; it reports
	// false when another owner holds an unexpired lease.
	AcquireLease(ctx context.Context, name, owner string, now time.Time, ttl time.Duration) (bool, error)
	// ReleaseLease gives the lease up if owner holds it.
	ReleaseLease(ctx context.Context, name, owner string) error
}
