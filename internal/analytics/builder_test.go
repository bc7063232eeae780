package analytics_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/analytics"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// The fixture: nine submitted ideas and one draft with hand-made histories, all at
// midnight UTC so every stage visit lasts whole days. Day 0 is 1 January 2026; now is day
// 180 (30 June 2026). The expected figures in the tests below were worked out by hand from
// these histories (the working is in the comments).
var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func day(n int) time.Time { return t0.AddDate(0, 0, n) }

var now = day(180)

type step struct {
	from, to domain.Stage
	day      int
}

const (
	sub   = domain.StageSubmitted
	scr   = domain.StageScreening
	eval  = domain.StageEvaluation
	dec   = domain.StageDecision
	pil   = domain.StagePilot
	roll  = domain.StageRollout
	impl  = domain.StageImplemented
	rej   = domain.StageRejected
	park  = domain.StageParked
	stop  = domain.StageStopped
	draft = domain.StageDraft
)

func idea(id string, src domain.Source, dept, camp string, steps ...step) *domain.Idea {
	i := &domain.Idea{ID: id, TenantID: "t1", Title: "Idee " + id, Source: src, DepartmentID: dept, CampaignID: camp,
		Stage: draft, CreatedAt: day(0), StageSince: day(0)}
	if len(steps) > 0 {
		i.CreatedAt = day(steps[0].day - 1)
	}
	for k, s := range steps {
		i.Decisions = append(i.Decisions, domain.Decision{ID: id + "-" + string(rune('a'+k)), From: s.from, To: s.to, At: day(s.day), ActorID: "u-cdo"})
		if s.from != s.to {
			i.Stage, i.StageSince = s.to, day(s.day)
		}
	}
	return i
}

func results(met ...bool) *domain.PilotResults {
	r := &domain.PilotResults{LessonsLearned: "Viel gelernt."}
	for k, m := range met {
		r.Outcomes = append(r.Outcomes, domain.KPIOutcome{KPIKey: string(rune('a' + k)), Value: 1, Met: m})
	}
	return r
}

func fixture() []*domain.Idea {
	a := idea("A", domain.SourceStaff, "D1", "C1",
		step{draft, sub, 0}, step{sub, scr, 2}, step{scr, eval, 5}, step{eval, dec, 25}, step{dec, pil, 30},
		step{pil, pil, 60}, step{pil, roll, 120}, step{roll, impl, 150})
	a.Decisions[6].PilotResults = results(true, true)
	b := idea("B", domain.SourceCitizen, "D1", "C1",
		step{draft, sub, 10}, step{sub, scr, 12}, step{scr, eval, 20}, step{eval, dec, 50}, step{dec, pil, 55}, step{pil, stop, 100})
	b.Decisions[5].PilotResults = results(true, false)
	return []*domain.Idea{
		a, b,
		idea("C", domain.SourceStaff, "D2", "", step{draft, sub, 31}, step{sub, scr, 40}, step{scr, rej, 45}),
		idea("D", domain.SourceCitizen, "D2", "C1", step{draft, sub, 100}, step{sub, scr, 101}),
		idea("E", domain.SourceStaff, "D1", "", step{draft, sub, 150}, step{sub, scr, 151}, step{scr, eval, 160}),
		idea("F", domain.SourceStaff, "D2", "", step{draft, sub, 140}, step{sub, scr, 141}, step{scr, eval, 142},
			step{eval, dec, 150}, step{dec, park, 170}),
		idea("G", domain.SourceStaff, "D1", ""), // a draft: never counts
		idea("H", domain.SourceCitizen, "D1", "C1", step{draft, sub, 170}),
		idea("J", domain.SourceStaff, "D2", "C1", step{draft, sub, 120}, step{sub, scr, 125}, step{scr, eval, 130}),
		idea("K", domain.SourceStaff, "D2", "C1", step{draft, sub, 60}, step{sub, scr, 61}, step{scr, eval, 62},
			step{eval, dec, 70}, step{dec, pil, 75}),
	}
}

