package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// TestReviewRules covers assignment, conflict of interest and the review gate's details.
func TestReviewRules(t *testing.T) {
	env := apitest.New(t)
	cdo, rev1, rev2, employee := env.Login(apitest.CDO), env.Login(apitest.Reviewer), env.Login(apitest.Reviewer2), env.Login(apitest.Employee)
	due := day(env.Clock.Now().AddDate(0, 0, 10))
	assign := func(id string, who ...string) *apitest.Response {
		var rs []map[string]any
		for _, w := range who {
			rs = append(rs, map[string]any{"reviewerId": env.UserID(w), "dueAt": due})
		}
		return env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + id + "/reviewers", Token: cdo, Body: map[string]any{"reviewers": rs}})
	}
	full := map[string]any{"noConflictOfInterest": true, "recommendation": "go", "confidence": "medium", "scores": []map[string]any{
		{"key": "citizen_benefit", "score": 4}, {"key": "efficiency", "score": 4}, {"key": "feasibility", "score": 4},
		{"key": "strategy_fit", "score": 4}, {"key": "reusability", "score": 4}}}
	put := func(tok, id string, body map[string]any) *apitest.Response {
		return env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + id + "/reviews/mine", Token: tok, Body: body})
	}

	t.Run("OnlyReviewers", func(t *testing.T) {
		i := funnelIdea(t, env, domain.StageEvaluation, nil)
		mustReason(t, assign(i.ID, apitest.Employee), 400, domain.RReviewerIsAuthor, "the author")
		if p := mustReason(t, assign(i.ID, apitest.Admin), 400, domain.RReviewerNotReviewer, "admin without reviewer role"); p["name"] == "" {
			t.Fatalf("no name: %v", p)
		}
		mustReason(t, assign(i.ID, apitest.Reviewer, apitest.Reviewer), 400, domain.RListedTwice, "twice")
		mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + i.ID + "/reviewers", Token: rev1,
			Body: map[string]any{"reviewers": []any{}}}), 403, "reviewer assigns")
		co := funnelIdea(t, env, domain.StageEvaluation, func(i *domain.Idea) { i.CoAuthorIDs = []string{env.UserID(apitest.Reviewer2)} })
		mustReason(t, assign(co.ID, apitest.Reviewer2), 400, domain.RReviewerIsAuthor, "co-author")
		mustReason(t, assign(funnelIdea(t, env, domain.StageDecision, nil).ID, apitest.Reviewer), 409, domain.RReviewersStage, "after evaluation")
	})
	t.Run("StayingReviewerKeepsAssignment", func(t *testing.T) {
		// A reviewer who submitted and then lost the reviewer role, with a due date since
		// passed, stays assigned while the cdo adds another.
		i := funnelIdea(t, env, domain.StageEvaluation, nil)
		mustStatus(t, assign(i.ID, apitest.Reviewer), 200, "assign")
		mustStatus(t, put(rev1, i.ID, full), 200, "submit")
		rs, err := env.DB.FindIdeaReviewers(env.Ctx, i.ID)
		if err != nil {
			t.Fatal(err)
		}
		rs.Assignments[0].DueAt = env.Clock.Now().AddDate(0, 0, -1).UTC()
		if err := env.DB.SaveIdeaReviewers(env.Ctx, rs); err != nil {
			t.Fatal(err)
		}
		u, err := env.DB.FindUserByID(env.Ctx, env.UserID(apitest.Reviewer))
		if err != nil {
			t.Fatal(err)
		}
		roles := u.Roles
		u.Roles = []domain.Role{domain.RoleEmployee}
		if err := env.DB.UpdateUser(env.Ctx, u); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			u, _ := env.DB.FindUserByID(env.Ctx, env.UserID(apitest.Reviewer))
			u.Roles = roles
			_ = env.DB.UpdateUser(env.Ctx, u)
		})
		kept := rs.Assignments[0].DueAt.Format(time.RFC3339Nano)
		body := map[string]any{"reviewers": []map[string]any{
			{"reviewerId": env.UserID(apitest.Reviewer), "dueAt": kept},
			{"reviewerId": env.UserID(apitest.Reviewer2), "dueAt": due}}}
		mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + i.ID + "/reviewers", Token: cdo, Body: body}), 200, "add a reviewer")
		// A new due date in the past is still refused, and a newcomer must be a reviewer.
		body["reviewers"].([]map[string]any)[0]["dueAt"] = day(env.Clock.Now().AddDate(0, 0, -2))
		mustReason(t, env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + i.ID + "/reviewers", Token: cdo, Body: body}), 400, domain.RDuePast, "moved into the past")
	})
	t.Run("DeactivatedReviewerReleased", func(t *testing.T) {
		// A reviewer whose account ends can no longer review: the open assignment is recorded
		// as declined with the reason, a submitted review stays, and the gate waits for no one.
		i := funnelIdea(t, env, domain.StageEvaluation, nil)
		done := funnelIdea(t, env, domain.StageEvaluation, nil)
		mustStatus(t, assign(i.ID, apitest.Reviewer, apitest.Reviewer2), 200, "assign")
		mustStatus(t, assign(done.ID, apitest.Reviewer2), 200, "assign")
		mustStatus(t, put(rev2, done.ID, full), 200, "submit")
		admin := env.Login(apitest.Admin)
		setStatus := func(status string) {
			mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/users/" + env.UserID(apitest.Reviewer2), Token: admin,
				Body: map[string]any{"status": status}}), 200, status)
		}
		setStatus("deactivated")
		t.Cleanup(func() { setStatus("active") })
		state := func(id string) map[string]string {
			r := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + id + "/reviewers", Token: cdo}), 200, "reviewers")
			out := map[string]string{}
			for _, it := range r["items"].([]any) {
				a := it.(map[string]any)
				reason, _ := a["declineReason"].(string)
				out[a["reviewer"].(map[string]any)["id"].(string)] = a["status"].(string) + "/" + reason
			}
			return out
		}
		if got := state(i.ID); got[env.UserID(apitest.Reviewer2)] != "declined/Konto deaktiviert" || got[env.UserID(apitest.Reviewer)] != "assigned/" {
			t.Fatalf("open assignment: %v", got)
		}
		if got := state(done.ID); got[env.UserID(apitest.Reviewer2)] != "assigned/" {
			t.Fatalf("submitted review: %v", got)
		}
		// Released, not declined: while the account is off it cannot be assigned; once it is
		// active again, the CDO can assign the reviewer anew.
		r := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID + "/reviewers", Token: cdo}), 200, "reviewers")
		for _, it := range r["items"].([]any) {
			if a := it.(map[string]any); a["reviewer"].(map[string]any)["id"] == env.UserID(apitest.Reviewer2) && a["released"] != true {
				t.Fatalf("not marked released: %v", a)
			}
		}
		mustReason(t, assign(i.ID, apitest.Reviewer, apitest.Reviewer2), 400, domain.RReviewerInactive, "deactivated reviewer")
		setStatus("active")
		mustStatus(t, assign(i.ID, apitest.Reviewer, apitest.Reviewer2), 200, "reactivated reviewer assigned anew")
		if got := state(i.ID); got[env.UserID(apitest.Reviewer2)] != "assigned/" {
			t.Fatalf("assigned anew: %v", got)
		}
		mustStatus(t, put(rev2, i.ID, full), 200, "and reviews")
	})
	t.Run("NoCoAuthorReviews", func(t *testing.T) {
		// A reviewer of the idea cannot be added as a co-author …
		i := funnelIdea(t, env, domain.StageEvaluation, nil)
		mustStatus(t, assign(i.ID, apitest.Reviewer), 200, "assign")
		etag := env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID, Token: cdo}).Header.Get("ETag")
		p := mustReason(t, env.Do(apitest.Request{Method: "PATCH", Path: "/ideas/" + i.ID, Token: cdo, Header: http.Header{"If-Match": {etag}},
			Body: map[string]any{"coAuthorIds": []string{env.UserID(apitest.Reviewer)}}}), 400, domain.RCoAuthorIsReviewer, "reviewer as co-author")
		if len(p) != 0 || strings.Contains(string(env.Do(apitest.Request{Method: "PATCH", Path: "/ideas/" + i.ID, Token: cdo, Header: http.Header{"If-Match": {etag}},
			Body: map[string]any{"coAuthorIds": []string{env.UserID(apitest.Reviewer)}}}).Body), "Robert") {
			t.Fatalf("the refusal names the reviewer: %v", p) // authors never learn who reviews
		}
		// … another colleague can, and is then not offered as a reviewer (CheckAssignable).
		mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/ideas/" + i.ID, Token: cdo, Header: http.Header{"If-Match": {etag}},
			Body: map[string]any{"coAuthorIds": []string{env.UserID(apitest.Reviewer2)}}}), 200, "colleague as co-author")
		// And a co-author who holds an assignment anyway (written before this rule) cannot review.
		stored := storedIdea(t, env, i.ID)
		stored.CoAuthorIDs = []string{env.UserID(apitest.Reviewer2), env.UserID(apitest.Reviewer)}
		if err := env.DB.UpdateIdea(env.Ctx, stored); err != nil {
			t.Fatal(err)
		}
		mustReason(t, put(rev1, i.ID, full), 403, domain.ROwnIdeaReview, "co-author reviews")
	})
	t.Run("CoAuthorAndReviewerAtOnce", func(t *testing.T) {
		// Adding a co-author and assigning the same person at the same moment: never both.
		// The co-author stays, the assignment is undone (domain.DropAuthorsAssignments).
		rev := env.UserID(apitest.Reviewer)
		both := 0
		for n := range 30 {
			i := funnelIdea(t, env, domain.StageEvaluation, nil)
			etag := env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID, Token: cdo}).Header.Get("ETag")
			var wg sync.WaitGroup
			var patch, put *apitest.Response
			wg.Go(func() {
				patch = env.Do(apitest.Request{Method: "PATCH", Path: "/ideas/" + i.ID, Token: cdo, Header: http.Header{"If-Match": {etag}},
					Body: map[string]any{"coAuthorIds": []string{rev}}})
			})
			wg.Go(func() { put = assign(i.ID, apitest.Reviewer) })
			wg.Wait()
			if patch.Status == 200 && put.Status == 200 {
				both++ // both passed their checks; the later one must have undone the assignment
			}
			for _, r := range []*apitest.Response{patch, put} {
				if r.Status != 200 && r.Status != 400 {
					t.Fatalf("run %d: %d %s", n, r.Status, r.Body)
				}
			}
			rs, err := env.DB.FindIdeaReviewers(env.Ctx, i.ID)
			if err != nil {
				t.Fatal(err)
			}
			if storedIdea(t, env, i.ID).IsAuthor(rev) && rs.IsAssigned(rev) {
				t.Fatalf("run %d: co-author and assigned reviewer at once (PATCH %d, PUT %d)", n, patch.Status, put.Status)
			}
		}
		t.Logf("both requests succeeded in %d of 30 runs", both)
	})
	t.Run("ScoreBlindWhileReviewed", func(t *testing.T) {
		// While the reviews come in, the running score is the CDO's alone: not a reviewer's
		// still to write theirs, nor the author's; afterwards staff and authors see it.
		i := funnelIdea(t, env, domain.StageEvaluation, nil)
		mustStatus(t, assign(i.ID, apitest.Reviewer, apitest.Reviewer2), 200, "assign")
		mustStatus(t, put(rev1, i.ID, full), 200, "first review")
		score := func(tok string) (page, list any) {
			p := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID, Token: tok}), 200, "idea page")
			l := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas?stage=evaluation&limit=100", Token: tok}), 200, "list")
			for _, it := range l["items"].([]any) {
				if m := it.(map[string]any); m["id"] == i.ID {
					return p["score"], m["score"]
				}
			}
			t.Fatalf("idea not listed")
			return nil, nil
		}
		for name, tok := range map[string]string{"pending reviewer": rev2, "author": employee, "submitted reviewer": rev1} {
			if p, l := score(tok); p != nil || l != nil {
				t.Fatalf("%s sees the score in evaluation: page %v, list %v", name, p, l)
			}
		}
		if p, l := score(cdo); p == nil || l == nil {
			t.Fatalf("the CDO does not see the score: page %v, list %v", p, l)
		}
		mustStatus(t, put(rev2, i.ID, full), 200, "second review")
		mustStatus(t, transition(env, cdo, i.ID, map[string]any{"to": "decision"}), 201, "to decision")
		p := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID, Token: employee}), 200, "author's page")
		if sc, _ := p["score"].(map[string]any); sc["reviewCount"] != 2.0 {
			t.Fatalf("author after evaluation: %v", p["score"])
		}
	})
	t.Run("DueDayIsWholeDay", func(t *testing.T) {
		// A calendar date is due at its end: nobody is overdue during the day itself.
		i := funnelIdea(t, env, domain.StageEvaluation, nil)
		mustStatus(t, assign(i.ID, apitest.Reviewer), 200, "assign")
		r := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID + "/reviewers", Token: cdo}), 200, "reviewers")
		a := r["items"].([]any)[0].(map[string]any)
		if a["dueAt"] != due+"T23:59:59Z" || a["overdue"] != false {
			t.Fatalf("due %v, overdue %v; want the end of %s", a["dueAt"], a["overdue"], due)
		}
	})
	t.Run("PermissionSaysWhoReadsReviews", func(t *testing.T) {
		// The idea's permissions.reviews says whether GET …/reviews answers the caller, so
		// the SPA does not ask where it would be refused.
		i := funnelIdea(t, env, domain.StageEvaluation, nil)
		mustStatus(t, assign(i.ID, apitest.Reviewer), 200, "assign")
		admin := env.Login(apitest.Admin)
		for _, c := range []struct {
			who, tok string
			reads    bool
		}{{"cdo", cdo, true}, {"author", employee, true}, {"assigned reviewer", rev1, true}, {"other reviewer", rev2, false}, {"admin", admin, false}} {
			p := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID, Token: c.tok}), 200, c.who+" idea")
			if got := p["permissions"].(map[string]any)["reviews"]; got != c.reads {
				t.Errorf("%s: permissions.reviews = %v, want %v", c.who, got, c.reads)
			}
			want := map[bool]int{true: 200, false: 403}[c.reads]
			mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID + "/reviews", Token: c.tok}), want, c.who+" reviews")
		}
	})
	t.Run("NotAssigned", func(t *testing.T) {
		i := funnelIdea(t, env, domain.StageEvaluation, nil)
		mustStatus(t, put(rev1, i.ID, full), 403, "unassigned reviewer")
		mustStatus(t, put(employee, i.ID, full), 403, "employee")
	})
	t.Run("DeclareAndComplete", func(t *testing.T) {
		i := funnelIdea(t, env, domain.StageEvaluation, nil)
		mustStatus(t, assign(i.ID, apitest.Reviewer, apitest.Reviewer2), 200, "assign")
		noCOI := map[string]any{"noConflictOfInterest": false, "scores": full["scores"], "recommendation": "go", "confidence": "low"}
		mustReason(t, put(rev1, i.ID, noCOI), 400, domain.RNoConflictDeclared, "without declaration")
		mustReason(t, put(rev1, i.ID, map[string]any{"noConflictOfInterest": true, "scores": []map[string]any{{"key": "efficiency", "score": 2}}}), 400, domain.RScoresMissing, "incomplete submit")
		draft := mustStatus(t, put(rev1, i.ID, map[string]any{"noConflictOfInterest": true, "draft": true,
			"scores": []map[string]any{{"key": "efficiency", "score": 2}}}), 200, "partial draft")
		if draft["status"] != "draft" || storedIdea(t, env, i.ID).Score != nil {
			t.Fatalf("draft counted: %v", draft)
		}
		mustStatus(t, put(rev1, i.ID, map[string]any{"noConflictOfInterest": true, "scores": []map[string]any{{"key": "efficiency", "score": 6}}}), 400, "score 6")
		page := func() map[string]any {
			return mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID, Token: cdo}), 200, "idea page")
		}
		before := page() // cached now; the review below changes the score, not the version
		r := put(rev1, i.ID, full)
		mustStatus(t, r, 200, "submit")
		// Stale If-Match on one's own review.
		stale := env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + i.ID + "/reviews/mine", Token: rev1, Body: full,
			Header: http.Header{"If-Match": {`"v1"`}}})
		mustStatus(t, stale, 412, "stale review")
		if s := storedIdea(t, env, i.ID).Score; s == nil || s.ReviewCount != 1 || s.Weighted != 75 {
			t.Fatalf("score %+v", s)
		}
		after := page()
		if sc, _ := after["score"].(map[string]any); before["score"] != nil || sc["weighted"] != 75.0 || sc["reviewCount"] != 1.0 || after["version"] != before["version"] {
			t.Fatalf("idea page before the review %v, after %v", before["score"], after["score"])
		}
		// The submitted reviewer cannot be removed; the other can.
		mustReason(t, assign(i.ID, apitest.Reviewer2), 409, domain.RReviewerSubmitted, "remove a reviewer who submitted")
		mustStatus(t, assign(i.ID, apitest.Reviewer), 200, "remove the other")
		mustStatus(t, transition(env, cdo, i.ID, map[string]any{"to": "decision"}), 201, "all assigned reviews in")
	})
	t.Run("DeclineForConflict", func(t *testing.T) {
		i := funnelIdea(t, env, domain.StageEvaluation, nil)
		mustStatus(t, assign(i.ID, apitest.Reviewer, apitest.Reviewer2), 200, "assign")
		mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + i.ID + "/reviews/mine/decline", Token: rev2,
			Body: map[string]any{"reason": ""}}), 400, "decline without reason")
		mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + i.ID + "/reviews/mine/decline", Token: rev2,
			Body: map[string]any{"reason": "Mein Bruder leitet das betroffene Amt."}}), 204, "decline")
		q := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/reviews/assigned", Token: rev2}), 200, "queue")
		for _, it := range q["items"].([]any) {
			if it.(map[string]any)["idea"].(map[string]any)["id"] == i.ID {
				t.Fatal("declined idea still in the queue")
			}
		}
		mustStatus(t, put(rev2, i.ID, full), 403, "review after declining")
		rv := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID + "/reviewers", Token: cdo}), 200, "reviewers")
		declined := 0
		for _, it := range rv["items"].([]any) {
			if it.(map[string]any)["status"] == "declined" && it.(map[string]any)["declineReason"] != nil {
				declined++
			}
		}
		if declined != 1 {
			t.Fatalf("reviewers %v", rv)
		}
		mustReason(t, assign(i.ID, apitest.Reviewer, apitest.Reviewer2), 409, domain.RReviewerDeclined, "re-assign a declined reviewer")
		// The freed assignment does not block the gate.
		mustStatus(t, put(rev1, i.ID, full), 200, "review")
		mustStatus(t, transition(env, cdo, i.ID, map[string]any{"to": "decision"}), 201, "decision")
	})
	t.Run("Override", func(t *testing.T) {
		i := funnelIdea(t, env, domain.StageEvaluation, nil)
		mustStatus(t, assign(i.ID, apitest.Reviewer), 200, "assign")
		d := mustStatus(t, transition(env, cdo, i.ID, map[string]any{"to": "decision", "override": true, "reason": "Förderfrist endet Freitag"}), 201, "override")
		if d["decision"].(map[string]any)["override"] != true {
			t.Fatal(d)
		}
	})
}

