package mongo_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

func TestCriteriaStore(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")

	t.Run("DefaultSeededOnce", func(t *testing.T) {
		var wg sync.WaitGroup
		ids := make([]string, 8)
		for n := range ids {
			wg.Go(func() {
				cs, err := db.EnsureDefaultCriteriaSet(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				ids[n] = cs.ID
			})
		}
		wg.Wait()
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("two default sets: %v", ids)
			}
		}
		sets, err := db.FindCriteriaSets(ctx)
		if err != nil || len(sets) != 1 || len(sets[0].Criteria) != 5 || sets[0].Criteria[0].Weight != 30 {
			t.Fatalf("%v %+v", err, sets)
		}
		if o, _ := db.EnsureDefaultCriteriaSet(other); o.ID == ids[0] {
			t.Fatal("tenants share a default set")
		}
	})
	t.Run("InUseKeepsKeys", func(t *testing.T) {
		cs := &domain.CriteriaSet{Name: "Schnell", Criteria: []domain.Criterion{{Key: "nutzen", Label: "Nutzen", Weight: 60}, {Key: "kosten", Label: "Kosten", Weight: 40}}}
		if err := db.CreateCriteriaSet(ctx, cs); err != nil {
			t.Fatal(err)
		}
		cs.Criteria[0].Key = "wirkung"
		if err := db.UpdateCriteriaSet(ctx, cs); err != nil {
			t.Fatalf("unused set refused a key change: %v", err)
		}
		if err := db.MarkCriteriaSetInUse(ctx, cs.ID); err != nil {
			t.Fatal(err)
		}
		cur, _ := db.FindCriteriaSetByID(ctx, cs.ID)
		if !cur.InUse || cur.Version != cs.Version {
			t.Fatalf("%+v", cur)
		}
		cur.Criteria[0].Key = "effekt"
		if err := db.UpdateCriteriaSet(ctx, cur); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("got %v", err)
		}
		cur, _ = db.FindCriteriaSetByID(ctx, cs.ID)
		cur.Criteria[0].Weight, cur.Criteria[1].Weight = 50, 50
		if err := db.UpdateCriteriaSet(ctx, cur); err != nil {
			t.Fatalf("reweighting refused: %v", err)
		}
		stale := *cur
		stale.Version--
		if err := db.UpdateCriteriaSet(ctx, &stale); domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
			t.Fatalf("got %v", err)
		}
		if _, err := db.FindCriteriaSetByID(other, cs.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatal("read across tenants")
		}
	})
}

