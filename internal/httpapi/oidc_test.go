package httpapi_test

import (
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/httpapi"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
	"github.com/ideenwerk/ideenwerk/internal/oidc"
)

// These tests run the whole browser flow against a real OpenID Connect provider (mockoidc)
// on loopback: discovery, the authorization endpoint, the token endpoint with PKCE and
// client authentication, and RS256-signed ID tokens checked against the provider's JWKS.
// Bad tokens are issued by the provider itself (a user whose claims are altered before
// signing), so they fail verification for the reason under test and no other.

// staff is a user at the provider.
type staff struct {
	sub, email, name string
	verified         bool
	groups           []string
	// tamper changes the ID token's claims before the provider signs it.
	tamper func(*mockoidc.IDTokenClaims)
}

type staffClaims struct {
	*mockoidc.IDTokenClaims
	Email         string   `json:"email,omitempty"`
	EmailVerified bool     `json:"email_verified"`
	Name          string   `json:"name,omitempty"`
	Groups        []string `json:"groups,omitempty"`
}

func (u *staff) ID() string { return u.sub }

func (u *staff) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]any{"sub": u.sub, "email": u.email})
}

func (u *staff) Claims(_ []string, c *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	if u.tamper != nil {
		u.tamper(c)
	}
	return &staffClaims{IDTokenClaims: c, Email: u.email, EmailVerified: u.verified, Name: u.name, Groups: u.groups}, nil
}

