package mongo

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Notifications on the embedded store.
//
// In-app inboxes are a head document per user ({_id: userId, items: [newest …], seq,
// pages}) and up to inboxPages older pages ({_id: "userId#n", items}), in Partitions
// collections chosen by the user ID. Adding a notification rewrites the head, which holds at
// most inboxPage of them; a full head becomes a page first. (The embedded store rewrites a
// whole document for any update: with all InboxMax notifications in one document of ~80 KB,
// each one added cost ~50 ms of CPU, and fanning a comment out to an idea's followers kept
// the dispatcher at ~25 events a second.) Listing a page and counting unread notifications
// reads the head, its pages and the read marks by _id. Heads written before the pages
// existed hold all their notifications and are split at their next addition.
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
	ID    string `bson:"id" json:"id"`
	Title string `bson:"title" json:"title"`
	Stage string `bson:"stage" json:"stage"`
	Days  int    `bson:"days" json:"days"`
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
	ID        string         `bson:"id" json:"id"`
	Type      string         `bson:"type" json:"type"`
	IdeaID    string         `bson:"ideaId,omitempty" json:"ideaId,omitempty"`
	IdeaTitle string         `bson:"ideaTitle,omitempty" json:"ideaTitle,omitempty"`
	ActorID   string         `bson:"actorId,omitempty" json:"actorId,omitempty"`
	ActorName string         `bson:"actorName,omitempty" json:"actorName,omitempty"`
	From      string         `bson:"from,omitempty" json:"from,omitempty"`
	To        string         `bson:"to,omitempty" json:"to,omitempty"`
	Reason    string         `bson:"reason,omitempty" json:"reason,omitempty"`
	Excerpt   string         `bson:"excerpt,omitempty" json:"excerpt,omitempty"`
	CommentID string         `bson:"commentId,omitempty" json:"commentId,omitempty"`
	DueAt     time.Time      `bson:"dueAt,omitempty" json:"dueAt,omitzero"`
	Ideas     []eventIdeaDoc `bson:"ideas,omitempty" json:"ideas,omitempty"`
	Seq       int64          `bson:"seq" json:"seq"`
	CreatedAt time.Time      `bson:"createdAt" json:"createdAt"`
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

// itemsDoc is a per-user document holding a bounded list of notifications: an inbox's
// head, or a pending digest written before digests were a document per item.
type itemsDoc struct {
	ID       string `bson:"_id"`
	TenantID string `bson:"tenantId"`
	UserID   string `bson:"userId"`
	// Items are the notifications, newest first, stored as one JSON string (ItemsJSON): the
	// embedded store decodes a nested document value by value, and the head is read and
	// written back for every notification added. Documents written before hold them as an
	// array ("items"), which is read and replaced by the string at the next write.
	Items     []notificationDoc `bson:"items,omitempty"`
	ItemsJSON string            `bson:"itemsJSON,omitempty"`
	// Seq numbers the notifications ever added (read marks refer to it).
	Seq     int64 `bson:"seq"`
	Version int64 `bson:"version"`
	// Inbox heads only: Pages numbers the older pages, newest first; NextPage is the number
	// the next one gets; Recent holds the IDs of the notifications last moved to a page, so
	// a redelivered event is still recognised.
	Pages    []int64  `bson:"pages,omitempty"`
	NextPage int64    `bson:"nextPage,omitempty"`
	Recent   []string `bson:"recent,omitempty"`
}

// inboxPageDoc is an older page of an inbox.
type inboxPageDoc struct {
	ID       string            `bson:"_id"`
	TenantID string            `bson:"tenantId"`
	Items    []notificationDoc `bson:"items"`
}

func (d *inboxPageDoc) tenant() string { return d.TenantID }

const (
	// inboxPage is how many notifications an inbox head holds before it becomes a page.
	inboxPage = 20
	// inboxPages is how many older pages an inbox keeps: with the head at least InboxMax
	// notifications, of which the newest InboxMax are shown.
	inboxPages = domain.InboxMax / inboxPage
)

func inboxPageID(userID string, n int64) string { return userID + "#" + strconv.FormatInt(n, 10) }

func (d *itemsDoc) tenant() string { return d.TenantID }

