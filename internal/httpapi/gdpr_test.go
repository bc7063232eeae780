package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
)

func TestPersonalDataExportAndDeletion(t *testing.T) {
	env := apitest.New(t)
	cit := env.Login(apitest.Citizen)
	r := env.Do(apitest.Request{Method: "POST", Path: "/ideas", Token: cit, Body: map[string]any{
		"title": "Trinkbrunnen am Prinzipalmarkt", "summary": "Kostenloses Wasser im Sommer.", "description": "Hitzeschutz für alle.", "submit": true}})
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	ideaID := r.Map(t)["id"].(string)
	if r := env.Do(apitest.Request{Method: "POST", Path: "/ideas/" + ideaID + "/comments", Token: cit, Body: map[string]string{"body": "Gern auch mit Flaschenfüller."}}); r.Status != 201 {
		t.Fatalf("comment: %d %s", r.Status, r.Body)
	}

	ex := env.Do(apitest.Request{Method: "GET", Path: "/me/export", Token: cit})
	if ex.Status != 200 || !strings.Contains(ex.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %s", ex.Status, ex.Header.Get("Content-Disposition"))
	}
	if !strings.Contains(ex.Header.Get("Content-Disposition"), `filename="ideenwerk-meine-daten.json"`) {
		t.Fatalf("German file name: %s", ex.Header.Get("Content-Disposition"))
	}
	mustStatus(t, env.Do(apitest.Request{Method: "PATCH", Path: "/me", Token: cit, Body: map[string]any{"locale": "en"}}), 200, "English")
	if en := env.Do(apitest.Request{Method: "GET", Path: "/me/export", Token: cit}); !strings.Contains(en.Header.Get("Content-Disposition"), `filename="ideenwerk-my-data.json"`) {
		t.Fatalf("English file name: %s", en.Header.Get("Content-Disposition"))
	}
	m := ex.Map(t)
	if m["user"].(map[string]any)["email"] != apitest.Citizen {
		t.Fatalf("export lacks the profile: %v", m["user"])
	}
	found := false
	for _, i := range m["ideas"].([]any) {
		found = found || i.(map[string]any)["id"] == ideaID
	}
	if !found || len(m["comments"].([]any)) == 0 {
		t.Fatalf("export lacks the idea or the comment: %.400s", ex.Body)
	}
	if strings.Contains(string(ex.Body), apitest.Employee) {
		t.Fatal("export contains another user's e-mail")
	}

	t.Run("ErrWrongPassword", func(t *testing.T) {
		mustReason(t, env.Do(apitest.Request{Method: "DELETE", Path: "/me", Token: cit, Body: map[string]string{"password": "falsch-falsch-1"}}),
			400, domain.RPasswordWrong, "wrong password")
		mustReason(t, env.Do(apitest.Request{Method: "DELETE", Path: "/me", Token: cit, Body: map[string]string{}}),
			400, domain.RPasswordToDelete, "no password")
	})
	t.Run("ErrAdmin", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "DELETE", Path: "/me", Token: env.Login(apitest.Admin), Body: map[string]string{"password": apitest.Password}})
		if r.Status != http.StatusConflict {
			t.Fatalf("admin self-deletion: %d", r.Status)
		}
	})
	// Notifications of the citizen: an inbox with an older page, read marks and a pending digest.
	citID := env.UserID(apitest.Citizen)
	for k := range 25 {
		n := &domain.Notification{ID: fmt.Sprintf("n%02d", k), Type: domain.EventComment, IdeaID: ideaID, Excerpt: "Antwort", CreatedAt: time.Now()}
		if err := env.DB.AddNotification(env.Ctx, citID, n); err != nil {
			t.Fatal(err)
		}
		if err := env.DB.AddDigestItem(env.Ctx, citID, n); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := env.DB.MarkNotificationsRead(env.Ctx, citID, []string{"n03"}, false); err != nil {
		t.Fatal(err)
	}
	jar := apitest.NewJar()
	env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Jar: jar, Body: map[string]string{"email": apitest.Citizen, "password": apitest.Password}})
	if r := env.Do(apitest.Request{Method: "DELETE", Path: "/me", Token: cit, Body: map[string]string{"password": apitest.Password}}); r.Status != 204 {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": apitest.Citizen, "password": apitest.Password}}); r.Status != 401 {
		t.Fatalf("login after deletion: %d", r.Status)
	}
	if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/refresh", Jar: jar}); r.Status != 401 {
		t.Fatalf("session survived deletion: %d", r.Status)
	}
	// Authored content stays, under "deleted account"; the address is free for a new account.
	i := env.Do(apitest.Request{Method: "GET", Path: "/ideas/" + ideaID, Token: env.Login(apitest.CDO)}).Map(t)
	if au := i["author"].(map[string]any); au["deleted"] != true || au["displayName"] != "" {
		t.Fatalf("author shown as %v", au)
	}
	if u, err := env.DB.FindUserByID(env.Ctx, env.UserID(apitest.Citizen)); err != nil || strings.Contains(u.Email, "citizen") || u.PasswordHash != "" {
		t.Fatalf("personal data left: %v %+v", err, u)
	}
	if items, _, total, unread, err := env.DB.FindNotifications(env.Ctx, citID, 100, ""); err != nil || len(items)+total+unread != 0 {
		t.Fatalf("inbox left: %d items, total %d, unread %d, %v", len(items), total, unread, err)
	}
	batches, err := env.DB.PendingDigests(env.Ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range batches {
		if b.UserID == citID {
			t.Fatalf("pending digest left: %d items", len(b.Items))
		}
	}
	for _, fam := range []string{"notifyinbox", "notifyread"} {
		if n, _ := env.DB.Collection(mongo.PartitionName(fam, mongo.PartitionOf(citID))).CountDocuments(env.Ctx, bson.D{{Key: "userId", Value: citID}}); n != 0 {
			t.Fatalf("%d %s documents left", n, fam)
		}
	}
	if r := env.Do(apitest.Request{Method: "POST", Path: "/auth/register", Body: map[string]string{"email": apitest.Citizen, "password": "Neuer-Anfang-2027", "displayName": "Cem Neu"}}); r.Status != 202 {
		t.Fatalf("re-register: %d", r.Status)
	}
	env.Mail.WaitFor(t, apitest.Citizen, "E-Mail-Adresse", 10e9)
}
