package httpapi_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/httpapi"
)

// analyticsFixture stores four ideas of one campaign with hand-made histories (day 0 is
// 100 days before the env's clock) and the reviews of one of them, directly through the
// stores; every figure the tests expect is worked out from these by hand.
type analyticsFixture struct {
	campaign   *domain.Campaign
	p, q, r, s *domain.Idea
}

func seedAnalytics(t *testing.T, env *apitest.Env) *analyticsFixture {
	t.Helper()
	ctx := env.Ctx
	now := env.Clock.Now()
	day := func(n int) time.Time { return now.AddDate(0, 0, n-100) }
	cdo, emp, cit := env.UserID(apitest.CDO), env.UserID(apitest.Employee), env.UserID(apitest.Citizen)
	dep := env.Demo.Departments["33"]
	camp := &domain.Campaign{Title: "Analytik-Aufruf", Question: "Wie messen wir?", Audience: domain.VisibilityPublic,
		Status: domain.CampaignOpen, ReviewersPerIdea: 2}
	if err := env.DB.CreateCampaign(ctx, camp); err != nil {
		t.Fatal(err)
	}
	mk := func(title string, src domain.Source, vis domain.Visibility, author string, steps ...[3]any) *domain.Idea {
		i := &domain.Idea{Title: title, Summary: "Straßenbeleuchtung für Übergänge", Description: "Beschreibung",
			Source: src, Visibility: vis, AuthorID: author, CampaignID: camp.ID, DepartmentID: dep,
			Stage: domain.StageDraft, CreatedAt: day(steps[0][2].(int) - 1), Tags: []string{"licht"}}
		for _, s := range steps {
			d := domain.Decision{From: s[0].(domain.Stage), To: s[1].(domain.Stage), At: day(s[2].(int)), ActorID: cdo, Reason: "weil"}
			i.Decisions = append(i.Decisions, d)
			i.Stage, i.StageSince = d.To, d.At
			if d.To == domain.StageEvaluation {
				i.ScreeningPassed = true
			}
		}
		i.SubmittedAt = i.Decisions[0].At
		return i
	}
	plan := &domain.PilotPlan{OwnerID: cdo, DepartmentID: dep, StartDate: day(20), EndDate: day(60), BudgetEUR: 12500.5,
		KPIs: []domain.KPI{{Key: "wait", Name: "Wartezeit", Unit: "min", Baseline: 40, Target: 15, Direction: domain.DirectionDecrease}}}
	res := &domain.PilotResults{Outcomes: []domain.KPIOutcome{{KPIKey: "wait", Value: 12, Met: true}}, LessonsLearned: "Früh die Beschäftigten einbinden."}
	f := &analyticsFixture{campaign: camp}
	f.p = mk("Digitale Terminvergabe", domain.SourceStaff, domain.VisibilityPublic, emp,
		[3]any{domain.StageDraft, domain.StageSubmitted, 0}, [3]any{domain.StageSubmitted, domain.StageScreening, 1},
		[3]any{domain.StageScreening, domain.StageEvaluation, 3}, [3]any{domain.StageEvaluation, domain.StageDecision, 13},
		[3]any{domain.StageDecision, domain.StagePilot, 20}, [3]any{domain.StagePilot, domain.StageRollout, 60})
	f.p.Decisions[4].PilotPlan = plan
	f.p.Decisions[5].PilotResults = res
	f.p.Pilot = &domain.Pilot{Plan: *plan, Results: res,
		Updates: []domain.PilotUpdate{{ID: "u1", AuthorID: cdo, At: day(40), Measurements: []domain.Measurement{{KPIKey: "wait", Date: day(40), Value: 20}}}}}
	f.p.Rollout = &domain.Rollout{Departments: []domain.RolloutDepartment{{DepartmentID: env.Demo.Departments["32"], Status: domain.RolloutPlanned}}, Reusable: true}
	f.q = mk(`=HYPERLINK("http://evil.example","klick")`, domain.SourceCitizen, domain.VisibilityPublic, cit,
		[3]any{domain.StageDraft, domain.StageSubmitted, 50}, [3]any{domain.StageSubmitted, domain.StageScreening, 51})
	f.r = mk("Interne Aktenablage", domain.SourceStaff, domain.VisibilityInternal, emp,
		[3]any{domain.StageDraft, domain.StageSubmitted, 70}, [3]any{domain.StageSubmitted, domain.StageScreening, 71},
		[3]any{domain.StageScreening, domain.StageEvaluation, 72})
	f.r.Score = &domain.ScoreSummary{Weighted: 37.5, ReviewCount: 2}
	f.s = mk("Noch nicht gesichtet", domain.SourceCitizen, domain.VisibilityPublic, cit,
		[3]any{domain.StageDraft, domain.StageSubmitted, 90})
	for _, i := range []*domain.Idea{f.p, f.q, f.r, f.s} {
		if err := env.DB.CreateIdea(ctx, i); err != nil {
			t.Fatal(err)
		}
	}
	// R: Robert on time (day 80, due 85), Rita late (day 90).
	rv1, rv2 := env.UserID(apitest.Reviewer), env.UserID(apitest.Reviewer2)
	if err := env.DB.SaveIdeaReviewers(ctx, &domain.IdeaReviewers{IdeaID: f.r.ID, Assignments: []domain.Assignment{
		{ReviewerID: rv1, DueAt: day(85), AssignedBy: cdo, AssignedAt: day(72), Status: domain.AssignmentActive},
		{ReviewerID: rv2, DueAt: day(85), AssignedBy: cdo, AssignedAt: day(72), Status: domain.AssignmentActive},
	}}); err != nil {
		t.Fatal(err)
	}
	for _, rv := range []struct {
		id   string
		at   int
		x, y int
	}{{rv1, 80, 4, 2}, {rv2, 90, 2, 2}} {
		if err := env.DB.SaveReview(ctx, &domain.Review{IdeaID: f.r.ID, ReviewerID: rv.id, NoConflict: true, Status: domain.ReviewSubmitted,
			SubmittedAt: day(rv.at), Recommendation: domain.RecommendGo, Confidence: domain.ConfidenceHigh, Comment: "+1 gut",
			Scores: []domain.CriterionScore{{Key: "x", Score: rv.x}, {Key: "y", Score: rv.y}}}); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func funnelScenarios(t *testing.T, env *apitest.Env, f *analyticsFixture) {
	cdo := env.Login(apitest.CDO)

	t.Run("Access", func(t *testing.T) {
		for _, tc := range []struct {
			name, token string
			status      int
		}{{"Anonymous", "", 401}, {"Employee", env.Login(apitest.Employee), 403}, {"Reviewer", env.Login(apitest.Reviewer), 403},
			{"Admin", env.Login(apitest.Admin), 403}} {
			t.Run(tc.name, func(t *testing.T) {
				for _, p := range []string{"/analytics/funnel", "/analytics/export.csv", "/analytics/export.json"} {
					if r := env.Do(apitest.Request{Method: "GET", Path: p, Token: tc.token}); r.Status != tc.status {
						t.Errorf("%s: %d, want %d", p, r.Status, tc.status)
					}
				}
			})
		}
	})

	t.Run("BadFilters", func(t *testing.T) {
		for _, q := range []string{"source=robots", "from=gestern", "from=2026-05-01&to=2026-04-01", "slaScreeningDays=0", "to=31.12.2026"} {
			if r := env.Do(apitest.Request{Method: "GET", Path: "/analytics/funnel?" + q, Token: cdo}); r.Status != 400 {
				t.Errorf("%s: %d, want 400", q, r.Status)
			}
		}
	})

	t.Run("Figures", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "GET", Path: "/analytics/funnel?campaign=" + f.campaign.ID, Token: cdo})
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		var got struct {
			Ideas  int
			Stages []struct {
				Stage string
				Count int
			}
			Conversion []struct {
				From, To                   string
				Entered, Advanced, Pending int
				Rate, RateOfDecided        *float64
			}
			TimeInStage []struct {
				Stage      string
				Visits     int
				MedianDays *float64
			}
			SLA struct {
				Overdue []struct {
					IdeaID      string
					DaysOverdue float64
				}
			}
			Throughput []struct {
				Month                                  string
				Submitted, Decided, Piloted, RolledOut int
			}
			ByCampaign []struct {
				Key, Label *string
				Ideas      int
			}
			BySource []struct {
				Key   *string
				Ideas int
			}
			Pilots struct {
				Finished, KPIsMet int
				SuccessRate       *float64
			}
			Reviewers struct {
				Available bool
				Rows      []struct {
					ReviewerID, Name *string
					OnTime, Late     int
				}
				Total struct{ OnTimeRate *float64 }
			}
			Agreement []struct {
				CampaignID *string
				Alpha      *float64
				Rating     string
			}
		}
		r.JSON(t, &got)
		if got.Ideas != 4 {
			t.Errorf("ideas %d, want 4", got.Ideas)
		}
		counts := map[string]int{}
		for _, s := range got.Stages {
			counts[s.Stage] = s.Count
		}
		if counts["rollout"] != 1 || counts["screening"] != 1 || counts["evaluation"] != 1 || counts["submitted"] != 1 {
			t.Errorf("stages %v", counts)
		}
		// submitted → screening: all 4 reached submitted, 3 screening, S pending.
		c := got.Conversion[0]
		if c.Entered != 4 || c.Advanced != 3 || c.Pending != 1 || *c.Rate != 0.75 || *c.RateOfDecided != 1 {
			t.Errorf("conversion %+v", c)
		}
		// Screening visits: P 2 days, Q 49 (open), R 1 → median 2.
		for _, ts := range got.TimeInStage {
			if ts.Stage == "screening" && (ts.Visits != 3 || ts.MedianDays == nil || *ts.MedianDays != 2) {
				t.Errorf("time in screening %+v", ts)
			}
		}
		// Q waits 49 days in screening (35 past 14), R 28 in evaluation (7 past 21).
		if len(got.SLA.Overdue) != 2 || got.SLA.Overdue[0].IdeaID != f.q.ID || got.SLA.Overdue[0].DaysOverdue != 35 ||
			got.SLA.Overdue[1].IdeaID != f.r.ID || got.SLA.Overdue[1].DaysOverdue != 7 {
			t.Errorf("overdue %+v", got.SLA.Overdue)
		}
		var sub, dec, pil, roll int
		for _, m := range got.Throughput {
			sub, dec, pil, roll = sub+m.Submitted, dec+m.Decided, pil+m.Piloted, roll+m.RolledOut
		}
		if sub != 4 || dec != 1 || pil != 1 || roll != 1 {
			t.Errorf("throughput totals %d %d %d %d", sub, dec, pil, roll)
		}
		if len(got.ByCampaign) != 1 || *got.ByCampaign[0].Label != "Analytik-Aufruf" || got.ByCampaign[0].Ideas != 4 {
			t.Errorf("by campaign %+v", got.ByCampaign)
		}
		if len(got.BySource) != 2 || *got.BySource[0].Key != "citizen" || got.BySource[0].Ideas != 2 {
			t.Errorf("by source %+v", got.BySource)
		}
		if got.Pilots.Finished != 1 || got.Pilots.KPIsMet != 1 || *got.Pilots.SuccessRate != 1 {
			t.Errorf("pilots %+v", got.Pilots)
		}
		if !got.Reviewers.Available || len(got.Reviewers.Rows) != 2 || *got.Reviewers.Total.OnTimeRate != 0.5 {
			t.Errorf("reviewers %+v", got.Reviewers)
		}
		for _, row := range got.Reviewers.Rows {
			if *row.ReviewerID == env.UserID(apitest.Reviewer) && (*row.Name != "Robert Prüfer" || row.OnTime != 1) {
				t.Errorf("Robert: %+v", row)
			}
		}
		// Units (R,x) = 4 2 and (R,y) = 2 2: D_o = 8/4 = 2, D_e = 2·4·3/12 = 2, α = 0.
		if len(got.Agreement) != 1 || got.Agreement[0].Alpha == nil || *got.Agreement[0].Alpha != 0 || got.Agreement[0].Rating != "unreliable" {
			t.Errorf("agreement %+v", got.Agreement)
		}
	})

	t.Run("PeriodAndSLA", func(t *testing.T) {
		// Only S was submitted in the last 20 days; the SLA list does not depend on the period.
		from := env.Clock.Now().AddDate(0, 0, -20).Format(time.RFC3339)
		r := env.Do(apitest.Request{Method: "GET", Path: "/analytics/funnel?campaign=" + f.campaign.ID + "&from=" + from + "&slaScreeningDays=60", Token: cdo})
		var got struct {
			Ideas int
			SLA   struct {
				Targets []struct {
					Stage                  string
					Days, Waiting, Overdue int
				}
				Overdue []struct{ IdeaID string }
			}
		}
		r.JSON(t, &got)
		if got.Ideas != 1 || len(got.SLA.Overdue) != 1 || got.SLA.Overdue[0].IdeaID != f.r.ID || got.SLA.Targets[0].Days != 60 {
			t.Errorf("%s", r.Body)
		}
	})
}

