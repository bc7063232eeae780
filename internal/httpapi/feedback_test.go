package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// TestAccessibilityFeedback: anyone reports a barrier; it is mailed to the city's contact
// address, answerable to the sender when they give an address.
func TestAccessibilityFeedback(t *testing.T) {
	env := apitest.New(t)
	send := func(tok string, body any) *apitest.Response {
		return env.Do(apitest.Request{Method: "POST", Path: "/accessibility/feedback", Token: tok, Body: body})
	}
	contact := env.Demo.Tenant.Branding.ContactEmail
	r := mustStatus(t, send("", map[string]any{"message": "Der Kalender im Formular lässt sich nicht mit der Tastatur bedienen.",
		"page": "/campaigns/new", "email": "anna@example.org"}), 202, "feedback")
	if r["contact"] != contact {
		t.Fatalf("response %v, contact %q", r, contact)
	}
	m := env.Mail.WaitFor(t, contact, "Barriere gemeldet: /campaigns/new", 10*time.Second)
	if !strings.Contains(m.Text, "nicht mit der Tastatur") || !strings.Contains(m.Text, "anna@example.org") ||
		!strings.Contains(string(m.Raw), "Reply-To: <anna@example.org>") {
		t.Fatalf("mail:\n%s", m.Raw)
	}
	// The outbox page tells it from account mail.
	cur, err := env.DB.Collection("outbox").Find(env.Ctx, bson.D{{Key: "mail.to", Value: contact}})
	if err != nil {
		t.Fatal(err)
	}
	var docs []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(env.Ctx, &docs); err != nil || len(docs) != 1 || !strings.HasPrefix(docs[0].ID, "feedback:") {
		t.Fatalf("feedback outbox documents %+v %v", docs, err)
	}
	// Signed in, without an address: anonymous, as the form says — no account, no address.
	mustStatus(t, send(env.Login(apitest.Citizen), map[string]any{"message": `<script>alert(1)</script> {"$gt": ""} Kontrast zu schwach`}), 202, "signed in")
	found := false
	for deadline := time.Now().Add(10 * time.Second); !found && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		for _, msg := range env.Mail.Messages() {
			if strings.Contains(msg.Text, "Kontrast zu schwach") {
				m, found = msg, true
			}
		}
	}
	if !found || strings.Contains(string(m.Raw), env.UserID(apitest.Citizen)) || strings.Contains(string(m.Raw), apitest.Citizen) || strings.Contains(string(m.Raw), "Reply-To") {
		t.Fatalf("signed-in mail:\n%s", m.Raw)
	}
	for name, body := range map[string]any{
		"TooShort":   map[string]any{"message": "kaputt"},
		"TooLong":    map[string]any{"message": strings.Repeat("x", 5001)},
		"BadEmail":   map[string]any{"message": "Die Schrift ist zu klein.", "email": "keine-adresse"},
		"Control":    map[string]any{"message": "Die Schrift \u0007 ist zu klein."},
		"Unknown":    map[string]any{"message": "Die Schrift ist zu klein.", "to": "x@example.org"},
		"NoMessage":  map[string]any{"page": "/"},
		"LongPage":   map[string]any{"message": "Die Schrift ist zu klein.", "page": strings.Repeat("p", 501)},
		"WrongTypes": map[string]any{"message": 42},
	} {
		if r := send("", body); r.Status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	// A city without a contact address says so.
	tenant := *env.Demo.Tenant
	tenant.Branding.ContactEmail = ""
	if err := env.DB.UpdateTenant(env.Ctx, &tenant); err != nil {
		t.Fatal(err)
	}
	env.API.Tenants.Invalidate()
	mustReason(t, send("", map[string]any{"message": "Die Schrift ist zu klein."}), 503, domain.RNoFeedbackContact, "no contact")
}
