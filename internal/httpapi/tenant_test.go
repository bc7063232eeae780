package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/httpapi"
	"github.com/ideenwerk/ideenwerk/internal/tenancy"
)

// seedTwin creates a second tenant on host b.example with the same departments and the same
// demo e-mail addresses as the demo tenant.
func seedTwin(t *testing.T, env *apitest.Env) *domain.Tenant {
	t.Helper()
	b := &domain.Tenant{Slug: "zwilling", Name: "Gemeinde Zwilling", Hosts: []string{"b.example"}}
	if err := env.DB.CreateTenant(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	ctx := domain.WithTenant(context.Background(), b)
	ds, err := env.DB.FindDepartments(env.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if err := env.DB.CreateDepartment(ctx, &domain.Department{Code: d.Code, Name: d.Name, Active: true}); err != nil {
			t.Fatal(err)
		}
	}
	hash, _ := auth.HashPassword(apitest.Password)
	for _, email := range []string{apitest.Admin, apitest.Employee} {
		roles := []domain.Role{domain.RoleEmployee}
		if email == apitest.Admin {
			roles = append(roles, domain.RoleAdmin)
		}
		if err := env.DB.CreateUser(ctx, &domain.User{Email: email, DisplayName: "Zwilling " + email[:5], Roles: roles, Status: domain.UserActive, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

func TestTenantIsolation(t *testing.T) {
	env := apitest.New(t)
	b := seedTwin(t, env)
	loginOn := func(host, email string) string {
		r := env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Host: host, Body: map[string]string{"email": email, "password": apitest.Password}})
		if r.Status != 200 {
			t.Fatalf("login %s on %s: %d %s", email, host, r.Status, r.Body)
		}
		return r.Map(t)["accessToken"].(string)
	}
	adminA, adminB := loginOn("", apitest.Admin), loginOn("b.example", apitest.Admin)

	t.Run("TenantByHost", func(t *testing.T) {
		if n := env.Do(apitest.Request{Method: "GET", Path: "/tenant", Host: "B.Example:443"}).Map(t)["name"]; n != b.Name {
			t.Fatalf("host b.example served %v", n)
		}
		if n := env.Do(apitest.Request{Method: "GET", Path: "/tenant", Host: "unknown.example"}).Map(t)["name"]; n != "Stadt Münster" {
			t.Fatalf("unmapped host served %v, want the default tenant", n)
		}
	})
	t.Run("SameEmailDistinctAccounts", func(t *testing.T) {
		a := env.Do(apitest.Request{Method: "GET", Path: "/me", Token: adminA}).Map(t)
		bm := env.Do(apitest.Request{Method: "GET", Path: "/me", Token: adminB, Host: "b.example"}).Map(t)
		if a["id"] == bm["id"] || a["email"] != bm["email"] {
			t.Fatalf("accounts not distinct: %v %v", a["id"], bm["id"])
		}
	})
	t.Run("ErrTokenOnOtherHost", func(t *testing.T) {
		if r := env.Do(apitest.Request{Method: "GET", Path: "/me", Token: adminA, Host: "b.example"}); r.Status != http.StatusUnauthorized {
			t.Fatalf("A's token on B: %d", r.Status)
		}
		if r := env.Do(apitest.Request{Method: "GET", Path: "/me", Token: adminB}); r.Status != http.StatusUnauthorized {
			t.Fatalf("B's token on A: %d", r.Status)
		}
	})
	t.Run("ListsDoNotCross", func(t *testing.T) {
		ua := env.Do(apitest.Request{Method: "GET", Path: "/users?limit=100", Token: adminA}).Map(t)
		ub := env.Do(apitest.Request{Method: "GET", Path: "/users?limit=100", Token: adminB, Host: "b.example"}).Map(t)
		if ua["total"].(float64) != 6 || ub["total"].(float64) != 2 {
			t.Fatalf("user totals A=%v B=%v", ua["total"], ub["total"])
		}
		for _, it := range ub["items"].([]any) {
			if !strings.HasPrefix(it.(map[string]any)["displayName"].(string), "Zwilling") {
				t.Fatalf("B lists a user of A: %v", it)
			}
		}
		da := env.Do(apitest.Request{Method: "GET", Path: "/departments"}).Map(t)["items"].([]any)
		db := env.Do(apitest.Request{Method: "GET", Path: "/departments", Host: "b.example"}).Map(t)["items"].([]any)
		for _, x := range da {
			for _, y := range db {
				if x.(map[string]any)["id"] == y.(map[string]any)["id"] {
					t.Fatal("a department is listed in both tenants")
				}
			}
		}
	})
	t.Run("WritesDoNotCross", func(t *testing.T) {
		depA := env.Do(apitest.Request{Method: "GET", Path: "/departments"}).Map(t)["items"].([]any)[0].(map[string]any)["id"].(string)
		r := env.Do(apitest.Request{Method: "PATCH", Path: "/departments/" + depA, Token: adminB, Host: "b.example", Body: map[string]string{"name": "Übernommen"}})
		if r.Status != http.StatusNotFound {
			t.Fatalf("B patched A's department: %d", r.Status)
		}
		r = env.Do(apitest.Request{Method: "PATCH", Path: "/users/" + env.UserID(apitest.Employee), Token: adminB, Host: "b.example", Body: map[string]any{"roles": []string{"admin"}}})
		if r.Status != http.StatusNotFound {
			t.Fatalf("B patched A's user: %d", r.Status)
		}
		if u, _ := env.DB.FindUserByID(env.Ctx, env.UserID(apitest.Employee)); u.Has(domain.RoleAdmin) {
			t.Fatal("A's user was changed from B")
		}
	})
	t.Run("CreateInOwnTenant", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "POST", Path: "/departments", Token: adminB, Host: "b.example", Body: map[string]string{"code": "32", "name": "Doppelt"}})
		if r.Status != http.StatusConflict {
			t.Fatalf("duplicate code within B: %d %s", r.Status, r.Body)
		}
		r = env.Do(apitest.Request{Method: "POST", Path: "/departments", Token: adminB, Host: "b.example", Body: map[string]string{"code": "99", "name": "Nur in B"}})
		if r.Status != http.StatusCreated {
			t.Fatalf("create in B: %d %s", r.Status, r.Body)
		}
		if strings.Contains(string(env.Do(apitest.Request{Method: "GET", Path: "/departments"}).Body), "Nur in B") {
			t.Fatal("B's new department shows in A")
		}
	})
}

