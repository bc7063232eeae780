package mail

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// LeaseName is the lease that makes one instance the outbox sender.
const LeaseName = "outbox-sender"

// Worker sends due outbox messages while it holds the outbox lease.
type Worker struct {
	Store  domain.OutboxStore
	Leases domain.LeaseStore
	Sender Sender
	// Webhooks delivers the outbox's webhook calls; without it they fail and are retried.
	Webhooks WebhookSender
	Logger   *slog.Logger
	Owner    string // this instance's identity in the lease
	Interval time.Duration
	// BaseDelay is the first retry delay; each attempt doubles it up to MaxDelay.
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// MaxAge is how long a message is retried before it is marked failed.
	MaxAge time.Duration
	Now    func() time.Time
	// Wake, when non-nil, makes the worker look at the outbox right away (after an enqueue).
	Wake chan struct{}
}

// WebhookSender posts one outbox message's webhook call.
type WebhookSender interface {
	Deliver(ctx context.Context, m *domain.OutboxMessage) error
}

// Run loops until ctx is done; then it releases the lease.
func (w *Worker) Run(ctx context.Context) {
	w.defaults()
	t := time.NewTicker(w.Interval)
	defer t.Stop()
	defer func() { _ = w.Leases.ReleaseLease(context.WithoutCancel(ctx), LeaseName, w.Owner) }()
	for {
		w.Tick(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.Wake:
		}
	}
}

func (w *Worker) defaults() {
	if w.Interval == 0 {
		w.Interval = time.Second
	}
	if w.BaseDelay == 0 {
		w.BaseDelay = 5 * time.Second
	}
	if w.MaxDelay == 0 {
		w.MaxDelay = 30 * time.Minute
	}
	if w.MaxAge == 0 {
		w.MaxAge = 72 * time.Hour
	}
	if w.Now == nil {
		w.Now = func() time.Time { return time.Now().UTC() }
	}
}

// Tick sends what is due if this instance holds (or can take) the lease. It returns the
// number of messages sent.
func (w *Worker) Tick(ctx context.Context) int {
	w.defaults()
	now := w.Now()
	ok, err := w.Leases.AcquireLease(ctx, LeaseName, w.Owner, now, 30*time.Second)
	if err != nil || !ok {
		if err != nil && ctx.Err() == nil {
			w.Logger.Warn("outbox lease", "err", err)
		}
		return 0
	}
	msgs, err := w.Store.DueMessages(ctx, now, 50)
	if err != nil {
		if ctx.Err() == nil {
			w.Logger.Warn("outbox read", "err", err)
		}
		return 0
	}
	sent := 0
	// A webhook whose call failed in this tick gets no more calls in it: a receiver that
	// hangs costs one timeout per tick, not one per queued call, and mails are not held up.
	// Its other calls wait as long as the failed one.
	postponed := map[string]time.Time{}
	for i, m := range msgs {
		if ctx.Err() != nil {
			return sent
		}
		if m.Webhook != nil {
			if next, ok := postponed[m.Webhook.WebhookID]; ok {
				note := m.LastError
				if note == "" {
					note = "postponed: an earlier call to this webhook failed"
				}
				if err := w.Store.MarkRetry(ctx, m.ID, m.Attempts, next, note, false); err != nil {
					w.Logger.Warn("outbox mark retry", "message", m.ID, "err", err)
				}
				continue
			}
		}
		// Renew the lease before each message: a slow server must not let the lease lapse
		// mid-batch, or another instance would send the same messages.
		if i > 0 {
			if ok, err := w.Leases.AcquireLease(ctx, LeaseName, w.Owner, w.Now(), 30*time.Second); err != nil || !ok {
				return sent
			}
		}
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		var err error
		switch {
		case m.Webhook == nil:
			err = w.Sender.Send(sctx, m.Mail)
		case w.Webhooks != nil:
			err = w.Webhooks.Deliver(sctx, m)
		default:
			err = errors.New("this instance does not send webhooks")
		}
		cancel()
		now := w.Now()
		if err == nil {
			// A crash right here resends the message once on restart: at-least-once delivery.
			if err := w.Store.MarkSent(ctx, m.ID, now); err != nil {
				w.Logger.Warn("outbox mark sent", "message", m.ID, "err", err)
			}
			sent++
			continue
		}
		attempts := m.Attempts + 1
		failed := now.Sub(m.CreatedAt) > w.MaxAge || errors.Is(err, domain.ErrUndeliverable)
		next := now.Add(w.backoff(attempts))
		kind := "mail"
		if m.Webhook != nil {
			kind = "webhook"
		}
		if failed {
			// Given up: the admin's outbox view lists it and can retry it.
			w.Logger.Error(kind+" failed for good", "message", m.ID, "tenant", m.TenantID, "attempts", attempts, "age", now.Sub(m.CreatedAt).String(), "err", err)
		} else {
			w.Logger.Warn(kind+" not sent", "message", m.ID, "attempt", attempts, "err", err)
		}
		if err := w.Store.MarkRetry(ctx, m.ID, attempts, next, err.Error(), failed); err != nil {
			w.Logger.Warn("outbox mark retry", "message", m.ID, "err", err)
		}
		if m.Webhook != nil {
			postponed[m.Webhook.WebhookID] = next
			continue // one receiver's outage says nothing about the others
		}
		// The mail server is probably down; try the rest on a later tick.
		break
	}
	return sent
}

// backoff returns BaseDelay·2^(attempts-1), capped at MaxDelay, with ±20 % jitter so many
// instances and messages do not retry in lockstep.
func (w *Worker) backoff(attempts int) time.Duration {
	d := w.BaseDelay
	for i := 1; i < attempts && d < w.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, w.MaxDelay)
	jitter := time.Duration((rand.Float64()*0.4 - 0.2) * float64(d))
	return d + jitter
}
