package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// TestPilotPlanCommitments: what the decision approved (budget, targets, …) the pilot's
// owner cannot change; the CDO can, with a reason, and the audit log says what changed.
func TestPilotPlanCommitments(t *testing.T) {
	env := apitest.New(t)
	cdo, owner, admin := env.Login(apitest.CDO), env.Login(apitest.Employee), env.Login(apitest.Admin)
	i := funnelIdea(t, env, domain.StagePilot, nil)
	now := env.Clock.Now()
	plan := func(budget, target float64, extra ...map[string]any) map[string]any {
		kpis := []map[string]any{{"key": "online", "name": "Online-Anteil", "unit": "%", "baseline": 0, "target": target, "direction": "increase"}}
		for _, k := range extra {
			kpis = append(kpis, k)
		}
		return map[string]any{"ownerId": env.UserID(apitest.Employee), "departmentId": env.Demo.Departments["32"],
			"startDate": day(now.AddDate(0, -1, 0)), "endDate": now.AddDate(0, 2, 0).Format("2006-01-02T15:04:05.000Z07:00"), "budgetEur": budget, "kpis": kpis}
	}
	put := func(tok string, body map[string]any) *apitest.Response {
		return env.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + i.ID + "/pilot", Token: tok, Body: body})
	}
	with := func(m map[string]any, k string, v any) map[string]any { m[k] = v; return m }

	mustReason(t, put(owner, plan(150000, 60)), http.StatusForbidden, domain.RPlanCommitment, "owner raises the budget")
	mustReason(t, put(owner, plan(12000, 5)), http.StatusForbidden, domain.RPlanCommitment, "owner lowers the target")
	// The owner may add a KPI and word the existing one.
	mustStatus(t, put(owner, plan(12000, 60, map[string]any{"key": "wait", "name": "Wartezeit", "unit": "Tage", "baseline": 12, "target": 4, "direction": "decrease"})), 200, "owner adds a KPI")
	mustReason(t, put(cdo, plan(15000, 60, map[string]any{"key": "wait", "name": "Wartezeit", "unit": "Tage", "baseline": 12, "target": 4, "direction": "decrease"})),
		http.StatusBadRequest, domain.RReasonRequired, "cdo without a reason")
	mustStatus(t, put(cdo, with(plan(15000, 70, map[string]any{"key": "wait", "name": "Wartezeit", "unit": "Tage", "baseline": 12, "target": 4, "direction": "decrease"}), "reason", "Zusätzliche Standorte beschlossen")), 200, "cdo with a reason")

	stored := storedIdea(t, env, i.ID)
	if stored.Pilot.Plan.BudgetEUR != 15000 || len(stored.Pilot.Plan.KPIs) != 2 {
		t.Fatalf("plan %+v", stored.Pilot.Plan)
	}
	a := mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/audit?target=" + i.ID + "&action=pilot.plan.update", Token: admin}), 200, "audit")
	items := a["items"].([]any)
	if len(items) != 2 {
		t.Fatalf("audit entries %v", items)
	}
	d := items[0].(map[string]any)["details"].(map[string]any)
	if d["budgetEur"] != "12000 → 15000" || d["kpi:online:target"] != "60 → 70" || d["reason"] != "Zusätzliche Standorte beschlossen" {
		t.Fatalf("newest entry's details %v", d)
	}
}

// TestPilotMeasurementsWithinThePilot: a measurement is dated from the pilot's first day on.
func TestPilotMeasurementsWithinThePilot(t *testing.T) {
	env := apitest.New(t)
	owner := env.Login(apitest.Employee)
	i := funnelIdea(t, env, domain.StagePilot, nil) // started a month ago
	post := func(date string) *apitest.Response {
		return env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + i.ID + "/pilot/updates", Token: owner,
			Body: map[string]any{"measurements": []map[string]any{{"kpiKey": "online", "date": date, "value": 12}}}})
	}
	start := i.Pilot.Plan.StartDate
	mustReason(t, post(day(start.AddDate(0, 0, -2))), http.StatusBadRequest, domain.RDateBeforePilot, "before the start")
	mustStatus(t, post(day(start)), http.StatusCreated, "on the first day")
}
