package httpapi

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/webhook"
)

// Audit actions of the webhook settings.
const (
	auditWebhookCreate = "webhook.create"
	auditWebhookUpdate = "webhook.update"
	auditWebhookDelete = "webhook.delete"
	auditWebhookRotate = "webhook.rotate_secret"
)

type webhookResultResponse struct {
	At         time.Time `json:"at"`
	Event      string    `json:"event"`
	OK         bool      `json:"ok"`
	Status     *int      `json:"status"`
	DurationMS int64     `json:"durationMs"`
	Error      *string   `json:"error"`
	ErrorKind  *string   `json:"errorKind"`
}

func toWebhookResult(r *domain.WebhookResult) *webhookResultResponse {
	if r == nil {
		return nil
	}
	out := &webhookResultResponse{At: r.At, Event: string(r.Event), OK: r.OK(), DurationMS: r.DurationMS, Error: optString(r.Error),
		ErrorKind: optString(r.Kind)}
	if !out.OK && out.ErrorKind == nil {
		other := "other" // results recorded before kinds existed
		out.ErrorKind = &other
	}
	if r.Status != 0 {
		st := r.Status
		out.Status = &st
	}
	return out
}

// webhookResponse shows a webhook without its secret; the secret is in the answers that
// create or rotate it, once.
type webhookResponse struct {
	ID           string                 `json:"id"`
	URL          string                 `json:"url"`
	Description  string                 `json:"description"`
	Events       []domain.WebhookEvent  `json:"events"`
	Active       bool                   `json:"active"`
	LastDelivery *webhookResultResponse `json:"lastDelivery"`
	Version      int64                  `json:"version"`
	CreatedAt    time.Time              `json:"createdAt"`
	UpdatedAt    time.Time              `json:"updatedAt"`
	Secret       string                 `json:"secret,omitempty"`
}

func toWebhook(w *domain.Webhook) webhookResponse {
	evs := w.Events
	if evs == nil {
		evs = []domain.WebhookEvent{}
	}
	return webhookResponse{ID: w.ID, URL: w.URL, Description: w.Description, Events: evs, Active: w.Active,
		LastDelivery: toWebhookResult(w.LastDelivery), Version: w.Version, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt}
}

// webhooks returns the webhook service, or answers 404 when this server has none.
func (s *Server) webhooks(c *gin.Context) (*webhook.Service, bool) {
	if s.Webhooks == nil {
		s.fail(c, domain.Errorf(domain.ENOTFOUND, "webhooks are not available"))
		return nil, false
	}
	return s.Webhooks, true
}

// webhookOf loads the webhook of the path, checking If-Match when versioned; false once it
// has answered.
func (s *Server) webhookOf(c *gin.Context, versioned bool) (*webhook.Service, *domain.Webhook, bool) {
	wh, ok := s.webhooks(c)
	if !ok {
		return nil, nil, false
	}
	h, err := wh.Store.FindWebhookByID(c.Request.Context(), c.Param("id"))
	if err == nil && versioned {
		err = checkVersion(c, h.Version, false)
	}
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	return wh, h, true
}

// webhookChanged follows a stored change: this instance's dispatcher reads the tenant's
// webhooks anew, and the audit log records it.
func (s *Server) webhookChanged(ctx context.Context, wh *webhook.Service, h *domain.Webhook, action string, details map[string]string) {
	wh.Invalidate(h.TenantID)
	s.auditEngagement(ctx, domain.NewAuditEntry(ctx, action, "webhook", h.ID, details))
}

func (s *Server) handleListWebhooks(c *gin.Context) {
	wh, ok := s.webhooks(c)
	if !ok {
		return
	}
	hs, err := wh.Store.FindWebhooks(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]webhookResponse, len(hs))
	for i, h := range hs {
		out[i] = toWebhook(h)
	}
	c.JSON(http.StatusOK, newList(out, "", len(out)))
}

type createWebhookRequest struct {
	URL         string                `json:"url" binding:"required,max=2000,line"`
	Description string                `json:"description" binding:"max=200,line"`
	Events      []domain.WebhookEvent `json:"events" binding:"max=10"`
	Active      *bool                 `json:"active"`
}