func exportScenarios(t *testing.T, env *apitest.Env, f *analyticsFixture) {
	cdo := env.Login(apitest.CDO)
	get := func(t *testing.T, q string) *apitest.Response {
		t.Helper()
		r := env.Do(apitest.Request{Method: "GET", Path: "/analytics/export.csv?campaign=" + f.campaign.ID + "&" + q, Token: cdo})
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", q, r.Status, r.Body)
		}
		return r
	}

	t.Run("CSVForGermanExcel", func(t *testing.T) {
		r := get(t, "dataset=ideas&sep=semicolon")
		if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("content type %q", ct)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="ideenwerk-ideas-`) || !strings.HasSuffix(cd, `.csv"`) {
			t.Errorf("content disposition %q", cd)
		}
		if !bytes.HasPrefix(r.Body, []byte("\xEF\xBB\xBF")) {
			t.Fatal("no UTF-8 byte-order mark")
		}
		if !bytes.Contains(r.Body, []byte("\r\n")) {
			t.Error("lines do not end in CRLF")
		}
		cr := csv.NewReader(bytes.NewReader(r.Body[3:]))
		cr.Comma = ';'
		rows, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 5 || rows[0][0] != "id" || rows[0][1] != "title" {
			t.Fatalf("rows %v", rows)
		}
		col := map[string]int{}
		for k, n := range rows[0] {
			col[n] = k
		}
		byID := map[string][]string{}
		for _, row := range rows[1:] {
			byID[row[0]] = row
		}
		if got := byID[f.q.ID][col["title"]]; got != `'=HYPERLINK("http://evil.example","klick")` {
			t.Errorf("formula not guarded: %q", got)
		}
		if got := byID[f.q.ID][col["summary"]]; got != "Straßenbeleuchtung für Übergänge" {
			t.Errorf("umlauts: %q", got)
		}
		if got := byID[f.r.ID][col["score"]]; got != "37,5" {
			t.Errorf("decimal comma: %q", got)
		}
		if got := byID[f.p.ID][col["department"]]; got != "33 — Bürgeramt" {
			t.Errorf("department %q", got)
		}
	})

	t.Run("CSVComma", func(t *testing.T) {
		r := get(t, "dataset=pilots")
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Body, []byte("\xEF\xBB\xBF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		// One KPI of P's pilot: latest measurement 20, result 12, met.
		if len(rows) != 2 {
			t.Fatalf("rows %v", rows)
		}
		want := map[string]string{"ideaId": f.p.ID, "outcome": "rollout", "budgetEur": "12500.5", "kpiName": "Wartezeit",
			"latestValue": "20", "resultValue": "12", "met": "true", "lessonsLearned": "Früh die Beschäftigten einbinden."}
		for k, n := range rows[0] {
			if w, ok := want[n]; ok && rows[1][k] != w {
				t.Errorf("%s = %q, want %q", n, rows[1][k], w)
			}
		}
	})

	t.Run("JSON", func(t *testing.T) {
		for _, tc := range []struct {
			dataset string
			items   int
		}{{"decisions", 6 + 2 + 3 + 1}, {"reviews", 2}, {"pilots", 1}, {"ideas", 4}} {
			t.Run(tc.dataset, func(t *testing.T) {
				r := env.Do(apitest.Request{Method: "GET", Path: "/analytics/export.json?campaign=" + f.campaign.ID + "&dataset=" + tc.dataset, Token: cdo})
				if r.Status != 200 || r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
					t.Fatalf("%d %s", r.Status, r.Header.Get("Content-Type"))
				}
				var got struct {
					Dataset string
					Columns []string
					Items   []map[string]any
				}
				r.JSON(t, &got)
				if got.Dataset != tc.dataset || len(got.Items) != tc.items {
					t.Fatalf("%s: %d items, want %d", got.Dataset, len(got.Items), tc.items)
				}
				if tc.dataset == "reviews" {
					for _, it := range got.Items {
						sc, _ := it["scores"].(map[string]any)
						if it["reviewerId"] == env.UserID(apitest.Reviewer2) && (it["onTime"] != false || sc["x"] != 2.0) {
							t.Errorf("Rita's review %v", it)
						}
					}
				}
				if tc.dataset == "ideas" && len(got.Columns) != len(got.Items[0]) {
					t.Errorf("columns %v vs item %v", got.Columns, got.Items[0])
				}
			})
		}
		// format=json on the .csv path.
		r := get(t, "dataset=ideas&format=json")
		if !bytes.HasPrefix(r.Body, []byte(`{"columns":`)) {
			t.Errorf("format=json: %.80s", r.Body)
		}
	})

	t.Run("Figures", func(t *testing.T) {
		// The dashboard as rows: the same numbers as GET /analytics/funnel.
		var dash struct {
			Ideas  int
			Stages []struct {
				Stage string
				Count int
			}
		}
		env.Do(apitest.Request{Method: "GET", Path: "/analytics/funnel?campaign=" + f.campaign.ID, Token: cdo}).JSON(t, &dash)
		var fig struct {
			Dataset string
			Columns []string
			Items   []struct {
				Section, Key, Label, Metric string
				Value                       *float64
			}
		}
		get(t, "dataset=figures&format=json").JSON(t, &fig)
		if fig.Dataset != "figures" || len(fig.Columns) != 5 || len(fig.Items) < 20 {
			t.Fatalf("figures: %+v", fig)
		}
		got := map[string]float64{}
		for _, it := range fig.Items {
			if it.Value != nil {
				got[it.Section+"/"+it.Key+"/"+it.Metric] = *it.Value
			}
		}
		if got["cohort//ideas"] != float64(dash.Ideas) || dash.Ideas == 0 {
			t.Errorf("cohort %v, dashboard %d", got["cohort//ideas"], dash.Ideas)
		}
		for _, st := range dash.Stages {
			if got["stages/"+st.Stage+"/count"] != float64(st.Count) {
				t.Errorf("stage %s: %v, dashboard %d", st.Stage, got["stages/"+st.Stage+"/count"], st.Count)
			}
		}
		csv := string(get(t, "dataset=figures&sep=semicolon").Body)
		if !strings.Contains(csv, "section;key;label;metric;value") || !strings.Contains(csv, "cohort;;;ideas;"+strconv.Itoa(dash.Ideas)) {
			t.Errorf("figures CSV: %.300s", csv)
		}
	})

	t.Run("BadParameters", func(t *testing.T) {
		for _, q := range []string{"dataset=users", "format=xlsx", "sep=tab"} {
			r := env.Do(apitest.Request{Method: "GET", Path: "/analytics/export.csv?" + q, Token: cdo})
			if r.Status != 400 {
				t.Errorf("%s: %d", q, r.Status)
			}
		}
	})
}