// startProvider runs mockoidc on loopback; its discovery document also names an
// end-session endpoint, as Keycloak's does.
func startProvider(t *testing.T) *mockoidc.MockOIDC {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	err = m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != mockoidc.DiscoveryEndpoint {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			var doc map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			doc["end_session_endpoint"] = doc["issuer"].(string) + "/logout"
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(doc)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return m
}

type ssoEnv struct {
	*apitest.Env
	idp *mockoidc.MockOIDC
	svc *oidc.Service
}

// newSSOEnv starts a provider and the API with single sign-on pointed at it. The group
// map is the one of the README's example; stadt.example is the staff domain.
func newSSOEnv(t *testing.T, change func(*oidc.Config)) *ssoEnv {
	t.Helper()
	e := &ssoEnv{idp: startProvider(t)}
	e.Env = apitest.New(t, apitest.Options{Deps: func(d *httpapi.Deps) {
		cfg := oidc.Config{
			Issuer: e.idp.Issuer(), ClientID: e.idp.ClientID, ClientSecret: e.idp.ClientSecret,
			Scopes: []string{"openid", "profile", "email", "groups"}, RolesClaim: "groups",
			GroupMap: []oidc.GroupRule{
				{Group: "ideenwerk-cdo", Role: domain.RoleCDO},
				{Group: "ideenwerk-review", Role: domain.RoleReviewer},
				{Group: "amt-32", DepartmentCode: "32"},
				{Group: "amt-66", DepartmentCode: "66"},
			},
			StaffDomains: []string{"stadt.example"}, LocalLoginStaff: true,
			StateKey: oidc.DeriveStateKey([]byte("test key of this deployment")), Now: d.Now, Logger: d.Logger,
		}
		if change != nil {
			change(&cfg)
		}
		svc, err := oidc.New(cfg, d.Store)
		if err != nil {
			t.Fatal(err)
		}
		e.svc, d.OIDC, d.OIDCEnabled = svc, svc, true
	}})
	return e
}

// browser follows the redirects of a staff login by hand, keeping cookies like a browser.
type browser struct {
	jar     http.CookieJar
	host    string   // Host header of the requests to Ideenwerk ("" for the test server's)
	authURL *url.URL // where Ideenwerk sent the browser
	start   *apitest.Response
}

// begin opens /auth/oidc/login and returns the redirect to the provider.
func (e *ssoEnv) begin(t *testing.T, query string) *browser {
	t.Helper()
	return e.beginAt(t, "", query)
}

// beginAt opens /auth/oidc/login on host (a municipality's host name).
func (e *ssoEnv) beginAt(t *testing.T, host, query string) *browser {
	t.Helper()
	b := &browser{jar: apitest.NewJar(), host: host}
	b.start = e.Do(apitest.Request{Method: "GET", Path: "/auth/oidc/login" + query, Jar: b.jar, Host: host})
	if b.start.Status != http.StatusFound {
		t.Fatalf("login: %d %s", b.start.Status, b.start.Body)
	}
	u, err := url.Parse(b.start.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(u.String(), e.idp.AuthorizationEndpoint()) {
		t.Fatalf("login redirects to %q, not to the provider", b.start.Header.Get("Location"))
	}
	b.authURL = u
	return b
}

// authorize lets the provider sign the user in and returns its redirect back to us.
func (e *ssoEnv) authorize(t *testing.T, b *browser, u *staff) *url.URL {
	t.Helper()
	e.idp.QueueUser(u)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(b.authURL.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("provider's authorize: %d", resp.StatusCode)
	}
	cb, err := url.Parse(resp.Header.Get("Location"))
	want := b.host
	if want == "" {
		want = strings.TrimPrefix(e.HTTP.URL, "http://")
	}
	if err != nil || cb.Host != want {
		t.Fatalf("provider redirects to %q, not to %s", resp.Header.Get("Location"), want)
	}
	return cb
}

// callback delivers the provider's redirect to Ideenwerk with the browser's cookies.
func (e *ssoEnv) callback(t *testing.T, jar http.CookieJar, cb *url.URL) *apitest.Response {
	t.Helper()
	return e.callbackAt(t, jar, "", cb)
}

// callbackAt delivers it with the Host header host; the cookie jar ignores the header, as
// if the attacker had carried the cookie over.
func (e *ssoEnv) callbackAt(t *testing.T, jar http.CookieJar, host string, cb *url.URL) *apitest.Response {
	t.Helper()
	r := e.Do(apitest.Request{Method: "GET", Path: cb.RequestURI(), Jar: jar, Host: host})
	if r.Status != http.StatusFound {
		t.Fatalf("callback: %d %s", r.Status, r.Body)
	}
	return r
}

// login runs the whole flow for u and returns the callback's answer and the browser.
func (e *ssoEnv) login(t *testing.T, u *staff) (*apitest.Response, *browser) {
	t.Helper()
	b := e.begin(t, "")
	return e.callback(t, b.jar, e.authorize(t, b, u)), b
}

// session is what the SPA gets at /auth/sso-complete from POST /auth/refresh.
type session struct {
	AccessToken string `json:"accessToken"`
	User        struct {
		ID           string        `json:"id"`
		Email        string        `json:"email"`
		DisplayName  string        `json:"displayName"`
		Roles        []domain.Role `json:"roles"`
		DepartmentID *string       `json:"departmentId"`
		Status       string        `json:"status"`
		SSO          bool          `json:"sso"`
	} `json:"user"`
}

// mustSignIn runs the flow, expects success and returns the session the SPA gets.
func (e *ssoEnv) mustSignIn(t *testing.T, u *staff) session {
	t.Helper()
	r, b := e.login(t, u)
	if loc := r.Header.Get("Location"); loc != "/auth/sso-complete" {
		t.Fatalf("callback redirects to %q, want /auth/sso-complete", loc)
	}
	return e.refresh(t, b.jar)
}

func (e *ssoEnv) refresh(t *testing.T, jar http.CookieJar) session {
	t.Helper()
	r := e.Do(apitest.Request{Method: "POST", Path: "/auth/refresh", Jar: jar})
	if r.Status != http.StatusOK {
		t.Fatalf("refresh after SSO: %d %s", r.Status, r.Body)
	}
	var s session
	r.JSON(t, &s)
	return s
}

// wantSSOError checks that the callback sent the browser to the login page with reason,
// and set no session.
func wantSSOError(t *testing.T, r *apitest.Response, reason string) {
	t.Helper()
	if loc, want := r.Header.Get("Location"), "/login?error="+reason; loc != want {
		t.Fatalf("callback redirects to %q, want %q", loc, want)
	}
	if c := cookie(r, "ideenwerk_refresh"); c != nil && c.MaxAge >= 0 {
		t.Fatalf("a failed login set the refresh cookie")
	}
}

func cookie(r *apitest.Response, name string) *http.Cookie {
	for _, c := range r.Cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func stateCookie(r *apitest.Response) *http.Cookie {
	for _, c := range r.Cookies {
		if strings.HasPrefix(c.Name, oidc.StateCookiePrefix) {
			return c
		}
	}
	return nil
}

func TestOIDCLogin(t *testing.T) {
	e := newSSOEnv(t, nil)
	ctx := e.Ctx

	t.Run("FirstLoginCreatesStaffUser", func(t *testing.T) {
		before, _ := e.DB.CountUsers(ctx)
		maria := &staff{sub: "s-maria", email: "Maria.Muster@stadt.example", name: "Maria Muster", verified: true}
		b := e.begin(t, "")

		// The authorization request: code flow, PKCE with S256, state and nonce.
		q := b.authURL.Query()
		for k, want := range map[string]string{
			"response_type": "code", "client_id": e.idp.ClientID, "code_challenge_method": "S256",
			"redirect_uri": e.HTTP.URL + "/api/v1/auth/oidc/callback",
		} {
			if q.Get(k) != want {
				t.Errorf("%s = %q, want %q", k, q.Get(k), want)
			}
		}
		if len(q.Get("code_challenge")) != 43 || len(q.Get("state")) < 32 || len(q.Get("nonce")) < 32 {
			t.Errorf("weak or missing PKCE challenge, state or nonce: %v", q)
		}
		if !slices.Contains(strings.Fields(q.Get("scope")), "openid") {
			t.Errorf("scope %q lacks openid", q.Get("scope"))
		}
		sc := stateCookie(b.start)
		if sc == nil || !sc.HttpOnly || sc.Path != "/api/v1/auth/oidc" || sc.SameSite != http.SameSiteLaxMode || sc.MaxAge <= 0 {
			t.Fatalf("login-state cookie %+v", sc)
		}
		if strings.Contains(sc.Value, q.Get("nonce")) || strings.Contains(sc.Value, q.Get("state")) {
			t.Fatalf("login-state cookie is not sealed: %q", sc.Value)
		}

		r := e.callback(t, b.jar, e.authorize(t, b, maria))
		if loc := r.Header.Get("Location"); loc != "/auth/sso-complete" {
			t.Fatalf("callback redirects to %q", loc)
		}
		rc := cookie(r, "ideenwerk_refresh")
		if rc == nil || !rc.HttpOnly || rc.Path != "/api/v1/auth" || rc.SameSite != http.SameSiteStrictMode || rc.MaxAge <= 0 {
			t.Fatalf("refresh cookie %+v", rc)
		}
		if c := stateCookie(r); c == nil || c.MaxAge >= 0 {
			t.Fatalf("login-state cookie not cleared: %+v", c)
		}

		s := e.refresh(t, b.jar)
		if s.User.Email != "maria.muster@stadt.example" || s.User.DisplayName != "Maria Muster" ||
			!slices.Equal(s.User.Roles, []domain.Role{domain.RoleEmployee}) || s.User.Status != "active" || !s.User.SSO {
			t.Fatalf("session user %+v", s.User)
		}
		me := e.Do(apitest.Request{Method: "GET", Path: "/me", Token: s.AccessToken})
		if me.Status != http.StatusOK || me.Map(t)["id"] != s.User.ID {
			t.Fatalf("GET /me with the SSO session: %d %s", me.Status, me.Body)
		}
		u, err := e.DB.FindUserByEmail(ctx, "maria.muster@stadt.example")
		if err != nil {
			t.Fatal(err)
		}
		if u.OIDCSubject != e.idp.Issuer()+"|s-maria" || u.PasswordHash != "" || u.TenantID != e.Demo.Tenant.ID {
			t.Fatalf("stored user %+v", u)
		}
		if after, _ := e.DB.CountUsers(ctx); after != before+1 {
			t.Fatalf("users %d → %d, want one more", before, after)
		}

		// The second login finds the same account.
		if s2 := e.mustSignIn(t, maria); s2.User.ID != s.User.ID {
			t.Fatalf("second login got user %s, want %s", s2.User.ID, s.User.ID)
		}
		if after, _ := e.DB.CountUsers(ctx); after != before+1 {
			t.Fatalf("second login created another user")
		}
	})

	t.Run("RoleMapping", func(t *testing.T) {
		carla := &staff{sub: "s-carla", email: "carla@stadt.example", name: "Carla Digital", verified: true,
			groups: []string{"ideenwerk-cdo", "/amt-32", "some-other-group"}}
		s := e.mustSignIn(t, carla)
		if !slices.Equal(s.User.Roles, []domain.Role{domain.RoleEmployee, domain.RoleCDO}) {
			t.Fatalf("roles %v, want [employee cdo]", s.User.Roles)
		}
		if s.User.DepartmentID == nil || *s.User.DepartmentID != e.Demo.Departments["32"] {
			t.Fatalf("department %v, want Ordnungsamt %s", s.User.DepartmentID, e.Demo.Departments["32"])
		}
		// The access token carries the mapped roles: the CDO may list users.
		if r := e.Do(apitest.Request{Method: "GET", Path: "/users?role=reviewer", Token: s.AccessToken}); r.Status != http.StatusOK {
			t.Fatalf("cdo from SSO cannot list reviewers: %d", r.Status)
		}

		// An admin grants a role no group rule manages; the provider must not take it away.
		admin := e.Login(apitest.Admin)
		r := e.Do(apitest.Request{Method: "PATCH", Path: "/users/" + s.User.ID, Token: admin,
			Body: map[string]any{"roles": []string{"employee", "cdo", "admin"}}})
		if r.Status != http.StatusOK {
			t.Fatalf("grant admin: %d %s", r.Status, r.Body)
		}

		// Later login: groups and name changed at the provider.
		carla.groups, carla.name = []string{"ideenwerk-review", "amt-66"}, "Carla Neu"
		s2 := e.mustSignIn(t, carla)
		if s2.User.ID != s.User.ID || s2.User.DisplayName != "Carla Neu" ||
			!slices.Equal(s2.User.Roles, []domain.Role{domain.RoleEmployee, domain.RoleReviewer, domain.RoleAdmin}) {
			t.Fatalf("after regrouping: %+v, want roles [employee reviewer admin] and the new name", s2.User)
		}
		if s2.User.DepartmentID == nil || *s2.User.DepartmentID != e.Demo.Departments["66"] {
			t.Fatalf("department %v, want %s", s2.User.DepartmentID, e.Demo.Departments["66"])
		}
	})

	t.Run("AccountLinking", func(t *testing.T) {
		before, _ := e.DB.CountUsers(ctx)
		erik := &staff{sub: "s-erik", email: apitest.Employee, name: "Erik Mitarbeiter", verified: true}
		s := e.mustSignIn(t, erik)
		if s.User.ID != e.UserID(apitest.Employee) || !s.User.SSO {
			t.Fatalf("got user %s (sso %v), want the existing local account %s linked", s.User.ID, s.User.SSO, e.UserID(apitest.Employee))
		}
		if after, _ := e.DB.CountUsers(ctx); after != before {
			t.Fatalf("linking created a user: %d → %d", before, after)
		}
		u, _ := e.DB.FindUserByID(ctx, s.User.ID)
		if u.OIDCSubject != e.idp.Issuer()+"|s-erik" || u.DepartmentID != e.Demo.Departments["33"] {
			t.Fatalf("linked user %+v: want the subject set and the department kept", u)
		}
		// A verified local account keeps its password while local login is allowed.
		if r := e.Do(apitest.Request{Method: "POST", Path: "/auth/login",
			Body: map[string]string{"email": apitest.Employee, "password": apitest.Password}}); r.Status != http.StatusOK {
			t.Fatalf("password login after linking: %d", r.Status)
		}

		t.Run("ErrOtherIdentitySameEmail", func(t *testing.T) {
			impostor := &staff{sub: "s-someone-else", email: apitest.Employee, name: "Not Erik", verified: true}
			r, _ := e.login(t, impostor)
			wantSSOError(t, r, "sso_conflict")
			if u, _ := e.DB.FindUserByID(ctx, s.User.ID); u.OIDCSubject != e.idp.Issuer()+"|s-erik" || u.DisplayName != "Erik Mitarbeiter" {
				t.Fatalf("the account was changed by another identity: %+v", u)
			}
		})
	})

	t.Run("LinkingUnverifiedAccountDropsPassword", func(t *testing.T) {
		// Someone registered a staff address in advance, with a password of their choosing,
		// and never confirmed it.
		const email, pw = "paul@stadt.example", "Vorab-Registriert-2026"
		r := e.Do(apitest.Request{Method: "POST", Path: "/auth/register",
			Body: map[string]string{"email": email, "password": pw, "displayName": "Paul Vorab"}})
		if r.Status != http.StatusAccepted {
			t.Fatalf("register: %d %s", r.Status, r.Body)
		}
		pre, err := e.DB.FindUserByEmail(ctx, email)
		if err != nil || pre.Status != domain.UserUnverified {
			t.Fatalf("pre-registered account: %+v %v", pre, err)
		}
		s := e.mustSignIn(t, &staff{sub: "s-paul", email: email, name: "Paul Paulsen", verified: true})
		if s.User.ID != pre.ID || s.User.Status != "active" || slices.Contains(s.User.Roles, domain.RoleCitizen) {
			t.Fatalf("linked user %+v, want account %s active without the citizen role", s.User, pre.ID)
		}
		if r := e.Do(apitest.Request{Method: "POST", Path: "/auth/login",
			Body: map[string]string{"email": email, "password": pw}}); r.Status != http.StatusUnauthorized {
			t.Fatalf("the pre-registered password still works: %d", r.Status)
		}
	})

	t.Run("ErrUnverifiedEmail", func(t *testing.T) {
		r, _ := e.login(t, &staff{sub: "s-eve", email: "eve@elsewhere.example", name: "Eve", verified: false})
		wantSSOError(t, r, "sso_email")
		if _, err := e.DB.FindUserByEmail(ctx, "eve@elsewhere.example"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("a user was created for an unverified address: %v", err)
		}
		// Not even an existing account is linked through an unverified address.
		r, _ = e.login(t, &staff{sub: "s-eve", email: apitest.Reviewer, name: "Eve", verified: false})
		wantSSOError(t, r, "sso_email")

		// In a staff domain the provider is authoritative: its addresses count as verified.
		s := e.mustSignIn(t, &staff{sub: "s-udo", email: "udo@stadt.example", name: "Udo", verified: false})
		if s.User.Email != "udo@stadt.example" {
			t.Fatalf("staff-domain user %+v", s.User)
		}
	})

	t.Run("ErrNoEmail", func(t *testing.T) {
		r, _ := e.login(t, &staff{sub: "s-nomail", name: "No Mail", verified: true})
		wantSSOError(t, r, "sso_email")
	})

	t.Run("ErrTamperedState", func(t *testing.T) {
		b := e.begin(t, "")
		cb := e.authorize(t, b, &staff{sub: "s-maria", email: "maria.muster@stadt.example", name: "Maria Muster", verified: true})
		q := cb.Query()
		state := []byte(q.Get("state"))
		if state[0] == 'A' {
			state[0] = 'B'
		} else {
			state[0] = 'A'
		}
		q.Set("state", string(state))
		tampered := *cb
		tampered.RawQuery = q.Encode()
		wantSSOError(t, e.callback(t, b.jar, &tampered), "sso_state")
		if r := e.Do(apitest.Request{Method: "POST", Path: "/auth/refresh", Jar: b.jar}); r.Status != http.StatusUnauthorized {
			t.Fatalf("a session exists after a tampered state: %d", r.Status)
		}
	})

	t.Run("ErrTamperedStateCookie", func(t *testing.T) {
		b := e.begin(t, "")
		cb := e.authorize(t, b, &staff{sub: "s-maria", email: "maria.muster@stadt.example", name: "Maria Muster", verified: true})
		sc := stateCookie(b.start)
		raw, err := base64.RawURLEncoding.DecodeString(sc.Value)
		if err != nil {
			t.Fatal(err)
		}
		raw[len(raw)/2] ^= 1 // one bit of the ciphertext
		base, _ := url.Parse(e.HTTP.URL + "/api/v1/auth/oidc/")
		b.jar.SetCookies(base, []*http.Cookie{{Name: sc.Name, Value: base64.RawURLEncoding.EncodeToString(raw), Path: "/api/v1/auth/oidc"}})
		wantSSOError(t, e.callback(t, b.jar, cb), "sso_state")
	})

	t.Run("ErrCallbackInAnotherBrowser", func(t *testing.T) {
		// Login CSRF: an attacker's own callback URL opened in the victim's browser, which
		// has no login-state cookie for it.
		b := e.begin(t, "")
		cb := e.authorize(t, b, &staff{sub: "s-maria", email: "maria.muster@stadt.example", name: "Maria Muster", verified: true})
		victim := apitest.NewJar()
		wantSSOError(t, e.callback(t, victim, cb), "sso_state")
	})

	t.Run("ErrReplayedCallback", func(t *testing.T) {
		maria := &staff{sub: "s-maria", email: "maria.muster@stadt.example", name: "Maria Muster", verified: true}
		b := e.begin(t, "")
		cb := e.authorize(t, b, maria)
		if r := e.callback(t, b.jar, cb); r.Header.Get("Location") != "/auth/sso-complete" {
			t.Fatalf("first callback: %s", r.Header.Get("Location"))
		}
		wantSSOError(t, e.callback(t, b.jar, cb), "sso_state")
	})

	t.Run("ErrWrongNonce", func(t *testing.T) {
		r, _ := e.login(t, &staff{sub: "s-maria", email: "maria.muster@stadt.example", name: "Maria Muster", verified: true,
			tamper: func(c *mockoidc.IDTokenClaims) { c.Nonce = "a-nonce-of-another-login" }})
		wantSSOError(t, r, "sso_token")
		if !strings.Contains(e.LogText(), "nonce does not match") {
			t.Fatalf("the log does not say why the login failed")
		}
	})

	t.Run("ErrExpiredIDToken", func(t *testing.T) {
		r, _ := e.login(t, &staff{sub: "s-maria", email: "maria.muster@stadt.example", name: "Maria Muster", verified: true,
			tamper: func(c *mockoidc.IDTokenClaims) {
				c.IssuedAt = jwt.NewNumericDate(time.Now().Add(-20 * time.Minute))
				c.NotBefore = c.IssuedAt
				c.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-10 * time.Minute))
			}})
		wantSSOError(t, r, "sso_token")
	})

	t.Run("ErrWrongAudience", func(t *testing.T) {
		r, _ := e.login(t, &staff{sub: "s-maria", email: "maria.muster@stadt.example", name: "Maria Muster", verified: true,
			tamper: func(c *mockoidc.IDTokenClaims) { c.Audience = jwt.ClaimStrings{"another-application"} }})
		wantSSOError(t, r, "sso_token")
	})

	t.Run("ErrWrongIssuer", func(t *testing.T) {
		r, _ := e.login(t, &staff{sub: "s-maria", email: "maria.muster@stadt.example", name: "Maria Muster", verified: true,
			tamper: func(c *mockoidc.IDTokenClaims) { c.Issuer = "https://login.elsewhere.example/realms/x" }})
		wantSSOError(t, r, "sso_token")
	})

	t.Run("ErrDeniedAtProvider", func(t *testing.T) {
		b := e.begin(t, "")
		cb := &url.URL{Path: "/api/v1/auth/oidc/callback", RawQuery: url.Values{
			"error": {"access_denied"}, "error_description": {"user cancelled"}, "state": {b.authURL.Query().Get("state")},
		}.Encode()}
		wantSSOError(t, e.callback(t, b.jar, cb), "sso_denied")
	})

	t.Run("ErrDeactivated", func(t *testing.T) {
		dora := &staff{sub: "s-dora", email: "dora@stadt.example", name: "Dora Weg", verified: true}
		s := e.mustSignIn(t, dora)
		admin := e.Login(apitest.Admin)
		if r := e.Do(apitest.Request{Method: "PATCH", Path: "/users/" + s.User.ID, Token: admin,
			Body: map[string]any{"status": "deactivated"}}); r.Status != http.StatusOK {
			t.Fatalf("deactivate: %d %s", r.Status, r.Body)
		}
		r, _ := e.login(t, dora)
		wantSSOError(t, r, "sso_denied")
	})

	t.Run("ReturnTo", func(t *testing.T) {
		maria := &staff{sub: "s-maria", email: "maria.muster@stadt.example", name: "Maria Muster", verified: true}
		for query, want := range map[string]string{
			"?returnTo=%2Fideas%2F42":              "/auth/sso-complete?returnTo=%2Fideas%2F42",
			"?returnTo=%2F%2Fevil.example%2Fx":     "/auth/sso-complete",
			"?returnTo=https%3A%2F%2Fevil.example": "/auth/sso-complete",
		} {
			b := e.begin(t, query)
			r := e.callback(t, b.jar, e.authorize(t, b, maria))
			if loc := r.Header.Get("Location"); loc != want {
				t.Errorf("%s: callback redirects to %q, want %q", query, loc, want)
			}
		}
	})

	// Last: it moves the shared clock past the lifetime of the ID tokens the provider issues.
	t.Run("ErrLoginStateExpired", func(t *testing.T) {
		b := e.begin(t, "")
		cb := e.authorize(t, b, &staff{sub: "s-maria", email: "maria.muster@stadt.example", name: "Maria Muster", verified: true})
		e.Clock.Advance(oidc.StateTTL + time.Second)
		wantSSOError(t, e.callback(t, b.jar, cb), "sso_state")
	})
}

func TestOIDCTenants(t *testing.T) {
	e := newSSOEnv(t, nil)
	ctxB, _ := mongotest.MustCreateTenant(t, e.DB, "zweite", "zweite.example")
	const host = "zweite.example"
	maria := &staff{sub: "s-maria", email: "maria.muster@stadt.example", name: "Maria Muster", verified: true}

	t.Run("LoginOnAMunicipalitysHost", func(t *testing.T) {
		b := e.beginAt(t, host, "")
		if got := b.authURL.Query().Get("redirect_uri"); got != "http://zweite.example/api/v1/auth/oidc/callback" {
			t.Fatalf("redirect_uri %q: the provider must send the browser back to the municipality's host", got)
		}
		r := e.callbackAt(t, b.jar, host, e.authorize(t, b, maria))
		if loc := r.Header.Get("Location"); loc != "/auth/sso-complete" {
			t.Fatalf("callback redirects to %q", loc)
		}
		if r := e.Do(apitest.Request{Method: "POST", Path: "/auth/refresh", Jar: b.jar, Host: host}); r.Status != http.StatusOK {
			t.Fatalf("refresh on the municipality's host: %d", r.Status)
		}
		if _, err := e.DB.FindUserByEmail(ctxB, "maria.muster@stadt.example"); err != nil {
			t.Fatalf("user not created in the municipality of the host: %v", err)
		}
		if _, err := e.DB.FindUserByEmail(e.Ctx, "maria.muster@stadt.example"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("the login leaked into the default tenant: %v", err)
		}
	})

	t.Run("ErrCallbackOnAnotherMunicipality", func(t *testing.T) {
		// A browser would not even send the cookie to another host; carry it over by hand,
		// as an attacker could, so that the sealed tenant is what refuses the login.
		b := e.beginAt(t, host, "")
		cb := e.authorize(t, b, maria)
		from, _ := url.Parse("http://" + host + "/api/v1/auth/oidc/callback")
		to, _ := url.Parse(e.HTTP.URL + "/api/v1/auth/oidc/callback")
		jar := apitest.NewJar()
		var carried []*http.Cookie
		for _, c := range b.jar.Cookies(from) {
			carried = append(carried, &http.Cookie{Name: c.Name, Value: c.Value, Path: "/api/v1/auth/oidc"})
		}
		if len(carried) != 1 {
			t.Fatalf("cookies on %s: %v", host, carried)
		}
		jar.SetCookies(to, carried)
		wantSSOError(t, e.callbackAt(t, jar, "", cb), "sso_state")
		if !strings.Contains(e.LogText(), "another municipality") {
			t.Fatalf("refused for another reason than the tenant")
		}
	})
}

func TestOIDCFeatureAndLogoutURL(t *testing.T) {
	e := newSSOEnv(t, nil)
	var tenant struct{ Features []string }
	e.Do(apitest.Request{Method: "GET", Path: "/tenant"}).JSON(t, &tenant)
	if !slices.Contains(tenant.Features, "oidc") {
		t.Fatalf("features %v lack oidc", tenant.Features)
	}
	r := e.Do(apitest.Request{Method: "GET", Path: "/auth/oidc/logout-url"})
	if r.Status != http.StatusOK {
		t.Fatalf("logout-url: %d %s", r.Status, r.Body)
	}
	u, err := url.Parse(r.Map(t)["url"].(string))
	if err != nil || u.Scheme+"://"+u.Host+u.Path != e.idp.Issuer()+"/logout" ||
		u.Query().Get("client_id") != e.idp.ClientID || u.Query().Get("post_logout_redirect_uri") != e.HTTP.URL+"/login" {
		t.Fatalf("end-session URL %v", u)
	}
}

func TestOIDCNotConfigured(t *testing.T) {
	e := apitest.New(t)
	var tenant struct{ Features []string }
	e.Do(apitest.Request{Method: "GET", Path: "/tenant"}).JSON(t, &tenant)
	if slices.Contains(tenant.Features, "oidc") {
		t.Fatalf("features %v offer oidc without a provider", tenant.Features)
	}
	for _, p := range []string{"/auth/oidc/login", "/auth/oidc/callback?code=x&state=y", "/auth/oidc/logout-url"} {
		if r := e.Do(apitest.Request{Method: "GET", Path: p}); r.Status != http.StatusNotFound || r.ErrorCode() != "not_found" {
			t.Errorf("%s: %d %s, want 404", p, r.Status, r.Body)
		}
	}
}

func TestOIDCLocalLoginSwitchedOffForStaff(t *testing.T) {
	e := newSSOEnv(t, func(c *oidc.Config) { c.LocalLoginStaff = false })
	const email = "sven@stadt.example"
	s := e.mustSignIn(t, &staff{sub: "s-sven", email: email, name: "Sven Staff", verified: true})
	if s.User.Email != email {
		t.Fatalf("SSO user %+v", s.User)
	}
	for _, path := range []string{"/auth/login", "/auth/register"} {
		r := e.Do(apitest.Request{Method: "POST", Path: path,
			Body: map[string]string{"email": "  SVEN@Stadt.example", "password": "irgendein-Passwort-1", "displayName": "Sven"}})
		if r.Status != http.StatusForbidden || !strings.Contains(r.Map(t)["error"].(map[string]any)["message"].(string), "Dienstkonto") {
			t.Fatalf("%s for a staff address: %d %s, want 403", path, r.Status, r.Body)
		}
	}
	// Other addresses are untouched, and the body reaches the handler intact.
	if r := e.Do(apitest.Request{Method: "POST", Path: "/auth/login",
		Body: map[string]string{"email": apitest.Citizen, "password": apitest.Password}}); r.Status != http.StatusOK {
		t.Fatalf("citizen login: %d %s", r.Status, r.Body)
	}
	if r := e.Do(apitest.Request{Method: "POST", Path: "/auth/login",
		RawBody: []byte(`{"email": "x@buerger.example", "password": "p", "extra": 1}`),
		Header:  http.Header{"Content-Type": {"application/json"}}}); r.Status != http.StatusBadRequest {
		t.Fatalf("unknown field after the guard: %d, want 400", r.Status)
	}
}

func TestOIDCProviderUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	issuer := "http://" + ln.Addr().String() + "/realms/staff"
	ln.Close()
	e := apitest.New(t, apitest.Options{Deps: func(d *httpapi.Deps) {
		svc, err := oidc.New(oidc.Config{Issuer: issuer, ClientID: "ideenwerk", StateKey: make([]byte, 32), Now: d.Now, Logger: d.Logger}, d.Store)
		if err != nil {
			t.Fatal(err)
		}
		d.OIDC, d.OIDCEnabled = svc, true
	}})
	r := e.Do(apitest.Request{Method: "GET", Path: "/auth/oidc/login"})
	if r.Status != http.StatusFound || r.Header.Get("Location") != "/login?error=sso_unavailable" {
		t.Fatalf("login with the provider down: %d %q", r.Status, r.Header.Get("Location"))
	}
	if !strings.Contains(e.LogText(), "IDEENWERK_OIDC_ISSUER") {
		t.Fatalf("the log does not point at the issuer setting")
	}
	if r := e.Do(apitest.Request{Method: "GET", Path: "/auth/oidc/logout-url"}); r.Status != http.StatusServiceUnavailable {
		t.Fatalf("logout-url with the provider down: %d", r.Status)
	}
	// Password login does not depend on the provider.
	if r := e.Do(apitest.Request{Method: "POST", Path: "/auth/login",
		Body: map[string]string{"email": apitest.Employee, "password": apitest.Password}}); r.Status != http.StatusOK {
		t.Fatalf("password login with the provider down: %d", r.Status)
	}
}
