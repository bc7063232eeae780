package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// outboxMessageResponse shows an outbox message to an admin: recipient, kind, state and
// errors, never subject or body (they carry other people's names and words).
type outboxMessageResponse struct {
	ID          string     `json:"id"`
	Kind        string     `json:"kind"`
	To          string     `json:"to"`
	State       string     `json:"state"`
	Attempts    int        `json:"attempts"`
	LastError   *string    `json:"lastError"`
	ErrorKind   *string    `json:"errorKind"`
	CreatedAt   time.Time  `json:"createdAt"`
	NextAttempt *time.Time `json:"nextAttempt"`
}

// outboxKind tells from a message's ID what it is: notification and digest messages have
// keyed IDs; everything else is account mail (verification, password reset).
func outboxKind(id string) string {
	switch {
	case strings.HasPrefix(id, "n:"):
		return "notification"
	case strings.HasPrefix(id, "digest:"):
		return "digest"
	case strings.HasPrefix(id, "wh:"):
		return "webhook"
	case strings.HasPrefix(id, "feedback:"):
		return "feedback"
	}
	return "account"
}

// toOutboxMessage shows m; a webhook call's recipient is its webhook's URL (from hooks,
// by ID; "deleted webhook" when it is gone).
func toOutboxMessage(m *domain.OutboxMessage, hooks map[string]string) outboxMessageResponse {
	r := outboxMessageResponse{
		ID: m.ID, Kind: outboxKind(m.ID), To: m.Mail.To, State: string(m.State), Attempts: m.Attempts,
		LastError: optString(m.LastError), ErrorKind: optString(outboxErrorKind(m.LastError)), CreatedAt: m.CreatedAt,
	}
	// When it was queued, not when an admin last retried it.
	if !m.FirstCreatedAt.IsZero() {
		r.CreatedAt = m.FirstCreatedAt
	}
	if m.Webhook != nil {
		r.Kind, r.To = "webhook", hooks[m.Webhook.WebhookID]
		if r.To == "" {
			r.To = "deleted webhook"
		}
	}
	if m.State == domain.OutboxPending {
		t := m.NextAttempt
		r.NextAttempt = &t
	}
	return r
}

// outboxErrorKind classifies a recorded delivery error for the admin's language (the text
// itself stays available as lastError): the errors come from Go's network stack, the SMTP
// server's answer or the webhook sender, whose wording is stable.
func outboxErrorKind(lastError string) string {
	e := strings.ToLower(lastError)
	switch {
	case e == "":
		return ""
	case strings.Contains(e, "the webhook was deleted"):
		return "webhook_deleted"
	case strings.Contains(e, "the webhook is switched off"):
		return "webhook_disabled"
	case strings.Contains(e, "connection refused"):
		return "refused"
	case strings.Contains(e, "timeout"), strings.Contains(e, "deadline exceeded"), strings.Contains(e, "timed out"):
		return "timeout"
	case strings.Contains(e, "no such host"), strings.Contains(e, "network is unreachable"), strings.Contains(e, "no route to host"):
		return "unreachable"
	case strings.Contains(e, "x509"), strings.Contains(e, "tls"), strings.Contains(e, "certificate"):
		return "tls"
	case strings.Contains(e, "the receiver answered http"):
		return "status"
	case len(e) >= 3 && (e[0] == '4' || e[0] == '5') && e[1] >= '0' && e[1] <= '9' && e[2] >= '0' && e[2] <= '9':
		// An SMTP reply code: the mail server refused (5xx) or deferred (4xx) the message.
		return "rejected"
	}
	return "other"
}

type outboxCountsResponse struct {
	Pending int `json:"pending"`
	Sent    int `json:"sent"`
	Failed  int `json:"failed"`
}

type outboxOverviewResponse struct {
	MailDelivery string                  `json:"mailDelivery"`
	Counts       outboxCountsResponse    `json:"counts"`
	Retrying     []outboxMessageResponse `json:"retrying"`
	Failed       []outboxMessageResponse `json:"failed"`
}

// handleGetOutbox shows the tenant's outbox to an admin: counts by state, the messages
// being retried with their last error, and those that failed for good.
func (s *Server) handleGetOutbox(c *gin.Context) {
	n, ok := s.notifications(c)
	if !ok {
		return
	}
	ov, err := n.OutboxOverview(c.Request.Context(), 50)
	if err != nil {
		s.fail(c, err)
		return
	}
	r := outboxOverviewResponse{
		MailDelivery: "smtp",
		Counts:       outboxCountsResponse(ov.Counts),
		Retrying:     make([]outboxMessageResponse, len(ov.Retrying)),
		Failed:       make([]outboxMessageResponse, len(ov.Failed)),
	}
	if s.MailToLog {
		r.MailDelivery = "log"
	}
	hooks := map[string]string{}
	if s.Webhooks != nil {
		hs, err := s.Webhooks.Store.FindWebhooks(c.Request.Context())
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, h := range hs {
			hooks[h.ID] = h.URL
		}
	}
	for i, m := range ov.Retrying {
		r.Retrying[i] = toOutboxMessage(m, hooks)
	}
	for i, m := range ov.Failed {
		r.Failed[i] = toOutboxMessage(m, hooks)
	}
	c.JSON(http.StatusOK, r)
}

// handleRetryOutboxMessage makes one failed or retrying message due now.
func (s *Server) handleRetryOutboxMessage(c *gin.Context) {
	n, ok := s.notifications(c)
	if !ok {
		return
	}
	if err := n.RetryOutboxMessage(c.Request.Context(), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

type retriedResponse struct {
	Retried int `json:"retried"`
}

// handleRetryFailedOutbox makes every failed message of the tenant due now.
func (s *Server) handleRetryFailedOutbox(c *gin.Context) {
	n, ok := s.notifications(c)
	if !ok {
		return
	}
	k, err := n.RetryFailedOutbox(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, retriedResponse{Retried: k})
}
