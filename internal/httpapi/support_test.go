package httpapi_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// engIdea stores an idea of the demo tenant through the idea store: by default a public
// staff idea by the employee in screening that passed moderation; change sets the rest.
func engIdea(t *testing.T, env *apitest.Env, change func(*domain.Idea)) *domain.Idea {
	t.Helper()
	i := &domain.Idea{Title: "Digitale Terminvergabe im Bürgeramt", Summary: "Termine online buchen",
		Description: "Beschreibung", Visibility: domain.VisibilityPublic, Source: domain.SourceStaff,
		AuthorID: env.UserID(apitest.Employee), Stage: domain.StageScreening, ScreeningPassed: true}
	if change != nil {
		change(i)
	}
	if err := env.DB.CreateIdea(env.Ctx, i); err != nil {
		t.Fatalf("create idea: %v", err)
	}
	return i
}

// Ideas the ordinary users must not see: an internal idea (citizens), a citizen's idea
// before moderation (other citizens and staff but the cdo) and someone else's draft.
func engHiddenIdeas(t *testing.T, env *apitest.Env) map[string]*domain.Idea {
	return map[string]*domain.Idea{
		"InternalToCitizen": engIdea(t, env, func(i *domain.Idea) { i.Visibility = domain.VisibilityInternal }),
		"DraftOfOther": engIdea(t, env, func(i *domain.Idea) {
			i.Stage, i.ScreeningPassed = domain.StageDraft, false
		}),
		"UnmoderatedCitizenIdea": engIdea(t, env, func(i *domain.Idea) {
			i.AuthorID, i.Source, i.Stage, i.ScreeningPassed = env.UserID(apitest.CDO)+"-not", domain.SourceCitizen, domain.StageSubmitted, false
		}),
	}
}

func ideaCounts(t *testing.T, env *apitest.Env, id string) *domain.Idea {
	t.Helper()
	i, err := env.DB.FindIdeaByID(env.Ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

func TestSupportAPI(t *testing.T) {
	env := apitest.New(t)
	citizen, employee, cdo, reviewer := env.Login(apitest.Citizen), env.Login(apitest.Employee), env.Login(apitest.CDO), env.Login(apitest.Reviewer)
	put := func(tok, id string) *apitest.Response {
		return env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + id + "/support", Token: tok})
	}
	del := func(tok, id string) *apitest.Response {
		return env.Do(apitest.Request{Method: "DELETE", Path: "/ideas/" + id + "/support", Token: tok})
	}
	type state struct {
		IdeaID       string
		Supported    bool
		SupportCount int
	}
	expect := func(t *testing.T, r *apitest.Response, supported bool, count int) {
		t.Helper()
		if r.Status != http.StatusOK {
			t.Fatalf("got %d %s", r.Status, r.Body)
		}
		var s state
		r.JSON(t, &s)
		if s.Supported != supported || s.SupportCount != count {
			t.Fatalf("got %+v, want supported=%v count=%d", s, supported, count)
		}
	}

	t.Run("IdempotentPutAndDelete", func(t *testing.T) {
		i := engIdea(t, env, nil)
		expect(t, put(citizen, i.ID), true, 1)
		expect(t, put(citizen, i.ID), true, 1)
		expect(t, put(reviewer, i.ID), true, 2)
		expect(t, put(cdo, i.ID), true, 3)
		expect(t, del(citizen, i.ID), false, 2)
		expect(t, del(citizen, i.ID), false, 2)
		if got := ideaCounts(t, env, i.ID); got.SupportCount != 2 {
			t.Fatalf("stored count %d", got.SupportCount)
		}
	})
	t.Run("ErrOwnIdea", func(t *testing.T) {
		i := engIdea(t, env, func(i *domain.Idea) { i.CoAuthorIDs = []string{env.UserID(apitest.Reviewer)} })
		for name, tok := range map[string]string{"Author": employee, "CoAuthor": reviewer} {
			r := put(tok, i.ID)
			if r.Status != http.StatusForbidden || r.ErrorCode() != "forbidden" {
				t.Fatalf("%s: got %d %s", name, r.Status, r.Body)
			}
		}
		if got := ideaCounts(t, env, i.ID); got.SupportCount != 0 {
			t.Fatalf("count %d", got.SupportCount)
		}
	})
	t.Run("ErrClosedIdea", func(t *testing.T) {
		for _, st := range []domain.Stage{domain.StageRejected, domain.StageImplemented, domain.StageWithdrawn, domain.StageMerged} {
			i := engIdea(t, env, func(i *domain.Idea) { i.Stage = st })
			if r := put(citizen, i.ID); r.Status != http.StatusConflict {
				t.Fatalf("%s: got %d %s", st, r.Status, r.Body)
			}
			expect(t, del(citizen, i.ID), false, 0) // withdrawing stays possible
		}
	})
	t.Run("ErrAnonymous", func(t *testing.T) {
		i := engIdea(t, env, nil)
		for _, r := range []*apitest.Response{put("", i.ID), del("", i.ID)} {
			if r.Status != http.StatusUnauthorized {
				t.Fatalf("got %d", r.Status)
			}
		}
	})
	t.Run("ErrInvisibleIdea", func(t *testing.T) {
		for name, i := range engHiddenIdeas(t, env) {
			for _, r := range []*apitest.Response{put(citizen, i.ID), del(citizen, i.ID)} {
				if r.Status != http.StatusNotFound || r.ErrorCode() != "not_found" {
					t.Fatalf("%s: got %d %s", name, r.Status, r.Body)
				}
			}
			if got := ideaCounts(t, env, i.ID); got.SupportCount != 0 {
				t.Fatalf("%s: count %d", name, got.SupportCount)
			}
		}
		if r := put(citizen, "no-such-idea"); r.Status != http.StatusNotFound {
			t.Fatalf("unknown idea: %d", r.Status)
		}
	})
	t.Run("FiftyConcurrentPutsOfOneUser", func(t *testing.T) {
		i := engIdea(t, env, nil)
		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				if r := put(citizen, i.ID); r.Status != http.StatusOK {
					t.Errorf("got %d %s", r.Status, r.Body)
				}
			})
		}
		wg.Wait()
		n, err := env.DB.CountSupports(env.Ctx, i.ID)
		if got := ideaCounts(t, env, i.ID); got.SupportCount != 1 || n != 1 || err != nil {
			t.Fatalf("count on idea %d, records %d (%v); want 1", got.SupportCount, n, err)
		}
	})
	t.Run("FiftyConcurrentSupporters", func(t *testing.T) {
		i := engIdea(t, env, nil)
		toks := make([]string, 50)
		for k := range toks {
			toks[k] = engCitizen(t, env, fmt.Sprintf("unterstuetzer%d@stadt.example", k))
		}
		var wg sync.WaitGroup
		for _, tok := range toks {
			wg.Go(func() {
				if r := put(tok, i.ID); r.Status != http.StatusOK {
					t.Errorf("got %d %s", r.Status, r.Body)
				}
			})
		}
		wg.Wait()
		n, err := env.DB.CountSupports(env.Ctx, i.ID)
		if got := ideaCounts(t, env, i.ID); got.SupportCount != 50 || n != 50 || err != nil {
			t.Fatalf("count on idea %d, records %d (%v); want 50", got.SupportCount, n, err)
		}
	})
}

