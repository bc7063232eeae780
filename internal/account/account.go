// Package account runs the account flows: registration with e-mail verification, login
// with lockout, refresh-token rotation with reuse detection, logout, and password reset.
// HTTP handlers call it; the OIDC login reuses StartSession.
package account

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Tunables of the login protection.
const (
	LockThreshold  = 5
	LockDuration   = 15 * time.Minute
	RefreshTTL     = 30 * 24 * time.Hour
	VerifyTokenTTL = 48 * time.Hour
	ResetTokenTTL  = time.Hour
	// RefreshRaceGrace is how long after a rotation the old token counts as a concurrent
	// refresh (two tabs) rather than reuse by a thief.
	RefreshRaceGrace = 10 * time.Second
	refreshTokenSep  = "."
)

// Store is what the service needs of the database.
type Store interface {
	domain.UserStore
	domain.SessionStore
	domain.OutboxStore
}

// Service implements the account flows for the tenant in the context.
type Service struct {
	Store    Store
	Signer   *auth.Signer
	Policy   *auth.PasswordPolicy
	BaseURL  string
	Logger   *slog.Logger
	Now      func() time.Time
	OnMailed func() // wakes the outbox worker
}

// Session is the result of a login or refresh: an access token for the Authorization header
// and a refresh token for the httpOnly cookie.
type Session struct {
	AccessToken  string
	ExpiresIn    int
	RefreshToken string
	User         *domain.User
}

// RegisterInput is a citizen's sign-up.
type RegisterInput struct {
	Email       string
	Password    string
	DisplayName string
	Locale      string
}

// Register creates an unverified citizen account and mails a verification link. If the
// address is already registered it mails that account a notice instead and returns nil, so
// the answer does not reveal which addresses have accounts.
func (s *Service) Register(ctx context.Context, in RegisterInput) error {
	email, err := domain.NormalizeEmail(in.Email)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(in.DisplayName)
	if n := utf8.RuneCountInString(name); n < 2 || n > 80 {
		return domain.Invalid("displayName", "display name must be 2–80 characters")
	}
	if err := s.Policy.Check(in.Password, email, name); err != nil {
		return err
	}
	locale := in.Locale
	if locale != domain.LocaleEN {
		locale = domain.LocaleDE
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return err
	}
	u := &domain.User{
		Email: email, DisplayName: name, Roles: []domain.Role{domain.RoleCitizen},
		Status: domain.UserUnverified, Locale: locale, PasswordHash: hash,
	}
	err = s.Store.CreateUser(ctx, u)
	if domain.ErrorCode(err) == domain.ECONFLICT {
		existing, ferr := s.Store.FindUserByEmail(ctx, email)
		if ferr != nil {
			return nil
		}
		return s.mail(ctx, existing, alreadyRegisteredMail(existing.Locale, s.baseURL(ctx)))
	}
	if err != nil {
		return err
	}
	return s.sendVerification(ctx, u)
}

func (s *Service) sendVerification(ctx context.Context, u *domain.User) error {
	token, err := s.oneTimeToken(ctx, u, domain.PurposeVerifyEmail, VerifyTokenTTL)
	if err != nil {
		return err
	}
	return s.mail(ctx, u, verifyMail(u.Locale, u.DisplayName, s.baseURL(ctx)+"/verify?token="+token))
}

func (s *Service) oneTimeToken(ctx context.Context, u *domain.User, p domain.TokenPurpose, ttl time.Duration) (string, error) {
	secret := auth.NewSecret()
	err := s.Store.CreateOneTimeToken(ctx, &domain.OneTimeToken{
		Hash: auth.HashSecret(secret), UserID: u.ID, Purpose: p, ExpiresAt: s.Now().Add(ttl),
	})
	return secret, err
}

func (s *Service) mail(ctx context.Context, u *domain.User, m domain.Mail) error {
	m.To = u.Email
	if err := s.Store.Enqueue(ctx, m); err != nil {
		return err
	}
	if s.OnMailed != nil {
		s.OnMailed()
	}
	return nil
}

// ResendVerification sends an unconfirmed account a new verification link (an admin's
// help for someone whose first mail was lost); a confirmed account gets nothing.
func (s *Service) ResendVerification(ctx context.Context, userID string) error {
	u, err := s.Store.FindUserByID(ctx, userID)
	if err != nil {
		return err
	}
	if u.Status != domain.UserUnverified {
		return domain.Conflict(domain.RNotUnverified, "only unconfirmed accounts get a verification link").With("status", string(u.Status))
	}
	return s.sendVerification(ctx, u)
}

