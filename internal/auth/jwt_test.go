package auth_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Verify remembers the tokens it accepted, but a remembered token still expires, and only
// the exact text it checked is remembered.
func TestVerifyRemembersOnlyWhatItChecked(t *testing.T) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s := auth.NewSigner(key, "https://ideen.example", clock)
	u := &domain.User{ID: "u1", TenantID: "t1", Roles: []domain.Role{domain.RoleReviewer}}
	tok, err := s.Issue(u, "fam1")
	if err != nil {
		t.Fatal(err)
	}
	for k := range 2 {
		c, err := s.Verify(tok)
		if err != nil || c.Subject != "u1" || c.TenantID != "t1" || len(c.Roles) != 1 || c.Roles[0] != domain.RoleReviewer {
			t.Fatalf("verify #%d: %+v, %v", k+1, c, err)
		}
		c.Subject = "changed by the caller" // must not reach the next caller
		c.Roles[0] = domain.RoleAdmin
	}
	if c, err := s.Verify(tok); err != nil || c.Subject != "u1" || c.Roles[0] != domain.RoleReviewer {
		t.Fatalf("a caller's change reached the cache: %+v, %v", c, err)
	}
	// A character inside the signature changed (not its last, whose low bits are padding):
	// refused, remembered or not.
	k := len(tok) - 10
	other := byte('A')
	if tok[k] == 'A' {
		other = 'B'
	}
	if _, err := s.Verify(tok[:k] + string(other) + tok[k+1:]); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
		t.Fatalf("a tampered token: %v", err)
	}
	// Another key never accepts it, whatever this signer remembers.
	_, key2, _ := ed25519.GenerateKey(rand.Reader)
	if _, err := auth.NewSigner(key2, "https://ideen.example", clock).Verify(tok); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
		t.Fatalf("another key: %v", err)
	}
	// Past its lifetime the remembered token is refused.
	now = now.Add(auth.AccessTokenTTL + time.Second)
	if _, err := s.Verify(tok); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
		t.Fatalf("an expired token that was verified before: %v", err)
	}
}
