package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/account"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/oidc"
)

// Staff single sign-on. Login and callback are browser navigations, not API calls: they
// answer with redirects, also on failure (to /login?error=sso_<reason>), never with JSON
// the browser would show as a page. After the callback the refresh cookie is set and the
// SPA, at /auth/sso-complete, gets its access token with POST /auth/refresh — the same
// session as after a password login.

const (
	oidcCallbackPath = "/api/v1/auth/oidc/callback"
	oidcCookiePath   = "/api/v1/auth/oidc"
	ssoCompletePath  = "/auth/sso-complete"
)

var errSSONotConfigured = domain.Errorf(domain.ENOTFOUND, "single sign-on is not configured")

func (s *Server) handleOIDCLogin(c *gin.Context) {
	if s.OIDC == nil {
		s.fail(c, errSSONotConfigured)
		return
	}
	login, err := s.OIDC.BeginLogin(c.Request.Context(), s.oidcRedirectURI(c), c.Query("returnTo"))
	if err != nil {
		s.ssoFailed(c, err)
		return
	}
	s.setOIDCCookie(c, login.CookieName, login.CookieValue, int(login.MaxAge.Seconds()))
	redirect(c, login.AuthURL)
}

func (s *Server) handleOIDCCallback(c *gin.Context) {
	if s.OIDC == nil {
		s.fail(c, errSSONotConfigured)
		return
	}
	ctx := c.Request.Context()
	cb := oidc.Callback{
		State: c.Query("state"), Code: c.Query("code"), Iss: c.Query("iss"),
		Error: c.Query("error"), ErrorDescription: c.Query("error_description"),
	}
	if cb.State != "" {
		name := oidc.StateCookieName(cb.State)
		cb.StateCookie, _ = c.Cookie(name)
		s.setOIDCCookie(c, name, "", -1) // one login, one use
	}
	res, err := s.OIDC.CompleteLogin(ctx, cb)
	if err != nil {
		s.ssoFailed(c, err)
		return
	}
	sess, err := s.Accounts.StartSession(ctx, res.User)
	if err != nil {
		reason := oidc.ReasonInternal
		if domain.ErrorCode(err) == domain.EUNAUTHORIZED {
			reason = oidc.ReasonDenied // the account is not active
		}
		s.ssoFailed(c, &oidc.Error{Reason: reason, Err: err})
		return
	}
	s.forgetAccount(c.Request.Context(), sess.User.ID) // the login may have mapped new roles
	s.setRefreshCookie(c, sess.RefreshToken, int(account.RefreshTTL.Seconds()))
	to := ssoCompletePath
	if res.ReturnTo != "" {
		to += "?" + url.Values{"returnTo": {res.ReturnTo}}.Encode()
	}
	redirect(c, to)
}

type logoutURLResponse struct {
	URL string `json:"url"`
}

// handleOIDCLogoutURL tells the SPA where to send the browser after POST /auth/logout, so
// the session at the provider ends too.
func (s *Server) handleOIDCLogoutURL(c *gin.Context) {
	if s.OIDC == nil {
		s.fail(c, errSSONotConfigured)
		return
	}
	u, err := s.OIDC.EndSessionURL(c.Request.Context(), s.publicOrigin(c)+"/login")
	if err != nil {
		s.logger.WarnContext(c.Request.Context(), "oidc end-session URL unavailable", "err", err)
		s.fail(c, &domain.Error{Code: domain.EUNAVAILABLE, Message: "the identity provider cannot be reached; try again shortly", RetryAfter: 5})
		return
	}
	if u == "" {
		s.fail(c, domain.Errorf(domain.ENOTFOUND, "the identity provider offers no logout"))
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, logoutURLResponse{URL: u})
}

// ssoFailed logs why a staff login failed and sends the browser to the login page with the
// reason; the SPA explains it.
func (s *Server) ssoFailed(c *gin.Context, err error) {
	reason := oidc.ReasonOf(err)
	level := s.logger.WarnContext
	if reason == oidc.ReasonInternal || reason == oidc.ReasonUnavailable {
		level = s.logger.ErrorContext
	}
	level(c.Request.Context(), "staff sign-in failed", "reason", reason, "err", err)
	redirect(c, "/login?"+url.Values{"error": {"sso_" + reason}}.Encode())
}

// redirect answers 302 without a body; locations into the SPA are relative, so they stay on
// the host (and so the municipality) of the request.
func redirect(c *gin.Context, location string) {
	c.Header("Cache-Control", "no-store")
	c.Header("Location", location)
	c.Status(http.StatusFound)
	c.Abort()
}

// setOIDCCookie stores the sealed login state. SameSite=Lax, not Strict: the provider sends
// the browser back with a cross-site top-level GET, on which Strict cookies are withheld.
func (s *Server) setOIDCCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: oidcCookiePath, MaxAge: maxAge,
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

// publicOrigin is the scheme and host the browser used: the request's host when it is one
// of the tenant's hosts (one deployment serves several municipalities), else the base URL.
// The host is never taken from an unmapped request, so a forged Host header cannot steer
// the provider's redirect elsewhere.
func (s *Server) publicOrigin(c *gin.Context) string {
	base, err := url.Parse(s.BaseURL)
	if err != nil {
		return s.BaseURL
	}
	if t := domain.TenantFromContext(c.Request.Context()); t != nil &&
		slices.Contains(t.Hosts, domain.NormalizeHost(c.Request.Host)) {
		return base.Scheme + "://" + c.Request.Host
	}
	return base.Scheme + "://" + base.Host
}

func (s *Server) oidcRedirectURI(c *gin.Context) string {
	return s.publicOrigin(c) + oidcCallbackPath
}

// guardStaffPasswordLogin refuses password login (and sign-up) for addresses in the staff
// domains when IDEENWERK_LOCAL_LOGIN_STAFF is off: those accounts belong to the provider.
// It peeks at the e-mail of the body and hands the body on unchanged.
func (s *Server) guardStaffPasswordLogin(c *gin.Context) {
	if s.OIDC == nil {
		c.Next()
		return
	}
	body, err := io.ReadAll(c.Request.Body)
	c.Request.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{err}))
	if err != nil {
		c.Next() // the handler's strict decoding reports it (e.g. 413)
		return
	}
	var peek struct {
		Email string `json:"email"`
	}
	if json.Unmarshal(body, &peek) == nil && peek.Email != "" {
		if email, err := domain.NormalizeEmail(peek.Email); err == nil && !s.OIDC.LocalLoginAllowed(email) {
			s.fail(c, domain.Errorf(domain.EFORBIDDEN, "staff accounts sign in with the city's identity provider: use \"Mit Dienstkonto anmelden\""))
			return
		}
	}
	c.Next()
}

// errReader replays a read error after the bytes read before it (nil: plain EOF).
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	return 0, io.EOF
}
