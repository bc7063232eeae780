package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
)

// TestStaffDirectory: staff find colleagues by a part of their name to make them co-authors;
// the directory lists active staff only, never addresses, and cannot be searched by address.
func TestStaffDirectory(t *testing.T) {
	env := apitest.New(t)
	emp := env.Login(apitest.Employee)
	find := func(tok, query string) *apitest.Response {
		return env.Do(apitest.Request{Method: "GET", Path: "/users?" + query, Token: tok})
	}
	names := func(r *apitest.Response) []string {
		t.Helper()
		var out []string
		for _, it := range mustStatus(t, r, http.StatusOK, "directory")["items"].([]any) {
			u := it.(map[string]any)
			if _, ok := u["email"]; ok {
				t.Fatalf("directory shows an address: %v", u)
			}
			out = append(out, u["displayName"].(string))
		}
		return out
	}
	if got := names(find(emp, "role=employee&q=gutach")); len(got) != 1 || got[0] != "Rita Gutachterin" {
		t.Fatalf("by name: %v", got)
	}
	// Umlauts typed without them find the name all the same.
	for _, q := range []string{"Pruef", "Pr%C3%BCf", "pruf"} {
		if got := names(find(emp, "role=employee&q="+q)); len(got) != 1 || got[0] != "Robert Prüfer" {
			t.Fatalf("q=%s: %v", q, got)
		}
	}
	if got := names(find(env.Login(apitest.Reviewer), "role=employee&q=%20Mitarb%20")); len(got) != 1 || got[0] != "Erik Mitarbeiter" {
		t.Fatalf("reviewer, trimmed: %v", got)
	}
	// Not by address, not citizens.
	if got := names(find(emp, "role=employee&q=reviewer2%40")); len(got) != 0 {
		t.Fatalf("found by address: %v", got)
	}
	if got := names(find(emp, "role=employee&q=B%C3%BCrger")); len(got) != 0 {
		t.Fatalf("citizen listed: %v", got)
	}
	// Deactivated colleagues are not offered.
	adm := env.Login(apitest.Admin)
	mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/users/" + env.UserID(apitest.Reviewer), Token: adm,
		Body: map[string]any{"status": "deactivated"}}), http.StatusOK, "deactivate")
	if got := names(find(emp, "role=employee&q=Pr%C3%BCfer")); len(got) != 0 {
		t.Fatalf("deactivated user listed: %v", got)
	}
	for name, c := range map[string]struct {
		tok, query string
		status     int
	}{
		"OneLetter":      {emp, "role=employee&q=R", http.StatusBadRequest},
		"NoQuery":        {emp, "role=employee", http.StatusBadRequest},
		"AllUsers":       {emp, "", http.StatusForbidden},
		"Reviewers":      {emp, "role=reviewer", http.StatusForbidden},
		"Citizen":        {env.Login(apitest.Citizen), "role=employee&q=Rita", http.StatusForbidden},
		"Anonymous":      {"", "role=employee&q=Rita", http.StatusUnauthorized},
		"HostileQuery":   {emp, `role=employee&q=%7B%22%24gt%22%3A%22%22%7D`, http.StatusOK},
		"RegexQuery":     {emp, "role=employee&q=.%2A", http.StatusOK},
		"CDOReviewers":   {env.Login(apitest.CDO), "role=reviewer", http.StatusOK},
		"AdminEverybody": {adm, "", http.StatusOK},
	} {
		t.Run(name, func(t *testing.T) {
			r := find(c.tok, c.query)
			if r.Status != c.status {
				t.Fatalf("got %d, want %d: %s", r.Status, c.status, r.Body)
			}
			if name == "HostileQuery" || name == "RegexQuery" {
				if got := names(r); len(got) != 0 {
					t.Fatalf("%s matched %v", name, got)
				}
			}
		})
	}

	// A colleague found there becomes a co-author.
	rita := find(emp, "role=employee&q=Rita").Map(t)["items"].([]any)[0].(map[string]any)["id"].(string)
	r := env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: emp, Body: map[string]any{
		"title": "Gemeinsame Idee mit Rita", "summary": "Zusammen eingereicht", "coAuthorIds": []string{rita}}})
	idea := mustStatus(t, r, http.StatusCreated, "create with co-author")
	co := idea["coAuthors"].([]any)
	if len(co) != 1 || co[0].(map[string]any)["displayName"] != "Rita Gutachterin" {
		t.Fatalf("co-authors %v", co)
	}
}
