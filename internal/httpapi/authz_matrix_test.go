package httpapi_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/httpapi"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/notify"
)

// The columns of the authorisation matrix, in the order of every row's want.
const (
	azAnon = iota
	azCitizen
	azEmployee
	azReviewer
	azCDO
	azAdmin
)

var azRoles = [6]string{"", apitest.Citizen, apitest.Employee, apitest.Reviewer, apitest.CDO, apitest.Admin}

func azName(who string) string {
	if who == "" {
		return "anonymous"
	}
	return strings.TrimSuffix(who, "@ideenwerk.example")
}

// azWorld builds the matrix's fixtures through the API, as the users themselves would.
type azWorld struct {
	t   *testing.T
	env *apitest.Env
	tok map[string]string
	seq atomic.Int64
	now time.Time
}

func newAZWorld(t *testing.T) *azWorld {
	env := apitest.New(t, apitest.Options{Deps: func(d *httpapi.Deps) {
		// The notification routes need the service (without its background loop).
		db := d.Store.(*mongo.DB)
		d.Notify = &notify.Service{Store: db, Ideas: db, Followers: db, Scanner: db, Reviews: db,
			Tokens: notify.NewTokens([]byte("matrix")), BaseURL: d.BaseURL, Logger: d.Logger, Now: d.Now}
	}})
	w := &azWorld{t: t, env: env, tok: map[string]string{"": ""}, now: env.Clock.Now()}
	for _, who := range azRoles[1:] {
		w.tok[who] = env.Login(who)
	}
	w.tok[apitest.Reviewer2] = env.Login(apitest.Reviewer2)
	return w
}

func (w *azWorld) next() int64 { return w.seq.Add(1) }

// call sends a request as who; header is key, value pairs.
func (w *azWorld) call(who, method, path string, body any, header ...string) *apitest.Response {
	w.t.Helper()
	r := apitest.Request{Method: method, Path: path, Body: body, Token: w.tok[who]}
	if len(header) > 0 {
		r.Header = http.Header{}
		for k := 0; k+1 < len(header); k += 2 {
			r.Header.Set(header[k], header[k+1])
		}
	}
	return w.env.Do(r)
}

// must fails the test unless r has status want, and returns the decoded body.
func (w *azWorld) must(r *apitest.Response, want int, what string) map[string]any {
	w.t.Helper()
	if r.Status != want {
		w.t.Fatalf("fixture %s: got %d, want %d: %s", what, r.Status, want, r.Body)
	}
	if len(r.Body) == 0 || r.Body[0] != '{' {
		return nil
	}
	return r.Map(w.t)
}

// idea creates an idea as owner (a draft unless submit) and returns its ID.
func (w *azWorld) idea(owner string, visibility string, submit bool) string {
	w.t.Helper()
	body := map[string]any{"title": fmt.Sprintf("Matrix-Idee Nummer %d", w.next()), "summary": "Eine Idee für die Berechtigungsmatrix",
		"description": "Beschreibung mit genug Inhalt.", "submit": submit}
	if visibility != "" && owner != apitest.Citizen {
		body["visibility"] = visibility
	}
	return w.must(w.call(owner, "POST", "/ideas", body), 201, "create idea")["id"].(string)
}

// advance moves an idea through the given stages as the cdo, assigning reviewers (only
// reviewers listed) before evaluation.
func (w *azWorld) advance(id string, reviewers []string, stages ...string) {
	w.t.Helper()
	for _, to := range stages {
		body := map[string]any{"to": to}
		switch to {
		case "evaluation":
			rs := []map[string]any{}
			for _, r := range reviewers {
				rs = append(rs, map[string]any{"reviewerId": w.env.UserID(r), "dueAt": day(w.now.AddDate(0, 0, 14))})
			}
			w.must(w.call(apitest.CDO, "PUT", "/ideas/"+id+"/reviewers", map[string]any{"reviewers": rs}), 200, "assign reviewers")
		case "decision":
			body["override"], body["reason"] = true, "Matrix: ohne Gutachten weiter"
		case "pilot":
			body["pilotPlan"] = w.pilotPlan()
			body["checklist"] = []map[string]any{{"key": "dpia", "answer": "yes"}, {"key": "it_security", "answer": "yes"},
				{"key": "staff_council", "answer": "yes"}, {"key": "budget_line", "answer": "yes"}, {"key": "legal_basis", "answer": "yes"}}
		case "rollout":
			body["departments"] = []string{w.env.Demo.Departments["32"]}
			body["results"] = map[string]any{"lessonsLearned": "Früh die Kasse einbinden.", "outcomes": []map[string]any{{"kpiKey": "online", "value": 70}}}
		}
		w.must(w.call(apitest.CDO, "POST", "/ideas/"+id+"/transitions", body), 201, "transition to "+to)
	}
}

func (w *azWorld) pilotPlan() map[string]any {
	return map[string]any{"ownerId": w.env.UserID(apitest.Employee), "departmentId": w.env.Demo.Departments["32"],
		"startDate": day(w.now.AddDate(0, 0, -7)), "endDate": day(w.now.AddDate(0, 3, 0)), "budgetEur": 5000,
		"kpis": []map[string]any{{"key": "online", "name": "Online-Anteil", "unit": "%", "baseline": 0, "target": 60, "direction": "increase"}}}
}

