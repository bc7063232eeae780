package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// funnelSeeder is what seeding the funnel needs; stores without it get no funnel demo.
type funnelSeeder interface {
	domain.IdeaStore
	domain.ReviewStore
	domain.CriteriaStore
	domain.FunnelSettingsStore
	domain.ParkedIndex
	domain.ReuseCatalogue
	domain.AuditStore
	ScanIdeas(ctx context.Context, fn func(*domain.Idea) error) error
}

// demoScores are the reviews of the demo: per idea title, the two reviewers' scores on the
// default criteria (citizen benefit, efficiency, feasibility, strategy fit, reusability),
// or nil for a review not yet submitted.
var demoScores = map[string][2]*[5]int{
	// Evaluation, reviewers disagree on benefit and feasibility: the disagreement flag.
	"Sensoren für freie Parkplätze": {{5, 4, 2, 4, 4}, {2, 3, 5, 3, 3}},
	// Evaluation, one review outstanding.
	"Smarte Mülleimer mit Füllstandssensor": {{4, 4, 3, 4, 5}, nil},
	// Evaluation, both reviews in and close: ready for the decision.
	"Digitale Bauakte": {{4, 5, 3, 5, 4}, {4, 4, 3, 5, 4}},
	// Waiting for the decision.
	"Digitale Gewerbeanmeldung":         {{5, 4, 4, 5, 5}, {4, 4, 4, 5, 5}},
	"Lastenräder zum Ausleihen":         {{4, 3, 4, 3, 3}, {3, 3, 4, 3, 4}},
	"Hitzeaktionsplan mit Trinkbrunnen": {{5, 2, 3, 3, 3}, {4, 3, 3, 3, 4}},
}

var demoCriteriaKeys = []string{"citizen_benefit", "efficiency", "feasibility", "strategy_fit", "reusability"}

// SeedFunnel adds the funnel's side of the demo to the seeded ideas: the default criteria
// set and checklist, reviewer assignments and reviews (one idea with a disagreement flag,
// one overdue assignment), KPI histories for the running pilots, a reuse profile of a
// rolled-out idea, the parked ideas' revisit index and a merged duplicate, so a newcomer
// sees the whole funnel at once. It runs only as part of a fresh seed.
func SeedFunnel(ctx context.Context, s Store, res *Result) error {
	fs, ok := s.(funnelSeeder)
	if !ok {
		return nil
	}
	now := time.Now().UTC().Truncate(time.Second)
	f := &domain.Funnel{Ideas: fs, Users: s, Departments: s, Tenants: s, Reviews: fs, Criteria: fs, Settings: fs, Parked: fs,
		Catalogue: fs, Audit: fs, Now: func() time.Time { return now }, NewID: func() string { return uuid.Must(uuid.NewV7()).String() }}
	set, err := fs.EnsureDefaultCriteriaSet(ctx)
	if err != nil {
		return fmt.Errorf("demo criteria: %w", err)
	}
	st, err := fs.FindFunnelSettings(ctx)
	if err != nil {
		return err
	}
	if st.Version == 0 {
		st.DefaultCriteriaSetID = set.ID
		if err := fs.SaveFunnelSettings(ctx, st); err != nil {
			return fmt.Errorf("demo checklist: %w", err)
		}
	}
	var ideas []*domain.Idea
	err = fs.ScanIdeas(ctx, func(i *domain.Idea) error {
		if i.TenantID == res.Tenant.ID {
			ideas = append(ideas, i)
		}
		return nil
	})
	if err != nil {
		return err
	}
	reviewers := [2]string{res.Users[reviewerMail], res.Users[reviewer2]}
	var bikeStation *domain.Idea
	published := false
	for _, i := range ideas {
		var err error
		// Every idea that was (or is) in evaluation has its reviews, so its score, the
		// reviewers' workload and the agreement figures all come from the same reviews.
		if i.Stage == domain.StageEvaluation || decisionTo(i, domain.StageDecision) != nil {
			if err := seedReviews(ctx, f, fs, set, i, reviewers, now); err != nil {
				return fmt.Errorf("demo reviews of %q: %w", i.Title, err)
			}
			if i, err = fs.FindIdeaByID(ctx, i.ID); err != nil { // its score and version changed
				return err
			}
		}
		switch {
		case i.Stage == domain.StagePilot:
			if err := seedKPIHistory(ctx, fs, i, now); err != nil {
				return fmt.Errorf("demo pilot of %q: %w", i.Title, err)
			}
		case i.Stage == domain.StageParked:
			if err := fs.SetParked(ctx, i.ID, i.RevisitAt); err != nil {
				return err
			}
		case i.Stage == domain.StageRollout && !published && i.Pilot != nil && i.Pilot.Results != nil:
			ctxCDO := domain.WithActor(ctx, &domain.Actor{UserID: res.Users[cdoMail], TenantID: res.Tenant.ID, Roles: []domain.Role{domain.RoleCDO}})
			in := domain.RolloutInput{Reusable: true, Contact: "Innovationsbüro der Stadt Münster, innovation@ideenwerk.example"}
			for _, d := range i.Rollout.Departments {
				in.Departments = append(in.Departments, domain.RolloutDepartment{DepartmentID: d.DepartmentID, Status: domain.RolloutDone})
			}
			in.Departments = append(in.Departments, domain.RolloutDepartment{DepartmentID: res.Departments["33"], Status: domain.RolloutInProgress})
			if i.DepartmentID == res.Departments["33"] {
				in.Departments = in.Departments[:len(in.Departments)-1]
			}
			if _, err := f.UpdateRollout(ctxCDO, i.ID, in, 0); err != nil {
				return fmt.Errorf("demo rollout of %q: %w", i.Title, err)
			}
			published = true
		}
		if i.Title == "Mehr Fahrradstellplätze am Hauptbahnhof" {
			bikeStation = i
		}
	}
	if bikeStation != nil {
		return seedMerged(ctx, fs, res, bikeStation, now)
	}
	return nil
}