// UnmarshalBSON reads either form of the notifications into Items.
func (d *itemsDoc) UnmarshalBSON(b []byte) error {
	type plain itemsDoc
	*d = itemsDoc{}
	if err := bson.Unmarshal(b, (*plain)(d)); err != nil {
		return err
	}
	if err := fromJSONString(&d.ItemsJSON, &d.Items); err != nil { // the array, if any, is replaced
		return fmt.Errorf("notifications of %s: %w", d.ID, err)
	}
	if d.Items == nil {
		d.Items = []notificationDoc{}
	}
	return nil
}

// MarshalBSON writes Items as ItemsJSON.
func (d itemsDoc) MarshalBSON() ([]byte, error) {
	type plain itemsDoc
	p := plain(d)
	s, err := itemsJSON(d.Items)
	if err != nil {
		return nil, err
	}
	p.Items, p.ItemsJSON = nil, s
	return bson.Marshal(p)
}

// itemsJSON is the stored form of items.
func itemsJSON(items []notificationDoc) (string, error) {
	if items == nil {
		items = []notificationDoc{}
	}
	b, err := json.Marshal(items)
	if err != nil {
		return "", fmt.Errorf("encode notifications: %w", err)
	}
	return string(b), nil
}

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
		items, err := itemsJSON(d.Items)
		if err != nil {
			return nil, err
		}
		set := bson.D{{Key: "itemsJSON", Value: items}, {Key: "seq", Value: d.Seq}, {Key: "version", Value: d.Version}}
		if d.NextPage > 0 { // an inbox head with pages
			set = append(set, bson.E{Key: "pages", Value: d.Pages}, bson.E{Key: "nextPage", Value: d.NextPage}, bson.E{Key: "recent", Value: d.Recent})
		}
		res, err := coll.UpdateOne(ctx, db.versionGuard(id, v), // read above under the lock
			bson.D{{Key: "$set", Value: set}, {Key: "$unset", Value: bson.D{{Key: "items", Value: ""}}}})
		if err != nil {
			return nil, mapErr(err, "notifications")
		}
		if res.MatchedCount == 1 {
			return &d, nil
		}
	}
	return nil, domain.Conflict(domain.RBusy, "notifications are being changed by others right now; try again")
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
	coll := db.inbox(userID)
	var pageErr error
	var drop []int64
	_, err = db.changeItems(ctx, coll, userID, tid, userID, func(d *itemsDoc) bool {
		pageErr, drop = nil, nil // fn runs again on the head as stored when a write raced
		if hasItem(d.Items, n.ID) || slices.Contains(d.Recent, n.ID) {
			return false
		}
		if len(d.Items) >= inboxPage {
			// The head's notifications become pages (a head from before the pages: several),
			// written before the head that names them; a retry writes the same pages again.
			var chunks [][]notificationDoc
			for end := len(d.Items); end > 0; end -= inboxPage {
				chunks = append(chunks, d.Items[max(0, end-inboxPage):end]) // the oldest first
			}
			for _, c := range chunks {
				_, err := coll.ReplaceOne(ctx, bson.D{{Key: "_id", Value: inboxPageID(userID, d.NextPage)}},
					inboxPageDoc{ID: inboxPageID(userID, d.NextPage), TenantID: tid, Items: c}, options.Replace().SetUpsert(true))
				if err != nil {
					pageErr = mapErr(err, "notifications")
					return false
				}
				d.Pages = append([]int64{d.NextPage}, d.Pages...)
				d.NextPage++
			}
			d.Recent = make([]string, 0, inboxPage)
			for _, x := range d.Items[:inboxPage] {
				d.Recent = append(d.Recent, x.ID)
			}
			d.Items = []notificationDoc{}
			if len(d.Pages) > inboxPages {
				drop = slices.Clone(d.Pages[inboxPages:])
				d.Pages = d.Pages[:inboxPages]
			}
		}
		nd := notificationToDoc(n)
		d.Seq++
		nd.Seq = d.Seq
		d.Items = append([]notificationDoc{nd}, d.Items...)
		return true
	})
	if err == nil {
		err = pageErr
	}
	if err != nil {
		return err
	}
	// Pages dropped out of the inbox go once the head no longer names them.
	for _, p := range drop {
		if _, err := coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: inboxPageID(userID, p)}}); err != nil {
			return mapErr(err, "notifications")
		}
	}
	return nil
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
	// The older pages follow the head, newest first, up to InboxMax notifications. A page
	// missing (a roll-over that failed half-way) is skipped.
	for _, p := range d.Pages {
		if len(d.Items) >= domain.InboxMax {
			break
		}
		var pg inboxPageDoc
		err := findOwned(ctx, db.inbox(userID), inboxPageID(userID, p), "notifications", &pg)
		switch domain.ErrorCode(err) {
		case "":
			d.Items = append(d.Items, pg.Items...)
		case domain.ENOTFOUND:
		default:
			return nil, nil, err
		}
	}
	d.Items = d.Items[:min(len(d.Items), domain.InboxMax)]
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

