package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// TestIdeaVisibilityMatrix checks the one rule through every read path: detail, list,
// totals, search, similar ideas and the public view.
func TestIdeaVisibilityMatrix(t *testing.T) {
	env := apitest.New(t)
	emp, cit, cdo := env.Login(apitest.Employee), env.Login(apitest.Citizen), env.Login(apitest.CDO)
	rev := env.Login(apitest.Reviewer)
	mk := func(token, title string, extra map[string]any) string {
		b := map[string]any{"title": title, "summary": "Sichtbarkeitsmatrix", "description": "d"}
		for k, v := range extra {
			b[k] = v
		}
		return createIdea(t, env, token, b).ID
	}
	ids := map[string]string{
		"staffDraft":          mk(emp, "Matrix Entwurf intern", nil),
		"staffInternal":       mk(emp, "Matrix intern eingereicht", map[string]any{"submit": true}),
		"staffPublic":         mk(emp, "Matrix öffentlich eingereicht", map[string]any{"submit": true, "visibility": "public"}),
		"citizenUnscreened":   mk(cit, "Matrix Bürgeridee ungeprüft", map[string]any{"submit": true}),
		"citizenScreened":     mk(cit, "Matrix Bürgeridee geprüft", map[string]any{"submit": true}),
		"staffPublicScreened": mk(emp, "Matrix öffentlich geprüft", map[string]any{"submit": true, "visibility": "public"}),
	}
	for _, k := range []string{"citizenScreened", "staffPublicScreened"} {
		i, _ := env.DB.FindIdeaByID(env.Ctx, ids[k])
		i.Stage, i.ScreeningPassed = domain.StageEvaluation, true
		if err := env.DB.UpdateIdea(env.Ctx, i); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]map[string]bool{ // caller → idea → visible
		"anonymous": {"staffPublicScreened": true, "citizenScreened": true},
		"citizen":   {"staffPublicScreened": true, "citizenScreened": true, "citizenUnscreened": true},
		"reviewer":  {"staffInternal": true, "staffPublic": true, "staffPublicScreened": true, "citizenScreened": true},
		"employee":  {"staffDraft": true, "staffInternal": true, "staffPublic": true, "staffPublicScreened": true, "citizenScreened": true},
		"cdo":       {"staffInternal": true, "staffPublic": true, "staffPublicScreened": true, "citizenScreened": true, "citizenUnscreened": true},
	}
	tokens := map[string]string{"anonymous": "", "citizen": cit, "reviewer": rev, "employee": emp, "cdo": cdo}
	for who, vis := range want {
		t.Run(who, func(t *testing.T) {
			tok := tokens[who]
			l := listIdeas(t, env, tok, "q=Sichtbarkeitsmatrix&limit=100")
			if l.Total != len(vis) || len(l.Items) != len(vis) {
				t.Fatalf("search total %d items %d, want %d", l.Total, len(l.Items), len(vis))
			}
			for k, id := range ids {
				r := env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + id, Token: tok})
				if (r.Status == 200) != vis[k] || r.Status != 200 && r.Status != 404 {
					t.Fatalf("GET %s: %d, visible=%v", k, r.Status, vis[k])
				}
				if hasID(l, id) != vis[k] {
					t.Fatalf("list shows %s: %v", k, hasID(l, id))
				}
			}
			if tok != "" {
				r := env.Do(apitest.Request{Method: "POST", Path: "/ideas/similar", Token: tok, Body: map[string]any{"title": "Matrix Bürgeridee", "summary": "Sichtbarkeitsmatrix"}})
				var s struct{ Items []struct{ ID string } }
				r.JSON(t, &s)
				for _, it := range s.Items {
					for k, id := range ids {
						if it.ID == id && (!vis[k] || k == "staffDraft") {
							t.Fatalf("similar shows %s", k)
						}
					}
				}
			}
		})
	}
	t.Run("PublicView", func(t *testing.T) {
		for _, tok := range []string{"", cdo} {
			r := env.Do(apitest.Request{Method: "GET", Path: "/public/ideas?q=Sichtbarkeitsmatrix", Token: tok})
			var l ideaList
			r.JSON(t, &l)
			if r.Status != 200 || l.Total != 2 || !hasID(l, ids["citizenScreened"]) || !hasID(l, ids["staffPublicScreened"]) {
				t.Fatalf("%d %+v", r.Status, l)
			}
		}
		if r := env.Do(apitest.Request{Method: "GET", Path: "/public/ideas/" + ids["citizenUnscreened"], Token: cit}); r.Status != 404 {
			t.Fatalf("unscreened public detail: %d", r.Status)
		}
		r := env.Do(apitest.Request{Method: "GET", Path: "/public/ideas/" + ids["citizenScreened"]})
		m := r.Map(t)
		if r.Status != 200 || m["authorName"] != "Cem Bürger" || len(m["decisions"].([]any)) != 1 {
			t.Fatalf("%d %v", r.Status, m)
		}
	})
}

