package transfer_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/httpapi"
	imongo "github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/transfer"
)

// seedActivity adds to the demo what it may lack: a campaign, ideas with a full history and
// reviews, comments, supports and attachments (one of several GridFS chunks).
func seedActivity(t *testing.T, env *apitest.Env, now time.Time) {
	t.Helper()
	ctx := env.Ctx
	day := func(n int) time.Time { return now.AddDate(0, 0, n-60) }
	cdo, emp, cit := env.UserID(apitest.CDO), env.UserID(apitest.Employee), env.UserID(apitest.Citizen)
	camp := &domain.Campaign{Title: "Umzug-Aufruf", Question: "Was nehmen wir mit?", Audience: domain.VisibilityPublic,
		Status: domain.CampaignOpen, ReviewersPerIdea: 2}
	if err := env.DB.CreateCampaign(ctx, camp); err != nil {
		t.Fatal(err)
	}
	path := func(title string, author string, src domain.Source, stages ...domain.Stage) *domain.Idea {
		i := &domain.Idea{Title: title, Summary: "Zusammenfassung mit Umlauten: äöüß", Description: "**Markdown** <b>ohne</b> HTML",
			Source: src, Visibility: domain.VisibilityPublic, AuthorID: author, CampaignID: camp.ID,
			DepartmentID: env.Demo.Departments["33"], Stage: domain.StageDraft, CreatedAt: day(0), Tags: []string{"umzug"}}
		from := domain.StageDraft
		for k, s := range stages {
			i.Decisions = append(i.Decisions, domain.Decision{From: from, To: s, At: day(k*5 + 1), ActorID: cdo, Reason: "Begründung " + string(s)})
			i.Stage, i.StageSince, from = s, day(k*5+1), s
			if s == domain.StageEvaluation {
				i.ScreeningPassed = true
			}
		}
		i.SubmittedAt = day(1)
		if err := env.DB.CreateIdea(ctx, i); err != nil {
			t.Fatal(err)
		}
		return i
	}
	a := path("Akten digital umziehen", emp, domain.SourceStaff, domain.StageSubmitted, domain.StageScreening, domain.StageEvaluation)
	b := path("Bürgerideen sichtbar machen", cit, domain.SourceCitizen, domain.StageSubmitted, domain.StageScreening, domain.StageEvaluation,
		domain.StageDecision, domain.StageRejected)
	path("Noch in der Sichtung", cit, domain.SourceCitizen, domain.StageSubmitted, domain.StageScreening)

	rv1, rv2 := env.UserID(apitest.Reviewer), env.UserID(apitest.Reviewer2)
	if err := env.DB.SaveIdeaReviewers(ctx, &domain.IdeaReviewers{IdeaID: a.ID, Assignments: []domain.Assignment{
		{ReviewerID: rv1, DueAt: day(30), AssignedBy: cdo, AssignedAt: day(11), Status: domain.AssignmentActive},
		{ReviewerID: rv2, DueAt: day(30), AssignedBy: cdo, AssignedAt: day(11), Status: domain.AssignmentActive},
	}}); err != nil {
		t.Fatal(err)
	}
	if err := env.DB.SaveReview(ctx, &domain.Review{IdeaID: a.ID, ReviewerID: rv1, NoConflict: true, Status: domain.ReviewSubmitted,
		SubmittedAt: day(20), Recommendation: domain.RecommendGo, Confidence: domain.ConfidenceMedium,
		Scores: []domain.CriterionScore{{Key: "citizen_benefit", Score: 4, Comment: "gut"}}}); err != nil {
		t.Fatal(err)
	}
	for _, i := range []*domain.Idea{a, b} {
		for _, u := range []string{emp, cit, cdo} {
			if _, err := env.DB.AddSupport(ctx, i.ID, u); err != nil {
				t.Fatal(err)
			}
		}
		if err := env.DB.CreateComment(ctx, &domain.Comment{IdeaID: i.ID, AuthorID: emp, Body: "Ein Kommentar mit *Betonung*."}); err != nil {
			t.Fatal(err)
		}
	}
	for k, size := range []int{700 << 10, 3000} {
		content := make([]byte, size)
		_, _ = rand.Read(content)
		copy(content, "%PDF-1.4\n")
		sum := sha256.Sum256(content)
		at := &domain.Attachment{IdeaID: a.ID, Filename: fmt.Sprintf("anlage-%d.pdf", k), ContentType: "application/pdf",
			Size: int64(size), SHA256: hex.EncodeToString(sum[:]), UploaderID: emp}
		if err := env.DB.CreateAttachment(ctx, at, bytes.NewReader(content)); err != nil {
			t.Fatal(err)
		}
	}
}

// read is one API read compared between the two databases.
type read struct {
	who, path string
}

