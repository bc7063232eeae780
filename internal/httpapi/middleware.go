package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

const (
	ctxRequestID = "requestID"
	// maxJSONBody caps JSON request bodies; upload routes set their own cap.
	maxJSONBody = 1 << 20
)

var requestIDRe = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

func requestID(c *gin.Context) string { return c.GetString(ctxRequestID) }

// withRequestID honours a well-formed X-Request-ID or makes one, echoes it and puts it in
// the context for logs and audit records.
func (s *Server) withRequestID(c *gin.Context) {
	id := c.GetHeader("X-Request-ID")
	if !requestIDRe.MatchString(id) {
		id = uuid.NewString()
	}
	c.Set(ctxRequestID, id)
	c.Header("X-Request-ID", id)
	c.Request = c.Request.WithContext(domain.WithRequestID(c.Request.Context(), id))
	c.Next()
}

// recovery turns a panic into a 500 envelope and logs the stack with the request ID.
func (s *Server) recovery(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			s.logger.ErrorContext(c.Request.Context(), "panic", "panic", fmt.Sprint(r), "stack", string(debug.Stack()), "request_id", requestID(c))
			if !c.Writer.Written() {
				s.fail(c, fmt.Errorf("panic: %v", r))
			}
		}
	}()
	c.Next()
}

// accessLog logs one line per request: no query string, no bodies, only the user ID.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	// The client's own context: handlers and middleware below replace the request's context
	// with derived ones that they cancel when they are done (guardStore), which says nothing
	// about the client.
	client := c.Request.Context()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	attrs := []any{
		"method", c.Request.Method, "route", route, "status", c.Writer.Status(),
		"duration_ms", float64(time.Since(start).Microseconds()) / 1000, "bytes", c.Writer.Size(),
		"request_id", requestID(c),
	}
	if a := domain.ActorFromContext(c.Request.Context()); a != nil {
		attrs = append(attrs, "user", a.UserID)
	}
	level := slog.LevelInfo
	if client.Err() != nil {
		// The client went away (navigation, a cancelled fetch): its answer reached nobody,
		// and the server did nothing wrong.
		attrs = append(attrs, "client_gone", true)
	} else if c.Writer.Status() >= 500 {
		level = slog.LevelError
	} else if strings.HasPrefix(route, "/assets/") || route == "/healthz" || route == "/readyz" || route == "/metrics" {
		level = slog.LevelDebug
	}
	s.logger.Log(c.Request.Context(), level, "request", attrs...)
}

type httpMetrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newHTTPMetrics(reg *prometheus.Registry) (*httpMetrics, error) {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ideenwerk_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "ideenwerk_http_request_duration_seconds", Help: "HTTP request latency by route and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.latency} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (s *Server) observe(c *gin.Context) {
	if s.metrics == nil {
		c.Next()
		return
	}
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	} else if !strings.HasPrefix(route, "/api/") && !slices.Contains([]string{"/healthz", "/readyz", "/metrics"}, route) {
		route = "spa"
	}
	s.metrics.requests.WithLabelValues(route, c.Request.Method, strconv.Itoa(c.Writer.Status())).Inc()
	s.metrics.latency.WithLabelValues(route, c.Request.Method).Observe(time.Since(start).Seconds())
}

// securityHeaders sets the headers every response carries. The CSP suits the built SPA:
// scripts and styles from our origin only, images also as data: and blob: URLs (previews).
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "+
		"img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "+
		"base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
	if s.SecureCookies {
		h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	c.Next()
}

// cors answers only configured origins; with none configured the API is same-origin only.
func (s *Server) cors(c *gin.Context) {
	origin := c.GetHeader("Origin")
	if origin == "" || !slices.Contains(s.CORSOrigins, origin) {
		if c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != "" {
			c.AbortWithStatus(http.StatusForbidden)
			return
		}
		c.Next()
		return
	}
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Credentials", "true")
	h.Add("Vary", "Origin")
	h.Set("Access-Control-Expose-Headers", "ETag, X-Request-ID, Retry-After")
	if c.Request.Method == http.MethodOptions {
		h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match, X-Request-ID")
		h.Set("Access-Control-Max-Age", "600")
		c.AbortWithStatus(http.StatusNoContent)
		return
	}
	c.Next()
}

// uploadLimits lists routes that accept bodies larger than maxJSONBody.
var uploadLimits = map[string]int64{
	"/api/v1/ideas/:id/attachments": attachmentUploadLimit,
}

// limitBody caps the request body by route.
func (s *Server) limitBody(c *gin.Context) {
	limit := int64(maxJSONBody)
	if l, ok := uploadLimits[c.FullPath()]; ok {
		limit = l
	}
	if c.Request.ContentLength > limit {
		s.fail(c, domain.Errorf(domain.ETOOLARGE, "the request body is larger than %d bytes", limit))
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	c.Next()
}

// withTenant resolves the tenant from the host.
func (s *Server) withTenant(c *gin.Context) {
	t, err := s.Tenants.Resolve(c.Request.Context(), c.Request.Host)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Request = c.Request.WithContext(domain.WithTenant(c.Request.Context(), t))
	c.Next()
}

// authenticate reads a Bearer token if present. A present but invalid token is a 401 even
// on routes open to anonymous callers, so clients notice and refresh.
func (s *Server) authenticate(c *gin.Context) {
	h := c.GetHeader("Authorization")
	if h == "" {
		c.Next()
		return
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "the Authorization header must be 'Bearer <token>'"))
		return
	}
	claims, err := s.Signer.Verify(token)
	if err != nil {
		s.fail(c, err)
		return
	}
	t := domain.TenantFromContext(c.Request.Context())
	if t == nil || claims.TenantID != t.ID {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "the access token belongs to another municipality"))
		return
	}
	// The account as it is now, not as it was when the token was issued: a deleted or
	// deactivated account is signed out at once, changed roles apply at once.
	st, err := s.account(c.Request.Context(), t.ID, claims.Subject)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !st.active {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "this account has been deactivated or deleted"))
		return
	}
	a := &domain.Actor{UserID: claims.Subject, TenantID: claims.TenantID, Roles: slices.Clone(st.roles), DepartmentID: st.departmentID}
	c.Request = c.Request.WithContext(domain.WithActor(c.Request.Context(), a))
	c.Next()
}

// requireAuth refuses anonymous callers.
func (s *Server) requireAuth(c *gin.Context) {
	if domain.ActorFromContext(c.Request.Context()) == nil {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in to do this"))
		return
	}
	c.Next()
}

// requireRole refuses callers holding none of roles.
func (s *Server) requireRole(roles ...domain.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		a := domain.ActorFromContext(c.Request.Context())
		if a == nil {
			s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in to do this"))
			return
		}
		for _, r := range roles {
			if a.Has(r) {
				c.Next()
				return
			}
		}
		s.fail(c, domain.Errorf(domain.EFORBIDDEN, "your role does not allow this"))
	}
}

// rateLimitAuth limits the unauthenticated auth endpoints per client address.
func (s *Server) rateLimitAuth(c *gin.Context) {
	if ok, wait := s.authLimit.allow("ip:" + c.ClientIP()); !ok {
		s.fail(c, &domain.Error{Code: domain.ERATELIMITED, Message: "too many requests; wait a moment and try again", RetryAfter: wait})
		return
	}
	c.Next()
}

// actor returns the authenticated caller (after requireAuth).
func actor(c *gin.Context) *domain.Actor { return domain.ActorFromContext(c.Request.Context()) }
