package notify_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/app"
	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/demo"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mailtest"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
	"github.com/ideenwerk/ideenwerk/internal/notify"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// instance runs app.Run (the real program) on port 0 and returns its base URL and a stop
// function that cancels it and waits for Run to return.
func instance(t *testing.T, env map[string]string) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	logs := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		err := app.Run(ctx, []string{"ideenwerk", "serve"}, func(k string) string { return env[k] }, pw, logs)
		pw.Close()
		done <- err
	}()
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "Ideenwerk listening on "); ok {
				urls <- u
			}
		}
	}()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		t.Fatalf("run returned early: %v\n%s", err, logs.String())
	case <-time.After(90 * time.Second):
		t.Fatalf("server did not start\n%s", logs.String())
	}
	t.Cleanup(func() {
		cancel()
		if t.Failed() {
			t.Logf("logs of %s:\n%s", base, logs.String())
		}
	})
	return base, func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			return fmt.Errorf("run did not return within 30 s of the cancel")
		}
	}
}

func post(t *testing.T, url string, body any) int {
	t.Helper()
	b, _ := json.Marshal(body)
	r, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	return r.StatusCode
}

// TestTwoInstancesDeliverOnce runs two servers on one database and one SMTP server: every
// mail is sent once, every event reaches each recipient once, the daily SLA job runs once,
// and when the instance holding the leases stops, the other one takes over.
func TestTwoInstancesDeliverOnce(t *testing.T) {
	ctx := context.Background()
	uri, dbName := mongotest.URI(t), mongotest.DatabaseName(t)
	db, err := mongo.Open(ctx, uri, dbName)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Drop(context.Background()); _ = db.Close(context.Background()) })
	if err := db.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	const password = "Test-Passwort-2026!"
	res, err := demo.Seed(ctx, db, password)
	if err != nil {
		t.Fatal(err)
	}
	tctx := domain.WithTenant(ctx, res.Tenant)
	late := &domain.Idea{Title: "Wartet seit Wochen", Summary: "s", Description: "d", Visibility: domain.VisibilityInternal,
		Source: domain.SourceStaff, AuthorID: res.Users[employee], Stage: domain.StageScreening,
		StageSince: time.Now().Add(-40 * 24 * time.Hour), CreatedAt: time.Now().Add(-41 * 24 * time.Hour)}
	if err := db.CreateIdea(tctx, late); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{reviewer, reviewer2} {
		if _, err := db.Follow(tctx, late.ID, res.Users[who]); err != nil {
			t.Fatal(err)
		}
	}

	smtp := mailtest.Start(t)
	keyFile := filepath.Join(t.TempDir(), "jwt.pem")
	if _, err := auth.LoadOrCreateKey(keyFile, true); err != nil {
		t.Fatal(err)
	}
	env := func() map[string]string {
		return map[string]string{
			"IDEENWERK_ADDR": "127.0.0.1:0", "IDEENWERK_DATA_DIR": t.TempDir(), "IDEENWERK_JWT_KEY_FILE": keyFile,
			"IDEENWERK_MONGODB_URI": uri, "IDEENWERK_DATABASE": dbName, "IDEENWERK_DEMO": "true",
			"IDEENWERK_DEMO_PASSWORD": password, "IDEENWERK_SMTP_URL": smtp.URL(), "IDEENWERK_LOG_FORMAT": "json",
			"IDEENWERK_JOBS_INTERVAL": "100ms", "IDEENWERK_DAILY_JOBS_AT": "00:00", "IDEENWERK_LOG_LEVEL": "warn",
		}
	}
	baseA, stopA := instance(t, env())
	baseB, stopB := instance(t, env())

	// Account mails enqueued on both instances.
	const registrations = 8
	for k := range registrations {
		base := []string{baseA, baseB}[k%2]
		if s := post(t, base+"/api/v1/auth/register", map[string]string{
			"email": fmt.Sprintf("neu%d@example.org", k), "password": "Ein-langes-Passwort-42", "displayName": fmt.Sprintf("Neu %d", k),
		}); s != http.StatusAccepted && s != http.StatusCreated && s != http.StatusOK && s != http.StatusNoContent {
			t.Fatalf("register: %d", s)
		}
	}
	// Events published into the shared queue (as the handlers of either instance do).
	pub := &notify.Service{Store: db, Tokens: notify.NewTokens([]byte("unused")), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	const events = 6
	publish := func(k int) {
		if err := pub.Publish(tctx, domain.Event{Type: domain.EventStageChanged, IdeaID: late.ID, ActorID: res.Users[cdo],
			From: domain.StageScreening, To: domain.StageEvaluation, Reason: fmt.Sprintf("Schritt %d", k)}); err != nil {
			t.Fatal(err)
		}
	}
	for k := range events {
		publish(k)
	}

	count := func(to, subject string) int {
		n := 0
		for _, m := range smtp.Messages() {
			for _, r := range m.To {
				if strings.EqualFold(r, to) && strings.Contains(m.Subject, subject) {
					n++
				}
			}
		}
		return n
	}
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(90 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s (%d mails so far)", what, len(smtp.Messages()))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitFor("the first round", func() bool {
		return count(reviewer, "Wartet seit Wochen") == events && count(reviewer2, "Wartet seit Wochen") == events &&
			count(employee, "Wartet seit Wochen") == events && count(cdo, "Zielzeit") >= 1 &&
			count("neu7@example.org", "") >= 1
	})

	// Stop the instance holding the leases (whichever it is); the other takes over.
	if err := stopA(); err != nil {
		t.Fatalf("instance A did not stop cleanly: %v", err)
	}
	for k := events; k < 2*events; k++ {
		publish(k)
	}
	waitFor("the second round", func() bool {
		return count(reviewer, "Wartet seit Wochen") == 2*events && count(employee, "Wartet seit Wochen") == 2*events
	})
	time.Sleep(2 * time.Second) // several more ticks of the survivor: room for duplicates to show
	if err := stopB(); err != nil {
		t.Fatalf("instance B did not stop cleanly: %v", err)
	}

	seen := map[string]int{}
	for _, m := range smtp.Messages() {
		key := strings.Join(m.To, ",") + "|" + m.Subject + "|" + firstLine(m.Text, "Schritt")
		seen[key]++
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("delivered %d times: %s", n, k)
		}
	}
	for k := range registrations {
		if n := count(fmt.Sprintf("neu%d@example.org", k), ""); n != 1 {
			t.Errorf("registration mail %d delivered %d times", k, n)
		}
	}
	if n := count(cdo, "Zielzeit"); n != 1 {
		t.Errorf("the daily SLA reminder reached the cdo %d times, want 1", n)
	}
	for _, who := range []string{employee, reviewer, reviewer2} {
		items, _, _, _, err := db.FindNotifications(tctx, res.Users[who], 100, "")
		if err != nil {
			t.Fatal(err)
		}
		// The published stage changes (the demo's open reviews also bring reminders).
		published := 0
		for _, n := range items {
			if n.Type == domain.EventStageChanged && n.IdeaID == late.ID {
				published++
			}
		}
		if published != 2*events {
			t.Errorf("%s has %d notifications of the stage changes, want %d", who, published, 2*events)
		}
	}
}

// firstLine returns the first line of text containing substr (the event's reason).
func firstLine(text, substr string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, substr) {
			return l
		}
	}
	return ""
}
