package notify

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Scheduled jobs. Each runs once per period ("job:<name>:<period>" in the job store),
// whichever instance holds the scheduler lease; a run whose instance died is taken over
// after jobStaleAfter. Every job is idempotent within its period (reminders and summary
// events are keyed), so a taken-over run repeats nothing that reached anyone.
const (
	jobStaleAfter = 10 * time.Minute
	// SentRetention is how long sent messages stay in the outbox.
	SentRetention = 7 * 24 * time.Hour
	// recordRetention is how long job runs and once keys are kept.
	recordRetention = 90 * 24 * time.Hour
	// dueSoon is how long before its due date a review is "due soon".
	dueSoon = 48 * time.Hour
)

type job struct {
	name   string
	hourly bool
	run    func(ctx context.Context, now time.Time) (string, error)
}

func (s *Service) jobs() []job {
	return []job{
		{"review-reminders", true, s.reviewReminders},
		{"revive-parked", true, s.reviveParked},
		{"sla", false, s.slaReminders},
		{"digest", false, s.sendDigests},
		{"prune", false, s.prune},
	}
}

// RunDueJobs runs the jobs whose period has come and that no instance ran yet; it returns
// how many it ran. Hourly jobs run in every hour; daily ones once a day from DailyAt on.
func (s *Service) RunDueJobs(ctx context.Context) int {
	s.init()
	n := 0
	for _, j := range s.jobs() {
		now := s.now()
		day := now.Truncate(24 * time.Hour)
		period := now.Format("2006-01-02")
		if j.hourly {
			period = now.Format("2006-01-02T15")
		} else if now.Sub(day) < s.DailyAt {
			continue
		}
		if ctx.Err() != nil || !s.holdLease(ctx) {
			return n
		}
		id := "job:" + j.name + ":" + period
		ok, err := s.Store.StartJobRun(ctx, id, s.Owner, now, jobStaleAfter)
		if err != nil || !ok {
			if err != nil && ctx.Err() == nil {
				s.Logger.Warn("start job run", "job", id, "err", err)
			}
			continue
		}
		result, err := j.run(ctx, now)
		if err != nil {
			// Left "running": another tick (or instance) takes it over once it is stale.
			if ctx.Err() == nil {
				s.Logger.Error("job failed; retried later", "job", id, "err", err)
			}
			continue
		}
		if err := s.Store.FinishJobRun(context.WithoutCancel(ctx), id, s.now(), result); err != nil {
			s.Logger.Warn("finish job run", "job", id, "err", err)
		}
		s.Logger.Info("job done", "job", id, "result", result)
		n++
	}
	return n
}

// reviewReminders sends the due-soon and overdue reminders of open review assignments,
// each once, and forgets assignments that are no longer open.
func (s *Service) reviewReminders(ctx context.Context, now time.Time) (string, error) {
	rs, err := s.Store.FindReviewReminders(ctx)
	if err != nil {
		return "", err
	}
	sent := 0
	for _, r := range rs {
		tctx := domain.WithTenant(ctx, &domain.Tenant{ID: r.TenantID})
		open, err := s.reviewOpen(tctx, r)
		if err != nil {
			return "", err
		}
		if !open {
			if err := s.Store.ClearReviewReminder(tctx, r); err != nil {
				return "", err
			}
			continue
		}
		due := strconv.FormatInt(r.DueAt.Unix(), 10)
		var e domain.Event
		switch {
		case !now.Before(r.DueAt):
			e = domain.Event{Type: domain.EventReviewOverdue, Key: "review-overdue:" + r.IdeaID + ":" + r.ReviewerID + ":" + due}
		case !now.Before(r.DueAt.Add(-dueSoon)):
			e = domain.Event{Type: domain.EventReviewDueSoon, Key: "review-due-soon:" + r.IdeaID + ":" + r.ReviewerID + ":" + due}
		default:
			continue
		}
		e.TenantID, e.IdeaID, e.RecipientIDs, e.DueAt, e.ActorID = r.TenantID, r.IdeaID, []string{r.ReviewerID}, r.DueAt, domain.SystemActorID
		if err := s.Publish(tctx, e); err != nil {
			return "", err
		}
		sent++
		if e.Type == domain.EventReviewOverdue {
			if err := s.Store.ClearReviewReminder(tctx, r); err != nil {
				return "", err
			}
		}
	}
	return fmt.Sprintf("%d open assignments, %d reminders", len(rs), sent), nil
}

// reviewOpen reports whether the reminder's assignment still stands with the same due
// date, the review is not submitted and the idea is still in screening or evaluation.
// Without a review store or idea store it trusts the reminder.
func (s *Service) reviewOpen(ctx context.Context, r domain.ReviewReminder) (bool, error) {
	if s.Ideas != nil {
		i, err := s.Ideas.FindIdeaByID(ctx, r.IdeaID)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if i.Stage != domain.StageScreening && i.Stage != domain.StageEvaluation {
			return false, nil
		}
	}
	if s.Reviews == nil {
		return true, nil
	}
	as, err := s.Reviews.FindIdeaReviewers(ctx, r.IdeaID)
	if err != nil {
		return false, err
	}
	a, ok := as.Find(r.ReviewerID)
	if !ok || a.Status != domain.AssignmentActive || !a.DueAt.Equal(r.DueAt) {
		return false, nil
	}
	rev, err := s.Reviews.FindReview(ctx, r.IdeaID, r.ReviewerID)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		return true, nil
	case err != nil:
		return false, err
	}
	return rev.Status != domain.ReviewSubmitted, nil
}

