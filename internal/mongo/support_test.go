package mongo_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// engIdea stores a submitted, public idea through the idea store.
func engIdea(t *testing.T, db *mongo.DB, ctx context.Context, title string) *domain.Idea {
	t.Helper()
	i := &domain.Idea{Title: title, Summary: "Zusammenfassung", Description: "Beschreibung",
		Visibility: domain.VisibilityPublic, Source: domain.SourceStaff, AuthorID: "author-1",
		Stage: domain.StageScreening, ScreeningPassed: true}
	if err := db.CreateIdea(ctx, i); err != nil {
		t.Fatalf("create idea: %v", err)
	}
	return i
}

// engUsers creates n users through the user store and returns their IDs.
func engUsers(t *testing.T, db *mongo.DB, ctx context.Context, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for k := range n {
		u := &domain.User{Email: fmt.Sprintf("person%d@stadt.example", k), DisplayName: fmt.Sprintf("Person %d", k),
			Roles: []domain.Role{domain.RoleCitizen}, Status: domain.UserActive}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatalf("create user: %v", err)
		}
		ids[k] = u.ID
	}
	return ids
}

func supportCount(t *testing.T, db *mongo.DB, ctx context.Context, ideaID string) (onIdea, docs int) {
	t.Helper()
	i, err := db.FindIdeaByID(ctx, ideaID)
	if err != nil {
		t.Fatal(err)
	}
	n, err := db.CountSupports(ctx, ideaID)
	if err != nil {
		t.Fatal(err)
	}
	return i.SupportCount, n
}

func TestSupportStore(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")

	t.Run("AddRemoveIdempotent", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Bürgeramt online")
		steps := []struct {
			name   string
			do     func() (bool, error)
			change bool
			count  int
			has    bool
		}{
			{"Add", func() (bool, error) { return db.AddSupport(ctx, i.ID, "u1") }, true, 1, true},
			{"AddAgain", func() (bool, error) { return db.AddSupport(ctx, i.ID, "u1") }, false, 1, true},
			{"Remove", func() (bool, error) { return db.RemoveSupport(ctx, i.ID, "u1") }, true, 0, false},
			{"RemoveAgain", func() (bool, error) { return db.RemoveSupport(ctx, i.ID, "u1") }, false, 0, false},
		}
		for _, s := range steps {
			changed, err := s.do()
			if err != nil || changed != s.change {
				t.Fatalf("%s: changed=%v err=%v", s.name, changed, err)
			}
			onIdea, docs := supportCount(t, db, ctx, i.ID)
			if onIdea != s.count || docs != s.count {
				t.Fatalf("%s: count on idea %d, records %d, want %d", s.name, onIdea, docs, s.count)
			}
			if has, _ := db.HasSupported(ctx, i.ID, "u1"); has != s.has {
				t.Fatalf("%s: HasSupported %v", s.name, has)
			}
		}
	})
	t.Run("SupporterIDs", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Mängelmelder")
		for _, u := range []string{"a", "b", "c"} {
			if _, err := db.AddSupport(ctx, i.ID, u); err != nil {
				t.Fatal(err)
			}
		}
		ids, err := db.IdeaSupporterIDs(ctx, i.ID)
		slices.Sort(ids)
		if err != nil || !slices.Equal(ids, []string{"a", "b", "c"}) {
			t.Fatalf("got %v, %v", ids, err)
		}
	})
	t.Run("ErrUnknownIdea", func(t *testing.T) {
		if _, err := db.AddSupport(ctx, "no-such-idea", "u1"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrOtherTenant", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Nur für eins")
		if _, err := db.AddSupport(other, i.ID, "u1"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("support across tenants: %v", err)
		}
		if _, err := db.AddSupport(ctx, i.ID, "u1"); err != nil {
			t.Fatal(err)
		}
		if has, _ := db.HasSupported(other, i.ID, "u1"); has {
			t.Fatal("support visible across tenants")
		}
		if removed, _ := db.RemoveSupport(other, i.ID, "u1"); removed {
			t.Fatal("support removed across tenants")
		}
		if onIdea, docs := supportCount(t, db, ctx, i.ID); onIdea != 1 || docs != 1 {
			t.Fatalf("count %d/%d", onIdea, docs)
		}
	})
}