func TestListIdeas(t *testing.T) {
	env := apitest.New(t)
	emp, cdo := env.Login(apitest.Employee), env.Login(apitest.CDO)
	t.Run("DemoDataListed", func(t *testing.T) {
		if l := listIdeas(t, env, cdo, ""); l.Total < 30 {
			t.Fatalf("cdo sees %d demo ideas", l.Total)
		}
	})
	cases := []struct {
		name, query string
		status      int
	}{
		{"Search", "q=Buergeramt", 200},
		{"Prefix", "q=Digitalis", 200},
		{"Stages", "stage=evaluation,pilot", 200},
		{"StagesRepeated", "stage=evaluation&stage=pilot", 200},
		{"SortSupports", "sort=supports", 200},
		{"SortScore", "sort=score", 200},
		{"SortActivity", "sort=activity", 200},
		{"Mine", "mine=true", 200},
		{"Followed", "followed=true", 200},
		{"Assigned", "assigned=true", 200},
		{"Source", "source=citizen", 200},
		{"Visibility", "visibility=internal", 200},
		{"Tag", "tag=Bürgeramt", 200},
		{"ErrStage", "stage=heaven", 400},
		{"ErrSort", "sort=random", 400},
		{"ErrRelevanceWithoutQ", "sort=relevance", 400},
		{"ErrLimit", "limit=1000", 400},
		{"ErrLimitType", "limit=abc", 400},
		{"ErrMine", "mine=yes", 400},
		{"ErrVisibility", "visibility=secret", 400},
		{"ErrCursor", "cursor=abc", 400},
		{"ErrQueryTooLong", "q=" + string(make([]byte, 201)), 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := c.query
			if c.name == "ErrQueryTooLong" {
				q = "q=" + url.QueryEscape(fmt.Sprintf("%0201d", 0))
			}
			r := env.Do(apitest.Request{Method: "GET", Path: "/ideas?" + q, Token: emp})
			if r.Status != c.status {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
		})
	}
	t.Run("SearchGerman", func(t *testing.T) {
		for _, q := range []string{"Buergeramt", "bürgeramt", "BURGERAMT"} {
			l := listIdeas(t, env, cdo, "q="+url.QueryEscape(q))
			if l.Total == 0 || l.Items[0].Title == "" {
				t.Fatalf("q=%s found nothing", q)
			}
		}
		if l := listIdeas(t, env, cdo, "q=Digitalis"); !hasTitle(l, "Digitale Bauakte") && !hasTitle(l, "Open-Source-Software in der Verwaltung") && l.Total == 0 {
			t.Fatalf("prefix: %+v", l)
		}
	})
	t.Run("ErrMineAnonymous", func(t *testing.T) {
		if r := env.Do(apitest.Request{Method: "GET", Path: "/ideas?mine=true"}); r.Status != 401 {
			t.Fatalf("%d", r.Status)
		}
	})
	t.Run("FollowedFilter", func(t *testing.T) {
		l := listIdeas(t, env, emp, "stage=evaluation&limit=1")
		id := l.Items[0].ID
		if r := env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + id + "/follow", Token: emp}); r.Status != 200 {
			t.Fatalf("follow: %d %s", r.Status, r.Body)
		}
		f := listIdeas(t, env, emp, "followed=true")
		if f.Total != 1 || f.Items[0].ID != id {
			t.Fatalf("followed: %+v", f)
		}
	})
}

