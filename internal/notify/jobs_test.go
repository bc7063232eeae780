package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
)

func TestReviewReminders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	i := e.idea("Chatbot für das Bürgeramt", employee, domain.StageEvaluation, domain.VisibilityInternal, time.Hour)
	due := e.clock.Now().Add(5 * 24 * time.Hour)
	a := domain.Assignment{ReviewerID: e.user(reviewer), DueAt: due, AssignedBy: e.user(cdo), AssignedAt: e.clock.Now(), Status: domain.AssignmentActive}
	if err := e.db.SaveIdeaReviewers(e.ctx, &domain.IdeaReviewers{IdeaID: i.ID, Assignments: []domain.Assignment{a}}); err != nil {
		t.Fatal(err)
	}
	e.publish(domain.ReviewAssignedEvent(i.ID, e.user(cdo), a))
	e.deliver()
	count := func(typ domain.EventType) int {
		n := 0
		for _, x := range mustInbox(e, reviewer) {
			if x.Type == typ {
				n++
			}
		}
		return n
	}
	run := func() {
		e.svc.RunDueJobs(e.ctx)
		e.deliver()
	}
	run()
	if count(domain.EventReviewDueSoon) != 0 {
		t.Fatal("due-soon reminder five days early")
	}
	e.clock.Advance(3*24*time.Hour + time.Hour) // 47 h before the due date
	run()
	e.clock.Advance(time.Hour) // another hourly run: no second reminder
	run()
	if n := count(domain.EventReviewDueSoon); n != 1 {
		t.Fatalf("%d due-soon reminders, want 1", n)
	}
	if m := e.mailsTo(reviewer, "Erinnerung: Bewertung"); len(m) != 1 {
		t.Fatalf("%d due-soon mails", len(m))
	}
	e.clock.Advance(2 * 24 * time.Hour)
	run()
	e.clock.Advance(time.Hour)
	run()
	if n := count(domain.EventReviewOverdue); n != 1 {
		t.Fatalf("%d overdue reminders, want 1", n)
	}
	if m := e.mailsTo(reviewer, "Überfällig"); len(m) != 1 {
		t.Fatalf("%d overdue mails", len(m))
	}

	t.Run("SubmittedReviewNeedsNoReminder", func(t *testing.T) {
		j := e.idea("Open-Data-Portal", employee, domain.StageEvaluation, domain.VisibilityInternal, time.Hour)
		b := domain.Assignment{ReviewerID: e.user(reviewer2), DueAt: e.clock.Now().Add(24 * time.Hour), Status: domain.AssignmentActive}
		if err := e.db.SaveIdeaReviewers(e.ctx, &domain.IdeaReviewers{IdeaID: j.ID, Assignments: []domain.Assignment{b}}); err != nil {
			t.Fatal(err)
		}
		e.publish(domain.ReviewAssignedEvent(j.ID, e.user(cdo), b))
		e.deliver()
		// The cdo removes the reviewer before any reminder is due.
		rs, err := e.db.FindIdeaReviewers(e.ctx, j.ID)
		if err != nil {
			t.Fatal(err)
		}
		rs.Assignments = nil
		if err := e.db.SaveIdeaReviewers(e.ctx, rs); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(2 * time.Hour)
		run()
		for _, x := range mustInbox(e, reviewer2) {
			if x.Type == domain.EventReviewDueSoon || x.Type == domain.EventReviewOverdue {
				t.Fatalf("reminder for a removed assignment: %+v", x)
			}
		}
		rems, err := e.db.FindReviewReminders(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(rems) != 0 {
			t.Fatalf("reminders left: %+v", rems)
		}
	})
}

