package mongo_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

func TestCommentStore(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "eins")
	other, _ := mongotest.MustCreateTenant(t, db, "zwei")
	commentCount := func(t *testing.T, ideaID string) int {
		t.Helper()
		i, err := db.FindIdeaByID(ctx, ideaID)
		if err != nil {
			t.Fatal(err)
		}
		return i.CommentCount
	}

	t.Run("CreateFindCount", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Diskutierte Idee")
		c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "Gute Idee, **wirklich**."}
		if err := db.CreateComment(ctx, c); err != nil {
			t.Fatal(err)
		}
		if c.ID == "" || c.Version != 1 || c.CreatedAt.IsZero() {
			t.Fatalf("not initialised: %+v", c)
		}
		got, err := db.FindCommentByID(ctx, c.ID)
		if err != nil || got.Body != c.Body || got.IdeaID != i.ID || got.AuthorID != "u1" {
			t.Fatalf("got %+v, %v", got, err)
		}
		if n := commentCount(t, i.ID); n != 1 {
			t.Fatalf("comment count %d", n)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, id := range []string{"", "x", "zz-0193", "00-nothing", "../etc", "ff-0193"} {
			if _, err := db.FindCommentByID(ctx, id); domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Fatalf("%q: %v", id, err)
			}
		}
		if err := db.CreateComment(ctx, &domain.Comment{IdeaID: "nope", AuthorID: "u1", Body: "x"}); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("comment on unknown idea: %v", err)
		}
	})
	t.Run("ErrOtherTenant", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Nur für eins")
		c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "intern"}
		_ = db.CreateComment(ctx, c)
		if _, err := db.FindCommentByID(other, c.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("read across tenants: %v", err)
		}
		if _, err := db.DeleteComment(other, c.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("delete across tenants: %v", err)
		}
		if cs, _, total, _ := db.FindComments(other, i.ID, 10, ""); len(cs) != 0 || total != 0 {
			t.Fatalf("list across tenants: %d", total)
		}
	})
	t.Run("PagesOldestFirstWithoutGapsOrRepeats", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Viele Kommentare")
		var want []string
		for k := range 25 {
			c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: fmt.Sprintf("Kommentar %d", k)}
			if err := db.CreateComment(ctx, c); err != nil {
				t.Fatal(err)
			}
			want = append(want, c.ID)
		}
		var got []string
		cursor := ""
		for page := 0; ; page++ {
			cs, next, total, err := db.FindComments(ctx, i.ID, 10, cursor)
			if err != nil || total < 25 {
				t.Fatalf("page %d: total %d, %v", page, total, err)
			}
			for _, c := range cs {
				got = append(got, c.ID)
			}
			if page == 0 {
				// A comment written while the client pages appears at the end, once.
				c := &domain.Comment{IdeaID: i.ID, AuthorID: "u2", Body: "Nachzügler"}
				_ = db.CreateComment(ctx, c)
				want = append(want, c.ID)
			}
			if next == "" {
				break
			}
			cursor = next
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("order or completeness differs:\n got %v\nwant %v", got, want)
		}
	})
	t.Run("ErrBadCursor", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Cursor")
		for _, cur := range []string{"garbage", "Yzp4", "o:1"} {
			if _, _, _, err := db.FindComments(ctx, i.ID, 10, cur); domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("%q: %v", cur, err)
			}
		}
	})
	t.Run("EditWithVersion", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Bearbeiten")
		c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "erste Fassung"}
		_ = db.CreateComment(ctx, c)
		got, err := db.EditComment(ctx, c.ID, "zweite Fassung", 1)
		if err != nil || got.Body != "zweite Fassung" || !got.Edited || got.Version != 2 {
			t.Fatalf("got %+v, %v", got, err)
		}
		if _, err := db.EditComment(ctx, c.ID, "veraltet", 1); domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
			t.Fatalf("stale edit: %v", err)
		}
		if got, _ := db.FindCommentByID(ctx, c.ID); got.Body != "zweite Fassung" {
			t.Fatalf("stale edit changed the body: %q", got.Body)
		}
	})
	t.Run("DeleteLeavesPlaceholderAndCountsOnce", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Löschen")
		c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "weg damit"}
		_ = db.CreateComment(ctx, c)
		var wg sync.WaitGroup
		for range 5 {
			wg.Go(func() {
				if _, err := db.DeleteComment(ctx, c.ID); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got, err := db.FindCommentByID(ctx, c.ID)
		if err != nil || !got.Deleted || got.Body != "" || got.DeletedAt.IsZero() {
			t.Fatalf("placeholder %+v, %v", got, err)
		}
		if n := commentCount(t, i.ID); n != 0 {
			t.Fatalf("comment count %d after deleting once (5 times concurrently)", n)
		}
		if _, err := db.EditComment(ctx, c.ID, "wieder da", got.Version); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("edit of deleted comment: %v", err)
		}
		cs, _, total, _ := db.FindComments(ctx, i.ID, 10, "")
		if len(cs) != 1 || total != 1 || !cs[0].Deleted {
			t.Fatalf("placeholder not listed: %d %d", len(cs), total)
		}
	})
	t.Run("HideOnce", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Moderation")
		c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "unfreundlich"}
		_ = db.CreateComment(ctx, c)
		at := time.Now()
		got, err := db.HideComment(ctx, c.ID, domain.CommentHidden{ByID: "cdo", At: at, Reason: "Beleidigung"})
		if err != nil || got.Hidden == nil || got.Hidden.Reason != "Beleidigung" || got.Hidden.ByID != "cdo" || got.Body != "unfreundlich" {
			t.Fatalf("got %+v, %v", got, err)
		}
		if _, err := db.HideComment(ctx, c.ID, domain.CommentHidden{ByID: "cdo", At: at, Reason: "nochmal"}); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("hide twice: %v", err)
		}
		if _, err := db.EditComment(ctx, c.ID, "entschärft", got.Version); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("edit of hidden comment: %v", err)
		}
		if n := commentCount(t, i.ID); n != 1 {
			t.Fatalf("hidden comments still count: %d", n)
		}
	})
	t.Run("ReportOncePerUser", func(t *testing.T) {
		i := engIdea(t, db, ctx, "Meldungen")
		c := &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "Spam"}
		_ = db.CreateComment(ctx, c)
		for _, u := range []string{"r1", "r2"} {
			if err := db.ReportComment(ctx, &domain.CommentReport{CommentID: c.ID, ReporterID: u, Reason: "Werbung"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.ReportComment(ctx, &domain.CommentReport{CommentID: c.ID, ReporterID: "r1", Reason: "nochmal"}); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("second report: %v", err)
		}
		if got, _ := db.FindCommentByID(ctx, c.ID); got.ReportCount != 2 {
			t.Fatalf("report count %d", got.ReportCount)
		}
		if err := db.ReportComment(other, &domain.CommentReport{CommentID: c.ID, ReporterID: "r3", Reason: "x"}); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("report across tenants: %v", err)
		}
	})
}

