package mongo

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Notifications on the embedded store.
//
// In-app inboxes are one document per user ({_id: userId, items: [newest … oldest], seq}),
// in Partitions collections chosen by the user ID: listing a page and counting unread
// notifications is two _id lookups, and adding one rewrites a small document in a
// collection of 1/64 of the users (the embedded store ignores $push's $slice, so the bound
// is kept in Go).
//
// The embedded store's updates are not atomic (read, change in Go, write back), so every
// document here has one writer: the inbox and the pending digest are written only by the
// notification dispatcher, which runs in one instance at a time (its lease), and the read
// marks live in a second per-user document ({_id: userId, readUpTo: seq, readIds}) written
// only by the user's own requests. Within a process a striped lock serialises the writers
// of a document. The event queue, pending digests and open review reminders are small
// collections whose documents are deleted when done, so the scans of the jobs stay short.
const (
	famInbox         = "notifyinbox"
	famInboxRead     = "notifyread"
	colNotifyEvents  = "notify_events"
	colNotifyDigests = "notify_digests"
	colReminders     = "notify_reminders"
)

type channelPrefsDoc struct {
	InApp  bool `bson:"inApp"`
	Email  bool `bson:"email"`
	Digest bool `bson:"digest"`
}

func prefsToDomain(m map[string]channelPrefsDoc) domain.NotificationPreferences {
	if len(m) == 0 {
		return nil
	}
	out := make(domain.NotificationPreferences, len(m))
	for k, v := range m {
		out[domain.EventType(k)] = domain.ChannelPrefs(v)
	}
	return out
}

func prefsToDoc(p domain.NotificationPreferences) map[string]channelPrefsDoc {
	if len(p) == 0 {
		return nil
	}
	out := make(map[string]channelPrefsDoc, len(p))
	for k, v := range p {
		out[string(k)] = channelPrefsDoc(v)
	}
	return out
}

type eventIdeaDoc struct {
	ID    string `bson:"id"`
	Title string `bson:"title"`
	Stage string `bson:"stage"`
	Days  int    `bson:"days"`
}

func ideasToDoc(in []domain.EventIdea) []eventIdeaDoc {
	out := make([]eventIdeaDoc, len(in))
	for i, x := range in {
		out[i] = eventIdeaDoc{ID: x.ID, Title: x.Title, Stage: string(x.Stage), Days: x.Days}
	}
	return out
}

func ideasToDomain(in []eventIdeaDoc) []domain.EventIdea {
	if len(in) == 0 {
		return nil
	}
	out := make([]domain.EventIdea, len(in))
	for i, x := range in {
		out[i] = domain.EventIdea{ID: x.ID, Title: x.Title, Stage: domain.Stage(x.Stage), Days: x.Days}
	}
	return out
}

type notificationDoc struct {
	ID        string         `bson:"id"`
	Type      string         `bson:"type"`
	IdeaID    string         `bson:"ideaId,omitempty"`
	IdeaTitle string         `bson:"ideaTitle,omitempty"`
	ActorID   string         `bson:"actorId,omitempty"`
	ActorName string         `bson:"actorName,omitempty"`
	From      string         `bson:"from,omitempty"`
	To        string         `bson:"to,omitempty"`
	Reason    string         `bson:"reason,omitempty"`
	Excerpt   string         `bson:"excerpt,omitempty"`
	CommentID string         `bson:"commentId,omitempty"`
	DueAt     time.Time      `bson:"dueAt,omitempty"`
	Ideas     []eventIdeaDoc `bson:"ideas,omitempty"`
	Seq       int64          `bson:"seq"`
	CreatedAt time.Time      `bson:"createdAt"`
}