// The count on the idea equals the number of supporters also when many arrive at once.
func TestSupportConcurrent(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	users := engUsers(t, db, ctx, 50)

	run := func(n int, f func(k int) error) {
		t.Helper()
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for k := range n {
			wg.Go(func() {
				if err := f(k); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}

	t.Run("FiftyDistinctUsers", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Fünfzig Unterstützer")
		run(50, func(k int) error { _, err := db.AddSupport(ctx, i.ID, users[k]); return err })
		if onIdea, docs := supportCount(t, db, ctx, i.ID); onIdea != 50 || docs != 50 {
			t.Fatalf("count on idea %d, records %d, want 50", onIdea, docs)
		}
		run(50, func(k int) error { _, err := db.RemoveSupport(ctx, i.ID, users[k]); return err })
		if onIdea, docs := supportCount(t, db, ctx, i.ID); onIdea != 0 || docs != 0 {
			t.Fatalf("after withdrawing: count on idea %d, records %d", onIdea, docs)
		}
	})
	t.Run("FiftyTimesOneUser", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Ein Unterstützer")
		var mu sync.Mutex
		added := 0
		run(50, func(int) error {
			ok, err := db.AddSupport(ctx, i.ID, users[0])
			if ok {
				mu.Lock()
				added++
				mu.Unlock()
			}
			return err
		})
		if onIdea, docs := supportCount(t, db, ctx, i.ID); onIdea != 1 || docs != 1 || added != 1 {
			t.Fatalf("count on idea %d, records %d, reported added %d; want 1", onIdea, docs, added)
		}
		run(50, func(int) error { _, err := db.RemoveSupport(ctx, i.ID, users[0]); return err })
		if onIdea, docs := supportCount(t, db, ctx, i.ID); onIdea != 0 || docs != 0 {
			t.Fatalf("after 50 concurrent withdrawals: count on idea %d, records %d; want 0", onIdea, docs)
		}
	})
}

func TestFollowStore(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")

	t.Run("FollowUnfollow", func(t *testing.T) {
		a, b := engIdea(t, db, ctx, "Idee A"), engIdea(t, db, ctx, "Idee B")
		for _, i := range []*domain.Idea{a, b, a} {
			if _, err := db.Follow(ctx, i.ID, "u1"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Follow(ctx, a.ID, "u2"); err != nil {
			t.Fatal(err)
		}
		ids, err := db.FollowedIdeaIDs(ctx, "u1")
		if err != nil || !slices.Equal(ids, []string{a.ID, b.ID}) {
			t.Fatalf("followed: %v, %v", ids, err)
		}
		fs, _ := db.IdeaFollowerIDs(ctx, a.ID)
		slices.Sort(fs)
		if !slices.Equal(fs, []string{"u1", "u2"}) {
			t.Fatalf("followers %v", fs)
		}
		if got, _ := db.FindIdeaByID(ctx, a.ID); got.FollowerCount != 2 {
			t.Fatalf("follower count %d", got.FollowerCount)
		}
		if removed, err := db.Unfollow(ctx, a.ID, "u1"); err != nil || !removed {
			t.Fatalf("unfollow: %v %v", removed, err)
		}
		if removed, _ := db.Unfollow(ctx, a.ID, "u1"); removed {
			t.Fatal("second unfollow reported a change")
		}
		ids, _ = db.FollowedIdeaIDs(ctx, "u1")
		if !slices.Equal(ids, []string{b.ID}) {
			t.Fatalf("after unfollow: %v", ids)
		}
		if ok, _ := db.IsFollowing(ctx, a.ID, "u1"); ok {
			t.Fatal("still following")
		}
		if got, _ := db.FindIdeaByID(ctx, a.ID); got.FollowerCount != 1 {
			t.Fatalf("follower count %d", got.FollowerCount)
		}
	})
	t.Run("NobodyFollowsNothing", func(t *testing.T) {
		ids, err := db.FollowedIdeaIDs(ctx, "stranger")
		if err != nil || ids == nil || len(ids) != 0 {
			t.Fatalf("got %v, %v", ids, err)
		}
	})
	t.Run("ErrOtherTenant", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Nur für eins")
		if _, err := db.Follow(other, i.ID, "u9"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("follow across tenants: %v", err)
		}
		if _, err := db.Follow(ctx, i.ID, "u9"); err != nil {
			t.Fatal(err)
		}
		if ids, _ := db.FollowedIdeaIDs(other, "u9"); len(ids) != 0 {
			t.Fatalf("follow list across tenants: %v", ids)
		}
	})
	// One user following many ideas at once races on the same per-user list document.
	t.Run("ConcurrentFollowsOfOneUser", func(t *testing.T) {
		var ideas []string
		for k := range 20 {
			ideas = append(ideas, engIdea(t, db, ctx, fmt.Sprintf("Parallele Idee %d", k)).ID)
		}
		var wg sync.WaitGroup
		for _, id := range ideas {
			wg.Go(func() {
				if _, err := db.Follow(ctx, id, "busy"); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got, _ := db.FollowedIdeaIDs(ctx, "busy")
		slices.Sort(got)
		slices.Sort(ideas)
		if !slices.Equal(got, ideas) {
			t.Fatalf("follow list has %d of 20 ideas", len(got))
		}
	})
	t.Run("FiftyConcurrentFollowers", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Beliebt")
		var wg sync.WaitGroup
		for k := range 50 {
			wg.Go(func() {
				if _, err := db.Follow(ctx, i.ID, fmt.Sprintf("f%d", k%25)); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got, _ := db.FindIdeaByID(ctx, i.ID)
		fs, _ := db.IdeaFollowerIDs(ctx, i.ID)
		if got.FollowerCount != 25 || len(fs) != 25 {
			t.Fatalf("follower count %d, followers %d; want 25", got.FollowerCount, len(fs))
		}
	})
}
