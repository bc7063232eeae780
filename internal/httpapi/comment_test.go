package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/httpapi"
)

type commentJSON struct {
	ID     string
	IdeaID string
	Author struct {
		ID          string
		DisplayName string
		Deleted     bool
	}
	Body     *string
	BodyHTML *string `json:"bodyHtml"`
	Edited   bool
	Deleted  bool
	Hidden   *struct{ Reason string }
	Report   *int `json:"reportCount"`
	Mine     bool
	// ReportedByMe: the caller reported it.
	ReportedByMe bool `json:"reportedByMe"`
}

type commentList struct {
	Items      []commentJSON
	NextCursor *string
	Total      int
}

func TestCommentAPI(t *testing.T) {
	env := apitest.New(t)
	citizen, employee, cdo, reviewer := env.Login(apitest.Citizen), env.Login(apitest.Employee), env.Login(apitest.CDO), env.Login(apitest.Reviewer)
	post := func(tok, ideaID string, body any) *apitest.Response {
		return env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + ideaID + "/comments", Token: tok, Body: body})
	}
	list := func(tok, ideaID, query string) *apitest.Response {
		return env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + ideaID + "/comments" + query, Token: tok})
	}
	create := func(t *testing.T, tok, ideaID, body string) commentJSON {
		t.Helper()
		r := post(tok, ideaID, map[string]string{"body": body})
		if r.Status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		var c commentJSON
		r.JSON(t, &c)
		return c
	}
	listed := func(t *testing.T, tok, ideaID string) commentList {
		t.Helper()
		r := list(tok, ideaID, "?limit=100")
		if r.Status != http.StatusOK {
			t.Fatalf("list: %d %s", r.Status, r.Body)
		}
		var l commentList
		r.JSON(t, &l)
		return l
	}
	idea := engIdea(t, env, nil)

	t.Run("CreateRendersSubsetAndNamesAuthor", func(t *testing.T) {
		r := post(citizen, idea.ID, map[string]string{"body": "  Sehr **gut**! Siehe https://muenster.de\n\n# Überschrift\n\n![bild](https://x.example/a.png)  "})
		if r.Status != http.StatusCreated || r.Header.Get("ETag") != `"v1"` {
			t.Fatalf("got %d %s (ETag %q)", r.Status, r.Body, r.Header.Get("ETag"))
		}
		var c commentJSON
		r.JSON(t, &c)
		if c.Author.DisplayName != "Cem Bürger" || !c.Mine || c.Body == nil || strings.HasPrefix(*c.Body, " ") {
			t.Fatalf("got %+v", c)
		}
		html := *c.BodyHTML
		if !strings.Contains(html, "<strong>gut</strong>") || !strings.Contains(html, "nofollow") || !strings.Contains(html, "noopener") ||
			strings.Contains(html, "<h1") || strings.Contains(html, "<img") {
			t.Fatalf("bodyHtml not the subset: %s", html)
		}
		if bytes.Contains(r.Body, []byte("@ideenwerk.example")) {
			t.Fatalf("e-mail address leaked: %s", r.Body)
		}
		if got := ideaCounts(t, env, idea.ID); got.CommentCount < 1 {
			t.Fatalf("comment count %d", got.CommentCount)
		}
		// Commenting follows the idea, so the commenter hears about answers.
		if ok, _ := env.DB.IsFollowing(env.Ctx, idea.ID, env.UserID(apitest.Citizen)); !ok {
			t.Fatal("commenter does not follow the idea")
		}
	})
	t.Run("HostileStringsStayDataAndInertHTML", func(t *testing.T) {
		hostile := []string{
			`<script>alert(1)</script>`,
			`{"$gt":""}`,
			"\u202Egnp.exe\u200B\u200D zero-width and RTL",
			"Emoji 🏛️🚲👩🏽‍💻 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
			`[klick](javascript:alert(1)) <img src=x onerror=alert(1)> <a href="javascript:x">a</a>`,
			`"; db.dropDatabase(); //`,
		}
		for _, h := range hostile {
			c := create(t, employee, idea.ID, h)
			if *c.Body != h {
				t.Fatalf("body changed: %q → %q", h, *c.Body)
			}
			// No markup from the text: HTML in it shows as written, escaped.
			low := strings.ToLower(*c.BodyHTML)
			for _, bad := range []string{"<script", `href="javascript`, "<img"} {
				if strings.Contains(low, bad) {
					t.Fatalf("%q rendered unsafely: %s", h, *c.BodyHTML)
				}
			}
			if strings.Contains(h, "<") && !strings.Contains(*c.BodyHTML, "&lt;") {
				t.Fatalf("%q lost its text: %s", h, *c.BodyHTML)
			}
		}
		// And they come back unchanged from the list too.
		l := listed(t, employee, idea.ID)
		found := map[string]bool{}
		for _, c := range l.Items {
			if c.Body != nil {
				found[*c.Body] = true
			}
		}
		for _, h := range hostile {
			if !found[h] {
				t.Fatalf("%q not listed unchanged", h)
			}
		}
	})
	t.Run("ErrBadInput", func(t *testing.T) {
		cases := map[string]struct {
			raw    string
			ctype  string
			status int
		}{
			"MalformedJSON":   {`{"body": "x"`, "application/json", 400},
			"UnknownField":    {`{"body": "x", "author": "me"}`, "application/json", 400},
			"NotAnObject":     {`["x"]`, "application/json", 400},
			"WrongType":       {`{"body": 5}`, "application/json", 400},
			"Missing":         {`{}`, "application/json", 400},
			"Empty":           {`{"body": ""}`, "application/json", 400},
			"OnlySpaces":      {`{"body": "   \n\t "}`, "application/json", 400},
			"TooLong":         {fmt.Sprintf(`{"body": %q}`, strings.Repeat("ä", 5001)), "application/json", 400},
			"ControlChar":     {`{"body": "Hallo\u0007Welt"}`, "application/json", 400},
			"NUL":             {`{"body": "Hallo\u0000Welt"}`, "application/json", 400},
			"TwoValues":       {`{"body": "a"}{"body": "b"}`, "application/json", 400},
			"WrongContent":    {`body=x`, "application/x-www-form-urlencoded", 415},
			"NoContentType":   {`{"body": "x"}`, "", 415},
			"TextPlain":       {`{"body": "x"}`, "text/plain", 415},
			"MaxLengthIsFine": {fmt.Sprintf(`{"body": %q}`, strings.Repeat("ä", 5000)), "application/json", 201},
		}
		before := ideaCounts(t, env, idea.ID).CommentCount
		created := 0
		for name, tc := range cases {
			h := http.Header{}
			if tc.ctype != "" {
				h.Set("Content-Type", tc.ctype)
			}
			r := env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + idea.ID + "/comments", Token: citizen, RawBody: []byte(tc.raw), Header: h})
			if r.Status != tc.status {
				t.Errorf("%s: got %d %s", name, r.Status, r.Body)
			}
			if r.Status == 201 {
				created++
			}
		}
		if got := ideaCounts(t, env, idea.ID).CommentCount; got != before+created {
			t.Fatalf("refused input changed the count: %d → %d", before, got)
		}
	})
	t.Run("ErrAnonymousWrites", func(t *testing.T) {
		if r := post("", idea.ID, map[string]string{"body": "anonym"}); r.Status != http.StatusUnauthorized {
			t.Fatalf("got %d", r.Status)
		}
	})
	t.Run("AnonymousReadsPublicIdea", func(t *testing.T) {
		l := listed(t, "", idea.ID)
		if l.Total == 0 || len(l.Items) == 0 || l.Items[0].Mine {
			t.Fatalf("got %+v", l)
		}
	})
	t.Run("ErrInvisibleIdea", func(t *testing.T) {
		for name, i := range engHiddenIdeas(t, env) {
			// A comment stored directly; citizens must not reach it through the API.
			c := &domain.Comment{IdeaID: i.ID, AuthorID: env.UserID(apitest.CDO), Body: "intern"}
			if err := env.DB.CreateComment(env.Ctx, c); err != nil {
				t.Fatal(err)
			}
			checks := []*apitest.Response{
				list(citizen, i.ID, ""), list("", i.ID, ""),
				post(citizen, i.ID, map[string]string{"body": "hallo"}),
				env.Do(apitest.Request{Method: "PATCH", Path: "/comments/" + c.ID, Token: citizen, Body: map[string]string{"body": "x"}}),
				env.Do(apitest.Request{Method: "DELETE", Path: "/comments/" + c.ID, Token: citizen}),
				env.Do(apitest.Request{Method: "POST", Path: "/comments/" + c.ID + "/report", Token: citizen, Body: map[string]string{"reason": "Spam hier"}}),
			}
			for k, r := range checks {
				if r.Status != http.StatusNotFound {
					t.Fatalf("%s check %d: got %d %s", name, k, r.Status, r.Body)
				}
			}
		}
	})
	t.Run("ErrDraft", func(t *testing.T) {
		draft := engIdea(t, env, func(i *domain.Idea) { i.Stage, i.ScreeningPassed = domain.StageDraft, false })
		if r := post(employee, draft.ID, map[string]string{"body": "Notiz an mich"}); r.Status != http.StatusConflict {
			t.Fatalf("author comments on own draft: %d", r.Status)
		}
		if r := post(cdo, draft.ID, map[string]string{"body": "x"}); r.Status != http.StatusNotFound {
			t.Fatalf("cdo sees someone's draft: %d", r.Status)
		}
	})
	t.Run("PaginationOldestFirst", func(t *testing.T) {
		i := engIdea(t, env, nil)
		var want []string
		for k := range 7 {
			want = append(want, create(t, reviewer, i.ID, fmt.Sprintf("Beitrag %d", k)).ID)
		}
		var got []string
		q := "?limit=3"
		for pages := 0; ; pages++ {
			r := list(citizen, i.ID, q)
			var l commentList
			r.JSON(t, &l)
			if r.Status != 200 || l.Total != 7 || len(l.Items) > 3 || pages > 3 {
				t.Fatalf("page %d: %d %s", pages, r.Status, r.Body)
			}
			for _, c := range l.Items {
				got = append(got, c.ID)
			}
			if l.NextCursor == nil {
				break
			}
			q = "?limit=3&cursor=" + *l.NextCursor
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("got %v, want %v", got, want)
		}
		for _, bad := range []string{"?limit=0", "?limit=101", "?limit=x", "?cursor=bogus", "?cursor=" + strings.Repeat("a", 501)} {
			if r := list(citizen, i.ID, bad); r.Status != http.StatusBadRequest {
				t.Fatalf("%s: got %d", bad, r.Status)
			}
		}
	})
	t.Run("EditByAuthorOnly", func(t *testing.T) {
		c := create(t, citizen, idea.ID, "Tippfeler")
		patch := func(tok string, body any, ifMatch string) *apitest.Response {
			h := http.Header{}
			if ifMatch != "" {
				h.Set("If-Match", ifMatch)
			}
			return env.Do(apitest.Request{Method: "PATCH", Path: "/comments/" + c.ID, Token: tok, Body: body, Header: h})
		}
		for name, tok := range map[string]string{"OtherCitizen": employee, "CDO": cdo} {
			if r := patch(tok, map[string]string{"body": "gekapert"}, ""); r.Status != http.StatusForbidden {
				t.Fatalf("%s: got %d", name, r.Status)
			}
		}
		if r := patch("", map[string]string{"body": "x"}, ""); r.Status != http.StatusUnauthorized {
			t.Fatalf("anonymous: %d", r.Status)
		}
		if r := patch(citizen, map[string]string{"body": ""}, ""); r.Status != http.StatusBadRequest {
			t.Fatalf("empty: %d", r.Status)
		}
		if r := patch(citizen, map[string]any{"body": "x", "hidden": true}, ""); r.Status != http.StatusBadRequest {
			t.Fatalf("unknown field: %d", r.Status)
		}
		r := patch(citizen, map[string]string{"body": "Tippfehler"}, `"v1"`)
		var got commentJSON
		r.JSON(t, &got)
		if r.Status != http.StatusOK || *got.Body != "Tippfehler" || !got.Edited || r.Header.Get("ETag") != `"v2"` {
			t.Fatalf("edit: %d %s", r.Status, r.Body)
		}
		if r := patch(citizen, map[string]string{"body": "veraltet"}, `"v1"`); r.Status != http.StatusPreconditionFailed {
			t.Fatalf("stale If-Match: %d", r.Status)
		}
	})
	t.Run("DeleteLeavesPlaceholder", func(t *testing.T) {
		i := engIdea(t, env, nil)
		c := create(t, citizen, i.ID, "Das nehme ich zurück")
		create(t, reviewer, i.ID, "Antwort darauf")
		del := func(tok string) *apitest.Response {
			return env.Do(apitest.Request{Method: "DELETE", Path: "/comments/" + c.ID, Token: tok})
		}
		if r := del(reviewer); r.Status != http.StatusForbidden {
			t.Fatalf("other user deletes: %d", r.Status)
		}
		if r := del(citizen); r.Status != http.StatusNoContent {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		if r := del(citizen); r.Status != http.StatusConflict {
			t.Fatalf("delete twice: %d", r.Status)
		}
		l := listed(t, cdo, i.ID)
		if len(l.Items) != 2 || !l.Items[0].Deleted || l.Items[0].Body != nil || l.Items[0].BodyHTML != nil {
			t.Fatalf("placeholder: %+v", l.Items)
		}
		if got := ideaCounts(t, env, i.ID); got.CommentCount != 1 {
			t.Fatalf("comment count %d", got.CommentCount)
		}
		if r := env.Do(apitest.Request{Method: "PATCH", Path: "/comments/" + c.ID, Token: citizen, Body: map[string]string{"body": "zurück"}}); r.Status != http.StatusConflict {
			t.Fatalf("edit deleted: %d", r.Status)
		}
	})
	t.Run("ReportOncePerUser", func(t *testing.T) {
		c := create(t, employee, idea.ID, "Kauft Produkt X!")
		report := func(tok string, body any) *apitest.Response {
			return env.Do(apitest.Request{Method: "POST", Path: "/comments/" + c.ID + "/report", Token: tok, Body: body})
		}
		if r := report(citizen, map[string]string{"reason": "Werbung"}); r.Status != http.StatusNoContent {
			t.Fatalf("report: %d %s", r.Status, r.Body)
		}
		if r := report(citizen, map[string]string{"reason": "Werbung!"}); r.Status != http.StatusConflict {
			t.Fatalf("report twice: %d", r.Status)
		}
		if r := report(employee, map[string]string{"reason": "Selbstanzeige"}); r.Status != http.StatusForbidden {
			t.Fatalf("report own: %d", r.Status)
		}
		for name, body := range map[string]any{"Missing": map[string]string{}, "TooShort": map[string]string{"reason": "x"},
			"TooLong": map[string]string{"reason": strings.Repeat("x", 1001)}, "Unknown": map[string]string{"reason": "Werbung", "x": "y"}} {
			if r := report(reviewer, body); r.Status != http.StatusBadRequest {
				t.Fatalf("%s: %d", name, r.Status)
			}
		}
		if r := report("", map[string]string{"reason": "Werbung"}); r.Status != http.StatusUnauthorized {
			t.Fatalf("anonymous: %d", r.Status)
		}
		if r := env.Do(apitest.Request{Method: "POST", Path: "/comments/99-nope/report", Token: citizen, Body: map[string]string{"reason": "Werbung"}}); r.Status != http.StatusNotFound {
			t.Fatalf("unknown comment: %d", r.Status)
		}
		for _, it := range listed(t, cdo, idea.ID).Items {
			if it.ID == c.ID && (it.Report == nil || *it.Report != 1) {
				t.Fatalf("cdo sees report count %v", it.Report)
			}
		}
		for _, it := range listed(t, citizen, idea.ID).Items {
			if it.Report != nil {
				t.Fatal("report count shown to a citizen")
			}
			// The reporter sees that she reported it (after a reload, too); nobody else does.
			if it.ReportedByMe != (it.ID == c.ID) {
				t.Fatalf("citizen: reportedByMe %v on %s", it.ReportedByMe, it.ID)
			}
		}
		for _, tok := range []string{reviewer, employee, cdo, ""} {
			for _, it := range listed(t, tok, idea.ID).Items {
				if it.ReportedByMe {
					t.Fatalf("reportedByMe shown to someone who did not report %s", it.ID)
				}
			}
		}
	})
	t.Run("HideByCDOWithReason", func(t *testing.T) {
		c := create(t, citizen, idea.ID, "Beleidigender Text")
		hide := func(tok string, body any) *apitest.Response {
			return env.Do(apitest.Request{Method: "POST", Path: "/comments/" + c.ID + "/hide", Token: tok, Body: body})
		}
		for name, tok := range map[string]string{"Employee": employee, "Author": citizen, "Reviewer": reviewer, "Admin": env.Login(apitest.Admin)} {
			if r := hide(tok, map[string]string{"reason": "Netiquette"}); r.Status != http.StatusForbidden {
				t.Fatalf("%s: %d", name, r.Status)
			}
		}
		if r := hide(cdo, map[string]string{}); r.Status != http.StatusBadRequest {
			t.Fatalf("no reason: %d", r.Status)
		}
		r := hide(cdo, map[string]string{"reason": "Verstößt gegen die Netiquette"})
		var got commentJSON
		r.JSON(t, &got)
		if r.Status != http.StatusOK || got.Hidden == nil || got.Hidden.Reason != "Verstößt gegen die Netiquette" || got.Body == nil {
			t.Fatalf("hide: %d %s", r.Status, r.Body)
		}
		if r := hide(cdo, map[string]string{"reason": "nochmal"}); r.Status != http.StatusConflict {
			t.Fatalf("hide twice: %d", r.Status)
		}
		view := func(tok string) commentJSON {
			for _, it := range listed(t, tok, idea.ID).Items {
				if it.ID == c.ID {
					return it
				}
			}
			t.Fatalf("hidden comment not listed")
			return commentJSON{}
		}
		for name, tok := range map[string]string{"Other": employee, "Anonymous": ""} {
			v := view(tok)
			if v.Hidden == nil || v.Hidden.Reason == "" || v.Body != nil || v.BodyHTML != nil {
				t.Fatalf("%s sees %+v", name, v)
			}
		}
		for name, tok := range map[string]string{"Author": citizen, "CDO": cdo} {
			v := view(tok)
			if v.Hidden == nil || v.Body == nil || *v.Body != "Beleidigender Text" {
				t.Fatalf("%s sees %+v", name, v)
			}
		}
		if r := env.Do(apitest.Request{Method: "PATCH", Path: "/comments/" + c.ID, Token: citizen, Body: map[string]string{"body": "harmlos"}}); r.Status != http.StatusConflict {
			t.Fatalf("author edits hidden comment: %d", r.Status)
		}
		entries, _, _, err := env.DB.FindAuditEntries(env.Ctx, domain.AuditFilter{TargetID: c.ID})
		if err != nil || len(entries) != 1 || entries[0].Action != "comment.hide" || entries[0].ActorID != env.UserID(apitest.CDO) {
			t.Fatalf("audit entries %+v, %v", entries, err)
		}
	})
}