func hasTitle(l ideaList, title string) bool {
	for _, i := range l.Items {
		if i.Title == title {
			return true
		}
	}
	return false
}

func TestIdeaPaginationStable(t *testing.T) {
	env := apitest.New(t)
	emp := env.Login(apitest.Employee)
	for _, sort := range []string{"newest", "activity", "relevance"} {
		t.Run(sort, func(t *testing.T) {
			q := "sort=" + sort + "&limit=7&q=" + url.QueryEscape("Seite"+sort)
			var made []string
			for n := range 20 {
				made = append(made, createIdea(t, env, emp, map[string]any{"title": fmt.Sprintf("Seite%s %d", sort, n), "summary": "s"}).ID)
			}
			seen := map[string]bool{}
			cursor := ""
			for {
				l := listIdeas(t, env, emp, q+cursor)
				for _, i := range l.Items {
					if seen[i.ID] {
						t.Fatalf("repeated %s", i.ID)
					}
					seen[i.ID] = true
				}
				createIdea(t, env, emp, map[string]any{"title": "Seite" + sort + " neu", "summary": "s"})
				if l.NextCursor == nil {
					break
				}
				cursor = "&cursor=" + *l.NextCursor
			}
			for _, id := range made {
				if !seen[id] {
					t.Fatalf("skipped %s", id)
				}
			}
		})
	}
	t.Run("ErrCursorOtherQuery", func(t *testing.T) {
		l := listIdeas(t, env, emp, "limit=2")
		r := env.Do(apitest.Request{Method: "GET", Path: "/ideas?limit=2&sort=supports&cursor=" + *l.NextCursor, Token: emp})
		if r.Status != 400 {
			t.Fatalf("%d", r.Status)
		}
	})
}

// TestIdeaTenantIsolation runs two tenants with identical data: nothing crosses.
func TestIdeaTenantIsolation(t *testing.T) {
	env := apitest.New(t)
	octx, other := mongotest.MustCreateTenant(t, env.DB, "andere-stadt", "andere.example")
	foreign := &domain.Idea{Title: "Online-Terminvergabe im Bürgeramt", Summary: "Gleicher Text", Description: "d",
		Visibility: domain.VisibilityPublic, Source: domain.SourceStaff, AuthorID: "x", Stage: domain.StageEvaluation, ScreeningPassed: true}
	if err := env.DB.CreateIdea(octx, foreign); err != nil {
		t.Fatal(err)
	}
	_ = other
	cdo := env.Login(apitest.CDO)
	own := listIdeas(t, env, cdo, "q=Terminvergabe")
	if hasID(own, foreign.ID) {
		t.Fatal("foreign idea in search")
	}
	for _, p := range []string{"/ideas/" + foreign.ID, "/public/ideas/" + foreign.ID} {
		if r := env.Do(apitest.Request{Method: "GET", Path: p, Token: cdo}); r.Status != 404 {
			t.Fatalf("GET %s: %d", p, r.Status)
		}
	}
	h := http.Header{"If-Match": {`"v1"`}}
	if r := env.Do(apitest.Request{Method: "PATCH", Path: "/ideas/" + foreign.ID, Token: cdo, Header: h, Body: map[string]any{"title": "Übernommen!"}}); r.Status != 404 {
		t.Fatalf("PATCH: %d", r.Status)
	}
	if r := env.Do(apitest.Request{Method: "POST", Path: "/ideas/similar", Token: cdo, Body: map[string]any{"title": foreign.Title, "summary": foreign.Summary}}); r.Status == 200 {
		if strings.Contains(string(r.Body), foreign.ID) {
			t.Fatal("foreign idea in similar")
		}
	}
	// The other tenant's host sees only its own idea.
	r := env.Do(apitest.Request{Method: "GET", Path: "/public/ideas", Host: "andere.example"})
	var l ideaList
	r.JSON(t, &l)
	if r.Status != 200 || l.Total != 1 || l.Items[0].ID != foreign.ID {
		t.Fatalf("other tenant: %d %+v", r.Status, l)
	}
	got, _ := env.DB.FindIdeaByID(octx, foreign.ID)
	if got.Title != foreign.Title || got.Version != 1 {
		t.Fatalf("foreign idea changed: %+v", got)
	}
}
