package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// An event that still cannot be delivered after this long is dropped (logged), so a
// broken event never holds up the queue for good.
const eventMaxAge = 24 * time.Hour

// DispatchOnce delivers the queued events (while this instance holds the dispatch lease)
// and returns how many it delivered. Delivery is idempotent — inbox entries, outbox
// messages and digest items are keyed by event and user — so an event redelivered after a
// crash or a lease hand-over reaches nobody twice.
//
// Events are delivered one after another: fanning an event out to an idea's followers is
// work on the store for each of them, and a single dispatcher leaves the store to the
// requests under load (four workers in parallel were measured to take a third of the
// comment scenario's throughput while the queue still grew).
func (s *Service) DispatchOnce(ctx context.Context) int {
	s.init()
	n := 0
	for range 20 { // at most 20 batches per tick, then let the other loops breathe
		// The lease is renewed per batch (two store operations): it outlives a batch many
		// times over (leaseTTL).
		if ctx.Err() != nil || !s.holdLease(ctx) {
			return n
		}
		evs, err := s.Store.PendingEvents(ctx, 50)
		if err != nil {
			if ctx.Err() == nil {
				s.Logger.Warn("read notification events", "err", err)
			}
			return n
		}
		progressed := false
		for _, e := range evs {
			if ctx.Err() != nil {
				return n
			}
			if s.dispatchOne(ctx, e) {
				n++
				progressed = true
			}
		}
		if !progressed {
			return n
		}
	}
	return n
}

// dispatchOne delivers one event and removes it from the queue; false if it stays (to be
// retried) or could not be removed.
func (s *Service) dispatchOne(ctx context.Context, e *domain.Event) bool {
	err := s.deliver(ctx, e)
	if err != nil && s.now().Sub(e.At) < eventMaxAge {
		if ctx.Err() == nil {
			s.Logger.Warn("deliver notification event; retrying later", "event", e.ID, "type", e.Type, "err", err)
		}
		return false
	}
	if err != nil {
		s.Logger.Error("notification event dropped after a day of failures", "event", e.ID, "type", e.Type, "err", err)
	}
	if err := s.Store.DeleteEvent(ctx, e.ID); err != nil {
		s.Logger.Warn("delete delivered event", "event", e.ID, "err", err)
		return false
	}
	return true
}

// recipient is one user to notify and as what.
type recipient struct {
	userID string
	typ    domain.EventType
}

// deliver fans one event out to its recipients.
func (s *Service) deliver(ctx context.Context, e *domain.Event) error {
	ctx = domain.WithTenant(ctx, &domain.Tenant{ID: e.TenantID})
	var idea *domain.Idea
	if e.IdeaID != "" && s.Ideas != nil {
		i, err := s.Ideas.FindIdeaByID(ctx, e.IdeaID)
		switch domain.ErrorCode(err) {
		case "":
			idea = i
		case domain.ENOTFOUND:
			return nil // the idea is gone; so is the news
		default:
			return err
		}
	}
	if s.Webhooks != nil && idea != nil {
		if err := s.Webhooks.Publish(ctx, e, idea); err != nil {
			return fmt.Errorf("queue webhooks of %s: %w", e.Type, err)
		}
	}
	rs, err := s.recipients(ctx, e, idea)
	if err != nil {
		return err
	}
	actorName := ""
	if e.ActorID != "" && e.ActorID != domain.SystemActorID {
		if a, err := s.Store.FindUserByID(ctx, e.ActorID); err == nil && a.Status != domain.UserDeleted {
			actorName = a.DisplayName
		}
	}
	for _, r := range rs {
		if err := s.deliverTo(ctx, e, idea, actorName, r); err != nil {
			return fmt.Errorf("deliver %s to %s: %w", e.Type, r.userID, err)
		}
	}
	return nil
}

