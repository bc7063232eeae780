package mongo_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// One writer per revision, whichever process it is in: the claim is a unique insert, which
// the embedded store decides atomically (the per-idea locks only cover one process, so this
// test calls the claim directly, without them).
func TestClaimRevisionOneWinner(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx := context.Background()
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			ok, err := db.ClaimRevision(ctx, "idea-1", 7)
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d writers claimed revision 7", wins.Load())
	}
	if ok, _ := db.ClaimRevision(ctx, "idea-1", 8); !ok {
		t.Fatal("the next revision could not be claimed")
	}
}

// A claimant that died before writing does not block the idea for ever.
func TestClaimRevisionStale(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx := context.Background()
	now := time.Now().UTC()
	db.Now = func() time.Time { return now }
	if ok, _ := db.ClaimRevision(ctx, "idea-2", 1); !ok {
		t.Fatal("first claim refused")
	}
	if ok, _ := db.ClaimRevision(ctx, "idea-2", 1); ok {
		t.Fatal("a fresh claim was taken over")
	}
	now = now.Add(mongo.ClaimStaleAfter + time.Second)
	if ok, err := db.ClaimRevision(ctx, "idea-2", 1); !ok || err != nil {
		t.Fatalf("stale claim not recovered: %v %v", ok, err)
	}
}
