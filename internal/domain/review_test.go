package domain_test

import (
	"math"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

func review(status domain.ReviewStatus, rec domain.Recommendation, scores map[string]int) *domain.Review {
	r := &domain.Review{Status: status, Recommendation: rec, Confidence: "high", NoConflict: true}
	for _, k := range []string{"citizen_benefit", "efficiency", "feasibility", "strategy_fit", "reusability", "a", "b"} {
		if v, ok := scores[k]; ok {
			r.Scores = append(r.Scores, domain.CriterionScore{Key: k, Score: v})
		}
	}
	return r
}

func defaultSet() *domain.CriteriaSet {
	return &domain.CriteriaSet{ID: "cs", Name: "Standard", Criteria: domain.DefaultCriteria()}
}

func twoCriteria() *domain.CriteriaSet {
	return &domain.CriteriaSet{ID: "ab", Name: "AB", Criteria: []domain.Criterion{{Key: "a", Label: "A", Weight: 50}, {Key: "b", Label: "B", Weight: 50}}}
}

// TestAggregate checks the arithmetic against cases computed by hand.
func TestAggregate(t *testing.T) {
	t.Run("HandComputedDefaultSet", func(t *testing.T) {
		// citizen_benefit 5,4,4 → mean 13/3 = 4.33, pop. std dev √(2/9) = 0.47
		// efficiency 4,4,3 / feasibility 3,4,4 / strategy_fit 4,3,4 → mean 3.67, sd 0.47
		// reusability 5,4,4 → 4.33, 0.47
		// weighted mean = (30·13/3 + 20·11/3 + 20·11/3 + 15·11/3 + 15·13/3) / 100
		//               = (195 + 201.67) / 100 = 3.9667 → (3.9667 − 1) / 4 · 100 = 74.17 → 74.2
		rs := []*domain.Review{
			review("submitted", "go", map[string]int{"citizen_benefit": 5, "efficiency": 4, "feasibility": 3, "strategy_fit": 4, "reusability": 5}),
			review("submitted", "go", map[string]int{"citizen_benefit": 4, "efficiency": 4, "feasibility": 4, "strategy_fit": 3, "reusability": 4}),
			review("submitted", "needs_information", map[string]int{"citizen_benefit": 4, "efficiency": 3, "feasibility": 4, "strategy_fit": 4, "reusability": 4}),
			review("draft", "no_go", map[string]int{"citizen_benefit": 1}),
		}
		s := domain.Aggregate(defaultSet(), rs)
		if s.Weighted != 74.2 || s.ReviewCount != 3 || s.Disagreement {
			t.Fatalf("%+v", s)
		}
		want := []domain.CriterionStats{
			{Key: "citizen_benefit", Weight: 30, Mean: 4.33, Min: 4, Max: 5, StdDev: 0.47, N: 3},
			{Key: "efficiency", Weight: 20, Mean: 3.67, Min: 3, Max: 4, StdDev: 0.47, N: 3},
			{Key: "feasibility", Weight: 20, Mean: 3.67, Min: 3, Max: 4, StdDev: 0.47, N: 3},
			{Key: "strategy_fit", Weight: 15, Mean: 3.67, Min: 3, Max: 4, StdDev: 0.47, N: 3},
			{Key: "reusability", Weight: 15, Mean: 4.33, Min: 4, Max: 5, StdDev: 0.47, N: 3},
		}
		for n, w := range want {
			if s.Criteria[n] != w {
				t.Fatalf("criterion %d: %+v, want %+v", n, s.Criteria[n], w)
			}
		}
		if s.Recommend["go"] != 2 || s.Recommend["needs_information"] != 1 || s.Recommend["no_go"] != 0 {
			t.Fatalf("%v", s.Recommend)
		}
	})
	t.Run("StdDevOneAndRangeTwo", func(t *testing.T) {
		// a: 4, 2 → mean 3, sd 1.0, range 2 → disagreement; b: 2, 2 → mean 2, sd 0.
		// weighted mean 2.5 → (2.5 − 1) / 4 · 100 = 37.5
		s := domain.Aggregate(twoCriteria(), []*domain.Review{
			review("submitted", "go", map[string]int{"a": 4, "b": 2}),
			review("submitted", "no_go", map[string]int{"a": 2, "b": 2}),
		})
		if s.Weighted != 37.5 || !s.Disagreement || s.Criteria[0].StdDev != 1 || s.Criteria[0].Mean != 3 || s.Criteria[1].StdDev != 0 {
			t.Fatalf("%+v", s)
		}
	})
	t.Run("RangeTwoBelowStdDevOne", func(t *testing.T) {
		// a: 3,3,3,5 → mean 3.5, sd √0.75 = 0.87 < 1 but range 2 → disagreement.
		s := domain.Aggregate(twoCriteria(), []*domain.Review{
			review("submitted", "go", map[string]int{"a": 3, "b": 4}), review("submitted", "go", map[string]int{"a": 3, "b": 4}),
			review("submitted", "go", map[string]int{"a": 3, "b": 4}), review("submitted", "go", map[string]int{"a": 5, "b": 4}),
		})
		if !s.Disagreement || s.Criteria[0].StdDev != 0.87 || s.Criteria[0].Mean != 3.5 {
			t.Fatalf("%+v", s)
		}
		// weighted mean (3.5 + 4) / 2 = 3.75 → 68.75 → 68.8
		if s.Weighted != 68.8 {
			t.Fatal(s.Weighted)
		}
	})
	t.Run("CloseScoresAgree", func(t *testing.T) {
		// a: 4, 5 → sd 0.5, range 1; b: 1, 2 → sd 0.5, range 1 → no disagreement.
		s := domain.Aggregate(twoCriteria(), []*domain.Review{
			review("submitted", "go", map[string]int{"a": 4, "b": 1}), review("submitted", "go", map[string]int{"a": 5, "b": 2}),
		})
		if s.Disagreement || s.Criteria[0].StdDev != 0.5 {
			t.Fatalf("%+v", s)
		}
		// (4.5 + 1.5) / 2 = 3 → 50
		if s.Weighted != 50 {
			t.Fatal(s.Weighted)
		}
	})
	t.Run("ScaleEnds", func(t *testing.T) {
		top := domain.Aggregate(twoCriteria(), []*domain.Review{review("submitted", "go", map[string]int{"a": 5, "b": 5})})
		bottom := domain.Aggregate(twoCriteria(), []*domain.Review{review("submitted", "go", map[string]int{"a": 1, "b": 1})})
		if top.Weighted != 100 || bottom.Weighted != 0 || top.Disagreement {
			t.Fatal(top.Weighted, bottom.Weighted)
		}
	})
	t.Run("NothingSubmitted", func(t *testing.T) {
		if s := domain.Aggregate(twoCriteria(), []*domain.Review{review("draft", "", map[string]int{"a": 3})}); s != nil {
			t.Fatalf("%+v", s)
		}
	})
}

func TestReviewValidate(t *testing.T) {
	set := twoCriteria()
	ok := func() *domain.Review {
		return review("submitted", "go", map[string]int{"a": 3, "b": 4})
	}
	cases := map[string]func(*domain.Review){
		"NoDeclaration":     func(r *domain.Review) { r.NoConflict = false },
		"ScoreTooHigh":      func(r *domain.Review) { r.Scores[0].Score = 6 },
		"ScoreZero":         func(r *domain.Review) { r.Scores[0].Score = 0 },
		"UnknownCriterion":  func(r *domain.Review) { r.Scores[0].Key = "zzz" },
		"DuplicateScore":    func(r *domain.Review) { r.Scores[1].Key = "a" },
		"MissingOnSubmit":   func(r *domain.Review) { r.Scores = r.Scores[:1] },
		"NoRecommendation":  func(r *domain.Review) { r.Recommendation = "" },
		"BadRecommendation": func(r *domain.Review) { r.Recommendation = "maybe" },
		"NoConfidence":      func(r *domain.Review) { r.Confidence = "" },
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			r := ok()
			change(r)
			if domain.ErrorCode(r.Validate(set)) != domain.EINVALID {
				t.Fatal("accepted")
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		if err := ok().Validate(set); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("PartialDraft", func(t *testing.T) {
		r := review("draft", "", map[string]int{"a": 2})
		r.Confidence = ""
		if err := r.Validate(set); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCriteriaSetValidate(t *testing.T) {
	if err := defaultSet().Validate(); err != nil {
		t.Fatalf("default set: %v", err)
	}
	sum := 0
	for _, c := range domain.DefaultCriteria() {
		sum += c.Weight
	}
	if sum != 100 || len(domain.DefaultCriteria()) != 5 || domain.DefaultCriteria()[0].Weight != 30 {
		t.Fatal("default criteria differ from PRODUCT.md")
	}
	cases := map[string]func(*domain.CriteriaSet){
		"WeightsNot100": func(cs *domain.CriteriaSet) { cs.Criteria[0].Weight = 31 },
		"ZeroWeight":    func(cs *domain.CriteriaSet) { cs.Criteria[0].Weight, cs.Criteria[1].Weight = 0, 50 },
		"DuplicateKey":  func(cs *domain.CriteriaSet) { cs.Criteria[1].Key = cs.Criteria[0].Key },
		"BadKey":        func(cs *domain.CriteriaSet) { cs.Criteria[0].Key = "Bürger" },
		"NoCriteria":    func(cs *domain.CriteriaSet) { cs.Criteria = nil },
		"NoName":        func(cs *domain.CriteriaSet) { cs.Name = " " },
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			cs := defaultSet()
			change(cs)
			if domain.ErrorCode(cs.Validate()) != domain.EINVALID {
				t.Fatal("accepted")
			}
		})
	}
	t.Run("InUseKeepsKeys", func(t *testing.T) {
		old := defaultSet()
		old.InUse = true
		reweighted := defaultSet()
		reweighted.Criteria[0].Weight, reweighted.Criteria[1].Weight = 25, 25
		reweighted.Criteria[0].Label = "Bürgernutzen"
		if err := domain.CheckCriteriaChange(old, reweighted); err != nil {
			t.Fatal(err)
		}
		renamed := defaultSet()
		renamed.Criteria[0].Key = "benefit"
		if domain.ErrorCode(domain.CheckCriteriaChange(old, renamed)) != domain.ECONFLICT {
			t.Fatal("key change of a set in use accepted")
		}
		old.InUse = false
		if err := domain.CheckCriteriaChange(old, renamed); err != nil {
			t.Fatal(err)
		}
	})
}

// TestKrippendorffAlpha checks the interval alpha against the worked example of
// Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011): 4 observers, 12 units,
// missing values; published α_interval = 0.849.
func TestKrippendorffAlpha(t *testing.T) {
	const m = -1 // missing
	obs := [][]float64{
		{1, 2, 3, 3, 2, 1, 4, 1, 2, m, m, m},
		{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, m, 3},
		{m, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, m},
		{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, m},
	}
	var units [][]float64
	for u := range 12 {
		var vals []float64
		for _, o := range obs {
			if o[u] != m {
				vals = append(vals, o[u])
			}
		}
		units = append(units, vals)
	}
	a, ok := domain.KrippendorffAlphaInterval(units)
	if !ok || math.Abs(a-0.849) > 0.0005 {
		t.Fatalf("alpha = %.4f, want 0.849", a)
	}
	t.Run("PerfectAgreement", func(t *testing.T) {
		a, ok := domain.KrippendorffAlphaInterval([][]float64{{1, 1}, {3, 3, 3}, {5, 5}})
		if !ok || a != 1 {
			t.Fatal(a, ok)
		}
	})
	t.Run("Undefined", func(t *testing.T) {
		if _, ok := domain.KrippendorffAlphaInterval([][]float64{{2, 2}, {2}}); ok {
			t.Fatal("no variation must be undefined")
		}
		if _, ok := domain.KrippendorffAlphaInterval([][]float64{{2}, {3}}); ok {
			t.Fatal("no pairable values must be undefined")
		}
	})
	t.Run("ReviewAgreement", func(t *testing.T) {
		rs := []*domain.Review{
			{IdeaID: "i1", Status: "submitted", Scores: []domain.CriterionScore{{Key: "a", Score: 1}, {Key: "b", Score: 5}}},
			{IdeaID: "i1", Status: "submitted", Scores: []domain.CriterionScore{{Key: "a", Score: 1}, {Key: "b", Score: 5}}},
			{IdeaID: "i2", Status: "submitted", Scores: []domain.CriterionScore{{Key: "a", Score: 3}}},
			{IdeaID: "i2", Status: "submitted", Scores: []domain.CriterionScore{{Key: "a", Score: 3}}},
			{IdeaID: "i2", Status: "draft", Scores: []domain.CriterionScore{{Key: "a", Score: 1}}},
		}
		if a, ok := domain.ReviewAgreement(rs); !ok || a != 1 {
			t.Fatal(a, ok)
		}
	})
}

func TestChecklist(t *testing.T) {
	if err := domain.ValidateChecklist(domain.DefaultChecklist()); err != nil {
		t.Fatal(err)
	}
	if len(domain.DefaultChecklist()) != 5 {
		t.Fatal("default checklist differs from PRODUCT.md")
	}
	if err := domain.ValidateChecklist([]domain.ChecklistItem{{Key: "a1", Label: "A"}}); err == nil {
		t.Fatal("one-letter label accepted")
	}
	if err := domain.ValidateChecklist([]domain.ChecklistItem{{Key: "a1", Label: "Aa"}, {Key: "a1", Label: "Bb"}}); err == nil {
		t.Fatal("duplicate key accepted")
	}
	// Optional items may stay unanswered.
	if err := domain.CheckChecklistAnswers(checklist, answers()); err != nil {
		t.Fatal(err)
	}
}

func TestReviewAccessFor(t *testing.T) {
	i := &domain.Idea{ID: "i1", AuthorID: "author", CoAuthorIDs: []string{"co"}}
	rs := &domain.IdeaReviewers{IdeaID: "i1", Assignments: []domain.Assignment{
		{ReviewerID: "rev", Status: domain.AssignmentActive},
		{ReviewerID: "gone", Status: domain.AssignmentDeclined, DeclineReason: "Konflikt"},
	}}
	actor := func(id string, roles ...domain.Role) *domain.Actor { return &domain.Actor{UserID: id, Roles: roles} }
	submitted := &domain.Review{Status: domain.ReviewSubmitted}
	for _, c := range []struct {
		name string
		a    *domain.Actor
		mine *domain.Review
		want domain.ReviewAccess
	}{
		{"anonymous", nil, nil, domain.ReviewAccessNone},
		{"cdo", actor("x", domain.RoleEmployee, domain.RoleCDO), nil, domain.ReviewAccessAll},
		{"assigned, blind", actor("rev", domain.RoleEmployee, domain.RoleReviewer), nil, domain.ReviewAccessOwn},
		{"assigned, submitted", actor("rev", domain.RoleEmployee, domain.RoleReviewer), submitted, domain.ReviewAccessPeers},
		{"assigned, role taken away", actor("rev", domain.RoleEmployee), nil, domain.ReviewAccessNone},
		{"declined", actor("gone", domain.RoleEmployee, domain.RoleReviewer), nil, domain.ReviewAccessNone},
		{"not assigned", actor("other", domain.RoleEmployee, domain.RoleReviewer), nil, domain.ReviewAccessNone},
		{"author", actor("author", domain.RoleCitizen), nil, domain.ReviewAccessAggregate},
		{"co-author", actor("co", domain.RoleEmployee), nil, domain.ReviewAccessAggregate},
	} {
		if got := domain.ReviewAccessFor(c.a, i, rs, c.mine); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestTenantBaseURL(t *testing.T) {
	own := &domain.Tenant{Hosts: []string{"ideen.kreis-borken.example", "borken.example"}}
	for _, c := range []struct {
		base string
		t    *domain.Tenant
		want string
	}{
		{"https://ideen.muenster.example/", nil, "https://ideen.muenster.example"},
		{"https://ideen.muenster.example", &domain.Tenant{}, "https://ideen.muenster.example"},
		{"https://ideen.muenster.example", own, "https://ideen.kreis-borken.example"},
		{"https://borken.example", own, "https://borken.example"},
		{"http://127.0.0.1:8080", own, "http://ideen.kreis-borken.example:8080"},
		{"https://portal.example/ideenwerk/", own, "https://ideen.kreis-borken.example/ideenwerk"},
	} {
		if got := domain.TenantBaseURL(c.base, c.t); got != c.want {
			t.Errorf("%s: %s, want %s", c.base, got, c.want)
		}
	}
}
