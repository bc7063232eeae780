package demo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ideenwerk/ideenwerk/internal/demo"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// TestSeedFunnel checks that the demo shows the whole funnel: every stage, reviews with a
// disagreement flag, a running pilot with KPI history, a rollout with a published reuse
// profile and the parked ideas in the revisit index.
func TestSeedFunnel(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	res, err := demo.Seed(context.Background(), db, "Demo-Passwort-2026!")
	if err != nil {
		t.Fatal(err)
	}
	ctx := domain.WithTenant(context.Background(), res.Tenant)
	stages := map[domain.Stage]int{}
	var disagreement, history, rollout bool
	now := time.Now()
	err = db.ScanIdeas(ctx, func(i *domain.Idea) error {
		stages[i.Stage]++
		// A plausible history: decisions in the past and in order, and a pilot left no
		// earlier than its plan's end.
		for k, d := range i.Decisions {
			if d.At.After(now) || (k > 0 && d.At.Before(i.Decisions[k-1].At)) {
				t.Errorf("%q: decision %d at %s", i.Title, k, d.At)
			}
			if d.From == domain.StagePilot && d.To != domain.StagePilot && d.At.Before(i.Pilot.Plan.EndDate) {
				t.Errorf("%q left its pilot on %s, before the planned end %s", i.Title, d.At, i.Pilot.Plan.EndDate)
			}
		}
		if i.Score != nil && i.Score.Disagreement && i.Score.ReviewCount == 2 {
			disagreement = true
		}
		// A score comes from reviews that exist, written while the idea was in evaluation.
		if i.Score != nil && i.Score.ReviewCount > 0 {
			rs, err := db.FindIdeaReviewers(ctx, i.ID)
			if err != nil {
				return err
			}
			var ids []string
			for _, a := range rs.Active() {
				ids = append(ids, a.ReviewerID)
			}
			reviews, err := db.FindReviews(ctx, i.ID, ids)
			if err != nil {
				return err
			}
			submitted := 0
			for _, r := range reviews {
				if r.Status != domain.ReviewSubmitted {
					continue
				}
				submitted++
				for _, d := range i.Decisions {
					if d.From == domain.StageEvaluation && r.SubmittedAt.After(d.At) {
						t.Errorf("%q: a review submitted %s, after the idea left evaluation %s", i.Title, r.SubmittedAt, d.At)
					}
				}
			}
			if submitted != i.Score.ReviewCount {
				t.Errorf("%q: score of %d reviews, %d submitted", i.Title, i.Score.ReviewCount, submitted)
			}
		}
		if i.Stage == domain.StagePilot && i.Pilot != nil && len(domain.PilotKPIStatus(i.Pilot)[0].Measurements) >= 2 {
			history = true
		}
		if i.Stage == domain.StageRollout && i.Rollout != nil && len(i.Rollout.Departments) > 0 {
			rollout = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range domain.AllStages {
		if stages[s] == 0 {
			t.Errorf("no demo idea in stage %s", s)
		}
	}
	if !disagreement || !history || !rollout {
		t.Fatalf("disagreement %v, KPI history %v, rollout %v", disagreement, history, rollout)
	}
	// The shared catalogue: the demo city's own profile and the neighbour's, which the demo
	// CDO can import (see TestSeedNeighbourProfile).
	profiles, _, total, err := db.FindReuseProfiles(ctx, domain.ReuseFilter{})
	if err != nil || total != 2 {
		t.Fatalf("reuse profiles: %d %v", total, err)
	}
	owners := map[string]string{}
	for _, p := range profiles {
		owners[p.TenantID] = p.Municipality
	}
	if owners[res.Tenant.ID] != "Stadt Münster" || owners["ext:"+demo.Neighbour] != demo.Neighbour {
		t.Fatalf("catalogue owners %v", owners)
	}
	if due, _ := db.FindDueParked(ctx, time.Now().AddDate(1, 0, 0)); len(due) != stages[domain.StageParked] {
		t.Fatalf("parked index %d, parked ideas %d", len(due), stages[domain.StageParked])
	}
	q, err := db.FindReviewerQueue(ctx, res.Users["reviewer@ideenwerk.example"])
	if err != nil || len(q) == 0 {
		t.Fatalf("reviewer queue %v %v", q, err)
	}
	// The open assignments are in the reminder index, as assignments by the cdo would be.
	rems, err := db.FindReviewReminders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	reminded := map[string]bool{}
	for _, r := range rems {
		if r.TenantID == res.Tenant.ID {
			reminded[r.IdeaID+"/"+r.ReviewerID] = true
		}
	}
	open := 0
	for _, item := range q {
		rev, err := db.FindReview(ctx, item.IdeaID, res.Users["reviewer@ideenwerk.example"])
		if err == nil && rev.SubmittedAt.After(time.Now()) {
			t.Errorf("review of %s submitted in the future: %s", item.IdeaID, rev.SubmittedAt)
		}
		if domain.ErrorCode(err) == domain.ENOTFOUND || (err == nil && rev.Status != domain.ReviewSubmitted) {
			open++
			if !reminded[item.IdeaID+"/"+res.Users["reviewer@ideenwerk.example"]] {
				t.Errorf("open assignment of %s has no reminder", item.IdeaID)
			}
		}
	}
	if open == 0 {
		t.Fatal("the demo reviewer has no open assignment")
	}
	// Discussions, each comment by someone who may see its idea, and one reported comment
	// for the cdo to decide on.
	comments := 0
	err = db.ScanIdeas(ctx, func(i *domain.Idea) error {
		if i.CommentCount == 0 {
			return nil
		}
		cs, _, _, err := db.FindComments(ctx, i.ID, 50, "")
		if err != nil {
			return err
		}
		for _, c := range cs {
			u, err := db.FindUserByID(ctx, c.AuthorID)
			if err != nil {
				return err
			}
			if !domain.CanSeeIdea(&domain.Actor{UserID: u.ID, TenantID: u.TenantID, Roles: u.Roles, DepartmentID: u.DepartmentID}, i) {
				t.Errorf("%s comments on %q, which they may not see", u.DisplayName, i.Title)
			}
		}
		comments += len(cs)
		return nil
	})
	if err != nil || comments < 5 {
		t.Fatalf("demo comments %d, %v", comments, err)
	}
	reported, _, total, err := db.FindReportedComments(ctx, 10, "")
	if err != nil || total != 1 || len(reported) != 1 || reported[0].Reports != 1 || len(reported[0].Reasons) != 1 {
		t.Fatalf("moderation queue %+v (total %d), %v", reported, total, err)
	}
}

// TestSeedNeighbourProfile checks that the neighbour's profile is seeded once however often
// the demo starts, comes back when it is missing, and that the demo CDO imports it once.
func TestSeedNeighbourProfile(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	bg := context.Background()
	res, err := demo.Seed(bg, db, "Demo-Passwort-2026!")
	if err != nil {
		t.Fatal(err)
	}
	ctx := domain.WithTenant(bg, res.Tenant)
	p, err := db.FindReuseProfileByID(ctx, demo.NeighbourProfileID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Municipality != demo.Neighbour || p.TenantID != "ext:"+demo.Neighbour || len(p.Results.KPIs) < 2 || p.Results.KPIs[0].Result == nil ||
		p.Contact.Email == "" || p.Results.LessonsLearned == "" || p.Results.BudgetEUR <= 0 {
		t.Fatalf("neighbour profile %+v", p)
	}

	// Starting again changes nothing.
	again, err := demo.Seed(bg, db, "Demo-Passwort-2026!")
	if err != nil || again.Seeded {
		t.Fatalf("second seed: seeded %v, %v", again != nil && again.Seeded, err)
	}
	if _, _, total, _ := db.FindReuseProfiles(ctx, domain.ReuseFilter{}); total != 2 {
		t.Fatalf("reuse profiles after the second seed: %d", total)
	}
	if q, err := db.FindReuseProfileByID(ctx, demo.NeighbourProfileID); err != nil || !q.PublishedAt.Equal(p.PublishedAt) {
		t.Fatalf("neighbour profile republished: %v %v", q, err)
	}

	// A demo database without it (seeded before it existed) gets it on the next start.
	ext := domain.WithTenant(bg, &domain.Tenant{ID: p.TenantID, Name: p.Municipality})
	if err := db.UnpublishReuseProfile(ext, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(bg, db, "Demo-Passwort-2026!"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindReuseProfileByID(ctx, demo.NeighbourProfileID); err != nil {
		t.Fatalf("neighbour profile not restored: %v", err)
	}

	// The demo CDO imports it once; the second time is refused.
	now := time.Now().UTC()
	f := &domain.Funnel{Ideas: db, Users: db, Departments: db, Tenants: db, Reviews: db, Criteria: db, Settings: db, Parked: db,
		Catalogue: db, Audit: db, Now: func() time.Time { return now }, NewID: func() string { return uuid.Must(uuid.NewV7()).String() }}
	cdo := domain.WithActor(ctx, &domain.Actor{UserID: res.Users["cdo@ideenwerk.example"], TenantID: res.Tenant.ID,
		Roles: []domain.Role{domain.RoleEmployee, domain.RoleCDO}})
	i, err := f.ImportReuseProfile(cdo, p)
	if err != nil {
		t.Fatal(err)
	}
	if i.Stage != domain.StageSubmitted || i.Source != domain.SourceOtherMunicipality || i.Origin == nil || i.Origin.TenantName != demo.Neighbour {
		t.Fatalf("imported idea %+v", i)
	}
	_, err = f.ImportReuseProfile(cdo, p)
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != domain.ECONFLICT || de.Reason != domain.RReuseImported {
		t.Fatalf("second import: %v", err)
	}
}
