package httpapi_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// TestViewerFlagsFromMemory: an idea page's "supported" and "following" come from the
// engagement cache — loaded at start, kept exact through this instance's writes — and
// always agree with the store.
func TestViewerFlagsFromMemory(t *testing.T) {
	env := apitest.New(t)
	tid := env.Demo.Tenant.ID
	type flags struct {
		ID        string
		Revision  int64 `json:"-"`
		Supported bool
		Following bool
	}
	// check reads the idea page as user and compares its flags with the store's facts and
	// the cache's, which must know the idea at its current revision.
	check := func(t *testing.T, tok, userID, ideaID string) flags {
		t.Helper()
		r := env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + ideaID, Token: tok})
		if r.Status != http.StatusOK {
			t.Fatalf("GET idea: %d %s", r.Status, r.Body)
		}
		var got flags
		r.JSON(t, &got)
		sup, err1 := env.DB.HasSupported(env.Ctx, ideaID, userID)
		fol, err2 := env.DB.IsFollowing(env.Ctx, ideaID, userID)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if got.Supported != sup || got.Following != fol {
			t.Fatalf("page says supported=%v following=%v, store %v %v", got.Supported, got.Following, sup, fol)
		}
		rev, _ := env.API.IdeaIndex.Revision(tid, ideaID)
		csup, cfol, ok := env.API.CachedFlags(tid, ideaID, rev, userID)
		if !ok {
			t.Fatalf("the cache does not know idea %s at revision %d", ideaID, rev)
		}
		if csup != sup || cfol != fol {
			t.Fatalf("cache says %v %v, store %v %v", csup, cfol, sup, fol)
		}
		return got
	}

	t.Run("DemoEngagementLoadedAtStart", func(t *testing.T) {
		users := []string{apitest.Citizen, apitest.Employee, apitest.CDO, apitest.Reviewer}
		seen := map[bool]int{}
		for _, email := range users {
			tok, uid := env.Login(email), env.UserID(email)
			for _, id := range env.API.IdeaIndex.IDs(tid) {
				i, err := env.DB.FindIdeaByID(env.Ctx, id)
				if err != nil || !domain.CanSeeIdea(&domain.Actor{UserID: uid, TenantID: tid, Roles: roles(t, env, uid)}, i) {
					continue
				}
				f := check(t, tok, uid, id)
				seen[f.Supported || f.Following]++
			}
		}
		if seen[true] == 0 || seen[false] == 0 {
			t.Fatalf("the demo should have pages with and without the caller's support or follow: %v", seen)
		}
	})

	t.Run("ThisInstancesWritesKeepItExact", func(t *testing.T) {
		// The reviewer (staff: sees the idea before screening) supports and follows.
		viewer, cdo := env.Login(apitest.Reviewer), env.Login(apitest.CDO)
		vid := env.UserID(apitest.Reviewer)
		r := env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: env.Login(apitest.Employee), Body: map[string]any{
			"title": "Sitzbänke am Aasee erneuern", "summary": "Neue Bänke", "description": "Die alten sind morsch.",
			"visibility": "public", "submit": true}})
		if r.Status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		var idea struct{ ID string }
		r.JSON(t, &idea)
		check(t, viewer, vid, idea.ID) // a new idea: known empty at once
		steps := []apitest.Request{
			{Method: "PUT", Path: "/ideas/" + idea.ID + "/support", Token: viewer},
			{Method: "PUT", Path: "/ideas/" + idea.ID + "/follow", Token: viewer},
			{Method: "POST", Path: "/ideas/" + idea.ID + "/comments", Token: cdo, Body: map[string]any{"body": "Gute Idee."}},
			{Method: "POST", Path: "/ideas/" + idea.ID + "/transitions", Token: cdo, Body: map[string]any{"to": "screening"}},
			{Method: "DELETE", Path: "/ideas/" + idea.ID + "/follow", Token: viewer},
			{Method: "DELETE", Path: "/ideas/" + idea.ID + "/support", Token: viewer},
			{Method: "PUT", Path: "/ideas/" + idea.ID + "/support", Token: viewer},
		}
		want := []flags{{Supported: true}, {Supported: true, Following: true}, {Supported: true, Following: true},
			{Supported: true, Following: true}, {Supported: true}, {}, {Supported: true}}
		for k, req := range steps {
			if r := env.Do(req); r.Status >= 300 {
				t.Fatalf("%s %s: %d %s", req.Method, req.Path, r.Status, r.Body)
			}
			got := check(t, viewer, vid, idea.ID)
			if got.Supported != want[k].Supported || got.Following != want[k].Following {
				t.Fatalf("after %s %s: %+v, want %+v", req.Method, req.Path, got, want[k])
			}
		}
	})

	t.Run("ConcurrentSupporters", func(t *testing.T) {
		i := engIdea(t, env, nil)
		check(t, env.Login(apitest.Citizen), env.UserID(apitest.Citizen), i.ID)
		toks := make([]string, 20)
		ids := make([]string, len(toks))
		for k := range toks {
			email := fmt.Sprintf("flagge%d@stadt.example", k)
			toks[k] = engCitizen(t, env, email)
			u, err := env.DB.FindUserByEmail(env.Ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			ids[k] = u.ID
		}
		var wg sync.WaitGroup
		for k, tok := range toks {
			wg.Go(func() {
				path := "/ideas/" + i.ID + "/support"
				if k%3 == 0 {
					path = "/ideas/" + i.ID + "/follow"
				}
				if r := env.Do(apitest.Request{Method: "PUT", Path: path, Token: tok}); r.Status != http.StatusOK {
					t.Errorf("got %d %s", r.Status, r.Body)
				}
			})
		}
		wg.Wait()
		for k, tok := range toks {
			f := check(t, tok, ids[k], i.ID)
			if f.Supported != (k%3 != 0) || f.Following != (k%3 == 0) {
				t.Fatalf("user %d: %+v", k, f)
			}
		}
	})
}

func roles(t *testing.T, env *apitest.Env, userID string) []domain.Role {
	t.Helper()
	u, err := env.DB.FindUserByID(env.Ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	return u.Roles
}
