// Package notify turns events into notifications: Publish queues an event durably; a
// dispatcher fans it out to its recipients (authors, co-authors, followers, mentioned
// people, explicit recipients) according to their preferences — in-app inbox, a single
// e-mail through the outbox, or the daily digest; a scheduler runs the periodic jobs (SLA
// and review reminders, parked ideas coming back, the digest, pruning). Both run on every
// instance but work only while they hold their lease in MongoDB, and every delivery is
// keyed (inbox entry and outbox message by event and user, jobs by period), so with any
// number of instances every notification is delivered once and every job runs once.
package notify

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Store is what the service needs of the database.
type Store interface {
	domain.UserStore
	domain.NotificationStore
	domain.EventQueue
	domain.JobStore
	domain.DigestStore
	domain.ReminderStore
	domain.OutboxAdmin
	domain.LeaseStore
	// PruneJobRecords deletes job runs and once keys older than before.
	PruneJobRecords(ctx context.Context, before time.Time) error
	// PruneIdeaClaims deletes the idea writes' revision claims that no writer can need any
	// more, and returns how many.
	PruneIdeaClaims(ctx context.Context) (int, error)
}

// IdeaFinder loads the idea of an event (title, authors, visibility); the idea store.
type IdeaFinder interface {
	FindIdeaByID(ctx context.Context, id string) (*domain.Idea, error)
}

// FollowerLister lists the followers of an idea; the follow store.
type FollowerLister interface {
	IdeaFollowerIDs(ctx context.Context, ideaID string) ([]string, error)
}

// IdeaScanner walks every idea of every tenant (the daily SLA check); the idea index,
// which has every idea in memory (the store would decode every document).
type IdeaScanner interface {
	ScanIdeas(ctx context.Context, fn func(*domain.Idea) error) error
}

// ReviewChecker tells whether a review is still owed; the review store.
type ReviewChecker interface {
	FindIdeaReviewers(ctx context.Context, ideaID string) (*domain.IdeaReviewers, error)
	FindReview(ctx context.Context, ideaID, reviewerID string) (*domain.Review, error)
}

// ParkedReviver brings parked ideas back to screening on their revisit date; the funnel
// (domain.Funnel.ReviveDueParkedIdeas).
type ParkedReviver interface {
	ReviveDueParkedIdeas(ctx context.Context, now time.Time) (int, error)
}

// ParkedLister finds the parked ideas due back in screening (the parked index), so the
// revival of each is announced as a stage change.
type ParkedLister interface {
	FindDueParked(ctx context.Context, now time.Time) ([]domain.ParkedRef, error)
}

// Service publishes and delivers notifications. Store, Tokens and BaseURL are required;
// the other collaborators are optional and their part is skipped while they are nil.
type Service struct {
	Store     Store
	Ideas     IdeaFinder
	Followers FollowerLister
	Scanner   IdeaScanner
	Reviews   ReviewChecker
	Parked    ParkedReviver
	DueParked ParkedLister
	Tokens    *Tokens
	// BaseURL is the SPA's public URL, for links in e-mails.
	BaseURL string
	// TenantURL, when set, gives a tenant's own public URL (domain.TenantBaseURL); without
	// it every link uses BaseURL.
	TenantURL func(ctx context.Context, tenantID string) string
	Logger    *slog.Logger
	Now       func() time.Time
	// Owner is this instance's identity in the leases.
	Owner string
	// SLAScreening and SLAEvaluation are the target times in those stages.
	SLAScreening  time.Duration
	SLAEvaluation time.Duration
	// DailyAt is when, after midnight UTC, the daily jobs (SLA, digest, pruning) run.
	DailyAt time.Duration
	// DispatchInterval and JobsInterval are how often the dispatcher and the scheduler
	// look for work (defaults 1 s and 1 min); Publish wakes the dispatcher at once.
	DispatchInterval time.Duration
	JobsInterval     time.Duration
	// OnMailed wakes the outbox sender after an e-mail was queued.
	OnMailed func()
	// Webhooks queues the tenant's webhook calls for the idea events (nil: none).
	Webhooks WebhookPublisher

	once sync.Once
	wake chan struct{}
}

// WebhookPublisher queues webhook calls for an event about an idea; it is idempotent per
// event, like the rest of delivery.
type WebhookPublisher interface {
	Publish(ctx context.Context, e *domain.Event, idea *domain.Idea) error
}

