package mongo_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

func TestCommentStore(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")
	commentCount := func(t *testing.T, ideaID string) int {
		t.Helper()
		i, err := db.FindIdeaByID(ctx, ideaID)
		if err != nil {
			t.Fatal(err)
		}
		return i.CommentCount
	}

	t.Run("CreateFindCount", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Diskutierte Idee")
		c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "Gute Idee, **wirklich**."}
		if err := db.CreateComment(ctx, c); err != nil {
			t.Fatal(err)
		}
		if c.ID == "" || c.Version != 1 || c.CreatedAt.IsZero() {
			t.Fatalf("not initialised: %+v", c)
		}
		got, err := db.FindCommentByID(ctx, c.ID)
		if err != nil || got.Body != c.Body || got.IdeaID != i.ID || got.AuthorID != "u1" {
			t.Fatalf("got %+v, %v", got, err)
		}
		if n := commentCount(t, i.ID); n != 1 {
			t.Fatalf("comment count %d", n)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, id := range []string{"", "x", "zz-0193", "00-nothing", "../etc", "ff-0193"} {
			if _, err := db.FindCommentByID(ctx, id); domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Fatalf("%q: %v", id, err)
			}
		}
		if err := db.CreateComment(ctx, &domain.Comment{IdeaID: "nope", AuthorID: "u1", Body: "x"}); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("comment on unknown idea: %v", err)
		}
	})
	t.Run("ErrOtherTenant", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Nur für eins")
		c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "intern"}
		_ = db.CreateComment(ctx, c)
		if _, err := db.FindCommentByID(other, c.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("read across tenants: %v", err)
		}
		if _, err := db.DeleteComment(other, c.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("delete across tenants: %v", err)
		}
		if cs, _, total, _ := db.FindComments(other, i.ID, 10, ""); len(cs) != 0 || total != 0 {
			t.Fatalf("list across tenants: %d", total)
		}
	})
	t.Run("PagesOldestFirstWithoutGapsOrRepeats", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Viele Kommentare")
		var want []string
		for k := range 25 {
			c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: fmt.Sprintf("Kommentar %d", k)}
			if err := db.CreateComment(ctx, c); err != nil {
				t.Fatal(err)
			}
			want = append(want, c.ID)
		}
		var got []string
		cursor := ""
		for page := 0; ; page++ {
			cs, next, total, err := db.FindComments(ctx, i.ID, 10, cursor)
			if err != nil || total < 25 {
				t.Fatalf("page %d: total %d, %v", page, total, err)
			}
			for _, c := range cs {
				got = append(got, c.ID)
			}
			if page == 0 {
				// A comment written while the client pages appears at the end, once.
				c := &domain.Comment{IdeaID: i.ID, AuthorID: "u2", Body: "Nachzügler"}
				_ = db.CreateComment(ctx, c)
				want = append(want, c.ID)
			}
			if next == "" {
				break
			}
			cursor = next
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("order or completeness differs:\n got %v\nwant %v", got, want)
		}
	})
	t.Run("ErrBadCursor", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Cursor")
		for _, cur := range []string{"garbage", "Yzp4", "o:1"} {
			if _, _, _, err := db.FindComments(ctx, i.ID, 10, cur); domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("%q: %v", cur, err)
			}
		}
	})
	t.Run("EditWithVersion", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Bearbeiten")
		c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "erste Fassung"}
		_ = db.CreateComment(ctx, c)
		got, err := db.EditComment(ctx, c.ID, "zweite Fassung", 1)
		if err != nil || got.Body != "zweite Fassung" || !got.Edited || got.Version != 2 {
			t.Fatalf("got %+v, %v", got, err)
		}
		if _, err := db.EditComment(ctx, c.ID, "veraltet", 1); domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
			t.Fatalf("stale edit: %v", err)
		}
		if got, _ := db.FindCommentByID(ctx, c.ID); got.Body != "zweite Fassung" {
			t.Fatalf("stale edit changed the body: %q", got.Body)
		}
	})
	t.Run("DeleteLeavesPlaceholderAndCountsOnce", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Löschen")
		c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "weg damit"}
		_ = db.CreateComment(ctx, c)
		var wg sync.WaitGroup
		for range 5 {
			wg.Go(func() {
				if _, err := db.DeleteComment(ctx, c.ID); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got, err := db.FindCommentByID(ctx, c.ID)
		if err != nil || !got.Deleted || got.Body != "" || got.DeletedAt.IsZero() {
			t.Fatalf("placeholder %+v, %v", got, err)
		}
		if n := commentCount(t, i.ID); n != 0 {
			t.Fatalf("comment count %d after deleting once (5 times concurrently)", n)
		}
		if _, err := db.EditComment(ctx, c.ID, "wieder da", got.Version); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("edit of deleted comment: %v", err)
		}
		cs, _, total, _ := db.FindComments(ctx, i.ID, 10, "")
		if len(cs) != 1 || total != 1 || !cs[0].Deleted {
			t.Fatalf("placeholder not listed: %d %d", len(cs), total)
		}
	})
	t.Run("HideOnce", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Moderation")
		c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "unfreundlich"}
		_ = db.CreateComment(ctx, c)
		at := time.Now()
		got, err := db.HideComment(ctx, c.ID, domain.CommentHidden{ByID: "cdo", At: at, Reason: "Beleidigung"})
		if err != nil || got.Hidden == nil || got.Hidden.Reason != "Beleidigung" || got.Hidden.ByID != "cdo" || got.Body != "unfreundlich" {
			t.Fatalf("got %+v, %v", got, err)
		}
		if _, err := db.HideComment(ctx, c.ID, domain.CommentHidden{ByID: "cdo", At: at, Reason: "nochmal"}); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("hide twice: %v", err)
		}
		if _, err := db.EditComment(ctx, c.ID, "entschärft", got.Version); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("edit of hidden comment: %v", err)
		}
		if n := commentCount(t, i.ID); n != 1 {
			t.Fatalf("hidden comments still count: %d", n)
		}
	})
	t.Run("ReportOncePerUser", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Meldungen")
		c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "Spam"}
		_ = db.CreateComment(ctx, c)
		for _, u := range []string{"r1", "r2"} {
			if err := db.ReportComment(ctx, &domain.CommentReport{CommentID: c.ID, ReporterID: u, Reason: "Werbung"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.ReportComment(ctx, &domain.CommentReport{CommentID: c.ID, ReporterID: "r1", Reason: "nochmal"}); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("second report: %v", err)
		}
		if got, _ := db.FindCommentByID(ctx, c.ID); got.ReportCount != 2 {
			t.Fatalf("report count %d", got.ReportCount)
		}
		if err := db.ReportComment(other, &domain.CommentReport{CommentID: c.ID, ReporterID: "r3", Reason: "x"}); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("report across tenants: %v", err)
		}
	})
}