// TestMergeAndPark covers merged (supports and followers move, links both ways) and parked
// ideas coming back to screening when due.
func TestMergeAndPark(t *testing.T) {
	env := apitest.New(t)
	cdo, rev2, rev := env.Login(apitest.CDO), env.Login(apitest.Reviewer2), env.Login(apitest.Reviewer)
	t.Run("Merge", func(t *testing.T) {
		dup := funnelIdea(t, env, domain.StageScreening, nil)
		orig := funnelIdea(t, env, domain.StageEvaluation, nil)
		for _, tok := range []string{rev2, rev} {
			mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + dup.ID + "/support", Token: tok}), 200, "support")
			mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + dup.ID + "/follow", Token: tok}), 200, "follow")
		}
		mustStatus(t, transition(env, cdo, dup.ID, map[string]any{"to": "merged", "reason": "Dublette", "mergeInto": orig.ID}), 201, "merge")
		d, o := storedIdea(t, env, dup.ID), storedIdea(t, env, orig.ID)
		if d.MergedInto != orig.ID || len(o.MergedFrom) != 1 || o.MergedFrom[0] != dup.ID {
			t.Fatalf("links: %q %v", d.MergedInto, o.MergedFrom)
		}
		if o.SupportCount != 2 || o.FollowerCount != 2 || d.SupportCount != 0 || d.FollowerCount != 0 {
			t.Fatalf("moved: target %d/%d, merged %d/%d", o.SupportCount, o.FollowerCount, d.SupportCount, d.FollowerCount)
		}
	})
	t.Run("ParkAndRevive", func(t *testing.T) {
		i := funnelIdea(t, env, domain.StageDecision, nil)
		revisit := env.Clock.Now().Add(48 * time.Hour)
		mustStatus(t, transition(env, cdo, i.ID, map[string]any{"to": "parked", "reason": "Haushalt 2027", "revisitAt": revisit.Format(time.RFC3339)}), 201, "park")
		if n, err := env.API.Funnel.ReviveDueParkedIdeas(env.Ctx, env.Clock.Now()); err != nil || n != 0 {
			t.Fatalf("revived early: %d %v", n, err)
		}
		n, err := env.API.Funnel.ReviveDueParkedIdeas(env.Ctx, revisit.Add(time.Minute))
		if err != nil || n < 1 {
			t.Fatalf("revived %d, %v", n, err)
		}
		got := storedIdea(t, env, i.ID)
		last := got.Decisions[len(got.Decisions)-1]
		if got.Stage != domain.StageScreening || !got.RevisitAt.IsZero() || last.ActorID != domain.SystemActorID || last.From != domain.StageParked {
			t.Fatalf("%s %v %+v", got.Stage, got.RevisitAt, last)
		}
		if n, _ := env.API.Funnel.ReviveDueParkedIdeas(env.Ctx, revisit.Add(time.Hour)); n != 0 {
			t.Fatal("revived twice")
		}
		h := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID + "/history", Token: cdo}), 200, "history")
		items := h["items"].([]any)
		if items[len(items)-1].(map[string]any)["actorRole"] != "system" {
			t.Fatal(items[len(items)-1])
		}
	})
}

