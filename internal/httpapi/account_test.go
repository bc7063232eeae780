package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// tokenFrom extracts the token query parameter of a link from a mail.
func tokenFrom(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	tok := u.Query().Get("token")
	if tok == "" {
		t.Fatalf("no token in %s", link)
	}
	return tok
}

func TestRegisterAndVerify(t *testing.T) {
	env := apitest.New(t)
	body := map[string]string{"email": "Neu.Buerger@Example.org", "password": "Sonnenblume-Prinzipal-7", "displayName": "Nina Neu", "locale": "de"}
	r := env.Do(apitest.Request{Method: "POST", Path: "/auth/register", Body: body})
	if r.Status != http.StatusAccepted {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}
	login := func() *apitest.Response {
		return env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": "neu.buerger@example.org", "password": body["password"]}})
	}
	m := env.Mail.WaitFor(t, "neu.buerger@example.org", "E-Mail-Adresse", 10*time.Second)
	// Signing in before confirming says so, and sends a new link: the first may be lost.
	mustReason(t, login(), http.StatusForbidden, domain.REmailUnverified, "unverified login")
	deadline := time.Now().Add(10 * time.Second)
	for links := 0; links < 2; {
		links = 0
		for _, x := range env.Mail.Messages() {
			if strings.Contains(x.Subject, "E-Mail-Adresse") && strings.Contains(x.Text, "/verify?token=") {
				links++
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d verification mails, want a second one after the unverified login", links)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if m.HTML == "" || !strings.Contains(m.Text, "Nina Neu") {
		t.Fatalf("mail lacks parts or greeting: %+v", m)
	}
	link := m.Link(t, "/verify?token=")
	if !strings.HasPrefix(link, env.HTTP.URL) {
		t.Fatalf("link %s does not point at the base URL", link)
	}
	if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/verify", Body: map[string]string{"token": tokenFrom(t, link)}}); r.Status != http.StatusNoContent {
		t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	r = login()
	if r.Status != http.StatusOK {
		t.Fatalf("login after verify: %d %s", r.Status, r.Body)
	}
	u := r.Map(t)["user"].(map[string]any)
	if roles := u["roles"].([]any); len(roles) != 1 || roles[0] != "citizen" {
		t.Fatalf("new account roles %v", roles)
	}

	t.Run("ErrTokenUsedTwice", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "POST", Path: "/auth/verify", Body: map[string]string{"token": tokenFrom(t, link)}})
		if r.Status != http.StatusNotFound {
			t.Fatalf("second use: %d", r.Status)
		}
	})
	t.Run("DuplicateAddressSameAnswer", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "POST", Path: "/auth/register", Body: body})
		if r.Status != http.StatusAccepted {
			t.Fatalf("duplicate register: %d %s", r.Status, r.Body)
		}
		env.Mail.WaitFor(t, "neu.buerger@example.org", "Ihr Ideenwerk-Konto", 10*time.Second)
	})
	t.Run("ErrCommonPassword", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "POST", Path: "/auth/register", Body: map[string]string{"email": "x@example.org", "password": "passwort123", "displayName": "X Y"}})
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), `"field":"password"`) {
			t.Fatalf("common password: %d %s", r.Status, r.Body)
		}
		mustReason(t, r, http.StatusBadRequest, domain.RPasswordCommon, "common password")
	})
	t.Run("ErrShortPassword", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "POST", Path: "/auth/register", Body: map[string]string{"email": "x@example.org", "password": "kurz", "displayName": "X Y"}})
		if p := mustReason(t, r, http.StatusBadRequest, domain.RPasswordShort, "short password"); p["min"] == "" {
			t.Fatalf("short password: no min: %s", r.Body)
		}
	})
	t.Run("ErrBadEmail", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "POST", Path: "/auth/register", Body: map[string]string{"email": "kein-at-zeichen", "password": "Sonnenblume-Prinzipal-7", "displayName": "X Y"}})
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), `"field":"email"`) {
			t.Fatalf("bad email: %d %s", r.Status, r.Body)
		}
	})
}

