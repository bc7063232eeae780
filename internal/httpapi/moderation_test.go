package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type reportedJSON struct {
	Comment commentJSON
	Idea    struct{ ID, Title, Stage string }
	Reports int
	Reasons []string
}

type reportedList struct {
	Items      []reportedJSON
	NextCursor *string
	Total      int
}

// TestModerationQueue: reports reach the cdo's queue with their reasons (not who gave
// them), most recently reported first; hiding, deleting or dismissing takes a comment out.
func TestModerationQueue(t *testing.T) {
	env := apitest.New(t)
	citizen, employee, cdo, reviewer := env.Login(apitest.Citizen), env.Login(apitest.Employee), env.Login(apitest.CDO), env.Login(apitest.Reviewer)
	idea := engIdea(t, env, nil)
	comment := func(tok, body string) string {
		t.Helper()
		r := env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + idea.ID + "/comments", Token: tok, Body: map[string]string{"body": body}})
		if r.Status != http.StatusCreated {
			t.Fatalf("comment: %d %s", r.Status, r.Body)
		}
		var c commentJSON
		r.JSON(t, &c)
		return c.ID
	}
	report := func(tok, id, reason string) {
		t.Helper()
		mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/comments/" + id + "/report", Token: tok,
			Body: map[string]string{"reason": reason}}), 204, "report")
	}
	queue := func(query string) reportedList {
		t.Helper()
		r := env.Do(apitest.Request{Method: "GET", Path: "/comments/reported" + query, Token: cdo})
		if r.Status != http.StatusOK {
			t.Fatalf("queue: %d %s", r.Status, r.Body)
		}
		var l reportedList
		r.JSON(t, &l)
		return l
	}
	ids := func(l reportedList) []string {
		var out []string
		for _, it := range l.Items {
			out = append(out, it.Comment.ID)
		}
		return out
	}

	// The demo's case: sharp criticism reported as unobjective. Out of the way first.
	if l := queue(""); len(l.Items) != 1 || l.Total != 1 || l.Items[0].Idea.Title != "Hitzeaktionsplan mit Trinkbrunnen" {
		t.Fatalf("the demo's queue: %+v", l)
	} else {
		mustStatus(t, env.Do(apitest.Request{Method: "DELETE", Path: "/comments/" + l.Items[0].Comment.ID + "/reports", Token: cdo}), 204, "dismiss the demo's")
	}
	rude := comment(citizen, "Das ist doch alles Unsinn, ihr Versager!")
	spam := comment(citizen, "Billige Uhren unter example.com")
	fine := comment(employee, "Gute Idee, das spart Wege.")
	report(employee, rude, "Beleidigend")
	report(reviewer, rude, `<b>Ton</b> {"$gt": ""}`)
	env.Clock.Advance(time.Minute)
	report(employee, spam, "Werbung")
	_ = fine

	l := queue("")
	if got := ids(l); !slices.Equal(got, []string{spam, rude}) || l.Total != 2 {
		t.Fatalf("queue %v (total %d), want the latest report first: %v", got, l.Total, []string{spam, rude})
	}
	r := l.Items[1]
	if r.Reports != 2 || !slices.Equal(r.Reasons, []string{"Beleidigend", `<b>Ton</b> {"$gt": ""}`}) ||
		r.Idea.ID != idea.ID || r.Idea.Title != idea.Title || r.Comment.Body == nil || r.Comment.Report == nil || *r.Comment.Report != 2 {
		t.Fatalf("entry %+v", r)
	}
	raw := env.Do(apitest.Request{Method: "GET", Path: "/comments/reported", Token: cdo})
	for _, who := range []string{"reviewer@", "employee@", env.UserID(apitest.Reviewer), env.UserID(apitest.Employee)} {
		if strings.Contains(string(raw.Body), who) {
			t.Fatalf("the queue names a reporter (%s): %s", who, raw.Body)
		}
	}

	// Pages: one at a time, by the cursor.
	p1 := queue("?limit=1")
	if len(p1.Items) != 1 || p1.NextCursor == nil || p1.Total != 2 {
		t.Fatalf("first page %+v", p1)
	}
	p2 := queue("?limit=1&cursor=" + *p1.NextCursor)
	if got := append(ids(p1), ids(p2)...); !slices.Equal(got, []string{spam, rude}) || p2.NextCursor != nil {
		t.Fatalf("pages %v, next %v", got, p2.NextCursor)
	}
	mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/comments/reported?cursor=bm9wZQ", Token: cdo}), 400, "bad cursor")

	// Only the cdo.
	for _, tok := range []string{citizen, employee, reviewer, env.Login(apitest.Admin)} {
		mustStatus(t, env.Do(apitest.Request{Method: "GET", Path: "/comments/reported", Token: tok}), 403, "queue for others")
		mustStatus(t, env.Do(apitest.Request{Method: "DELETE", Path: "/comments/" + rude + "/reports", Token: tok}), 403, "dismiss by others")
	}

	// Keeping a comment that was hidden or deleted meanwhile says so (and the queue lets it go).
	gone := comment(citizen, "Gleich wieder gelöscht.")
	report(employee, gone, "Spam")
	mustStatus(t, env.Do(apitest.Request{Method: "DELETE", Path: "/comments/" + gone, Token: citizen}), 204, "author deletes")
	mustReason(t, env.Do(apitest.Request{Method: "DELETE", Path: "/comments/" + gone + "/reports", Token: cdo}), 409, domain.RCommentDeleted, "keep a deleted comment")
	if c, err := env.DB.FindCommentByID(env.Ctx, gone); err != nil || c.ReportCount != 1 {
		t.Fatalf("a deleted comment's reports were reset: %+v %v", c, err)
	}

	// Hiding settles it.
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/comments/" + rude + "/hide", Token: cdo,
		Body: map[string]string{"reason": "Beleidigung"}}), 200, "hide")
	// (The store's queue first: listing would also drop entries settled elsewhere.)
	stored := func() int {
		t.Helper()
		_, _, n, err := env.DB.FindReportedComments(env.Ctx, 10, "")
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := stored(); n != 1 {
		t.Fatalf("the store's queue holds %d entries after hiding, want 1", n)
	}
	if got := ids(queue("")); !slices.Equal(got, []string{spam}) {
		t.Fatalf("after hiding: %v", got)
	}

	// Dismissing keeps the comment, resets its count, and is audited; twice is no error.
	mustStatus(t, env.Do(apitest.Request{Method: "DELETE", Path: "/comments/" + spam + "/reports", Token: cdo}), 204, "dismiss")
	mustStatus(t, env.Do(apitest.Request{Method: "DELETE", Path: "/comments/" + spam + "/reports", Token: cdo}), 204, "dismiss again")
	if l := queue(""); len(l.Items) != 0 || l.Total != 0 {
		t.Fatalf("after dismissing: %+v", l)
	}
	c, err := env.DB.FindCommentByID(env.Ctx, spam)
	if err != nil || c.ReportCount != 0 || c.Hidden != nil || c.Deleted {
		t.Fatalf("dismissed comment %+v, %v", c, err)
	}
	entries, _, _, err := env.DB.FindAuditEntries(env.Ctx, domain.AuditFilter{TargetID: spam})
	if err != nil || len(entries) != 1 || entries[0].Action != "comment.dismiss_reports" || entries[0].ActorID != env.UserID(apitest.CDO) {
		t.Fatalf("audit %+v, %v", entries, err)
	}
	// Who reported it before cannot again; someone new can, and it is back.
	mustStatus(t, env.Do(apitest.Request{Method: "POST", Path: "/comments/" + spam + "/report", Token: employee,
		Body: map[string]string{"reason": "Werbung"}}), 409, "second report")
	report(reviewer, spam, "Immer noch Werbung")
	if l := queue(""); !slices.Equal(ids(l), []string{spam}) || l.Items[0].Reports != 1 || !slices.Equal(l.Items[0].Reasons, []string{"Immer noch Werbung"}) {
		t.Fatalf("reported again: %+v", l)
	}

	// Deleting by its author settles it too.
	mustStatus(t, env.Do(apitest.Request{Method: "DELETE", Path: "/comments/" + spam, Token: citizen}), 204, "delete")
	if n := stored(); n != 0 {
		t.Fatalf("the store's queue holds %d entries after deleting, want none", n)
	}
	if l := queue(""); len(l.Items) != 0 || l.Total != 0 {
		t.Fatalf("after deleting: %+v", l)
	}
	mustStatus(t, env.Do(apitest.Request{Method: "DELETE", Path: "/comments/nope/reports", Token: cdo}), 404, "unknown comment")
}