func TestStrictHosts(t *testing.T) {
	env := apitest.New(t, apitest.Options{Deps: func(d *httpapi.Deps) {
		d.Tenants = &tenancy.Resolver{Store: d.Tenants.Store, Strict: true}
	}})
	if r := env.Do(apitest.Request{Method: "GET", Path: "/tenant", Host: "unknown.example"}); r.Status != http.StatusNotFound {
		t.Fatalf("strict hosts served an unmapped host: %d", r.Status)
	}
}

func TestAdminUsers(t *testing.T) {
	env := apitest.New(t)
	admin, cdo, emp := env.Login(apitest.Admin), env.Login(apitest.CDO), env.Login(apitest.Employee)
	t.Run("CDOListsReviewersOnly", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "GET", Path: "/users?role=reviewer", Token: cdo})
		if r.Status != 200 || r.Map(t)["total"].(float64) != 2 || strings.Contains(string(r.Body), "@ideenwerk.example") {
			t.Fatalf("cdo reviewers: %d %s", r.Status, r.Body)
		}
		if r := env.Do(apitest.Request{Method: "GET", Path: "/users", Token: cdo}); r.Status != http.StatusForbidden {
			t.Fatalf("cdo lists all users: %d", r.Status)
		}
	})
	t.Run("ErrEmployee", func(t *testing.T) {
		if r := env.Do(apitest.Request{Method: "GET", Path: "/users", Token: emp}); r.Status != http.StatusForbidden {
			t.Fatalf("employee lists users: %d", r.Status)
		}
	})
	t.Run("ErrOwnAdminRole", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "PATCH", Path: "/users/" + env.UserID(apitest.Admin), Token: admin, Body: map[string]any{"roles": []string{"employee"}}})
		if r.Status != http.StatusBadRequest {
			t.Fatalf("admin removed own role: %d", r.Status)
		}
	})
	t.Run("GrantReviewer", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "PATCH", Path: "/users/" + env.UserID(apitest.Employee), Token: admin, Body: map[string]any{"roles": []string{"employee", "reviewer"}}})
		if r.Status != 200 {
			t.Fatalf("grant: %d %s", r.Status, r.Body)
		}
		if r := env.Do(apitest.Request{Method: "PATCH", Path: "/users/" + env.UserID(apitest.Employee), Token: admin, Body: map[string]any{"roles": []string{"king"}}}); r.Status != 400 {
			t.Fatalf("unknown role: %d", r.Status)
		}
	})
	// Who changed roles, departments and the city's appearance is in the audit log, without
	// personal data; a save that changes nothing is not recorded.
	t.Run("AdminChangesAudited", func(t *testing.T) {
		audit := func(action, target string) []map[string]any {
			t.Helper()
			r := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/audit?action=" + action + "&target=" + target, Token: admin}), 200, "audit")
			var out []map[string]any
			for _, it := range r["items"].([]any) {
				out = append(out, it.(map[string]any))
			}
			return out
		}
		rev := env.UserID(apitest.Reviewer2)
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/users/" + rev, Token: admin,
			Body: map[string]any{"roles": []string{"employee", "reviewer", "cdo"}, "displayName": "Rita G."}}), 200, "grant cdo")
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/users/" + rev, Token: admin,
			Body: map[string]any{"roles": []string{"employee", "reviewer", "cdo"}}}), 200, "same again")
		got := audit("user.update", rev)
		if len(got) != 1 || got[0]["actor"].(map[string]any)["id"] != env.UserID(apitest.Admin) {
			t.Fatalf("user.update entries %v", got)
		}
		if got[0]["targetName"] != "Rita G." {
			t.Fatalf("the changed account is not named: %v", got[0])
		}
		if d := got[0]["details"].(map[string]any); d["roles"] != "employee,reviewer,cdo" || d["previousRoles"] != "employee,reviewer" || d["displayName"] != "changed" || len(d) != 3 {
			t.Fatalf("details %v", d)
		}
		dep := mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "53", "name": "Gesundheitsamt"}}), 201, "department")
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/departments/" + dep["id"].(string), Token: admin, Body: map[string]any{"active": false}}), 200, "deactivate department")
		if c, u := audit("department.create", dep["id"].(string)), audit("department.update", dep["id"].(string)); len(c) != 1 || len(u) != 1 ||
			c[0]["details"].(map[string]any)["code"] != "53" || u[0]["details"].(map[string]any)["active"] != "false" || u[0]["targetName"] != "53 — Gesundheitsamt" {
			t.Fatalf("department entries %v %v", c, u)
		}
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/tenant", Token: admin, Body: map[string]any{"primaryColor": "#00507a", "name": env.Demo.Tenant.Name}}), 200, "branding")
		if got := audit("tenant.update", env.Demo.Tenant.ID); len(got) != 1 || got[0]["details"].(map[string]any)["changed"] != "primaryColor" {
			t.Fatalf("tenant entries %v", got)
		}
	})
	t.Run("Versions", func(t *testing.T) {
		// Two admins editing at once: the second save, made on what it read before the
		// first, is refused instead of undoing it — users, departments and branding alike.
		r := env.Do(apitest.Request{Method: "GET", Path: "/users?q=Erik", Token: admin})
		u := r.Map(t)["items"].([]any)[0].(map[string]any)
		stale := http.Header{"If-Match": {fmt.Sprintf(`"v%d"`, int64(u["version"].(float64)))}}
		uid := "/users/" + u["id"].(string)
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: uid, Token: admin, Header: stale, Body: map[string]any{"roles": []string{"employee", "reviewer"}}}), 200, "first admin")
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: uid, Token: admin, Header: stale, Body: map[string]any{"departmentId": ""}}), 412, "second admin")

		dep := mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "54", "name": "Umweltamt"}}), 201, "department")
		stale = http.Header{"If-Match": {fmt.Sprintf(`"v%d"`, int64(dep["version"].(float64)))}}
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/departments/" + dep["id"].(string), Token: admin, Header: stale, Body: map[string]any{"name": "Amt für Umwelt"}}), 200, "rename")
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/departments/" + dep["id"].(string), Token: admin, Header: stale, Body: map[string]any{"active": false}}), 412, "stale")

		got := env.Do(apitest.Request{Method: "GET", Path: "/tenant", Token: admin})
		tag := got.Header.Get("ETag")
		if tag == "" || tag != fmt.Sprintf(`"v%d"`, int64(got.Map(t)["version"].(float64))) {
			t.Fatalf("tenant ETag %q for %s", tag, got.Body)
		}
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/tenant", Token: admin, Header: http.Header{"If-Match": {tag}},
			Body: map[string]any{"logoUrl": "https://stadt.example/logo.svg", "imprintUrl": "https://stadt.example/impressum"}}), 200, "logo")
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/tenant", Token: admin, Header: http.Header{"If-Match": {tag}},
			Body: map[string]any{"primaryColor": "#aa0000"}}), 412, "stale branding")
		// Empty removes a web address; the logo must be https (the SPA shows no other).
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/tenant", Token: admin, Body: map[string]any{"logoUrl": "http://stadt.example/logo.svg"}}), 400, "http logo")
		b := mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/tenant", Token: admin, Body: map[string]any{"logoUrl": "", "imprintUrl": ""}}), 200, "remove")
		if br := b["branding"].(map[string]any); br["logoUrl"] != "" || br["imprintUrl"] != "" {
			t.Fatalf("branding %v", br)
		}
	})
	t.Run("Pagination", func(t *testing.T) {
		seen := map[string]bool{}
		cursor := ""
		for page := 0; page < 10; page++ {
			path := "/users?limit=2"
			if cursor != "" {
				path += "&cursor=" + cursor
			}
			m := env.Do(apitest.Request{Method: "GET", Path: path, Token: admin}).Map(t)
			for _, it := range m["items"].([]any) {
				id := it.(map[string]any)["id"].(string)
				if seen[id] {
					t.Fatalf("user %s on two pages", id)
				}
				seen[id] = true
			}
			if m["nextCursor"] == nil {
				break
			}
			cursor = m["nextCursor"].(string)
		}
		if len(seen) != 6 {
			t.Fatalf("paged through %d users, want 6", len(seen))
		}
		if r := env.Do(apitest.Request{Method: "GET", Path: "/users?cursor=bogus", Token: admin}); r.Status != 400 {
			t.Fatalf("bogus cursor: %d", r.Status)
		}
	})
}