func notificationToDoc(n *domain.Notification) notificationDoc {
	return notificationDoc{
		ID: n.ID, Type: string(n.Type), IdeaID: n.IdeaID, IdeaTitle: n.IdeaTitle, ActorID: n.ActorID,
		ActorName: n.ActorName, From: string(n.From), To: string(n.To), Reason: n.Reason, Excerpt: n.Excerpt,
		CommentID: n.CommentID, DueAt: n.DueAt, Ideas: ideasToDoc(n.Ideas), CreatedAt: n.CreatedAt,
	}
}

func (d *notificationDoc) toDomain() *domain.Notification {
	return &domain.Notification{
		ID: d.ID, Type: domain.EventType(d.Type), IdeaID: d.IdeaID, IdeaTitle: d.IdeaTitle, ActorID: d.ActorID,
		ActorName: d.ActorName, From: domain.Stage(d.From), To: domain.Stage(d.To), Reason: d.Reason,
		Excerpt: d.Excerpt, CommentID: d.CommentID, DueAt: d.DueAt, Ideas: ideasToDomain(d.Ideas),
		CreatedAt: d.CreatedAt,
	}
}

// itemsDoc is a per-user document holding a bounded list of notifications: the inbox and
// the pending digest share it.
type itemsDoc struct {
	ID       string            `bson:"_id"`
	TenantID string            `bson:"tenantId"`
	UserID   string            `bson:"userId"`
	Items    []notificationDoc `bson:"items"`
	// Seq numbers the notifications ever added (read marks refer to it).
	Seq     int64 `bson:"seq"`
	Version int64 `bson:"version"`
}

func (d *itemsDoc) tenant() string { return d.TenantID }

func (db *DB) inbox(userID string) *mongo.Collection { return db.part(famInbox, userID) }

// changeItems applies fn to the items document _id of coll (created when missing) and
// writes it back guarded by its version, retrying on a concurrent write. fn reports
// whether anything changed.
func (db *DB) changeItems(ctx context.Context, coll *mongo.Collection, id, tenantID, userID string, fn func(d *itemsDoc) bool) (*itemsDoc, error) {
	defer lockIdea(coll.Name() + ":" + id)()
	for range 30 {
		var d itemsDoc
		err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d)
		switch {
		case errors.Is(err, mongo.ErrNoDocuments):
			d = itemsDoc{ID: id, TenantID: tenantID, UserID: userID, Items: []notificationDoc{}}
			if !fn(&d) {
				return &d, nil
			}
			d.Version = 1
			if _, err := coll.InsertOne(ctx, d); err != nil {
				if mongo.IsDuplicateKeyError(err) {
					continue
				}
				return nil, mapErr(err, "notifications")
			}
			return &d, nil
		case err != nil:
			return nil, mapErr(err, "notifications")
		}
		if d.TenantID != tenantID {
			return nil, domain.Errorf(domain.ENOTFOUND, "notifications not found")
		}
		v := d.Version
		if !fn(&d) {
			return &d, nil
		}
		d.Version = v + 1
		res, err := coll.UpdateOne(ctx, db.versionGuard(id, v), // read above under the lock
			bson.D{{Key: "$set", Value: bson.D{{Key: "items", Value: d.Items}, {Key: "seq", Value: d.Seq}, {Key: "version", Value: d.Version}}}})
		if err != nil {
			return nil, mapErr(err, "notifications")
		}
		if res.MatchedCount == 1 {
			return &d, nil
		}
	}
	return nil, domain.Errorf(domain.ECONFLICT, "notifications are being changed by others right now; try again")
}

func hasItem(items []notificationDoc, id string) bool {
	return slices.ContainsFunc(items, func(x notificationDoc) bool { return x.ID == id })
}

var _ domain.NotificationStore = (*DB)(nil)

// AddNotification implements domain.NotificationStore.
func (db *DB) AddNotification(ctx context.Context, userID string, n *domain.Notification) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	_, err = db.changeItems(ctx, db.inbox(userID), userID, tid, userID, func(d *itemsDoc) bool {
		if hasItem(d.Items, n.ID) {
			return false
		}
		nd := notificationToDoc(n)
		d.Seq++
		nd.Seq = d.Seq
		d.Items = append([]notificationDoc{nd}, d.Items...)
		if len(d.Items) > domain.InboxMax {
			d.Items = d.Items[:domain.InboxMax]
		}
		return true
	})
	return err
}