// Verify activates the account of a verification token.
func (s *Service) Verify(ctx context.Context, token string) error {
	t, err := s.Store.ConsumeOneTimeToken(ctx, auth.HashSecret(token), domain.PurposeVerifyEmail, s.Now())
	if err != nil {
		return err
	}
	return s.updateUser(ctx, t.UserID, func(u *domain.User) error {
		if u.Status == domain.UserUnverified {
			u.Status = domain.UserActive
		}
		return nil
	})
}

// updateUser applies fn to a fresh copy of the user, retrying on a concurrent change.
func (s *Service) updateUser(ctx context.Context, id string, fn func(*domain.User) error) error {
	for range 5 {
		u, err := s.Store.FindUserByID(ctx, id)
		if err != nil {
			return err
		}
		if err := fn(u); err != nil {
			return err
		}
		err = s.Store.UpdateUser(ctx, u)
		if domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
			return err
		}
	}
	return domain.Conflict(domain.RBusy, "the account is being changed; try again")
}

// Login checks e-mail and password and starts a session. Every failure that depends on the
// account (unknown, wrong password, unverified, deactivated) gives the same answer, except a
// lock, which the owner must learn about.
func (s *Service) Login(ctx context.Context, email, password string) (*Session, error) {
	invalid := domain.Errorf(domain.EUNAUTHORIZED, "e-mail address or password is wrong")
	email, err := domain.NormalizeEmail(email)
	if err != nil {
		auth.VerifyDummy(password)
		return nil, invalid
	}
	u, err := s.Store.FindUserByEmail(ctx, email)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		auth.VerifyDummy(password)
		return nil, invalid
	}
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if now.Before(u.LockedUntil) {
		secs := int(u.LockedUntil.Sub(now).Seconds()) + 1
		return nil, &domain.Error{Code: domain.ERATELIMITED, RetryAfter: secs,
			Message: fmt.Sprintf("too many failed logins; the account is locked for %d minutes", (secs+59)/60)}
	}
	if u.PasswordHash == "" || !auth.VerifyPassword(u.PasswordHash, password) {
		if _, err := s.Store.RecordLoginFailure(ctx, u.ID, LockThreshold, now.Add(LockDuration)); err != nil {
			return nil, err
		}
		return nil, invalid
	}
	switch u.Status {
	case domain.UserActive:
	case domain.UserUnverified:
		// The password is right: the owner asks, so send the link again (the first may be
		// lost or expired); the login limiter bounds how often.
		if err := s.sendVerification(ctx, u); err != nil {
			return nil, err
		}
		return nil, domain.Because(domain.EFORBIDDEN, domain.REmailUnverified, "please confirm your e-mail address first; we have sent you a new link")
	default:
		return nil, invalid
	}
	if u.FailedLogins > 0 || !u.LockedUntil.IsZero() {
		if err := s.Store.RecordLoginSuccess(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	return s.StartSession(ctx, u)
}

// StartSession opens a new refresh-token family for an authenticated user.
func (s *Service) StartSession(ctx context.Context, u *domain.User) (*Session, error) {
	if u.Status != domain.UserActive {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "the account is not active")
	}
	secret := auth.NewSecret()
	f := &domain.RefreshFamily{UserID: u.ID, CurrentHash: auth.HashSecret(secret), ExpiresAt: s.Now().Add(RefreshTTL)}
	if err := s.Store.CreateFamily(ctx, f); err != nil {
		return nil, err
	}
	return s.session(u, f.ID, secret)
}

func (s *Service) session(u *domain.User, familyID, secret string) (*Session, error) {
	at, err := s.Signer.Issue(u, familyID)
	if err != nil {
		return nil, err
	}
	return &Session{
		AccessToken: at, ExpiresIn: int(auth.AccessTokenTTL.Seconds()),
		RefreshToken: familyID + refreshTokenSep + secret, User: u,
	}, nil
}

// ErrRefreshRace is Refresh's answer to a token its twin rotated a moment ago (two tabs of
// one browser refreshing at once): unauthorised, but the session lives on and the browser
// already holds the twin's new cookie, which the answer must therefore not clear.
var ErrRefreshRace = domain.Errorf(domain.EUNAUTHORIZED, "the session was refreshed a moment ago; try again")

