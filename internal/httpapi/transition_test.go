package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// funnelIdea stores an idea of the demo tenant by the employee in stage (with a pilot plan
// from the pilot stage on), through the idea store.
func funnelIdea(t *testing.T, env *apitest.Env, stage domain.Stage, change func(*domain.Idea)) *domain.Idea {
	t.Helper()
	i := &domain.Idea{Title: "Digitale Parkausweise für Anwohner", Summary: "Anwohnerparkausweise online beantragen",
		Description: "Heute per Post und Schalter; künftig online mit Bezahlung.", Problem: "Lange Wartezeiten",
		Visibility: domain.VisibilityPublic, Source: domain.SourceStaff, AuthorID: env.UserID(apitest.Employee),
		Tags: []string{"Parken", "Online-Dienste"}, TargetGroups: []string{"citizens"}, Stage: stage,
		ScreeningPassed: stage.PastScreening()}
	switch stage {
	case domain.StagePilot, domain.StageRollout, domain.StageImplemented:
		now := env.Clock.Now()
		i.Pilot = &domain.Pilot{Plan: domain.PilotPlan{OwnerID: env.UserID(apitest.Employee), DepartmentID: env.Demo.Departments["32"],
			StartDate: now.AddDate(0, -1, 0), EndDate: now.AddDate(0, 2, 0), BudgetEUR: 12000,
			KPIs: []domain.KPI{{Key: "online", Name: "Online-Anteil", Unit: "%", Baseline: 0, Target: 60, Direction: domain.DirectionIncrease}}}}
		if stage != domain.StagePilot {
			i.Pilot.Results = &domain.PilotResults{LessonsLearned: "Früh die Kasse einbinden.", Outcomes: []domain.KPIOutcome{{KPIKey: "online", Value: 70, Met: true}}}
			i.Rollout = &domain.Rollout{Departments: []domain.RolloutDepartment{{DepartmentID: env.Demo.Departments["32"], Status: "planned"}}}
		}
	}
	if change != nil {
		change(i)
	}
	if err := env.DB.CreateIdea(env.Ctx, i); err != nil {
		t.Fatalf("create idea: %v", err)
	}
	return i
}

