package auth

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// AccessTokenTTL is the lifetime of access tokens.
const AccessTokenTTL = 15 * time.Minute

// Audience is the aud claim of every access token.
const Audience = "ideenwerk-api"

// Claims are the claims of an access token.
type Claims struct {
	TenantID     string        `json:"tid"`
	Roles        []domain.Role `json:"roles"`
	DepartmentID string        `json:"dep,omitempty"`
	// FamilyID ties the token to its login session, so logout can be traced.
	FamilyID string `json:"fam,omitempty"`
	jwt.RegisteredClaims
}

// Signer issues and verifies EdDSA access tokens.
type Signer struct {
	key    ed25519.PrivateKey
	kid    string
	issuer string
	now    func() time.Time
	// verified are tokens Verify accepted, by their exact text, with their claims. A client
	// sends the same token with every request for its lifetime, and checking an EdDSA
	// signature costs ~55 µs of CPU (3.5 % of a review's, measured); a token found here
	// is only checked for expiry again. Nothing else about a token can change while the
	// signer's key stays the same.
	verified *lru.Cache[string, *Claims]
}

// verifiedTokens bounds the cache of verified tokens (~1 KB each).
const verifiedTokens = 4096

// NewSigner returns a signer for key; issuer is the iss claim (the base URL).
func NewSigner(key ed25519.PrivateKey, issuer string, now func() time.Time) *Signer {
	pub := key.Public().(ed25519.PublicKey)
	sum := sha256.Sum256(pub)
	verified, _ := lru.New[string, *Claims](verifiedTokens) // fails only for a size < 1
	return &Signer{key: key, kid: base64.RawURLEncoding.EncodeToString(sum[:8]), issuer: issuer, now: now, verified: verified}
}

// KeyID returns the kid header value.
func (s *Signer) KeyID() string { return s.kid }

// Issue returns a signed access token for the user.
func (s *Signer) Issue(u *domain.User, familyID string) (string, error) {
	now := s.now()
	c := Claims{
		TenantID:     u.TenantID,
		Roles:        u.Roles,
		DepartmentID: u.DepartmentID,
		FamilyID:     familyID,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   u.ID,
			Issuer:    s.issuer,
			Audience:  jwt.ClaimStrings{Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now.Add(-5 * time.Second)),
			ExpiresAt: jwt.NewNumericDate(now.Add(AccessTokenTTL)),
			ID:        NewSecret()[:16],
		},
	}
	t := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c)
	t.Header["kid"] = s.kid
	return t.SignedString(s.key)
}

// Verify parses and checks an access token: algorithm pinned to EdDSA, our kid, issuer,
// audience and expiry. It returns EUNAUTHORIZED for every failure.
func (s *Signer) Verify(token string) (*Claims, error) {
	if c, ok := s.verified.Get(token); ok {
		if c.ExpiresAt != nil && s.now().Before(c.ExpiresAt.Time) {
			cc := *c
			cc.Roles = slices.Clone(c.Roles)
			return &cc, nil
		}
		s.verified.Remove(token)
	}
	var c Claims
	_, err := jwt.ParseWithClaims(token, &c, func(t *jwt.Token) (any, error) {
		if kid, _ := t.Header["kid"].(string); kid != s.kid {
			return nil, errors.New("unknown key id")
		}
		return s.key.Public(), nil
	},
		jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}),
		jwt.WithIssuer(s.issuer),
		jwt.WithAudience(Audience),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(s.now),
	)
	if err != nil || c.Subject == "" || c.TenantID == "" {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "invalid or expired access token")
	}
	cc := c
	cc.Roles = slices.Clone(c.Roles)
	s.verified.Add(token, &cc)
	return &c, nil
}

// LoadOrCreateKey reads a PEM PKCS#8 Ed25519 private key from path, or generates one there
// with 0600 permissions when the file does not exist and create is true.
func LoadOrCreateKey(path string, create bool) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && create {
		_, key, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		der, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
		pemBytes := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, fmt.Errorf("create JWT key: %w", err)
		}
		if _, err := f.Write(pemBytes); err != nil {
			f.Close()
			return nil, err
		}
		return key, f.Close()
	}
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read JWT key: %w (create one with: openssl genpkey -algorithm ed25519 -out %s)", err, path)
	}
	if err != nil {
		return nil, fmt.Errorf("read JWT key: %w", err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, fmt.Errorf("JWT key %s: no PEM block", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("JWT key %s: %w", path, err)
	}
	key, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("JWT key %s: not an Ed25519 key", path)
	}
	return key, nil
}
