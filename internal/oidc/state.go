package oidc

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"
)

// The login state (state, nonce, PKCE verifier, tenant, redirect URI) travels in an
// httpOnly cookie sealed with AES-256-GCM rather than in the database: every instance that
// shares the access-token key can open it, so the callback may land on any instance, and a
// login that is abandoned leaves nothing behind to clean up. The cookie's name carries a
// hash of the state, so two logins in two tabs do not overwrite each other, and the sealed
// value must contain exactly the state the provider returned.

// StateTTL is how long a started login may take at the provider.
const StateTTL = 10 * time.Minute

// StateCookiePrefix starts the name of every login-state cookie.
const StateCookiePrefix = "ideenwerk_oidc_"

// StateCookieName returns the name of the cookie holding the login with this state.
func StateCookieName(state string) string {
	sum := sha256.Sum256([]byte(state))
	return StateCookiePrefix + hex.EncodeToString(sum[:8])
}

// DeriveStateKey derives the 32-byte key that seals login-state cookies from a secret all
// instances share (the seed of the access-token signing key). The label keeps the derived
// key independent of any other use of the secret.
func DeriveStateKey(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("ideenwerk oidc login state v1"))
	return m.Sum(nil)
}

// loginState is what the callback needs to finish a login.
type loginState struct {
	State       string `json:"s"`
	Nonce       string `json:"n"`
	Verifier    string `json:"v"`
	TenantID    string `json:"t"`
	RedirectURI string `json:"r"`
	ReturnTo    string `json:"p,omitempty"`
	Expires     int64  `json:"e"`
}

var errBadState = errors.New("login state cookie is missing, forged or damaged")

type sealer struct{ aead cipher.AEAD }

func newSealer(key []byte) (*sealer, error) {
	if len(key) != 32 {
		return nil, errors.New("oidc: the state key must be 32 bytes")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead}, nil
}

// seal encrypts and authenticates st; the cookie name is additional data, so a value cannot
// be moved to the cookie of another state.
func (s *sealer) seal(st *loginState) (string, error) {
	plain, err := json.Marshal(st)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := s.aead.Seal(nonce, nonce, plain, []byte(StateCookieName(st.State)))
	return base64.RawURLEncoding.EncodeToString(out), nil
}

// open authenticates and decrypts a cookie value found under the cookie of state, and checks
// that it holds that very state and has not expired.
func (s *sealer) open(value, state string, now time.Time) (*loginState, error) {
	raw, err := base64.RawURLEncoding.DecodeString(value)
	if err != nil || len(raw) < s.aead.NonceSize()+s.aead.Overhead() {
		return nil, errBadState
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], []byte(StateCookieName(state)))
	if err != nil {
		return nil, errBadState
	}
	var st loginState
	if err := json.Unmarshal(plain, &st); err != nil {
		return nil, errBadState
	}
	if !hmac.Equal([]byte(st.State), []byte(state)) {
		return nil, errBadState
	}
	if now.Unix() > st.Expires {
		return nil, errors.New("login state expired: the sign-in at the provider took too long")
	}
	return &st, nil
}
