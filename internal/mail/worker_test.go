package mail_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mail"
	"github.com/ideenwerk/ideenwerk/internal/mailtest"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// crashingStore loses the "sent" mark of the first message, like a process that dies
// between handing a mail to the server and recording it.
type crashingStore struct {
	*mongo.DB
	lost atomic.Int32
}

func (s *crashingStore) MarkSent(ctx context.Context, id string, now time.Time) error {
	if s.lost.Add(1) == 1 {
		return errors.New("crashed before marking the message sent")
	}
	return s.DB.MarkSent(ctx, id, now)
}

func newWorker(t *testing.T, store domain.OutboxStore, db *mongo.DB, srv *mailtest.Server, owner string) *mail.Worker {
	t.Helper()
	smtp, err := mail.NewSMTPSender(srv.URL(), "Ideenwerk <noreply@ideenwerk.example>")
	if err != nil {
		t.Fatal(err)
	}
	return &mail.Worker{Store: store, Leases: db, Sender: smtp, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Owner: owner, BaseDelay: 10 * time.Millisecond, MaxDelay: 50 * time.Millisecond}
}

// TestCrashBetweenSentAndMarked: the message is sent again (at least once), never lost.
func TestCrashBetweenSentAndMarked(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "crash")
	srv := mailtest.Start(t)
	if err := db.Enqueue(ctx, domain.Mail{To: "a@example.org", Subject: "Hallo", Text: "Text"}); err != nil {
		t.Fatal(err)
	}
	w := newWorker(t, &crashingStore{DB: db}, db, srv, "w1")
	w.Tick(ctx) // sent, but the mark is lost
	w.Tick(ctx) // still pending: sent again and marked
	w.Tick(ctx) // nothing left
	if n := len(srv.Messages()); n != 2 {
		t.Fatalf("%d deliveries, want 2 (one resend after the crash)", n)
	}
	due, err := db.DueMessages(ctx, time.Now().Add(time.Hour), 10)
	if err != nil || len(due) != 0 {
		t.Fatalf("still due: %d %v", len(due), err)
	}
}

// TestTwoWorkersSendOnce: two instances' workers on one outbox send every message once.
func TestTwoWorkersSendOnce(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "two")
	srv := mailtest.Start(t)
	const n = 30
	for k := range n {
		if err := db.Enqueue(ctx, domain.Mail{To: "a@example.org", Subject: "Nachricht " + string(rune('A'+k)), Text: "Text"}); err != nil {
			t.Fatal(err)
		}
	}
	wctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	for _, owner := range []string{"w1", "w2"} {
		w := newWorker(t, db, db, srv, owner)
		w.Interval = 10 * time.Millisecond
		go func() { w.Run(wctx); done <- struct{}{} }()
	}
	deadline := time.Now().Add(60 * time.Second)
	for len(srv.Messages()) < n && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // room for a duplicate to show up
	cancel()
	<-done
	<-done
	seen := map[string]int{}
	for _, m := range srv.Messages() {
		seen[m.Subject]++
	}
	if len(seen) != n {
		t.Fatalf("%d distinct mails, want %d", len(seen), n)
	}
	for s, c := range seen {
		if c != 1 {
			t.Fatalf("%q delivered %d times", s, c)
		}
	}
}

// hangingHooks stands for receivers: webhook "down" fails (a timeout), the others answer.
type hangingHooks struct{ calls map[string]int }

func (h *hangingHooks) Deliver(_ context.Context, m *domain.OutboxMessage) error {
	h.calls[m.Webhook.WebhookID]++
	if m.Webhook.WebhookID == "down" {
		return errors.New("context deadline exceeded")
	}
	return nil
}

// TestFailingWebhookDoesNotHoldUpOthers: after one call to a webhook fails, its other calls
// wait for the next attempt instead of each costing a timeout now; mails and other webhooks
// are sent in the same tick.
func TestFailingWebhookDoesNotHoldUpOthers(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "hooks")
	srv := mailtest.Start(t)
	for i, id := range []string{"down", "down", "down", "up"} {
		if _, err := db.EnqueueWebhook(ctx, fmt.Sprintf("wh:e%d:%s", i, id), domain.WebhookDelivery{WebhookID: id, Event: domain.WebhookIdeaSubmitted, Body: "{}"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Enqueue(ctx, domain.Mail{To: "a@example.org", Subject: "Hallo", Text: "Text"}); err != nil {
		t.Fatal(err)
	}
	hooks := &hangingHooks{calls: map[string]int{}}
	w := newWorker(t, db, db, srv, "w1")
	w.Webhooks = hooks
	w.Tick(ctx)
	if hooks.calls["down"] != 1 || hooks.calls["up"] != 1 {
		t.Fatalf("calls %v, want one to each webhook", hooks.calls)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d mails sent, want 1", n)
	}
	due, err := db.DueMessages(ctx, time.Now().Add(time.Hour), 10)
	if err != nil || len(due) != 3 {
		t.Fatalf("due later: %d %v, want the 3 calls to the webhook that is down", len(due), err)
	}
	for _, m := range due {
		if m.Webhook == nil || m.Webhook.WebhookID != "down" || m.LastError == "" || !m.NextAttempt.After(time.Now().Add(-time.Second)) {
			t.Fatalf("postponed call %+v", m)
		}
	}
}
