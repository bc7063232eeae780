package notify_test

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/notify"
)

func TestStageChangeFansOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	i := e.idea("Digitale Parkausweise", employee, domain.StageScreening, domain.VisibilityInternal, time.Hour)
	e.follow(i, reviewer2)
	e.follow(i, citizen) // cannot see an internal idea: hears nothing
	e.follow(i, cdo)     // the actor: hears nothing of their own doing
	e.publish(domain.Event{Type: domain.EventStageChanged, IdeaID: i.ID, ActorID: e.user(cdo),
		From: domain.StageScreening, To: domain.StageEvaluation, Reason: "Gute Grundlage für die Bewertung"})
	e.deliver()

	for _, who := range []string{employee, reviewer2} {
		items, unread := e.inbox(who)
		if len(items) != 1 || unread != 1 {
			t.Fatalf("%s: %d notifications, %d unread; want 1, 1", who, len(items), unread)
		}
		n := items[0]
		if n.Type != domain.EventStageChanged || n.IdeaTitle != i.Title || n.To != domain.StageEvaluation ||
			n.Reason != "Gute Grundlage für die Bewertung" || n.ActorName != "Clara Digital (CDO)" || n.Read {
			t.Fatalf("%s: notification %+v", who, n)
		}
		if got := e.mailsTo(who, "Digitale Parkausweise"); len(got) != 1 {
			t.Fatalf("%s: %d mails, want 1", who, len(got))
		}
	}
	for _, who := range []string{citizen, cdo, reviewer} {
		if items, _ := e.inbox(who); len(items) != 0 {
			t.Fatalf("%s got %d notifications, want none", who, len(items))
		}
		if got := e.mailsTo(who, "Parkausweise"); len(got) != 0 {
			t.Fatalf("%s got a mail", who)
		}
	}
}

func TestDeliveryIsIdempotent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	i := e.idea("Online-Terminvergabe", employee, domain.StageDecision, domain.VisibilityInternal, time.Hour)
	ev := domain.Event{ID: "fixed-event", Type: domain.EventDecisionMade, IdeaID: i.ID, TenantID: e.demo.Tenant.ID,
		ActorID: e.user(cdo), From: domain.StageDecision, To: domain.StagePilot, At: e.clock.Now()}
	// The same event queued twice (a dispatcher that crashed after delivering, before deleting).
	for range 2 {
		if err := e.db.QueueEvent(e.ctx, &ev); err != nil && domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatal(err)
		}
		e.deliver()
	}
	if items, _ := e.inbox(employee); len(items) != 1 {
		t.Fatalf("%d notifications, want 1", len(items))
	}
	if got := e.mailsTo(employee, "Entscheidung"); len(got) != 1 {
		t.Fatalf("%d mails, want 1", len(got))
	}
}

func TestKeyedEventsPublishOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	i := e.idea("Bürgerbüro mobil", employee, domain.StageEvaluation, domain.VisibilityInternal, time.Hour)
	a := domain.Assignment{ReviewerID: e.user(reviewer), DueAt: e.clock.Now().Add(7 * 24 * time.Hour), Status: domain.AssignmentActive}
	for range 3 { // the cdo saves the reviewer list three times
		e.publish(domain.ReviewAssignedEvent(i.ID, e.user(cdo), a))
	}
	e.deliver()
	items, _ := e.inbox(reviewer)
	if len(items) != 1 || items[0].Type != domain.EventReviewAssigned || !items[0].DueAt.Equal(a.DueAt) {
		t.Fatalf("reviewer inbox %+v", items)
	}
	if got := e.mailsTo(reviewer, "Neue Bewertungsaufgabe"); len(got) != 1 {
		t.Fatalf("%d mails, want 1", len(got))
	}
}

