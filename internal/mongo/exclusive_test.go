package mongo_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// exclusiveDB opens a fresh database twice: as a shared DB (no caches, claims and feed) and
// as an exclusive one, the only writer of the ideas the test writes.
func exclusiveDB(t *testing.T) (shared, exclusive *mongo.DB) {
	t.Helper()
	shared, exclusive = twoInstances(t)
	exclusive.SetExclusive()
	return shared, exclusive
}

// An exclusive DB (the only writer of its store) writes ideas without revision claims and
// without feed entries, and its version checks, tenant checks and counters stay exact.
func TestExclusiveWrites(t *testing.T) {
	shared, db := exclusiveDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")
	head0, _ := db.IdeaFeedHead(ctx)

	i := newIdea("Allein schreiben")
	if err := db.CreateIdea(ctx, i); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if err := db.IncIdeaCounters(ctx, i.ID, domain.CounterDelta{Supports: 1}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, err := db.FindIdeaByID(ctx, i.ID)
	if err != nil || got.SupportCount != 50 || got.Revision != 51 {
		t.Fatalf("supports %d, revision %d, %v; want 50, 51", got.SupportCount, got.Revision, err)
	}

	// A stale version is refused, also when a slow read notes an old revision after a write.
	old, _ := db.FindIdeaByID(ctx, i.ID)
	got.Title = "Allein schreiben, geändert"
	if err := db.UpdateIdea(ctx, got); err != nil {
		t.Fatal(err)
	}
	db.NoteRevision(old)
	old.Title = "Veraltete Fassung"
	if err := db.UpdateIdea(ctx, old); domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
		t.Fatalf("update from a stale version: %v", err)
	}
	// Another tenant does not find the idea.
	foreign := *got
	if err := db.UpdateIdea(other, &foreign); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("update from another tenant: %v", err)
	}
	if err := db.IncIdeaCounters(other, i.ID, domain.CounterDelta{Supports: 1}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("count from another tenant: %v", err)
	}
	// Another DB (no hints) sees the writes and must not be confused by them.
	fresh, _ := mongo.OpenClient(context.Background(), shared.Client, shared.DB.Name())
	fresh.SetExclusive()
	if err := fresh.IncIdeaCounters(ctx, i.ID, domain.CounterDelta{Followers: 1}); err != nil {
		t.Fatal(err)
	}
	final, _ := shared.FindIdeaByID(ctx, i.ID)
	if final.SupportCount != 50 || final.FollowerCount != 1 || final.Title != got.Title || final.Revision != 53 {
		t.Fatalf("final %+v", final)
	}

	// Reads of an exclusive DB come from its last read or write (the idea's document, with
	// its counters from their own), as fresh copies, and only for the idea's tenant.
	j := newIdea("Im Speicher")
	if err := db.CreateIdea(ctx, j); err != nil {
		t.Fatal(err)
	}
	if db.IdeaCached(ctx, j.ID) {
		t.Fatal("a new idea is kept")
	}
	if _, err := db.FindIdeaByID(ctx, j.ID); err != nil || !db.IdeaCached(ctx, j.ID) {
		t.Fatalf("an idea read is not kept: %v", err)
	}
	for n := range 3 {
		if err := db.IncIdeaCounters(ctx, j.ID, domain.CounterDelta{Comments: 1}); err != nil {
			t.Fatal(err)
		}
		if !db.IdeaCached(ctx, j.ID) {
			t.Fatalf("write %d: the idea is not served from the cache", n)
		}
		a, err := db.FindIdeaByID(ctx, j.ID)
		if err != nil || a.CommentCount != n+1 || a.Revision != int64(n+2) {
			t.Fatalf("read after write %d: %+v, %v", n, a, err)
		}
		a.Title, a.Tags[0] = "verändert", "verändert"
		b, _ := db.FindIdeaByID(ctx, j.ID)
		if b.Title != "Im Speicher" || b.Tags[0] != "a" {
			t.Fatalf("a read shares its idea with the next: %+v", b)
		}
	}
	if _, err := db.FindIdeaByID(other, j.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("read from another tenant: %v", err)
	}
	if err := db.DeleteIdea(ctx, j.ID, 1); err != nil {
		t.Fatal(err)
	}
	if db.IdeaCached(ctx, j.ID) {
		t.Fatal("a deleted idea is served from the cache")
	}
	if _, err := db.FindIdeaByID(ctx, j.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("read after delete: %v", err)
	}
	if shared.IdeaCached(ctx, i.ID) {
		t.Fatal("a shared DB serves ideas from a cache")
	}

	if n, err := db.CountClaims(ctx, i.ID); err != nil || n != 0 {
		t.Fatalf("%d revision claims written, %v", n, err)
	}
	if head, _ := db.IdeaFeedHead(ctx); head != head0 {
		t.Fatalf("feed head %d → %d: an exclusive DB wrote feed entries", head0, head)
	}
}

