package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// AllTypes in an unsubscribe token stands for every event type (the digest's link).
const AllTypes domain.EventType = "all"

// Tokens signs and checks unsubscribe links. A token names tenant, user, event type and
// channel, carries an HMAC-SHA256 tag (truncated to 128 bits) and never expires: the link
// in a year-old e-mail must still work, and all it can do is switch a mail off.
type Tokens struct{ key []byte }

// NewTokens derives the signing key from a deployment-wide secret (stored in the
// database, so every instance verifies what any other signed).
func NewTokens(secret []byte) *Tokens {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("ideenwerk/unsubscribe/v1"))
	return &Tokens{key: m.Sum(nil)}
}

// Unsubscribe is what a valid token asks for.
type Unsubscribe struct {
	TenantID string
	UserID   string
	Type     domain.EventType // or AllTypes
	Channel  string           // domain.ChannelEmail or domain.ChannelDigest
}

func (t *Tokens) tag(payload string) []byte {
	m := hmac.New(sha256.New, t.key)
	m.Write([]byte(payload))
	return m.Sum(nil)[:16]
}

// Sign returns the token of u.
func (t *Tokens) Sign(u Unsubscribe) string {
	payload := strings.Join([]string{"u1", u.TenantID, u.UserID, string(u.Type), u.Channel}, "|")
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(t.tag(payload))
}

// Parse checks a token and returns what it asks for; EINVALID for anything it did not sign.
func (t *Tokens) Parse(token string) (Unsubscribe, error) {
	bad := domain.Invalid("token", "this unsubscribe link is not valid; change your settings in your profile instead")
	p, tag, ok := strings.Cut(token, ".")
	if !ok {
		return Unsubscribe{}, bad
	}
	enc := base64.RawURLEncoding
	payload, err1 := enc.DecodeString(p)
	got, err2 := enc.DecodeString(tag)
	if err1 != nil || err2 != nil || !hmac.Equal(got, t.tag(string(payload))) {
		return Unsubscribe{}, bad
	}
	f := strings.Split(string(payload), "|")
	if len(f) != 5 || f[0] != "u1" {
		return Unsubscribe{}, bad
	}
	u := Unsubscribe{TenantID: f[1], UserID: f[2], Type: domain.EventType(f[3]), Channel: f[4]}
	if u.Type != AllTypes && !domain.ValidEventType(u.Type) || u.Channel != domain.ChannelEmail && u.Channel != domain.ChannelDigest {
		return Unsubscribe{}, bad
	}
	return u, nil
}