func TestPreferences(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	i := e.idea("Sensoren für Mülleimer", employee, domain.StageScreening, domain.VisibilityInternal, time.Hour)
	t.Run("DigestInsteadOfMail", func(t *testing.T) {
		e.setPrefs(employee, domain.EventStageChanged, domain.ChannelPrefs{InApp: true, Digest: true})
		e.publish(domain.Event{Type: domain.EventStageChanged, IdeaID: i.ID, ActorID: e.user(cdo), From: domain.StageScreening, To: domain.StageEvaluation})
		e.deliver()
		if items, _ := e.inbox(employee); len(items) != 1 {
			t.Fatalf("inbox: %d", len(items))
		}
		if n := len(e.mailsTo(employee, "Mülleimer")); n != 0 {
			t.Fatalf("%d single mails despite the digest", n)
		}
		e.clock.Advance(24 * time.Hour) // the next day's digest run (DailyAt 05:00, clock at 10:00)
		e.svc.RunDueJobs(e.ctx)
		for e.sender.Tick(e.ctx) > 0 {
		}
		d := e.mailsTo(employee, "tägliche Zusammenfassung")
		if len(d) != 1 || !strings.Contains(d[0].Text, "Sensoren für Mülleimer") || !strings.Contains(d[0].Text, "Bewertung") {
			t.Fatalf("digest mails: %+v", d)
		}
		// Mailed items are gone from the digest: the next day has nothing to send.
		e.clock.Advance(24 * time.Hour)
		e.svc.RunDueJobs(e.ctx)
		for e.sender.Tick(e.ctx) > 0 {
		}
		if n := len(e.mailsTo(employee, "tägliche Zusammenfassung")); n != 1 {
			t.Fatalf("%d digests, want still 1", n)
		}
	})
	t.Run("NothingAtAll", func(t *testing.T) {
		e.setPrefs(employee, domain.EventDecisionMade, domain.ChannelPrefs{})
		e.publish(domain.Event{Type: domain.EventDecisionMade, IdeaID: i.ID, ActorID: e.user(cdo), From: domain.StageDecision, To: domain.StageRejected})
		e.deliver()
		for _, n := range mustInbox(e, employee) {
			if n.Type == domain.EventDecisionMade {
				t.Fatal("decision reached the inbox although switched off")
			}
		}
		if n := len(e.mailsTo(employee, "Entscheidung")); n != 0 {
			t.Fatalf("%d mails", n)
		}
	})
}

func mustInbox(e *env, email string) []*domain.Notification {
	items, _ := e.inbox(email)
	return items
}

func TestMailContent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	i := e.idea(`Ampel <script>alert(1)</script> & Co`, employee, domain.StageEvaluation, domain.VisibilityInternal, time.Hour)
	e.follow(i, reviewer2)
	e.setLocale(reviewer2, domain.LocaleEN)
	e.publish(domain.Event{Type: domain.EventStageChanged, IdeaID: i.ID, ActorID: e.user(cdo),
		From: domain.StageEvaluation, To: domain.StageDecision, Reason: "Bewertungen <b>vollständig</b>"})
	e.deliver()

	for _, c := range []struct {
		who, subject, greeting, reason, unsub string
	}{
		{employee, "ist jetzt in der Phase „Entscheidung“", "Guten Tag Erik Mitarbeiter,", "Begründung: Bewertungen <b>vollständig</b>", "Keine E-Mails mehr über Phasenwechsel"},
		{reviewer2, "moved to “Decision”", "Hello Rita Gutachterin,", "Reason: Bewertungen <b>vollständig</b>", "No more e-mails about stage changes"},
	} {
		t.Run(c.who, func(t *testing.T) {
			ms := e.mailsTo(c.who, c.subject)
			if len(ms) != 1 {
				t.Fatalf("no mail with subject %q (got %d mails in all)", c.subject, len(e.mail.Messages()))
			}
			m := ms[0]
			if m.Text == "" || m.HTML == "" {
				t.Fatalf("want text and HTML parts, got text %d bytes, HTML %d bytes", len(m.Text), len(m.HTML))
			}
			for _, want := range []string{c.greeting, c.reason, `Ampel <script>alert(1)</script> & Co`, c.unsub} {
				if !strings.Contains(m.Text, want) {
					t.Fatalf("text part lacks %q:\n%s", want, m.Text)
				}
			}
			// The HTML part escapes what users wrote.
			if strings.Contains(m.HTML, "<script>") || strings.Contains(m.HTML, "<b>vollständig") {
				t.Fatalf("HTML part not escaped:\n%s", m.HTML)
			}
			if !strings.Contains(m.HTML, "&lt;script&gt;") {
				t.Fatalf("HTML part lacks the escaped title:\n%s", m.HTML)
			}
			ideaLink := m.Link(t, "/ideas/")
			if ideaLink != baseURL+"/ideas/"+i.ID {
				t.Fatalf("idea link %q", ideaLink)
			}
			if !strings.Contains(m.HTML, `href="`+ideaLink+`"`) {
				t.Fatalf("HTML part lacks the idea link")
			}
			unsub := m.Link(t, "/unsubscribe?token=")
			u, err := url.Parse(unsub)
			if err != nil {
				t.Fatal(err)
			}
			un, err := e.svc.Tokens.Parse(u.Query().Get("token"))
			if err != nil {
				t.Fatalf("unsubscribe token: %v", err)
			}
			if un.UserID != e.user(c.who) || un.Type != domain.EventStageChanged || un.Channel != domain.ChannelEmail || un.TenantID != e.demo.Tenant.ID {
				t.Fatalf("token names %+v", un)
			}
			// Following the link switches these mails off, and only these.
			if _, err := e.svc.Unsubscribe(e.ctx, u.Query().Get("token")); err != nil {
				t.Fatal(err)
			}
			p := e.loadUser(c.who).NotificationPreferences
			if got := p.For(domain.EventStageChanged); got.Email || !got.InApp {
				t.Fatalf("after unsubscribe: %+v", got)
			}
			if !p.For(domain.EventDecisionMade).Email {
				t.Fatal("unsubscribe switched off another type")
			}
		})
	}
}

