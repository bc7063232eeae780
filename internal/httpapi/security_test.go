package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/httpapi"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
)

// protectedFields are properties no client may write: who someone is (role, author,
// tenant), where an idea stands (stage, score) and what is counted or versioned. They
// change only through their own function (transitions, reviews, supports, the admin's
// role assignment) — OWASP API3:2023, broken object property level authorisation.
var protectedFields = []string{"role", "roles", "authorId", "author", "tenantId", "stage", "score", "supportCount",
	"followerCount", "commentCount", "attachmentCount", "reportCount", "version", "createdAt", "id", "screeningPassed", "decisions"}

// propertyExceptions are the protected fields a route takes on purpose.
var propertyExceptions = map[string][]string{
	"PATCH /api/v1/users/:id": {"roles"}, // the admin assigns roles (function-level: admin only)
}

// bodylessWrites are write routes that read no body at all (nothing to inject); uploads
// are multipart with one file field.
var bodylessWrites = map[string]bool{
	"PUT /api/v1/ideas/:id/support": true, "DELETE /api/v1/ideas/:id/support": true,
	"PUT /api/v1/ideas/:id/follow": true, "DELETE /api/v1/ideas/:id/follow": true,
	"DELETE /api/v1/ideas/:id": true, "DELETE /api/v1/comments/:id": true, "DELETE /api/v1/comments/:id/reports": true, "DELETE /api/v1/attachments/:id": true,
	"POST /api/v1/auth/refresh": true, "POST /api/v1/notifications/unsubscribe/one-click": true, "POST /api/v1/admin/outbox/retry-failed": true, "POST /api/v1/admin/outbox/:id/retry": true,
	"POST /api/v1/ideas/:id/attachments":  true,
	"POST /api/v1/users/:id/verification": true, "POST /api/v1/webhooks/:id/rotate-secret": true, "POST /api/v1/webhooks/:id/test": true, "DELETE /api/v1/webhooks/:id": true,
}

