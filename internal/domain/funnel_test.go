package domain_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// The oracle of the test: the funnel of PRODUCT.md written out once more, independently of
// the table in funnel.go.
var allowed = map[[2]domain.Stage]domain.Performer{
	{"draft", "submitted"}:      domain.ByAuthor,
	{"submitted", "screening"}:  domain.ByCDO,
	{"screening", "evaluation"}: domain.ByCDO,
	{"screening", "rejected"}:   domain.ByCDO,
	{"screening", "merged"}:     domain.ByCDO,
	{"screening", "submitted"}:  domain.ByCDO,
	{"evaluation", "decision"}:  domain.ByCDO,
	{"decision", "pilot"}:       domain.ByCDO,
	{"decision", "rejected"}:    domain.ByCDO,
	{"decision", "parked"}:      domain.ByCDO,
	{"parked", "screening"}:     domain.ByCDO,
	{"pilot", "rollout"}:        domain.ByCDO,
	{"pilot", "stopped"}:        domain.ByCDO,
	{"pilot", "pilot"}:          domain.ByCDO,
	{"rollout", "implemented"}:  domain.ByCDO,
	{"submitted", "withdrawn"}:  domain.ByAuthor,
	{"screening", "withdrawn"}:  domain.ByAuthor,
	{"evaluation", "withdrawn"}: domain.ByAuthor,
}

const (
	authorID   = "u-author"
	coAuthorID = "u-coauthor"
)

// roles are the callers of the matrix.
var roles = map[string]*domain.Actor{
	"anonymous": nil,
	"citizen":   {UserID: "u-citizen", Roles: []domain.Role{domain.RoleCitizen}},
	"employee":  {UserID: "u-employee", Roles: []domain.Role{domain.RoleEmployee}},
	"reviewer":  {UserID: "u-reviewer", Roles: []domain.Role{domain.RoleEmployee, domain.RoleReviewer}},
	"cdo":       {UserID: "u-cdo", Roles: []domain.Role{domain.RoleEmployee, domain.RoleCDO}},
	"admin":     {UserID: "u-admin", Roles: []domain.Role{domain.RoleEmployee, domain.RoleAdmin}},
	"author":    {UserID: authorID, Roles: []domain.Role{domain.RoleEmployee}},
	"coauthor":  {UserID: coAuthorID, Roles: []domain.Role{domain.RoleCitizen}},
}

func plan() *domain.PilotPlan {
	return &domain.PilotPlan{OwnerID: "u-owner", DepartmentID: "d-33", StartDate: t0, EndDate: t0.AddDate(0, 3, 0), BudgetEUR: 25000,
		KPIs: []domain.KPI{{Key: "wait", Name: "Wartezeit", Unit: "min", Baseline: 40, Target: 15, Direction: domain.DirectionDecrease},
			{Name: "Online-Quote", Unit: "%", Baseline: 20, Target: 60, Direction: domain.DirectionIncrease}}}
}

// ideaAt returns a consistent idea in stage s.
func ideaAt(s domain.Stage) *domain.Idea {
	i := &domain.Idea{ID: "i-1", Title: "Digitale Terminvergabe", Summary: "Termine online", Description: "Lange Wartezeiten vermeiden.",
		Visibility: domain.VisibilityPublic, Source: domain.SourceStaff, AuthorID: authorID, CoAuthorIDs: []string{coAuthorID},
		Stage: s, StageSince: t0.AddDate(0, 0, -3), Version: 4}
	switch s {
	case domain.StagePilot, domain.StageRollout, domain.StageImplemented, domain.StageStopped:
		p := plan()
		p.Normalize()
		i.Pilot = &domain.Pilot{Plan: *p}
	case domain.StageParked:
		i.RevisitAt = t0.AddDate(0, 1, 0)
	}
	return i
}

// checklist is a tenant checklist with one optional item.
var checklist = append(domain.DefaultChecklist(), domain.ChecklistItem{Key: "accessibility", Label: "Barrierefreiheit", Required: false})