func TestTokens(t *testing.T) {
	t.Parallel()
	tk := notify.NewTokens([]byte("secret"))
	un := notify.Unsubscribe{TenantID: "t1", UserID: "u1", Type: domain.EventComment, Channel: domain.ChannelEmail}
	tok := tk.Sign(un)
	if len(tok) > 400 {
		t.Fatalf("token of %d characters", len(tok))
	}
	if got, err := tk.Parse(tok); err != nil || got != un {
		t.Fatalf("parse: %+v %v", got, err)
	}
	t.Run("ErrTampered", func(t *testing.T) {
		other := tk.Sign(notify.Unsubscribe{TenantID: "t1", UserID: "u2", Type: domain.EventComment, Channel: domain.ChannelEmail})
		p1, _, _ := strings.Cut(other, ".")
		_, t2, _ := strings.Cut(tok, ".")
		for _, bad := range []string{"", "x", p1 + "." + t2, tok + "x", strings.ToUpper(tok)} {
			if _, err := tk.Parse(bad); domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("%q accepted: %v", bad, err)
			}
		}
	})
	t.Run("ErrOtherKey", func(t *testing.T) {
		if _, err := notify.NewTokens([]byte("other")).Parse(tok); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("token of another key accepted: %v", err)
		}
	})
}

func TestMentions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	i := e.idea("Mängelmelder-App", employee, domain.StageEvaluation, domain.VisibilityPublic, time.Hour)
	e.publish(domain.CommentEvent(&domain.Comment{ID: "c1", IdeaID: i.ID, AuthorID: e.user(citizen),
		Body: "Gute Idee! @Robert Prüfer, was meinen Sie? Mail: x@Rita Gutachterin bleibt still. @Niemand Bekanntes", CreatedAt: e.clock.Now()}))
	e.deliver()
	items, _ := e.inbox(reviewer)
	if len(items) != 1 || items[0].Type != domain.EventMention || !strings.Contains(items[0].Excerpt, "@Robert Prüfer") || items[0].ActorName != "Cem Bürger" {
		t.Fatalf("reviewer inbox %+v", items)
	}
	if got := e.mailsTo(reviewer, "hat Sie in einem Kommentar"); len(got) != 1 {
		t.Fatalf("%d mention mails", len(got))
	}
	if items, _ := e.inbox(reviewer2); len(items) != 0 {
		t.Fatalf("an address-like @ mentioned someone: %+v", items)
	}
	// The author hears about the comment in the inbox and (by default) in the digest only.
	items, _ = e.inbox(employee)
	if len(items) != 1 || items[0].Type != domain.EventComment || items[0].CommentID != "c1" {
		t.Fatalf("author inbox %+v", items)
	}
	if got := e.mailsTo(employee, "Kommentar"); len(got) != 0 {
		t.Fatalf("comment mail despite the digest default")
	}
}

func TestCommentHidden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	i := e.idea("Radwege-Karte", employee, domain.StageEvaluation, domain.VisibilityPublic, time.Hour)
	c := &domain.Comment{ID: "c2", TenantID: e.demo.Tenant.ID, IdeaID: i.ID, AuthorID: e.user(citizen), Body: "Unsachlicher Text",
		Hidden: &domain.CommentHidden{ByID: e.user(cdo), At: e.clock.Now(), Reason: "Bitte sachlich bleiben"}}
	e.publish(domain.CommentHiddenEvent(c))
	e.deliver()
	items, _ := e.inbox(citizen)
	if len(items) != 1 || items[0].Type != domain.EventCommentHidden || items[0].Reason != "Bitte sachlich bleiben" {
		t.Fatalf("citizen inbox %+v", items)
	}
	m := e.mailsTo(citizen, "wurde ausgeblendet")
	if len(m) != 1 || !strings.Contains(m[0].Text, "Begründung: Bitte sachlich bleiben") {
		t.Fatalf("hidden mail %+v", m)
	}
	if items, _ := e.inbox(employee); len(items) != 0 {
		t.Fatal("the idea's author heard about a moderation decision on someone else's comment")
	}
}

func TestPilotUpdate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	i := e.idea("E-Akte im Bürgeramt", employee, domain.StagePilot, domain.VisibilityInternal, time.Hour)
	e.follow(i, reviewer)
	e.publish(domain.PilotUpdateEvent(i, &domain.PilotUpdate{AuthorID: e.user(cdo), At: e.clock.Now(), Note: "Wartezeit halbiert"}))
	e.deliver()
	for _, who := range []string{employee, reviewer} {
		items, _ := e.inbox(who)
		if len(items) != 1 || items[0].Type != domain.EventPilotUpdate || items[0].Excerpt != "Wartezeit halbiert" {
			t.Fatalf("%s inbox %+v", who, items)
		}
	}
}

