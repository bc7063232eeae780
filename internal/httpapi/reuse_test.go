package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// otherCity creates another tenant of the deployment at host with a cdo and returns the
// cdo's token there.
func otherCity(t *testing.T, env *apitest.Env, slug, host string) string {
	t.Helper()
	tn := &domain.Tenant{Slug: slug, Name: "Stadt " + strings.ToUpper(slug[:1]) + slug[1:], Hosts: []string{host}}
	if err := env.DB.CreateTenant(env.Ctx, tn); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(apitest.Password)
	if err != nil {
		t.Fatal(err)
	}
	u := &domain.User{Email: "cdo@" + host, DisplayName: "CDO " + slug, Roles: []domain.Role{domain.RoleEmployee, domain.RoleCDO},
		Status: domain.UserActive, PasswordHash: hash}
	if err := env.DB.CreateUser(domain.WithTenant(env.Ctx, tn), u); err != nil {
		t.Fatal(err)
	}
	r := env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Host: host, Body: map[string]string{"email": u.Email, "password": apitest.Password}})
	m := mustStatus(t, r, 200, "login at "+host)
	return m["accessToken"].(string)
}

// TestReuseRoundTrip publishes a rolled-out idea of one city, finds it in the shared
// catalogue from another city, imports it there in one call, and imports the exported
// document into a third city: the ideas keep the content and the origin.
func TestReuseRoundTrip(t *testing.T) {
	env := apitest.New(t)
	cdo := env.Login(apitest.CDO)
	src := funnelIdea(t, env, domain.StageRollout, nil)
	mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + src.ID + "/reuse-profile"}), 404, "unpublished profile (anonymous)")
	mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + src.ID + "/reuse-profile", Token: cdo}), 200, "preview (cdo)")
	// A profile names whom other municipalities can ask.
	mustReason(t, env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + src.ID + "/rollout", Token: cdo, Body: map[string]any{
		"departments": []map[string]any{{"departmentId": env.Demo.Departments["32"], "status": "done"}}, "reusable": true,
		"contact": "  "}}), 400, domain.RReuseContactRequired, "publish without a contact")
	mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + src.ID + "/rollout", Token: cdo, Body: map[string]any{
		"departments": []map[string]any{{"departmentId": env.Demo.Departments["32"], "status": "done"}}, "reusable": true,
		"contact": "Amt 32, Team Parken"}}), 200, "publish")

	osna := otherCity(t, env, "osnabrueck", "osnabrueck.example")
	biel := otherCity(t, env, "bielefeld", "bielefeld.example")
	cat := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/reuse-profiles?q=parkausweise", Host: "osnabrueck.example"}), 200, "catalogue")
	if cat["total"].(float64) != 1 {
		t.Fatalf("catalogue %v", cat)
	}
	prof := cat["items"].([]any)[0].(map[string]any)
	// Where the profile is served: Münster has no host of its own here (the default tenant),
	// so other cities get no address; Münster itself gets its own; with a host, others get it.
	if prof["sourceUrl"] != nil {
		t.Fatalf("sourceUrl of a municipality without a host: %v", prof["sourceUrl"])
	}
	own := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/reuse-profiles?q=parkausweise"}), 200, "own catalogue")
	if got := own["items"].([]any)[0].(map[string]any)["sourceUrl"]; got != env.HTTP.URL+"/api/v1/ideas/"+src.ID+"/reuse-profile" {
		t.Fatalf("own sourceUrl %v", got)
	}
	muenster := *env.Demo.Tenant
	muenster.Hosts = []string{"ideen.muenster.example"}
	if err := env.DB.UpdateTenant(env.Ctx, &muenster); err != nil {
		t.Fatal(err)
	}
	env.API.Tenants.Invalidate()
	other := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/reuse-profiles?q=parkausweise", Host: "osnabrueck.example"}), 200, "catalogue")
	if got := other["items"].([]any)[0].(map[string]any)["sourceUrl"]; got != "http://ideen.muenster.example/api/v1/ideas/"+src.ID+"/reuse-profile" {
		t.Fatalf("sourceUrl at the publisher's host: %v", got)
	}
	if prof["municipality"].(map[string]any)["name"] != "Stadt Münster" || prof["contact"].(map[string]any)["name"] != "Amt 32, Team Parken" {
		t.Fatalf("profile %v", prof)
	}
	imp := mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/reuse-profiles/import", Host: "osnabrueck.example", Token: osna,
		Body: map[string]any{"profileId": prof["id"]}}), 201, "import from the catalogue")
	if imp["stage"] != "submitted" || imp["source"] != "other_municipality" || imp["origin"].(map[string]any)["ideaId"] != src.ID ||
		imp["origin"].(map[string]any)["municipality"] != "Stadt Münster" {
		t.Fatalf("import %v", imp)
	}
	// The new idea's page says where it came from; an idea of the city's own has no origin.
	page := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + imp["id"].(string), Host: "osnabrueck.example", Token: osna}), 200, "imported idea")
	origin, _ := page["origin"].(map[string]any)
	if page["source"] != "other_municipality" || origin == nil || origin["municipality"] != "Stadt Münster" || origin["ideaId"] != src.ID ||
		origin["tenantId"] != env.Demo.Tenant.ID || origin["importedAt"] == "" ||
		origin["profileUrl"] != "http://ideen.muenster.example/api/v1/ideas/"+src.ID+"/reuse-profile" {
		t.Fatalf("imported idea's origin %v", page["origin"])
	}
	if own := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + src.ID, Token: cdo}), 200, "own idea"); own["origin"] != nil {
		t.Fatalf("an idea of the city's own has an origin: %v", own["origin"])
	}
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/reuse-profiles/import", Host: "osnabrueck.example", Token: osna,
		Body: map[string]any{"profileId": prof["id"]}}), 409, "second import")
	// The catalogue tells Osnabrück's CDO office what it made of the profile; nobody else.
	mine := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/reuse-profiles?q=parkausweise", Host: "osnabrueck.example", Token: osna}), 200, "catalogue (cdo)")
	if got := mine["imported"].(map[string]any)[prof["id"].(string)]; got != imp["id"] {
		t.Fatalf("imported %v, want %v", mine["imported"], imp["id"])
	}
	if anon := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/reuse-profiles?q=parkausweise", Host: "osnabrueck.example"}), 200, "catalogue"); anon["imported"] != nil {
		t.Fatalf("imported shown to a visitor: %v", anon["imported"])
	}
	if b := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/reuse-profiles?q=parkausweise", Host: "bielefeld.example", Token: biel}), 200, "catalogue (other cdo)"); b["imported"] != nil {
		t.Fatalf("Bielefeld sees Osnabrück's import: %v", b["imported"])
	}
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/reuse-profiles/import", Token: cdo,
		Body: map[string]any{"profileId": prof["id"]}}), 409, "import of one's own profile")
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/reuse-profiles/import", Host: "osnabrueck.example", Token: osna,
		Body: map[string]any{}}), 400, "import of nothing")

	// The exported document, as another deployment would send it.
	doc := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + src.ID + "/reuse-profile"}), 200, "export")
	broken := map[string]any{}
	for k, v := range doc {
		broken[k] = v
	}
	delete(broken, "format")
	broken["title"] = "x"
	bad := env.Do(apitest.Request{Method: "POST", Path: "/reuse-profiles/import", Host: "bielefeld.example", Token: biel, Body: map[string]any{"profile": broken}})
	if bad.Status != 400 || !strings.Contains(string(bad.Body), "profile") {
		t.Fatalf("invalid document: %d %s", bad.Status, bad.Body)
	}
	// A link that is not http(s) is refused, not stored for the idea's origin.
	hostile := map[string]any{}
	for k, v := range doc {
		hostile[k] = v
	}
	hostile["sourceUrl"] = "javascript:alert(document.domain)"
	hr := env.Do(apitest.Request{Method: "POST", Path: "/reuse-profiles/import", Host: "bielefeld.example", Token: biel, Body: map[string]any{"profile": hostile}})
	if hr.Status != 400 || !strings.Contains(string(hr.Body), `"field":"profile.sourceUrl"`) {
		t.Fatalf("javascript: sourceUrl: %d %s", hr.Status, hr.Body)
	}
	imp2 := mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/reuse-profiles/import", Host: "bielefeld.example", Token: biel,
		Body: map[string]any{"profile": doc}}), 201, "import of the document")
	// A document from another deployment keeps the address it was served at.
	detail := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + imp2["id"].(string), Host: "bielefeld.example", Token: biel}), 200, "imported document")
	if o, _ := detail["origin"].(map[string]any); o == nil || !strings.Contains(fmt.Sprint(o["profileUrl"]), "/ideas/"+src.ID+"/reuse-profile") {
		t.Fatalf("origin of the imported document %v", detail["origin"])
	}
	tb, err := env.DB.FindTenantBySlug(env.Ctx, "bielefeld")
	if err != nil {
		t.Fatal(err)
	}
	got, err := env.DB.FindIdeaByID(domain.WithTenant(env.Ctx, tb), imp2["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != src.Title || got.Summary != src.Summary || got.Problem != src.Problem || !strings.HasPrefix(got.Description, src.Description) ||
		strings.Join(got.Tags, ",") != "Online-Dienste,Parken" || strings.Join(got.TargetGroups, ",") != "citizens" ||
		got.Stage != domain.StageSubmitted || got.Source != domain.SourceOtherMunicipality || got.Origin == nil ||
		got.Origin.IdeaID != src.ID || got.Origin.TenantName != "Stadt Münster" || !strings.Contains(got.Origin.ProfileURL, src.ID) ||
		len(got.Decisions) != 1 || got.Visibility != domain.VisibilityInternal {
		t.Fatalf("imported idea %+v origin %+v", got, got.Origin)
	}
	if !strings.Contains(got.Description, "Ergebnisse in Stadt Münster") {
		t.Fatalf("results missing from the description: %s", got.Description)
	}
	// Unpublishing removes the profile from the catalogue.
	mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + src.ID + "/rollout", Token: cdo, Body: map[string]any{
		"departments": []map[string]any{{"departmentId": env.Demo.Departments["32"], "status": "done"}}, "reusable": false}}), 200, "unpublish")
	cat = mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/reuse-profiles?q=parkausweise"}), 200, "catalogue")
	if cat["total"].(float64) != 0 {
		t.Fatalf("still listed: %v", cat)
	}
}