func encodeNotificationCursor(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("n:" + id))
}

// readDoc holds a user's read marks: every notification with Seq <= ReadUpTo, and those
// listed in ReadIDs.
type readDoc struct {
	ID       string   `bson:"_id"`
	TenantID string   `bson:"tenantId"`
	ReadUpTo int64    `bson:"readUpTo"`
	ReadIDs  []string `bson:"readIds"`
}

func (d *readDoc) tenant() string { return d.TenantID }

func (d *readDoc) isRead(n *notificationDoc) bool {
	return n.Seq <= d.ReadUpTo || slices.Contains(d.ReadIDs, n.ID)
}

// loadInbox returns the user's inbox and read marks (empty ones when there are none).
func (db *DB) loadInbox(ctx context.Context, userID string) (*itemsDoc, *readDoc, error) {
	var d itemsDoc
	var r readDoc
	for _, x := range []struct {
		fam string
		out interface{ tenant() string }
	}{{famInbox, &d}, {famInboxRead, &r}} {
		err := findOwned(ctx, db.part(x.fam, userID), userID, "notifications", x.out)
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return nil, nil, err
		}
	}
	return &d, &r, nil
}

// FindNotifications implements domain.NotificationStore.
func (db *DB) FindNotifications(ctx context.Context, userID string, limit int, cursor string) ([]*domain.Notification, string, int, int, error) {
	d, r, err := db.loadInbox(ctx, userID)
	if err != nil {
		return nil, "", 0, 0, err
	}
	start := 0
	if cursor != "" {
		b, derr := base64.RawURLEncoding.DecodeString(cursor)
		idx := -1
		if derr == nil && len(b) > 2 && string(b[:2]) == "n:" {
			idx = slices.IndexFunc(d.Items, func(x notificationDoc) bool { return x.ID == string(b[2:]) })
		}
		if idx < 0 {
			return nil, "", 0, 0, domain.Invalid("cursor", "cursor is not valid; start again without it")
		}
		start = idx + 1
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	end := min(start+limit, len(d.Items))
	out := make([]*domain.Notification, 0, end-start)
	for i := start; i < end; i++ {
		n := d.Items[i].toDomain()
		n.Read = r.isRead(&d.Items[i])
		out = append(out, n)
	}
	next := ""
	if end < len(d.Items) && end > 0 {
		next = encodeNotificationCursor(d.Items[end-1].ID)
	}
	return out, next, len(d.Items), countUnread(d, r), nil
}

func countUnread(d *itemsDoc, r *readDoc) int {
	n := 0
	for i := range d.Items {
		if !r.isRead(&d.Items[i]) {
			n++
		}
	}
	return n
}

// MarkNotificationsRead implements domain.NotificationStore.
func (db *DB) MarkNotificationsRead(ctx context.Context, userID string, ids []string, all bool) (int, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return 0, err
	}
	defer lockIdea(famInboxRead + ":" + userID)()
	d, r, err := db.loadInbox(ctx, userID)
	if err != nil {
		return 0, err
	}
	next := readDoc{ID: userID, TenantID: tid, ReadUpTo: r.ReadUpTo, ReadIDs: []string{}}
	if all {
		next.ReadUpTo = max(r.ReadUpTo, d.Seq)
	}
	// Keep the marks of notifications still in the inbox and above the cut-off.
	for i := range d.Items {
		n := &d.Items[i]
		if n.Seq > next.ReadUpTo && (slices.Contains(r.ReadIDs, n.ID) || slices.Contains(ids, n.ID)) {
			next.ReadIDs = append(next.ReadIDs, n.ID)
		}
	}
	if next.ReadUpTo != r.ReadUpTo || !slices.Equal(next.ReadIDs, r.ReadIDs) {
		_, err = db.part(famInboxRead, userID).ReplaceOne(ctx, bson.D{{Key: "_id", Value: userID}}, next, options.Replace().SetUpsert(true))
		if err != nil && !mongo.IsDuplicateKeyError(err) {
			return 0, mapErr(err, "notifications")
		}
	}
	return countUnread(d, &next), nil
}

