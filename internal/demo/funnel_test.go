package demo_test

import (
	"context"
	"testing"
	"time"

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
	err = db.ScanIdeas(ctx, func(i *domain.Idea) error {
		stages[i.Stage]++
		if i.Score != nil && i.Score.Disagreement && i.Score.ReviewCount == 2 {
			disagreement = true
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
	if _, _, total, _ := db.FindReuseProfiles(ctx, domain.ReuseFilter{}); total != 1 {
		t.Fatalf("reuse profiles: %d", total)
	}
	if due, _ := db.FindDueParked(ctx, time.Now().AddDate(1, 0, 0)); len(due) != stages[domain.StageParked] {
		t.Fatalf("parked index %d, parked ideas %d", len(due), stages[domain.StageParked])
	}
	q, err := db.FindReviewerQueue(ctx, res.Users["reviewer@ideenwerk.example"])
	if err != nil || len(q) == 0 {
		t.Fatalf("reviewer queue %v %v", q, err)
	}
}