func storedIdea(t *testing.T, env *apitest.Env, id string) *domain.Idea {
	t.Helper()
	i, err := env.DB.FindIdeaByID(env.Ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

func transition(env *apitest.Env, tok, id string, body map[string]any, header ...string) *apitest.Response {
	r := apitest.Request{Method: "POST", Path: "/ideas/" + id + "/transitions", Token: tok, Body: body}
	if len(header) == 2 {
		r.Header = http.Header{header[0]: {header[1]}}
	}
	return env.Do(r)
}

func mustStatus(t *testing.T, r *apitest.Response, want int, what string) map[string]any {
	t.Helper()
	if r.Status != want {
		t.Fatalf("%s: got %d, want %d: %s", what, r.Status, want, r.Body)
	}
	if len(r.Body) == 0 {
		return nil
	}
	return r.Map(t)
}

// mustReason checks a refusal's status and the reason it names (error.reason, else its
// first field's), and returns the reason's params.
func mustReason(t *testing.T, r *apitest.Response, want int, reason, what string) map[string]string {
	t.Helper()
	mustStatus(t, r, want, what)
	got, params := r.ErrorReason()
	if got != reason {
		t.Fatalf("%s: reason %q, want %q: %s", what, got, reason, r.Body)
	}
	return params
}

func day(d time.Time) string { return d.Format("2006-01-02") }

// TestFunnelWalkthrough walks one idea through every gate with the demo roles: submit →
// screening → evaluation with two (blind) reviews → decision → pilot with updates →
// extension → rollout → implemented, and checks history, reuse profile and audit log.
func TestFunnelWalkthrough(t *testing.T) {
	env := apitest.New(t)
	employee, cdo, rev1, rev2, citizen, admin := env.Login(apitest.Employee), env.Login(apitest.CDO), env.Login(apitest.Reviewer),
		env.Login(apitest.Reviewer2), env.Login(apitest.Citizen), env.Login(apitest.Admin)
	now := env.Clock.Now()
	i := funnelIdea(t, env, domain.StageDraft, nil)
	id := i.ID

	r := mustStatus(t, transition(env, employee, id, map[string]any{"to": "submitted"}), 201, "submit")
	if r["idea"].(map[string]any)["stage"] != "submitted" || r["decision"].(map[string]any)["actorRole"] != "author" {
		t.Fatalf("submit: %v", r)
	}
	mustStatus(t, transition(env, cdo, id, map[string]any{"to": "screening"}), 201, "screening")

	// Reviewers: never the author, only reviewers.
	due := day(now.AddDate(0, 0, 14))
	bad := env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + id + "/reviewers", Token: cdo, Body: map[string]any{
		"reviewers": []map[string]any{{"reviewerId": env.UserID(apitest.Employee), "dueAt": due}}}})
	mustStatus(t, bad, 400, "assign the author")
	rv := mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + id + "/reviewers", Token: cdo, Body: map[string]any{
		"reviewers": []map[string]any{{"reviewerId": env.UserID(apitest.Reviewer), "dueAt": due}, {"reviewerId": env.UserID(apitest.Reviewer2), "dueAt": due}}}}),
		200, "assign reviewers")
	if len(rv["items"].([]any)) != 2 || rv["criteriaSetId"] == nil {
		t.Fatalf("reviewers %v", rv)
	}
	mustStatus(t, transition(env, cdo, id, map[string]any{"to": "evaluation"}), 201, "evaluation")
	q := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/reviews/assigned", Token: rev1}), 200, "queue")
	queued := false
	for _, it := range q["items"].([]any) {
		it := it.(map[string]any)
		if it["idea"].(map[string]any)["id"] == id {
			queued = it["reviewStatus"] == "none" && it["overdue"] == false
		}
	}
	if !queued {
		t.Fatalf("idea not in the reviewer's queue: %v", q)
	}
	r = mustStatus(t, transition(env, cdo, id, map[string]any{"to": "decision"}), 409, "decide with reviews outstanding")

	review := func(tok string, s [5]int, rec string) *apitest.Response {
		keys := []string{"citizen_benefit", "efficiency", "feasibility", "strategy_fit", "reusability"}
		var scores []map[string]any
		for n, k := range keys {
			scores = append(scores, map[string]any{"key": k, "score": s[n], "comment": "Begründung " + k})
		}
		return env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + id + "/reviews/mine", Token: tok, Body: map[string]any{
			"noConflictOfInterest": true, "scores": scores, "recommendation": rec, "confidence": "high", "comment": "Insgesamt überzeugend"}})
	}
	getReviews := func(tok string) map[string]any {
		return mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + id + "/reviews", Token: tok}), 200, "get reviews")
	}
	if g := getReviews(rev1); g["access"] != "own" || len(g["criteria"].([]any)) != 5 || g["aggregate"] != nil {
		t.Fatalf("before reviewing: %v", g)
	}
	mustStatus(t, review(rev1, [5]int{5, 4, 4, 3, 5}, "go"), 200, "review 1")
	// Blind: the second reviewer sees nothing of the first before submitting.
	if g := getReviews(rev2); g["access"] != "own" || len(g["reviews"].([]any)) != 0 || g["aggregate"] != nil {
		t.Fatalf("blind review broken: %v", g)
	}
	mustStatus(t, review(rev2, [5]int{3, 4, 4, 3, 3}, "needs_information"), 200, "review 2")
	g := getReviews(rev1)
	others := g["reviews"].([]any)
	if g["access"] != "peers" || len(others) != 1 || others[0].(map[string]any)["reviewer"] != nil || g["mine"] == nil {
		t.Fatalf("peer view: %v", g)
	}
	// Aggregate by hand: means 4, 4, 4, 3, 4 → (30·4 + 20·4 + 20·4 + 15·3 + 15·4) / 100 = 3.85
	// → (3.85 − 1) / 4 · 100 = 71.25 → 71.3; citizen_benefit 5 and 3 → sd 1.0, range 2 → disagreement.
	// The author sees the feedback once the reviews are done, not while they come in.
	if ga := getReviews(employee); ga["access"] != "aggregate" || ga["aggregate"] != nil || len(ga["reviews"].([]any)) != 0 {
		t.Fatalf("author view during evaluation: %v", ga)
	}
	gc := getReviews(cdo)
	if gc["access"] != "all" || len(gc["reviews"].([]any)) != 2 || gc["reviews"].([]any)[0].(map[string]any)["reviewer"] == nil {
		t.Fatalf("cdo view: %v", gc)
	}
	mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + id + "/reviews", Token: citizen}), 403, "citizen reads reviews")

	d := mustStatus(t, transition(env, cdo, id, map[string]any{"to": "decision"}), 201, "decision")
	snap := d["decision"].(map[string]any)["scoreSnapshot"].(map[string]any)
	if snap["weighted"].(float64) != 71.3 || snap["reviewCount"].(float64) != 2 {
		t.Fatalf("snapshot %v", snap)
	}
	ga := getReviews(employee)
	agg, _ := ga["aggregate"].(map[string]any)
	if ga["access"] != "aggregate" || len(ga["reviews"].([]any)) != 0 || ga["mine"] != nil || agg == nil ||
		agg["weighted"].(float64) != 71.3 || agg["reviewCount"].(float64) != 2 || agg["disagreement"] != true {
		t.Fatalf("author view: %v", ga)
	}
	// Reviews are closed once the idea left evaluation.
	if p := mustReason(t, review(rev1, [5]int{1, 1, 1, 1, 1}, "no_go"), 409, domain.RReviewStage, "review after evaluation"); p["stage"] != "decision" {
		t.Fatalf("params %v", p)
	}

	cl := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/settings/checklist", Token: cdo}), 200, "checklist")
	var answers []map[string]any
	for _, it := range cl["items"].([]any) {
		answers = append(answers, map[string]any{"key": it.(map[string]any)["key"], "answer": "yes", "note": "erledigt"})
	}
	answers[2]["answer"] = "not_applicable"
	plan := map[string]any{"ownerId": env.UserID(apitest.Employee), "departmentId": env.Demo.Departments["32"],
		"startDate": day(now.AddDate(0, 0, -21)), "endDate": day(now.AddDate(0, 3, 0)), "budgetEur": 18000,
		"kpis": []map[string]any{
			{"key": "online", "name": "Online-Anteil der Anträge", "unit": "%", "baseline": 5, "target": 60, "direction": "increase"},
			{"key": "days", "name": "Bearbeitungszeit", "unit": "Tage", "baseline": 14, "target": 3, "direction": "decrease"}}}
	p := mustStatus(t, transition(env, cdo, id, map[string]any{"to": "pilot", "pilotPlan": plan, "checklist": answers}), 201, "pilot")
	if len(p["decision"].(map[string]any)["checklist"].([]any)) != 5 {
		t.Fatalf("checklist not recorded: %v", p)
	}
	// Each answer keeps the item's label as it read when decided.
	for _, a := range p["decision"].(map[string]any)["checklist"].([]any) {
		if a.(map[string]any)["label"] == "" {
			t.Fatalf("checklist answer without its label: %v", a)
		}
	}
	// Updates by the pilot owner (the author here) and the cdo; the pilot started three weeks ago.
	for n, m := range []map[string]any{
		{"token": employee, "date": day(now.AddDate(0, 0, -14)), "online": 20, "days": 10},
		{"token": cdo, "date": day(now.AddDate(0, 0, -7)), "online": 38, "days": 11},
	} {
		mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + id + "/pilot/updates", Token: m["token"].(string), Body: map[string]any{
			"note": fmt.Sprintf("Woche %d", n+1), "measurements": []map[string]any{
				{"kpiKey": "online", "date": m["date"], "value": m["online"]}, {"kpiKey": "days", "date": m["date"], "value": m["days"]}}}}), 201, "pilot update")
	}
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + id + "/pilot/updates", Token: rev1,
		Body: map[string]any{"note": "Ich bin nicht zuständig"}}), 403, "update by a stranger")
	pilot := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + id + "/pilot", Token: cdo}), 200, "pilot")
	// The cdo sees the owner by name; a citizen sees neither the owner nor the ID.
	if o, _ := pilot["plan"].(map[string]any)["owner"].(map[string]any); o == nil || o["id"] != env.UserID(apitest.Employee) || o["displayName"] == "" {
		t.Fatalf("owner for the cdo: %v", pilot["plan"])
	}
	if pc := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + id + "/pilot", Token: citizen}), 200, "pilot citizen")["plan"].(map[string]any); pc["owner"] != nil || pc["ownerId"] != nil {
		t.Fatalf("owner for a citizen: %v", pc)
	}
	kpis := pilot["kpis"].([]any)
	online, days := kpis[0].(map[string]any), kpis[1].(map[string]any)
	// online: 5 → 60, latest 38 → (38−5)/55 = 60 %, 20 → 38 improving; days: 14 → 3, latest 11 → 27.3 %, 10 → 11 worsening.
	if online["latest"].(map[string]any)["value"].(float64) != 38 || online["progress"].(float64) != 60 || online["trend"] != "improving" ||
		days["progress"].(float64) != 27.3 || days["trend"] != "worsening" || len(pilot["updates"].([]any)) != 2 {
		t.Fatalf("pilot %v", pilot)
	}
	mustStatus(t, transition(env, cdo, id, map[string]any{"to": "pilot", "newEndDate": day(now.AddDate(0, 4, 0)), "reason": "Mehr Daten"}), 201, "extend")
	mustStatus(t, transition(env, cdo, id, map[string]any{"to": "rollout", "departments": []string{env.Demo.Departments["32"], env.Demo.Departments["33"]},
		"results": map[string]any{"lessonsLearned": "Kasse und Datenschutz früh einbinden; Online-Anteil wächst mit Werbung.",
			"outcomes": []map[string]any{{"kpiKey": "online", "value": 64}, {"kpiKey": "days", "value": 4, "comment": "knapp verfehlt"}}}}), 201, "rollout")
	ro := mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + id + "/rollout", Token: cdo, Body: map[string]any{
		"departments": []map[string]any{{"departmentId": env.Demo.Departments["32"], "status": "done"}, {"departmentId": env.Demo.Departments["33"], "status": "in_progress"}},
		"reusable":    true, "contact": "Team Digitalisierung, Amt 10"}}), 200, "rollout status")
	if ro["done"].(float64) != 1 || ro["reuseProfileId"] == nil {
		t.Fatalf("rollout %v", ro)
	}
	prof := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + id + "/reuse-profile"}), 200, "reuse profile (anonymous)")
	res := prof["results"].(map[string]any)["kpis"].([]any)
	if prof["format"] != "ideenwerk.reuse-profile" || prof["version"] != "1.0" || res[0].(map[string]any)["met"] != true || res[1].(map[string]any)["met"] != false {
		t.Fatalf("profile %v", prof)
	}
	mustStatus(t, transition(env, cdo, id, map[string]any{"to": "implemented"}), 201, "implemented")

	final := storedIdea(t, env, id)
	if final.Stage != domain.StageImplemented || len(final.Decisions) != 8 || !final.ScreeningPassed {
		t.Fatalf("final %s with %d decisions", final.Stage, len(final.Decisions))
	}
	h := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + id + "/history", Token: cdo}), 200, "history cdo")
	first := h["items"].([]any)[0].(map[string]any)
	if h["total"].(float64) != 8 || first["actor"] == nil || first["from"] != "draft" {
		t.Fatalf("cdo history %v", h)
	}
	for _, it := range h["items"].([]any) {
		if d := it.(map[string]any); d["to"] == "pilot" && d["from"] == "decision" {
			if o, _ := d["pilotPlan"].(map[string]any)["owner"].(map[string]any); o == nil || o["displayName"] == "" {
				t.Fatalf("pilot plan in the cdo's history: %v", d["pilotPlan"])
			}
		}
	}
	for _, who := range []string{employee, citizen, ""} {
		h := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + id + "/history", Token: who}), 200, "history")
		for _, it := range h["items"].([]any) {
			if it.(map[string]any)["actor"] != nil {
				t.Fatalf("history shows people to a non-cdo: %v", it)
			}
		}
		if h["total"].(float64) != 8 {
			t.Fatal(h)
		}
	}
	a := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/audit?target=" + id + "&action=idea.transition&limit=5", Token: admin}), 200, "audit")
	if a["total"].(float64) != 8 || len(a["items"].([]any)) != 5 || a["nextCursor"] == nil {
		t.Fatalf("audit %v", a)
	}
	it := a["items"].([]any)[0].(map[string]any)
	if it["requestId"] == nil || it["actor"] == nil || it["details"].(map[string]any)["to"] != "implemented" {
		t.Fatalf("audit entry %v", it)
	}
	a = mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/audit?target=" + id + "&action=review.submit", Token: cdo}), 200, "audit reviews")
	if a["total"].(float64) != 2 {
		t.Fatalf("review audit %v", a)
	}
	mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/audit", Token: employee}), 403, "audit by an employee")
}