// recipients applies the event type's rule: who hears about it, and as which type
// (someone mentioned in a comment gets the mention, not the comment). The actor never
// hears about their own doing.
func (s *Service) recipients(ctx context.Context, e *domain.Event, idea *domain.Idea) ([]recipient, error) {
	var out []recipient
	seen := map[string]bool{e.ActorID: e.ActorID != ""}
	add := func(id string, t domain.EventType) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, recipient{id, t})
		}
	}
	if e.Type == domain.EventComment {
		ids, err := s.mentionedUsers(ctx, e.Text)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			add(id, domain.EventMention)
		}
	}
	for _, id := range e.RecipientIDs {
		add(id, e.Type)
	}
	switch e.Type {
	case domain.EventStageChanged, domain.EventDecisionMade, domain.EventComment, domain.EventPilotUpdate:
		if idea != nil {
			add(idea.AuthorID, e.Type)
			for _, id := range idea.CoAuthorIDs {
				add(id, e.Type)
			}
		}
		// Followers hear of stage changes, but not the questions to the authors or their answer.
		private := idea != nil && idea.PrivateReason(domain.Decision{From: e.From, To: e.To, ActorID: e.ActorID})
		if s.Followers != nil && e.IdeaID != "" && !private {
			ids, err := s.Followers.IdeaFollowerIDs(ctx, e.IdeaID)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				add(id, e.Type)
			}
		}
	case domain.EventSLAOverdue, domain.EventReviewDeclined:
		if err := s.eachCDO(ctx, func(id string) { add(id, e.Type) }); err != nil {
			return nil, err
		}
	}
	// The authors' answer to the questions of "needs information" goes to the cdo's office.
	if isAnswer(e, idea) {
		if err := s.eachCDO(ctx, func(id string) { add(id, e.Type) }); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// isAnswer reports whether e is the authors' answer to the questions of "needs
// information": an author returned the idea from submitted to screening.
func isAnswer(e *domain.Event, idea *domain.Idea) bool {
	return e.Type == domain.EventStageChanged && idea != nil && idea.IsAnswer(domain.Decision{From: e.From, To: e.To, ActorID: e.ActorID})
}

// eachCDO calls fn with the ID of every active member of the cdo's office.
func (s *Service) eachCDO(ctx context.Context, fn func(id string)) error {
	for cursor := ""; ; {
		us, next, _, err := s.Store.FindUsers(ctx, domain.UserFilter{Role: domain.RoleCDO, Status: domain.UserActive, Limit: 100, Cursor: cursor})
		if err != nil {
			return err
		}
		for _, u := range us {
			fn(u.ID)
		}
		if cursor = next; next == "" {
			return nil
		}
	}
}

// deliverTo writes the notification of one recipient to the channels they chose. A
// recipient who is no longer active, or who may not see the idea (a citizen following an
// idea that became internal, say), gets nothing.
func (s *Service) deliverTo(ctx context.Context, e *domain.Event, idea *domain.Idea, actorName string, r recipient) error {
	u, err := s.Store.FindUserByID(ctx, r.userID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if u.Status != domain.UserActive {
		return nil
	}
	if idea != nil && !domain.CanSeeIdea(&domain.Actor{UserID: u.ID, TenantID: u.TenantID, Roles: u.Roles}, idea) {
		return nil
	}
	n := &domain.Notification{
		ID: e.ID, Type: r.typ, IdeaID: e.IdeaID, ActorID: e.ActorID, ActorName: actorName,
		From: e.From, To: e.To, Reason: e.Reason, CommentID: e.CommentID, DueAt: e.DueAt,
		Ideas: e.Ideas, CreatedAt: e.At,
	}
	if idea != nil {
		n.IdeaTitle = idea.Title
	}
	if e.Text != "" {
		n.Excerpt = excerpt(e.Text, 500)
	}
	if r.typ == domain.EventReviewAssigned && !e.DueAt.IsZero() {
		if err := s.Store.SetReviewReminder(ctx, domain.ReviewReminder{TenantID: e.TenantID, IdeaID: e.IdeaID, ReviewerID: u.ID, DueAt: e.DueAt}); err != nil {
			return err
		}
	}
	prefs := u.NotificationPreferences.For(r.typ)
	if prefs.InApp {
		if err := s.Store.AddNotification(ctx, u.ID, n); err != nil {
			return err
		}
	}
	if prefs.Digest {
		if err := s.Store.AddDigestItem(ctx, u.ID, n); err != nil {
			return err
		}
	}
	if prefs.Email {
		tok := s.Tokens.Sign(Unsubscribe{TenantID: e.TenantID, UserID: u.ID, Type: r.typ, Channel: domain.ChannelEmail})
		m, err := notificationMail(links{s.baseURL(ctx, e.TenantID)}, u, n, mailCase{
			author: idea != nil && idea.IsAuthor(u.ID), answer: isAnswer(e, idea),
		}, tok)
		if err != nil {
			return err
		}
		queued, err := s.Store.EnqueueOnce(ctx, "n:"+e.ID+":"+u.ID, m)
		if err != nil {
			return err
		}
		if queued && s.OnMailed != nil {
			s.OnMailed()
		}
	}
	return nil
}
