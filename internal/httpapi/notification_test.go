package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/httpapi"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/notify"
)

var notifyRoles = []string{apitest.Admin, apitest.CDO, apitest.Reviewer, apitest.Employee, apitest.Citizen}

// notifyEnv is the API with the notification service; tests deliver events by calling
// deliver (the dispatcher's work), the harness's outbox worker sends the mails.
// notifyEnv starts an environment with the notification service; more changes the
// dependencies further.
func notifyEnv(t *testing.T, more ...func(*httpapi.Deps)) (*apitest.Env, *notify.Service) {
	t.Helper()
	var svc *notify.Service
	e := apitest.New(t, apitest.Options{Deps: func(d *httpapi.Deps) {
		svc = &notify.Service{Store: d.Store.(*mongo.DB), Ideas: d.Store.(*mongo.DB), Followers: d.Store.(*mongo.DB),
			Tokens: notify.NewTokens([]byte("test secret")), BaseURL: d.BaseURL, Logger: d.Logger, Now: d.Now, Owner: "test"}
		d.Notify, d.Events = svc, svc
		for _, f := range more {
			f(d)
		}
	}})
	return e, svc
}

func notifyDeliver(e *apitest.Env, svc *notify.Service) {
	svc.DispatchOnce(e.Ctx)
}

func notifyIdea(t *testing.T, e *apitest.Env, title, author string) *domain.Idea {
	t.Helper()
	i := &domain.Idea{Title: title, Summary: "s", Description: "d", Visibility: domain.VisibilityInternal, Source: domain.SourceStaff,
		AuthorID: e.UserID(author), Stage: domain.StageScreening}
	if err := e.DB.CreateIdea(e.Ctx, i); err != nil {
		t.Fatal(err)
	}
	return i
}

func notifyStageEvent(e *apitest.Env, i *domain.Idea, reason string) domain.Event {
	return domain.Event{Type: domain.EventStageChanged, IdeaID: i.ID, ActorID: e.UserID(apitest.CDO),
		From: domain.StageScreening, To: domain.StageEvaluation, Reason: reason}
}

type inboxPage struct {
	Items []struct {
		ID        string
		Type      string
		Read      bool
		IdeaID    *string
		IdeaTitle *string
		Reason    *string
		ActorName *string
	}
	NextCursor  *string
	Total       int
	UnreadCount int
}

