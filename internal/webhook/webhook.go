// Package webhook sends the tenants' outgoing webhooks: a new idea, a stage change or a
// decision is posted as JSON to the URLs an admin registered, so a city can connect its
// ticketing or chat tools (PRODUCT.md, "Engagement and notifications").
//
// The notification dispatcher turns each idea event into one outbox message per subscribed
// webhook (Publish); the outbox worker posts them with retries and back-off (Deliver), like
// e-mails. Requests are signed after Standard Webhooks (https://www.standardwebhooks.com):
// headers webhook-id (the delivery's ID, the same on every retry), webhook-timestamp and
// webhook-signature ("v1," and the base64 HMAC-SHA256 of "id.timestamp.body" keyed with
// the secret), so receivers verify them with that project's libraries.
package webhook

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// cacheTTL is how long the dispatcher trusts its copy of a tenant's webhooks: changes made
// on another instance reach events at most this much later.
const cacheTTL = 10 * time.Second

// Timeout bounds one delivery (connect, send, answer).
const Timeout = 10 * time.Second

// Service publishes idea events to webhooks and delivers them.
type Service struct {
	Store  domain.WebhookStore
	Logger *slog.Logger
	// BaseURL is the SPA's public URL, for the ideas' links in payloads.
	BaseURL string
	// TenantURL, when set, gives a tenant's own public URL (domain.TenantBaseURL).
	TenantURL func(ctx context.Context, tenantID string) string
	// AllowLoopback lets webhooks reach loopback and link-local addresses (tests and
	// development only: in production they would reach the server's own ports and the
	// cloud's metadata service).
	AllowLoopback bool
	// UserAgent names the sender, e.g. "Ideenwerk/1.2.3".
	UserAgent string
	Now       func() time.Time
	// OnQueued wakes the outbox worker after deliveries were queued.
	OnQueued func()

	once   sync.Once
	client *http.Client
	mu     sync.Mutex
	cache  map[string]cachedHooks
}

type cachedHooks struct {
	hooks []*domain.Webhook
	at    time.Time
}

func (s *Service) init() {
	s.once.Do(func() {
		if s.Now == nil {
			s.Now = func() time.Time { return time.Now().UTC() }
		}
		if s.Logger == nil {
			s.Logger = slog.New(slog.DiscardHandler)
		}
		if s.UserAgent == "" {
			s.UserAgent = "Ideenwerk"
		}
		s.client = NewClient(s.AllowLoopback)
		s.cache = map[string]cachedHooks{}
	})
}

// NewSecret returns a new signing secret: "whsec_" and the base64 of 32 random bytes.
func NewSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}

// CheckURL validates a webhook URL: absolute http(s), a host, no credentials or fragment,
// and — unless allowLoopback — no loopback, link-local or unspecified address literal
// (names are checked again when they are resolved, at every connection).
func CheckURL(raw string, allowLoopback bool) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return domain.InvalidFor("url", domain.RWebhookURL, "must be an absolute http or https URL without credentials or fragment")
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return domain.InvalidFor("url", domain.RWebhookURL, "the port must be a number from 1 to 65535")
		}
	}
	if _, err := netip.ParseAddr(host); err != nil && oddNumericHost(host) {
		// 127.1, 2130706433, 0x7f000001: numbers that some resolvers read as addresses.
		return domain.InvalidFor("url", domain.RWebhookURL, "the host must be a name or a complete IP address")
	}
	if allowLoopback {
		return nil
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return domain.InvalidFor("url", domain.RWebhookAddress, "must not point at this server itself (loopback)")
	}
	if ip, err := netip.ParseAddr(host); err == nil && blocked(ip) {
		return domain.InvalidFor("url", domain.RWebhookAddress, "must not point at loopback, link-local or unspecified addresses")
	}
	return nil
}

// oddNumericHost reports whether host is made of numbers only (no top-level domain is) or
// has a hexadecimal label ("0x7f"), which some resolvers read as an address.
func oddNumericHost(host string) bool {
	if strings.Trim(host, "0123456789.") == "" {
		return true
	}
	for l := range strings.SplitSeq(host, ".") {
		if strings.HasPrefix(l, "0x") {
			return true
		}
	}
	return false
}

// blocked reports whether a webhook may not connect to ip: loopback (the server's own
// ports), link-local (the cloud's metadata service at 169.254.169.254), unspecified and
// multicast. Private networks are allowed: a city's ticketing system lives in them.
func blocked(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast()
}