func TestSLAReminders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	late := e.idea("Wartet lange in der Sichtung", employee, domain.StageScreening, domain.VisibilityInternal, 20*24*time.Hour)
	e.idea("Frisch in der Sichtung", employee, domain.StageScreening, domain.VisibilityInternal, 2*24*time.Hour)
	lateEval := e.idea("Wartet lange in der Bewertung", employee, domain.StageEvaluation, domain.VisibilityInternal, 30*24*time.Hour)
	e.idea("Bewertung im Rahmen", employee, domain.StageEvaluation, domain.VisibilityInternal, 15*24*time.Hour)
	slaOf := func(email string) []*domain.Notification {
		var out []*domain.Notification
		for _, x := range mustInbox(e, email) {
			if x.Type == domain.EventSLAOverdue {
				out = append(out, x)
			}
		}
		return out
	}
	for range 3 { // several scheduler ticks on one day
		e.svc.RunDueJobs(e.ctx)
		e.deliver()
	}
	got := slaOf(cdo)
	if len(got) != 1 {
		t.Fatalf("%d SLA notifications on day one, want 1", len(got))
	}
	ids := map[string]int{}
	for _, x := range got[0].Ideas {
		ids[x.ID] = x.Days
	}
	if ids[late.ID] != 20 || ids[lateEval.ID] != 30 {
		t.Fatalf("late ideas %v", got[0].Ideas)
	}
	for _, x := range got[0].Ideas {
		if strings.HasPrefix(x.Title, "Frisch") || x.Title == "Bewertung im Rahmen" {
			t.Fatalf("idea within its target listed: %+v", x)
		}
	}
	m := e.mailsTo(cdo, "länger als die Zielzeit")
	if len(m) != 1 || !strings.Contains(m[0].Text, "Wartet lange in der Sichtung – Sichtung seit 20 Tagen") || !strings.Contains(m[0].Text, baseURL+"/ideas/"+late.ID) {
		t.Fatalf("SLA mails %+v", m)
	}
	for _, who := range []string{employee, admin, reviewer} {
		if len(slaOf(who)) != 0 {
			t.Fatalf("%s got the cdo's SLA reminder", who)
		}
	}
	e.clock.Advance(24 * time.Hour)
	e.svc.RunDueJobs(e.ctx)
	e.deliver()
	if n := len(slaOf(cdo)); n != 2 {
		t.Fatalf("%d SLA notifications after day two, want 2", n)
	}
}

func TestDailyJobsWaitForTheirTime(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.idea("Wartet lange", employee, domain.StageScreening, domain.VisibilityInternal, 20*24*time.Hour)
	e.svc.DailyAt = 23 * time.Hour // the clock stands at 10:00
	e.svc.RunDueJobs(e.ctx)
	e.deliver()
	if n := len(e.mailsTo(cdo, "Zielzeit")); n != 0 {
		t.Fatalf("daily job ran before its time: %d mails", n)
	}
	e.clock.Advance(13*time.Hour + 30*time.Minute)
	e.svc.RunDueJobs(e.ctx)
	e.deliver()
	if n := len(e.mailsTo(cdo, "Zielzeit")); n != 1 {
		t.Fatalf("daily job did not run at its time: %d mails", n)
	}
}

func TestParkedIdeasComeBack(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	i := e.idea("Zurückgestellte Idee", employee, domain.StageParked, domain.VisibilityInternal, 90*24*time.Hour)
	if err := e.db.SetParked(e.ctx, i.ID, e.clock.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	e.svc.Parked = &domain.Funnel{Ideas: e.db, Parked: e.db, Now: e.clock.Now, NewID: mongo.NewID}
	e.svc.DueParked = e.db
	for range 2 {
		e.svc.RunDueJobs(e.ctx)
		e.deliver()
		e.clock.Advance(time.Hour)
	}
	got, err := e.db.FindIdeaByID(e.ctx, i.ID)
	if err != nil || got.Stage != domain.StageScreening {
		t.Fatalf("idea %v %v", got.Stage, err)
	}
	var back []*domain.Notification
	for _, n := range mustInbox(e, employee) {
		if n.Type == domain.EventStageChanged && n.From == domain.StageParked && n.To == domain.StageScreening {
			back = append(back, n)
		}
	}
	if len(back) != 1 || back[0].ActorName != "" || !strings.Contains(back[0].Reason, "Wiedervorlage") {
		t.Fatalf("revival notifications %+v", back)
	}
}