// An instance that knows an idea (a revision hint) writes a comment without reading the idea
// first; if another instance deleted the idea meanwhile, the comment is refused and undone,
// and so are an attachment's and a support's.
func TestEngagementOnIdeaDeletedElsewhere(t *testing.T) {
	a, b := twoInstances(t)
	ctx, _ := mongotest.MustCreateTenant(t, a, "eins")
	i := newIdea("Gleich weg")
	if err := a.CreateIdea(ctx, i); err != nil {
		t.Fatal(err)
	}
	if err := a.IncIdeaCounters(ctx, i.ID, domain.CounterDelta{Comments: 1}); err != nil { // a knows it now
		t.Fatal(err)
	}
	if err := b.DeleteIdea(ctx, i.ID, 1); err != nil {
		t.Fatal(err)
	}
	if err := a.CreateComment(ctx, &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "Zu spät"}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("comment on a deleted idea: %v", err)
	}
	if cs, _, _, err := b.FindComments(ctx, i.ID, 10, ""); err != nil || len(cs) != 0 {
		t.Fatalf("comments left: %v, %v", cs, err)
	}
	if ok, err := a.AddSupport(ctx, i.ID, "u1"); ok || domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("support of a deleted idea: %v, %v", ok, err)
	}
	if ok, _ := b.HasSupported(ctx, i.ID, "u1"); ok {
		t.Fatal("a support of a deleted idea is left")
	}
}

// TestPendingEventsOldestFirst: the notification queue hands out its oldest events first,
// batch by batch, as they are delivered (deleted) and others come in.
func TestPendingEventsOldestFirst(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "events")
	base := time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC)
	var ids []string
	queue := func(k int) {
		e := &domain.Event{Type: domain.EventComment, IdeaID: "idee", Text: fmt.Sprint(k), At: base.Add(time.Duration(k) * time.Second)}
		if err := db.QueueEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	pending := func(limit int) []string {
		evs, err := db.PendingEvents(ctx, limit)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range evs {
			out = append(out, e.ID)
		}
		return out
	}
	for k := range 5 {
		queue(k)
	}
	if got := pending(3); !slices.Equal(got, ids[:3]) {
		t.Fatalf("first batch %v, want %v", got, ids[:3])
	}
	for _, k := range []int{0, 2} {
		if err := db.DeleteEvent(ctx, ids[k]); err != nil {
			t.Fatal(err)
		}
	}
	queue(5)
	if got, want := pending(10), []string{ids[1], ids[3], ids[4], ids[5]}; !slices.Equal(got, want) {
		t.Fatalf("after delivering two: %v, want %v", got, want)
	}
}