// TestExportImportServesTheSameAPI exports a demo database, imports it into a fresh one and
// checks that the API answers a set of reads identically on both: lists, ideas, their
// history, reviews, comments and attachments (content included), campaigns, users,
// analytics, the exports and the open data.
func TestExportImportServesTheSameAPI(t *testing.T) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Millisecond)
	fixed := func(d *httpapi.Deps) { d.Now = func() time.Time { return now } }

	src := apitest.New(t, apitest.Options{Deps: fixed})
	seedActivity(t, src, now)
	file := filepath.Join(t.TempDir(), "demo.jsonl.gz")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	es, err := transfer.Export(ctx, src.DB, f, transfer.ExportOptions{App: "test"})
	if err != nil {
		t.Fatal(err)
	}
	_ = f.Close()

	// The second environment's server starts on its own fresh database, emptied and loaded
	// from the file before the server is built (so its idea index loads the imported ideas).
	var is *transfer.Summary
	dst := apitest.New(t, apitest.Options{Deps: func(d *httpapi.Deps) {
		fixed(d)
		db := d.Store.(*imongo.DB)
		if err := db.Drop(ctx); err != nil {
			t.Fatal(err)
		}
		var err error
		is, err = transfer.Import(ctx, db, opener(file), transfer.ImportOptions{EnsureIndexes: db.EnsureIndexes})
		if err != nil {
			t.Fatalf("import: %v", err)
		}
	}})
	if src.DB.Name() == dst.DB.Name() {
		t.Fatal("both environments use the same database")
	}
	if is.Documents != es.Documents {
		t.Fatalf("imported %d documents, exported %d", is.Documents, es.Documents)
	}
	t.Logf("exported and imported %d documents in %d collections (%d bytes)", es.Documents, len(es.Collections), es.Bytes)

	tokens := map[*apitest.Env]map[string]string{}
	for _, env := range []*apitest.Env{src, dst} {
		tokens[env] = map[string]string{"anonymous": ""}
		for _, u := range []string{apitest.CDO, apitest.Employee, apitest.Citizen, apitest.Reviewer} {
			tokens[env][u] = env.Login(u)
		}
	}
	get := func(env *apitest.Env, r read) *apitest.Response {
		return env.Do(apitest.Request{Method: "GET", Path: r.path, Token: tokens[env][r.who]})
	}

	reads := []read{
		{apitest.CDO, "/departments"}, {apitest.CDO, "/users?limit=100"}, {apitest.CDO, "/campaigns"}, {"anonymous", "/campaigns"},
		{apitest.CDO, "/ideas?limit=100"}, {apitest.CDO, "/ideas?limit=100&sort=supports"}, {apitest.Employee, "/ideas?limit=100"},
		{apitest.Citizen, "/ideas?limit=100"}, {"anonymous", "/ideas?limit=100"}, {apitest.CDO, "/ideas?q=Akten"},
		{"anonymous", "/public/ideas?limit=100"}, {apitest.Reviewer, "/reviews/assigned"}, {apitest.Employee, "/me"},
		{apitest.CDO, "/analytics/funnel"}, {apitest.CDO, "/analytics/export.csv?dataset=ideas&sep=semicolon"},
		{apitest.CDO, "/analytics/export.json?dataset=decisions"}, {apitest.CDO, "/analytics/export.json?dataset=reviews"},
		{apitest.CDO, "/analytics/export.csv?dataset=pilots"}, {"anonymous", "/public/export.json"},
	}
	var list struct {
		Items []struct {
			ID              string
			AttachmentCount int
			CommentCount    int
		}
	}
	if r := get(src, read{apitest.CDO, "/ideas?limit=100"}); r.Status != 200 {
		t.Fatalf("list ideas: %d %s", r.Status, r.Body)
	} else {
		r.JSON(t, &list)
	}
	if len(list.Items) < 3 {
		t.Fatalf("only %d ideas listed", len(list.Items))
	}
	attachments := 0
	for k, it := range list.Items {
		p := "/ideas/" + url.PathEscape(it.ID)
		// Every idea is read in full; the reads around it for the first ten and for those
		// with files or comments (the embedded store is slow under the race detector).
		if k >= 10 && it.AttachmentCount == 0 && it.CommentCount == 0 {
			reads = append(reads, read{apitest.CDO, p})
			continue
		}
		reads = append(reads, read{apitest.CDO, p}, read{apitest.CDO, p + "/history"}, read{apitest.CDO, p + "/comments"},
			read{apitest.CDO, p + "/attachments"}, read{apitest.CDO, p + "/reviews"}, read{apitest.CDO, p + "/reviewers"},
			read{"anonymous", p}, read{apitest.Citizen, p})
		var as struct {
			Items []struct{ DownloadURL string }
		}
		if r := get(src, read{apitest.CDO, p + "/attachments"}); r.Status == 200 {
			r.JSON(t, &as)
		}
		for _, a := range as.Items {
			reads = append(reads, read{apitest.CDO, a.DownloadURL})
			attachments++
		}
	}
	if attachments < 2 {
		t.Fatalf("only %d attachments listed", attachments)
	}

	ok := 0
	for _, r := range reads {
		a, b := get(src, r), get(dst, r)
		name := r.who + " GET " + r.path
		switch {
		case a.Status != b.Status:
			t.Errorf("%s: %d before, %d after the import\n%.300s\n%.300s", name, a.Status, b.Status, a.Body, b.Body)
		case a.Header.Get("ETag") != b.Header.Get("ETag"):
			t.Errorf("%s: ETag %s before, %s after", name, a.Header.Get("ETag"), b.Header.Get("ETag"))
		case a.Status >= 400:
			if a.ErrorCode() != b.ErrorCode() {
				t.Errorf("%s: error %s before, %s after", name, a.ErrorCode(), b.ErrorCode())
			}
		case !bytes.Equal(a.Body, b.Body):
			t.Errorf("%s: the answers differ\n%s", name, firstDifference(a.Body, b.Body))
		default:
			if a.Status == 200 {
				ok++
			}
		}
		if a.Status >= 500 {
			t.Errorf("%s: %d %s", name, a.Status, a.Body)
		}
	}
	t.Logf("%d reads compared, %d of them 200 OK and identical, %d attachments downloaded", len(reads), ok, attachments)

	// The figures are not trivially empty.
	var fig struct{ Ideas int }
	_ = json.Unmarshal(get(dst, read{apitest.CDO, "/analytics/funnel"}).Body, &fig)
	if fig.Ideas < 3 {
		t.Errorf("the imported analytics count %d ideas", fig.Ideas)
	}
}

func firstDifference(a, b []byte) string {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	from := max(0, n-80)
	return fmt.Sprintf("at byte %d:\n before …%.200s\n after  …%.200s", n, a[from:], b[from:])
}
