package domain

import (
	"context"
	"time"
)

// RefreshFamily is one login session: a chain of refresh tokens where only the newest is
// valid. Presenting an older one (reuse) revokes the family.
type RefreshFamily struct {
	ID          string
	TenantID    string
	UserID      string
	CurrentHash string // SHA-256 of the only refresh token that may be used next
	ExpiresAt   time.Time
	RevokedAt   time.Time
	CreatedAt   time.Time
	RotatedAt   time.Time
}

// Revoked reports whether the family may no longer refresh.
func (f *RefreshFamily) Revoked() bool { return !f.RevokedAt.IsZero() }

// SessionStore persists refresh-token families and one-time tokens.
type SessionStore interface {
	// CreateFamily stores a new family.
	CreateFamily(ctx context.Context, f *RefreshFamily) error
	// FindFamilyByID returns a family of the tenant; ENOTFOUND.
	FindFamilyByID(ctx context.Context, id string) (*RefreshFamily, error)
	// RotateFamily replaces the current hash if it still equals oldHash; ECONFLICT when
	// another refresh won the race or the token was already rotated.
	RotateFamily(ctx context.Context, id, oldHash, newHash string, now time.Time) error
	// RotatedAt returns when the refresh token with this hash was rotated; ENOTFOUND if never.
	RotatedAt(ctx context.Context, hash string) (time.Time, error)
	// RevokeFamily revokes one family (idempotent).
	RevokeFamily(ctx context.Context, id string, now time.Time) error
	// RevokeUserFamilies revokes every family of a user ("logout everywhere").
	RevokeUserFamilies(ctx context.Context, userID string, now time.Time) error

	// CreateOneTimeToken stores a verification or reset token (by its hash).
	CreateOneTimeToken(ctx context.Context, t *OneTimeToken) error
	// FindOneTimeToken returns a token that is still valid without using it up; ENOTFOUND
	// when unknown, used, expired or of another purpose.
	FindOneTimeToken(ctx context.Context, hash string, purpose TokenPurpose, now time.Time) (*OneTimeToken, error)
	// ConsumeOneTimeToken marks the token used and returns it; ENOTFOUND when unknown,
	// used, expired or of another purpose.
	ConsumeOneTimeToken(ctx context.Context, hash string, purpose TokenPurpose, now time.Time) (*OneTimeToken, error)
}

// TokenPurpose says what a one-time token proves.
type TokenPurpose string

// One-time token purposes.
const (
	PurposeVerifyEmail   TokenPurpose = "verify_email"
	PurposeResetPassword TokenPurpose = "reset_password"
)

// OneTimeToken is an e-mailed token, stored only as its hash.
type OneTimeToken struct {
	Hash      string
	TenantID  string
	UserID    string
	Purpose   TokenPurpose
	ExpiresAt time.Time
	UsedAt    time.Time
	CreatedAt time.Time
}