func TestNotificationInbox(t *testing.T) {
	e, svc := notifyEnv(t)
	get := func(email, query string) (*apitest.Response, inboxPage) {
		r := e.Do(apitest.Request{Method: "GET", Path: "/me/notifications" + query, Token: e.Login(email)})
		var in inboxPage
		if r.Status == http.StatusOK {
			r.JSON(t, &in)
		}
		return r, in
	}
	t.Run("ErrAnonymous", func(t *testing.T) {
		for _, r := range []*apitest.Response{
			e.Do(apitest.Request{Method: "GET", Path: "/me/notifications"}),
			e.Do(apitest.Request{Method: "POST", Path: "/me/notifications/read", Body: map[string]any{"all": true}}),
		} {
			if r.Status != http.StatusUnauthorized {
				t.Fatalf("got %d", r.Status)
			}
		}
	})
	t.Run("EmptyForEveryRole", func(t *testing.T) {
		for _, who := range notifyRoles {
			r, in := get(who, "")
			if r.Status != http.StatusOK || len(in.Items) != 0 || in.UnreadCount != 0 || in.Total != 0 || in.NextCursor != nil {
				t.Fatalf("%s: %d %s", who, r.Status, r.Body)
			}
		}
	})
	i := notifyIdea(t, e, "Digitale Bürgersprechstunde", apitest.Employee)
	svc.Notify(e.Ctx, notifyStageEvent(e, i, "erster Schritt"))
	e.Clock.Advance(time.Second)
	svc.Notify(e.Ctx, notifyStageEvent(e, i, "zweiter Schritt"))
	notifyDeliver(e, svc)
	t.Run("ListAndPage", func(t *testing.T) {
		r, in := get(apitest.Employee, "?limit=1")
		if r.Status != http.StatusOK || len(in.Items) != 1 || in.Total != 2 || in.UnreadCount != 2 || in.NextCursor == nil {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		n := in.Items[0]
		if n.Type != "stage_changed" || *n.IdeaID != i.ID || *n.IdeaTitle != i.Title || *n.Reason != "zweiter Schritt" || *n.ActorName != "Clara Digital (CDO)" || n.Read {
			t.Fatalf("newest notification %+v", n)
		}
		r, in2 := get(apitest.Employee, "?limit=1&cursor="+url.QueryEscape(*in.NextCursor))
		if r.Status != http.StatusOK || len(in2.Items) != 1 || *in2.Items[0].Reason != "erster Schritt" || in2.NextCursor != nil {
			t.Fatalf("second page %d %s", r.Status, r.Body)
		}
		if r, _ := get(apitest.Employee, "?cursor=bogus"); r.Status != http.StatusBadRequest {
			t.Fatalf("bogus cursor: %d", r.Status)
		}
		if r, _ := get(apitest.Employee, "?limit=0"); r.Status != http.StatusBadRequest {
			t.Fatalf("limit 0: %d", r.Status)
		}
		// Only the author's inbox has them.
		for _, who := range []string{apitest.Admin, apitest.CDO, apitest.Reviewer, apitest.Citizen} {
			if _, in := get(who, ""); len(in.Items) != 0 {
				t.Fatalf("%s sees %d notifications", who, len(in.Items))
			}
		}
	})
	t.Run("MarkRead", func(t *testing.T) {
		_, in := get(apitest.Employee, "")
		mark := func(body any) *apitest.Response {
			return e.Do(apitest.Request{Method: "POST", Path: "/me/notifications/read", Token: e.Login(apitest.Employee), Body: body})
		}
		r := mark(map[string]any{"ids": []string{in.Items[0].ID}})
		if r.Status != http.StatusOK || r.Map(t)["unreadCount"] != float64(1) {
			t.Fatalf("mark one: %d %s", r.Status, r.Body)
		}
		if _, in := get(apitest.Employee, ""); !in.Items[0].Read || in.Items[1].Read || in.UnreadCount != 1 {
			t.Fatalf("after marking one: %+v", in)
		}
		unread := func(who string) any {
			r := e.Do(apitest.Request{Method: "GET", Path: "/me/notifications/unread", Token: e.Login(who)})
			if r.Status != http.StatusOK {
				t.Fatalf("unread count of %s: %d %s", who, r.Status, r.Body)
			}
			return r.Map(t)["unreadCount"]
		}
		if n := unread(apitest.Employee); n != float64(1) {
			t.Fatalf("badge count after marking one: %v", n)
		}
		// Another user cannot mark my notifications: the IDs are looked up in their own inbox.
		r = e.Do(apitest.Request{Method: "POST", Path: "/me/notifications/read", Token: e.Login(apitest.Citizen), Body: map[string]any{"ids": []string{in.Items[1].ID}}})
		if r.Status != http.StatusOK || r.Map(t)["unreadCount"] != float64(0) {
			t.Fatalf("citizen marking: %d %s", r.Status, r.Body)
		}
		if _, in := get(apitest.Employee, ""); in.UnreadCount != 1 {
			t.Fatalf("someone else marked my notification: %+v", in)
		}
		if r := mark(map[string]any{"all": true}); r.Status != http.StatusOK || r.Map(t)["unreadCount"] != float64(0) {
			t.Fatalf("mark all: %d %s", r.Status, r.Body)
		}
		if n := unread(apitest.Employee); n != float64(0) {
			t.Fatalf("badge count after marking all: %v", n)
		}
		for name, body := range map[string]any{
			"Empty": map[string]any{}, "Both": map[string]any{"ids": []string{"x"}, "all": true},
			"NoIDs": map[string]any{"ids": []string{}}, "Unknown": map[string]any{"all": true, "some": 1},
			"WrongType": map[string]any{"ids": "x"},
		} {
			if r := mark(body); r.Status != http.StatusBadRequest {
				t.Fatalf("%s: %d %s", name, r.Status, r.Body)
			}
		}
	})
}

// TestInboxWithdrawsRemovedComments: once a comment is hidden or deleted, the inbox entries
// that announced it no longer quote it.
func TestInboxWithdrawsRemovedComments(t *testing.T) {
	e, svc := notifyEnv(t)
	i := notifyIdea(t, e, "Digitale Aktenablage im Bauamt", apitest.Employee)
	if _, err := e.DB.Follow(e.Ctx, i.ID, e.UserID(apitest.Employee)); err != nil {
		t.Fatal(err)
	}
	reviewer, cdo := e.Login(apitest.Reviewer), e.Login(apitest.CDO)
	post := func(body string) string {
		r := mustStatus(t, e.Do(apitest.Request{Method: "POST", Path: "/ideas/" + i.ID + "/comments", Token: reviewer, Body: map[string]string{"body": body}}), 201, "comment")
		return r["id"].(string)
	}
	rude, gone, kept := post("Das ist Unsinn, ihr Versager."), post("Vertippt, bitte löschen."), post("Gute Idee.")
	notifyDeliver(e, svc)
	excerpts := func() map[string]any {
		r := mustStatus(t, e.Do(apitest.Request{Method: "GET", Path: "/me/notifications", Token: e.Login(apitest.Employee)}), 200, "inbox")
		out := map[string]any{}
		for _, it := range r["items"].([]any) {
			it := it.(map[string]any)
			if id, ok := it["commentId"].(string); ok {
				out[id] = it["excerpt"]
			}
		}
		return out
	}
	if got := excerpts(); got[rude] != "Das ist Unsinn, ihr Versager." || got[gone] == nil || got[kept] == nil {
		t.Fatalf("before: %v", got)
	}
	mustStatus(t, e.Do(apitest.Request{Method: "POST", Path: "/comments/" + rude + "/hide", Token: cdo, Body: map[string]string{"reason": "Beleidigung"}}), 200, "hide")
	mustStatus(t, e.Do(apitest.Request{Method: "DELETE", Path: "/comments/" + gone, Token: reviewer}), 204, "delete")
	if got := excerpts(); got[rude] != nil || got[gone] != nil || got[kept] != "Gute Idee." {
		t.Fatalf("after hiding and deleting: %v", got)
	}
}

func TestNotificationPreferences(t *testing.T) {
	e, _ := notifyEnv(t)
	type prefs map[string]struct{ InApp, Email, Digest bool }
	me := func(email string) prefs {
		r := e.Do(apitest.Request{Method: "GET", Path: "/me", Token: e.Login(email)})
		var u struct{ NotificationPreferences prefs }
		r.JSON(t, &u)
		return u.NotificationPreferences
	}
	t.Run("DefaultsForEveryRole", func(t *testing.T) {
		for _, who := range notifyRoles {
			p := me(who)
			if len(p) != len(domain.AllEventTypes) || !p["stage_changed"].Email || !p["stage_changed"].InApp ||
				p["comment"].Email || !p["comment"].Digest {
				t.Fatalf("%s: %+v", who, p)
			}
		}
	})
	patch := func(email string, body any) *apitest.Response {
		return e.Do(apitest.Request{Method: "PATCH", Path: "/me", Token: e.Login(email), Body: body})
	}
	t.Run("OK", func(t *testing.T) {
		for _, who := range notifyRoles {
			r := patch(who, map[string]any{"notificationPreferences": map[string]any{
				"comment":       map[string]bool{"email": true},
				"decision_made": map[string]bool{"email": false, "digest": true},
			}})
			if r.Status != http.StatusOK {
				t.Fatalf("%s: %d %s", who, r.Status, r.Body)
			}
			p := me(who)
			if !p["comment"].Email || !p["comment"].Digest || !p["comment"].InApp || p["decision_made"].Email || !p["decision_made"].Digest || !p["stage_changed"].Email {
				t.Fatalf("%s after patch: %+v", who, p)
			}
		}
	})
	t.Run("OtherFieldsKeepPreferences", func(t *testing.T) {
		if r := patch(apitest.Employee, map[string]any{"locale": "en"}); r.Status != http.StatusOK {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if !me(apitest.Employee)["comment"].Email {
			t.Fatal("a locale change reset the preferences")
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for name, body := range map[string]any{
			"UnknownType":    map[string]any{"notificationPreferences": map[string]any{"gossip": map[string]bool{"email": true}}},
			"UnknownChannel": map[string]any{"notificationPreferences": map[string]any{"comment": map[string]bool{"sms": true}}},
			"NotABool":       map[string]any{"notificationPreferences": map[string]any{"comment": map[string]string{"email": "yes"}}},
			"NotAnObject":    map[string]any{"notificationPreferences": []string{"comment"}},
		} {
			if r := patch(apitest.Citizen, body); r.Status != http.StatusBadRequest {
				t.Fatalf("%s: %d %s", name, r.Status, r.Body)
			}
		}
	})
	t.Run("PrivateToTheUserAndAdmins", func(t *testing.T) {
		r := e.Do(apitest.Request{Method: "GET", Path: "/users?role=reviewer", Token: e.Login(apitest.CDO)})
		var l struct{ Items []map[string]any }
		r.JSON(t, &l)
		for _, u := range l.Items {
			if _, ok := u["notificationPreferences"]; ok {
				t.Fatalf("the cdo sees a reviewer's preferences: %v", u)
			}
		}
	})
}

func TestUnsubscribe(t *testing.T) {
	e, svc := notifyEnv(t)
	i := notifyIdea(t, e, "Abfall-App mit Erinnerungen", apitest.Employee)
	svc.Notify(e.Ctx, notifyStageEvent(e, i, "passt"))
	notifyDeliver(e, svc)
	m := e.Mail.WaitFor(t, apitest.Employee, "Abfall-App", 20*time.Second)
	link, err := url.Parse(m.Link(t, "/unsubscribe?token="))
	if err != nil {
		t.Fatal(err)
	}
	token := link.Query().Get("token")
	unsub := func(tok string) *apitest.Response {
		return e.Do(apitest.Request{Method: "POST", Path: "/notifications/unsubscribe", Body: map[string]string{"token": tok}})
	}
	// The mail carries the one-click unsubscribe of RFC 8058, which a mail program posts to.
	t.Run("OneClick", func(t *testing.T) {
		raw := strings.ReplaceAll(string(m.Raw), "\r\n ", " ")
		if !strings.Contains(raw, "List-Unsubscribe-Post: List-Unsubscribe=One-Click") {
			t.Fatalf("no List-Unsubscribe-Post header:\n%.1500s", raw)
		}
		_, rest, ok := strings.Cut(raw, "List-Unsubscribe: <")
		target, _, ok2 := strings.Cut(rest, ">")
		if !ok || !ok2 || !strings.Contains(target, "/api/v1/notifications/unsubscribe/one-click?token=") {
			t.Fatalf("List-Unsubscribe header: %q", target)
		}
		_, path, _ := strings.Cut(target, "/api/v1")
		r := e.Do(apitest.Request{Method: "POST", Path: path, RawBody: []byte("List-Unsubscribe=One-Click"),
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}})
		if r.Status != http.StatusOK || r.Map(t)["eventType"] != "stage_changed" {
			t.Fatalf("one click: %d %s", r.Status, r.Body)
		}
		u, err := e.DB.FindUserByID(e.Ctx, e.UserID(apitest.Employee))
		if err != nil || u.NotificationPreferences.For(domain.EventStageChanged).Email {
			t.Fatalf("after one click: %+v %v", u.NotificationPreferences.For(domain.EventStageChanged), err)
		}
		if r := e.Do(apitest.Request{Method: "POST", Path: "/notifications/unsubscribe/one-click?token=abc", RawBody: []byte("List-Unsubscribe=One-Click"),
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}}); r.Status != http.StatusBadRequest {
			t.Fatalf("forged one click: %d %s", r.Status, r.Body)
		}
	})
	t.Run("OK", func(t *testing.T) {
		for range 2 { // repeating it is harmless
			r := unsub(token)
			if r.Status != http.StatusOK || r.Map(t)["eventType"] != "stage_changed" || r.Map(t)["channel"] != "email" {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
		}
		u, err := e.DB.FindUserByID(e.Ctx, e.UserID(apitest.Employee))
		if err != nil {
			t.Fatal(err)
		}
		if p := u.NotificationPreferences.For(domain.EventStageChanged); p.Email || !p.InApp {
			t.Fatalf("after unsubscribe: %+v", p)
		}
		// No more mails of that type; the inbox still gets them.
		svc.Notify(e.Ctx, notifyStageEvent(e, i, "noch einmal"))
		notifyDeliver(e, svc)
		time.Sleep(300 * time.Millisecond)
		n := 0
		for _, msg := range e.Mail.Messages() {
			if msg.Subject == m.Subject {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d mails after unsubscribing, want the first only", n)
		}
	})
	t.Run("DigestLink", func(t *testing.T) {
		tok := svc.Tokens.Sign(notify.Unsubscribe{TenantID: e.Demo.Tenant.ID, UserID: e.UserID(apitest.Citizen), Type: notify.AllTypes, Channel: domain.ChannelDigest})
		r := unsub(tok)
		if r.Status != http.StatusOK || r.Map(t)["eventType"] != "all" || r.Map(t)["channel"] != "digest" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		u, _ := e.DB.FindUserByID(e.Ctx, e.UserID(apitest.Citizen))
		if u.NotificationPreferences.For(domain.EventComment).Digest {
			t.Fatal("digest still on")
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		otherTenant := svc.Tokens.Sign(notify.Unsubscribe{TenantID: "another-city", UserID: e.UserID(apitest.Citizen), Type: domain.EventComment, Channel: domain.ChannelEmail})
		unknownUser := svc.Tokens.Sign(notify.Unsubscribe{TenantID: e.Demo.Tenant.ID, UserID: "nobody", Type: domain.EventComment, Channel: domain.ChannelEmail})
		forged := notify.NewTokens([]byte("guess")).Sign(notify.Unsubscribe{TenantID: e.Demo.Tenant.ID, UserID: e.UserID(apitest.Citizen), Type: domain.EventComment, Channel: domain.ChannelEmail})
		for name, tok := range map[string]string{"Garbage": "abc", "OtherTenant": otherTenant, "UnknownUser": unknownUser, "Forged": forged, "Truncated": token[:len(token)-3]} {
			if r := unsub(tok); r.Status != http.StatusBadRequest || r.ErrorCode() != "invalid" {
				t.Fatalf("%s: %d %s", name, r.Status, r.Body)
			}
		}
		r := e.Do(apitest.Request{Method: "POST", Path: "/notifications/unsubscribe", Body: map[string]any{}})
		if r.Status != http.StatusBadRequest {
			t.Fatalf("no token: %d", r.Status)
		}
	})
}

func TestOutboxAdmin(t *testing.T) {
	e, _ := notifyEnv(t)
	// A message that failed for good. It is stored failed at once: enqueued as pending, the
	// harness's outbox worker could send it before the test marks it.
	insertFailed(t, e, "n:evt1:"+e.UserID(apitest.Employee), apitest.Employee, "Persönlicher Betreff", "550 mailbox unavailable")
	t.Run("ErrNotAdmin", func(t *testing.T) {
		for _, who := range []string{apitest.CDO, apitest.Reviewer, apitest.Employee, apitest.Citizen} {
			for _, req := range []apitest.Request{
				{Method: "GET", Path: "/admin/outbox"},
				{Method: "POST", Path: "/admin/outbox/retry-failed"},
				{Method: "POST", Path: "/admin/outbox/x/retry"},
			} {
				req.Token = e.Login(who)
				if r := e.Do(req); r.Status != http.StatusForbidden {
					t.Fatalf("%s %s %s: %d", who, req.Method, req.Path, r.Status)
				}
			}
		}
		if r := e.Do(apitest.Request{Method: "GET", Path: "/admin/outbox"}); r.Status != http.StatusUnauthorized {
			t.Fatalf("anonymous: %d", r.Status)
		}
	})
	admin := e.Login(apitest.Admin)
	var ov struct {
		MailDelivery string
		Counts       struct{ Pending, Sent, Failed int }
		Failed       []map[string]any
	}
	t.Run("Overview", func(t *testing.T) {
		r := e.Do(apitest.Request{Method: "GET", Path: "/admin/outbox", Token: admin})
		if r.Status != http.StatusOK {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r.JSON(t, &ov)
		if ov.Counts.Failed != 1 || len(ov.Failed) != 1 || ov.Counts.Pending != 0 || ov.MailDelivery != "smtp" {
			t.Fatalf("%s", r.Body)
		}
		f := ov.Failed[0]
		if f["to"] != apitest.Employee || f["lastError"] != "550 mailbox unavailable" || f["errorKind"] != "rejected" || f["kind"] != "notification" || f["attempts"] != float64(9) || f["nextAttempt"] != nil {
			t.Fatalf("failed message %v", f)
		}
		for _, personal := range []string{"Persönlicher Betreff", "Persönlicher Text"} {
			if strings.Contains(string(r.Body), personal) {
				t.Fatalf("the overview shows %q", personal)
			}
		}
	})
	t.Run("Retry", func(t *testing.T) {
		if len(ov.Failed) == 0 {
			t.Fatal("no failed message to retry")
		}
		id := ov.Failed[0]["id"].(string)
		if r := e.Do(apitest.Request{Method: "POST", Path: "/admin/outbox/" + url.PathEscape(id) + "/retry", Token: admin}); r.Status != http.StatusNoContent {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		e.Mail.WaitFor(t, apitest.Employee, "Persönlicher Betreff", 20*time.Second)
		deadline := time.Now().Add(10 * time.Second)
		for {
			r := e.Do(apitest.Request{Method: "POST", Path: "/admin/outbox/" + url.PathEscape(id) + "/retry", Token: admin})
			if r.Status == http.StatusConflict {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("retrying a sent message: %d", r.Status)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if r := e.Do(apitest.Request{Method: "POST", Path: "/admin/outbox/nope/retry", Token: admin}); r.Status != http.StatusNotFound {
			t.Fatalf("unknown message: %d", r.Status)
		}
	})
	t.Run("RetryFailed", func(t *testing.T) {
		for k := range 3 {
			insertFailed(t, e, fmt.Sprintf("n:evt%d:x", k+2), apitest.Reviewer, fmt.Sprintf("Nachricht %d", k), "timeout")
		}
		// A call of a webhook that was deleted can never be delivered: it stays failed.
		insertFailed(t, e, "wh:gone:1", apitest.Reviewer, "Webhook", "undeliverable: the webhook was deleted")
		r := e.Do(apitest.Request{Method: "POST", Path: "/admin/outbox/retry-failed", Token: admin})
		if r.Status != http.StatusOK || r.Map(t)["retried"] != float64(3) {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		ov := mustStatus(t, e.Do(apitest.Request{Method: "GET", Path: "/admin/outbox", Token: admin}), 200, "overview")
		if f := ov["failed"].([]any); len(f) != 1 || f[0].(map[string]any)["id"] != "wh:gone:1" || f[0].(map[string]any)["errorKind"] != "webhook_deleted" {
			t.Fatalf("failed after retrying: %v", f)
		}
		for k := range 3 {
			e.Mail.WaitFor(t, apitest.Reviewer, fmt.Sprintf("Nachricht %d", k), 20*time.Second)
		}
	})
	t.Run("WithoutSMTP", func(t *testing.T) {
		// Without an SMTP server mails only reach the log; the admin is told so.
		logged, _ := notifyEnv(t, func(d *httpapi.Deps) { d.MailToLog = true })
		r := logged.Do(apitest.Request{Method: "GET", Path: "/admin/outbox", Token: logged.Login(apitest.Admin)})
		if r.Status != http.StatusOK || r.Map(t)["mailDelivery"] != "log" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
}

// insertFailed stores an outbox message of the demo tenant that failed for good (the
// document as internal/mongo/outbox.go writes it).
func insertFailed(t *testing.T, e *apitest.Env, id, to, subject, lastErr string) {
	t.Helper()
	now := time.Now().UTC()
	_, err := e.DB.Collection("outbox").InsertOne(e.Ctx, bson.D{
		{Key: "_id", Value: id}, {Key: "tenantId", Value: e.Demo.Tenant.ID},
		{Key: "mail", Value: bson.D{{Key: "to", Value: to}, {Key: "subject", Value: subject}, {Key: "text", Value: "Persönlicher Text"}}},
		{Key: "state", Value: "failed"}, {Key: "attempts", Value: 9}, {Key: "nextAttempt", Value: now.Add(time.Hour)},
		{Key: "lastError", Value: lastErr}, {Key: "createdAt", Value: now.Add(-73 * time.Hour)},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNotificationsUnavailableWithoutService(t *testing.T) {
	e := apitest.New(t)
	r := e.Do(apitest.Request{Method: "GET", Path: "/me/notifications", Token: e.Login(apitest.Employee)})
	if r.Status != http.StatusServiceUnavailable {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
}

// TestNotificationHooks: the real handlers publish their events — a transition, a comment
// with a mention, hiding a comment, assigning a reviewer — and they reach the right inboxes.
func TestNotificationHooks(t *testing.T) {
	e, svc := notifyEnv(t)
	i := notifyIdea(t, e, "Digitaler Bauantrag", apitest.Employee)
	cdo := e.Login(apitest.CDO)
	types := func(email string) map[string]int {
		notifyDeliver(e, svc)
		r := e.Do(apitest.Request{Method: "GET", Path: "/me/notifications", Token: e.Login(email)})
		var in inboxPage
		r.JSON(t, &in)
		out := map[string]int{}
		for _, n := range in.Items {
			out[n.Type]++
		}
		return out
	}
	r := e.Do(apitest.Request{Method: "POST", Path: "/ideas/" + i.ID + "/transitions", Token: cdo, Body: map[string]any{"to": "evaluation", "reason": "Vielversprechend"}})
	if r.Status != http.StatusCreated {
		t.Fatalf("transition: %d %s", r.Status, r.Body)
	}
	if got := types(apitest.Employee); got["stage_changed"] != 1 {
		t.Fatalf("after the transition the author has %v", got)
	}
	m := e.Mail.WaitFor(t, apitest.Employee, "Digitaler Bauantrag", 20*time.Second)
	if !strings.Contains(m.Text, "Vielversprechend") {
		t.Fatalf("transition mail without the reason:\n%s", m.Text)
	}

	r = e.Do(apitest.Request{Method: "POST", Path: "/ideas/" + i.ID + "/comments", Token: cdo, Body: map[string]string{"body": "Frage an @Robert Prüfer: passt das zum Haushalt?"}})
	if r.Status != http.StatusCreated {
		t.Fatalf("comment: %d %s", r.Status, r.Body)
	}
	if got := types(apitest.Employee); got["comment"] != 1 {
		t.Fatalf("after the comment the author has %v", got)
	}
	if got := types(apitest.Reviewer); got["mention"] != 1 {
		t.Fatalf("after the mention the reviewer has %v", got)
	}

	r = e.Do(apitest.Request{Method: "POST", Path: "/ideas/" + i.ID + "/comments", Token: e.Login(apitest.Reviewer2), Body: map[string]string{"body": "Das gehört hier nicht hin."}})
	if r.Status != http.StatusCreated {
		t.Fatalf("comment: %d %s", r.Status, r.Body)
	}
	hidden := r.Map(t)["id"].(string)
	r = e.Do(apitest.Request{Method: "POST", Path: "/comments/" + hidden + "/hide", Token: cdo, Body: map[string]string{"reason": "Nicht zum Thema"}})
	if r.Status != http.StatusOK {
		t.Fatalf("hide: %d %s", r.Status, r.Body)
	}
	if got := types(apitest.Reviewer2); got["comment_hidden"] != 1 {
		t.Fatalf("after hiding the commenter has %v", got)
	}

	due := e.Clock.Now().Add(10 * 24 * time.Hour).UTC().Format(time.RFC3339)
	body := map[string]any{"reviewers": []map[string]string{{"reviewerId": e.UserID(apitest.Reviewer), "dueAt": due}}}
	for range 2 { // saving the same list twice notifies once
		r = e.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + i.ID + "/reviewers", Token: cdo, Body: body})
		if r.Status != http.StatusOK {
			t.Fatalf("assign: %d %s", r.Status, r.Body)
		}
	}
	if got := types(apitest.Reviewer); got["review_assigned"] != 1 {
		t.Fatalf("after the assignment the reviewer has %v", got)
	}
}

// TestNeedsInformationLoop: the cdo sends an idea back with questions, its author is asked
// by mail to answer, answers from the idea (a transition to screening with the answer as
// reason), and the cdo's office hears of the answer.
func TestNeedsInformationLoop(t *testing.T) {
	e, svc := notifyEnv(t)
	i := notifyIdea(t, e, "Sitzbänke mit Schatten", apitest.Employee)
	// Public (and published: an idea that passed screening before, e.g. came back parked):
	// questions and answer stay private all the same.
	i.Visibility, i.ScreeningPassed = domain.VisibilityPublic, true
	if err := e.DB.UpdateIdea(e.Ctx, i); err != nil {
		t.Fatal(err)
	}
	cdo, emp := e.Login(apitest.CDO), e.Login(apitest.Employee)
	// A follower hears of stage changes, not of the exchange with the authors.
	mustStatus(t, e.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + i.ID + "/follow", Token: e.Login(apitest.Reviewer2)}), 200, "follow")
	move := func(tok string, body map[string]any) *apitest.Response {
		return e.Do(apitest.Request{Method: "POST", Path: "/ideas/" + i.ID + "/transitions", Token: tok, Body: body})
	}
	if r := move(cdo, map[string]any{"to": "submitted", "reason": "Welche Kosten entstehen?"}); r.Status != 201 {
		t.Fatalf("send back: %d %s", r.Status, r.Body)
	}
	notifyDeliver(e, svc)
	asked := e.Mail.WaitFor(t, apitest.Employee, "Rückfragen zur Idee", 20*time.Second)
	// The office asks (not a named person, as in the history), the questions come right after
	// the line that announces them, and what to do after them.
	q, ask, todo := strings.Index(asked.Text, "Welche Kosten entstehen?"), strings.Index(asked.Text, "Das Innovationsbüro hat Rückfragen"), strings.Index(asked.Text, "Bitte ergänzen Sie")
	if ask < 0 || q < ask || todo < q || strings.Contains(asked.Text, "Clara") || !strings.Contains(asked.Text, "Rückfragen beantworten") {
		t.Fatalf("questions mail:\n%s", asked.Text)
	}
	if r := e.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID, Token: emp}); r.Map(t)["needsInformation"] != true {
		t.Fatalf("idea %s", r.Body)
	}

	r := move(emp, map[string]any{"to": "screening"})
	if r.Status != 400 || !strings.Contains(string(r.Body), `"answer_required"`) {
		t.Fatalf("answer without text: %d %s", r.Status, r.Body)
	}
	if r := move(e.Login(apitest.Reviewer), map[string]any{"to": "screening", "reason": "Ich antworte"}); r.Status != 403 {
		t.Fatalf("not an author: %d %s", r.Status, r.Body)
	}
	r = move(emp, map[string]any{"to": "screening", "reason": "Rund 4.000 Euro für zehn Bänke."})
	if r.Status != 201 {
		t.Fatalf("answer: %d %s", r.Status, r.Body)
	}
	if m := r.Map(t); m["decision"].(map[string]any)["reason"] != "Rund 4.000 Euro für zehn Bänke." || m["idea"].(map[string]any)["stage"] != "screening" {
		t.Fatalf("answer: %s", r.Body)
	}
	notifyDeliver(e, svc)
	answered := e.Mail.WaitFor(t, apitest.CDO, "Antwort auf die Rückfragen", 20*time.Second)
	if !strings.Contains(answered.Text, "Rund 4.000 Euro für zehn Bänke.") {
		t.Fatalf("answer mail:\n%s", answered.Text)
	}
	var inbox inboxPage
	e.Do(apitest.Request{Method: "GET", Path: "/me/notifications", Token: cdo}).JSON(t, &inbox)
	if len(inbox.Items) == 0 || inbox.Items[0].Type != "stage_changed" || inbox.Items[0].Reason == nil || *inbox.Items[0].Reason != "Rund 4.000 Euro für zehn Bänke." {
		t.Fatalf("cdo inbox %+v", inbox.Items)
	}
	var followerInbox inboxPage
	e.Do(apitest.Request{Method: "GET", Path: "/me/notifications", Token: e.Login(apitest.Reviewer2)}).JSON(t, &followerInbox)
	for _, n := range followerInbox.Items {
		if n.IdeaID != nil && *n.IdeaID == i.ID {
			t.Fatalf("the follower heard of the exchange: %+v", n)
		}
	}
	// Others see that questions were asked and answered, not what.
	for _, r := range []*apitest.Response{
		e.Do(apitest.Request{Method: "GET", Path: "/public/ideas/" + i.ID}),
		e.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID + "/history", Token: e.Login(apitest.Citizen)}),
	} {
		if r.Status != 200 || strings.Contains(string(r.Body), "Welche Kosten") || strings.Contains(string(r.Body), "4.000 Euro") {
			t.Fatalf("public history: %d %s", r.Status, r.Body)
		}
	}
	h := e.Do(apitest.Request{Method: "GET", Path: "/ideas/" + i.ID + "/history", Token: emp}).Map(t)["items"].([]any)
	if last := h[len(h)-1].(map[string]any); last["actorRole"] != "author" || last["reason"] != "Rund 4.000 Euro für zehn Bänke." ||
		h[len(h)-2].(map[string]any)["reason"] != "Welche Kosten entstehen?" {
		t.Fatalf("author's history: %v", h)
	}
	// Answered once: the idea no longer waits, and its authors cannot move it again.
	if r := move(emp, map[string]any{"to": "submitted", "reason": "nochmal"}); r.Status != 403 && r.Status != 409 {
		t.Fatalf("after the answer: %d %s", r.Status, r.Body)
	}
}

// TestReviewDeclinedReachesTheOffice: a reviewer who declines for a conflict of interest
// frees the assignment; the cdo's office hears of it, with the reason, in the inbox and by
// e-mail, and the reviewer is not told of their own doing.
func TestReviewDeclinedReachesTheOffice(t *testing.T) {
	e, svc := notifyEnv(t)
	i := notifyIdea(t, e, "Trinkbrunnen am Markt", apitest.Employee)
	i.Stage, i.ScreeningPassed = domain.StageEvaluation, true
	if err := e.DB.UpdateIdea(e.Ctx, i); err != nil {
		t.Fatal(err)
	}
	cdo, rev := e.Login(apitest.CDO), e.Login(apitest.Reviewer)
	mustStatus(t, e.Do(apitest.Request{Method: "PUT", Path: "/ideas/" + i.ID + "/reviewers", Token: cdo, Body: map[string]any{
		"reviewers": []map[string]any{{"reviewerId": e.UserID(apitest.Reviewer), "dueAt": day(e.Clock.Now().AddDate(0, 0, 14))}}}}), 200, "assign")
	notifyDeliver(e, svc)
	mustStatus(t, e.Do(apitest.Request{Method: "POST", Path: "/ideas/" + i.ID + "/reviews/mine/decline", Token: rev,
		Body: map[string]any{"reason": "Mein Bruder hat die Idee eingereicht."}}), 204, "decline")
	notifyDeliver(e, svc)
	var inbox inboxPage
	e.Do(apitest.Request{Method: "GET", Path: "/me/notifications", Token: cdo}).JSON(t, &inbox)
	if len(inbox.Items) == 0 || inbox.Items[0].Type != "review_declined" || inbox.Items[0].Reason == nil ||
		*inbox.Items[0].Reason != "Mein Bruder hat die Idee eingereicht." || inbox.Items[0].ActorName == nil || *inbox.Items[0].IdeaID != i.ID {
		t.Fatalf("cdo inbox %+v", inbox.Items)
	}
	m := e.Mail.WaitFor(t, apitest.CDO, "Bewertung abgelehnt", 20*time.Second)
	if !strings.Contains(m.Text, "Mein Bruder hat die Idee eingereicht.") || !strings.Contains(m.Text, "jemand anderem zu") {
		t.Fatalf("mail:\n%s", m.Text)
	}
	var own inboxPage
	e.Do(apitest.Request{Method: "GET", Path: "/me/notifications", Token: rev}).JSON(t, &own)
	for _, n := range own.Items {
		if n.Type == "review_declined" {
			t.Fatalf("the reviewer was told of their own decline: %+v", n)
		}
	}
}