func TestLockStore(t *testing.T) {
	dir := t.TempDir()
	release, err := mongo.LockStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mongo.LockStore(dir); err == nil || !strings.Contains(err.Error(), "in use by another Ideenwerk process") {
		t.Fatalf("second lock: %v", err)
	}
	release()
	again, err := mongo.LockStore(dir)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again()
}

// An exclusive DB keeps the criteria sets it read, and its own changes show at once.
func TestExclusiveCriteriaSets(t *testing.T) {
	_, db := exclusiveDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")
	cs := &domain.CriteriaSet{Name: "Kriterien", Criteria: domain.DefaultCriteria()}
	if err := db.CreateCriteriaSet(ctx, cs); err != nil {
		t.Fatal(err)
	}
	a, err := db.FindCriteriaSetByID(ctx, cs.ID)
	if err != nil || a.Name != "Kriterien" {
		t.Fatalf("%+v, %v", a, err)
	}
	a.Name = "verändert"
	if b, _ := db.FindCriteriaSetByID(ctx, cs.ID); b.Name != "Kriterien" {
		t.Fatalf("a read shares its set with the next: %+v", b)
	}
	if _, err := db.FindCriteriaSetByID(other, cs.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("another tenant: %v", err)
	}
	upd, _ := db.FindCriteriaSetByID(ctx, cs.ID)
	upd.Name = "Kriterien 2026"
	upd.Criteria[0].Weight, upd.Criteria[1].Weight = upd.Criteria[0].Weight+5, upd.Criteria[1].Weight-5
	if err := db.UpdateCriteriaSet(ctx, upd); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindCriteriaSetByID(ctx, cs.ID); got.Name != "Kriterien 2026" || got.Version != 2 || got.Criteria[0].Weight != upd.Criteria[0].Weight {
		t.Fatalf("after the update: %+v", got)
	}
	if err := db.MarkCriteriaSetInUse(ctx, cs.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindCriteriaSetByID(ctx, cs.ID); !got.InUse {
		t.Fatal("the set is not in use after MarkCriteriaSetInUse")
	}
}

// An exclusive DB does not rewrite a follow list that it knows holds the idea, and the
// lists stay true through unfollows, refollows and an idea's purge.
func TestExclusiveFollowLists(t *testing.T) {
	shared, db := exclusiveDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	i := newIdea("Folgen")
	if err := db.CreateIdea(ctx, i); err != nil {
		t.Fatal(err)
	}
	list := func() []string {
		ids, err := shared.FollowedIdeaIDs(ctx, "u1")
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	for n, step := range []struct {
		follow bool
		want   int
	}{{true, 1}, {true, 1}, {false, 0}, {false, 0}, {true, 1}, {true, 1}} {
		var err error
		if step.follow {
			_, err = db.Follow(ctx, i.ID, "u1")
		} else {
			_, err = db.Unfollow(ctx, i.ID, "u1")
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := list(); len(got) != step.want {
			t.Fatalf("step %d: list %v, want %d ideas", n, got, step.want)
		}
		if db.Listed(ctx, i.ID, "u1") != step.follow {
			t.Fatalf("step %d: the DB's memory of the list is %v", n, !step.follow)
		}
	}
	if shared.Listed(ctx, i.ID, "u1") {
		t.Fatal("a shared DB remembers lists")
	}
	// A shared DB writes the list on every follow, repairing what a crash left behind.
	if _, err := shared.Follow(ctx, i.ID, "u1"); err != nil {
		t.Fatal(err)
	}
	if got := list(); len(got) != 1 {
		t.Fatalf("list after the shared DB's follow: %v", got)
	}
	got, _ := shared.FindIdeaByID(ctx, i.ID)
	if got.FollowerCount != 1 {
		t.Fatalf("followers %d, want 1", got.FollowerCount)
	}
}

// An exclusive DB answers reviews from what it read and wrote, with version checks, tenant
// checks and deletes as exact as the store's.
func TestExclusiveReviews(t *testing.T) {
	shared, db := exclusiveDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")

	// Not written yet: found missing, and remembered so (an assigned reviewer without a
	// review is looked up on every score update).
	if _, err := db.FindReview(ctx, "idea-1", "r2"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("review before it was written: %v", err)
	}
	if !db.ReviewCached(ctx, "idea-1", "r2") {
		t.Fatal("a missing review is not remembered")
	}
	stale := &domain.Review{IdeaID: "idea-1", ReviewerID: "r2", CriteriaSetID: "cs", Version: 3}
	if err := db.SaveReview(ctx, stale); domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
		t.Fatalf("update of a missing review: %v", err)
	}
	r := &domain.Review{IdeaID: "idea-1", ReviewerID: "r2", CriteriaSetID: "cs", NoConflict: true, Status: domain.ReviewDraft,
		Scores: []domain.CriterionScore{{Key: "a", Score: 4, Comment: "gut"}}}
	if err := db.SaveReview(ctx, r); err != nil || r.Version != 1 {
		t.Fatalf("%v %+v", err, r)
	}
	if !db.ReviewCached(ctx, "idea-1", "r2") {
		t.Fatal("a saved review is not kept")
	}
	if db.ReviewCached(other, "idea-1", "r2") {
		t.Fatal("kept for another tenant")
	}
	if _, err := db.FindReview(other, "idea-1", "r2"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("read across tenants: %v", err)
	}
	a, _ := db.FindReview(ctx, "idea-1", "r2")
	a.Scores[0].Comment = "verändert"
	if b, _ := db.FindReview(ctx, "idea-1", "r2"); b.Scores[0].Comment != "gut" || b.Version != 1 {
		t.Fatalf("a read shares its review with the next: %+v", b)
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
	if err != nil || len(got) != 1 || got[0].Status != domain.ReviewSubmitted || got[0].Version != 2 {
		t.Fatalf("%+v %v", got, err)
	}
	if stored, _ := shared.FindReview(ctx, "idea-1", "r2"); stored.Version != 2 || stored.Status != domain.ReviewSubmitted ||
		!stored.CreatedAt.Equal(got[0].CreatedAt) {
		t.Fatalf("the store holds %+v, the cache %+v", stored, got[0])
	}
	if err := db.DeleteReview(ctx, "idea-1", "r2"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindReview(ctx, "idea-1", "r2"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("read after delete: %v", err)
	}
	if shared.ReviewCached(ctx, "idea-1", "r2") {
		t.Fatal("a shared DB keeps reviews")
	}
}

// An exclusive DB keeps the departments and campaigns it read or wrote (every new idea
// names them): its own changes show at once, reads are copies, other tenants find nothing,
// and one that was missing is read again (another process may create it).
func TestExclusiveDepartmentsAndCampaigns(t *testing.T) {
	shared, db := exclusiveDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")

	if _, err := db.FindDepartmentByID(ctx, "amt-spaeter"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("missing department: %v", err)
	}
	late := &domain.Department{ID: "amt-spaeter", Code: "99", Name: "Später", Active: true}
	if err := shared.CreateDepartment(ctx, late); err != nil {
		t.Fatal(err)
	}
	if got, err := db.FindDepartmentByID(ctx, late.ID); err != nil || got.Name != "Später" {
		t.Fatalf("a department created elsewhere after a miss: %+v, %v", got, err)
	}

	d := &domain.Department{Code: "32", Name: "Ordnungsamt", Active: true}
	if err := db.CreateDepartment(ctx, d); err != nil {
		t.Fatal(err)
	}
	a, err := db.FindDepartmentByID(ctx, d.ID)
	if err != nil || a.Name != "Ordnungsamt" {
		t.Fatalf("%+v, %v", a, err)
	}
	a.Name = "verändert"
	if b, _ := db.FindDepartmentByID(ctx, d.ID); b.Name != "Ordnungsamt" {
		t.Fatalf("a read shares its department with the next: %+v", b)
	}
	if _, err := db.FindDepartmentByID(other, d.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("another tenant: %v", err)
	}
	upd, _ := db.FindDepartmentByID(ctx, d.ID)
	upd.Name = "Ordnungsamt (neu)"
	if err := db.UpdateDepartment(ctx, upd); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindDepartmentByID(ctx, d.ID); got.Name != "Ordnungsamt (neu)" || got.Version != 2 {
		t.Fatalf("after the update: %+v", got)
	}
	stale := *upd
	stale.Version = 1
	if err := db.UpdateDepartment(ctx, &stale); domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
		t.Fatalf("stale update: %v", err)
	}
	if got, _ := db.FindDepartmentByID(ctx, d.ID); got.Name != "Ordnungsamt (neu)" || got.Version != 2 {
		t.Fatalf("after a stale update: %+v", got)
	}

	c := &domain.Campaign{Title: "Sauberer Park", Question: "Wie?", Audience: domain.VisibilityPublic, Status: domain.CampaignDraft}
	if err := db.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindCampaignByID(ctx, c.ID)
	if err != nil || got.Title != "Sauberer Park" {
		t.Fatalf("%+v, %v", got, err)
	}
	got.Title = "verändert"
	if again, _ := db.FindCampaignByID(ctx, c.ID); again.Title != "Sauberer Park" {
		t.Fatalf("a read shares its campaign with the next: %+v", again)
	}
	if _, err := db.FindCampaignByID(other, c.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("another tenant: %v", err)
	}
	open, _ := db.FindCampaignByID(ctx, c.ID)
	open.Status = domain.CampaignOpen
	if err := db.UpdateCampaign(ctx, open); err != nil {
		t.Fatal(err)
	}
	if now, _ := db.FindCampaignByID(ctx, c.ID); now.Status != domain.CampaignOpen || now.Version != 2 {
		t.Fatalf("after the update: %+v", now)
	}
	if fromStore, _ := shared.FindCampaignByID(ctx, c.ID); fromStore.Status != domain.CampaignOpen {
		t.Fatalf("in the store: %+v", fromStore)
	}
}
