package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// TestAdminOwnRoles: the admin has no power over decisions, so cannot make themselves cdo
// (or give themselves any other role); another admin can.
func TestAdminOwnRoles(t *testing.T) {
	env := apitest.New(t)
	admin := env.Login(apitest.Admin)
	self := "/users/" + env.UserID(apitest.Admin)
	me := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/me", Token: admin}), 200, "me")
	var roles []string
	for _, r := range me["roles"].([]any) {
		roles = append(roles, r.(string))
	}
	mustReason(t, env.Do(apitest.Request{Method: "PATCH", Path: self, Token: admin, Body: map[string]any{"roles": append(roles, "cdo")}}),
		http.StatusForbidden, domain.RSelfGrantRole, "admin makes themselves cdo")
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + funnelIdea(t, env, domain.StageSubmitted, nil).ID + "/transitions", Token: admin, Body: map[string]any{"to": "screening"}}), 403, "still no decisions")
	// The same roles again, or fewer (not the admin role itself), are fine.
	mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: self, Token: admin, Body: map[string]any{"roles": roles}}), 200, "same roles")
	mustReason(t, env.Do(apitest.Request{Method: "PATCH", Path: self, Token: admin, Body: map[string]any{"roles": []string{"employee"}}}),
		http.StatusBadRequest, domain.RSelfAdminRole, "admin drops admin")
}

// TestAdminDeactivatesUnverified: a sign-up that never confirmed its address can be blocked.
func TestAdminDeactivatesUnverified(t *testing.T) {
	env := apitest.New(t)
	admin := env.Login(apitest.Admin)
	body := map[string]string{"email": "spam@example.org", "password": "Sonnenblume-Prinzipal-7", "displayName": "Spam Konto"}
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/auth/register", Body: body}), http.StatusAccepted, "register")
	link := env.Mail.WaitFor(t, "spam@example.org", "E-Mail-Adresse", 10*time.Second).Link(t, "/verify?token=")
	users := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/users?status=unverified", Token: admin}), 200, "find")
	id := users["items"].([]any)[0].(map[string]any)["id"].(string)
	u := mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/users/" + id, Token: admin, Body: map[string]any{"status": "deactivated"}}), 200, "deactivate")
	if u["status"] != "deactivated" {
		t.Fatalf("status %v, want deactivated", u["status"])
	}
	// Its link no longer makes it active, and it cannot sign in.
	env.Do(apitest.Request{Method: "POST", Path: "/auth/verify", Body: map[string]string{"token": tokenFrom(t, link)}})
	if got := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/users?status=deactivated", Token: admin}), 200, "list"); len(got["items"].([]any)) != 1 {
		t.Fatalf("deactivated users: %v", got["items"])
	}
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": "spam@example.org", "password": body["password"]}}), 401, "login")
}

// TestDepartmentCodesAndInactiveDepartments: codes are kept without surrounding spaces and
// are unique regardless of case; a deactivated department is not given to anyone anew.
func TestDepartmentCodesAndInactiveDepartments(t *testing.T) {
	env := apitest.New(t)
	admin, emp := env.Login(apitest.Admin), env.Login(apitest.Employee)
	d := mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": " X1 ", "name": " Amt X "}}), 201, "create")
	if d["code"] != "X1" || d["name"] != "Amt X" {
		t.Fatalf("stored %v / %v", d["code"], d["name"])
	}
	for _, code := range []string{"X1", "x1", " x1", "Ｘ１", "ｘ1"} {
		mustReason(t, env.Do(apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": code, "name": "Doppelt"}}), 409, domain.RDepartmentCodeTaken, "code "+code)
	}
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "  ", "name": "Ohne Code"}}), 400, "blank code")
	// Full-width digits typed with an input method are stored as the digits they are.
	if w := mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "７７", "name": "Ordnung"}}), 201, "full-width"); w["code"] != "77" {
		t.Fatalf("full-width code stored as %v", w["code"])
	}
	mustReason(t, env.Do(apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "77", "name": "Doppelt"}}), 409, domain.RDepartmentCodeTaken, "77 after ７７")
	id := d["id"].(string)
	// Renaming the code in case only keeps it (and its claim).
	mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/departments/" + id, Token: admin, Body: map[string]any{"code": "x1"}}), 200, "case only")
	mustReason(t, env.Do(apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "X1", "name": "Doppelt"}}), 409, domain.RDepartmentCodeTaken, "after case change")

	// "If-Match: *" asks only that it exists.
	mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/departments/" + id, Token: admin, Header: http.Header{"If-Match": {"*"}}, Body: map[string]any{"name": "Amt X1"}}), 200, "If-Match *")
	if r := env.Do(apitest.Request{Method: "PATCH", Path: "/tenant", Token: admin, Body: map[string]any{"primaryColor": "#fff"}}); r.Status != 400 || !strings.Contains(string(r.Body), "must be a colour like #005ca9") {
		t.Fatalf("short colour: %d %s", r.Status, r.Body)
	}
	mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/departments/" + id, Token: admin, Body: map[string]any{"active": false}}), 200, "deactivate")
	mustReason(t, env.Do(apitest.Request{Method: "PATCH", Path: "/users/" + env.UserID(apitest.Reviewer), Token: admin, Body: map[string]any{"departmentId": id}}),
		400, domain.RInactiveDepartment, "user into an inactive department")
	mustReason(t, env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: emp, Body: map[string]any{"title": "Idee fürs alte Amt", "summary": "Kurz", "departmentId": id}}),
		400, domain.RInactiveDepartment, "idea for an inactive department")
}