func TestMarkRead(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	i := e.idea("Smarte Straßenlaternen", employee, domain.StageScreening, domain.VisibilityInternal, time.Hour)
	for k := range 3 {
		e.publish(domain.Event{Type: domain.EventStageChanged, IdeaID: i.ID, ActorID: e.user(cdo), From: domain.StageScreening, To: domain.StageEvaluation, Reason: string(rune('a' + k))})
		e.clock.Advance(time.Second)
	}
	e.deliver()
	items, unread := e.inbox(employee)
	if len(items) != 3 || unread != 3 || items[0].Reason != "c" {
		t.Fatalf("%d items, %d unread, newest %q", len(items), unread, items[0].Reason)
	}
	left, err := e.db.MarkNotificationsRead(e.ctx, e.user(employee), []string{items[1].ID, "unknown"}, false)
	if err != nil || left != 2 {
		t.Fatalf("mark one: %d %v", left, err)
	}
	items, _ = e.inbox(employee)
	if items[0].Read || !items[1].Read || items[2].Read {
		t.Fatalf("read flags %v %v %v", items[0].Read, items[1].Read, items[2].Read)
	}
	// A notification arriving after "all read" is unread.
	if left, err := e.db.MarkNotificationsRead(e.ctx, e.user(employee), nil, true); err != nil || left != 0 {
		t.Fatalf("mark all: %d %v", left, err)
	}
	e.publish(domain.Event{Type: domain.EventStageChanged, IdeaID: i.ID, ActorID: e.user(cdo), From: domain.StageEvaluation, To: domain.StageDecision})
	e.deliver()
	if _, unread := e.inbox(employee); unread != 1 {
		t.Fatalf("unread after a new one: %d", unread)
	}
}

func TestInboxIsBoundedAndPaged(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	uid := e.user(employee)
	for k := range domain.InboxMax + 5 {
		n := &domain.Notification{ID: fmt.Sprintf("n%04d", k), Type: domain.EventComment, CreatedAt: e.clock.Now()}
		if err := e.db.AddNotification(e.ctx, uid, n); err != nil {
			t.Fatal(err)
		}
	}
	var seen []string
	cursor := ""
	for {
		items, next, total, _, err := e.db.FindNotifications(e.ctx, uid, 70, cursor)
		if err != nil {
			t.Fatal(err)
		}
		if total != domain.InboxMax {
			t.Fatalf("total %d", total)
		}
		for _, n := range items {
			seen = append(seen, n.ID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if len(seen) != domain.InboxMax || seen[0] != "n0204" || seen[len(seen)-1] != "n0005" {
		t.Fatalf("%d seen, first %s, last %s", len(seen), seen[0], seen[len(seen)-1])
	}
	if _, _, _, _, err := e.db.FindNotifications(e.ctx, uid, 10, "bogus"); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("bogus cursor: %v", err)
	}
}

// TestDispatchInOrder: the events of several ideas each reach their
// recipient once, and the events of one idea arrive in the order they were queued.
func TestDispatchInOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var ideas []*domain.Idea
	for k := range 6 {
		ideas = append(ideas, e.idea(fmt.Sprintf("Idee %d", k), employee, domain.StageScreening, domain.VisibilityInternal, time.Hour))
	}
	const perIdea = 7
	for n := range perIdea {
		for _, i := range ideas {
			e.publish(domain.Event{Type: domain.EventComment, IdeaID: i.ID, ActorID: e.user(cdo), CommentID: fmt.Sprint(n),
				Text: fmt.Sprintf("%s #%d", i.Title, n), At: e.clock.Now()})
		}
	}
	e.deliver()
	items, unread := e.inbox(employee)
	if len(items) != perIdea*len(ideas) || unread != len(items) {
		t.Fatalf("%d notifications (%d unread), want %d", len(items), unread, perIdea*len(ideas))
	}
	last := map[string]int{} // per idea: the comment number seen last (the inbox is newest first)
	for _, n := range items {
		k, err := strconv.Atoi(n.CommentID)
		if err != nil {
			t.Fatal(err)
		}
		if prev, ok := last[n.IdeaID]; ok && k != prev-1 {
			t.Fatalf("idea %s: comment %d after %d", n.IdeaTitle, k, prev)
		}
		last[n.IdeaID] = k
	}
	if evs, err := e.db.PendingEvents(e.ctx, 100); err != nil || len(evs) != 0 {
		t.Fatalf("%d events left, %v", len(evs), err)
	}
}
