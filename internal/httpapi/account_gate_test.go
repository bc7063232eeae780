package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// TestAccessTokenFollowsTheAccount: an access token lives for 15 minutes, but what it may
// do follows the account as it is now. A deleted or deactivated account is refused at once
// with the token it still holds, changed roles apply at once, and a change another
// instance made (here: straight in the store) holds within seconds.
func TestAccessTokenFollowsTheAccount(t *testing.T) {
	env := apitest.New(t)
	admin := env.Login(apitest.Admin)
	idea := mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: env.Login(apitest.Employee), Body: map[string]any{
		"title": "Sitzbänke am Aasee", "summary": "Mehr Bänke am Ufer.", "description": "Für alle, die rasten wollen.", "visibility": "public", "submit": true}}),
		http.StatusCreated, "idea")
	ideaID := idea["id"].(string)

	t.Run("DeletedAccount", func(t *testing.T) {
		cit := env.Login(apitest.Citizen)
		mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/me", Token: cit}), http.StatusOK, "me before")
		mustStatus(t, env.Do(apitest.Request{Method: "DELETE", Path: "/me", Token: cit, Body: map[string]string{"password": apitest.Password}}), http.StatusNoContent, "delete")
		for _, r := range []apitest.Request{
			{Method: "GET", Path: "/me", Token: cit},
			{Method: "POST", Path: "/ideas", Token: cit, Body: map[string]any{"title": "Geisterkonto Idee", "summary": "Darf es nicht geben."}},
			{Method: "PUT", Path: "/ideas/" + ideaID + "/support", Token: cit},
			{Method: "POST", Path: "/ideas/" + ideaID + "/comments", Token: cit, Body: map[string]string{"body": "Geisterkommentar"}},
		} {
			if got := env.Do(r); got.Status != http.StatusUnauthorized {
				t.Fatalf("%s %s with a deleted account's token: %d %s", r.Method, r.Path, got.Status, got.Body)
			}
		}
	})

	t.Run("DeactivatedAccount", func(t *testing.T) {
		emp := env.Login(apitest.Employee)
		mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/me", Token: emp}), http.StatusOK, "me before")
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/users/" + env.UserID(apitest.Employee), Token: admin,
			Body: map[string]any{"status": "deactivated"}}), http.StatusOK, "deactivate")
		if r := env.Do(apitest.Request{Method: "GET", Path: "/me", Token: emp}); r.Status != http.StatusUnauthorized {
			t.Fatalf("deactivated account's token: %d %s", r.Status, r.Body)
		}
		// Active again: the same token works again (it is the account that was refused).
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/users/" + env.UserID(apitest.Employee), Token: admin,
			Body: map[string]any{"status": "active"}}), http.StatusOK, "reactivate")
		mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/me", Token: emp}), http.StatusOK, "me after")
	})

	t.Run("ChangedRoles", func(t *testing.T) {
		rev := env.Login(apitest.Reviewer)
		mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/reviews/assigned", Token: rev}), http.StatusOK, "assigned before")
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/users/" + env.UserID(apitest.Reviewer), Token: admin,
			Body: map[string]any{"roles": []string{"employee", "cdo"}}}), http.StatusOK, "roles")
		if r := env.Do(apitest.Request{Method: "GET", Path: "/reviews/assigned", Token: rev}); r.Status != http.StatusForbidden {
			t.Fatalf("reviewer role removed, same token: %d %s", r.Status, r.Body)
		}
		mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/comments/reported", Token: rev}), http.StatusOK, "cdo role granted, same token")
	})

	t.Run("ChangedElsewhere", func(t *testing.T) {
		rev2 := env.Login(apitest.Reviewer2)
		mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/me", Token: rev2}), http.StatusOK, "me before")
		u, err := env.DB.FindUserByID(env.Ctx, env.UserID(apitest.Reviewer2))
		if err != nil {
			t.Fatal(err)
		}
		u.Status = domain.UserDeactivated
		if err := env.DB.UpdateUser(env.Ctx, u); err != nil {
			t.Fatal(err)
		}
		// Another instance's change: this one still knows the account as it read it …
		mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/me", Token: rev2}), http.StatusOK, "within the account's freshness")
		// … for a few seconds.
		env.Clock.Advance(6 * time.Second)
		if r := env.Do(apitest.Request{Method: "GET", Path: "/me", Token: rev2}); r.Status != http.StatusUnauthorized {
			t.Fatalf("deactivated elsewhere, seconds later: %d %s", r.Status, r.Body)
		}
	})
}
