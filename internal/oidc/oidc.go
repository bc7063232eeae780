// Package oidc is single sign-on for staff through the city's OpenID Connect provider
// (Keycloak or similar): the authorization code flow with PKCE, state and nonce, ID-token
// verification, and the mapping of a verified identity to a user of the tenant — created on
// the first login, linked to an existing local account with the same trustworthy e-mail
// address, and updated from the provider's claims on every later login.
//
// The package knows nothing of HTTP routing or cookies' transport: internal/httpapi moves
// the sealed login state in and out of a cookie and starts the session with
// account.Service.StartSession, exactly as after a password login.
package oidc

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Config configures the Service.
type Config struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// Scopes requested; openid is added when missing.
	Scopes []string
	// RolesClaim names the claim with the user's groups (dotted path for nested claims).
	RolesClaim string
	GroupMap   []GroupRule
	// StaffDomains are e-mail domains the provider is authoritative for: their addresses
	// count as verified, and LocalLoginStaff decides whether they may still use passwords.
	StaffDomains    []string
	LocalLoginStaff bool
	// StateKey (32 bytes, see DeriveStateKey) seals the login-state cookie; every instance
	// of the deployment must use the same key.
	StateKey []byte
	// HTTPClient talks to the provider (default: 10 s timeout).
	HTTPClient *http.Client
	Now        func() time.Time
	Logger     *slog.Logger
}

// Store is what the Service needs of the database.
type Store interface {
	domain.UserStore
	domain.DepartmentStore
}

// Reasons for a failed login. The SPA shows a message per reason (/login?error=sso_<reason>);
// details go only to the log.
const (
	ReasonState       = "state"       // login state missing, forged, expired or of another municipality
	ReasonDenied      = "denied"      // the provider refused, or the account is deactivated
	ReasonProvider    = "provider"    // the provider answered with an error
	ReasonUnavailable = "unavailable" // the provider cannot be reached
	ReasonToken       = "token"       // the ID token failed verification
	ReasonEmail       = "email"       // no e-mail address, or one that cannot be trusted
	ReasonConflict    = "conflict"    // the account is linked to another identity
	ReasonInternal    = "internal"
)

// Error is a failed login with the reason shown to the user and the cause for the log.
type Error struct {
	Reason string
	Err    error
}

func (e *Error) Error() string { return "oidc login failed (" + e.Reason + "): " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// ReasonOf returns the Reason of the *Error in err's chain, or ReasonInternal.
func ReasonOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ReasonInternal
}

// Service runs staff logins. It is safe for concurrent use.
type Service struct {
	cfg    Config
	store  Store
	sealer *sealer
	logger *slog.Logger
	now    func() time.Time

	mu       sync.Mutex
	prov     *provider
	lastErr  error
	lastFail time.Time
}

// provider is the discovered configuration of the OpenID Connect provider.
type provider struct {
	oidc          *gooidc.Provider
	verifier      *gooidc.IDTokenVerifier
	endSessionURL string
}

// discoveryRetry is how long a failed discovery is remembered before the next login tries
// again, so an unreachable provider is not hammered by every click.
const discoveryRetry = 5 * time.Second

// New returns a Service. It does not contact the provider: discovery happens on Discover or
// on the first login, and is retried after a failure.
func New(cfg Config, store Store) (*Service, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" {
		return nil, errors.New("oidc: issuer and client ID are required")
	}
	sl, err := newSealer(cfg.StateKey)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(cfg.Scopes, gooidc.ScopeOpenID) {
		cfg.Scopes = append([]string{gooidc.ScopeOpenID}, cfg.Scopes...)
	}
	if cfg.RolesClaim == "" {
		cfg.RolesClaim = "groups"
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{cfg: cfg, store: store, sealer: sl, logger: cfg.Logger, now: cfg.Now}, nil
}

// Issuer returns the configured issuer URL.
func (s *Service) Issuer() string { return s.cfg.Issuer }

// Discover fetches the provider's discovery document (once; later calls return the cached
// result). Call it at start to learn early about a misconfigured or unreachable provider.
func (s *Service) Discover(ctx context.Context) error {
	_, err := s.provider(ctx)
	return err
}

