package mongo_test

import (
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// The sender reads due messages through their outbox_due entries: every state change keeps
// them in step, stale entries are dropped when read, and pending messages without an entry
// (stores written before, or a crash) get one at the resync.
func TestOutboxDue(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, tenant := mongotest.MustCreateTenant(t, db, "outbox")
	now := time.Now().UTC().Truncate(time.Millisecond)
	db.Now = func() time.Time { return now }
	ids := func(msgs []*domain.OutboxMessage, err error) []string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range msgs {
			out = append(out, m.ID)
		}
		slices.Sort(out)
		return out
	}
	entries := func() []string {
		t.Helper()
		got, err := db.OutboxDueIDs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		return got
	}
	mail := domain.Mail{To: "a@example.org", Subject: "Hallo", Text: "Text"}

	// A message of a store written before outbox_due: pending, no entry.
	if err := db.InsertOutboxDoc(ctx, bson.D{{Key: "_id", Value: "legacy"}, {Key: "tenantId", Value: tenant.ID},
		{Key: "mail", Value: bson.D{{Key: "to", Value: "b@example.org"}, {Key: "subject", Value: "Alt"}, {Key: "text", Value: "t"}}},
		{Key: "state", Value: "pending"}, {Key: "attempts", Value: 0}, {Key: "nextAttempt", Value: now}, {Key: "createdAt", Value: now}}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"m1", "m2", "m3"} {
		if ok, err := db.EnqueueOnce(ctx, id, mail); err != nil || !ok {
			t.Fatalf("enqueue %s: %v %v", id, ok, err)
		}
	}
	// An entry whose message never came (a crash between the two writes).
	if err := db.SetDue(ctx, "ghost", now); err != nil {
		t.Fatal(err)
	}
	if got := ids(db.DueMessages(ctx, now, 50)); !slices.Equal(got, []string{"legacy", "m1", "m2", "m3"}) {
		t.Fatalf("due: %v", got)
	}
	// The ghost's writer may still be about to insert its message: its entry stays a while.
	if got := entries(); !slices.Equal(got, []string{"ghost", "legacy", "m1", "m2", "m3"}) {
		t.Fatalf("entries after the first read: %v (a fresh ghost must stay, the legacy message's come)", got)
	}
	if err := db.AgeDueEntries(ctx); err != nil {
		t.Fatal(err)
	}
	if got := ids(db.DueMessages(ctx, now, 50)); !slices.Equal(got, []string{"legacy", "m1", "m2", "m3"}) {
		t.Fatalf("due: %v", got)
	}
	if got := entries(); !slices.Equal(got, []string{"legacy", "m1", "m2", "m3"}) {
		t.Fatalf("entries after the grace: %v (the ghost's must go)", got)
	}
	if got := ids(db.DueMessages(ctx, now, 2)); len(got) != 2 {
		t.Fatalf("limit 2 gave %v", got)
	}

	if err := db.MarkSent(ctx, "m1", now); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkRetry(ctx, "m2", 1, now.Add(time.Minute), "450 busy", false); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkRetry(ctx, "m3", 9, now, "550 no such user", true); err != nil {
		t.Fatal(err)
	}
	if got := ids(db.DueMessages(ctx, now, 50)); !slices.Equal(got, []string{"legacy"}) {
		t.Fatalf("due after sent, retry and failure: %v", got)
	}
	if got := entries(); !slices.Equal(got, []string{"legacy", "m2"}) {
		t.Fatalf("entries: %v", got)
	}
	if got := ids(db.DueMessages(ctx, now.Add(time.Minute), 50)); !slices.Equal(got, []string{"legacy", "m2"}) {
		t.Fatalf("due a minute later: %v", got)
	}

	// Enqueueing a sent message's ID again neither re-sends it nor leaves its entry.
	if ok, err := db.EnqueueOnce(ctx, "m1", mail); err != nil || ok {
		t.Fatalf("enqueue the sent m1 again: %v %v", ok, err)
	}
	if got := ids(db.DueMessages(ctx, now, 50)); slices.Contains(got, "m1") {
		t.Fatalf("a sent message is due again: %v", got)
	}
	if err := db.AgeDueEntries(ctx); err != nil {
		t.Fatal(err)
	}
	if got := ids(db.DueMessages(ctx, now, 50)); slices.Contains(got, "m1") {
		t.Fatalf("a sent message is due again: %v", got)
	}
	if got := entries(); slices.Contains(got, "m1") {
		t.Fatalf("the sent message's entry stayed past the grace: %v", got)
	}

	// The admin retries the failed message while the sender reads the entries between the
	// retry's two writes (entry set, message not yet pending): the entry must survive that.
	if err := db.SetDue(ctx, "m3", now); err != nil {
		t.Fatal(err)
	}
	if got := ids(db.DueMessages(ctx, now, 50)); slices.Contains(got, "m3") {
		t.Fatalf("a failed message is due: %v", got)
	}
	if got := entries(); !slices.Contains(got, "m3") {
		t.Fatalf("the sender dropped the entry of a retry in flight: %v", got)
	}
	if err := db.RetryOutboxMessage(ctx, "m3", now); err != nil {
		t.Fatal(err)
	}
	if got := ids(db.DueMessages(ctx, now, 50)); !slices.Contains(got, "m3") {
		t.Fatalf("a retried message is not due: %v", got)
	}

	// A later retry restarts the maximum age (CreatedAt) but keeps when it was first queued.
	if err := db.MarkRetry(ctx, "m3", 9, now, "550 mailbox unavailable", true); err != nil {
		t.Fatal(err)
	}
	later := now.Add(3 * time.Hour)
	if err := db.RetryOutboxMessage(ctx, "m3", later); err != nil {
		t.Fatal(err)
	}
	msgs, err := db.DueMessages(ctx, later, 50)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(msgs, func(m *domain.OutboxMessage) bool { return m.ID == "m3" })
	if i < 0 || !msgs[i].CreatedAt.Equal(later) || !msgs[i].FirstCreatedAt.Equal(now) {
		t.Fatalf("after the retry: %+v", msgs[max(i, 0)])
	}
}