// TestCriteriaAndChecklist covers criteria set CRUD and the tenant's checklist.
func TestCriteriaAndChecklist(t *testing.T) {
	env := apitest.New(t)
	cdo, employee := env.Login(apitest.CDO), env.Login(apitest.Employee)
	list := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/criteria-sets", Token: cdo}), 200, "list")
	var def map[string]any
	for _, it := range list["items"].([]any) {
		if it.(map[string]any)["isDefault"] == true {
			def = it.(map[string]any)
		}
	}
	if def == nil || len(def["criteria"].([]any)) != 5 {
		t.Fatalf("default set %v", list)
	}
	mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/criteria-sets", Token: employee}), 403, "employee")
	body := map[string]any{"name": "Schnellbewertung", "criteria": []map[string]any{
		{"key": "nutzen", "label": "Nutzen", "weight": 60}, {"key": "aufwand", "label": "Aufwand", "weight": 30}}}
	if p := mustReason(t, env.Do(apitest.Request{Method: "POST", Path: "/criteria-sets", Token: cdo, Body: body}), 400, domain.RWeightsSum, "weights 90"); p["sum"] != "90" {
		t.Fatalf("params %v", p)
	}
	body["criteria"].([]map[string]any)[1]["weight"] = 40
	cs := mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/criteria-sets", Token: cdo, Body: body}), 201, "create")
	id := cs["id"].(string)
	body["criteria"].([]map[string]any)[1]["key"] = "kosten"
	mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/criteria-sets/" + id, Token: cdo, Body: body,
		Header: http.Header{"If-Match": {`"v7"`}}}), 412, "stale")
	mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/criteria-sets/" + id, Token: cdo, Body: body}), 200, "rename a key while unused")
	// The default set is in use by the demo's reviews: its keys are frozen, weights are not.
	dbody := map[string]any{"name": def["name"], "criteria": def["criteria"]}
	crit := dbody["criteria"].([]any)
	crit[0].(map[string]any)["key"] = "buergernutzen"
	for _, c := range crit {
		delete(c.(map[string]any), "description")
	}
	mustReason(t, env.Do(apitest.Request{Method: "PUT", Path: "/criteria-sets/" + def["id"].(string), Token: cdo, Body: dbody}), 409, domain.RCriteriaKeysInUse, "key change in use")
	crit[0].(map[string]any)["key"] = "citizen_benefit"
	crit[0].(map[string]any)["weight"], crit[1].(map[string]any)["weight"] = 25.0, 25.0
	mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/criteria-sets/" + def["id"].(string), Token: cdo, Body: dbody}), 200, "reweight in use")

	cl := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/settings/checklist", Token: cdo}), 200, "checklist")
	if len(cl["items"].([]any)) != 5 {
		t.Fatalf("default checklist %v", cl)
	}
	mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/settings/checklist", Token: cdo, Body: map[string]any{"items": []map[string]any{
		{"key": "dpia", "label": "DSFA", "required": true}, {"key": "dpia", "label": "Doppelt", "required": false}}}}), 400, "duplicate key")
	mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/settings/checklist", Token: cdo, Body: map[string]any{"items": []map[string]any{
		{"key": "dpia", "label": "Datenschutz geprüft", "required": true}, {"key": "accessibility", "label": "Barrierefreiheit (BITV)", "required": true}}}}), 200, "save")
	mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/settings/checklist", Token: employee, Body: map[string]any{"items": []any{}}}), 403, "employee")
	// The gate now asks the tenant's items.
	i := funnelIdea(t, env, domain.StageDecision, nil)
	now := env.Clock.Now()
	plan := map[string]any{"ownerId": env.UserID(apitest.Employee), "departmentId": env.Demo.Departments["32"], "startDate": day(now),
		"endDate": day(now.AddDate(0, 2, 0)), "budgetEur": 0, "kpis": []map[string]any{{"name": "Nutzung", "unit": "%", "baseline": 0, "target": 50, "direction": "increase"}}}
	mustStatus(t, transition(env, cdo, i.ID, map[string]any{"to": "pilot", "pilotPlan": plan,
		"checklist": []map[string]any{{"key": "dpia", "answer": "yes"}}}), 400, "accessibility unanswered")
	mustStatus(t, transition(env, cdo, i.ID, map[string]any{"to": "pilot", "pilotPlan": plan,
		"checklist": []map[string]any{{"key": "dpia", "answer": "yes"}, {"key": "accessibility", "answer": "not_applicable", "note": "kein UI"}}}), 201, "pilot")

	// Answers recorded before decisions kept their labels are named by the checklist as it
	// reads now (or the default one's), to the cdo and the authors alike.
	old := funnelIdea(t, env, domain.StagePilot, func(i *domain.Idea) {
		i.Decisions = []domain.Decision{{ID: "d-old", From: domain.StageDecision, To: domain.StagePilot, At: now.AddDate(0, -1, 0),
			ActorID: env.UserID(apitest.CDO), Checklist: []domain.ChecklistAnswer{
				{Key: "accessibility", Answer: "yes"}, {Key: "it_security", Answer: "yes"}, {Key: "removed_since", Answer: "no"}}}}
	})
	for _, tok := range []string{cdo, employee} {
		h := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + old.ID + "/history", Token: tok}), 200, "history")
		var got []string
		for _, a := range h["items"].([]any)[0].(map[string]any)["checklist"].([]any) {
			got = append(got, a.(map[string]any)["label"].(string))
		}
		if want := []string{"Barrierefreiheit (BITV)", "IT-Sicherheit geprüft", ""}; !slices.Equal(got, want) {
			t.Fatalf("labels of old answers: %q, want %q", got, want)
		}
	}
}