type eventDoc struct {
	ID           string         `bson:"_id"`
	Type         string         `bson:"type"`
	TenantID     string         `bson:"tenantId"`
	IdeaID       string         `bson:"ideaId,omitempty"`
	ActorID      string         `bson:"actorId,omitempty"`
	From         string         `bson:"from,omitempty"`
	To           string         `bson:"to,omitempty"`
	Reason       string         `bson:"reason,omitempty"`
	CommentID    string         `bson:"commentId,omitempty"`
	Text         string         `bson:"text,omitempty"`
	RecipientIDs []string       `bson:"recipientIds,omitempty"`
	DueAt        time.Time      `bson:"dueAt,omitempty"`
	Ideas        []eventIdeaDoc `bson:"ideas,omitempty"`
	Key          string         `bson:"key,omitempty"`
	At           time.Time      `bson:"at"`
}

var _ domain.EventQueue = (*DB)(nil)

// QueueEvent implements domain.EventQueue.
func (db *DB) QueueEvent(ctx context.Context, e *domain.Event) error {
	if e.ID == "" {
		e.ID = db.NewID()
	}
	if e.At.IsZero() {
		e.At = db.now()
	}
	_, err := db.c(colNotifyEvents).InsertOne(ctx, eventDoc{
		ID: e.ID, Type: string(e.Type), TenantID: e.TenantID, IdeaID: e.IdeaID, ActorID: e.ActorID,
		From: string(e.From), To: string(e.To), Reason: e.Reason, CommentID: e.CommentID, Text: e.Text,
		RecipientIDs: e.RecipientIDs, DueAt: e.DueAt, Ideas: ideasToDoc(e.Ideas), Key: e.Key, At: e.At.UTC(),
	})
	return mapErr(err, "event")
}

// PendingEvents implements domain.EventQueue.
func (db *DB) PendingEvents(ctx context.Context, limit int) ([]*domain.Event, error) {
	cur, err := db.c(colNotifyEvents).Find(ctx, bson.D{},
		options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, mapErr(err, "events")
	}
	var docs []eventDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "events")
	}
	out := make([]*domain.Event, len(docs))
	for i, d := range docs {
		out[i] = &domain.Event{
			ID: d.ID, Type: domain.EventType(d.Type), TenantID: d.TenantID, IdeaID: d.IdeaID, ActorID: d.ActorID,
			From: domain.Stage(d.From), To: domain.Stage(d.To), Reason: d.Reason, CommentID: d.CommentID, Text: d.Text,
			RecipientIDs: d.RecipientIDs, DueAt: d.DueAt, Ideas: ideasToDomain(d.Ideas), Key: d.Key, At: d.At,
		}
	}
	return out, nil
}

// DeleteEvent implements domain.EventQueue.
func (db *DB) DeleteEvent(ctx context.Context, id string) error {
	_, err := db.c(colNotifyEvents).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	return mapErr(err, "event")
}

var _ domain.DigestStore = (*DB)(nil)

func digestID(tenantID, userID string) string { return tenantID + ":" + userID }

// AddDigestItem implements domain.DigestStore.
func (db *DB) AddDigestItem(ctx context.Context, userID string, n *domain.Notification) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	_, err = db.changeItems(ctx, db.c(colNotifyDigests), digestID(tid, userID), tid, userID, func(d *itemsDoc) bool {
		if hasItem(d.Items, n.ID) {
			return false
		}
		d.Items = append(d.Items, notificationToDoc(n))
		// A digest lists at most a day's worth; keep the newest if someone is very popular.
		if len(d.Items) > domain.InboxMax {
			d.Items = d.Items[len(d.Items)-domain.InboxMax:]
		}
		return true
	})
	return err
}