func (s *Service) provider(ctx context.Context) (*provider, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.prov != nil {
		return s.prov, nil
	}
	if s.lastErr != nil && time.Since(s.lastFail) < discoveryRetry {
		return nil, s.lastErr
	}
	p, err := gooidc.NewProvider(gooidc.ClientContext(ctx, s.cfg.HTTPClient), s.cfg.Issuer)
	if err != nil {
		s.lastErr, s.lastFail = &Error{Reason: ReasonUnavailable,
			Err: fmt.Errorf("discovery at %s failed (is IDEENWERK_OIDC_ISSUER right and the provider reachable?): %w", s.cfg.Issuer, err)}, time.Now()
		return nil, s.lastErr
	}
	var meta struct {
		EndSessionEndpoint string `json:"end_session_endpoint"`
	}
	_ = p.Claims(&meta)
	s.prov = &provider{
		oidc: p,
		// The key set fetches keys for the provider's lifetime, so it must not inherit the
		// cancellation of the request that happened to discover the provider.
		verifier: p.VerifierContext(gooidc.ClientContext(context.WithoutCancel(ctx), s.cfg.HTTPClient),
			&gooidc.Config{ClientID: s.cfg.ClientID, Now: s.now}),
		endSessionURL: meta.EndSessionEndpoint,
	}
	s.lastErr = nil
	return s.prov, nil
}

func (s *Service) oauth2Config(p *provider, redirectURI string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: s.cfg.ClientID, ClientSecret: s.cfg.ClientSecret, Endpoint: p.oidc.Endpoint(),
		RedirectURL: redirectURI, Scopes: s.cfg.Scopes,
	}
}

// Login is a started login: send the browser to AuthURL with the sealed state in the cookie
// named CookieName.
type Login struct {
	AuthURL     string
	CookieName  string
	CookieValue string
	MaxAge      time.Duration
}

// BeginLogin starts a login for the context's tenant. redirectURI is the callback URL as
// registered at the provider; returnTo is a path of the SPA to come back to (ignored unless
// it is a plain local path).
func (s *Service) BeginLogin(ctx context.Context, redirectURI, returnTo string) (*Login, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, &Error{Reason: ReasonInternal, Err: err}
	}
	p, err := s.provider(ctx)
	if err != nil {
		return nil, err
	}
	st := &loginState{
		State: auth.NewSecret(), Nonce: auth.NewSecret(), Verifier: oauth2.GenerateVerifier(),
		TenantID: tid, RedirectURI: redirectURI, ReturnTo: CleanReturnTo(returnTo),
		Expires: s.now().Add(StateTTL).Unix(),
	}
	sealed, err := s.sealer.seal(st)
	if err != nil {
		return nil, &Error{Reason: ReasonInternal, Err: err}
	}
	authURL := s.oauth2Config(p, redirectURI).AuthCodeURL(st.State,
		gooidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier))
	return &Login{AuthURL: authURL, CookieName: StateCookieName(st.State), CookieValue: sealed, MaxAge: StateTTL}, nil
}

// Callback is what came back from the provider: the query parameters of the redirect and
// the value of the cookie named StateCookieName(State).
type Callback struct {
	State            string
	Code             string
	Error            string
	ErrorDescription string
	// Iss is the issuer parameter of RFC 9207, when the provider sends it.
	Iss         string
	StateCookie string
}

// Result is a finished login.
type Result struct {
	User *domain.User
	// ReturnTo is the SPA path given to BeginLogin, or "".
	ReturnTo string
}

