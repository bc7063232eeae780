package mongo_test

import (
	"bytes"
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
		_, err := db.Collection(family(fam)).InsertOne(ctx, bson.D{{Key: "_id", Value: i.ID + ":ghost"},
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
	_, _ = db.Collection(mongo.PartitionName("follows", mongo.PartitionOf(other.ID))).DeleteOne(ctx, bson.D{{Key: "_id", Value: other.ID + ":ghost"}})

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

func TestPurgeIdeaEngagement(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")
	i := engIdea(t, db, ctx, "Verworfener Entwurf")
	keep := engIdea(t, db, ctx, "Bleibt")
	a := &domain.Attachment{IdeaID: i.ID, Filename: "a.pdf", ContentType: "application/pdf", Size: 4, UploaderID: "u1"}
	if err := db.CreateAttachment(ctx, a, bytes.NewReader([]byte("%PDF"))); err != nil {
		t.Fatal(err)
	}
	c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "weg"}
	_ = db.CreateComment(ctx, c)
	_ = db.ReportComment(ctx, &domain.CommentReport{CommentID: c.ID, ReporterID: "u2", Reason: "x"})
	_, _ = db.AddSupport(ctx, i.ID, "u2")
	_, _ = db.Follow(ctx, i.ID, "u2")
	_, _ = db.Follow(ctx, keep.ID, "u2")

	if err := db.PurgeIdeaEngagement(ctx, i.ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("purge of an existing idea: %v", err)
	}
	if err := db.DeleteIdea(ctx, i.ID, i.Version); err != nil {
		t.Fatal(err)
	}
	if err := db.PurgeIdeaEngagement(other, i.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindAttachmentByID(ctx, a.ID); err != nil {
		t.Fatalf("another tenant's purge removed a file: %v", err)
	}
	for range 2 { // idempotent
		if err := db.PurgeIdeaEngagement(ctx, i.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.FindAttachmentByID(ctx, a.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("attachment left: %v", err)
	}
	if _, err := db.OpenAttachment(ctx, a); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("content left: %v", err)
	}
	if _, err := db.FindCommentByID(ctx, c.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("comment left: %v", err)
	}
	if ok, _ := db.HasSupported(ctx, i.ID, "u2"); ok {
		t.Fatal("support left")
	}
	if ids, _ := db.FollowedIdeaIDs(ctx, "u2"); !slices.Equal(ids, []string{keep.ID}) {
		t.Fatalf("follow list %v", ids)
	}
}

func TestUserEngagement(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")
	a, b := engIdea(t, db, ctx, "Erste Idee"), engIdea(t, db, ctx, "Zweite Idee")
	_, _ = db.AddSupport(ctx, a.ID, "me")
	_, _ = db.AddSupport(ctx, b.ID, "someone")
	_, _ = db.Follow(ctx, b.ID, "me")
	mine := &domain.Comment{IdeaID: a.ID, AuthorID: "me", Body: "mein Beitrag"}
	theirs := &domain.Comment{IdeaID: b.ID, AuthorID: "someone", Body: "fremd"}
	_ = db.CreateComment(ctx, mine)
	_ = db.CreateComment(ctx, theirs)
	_ = db.ReportComment(ctx, &domain.CommentReport{CommentID: theirs.ID, ReporterID: "me", Reason: "Werbung"})

	got, err := db.UserEngagement(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.SupportedIdeaIDs, []string{a.ID}) || !slices.Equal(got.FollowedIdeaIDs, []string{b.ID}) ||
		len(got.Comments) != 1 || got.Comments[0].ID != mine.ID || len(got.Reports) != 1 || got.Reports[0].Reason != "Werbung" {
		t.Fatalf("got %+v", got)
	}
	if none, _ := db.UserEngagement(other, "me"); len(none.SupportedIdeaIDs)+len(none.Comments)+len(none.Reports) != 0 {
		t.Fatalf("another tenant's export: %+v", none)
	}
}
