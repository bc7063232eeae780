package mongo_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// An exclusive DB answers an idea's followers from the lists it keeps; they stay those of
// the store through follows, unfollows, concurrent reads and a purge.
func TestExclusiveFollowerIDs(t *testing.T) {
	shared, db := exclusiveDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")
	i := newIdea("Gefolgte Idee")
	if err := db.CreateIdea(ctx, i); err != nil {
		t.Fatal(err)
	}
	same := func(step string) {
		t.Helper()
		got, err := db.IdeaFollowerIDs(ctx, i.ID)
		if err != nil {
			t.Fatal(err)
		}
		want, err := shared.IdeaFollowerIDs(ctx, i.ID) // no cache: the store
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("%s: followers %v, the store holds %v", step, got, want)
		}
	}

	same("none")
	for _, u := range []string{"u2", "u3"} {
		if _, err := db.Follow(ctx, i.ID, u); err != nil {
			t.Fatal(err)
		}
	}
	same("two follows") // read and kept
	if _, err := db.Follow(ctx, i.ID, "u4"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Unfollow(ctx, i.ID, "u2"); err != nil {
		t.Fatal(err)
	}
	same("a follow and an unfollow after the list was kept")
	if got, _ := db.IdeaFollowerIDs(ctx, i.ID); len(got) != 2 {
		t.Fatalf("followers %v, want u3 and u4", got)
	}
	if got, _ := db.IdeaFollowerIDs(other, i.ID); len(got) != 0 {
		t.Fatalf("another tenant sees followers %v", got)
	}

	// Follows and unfollows racing with reads of the list.
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 1))
			for range 25 {
				u := fmt.Sprintf("w%d", r.IntN(8))
				var err error
				if r.IntN(3) == 0 {
					_, err = db.Unfollow(ctx, i.ID, u)
				} else {
					_, err = db.Follow(ctx, i.ID, u)
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Go(func() {
		for range 40 {
			if _, err := db.IdeaFollowerIDs(ctx, i.ID); err != nil {
				t.Error(err)
				return
			}
		}
	})
	wg.Wait()
	same("after concurrent follows")

	// A deleted idea's engagement is purged, and its list with it.
	if err := db.DeleteIdea(ctx, i.ID, i.Version); err != nil {
		t.Fatal(err)
	}
	if err := db.PurgeIdeaEngagement(ctx, i.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := db.IdeaFollowerIDs(ctx, i.ID); err != nil || len(got) != 0 {
		t.Fatalf("followers of a purged idea: %v %v", got, err)
	}
}