// ClearNotifications implements domain.NotificationStore. The pending digest's items are
// found by a scan of the digests (they are keyed by tenant and user, not partitioned).
func (db *DB) ClearNotifications(ctx context.Context, userID string) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	defer lockIdea(db.inbox(userID).Name() + ":" + userID)()
	var head itemsDoc
	switch err := findOwned(ctx, db.inbox(userID), userID, "notifications", &head); domain.ErrorCode(err) {
	case "", domain.ENOTFOUND:
	default:
		return err
	}
	// The pages kept, and as many before them: a page whose drop failed is left over there.
	ids := []string{userID}
	for p := max(0, head.NextPage-2*inboxPages); p < head.NextPage; p++ {
		ids = append(ids, inboxPageID(userID, p))
	}
	for _, id := range ids {
		if _, err := db.inbox(userID).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "tenantId", Value: tid}}); err != nil {
			return mapErr(err, "notifications")
		}
	}
	if _, err := db.part(famInboxRead, userID).DeleteOne(ctx, bson.D{{Key: "_id", Value: userID}, {Key: "tenantId", Value: tid}}); err != nil {
		return mapErr(err, "notifications")
	}
	digests := db.c(colNotifyDigests)
	cur, err := digests.Find(ctx, bson.D{{Key: "tenantId", Value: tid}, {Key: "userId", Value: userID}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return mapErr(err, "digest")
	}
	var found []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &found); err != nil {
		return mapErr(err, "digest")
	}
	for _, d := range found {
		if _, err := digests.DeleteOne(ctx, bson.D{{Key: "_id", Value: d.ID}}); err != nil {
			return mapErr(err, "digest")
		}
	}
	return nil
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
	err := db.eventInserts.insert(ctx, db.c(colNotifyEvents), eventDoc{
		ID: e.ID, Type: string(e.Type), TenantID: e.TenantID, IdeaID: e.IdeaID, ActorID: e.ActorID,
		From: string(e.From), To: string(e.To), Reason: e.Reason, CommentID: e.CommentID, Text: e.Text,
		RecipientIDs: e.RecipientIDs, DueAt: e.DueAt, Ideas: ideasToDoc(e.Ideas), Key: e.Key, At: e.At.UTC(),
	})
	return mapErr(err, "event")
}

// PendingEvents implements domain.EventQueue: the oldest events first.
//
// MongoDB answers the sorted query from its index on {at, _id}. The embedded store would
// sort by reading and decoding every pending event (~40 µs each): a backlog of 17,000
// events, left by 20 s of comments at 32 clients, cost 0.7 s per batch, so the dispatcher
// fell further behind the more it had to do. Without a sort it reads only the first limit
// rows, in the order they were inserted — the oldest too, within the commits of the
// moment; those are put in order here.
func (db *DB) PendingEvents(ctx context.Context, limit int) ([]*domain.Event, error) {
	opts := options.Find().SetLimit(int64(limit))
	if !db.ferret {
		opts.SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}})
	}
	cur, err := db.c(colNotifyEvents).Find(ctx, bson.D{}, opts)
	if err != nil {
		return nil, mapErr(err, "events")
	}
	var docs []eventDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "events")
	}
	slices.SortStableFunc(docs, func(a, b eventDoc) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
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

// A pending digest is one document per notification ({_id: "tenant:user/notification",
// item}): adding one is an insert (a notification delivered again is a duplicate key), and
// removing the mailed ones deletes them by _id. Digests written before kept all their items in
// one document ({_id: "tenant:user", items}), which the embedded store rewrote whole for
// every addition; those are still read and emptied, and no longer written.
type digestDoc struct {
	ID       string            `bson:"_id"`
	TenantID string            `bson:"tenantId"`
	UserID   string            `bson:"userId"`
	Item     *notificationDoc  `bson:"item,omitempty"`
	Items    []notificationDoc `bson:"items,omitempty"` // a digest document from before
	// ItemsJSON: the items of a digest document from before, once RemoveDigestItems
	// (changeItems) rewrote it.
	ItemsJSON string `bson:"itemsJSON,omitempty"`
	Version   int64  `bson:"version,omitempty"`
}

// UnmarshalBSON reads either form of an old digest document's items into Items.
func (d *digestDoc) UnmarshalBSON(b []byte) error {
	type plain digestDoc
	*d = digestDoc{}
	if err := bson.Unmarshal(b, (*plain)(d)); err != nil {
		return err
	}
	if err := fromJSONString(&d.ItemsJSON, &d.Items); err != nil { // the array, if any, is replaced
		return fmt.Errorf("digest %s: %w", d.ID, err)
	}
	return nil
}

func digestItemID(tenantID, userID, id string) string { return digestID(tenantID, userID) + "/" + id }

// AddDigestItem implements domain.DigestStore.
func (db *DB) AddDigestItem(ctx context.Context, userID string, n *domain.Notification) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	item := notificationToDoc(n)
	_, err = db.c(colNotifyDigests).InsertOne(ctx, digestDoc{ID: digestItemID(tid, userID, n.ID), TenantID: tid, UserID: userID, Item: &item})
	if mongo.IsDuplicateKeyError(err) {
		return nil
	}
	return mapErr(err, "digest")
}