// TestAnalyticsAPI runs the analytics routes on one environment (each costs a scan of the
// store, which is slow under the race detector).
func TestAnalyticsAPI(t *testing.T) {
	env := apitest.New(t)
	f := seedAnalytics(t, env)
	t.Run("Funnel", func(t *testing.T) { funnelScenarios(t, env, f) })
	t.Run("Export", func(t *testing.T) { exportScenarios(t, env, f) })
	t.Run("PublicExport", func(t *testing.T) { publicExportScenarios(t, env, f) })
}

func TestGuardFormula(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+49 251": "'+49 251", "-5": "'-5", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"Idee": "Idee", "": "", "1=1": "1=1", "Ärger": "Ärger",
	} {
		if got := httpapi.GuardFormula(in); got != want {
			t.Errorf("GuardFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

func publicExportScenarios(t *testing.T, env *apitest.Env, f *analyticsFixture) {
	r := env.Do(apitest.Request{Method: "GET", Path: "/public/export.json"})
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}

	t.Run("Schema", func(t *testing.T) {
		raw, err := os.ReadFile("../../api/open-data.schema.json")
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if err := c.AddResource("open-data.schema.json", doc); err != nil {
			t.Fatal(err)
		}
		sch, err := c.Compile("open-data.schema.json")
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("the export violates api/open-data.schema.json: %v", err)
		}
	})

	t.Run("OnlyPublicScreenedIdeas", func(t *testing.T) {
		var got struct {
			Publisher struct{ Name string }
			Ideas     []struct {
				ID       string
				Campaign *struct{ Title string }
				History  []struct{ From, To string }
				Pilot    *struct {
					BudgetEur float64
					KPIs      []struct {
						Result *float64
						Met    *bool
					}
				}
				Rollout *struct {
					Departments []struct{ Department struct{ Code string } }
				}
			}
		}
		r.JSON(t, &got)
		if got.Publisher.Name != "Stadt Münster" {
			t.Errorf("publisher %q", got.Publisher.Name)
		}
		seen := map[string]bool{}
		for _, i := range got.Ideas {
			seen[i.ID] = true
			if i.ID == f.p.ID {
				if i.Campaign == nil || i.Campaign.Title != "Analytik-Aufruf" || len(i.History) != 6 || i.Pilot == nil ||
					i.Pilot.BudgetEur != 12500.5 || *i.Pilot.KPIs[0].Result != 12 || !*i.Pilot.KPIs[0].Met ||
					i.Rollout == nil || i.Rollout.Departments[0].Department.Code != "32" {
					t.Errorf("P: %+v", i)
				}
			}
		}
		// Q and S have not passed screening; R is internal.
		if !seen[f.p.ID] || seen[f.q.ID] || seen[f.r.ID] || seen[f.s.ID] {
			t.Errorf("ideas %v (P %s, Q %s, R %s, S %s)", seen, f.p.ID, f.q.ID, f.r.ID, f.s.ID)
		}
		// Every idea in it is one an anonymous visitor may read.
		for id := range seen {
			if pr := env.Do(apitest.Request{Method: "GET", Path: "/public/ideas/" + id}); pr.Status != 200 {
				t.Errorf("idea %s is in the open data but GET /public/ideas answers %d", id, pr.Status)
			}
		}
	})

	t.Run("NoPersonalData", func(t *testing.T) {
		body := string(r.Body)
		for email, id := range env.Demo.Users {
			if strings.Contains(body, id) || strings.Contains(body, email) {
				t.Errorf("the open data contains the ID or e-mail address of %s", email)
			}
		}
		for _, u := range []string{"Clara Digital", "Erik Mitarbeiter", "Cem Bürger", "Robert Prüfer", "Rita Gutachterin"} {
			if strings.Contains(body, u) {
				t.Errorf("the open data names %s", u)
			}
		}
		for _, k := range []string{"authorId", "actorId", "ownerId", "email", "authorName"} {
			if strings.Contains(body, `"`+k+`"`) {
				t.Errorf("field %s in the open data", k)
			}
		}
	})

	t.Run("Headers", func(t *testing.T) {
		if r.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(r.Header.Get("Cache-Control"), "public") {
			t.Errorf("headers %v", r.Header)
		}
	})
}