// TestNoWritableProtectedFields sends every protected field to every write route that
// takes a JSON body and expects 400 naming the field: strict binding refuses unknown
// properties, so no role, author, stage or counter can be smuggled into any request.
// A new write route must either refuse them too or be listed as bodyless.
func TestNoWritableProtectedFields(t *testing.T) {
	w := newAZWorld(t)
	env := w.env
	idea := w.evaluation(apitest.Reviewer)
	ids := map[string]string{
		"/ideas/:id": idea, "/comments/:id": w.comment(apitest.Employee, idea),
		"/campaigns/:id":     w.must(w.call(apitest.CDO, "POST", "/campaigns", map[string]any{"title": "Aufruf Eigenschaften", "question": "?", "audience": "internal"}), 201, "campaign")["id"].(string),
		"/criteria-sets/:id": w.must(w.call(apitest.CDO, "GET", "/criteria-sets", nil), 200, "criteria")["items"].([]any)[0].(map[string]any)["id"].(string),
		"/departments/:id":   env.Demo.Departments["32"], "/users/:id": env.UserID(apitest.Citizen),
		"/webhooks/:id": w.must(w.call(apitest.Admin, "POST", "/webhooks", map[string]any{"url": "https://tickets.example/hook", "events": []string{"idea.submitted"}}), 201, "webhook")["id"].(string),
	}
	// Who gets past the route's role check to the binding; anonymous for the sign-in routes.
	callers := []string{apitest.CDO, apitest.Admin, apitest.Reviewer, apitest.Employee, ""}
	tested := 0
	for _, ri := range env.API.Routes() {
		route := ri.Method + " " + ri.Path
		if ri.Method == "GET" || ri.Method == "HEAD" || bodylessWrites[route] {
			continue
		}
		path := strings.TrimPrefix(ri.Path, "/api/v1")
		for param, id := range ids {
			if base, ok := strings.CutSuffix(param, "/:id"); ok && strings.HasPrefix(path, base+"/:id") {
				path = strings.Replace(path, ":id", id, 1)
			}
		}
		if strings.Contains(path, ":") {
			t.Errorf("%s: no fixture for its path parameter", route)
			continue
		}
		tested++
		for _, field := range protectedFields {
			if slicesContains(propertyExceptions[route], field) {
				continue
			}
			var got []string
			ok := false
			for _, who := range callers {
				r := env.Do(apitest.Request{Method: ri.Method, Path: path, Token: w.tok[who], Body: map[string]any{field: "x"},
					Header: http.Header{"If-Match": {`"v1"`}}})
				if r.Status == http.StatusBadRequest && strings.Contains(string(r.Body), `"field":"`+field+`"`) {
					ok = true
					break
				}
				got = append(got, azName(who)+": "+http.StatusText(r.Status)+" "+string(r.Body))
			}
			if !ok {
				t.Errorf("%s accepted or ignored %q: %.600s", route, field, strings.Join(got, " | "))
			}
		}
	}
	if tested < 30 {
		t.Fatalf("only %d write routes with a body found", tested)
	}
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// failingStore breaks the store the way a driver bug or a corrupt document would: the
// error text carries what must never reach a client (a connection string with a password).
type failingStore struct {
	*mongo.DB
	panic bool
}

const internalDetail = "mongodb://ideenwerk:Geheim-DB-Passwort@db.intern:27017 E11000 collection users"

func (s *failingStore) FindDepartments(ctx context.Context) ([]*domain.Department, error) {
	if s.panic {
		panic(internalDetail)
	}
	return nil, errors.New(internalDetail)
}

func (s *failingStore) FindUserByEmail(ctx context.Context, email string) (*domain.User, error) {
	return nil, errors.New(internalDetail)
}

// TestInternalErrorsShowNoDetails forces internal errors and panics: the client gets 500
// with the generic envelope and the request ID, never the error's text; the log has the
// error under the same request ID.
func TestInternalErrorsShowNoDetails(t *testing.T) {
	for _, panics := range []bool{false, true} {
		name := "Error"
		if panics {
			name = "Panic"
		}
		t.Run(name, func(t *testing.T) {
			env := apitest.New(t, apitest.Options{Deps: func(d *httpapi.Deps) {
				fs := &failingStore{DB: d.Store.(*mongo.DB), panic: panics}
				d.Store, d.Accounts.Store = fs, fs
			}})
			for _, req := range []apitest.Request{
				{Method: "GET", Path: "/departments"},
				{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": apitest.Citizen, "password": apitest.Password}},
			} {
				if panics && req.Method == "POST" {
					continue
				}
				r := env.Do(req)
				if r.Status != http.StatusInternalServerError || r.ErrorCode() != "internal" {
					t.Fatalf("%s %s: %d %s", req.Method, req.Path, r.Status, r.Body)
				}
				body := string(r.Body)
				for _, leak := range []string{"mongodb", "Geheim", "E11000", "collection", "panic", "goroutine", ".go:"} {
					if strings.Contains(body, leak) {
						t.Fatalf("500 body shows %q: %s", leak, body)
					}
				}
				rid := r.Map(t)["error"].(map[string]any)["requestId"].(string)
				if rid == "" || r.Header.Get("X-Request-ID") != rid {
					t.Fatalf("no request ID to find the log entry: %s", body)
				}
				if logs := env.LogText(); !strings.Contains(logs, rid) || !strings.Contains(logs, "E11000") {
					t.Fatalf("the log lacks the error under request %s", rid)
				}
			}
		})
	}
}

// TestLogsCarryNoSecretsInAuthFlows extends TestLogsCarryNoSecrets (input_test.go) to
// registration, verification, password reset, single sign-on and a 500: the captured
// logs hold no password, token, cookie or e-mail address of any of them.
func TestLogsCarryNoSecretsInAuthFlows(t *testing.T) {
	e := newSSOEnv(t, nil)
	env := e.Env
	secrets := []string{apitest.Password}

	// Registration and verification.
	email, pw := "geheim.neu@example.org", "Sonnenblume-Prinzipal-7"
	env.Do(apitest.Request{Method: "POST", Path: "/auth/register", Body: map[string]string{"email": email, "password": pw, "displayName": "Gerda Geheim"}})
	verify := tokenFrom(t, env.Mail.WaitFor(t, email, "E-Mail-Adresse", 10*time.Second).Link(t, "/verify?token="))
	if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/verify", Body: map[string]string{"token": verify}}); r.Status != http.StatusNoContent {
		t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	// A wrong verification token and a registration of a taken address.
	env.Do(apitest.Request{Method: "POST", Path: "/auth/verify", Body: map[string]string{"token": verify + "x"}})
	env.Do(apitest.Request{Method: "POST", Path: "/auth/register", Body: map[string]string{"email": apitest.Citizen, "password": "Doppelt-Registriert-99", "displayName": "Noch Einmal"}})
	secrets = append(secrets, email, pw, verify, "Doppelt-Registriert-99")

	// Login with the refresh cookie, refresh, password reset, login with the new password.
	jar := apitest.NewJar()
	login := env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Jar: jar, Body: map[string]string{"email": email, "password": pw}})
	access := login.Map(t)["accessToken"].(string)
	refresh := cookieValue(t, env, jar)
	env.Do(apitest.Request{Method: "POST", Path: "/auth/refresh", Jar: jar})
	env.Do(apitest.Request{Method: "POST", Path: "/auth/password/forgot", Body: map[string]string{"email": email}})
	reset := tokenFrom(t, env.Mail.WaitFor(t, email, "Passwort", 10*time.Second).Link(t, "/reset-password?token="))
	newPW := "Herbstlaub-Rathaus-42"
	if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/password/reset", Body: map[string]string{"token": reset, "password": newPW}}); r.Status != http.StatusNoContent {
		t.Fatalf("reset: %d %s", r.Status, r.Body)
	}
	env.Do(apitest.Request{Method: "POST", Path: "/auth/password/reset", Body: map[string]string{"token": reset, "password": "Noch-Ein-Passwort-77"}})
	env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": email, "password": newPW}})
	env.Do(apitest.Request{Method: "GET", Path: "/me", Token: access})
	secrets = append(secrets, access, refresh, reset, newPW, "Noch-Ein-Passwort-77")

	// Single sign-on: the first login of a staff member, then a refused one.
	maria := &staff{sub: "s-geheim", email: "Marlene.Geheim@stadt.example", name: "Marlene Geheim", verified: true, groups: []string{"amt-32"}}
	s := e.mustSignIn(t, maria)
	unverified := &staff{sub: "s-offen", email: "Otto.Offen@stadt.example", name: "Otto Offen", verified: false}
	e.login(t, unverified)
	secrets = append(secrets, s.AccessToken, strings.ToLower(maria.email), maria.email, strings.ToLower(unverified.email), unverified.email)

	// A 500 on a request carrying a token and a password.
	badTok := env.Login(apitest.Citizen)
	bad := apitest.New(t, apitest.Options{Deps: func(d *httpapi.Deps) {
		fs := &failingStore{DB: d.Store.(*mongo.DB)}
		d.Store, d.Accounts.Store = fs, fs
	}})
	if r := bad.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": apitest.Employee, "password": "Fehler-Passwort-55"}}); r.Status != http.StatusInternalServerError {
		t.Fatalf("forced 500: %d %s", r.Status, r.Body)
	}
	bad.Do(apitest.Request{Method: "GET", Path: "/departments", Header: http.Header{"Authorization": {"Bearer " + badTok}}})

	logs := env.LogText() + bad.LogText()
	if !strings.Contains(logs, `"route":"/api/v1/auth/password/reset"`) || !strings.Contains(logs, `"route":"/api/v1/auth/oidc/callback"`) || !strings.Contains(bad.LogText(), "internal error") {
		t.Fatalf("the flows were not logged: %.800s", logs)
	}
	for _, secret := range append(secrets, "Fehler-Passwort-55", badTok, apitest.Employee, apitest.Citizen, "ideenwerk_refresh=") {
		if secret != "" && strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
	// The one-time codes of the provider round trip (code, state) neither.
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, "code=") || strings.Contains(line, "state=") {
			t.Errorf("a log line carries the callback's query: %s", line)
		}
	}
}

// cookieValue returns the refresh cookie the jar holds for the API.
func cookieValue(t *testing.T, env *apitest.Env, jar http.CookieJar) string {
	t.Helper()
	u, _ := url.Parse(env.HTTP.URL + "/api/v1/auth/refresh")
	for _, c := range jar.Cookies(u) {
		if c.Value != "" {
			return c.Value
		}
	}
	t.Fatal("no refresh cookie")
	return ""
}