// PendingDigests implements domain.DigestStore: the users' items oldest first, at most
// InboxMax each (a digest lists at most a day's worth; of someone very popular, the newest —
// the older ones are dropped here). It reads the whole collection whatever the limit.
func (db *DB) PendingDigests(ctx context.Context, limit int) ([]domain.DigestBatch, error) {
	coll := db.c(colNotifyDigests)
	cur, err := coll.Find(ctx, bson.D{})
	if err != nil {
		return nil, mapErr(err, "digests")
	}
	var docs []digestDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "digests")
	}
	type key struct{ tenant, user string }
	byUser := map[key][]notificationDoc{}
	for _, d := range docs {
		k := key{d.TenantID, d.UserID}
		if d.Item != nil {
			byUser[k] = append(byUser[k], *d.Item)
		}
		byUser[k] = append(byUser[k], d.Items...)
	}
	keys := slices.SortedFunc(maps.Keys(byUser), func(a, b key) int {
		return cmp.Or(strings.Compare(a.tenant, b.tenant), strings.Compare(a.user, b.user))
	})
	var out []domain.DigestBatch
	for _, k := range keys {
		items := byUser[k]
		if len(items) == 0 {
			continue
		}
		if limit > 0 && len(out) == limit {
			break
		}
		slices.SortStableFunc(items, func(a, b notificationDoc) int {
			return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.Seq, b.Seq), strings.Compare(a.ID, b.ID))
		})
		if over := len(items) - domain.InboxMax; over > 0 {
			var old []string
			for _, x := range items[:over] {
				old = append(old, x.ID)
			}
			if err := db.RemoveDigestItems(ctx, k.tenant, k.user, old); err != nil {
				return nil, err
			}
			items = items[over:]
		}
		b := domain.DigestBatch{TenantID: k.tenant, UserID: k.user}
		for i := range items {
			b.Items = append(b.Items, items[i].toDomain())
		}
		out = append(out, b)
	}
	return out, nil
}

// RemoveDigestItems implements domain.DigestStore. A digest document from before that is
// emptied is deleted (guarded by its version, so an item added meanwhile keeps it).
func (db *DB) RemoveDigestItems(ctx context.Context, tenantID, userID string, ids []string) error {
	coll := db.c(colNotifyDigests)
	var before []string
	for _, x := range ids {
		res, err := coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: digestItemID(tenantID, userID, x)}})
		if err != nil {
			return mapErr(err, "digest")
		}
		if res.DeletedCount == 0 {
			before = append(before, x)
		}
	}
	if len(before) == 0 {
		return nil
	}
	id := digestID(tenantID, userID)
	d, err := db.changeItems(ctx, coll, id, tenantID, userID, func(d *itemsDoc) bool {
		n := len(d.Items)
		d.Items = slices.DeleteFunc(d.Items, func(x notificationDoc) bool { return slices.Contains(before, x.ID) })
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
