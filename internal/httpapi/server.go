// Package httpapi is Ideenwerk's JSON API and SPA server on Gin: routes.go lists every
// route, errors.go holds the one code→status table, bind.go the strict request binding.
// Handlers are thin: bind → authorise → call the domain or a store → respond with a
// response type from responses.go.
package httpapi

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ideenwerk/ideenwerk/internal/account"
	"github.com/ideenwerk/ideenwerk/internal/analytics"
	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/markdown"
	"github.com/ideenwerk/ideenwerk/internal/notify"
	"github.com/ideenwerk/ideenwerk/internal/oidc"
	"github.com/ideenwerk/ideenwerk/internal/search"
	"github.com/ideenwerk/ideenwerk/internal/tenancy"
	"github.com/ideenwerk/ideenwerk/internal/webhook"
)

// Store is everything the API needs of the database.
type Store interface {
	domain.TenantStore
	domain.UserStore
	domain.DepartmentStore
	domain.SessionStore
	domain.OutboxStore
	domain.OutboxAdmin
	domain.SupportStore
	domain.FollowStore
	domain.CommentStore
	domain.AttachmentStore
	PurgeIdeaEngagement(ctx context.Context, ideaID string) error
	Ping(ctx context.Context) error
}

// Deps are the dependencies of the API, passed explicitly.
type Deps struct {
	Store    Store
	Accounts *account.Service
	Signer   *auth.Signer
	Tenants  *tenancy.Resolver
	Logger   *slog.Logger
	Registry *prometheus.Registry
	// SPA is the built single-page app (ui/dist); OpenAPI is the contract's YAML.
	SPA     fs.FS
	OpenAPI []byte
	// BaseURL is the public URL; SecureCookies sets the refresh cookie's Secure flag.
	BaseURL        string
	SecureCookies  bool
	CORSOrigins    []string
	TrustedProxies []string
	Now            func() time.Time
	// LoginRate and LoginBurst limit auth endpoints per client address (per second).
	LoginRate  float64
	LoginBurst int
	// OIDCEnabled shows the staff login button in the SPA.
	OIDCEnabled bool
	// OIDC runs staff single sign-on; nil when it is not configured.
	OIDC *oidc.Service
	// Markdown renders idea descriptions and comments; New makes one when nil.
	Markdown *markdown.Renderer
	// Notify publishes events and serves the inbox, unsubscribe links and the outbox view;
	// nil on servers without notifications (their routes answer 503, hooks do nothing).
	Notify *notify.Service
	// Funnel carries out transitions, reviews, pilots, rollouts and reuse; New wires it to
	// Store when nil (see newFunnel).
	Funnel *domain.Funnel
	// IdeaIndex serves idea lists, search and similar ideas without reading the database;
	// New builds one from Store (following its writes in this process) when nil.
	IdeaIndex *search.Index
	// Analytics computes the cdo's figures and exports; when nil it is made from Store
	// (see analyticsService).
	Analytics *analytics.Service
	// AnalyticsSLA are the default SLA targets of the funnel figures (analytics.DefaultSLA
	// when nil); a request may override them.
	AnalyticsSLA analytics.SLATargets
	// Events queues notification events (internal/notify); nil publishes nothing.
	// Publishing never fails the request that caused the event.
	Events domain.EventPublisher
	// Webhooks keeps the admins' webhook subscriptions and sends their test pings; nil
	// answers 404 for /webhooks.
	Webhooks *webhook.Service
	// MailToLog says that no SMTP server is configured: mails are noted in the log and
	// counted as sent, which the outbox page tells the admin.
	MailToLog bool
	// names caches display names for idea responses (set by New).
	names *nameCache
	// details caches ideas for their detail pages by revision (set by New).
	details *detailCache
	// facts knows who supports and follows which idea (set by New; see LoadEngagement).
	facts *factsCache
	// accounts knows the current status and roles of signed-in accounts (set by New).
	accounts *accountGate
}

// Server is the HTTP API.
type Server struct {
	Deps
	logger    *slog.Logger
	validator *validator.Validate
	engine    *gin.Engine
	metrics   *httpMetrics
	authLimit *limiter
	store     storeState
}

// New builds the router with every route of routes.go.
func New(d Deps) (*Server, error) {
	if d.Now == nil {
		d.Now = func() time.Time { return time.Now().UTC() }
	}
	if d.Markdown == nil {
		d.Markdown = markdown.New()
	}
	if d.LoginRate == 0 {
		d.LoginRate, d.LoginBurst = 0.2, 10
	}
	if d.Funnel == nil {
		d.Funnel = newFunnel(d)
	}
	if d.IdeaIndex == nil {
		d.IdeaIndex = newIdeaIndex(d)
	}
	d.names = newNameCache()
	d.details = newDetailCache()
	d.facts = newFactsCache()
	d.accounts = newAccountGate()
	if o, ok := d.Store.(factObservable); ok {
		o.ObserveFacts(d.facts.apply)
		o.ObserveIdeas(d.facts.ideaWritten)
	}
	gin.SetMode(gin.ReleaseMode)
	s := &Server{
		Deps:      d,
		logger:    d.Logger,
		validator: newValidator(),
		engine:    gin.New(),
		authLimit: newLimiter(d.LoginRate, d.LoginBurst),
	}
	s.engine.ContextWithFallback = true
	s.engine.HandleMethodNotAllowed = true
	if err := s.engine.SetTrustedProxies(d.TrustedProxies); err != nil {
		return nil, err
	}
	if d.Registry != nil {
		m, err := newHTTPMetrics(d.Registry)
		if err != nil {
			return nil, err
		}
		s.metrics = m
	}
	s.routes()
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }

// Routes lists the method and path of every API route (for the authorisation matrix test).
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }
