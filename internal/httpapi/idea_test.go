package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type ideaBody struct {
	ID              string `json:"id"`
	Title           string `json:"title"`
	Summary         string `json:"summary"`
	Description     string `json:"description"`
	DescriptionHTML string `json:"descriptionHtml"`
	Stage           string `json:"stage"`
	Visibility      string `json:"visibility"`
	Source          string `json:"source"`
	Version         int64  `json:"version"`
	Tags            []string
	Author          struct{ ID, DisplayName string }
	Permissions     struct{ Edit, Delete bool }
}

type ideaList struct {
	Items      []ideaBody `json:"items"`
	NextCursor *string    `json:"nextCursor"`
	Total      int        `json:"total"`
}

func createIdea(t *testing.T, env *apitest.Env, token string, body map[string]any) ideaBody {
	t.Helper()
	r := env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: token, Body: body})
	if r.Status != http.StatusCreated {
		t.Fatalf("create idea: %d %s", r.Status, r.Body)
	}
	var b ideaBody
	r.JSON(t, &b)
	if r.Header.Get("ETag") != fmt.Sprintf(`"v%d"`, b.Version) {
		t.Fatalf("ETag %q for version %d", r.Header.Get("ETag"), b.Version)
	}
	return b
}

func listIdeas(t *testing.T, env *apitest.Env, token, query string) ideaList {
	t.Helper()
	r := env.Do(apitest.Request{Method: "GET", Path: "/ideas?" + query, Token: token})
	if r.Status != http.StatusOK {
		t.Fatalf("list %s: %d %s", query, r.Status, r.Body)
	}
	var l ideaList
	r.JSON(t, &l)
	return l
}

func hasID(l ideaList, id string) bool {
	for _, i := range l.Items {
		if i.ID == id {
			return true
		}
	}
	return false
}

func TestCreateIdea(t *testing.T) {
	env := apitest.New(t)
	emp, cit := env.Login(apitest.Employee), env.Login(apitest.Citizen)
	full := map[string]any{"title": "Ampeln mit Wartezeitanzeige", "summary": "Zeigt an, wie lange es noch rot ist.",
		"description": "## Idee\n\nEine **Anzeige** an jeder Fußgängerampel.", "tags": []string{"Verkehr", " verkehr ", "Ampel"},
		"targetGroups": []string{"citizens"}}
	cases := []struct {
		name   string
		token  string
		body   map[string]any
		status int
		check  func(t *testing.T, b ideaBody)
	}{
		{"DraftByEmployeeIsInternal", emp, map[string]any{"title": "Nur ein Entwurf", "summary": "Kurz"}, 201, func(t *testing.T, b ideaBody) {
			if b.Stage != "draft" || b.Visibility != "internal" || b.Source != "staff" || !b.Permissions.Edit || !b.Permissions.Delete {
				t.Fatalf("%+v", b)
			}
		}},
		{"SubmitDirectly", emp, with(full, "submit", true), 201, func(t *testing.T, b ideaBody) {
			if b.Stage != "submitted" || !strings.Contains(b.DescriptionHTML, "<strong>Anzeige</strong>") || len(b.Tags) != 2 || b.Author.DisplayName != "Erik Mitarbeiter" {
				t.Fatalf("%+v", b)
			}
		}},
		{"CitizenIdeaIsPublic", cit, with(full, "submit", true), 201, func(t *testing.T, b ideaBody) {
			if b.Visibility != "public" || b.Source != "citizen" {
				t.Fatalf("%+v", b)
			}
		}},
		{"ErrCitizenInternal", cit, with(full, "visibility", "internal"), 400, nil},
		{"ErrSubmitWithoutDescription", emp, map[string]any{"title": "Ohne Beschreibung", "summary": "Kurz", "submit": true}, 400, nil},
		{"ErrTitleTooShort", emp, map[string]any{"title": "Kurz", "summary": "x"}, 400, nil},
		{"ErrTitleTooLong", emp, map[string]any{"title": strings.Repeat("a", 121), "summary": "x"}, 400, nil},
		{"ErrSummaryTooLong", emp, map[string]any{"title": "Gute Idee", "summary": strings.Repeat("ü", 301)}, 400, nil},
		{"ErrDescriptionTooLong", emp, with(full, "description", strings.Repeat("x", 20001)), 400, nil},
		{"ErrControlCharInTitle", emp, map[string]any{"title": "Gute\x07Idee", "summary": "x"}, 400, nil},
		{"ErrNewlineInTitle", emp, map[string]any{"title": "Gute\nIdee", "summary": "x"}, 400, nil},
		{"ErrUnknownField", emp, with(full, "authorId", "someone"), 400, nil},
		{"ErrStageField", emp, with(full, "stage", "pilot"), 400, nil},
		{"ErrCounterField", emp, with(full, "supportCount", 99), 400, nil},
		{"ErrScoreField", emp, with(full, "score", 100), 400, nil},
		{"ErrWrongType", emp, map[string]any{"title": 12345, "summary": "x"}, 400, nil},
		{"ErrTagsNotArray", emp, with(full, "tags", "a,b"), 400, nil},
		{"ErrTooManyTags", emp, with(full, "tags", []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}), 400, nil},
		{"ErrBadTargetGroup", emp, with(full, "targetGroups", []string{"aliens"}), 400, nil},
		{"ErrUnknownDepartment", emp, with(full, "departmentId", "nope"), 400, nil},
		{"ErrUnknownCampaign", emp, with(full, "campaignId", "nope"), 400, nil},
		{"ErrUnknownCoAuthor", emp, with(full, "coAuthorIds", []string{"nope"}), 400, nil},
		{"ErrSelfCoAuthor", emp, with(full, "coAuthorIds", []string{env.UserID(apitest.Employee)}), 400, nil},
		{"ErrAnonymous", "", full, 401, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: c.token, Body: c.body})
			if r.Status != c.status {
				t.Fatalf("got %d %s, want %d", r.Status, r.Body, c.status)
			}
			if c.check != nil {
				var b ideaBody
				r.JSON(t, &b)
				c.check(t, b)
			}
		})
	}
	raw := []struct {
		name, body, ctype string
		status            int
	}{
		{"ErrMalformedJSON", `{"title": "Gute Idee",`, "application/json", 400},
		{"ErrTwoValues", `{"title":"Gute Idee","summary":"x"}{}`, "application/json", 400},
		{"ErrNotAnObject", `["Gute Idee"]`, "application/json", 400},
		{"ErrWrongContentType", `{"title":"Gute Idee","summary":"x"}`, "text/plain", 415},
	}
	for _, c := range raw {
		t.Run(c.name, func(t *testing.T) {
			r := env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: emp, RawBody: []byte(c.body), Header: http.Header{"Content-Type": {c.ctype}}})
			if r.Status != c.status {
				t.Fatalf("got %d %s", r.Status, r.Body)
			}
		})
	}
	t.Run("SubmitWritesDecision", func(t *testing.T) {
		b := createIdea(t, env, emp, with(full, "submit", true))
		i, err := env.DB.FindIdeaByID(env.Ctx, b.ID)
		if err != nil || len(i.Decisions) != 1 || i.Decisions[0].From != domain.StageDraft || i.Decisions[0].To != domain.StageSubmitted ||
			i.Decisions[0].ActorID != env.UserID(apitest.Employee) || i.SubmittedAt.IsZero() {
			t.Fatalf("%+v %v", i, err)
		}
	})
}

func with(m map[string]any, k string, v any) map[string]any {
	out := map[string]any{}
	for a, b := range m {
		out[a] = b
	}
	out[k] = v
	return out
}

func TestHostileStrings(t *testing.T) {
	env := apitest.New(t)
	emp := env.Login(apitest.Employee)
	before := listIdeas(t, env, emp, "mine=true").Total
	hostile := []string{
		`<script>alert("x")</script>`,
		`{"$gt":""}`,
		"joined\u200d emoji 👩\u200d💻 and marks \u200e\u200f",
		"Emoji 🚲🌳👩🏽‍💻 done",
		`<img src=x onerror=alert(1)> [link](javascript:alert(1))`,
	}
	for n, h := range hostile {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			title := "Titel " + h
			b := createIdea(t, env, emp, map[string]any{"title": title, "summary": h, "description": h, "tags": []string{"Tag " + h[:min(len(h), 20)]}})
			r := env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + b.ID, Token: emp})
			var got ideaBody
			r.JSON(t, &got)
			if got.Title != title || got.Summary != h || got.Description != h {
				t.Fatalf("changed: %q %q %q", got.Title, got.Summary, got.Description)
			}
			// HTML in the text shows as written (escaped), never as markup.
			low := strings.ToLower(got.DescriptionHTML)
			for _, bad := range []string{"<script", "<img", "javascript:"} {
				if strings.Contains(low, bad) {
					t.Fatalf("descriptionHtml not inert: %s", got.DescriptionHTML)
				}
			}
			if strings.HasPrefix(h, "<") && !strings.Contains(got.DescriptionHTML, "&lt;"+strings.Fields(h[1:])[0][:3]) {
				t.Fatalf("descriptionHtml lost the text as written: %s", got.DescriptionHTML)
			}
			// The title as a query parameter is data, not an operator.
			l := listIdeas(t, env, emp, "mine=true&q="+urlQuery(h))
			_ = l
		})
	}
	t.Run("DirectionOverridesRefused", func(t *testing.T) {
		// Characters that make text read otherwise than it is stored (U+202E shows "evil"
		// as "live") or hide in it (zero-width space) are refused, naming each field.
		r := env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: emp, Body: map[string]any{
			"title": "Titel \u202Eevil\u202C", "summary": "zero\u200Bwidth", "tags": []string{"Tag \u2066x\u2069"}}})
		mustStatus(t, r, 400, "hidden format characters")
		for _, f := range []string{"title", "summary", "tags[0]"} {
			if !strings.Contains(string(r.Body), `"field":"`+f+`"`) {
				t.Fatalf("%s not named: %s", f, r.Body)
			}
		}
	})
	t.Run("OperatorTitleFindsOnlyItself", func(t *testing.T) {
		l := listIdeas(t, env, emp, "mine=true")
		if l.Total != before+len(hostile) {
			t.Fatalf("mine total %d", l.Total)
		}
	})
}

func urlQuery(s string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "#", "%23", "+", "%2B", " ", "+", "\"", "%22", "<", "%3C", ">", "%3E", "{", "%7B", "}", "%7D", "$", "%24", "[", "%5B", "]", "%5D").Replace(s)
}

func TestEditIdea(t *testing.T) {
	env := apitest.New(t)
	emp, cdo, cit, rev := env.Login(apitest.Employee), env.Login(apitest.CDO), env.Login(apitest.Citizen), env.Login(apitest.Reviewer)
	patch := func(token, id string, version int64, body map[string]any) *apitest.Response {
		h := http.Header{}
		if version > 0 {
			h.Set("If-Match", fmt.Sprintf(`"v%d"`, version))
		}
		return env.Do(apitest.Request{Method: "PATCH", Path: "/ideas/" + id, Token: token, Header: h, Body: body})
	}
	draft := createIdea(t, env, emp, map[string]any{"title": "Entwurf zum Bearbeiten", "summary": "Erst mal kurz"})
	t.Run("AuthorEditsDraft", func(t *testing.T) {
		r := patch(emp, draft.ID, draft.Version, map[string]any{"title": "Entwurf bearbeitet", "description": "Jetzt mit Text"})
		if r.Status != 200 || r.Header.Get("ETag") != `"v2"` {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if l := listIdeas(t, env, emp, "q=bearbeitet&mine=true"); l.Total != 1 {
			t.Fatalf("index not updated: %+v", l)
		}
	})
	t.Run("ErrStaleIfMatch", func(t *testing.T) {
		r := patch(emp, draft.ID, 1, map[string]any{"title": "Veraltete Änderung"})
		if r.Status != 412 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		g := env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + draft.ID, Token: emp})
		if strings.Contains(string(g.Body), "Veraltete") {
			t.Fatal("stale write changed the idea")
		}
	})
	t.Run("ErrNoIfMatch", func(t *testing.T) {
		if r := patch(emp, draft.ID, 0, map[string]any{"title": "Ohne If-Match"}); r.Status != 412 {
			t.Fatalf("%d", r.Status)
		}
	})
	t.Run("ErrOthersDraftIsNotFound", func(t *testing.T) {
		for _, tok := range []string{cdo, rev, cit} {
			if r := patch(tok, draft.ID, 2, map[string]any{"title": "Fremde Änderung"}); r.Status != 404 {
				t.Fatalf("%d", r.Status)
			}
		}
	})
	sub := createIdea(t, env, emp, map[string]any{"title": "Eingereichte Idee", "summary": "s", "description": "d", "submit": true})
	t.Run("ErrAuthorAfterSubmit", func(t *testing.T) {
		if r := patch(emp, sub.ID, sub.Version, map[string]any{"title": "Nachträglich"}); r.Status != 409 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("ErrOtherEmployee", func(t *testing.T) {
		if r := patch(rev, sub.ID, sub.Version, map[string]any{"title": "Nicht meine"}); r.Status != 403 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("CDOEditsAnyTime", func(t *testing.T) {
		r := patch(cdo, sub.ID, sub.Version, map[string]any{"summary": "Vom Innovationsbüro geschärft"})
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("AuthorEditsWhenNeedsInformation", func(t *testing.T) {
		i, _ := env.DB.FindIdeaByID(env.Ctx, sub.ID)
		i.Decisions = append(i.Decisions,
			domain.Decision{From: domain.StageSubmitted, To: domain.StageScreening, ActorID: env.UserID(apitest.CDO)},
			domain.Decision{From: domain.StageScreening, To: domain.StageSubmitted, ActorID: env.UserID(apitest.CDO), Reason: "Welche Kosten?"})
		if err := env.DB.UpdateIdea(env.Ctx, i); err != nil {
			t.Fatal(err)
		}
		r := patch(emp, sub.ID, i.Version, map[string]any{"expectedBenefit": "Kosten: 5.000 EUR"})
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("ErrPropertyLevel", func(t *testing.T) {
		for _, f := range []string{"stage", "authorId", "supportCount", "score", "version", "source"} {
			if r := patch(cdo, sub.ID, 99, map[string]any{f: "x"}); r.Status != 400 {
				t.Fatalf("%s: %d", f, r.Status)
			}
		}
	})
	t.Run("ErrCitizenIdeaInternal", func(t *testing.T) {
		c := createIdea(t, env, cit, map[string]any{"title": "Bürgeridee Entwurf", "summary": "s"})
		if r := patch(cit, c.ID, c.Version, map[string]any{"visibility": "internal"}); r.Status != 400 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		d := createIdea(t, env, emp, map[string]any{"title": "Wird gelöscht", "summary": "s"})
		del := func(tok string, v int64) int {
			h := http.Header{}
			if v > 0 {
				h.Set("If-Match", fmt.Sprintf(`"v%d"`, v))
			}
			return env.Do(apitest.Request{Method: "DELETE", Path: "/ideas/" + d.ID, Token: tok, Header: h}).Status
		}
		if s := del(emp, 0); s != 412 {
			t.Fatalf("without If-Match: %d", s)
		}
		if s := del(cdo, 1); s != 404 {
			t.Fatalf("cdo on a draft: %d", s)
		}
		if s := del(emp, 1); s != 204 {
			t.Fatalf("delete: %d", s)
		}
		if s := env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + d.ID, Token: emp}).Status; s != 404 {
			t.Fatalf("after delete: %d", s)
		}
		if l := listIdeas(t, env, emp, "q=gelöscht&mine=true"); l.Total != 0 {
			t.Fatal("deleted idea still listed")
		}
		h := http.Header{"If-Match": {fmt.Sprintf(`"v%d"`, sub.Version)}}
		if r := env.Do(apitest.Request{Method: "DELETE", Path: "/ideas/" + sub.ID, Token: emp, Header: h}); r.Status != 409 {
			t.Fatalf("delete submitted: %d", r.Status)
		}
	})
}

// The idea page shows the caller whether they support and follow the idea, and deleting a
// draft removes its attachments and follows with it.
func TestIdeaViewerFlagsAndDraftPurge(t *testing.T) {
	env := apitest.New(t)
	emp, cit := env.Login(apitest.Employee), env.Login(apitest.Citizen)
	r := env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: cit, Body: map[string]any{
		"title": "Sitzbänke am Aasee", "summary": "Mehr Bänke entlang des Ufers.", "description": "Viele ältere Menschen wünschen sich Pausen.", "submit": true}})
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	id := r.Map(t)["id"].(string)
	cdo := env.Login(apitest.CDO)
	get := func(tok string) map[string]any {
		return env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + id, Token: tok}).Map(t)
	}
	if m := get(cdo); m["supported"] != false || m["following"] != false {
		t.Fatalf("flags before: %v %v", m["supported"], m["following"])
	}
	if r := env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + id + "/support", Token: cdo}); r.Status >= 300 {
		t.Fatalf("support: %d %s", r.Status, r.Body)
	}
	if r := env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + id + "/follow", Token: cdo}); r.Status >= 300 {
		t.Fatalf("follow: %d %s", r.Status, r.Body)
	}
	if m := get(cdo); m["supported"] != true || m["following"] != true {
		t.Fatalf("flags after: %v %v", m["supported"], m["following"])
	}
	if m := get(cit); m["supported"] != false {
		t.Fatalf("another user's support shown as mine: %v", m["supported"])
	}

	d := env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: emp, Body: map[string]any{"title": "Entwurf mit Anhang", "summary": "Nur ein Entwurf."}})
	draft := d.Map(t)
	did := draft["id"].(string)
	if r := env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + did + "/follow", Token: emp}); r.Status >= 300 {
		t.Fatalf("follow draft: %d %s", r.Status, r.Body)
	}
	if r := env.Do(apitest.Request{Method: "DELETE", Path: "/ideas/" + did, Token: emp, Header: http.Header{"If-Match": {d.Header.Get("ETag")}}}); r.Status != 204 {
		t.Fatalf("delete draft: %d %s", r.Status, r.Body)
	}
	if ok, _ := env.DB.IsFollowing(env.Ctx, did, env.UserID(apitest.Employee)); ok {
		t.Fatal("the deleted draft's follow survived")
	}
}
