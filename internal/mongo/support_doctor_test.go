package mongo_test

import (
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// A crash between writing a record and changing the counter leaves them apart; the doctor
// brings them together again.
func TestRepairEngagement(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, tenant := mongotest.MustCreateTenant(t, db, "eins")
	i := engIdea(t, db, ctx, "Nach dem Absturz")
	family := func(fam string) string { return mongo.PartitionName(fam, mongo.PartitionOf(i.ID)) }

	// A support and a follow written, the process died before counting them.
	for _, fam := range []string{"supports", "follows"} {
		_, err := db.DB.Collection(family(fam)).InsertOne(ctx, bson.D{{Key: "_id", Value: i.ID + ":ghost"},
			{Key: "tenantId", Value: tenant.ID}, {Key: "ideaId", Value: i.ID}, {Key: "userId", Value: "ghost"}, {Key: "createdAt", Value: time.Now()}})
		if err != nil {
			t.Fatal(err)
		}
	}
	// A real comment, plus counts for two comments that were never written.
	if err := db.CreateComment(ctx, &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "echt"}); err != nil {
		t.Fatal(err)
	}
	if err := db.IncIdeaCounters(ctx, i.ID, domain.CounterDelta{Comments: 2, Attachments: 1}); err != nil {
		t.Fatal(err)
	}
	// A follow list naming an idea whose follow record is gone.
	other := engIdea(t, db, ctx, "Entfolgt")
	if _, err := db.Follow(ctx, other.ID, "ghost"); err != nil {
		t.Fatal(err)
	}
	_, _ = db.DB.Collection(mongo.PartitionName("follows", mongo.PartitionOf(other.ID))).DeleteOne(ctx, bson.D{{Key: "_id", Value: other.ID + ":ghost"}})

	rep, err := db.RepairEngagement(ctx, i.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := domain.CounterDelta{Supports: 1, Followers: 1, Comments: -2, Attachments: -1}
	if rep.Delta != want || rep.FollowListsFixed != 1 {
		t.Fatalf("repair %+v, want delta %+v and 1 list", rep, want)
	}
	got, _ := db.FindIdeaByID(ctx, i.ID)
	if got.SupportCount != 1 || got.FollowerCount != 1 || got.CommentCount != 1 || got.AttachmentCount != 0 {
		t.Fatalf("counters after repair %+v", got)
	}
	n, err := db.RepairFollowList(ctx, "ghost")
	ids, _ := db.FollowedIdeaIDs(ctx, "ghost")
	if err != nil || n != 1 || !slices.Equal(ids, []string{i.ID}) {
		t.Fatalf("follow list repair: removed %d (%v), list %v", n, err, ids)
	}
	if rep, _ := db.RepairEngagement(ctx, i.ID); rep.Changed() {
		t.Fatalf("second run changed %+v", rep)
	}
}