// NewClient returns the HTTP client of deliveries: a timeout, no redirects (a redirect is
// an answer that is not 2xx), and — unless allowLoopback — a dialer that refuses blocked
// addresses after name resolution, so a name that resolves to 127.0.0.1 is refused too.
func NewClient(allowLoopback bool) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second}
	if !allowLoopback {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip, err := netip.ParseAddr(host)
			if err != nil || blocked(ip) {
				return fmt.Errorf("%w: %s", errBlocked, host)
			}
			return nil
		}
	}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: Timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       60 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// Payload is the JSON body of a delivery (api/openapi.yaml, "webhooks").
type Payload struct {
	Type      domain.WebhookEvent `json:"type"`
	Timestamp time.Time           `json:"timestamp"`
	Data      PayloadData         `json:"data"`
}

// PayloadData is what happened. It names no person: receivers get the idea, the stages and
// the reason of the decision, and read more through the API if they need it.
type PayloadData struct {
	Idea   *PayloadIdea `json:"idea,omitempty"`
	From   domain.Stage `json:"from,omitempty"`
	To     domain.Stage `json:"to,omitempty"`
	Reason string       `json:"reason,omitempty"`
	// Message is the ping's text.
	Message string `json:"message,omitempty"`
}

// PayloadIdea is the idea an event is about.
type PayloadIdea struct {
	ID         string            `json:"id"`
	Title      string            `json:"title"`
	Summary    string            `json:"summary"`
	Stage      domain.Stage      `json:"stage"`
	Source     domain.Source     `json:"source"`
	Visibility domain.Visibility `json:"visibility"`
	URL        string            `json:"url"`
}

// Publish queues one delivery of e for every active webhook of the tenant that subscribes
// to it. The delivery IDs are the event's and the webhook's, so publishing the same event
// again (a redelivered notification event) queues nothing new.
func (s *Service) Publish(ctx context.Context, e *domain.Event, idea *domain.Idea) error {
	s.init()
	typ, ok := domain.WebhookEventOf(e)
	if !ok || idea == nil {
		return nil
	}
	hooks, err := s.hooks(ctx, e.TenantID)
	if err != nil {
		return err
	}
	var body []byte
	queued := false
	for _, h := range hooks {
		if !h.Subscribes(typ) {
			continue
		}
		if body == nil {
			at := e.At
			if at.IsZero() {
				at = s.Now()
			}
			p := Payload{Type: typ, Timestamp: at.UTC(), Data: PayloadData{Idea: s.payloadIdea(ctx, idea), From: e.From, To: e.To, Reason: e.Reason}}
			if idea.PrivateReason(domain.Decision{From: e.From, To: e.To, ActorID: e.ActorID}) {
				p.Data.Reason = "" // the exchange with the authors stays between them and the cdo's office
			}
			if body, err = json.Marshal(p); err != nil {
				return err
			}
		}
		q, err := s.Store.EnqueueWebhook(ctx, "wh:"+e.ID+":"+h.ID, domain.WebhookDelivery{WebhookID: h.ID, Event: typ, Body: string(body)})
		if err != nil {
			return err
		}
		queued = queued || q
	}
	if queued && s.OnQueued != nil {
		s.OnQueued()
	}
	return nil
}

func (s *Service) payloadIdea(ctx context.Context, i *domain.Idea) *PayloadIdea {
	base := s.BaseURL
	if s.TenantURL != nil {
		base = s.TenantURL(ctx, i.TenantID)
	}
	return &PayloadIdea{ID: i.ID, Title: i.Title, Summary: i.Summary, Stage: i.Stage, Source: i.Source,
		Visibility: i.Visibility, URL: strings.TrimRight(base, "/") + "/ideas/" + i.ID}
}

// hooks returns the tenant's webhooks, from a copy at most cacheTTL old.
func (s *Service) hooks(ctx context.Context, tenantID string) ([]*domain.Webhook, error) {
	now := s.Now()
	s.mu.Lock()
	c, ok := s.cache[tenantID]
	s.mu.Unlock()
	if ok && now.Sub(c.at) < cacheTTL && !now.Before(c.at) {
		return c.hooks, nil
	}
	hs, err := s.Store.FindWebhooks(domain.WithTenant(ctx, &domain.Tenant{ID: tenantID}))
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.cache[tenantID] = cachedHooks{hs, now}
	s.mu.Unlock()
	return hs, nil
}

// Invalidate drops the cached webhooks of a tenant (after this instance changed them).
func (s *Service) Invalidate(tenantID string) {
	s.init()
	s.mu.Lock()
	delete(s.cache, tenantID)
	s.mu.Unlock()
}