// TestInboxPages: an inbox head becomes a page when full, so adding a notification rewrites
// a small document; the inbox still lists the newest InboxMax, keeps a bounded number of
// pages, recognises a notification delivered again after its roll-over, and splits a head
// written before the pages (all its notifications in one document) at its next addition.
func TestInboxPages(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, tn := mongotest.MustCreateTenant(t, db, "inbox")
	uid := "nutzerin-1"
	coll := db.Collection(mongo.PartitionName("notifyinbox", mongo.PartitionOf(uid)))
	add := func(id string) {
		if err := db.AddNotification(ctx, uid, &domain.Notification{ID: id, Type: domain.EventComment, CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	list := func() (ids []string, unread int) {
		cursor := ""
		for {
			items, next, total, un, err := db.FindNotifications(ctx, uid, 100, cursor)
			if err != nil {
				t.Fatal(err)
			}
			if total > domain.InboxMax {
				t.Fatalf("total %d", total)
			}
			for _, n := range items {
				ids = append(ids, n.ID)
			}
			unread = un
			if next == "" {
				return ids, unread
			}
			cursor = next
		}
	}
	// A head from before the pages, with all InboxMax notifications.
	var legacy bson.A
	for k := range domain.InboxMax {
		legacy = append(bson.A{bson.D{{Key: "id", Value: fmt.Sprintf("alt%03d", k)}, {Key: "type", Value: "comment"},
			{Key: "seq", Value: int64(k + 1)}, {Key: "createdAt", Value: time.Now()}}}, legacy...)
	}
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: uid}, {Key: "tenantId", Value: tn.ID}, {Key: "userId", Value: uid},
		{Key: "items", Value: legacy}, {Key: "seq", Value: int64(domain.InboxMax)}, {Key: "version", Value: int64(1)}}); err != nil {
		t.Fatal(err)
	}
	if ids, unread := list(); len(ids) != domain.InboxMax || ids[0] != "alt199" || unread != domain.InboxMax {
		t.Fatalf("the old head lists %d, first %v, %d unread", len(ids), ids[:1], unread)
	}
	add("neu000")
	if ids, _ := list(); len(ids) != domain.InboxMax || ids[0] != "neu000" || ids[1] != "alt199" || ids[len(ids)-1] != "alt001" {
		t.Fatalf("after splitting the old head: %d, %v … %v", len(ids), ids[:2], ids[len(ids)-1])
	}
	var head bson.M
	if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: uid}}).Decode(&head); err != nil {
		t.Fatal(err)
	}
	// Written back as one JSON string, the array of the old head gone.
	var items []map[string]any
	if s, _ := head["itemsJSON"].(string); json.Unmarshal([]byte(s), &items) != nil || len(items) != 1 || items[0]["id"] != "neu000" {
		t.Fatalf("the head holds %v after the split", head["itemsJSON"])
	}
	if _, ok := head["items"]; ok {
		t.Fatal("the head kept its array of notifications")
	}
	add("alt199") // delivered again right after it moved to a page
	if ids, _ := list(); ids[0] != "neu000" || ids[1] != "alt199" {
		t.Fatalf("a notification delivered again was added again: %v", ids[:2])
	}
	for k := 1; k < 3*domain.InboxMax; k++ {
		add(fmt.Sprintf("neu%03d", k))
	}
	ids, _ := list()
	if len(ids) != domain.InboxMax || ids[0] != fmt.Sprintf("neu%03d", 3*domain.InboxMax-1) || slices.Contains(ids, "alt199") {
		t.Fatalf("after %d more: %d, first %v", 3*domain.InboxMax, len(ids), ids[:1])
	}
	for k, id := range ids {
		if want := fmt.Sprintf("neu%03d", 3*domain.InboxMax-1-k); id != want {
			t.Fatalf("position %d: %s, want %s", k, id, want)
		}
	}
	docs, err := coll.CountDocuments(ctx, bson.D{})
	if err != nil || docs > 1+domain.InboxMax/20 {
		t.Fatalf("%d documents for one inbox, %v", docs, err)
	}
	// Read marks still apply across the pages.
	if n, err := db.MarkNotificationsRead(ctx, uid, []string{ids[0], ids[150]}, false); err != nil || n != domain.InboxMax-2 {
		t.Fatalf("unread after marking two: %d, %v", n, err)
	}
}