// An instance that knows an idea (a revision hint) writes a comment without reading the idea
// first; if another instance deleted the idea meanwhile, the comment is refused and undone,
// and so are an attachment's and a support's.
func TestEngagementOnIdeaDeletedElsewhere(t *testing.T) {
	a := mongotest.MustOpenDB(t)
	b, err := mongo.OpenClient(context.Background(), a.Client, a.DB.Name())
	if err != nil {
		t.Fatal(err)
	}
	ctx, _ := mongotest.MustCreateTenant(t, a, "eins")
	i := newIdea("Gleich weg")
	if err := a.CreateIdea(ctx, i); err != nil {
		t.Fatal(err)
	}
	if err := a.IncIdeaCounters(ctx, i.ID, domain.CounterDelta{Comments: 1}); err != nil { // a knows it now
		t.Fatal(err)
	}
	if err := b.DeleteIdea(ctx, i.ID, 1); err != nil {
		t.Fatal(err)
	}
	if err := a.CreateComment(ctx, &domain.Comment{IdeaID: i.ID, AuthorID: "u1", Body: "Zu spät"}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("comment on a deleted idea: %v", err)
	}
	if cs, _, _, err := b.FindComments(ctx, i.ID, 10, ""); err != nil || len(cs) != 0 {
		t.Fatalf("comments left: %v, %v", cs, err)
	}
	if ok, err := a.AddSupport(ctx, i.ID, "u1"); ok || domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("support of a deleted idea: %v, %v", ok, err)
	}
	if ok, _ := b.HasSupported(ctx, i.ID, "u1"); ok {
		t.Fatal("a support of a deleted idea is left")
	}
}