// CompleteLogin checks the state, exchanges the code (with the PKCE verifier), verifies the
// ID token (signature, issuer, audience, expiry, nonce) and returns the user of the
// context's tenant. Failures are *Error with a Reason.
func (s *Service) CompleteLogin(ctx context.Context, cb Callback) (*Result, error) {
	if cb.Error != "" {
		reason := ReasonProvider
		if cb.Error == "access_denied" || cb.Error == "login_required" || cb.Error == "consent_required" {
			reason = ReasonDenied
		}
		return nil, &Error{Reason: reason, Err: fmt.Errorf("provider answered %s: %.200s", cb.Error, cb.ErrorDescription)}
	}
	if cb.State == "" || cb.StateCookie == "" {
		return nil, &Error{Reason: ReasonState, Err: errBadState}
	}
	st, err := s.sealer.open(cb.StateCookie, cb.State, s.now())
	if err != nil {
		return nil, &Error{Reason: ReasonState, Err: err}
	}
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, &Error{Reason: ReasonInternal, Err: err}
	}
	if st.TenantID != tid {
		return nil, &Error{Reason: ReasonState, Err: errors.New("login was started for another municipality")}
	}
	if cb.Iss != "" && cb.Iss != s.cfg.Issuer {
		return nil, &Error{Reason: ReasonProvider, Err: fmt.Errorf("callback from issuer %q, expected %q (mix-up)", cb.Iss, s.cfg.Issuer)}
	}
	if cb.Code == "" {
		return nil, &Error{Reason: ReasonProvider, Err: errors.New("callback without code")}
	}
	p, err := s.provider(ctx)
	if err != nil {
		return nil, err
	}
	tok, err := s.oauth2Config(p, st.RedirectURI).Exchange(gooidc.ClientContext(ctx, s.cfg.HTTPClient), cb.Code,
		oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return nil, &Error{Reason: ReasonProvider, Err: fmt.Errorf("code exchange: %w", err)}
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, &Error{Reason: ReasonToken, Err: errors.New("the token response has no id_token")}
	}
	idt, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, &Error{Reason: ReasonToken, Err: err}
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(st.Nonce)) != 1 {
		return nil, &Error{Reason: ReasonToken, Err: errors.New("ID token nonce does not match the login (replayed or injected token)")}
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			return nil, &Error{Reason: ReasonToken, Err: err}
		}
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, &Error{Reason: ReasonToken, Err: err}
	}
	if len(idt.Audience) > 1 && str(claims["azp"]) != s.cfg.ClientID {
		return nil, &Error{Reason: ReasonToken, Err: errors.New("ID token for several audiences without us as authorized party")}
	}
	if idt.Subject == "" {
		return nil, &Error{Reason: ReasonToken, Err: errors.New("ID token without subject")}
	}
	u, err := s.userFor(ctx, identityFromClaims(idt.Issuer, idt.Subject, claims, s.cfg.RolesClaim))
	if err != nil {
		return nil, err
	}
	return &Result{User: u, ReturnTo: st.ReturnTo}, nil
}

// EndSessionURL returns the provider's logout URL (OpenID Connect RP-Initiated Logout),
// which sends the browser back to postLogoutRedirect; "" when the provider offers none.
func (s *Service) EndSessionURL(ctx context.Context, postLogoutRedirect string) (string, error) {
	p, err := s.provider(ctx)
	if err != nil {
		return "", err
	}
	if p.endSessionURL == "" {
		return "", nil
	}
	u, err := url.Parse(p.endSessionURL)
	if err != nil {
		return "", &Error{Reason: ReasonProvider, Err: fmt.Errorf("end_session_endpoint: %w", err)}
	}
	q := u.Query()
	q.Set("client_id", s.cfg.ClientID)
	if postLogoutRedirect != "" {
		q.Set("post_logout_redirect_uri", postLogoutRedirect)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// IsStaffEmail reports whether a (normalised) address is in one of the staff domains.
func (s *Service) IsStaffEmail(email string) bool {
	_, dom, ok := strings.Cut(strings.ToLower(strings.TrimSpace(email)), "@")
	return ok && slices.Contains(s.cfg.StaffDomains, dom)
}

// LocalLoginAllowed reports whether an address may sign in with a password: not when it is
// in a staff domain and local login for staff is switched off.
func (s *Service) LocalLoginAllowed(email string) bool {
	return s.cfg.LocalLoginStaff || !s.IsStaffEmail(email)
}

var returnToRe = regexp.MustCompile(`^/[A-Za-z0-9/_.~%?=&-]*$`)

// CleanReturnTo returns p if it is a local path of the SPA, else "" — never a URL to
// another site ("//evil.example", "/\evil.example", "https://…").
func CleanReturnTo(p string) string {
	if len(p) > 200 || !returnToRe.MatchString(p) || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/api/") {
		return ""
	}
	return p
}