// TestMailLinksLeadToTheTenantsHost: a sign-up at b.example gets a link to b.example, where
// its token is valid (not to IDEENWERK_BASE_URL, which serves the default tenant).
func TestMailLinksLeadToTheTenantsHost(t *testing.T) {
	env := apitest.New(t)
	seedTwin(t, env)
	// A sign-up at b.example gets a link to b.example, where its token is valid.
	body := map[string]string{"email": "neu@b.example", "password": "Sonnenblume-Prinzipal-7", "displayName": "Nora Neu"}
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/auth/register", Host: "b.example", Body: body}), http.StatusAccepted, "register on b")
	m := env.Mail.WaitFor(t, "neu@b.example", "E-Mail-Adresse", 10*time.Second)
	link := m.Link(t, "/verify?token=")
	u, err := url.Parse(link)
	if err != nil || u.Hostname() != "b.example" {
		t.Fatalf("link %q, want one to b.example", link)
	}
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/auth/verify", Host: u.Host, Body: map[string]string{"token": u.Query().Get("token")}}), 204, "verify there")
}

// TestNewTenantBranding: a tenant never changed is at version 0, and its ETag works.
func TestNewTenantBranding(t *testing.T) {
	env := apitest.New(t)
	seedTwin(t, env)
	r := env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Host: "b.example", Body: map[string]string{"email": apitest.Admin, "password": apitest.Password}})
	admin := r.Map(t)["accessToken"].(string)
	got := env.Do(apitest.Request{Method: "GET", Path: "/tenant", Host: "b.example", Token: admin})
	if tag := got.Header.Get("ETag"); tag != `"v0"` {
		t.Fatalf("ETag %q", tag)
	}
	mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/tenant", Host: "b.example", Token: admin, Header: http.Header{"If-Match": {`"v0"`}},
		Body: map[string]any{"name": "Stadt Bielefeld"}}), 200, "first change")
	mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/tenant", Host: "b.example", Token: admin, Header: http.Header{"If-Match": {`"v0"`}},
		Body: map[string]any{"name": "Stadt Bonn"}}), 412, "stale")
}
