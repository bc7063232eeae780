package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// visibleWithin is how soon a write on one instance must show in the lists and search of
// another: the instances learn of each other's writes through the idea change feed, which
// the follower polls five times a second.
const visibleWithin = time.Second

// TestScaleOutWritesVisibleOnOtherInstance runs two servers on one store (one database, one
// JWT key, as behind a load balancer) and checks that a write on either instance — a new
// idea, transitions, a support and its withdrawal — shows in the other instance's lists and
// search within a second.
func TestScaleOutWritesVisibleOnOtherInstance(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "jwt.pem")
	if _, err := auth.LoadOrCreateKey(keyFile, true); err != nil {
		t.Fatal(err)
	}
	db := mongotest.DatabaseName(t)
	const password = "Scale-Out-Passwort-2026"
	env := func(demo string) map[string]string {
		return map[string]string{
			"IDEENWERK_ADDR": "127.0.0.1:0", "IDEENWERK_DATA_DIR": t.TempDir(), "IDEENWERK_LOG_LEVEL": "warn",
			"IDEENWERK_MONGODB_URI": mongotest.URI(t), "IDEENWERK_DATABASE": db, "IDEENWERK_JWT_KEY_FILE": keyFile,
			"IDEENWERK_DEMO": demo, "IDEENWERK_DEMO_PASSWORD": password,
		}
	}
	a, _, stopA := server(t, env("true")) // seeds the demo tenant and users
	defer stopA()
	b, _, stopB := server(t, env("false"))
	defer stopB()

	author := loginToken(t, a, "employee@ideenwerk.example", password)
	cdo := loginToken(t, a, "cdo@ideenwerk.example", password)
	citizen := loginToken(t, b, "citizen@ideenwerk.example", password)

	// A new idea, submitted on A, is listed and found on B.
	var created struct {
		ID string `json:"id"`
	}
	call(t, a, http.MethodPost, "/api/v1/ideas", author, map[string]any{
		"title": "Quantenkompost für Stadtteilgärten", "summary": "Kompost aus allen Stadtteilen sammeln und messen.",
		"description": "Eine Sammelstelle je Stadtteil.", "visibility": "public", "submit": true,
	}, http.StatusCreated, &created)
	waitFor(t, "the new idea in B's staff list", func() bool {
		return findItem(t, b, "/api/v1/ideas?stage=submitted&sort=newest&limit=100", cdo, created.ID) != nil
	})
	waitFor(t, "the new idea in B's search", func() bool {
		return findItem(t, b, "/api/v1/ideas?q="+url.QueryEscape("Quantenkompost"), cdo, created.ID) != nil
	})

	// Transitions on A move it through screening into evaluation on B's lists; once
	// screened it is public, so B's anonymous public list shows it too.
	for _, to := range []string{"screening", "evaluation"} {
		call(t, a, http.MethodPost, "/api/v1/ideas/"+created.ID+"/transitions", cdo, map[string]any{"to": to}, http.StatusCreated, nil)
		waitFor(t, "stage "+to+" in B's list", func() bool {
			return findItem(t, b, "/api/v1/ideas?stage="+to+"&limit=100", cdo, created.ID) != nil
		})
	}
	waitFor(t, "the screened idea in B's public list and search", func() bool {
		return findItem(t, b, "/api/v1/public/ideas?limit=100", "", created.ID) != nil &&
			findItem(t, b, "/api/v1/public/ideas?q=quantenkompost", "", created.ID) != nil
	})

	// A's detail page of the idea is cached by revision (httpapi/idea_detail.go): read it
	// now, so the cached copy must give way to B's support below.
	var before listedIdea
	call(t, a, http.MethodGet, "/api/v1/ideas/"+created.ID, cdo, nil, http.StatusOK, &before)

	// A support on B counts in A's lists, search and detail; its withdrawal on A shows on B.
	call(t, b, http.MethodPut, "/api/v1/ideas/"+created.ID+"/support", citizen, nil, http.StatusOK, nil)
	waitFor(t, "the support in A's list sorted by supports and in A's search", func() bool {
		l := findItem(t, a, "/api/v1/ideas?sort=supports&stage=evaluation&limit=100", cdo, created.ID)
		s := findItem(t, a, "/api/v1/ideas?q=Quantenkompost", cdo, created.ID)
		return l != nil && l.SupportCount == 1 && s != nil && s.SupportCount == 1
	})
	waitFor(t, "the support on A's detail page", func() bool {
		var d listedIdea
		call(t, a, http.MethodGet, "/api/v1/ideas/"+created.ID, cdo, nil, http.StatusOK, &d)
		return d.SupportCount == 1
	})
	if before.SupportCount != 0 {
		t.Fatalf("support count before the support: %d", before.SupportCount)
	}
	call(t, a, http.MethodDelete, "/api/v1/ideas/"+created.ID+"/support", citizen, nil, http.StatusOK, nil)
	waitFor(t, "the withdrawn support in B's public list", func() bool {
		i := findItem(t, b, "/api/v1/public/ideas?q=quantenkompost", "", created.ID)
		return i != nil && i.SupportCount == 0
	})
}

type listedIdea struct {
	ID           string `json:"id"`
	Stage        string `json:"stage"`
	SupportCount int    `json:"supportCount"`
}

// findItem returns the idea with id from a list, or nil.
func findItem(t *testing.T, base, path, token, id string) *listedIdea {
	t.Helper()
	var page struct {
		Items []listedIdea `json:"items"`
	}
	call(t, base, http.MethodGet, path, token, nil, http.StatusOK, &page)
	for k := range page.Items {
		if page.Items[k].ID == id {
			return &page.Items[k]
		}
	}
	return nil
}

// waitFor polls cond until it holds, failing the test if that takes longer than
// visibleWithin after the write that preceded it.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	start := time.Now()
	for {
		if cond() {
			t.Logf("%s after %v", what, time.Since(start).Round(time.Millisecond))
			return
		}
		if time.Since(start) > visibleWithin {
			t.Fatalf("%s: not visible within %v", what, visibleWithin)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func loginToken(t *testing.T, base, email, password string) string {
	t.Helper()
	var s struct {
		AccessToken string `json:"accessToken"`
	}
	call(t, base, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"email": email, "password": password}, http.StatusOK, &s)
	return s.AccessToken
}

// call sends a JSON request, checks the status and decodes the answer into out (if not nil).
func call(t *testing.T, base, method, path, token string, body any, want int, out any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, path, resp.StatusCode, want, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatal(fmt.Errorf("%s %s: %w", method, path, err))
		}
	}
}
