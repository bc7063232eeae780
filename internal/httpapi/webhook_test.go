package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/httpapi"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/notify"
	"github.com/ideenwerk/ideenwerk/internal/webhook"
)

// hookCall is one request a receiver got.
type hookCall struct {
	Header http.Header
	Body   []byte
}

// receiver is a city's ticketing system: it records what it gets and answers with the
// next status of its script (200 once the script is used up).
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	calls  []hookCall
	script []int
}

func newReceiver(t *testing.T, script ...int) *receiver {
	r := &receiver{script: script}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.calls = append(r.calls, hookCall{req.Header.Clone(), b})
		status := 200
		if len(r.script) > 0 {
			status, r.script = r.script[0], r.script[1:]
		}
		r.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) got() []hookCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]hookCall(nil), r.calls...)
}

// await waits until the receiver has n calls (the outbox worker posts them).
func (r *receiver) await(t *testing.T, n int) []hookCall {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c := r.got(); len(c) >= n {
			return c
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the receiver got %d calls, want %d", len(r.got()), n)
	return nil
}

// verified checks a call's Standard Webhooks signature with secret and the body against
// the contract's WebhookPayload, and returns the body.
func verified(t *testing.T, c hookCall, secret string) map[string]any {
	t.Helper()
	wh, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := wh.Verify(c.Body, c.Header); err != nil {
		t.Fatalf("signature: %v (headers %v)", err, c.Header)
	}
	doc, _, err := apitest.Spec()
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(c.Body, &v); err != nil {
		t.Fatal(err)
	}
	if err := doc.Components.Schemas["WebhookPayload"].Value.VisitJSON(v); err != nil {
		t.Fatalf("payload violates WebhookPayload: %v\n%s", err, c.Body)
	}
	if c.Header.Get("Content-Type") != "application/json" || c.Header.Get("Ideenwerk-Event") != v.(map[string]any)["type"] {
		t.Fatalf("headers %v", c.Header)
	}
	return v.(map[string]any)
}

func webhookEnv(t *testing.T) (*apitest.Env, *notify.Service) {
	t.Helper()
	var svc *notify.Service
	e := apitest.New(t, apitest.Options{Deps: func(d *httpapi.Deps) {
		db := d.Store.(*mongo.DB)
		svc = &notify.Service{Store: db, Ideas: db, Followers: db, Tokens: notify.NewTokens([]byte("test secret")),
			BaseURL: d.BaseURL, Logger: d.Logger, Now: d.Now, Owner: "test", Webhooks: d.Webhooks}
		d.Notify, d.Events = svc, svc
	}})
	return e, svc
}

func createHook(t *testing.T, e *apitest.Env, tok, url string, events ...string) (id, secret string) {
	t.Helper()
	r := e.Do(apitest.Request{Method: "POST", Path: "/webhooks", Token: tok, Body: map[string]any{
		"url": url, "description": "Ticketsystem", "events": events}})
	m := mustStatus(t, r, 201, "create webhook")
	return m["id"].(string), m["secret"].(string)
}

var secretRe = regexp.MustCompile(`^whsec_[A-Za-z0-9+/]{43}=$`)

func TestWebhookSettings(t *testing.T) {
	e := apitest.New(t)
	admin, cdo := e.Login(apitest.Admin), e.Login(apitest.CDO)

	mustStatus(t, e.Do(apitest.Request{Method: "GET", Path: "/webhooks", Token: cdo}), 403, "cdo lists webhooks")
	mustStatus(t, e.Do(apitest.Request{Method: "POST", Path: "/webhooks", Token: cdo, Body: map[string]any{
		"url": "https://tickets.example/hook", "events": []string{"idea.submitted"}}}), 403, "cdo creates a webhook")

	r := e.Do(apitest.Request{Method: "POST", Path: "/webhooks", Token: admin, Body: map[string]any{
		"url": "https://tickets.example/hook?token=abc", "description": "Ticketsystem Amt 10", "events": []string{"idea.submitted", "idea.decided", "idea.submitted"}}})
	created := mustStatus(t, r, 201, "create")
	id := created["id"].(string)
	if !secretRe.MatchString(created["secret"].(string)) || created["active"] != true || r.Header.Get("ETag") != `"v1"` ||
		len(created["events"].([]any)) != 2 || created["lastDelivery"] != nil {
		t.Fatalf("created %v %v", created, r.Header)
	}
	// The secret is shown once: never in the list or the webhook.
	list := e.Do(apitest.Request{Method: "GET", Path: "/webhooks", Token: admin})
	if strings.Contains(string(list.Body), created["secret"].(string)) || !strings.Contains(string(list.Body), id) {
		t.Fatalf("list %s", list.Body)
	}
	got := mustStatus(t, e.Do(apitest.Request{Method: "GET", Path: "/webhooks/" + id, Token: admin}), 200, "get")
	if _, ok := got["secret"]; ok {
		t.Fatalf("get shows the secret: %v", got)
	}

	// Bad input is refused and changes nothing.
	for _, c := range []struct {
		body   any
		status int
		reason string
	}{
		{map[string]any{"url": "ftp://tickets.example/x", "events": []string{"idea.submitted"}}, 400, domain.RWebhookURL},
		{map[string]any{"url": "https://user:pw@tickets.example/x", "events": []string{"idea.submitted"}}, 400, domain.RWebhookURL},
		{map[string]any{"url": "tickets.example/x", "events": []string{"idea.submitted"}}, 400, domain.RWebhookURL},
		{map[string]any{"url": "https://tickets.example/x", "events": []string{}}, 400, domain.RWebhookEvents},
		{map[string]any{"url": "https://tickets.example/x", "events": []string{"idea.deleted"}}, 400, ""},
		{map[string]any{"url": map[string]any{"$gt": ""}, "events": []string{"idea.submitted"}}, 400, ""},
		{map[string]any{"url": "https://tickets.example/x", "events": []string{"idea.submitted"}, "secret": "whsec_mine"}, 400, ""},
		{map[string]any{"url": "https://tickets.example/x\u0007", "events": []string{"idea.submitted"}}, 400, ""},
		{map[string]any{"url": "https://tickets.example/" + strings.Repeat("a", 2001), "events": []string{"idea.submitted"}}, 400, ""},
	} {
		r := e.Do(apitest.Request{Method: "POST", Path: "/webhooks", Token: admin, Body: c.body})
		if c.reason != "" {
			mustReason(t, r, c.status, c.reason, "refused webhook")
		} else {
			mustStatus(t, r, c.status, "refused webhook")
		}
	}

	// Edit with the version; a stale one is refused.
	p := mustStatus(t, e.Do(apitest.Request{Method: "PATCH", Path: "/webhooks/" + id, Token: admin, Header: http.Header{"If-Match": {`"v1"`}},
		Body: map[string]any{"events": []string{"idea.stage_changed"}, "active": false}}), 200, "patch")
	if p["active"] != false || p["events"].([]any)[0] != "idea.stage_changed" || p["version"].(float64) != 2 {
		t.Fatalf("patched %v", p)
	}
	mustStatus(t, e.Do(apitest.Request{Method: "PATCH", Path: "/webhooks/" + id, Token: admin, Header: http.Header{"If-Match": {`"v1"`}},
		Body: map[string]any{"active": true}}), 412, "stale patch")

	// A new secret replaces the old one.
	rot := mustStatus(t, e.Do(apitest.Request{Method: "POST", Path: "/webhooks/" + id + "/rotate-secret", Token: admin}), 200, "rotate")
	if rot["secret"] == created["secret"] || !secretRe.MatchString(rot["secret"].(string)) {
		t.Fatalf("rotated %v", rot)
	}

	// Every change is in the audit log.
	audit := e.Do(apitest.Request{Method: "GET", Path: "/audit?targetId=" + id, Token: admin})
	for _, a := range []string{"webhook.create", "webhook.update", "webhook.rotate_secret"} {
		if !strings.Contains(string(audit.Body), a) {
			t.Fatalf("audit lacks %s: %s", a, audit.Body)
		}
	}
	// The update says what changed: switched off, and its events.
	if !strings.Contains(string(audit.Body), `"details":{"active":"false","changed":"events"}`) {
		t.Fatalf("update details: %s", audit.Body)
	}

	mustStatus(t, e.Do(apitest.Request{Method: "DELETE", Path: "/webhooks/" + id, Token: admin}), 204, "delete")
	mustStatus(t, e.Do(apitest.Request{Method: "GET", Path: "/webhooks/" + id, Token: admin}), 404, "deleted")

	// At most 20 per municipality.
	for n := range domain.MaxWebhooks {
		createHook(t, e, admin, "https://tickets.example/"+string(rune('a'+n)), "idea.submitted")
	}
	mustReason(t, e.Do(apitest.Request{Method: "POST", Path: "/webhooks", Token: admin, Body: map[string]any{
		"url": "https://tickets.example/z", "events": []string{"idea.submitted"}}}), 409, domain.RWebhookLimit, "21st webhook")
}

// TestWebhookTargets: without IDEENWERK_WEBHOOK_ALLOW_LOOPBACK a webhook cannot reach the
// server's own ports or the cloud's metadata service; the city's private network is fine.
func TestWebhookTargets(t *testing.T) {
	e := apitest.New(t, apitest.Options{Deps: func(d *httpapi.Deps) {
		d.Webhooks = &webhook.Service{Store: d.Store.(*mongo.DB), Logger: d.Logger}
	}})
	admin := e.Login(apitest.Admin)
	for _, u := range []string{"http://127.0.0.1:8080/x", "http://localhost/x", "http://[::1]/x", "http://169.254.169.254/latest/meta-data",
		"http://0.0.0.0/x", "http://[::ffff:127.0.0.1]/x", "http://api.localhost/x"} {
		mustReason(t, e.Do(apitest.Request{Method: "POST", Path: "/webhooks", Token: admin, Body: map[string]any{
			"url": u, "events": []string{"idea.submitted"}}}), 400, domain.RWebhookAddress, u)
	}
	createHook(t, e, admin, "http://10.20.30.40:8443/ideenwerk", "idea.submitted")
}

func TestWebhookDelivery(t *testing.T) {
	e, svc := webhookEnv(t)
	admin, employee, cdo := e.Login(apitest.Admin), e.Login(apitest.Employee), e.Login(apitest.CDO)
	// The ticketing system wants new ideas; the chat wants stage changes, and is down once.
	tickets, chat := newReceiver(t), newReceiver(t, 503)
	tid, tsecret := createHook(t, e, admin, tickets.URL+"/hooks?token=t0k3n", "idea.submitted")
	_, csecret := createHook(t, e, admin, chat.URL, "idea.stage_changed", "idea.decided")
	off, _ := createHook(t, e, admin, tickets.URL+"/off", "idea.submitted", "idea.stage_changed")
	mustStatus(t, e.Do(apitest.Request{Method: "PATCH", Path: "/webhooks/" + off, Token: admin, Body: map[string]any{"active": false}}), 200, "switch off")

	created := mustStatus(t, e.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: employee, Body: map[string]any{
		"title": "Sensoren für Streusalz", "summary": "Streusalz nur dort, wo es glatt ist.", "description": "Sensoren an Brücken melden Glätte.",
		"visibility": "internal", "submit": true}}), 201, "submit an idea")
	id := created["id"].(string)
	svc.DispatchOnce(e.Ctx)
	calls := tickets.await(t, 1)
	body := verified(t, calls[0], tsecret)
	data := body["data"].(map[string]any)
	idea := data["idea"].(map[string]any)
	if body["type"] != "idea.submitted" || idea["id"] != id || idea["title"] != "Sensoren für Streusalz" || idea["stage"] != "submitted" ||
		data["from"] != "draft" || data["to"] != "submitted" || !strings.HasSuffix(idea["url"].(string), "/ideas/"+id) {
		t.Fatalf("submitted payload %s", calls[0].Body)
	}
	// No person is named: not the author's ID, name or address.
	for _, who := range []string{e.UserID(apitest.Employee), apitest.Employee, "Erik"} {
		if strings.Contains(string(calls[0].Body), who) {
			t.Fatalf("payload names %q: %s", who, calls[0].Body)
		}
	}

	mustStatus(t, transition(e, cdo, id, map[string]any{"to": "screening", "reason": "Passt zur Klimastrategie"}), 201, "screening")
	svc.DispatchOnce(e.Ctx)
	// The chat answered 503 first; the outbox tried again with the same webhook-id.
	ccalls := chat.await(t, 2)
	if ccalls[0].Header.Get("webhook-id") != ccalls[1].Header.Get("webhook-id") || ccalls[0].Header.Get("webhook-id") == "" {
		t.Fatalf("retry with another id: %v / %v", ccalls[0].Header, ccalls[1].Header)
	}
	cb := verified(t, ccalls[1], csecret)
	if cb["type"] != "idea.stage_changed" || cb["data"].(map[string]any)["to"] != "screening" || cb["data"].(map[string]any)["reason"] != "Passt zur Klimastrategie" {
		t.Fatalf("stage change payload %s", ccalls[1].Body)
	}
	// Each receiver got only what it subscribed to, and the switched-off webhook nothing.
	if got := tickets.got(); len(got) != 1 {
		t.Fatalf("tickets got %d calls", len(got))
	}
	// Dispatching the same events again queues nothing new.
	svc.DispatchOnce(e.Ctx)
	time.Sleep(200 * time.Millisecond)
	if len(tickets.got()) != 1 || len(chat.got()) != 2 {
		t.Fatalf("redelivered: tickets %d, chat %d", len(tickets.got()), len(chat.got()))
	}

	// The settings show the last delivery.
	h := mustStatus(t, e.Do(apitest.Request{Method: "GET", Path: "/webhooks/" + tid, Token: admin}), 200, "get")
	ld := h["lastDelivery"].(map[string]any)
	if ld["ok"] != true || ld["status"].(float64) != 200 || ld["event"] != "idea.submitted" {
		t.Fatalf("last delivery %v", ld)
	}

	// A test ping is signed too and reports the answer.
	ping := mustStatus(t, e.Do(apitest.Request{Method: "POST", Path: "/webhooks/" + tid + "/test", Token: admin}), 200, "ping")
	if ping["ok"] != true || ping["status"].(float64) != 200 || ping["errorKind"] != nil {
		t.Fatalf("ping %v", ping)
	}
	pc := tickets.await(t, 2)
	if pb := verified(t, pc[1], tsecret); pb["type"] != "webhook.ping" {
		t.Fatalf("ping payload %s", pc[1].Body)
	}
	// After a rotation, deliveries are signed with the new secret, and for a day with the
	// old one as well, so the receiver can switch without losing deliveries.
	rot := mustStatus(t, e.Do(apitest.Request{Method: "POST", Path: "/webhooks/" + tid + "/rotate-secret", Token: admin}), 200, "rotate")
	mustStatus(t, e.Do(apitest.Request{Method: "POST", Path: "/webhooks/" + tid + "/test", Token: admin}), 200, "ping")
	pc = tickets.await(t, 3)
	verified(t, pc[2], rot["secret"].(string))
	verified(t, pc[2], tsecret)
	e.Clock.Advance(domain.SecretGrace + time.Minute)
	var fresh struct{ AccessToken string } // the cached token expired meanwhile
	e.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": apitest.Admin, "password": apitest.Password}}).JSON(t, &fresh)
	admin = fresh.AccessToken
	mustStatus(t, e.Do(apitest.Request{Method: "POST", Path: "/webhooks/" + tid + "/test", Token: admin}), 200, "ping a day later")
	pc = tickets.await(t, 4)
	newer, _ := standardwebhooks.NewWebhook(rot["secret"].(string))
	older, _ := standardwebhooks.NewWebhook(tsecret)
	if err := newer.VerifyIgnoringTimestamp(pc[3].Body, pc[3].Header); err != nil {
		t.Fatalf("the new secret a day later: %v", err)
	}
	if older.VerifyIgnoringTimestamp(pc[3].Body, pc[3].Header) == nil {
		t.Fatal("the rotated secret still signs after its day of grace")
	}

	// A receiver that is down: the ping says so, without the URL's token.
	tickets.Close()
	down := mustStatus(t, e.Do(apitest.Request{Method: "POST", Path: "/webhooks/" + tid + "/test", Token: admin}), 200, "ping a closed port")
	if down["ok"] != false || down["status"] != nil || down["error"] == nil || strings.Contains(down["error"].(string), "t0k3n") ||
		down["errorKind"] != "refused" {
		t.Fatalf("ping down %v", down)
	}
}