// decisionTo returns the idea's (last) decision into stage to, or nil.
func decisionTo(i *domain.Idea, to domain.Stage) *domain.Decision {
	for n := len(i.Decisions) - 1; n >= 0; n-- {
		if i.Decisions[n].To == to {
			return &i.Decisions[n]
		}
	}
	return nil
}

// derivedScores are the two reviews of an idea past evaluation that has none in demoScores:
// near the score it was seeded with, the second reviewer a little apart from the first.
func derivedScores(i *domain.Idea) [2]*[5]int {
	level := 3
	if i.Score != nil {
		level = min(5, max(1, int(1.5+i.Score.Weighted/25)))
	}
	var out [2]*[5]int
	for n := range out {
		var s [5]int
		for k := range s {
			s[k] = min(5, max(1, level+(len(i.Title)+k*(n+1))%3-1))
		}
		out[n] = &s
	}
	return out
}

// seedReviews assigns both reviewers to an idea and stores the demo reviews, then writes
// the aggregate onto the idea and into the snapshot of its decision gate. Assignments and
// reviews are dated within the idea's evaluation.
func seedReviews(ctx context.Context, f *domain.Funnel, fs funnelSeeder, set *domain.CriteriaSet, i *domain.Idea, reviewers [2]string, now time.Time) error {
	scores, ok := demoScores[i.Title]
	if !ok && i.Stage != domain.StageEvaluation {
		scores, ok = derivedScores(i), true
	}
	evaluated, left := i.StageSince, now
	if d := decisionTo(i, domain.StageEvaluation); d != nil {
		evaluated = d.At
	}
	if d := decisionTo(i, domain.StageDecision); d != nil {
		left = earlier(d.At, now)
	}
	assigned := evaluated.Add(24 * time.Hour)
	due := assigned.AddDate(0, 0, 14)
	if !ok {
		// No reviews yet and the due date has passed: an overdue assignment for the queue.
		due = now.AddDate(0, 0, -2)
	}
	rs := &domain.IdeaReviewers{IdeaID: i.ID, CriteriaSetID: set.ID}
	for _, r := range reviewers {
		if i.IsAuthor(r) {
			continue
		}
		rs.Assignments = append(rs.Assignments, domain.Assignment{ReviewerID: r, DueAt: due, AssignedBy: i.Decisions[len(i.Decisions)-1].ActorID,
			AssignedAt: assigned, Status: domain.AssignmentActive})
	}
	if err := fs.SaveIdeaReviewers(ctx, rs); err != nil {
		return err
	}
	if !ok {
		// Open assignments are reminded of like those the cdo makes (notify: review
		// assigned), so the demo's overdue reviews show in the daily reminders.
		if rem, isRem := fs.(domain.ReminderStore); isRem {
			for _, a := range rs.Assignments {
				if err := rem.SetReviewReminder(ctx, domain.ReviewReminder{TenantID: i.TenantID, IdeaID: i.ID, ReviewerID: a.ReviewerID, DueAt: a.DueAt}); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for n, sc := range scores {
		if sc == nil || i.IsAuthor(reviewers[n]) {
			continue
		}
		r := &domain.Review{IdeaID: i.ID, ReviewerID: reviewers[n], CriteriaSetID: set.ID, NoConflict: true, Status: domain.ReviewSubmitted,
			Confidence: []string{domain.ConfidenceHigh, domain.ConfidenceMedium}[n], SubmittedAt: earlier(assigned.AddDate(0, 0, 3+n*4), left.Add(-time.Duration(2-n)*time.Hour)),
			Comment: []string{"Großer Nutzen, die Umsetzung ist aber anspruchsvoll.", "Solide Idee; die Kosten sollten genauer geschätzt werden."}[n]}
		var sum int
		for k, v := range sc {
			r.Scores = append(r.Scores, domain.CriterionScore{Key: demoCriteriaKeys[k], Score: v, Comment: scoreComment(v)})
			sum += v
		}
		switch {
		case sum >= 20:
			r.Recommendation = domain.RecommendGo
		case sum >= 16:
			r.Recommendation = domain.RecommendNeedsInformation
		default:
			r.Recommendation = domain.RecommendNoGo
		}
		if err := fs.SaveReview(ctx, r); err != nil {
			return err
		}
	}
	if err := fs.MarkCriteriaSetInUse(ctx, set.ID); err != nil {
		return err
	}
	i, err := f.RecomputeScore(ctx, i.ID)
	if err != nil {
		return err
	}
	if d := decisionTo(i, domain.StageDecision); d != nil {
		d.ScoreSnapshot = i.Score.Clone()
		return fs.UpdateIdea(ctx, i)
	}
	return nil
}

func scoreComment(v int) string {
	switch {
	case v >= 5:
		return "Überzeugt voll."
	case v >= 4:
		return "Gut begründet."
	case v >= 3:
		return "Teils offen."
	}
	return "Hier fehlt noch viel."
}

// seedKPIHistory adds weekly progress updates with measurements to a running pilot.
func seedKPIHistory(ctx context.Context, fs funnelSeeder, i *domain.Idea, now time.Time) error {
	if i.Pilot == nil || len(i.Pilot.Plan.KPIs) == 0 {
		return nil
	}
	k := i.Pilot.Plan.KPIs[0]
	start := i.Pilot.Plan.StartDate
	steps := []float64{0.1, 0.35, 0.3, 0.55, 0.7}
	notes := []string{"Auftakt mit den Beteiligten; erste Rückmeldungen gesammelt.", "Schulung abgeschlossen, Nutzung steigt.",
		"Urlaubszeit: leichter Rückgang.", "Zweite Ausbaustufe live.", "Rückmeldungen überwiegend positiv."}
	// Weekly updates, closer together when the pilot started only days ago.
	step := min(7*24*time.Hour, now.Sub(start)/time.Duration(len(steps)+1))
	if step < time.Hour {
		step = time.Hour
	}
	for n, f := range steps {
		at := start.Add(step * time.Duration(n+1))
		if at.After(now) {
			break
		}
		v := k.Baseline + (k.Target-k.Baseline)*f
		i.Pilot.Updates = append(i.Pilot.Updates, domain.PilotUpdate{ID: uuid.Must(uuid.NewV7()).String(), AuthorID: i.Pilot.Plan.OwnerID, At: at,
			Note: notes[n], Measurements: []domain.Measurement{{KPIKey: k.Key, Date: at, Value: float64(int(v*10)) / 10}}})
	}
	if len(i.Pilot.Updates) == 0 {
		return nil
	}
	return fs.UpdateIdea(ctx, i)
}

// seedMerged adds a duplicate of target, merged into it during screening.
func seedMerged(ctx context.Context, fs funnelSeeder, res *Result, target *domain.Idea, now time.Time) error {
	created := now.AddDate(0, 0, -12)
	d := &domain.Idea{Title: "Fahrradparkhaus am Bahnhof", Summary: "Ein Parkhaus nur für Fahrräder direkt am Hauptbahnhof.",
		Description: "Am Bahnhof fehlen sichere Abstellplätze; ein Fahrradparkhaus würde helfen.", Problem: "Räder blockieren Gehwege.",
		TargetGroups: []string{domain.TargetCitizens}, Tags: []string{"Fahrrad", "Bahnhof"}, DepartmentID: res.Departments["66"],
		CampaignID: target.CampaignID, Visibility: domain.VisibilityPublic, Source: domain.SourceCitizen, AuthorID: res.Users[citizenMail],
		Stage: domain.StageMerged, StageSince: created.AddDate(0, 0, 6), SubmittedAt: created.AddDate(0, 0, 1), CreatedAt: created,
		LastActivityAt: created.AddDate(0, 0, 6), MergedInto: target.ID}
	cdo := res.Users[cdoMail]
	d.Decisions = []domain.Decision{
		{From: domain.StageDraft, To: domain.StageSubmitted, ActorID: d.AuthorID, At: d.SubmittedAt},
		{From: domain.StageSubmitted, To: domain.StageScreening, ActorID: cdo, At: created.AddDate(0, 0, 3)},
		{From: domain.StageScreening, To: domain.StageMerged, ActorID: cdo, At: d.StageSince, MergedInto: target.ID,
			Reason: "Dieselbe Idee wie „" + target.Title + "“; Unterstützungen und Folgende wurden übertragen."},
	}
	if err := fs.CreateIdea(ctx, d); err != nil {
		return err
	}
	t, err := fs.FindIdeaByID(ctx, target.ID)
	if err != nil {
		return err
	}
	t.MergedFrom = append(t.MergedFrom, d.ID)
	return fs.UpdateIdea(ctx, t)
}

// earlier returns the earlier of two times: a demo review is submitted after its
// assignment, and never in the future.
func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