// evaluation returns a public idea of the employee in evaluation, reviewed by reviewers.
func (w *azWorld) evaluation(reviewers ...string) string {
	id := w.idea(apitest.Employee, "public", true)
	w.advance(id, reviewers, "screening", "evaluation")
	return id
}

func (w *azWorld) comment(owner, ideaID string) string {
	return w.must(w.call(owner, "POST", "/ideas/"+ideaID+"/comments", map[string]any{"body": "Ein Beitrag"}), 201, "comment")["id"].(string)
}

func (w *azWorld) attachment(owner, ideaID string) string {
	body, ctype := multipartBody(w.t, "file", "plan.pdf", samplePDF(), nil)
	r := w.env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + ideaID + "/attachments", RawBody: body,
		Header: http.Header{"Content-Type": {ctype}}, Token: w.tok[owner]})
	return w.must(r, 201, "upload")["id"].(string)
}

// etag reads an idea's ETag as its owner (drafts are visible to their author only).
func (w *azWorld) etag(who, id string) string {
	return w.call(who, "GET", "/ideas/"+id, nil).Header.Get("ETag")
}

// azRow is one line of the matrix: a route, the resource it is tried on, and the status
// each of the six callers must get. req builds a fresh request (and fixture) for a caller.
type azRow struct {
	route   string // method and gin path
	variant string // "own": each caller's own resource; "other": someone else's; "": not owned
	want    [6]int
	req     func(who string) apitest.Request
}

// owner returns whose resource a cell of a row uses: the caller's own for "own" rows
// (the employee's for anonymous callers, who own nothing), otherwise the employee's, or
// the citizen's when the employee is the caller.
func azOwner(variant, who string) string {
	switch {
	case variant == "own" && who != "":
		return who
	case variant == "other" && who == apitest.Employee:
		return apitest.Citizen
	}
	return apitest.Employee
}