// eventRecorder is a domain.EventPublisher that keeps what it is given.
type eventRecorder struct {
	mu     sync.Mutex
	events []domain.Event
}

func (r *eventRecorder) Publish(_ context.Context, e domain.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
	return nil
}

func TestCommentEvents(t *testing.T) {
	rec := &eventRecorder{}
	env := apitest.New(t, apitest.Options{Deps: func(d *httpapi.Deps) { d.Events = rec }})
	i := engIdea(t, env, nil)
	r := env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + i.ID + "/comments", Token: env.Login(apitest.Citizen),
		Body: map[string]string{"body": "Hallo @Erik Mitarbeiter"}})
	var c commentJSON
	r.JSON(t, &c)
	r = env.Do(apitest.Request{Method: "POST", Path: "/comments/" + c.ID + "/hide", Token: env.Login(apitest.CDO),
		Body: map[string]string{"reason": "Testweise ausgeblendet"}})
	if r.Status != http.StatusOK {
		t.Fatalf("hide: %d %s", r.Status, r.Body)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.events) != 2 {
		t.Fatalf("events %+v", rec.events)
	}
	e0, e1 := rec.events[0], rec.events[1]
	if e0.Type != domain.EventComment || e0.CommentID != c.ID || e0.IdeaID != i.ID || e0.ActorID != env.UserID(apitest.Citizen) || e0.Text != "Hallo @Erik Mitarbeiter" {
		t.Fatalf("comment event %+v", e0)
	}
	if e1.Type != domain.EventCommentHidden || e1.Reason != "Testweise ausgeblendet" || len(e1.RecipientIDs) != 1 || e1.RecipientIDs[0] != env.UserID(apitest.Citizen) {
		t.Fatalf("hidden event %+v", e1)
	}
}