// engCitizen creates an active citizen through the user store and returns an access token.
func engCitizen(t *testing.T, env *apitest.Env, email string) string {
	t.Helper()
	u := &domain.User{Email: email, DisplayName: "Bürger " + email[:6], Roles: []domain.Role{domain.RoleCitizen}, Status: domain.UserActive}
	if err := env.DB.CreateUser(env.Ctx, u); err != nil {
		t.Fatal(err)
	}
	tok, err := env.Signer.Issue(u, "test-family")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestFollowAPI(t *testing.T) {
	env := apitest.New(t)
	citizen, employee, cdo := env.Login(apitest.Citizen), env.Login(apitest.Employee), env.Login(apitest.CDO)
	do := func(method, tok, id string) *apitest.Response {
		return env.Do(apitest.Request{Method: method, Path: "/ideas/" + id + "/follow", Token: tok})
	}
	type state struct {
		Following     bool
		FollowerCount int
	}
	expect := func(t *testing.T, r *apitest.Response, following bool, count int) {
		t.Helper()
		if r.Status != http.StatusOK {
			t.Fatalf("got %d %s", r.Status, r.Body)
		}
		var s state
		r.JSON(t, &s)
		if s.Following != following || s.FollowerCount != count {
			t.Fatalf("got %+v, want following=%v count=%d", s, following, count)
		}
	}

	t.Run("FollowUnfollow", func(t *testing.T) {
		i := engIdea(t, env, nil)
		rejected := engIdea(t, env, func(i *domain.Idea) { i.Stage = domain.StageRejected })
		expect(t, do("PUT", citizen, i.ID), true, 1)
		expect(t, do("PUT", citizen, i.ID), true, 1)
		expect(t, do("PUT", employee, i.ID), true, 2) // authors may follow their own idea
		expect(t, do("PUT", cdo, i.ID), true, 3)
		expect(t, do("PUT", citizen, rejected.ID), true, 1)
		ids, err := env.DB.FollowedIdeaIDs(env.Ctx, env.UserID(apitest.Citizen))
		if err != nil || len(ids) != 2 || ids[0] != i.ID || ids[1] != rejected.ID {
			t.Fatalf("followed ideas %v, %v", ids, err)
		}
		followers, _ := env.DB.IdeaFollowerIDs(env.Ctx, i.ID)
		if len(followers) != 3 {
			t.Fatalf("followers %v", followers)
		}
		expect(t, do("DELETE", citizen, i.ID), false, 2)
		expect(t, do("DELETE", citizen, i.ID), false, 2)
		ids, _ = env.DB.FollowedIdeaIDs(env.Ctx, env.UserID(apitest.Citizen))
		if len(ids) != 1 || ids[0] != rejected.ID {
			t.Fatalf("followed ideas after unfollow %v", ids)
		}
	})
	t.Run("ErrAnonymous", func(t *testing.T) {
		i := engIdea(t, env, nil)
		if r := do("PUT", "", i.ID); r.Status != http.StatusUnauthorized {
			t.Fatalf("got %d", r.Status)
		}
	})
	t.Run("ErrInvisibleIdea", func(t *testing.T) {
		for name, i := range engHiddenIdeas(t, env) {
			if r := do("PUT", citizen, i.ID); r.Status != http.StatusNotFound {
				t.Fatalf("%s: got %d %s", name, r.Status, r.Body)
			}
		}
	})
}