func TestFunnelSettingsAndParked(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, t1 := mongotest.MustCreateTenant(t, db, "eins")
	other, t2 := mongotest.MustCreateTenant(t, db, "zwei")
	now := time.Now().UTC().Truncate(time.Millisecond)

	if err := db.SetParked(ctx, "i-due", now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.SetParked(ctx, "i-later", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.SetParked(other, "i-other", now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	s, err := db.FindFunnelSettings(ctx)
	if err != nil || s.Version != 0 || len(s.Checklist) != 5 {
		t.Fatalf("defaults: %+v %v", s, err)
	}
	s.Checklist = append(s.Checklist, domain.ChecklistItem{Key: "accessibility", Label: "Barrierefreiheit geprüft"})
	if err := db.SaveFunnelSettings(ctx, s); err != nil || s.Version != 1 {
		t.Fatalf("save: %v %d", err, s.Version)
	}
	stale := *s
	stale.Version = 0
	if err := db.SaveFunnelSettings(ctx, &stale); domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
		t.Fatalf("stale insert: %v", err)
	}
	got, _ := db.FindFunnelSettings(ctx)
	if len(got.Checklist) != 6 || got.Version != 1 {
		t.Fatalf("%+v", got)
	}
	due, err := db.FindDueParked(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, r := range due {
		found[r.IdeaID] = r.TenantID
	}
	if len(found) != 2 || found["i-due"] != t1.ID || found["i-other"] != t2.ID {
		t.Fatalf("due: %+v (settings save must keep parked ideas)", due)
	}
	if err := db.ClearParked(ctx, "i-due"); err != nil {
		t.Fatal(err)
	}
	if due, _ := db.FindDueParked(ctx, now); len(due) != 1 {
		t.Fatalf("%+v", due)
	}
}

// TestAssignmentsAndReviews runs on a shared DB and on an exclusive one, whose caches of
// assignments and reviews must answer exactly as the store does.
func TestAssignmentsAndReviews(t *testing.T) {
	t.Run("Shared", func(t *testing.T) { testAssignmentsAndReviews(t, false) })
	t.Run("Exclusive", func(t *testing.T) { testAssignmentsAndReviews(t, true) })
}

func testAssignmentsAndReviews(t *testing.T, exclusive bool) {
	db := mongotest.MustOpenDB(t)
	if exclusive {
		db.SetExclusive()
	}
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")
	due := time.Now().UTC().Add(72 * time.Hour).Truncate(time.Millisecond)

	rs, err := db.FindIdeaReviewers(ctx, "idea-1")
	if err != nil || rs.Version != 0 || len(rs.Assignments) != 0 {
		t.Fatalf("%+v %v", rs, err)
	}
	rs.CriteriaSetID = "cs"
	rs.Assignments = []domain.Assignment{
		{ReviewerID: "r1", DueAt: due, Status: domain.AssignmentActive},
		{ReviewerID: "r2", DueAt: due.Add(-time.Hour), Status: domain.AssignmentActive},
	}
	if err := db.SaveIdeaReviewers(ctx, rs); err != nil || rs.Version != 1 {
		t.Fatal(err)
	}
	other2, _ := db.FindIdeaReviewers(ctx, "idea-2")
	other2.CriteriaSetID = "cs"
	other2.Assignments = []domain.Assignment{{ReviewerID: "r1", DueAt: due.Add(-2 * time.Hour), Status: domain.AssignmentActive}}
	if err := db.SaveIdeaReviewers(ctx, other2); err != nil {
		t.Fatal(err)
	}
	q, err := db.FindReviewerQueue(ctx, "r1")
	if err != nil || len(q) != 2 || q[0].IdeaID != "idea-2" || q[1].IdeaID != "idea-1" {
		t.Fatalf("queue %+v %v", q, err)
	}
	stale := *rs
	stale.Version = 0
	if err := db.SaveIdeaReviewers(ctx, &stale); domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
		t.Fatalf("stale: %v", err)
	}
	// r1 declines idea-1: the queue drops it.
	a, _ := rs.Find("r1")
	a.Status = domain.AssignmentDeclined
	if err := db.SaveIdeaReviewers(ctx, rs); err != nil {
		t.Fatal(err)
	}
	ids, _ := db.AssignedIdeaIDs(ctx, "r1")
	if len(ids) != 1 || ids[0] != "idea-2" {
		t.Fatalf("%v", ids)
	}
	if q, _ := db.FindReviewerQueue(other, "r1"); len(q) != 0 {
		t.Fatal("queue read across tenants")
	}

	r := &domain.Review{IdeaID: "idea-1", ReviewerID: "r2", CriteriaSetID: "cs", NoConflict: true, Status: domain.ReviewDraft,
		Scores: []domain.CriterionScore{{Key: "a", Score: 4, Comment: "gut"}}}
	if err := db.SaveReview(ctx, r); err != nil || r.Version != 1 || r.ID != "idea-1:r2" {
		t.Fatalf("%v %+v", err, r)
	}
	dup := &domain.Review{IdeaID: "idea-1", ReviewerID: "r2", CriteriaSetID: "cs"}
	if err := db.SaveReview(ctx, dup); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("second create: %v", err)
	}
	r.Status = domain.ReviewSubmitted
	if err := db.SaveReview(ctx, r); err != nil || r.Version != 2 {
		t.Fatal(err)
	}
	old := *r
	old.Version = 1
	if err := db.SaveReview(ctx, &old); domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
		t.Fatalf("stale review: %v", err)
	}
	got, err := db.FindReviews(ctx, "idea-1", []string{"r1", "r2"})
	if err != nil || len(got) != 1 || got[0].Scores[0].Comment != "gut" || got[0].Status != domain.ReviewSubmitted {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := db.FindReview(other, "idea-1", "r2"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatal("review read across tenants")
	}
	if err := db.DeleteReview(ctx, "idea-1", "r2"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteReview(ctx, "idea-1", "r2"); err != nil {
		t.Fatal("second delete must be a no-op")
	}
}

// TestReviewerQueueStored covers the queue as one JSON string (dates to the millisecond),
// and a queue written before that: read as it is, rewritten at its next change.
func TestReviewerQueueStored(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, tenant := mongotest.MustCreateTenant(t, db, "eins")
	due := time.Date(2026, 12, 3, 16, 0, 0, 123_000_000, time.UTC)
	assignedAt := due.AddDate(0, 0, -14)
	earlier := bson.D{{Key: "_id", Value: "r9"}, {Key: "tenantId", Value: tenant.ID}, {Key: "items", Value: bson.A{
		bson.D{{Key: "ideaId", Value: "alt-2"}, {Key: "dueAt", Value: due.Add(time.Hour)}, {Key: "assignedAt", Value: assignedAt}},
		bson.D{{Key: "ideaId", Value: "alt-1"}, {Key: "dueAt", Value: due}, {Key: "assignedAt", Value: assignedAt}},
	}}, {Key: "version", Value: int64(4)}}
	queues := db.Collection("reviewer_queues")
	if _, err := queues.InsertOne(ctx, earlier); err != nil {
		t.Fatal(err)
	}
	want := []domain.QueueItem{{IdeaID: "alt-1", DueAt: due, AssignedAt: assignedAt}, {IdeaID: "alt-2", DueAt: due.Add(time.Hour), AssignedAt: assignedAt}}
	if q, err := db.FindReviewerQueue(ctx, "r9"); err != nil || !reflect.DeepEqual(q, want) {
		t.Fatalf("earlier queue: %+v %v", q, err)
	}
	if ids, err := db.AssignedIdeaIDs(ctx, "r9"); err != nil || !slices.Equal(ids, []string{"alt-2", "alt-1"}) {
		t.Fatalf("earlier queue's IDs: %v %v", ids, err)
	}
	rs, _ := db.FindIdeaReviewers(ctx, "neu")
	rs.CriteriaSetID = "cs"
	rs.Assignments = []domain.Assignment{{ReviewerID: "r9", DueAt: due.Add(-time.Hour), AssignedAt: assignedAt, Status: domain.AssignmentActive}}
	if err := db.SaveIdeaReviewers(ctx, rs); err != nil {
		t.Fatal(err)
	}
	want = append([]domain.QueueItem{{IdeaID: "neu", DueAt: due.Add(-time.Hour), AssignedAt: assignedAt}}, want...)
	if q, err := db.FindReviewerQueue(ctx, "r9"); err != nil || !reflect.DeepEqual(q, want) {
		t.Fatalf("rewritten queue: %+v %v", q, err)
	}
	var stored bson.M
	if err := queues.FindOne(ctx, bson.D{{Key: "_id", Value: "r9"}}).Decode(&stored); err != nil {
		t.Fatal(err)
	}
	if _, ok := stored["items"]; ok || stored["version"] != int64(5) || !strings.Contains(stored["itemsJSON"].(string), `"ideaId":"alt-1"`) {
		t.Fatalf("stored queue %v", stored)
	}
}

func TestAuditLog(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")
	base := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	for n := range 25 {
		e := &domain.AuditEntry{ActorID: fmt.Sprintf("u%d", n%2), Action: "idea.transition", TargetType: "idea",
			TargetID: fmt.Sprintf("i%d", n%5), At: base.Add(time.Duration(n) * time.Hour), RequestID: "req"}
		if n%3 == 0 {
			e.Action = "review.save"
		}
		if err := db.RecordAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RecordAudit(other, &domain.AuditEntry{ActorID: "u0", Action: "idea.transition", TargetID: "i0"}); err != nil {
		t.Fatal(err)
	}
	var all []*domain.AuditEntry
	cursor := ""
	for {
		page, next, total, err := db.FindAuditEntries(ctx, domain.AuditFilter{Limit: 10, Cursor: cursor})
		if err != nil || total != 25 {
			t.Fatalf("%v total %d", err, total)
		}
		all = append(all, page...)
		if next == "" {
			break
		}
		cursor = next
	}
	if len(all) != 25 || !all[0].At.Equal(base.Add(24*time.Hour)) || !all[24].At.Equal(base) {
		t.Fatalf("pages: %d, first %v", len(all), all[0].At)
	}
	got, _, total, _ := db.FindAuditEntries(ctx, domain.AuditFilter{ActorID: "u0", Action: "review.save", TargetID: "i0"})
	// n ≡ 0 mod 2, 3 and 5: n = 0 only.
	if total != 1 || len(got) != 1 || got[0].At != base {
		t.Fatalf("filtered: %d %+v", total, got)
	}
	_, _, total, _ = db.FindAuditEntries(ctx, domain.AuditFilter{From: base.Add(10 * time.Hour), To: base.Add(20 * time.Hour)})
	if total != 10 {
		t.Fatalf("period: %d", total)
	}
	if _, _, _, err := db.FindAuditEntries(ctx, domain.AuditFilter{Cursor: "garbage"}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("bad cursor: %v", err)
	}
}

func TestReuseCatalogue(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, t1 := mongotest.MustCreateTenant(t, db, "eins")
	other, t2 := mongotest.MustCreateTenant(t, db, "zwei")
	p := &domain.ReuseProfile{ID: domain.ReuseProfileID(t1.ID, "i1"), Version: "1.0", TenantID: t1.ID, Municipality: "Stadt Münster",
		IdeaID: "i1", Title: "Digitale Straßenschäden-Meldung", Summary: "Bürger melden Schäden", PublishedAt: time.Now().UTC().Truncate(time.Millisecond),
		Results: domain.ReuseResults{KPIs: []domain.ReuseKPI{{Name: "Meldungen", Unit: "pro Monat", Baseline: 10, Target: 50, Direction: "increase"}}}}
	if err := db.PublishReuseProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	p.Summary = "Bürgerinnen und Bürger melden Schäden per App"
	if err := db.PublishReuseProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := db.PublishReuseProfile(other, p); err == nil {
		t.Fatal("a tenant published another tenant's profile")
	}
	for q, want := range map[string]int{"": 1, "strassenschaeden": 1, "BÜRGER app": 1, "muenster": 1, "Parkhaus": 0} {
		got, _, total, err := db.FindReuseProfiles(other, domain.ReuseFilter{Query: q})
		if err != nil || total != want || len(got) != want {
			t.Fatalf("%q: %d %v", q, total, err)
		}
	}
	got, err := db.FindReuseProfileByID(other, p.ID)
	if err != nil || got.Summary != p.Summary || got.Results.KPIs[0].Target != 50 {
		t.Fatalf("%+v %v", got, err)
	}
	imported := newIdea("Importierte Idee")
	if err := db.CreateIdea(other, imported); err != nil {
		t.Fatal(err)
	}
	if err := db.ClaimReuseImport(other, "x.i1", imported.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.ClaimReuseImport(other, "x.i1", "another"); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("second import claim: %v", err)
	}
	// A claim whose idea was never written is taken over.
	if err := db.ClaimReuseImport(other, "x.i2", "never-written"); err != nil {
		t.Fatal(err)
	}
	if err := db.ClaimReuseImport(other, "x.i2", "retry"); err != nil {
		t.Fatalf("stale claim not reclaimed: %v", err)
	}
	_ = t2
	if err := db.UnpublishReuseProfile(other, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindReuseProfileByID(ctx, p.ID); err != nil {
		t.Fatal("another tenant unpublished the profile")
	}
	if err := db.UnpublishReuseProfile(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, total, _ := db.FindReuseProfiles(ctx, domain.ReuseFilter{}); total != 0 {
		t.Fatal("not unpublished")
	}
}

func TestMoveEngagement(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	from, to := newIdea("Doppelte Idee"), newIdea("Ursprüngliche Idee")
	from.Stage, to.Stage = domain.StageScreening, domain.StageScreening
	to.AuthorID = "author-to"
	for _, i := range []*domain.Idea{from, to} {
		if err := db.CreateIdea(ctx, i); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []string{"a", "b", "author-to"} {
		if _, err := db.AddSupport(ctx, from.ID, u); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Follow(ctx, from.ID, u); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.AddSupport(ctx, to.ID, "b"); err != nil {
		t.Fatal(err)
	}
	for range 2 { // idempotent
		if err := db.MoveEngagement(ctx, from.ID, to.ID); err != nil {
			t.Fatal(err)
		}
	}
	gotTo, _ := db.FindIdeaByID(ctx, to.ID)
	gotFrom, _ := db.FindIdeaByID(ctx, from.ID)
	// a and b support the target once each; the target's author keeps supporting the merged idea.
	if gotTo.SupportCount != 2 || gotFrom.SupportCount != 1 || gotTo.FollowerCount != 3 || gotFrom.FollowerCount != 0 {
		t.Fatalf("to %d/%d, from %d/%d", gotTo.SupportCount, gotTo.FollowerCount, gotFrom.SupportCount, gotFrom.FollowerCount)
	}
}

// A review is stored as _id, tenant, idea, version and one JSON string (dataJSON) and read back
// whole, through every way a review is written (save, replace, bulk); reviews stored before
// (every field at the top level, the scores as an array of documents or as one JSON string)
// are still read, and are rewritten as dataJSON at their next save.
func TestReviewScoresStored(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, tenant := mongotest.MustCreateTenant(t, db, "reviewscores")
	reviews := db.Collection(mongo.PartitionName("reviews", mongo.PartitionOf("idea-s")))
	raw := func(reviewer string) bson.Raw {
		t.Helper()
		return must(reviews.FindOne(ctx, bson.D{{Key: "_id", Value: domain.ReviewID("idea-s", reviewer)}}).Raw())
	}
	stored := func(reviewer, want string) {
		t.Helper()
		r := raw(reviewer)
		if keys := topLevelKeys(r); !slices.Equal(keys, []string{"_id", "dataJSON", "ideaId", "tenantId", "version"}) {
			t.Fatalf("%s: stored with the fields %v", reviewer, keys)
		}
		if s, ok := r.Lookup("dataJSON").StringValueOK(); !ok || !strings.Contains(s, want) {
			t.Fatalf("%s: the review is not stored as a string with %s: %s", reviewer, want, r)
		}
	}
	hostile := `{"$gt": ""} <script>"x"</script>` + "\u00e4\u00df"
	r := &domain.Review{IdeaID: "idea-s", ReviewerID: "r1", CriteriaSetID: "cs", NoConflict: true, Status: domain.ReviewDraft,
		Scores: []domain.CriterionScore{{Key: "impact", Score: 4, Comment: hostile}, {Key: "cost", Score: 2}}}
	if err := db.SaveReview(ctx, r); err != nil {
		t.Fatal(err)
	}
	stored("r1", `"key":"impact"`)
	r.Scores[1].Score = 5
	if err := db.SaveReview(ctx, r); err != nil {
		t.Fatal(err)
	}
	stored("r1", `"key":"cost","score":5`)
	got := must(db.FindReview(ctx, "idea-s", "r1"))
	if len(got.Scores) != 2 || got.Scores[0] != (domain.CriterionScore{Key: "impact", Score: 4, Comment: hostile}) || got.Scores[1].Score != 5 {
		t.Fatalf("read back %+v", got.Scores)
	}

	// Written before: the scores as an array of documents.
	if _, err := reviews.InsertOne(ctx, bson.D{{Key: "_id", Value: domain.ReviewID("idea-s", "r2")}, {Key: "tenantId", Value: tenant.ID},
		{Key: "ideaId", Value: "idea-s"}, {Key: "reviewerId", Value: "r2"}, {Key: "criteriaSetId", Value: "cs"},
		{Key: "scores", Value: bson.A{bson.D{{Key: "key", Value: "impact"}, {Key: "score", Value: 3}, {Key: "comment", Value: "alt"}}}},
		{Key: "noConflict", Value: true}, {Key: "status", Value: "draft"}, {Key: "version", Value: int64(1)}}); err != nil {
		t.Fatal(err)
	}
	old := must(db.FindReview(ctx, "idea-s", "r2"))
	if len(old.Scores) != 1 || old.Scores[0] != (domain.CriterionScore{Key: "impact", Score: 3, Comment: "alt"}) {
		t.Fatalf("a review with an array of scores read back as %+v", old.Scores)
	}
	old.Status = domain.ReviewSubmitted
	if err := db.SaveReview(ctx, old); err != nil {
		t.Fatal(err)
	}
	stored("r2", `"comment":"alt"`)
	if got := must(db.FindReview(ctx, "idea-s", "r2")); got.Status != domain.ReviewSubmitted || got.Version != 2 || len(got.Scores) != 1 ||
		got.Scores[0].Comment != "alt" || got.CriteriaSetID != "cs" || !got.NoConflict {
		t.Fatalf("rewritten, read back as %+v", got)
	}

	// Written before: the scores as one JSON string, the rest at the top level.
	at := time.Date(2026, 4, 5, 6, 7, 8, 9_000_000, time.UTC)
	if _, err := reviews.InsertOne(ctx, bson.D{{Key: "_id", Value: domain.ReviewID("idea-s", "r5")}, {Key: "tenantId", Value: tenant.ID},
		{Key: "ideaId", Value: "idea-s"}, {Key: "reviewerId", Value: "r5"}, {Key: "criteriaSetId", Value: "cs"},
		{Key: "scoresJSON", Value: `[{"key":"impact","score":2,"comment":"früher"}]`}, {Key: "recommendation", Value: "go"},
		{Key: "confidence", Value: "high"}, {Key: "comment", Value: "gut"}, {Key: "noConflict", Value: true}, {Key: "status", Value: "submitted"},
		{Key: "submittedAt", Value: at}, {Key: "version", Value: int64(3)}, {Key: "createdAt", Value: at}, {Key: "updatedAt", Value: at}}); err != nil {
		t.Fatal(err)
	}
	check := func(what string, got *domain.Review, version int64) {
		t.Helper()
		if len(got.Scores) != 1 || got.Scores[0] != (domain.CriterionScore{Key: "impact", Score: 2, Comment: "früher"}) ||
			got.Recommendation != "go" || got.Confidence != "high" || got.Comment != "gut" || !got.NoConflict ||
			got.Status != domain.ReviewSubmitted || !got.SubmittedAt.Equal(at) || !got.CreatedAt.Equal(at) || got.Version != version ||
			got.IdeaID != "idea-s" || got.ReviewerID != "r5" || got.TenantID != tenant.ID {
			t.Fatalf("%s: read back as %+v", what, got)
		}
	}
	five := must(db.FindReview(ctx, "idea-s", "r5"))
	check("with the scores as a string", five, 3)
	if err := db.SaveReview(ctx, five); err != nil {
		t.Fatal(err)
	}
	stored("r5", `"comment":"früher"`)
	check("rewritten", must(db.FindReview(ctx, "idea-s", "r5")), 4)

	// Every field of a review reads back as saved.
	var full domain.Review
	n := 0
	fillAll(reflect.ValueOf(&full).Elem(), &n)
	full.ID, full.IdeaID, full.ReviewerID, full.Version = "", "idea-s", "r6", 0
	if err := db.SaveReview(ctx, &full); err != nil {
		t.Fatal(err)
	}
	if got := must(db.FindReview(ctx, "idea-s", "r6")); !reflect.DeepEqual(*got, full) {
		t.Fatalf("read back\n%+v\nwant\n%+v", *got, full)
	}

	// No scores at all, and the bulk insert of the demo and the benchmark.
	empty := &domain.Review{IdeaID: "idea-s", ReviewerID: "r3", CriteriaSetID: "cs", Status: domain.ReviewDraft}
	if err := db.SaveReview(ctx, empty); err != nil {
		t.Fatal(err)
	}
	stored("r3", `[]`)
	if got := must(db.FindReview(ctx, "idea-s", "r3")); len(got.Scores) != 0 {
		t.Fatalf("no scores read back as %+v", got.Scores)
	}
	bulk := &domain.Review{IdeaID: "idea-s", ReviewerID: "r4", CriteriaSetID: "cs", Status: domain.ReviewSubmitted,
		Scores: []domain.CriterionScore{{Key: "impact", Score: 1}}}
	if err := db.BulkSaveReviewers(ctx, nil, []*domain.Review{bulk}); err != nil {
		t.Fatal(err)
	}
	stored("r4", `"score":1`)
	if got := must(db.FindReview(ctx, "idea-s", "r4")); len(got.Scores) != 1 || got.Scores[0].Score != 1 {
		t.Fatalf("a bulk-inserted review read back as %+v", got.Scores)
	}
}