func TestPasswordReset(t *testing.T) {
	env := apitest.New(t)
	jar := apitest.NewJar()
	env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Jar: jar, Body: map[string]string{"email": apitest.Employee, "password": apitest.Password}})

	t.Run("UnknownAddressSameAnswer", func(t *testing.T) {
		a := env.Do(apitest.Request{Method: "POST", Path: "/auth/password/forgot", Body: map[string]string{"email": "niemand@example.org"}})
		b := env.Do(apitest.Request{Method: "POST", Path: "/auth/password/forgot", Body: map[string]string{"email": apitest.Employee}})
		if a.Status != http.StatusAccepted || b.Status != http.StatusAccepted || string(a.Map(t)["message"].(string)) != b.Map(t)["message"].(string) {
			t.Fatalf("answers differ: %d %s / %d %s", a.Status, a.Body, b.Status, b.Body)
		}
	})
	m := env.Mail.WaitFor(t, apitest.Employee, "Passwort", 10*time.Second)
	token := tokenFrom(t, m.Link(t, "/reset-password?token="))
	newPW := "Herbstlaub-Rathaus-42"
	// A password the policy refuses leaves the link usable for a better one.
	for _, weak := range []string{"password1234", "kurz"} {
		r := env.Do(apitest.Request{Method: "POST", Path: "/auth/password/reset", Body: map[string]string{"token": token, "password": weak}})
		if r.Status != http.StatusBadRequest {
			t.Fatalf("weak password %q: %d %s", weak, r.Status, r.Body)
		}
	}
	if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/password/reset", Body: map[string]string{"token": token, "password": newPW}}); r.Status != http.StatusNoContent {
		t.Fatalf("reset: %d %s", r.Status, r.Body)
	}
	if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": apitest.Employee, "password": apitest.Password}}); r.Status != http.StatusUnauthorized {
		t.Fatalf("old password still works: %d", r.Status)
	}
	if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": apitest.Employee, "password": newPW}}); r.Status != http.StatusOK {
		t.Fatalf("new password: %d %s", r.Status, r.Body)
	}
	// A reset ends every session.
	if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/refresh", Jar: jar}); r.Status != http.StatusUnauthorized {
		t.Fatalf("old session survived the reset: %d", r.Status)
	}
	// …but once used, it is gone.
	if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/password/reset", Body: map[string]string{"token": token, "password": "Noch-ein-Passwort-77"}}); r.Status != http.StatusNotFound {
		t.Fatalf("used token: %d %s", r.Status, r.Body)
	}
	t.Run("ErrExpiredToken", func(t *testing.T) {
		env.Do(apitest.Request{Method: "POST", Path: "/auth/password/forgot", Body: map[string]string{"email": apitest.Citizen}})
		m := env.Mail.WaitFor(t, apitest.Citizen, "Passwort", 10*time.Second)
		env.Clock.Advance(2 * time.Hour)
		r := env.Do(apitest.Request{Method: "POST", Path: "/auth/password/reset", Body: map[string]string{"token": tokenFrom(t, m.Link(t, "token=")), "password": newPW}})
		if r.Status != http.StatusNotFound {
			t.Fatalf("expired token: %d %s", r.Status, r.Body)
		}
	})
}