// TestAuthorizationMatrix is the authorisation matrix of the whole API: every route of the
// router × anonymous, citizen, employee, reviewer, cdo and admin, on the caller's own and
// on someone else's resource where ownership matters. A route without a row fails the test,
// so no route can be added without deciding who may call it.
func TestAuthorizationMatrix(t *testing.T) {
	w := newAZWorld(t)
	env := w.env
	uid := env.UserID
	get := func(path string) func(string) apitest.Request {
		return func(string) apitest.Request { return apitest.Request{Method: "GET", Path: path} }
	}
	send := func(method, path string, body any) func(string) apitest.Request {
		return func(string) apitest.Request { return apitest.Request{Method: method, Path: path, Body: body} }
	}

	// Shared fixtures for rows that do not change them (or change them idempotently).
	internal := w.idea(apitest.Employee, "internal", true) // submitted, internal, by the employee
	public := w.evaluation(apitest.Reviewer)               // public, screened, the reviewer assigned
	pilot := w.idea(apitest.Employee, "internal", true)
	w.advance(pilot, nil, "screening", "evaluation", "decision", "pilot")
	rollout := w.idea(apitest.Employee, "public", true)
	w.advance(rollout, nil, "screening", "evaluation", "decision", "pilot", "rollout")
	// A file on the public idea in evaluation: only authors (and the cdo) change files, and
	// only while the idea is editable, so the cdo uploads it.
	publicFile := w.attachment(apitest.CDO, public)
	campaign := w.must(w.call(apitest.CDO, "POST", "/campaigns", map[string]any{"title": "Interner Ideenaufruf Matrix",
		"question": "Was nervt?", "audience": "internal", "status": "open"}), 201, "campaign")["id"].(string)
	criteria := w.must(w.call(apitest.CDO, "GET", "/criteria-sets", nil), 200, "criteria")["items"].([]any)[0].(map[string]any)["id"].(string)
	dept := w.must(w.call(apitest.Admin, "POST", "/departments", map[string]any{"code": "98", "name": "Matrixamt"}), 201, "department")["id"].(string)
	checklist := w.must(w.call(apitest.CDO, "GET", "/settings/checklist", nil), 200, "checklist")["items"]
	// Webhooks point at a closed port: the test delivery answers 200 with ok false at once.
	hookBody := map[string]any{"url": "http://127.0.0.1:1/hook", "events": []string{"idea.submitted"}}
	hook := w.must(w.call(apitest.Admin, "POST", "/webhooks", hookBody), 201, "webhook")["id"].(string)
	doomedHook := w.must(w.call(apitest.Admin, "POST", "/webhooks", hookBody), 201, "webhook")["id"].(string)
	criteriaBody := func() map[string]any {
		return map[string]any{"name": fmt.Sprintf("Kriterien %d", w.next()), "criteria": []map[string]any{
			{"key": "nutzen", "label": "Nutzen", "weight": 60}, {"key": "aufwand", "label": "Aufwand", "weight": 40}}}
	}
	profile := func() map[string]any {
		return map[string]any{"format": "ideenwerk.reuse-profile", "version": "1.0", "id": fmt.Sprintf("ext.%d", w.next()),
			"municipality": map[string]any{"name": "Stadt Anderswo"}, "ideaId": fmt.Sprintf("x-%d", w.next()),
			"title": "Digitale Parkausweise", "summary": "Online beantragen", "problem": "Warten", "solution": "Online-Dienst",
			"results": map[string]any{"kpis": []any{}, "lessonsLearned": "Früh anfangen"}, "contact": map[string]any{"organisation": "Amt 10"},
			"publishedAt": "2026-01-01T00:00:00Z"}
	}
	review := map[string]any{"noConflictOfInterest": true, "draft": true, "scores": []map[string]any{{"key": "efficiency", "score": 3}}}

	// Statuses: 401 anonymous where a sign-in is needed, 403 wrong role or not the owner of
	// something the caller can see, 404 what the caller may not see (never leak existence).
	all := func(s int) [6]int { return [6]int{s, s, s, s, s, s} }
	signedIn := func(s int) [6]int { return [6]int{401, s, s, s, s, s} }
	cdoOnly := func(s int) [6]int { return [6]int{401, 403, 403, 403, s, 403} }
	adminOnly := func(s int) [6]int { return [6]int{401, 403, 403, 403, 403, s} }

	rows := []azRow{
		// Operations and the contract.
		{route: "GET /healthz", want: all(200), req: func(string) apitest.Request { return apitest.Request{Method: "GET", Path: "/healthz"} }},
		{route: "GET /readyz", want: all(200), req: func(string) apitest.Request { return apitest.Request{Method: "GET", Path: "/readyz"} }},
		{route: "GET /metrics", want: all(200), req: func(string) apitest.Request { return apitest.Request{Method: "GET", Path: "/metrics"} }},
		{route: "GET /api/docs", want: all(200), req: func(string) apitest.Request { return apitest.Request{Method: "GET", Path: "/api/docs", Root: true} }},
		{route: "GET /api/v1/openapi.yaml", want: all(200), req: get("/openapi.yaml")},
		{route: "GET /api/v1/schemas/:name", want: all(200), req: get("/schemas/reuse-profile.json")},
		{route: "GET /api/v1/schemas/:name", want: all(404), req: get("/schemas/keins.json")},
		{route: "GET /api/v1/tenant", want: all(200), req: get("/tenant")},
		{route: "PATCH /api/v1/tenant", want: adminOnly(200), req: send("PATCH", "/tenant", map[string]any{"name": "Stadt Münster"})},

		// Sign-up and sign-in are open to everyone; a valid token changes nothing.
		{route: "POST /api/v1/auth/register", want: all(202), req: func(string) apitest.Request {
			return apitest.Request{Method: "POST", Path: "/auth/register", Body: map[string]any{"email": fmt.Sprintf("neu%d@buerger.example", w.next()),
				"password": "Ein-sehr-gutes-Passwort-42", "displayName": "Neue Bürgerin"}}
		}},
		{route: "POST /api/v1/auth/verify", want: all(404), req: send("POST", "/auth/verify", map[string]any{"token": "kein-gueltiges-token"})},
		{route: "POST /api/v1/auth/password/forgot", want: all(202), req: send("POST", "/auth/password/forgot", map[string]any{"email": "niemand@ideenwerk.example"})},
		{route: "POST /api/v1/auth/password/reset", want: all(404), req: send("POST", "/auth/password/reset", map[string]any{"token": "kein-gueltiges-token", "password": "Ein-sehr-gutes-Passwort-42"})},
		{route: "POST /api/v1/auth/login", want: all(200), req: send("POST", "/auth/login", map[string]any{"email": apitest.Citizen, "password": apitest.Password})},
		{route: "POST /api/v1/auth/refresh", want: all(401), req: send("POST", "/auth/refresh", nil)},
		{route: "POST /api/v1/auth/logout", want: all(204), req: send("POST", "/auth/logout", nil)},
		// Single sign-on is not configured in this environment.
		{route: "GET /api/v1/auth/oidc/login", want: all(404), req: get("/auth/oidc/login")},
		{route: "GET /api/v1/auth/oidc/callback", want: all(404), req: get("/auth/oidc/callback?state=x&code=y")},
		{route: "GET /api/v1/auth/oidc/logout-url", want: all(404), req: get("/auth/oidc/logout-url")},

		// The caller's own account.
		{route: "GET /api/v1/me", variant: "own", want: signedIn(200), req: get("/me")},
		{route: "PATCH /api/v1/me", variant: "own", want: signedIn(200), req: send("PATCH", "/me", map[string]any{"locale": "de"})},
		{route: "POST /api/v1/me/password", variant: "own", want: signedIn(400), req: send("POST", "/me/password",
			map[string]any{"currentPassword": "nicht-das-passwort", "newPassword": "Ein-sehr-gutes-Passwort-42"})},
		{route: "GET /api/v1/me/export", variant: "own", want: signedIn(200), req: get("/me/export")},
		// Deleting one's account needs the password (refused here, so the demo users stay);
		// administrators cannot delete themselves.
		{route: "DELETE /api/v1/me", variant: "own", want: [6]int{401, 400, 400, 400, 400, 409}, req: send("DELETE", "/me", map[string]any{"password": "nicht-das-passwort"})},
		{route: "GET /api/v1/me/notifications", variant: "own", want: signedIn(200), req: get("/me/notifications")},
		{route: "GET /api/v1/me/notifications/unread", variant: "own", want: signedIn(200), req: get("/me/notifications/unread")},
		{route: "POST /api/v1/me/notifications/read", variant: "own", want: signedIn(200), req: send("POST", "/me/notifications/read", map[string]any{"all": true})},
		{route: "POST /api/v1/accessibility/feedback", want: all(202), req: send("POST", "/accessibility/feedback", map[string]any{"message": "Der Kontrast der Hinweise ist zu schwach."})},
		{route: "POST /api/v1/notifications/unsubscribe", want: all(400), req: send("POST", "/notifications/unsubscribe", map[string]any{"token": "kein-token"})},
		{route: "POST /api/v1/notifications/unsubscribe/one-click", want: all(400), req: func(string) apitest.Request {
			return apitest.Request{Method: "POST", Path: "/notifications/unsubscribe/one-click?token=kein-token", RawBody: []byte("List-Unsubscribe=One-Click"),
				Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}}
		}},
		{route: "GET /api/v1/admin/outbox", want: adminOnly(200), req: get("/admin/outbox")},
		{route: "POST /api/v1/admin/outbox/retry-failed", want: adminOnly(200), req: send("POST", "/admin/outbox/retry-failed", nil)},
		{route: "POST /api/v1/admin/outbox/:id/retry", want: adminOnly(404), req: send("POST", "/admin/outbox/keine-nachricht/retry", nil)},

		// Administration.
		{route: "GET /api/v1/webhooks", want: adminOnly(200), req: get("/webhooks")},
		{route: "POST /api/v1/webhooks", want: adminOnly(201), req: send("POST", "/webhooks", hookBody)},
		{route: "GET /api/v1/webhooks/:id", want: adminOnly(200), req: get("/webhooks/" + hook)},
		{route: "PATCH /api/v1/webhooks/:id", want: adminOnly(200), req: send("PATCH", "/webhooks/"+hook, map[string]any{"description": "Matrix"})},
		{route: "POST /api/v1/webhooks/:id/rotate-secret", want: adminOnly(200), req: send("POST", "/webhooks/"+hook+"/rotate-secret", nil)},
		{route: "POST /api/v1/webhooks/:id/test", want: adminOnly(200), req: send("POST", "/webhooks/"+hook+"/test", nil)},
		{route: "DELETE /api/v1/webhooks/:id", want: adminOnly(204), req: send("DELETE", "/webhooks/"+doomedHook, nil)},
		{route: "GET /api/v1/departments", want: all(200), req: get("/departments")},
		{route: "POST /api/v1/departments", want: adminOnly(201), req: func(string) apitest.Request {
			return apitest.Request{Method: "POST", Path: "/departments", Body: map[string]any{"code": fmt.Sprintf("M%d", w.next()), "name": "Amt der Matrix"}}
		}},
		{route: "PATCH /api/v1/departments/:id", want: adminOnly(200), req: send("PATCH", "/departments/"+dept, map[string]any{"name": "Matrixamt"})},
		{route: "GET /api/v1/users", want: adminOnly(200), req: get("/users")},
		// The cdo lists reviewers (to assign them), nobody else.
		{route: "GET /api/v1/users", want: [6]int{401, 403, 403, 403, 200, 200}, req: get("/users?role=reviewer")},
		{route: "PATCH /api/v1/users/:id", variant: "other", want: adminOnly(200), req: func(who string) apitest.Request {
			return apitest.Request{Method: "PATCH", Path: "/users/" + uid(azOwner("other", who)), Body: map[string]any{"departmentId": env.Demo.Departments["33"]}}
		}},
		// A confirmed account gets no new verification link (409), and only admins ask.
		{route: "POST /api/v1/users/:id/verification", want: adminOnly(409), req: send("POST", "/users/"+uid(apitest.Citizen)+"/verification", nil)},
		// Nobody but the admin changes even their own user record (roles!); /me is for that.
		{route: "PATCH /api/v1/users/:id", variant: "own", want: adminOnly(200), req: func(who string) apitest.Request {
			return apitest.Request{Method: "PATCH", Path: "/users/" + uid(azOwner("own", who)), Body: map[string]any{"displayName": "Gleicher Name"}}
		}},

		// Ideas.
		{route: "GET /api/v1/ideas", want: all(200), req: get("/ideas")},
		{route: "POST /api/v1/ideas", want: signedIn(201), req: func(string) apitest.Request {
			return apitest.Request{Method: "POST", Path: "/ideas", Body: map[string]any{"title": "Eine neue Idee der Matrix", "summary": "Kurz"}}
		}},
		{route: "POST /api/v1/ideas/similar", want: signedIn(200), req: send("POST", "/ideas/similar", map[string]any{"title": "Parkausweise", "summary": "online"})},
		{route: "GET /api/v1/ideas/:id", variant: "other", want: [6]int{404, 404, 200, 200, 200, 200}, req: get("/ideas/" + internal)},
		{route: "GET /api/v1/ideas/:id", want: all(200), req: get("/ideas/" + public)},
		// Drafts are their author's alone.
		{route: "GET /api/v1/ideas/:id", variant: "own", want: [6]int{404, 200, 200, 200, 200, 200}, req: func(who string) apitest.Request {
			return apitest.Request{Method: "GET", Path: "/ideas/" + w.idea(azOwner("own", who), "", false)}
		}},
		{route: "GET /api/v1/ideas/:id", variant: "other", want: [6]int{404, 404, 404, 404, 404, 404}, req: func(who string) apitest.Request {
			return apitest.Request{Method: "GET", Path: "/ideas/" + w.idea(azOwner("other", who), "", false)}
		}},
		{route: "PATCH /api/v1/ideas/:id", variant: "own", want: signedIn(200), req: func(who string) apitest.Request {
			o := azOwner("own", who)
			id := w.idea(o, "", false)
			return apitest.Request{Method: "PATCH", Path: "/ideas/" + id, Body: map[string]any{"summary": "Geändert"}, Header: http.Header{"If-Match": {w.etag(o, id)}}}
		}},
		{route: "PATCH /api/v1/ideas/:id", variant: "other", want: [6]int{401, 404, 404, 404, 404, 404}, req: func(who string) apitest.Request {
			o := azOwner("other", who)
			id := w.idea(o, "", false)
			return apitest.Request{Method: "PATCH", Path: "/ideas/" + id, Body: map[string]any{"summary": "Geändert"}, Header: http.Header{"If-Match": {w.etag(o, id)}}}
		}},
		// A submitted idea: its author may no longer edit it (409: the stage), the cdo may
		// (audited).
		{route: "PATCH /api/v1/ideas/:id", variant: "other", want: [6]int{401, 404, 409, 403, 200, 403}, req: func(who string) apitest.Request {
			id := w.idea(apitest.Employee, "internal", true)
			return apitest.Request{Method: "PATCH", Path: "/ideas/" + id, Body: map[string]any{"summary": "Geändert"}, Header: http.Header{"If-Match": {w.etag(apitest.CDO, id)}}}
		}},
		{route: "DELETE /api/v1/ideas/:id", variant: "own", want: signedIn(204), req: func(who string) apitest.Request {
			o := azOwner("own", who)
			id := w.idea(o, "", false)
			return apitest.Request{Method: "DELETE", Path: "/ideas/" + id, Header: http.Header{"If-Match": {w.etag(o, id)}}}
		}},
		{route: "DELETE /api/v1/ideas/:id", variant: "other", want: [6]int{401, 404, 404, 404, 404, 404}, req: func(who string) apitest.Request {
			o := azOwner("other", who)
			id := w.idea(o, "", false)
			return apitest.Request{Method: "DELETE", Path: "/ideas/" + id, Header: http.Header{"If-Match": {w.etag(o, id)}}}
		}},
		{route: "GET /api/v1/public/ideas", want: all(200), req: get("/public/ideas")},
		{route: "GET /api/v1/public/ideas/:id", want: all(200), req: get("/public/ideas/" + public)},
		{route: "GET /api/v1/public/ideas/:id", variant: "other", want: all(404), req: get("/public/ideas/" + internal)},

		// Campaigns.
		{route: "GET /api/v1/campaigns", want: all(200), req: get("/campaigns")},
		{route: "POST /api/v1/campaigns", want: cdoOnly(201), req: send("POST", "/campaigns", map[string]any{"title": "Ideenaufruf der Matrix", "question": "Was fehlt?", "audience": "public"})},
		{route: "GET /api/v1/campaigns/:id", want: [6]int{404, 404, 200, 200, 200, 200}, req: get("/campaigns/" + campaign)},
		{route: "PATCH /api/v1/campaigns/:id", want: cdoOnly(200), req: send("PATCH", "/campaigns/"+campaign, map[string]any{"question": "Was nervt im Alltag?"})},
		{route: "GET /api/v1/campaigns/:id/ranking", want: cdoOnly(200), req: get("/campaigns/" + campaign + "/ranking")},

		// Engagement. Authors may not support their own idea.
		{route: "PUT /api/v1/ideas/:id/support", want: [6]int{401, 200, 403, 200, 200, 200}, req: send("PUT", "/ideas/"+public+"/support", nil)},
		{route: "PUT /api/v1/ideas/:id/support", variant: "own", want: [6]int{401, 403, 403, 403, 403, 403}, req: func(who string) apitest.Request {
			o := azOwner("own", who)
			id := w.idea(o, "public", true)
			w.advance(id, nil, "screening")
			return apitest.Request{Method: "PUT", Path: "/ideas/" + id + "/support"}
		}},
		{route: "DELETE /api/v1/ideas/:id/support", want: signedIn(200), req: send("DELETE", "/ideas/"+public+"/support", nil)},
		{route: "PUT /api/v1/ideas/:id/follow", want: signedIn(200), req: send("PUT", "/ideas/"+public+"/follow", nil)},
		{route: "PUT /api/v1/ideas/:id/follow", variant: "other", want: [6]int{401, 404, 200, 200, 200, 200}, req: send("PUT", "/ideas/"+internal+"/follow", nil)},
		{route: "DELETE /api/v1/ideas/:id/follow", want: signedIn(200), req: send("DELETE", "/ideas/"+public+"/follow", nil)},
		{route: "GET /api/v1/ideas/:id/comments", want: all(200), req: get("/ideas/" + public + "/comments")},
		{route: "GET /api/v1/ideas/:id/comments", variant: "other", want: [6]int{404, 404, 200, 200, 200, 200}, req: get("/ideas/" + internal + "/comments")},
		{route: "POST /api/v1/ideas/:id/comments", want: signedIn(201), req: send("POST", "/ideas/"+public+"/comments", map[string]any{"body": "Hallo"})},
		{route: "POST /api/v1/ideas/:id/comments", variant: "other", want: [6]int{401, 404, 201, 201, 201, 201}, req: send("POST", "/ideas/"+internal+"/comments", map[string]any{"body": "Hallo"})},
		{route: "PATCH /api/v1/comments/:id", variant: "own", want: signedIn(200), req: func(who string) apitest.Request {
			return apitest.Request{Method: "PATCH", Path: "/comments/" + w.comment(azOwner("own", who), public), Body: map[string]any{"body": "geändert"}}
		}},
		{route: "PATCH /api/v1/comments/:id", variant: "other", want: [6]int{401, 403, 403, 403, 403, 403}, req: func(who string) apitest.Request {
			return apitest.Request{Method: "PATCH", Path: "/comments/" + w.comment(azOwner("other", who), public), Body: map[string]any{"body": "geändert"}}
		}},
		{route: "DELETE /api/v1/comments/:id", variant: "own", want: signedIn(204), req: func(who string) apitest.Request {
			return apitest.Request{Method: "DELETE", Path: "/comments/" + w.comment(azOwner("own", who), public)}
		}},
		{route: "DELETE /api/v1/comments/:id", variant: "other", want: [6]int{401, 403, 403, 403, 403, 403}, req: func(who string) apitest.Request {
			return apitest.Request{Method: "DELETE", Path: "/comments/" + w.comment(azOwner("other", who), public)}
		}},
		// Anyone signed in reports someone else's comment, nobody their own.
		{route: "POST /api/v1/comments/:id/report", variant: "other", want: signedIn(204), req: func(who string) apitest.Request {
			return apitest.Request{Method: "POST", Path: "/comments/" + w.comment(azOwner("other", who), public) + "/report", Body: map[string]any{"reason": "Werbung"}}
		}},
		{route: "POST /api/v1/comments/:id/report", variant: "own", want: [6]int{401, 403, 403, 403, 403, 403}, req: func(who string) apitest.Request {
			return apitest.Request{Method: "POST", Path: "/comments/" + w.comment(azOwner("own", who), public) + "/report", Body: map[string]any{"reason": "Werbung"}}
		}},
		{route: "POST /api/v1/comments/:id/hide", variant: "other", want: cdoOnly(200), req: func(who string) apitest.Request {
			return apitest.Request{Method: "POST", Path: "/comments/" + w.comment(azOwner("other", who), public) + "/hide", Body: map[string]any{"reason": "Netiquette"}}
		}},
		// The moderation queue and dismissing reports: the cdo only.
		{route: "GET /api/v1/comments/reported", want: cdoOnly(200), req: get("/comments/reported")},
		{route: "DELETE /api/v1/comments/:id/reports", variant: "other", want: cdoOnly(204), req: func(who string) apitest.Request {
			return apitest.Request{Method: "DELETE", Path: "/comments/" + w.comment(azOwner("other", who), public) + "/reports"}
		}},
		{route: "GET /api/v1/ideas/:id/attachments", want: all(200), req: get("/ideas/" + public + "/attachments")},
		{route: "GET /api/v1/ideas/:id/attachments", variant: "other", want: [6]int{404, 404, 200, 200, 200, 200}, req: get("/ideas/" + internal + "/attachments")},
		{route: "POST /api/v1/ideas/:id/attachments", variant: "own", want: signedIn(201), req: func(who string) apitest.Request {
			body, ctype := multipartBody(t, "file", "plan.pdf", samplePDF(), nil)
			return apitest.Request{Method: "POST", Path: "/ideas/" + w.idea(azOwner("own", who), "", false) + "/attachments", RawBody: body, Header: http.Header{"Content-Type": {ctype}}}
		}},
		// Someone else's submitted idea: its files are frozen for the author too (409: the
		// stage); only the cdo changes them.
		{route: "POST /api/v1/ideas/:id/attachments", variant: "other", want: [6]int{401, 404, 409, 403, 201, 403}, req: func(who string) apitest.Request {
			body, ctype := multipartBody(t, "file", "plan.pdf", samplePDF(), nil)
			return apitest.Request{Method: "POST", Path: "/ideas/" + w.idea(apitest.Employee, "internal", true) + "/attachments", RawBody: body, Header: http.Header{"Content-Type": {ctype}}}
		}},
		{route: "GET /api/v1/attachments/:id", want: all(200), req: get("/attachments/" + publicFile)},
		{route: "GET /api/v1/attachments/:id", variant: "own", want: [6]int{404, 200, 200, 200, 200, 200}, req: func(who string) apitest.Request {
			o := azOwner("own", who)
			return apitest.Request{Method: "GET", Path: "/attachments/" + w.attachment(o, w.idea(o, "", false))}
		}},
		{route: "GET /api/v1/attachments/:id", variant: "other", want: all(404), req: func(who string) apitest.Request {
			o := azOwner("other", who)
			return apitest.Request{Method: "GET", Path: "/attachments/" + w.attachment(o, w.idea(o, "", false))}
		}},
		{route: "DELETE /api/v1/attachments/:id", variant: "own", want: signedIn(204), req: func(who string) apitest.Request {
			o := azOwner("own", who)
			return apitest.Request{Method: "DELETE", Path: "/attachments/" + w.attachment(o, w.idea(o, "", false))}
		}},
		{route: "DELETE /api/v1/attachments/:id", variant: "other", want: [6]int{401, 404, 404, 404, 404, 404}, req: func(who string) apitest.Request {
			o := azOwner("other", who)
			return apitest.Request{Method: "DELETE", Path: "/attachments/" + w.attachment(o, w.idea(o, "", false))}
		}},

		// The funnel: authors submit and withdraw their own ideas, the cdo moves them on.
		{route: "POST /api/v1/ideas/:id/transitions", variant: "own", want: signedIn(201), req: func(who string) apitest.Request {
			return apitest.Request{Method: "POST", Path: "/ideas/" + w.idea(azOwner("own", who), "", false) + "/transitions", Body: map[string]any{"to": "submitted"}}
		}},
		{route: "POST /api/v1/ideas/:id/transitions", variant: "other", want: [6]int{401, 404, 403, 403, 201, 403}, req: func(who string) apitest.Request {
			return apitest.Request{Method: "POST", Path: "/ideas/" + w.idea(apitest.Employee, "internal", true) + "/transitions", Body: map[string]any{"to": "screening"}}
		}},
		{route: "POST /api/v1/ideas/:id/transitions", variant: "other", want: [6]int{401, 404, 201, 403, 403, 403}, req: func(who string) apitest.Request {
			return apitest.Request{Method: "POST", Path: "/ideas/" + w.idea(apitest.Employee, "internal", true) + "/transitions", Body: map[string]any{"to": "withdrawn", "reason": "Doch nicht"}}
		}},
		{route: "GET /api/v1/ideas/:id/history", variant: "other", want: [6]int{404, 404, 200, 200, 200, 200}, req: get("/ideas/" + internal + "/history")},
		{route: "GET /api/v1/ideas/:id/history", want: all(200), req: get("/ideas/" + public + "/history")},
		{route: "GET /api/v1/ideas/:id/reviewers", want: cdoOnly(200), req: get("/ideas/" + public + "/reviewers")},
		{route: "PUT /api/v1/ideas/:id/reviewers", want: cdoOnly(200), req: func(string) apitest.Request {
			return apitest.Request{Method: "PUT", Path: "/ideas/" + public + "/reviewers", Body: map[string]any{"reviewers": []map[string]any{
				{"reviewerId": uid(apitest.Reviewer), "dueAt": day(w.now.AddDate(0, 0, 14))}}}}
		}},
		// Reviews: the cdo sees all, the assigned reviewer their own (blind), the author the
		// aggregate; others nothing.
		{route: "GET /api/v1/ideas/:id/reviews", want: [6]int{401, 403, 200, 200, 200, 403}, req: get("/ideas/" + public + "/reviews")},
		{route: "PUT /api/v1/ideas/:id/reviews/mine", want: [6]int{401, 403, 403, 200, 403, 403}, req: send("PUT", "/ideas/"+public+"/reviews/mine", review)},
		// An idea the reviewer is not assigned to.
		{route: "PUT /api/v1/ideas/:id/reviews/mine", variant: "other", want: [6]int{401, 403, 403, 403, 403, 403}, req: func(string) apitest.Request {
			return apitest.Request{Method: "PUT", Path: "/ideas/" + w.evaluation(apitest.Reviewer2) + "/reviews/mine", Body: review}
		}},
		{route: "POST /api/v1/ideas/:id/reviews/mine/decline", want: [6]int{401, 403, 403, 204, 403, 403}, req: func(string) apitest.Request {
			return apitest.Request{Method: "POST", Path: "/ideas/" + w.evaluation(apitest.Reviewer) + "/reviews/mine/decline", Body: map[string]any{"reason": "Befangen: mein Amt"}}
		}},
		{route: "POST /api/v1/ideas/:id/reviews/mine/decline", variant: "other", want: [6]int{401, 403, 403, 403, 403, 403}, req: func(string) apitest.Request {
			return apitest.Request{Method: "POST", Path: "/ideas/" + w.evaluation(apitest.Reviewer2) + "/reviews/mine/decline", Body: map[string]any{"reason": "Befangen: mein Amt"}}
		}},
		{route: "GET /api/v1/reviews/assigned", want: [6]int{401, 403, 403, 200, 403, 403}, req: get("/reviews/assigned")},
		{route: "GET /api/v1/criteria-sets", want: cdoOnly(200), req: get("/criteria-sets")},
		{route: "POST /api/v1/criteria-sets", want: cdoOnly(201), req: func(string) apitest.Request {
			return apitest.Request{Method: "POST", Path: "/criteria-sets", Body: criteriaBody()}
		}},
		{route: "GET /api/v1/criteria-sets/:id", want: cdoOnly(200), req: get("/criteria-sets/" + criteria)},
		{route: "PUT /api/v1/criteria-sets/:id", want: cdoOnly(200), req: func(string) apitest.Request {
			id := w.must(w.call(apitest.CDO, "POST", "/criteria-sets", criteriaBody()), 201, "criteria set")["id"].(string)
			return apitest.Request{Method: "PUT", Path: "/criteria-sets/" + id, Body: criteriaBody()}
		}},
		{route: "GET /api/v1/settings/checklist", want: cdoOnly(200), req: get("/settings/checklist")},
		{route: "PUT /api/v1/settings/checklist", want: cdoOnly(200), req: send("PUT", "/settings/checklist", map[string]any{"items": checklist})},
		// Pilots: the cdo and the pilot owner (the employee) write; who sees the idea reads.
		{route: "GET /api/v1/ideas/:id/pilot", variant: "other", want: [6]int{404, 404, 200, 200, 200, 200}, req: get("/ideas/" + pilot + "/pilot")},
		{route: "PUT /api/v1/ideas/:id/pilot", variant: "other", want: [6]int{401, 404, 200, 403, 200, 403}, req: send("PUT", "/ideas/"+pilot+"/pilot", w.pilotPlan())},
		{route: "POST /api/v1/ideas/:id/pilot/updates", variant: "other", want: [6]int{401, 404, 201, 403, 201, 403}, req: send("POST", "/ideas/"+pilot+"/pilot/updates",
			map[string]any{"note": "Zwischenstand", "measurements": []map[string]any{{"kpiKey": "online", "date": day(w.now), "value": 12}}})},
		{route: "GET /api/v1/ideas/:id/rollout", want: all(200), req: get("/ideas/" + rollout + "/rollout")},
		{route: "PUT /api/v1/ideas/:id/rollout", want: cdoOnly(200), req: send("PUT", "/ideas/"+rollout+"/rollout", map[string]any{
			"departments": []map[string]any{{"departmentId": env.Demo.Departments["32"], "status": "in_progress"}}})},
		// Reuse: the cdo previews an unpublished profile; the catalogue is public.
		{route: "GET /api/v1/ideas/:id/reuse-profile", want: [6]int{404, 404, 404, 404, 200, 404}, req: get("/ideas/" + rollout + "/reuse-profile")},
		{route: "GET /api/v1/reuse-profiles", want: all(200), req: get("/reuse-profiles")},
		{route: "POST /api/v1/reuse-profiles/import", want: cdoOnly(201), req: func(string) apitest.Request {
			return apitest.Request{Method: "POST", Path: "/reuse-profiles/import", Body: map[string]any{"profile": profile()}}
		}},
		{route: "GET /api/v1/audit", want: [6]int{401, 403, 403, 403, 200, 200}, req: get("/audit")},

		// Analytics for the cdo, open data for everyone.
		{route: "GET /api/v1/analytics/funnel", want: cdoOnly(200), req: get("/analytics/funnel")},
		{route: "GET /api/v1/analytics/export.csv", want: cdoOnly(200), req: get("/analytics/export.csv?dataset=ideas")},
		{route: "GET /api/v1/analytics/export.json", want: cdoOnly(200), req: get("/analytics/export.json?dataset=ideas")},
		{route: "GET /api/v1/public/export.json", want: all(200), req: get("/public/export.json")},
	}

	covered := map[string]bool{}
	for _, r := range rows {
		covered[r.route] = true
		for k, who := range azRoles {
			req := r.req(who)
			req.Token = w.tok[who]
			if got := env.Do(req); got.Status != r.want[k] {
				t.Errorf("%s (%s) as %s: got %d, want %d: %.300s", r.route, r.variant, azName(who), got.Status, r.want[k], got.Body)
			}
		}
	}
	for _, ri := range env.API.Routes() {
		if !covered[ri.Method+" "+ri.Path] {
			t.Errorf("route %s %s has no row in the authorisation matrix (internal/httpapi/authz_matrix_test.go)", ri.Method, ri.Path)
		}
	}
	var stale []string
	for route := range covered {
		if !slices.ContainsFunc(env.API.Routes(), func(ri gin.RouteInfo) bool { return ri.Method+" "+ri.Path == route }) {
			stale = append(stale, route)
		}
	}
	if len(stale) > 0 {
		t.Errorf("matrix rows for routes the router does not have: %v", stale)
	}
}