func answers() []domain.ChecklistAnswer {
	return []domain.ChecklistAnswer{{Key: "dpia", Answer: "yes"}, {Key: "it_security", Answer: "yes", Note: "BSI-Grundschutz"},
		{Key: "staff_council", Answer: "not_applicable", Note: "keine Mitarbeiterdaten"}, {Key: "budget_line", Answer: "yes"},
		{Key: "legal_basis", Answer: "no", Note: "wird geprüft"}}
}

func results() *domain.PilotResults {
	return &domain.PilotResults{LessonsLearned: "Früh mit dem Personalrat sprechen.",
		Outcomes: []domain.KPIOutcome{{KPIKey: "wait", Value: 12}, {KPIKey: "kpi-1", Value: 45}}}
}

// validRequest returns a request with complete gate data for from → to.
func validRequest(from, to domain.Stage) domain.TransitionRequest {
	r := domain.TransitionRequest{To: to, DecisionID: "d-new", RequestID: "req-1"}
	switch {
	case to == domain.StageRejected, to == domain.StageStopped:
		r.Reason = "Nicht wirtschaftlich genug."
	case from == domain.StageScreening && to == domain.StageSubmitted:
		r.Reason = "Welche Ämter sind betroffen?"
	case to == domain.StageMerged:
		r.Reason = "Dublette"
		r.MergeInto = "i-2"
		r.Facts.MergeTarget = &domain.Idea{ID: "i-2", Stage: domain.StageEvaluation}
	case to == domain.StageParked:
		r.Reason = "Haushalt 2027 abwarten"
		r.RevisitAt = t0.AddDate(0, 6, 0)
	case from == domain.StageEvaluation && to == domain.StageDecision:
		r.Facts.ReviewsAssigned, r.Facts.ReviewsSubmitted = 2, 2
	case to == domain.StagePilot && from == domain.StageDecision:
		r.PilotPlan = plan()
		r.Checklist = answers()
		r.Facts.Checklist = checklist
	case from == domain.StagePilot && to == domain.StagePilot:
		r.NewEndDate = t0.AddDate(0, 5, 0)
	}
	if from == domain.StagePilot && (to == domain.StageRollout || to == domain.StageStopped) {
		r.Results = results()
		if to == domain.StageRollout {
			r.Departments = []string{"d-33", "d-32"}
		}
	}
	return r
}

func snapshot(t *testing.T, i *domain.Idea) string {
	t.Helper()
	b, err := json.Marshal(i)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestTransitionMatrix tries every pair of stages with every role and complete gate data:
// pairs outside the funnel are conflicts, pairs inside it forbidden for the wrong role and
// applied for the right one. A refused transition leaves the idea untouched.
func TestTransitionMatrix(t *testing.T) {
	n := 0
	for _, from := range domain.AllStages {
		for _, to := range domain.AllStages {
			for name, a := range roles {
				n++
				t.Run(fmt.Sprintf("%s_to_%s_by_%s", from, to, name), func(t *testing.T) {
					i := ideaAt(from)
					before := snapshot(t, i)
					d, err := domain.Transition(i, a, validRequest(from, to), t0)
					perf, ok := allowed[[2]domain.Stage{from, to}]
					var want string
					switch {
					case !ok:
						want = domain.ECONFLICT
					case perf == domain.ByCDO && (a == nil || !a.Has(domain.RoleCDO)):
						want = domain.EFORBIDDEN
					case perf == domain.ByAuthor && to == domain.StageWithdrawn && name != "author":
						want = domain.EFORBIDDEN
					case perf == domain.ByAuthor && name != "author" && name != "coauthor":
						want = domain.EFORBIDDEN
					}
					if got := domain.ErrorCode(err); got != want {
						t.Fatalf("got %q (%v), want %q", got, err, want)
					}
					if want != "" {
						if after := snapshot(t, i); after != before {
							t.Fatalf("refused transition changed the idea:\n%s\n%s", before, after)
						}
						return
					}
					if i.Stage != to || len(i.Decisions) != 1 || i.Decisions[0].ID != d.ID || d.ID != "d-new" {
						t.Fatalf("not applied: stage %s, decisions %d", i.Stage, len(i.Decisions))
					}
					if d.From != from || d.To != to || d.ActorID != a.UserID || !d.At.Equal(t0) || d.RequestID != "req-1" {
						t.Fatalf("decision %+v", d)
					}
					if from != to && !i.StageSince.Equal(t0) {
						t.Fatalf("stageSince %v", i.StageSince)
					}
				})
			}
		}
	}
	if want := len(domain.AllStages) * len(domain.AllStages) * len(roles); n != want || n < 1000 {
		t.Fatalf("ran %d cases, want %d", n, want)
	}
	// The table of funnel.go holds exactly the oracle's pairs.
	if rules := domain.TransitionRules(); len(rules) != len(allowed) {
		t.Fatalf("table has %d rules, oracle %d", len(rules), len(allowed))
	}
}

func TestTransitionUnknownStage(t *testing.T) {
	_, err := domain.Transition(ideaAt("screening"), roles["cdo"], domain.TransitionRequest{To: "archived"}, t0)
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("got %v", err)
	}
}