type assign struct {
	reviewer      string
	assigned, due int
	declined      bool
	submitted     int // day of submission; 0: none
	scores        map[string]int
}

// reviewsOf are the assignments and reviews of the fixture (ideas without an entry have none).
func reviewsOf(id string) (*domain.IdeaReviewers, []*domain.Review) {
	plan := map[string][]assign{
		// A: R1 on time (day 15 ≤ 19), R2 late (22 > 19).
		"A": {{reviewer: "R1", assigned: 5, due: 19, submitted: 15, scores: map[string]int{"x": 4, "y": 3}},
			{reviewer: "R2", assigned: 5, due: 19, submitted: 22, scores: map[string]int{"x": 2, "y": 3}}},
		// B: R1 on its due day (on time), R3 declined.
		"B": {{reviewer: "R1", assigned: 20, due: 34, submitted: 34, scores: map[string]int{"x": 5, "y": 1}},
			{reviewer: "R3", assigned: 20, due: 34, declined: true}},
		// E (in evaluation): R2 open and overdue (due 174 < now 180), R3 open, due later.
		"E": {{reviewer: "R2", assigned: 160, due: 174}, {reviewer: "R3", assigned: 160, due: 190}},
		// J (in evaluation): R1 open and overdue.
		"J": {{reviewer: "R1", assigned: 130, due: 144}},
		// F left evaluation (override) without R3's review: missed.
		"F": {{reviewer: "R3", assigned: 142, due: 156}},
	}
	as, ok := plan[id]
	if !ok {
		return &domain.IdeaReviewers{IdeaID: id}, nil
	}
	rs := &domain.IdeaReviewers{IdeaID: id, Version: 1}
	var reviews []*domain.Review
	for _, a := range as {
		x := domain.Assignment{ReviewerID: a.reviewer, AssignedAt: day(a.assigned), DueAt: day(a.due), Status: domain.AssignmentActive}
		if a.declined {
			x.Status, x.DeclineReason = domain.AssignmentDeclined, "befangen"
		}
		rs.Assignments = append(rs.Assignments, x)
		if a.submitted > 0 {
			r := &domain.Review{IdeaID: id, ReviewerID: a.reviewer, Status: domain.ReviewSubmitted, SubmittedAt: day(a.submitted)}
			for _, k := range []string{"x", "y"} {
				r.Scores = append(r.Scores, domain.CriterionScore{Key: k, Score: a.scores[k], Comment: "lang …"})
			}
			reviews = append(reviews, r)
		}
	}
	// A draft review of an assigned reviewer does not count as submitted.
	if id == "E" {
		reviews = append(reviews, &domain.Review{IdeaID: id, ReviewerID: "R3", Status: domain.ReviewDraft, Scores: []domain.CriterionScore{{Key: "x", Score: 1}}})
	}
	return rs, reviews
}

func compute(t *testing.T, f analytics.Filter) *analytics.Report {
	t.Helper()
	b := analytics.NewBuilder(analytics.Options{Filter: f, Now: now})
	b.EnableReviews()
	for _, i := range fixture() {
		if b.AddIdea(i) {
			rs, reviews := reviewsOf(i.ID)
			b.AddReviews(i, rs, reviews)
		}
	}
	return b.Report()
}

func f(v float64) *float64 { return &v }

func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("%s:\n got  %s\n want %s", what, g, w)
	}
}

