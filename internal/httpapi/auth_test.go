package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ideenwerk/ideenwerk/internal/account"
	"github.com/ideenwerk/ideenwerk/internal/apitest"
)

func TestLogin(t *testing.T) {
	env := apitest.New(t)
	login := func(email, pw string) *apitest.Response {
		return env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": email, "password": pw}})
	}
	t.Run("OK", func(t *testing.T) {
		for _, email := range []string{apitest.Admin, apitest.CDO, apitest.Reviewer, apitest.Reviewer2, apitest.Employee, apitest.Citizen} {
			r := login(email, apitest.Password)
			if r.Status != http.StatusOK {
				t.Fatalf("%s: %d %s", email, r.Status, r.Body)
			}
			m := r.Map(t)
			if m["accessToken"] == "" || m["user"].(map[string]any)["email"] != email {
				t.Fatalf("unexpected session %v", m)
			}
			rc, hint := cookie(r, "ideenwerk_refresh"), cookie(r, "ideenwerk_session")
			if rc == nil || !rc.HttpOnly || rc.Path != "/api/v1/auth" || rc.SameSite != http.SameSiteStrictMode {
				t.Fatalf("refresh cookie %+v", rc)
			}
			// The SPA's hint that there is a session: readable, no secret, as long-lived.
			if hint == nil || hint.HttpOnly || hint.Value != "1" || hint.Path != "/" || hint.MaxAge != rc.MaxAge || hint.SameSite != http.SameSiteStrictMode {
				t.Fatalf("session hint %+v", hint)
			}
		}
	})
	t.Run("CaseInsensitiveEmail", func(t *testing.T) {
		if r := login("  CDO@Ideenwerk.Example ", apitest.Password); r.Status != http.StatusOK {
			t.Fatalf("got %d", r.Status)
		}
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		r := login(apitest.Employee, "wrong-password-123")
		if r.Status != http.StatusUnauthorized || r.ErrorCode() != "unauthorized" {
			t.Fatalf("got %d %s", r.Status, r.Body)
		}
	})
	t.Run("ErrUnknownAccountSameAnswer", func(t *testing.T) {
		a := login("nobody@ideenwerk.example", "whatever-123456")
		b := login(apitest.Employee, "wrong-password-123")
		if a.Status != b.Status || a.Map(t)["error"].(map[string]any)["message"] != b.Map(t)["error"].(map[string]any)["message"] {
			t.Fatalf("answers differ: %s vs %s", a.Body, b.Body)
		}
	})
	t.Run("ErrMalformedEmail", func(t *testing.T) {
		if r := login("not an email", "x"); r.Status != http.StatusUnauthorized {
			t.Fatalf("got %d", r.Status)
		}
	})
	t.Run("ErrDeactivated", func(t *testing.T) {
		admin := env.Login(apitest.Admin)
		r := env.Do(apitest.Request{Method: "PATCH", Path: "/users/" + env.UserID(apitest.Reviewer2), Token: admin,
			Body: map[string]any{"status": "deactivated"}})
		if r.Status != http.StatusOK {
			t.Fatalf("deactivate: %d %s", r.Status, r.Body)
		}
		if r := login(apitest.Reviewer2, apitest.Password); r.Status != http.StatusUnauthorized {
			t.Fatalf("deactivated user logged in: %d", r.Status)
		}
	})
}

func TestLockout(t *testing.T) {
	env := apitest.New(t)
	for i := range 5 {
		r := env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": apitest.Employee, "password": "wrong-password-123"}})
		if r.Status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, r.Status)
		}
	}
	r := env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": apitest.Employee, "password": apitest.Password}})
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("locked account: got %d %s (Retry-After %q)", r.Status, r.Body, r.Header.Get("Retry-After"))
	}
	env.Clock.Advance(16 * time.Minute)
	r = env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": apitest.Employee, "password": apitest.Password}})
	if r.Status != http.StatusOK {
		t.Fatalf("after the lock: %d %s", r.Status, r.Body)
	}
}

