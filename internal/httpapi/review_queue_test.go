package httpapi_test

import (
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// TestReviewQueuePages covers the reviewer's queue: open assignments soonest due first, done
// ones latest due first, pages that join up, and declined assignments in neither.
func TestReviewQueuePages(t *testing.T) {
	env := apitest.New(t)
	cdo, rev2 := env.Login(apitest.CDO), env.Login(apitest.Reviewer2)
	now := env.Clock.Now()
	assign := func(id string, days int) {
		t.Helper()
		mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + id + "/reviewers", Token: cdo, Body: map[string]any{
			"reviewers": []map[string]any{{"reviewerId": env.UserID(apitest.Reviewer2), "dueAt": day(now.AddDate(0, 0, days))}}}}), 200, "assign")
	}
	type item struct{ id, stage, status string }
	// all pages through a state with the given page size.
	all := func(state string, limit int) (items []item, total int) {
		t.Helper()
		cursor := ""
		for range 100 {
			q := url.Values{"state": {state}, "limit": {fmt.Sprint(limit)}}
			if cursor != "" {
				q.Set("cursor", cursor)
			}
			p := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/reviews/assigned?" + q.Encode(), Token: rev2}), 200, "queue")
			total = int(p["total"].(float64))
			for _, it := range p["items"].([]any) {
				it := it.(map[string]any)
				idea := it["idea"].(map[string]any)
				items = append(items, item{idea["id"].(string), idea["stage"].(string), it["reviewStatus"].(string)})
			}
			next, _ := p["nextCursor"].(string)
			if next == "" {
				return items, total
			}
			cursor = next
		}
		t.Fatal("the pages do not end")
		return nil, 0
	}
	openBefore, _ := all("open", 100)
	doneBefore, _ := all("done", 100)

	// Open: due in 9, 3, 7, 3 (the ID orders equal days) and 5 days; the one due in 5 is in
	// screening.
	var open []string
	for n, days := range []int{9, 3, 7, 3, 5} {
		stage := domain.StageEvaluation
		if days == 5 {
			stage = domain.StageScreening
		}
		i := funnelIdea(t, env, stage, func(i *domain.Idea) { i.Title = fmt.Sprintf("Offene Zuweisung %d", n) })
		assign(i.ID, days)
		open = append(open, i.ID)
	}
	// Done: assigned, then decided over the outstanding review, due in 4, 8 and 6 days.
	var done []string
	for n, days := range []int{4, 8, 6} {
		i := funnelIdea(t, env, domain.StageEvaluation, func(i *domain.Idea) { i.Title = fmt.Sprintf("Erledigte Zuweisung %d", n) })
		assign(i.ID, days)
		mustStatus(t, transition(env, cdo, i.ID, map[string]any{"to": "decision", "override": true, "reason": "Entscheidung vor Fristende"}), 201, "decide")
		done = append(done, i.ID)
	}
	// Due times finer than a millisecond (written by the store layer, not through the API)
	// page like any other: the cursor keeps them whole.
	for n := range 2 {
		i := funnelIdea(t, env, domain.StageEvaluation, func(i *domain.Idea) { i.Title = fmt.Sprintf("Feine Frist %d", n) })
		rs, err := env.DB.FindIdeaReviewers(env.Ctx, i.ID)
		if err != nil {
			t.Fatal(err)
		}
		rs.CriteriaSetID = "default"
		rs.Assignments = []domain.Assignment{{ReviewerID: env.UserID(apitest.Reviewer2), DueAt: now.AddDate(0, 0, 20).Add(time.Duration(n*7+1) * time.Microsecond),
			AssignedAt: now, Status: domain.AssignmentActive}}
		if err := env.DB.SaveIdeaReviewers(env.Ctx, rs); err != nil {
			t.Fatal(err)
		}
		open = append(open, i.ID)
	}
	// Declined: in neither state.
	declined := funnelIdea(t, env, domain.StageEvaluation, nil)
	assign(declined.ID, 2)
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + declined.ID + "/reviews/mine/decline", Token: rev2,
		Body: map[string]any{"reason": "Ich habe an der Idee mitgearbeitet."}}), 204, "decline")
	// A submitted review on an open idea.
	mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + open[1] + "/reviews/mine", Token: rev2, Body: map[string]any{
		"noConflictOfInterest": true, "recommendation": "go", "confidence": "high", "scores": []map[string]any{
			{"key": "citizen_benefit", "score": 5}, {"key": "efficiency", "score": 4}, {"key": "feasibility", "score": 4},
			{"key": "strategy_fit", "score": 3}, {"key": "reusability", "score": 4}}}}), 200, "submit")

	ours := func(items []item, ids []string) (got []string, byID map[string]item) {
		byID = map[string]item{}
		for _, it := range items {
			if slices.Contains(ids, it.id) {
				got = append(got, it.id)
				byID[it.id] = it
			}
		}
		return got, byID
	}
	// The ideas due on the same day: the smaller ID first.
	a, b := open[1], open[3]
	if b < a {
		a, b = b, a
	}
	wantOpen := []string{a, b, open[4], open[2], open[0], open[5], open[6]}
	wantDone := []string{done[1], done[2], done[0]}
	for _, limit := range []int{1, 2, 100} {
		items, total := all("open", limit)
		got, byID := ours(items, append(slices.Clone(open), declined.ID))
		if !slices.Equal(got, wantOpen) || total != len(openBefore)+7 || len(items) != total {
			t.Fatalf("open, %d a page: %v (total %d, %d items), want %v", limit, got, total, len(items), wantOpen)
		}
		if byID[open[1]].status != "submitted" || byID[open[0]].status != "none" || byID[open[4]].stage != "screening" {
			t.Fatalf("open entries %v", byID)
		}
		items, total = all("done", limit)
		got, byID = ours(items, append(slices.Clone(done), declined.ID))
		if !slices.Equal(got, wantDone) || total != len(doneBefore)+3 || len(items) != total {
			t.Fatalf("done, %d a page: %v (total %d), want %v", limit, got, total, wantDone)
		}
		if byID[done[0]].stage != "decision" || byID[done[0]].status != "none" {
			t.Fatalf("done entries %v", byID)
		}
	}
	// The default is the open state.
	def := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/reviews/assigned", Token: rev2}), 200, "default")
	if int(def["total"].(float64)) != len(openBefore)+7 {
		t.Fatalf("default state: %v", def)
	}
	for _, bad := range []string{"state=all", "state=%7B%22%24gt%22%3A%22%22%7D", "limit=0", "limit=101", "cursor=%21%21", "cursor=MTIz", "cursor=eCB5"} {
		mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/reviews/assigned?" + bad, Token: rev2}), 400, bad)
	}
}