// Refresh rotates a refresh token. Presenting a token that was already rotated revokes the
// whole family: someone holds a copy.
func (s *Service) Refresh(ctx context.Context, token string) (*Session, error) {
	invalid := domain.Errorf(domain.EUNAUTHORIZED, "the session has ended; please sign in again")
	famID, secret, ok := strings.Cut(token, refreshTokenSep)
	if !ok || famID == "" || secret == "" {
		return nil, invalid
	}
	f, err := s.Store.FindFamilyByID(ctx, famID)
	if err != nil {
		return nil, invalid
	}
	now := s.Now()
	if f.Revoked() || now.After(f.ExpiresAt) {
		return nil, invalid
	}
	hash := auth.HashSecret(secret)
	if hash != f.CurrentHash {
		// Two tabs refreshing at once present the same token; the loser's token was rotated
		// a moment ago by its twin. That is a race, not theft: refuse without revoking (the
		// browser already holds the new cookie and the SPA retries once).
		if at, err := s.Store.RotatedAt(ctx, hash); err == nil && now.Sub(at) < RefreshRaceGrace {
			return nil, ErrRefreshRace
		}
		_ = s.Store.RevokeFamily(ctx, f.ID, now)
		s.Logger.WarnContext(ctx, "refresh token reuse detected; session revoked", "user", f.UserID, "family", f.ID)
		return nil, invalid
	}
	u, err := s.Store.FindUserByID(ctx, f.UserID)
	if err != nil || u.Status != domain.UserActive {
		_ = s.Store.RevokeFamily(ctx, f.ID, now)
		return nil, invalid
	}
	next := auth.NewSecret()
	if err := s.Store.RotateFamily(ctx, f.ID, hash, auth.HashSecret(next), now); err != nil {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			// Lost a race with a concurrent refresh of the same token (see above).
			return nil, ErrRefreshRace
		}
		return nil, err
	}
	return s.session(u, f.ID, next)
}

// Logout revokes the session of a refresh token; unknown tokens are ignored.
func (s *Service) Logout(ctx context.Context, token string) {
	famID, _, _ := strings.Cut(token, refreshTokenSep)
	if famID != "" {
		_ = s.Store.RevokeFamily(ctx, famID, s.Now())
	}
}

// LogoutEverywhere revokes every session of a user.
func (s *Service) LogoutEverywhere(ctx context.Context, userID string) error {
	return s.Store.RevokeUserFamilies(ctx, userID, s.Now())
}

// ForgotPassword mails a reset link if the address has an account; it never says whether
// it has.
func (s *Service) ForgotPassword(ctx context.Context, email string) error {
	email, err := domain.NormalizeEmail(email)
	if err != nil {
		return err
	}
	u, err := s.Store.FindUserByEmail(ctx, email)
	if err != nil || u.Status == domain.UserDeactivated || u.Status == domain.UserDeleted {
		return nil
	}
	token, err := s.oneTimeToken(ctx, u, domain.PurposeResetPassword, ResetTokenTTL)
	if err != nil {
		return err
	}
	return s.mail(ctx, u, resetMail(u.Locale, u.DisplayName, s.baseURL(ctx)+"/reset-password?token="+token))
}

// ResetPassword sets a new password with a reset token, verifies the address (the mail
// arrived), unlocks the account and ends all its sessions.
//
// A password the policy refuses leaves the link valid, so the owner can choose another.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	hash := auth.HashSecret(token)
	peek, err := s.Store.FindOneTimeToken(ctx, hash, domain.PurposeResetPassword, s.Now())
	if err != nil {
		return err
	}
	owner, err := s.Store.FindUserByID(ctx, peek.UserID)
	if err != nil {
		return err
	}
	if err := s.Policy.Check(password, owner.Email, owner.DisplayName); err != nil {
		return err
	}
	t, err := s.Store.ConsumeOneTimeToken(ctx, hash, domain.PurposeResetPassword, s.Now())
	if err != nil {
		return err
	}
	err = s.updateUser(ctx, t.UserID, func(u *domain.User) error {
		if err := s.Policy.Check(password, u.Email, u.DisplayName); err != nil {
			return err
		}
		hash, err := auth.HashPassword(password)
		if err != nil {
			return err
		}
		u.PasswordHash, u.FailedLogins, u.LockedUntil = hash, 0, time.Time{}
		if u.Status == domain.UserUnverified {
			u.Status = domain.UserActive
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.LogoutEverywhere(ctx, t.UserID)
}

// ChangePassword sets a new password after checking the current one.
func (s *Service) ChangePassword(ctx context.Context, userID, current, next string) error {
	return s.updateUser(ctx, userID, func(u *domain.User) error {
		if u.PasswordHash == "" || !auth.VerifyPassword(u.PasswordHash, current) {
			return domain.Invalid("currentPassword", "the current password is wrong")
		}
		if err := s.Policy.Check(next, u.Email, u.DisplayName); err != nil {
			return err
		}
		hash, err := auth.HashPassword(next)
		if err != nil {
			return err
		}
		u.PasswordHash = hash
		return nil
	})
}

// baseURL is the public address of the request's tenant (domain.TenantBaseURL), so a link
// in a mail leads to the site the person signed up at.
func (s *Service) baseURL(ctx context.Context) string {
	return domain.TenantBaseURL(s.BaseURL, domain.TenantFromContext(ctx))
}