func TestRateLimit(t *testing.T) {
	env := apitest.New(t, apitest.Options{LoginRate: 0.01, LoginBurst: 3})
	var last *apitest.Response
	for range 4 {
		last = env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": "a@b.de", "password": "x"}})
	}
	if last.Status != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Fatalf("4th request: %d %s", last.Status, last.Body)
	}
}

func TestRefresh(t *testing.T) {
	env := apitest.New(t)
	jar := apitest.NewJar()
	r := env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Jar: jar, Body: map[string]string{"email": apitest.Employee, "password": apitest.Password}})
	if r.Status != 200 {
		t.Fatal(r.Status)
	}
	first := r.Cookies[0].Value

	t.Run("Rotates", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "POST", Path: "/auth/refresh", Jar: jar})
		if r.Status != http.StatusOK {
			t.Fatalf("refresh: %d %s", r.Status, r.Body)
		}
		if len(r.Cookies) == 0 || r.Cookies[0].Value == first {
			t.Fatal("refresh cookie was not rotated")
		}
		tok := r.Map(t)["accessToken"].(string)
		if me := env.Do(apitest.Request{Method: "GET", Path: "/me", Token: tok}); me.Status != 200 {
			t.Fatalf("new access token: %d", me.Status)
		}
	})
	t.Run("ReuseRevokesFamily", func(t *testing.T) {
		env.Clock.Advance(account.RefreshRaceGrace + time.Second)
		old := apitest.NewJar()
		setCookie(t, env, old, first)
		if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/refresh", Jar: old}); r.Status != http.StatusUnauthorized {
			t.Fatalf("reused token: %d", r.Status)
		}
		// The legitimate holder's current token is now revoked too.
		if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/refresh", Jar: jar}); r.Status != http.StatusUnauthorized {
			t.Fatalf("family not revoked: %d", r.Status)
		}
	})
	t.Run("ErrNoCookie", func(t *testing.T) {
		if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/refresh"}); r.Status != http.StatusUnauthorized {
			t.Fatalf("got %d", r.Status)
		}
	})
	t.Run("ErrGarbageCookie", func(t *testing.T) {
		j := apitest.NewJar()
		setCookie(t, env, j, "nonsense.value")
		if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/refresh", Jar: j}); r.Status != http.StatusUnauthorized {
			t.Fatalf("got %d", r.Status)
		}
	})
}

func TestLogout(t *testing.T) {
	env := apitest.New(t)
	jar := apitest.NewJar()
	env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Jar: jar, Body: map[string]string{"email": apitest.Citizen, "password": apitest.Password}})
	r := env.Do(apitest.Request{Method: "POST", Path: "/auth/logout", Jar: jar})
	if r.Status != http.StatusNoContent {
		t.Fatalf("logout: %d", r.Status)
	}
	if c := cookie(r, "ideenwerk_session"); c == nil || c.MaxAge >= 0 {
		t.Fatalf("logout left the session hint: %+v", c)
	}
	if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/refresh", Jar: jar}); r.Status != http.StatusUnauthorized {
		t.Fatalf("refresh after logout: %d", r.Status)
	}
	// A hint whose refresh cookie is gone (expired, removed) is cleared by the refused refresh.
	r = env.Do(apitest.Request{Method: "POST", Path: "/auth/refresh", Header: http.Header{"Cookie": {"ideenwerk_session=1"}}})
	if c := cookie(r, "ideenwerk_session"); r.Status != http.StatusUnauthorized || c == nil || c.MaxAge >= 0 {
		t.Fatalf("stale hint: %d %+v", r.Status, c)
	}

	t.Run("Everywhere", func(t *testing.T) {
		a, b := apitest.NewJar(), apitest.NewJar()
		for _, j := range []http.CookieJar{a, b} {
			env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Jar: j, Body: map[string]string{"email": apitest.Citizen, "password": apitest.Password}})
		}
		if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/logout", Jar: a, Body: map[string]bool{"everywhere": true}}); r.Status != 204 {
			t.Fatalf("logout everywhere: %d %s", r.Status, r.Body)
		}
		if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/refresh", Jar: b}); r.Status != http.StatusUnauthorized {
			t.Fatalf("other session survived: %d", r.Status)
		}
	})
}