// TestGateData removes or breaks one piece of gate data at a time: each is refused with the
// right code and leaves the idea as it was.
func TestGateData(t *testing.T) {
	type tc struct {
		from, to domain.Stage
		change   func(*domain.TransitionRequest, *domain.Idea)
		code     string
		field    string
	}
	cases := map[string]tc{
		"SubmitWithoutDescription": {"draft", "submitted", func(r *domain.TransitionRequest, i *domain.Idea) { i.Description = "  " }, domain.EINVALID, "description"},
		"RejectWithoutReason":      {"screening", "rejected", func(r *domain.TransitionRequest, i *domain.Idea) { r.Reason = " " }, domain.EINVALID, "reason"},
		"RejectAtDecisionNoReason": {"decision", "rejected", func(r *domain.TransitionRequest, i *domain.Idea) { r.Reason = "" }, domain.EINVALID, "reason"},
		"ReasonTooLong":            {"screening", "rejected", func(r *domain.TransitionRequest, i *domain.Idea) { r.Reason = strings.Repeat("x", 5001) }, domain.EINVALID, "reason"},
		"NeedsInfoWithoutQuestion": {"screening", "submitted", func(r *domain.TransitionRequest, i *domain.Idea) { r.Reason = "" }, domain.EINVALID, "reason"},
		"MergeWithoutReason":       {"screening", "merged", func(r *domain.TransitionRequest, i *domain.Idea) { r.Reason = "" }, domain.EINVALID, "reason"},
		"MergeWithoutTarget":       {"screening", "merged", func(r *domain.TransitionRequest, i *domain.Idea) { r.MergeInto = "" }, domain.EINVALID, "mergeInto"},
		"MergeIntoItself":          {"screening", "merged", func(r *domain.TransitionRequest, i *domain.Idea) { r.MergeInto = i.ID }, domain.EINVALID, "mergeInto"},
		"MergeIntoUnknown":         {"screening", "merged", func(r *domain.TransitionRequest, i *domain.Idea) { r.Facts.MergeTarget = nil }, domain.EINVALID, "mergeInto"},
		"MergeIntoRejected": {"screening", "merged", func(r *domain.TransitionRequest, i *domain.Idea) {
			r.Facts.MergeTarget.Stage = domain.StageRejected
		}, domain.EINVALID, "mergeInto"},
		"ParkWithoutReason":        {"decision", "parked", func(r *domain.TransitionRequest, i *domain.Idea) { r.Reason = "" }, domain.EINVALID, "reason"},
		"ParkWithoutDate":          {"decision", "parked", func(r *domain.TransitionRequest, i *domain.Idea) { r.RevisitAt = time.Time{} }, domain.EINVALID, "revisitAt"},
		"ParkInThePast":            {"decision", "parked", func(r *domain.TransitionRequest, i *domain.Idea) { r.RevisitAt = t0.Add(-time.Hour) }, domain.EINVALID, "revisitAt"},
		"DecideWithReviewsMissing": {"evaluation", "decision", func(r *domain.TransitionRequest, i *domain.Idea) { r.Facts.ReviewsSubmitted = 1 }, domain.ECONFLICT, ""},
		"DecideWithoutReviewers":   {"evaluation", "decision", func(r *domain.TransitionRequest, i *domain.Idea) { r.Facts = domain.GateFacts{} }, domain.ECONFLICT, ""},
		"OverrideWithoutReason": {"evaluation", "decision", func(r *domain.TransitionRequest, i *domain.Idea) {
			r.Facts.ReviewsSubmitted, r.Override = 0, true
		}, domain.EINVALID, "reason"},
		"OverrideElsewhere": {"screening", "evaluation", func(r *domain.TransitionRequest, i *domain.Idea) {
			r.Override, r.Reason = true, "weil"
		}, domain.EINVALID, "override"},
		"PilotWithoutPlan":       {"decision", "pilot", func(r *domain.TransitionRequest, i *domain.Idea) { r.PilotPlan = nil }, domain.EINVALID, "pilotPlan"},
		"PilotWithoutOwner":      {"decision", "pilot", func(r *domain.TransitionRequest, i *domain.Idea) { r.PilotPlan.OwnerID = "" }, domain.EINVALID, "pilotPlan.ownerId"},
		"PilotWithoutDepartment": {"decision", "pilot", func(r *domain.TransitionRequest, i *domain.Idea) { r.PilotPlan.DepartmentID = "" }, domain.EINVALID, "pilotPlan.departmentId"},
		"PilotEndBeforeStart": {"decision", "pilot", func(r *domain.TransitionRequest, i *domain.Idea) {
			r.PilotPlan.EndDate = r.PilotPlan.StartDate
		}, domain.EINVALID, "pilotPlan.endDate"},
		"PilotNegativeBudget": {"decision", "pilot", func(r *domain.TransitionRequest, i *domain.Idea) { r.PilotPlan.BudgetEUR = -1 }, domain.EINVALID, "pilotPlan.budgetEur"},
		"PilotWithoutKPI":     {"decision", "pilot", func(r *domain.TransitionRequest, i *domain.Idea) { r.PilotPlan.KPIs = nil }, domain.EINVALID, "pilotPlan.kpis"},
		"PilotKPIWithoutUnit": {"decision", "pilot", func(r *domain.TransitionRequest, i *domain.Idea) { r.PilotPlan.KPIs[0].Unit = "" }, domain.EINVALID, "pilotPlan.kpis[0].unit"},
		"PilotKPIBadDirection": {"decision", "pilot", func(r *domain.TransitionRequest, i *domain.Idea) {
			r.PilotPlan.KPIs[1].Direction = "sideways"
		}, domain.EINVALID, "pilotPlan.kpis[1].direction"},
		"PilotKPITargetWrongSide": {"decision", "pilot", func(r *domain.TransitionRequest, i *domain.Idea) {
			r.PilotPlan.KPIs[0].Target = 50
		}, domain.EINVALID, "pilotPlan.kpis[0].target"},
		"PilotChecklistMissingRequired": {"decision", "pilot", func(r *domain.TransitionRequest, i *domain.Idea) {
			r.Checklist = r.Checklist[1:]
		}, domain.EINVALID, "checklist"},
		"PilotChecklistBadAnswer": {"decision", "pilot", func(r *domain.TransitionRequest, i *domain.Idea) {
			r.Checklist[0].Answer = "maybe"
		}, domain.EINVALID, "checklist[0].answer"},
		"PilotChecklistUnknownItem": {"decision", "pilot", func(r *domain.TransitionRequest, i *domain.Idea) {
			r.Checklist = append(r.Checklist, domain.ChecklistAnswer{Key: "astrology", Answer: "yes"})
		}, domain.EINVALID, "checklist[5].key"},
		"ExtendWithoutDate":     {"pilot", "pilot", func(r *domain.TransitionRequest, i *domain.Idea) { r.NewEndDate = time.Time{} }, domain.EINVALID, "newEndDate"},
		"ExtendToEarlierEnd":    {"pilot", "pilot", func(r *domain.TransitionRequest, i *domain.Idea) { r.NewEndDate = t0.AddDate(0, 2, 0) }, domain.EINVALID, "newEndDate"},
		"RolloutWithoutResults": {"pilot", "rollout", func(r *domain.TransitionRequest, i *domain.Idea) { r.Results = nil }, domain.EINVALID, "results"},
		"RolloutMissingKPIResult": {"pilot", "rollout", func(r *domain.TransitionRequest, i *domain.Idea) {
			r.Results.Outcomes = r.Results.Outcomes[:1]
		}, domain.EINVALID, "results.outcomes"},
		"RolloutWithoutLessons": {"pilot", "rollout", func(r *domain.TransitionRequest, i *domain.Idea) {
			r.Results.LessonsLearned = "ok"
		}, domain.EINVALID, "results.lessonsLearned"},
		"RolloutWithoutDepartments": {"pilot", "rollout", func(r *domain.TransitionRequest, i *domain.Idea) { r.Departments = nil }, domain.EINVALID, "departments"},
		"StopWithoutResults":        {"pilot", "stopped", func(r *domain.TransitionRequest, i *domain.Idea) { r.Results = nil }, domain.EINVALID, "results"},
		"StopWithoutReason":         {"pilot", "stopped", func(r *domain.TransitionRequest, i *domain.Idea) { r.Reason = "" }, domain.EINVALID, "reason"},
		"DataNotTaken": {"submitted", "screening", func(r *domain.TransitionRequest, i *domain.Idea) {
			r.PilotPlan = plan()
		}, domain.EINVALID, "pilotPlan"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			i := ideaAt(c.from)
			r := validRequest(c.from, c.to)
			a := roles["cdo"]
			if c.from == domain.StageDraft {
				a = roles["author"]
			}
			c.change(&r, i)
			before := snapshot(t, i)
			_, err := domain.Transition(i, a, r, t0)
			if domain.ErrorCode(err) != c.code {
				t.Fatalf("got %v, want %s", err, c.code)
			}
			if c.field != "" {
				e := domain.AsError(err)
				if len(e.Fields) == 0 || e.Fields[0].Field != c.field {
					t.Fatalf("fields %+v, want %s", e.Fields, c.field)
				}
			}
			if after := snapshot(t, i); after != before {
				t.Fatal("refused transition changed the idea")
			}
		})
	}
}

