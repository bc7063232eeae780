package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// TestSMTPOutage: while the mail server is down, mails wait in the outbox with their error
// visible to the admin; when it is back they go out, each once.
func TestSMTPOutage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	i := e.idea("Digitale Bauakte", employee, domain.StageScreening, domain.VisibilityInternal, time.Hour)
	e.follow(i, reviewer)
	e.mail.Stop()
	e.publish(domain.Event{Type: domain.EventStageChanged, IdeaID: i.ID, ActorID: e.user(cdo), From: domain.StageScreening, To: domain.StageEvaluation})
	e.deliver()
	for range 3 {
		e.clock.Advance(10 * time.Second) // retries wait for their back-off
		e.sender.Tick(e.ctx)
	}
	ov, err := e.db.FindOutboxOverview(e.ctx, 50)
	if err != nil {
		t.Fatal(err)
	}
	// Each tick stops at its first failure; within 30 s no message is tried twice (back-off).
	if ov.Counts.Pending != 2 || len(ov.Retrying) != 2 {
		t.Fatalf("during the outage: counts %+v, retrying %d", ov.Counts, len(ov.Retrying))
	}
	for _, m := range ov.Retrying {
		if m.LastError == "" || m.Attempts != 1 || m.Mail.Text != "" {
			t.Fatalf("retrying message %+v", m)
		}
		// Back-off: the second attempt is due about a minute (±20 %) after the first.
		if next := m.NextAttempt.Sub(e.clock.Now()); next < 10*time.Second || next > 72*time.Second {
			t.Fatalf("next attempt in %s", next)
		}
	}
	e.mail.Restart(t)
	e.clock.Advance(2 * time.Minute)
	for e.sender.Tick(e.ctx) > 0 {
	}
	for _, who := range []string{employee, reviewer} {
		if n := len(e.mailsTo(who, "Digitale Bauakte")); n != 1 {
			t.Fatalf("%s: %d mails after the outage, want 1", who, n)
		}
	}
	ov, _ = e.db.FindOutboxOverview(e.ctx, 50)
	if ov.Counts.Pending != 0 || ov.Counts.Sent < 2 || len(ov.Retrying) != 0 {
		t.Fatalf("after the outage: %+v", ov.Counts)
	}
}

// TestMaxAge: a mail that cannot be sent within the maximum age is marked failed, shown to
// the admin with its recipient and error, and goes out when the admin retries it.
func TestMaxAge(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.sender.MaxAge = time.Hour
	i := e.idea("Papierlose Sitzungen", employee, domain.StageDecision, domain.VisibilityInternal, time.Hour)
	e.mail.Stop()
	e.publish(domain.Event{Type: domain.EventDecisionMade, IdeaID: i.ID, ActorID: e.user(cdo), From: domain.StageDecision, To: domain.StagePilot})
	e.deliver()
	for range 12 {
		e.clock.Advance(10 * time.Minute)
		e.sender.Tick(e.ctx)
	}
	ov, err := e.db.FindOutboxOverview(e.ctx, 50)
	if err != nil {
		t.Fatal(err)
	}
	if ov.Counts.Failed != 1 || len(ov.Failed) != 1 {
		t.Fatalf("after the maximum age: %+v", ov.Counts)
	}
	f := ov.Failed[0]
	if f.Mail.To != employee || f.LastError == "" || f.State != domain.OutboxFailed || f.Mail.Text != "" || f.Mail.HTML != "" {
		t.Fatalf("failed message %+v", f)
	}
	// Failed messages are not retried by the worker on its own.
	e.mail.Restart(t)
	e.clock.Advance(time.Hour)
	for e.sender.Tick(e.ctx) > 0 {
	}
	if n := len(e.mailsTo(employee, "Papierlose")); n != 0 {
		t.Fatalf("a failed mail was sent without a retry: %d", n)
	}
	n, err := e.svc.RetryFailedOutbox(e.ctx)
	if err != nil || n != 1 {
		t.Fatalf("retry failed: %d %v", n, err)
	}
	for e.sender.Tick(e.ctx) > 0 {
	}
	if n := len(e.mailsTo(employee, "Papierlose")); n != 1 {
		t.Fatalf("%d mails after the retry, want 1", n)
	}
	if err := e.svc.RetryOutboxMessage(e.ctx, f.ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("retrying a sent message: %v", err)
	}
}

// TestPruneOutbox: the daily job removes messages sent more than a week ago.
func TestPruneOutbox(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, err := e.db.EnqueueOnce(e.ctx, "n:old:1", domain.Mail{To: employee, Subject: "alt", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	for e.sender.Tick(e.ctx) > 0 {
	}
	e.clock.Advance(8 * 24 * time.Hour)
	if _, err := e.db.EnqueueOnce(e.ctx, "n:new:1", domain.Mail{To: employee, Subject: "neu", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	for e.sender.Tick(e.ctx) > 0 {
	}
	e.svc.RunDueJobs(e.ctx)
	ov, err := e.db.FindOutboxOverview(e.ctx, 50)
	if err != nil {
		t.Fatal(err)
	}
	if ov.Counts.Sent != 1 {
		t.Fatalf("sent after pruning: %d, want 1 (the recent one)", ov.Counts.Sent)
	}
	if len(e.mailsTo(employee, "alt")) != 1 || !strings.Contains(e.mailsTo(employee, "neu")[0].Subject, "neu") {
		t.Fatal("mails not sent")
	}
}