func TestTokenTampering(t *testing.T) {
	env := apitest.New(t)
	good := env.Login(apitest.Employee)
	me := func(tok string) int { return env.Do(apitest.Request{Method: "GET", Path: "/me", Token: tok}).Status }
	if me(good) != 200 {
		t.Fatal("good token refused")
	}
	parts := strings.Split(good, ".")
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(good, claims); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func() string{
		"AlgNone": func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodNone, claims)
			s, _ := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
			return s
		},
		"WrongKey": func() string {
			other := apitest.New(t)
			return other.Login(apitest.Employee)
		},
		"HS256WithPublicKeyBytes": func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
			tok.Header["kid"] = env.Signer.KeyID()
			s, _ := tok.SignedString([]byte("secret"))
			return s
		},
		"ChangedPayload": func() string {
			c := jwt.MapClaims{}
			for k, v := range claims {
				c[k] = v
			}
			c["roles"] = []string{"admin"}
			forged := jwt.NewWithClaims(jwt.SigningMethodNone, c)
			s, _ := forged.SignedString(jwt.UnsafeAllowNoneSignatureType)
			p := strings.Split(s, ".")
			return parts[0] + "." + p[1] + "." + parts[2]
		},
		"Expired": nil, // checked with the clock moved
		"WrongAudience": func() string {
			c := jwt.MapClaims{}
			for k, v := range claims {
				c[k] = v
			}
			c["aud"] = "another-api"
			return signLike(t, env, c)
		},
		"Garbage": func() string { return "abc.def.ghi" },
	}
	for name, mk := range cases {
		t.Run(name, func(t *testing.T) {
			if name == "Expired" {
				env.Clock.Advance(16 * time.Minute)
				defer env.Clock.Advance(-16 * time.Minute)
				if s := me(good); s != http.StatusUnauthorized {
					t.Fatalf("expired token: %d", s)
				}
				return
			}
			if s := me(mk()); s != http.StatusUnauthorized {
				t.Fatalf("tampered token accepted: %d", s)
			}
		})
	}
}

// setCookie puts a refresh cookie into a jar as the server would have set it.
func setCookie(t *testing.T, env *apitest.Env, jar http.CookieJar, value string) {
	t.Helper()
	u, err := url.Parse(env.HTTP.URL + "/api/v1/auth/")
	if err != nil {
		t.Fatal(err)
	}
	jar.SetCookies(u, []*http.Cookie{{Name: "ideenwerk_refresh", Value: value, Path: "/api/v1/auth"}})
}

// signLike signs claims with the environment's own key and kid.
func signLike(t *testing.T, env *apitest.Env, c jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c)
	tok.Header["kid"] = env.Signer.KeyID()
	s, err := tok.SignedString(env.Key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Ten refreshes racing with the same cookie (tabs of one browser): exactly one gets a new
// session, and the race is not mistaken for theft: the winner's session lives on.
func TestRefreshRace(t *testing.T) {
	env := apitest.New(t)
	r := env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": apitest.Employee, "password": apitest.Password}})
	token := r.Cookies[0].Value
	var wg sync.WaitGroup
	var ok, cleared, noRetry atomic.Int32
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			j := apitest.NewJar()
			setCookie(t, env, j, token)
			r := env.Do(apitest.Request{Method: "POST", Path: "/auth/refresh", Jar: j})
			if r.Status == 200 {
				ok.Add(1)
				return
			}
			// The losers' answers must not clear the cookie: in a browser the tabs share it,
			// and the winner's answer has just set the new one.
			for _, c := range r.Cookies {
				if c.Name == "ideenwerk_refresh" {
					cleared.Add(1)
				}
			}
			if r.Header.Get("Retry-After") != "0" {
				noRetry.Add(1)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 1 || cleared.Load() != 0 || noRetry.Load() != 0 {
		t.Fatalf("%d refreshes with one token succeeded; of the others %d cleared the cookie, %d did not ask for a retry",
			ok.Load(), cleared.Load(), noRetry.Load())
	}
	fam, _, _ := strings.Cut(token, ".")
	f, err := env.DB.FindFamilyByID(env.Ctx, fam)
	if err != nil || f.Revoked() {
		t.Fatalf("session revoked by a benign race: %v %+v", err, f)
	}
}