// checkWebhookEvents requires at least one known event, each once.
func checkWebhookEvents(es []domain.WebhookEvent) ([]domain.WebhookEvent, error) {
	if len(es) == 0 {
		return nil, domain.InvalidFor("events", domain.RWebhookEvents, "choose at least one event")
	}
	var out []domain.WebhookEvent
	for _, e := range es {
		if !domain.ValidWebhookEvent(e) {
			return nil, domain.Invalid("events", "must be idea.submitted, idea.stage_changed or idea.decided")
		}
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out, nil
}

func (s *Server) handleCreateWebhook(c *gin.Context) {
	wh, ok := s.webhooks(c)
	if !ok {
		return
	}
	var req createWebhookRequest
	if !s.bindJSON(c, &req) {
		return
	}
	if err := webhook.CheckURL(req.URL, wh.AllowLoopback); err != nil {
		s.fail(c, err)
		return
	}
	evs, err := checkWebhookEvents(req.Events)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	h := &domain.Webhook{URL: req.URL, Description: req.Description, Events: evs, Active: req.Active == nil || *req.Active,
		Secret: webhook.NewSecret()}
	if err := wh.Store.CreateWebhook(ctx, h); err != nil {
		s.fail(c, err)
		return
	}
	s.webhookChanged(ctx, wh, h, auditWebhookCreate, map[string]string{"active": strconv.FormatBool(h.Active)})
	out := toWebhook(h)
	out.Secret = h.Secret
	c.Header("ETag", etag(h.Version))
	c.Header("Location", "/api/v1/webhooks/"+h.ID)
	c.JSON(http.StatusCreated, out)
}

func (s *Server) handleGetWebhook(c *gin.Context) {
	_, h, ok := s.webhookOf(c, false)
	if !ok {
		return
	}
	c.Header("ETag", etag(h.Version))
	c.JSON(http.StatusOK, toWebhook(h))
}

type patchWebhookRequest struct {
	URL         *string                `json:"url" binding:"omitempty,max=2000,line"`
	Description *string                `json:"description" binding:"omitempty,max=200,line"`
	Events      *[]domain.WebhookEvent `json:"events" binding:"omitempty,max=10"`
	Active      *bool                  `json:"active"`
}

func (s *Server) handlePatchWebhook(c *gin.Context) {
	var req patchWebhookRequest
	if !s.bindJSON(c, &req) {
		return
	}
	wh, h, ok := s.webhookOf(c, true)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	before := *h
	var err error
	if req.URL != nil {
		if err := webhook.CheckURL(*req.URL, wh.AllowLoopback); err != nil {
			s.fail(c, err)
			return
		}
		h.URL = *req.URL
	}
	if req.Description != nil {
		h.Description = *req.Description
	}
	if req.Events != nil {
		if h.Events, err = checkWebhookEvents(*req.Events); err != nil {
			s.fail(c, err)
			return
		}
	}
	if req.Active != nil {
		h.Active = *req.Active
	}
	if err := wh.Store.UpdateWebhook(ctx, h); err != nil {
		s.fail(c, err)
		return
	}
	// What changed, for the audit log: the switch in words, the rest by name (a receiver's
	// address can hold a token, so it is not written there).
	details := map[string]string{}
	if before.Active != h.Active {
		details["active"] = strconv.FormatBool(h.Active)
	}
	var changed []string
	if before.URL != h.URL {
		changed = append(changed, "url")
	}
	if before.Description != h.Description {
		changed = append(changed, "description")
	}
	if !slices.Equal(before.Events, h.Events) {
		changed = append(changed, "events")
	}
	if len(changed) > 0 {
		details["changed"] = strings.Join(changed, ",")
	}
	s.webhookChanged(ctx, wh, h, auditWebhookUpdate, details)
	c.Header("ETag", etag(h.Version))
	c.JSON(http.StatusOK, toWebhook(h))
}

func (s *Server) handleDeleteWebhook(c *gin.Context) {
	wh, h, ok := s.webhookOf(c, true)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	if err := wh.Store.DeleteWebhook(ctx, h.ID); err != nil {
		s.fail(c, err)
		return
	}
	s.webhookChanged(ctx, wh, h, auditWebhookDelete, nil)
	c.Status(http.StatusNoContent)
}

// handleRotateWebhookSecret gives a webhook a new secret and shows it once. Deliveries
// still queued are signed with the new one when they are sent.
func (s *Server) handleRotateWebhookSecret(c *gin.Context) {
	wh, h, ok := s.webhookOf(c, true)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	// The old secret keeps signing beside the new one for a day (Standard Webhooks sends
	// several signatures), so the receiver can switch without losing deliveries.
	h.PreviousSecret, h.PreviousUntil = h.Secret, s.Now().UTC().Add(domain.SecretGrace)
	h.Secret = webhook.NewSecret()
	if err := wh.Store.UpdateWebhook(ctx, h); err != nil {
		s.fail(c, err)
		return
	}
	s.webhookChanged(ctx, wh, h, auditWebhookRotate, nil)
	out := toWebhook(h)
	out.Secret = h.Secret
	c.Header("ETag", etag(h.Version))
	c.JSON(http.StatusOK, out)
}

// handleTestWebhook sends a signed webhook.ping now, even to a switched-off webhook, and
// answers with the outcome (also the webhook's last delivery).
func (s *Server) handleTestWebhook(c *gin.Context) {
	wh, h, ok := s.webhookOf(c, false)
	if !ok {
		return
	}
	r := wh.Ping(c.Request.Context(), h, "ping:"+uuid.Must(uuid.NewV7()).String())
	c.JSON(http.StatusOK, toWebhookResult(&r))
}