// TestCampaignRanking ranks a campaign's ideas by weighted score, unscored ideas last.
func TestCampaignRanking(t *testing.T) {
	env := apitest.New(t)
	cdo, employee := env.Login(apitest.CDO), env.Login(apitest.Employee)
	cs, err := env.DB.FindCampaigns(env.Ctx)
	if err != nil || len(cs) == 0 {
		t.Fatal(err)
	}
	camp := cs[0].ID
	scores := []float64{42.5, 88, 61}
	var ids []string
	for _, w := range scores {
		i := funnelIdea(t, env, domain.StageEvaluation, func(i *domain.Idea) {
			i.CampaignID = camp
			i.Score = &domain.ScoreSummary{Weighted: w, ReviewCount: 2, Recommend: map[string]int{}}
		})
		ids = append(ids, i.ID)
	}
	unscored := funnelIdea(t, env, domain.StageScreening, func(i *domain.Idea) { i.CampaignID = camp })
	// Merged and withdrawn ideas no longer compete.
	gone := map[string]bool{}
	for _, st := range []domain.Stage{domain.StageMerged, domain.StageWithdrawn} {
		gone[funnelIdea(t, env, st, func(i *domain.Idea) { i.CampaignID = camp }).ID] = true
	}
	r := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/campaigns/" + camp + "/ranking", Token: cdo}), 200, "ranking")
	for _, it := range r["items"].([]any) {
		if id := it.(map[string]any)["idea"].(map[string]any)["id"].(string); gone[id] {
			t.Fatalf("merged or withdrawn idea %s ranked", id)
		}
	}
	pos := map[string]int{}
	var prev float64 = 101
	seenUnscored := false
	for n, it := range r["items"].([]any) {
		it := it.(map[string]any)
		if it["rank"].(float64) != float64(n+1) {
			t.Fatalf("rank %v at %d", it["rank"], n)
		}
		id := it["idea"].(map[string]any)["id"].(string)
		pos[id] = n
		if it["score"] == nil {
			seenUnscored = true
			continue
		}
		w := it["score"].(map[string]any)["weighted"].(float64)
		if seenUnscored || w > prev {
			t.Fatalf("not ordered by score: %v", r["items"])
		}
		prev = w
	}
	if !(pos[ids[1]] < pos[ids[2]] && pos[ids[2]] < pos[ids[0]] && pos[ids[0]] < pos[unscored.ID]) {
		t.Fatalf("order %v", pos)
	}
	mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/campaigns/" + camp + "/ranking", Token: employee}), 403, "employee")
}
