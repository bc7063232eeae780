package notify

import (
	"context"
	"maps"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Inbox is a page of a user's in-app notifications.
type Inbox struct {
	Items  []*domain.Notification
	Next   string
	Total  int
	Unread int
}

// Inbox returns a page of the user's notifications, newest first.
func (s *Service) Inbox(ctx context.Context, userID string, limit int, cursor string) (*Inbox, error) {
	items, next, total, unread, err := s.Store.FindNotifications(ctx, userID, limit, cursor)
	if err != nil {
		return nil, err
	}
	return &Inbox{Items: items, Next: next, Total: total, Unread: unread}, nil
}

// MarkRead marks notifications (or all) of the user read and returns the unread count left.
func (s *Service) MarkRead(ctx context.Context, userID string, ids []string, all bool) (int, error) {
	return s.Store.MarkNotificationsRead(ctx, userID, ids, all)
}

// Unsubscribe carries out an unsubscribe link of the context's tenant: it switches the
// e-mails of one event type off (or the daily digest) and returns what it did. Repeating
// it changes nothing. EINVALID for a token that is not valid here.
func (s *Service) Unsubscribe(ctx context.Context, token string) (Unsubscribe, error) {
	un, err := s.Tokens.Parse(token)
	if err != nil {
		return Unsubscribe{}, err
	}
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return Unsubscribe{}, err
	}
	if un.TenantID != tid {
		return Unsubscribe{}, domain.Invalid("token", "this unsubscribe link is not valid; change your settings in your profile instead")
	}
	for range 10 {
		u, err := s.Store.FindUserByID(ctx, un.UserID)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return Unsubscribe{}, domain.Invalid("token", "this unsubscribe link is not valid; change your settings in your profile instead")
		}
		if err != nil {
			return Unsubscribe{}, err
		}
		next := ApplyUnsubscribe(u.NotificationPreferences, un)
		if maps.Equal(next, u.NotificationPreferences) {
			return un, nil
		}
		u.NotificationPreferences = next
		err = s.Store.UpdateUser(ctx, u)
		if domain.ErrorCode(err) == domain.EPRECONDITIONFAILED {
			continue
		}
		return un, err
	}
	return Unsubscribe{}, domain.Conflict(domain.RBusy, "your settings are being changed right now; try again")
}

// ApplyUnsubscribe returns p with what un switches off: the e-mails of one type, or the
// digest of every type.
func ApplyUnsubscribe(p domain.NotificationPreferences, un Unsubscribe) domain.NotificationPreferences {
	out := maps.Clone(p)
	if out == nil {
		out = domain.NotificationPreferences{}
	}
	for _, t := range domain.AllEventTypes {
		if un.Type != AllTypes && un.Type != t {
			continue
		}
		c := p.For(t)
		switch un.Channel {
		case domain.ChannelEmail:
			if !c.Email {
				continue
			}
			c.Email = false
		case domain.ChannelDigest:
			if !c.Digest {
				continue
			}
			c.Digest = false
		}
		out[t] = c
	}
	return out
}

// OutboxOverview is the admin's view of the tenant's outbox.
func (s *Service) OutboxOverview(ctx context.Context, limit int) (*domain.OutboxOverview, error) {
	return s.Store.FindOutboxOverview(ctx, limit)
}

// RetryOutboxMessage makes one message due now and wakes the sender.
func (s *Service) RetryOutboxMessage(ctx context.Context, id string) error {
	s.init()
	if err := s.Store.RetryOutboxMessage(ctx, id, s.now()); err != nil {
		return err
	}
	s.mailed()
	return nil
}

// RetryFailedOutbox makes every failed message of the tenant due now.
func (s *Service) RetryFailedOutbox(ctx context.Context) (int, error) {
	s.init()
	n, err := s.Store.RetryFailedOutbox(ctx, s.now())
	if n > 0 {
		s.mailed()
	}
	return n, err
}

func (s *Service) mailed() {
	if s.OnMailed != nil {
		s.OnMailed()
	}
}
