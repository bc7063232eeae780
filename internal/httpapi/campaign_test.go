package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

func TestCampaigns(t *testing.T) {
	env := apitest.New(t)
	cdo, emp, cit := env.Login(apitest.CDO), env.Login(apitest.Employee), env.Login(apitest.Citizen)
	create := func(token string, body map[string]any) *apitest.Response {
		return env.Do(apitest.Request{Method: "POST", Path: "/campaigns", Token: token, Body: body})
	}
	patch := func(token, id string, body map[string]any) *apitest.Response {
		return env.Do(apitest.Request{Method: "PATCH", Path: "/campaigns/" + id, Token: token, Body: body})
	}
	var internal, public struct {
		ID, Status       string
		ReviewersPerIdea int
	}
	t.Run("CreateDraft", func(t *testing.T) {
		r := create(cdo, map[string]any{"title": "Verwaltung ohne Papier", "audience": "internal", "question": "Wo drucken wir noch?"})
		if r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r.JSON(t, &internal)
		if internal.Status != "draft" || internal.ReviewersPerIdea != 2 {
			t.Fatalf("%+v", internal)
		}
		r = create(cdo, map[string]any{"title": "Ideen für den Stadtpark", "audience": "public", "status": "open", "closesAt": "2099-01-01T00:00:00Z"})
		r.JSON(t, &public)
		if r.Status != 201 || public.Status != "open" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	for _, c := range []struct {
		name   string
		token  string
		body   map[string]any
		status int
	}{
		{"ErrEmployee", emp, map[string]any{"title": "Nicht erlaubt", "audience": "public"}, 403},
		{"ErrCitizen", cit, map[string]any{"title": "Nicht erlaubt", "audience": "public"}, 403},
		{"ErrAnonymous", "", map[string]any{"title": "Nicht erlaubt", "audience": "public"}, 401},
		{"ErrNoTitle", cdo, map[string]any{"audience": "public"}, 400},
		{"ErrAudience", cdo, map[string]any{"title": "Falsches Publikum", "audience": "everyone"}, 400},
		{"ErrDates", cdo, map[string]any{"title": "Falsche Daten", "audience": "public", "opensAt": "2026-05-01T00:00:00Z", "closesAt": "2026-04-01T00:00:00Z"}, 400},
		{"ErrDateFormat", cdo, map[string]any{"title": "Falsches Datum", "audience": "public", "opensAt": "morgen"}, 400},
		{"ErrDateOnly", cdo, map[string]any{"title": "Nur ein Tag", "audience": "public", "opensAt": "2027-03-01"}, 400},
		// As the SPA sends a day: the start and end of the local day, with milliseconds.
		{"DaysAsInstants", cdo, map[string]any{"title": "Mit Zeitraum", "question": "Was tun?", "audience": "public",
			"opensAt": "2027-02-28T23:00:00.000Z", "closesAt": "2027-06-01T21:59:59.000Z"}, 201},
		{"ErrReviewers", cdo, map[string]any{"title": "Zu viele Gutachter", "audience": "public", "reviewersPerIdea": 50}, 400},
		{"ErrUnknownField", cdo, map[string]any{"title": "Unbekanntes Feld", "audience": "public", "tenantId": "x"}, 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			if r := create(c.token, c.body); r.Status != c.status {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
		})
	}
	t.Run("DraftVisibleToCDOOnly", func(t *testing.T) {
		for tok, want := range map[string]int{cdo: 200, emp: 404, cit: 404, "": 404} {
			if r := env.Do(apitest.Request{Method: "GET", Path: "/campaigns/" + internal.ID, Token: tok}); r.Status != want {
				t.Fatalf("%d, want %d", r.Status, want)
			}
		}
	})
	t.Run("StatusForwardOnly", func(t *testing.T) {
		if r := patch(cdo, internal.ID, map[string]any{"status": "open"}); r.Status != 200 {
			t.Fatalf("open: %d %s", r.Status, r.Body)
		}
		if r := env.Do(apitest.Request{Method: "GET", Path: "/campaigns/" + internal.ID, Token: emp}); r.Status != 200 {
			t.Fatalf("employee reads open internal campaign: %d", r.Status)
		}
		if r := env.Do(apitest.Request{Method: "GET", Path: "/campaigns/" + internal.ID, Token: cit}); r.Status != 404 {
			t.Fatalf("citizen reads internal campaign: %d", r.Status)
		}
		if r := patch(emp, internal.ID, map[string]any{"title": "Übernommen"}); r.Status != 403 {
			t.Fatalf("employee patch: %d", r.Status)
		}
		if r := patch(cdo, internal.ID, map[string]any{"status": "draft"}); r.Status != 409 {
			t.Fatalf("back to draft: %d", r.Status)
		}
		h := http.Header{"If-Match": {`"v1"`}}
		if r := env.Do(apitest.Request{Method: "PATCH", Path: "/campaigns/" + internal.ID, Token: cdo, Header: h, Body: map[string]any{"title": "Veraltet"}}); r.Status != 412 {
			t.Fatalf("stale: %d", r.Status)
		}
	})
	idea := map[string]any{"title": "Idee für die Kampagne", "summary": "s", "description": "d", "submit": true}
	t.Run("SubmitToCampaign", func(t *testing.T) {
		b := createIdea(t, env, emp, with(idea, "campaignId", internal.ID))
		if l := listIdeas(t, env, cdo, "campaign="+internal.ID); l.Total != 1 || l.Items[0].ID != b.ID {
			t.Fatalf("campaign list: %+v", l)
		}
		createIdea(t, env, cit, with(idea, "campaignId", public.ID))
	})
	t.Run("ErrCitizenToInternalCampaign", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: cit, Body: with(idea, "campaignId", internal.ID)})
		if r.Status != 400 && r.Status != 403 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("ErrPublicIdeaInInternalCampaign", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: emp, Body: with(with(idea, "campaignId", internal.ID), "visibility", "public")})
		if r.Status != 400 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	// Open, but its first day is still to come: shown as not yet taking ideas, and refused.
	t.Run("ErrOpensLater", func(t *testing.T) {
		opens := env.Clock.Now().AddDate(0, 1, 0).UTC().Truncate(time.Second)
		r := create(cdo, map[string]any{"title": "Sommer der Ideen", "audience": "public", "status": "open", "opensAt": opens.Format(time.RFC3339)})
		later := mustStatus(t, r, 201, "scheduled campaign")
		if later["acceptingIdeas"] != false {
			t.Fatalf("a campaign opening next month accepts ideas: %v", later)
		}
		mustReason(t, env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: cit, Body: with(idea, "campaignId", later["id"].(string))}),
			409, domain.RCampaignNotOpen, "idea before the opening day")
		// The opening day moved to today.
		mustStatus(t, patch(cdo, later["id"].(string), map[string]any{"opensAt": env.Clock.Now().Add(-time.Hour).UTC().Format(time.RFC3339)}), 200, "open now")
		if got := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/campaigns/" + later["id"].(string), Token: cit}), 200, "campaign"); got["acceptingIdeas"] != true {
			t.Fatalf("after the opening day: %v", got)
		}
		createIdea(t, env, cit, with(idea, "campaignId", later["id"].(string)))
	})
	t.Run("ErrClosedCampaign", func(t *testing.T) {
		if r := patch(cdo, public.ID, map[string]any{"status": "closed"}); r.Status != 200 {
			t.Fatalf("close: %d %s", r.Status, r.Body)
		}
		r := env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: cit, Body: with(idea, "campaignId", public.ID)})
		if r.Status != 409 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("List", func(t *testing.T) {
		var l struct {
			Items []struct{ ID, Audience, Status string }
			Total int
		}
		r := env.Do(apitest.Request{Method: "GET", Path: "/campaigns", Token: cit})
		r.JSON(t, &l)
		for _, c := range l.Items {
			if c.Audience != "public" || c.Status == "draft" {
				t.Fatalf("citizen sees %+v", c)
			}
		}
		if r := env.Do(apitest.Request{Method: "GET", Path: "/campaigns?status=bogus"}); r.Status != 400 {
			t.Fatalf("bad status: %d", r.Status)
		}
	})
}

