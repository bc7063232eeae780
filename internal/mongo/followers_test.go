package mongo_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/mongo"
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

// The followers of an idea with 1,000 of them (a partition of a city with ~60,000 follows
// holds about as many): read from the store (a shared DB) and from an exclusive DB's list.
func BenchmarkIdeaFollowerIDs(b *testing.B) {
	shared, db := twoInstances(b)
	db.SetExclusive()
	ctx, _ := mongotest.MustCreateTenant(b, db, "eins")
	i := newIdea("Beliebte Idee")
	if err := db.CreateIdea(ctx, i); err != nil {
		b.Fatal(err)
	}
	for n := range 1000 {
		if _, err := db.Follow(ctx, i.ID, fmt.Sprintf("user-%04d", n)); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.IdeaFollowerIDs(ctx, i.ID); err != nil { // read once and kept
		b.Fatal(err)
	}
	for name, d := range map[string]*mongo.DB{"store": shared, "kept": db} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				ids, err := d.IdeaFollowerIDs(ctx, i.ID)
				if err != nil || len(ids) != 1000 {
					b.Fatalf("%d followers, %v", len(ids), err)
				}
			}
		})
	}
}