// TestReuseDemoNeighbour imports the neighbour's profile the demo seeds into the shared
// catalogue, as a newcomer would try it: found by a search, imported once as the demo cdo
// (from the catalogue, then refused again, also as a file), never by others.
func TestReuseDemoNeighbour(t *testing.T) {
	env := apitest.New(t)
	cdo := env.Login(apitest.CDO)
	cat := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/reuse-profiles?q=posteingang"}), 200, "catalogue, signed out")
	if cat["total"].(float64) != 1 {
		t.Fatalf("catalogue %v", cat)
	}
	prof := cat["items"].([]any)[0].(map[string]any)
	if prof["municipality"].(map[string]any)["name"] != "Stadt Bielefeld" || len(prof["results"].(map[string]any)["kpis"].([]any)) == 0 {
		t.Fatalf("neighbour profile %v", prof)
	}
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/reuse-profiles/import", Token: env.Login(apitest.Employee),
		Body: map[string]any{"profileId": prof["id"]}}), 403, "import by an employee")
	imp := mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/reuse-profiles/import", Token: cdo,
		Body: map[string]any{"profileId": prof["id"]}}), 201, "import")
	idea := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + imp["id"].(string), Token: cdo}), 200, "imported idea")
	origin, _ := idea["origin"].(map[string]any)
	if idea["title"] != prof["title"] || idea["stage"] != "submitted" || origin == nil || origin["municipality"] != "Stadt Bielefeld" ||
		origin["tenantId"] != "ext:Stadt Bielefeld" || !strings.Contains(idea["description"].(string), "Ergebnisse in Stadt Bielefeld") {
		t.Fatalf("imported idea %v", idea)
	}
	mustReason(t, env.Do(apitest.Request{Method: "POST", Path: "/reuse-profiles/import", Token: cdo,
		Body: map[string]any{"profileId": prof["id"]}}), 409, "reuse_already_imported", "second import")
	mustReason(t, env.Do(apitest.Request{Method: "POST", Path: "/reuse-profiles/import", Token: cdo,
		Body: map[string]any{"profile": prof}}), 409, "reuse_already_imported", "the same profile as a file")
}