// TestDigestItems: a pending digest is a document per notification — added once however often
// delivered, listed oldest first with those of a digest document from before, at most
// InboxMax, and removed once mailed.
func TestDigestItems(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, tn := mongotest.MustCreateTenant(t, db, "digest")
	base := time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)
	if _, err := db.Collection("notify_digests").InsertOne(ctx, bson.D{{Key: "_id", Value: tn.ID + ":u1"}, {Key: "tenantId", Value: tn.ID},
		{Key: "userId", Value: "u1"}, {Key: "version", Value: int64(1)}, {Key: "items", Value: bson.A{
			bson.D{{Key: "id", Value: "alt"}, {Key: "type", Value: "comment"}, {Key: "createdAt", Value: base}}}}}); err != nil {
		t.Fatal(err)
	}
	add := func(user, id string, at time.Time) {
		if err := db.AddDigestItem(ctx, user, &domain.Notification{ID: id, Type: domain.EventComment, CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	add("u1", "b", base.Add(2*time.Minute))
	add("u1", "a", base.Add(time.Minute))
	add("u1", "a", base.Add(time.Minute)) // delivered again
	for k := range domain.InboxMax + 3 {
		add("u2", fmt.Sprintf("n%03d", k), base.Add(time.Duration(k)*time.Second))
	}
	batches, err := db.PendingDigests(ctx, 10)
	if err != nil || len(batches) != 2 {
		t.Fatalf("%d batches, %v", len(batches), err)
	}
	for limit, want := range map[int]int{1: 1, 0: 2, -1: 2} { // 0 and less: every user
		if b, err := db.PendingDigests(ctx, limit); err != nil || len(b) != want {
			t.Fatalf("limit %d: %d batches (%v), want %d", limit, len(b), err, want)
		}
	}
	ids := func(b domain.DigestBatch) (out []string) {
		for _, n := range b.Items {
			out = append(out, n.ID)
		}
		return out
	}
	if got := ids(batches[0]); batches[0].UserID != "u1" || !slices.Equal(got, []string{"alt", "a", "b"}) {
		t.Fatalf("u1's digest: %s %v", batches[0].UserID, got)
	}
	if got := ids(batches[1]); len(got) != domain.InboxMax || got[0] != "n003" {
		t.Fatalf("u2's digest: %d items from %s", len(got), got[0])
	}
	if err := db.RemoveDigestItems(ctx, tn.ID, "u1", []string{"alt", "a", "b"}); err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveDigestItems(ctx, tn.ID, "u2", ids(batches[1])); err != nil {
		t.Fatal(err)
	}
	if batches, err := db.PendingDigests(ctx, 10); err != nil || len(batches) != 0 {
		t.Fatalf("after mailing: %+v, %v", batches, err)
	}
	if n, _ := db.Collection("notify_digests").CountDocuments(ctx, bson.D{}); n != 0 {
		t.Fatalf("%d digest documents left", n)
	}
}

// A digest document from before whose items are mailed in part keeps the others, written
// back in the current form, and PendingDigests still lists them.
func TestOldDigestPartlyMailed(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, tn := mongotest.MustCreateTenant(t, db, "digest-alt")
	base := time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)
	if _, err := db.Collection("notify_digests").InsertOne(ctx, bson.D{{Key: "_id", Value: tn.ID + ":u1"}, {Key: "tenantId", Value: tn.ID},
		{Key: "userId", Value: "u1"}, {Key: "version", Value: int64(1)}, {Key: "items", Value: bson.A{
			bson.D{{Key: "id", Value: "alt1"}, {Key: "type", Value: "comment"}, {Key: "createdAt", Value: base}},
			bson.D{{Key: "id", Value: "alt2"}, {Key: "type", Value: "comment"}, {Key: "excerpt", Value: "Noch offen"},
				{Key: "createdAt", Value: base.Add(time.Minute)}}}}}); err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveDigestItems(ctx, tn.ID, "u1", []string{"alt1"}); err != nil {
		t.Fatal(err)
	}
	batches, err := db.PendingDigests(ctx, 10)
	if err != nil || len(batches) != 1 || len(batches[0].Items) != 1 {
		t.Fatalf("after mailing one of two: %+v, %v", batches, err)
	}
	if n := batches[0].Items[0]; n.ID != "alt2" || n.Excerpt != "Noch offen" || !n.CreatedAt.Equal(base.Add(time.Minute)) {
		t.Fatalf("the item left: %+v", n)
	}
	var raw bson.M
	if err := db.Collection("notify_digests").FindOne(ctx, bson.D{{Key: "_id", Value: tn.ID + ":u1"}}).Decode(&raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw["items"]; ok || raw["itemsJSON"] == nil {
		t.Fatalf("the document was not written back in the current form: %v", raw)
	}
}