// A campaign names an existing criteria set, and from then on the set's keys are frozen.
func TestCampaignCriteriaSet(t *testing.T) {
	env := apitest.New(t)
	cdo := env.Login(apitest.CDO)
	body := map[string]any{"name": "Kurzbewertung", "criteria": []map[string]any{
		{"key": "nutzen", "label": "Nutzen", "weight": 60}, {"key": "aufwand", "label": "Aufwand", "weight": 40}}}
	cs := env.Do(apitest.Request{Method: "POST", Path: "/criteria-sets", Token: cdo, Body: body})
	if cs.Status != 201 {
		t.Fatalf("criteria set: %d %s", cs.Status, cs.Body)
	}
	setID := cs.Map(t)["id"].(string)
	bad := env.Do(apitest.Request{Method: "POST", Path: "/campaigns", Token: cdo, Body: map[string]any{
		"title": "Ideen für die Innenstadt", "audience": "public", "criteriaSetId": "no-such-set"}})
	if bad.Status != 400 || !strings.Contains(string(bad.Body), `"field":"criteriaSetId"`) {
		t.Fatalf("unknown criteria set: %d %s", bad.Status, bad.Body)
	}
	ok := env.Do(apitest.Request{Method: "POST", Path: "/campaigns", Token: cdo, Body: map[string]any{
		"title": "Ideen für die Innenstadt", "audience": "public", "criteriaSetId": setID}})
	if ok.Status != 201 {
		t.Fatalf("campaign: %d %s", ok.Status, ok.Body)
	}
	body["criteria"].([]map[string]any)[1]["key"] = "kosten"
	if r := env.Do(apitest.Request{Method: "PUT", Path: "/criteria-sets/" + setID, Token: cdo, Body: body}); r.Status != 409 {
		t.Fatalf("key change of a set in use by a campaign: %d %s", r.Status, r.Body)
	}
}