func TestFunnelReport(t *testing.T) {
	r := compute(t, analytics.Filter{})

	t.Run("Stages", func(t *testing.T) {
		eq(t, "ideas", r.Ideas, 9) // A B C D E F H J K; G is a draft
		eq(t, "stages", r.Stages, []analytics.StageCount{
			{sub, 1}, {scr, 1}, {eval, 2}, {dec, 0}, {pil, 1}, {roll, 0}, {impl, 1}, {rej, 1},
			{domain.StageMerged, 0}, {park, 1}, {stop, 1}, {domain.StageWithdrawn, 0},
		})
	})

	t.Run("Conversion", func(t *testing.T) {
		// reached: submitted 9, screening 8 (not H), evaluation 6 (A B E F J K), decision 4
		// (A B F K), pilot 3 (A B K), rollout 1, implemented 1; pending: H in submitted,
		// D in screening, E J in evaluation, K in pilot.
		eq(t, "conversion", r.Conversion, []analytics.GateConversion{
			{From: sub, To: scr, Entered: 9, Advanced: 8, Pending: 1, Rate: f(0.8889), RateOfDecided: f(1)},
			{From: scr, To: eval, Entered: 8, Advanced: 6, Pending: 1, Rate: f(0.75), RateOfDecided: f(0.8571)},
			{From: eval, To: dec, Entered: 6, Advanced: 4, Pending: 2, Rate: f(0.6667), RateOfDecided: f(1)},
			{From: dec, To: pil, Entered: 4, Advanced: 3, Pending: 0, Rate: f(0.75), RateOfDecided: f(0.75)},
			{From: pil, To: roll, Entered: 3, Advanced: 1, Pending: 1, Rate: f(0.3333), RateOfDecided: f(0.5)},
			{From: roll, To: impl, Entered: 1, Advanced: 1, Pending: 0, Rate: f(1), RateOfDecided: f(1)},
		})
	})

	t.Run("TimeInStage", func(t *testing.T) {
		// submitted: A2 B2 C9 D1 E1 F1 H10(open) J5 K1 → 1 1 1 1 2 2 5 9 10: median 2,
		// p90 at rank 7.2 = 9 + 0.2·1 = 9.2; closed only 1 1 1 1 2 2 5 9: median 1.5,
		// p90 at 6.3 = 5 + 0.3·4 = 6.2.
		// screening: A3 B8 C5 D79(open) E9 F1 J5 K1 → 1 1 3 5 5 8 9 79: median 5, p90 at 6.3
		// = 9 + 0.3·70 = 30; closed 1 1 3 5 5 8 9: median 5, p90 at 5.4 = 8.4.
		// evaluation: A20 B30 E20(open) F8 J50(open) K8 → 8 8 20 20 30 50: median 20, p90 at
		// 4.5 = 40; closed 8 8 20 30: median 14, p90 at 2.7 = 27.
		// decision: A5 B5 F20 K5: median 5, p90 at 2.7 = 15.5.
		// pilot: A90 (30 → 120; the extension on day 60 does not end the visit) B45
		// K105(open): median 90, p90 at 1.8 = 102; closed 45 90: 67.5 and 85.5.
		// rollout: A30. parked: F10 (open).
		eq(t, "time", r.TimeInStage, []analytics.StageTime{
			{Stage: sub, Visits: 9, Open: 1, MedianDays: f(2), P90Days: f(9.2), CompletedMedianDays: f(1.5), CompletedP90Days: f(6.2)},
			{Stage: scr, Visits: 8, Open: 1, MedianDays: f(5), P90Days: f(30), CompletedMedianDays: f(5), CompletedP90Days: f(8.4)},
			{Stage: eval, Visits: 6, Open: 2, MedianDays: f(20), P90Days: f(40), CompletedMedianDays: f(14), CompletedP90Days: f(27)},
			{Stage: dec, Visits: 4, Open: 0, MedianDays: f(5), P90Days: f(15.5), CompletedMedianDays: f(5), CompletedP90Days: f(15.5)},
			{Stage: pil, Visits: 3, Open: 1, MedianDays: f(90), P90Days: f(102), CompletedMedianDays: f(67.5), CompletedP90Days: f(85.5)},
			{Stage: roll, Visits: 1, Open: 0, MedianDays: f(30), P90Days: f(30), CompletedMedianDays: f(30), CompletedP90Days: f(30)},
			{Stage: park, Visits: 1, Open: 1, MedianDays: f(10), P90Days: f(10)},
		})
	})

	t.Run("SLA", func(t *testing.T) {
		// D in screening since day 101: 79 days, 65 past 14. E in evaluation 20 days (< 21),
		// J since day 130: 50 days, 29 past 21.
		eq(t, "sla", r.SLA, analytics.SLAReport{
			Targets: []analytics.SLAStage{{Stage: scr, Days: 14, Waiting: 1, Overdue: 1}, {Stage: eval, Days: 21, Waiting: 2, Overdue: 1}},
			Overdue: []analytics.OverdueIdea{
				{IdeaID: "D", Title: "Idee D", Stage: scr, Since: day(101), DaysWaiting: 79, DaysOverdue: 65},
				{IdeaID: "J", Title: "Idee J", Stage: eval, Since: day(130), DaysWaiting: 50, DaysOverdue: 29},
			},
		})
	})

	t.Run("Throughput", func(t *testing.T) {
		// submitted: A B (Jan), C (1 Feb), K (2 Mar), D (11 Apr), J F E (1, 21, 31 May),
		// H (20 Jun). decided: A → pilot 31 Jan, B → pilot 25 Feb, K → pilot 17 Mar,
		// F → parked 20 Jun (C's rejection happened at screening, not at the decision).
		// rolled out: A on 1 May.
		eq(t, "throughput", r.Throughput, []analytics.MonthThroughput{
			{"2026-01", 2, 1, 1, 0}, {"2026-02", 1, 1, 1, 0}, {"2026-03", 1, 1, 1, 0},
			{"2026-04", 1, 0, 0, 0}, {"2026-05", 3, 0, 0, 1}, {"2026-06", 1, 1, 0, 0},
		})
	})

	t.Run("Breakdowns", func(t *testing.T) {
		eq(t, "department", r.ByDepartment, []analytics.Breakdown{
			// D1: A B E H — open E H; past screening A B E; piloted A B; rolled out A.
			{Key: "D1", Ideas: 4, Open: 2, PassedScreening: 3, Piloted: 2, RolledOut: 1, Implemented: 1},
			// D2: C D F J K — open D F J K; past screening F J K; piloted K; C rejected.
			{Key: "D2", Ideas: 5, Open: 4, PassedScreening: 3, Piloted: 1, Rejected: 1},
		})
		eq(t, "campaign", r.ByCampaign, []analytics.Breakdown{
			{Key: "", Ideas: 3, Open: 2, PassedScreening: 2, Rejected: 1},                                // C E F
			{Key: "C1", Ideas: 6, Open: 4, PassedScreening: 4, Piloted: 3, RolledOut: 1, Implemented: 1}, // A B D H J K
		})
		eq(t, "source", r.BySource, []analytics.Breakdown{
			{Key: "citizen", Ideas: 3, Open: 2, PassedScreening: 1, Piloted: 1},                                          // B D H
			{Key: "staff", Ideas: 6, Open: 4, PassedScreening: 5, Piloted: 2, RolledOut: 1, Implemented: 1, Rejected: 1}, // A C E F J K
		})
	})

	t.Run("Pilots", func(t *testing.T) {
		// Finished: A (rollout, 2 of 2 KPIs met) and B (stopped, 1 of 2); K runs.
		eq(t, "pilots", r.Pilots, analytics.PilotStats{Running: 1, Finished: 2, KPIsMet: 1, RolledOut: 1, Stopped: 1,
			SuccessRate: f(0.5), RolloutRate: f(0.5), Outcomes: 4, OutcomesMet: 3, KPIRate: f(0.75)})
	})

	t.Run("Reviewers", func(t *testing.T) {
		// R1: A on time (10 days), B on time (14 days), J open and overdue → 2/(2+1).
		// R2: A late (17 days), E open and overdue → 0/(1+1).
		// R3: B declined, E open (not yet due), F missed → 0/1.
		eq(t, "reviewers", r.Reviewers, analytics.ReviewerStats{Available: true,
			Rows: []analytics.ReviewerRow{
				{ReviewerID: "R1", Assigned: 3, Submitted: 2, OnTime: 2, Open: 1, Overdue: 1, OnTimeRate: f(0.6667), MedianDaysToSubmit: f(12)},
				{ReviewerID: "R2", Assigned: 2, Submitted: 1, Late: 1, Open: 1, Overdue: 1, OnTimeRate: f(0), MedianDaysToSubmit: f(17)},
				{ReviewerID: "R3", Assigned: 3, Declined: 1, Open: 1, Missed: 1, OnTimeRate: f(0)},
			},
			Total: analytics.ReviewerRow{Assigned: 8, Declined: 1, Submitted: 3, OnTime: 2, Late: 1, Open: 3, Overdue: 2, Missed: 1,
				OnTimeRate: f(0.3333), MedianDaysToSubmit: f(14)},
		})
	})

	t.Run("Agreement", func(t *testing.T) {
		// C1: units (A,x) = 4 2, (A,y) = 3 3; B's single review pairs with nothing.
		// n = 4, D_o = (8/1 + 0)/4 = 2; mean 3, Σ(v−mean)² = 2, D_e = 2·4·2/(4·3) = 4/3;
		// α = 1 − 2/(4/3) = −0.5.
		eq(t, "agreement", r.Agreement, []analytics.Agreement{
			{CampaignID: "C1", Ideas: 2, Reviews: 3, Alpha: f(-0.5), Rating: analytics.RatingUnreliable},
		})
	})
}

