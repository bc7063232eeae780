package domain

import (
	"context"
	"time"
)

// Notification channels of a preference.
const (
	ChannelInApp  = "inApp"
	ChannelEmail  = "email"
	ChannelDigest = "digest"
)

// ChannelPrefs say how a user hears about one event type: in the in-app inbox, by a single
// e-mail right away, and/or in the daily digest e-mail. "Digest instead of single mails"
// is Email false, Digest true.
type ChannelPrefs struct {
	InApp  bool
	Email  bool
	Digest bool
}

// NotificationPreferences hold a user's choices per event type; types without an entry
// use DefaultChannelPrefs.
type NotificationPreferences map[EventType]ChannelPrefs

// DefaultChannelPrefs are the preferences of a type the user never changed: everything in
// the inbox, and an e-mail right away except for discussion, which is chatty and comes in
// the daily digest.
func DefaultChannelPrefs(t EventType) ChannelPrefs {
	if t == EventComment {
		return ChannelPrefs{InApp: true, Digest: true}
	}
	return ChannelPrefs{InApp: true, Email: true}
}

// For returns the effective preferences of event type t.
func (p NotificationPreferences) For(t EventType) ChannelPrefs {
	if c, ok := p[t]; ok {
		return c
	}
	return DefaultChannelPrefs(t)
}

// InboxMax bounds a user's in-app inbox: older notifications drop out.
const InboxMax = 200

// Notification is one entry of a user's in-app inbox (and of their digest). It is a
// snapshot of the event as the recipient saw it.
type Notification struct {
	// ID is the event's ID: one event appears at most once in an inbox.
	ID        string
	Type      EventType
	IdeaID    string
	IdeaTitle string
	ActorID   string
	ActorName string
	From      Stage
	To        Stage
	Reason    string
	// Excerpt of the comment or pilot note.
	Excerpt   string
	CommentID string
	DueAt     time.Time
	Ideas     []EventIdea
	Read      bool
	CreatedAt time.Time
}

// NotificationStore keeps the in-app inboxes of the context's tenant, the newest InboxMax
// notifications of each user: listing them and counting the unread ones are key lookups, and
// adding one rewrites a small document (see the mongo package).
type NotificationStore interface {
	// AddNotification puts n at the top of userID's inbox; a notification whose ID is
	// already there is not added again (redelivered events).
	AddNotification(ctx context.Context, userID string, n *Notification) error
	// FindNotifications returns a page of userID's inbox, newest first, after the opaque
	// cursor, with the next cursor ("" at the end), the total and the unread count.
	// EINVALID for a cursor it did not make or that dropped out of the inbox.
	FindNotifications(ctx context.Context, userID string, limit int, cursor string) (items []*Notification, next string, total, unread int, err error)
	// MarkNotificationsRead marks the given notifications (or all) read and returns the
	// unread count left. Unknown IDs are ignored.
	MarkNotificationsRead(ctx context.Context, userID string, ids []string, all bool) (unread int, err error)
	// ClearNotifications removes userID's inbox, read marks and pending digest (a deleted
	// account: nothing is delivered to it any more).
	ClearNotifications(ctx context.Context, userID string) error
}

// EventQueue is the durable queue between publishing an event and fanning it out. It is
// deployment-wide and stays small: delivered events are deleted.
type EventQueue interface {
	// QueueEvent stores e (ID and At are set when empty).
	QueueEvent(ctx context.Context, e *Event) error
	// PendingEvents returns up to limit queued events, oldest first.
	PendingEvents(ctx context.Context, limit int) ([]*Event, error)
	// DeleteEvent removes a delivered event.
	DeleteEvent(ctx context.Context, id string) error
}

