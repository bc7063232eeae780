package doctor_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/demo"
	"github.com/ideenwerk/ideenwerk/internal/doctor"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

func seeded(t *testing.T) (*mongo.DB, *demo.Result, context.Context) {
	t.Helper()
	db := mongotest.MustOpenDB(t)
	res, err := demo.Seed(context.Background(), db, "Test-Passwort-2026!")
	if err != nil {
		t.Fatal(err)
	}
	return db, res, domain.WithTenant(context.Background(), res.Tenant)
}

func check(t *testing.T, db *mongo.DB, repair bool) *doctor.Report {
	t.Helper()
	rep, err := doctor.Check(context.Background(), db, doctor.Options{Repair: repair, Now: func() time.Time { return time.Now().Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func printed(rep *doctor.Report) string {
	var b bytes.Buffer
	rep.Print(&b)
	return b.String()
}

// The demo city is consistent: the doctor finds nothing in it.
func TestDemoIsHealthy(t *testing.T) {
	db, _, _ := seeded(t)
	if rep := check(t, db, false); rep.Open() != 0 || rep.Ideas == 0 || rep.Tenants != 1 {
		t.Fatalf("findings in the demo data:\n%s", printed(rep))
	}
}

// Every kind of damage a crash (or a bug) can leave behind is found; a repair fixes the
// derived data and removes dangling derived documents, reports user content, and a second
// check then finds only what needs a person.
func TestBrokenData(t *testing.T) {
	db, res, ctx := seeded(t)
	employee, citizen := res.Users["employee@ideenwerk.example"], res.Users["citizen@ideenwerk.example"]
	raw := func(fam, ideaID string) string { return mongo.PartitionName(fam, mongo.PartitionOf(ideaID)) }
	insert := func(coll string, doc bson.D) {
		t.Helper()
		if _, err := db.Collection(coll).InsertOne(ctx, doc); err != nil {
			t.Fatal(err)
		}
	}
	newIdea := func(title string, change func(*domain.Idea)) *domain.Idea {
		t.Helper()
		i := &domain.Idea{Title: title, Summary: "Zusammenfassung", Description: "Beschreibung", AuthorID: employee,
			Visibility: domain.VisibilityPublic, Source: domain.SourceStaff, Stage: domain.StageScreening,
			Decisions: []domain.Decision{{From: domain.StageDraft, To: domain.StageSubmitted, ActorID: employee},
				{From: domain.StageSubmitted, To: domain.StageScreening, ActorID: employee}}}
		if change != nil {
			change(i)
		}
		if err := db.CreateIdea(ctx, i); err != nil {
			t.Fatal(err)
		}
		return i
	}

	// Counters: a support written whose count never moved; a comment counted twice.
	counted := newIdea("Zähler stimmen nicht", nil)
	insert(raw("supports", counted.ID), bson.D{{Key: "_id", Value: counted.ID + ":" + citizen}, {Key: "tenantId", Value: res.Tenant.ID},
		{Key: "ideaId", Value: counted.ID}, {Key: "userId", Value: citizen}, {Key: "createdAt", Value: time.Now()}})
	if err := db.CreateComment(ctx, &domain.Comment{IdeaID: counted.ID, AuthorID: citizen, Body: "echt"}); err != nil {
		t.Fatal(err)
	}
	if err := db.IncIdeaCounters(ctx, counted.ID, domain.CounterDelta{Comments: 1, Followers: 1}); err != nil {
		t.Fatal(err)
	}
	// Stage: the stage moved without its decision record.
	staged := newIdea("Stufe ohne Entscheidung", func(i *domain.Idea) { i.Stage = domain.StageEvaluation })
	// Moderation queue: a reported comment whose entry was lost, and an entry left behind by a
	// comment that was hidden.
	comment := func(body string) *domain.Comment {
		t.Helper()
		cm := &domain.Comment{IdeaID: staged.ID, AuthorID: citizen, Body: body}
		if err := db.CreateComment(ctx, cm); err != nil {
			t.Fatal(err)
		}
		if err := db.ReportComment(ctx, &domain.CommentReport{CommentID: cm.ID, ReporterID: employee, Reason: "Werbung"}); err != nil {
			t.Fatal(err)
		}
		return cm
	}
	lost, settled := comment("Billige Uhren unter uhren.example"), comment("Das ist doch Unsinn.")
	if _, err := db.Collection("moderation").DeleteOne(ctx, bson.D{{Key: "_id", Value: lost.ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.HideComment(ctx, settled.ID, domain.CommentHidden{ByID: employee, At: time.Now(), Reason: "Ton"}); err != nil {
		t.Fatal(err)
	}
	insert("moderation", bson.D{{Key: "_id", Value: settled.ID}, {Key: "tenantId", Value: res.Tenant.ID}, {Key: "ideaId", Value: staged.ID},
		{Key: "reports", Value: 1}, {Key: "lastAt", Value: time.Now()}, {Key: "reasons", Value: bson.A{}}})
	// Dangling references: an idea of a campaign, department and author that do not exist.
	orphan := newIdea("Verwaiste Verweise", func(i *domain.Idea) {
		i.CampaignID, i.DepartmentID, i.CoAuthorIDs = "kein-aufruf", "kein-amt", []string{"niemand"}
	})
	// Derived documents of an idea that is gone: a support, a follow, assignments, a
	// comment, a review.
	gone := "0190aaaa-0000-7000-8000-000000000001"
	fact := func(fam string) {
		insert(raw(fam, gone), bson.D{{Key: "_id", Value: gone + ":" + citizen}, {Key: "tenantId", Value: res.Tenant.ID},
			{Key: "ideaId", Value: gone}, {Key: "userId", Value: citizen}, {Key: "createdAt", Value: time.Now()}})
	}
	fact("supports")
	fact("follows")
	insert(raw("reviewers", gone), bson.D{{Key: "_id", Value: gone}, {Key: "tenantId", Value: res.Tenant.ID}, {Key: "criteriaSetId", Value: "x"}, {Key: "version", Value: 1}})
	insert(raw("comments", gone), bson.D{{Key: "_id", Value: "zz-comment"}, {Key: "tenantId", Value: res.Tenant.ID}, {Key: "ideaId", Value: gone},
		{Key: "authorId", Value: citizen}, {Key: "body", Value: "Beitrag"}, {Key: "deleted", Value: false}})
	insert(raw("reviews", gone), bson.D{{Key: "_id", Value: gone + ":r"}, {Key: "tenantId", Value: res.Tenant.ID}, {Key: "ideaId", Value: gone}, {Key: "status", Value: "submitted"}})
	insert(raw("ideastats", gone), bson.D{{Key: "_id", Value: gone}, {Key: "tenantId", Value: res.Tenant.ID}, {Key: "supports", Value: 3}, {Key: "rev", Value: int64(3)}})
	// A follow list naming an idea the user does not follow.
	if _, err := db.Follow(ctx, counted.ID, employee); err != nil {
		t.Fatal(err)
	}
	_, _ = db.Collection(raw("follows", counted.ID)).DeleteOne(ctx, bson.D{{Key: "_id", Value: counted.ID + ":" + employee}})
	// Chunks of an upload that never wrote its file document, and a file without attachment.
	chunkID := "07-0190aaaa-0000-7000-8000-000000000002"
	insert("files_07.chunks", bson.D{{Key: "_id", Value: chunkID + ":0"}, {Key: "files_id", Value: chunkID}, {Key: "n", Value: 0}, {Key: "data", Value: []byte("halb")}})
	fileID := "07-0190aaaa-0000-7000-8000-000000000003"
	insert("files_07.chunks", bson.D{{Key: "_id", Value: fileID + ":0"}, {Key: "files_id", Value: fileID}, {Key: "n", Value: 0}, {Key: "data", Value: []byte("ganz")}})
	insert("files_07.files", bson.D{{Key: "_id", Value: fileID}, {Key: "length", Value: 4}, {Key: "chunkSize", Value: 261120}, {Key: "uploadDate", Value: time.Now()}, {Key: "filename", Value: "a.pdf"}})
	// A key claimed for a registration that never wrote its user.
	insert("keys", bson.D{{Key: "_id", Value: "email:" + res.Tenant.ID + ":abgebrochen@example.org"}, {Key: "ref", Value: "nie-geschrieben"}, {Key: "at", Value: time.Now()}})
	// A score that does not match its reviews: the demo's reviewed idea, its score changed.
	var scored *domain.Idea
	_ = db.ScanIdeas(ctx, func(i *domain.Idea) error {
		if rs, _ := db.FindIdeaReviewers(ctx, i.ID); scored == nil && i.Score != nil && rs.Version > 0 {
			scored = i
		}
		return nil
	})
	if scored == nil {
		t.Fatal("the demo has no reviewed idea")
	}
	wantScore := scored.Score.Weighted
	if _, err := db.UpdateIdeaScore(ctx, scored.ID, func(i *domain.Idea) (*domain.ScoreSummary, bool, error) {
		s := *i.Score
		s.Weighted += 10
		return &s, true, nil
	}); err != nil {
		t.Fatal(err)
	}

	rep := check(t, db, false)
	out := printed(rep)
	for _, want := range []string{
		"counter      ideas/" + counted.ID + ": supports 0, records 1; followers 2, records 0; comments 2, records 1",
		"stage        ideas/" + staged.ID + `: stage "evaluation", but the last decision led to "screening"`,
		"ideas/" + orphan.ID + `: campaign "kein-aufruf" does not exist`,
		"ideas/" + orphan.ID + `: department "kein-amt" does not exist`,
		"ideas/" + orphan.ID + `: author "niemand" does not exist`,
		"support of idea \"" + gone, "follow of idea \"" + gone, "reviewer assignments of an idea that does not exist",
		"comment on idea \"" + gone, "review of idea \"" + gone, raw("ideastats", gone) + "/" + gone + ": counters of an idea that does not exist",
		"follow-list", "1 chunks without a file document", "file content without an attachment",
		"stale-key    keys/email:", "score        ideas/" + scored.ID,
		"moderation   moderation/" + lost.ID + ": comment reported 1 times is missing from the moderation queue",
		"moderation   moderation/" + settled.ID + ": queue entry of a comment that is hidden, deleted, dismissed or gone",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if t.Failed() {
		t.Fatalf("report:\n%s", out)
	}
	if rep.Open() != len(rep.Findings) {
		t.Fatal("a check without --repair repaired something")
	}

	rep = check(t, db, true)
	for _, f := range rep.Findings {
		if f.Repairable != f.Repaired {
			t.Errorf("repairable %v but repaired %v: %s", f.Repairable, f.Repaired, f)
		}
	}
	// Derived data is right again.
	got, _ := db.FindIdeaByID(ctx, counted.ID)
	if got.SupportCount != 1 || got.CommentCount != 1 || got.FollowerCount != 0 {
		t.Errorf("counters after repair: %+v", got)
	}
	if got, _ := db.FindIdeaByID(ctx, scored.ID); got.Score == nil || got.Score.Weighted != wantScore {
		t.Errorf("score after repair: %+v, want %.1f", got.Score, wantScore)
	}
	if q, _, n, err := db.FindReportedComments(ctx, 10, ""); err != nil || n != 2 || !slices.ContainsFunc(q, func(r *domain.ReportedComment) bool {
		return r.CommentID == lost.ID && r.Reports == 1 && slices.Equal(r.Reasons, []string{"Werbung"})
	}) || slices.ContainsFunc(q, func(r *domain.ReportedComment) bool { return r.CommentID == settled.ID }) {
		t.Errorf("moderation queue after repair (the demo's entry, and the lost one rebuilt): %d %+v %v", n, q, err)
	}
	// What is left needs a person: user content and the stage. Nothing of it was removed.
	left := check(t, db, false)
	var kinds []string
	for _, f := range left.Findings {
		if f.Kind.Derived() || f.Repairable {
			t.Errorf("left after repair: %s", f)
		}
		kinds = append(kinds, string(f.Kind))
	}
	if len(left.Findings) != 6 {
		t.Errorf("want 6 findings for a person (stage, three references, comment, review), got:\n%s", printed(left))
	}
	if n, _ := db.Collection(raw("comments", gone)).CountDocuments(ctx, bson.D{{Key: "_id", Value: "zz-comment"}}); n != 1 {
		t.Error("the repair removed a comment (user content)")
	}
	if n, _ := db.Collection(raw("reviews", gone)).CountDocuments(ctx, bson.D{{Key: "_id", Value: gone + ":r"}}); n != 1 {
		t.Error("the repair removed a review (user content)")
	}
	if n, _ := db.Collection(raw("ideastats", gone)).CountDocuments(ctx, bson.D{{Key: "_id", Value: gone}}); n != 0 {
		t.Error("the repair kept the counters of a missing idea")
	}
}

// Leftovers younger than the grace period may belong to writes in flight: not findings.
func TestGraceForWritesInFlight(t *testing.T) {
	db, res, ctx := seeded(t)
	if _, err := db.Collection("keys").InsertOne(ctx, bson.D{{Key: "_id", Value: "email:" + res.Tenant.ID + ":gerade@example.org"},
		{Key: "ref", Value: "kommt-gleich"}, {Key: "at", Value: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	rep, err := doctor.Check(ctx, db, doctor.Options{})
	if err != nil || rep.Open() != 0 {
		t.Fatalf("young key reported: %v\n%s", err, printed(rep))
	}
}