// TestTransitionEffects checks what each gate writes onto the idea and into the record.
func TestTransitionEffects(t *testing.T) {
	cdo := roles["cdo"]
	t.Run("ScreeningPassed", func(t *testing.T) {
		i := ideaAt("screening")
		must(t, i, cdo, validRequest("screening", "evaluation"))
		if !i.ScreeningPassed {
			t.Fatal("screening not passed")
		}
	})
	t.Run("SubmitSetsSubmittedAt", func(t *testing.T) {
		i := ideaAt("draft")
		must(t, i, roles["coauthor"], validRequest("draft", "submitted"))
		if !i.SubmittedAt.Equal(t0) {
			t.Fatal(i.SubmittedAt)
		}
	})
	t.Run("ScoreSnapshot", func(t *testing.T) {
		i := ideaAt("evaluation")
		i.Score = &domain.ScoreSummary{Weighted: 62.5, ReviewCount: 2, Recommend: map[string]int{"go": 2}}
		d := must(t, i, cdo, validRequest("evaluation", "decision"))
		i.Score.Weighted = 10
		i.Score.Recommend["go"] = 0
		if d.ScoreSnapshot == nil || d.ScoreSnapshot.Weighted != 62.5 || d.ScoreSnapshot.Recommend["go"] != 2 {
			t.Fatalf("snapshot %+v is not a copy", d.ScoreSnapshot)
		}
	})
	t.Run("Override", func(t *testing.T) {
		i := ideaAt("evaluation")
		r := validRequest("evaluation", "decision")
		r.Facts.ReviewsSubmitted, r.Override, r.Reason = 1, true, "Eilbedürftig wegen Förderfrist"
		d := must(t, i, cdo, r)
		if !d.Override || d.Reason != "Eilbedürftig wegen Förderfrist" {
			t.Fatalf("%+v", d)
		}
	})
	t.Run("ParkAndRevisit", func(t *testing.T) {
		i := ideaAt("decision")
		d := must(t, i, cdo, validRequest("decision", "parked"))
		if !i.RevisitAt.Equal(t0.AddDate(0, 6, 0)) || !d.RevisitAt.Equal(i.RevisitAt) {
			t.Fatal(i.RevisitAt)
		}
		must(t, i, cdo, validRequest("parked", "screening"))
		if !i.RevisitAt.IsZero() || i.Stage != domain.StageScreening || len(i.Decisions) != 2 {
			t.Fatalf("%+v", i)
		}
	})
	t.Run("Merge", func(t *testing.T) {
		i := ideaAt("screening")
		d := must(t, i, cdo, validRequest("screening", "merged"))
		if i.MergedInto != "i-2" || d.MergedInto != "i-2" {
			t.Fatal(i.MergedInto)
		}
	})
	t.Run("PilotPlanAndChecklist", func(t *testing.T) {
		i := ideaAt("decision")
		d := must(t, i, cdo, validRequest("decision", "pilot"))
		if i.Pilot == nil || len(i.Pilot.Plan.KPIs) != 2 || i.Pilot.Plan.KPIs[1].Key != "kpi-1" || i.Pilot.Plan.KPIs[0].Key != "wait" {
			t.Fatalf("%+v", i.Pilot)
		}
		// The optional "accessibility" item left open is on record as unanswered.
		if d.PilotPlan == nil || len(d.Checklist) != 6 || d.Checklist[2].Note != "keine Mitarbeiterdaten" ||
			d.Checklist[5] != (domain.ChecklistAnswer{Key: "accessibility", Answer: domain.ChecklistUnanswered, Label: "Barrierefreiheit"}) {
			t.Fatalf("%+v", d)
		}
	})
	t.Run("Extend", func(t *testing.T) {
		i := ideaAt("pilot")
		d := must(t, i, cdo, validRequest("pilot", "pilot"))
		if !i.Pilot.Plan.EndDate.Equal(t0.AddDate(0, 5, 0)) || !d.NewEndDate.Equal(i.Pilot.Plan.EndDate) || !i.StageSince.Equal(t0.AddDate(0, 0, -3)) {
			t.Fatalf("%+v", i.Pilot.Plan)
		}
	})
	t.Run("RolloutResults", func(t *testing.T) {
		i := ideaAt("pilot")
		d := must(t, i, cdo, validRequest("pilot", "rollout"))
		res := i.Pilot.Results
		// wait: 12 ≤ 15 (decrease) met; kpi-1: 45 < 60 (increase) not met.
		if res == nil || !res.Outcomes[0].Met || res.Outcomes[1].Met || d.PilotResults == nil {
			t.Fatalf("%+v", res)
		}
		if i.Rollout == nil || len(i.Rollout.Departments) != 2 || i.Rollout.Departments[0].Status != domain.RolloutPlanned || len(d.Departments) != 2 {
			t.Fatalf("%+v", i.Rollout)
		}
	})
	t.Run("WithdrawOnlyByAuthor", func(t *testing.T) {
		_, err := domain.Transition(ideaAt("screening"), roles["coauthor"], validRequest("screening", "withdrawn"), t0)
		if domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatal(err)
		}
	})
}