// PendingDigests implements domain.DigestStore.
func (db *DB) PendingDigests(ctx context.Context, limit int) ([]domain.DigestBatch, error) {
	cur, err := db.c(colNotifyDigests).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, mapErr(err, "digests")
	}
	var docs []itemsDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "digests")
	}
	var out []domain.DigestBatch
	for _, d := range docs {
		if len(d.Items) == 0 {
			continue
		}
		b := domain.DigestBatch{TenantID: d.TenantID, UserID: d.UserID}
		for i := range d.Items {
			b.Items = append(b.Items, d.Items[i].toDomain())
		}
		out = append(out, b)
	}
	return out, nil
}

// RemoveDigestItems implements domain.DigestStore. An emptied digest is deleted (guarded
// by its version, so an item added meanwhile keeps it).
func (db *DB) RemoveDigestItems(ctx context.Context, tenantID, userID string, ids []string) error {
	coll := db.c(colNotifyDigests)
	id := digestID(tenantID, userID)
	d, err := db.changeItems(ctx, coll, id, tenantID, userID, func(d *itemsDoc) bool {
		n := len(d.Items)
		d.Items = slices.DeleteFunc(d.Items, func(x notificationDoc) bool { return slices.Contains(ids, x.ID) })
		return len(d.Items) != n
	})
	if err != nil {
		return err
	}
	if len(d.Items) == 0 && d.Version > 0 {
		_, err = coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "version", Value: d.Version}})
	}
	return mapErr(err, "digest")
}

type reminderDoc struct {
	ID         string    `bson:"_id"`
	TenantID   string    `bson:"tenantId"`
	IdeaID     string    `bson:"ideaId"`
	ReviewerID string    `bson:"reviewerId"`
	DueAt      time.Time `bson:"dueAt"`
}

func reminderID(r domain.ReviewReminder) string {
	return r.TenantID + ":" + r.IdeaID + ":" + r.ReviewerID
}

var _ domain.ReminderStore = (*DB)(nil)

// SetReviewReminder implements domain.ReminderStore.
func (db *DB) SetReviewReminder(ctx context.Context, r domain.ReviewReminder) error {
	id := reminderID(r)
	_, err := db.c(colReminders).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}},
		reminderDoc{ID: id, TenantID: r.TenantID, IdeaID: r.IdeaID, ReviewerID: r.ReviewerID, DueAt: r.DueAt.UTC()},
		options.Replace().SetUpsert(true))
	if mongo.IsDuplicateKeyError(err) {
		// Two upserts raced; the other one wrote the same reminder.
		return nil
	}
	return mapErr(err, "reminder")
}

// ClearReviewReminder implements domain.ReminderStore.
func (db *DB) ClearReviewReminder(ctx context.Context, r domain.ReviewReminder) error {
	_, err := db.c(colReminders).DeleteOne(ctx, bson.D{{Key: "_id", Value: reminderID(r)}})
	return mapErr(err, "reminder")
}

// FindReviewReminders implements domain.ReminderStore.
func (db *DB) FindReviewReminders(ctx context.Context) ([]domain.ReviewReminder, error) {
	cur, err := db.c(colReminders).Find(ctx, bson.D{})
	if err != nil {
		return nil, mapErr(err, "reminders")
	}
	var docs []reminderDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "reminders")
	}
	out := make([]domain.ReviewReminder, len(docs))
	for i, d := range docs {
		out[i] = domain.ReviewReminder{TenantID: d.TenantID, IdeaID: d.IdeaID, ReviewerID: d.ReviewerID, DueAt: d.DueAt}
	}
	return out, nil
}