// Lease is held by the one instance that dispatches events and runs the jobs. Both loops
// share it, so the documents they write (inboxes, digests, reminders) have a single writer
// process, which the embedded store needs: its updates are not atomic across processes.
const Lease = "notify"

func (s *Service) init() {
	s.once.Do(func() {
		s.wake = make(chan struct{}, 1)
		if s.Now == nil {
			s.Now = func() time.Time { return time.Now().UTC() }
		}
		if s.Logger == nil {
			s.Logger = slog.Default()
		}
		if s.SLAScreening == 0 {
			s.SLAScreening = 14 * 24 * time.Hour
		}
		if s.SLAEvaluation == 0 {
			s.SLAEvaluation = 21 * 24 * time.Hour
		}
		if s.DispatchInterval == 0 {
			s.DispatchInterval = time.Second
		}
		if s.JobsInterval == 0 {
			s.JobsInterval = time.Minute
		}
	})
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

var _ domain.EventPublisher = (*Service)(nil)

// Publish queues e for delivery to its recipients. The tenant comes from the context when
// e has none. An event with a Key is queued at most once per tenant and key.
func (s *Service) Publish(ctx context.Context, e domain.Event) error {
	s.init()
	if e.TenantID == "" {
		tid, err := domain.TenantID(ctx)
		if err != nil {
			return err
		}
		e.TenantID = tid
	}
	if !domain.ValidEventType(e.Type) {
		return domain.Errorf(domain.EINTERNAL, "unknown event type %q", e.Type)
	}
	if e.At.IsZero() {
		e.At = s.now()
	}
	key := ""
	if e.Key != "" {
		key = "event:" + e.TenantID + ":" + e.Key
		ok, err := s.Store.ClaimOnce(ctx, key, s.now())
		if err != nil || !ok {
			return err
		}
	}
	if err := s.Store.QueueEvent(ctx, &e); err != nil {
		if key != "" {
			dctx, stop := domain.Detach(ctx)
			_ = s.Store.ReleaseOnce(dctx, key)
			stop()
		}
		return err
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
	return nil
}

// Notify publishes e and logs a failure instead of returning it: the operation that
// caused the event has happened and must not fail because of its notification. Hooks in
// handlers and services call it.
func (s *Service) Notify(ctx context.Context, e domain.Event) {
	if s == nil {
		return
	}
	// The operation has happened; a caller that went away (a client that gave up) must
	// not take the event with it.
	dctx, stop := domain.Detach(ctx)
	defer stop()
	if err := s.Publish(dctx, e); err != nil {
		s.init()
		s.Logger.ErrorContext(ctx, "publish notification event", "err", err, "type", e.Type, "idea", e.IdeaID)
	}
}

// Run runs the dispatcher and the scheduler until ctx is done, then releases the lease.
func (s *Service) Run(ctx context.Context) {
	s.init()
	var wg sync.WaitGroup
	wg.Go(func() { s.loop(ctx, s.DispatchInterval, s.wake, s.DispatchOnce) })
	wg.Go(func() { s.loop(ctx, s.JobsInterval, nil, s.RunDueJobs) })
	wg.Wait()
	_ = s.Store.ReleaseLease(context.WithoutCancel(ctx), Lease, s.Owner)
}

// leaseTTL outlives many ticks of the dispatcher, which renews the lease every second or
// so; when the holder dies another instance takes over after it.
const leaseTTL = 30 * time.Second

// holdLease takes or renews the lease; long runs call it between items so they stop when
// another instance took over.
func (s *Service) holdLease(ctx context.Context) bool {
	ok, err := s.Store.AcquireLease(ctx, Lease, s.Owner, s.Now().UTC(), leaseTTL)
	if err != nil && ctx.Err() == nil {
		s.Logger.Warn("notification lease", "err", err)
	}
	return ok && err == nil
}

func (s *Service) loop(ctx context.Context, every time.Duration, wake <-chan struct{}, work func(context.Context) int) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if s.holdLease(ctx) {
			work(ctx)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-wake:
		}
	}
}

// baseURL is the public URL of a tenant's site, for the links of its mails.
func (s *Service) baseURL(ctx context.Context, tenantID string) string {
	if s.TenantURL != nil {
		return s.TenantURL(ctx, tenantID)
	}
	return s.BaseURL
}