// TestGatesRefuse checks that every gate refuses the wrong stage (409), the wrong role
// (403) and missing data (400), and that a refused transition changes nothing.
func TestGatesRefuse(t *testing.T) {
	env := apitest.New(t)
	employee, cdo, reviewer, citizen, admin := env.Login(apitest.Employee), env.Login(apitest.CDO), env.Login(apitest.Reviewer),
		env.Login(apitest.Citizen), env.Login(apitest.Admin)
	now := env.Clock.Now()
	plan := map[string]any{"ownerId": env.UserID(apitest.Employee), "departmentId": env.Demo.Departments["32"],
		"startDate": day(now), "endDate": day(now.AddDate(0, 3, 0)), "budgetEur": 1000,
		"kpis": []map[string]any{{"name": "Anträge online", "unit": "Stück", "baseline": 0, "target": 100, "direction": "increase"}}}
	answers := []map[string]any{{"key": "dpia", "answer": "yes"}, {"key": "it_security", "answer": "yes"}, {"key": "staff_council", "answer": "yes"},
		{"key": "budget_line", "answer": "yes"}, {"key": "legal_basis", "answer": "no", "note": "Satzung folgt"}}
	results := map[string]any{"lessonsLearned": "Funktioniert, wenn die Kasse mitzieht.", "outcomes": []map[string]any{{"kpiKey": "online", "value": 70}}}
	cases := []struct {
		name   string
		stage  domain.Stage
		tok    string
		body   map[string]any
		status int
	}{
		{"SubmitByCDO", domain.StageDraft, cdo, map[string]any{"to": "submitted"}, 404}, // a draft is invisible to others
		{"SubmitWithoutDescription", domain.StageDraft, employee, map[string]any{"to": "submitted"}, 400},
		{"ScreeningByAuthor", domain.StageSubmitted, employee, map[string]any{"to": "screening"}, 403},
		{"ScreeningByReviewer", domain.StageSubmitted, reviewer, map[string]any{"to": "screening"}, 403},
		{"ScreeningByAdmin", domain.StageSubmitted, admin, map[string]any{"to": "screening"}, 403},
		{"SkipToEvaluation", domain.StageSubmitted, cdo, map[string]any{"to": "evaluation"}, 409},
		{"UnknownStage", domain.StageSubmitted, cdo, map[string]any{"to": "archived"}, 400},
		{"RejectWithoutReason", domain.StageScreening, cdo, map[string]any{"to": "rejected"}, 400},
		{"NeedsInfoWithoutQuestions", domain.StageScreening, cdo, map[string]any{"to": "submitted"}, 400},
		{"MergeWithoutTarget", domain.StageScreening, cdo, map[string]any{"to": "merged", "reason": "Dublette"}, 400},
		{"MergeIntoUnknown", domain.StageScreening, cdo, map[string]any{"to": "merged", "reason": "Dublette", "mergeInto": "nope"}, 400},
		{"WithdrawByCDO", domain.StageScreening, cdo, map[string]any{"to": "withdrawn"}, 403},
		{"WithdrawAfterDecision", domain.StageDecision, employee, map[string]any{"to": "withdrawn"}, 409},
		{"DecisionWithoutReviews", domain.StageEvaluation, cdo, map[string]any{"to": "decision"}, 409},
		{"OverrideWithoutReason", domain.StageEvaluation, cdo, map[string]any{"to": "decision", "override": true}, 400},
		{"DecisionByCitizen", domain.StageEvaluation, citizen, map[string]any{"to": "decision"}, 403},
		{"PilotWithoutPlan", domain.StageDecision, cdo, map[string]any{"to": "pilot", "checklist": answers}, 400},
		{"PilotWithoutChecklist", domain.StageDecision, cdo, map[string]any{"to": "pilot", "pilotPlan": plan}, 400},
		{"PilotWithoutKPIBaseline", domain.StageDecision, cdo, map[string]any{"to": "pilot", "checklist": answers,
			"pilotPlan": map[string]any{"ownerId": plan["ownerId"], "departmentId": plan["departmentId"], "startDate": plan["startDate"],
				"endDate": plan["endDate"], "budgetEur": 0, "kpis": []map[string]any{{"name": "X-Wert", "unit": "%", "target": 5, "direction": "increase"}}}}, 400},
		{"PilotUnknownOwner", domain.StageDecision, cdo, map[string]any{"to": "pilot", "checklist": answers,
			"pilotPlan": map[string]any{"ownerId": "ghost", "departmentId": plan["departmentId"], "startDate": plan["startDate"],
				"endDate": plan["endDate"], "budgetEur": 0, "kpis": plan["kpis"]}}, 400},
		{"ParkWithoutDate", domain.StageDecision, cdo, map[string]any{"to": "parked", "reason": "Haushalt"}, 400},
		{"ParkInThePast", domain.StageDecision, cdo, map[string]any{"to": "parked", "reason": "Haushalt", "revisitAt": day(now.AddDate(0, 0, -1))}, 400},
		{"PilotFromScreening", domain.StageScreening, cdo, map[string]any{"to": "pilot", "pilotPlan": plan, "checklist": answers}, 409},
		{"RolloutWithoutResults", domain.StagePilot, cdo, map[string]any{"to": "rollout", "departments": []string{env.Demo.Departments["32"]}}, 400},
		{"RolloutWithoutDepartments", domain.StagePilot, cdo, map[string]any{"to": "rollout", "results": results}, 400},
		{"RolloutUnknownDepartment", domain.StagePilot, cdo, map[string]any{"to": "rollout", "results": results, "departments": []string{"nope"}}, 400},
		{"StopWithoutLessons", domain.StagePilot, cdo, map[string]any{"to": "stopped", "reason": "Kein Nutzen",
			"results": map[string]any{"outcomes": []map[string]any{{"kpiKey": "online", "value": 1}}}}, 400},
		{"ExtendWithEarlierEnd", domain.StagePilot, cdo, map[string]any{"to": "pilot", "newEndDate": day(now)}, 400},
		{"RolloutByOwner", domain.StagePilot, employee, map[string]any{"to": "rollout", "results": results, "departments": []string{env.Demo.Departments["32"]}}, 403},
		{"ImplementedFromPilot", domain.StagePilot, cdo, map[string]any{"to": "implemented"}, 409},
		{"ReopenImplemented", domain.StageImplemented, cdo, map[string]any{"to": "rollout"}, 409},
		{"RejectedIsFinal", domain.StageRejected, cdo, map[string]any{"to": "screening"}, 409},
		{"UnknownField", domain.StageSubmitted, cdo, map[string]any{"to": "screening", "budget": 5}, 400},
		{"DataNotTaken", domain.StageSubmitted, cdo, map[string]any{"to": "screening", "revisitAt": day(now.AddDate(0, 1, 0))}, 400},
	}
	// The rule each refusal names for clients to word (error.reason or the field's), and the
	// stages it names.
	reasons := map[string]string{
		"SubmitWithoutDescription": domain.RDescriptionRequired, "SkipToEvaluation": domain.RTransitionNotAllowed + " submitted→evaluation",
		"RejectWithoutReason": domain.RReasonRequired, "NeedsInfoWithoutQuestions": domain.RQuestionsRequired,
		"MergeWithoutTarget": domain.RMergeTargetRequired, "MergeIntoUnknown": domain.RMergeTargetMissing,
		"WithdrawAfterDecision": domain.RTransitionNotAllowed + " decision→withdrawn", "DecisionWithoutReviews": domain.RReviewsOutstanding,
		"OverrideWithoutReason": domain.ROverrideReason, "PilotWithoutPlan": domain.RPilotPlanRequired,
		"PilotWithoutChecklist": domain.RChecklistMissing, "PilotUnknownOwner": domain.RInactiveUser,
		"ParkWithoutDate": domain.RRevisitRequired, "ParkInThePast": domain.RRevisitPast,
		"PilotFromScreening": domain.RTransitionNotAllowed + " screening→pilot", "RolloutWithoutResults": domain.RResultsRequired,
		"RolloutWithoutDepartments": domain.RRolloutDepartments, "RolloutUnknownDepartment": domain.RInactiveDepartment,
		"StopWithoutLessons": domain.RLessonsRequired, "ExtendWithEarlierEnd": domain.RNewEndDateLater,
		"ImplementedFromPilot": domain.RTransitionNotAllowed + " pilot→implemented", "ReopenImplemented": domain.RTransitionNotAllowed + " implemented→rollout",
		"RejectedIsFinal": domain.RTransitionNotAllowed + " rejected→screening", "DataNotTaken": domain.RNotUsedHere + " submitted→screening",
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			i := funnelIdea(t, env, c.stage, func(i *domain.Idea) {
				if c.name == "SubmitWithoutDescription" {
					i.Description = ""
				}
			})
			before := storedIdea(t, env, i.ID)
			r := transition(env, c.tok, i.ID, c.body)
			if r.Status != c.status {
				t.Fatalf("got %d, want %d: %s", r.Status, c.status, r.Body)
			}
			if want, ok := reasons[c.name]; ok {
				reason, params := r.ErrorReason()
				got := reason
				if params["stage"] != "" {
					got += " " + params["stage"] + "→" + params["to"]
				}
				if got != want {
					t.Fatalf("reason %q, want %q: %s", got, want, r.Body)
				}
			}
			after := storedIdea(t, env, i.ID)
			if after.Version != before.Version || after.Stage != before.Stage || len(after.Decisions) != len(before.Decisions) {
				t.Fatalf("refused transition changed the idea: v%d→v%d, %s→%s", before.Version, after.Version, before.Stage, after.Stage)
			}
		})
	}
	t.Run("ErrInvisible", func(t *testing.T) {
		i := funnelIdea(t, env, domain.StageSubmitted, func(i *domain.Idea) { i.Visibility = domain.VisibilityInternal })
		if r := transition(env, citizen, i.ID, map[string]any{"to": "screening"}); r.Status != 404 {
			t.Fatalf("got %d", r.Status)
		}
		if r := transition(env, "", i.ID, map[string]any{"to": "screening"}); r.Status != 401 {
			t.Fatalf("anonymous: got %d", r.Status)
		}
	})
	t.Run("ErrStaleIfMatch", func(t *testing.T) {
		i := funnelIdea(t, env, domain.StageSubmitted, nil)
		r := transition(env, cdo, i.ID, map[string]any{"to": "screening"}, "If-Match", fmt.Sprintf(`"v%d"`, i.Version+1))
		mustStatus(t, r, 412, "stale If-Match")
		r = transition(env, cdo, i.ID, map[string]any{"to": "screening"}, "If-Match", fmt.Sprintf(`"v%d"`, i.Version))
		mustStatus(t, r, 201, "current If-Match")
		if r.Header.Get("ETag") != fmt.Sprintf(`"v%d"`, i.Version+1) {
			t.Fatalf("ETag %q", r.Header.Get("ETag"))
		}
	})
}