func TestMe(t *testing.T) {
	env := apitest.New(t)
	tok := env.Login(apitest.Employee)
	r := env.Do(apitest.Request{Method: "GET", Path: "/me", Token: tok})
	if r.Status != 200 || r.Header.Get("ETag") == "" {
		t.Fatalf("get me: %d etag %q", r.Status, r.Header.Get("ETag"))
	}
	tag := r.Header.Get("ETag")
	t.Run("PatchOK", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "PATCH", Path: "/me", Token: tok, Header: http.Header{"If-Match": {tag}},
			Body: map[string]string{"displayName": "Erik M.", "locale": "en"}})
		if r.Status != 200 || r.Map(t)["locale"] != "en" || r.Header.Get("ETag") == tag {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "PATCH", Path: "/me", Token: tok, Header: http.Header{"If-Match": {tag}},
			Body: map[string]string{"displayName": "Stale"}})
		if r.Status != http.StatusPreconditionFailed {
			t.Fatalf("stale patch: %d %s", r.Status, r.Body)
		}
		if me := env.Do(apitest.Request{Method: "GET", Path: "/me", Token: tok}); me.Map(t)["displayName"] != "Erik M." {
			t.Fatalf("stale write changed the profile: %s", me.Body)
		}
	})
	t.Run("ErrRolesNotWritable", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "PATCH", Path: "/me", Token: tok, Body: map[string]any{"roles": []string{"admin"}}})
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), `"field":"roles"`) {
			t.Fatalf("roles in body: %d %s", r.Status, r.Body)
		}
	})
	t.Run("ErrAnonymous", func(t *testing.T) {
		if r := env.Do(apitest.Request{Method: "GET", Path: "/me"}); r.Status != http.StatusUnauthorized {
			t.Fatalf("anonymous: %d", r.Status)
		}
	})
	t.Run("ChangePassword", func(t *testing.T) {
		ctok := env.Login(apitest.Citizen)
		bad := env.Do(apitest.Request{Method: "POST", Path: "/me/password", Token: ctok, Body: map[string]string{"currentPassword": "falsch-falsch", "newPassword": "Neues-Passwort-2027"}})
		if bad.Status != http.StatusBadRequest {
			t.Fatalf("wrong current password: %d", bad.Status)
		}
		ok := env.Do(apitest.Request{Method: "POST", Path: "/me/password", Token: ctok, Body: map[string]string{"currentPassword": apitest.Password, "newPassword": "Neues-Passwort-2027"}})
		if ok.Status != http.StatusNoContent {
			t.Fatalf("change password: %d %s", ok.Status, ok.Body)
		}
	})
}

// TestAdminResendsVerification: an admin sends an unconfirmed account a new link, which
// confirms it; a confirmed account gets none.
func TestAdminResendsVerification(t *testing.T) {
	env := apitest.New(t)
	admin, cdo := env.Login(apitest.Admin), env.Login(apitest.CDO)
	body := map[string]string{"email": "verloren@example.org", "password": "Sonnenblume-Prinzipal-7", "displayName": "Vera Verloren"}
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/auth/register", Body: body}), http.StatusAccepted, "register")
	env.Mail.WaitFor(t, "verloren@example.org", "E-Mail-Adresse", 10*time.Second)
	// The admin finds unconfirmed accounts by their state.
	users := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/users?status=unverified", Token: admin}), 200, "find")
	if items := users["items"].([]any); len(items) != 1 || items[0].(map[string]any)["displayName"] != "Vera Verloren" {
		t.Fatalf("unverified users %v", items)
	}
	id := users["items"].([]any)[0].(map[string]any)["id"].(string)
	mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/users?status=gesperrt", Token: admin}), 400, "unknown status")

	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/users/" + id + "/verification", Token: cdo}), 403, "cdo resends")
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/users/" + id + "/verification", Token: admin}), 202, "resend")
	var links []string
	deadline := time.Now().Add(10 * time.Second)
	for len(links) < 2 && time.Now().Before(deadline) {
		links = links[:0]
		for _, m := range env.Mail.Messages() {
			if len(m.To) > 0 && m.To[0] == "verloren@example.org" && strings.Contains(m.Text, "/verify?token=") {
				links = append(links, m.Link(t, "/verify?token="))
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(links) != 2 || links[0] == links[1] {
		t.Fatalf("links %v, want a second, new one", links)
	}
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/auth/verify", Body: map[string]string{"token": tokenFrom(t, links[1])}}), 204, "verify with the new link")
	mustReason(t, env.Do(apitest.Request{Method: "POST", Path: "/users/" + id + "/verification", Token: admin}), 409, domain.RNotUnverified, "resend to a confirmed account")
	if left := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/users?status=unverified", Token: admin}), 200, "find"); left["total"].(float64) != 0 {
		t.Fatalf("still unverified: %v", left)
	}
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/users/nobody/verification", Token: admin}), 404, "unknown user")
}