func TestFunnelReportPeriod(t *testing.T) {
	// March to May: the cohort is K (2 Mar), D (11 Apr), J (1 May), F (21 May), E (31 May).
	r := compute(t, analytics.Filter{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	eq(t, "ideas", r.Ideas, 5)
	eq(t, "conversion[1]", r.Conversion[1], analytics.GateConversion{From: scr, To: eval, Entered: 5, Advanced: 4, Pending: 1, Rate: f(0.8), RateOfDecided: f(1)})
	eq(t, "conversion[3]", r.Conversion[3], analytics.GateConversion{From: dec, To: pil, Entered: 2, Advanced: 1, Pending: 0, Rate: f(0.5), RateOfDecided: f(0.5)})
	// Events in the period only, whenever the idea was submitted: A's rollout on 1 May counts.
	eq(t, "throughput", r.Throughput, []analytics.MonthThroughput{
		{"2026-03", 1, 1, 1, 0}, {"2026-04", 1, 0, 0, 0}, {"2026-05", 3, 0, 0, 1},
	})
	// A (1 May) and B (11 Apr) finished their pilots in the period.
	eq(t, "pilots", r.Pilots.Finished, 2)
	// The SLA is about now and ignores the period.
	eq(t, "overdue", len(r.SLA.Overdue), 2)
	// Assignments made in the period: J (R1, day 130) and F (R3, day 142).
	eq(t, "reviewers", r.Reviewers.Total, analytics.ReviewerRow{Assigned: 2, Open: 1, Overdue: 1, Missed: 1, OnTimeRate: f(0)})
	// No cohort idea has submitted reviews.
	eq(t, "agreement", r.Agreement, []analytics.Agreement{})
}

func TestFunnelReportFilters(t *testing.T) {
	for _, tc := range []struct {
		name  string
		f     analytics.Filter
		ideas int
	}{
		{"Campaign", analytics.Filter{CampaignID: "C1"}, 6},
		{"DepartmentAndSource", analytics.Filter{DepartmentID: "D2", Source: domain.SourceStaff}, 4}, // C F J K
		{"Source", analytics.Filter{Source: domain.SourceCitizen}, 3},
		{"Nothing", analytics.Filter{CampaignID: "none"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := compute(t, tc.f)
			eq(t, "ideas", r.Ideas, tc.ideas)
			n := 0
			for _, s := range r.Stages {
				n += s.Count
			}
			eq(t, "sum of stages", n, tc.ideas)
		})
	}
}

func TestFunnelReportEmpty(t *testing.T) {
	r := analytics.NewBuilder(analytics.Options{Now: now}).Report()
	eq(t, "ideas", r.Ideas, 0)
	eq(t, "throughput", r.Throughput, []analytics.MonthThroughput{})
	eq(t, "rate", r.Conversion[0].Rate, (*float64)(nil))
	eq(t, "reviewers", r.Reviewers.Available, false)
	eq(t, "time", r.TimeInStage[0].MedianDays, (*float64)(nil))
}

func TestPercentile(t *testing.T) {
	for _, tc := range []struct {
		v    []float64
		p    float64
		want float64
	}{
		{[]float64{1}, 50, 1},
		{[]float64{3, 1, 2}, 50, 2},
		{[]float64{1, 2, 3, 4}, 50, 2.5},
		{[]float64{1, 2, 3, 4}, 90, 3.7},
		{[]float64{15, 20, 35, 40, 50}, 90, 46}, // Excel: PERCENTILE.INC({15;20;35;40;50};0.9) = 46
		{[]float64{1, 2, 3, 4}, 100, 4},
		{[]float64{1, 2, 3, 4}, 0, 1},
	} {
		got, ok := analytics.Percentile(tc.v, tc.p)
		if !ok || got-tc.want > 1e-9 || tc.want-got > 1e-9 {
			t.Errorf("Percentile(%v, %v) = %v, %v; want %v", tc.v, tc.p, got, ok, tc.want)
		}
	}
	if _, ok := analytics.Percentile(nil, 50); ok {
		t.Error("Percentile of nothing must not be ok")
	}
}

// fakeStores serve the fixture for two tenants through the Service.
type fakeStores struct{}

func (fakeStores) ScanIdeas(_ context.Context, fn func(*domain.Idea) error) error {
	for _, i := range fixture() {
		if err := fn(i); err != nil {
			return err
		}
		other := *i
		other.TenantID = "t2"
		if err := fn(&other); err != nil {
			return err
		}
	}
	return nil
}

func (fakeStores) FindIdeaReviewers(_ context.Context, id string) (*domain.IdeaReviewers, error) {
	rs, _ := reviewsOf(id)
	return rs, nil
}

func (fakeStores) FindReviews(_ context.Context, id string, reviewers []string) ([]*domain.Review, error) {
	_, rv := reviewsOf(id)
	return rv, nil
}

func (fakeStores) FindUserByID(_ context.Context, id string) (*domain.User, error) {
	if id == "R3" {
		return nil, domain.Errorf(domain.ENOTFOUND, "user not found")
	}
	return &domain.User{ID: id, DisplayName: "Prüfer " + id}, nil
}

func (fakeStores) FindDepartments(context.Context) ([]*domain.Department, error) {
	return []*domain.Department{{ID: "D1", Code: "32", Name: "Ordnungsamt"}}, nil
}

func TestServiceFunnel(t *testing.T) {
	s := &analytics.Service{Ideas: fakeStores{}, Reviews: fakeStores{}, Users: fakeStores{}, Departments: fakeStores{}}
	ctx := domain.WithTenant(context.Background(), &domain.Tenant{ID: "t1"})
	r, err := s.Funnel(ctx, analytics.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	// The same figures as computing directly: the other tenant's copies are left out.
	want := compute(t, analytics.Filter{})
	eq(t, "ideas", r.Ideas, want.Ideas)
	eq(t, "conversion", r.Conversion, want.Conversion)
	eq(t, "agreement", r.Agreement, want.Agreement)
	eq(t, "reviewer names", []string{r.Reviewers.Rows[0].Name, r.Reviewers.Rows[1].Name, r.Reviewers.Rows[2].Name},
		[]string{"Prüfer R1", "Prüfer R2", ""})
	eq(t, "department labels", []string{r.ByDepartment[0].Label, r.ByDepartment[1].Label}, []string{"32 — Ordnungsamt", ""})

	if _, err := s.Funnel(context.Background(), analytics.Options{Now: now}); domain.ErrorCode(err) != domain.EINTERNAL {
		t.Errorf("without a tenant: %v, want EINTERNAL", err)
	}
}