// TestConcurrentTransitions sends 20 transitions from the same version at once: exactly
// one wins, the others get 409 or 412, and there is exactly one decision record.
func TestConcurrentTransitions(t *testing.T) {
	env := apitest.New(t)
	cdo := env.Login(apitest.CDO)
	for _, withIfMatch := range []bool{false, true} {
		t.Run(fmt.Sprintf("IfMatch=%v", withIfMatch), func(t *testing.T) {
			i := funnelIdea(t, env, domain.StageSubmitted, nil)
			var wg sync.WaitGroup
			statuses := make([]int, 20)
			for n := range statuses {
				wg.Go(func() {
					var h []string
					if withIfMatch {
						h = []string{"If-Match", fmt.Sprintf(`"v%d"`, i.Version)}
					}
					to := "screening"
					if n%2 == 1 {
						to = "screening"
					}
					statuses[n] = transition(env, cdo, i.ID, map[string]any{"to": to}, h...).Status
				})
			}
			wg.Wait()
			won := 0
			for _, s := range statuses {
				switch s {
				case 201:
					won++
				case 409, 412:
				default:
					t.Fatalf("unexpected status %d in %v", s, statuses)
				}
			}
			after := storedIdea(t, env, i.ID)
			if won != 1 || len(after.Decisions) != 1 || after.Stage != domain.StageScreening || after.Version != i.Version+1 {
				t.Fatalf("winners %d, decisions %d, stage %s, version %d (statuses %v)", won, len(after.Decisions), after.Stage, after.Version, statuses)
			}
		})
	}
}