func must(t *testing.T, i *domain.Idea, a *domain.Actor, r domain.TransitionRequest) domain.Decision {
	t.Helper()
	d, err := domain.Transition(i, a, r, t0)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestNextStages(t *testing.T) {
	got := domain.NextStages(roles["cdo"], ideaAt("screening"))
	if fmt.Sprint(got) != "[evaluation rejected merged submitted]" {
		t.Fatal(got)
	}
	if got := domain.NextStages(roles["author"], ideaAt("screening")); fmt.Sprint(got) != "[withdrawn]" {
		t.Fatal(got)
	}
	if got := domain.NextStages(nil, ideaAt("screening")); len(got) != 0 {
		t.Fatal(got)
	}
}

func TestPilotKPIStatus(t *testing.T) {
	p := plan()
	p.Normalize()
	pl := &domain.Pilot{Plan: *p, Updates: []domain.PilotUpdate{
		{Measurements: []domain.Measurement{{KPIKey: "wait", Date: t0.AddDate(0, 0, 7), Value: 30}, {KPIKey: "kpi-1", Date: t0.AddDate(0, 0, 7), Value: 40}}},
		{Measurements: []domain.Measurement{{KPIKey: "wait", Date: t0.AddDate(0, 0, 14), Value: 25}, {KPIKey: "kpi-1", Date: t0.AddDate(0, 0, 14), Value: 35}}},
		// A late entry for an earlier date does not become the latest value.
		{Measurements: []domain.Measurement{{KPIKey: "wait", Date: t0.AddDate(0, 0, 1), Value: 38}}},
	}}
	st := domain.PilotKPIStatus(pl)
	// wait: 40 → 15 (decrease); latest 25 → progress (25−40)/(15−40) = 60 %; 30 → 25 improving.
	if st[0].Latest.Value != 25 || *st[0].Progress != 60 || st[0].Trend != domain.TrendImproving || len(st[0].Measurements) != 3 {
		t.Fatalf("%+v", st[0])
	}
	// kpi-1: 20 → 60 (increase); latest 35 → 37.5 %; 40 → 35 worsening.
	if st[1].Latest.Value != 35 || *st[1].Progress != 37.5 || st[1].Trend != domain.TrendWorsening {
		t.Fatalf("%+v", st[1])
	}
}

// TestAuthorsAnswerQuestions: the authors of an idea sent back with questions return it to
// screening with their answer (the reason, required); others, and authors of an idea nobody
// asked anything, cannot.
func TestAuthorsAnswerQuestions(t *testing.T) {
	asked := func() *domain.Idea {
		i := ideaAt(domain.StageSubmitted)
		i.Decisions = []domain.Decision{
			{ID: "d-1", From: domain.StageSubmitted, To: domain.StageScreening, ActorID: "u-cdo", At: t0.AddDate(0, 0, -4)},
			{ID: "d-2", From: domain.StageScreening, To: domain.StageSubmitted, ActorID: "u-cdo", At: t0.AddDate(0, 0, -3), Reason: "Welche Kosten?"},
		}
		return i
	}
	answer := domain.TransitionRequest{To: domain.StageScreening, Reason: "  Etwa 5.000 Euro im Jahr.  ", DecisionID: "d-new"}
	for _, who := range []string{"author", "coauthor"} {
		i := asked()
		d, err := domain.Transition(i, roles[who], answer, t0)
		if err != nil || i.Stage != domain.StageScreening || d.Reason != "Etwa 5.000 Euro im Jahr." || d.ActorID != roles[who].UserID || i.NeedsInformation() {
			t.Fatalf("%s: %v, stage %s, decision %+v", who, err, i.Stage, d)
		}
	}
	if got := domain.NextStages(roles["author"], asked()); !slices.Contains(got, domain.StageScreening) {
		t.Fatalf("next stages of the author %v", got)
	}
	i := asked()
	_, err := domain.Transition(i, roles["author"], domain.TransitionRequest{To: domain.StageScreening, Reason: " "}, t0)
	var e *domain.Error
	if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != "reason" || e.Fields[0].Reason != domain.RAnswerRequired || i.Stage != domain.StageSubmitted {
		t.Fatalf("without an answer: %v", err)
	}
	for _, who := range []string{"employee", "citizen", "reviewer"} {
		if _, err := domain.Transition(asked(), roles[who], answer, t0); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("%s: %v", who, err)
		}
	}
	if _, err := domain.Transition(ideaAt(domain.StageSubmitted), roles["author"], answer, t0); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("an idea nobody asked about: %v", err)
	}
	// The cdo's office still takes a submitted idea into screening without a reason.
	if _, err := domain.Transition(asked(), roles["cdo"], domain.TransitionRequest{To: domain.StageScreening}, t0); err != nil {
		t.Fatal(err)
	}
}