// Deliver posts an outbox message's webhook call; the outbox worker retries it when this
// fails. A message whose webhook is gone or switched off fails for good
// (domain.ErrUndeliverable).
func (s *Service) Deliver(ctx context.Context, m *domain.OutboxMessage) error {
	s.init()
	d := m.Webhook
	ctx = domain.WithTenant(ctx, &domain.Tenant{ID: m.TenantID})
	h, err := s.Store.FindWebhookByID(ctx, d.WebhookID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return fmt.Errorf("%w: the webhook was deleted", domain.ErrUndeliverable)
	}
	if err != nil {
		return err
	}
	if !h.Active {
		return fmt.Errorf("%w: the webhook is switched off", domain.ErrUndeliverable)
	}
	r := s.post(ctx, h, m.ID, d.Event, []byte(d.Body))
	if err := s.Store.RecordWebhookResult(ctx, h.ID, r); err != nil && ctx.Err() == nil {
		s.Logger.Warn("record webhook result", "webhook", h.ID, "err", err)
	}
	if !r.OK() {
		return errors.New(r.Describe())
	}
	return nil
}

// Ping sends a test delivery to h now and returns the outcome (also recorded as its last
// delivery).
func (s *Service) Ping(ctx context.Context, h *domain.Webhook, id string) domain.WebhookResult {
	s.init()
	p := Payload{Type: domain.WebhookPing, Timestamp: s.Now(), Data: PayloadData{Message: "Test delivery from Ideenwerk"}}
	body, _ := json.Marshal(p)
	r := s.post(ctx, h, id, domain.WebhookPing, body)
	if err := s.Store.RecordWebhookResult(ctx, h.ID, r); err != nil && ctx.Err() == nil {
		s.Logger.Warn("record webhook result", "webhook", h.ID, "err", err)
	}
	return r
}

// post signs and sends one request.
func (s *Service) post(ctx context.Context, h *domain.Webhook, id string, typ domain.WebhookEvent, body []byte) domain.WebhookResult {
	start := s.Now()
	r := domain.WebhookResult{At: start, Event: typ}
	fail := func(err error) domain.WebhookResult {
		r.Error, r.Kind = err.Error(), failureKind(err)
		r.DurationMS = s.Now().Sub(start).Milliseconds()
		return r
	}
	if err := CheckURL(h.URL, s.AllowLoopback); err != nil {
		r.Kind = "blocked"
		if e := domain.AsError(err); e != nil && len(e.Fields) > 0 && e.Fields[0].Reason == domain.RWebhookURL {
			r.Kind = "invalid"
		}
		r.Error = "the URL is not allowed"
		return r
	}
	signer, err := standardwebhooks.NewWebhook(h.Secret)
	if err != nil {
		r.Error, r.Kind = "the webhook's secret is unusable; rotate it", "other"
		return r
	}
	sig, err := signer.Sign(id, start, body)
	if err != nil {
		return fail(err)
	}
	if h.PreviousSecret != "" && start.Before(h.PreviousUntil) {
		if old, err := standardwebhooks.NewWebhook(h.PreviousSecret); err == nil {
			if osig, err := old.Sign(id, start, body); err == nil {
				sig += " " + osig // the receiver may still hold the rotated secret
			}
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		r.Error, r.Kind = err.Error(), "invalid"
		return r
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", s.UserAgent)
	req.Header.Set(standardwebhooks.HeaderWebhookID, id)
	req.Header.Set(standardwebhooks.HeaderWebhookTimestamp, fmt.Sprint(start.Unix()))
	req.Header.Set(standardwebhooks.HeaderWebhookSignature, sig)
	req.Header.Set("Ideenwerk-Event", string(typ))
	resp, err := s.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL, which may carry a token in its query
		}
		return fail(err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	r.Status = resp.StatusCode
	r.DurationMS = s.Now().Sub(start).Milliseconds()
	if !r.OK() {
		r.Kind = "status"
	}
	return r
}

// errBlocked is the dialer's refusal of an address webhooks may not reach.
var errBlocked = errors.New("webhook target is not allowed (loopback, link-local or unspecified)")

// failureKind classifies a failed request (domain.WebhookResult.Kind).
func failureKind(err error) string {
	var dnsErr *net.DNSError
	var netErr net.Error
	var certErr *tls.CertificateVerificationError
	var recErr tls.RecordHeaderError
	var addrErr *net.AddrError
	switch {
	case errors.Is(err, errBlocked):
		return "blocked"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "refused"
	case errors.As(err, &dnsErr), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "unreachable"
	case errors.As(err, &certErr), errors.As(err, &recErr):
		return "tls"
	case errors.As(err, &addrErr):
		return "invalid"
	}
	return "other"
}
