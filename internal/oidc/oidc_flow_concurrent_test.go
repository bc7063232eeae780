package oidc_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
	"github.com/ideenwerk/ideenwerk/internal/oidc"
)

type providerUser struct{ sub, email string }

func (u providerUser) ID() string { return u.sub }
func (u providerUser) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]string{"sub": u.sub})
}
func (u providerUser) Claims(_ []string, c *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return struct {
		*mockoidc.IDTokenClaims
		Email         string `json:"email"`
		EmailVerified bool   `json:"email_verified"`
		Name          string `json:"name"`
	}{c, u.email, true, "Parallel Person"}, nil
}

// TestOIDCConcurrentFirstLogins: two first logins of the same person finishing at the same
// moment (two tabs, two instances) must end in one account, not two or an error.
func TestOIDCConcurrentFirstLogins(t *testing.T) {
	idp, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	// mockoidc computes its key ID lazily without a lock; compute it before tokens are
	// signed in parallel.
	if _, err := idp.Keypair.KeyID(); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := idp.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Shutdown() })

	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "parallel")
	key := oidc.DeriveStateKey([]byte("shared by all instances"))
	newInstance := func() *oidc.Service {
		s, err := oidc.New(oidc.Config{Issuer: idp.Issuer(), ClientID: idp.ClientID, ClientSecret: idp.ClientSecret,
			Scopes: []string{"openid", "email", "profile"}, StateKey: key}, db)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Discover(ctx); err != nil {
			t.Fatal(err)
		}
		return s
	}
	instances := []*oidc.Service{newInstance(), newInstance()}
	const redirectURI = "http://ideen.parallel.example/api/v1/auth/oidc/callback"

	// Both logins are started on instance 0 and pass the provider one after the other...
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	callbacks := make([]oidc.Callback, 2)
	for i := range callbacks {
		login, err := instances[0].BeginLogin(ctx, redirectURI, "")
		if err != nil {
			t.Fatal(err)
		}
		idp.QueueUser(providerUser{sub: "p-1", email: "parallel@stadt.example"})
		resp, err := noFollow.Get(login.AuthURL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		back, err := url.Parse(resp.Header.Get("Location"))
		if err != nil || resp.StatusCode != http.StatusFound {
			t.Fatalf("provider: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		callbacks[i] = oidc.Callback{State: back.Query().Get("state"), Code: back.Query().Get("code"), StateCookie: login.CookieValue}
	}

	// ...and come back at the same moment, each on another instance.
	users := make([]*domain.User, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range callbacks {
		wg.Go(func() {
			res, err := instances[i].CompleteLogin(context.WithoutCancel(ctx), callbacks[i])
			if err == nil {
				users[i] = res.User
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			n, _ := db.CountUsers(ctx)
			_, ferr := db.FindUserByEmail(ctx, "parallel@stadt.example")
			t.Logf("users in the tenant: %d; FindUserByEmail: %v", n, ferr)
			t.Fatalf("login %d: %v", i, err)
		}
	}
	if users[0].ID != users[1].ID {
		t.Fatalf("two accounts for one person: %s and %s", users[0].ID, users[1].ID)
	}
	if n, _ := db.CountUsers(ctx); n != 1 {
		t.Fatalf("%d users, want 1", n)
	}
}