// reviveParked brings parked ideas whose revisit date has come back to screening and
// tells their authors and followers (keyed by the decision, so once).
func (s *Service) reviveParked(ctx context.Context, now time.Time) (string, error) {
	if s.Parked == nil {
		return "no funnel", nil
	}
	var due []domain.ParkedRef
	if s.DueParked != nil {
		var err error
		if due, err = s.DueParked.FindDueParked(ctx, now); err != nil {
			return "", err
		}
	}
	n, err := s.Parked.ReviveDueParkedIdeas(ctx, now)
	if err != nil {
		return "", err
	}
	for _, ref := range due {
		if s.Ideas == nil {
			break
		}
		tctx := domain.WithTenant(ctx, &domain.Tenant{ID: ref.TenantID})
		i, err := s.Ideas.FindIdeaByID(tctx, ref.IdeaID)
		if err != nil || len(i.Decisions) == 0 {
			continue
		}
		d := i.Decisions[len(i.Decisions)-1]
		if d.From != domain.StageParked || d.To != domain.StageScreening || d.ActorID != domain.SystemActorID {
			continue
		}
		e := domain.TransitionEvent(i, d)
		e.Key = "revived:" + d.ID
		if err := s.Publish(tctx, e); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%d ideas back in screening", n), nil
}

// slaReminders tells each tenant's cdo, once a day, which ideas wait in screening or
// evaluation longer than the target time: one summary event per tenant and day.
func (s *Service) slaReminders(ctx context.Context, now time.Time) (string, error) {
	if s.Scanner == nil {
		return "no idea scanner", nil
	}
	late := map[string][]domain.EventIdea{}
	err := s.Scanner.ScanIdeas(ctx, func(i *domain.Idea) error {
		var target time.Duration
		switch i.Stage {
		case domain.StageScreening:
			target = s.SLAScreening
		case domain.StageEvaluation:
			target = s.SLAEvaluation
		default:
			return nil
		}
		if waited := now.Sub(i.StageSince); waited > target {
			late[i.TenantID] = append(late[i.TenantID], domain.EventIdea{ID: i.ID, Title: i.Title, Stage: i.Stage, Days: int(waited / (24 * time.Hour))})
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	day := now.Format("2006-01-02")
	total := 0
	for tid, ideas := range late {
		slices.SortFunc(ideas, func(a, b domain.EventIdea) int { return cmp.Or(cmp.Compare(b.Days, a.Days), cmp.Compare(a.ID, b.ID)) })
		total += len(ideas)
		e := domain.Event{Type: domain.EventSLAOverdue, TenantID: tid, ActorID: domain.SystemActorID, Ideas: ideas[:min(50, len(ideas))], Key: "sla:" + day}
		if err := s.Publish(domain.WithTenant(ctx, &domain.Tenant{ID: tid}), e); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%d ideas past target in %d tenants", total, len(late)), nil
}

// sendDigests mails each user with a pending digest one e-mail with everything collected
// since the last one. The message is keyed by user and day, so a repeated run does not
// mail twice; the mailed items are then removed (items that arrived meanwhile stay for the
// next run). The pending digests are read once: the store reads every pending item to
// find them, so reading them a page of users at a time read them all once per page.
func (s *Service) sendDigests(ctx context.Context, now time.Time) (string, error) {
	day := now.Format("2006-01-02")
	mailed := 0
	batches, err := s.Store.PendingDigests(ctx, 0)
	if err != nil {
		return "", err
	}
	for _, b := range batches {
		if !s.holdLease(ctx) {
			return "", fmt.Errorf("lost the scheduler lease")
		}
		tctx := domain.WithTenant(ctx, &domain.Tenant{ID: b.TenantID})
		ids := make([]string, len(b.Items))
		for i, n := range b.Items {
			ids[i] = n.ID
		}
		u, err := s.Store.FindUserByID(tctx, b.UserID)
		switch {
		case domain.ErrorCode(err) == domain.ENOTFOUND:
		case err != nil:
			return "", err
		case u.Status == domain.UserActive:
			tok := s.Tokens.Sign(Unsubscribe{TenantID: b.TenantID, UserID: u.ID, Type: AllTypes, Channel: domain.ChannelDigest})
			m, err := digestMail(links{s.baseURL(tctx, b.TenantID)}, u, b.Items, tok)
			if err != nil {
				return "", err
			}
			queued, err := s.Store.EnqueueOnce(tctx, "digest:"+day+":"+b.TenantID+":"+u.ID+":"+ids[0], m)
			if err != nil {
				return "", err
			}
			if queued {
				mailed++
			}
		}
		if err := s.Store.RemoveDigestItems(tctx, b.TenantID, b.UserID, ids); err != nil {
			return "", err
		}
	}
	if mailed > 0 && s.OnMailed != nil {
		s.OnMailed()
	}
	return fmt.Sprintf("%d digests", mailed), nil
}

// prune keeps the outbox, the job records and the idea writes' revision claims small.
func (s *Service) prune(ctx context.Context, now time.Time) (string, error) {
	n, err := s.Store.PruneOutbox(ctx, now.Add(-SentRetention))
	if err != nil {
		return "", err
	}
	if err := s.Store.PruneJobRecords(ctx, now.Add(-recordRetention)); err != nil {
		return "", err
	}
	claims, err := s.Store.PruneIdeaClaims(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d sent messages, %d revision claims pruned", n, claims), nil
}
