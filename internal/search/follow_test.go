package search_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/httpapi"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
	"github.com/ideenwerk/ideenwerk/internal/search"
)

// countingFeed counts the feed entries a follower reads.
type countingFeed struct {
	domain.IdeaFeed
	reads atomic.Int64
}

func (f *countingFeed) IdeaChangesAt(ctx context.Context, seq int64) ([]domain.IdeaChange, error) {
	f.reads.Add(1)
	return f.IdeaFeed.IdeaChangesAt(ctx, seq)
}

// TestFollowerSkipsOwnEntries runs two "instances" (two DBs, two indexes) on one database:
// each index learns its own DB's writes directly and the other's through the feed. A
// follower reads the other instance's entries — concurrent writes grouped into shared
// entries included — and none of its own.
func TestFollowerSkipsOwnEntries(t *testing.T) {
	dbA := mongotest.MustOpenDB(t)
	dbB, err := mongo.OpenClient(context.Background(), dbA.Client, dbA.DB.Name())
	if err != nil {
		t.Fatal(err)
	}
	ctx, tn := mongotest.MustCreateTenant(t, dbA, "follow")

	xA := search.New(nil)
	defer httpapi.WriteThrough(dbA, xA)()
	feed := &countingFeed{IdeaFeed: dbA}
	f := &search.Follower{Index: xA, Feed: feed, Own: dbA.WroteEntry}
	if err := f.Load(ctx); err != nil {
		t.Fatal(err)
	}

	// A's own writes: the follower reads none of their entries.
	own := make([]*domain.Idea, 5)
	for n := range own {
		own[n] = &domain.Idea{Title: "Eigene Idee", Summary: "Von Instanz A", Visibility: domain.VisibilityPublic, Stage: domain.StageSubmitted, AuthorID: "u1"}
		if err := dbA.CreateIdea(ctx, own[n]); err != nil {
			t.Fatal(err)
		}
	}
	if resync, err := f.Poll(ctx); err != nil || resync {
		t.Fatalf("poll: resync %v, %v", resync, err)
	}
	if n := feed.reads.Load(); n != 0 {
		t.Fatalf("the follower read %d entries of its own instance", n)
	}
	if got := len(xA.IDs(tn.ID)); got != len(own) {
		t.Fatalf("index holds %d ideas, want %d", got, len(own))
	}

	// B's writes, many at once (shared entries): A's index gets every one of them.
	var wg sync.WaitGroup
	theirs := make([]*domain.Idea, 40)
	for n := range theirs {
		theirs[n] = &domain.Idea{Title: "Fremde Idee", Summary: "Von Instanz B", Visibility: domain.VisibilityPublic, Stage: domain.StageSubmitted, AuthorID: "u2"}
		wg.Go(func() {
			if err := dbB.CreateIdea(ctx, theirs[n]); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for _, i := range own[:3] {
		wg.Go(func() {
			if err := dbB.IncIdeaCounters(ctx, i.ID, domain.CounterDelta{Supports: 2}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if resync, err := f.Poll(ctx); err != nil || resync {
		t.Fatalf("poll: resync %v, %v", resync, err)
	}
	if got := len(xA.IDs(tn.ID)); got != len(own)+len(theirs) {
		t.Fatalf("index holds %d ideas, want %d", got, len(own)+len(theirs))
	}
	for _, i := range theirs {
		if _, ok := xA.Get(tn.ID, i.ID); !ok {
			t.Fatalf("idea %s written by B missing in A's index", i.ID)
		}
	}
	for _, i := range own[:3] {
		if got, _ := xA.Get(tn.ID, i.ID); got.SupportCount != 2 {
			t.Fatalf("idea %s: %d supports in A's index, want 2", i.ID, got.SupportCount)
		}
	}
	reads := feed.reads.Load()
	if reads == 0 || reads > int64(len(theirs)+3) {
		t.Fatalf("the follower read %d entries for %d changes of B", reads, len(theirs)+3)
	}
	t.Logf("43 changes of B read in %d entries", reads)
}
