package mongo_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

func newIdea(title string) *domain.Idea {
	return &domain.Idea{Title: title, Summary: "Zusammenfassung", Description: "Beschreibung",
		Visibility: domain.VisibilityInternal, Source: domain.SourceStaff, AuthorID: "u1", Tags: []string{"a"}}
}

func TestIdeaStore(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")

	t.Run("CreateAndFind", func(t *testing.T) {
		i := newIdea("Digitale Akte")
		if err := db.CreateIdea(ctx, i); err != nil {
			t.Fatal(err)
		}
		if i.ID == "" || i.Version != 1 || i.Revision != 1 || i.Stage != domain.StageDraft || i.CreatedAt.IsZero() {
			t.Fatalf("not initialised: %+v", i)
		}
		got, err := db.FindIdeaByID(ctx, i.ID)
		if err != nil || got.Title != i.Title || got.Tags[0] != "a" || got.TenantID != i.TenantID {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("ErrOtherTenant", func(t *testing.T) {
		i := newIdea("Nur für eins")
		if err := db.CreateIdea(ctx, i); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindIdeaByID(other, i.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("read across tenants: %v", err)
		}
		stale := *i
		if err := db.UpdateIdea(other, &stale); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("update across tenants: %v", err)
		}
		if err := db.IncIdeaCounters(other, i.ID, domain.CounterDelta{Supports: 1}); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("inc across tenants: %v", err)
		}
		if err := db.DeleteIdea(other, i.ID, 1); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("delete across tenants: %v", err)
		}
		got, _ := db.FindIdeaByID(ctx, i.ID)
		if got.Version != 1 || got.SupportCount != 0 {
			t.Fatalf("changed: %+v", got)
		}
	})
	t.Run("UpdateKeepsCountersAndBumpsVersion", func(t *testing.T) {
		i := newIdea("Zähler bleiben")
		_ = db.CreateIdea(ctx, i)
		if err := db.IncIdeaCounters(ctx, i.ID, domain.CounterDelta{Supports: 2, Comments: 1}); err != nil {
			t.Fatal(err)
		}
		i.Title = "Zähler bleiben erhalten"
		i.SupportCount = 99 // must not be written
		if err := db.UpdateIdea(ctx, i); err != nil {
			t.Fatal(err)
		}
		got, _ := db.FindIdeaByID(ctx, i.ID)
		if got.Title != "Zähler bleiben erhalten" || got.SupportCount != 2 || got.CommentCount != 1 || got.Version != 2 || got.Revision != 3 {
			t.Fatalf("got %+v", got)
		}
		if i.Version != 2 || i.SupportCount != 2 {
			t.Fatalf("caller's copy not refreshed: %+v", i)
		}
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		i := newIdea("Veraltete Fassung")
		_ = db.CreateIdea(ctx, i)
		a, b := *i, *i
		a.Title = "Erste Änderung"
		if err := db.UpdateIdea(ctx, &a); err != nil {
			t.Fatal(err)
		}
		b.Title = "Zweite Änderung"
		if err := db.UpdateIdea(ctx, &b); domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
			t.Fatalf("stale update: %v", err)
		}
		if err := db.DeleteIdea(ctx, i.ID, 1); domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
			t.Fatalf("stale delete: %v", err)
		}
		got, _ := db.FindIdeaByID(ctx, i.ID)
		if got.Title != "Erste Änderung" {
			t.Fatalf("stale write changed the idea: %q", got.Title)
		}
	})
	t.Run("ConcurrentUpdatesOneWins", func(t *testing.T) {
		i := newIdea("Gleichzeitig")
		_ = db.CreateIdea(ctx, i)
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := 0
		for n := range 8 {
			wg.Go(func() {
				c := *i
				c.Title = fmt.Sprintf("Gleichzeitig %d", n)
				if err := db.UpdateIdea(ctx, &c); err == nil {
					mu.Lock()
					ok++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if ok != 1 {
			t.Fatalf("%d concurrent updates of version 1 succeeded", ok)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		i := newIdea("Wird gelöscht")
		_ = db.CreateIdea(ctx, i)
		if err := db.DeleteIdea(ctx, i.ID, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindIdeaByID(ctx, i.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("still there: %v", err)
		}
	})
}

func TestIdeaFeed(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, tn := mongotest.MustCreateTenant(t, db, "feed")
	var mu sync.Mutex
	var seen []string
	cancel := db.ObserveIdeas(func(i *domain.Idea, deleted bool) {
		mu.Lock()
		seen = append(seen, fmt.Sprintf("%s:%d:%v", i.ID, i.Revision, deleted))
		mu.Unlock()
	})
	defer cancel()
	// A change of counters alone is told to the observers of facts, with the counters.
	cancelFacts := db.ObserveFacts(func(ch domain.FactChange) {
		mu.Lock()
		seen = append(seen, fmt.Sprintf("%s:%d:counts %d", ch.IdeaID, ch.Revision, ch.Counts.Supports))
		mu.Unlock()
	})
	defer cancelFacts()

	head0, err := db.IdeaFeedHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := newIdea("Feed-Idee")
	_ = db.CreateIdea(ctx, i)
	_ = db.IncIdeaCounters(ctx, i.ID, domain.CounterDelta{Supports: 1})
	i.Title = "Feed-Idee geändert"
	_ = db.UpdateIdea(ctx, i)
	_ = db.DeleteIdea(ctx, i.ID, i.Version)

	head, err := db.IdeaFeedHead(ctx)
	if err != nil || head != head0+4 {
		t.Fatalf("head %d → %d, %v", head0, head, err)
	}
	want := []domain.IdeaChange{
		{Seq: head0 + 1, TenantID: tn.ID, IdeaID: i.ID, Revision: 1},
		{Seq: head0 + 2, TenantID: tn.ID, IdeaID: i.ID, Revision: 2},
		{Seq: head0 + 3, TenantID: tn.ID, IdeaID: i.ID, Revision: 3},
		{Seq: head0 + 4, TenantID: tn.ID, IdeaID: i.ID, Deleted: true},
	}
	// One write at a time: an entry each, written before the write returned.
	for _, w := range want {
		c, err := db.IdeaChangesAt(ctx, w.Seq)
		if err != nil || len(c) != 1 || c[0] != w {
			t.Fatalf("entry %d: got %+v, %v; want %+v", w.Seq, c, err, w)
		}
		if !db.WroteEntry(w.Seq) {
			t.Fatalf("entry %d not reported as this DB's own", w.Seq)
		}
	}
	if _, err := db.IdeaChangesAt(ctx, head+1); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("entry beyond head: %v", err)
	}
	if db.WroteEntry(head + 1) {
		t.Fatal("an entry not written is reported as own")
	}
	// An entry of an earlier version held one change in its top-level fields.
	old := head + 1000
	if err := db.InsertFeedDoc(ctx, old, bson.D{{Key: "_id", Value: strconv.FormatInt(old, 10)},
		{Key: "tenantId", Value: tn.ID}, {Key: "ideaId", Value: "alt"}, {Key: "rev", Value: int64(7)}, {Key: "at", Value: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	if c, err := db.IdeaChangesAt(ctx, old); err != nil || len(c) != 1 || c[0] != (domain.IdeaChange{Seq: old, TenantID: tn.ID, IdeaID: "alt", Revision: 7}) {
		t.Fatalf("old entry: %+v, %v", c, err)
	}
	// Another DB on the same database (another instance) did not write them.
	other, err := mongo.OpenClient(context.Background(), db.Client, db.DB.Name())
	if err != nil {
		t.Fatal(err)
	}
	if other.WroteEntry(head) {
		t.Fatal("another DB reports this DB's entry as its own")
	}
	mu.Lock()
	if len(seen) != 4 || seen[0] != i.ID+":1:false" || seen[1] != i.ID+":2:counts 1" || seen[2] != i.ID+":3:false" || seen[3] != i.ID+":0:true" {
		t.Fatalf("observer saw %v", seen)
	}
	mu.Unlock()

	t.Run("ScanIdeasAllTenants", func(t *testing.T) {
		octx, _ := mongotest.MustCreateTenant(t, db, "feed2")
		_ = db.CreateIdea(ctx, newIdea("Eins von feed"))
		_ = db.CreateIdea(octx, newIdea("Eins von feed2"))
		n := 0
		if err := db.ScanIdeas(context.Background(), func(*domain.Idea) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Fatalf("scanned %d ideas, want 2", n)
		}
	})
}

var _ = mongo.Partitions

// The embedded store's $inc is not atomic on its own (see ideaLocks); counters must still
// be exact under concurrency.
func TestIncIdeaCountersConcurrent(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "inc")
	head0, _ := db.IdeaFeedHead(ctx)
	i := newIdea("Gleichzeitig zählen")
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
	got, _ := db.FindIdeaByID(ctx, i.ID)
	if got.SupportCount != 50 || got.Revision != 51 {
		t.Fatalf("supports %d, revision %d; want 50, 51", got.SupportCount, got.Revision)
	}
	// Concurrent writes share entries (group commit), and every revision is in one.
	head, _ := db.IdeaFeedHead(ctx)
	seen := map[int64]bool{}
	entries := 0
	for s := head0 + 1; s <= head; s++ {
		cs, err := db.IdeaChangesAt(ctx, s)
		if err != nil {
			t.Fatalf("entry %d: %v", s, err)
		}
		entries++
		for _, c := range cs {
			if c.IdeaID != i.ID || seen[c.Revision] {
				t.Fatalf("entry %d: unexpected change %+v", s, c)
			}
			seen[c.Revision] = true
		}
	}
	if len(seen) != 51 || !seen[1] || !seen[51] {
		t.Fatalf("feed holds %d distinct revisions, want 1…51", len(seen))
	}
	t.Logf("51 changes in %d entries", entries)
}

// Counters change in the idea's stats document and are added to the counters its document
// was written with (an import, or a store from before the stats), in every way an idea is
// read; edits keep them, and a delete removes them. Two instances on one store (shared DBs)
// interleave counter changes and edits, and the revision moves by one per write.
func TestIdeaStats(t *testing.T) {
	a, b := twoInstances(t)
	ctx, _ := mongotest.MustCreateTenant(t, a, "stats")
	i := newIdea("Mit Zählern von früher")
	i.SupportCount, i.CommentCount, i.FollowerCount = 7, 3, 2
	i.LastActivityAt = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := a.CreateIdea(ctx, i); err != nil {
		t.Fatal(err)
	}
	if err := a.IncIdeaCounters(ctx, i.ID, domain.CounterDelta{Supports: 1, Comments: 2}); err != nil {
		t.Fatal(err)
	}
	if err := b.IncIdeaCounters(ctx, i.ID, domain.CounterDelta{Followers: -1}); err != nil {
		t.Fatal(err)
	}
	got, err := b.FindIdeaByID(ctx, i.ID)
	if err != nil || got.SupportCount != 8 || got.CommentCount != 5 || got.FollowerCount != 1 || got.Revision != 3 || got.Version != 1 {
		t.Fatalf("after counting: %+v, %v", got, err)
	}
	if !got.LastActivityAt.After(i.LastActivityAt) {
		t.Fatalf("last activity %v not moved by a new comment", got.LastActivityAt)
	}
	// An edit through the other instance keeps the counters and moves version and revision.
	got.Title = "Mit Zählern, bearbeitet"
	if err := a.UpdateIdea(ctx, got); err != nil {
		t.Fatal(err)
	}
	if got.SupportCount != 8 || got.Revision != 4 || got.Version != 2 {
		t.Fatalf("after the edit: %+v", got)
	}
	var wg sync.WaitGroup
	for k := range 20 {
		db := a
		if k%2 == 1 {
			db = b
		}
		wg.Go(func() {
			if err := db.IncIdeaCounters(ctx, i.ID, domain.CounterDelta{Supports: 1}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	var scanned *domain.Idea
	if err := a.ScanIdeas(ctx, func(s *domain.Idea) error {
		if s.ID == i.ID {
			scanned = s
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for name, x := range map[string]*domain.Idea{"read": must(a.FindIdeaByID(ctx, i.ID)), "scanned": scanned} {
		if x == nil || x.SupportCount != 28 || x.CommentCount != 5 || x.Title != "Mit Zählern, bearbeitet" || x.Revision != 24 {
			t.Fatalf("%s: %+v", name, x)
		}
	}
	if n, _ := a.Collection(mongo.PartitionName("ideastats", mongo.PartitionOf(i.ID))).CountDocuments(ctx, bson.D{{Key: "_id", Value: i.ID}}); n != 1 {
		t.Fatalf("%d stats documents", n)
	}
	if err := b.DeleteIdea(ctx, i.ID, 2); err != nil {
		t.Fatal(err)
	}
	if n, _ := a.Collection(mongo.PartitionName("ideastats", mongo.PartitionOf(i.ID))).CountDocuments(ctx, bson.D{{Key: "_id", Value: i.ID}}); n != 0 {
		t.Fatal("the stats of a deleted idea are kept")
	}
	if err := a.IncIdeaCounters(ctx, i.ID, domain.CounterDelta{Supports: 1}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("counting a deleted idea: %v", err)
	}
}

// twoInstances opens a fresh database twice, as two server instances sharing one store
// would (neither exclusive).
func twoInstances(t testing.TB) (a, b *mongo.DB) {
	t.Helper()
	a = mongotest.MustOpenDB(t)
	b, err := mongo.OpenClient(context.Background(), a.Client, a.DB.Name())
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestUpdateIdeaScore: a score goes into the stats document under the idea's lock and claim —
// concurrent read-modify-writes through two instances lose none — bumps the revision but
// not the version, survives later edits, and a score left unchanged gives its claim back.
func TestUpdateIdeaScore(t *testing.T) {
	a, b := twoInstances(t)
	ctx, _ := mongotest.MustCreateTenant(t, a, "score")
	i := newIdea("Mit Bewertung")
	i.Score = &domain.ScoreSummary{Weighted: 40, ReviewCount: 1} // as imported
	if err := a.CreateIdea(ctx, i); err != nil {
		t.Fatal(err)
	}
	// The imported score went into the stats document: revision 2 (idea 1, stats 1).
	if got := must(b.FindIdeaByID(ctx, i.ID)); i.Revision != 2 || got.Revision != 2 || got.Score == nil || got.Score.Weighted != 40 {
		t.Fatalf("created with a score: revision %d, read back %d with score %+v", i.Revision, got.Revision, got.Score)
	}
	var wg sync.WaitGroup
	for k := range 16 {
		db := a
		if k%2 == 1 {
			db = b
		}
		wg.Go(func() {
			_, err := db.UpdateIdeaScore(ctx, i.ID, func(cur *domain.Idea) (*domain.ScoreSummary, bool, error) {
				s := *cur.Score
				s.Weighted++
				s.ReviewCount++
				return &s, true, nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got := must(b.FindIdeaByID(ctx, i.ID))
	if got.Score == nil || got.Score.Weighted != 56 || got.Score.ReviewCount != 17 || got.Version != 1 || got.Revision != 18 || !got.UpdatedAt.Equal(i.UpdatedAt) {
		t.Fatalf("after 16 score updates: score %+v, version %d, revision %d, updated %v (was %v)", got.Score, got.Version, got.Revision, got.UpdatedAt, i.UpdatedAt)
	}
	// An edit neither needs a new version for the score nor brings back the old one.
	got.Title = "Mit Bewertung, bearbeitet"
	if err := a.UpdateIdea(ctx, got); err != nil {
		t.Fatal(err)
	}
	// The idea document itself holds no copy of the score: it is in the stats document only.
	ideas := a.Collection(mongo.PartitionName("ideas", mongo.PartitionOf(i.ID)))
	raw := must(ideas.FindOne(ctx, bson.D{{Key: "_id", Value: i.ID}}).Raw())
	if _, err := raw.LookupErr("score"); err == nil {
		t.Fatalf("the idea document holds a score: %s", raw.Lookup("score"))
	}
	// Unchanged: nothing written, the claim given back (b's next write claims the same
	// revision at once), and fn's error returned as it is.
	claims := a.Collection(mongo.PartitionName("ideaclaims", mongo.PartitionOf(i.ID)))
	before := must(claims.CountDocuments(ctx, bson.D{}))
	same, err := a.UpdateIdeaScore(ctx, i.ID, func(cur *domain.Idea) (*domain.ScoreSummary, bool, error) { return cur.Score, false, nil })
	if err != nil || same.Revision != 19 || same.Score.Weighted != 56 {
		t.Fatalf("unchanged: %+v, %v", same, err)
	}
	boom := domain.Errorf(domain.EINVALID, "boom")
	if _, err := b.UpdateIdeaScore(ctx, i.ID, func(*domain.Idea) (*domain.ScoreSummary, bool, error) { return nil, false, boom }); err != boom {
		t.Fatalf("fn's error: %v", err)
	}
	if after := must(claims.CountDocuments(ctx, bson.D{})); after != before {
		t.Fatalf("claims %d → %d: an unchanged score kept its claim", before, after)
	}
	if _, err := b.UpdateIdeaScore(ctx, i.ID, func(*domain.Idea) (*domain.ScoreSummary, bool, error) { return nil, true, nil }); err != nil {
		t.Fatal(err)
	}
	for name, db := range map[string]*mongo.DB{"a": a, "b": b} {
		x := must(db.FindIdeaByID(ctx, i.ID))
		if x.Score != nil || x.Title != "Mit Bewertung, bearbeitet" || x.Version != 2 || x.Revision != 20 {
			t.Fatalf("%s after clearing the score: score %+v, %q, version %d, revision %d", name, x.Score, x.Title, x.Version, x.Revision)
		}
	}
	if _, err := a.UpdateIdeaScore(ctx, "fehlt", func(*domain.Idea) (*domain.ScoreSummary, bool, error) { return nil, true, nil }); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("score of a missing idea: %v", err)
	}
}

// A score is stored in the stats document as one JSON string; a stats document written with
// the score as a nested document (before) is still read, and is rewritten as a string.
func TestStatsScoreStored(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, tenant := mongotest.MustCreateTenant(t, db, "statsscore")
	i := newIdea("Alte Statistik")
	if err := db.CreateIdea(ctx, i); err != nil {
		t.Fatal(err)
	}
	stats := db.Collection(mongo.PartitionName("ideastats", mongo.PartitionOf(i.ID)))
	legacy := bson.D{{Key: "weighted", Value: 61.5}, {Key: "reviewcount", Value: 2},
		{Key: "criteria", Value: bson.A{bson.D{{Key: "key", Value: "impact"}, {Key: "weight", Value: 100}, {Key: "mean", Value: 3.5}, {Key: "n", Value: 2}}}}}
	if _, err := stats.InsertOne(ctx, bson.D{{Key: "_id", Value: i.ID}, {Key: "tenantId", Value: tenant.ID}, {Key: "rev", Value: int64(1)},
		{Key: "scoreSet", Value: true}, {Key: "score", Value: legacy}}); err != nil {
		t.Fatal(err)
	}
	got := must(db.FindIdeaByID(ctx, i.ID))
	if got.Score == nil || got.Score.Weighted != 61.5 || got.Score.ReviewCount != 2 || len(got.Score.Criteria) != 1 || got.Score.Criteria[0].Mean != 3.5 || got.Revision != 2 {
		t.Fatalf("a nested stats score read back as %+v (revision %d)", got.Score, got.Revision)
	}
	want := &domain.ScoreSummary{Weighted: 72.25, ReviewCount: 3, Disagreement: true, Recommend: map[string]int{"go": 2, "no_go": 1},
		Criteria: []domain.CriterionStats{{Key: "impact", Weight: 100, Mean: 3.67, Min: 2, Max: 5, StdDev: 1.25, N: 3}}}
	if _, err := db.UpdateIdeaScore(ctx, i.ID, func(*domain.Idea) (*domain.ScoreSummary, bool, error) { return want, true, nil }); err != nil {
		t.Fatal(err)
	}
	raw := must(stats.FindOne(ctx, bson.D{{Key: "_id", Value: i.ID}}).Raw())
	if _, err := raw.LookupErr("score"); err == nil {
		t.Fatalf("the nested score stayed: %s", raw)
	}
	if s, ok := raw.Lookup("scoreJSON").StringValueOK(); !ok || !strings.Contains(s, "72.25") {
		t.Fatalf("the score is not stored as a string: %s", raw)
	}
	got = must(db.FindIdeaByID(ctx, i.ID))
	if !domain.SameScore(got.Score, want) || got.Score.Criteria[0].StdDev != 1.25 || got.Score.Recommend["no_go"] != 1 {
		t.Fatalf("read back %+v, want %+v", got.Score, want)
	}
	// Cleared: no score at all.
	if _, err := db.UpdateIdeaScore(ctx, i.ID, func(*domain.Idea) (*domain.ScoreSummary, bool, error) { return nil, true, nil }); err != nil {
		t.Fatal(err)
	}
	if got := must(db.FindIdeaByID(ctx, i.ID)); got.Score != nil {
		t.Fatalf("a cleared score reads as %+v", got.Score)
	}
}

// Revision claims older than a day are pruned, and a process's revision hint is used for
// an hour only, so a hint from before the pruned claims never claims their revisions: a
// stale writer still fails its version check and the counters stay exact.
func TestPruneIdeaClaims(t *testing.T) {
	a, b := twoInstances(t)
	clock := time.Now().UTC()
	a.Now = func() time.Time { return clock }
	b.Now = func() time.Time { return clock }
	ctx, _ := mongotest.MustCreateTenant(t, a, "claims")
	i := newIdea("Viele Schreiber")
	if err := a.CreateIdea(ctx, i); err != nil {
		t.Fatal(err)
	}
	stale := must(a.FindIdeaByID(ctx, i.ID)) // a's hint: this revision
	for range 3 {
		if err := b.IncIdeaCounters(ctx, i.ID, domain.CounterDelta{Supports: 1}); err != nil {
			t.Fatal(err)
		}
	}
	edit := must(b.FindIdeaByID(ctx, i.ID))
	edit.Title = "Viele Schreiber, bearbeitet"
	if err := b.UpdateIdea(ctx, edit); err != nil {
		t.Fatal(err)
	}
	claims := a.Collection(mongo.PartitionName("ideaclaims", mongo.PartitionOf(i.ID)))
	count := func() int64 { return must(claims.CountDocuments(ctx, bson.D{})) }
	if n := count(); n < 4 {
		t.Fatalf("%d claims after four writes", n)
	}
	// Within a day nothing goes.
	clock = clock.Add(23 * time.Hour)
	if n, err := a.PruneIdeaClaims(ctx); err != nil || n != 0 {
		t.Fatalf("pruned %d claims younger than a day (%v)", n, err)
	}
	// A day later every claim goes; a's hint, a day old, is not used any more.
	clock = clock.Add(2 * time.Hour)
	before := count()
	if n, err := b.PruneIdeaClaims(ctx); err != nil || int64(n) != before || count() != 0 {
		t.Fatalf("pruned %d of %d claims (%v), %d left", n, before, err, count())
	}
	stale.Title = "Veraltet"
	if err := a.UpdateIdea(ctx, stale); domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
		t.Fatalf("a write from a day-old version after the claims were pruned: %v", err)
	}
	if err := a.IncIdeaCounters(ctx, i.ID, domain.CounterDelta{Supports: 1}); err != nil {
		t.Fatal(err)
	}
	for name, db := range map[string]*mongo.DB{"a": a, "b": b} {
		got := must(db.FindIdeaByID(ctx, i.ID))
		if got.SupportCount != 4 || got.Title != "Viele Schreiber, bearbeitet" {
			t.Fatalf("%s reads %d supports, %q", name, got.SupportCount, got.Title)
		}
	}
	// The claims written since stay until they are a day old.
	if n, err := a.PruneIdeaClaims(ctx); err != nil || n != 0 || count() == 0 {
		t.Fatalf("pruned %d fresh claims (%v), %d left", n, err, count())
	}
}