// JobStore records what must happen once: idempotency keys and runs of scheduled jobs.
// A key is one insert of a unique _id, the cheapest check the embedded store has.
type JobStore interface {
	// ClaimOnce records key and reports true, or false when it was claimed before.
	ClaimOnce(ctx context.Context, key string, now time.Time) (bool, error)
	// ReleaseOnce forgets a key (the work it guarded failed and may be tried again).
	ReleaseOnce(ctx context.Context, key string) error
	// StartJobRun records that owner starts job run id ("job:<name>:<period>") and reports
	// true; false when the run is done or another owner started it less than staleAfter ago
	// (a run older than that is taken over: its owner is presumed dead).
	StartJobRun(ctx context.Context, id, owner string, now time.Time, staleAfter time.Duration) (bool, error)
	// FinishJobRun records the end of a run with a short result.
	FinishJobRun(ctx context.Context, id string, now time.Time, result string) error
}

// DigestBatch is the pending digest of one user.
type DigestBatch struct {
	TenantID string
	UserID   string
	Items    []*Notification
}

// DigestStore collects notifications for the daily digest e-mail, per user.
type DigestStore interface {
	// AddDigestItem adds n to the pending digest of userID of the context's tenant (once per ID).
	AddDigestItem(ctx context.Context, userID string, n *Notification) error
	// PendingDigests returns the pending digests of every tenant, up to limit users (limit
	// <= 0: all).
	PendingDigests(ctx context.Context, limit int) ([]DigestBatch, error)
	// RemoveDigestItems removes the mailed items of a user's digest (items added since stay).
	RemoveDigestItems(ctx context.Context, tenantID, userID string, ids []string) error
}

// ReviewReminder is an open review assignment whose due-soon and overdue reminders are
// still to be sent.
type ReviewReminder struct {
	TenantID   string
	IdeaID     string
	ReviewerID string
	DueAt      time.Time
}

// ReminderStore indexes open review assignments deployment-wide, so the hourly reminder
// job reads a small collection instead of every idea.
type ReminderStore interface {
	// SetReviewReminder records (or moves) the reminder of an assignment.
	SetReviewReminder(ctx context.Context, r ReviewReminder) error
	// ClearReviewReminder forgets it.
	ClearReviewReminder(ctx context.Context, r ReviewReminder) error
	// FindReviewReminders returns every reminder of every tenant.
	FindReviewReminders(ctx context.Context) ([]ReviewReminder, error)
}

// OutboxCounts counts a tenant's outbox messages by state. Sent messages are pruned after
// a week, so Sent counts the recent ones.
type OutboxCounts struct {
	Pending int
	Sent    int
	Failed  int
}

// OutboxOverview is the admin's view of a tenant's outbox.
type OutboxOverview struct {
	Counts OutboxCounts
	// Retrying are pending messages whose last attempt failed, most recent error first.
	Retrying []*OutboxMessage
	// Failed are messages given up after the maximum age, newest first.
	Failed []*OutboxMessage
}

// OutboxAdmin lets admins see and retry the outbox of the context's tenant, and lets the
// notification service enqueue idempotently and prune.
type OutboxAdmin interface {
	// EnqueueOnce stores a pending message under id for the context's tenant; false (and
	// nothing stored) when a message with that id exists, so a redelivered event never
	// mails twice.
	EnqueueOnce(ctx context.Context, id string, m Mail) (bool, error)
	// FindOutboxOverview counts the tenant's messages and lists up to limit retrying and
	// failed ones; their bodies are left out.
	FindOutboxOverview(ctx context.Context, limit int) (*OutboxOverview, error)
	// RetryOutboxMessage makes a failed or retrying message due now, with a fresh maximum
	// age; ENOTFOUND, ECONFLICT when it was sent.
	RetryOutboxMessage(ctx context.Context, id string, now time.Time) error
	// RetryFailedOutbox does that for every failed message of the tenant; it returns how many.
	RetryFailedOutbox(ctx context.Context, now time.Time) (int, error)
	// PruneOutbox deletes messages of every tenant sent before before.
	PruneOutbox(ctx context.Context, before time.Time) (int, error)
}