// TestCampaignReviewersPerIdea: an idea of a campaign goes to evaluation only with as many
// reviewers as the campaign asks for per idea; an idea of no campaign needs none by rule.
func TestCampaignReviewersPerIdea(t *testing.T) {
	env := apitest.New(t)
	cdo := env.Login(apitest.CDO)
	c := mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/campaigns", Token: cdo, Body: map[string]any{
		"title": "Saubere Innenstadt", "question": "Wie bleibt sie sauber?", "audience": "public", "reviewersPerIdea": 2}}), 201, "campaign")
	if c["reviewersPerIdea"] != float64(2) {
		t.Fatalf("campaign %v", c)
	}
	i := funnelIdea(t, env, domain.StageScreening, func(i *domain.Idea) { i.CampaignID = c["id"].(string) })
	due := day(env.Clock.Now().AddDate(0, 0, 14))
	assign := func(users ...string) {
		var rs []map[string]any
		for _, u := range users {
			rs = append(rs, map[string]any{"reviewerId": env.UserID(u), "dueAt": due})
		}
		mustStatus(t, env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + i.ID + "/reviewers", Token: cdo, Body: map[string]any{"reviewers": rs}}), 200, "assign")
	}
	r := transition(env, cdo, i.ID, map[string]any{"to": "evaluation"})
	mustReason(t, r, 409, domain.RTooFewReviewers, "none of two")
	assign(apitest.Reviewer)
	r = transition(env, cdo, i.ID, map[string]any{"to": "evaluation"})
	if p := mustReason(t, r, 409, domain.RTooFewReviewers, "one of two"); p["required"] != "2" || p["assigned"] != "1" {
		t.Fatalf("params %v", p)
	}
	if !strings.Contains(string(r.Body), "the campaign asks for 2 reviewers per idea; assigned so far: 1") {
		t.Fatalf("message: %s", r.Body)
	}
	assign(apitest.Reviewer, apitest.Reviewer2)
	mustStatus(t, transition(env, cdo, i.ID, map[string]any{"to": "evaluation"}), 201, "two of two")

	// Without a campaign the rule asks for none (the office decides; the SPA asks for one).
	free := funnelIdea(t, env, domain.StageScreening, nil)
	mustStatus(t, transition(env, cdo, free.ID, map[string]any{"to": "evaluation"}), 201, "no campaign")
}