// TestWebhookDeletedFails: a delivery queued for a webhook deleted since fails for good and
// the outbox shows it as a webhook call.
func TestWebhookDeletedFails(t *testing.T) {
	e, svc := webhookEnv(t)
	admin, employee := e.Login(apitest.Admin), e.Login(apitest.Employee)
	rc := newReceiver(t, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500)
	id, _ := createHook(t, e, admin, rc.URL, "idea.submitted")
	mustStatus(t, e.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: employee, Body: map[string]any{
		"title": "Digitale Schöffenwahl", "summary": "Bewerbung online.", "description": "Formular statt Papier.", "submit": true}}), 201, "submit")
	svc.DispatchOnce(e.Ctx)
	rc.await(t, 1)
	mustStatus(t, e.Do(apitest.Request{Method: "DELETE", Path: "/webhooks/" + id, Token: admin}), 204, "delete")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ov := mustStatus(t, e.Do(apitest.Request{Method: "GET", Path: "/admin/outbox", Token: admin}), 200, "outbox")
		for _, m := range ov["failed"].([]any) {
			m := m.(map[string]any)
			if m["kind"] == "webhook" {
				if m["to"] != "deleted webhook" || !strings.Contains(m["lastError"].(string), "deleted") {
					t.Fatalf("failed webhook call %v", m)
				}
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the deleted webhook's delivery did not fail")
}
