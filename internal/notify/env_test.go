package notify_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/demo"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mail"
	"github.com/ideenwerk/ideenwerk/internal/mailtest"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
	"github.com/ideenwerk/ideenwerk/internal/notify"
)

const baseURL = "https://ideen.muenster.example"

// Demo users.
const (
	admin     = "admin@ideenwerk.example"
	cdo       = "cdo@ideenwerk.example"
	reviewer  = "reviewer@ideenwerk.example"
	reviewer2 = "reviewer2@ideenwerk.example"
	employee  = "employee@ideenwerk.example"
	citizen   = "citizen@ideenwerk.example"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a notification service on a fresh database with the demo tenant, a real SMTP
// server and the outbox sender, all driven step by step on a settable clock.
type env struct {
	t      *testing.T
	db     *mongo.DB
	demo   *demo.Result
	ctx    context.Context
	clock  *clock
	svc    *notify.Service
	mail   *mailtest.Server
	sender *mail.Worker
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := mongotest.MustOpenDB(t)
	res := seedUsers(t, db)
	// A fixed time of day, so hourly jobs do not cross a day boundary by accident.
	day := time.Now().UTC().Truncate(24 * time.Hour)
	e := &env{t: t, db: db, demo: res, ctx: domain.WithTenant(context.Background(), res.Tenant),
		clock: &clock{t: day.Add(10 * time.Hour)}, mail: mailtest.Start(t)}
	db.Now = e.clock.Now
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.svc = &notify.Service{
		Store: db, Ideas: db, Followers: db, Scanner: db, Reviews: db,
		Tokens: notify.NewTokens([]byte("test secret")), BaseURL: baseURL, Logger: logger,
		Now: e.clock.Now, Owner: "test", DailyAt: 5 * time.Hour,
	}
	smtp, err := mail.NewSMTPSender(e.mail.URL(), "Ideenwerk <noreply@ideenwerk.example>")
	if err != nil {
		t.Fatal(err)
	}
	e.sender = &mail.Worker{Store: db, Leases: db, Sender: smtp, Logger: logger, Owner: "test",
		BaseDelay: time.Minute, MaxDelay: 10 * time.Minute, Now: e.clock.Now}
	return e
}

// seedUsers creates a tenant with the demo users (their names and roles), without the
// demo's ideas and campaigns, which the tests here do not need and which take seconds.
func seedUsers(t *testing.T, db *mongo.DB) *demo.Result {
	t.Helper()
	ctx, tenant := mongotest.MustCreateTenant(t, db, "muenster")
	res := &demo.Result{Tenant: tenant, Users: map[string]string{}}
	for _, du := range demo.Users {
		u := &domain.User{Email: du.Email, DisplayName: du.Name, Roles: du.Roles, Status: domain.UserActive, Locale: domain.LocaleDE}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		res.Users[du.Email] = u.ID
	}
	return res
}

func (e *env) user(email string) string { return e.demo.Users[email] }

func (e *env) loadUser(email string) *domain.User {
	e.t.Helper()
	u, err := e.db.FindUserByID(e.ctx, e.user(email))
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// idea creates an idea of author in stage, there since `since` ago.
func (e *env) idea(title, author string, stage domain.Stage, vis domain.Visibility, since time.Duration) *domain.Idea {
	e.t.Helper()
	now := e.clock.Now()
	i := &domain.Idea{
		Title: title, Summary: "Kurzbeschreibung", Description: "Beschreibung", Visibility: vis, Source: domain.SourceStaff,
		AuthorID: e.user(author), Stage: stage, StageSince: now.Add(-since), CreatedAt: now.Add(-since - time.Hour),
		ScreeningPassed: stage.PastScreening(),
	}
	if err := e.db.CreateIdea(e.ctx, i); err != nil {
		e.t.Fatal(err)
	}
	return i
}

func (e *env) follow(i *domain.Idea, email string) {
	e.t.Helper()
	if _, err := e.db.Follow(e.ctx, i.ID, e.user(email)); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) publish(ev domain.Event) {
	e.t.Helper()
	if err := e.svc.Publish(e.ctx, ev); err != nil {
		e.t.Fatal(err)
	}
}

// deliver fans out the queued events and sends the due mails.
func (e *env) deliver() {
	e.t.Helper()
	e.svc.DispatchOnce(e.ctx)
	for e.sender.Tick(e.ctx) > 0 {
	}
}

func (e *env) inbox(email string) ([]*domain.Notification, int) {
	e.t.Helper()
	items, _, _, unread, err := e.db.FindNotifications(e.ctx, e.user(email), 100, "")
	if err != nil {
		e.t.Fatal(err)
	}
	return items, unread
}

// mailsTo returns the received mails to email whose subject contains substr.
func (e *env) mailsTo(email, substr string) []mailtest.Message {
	var out []mailtest.Message
	for _, m := range e.mail.Messages() {
		for _, to := range m.To {
			if strings.EqualFold(to, email) && strings.Contains(m.Subject, substr) {
				out = append(out, m)
			}
		}
	}
	return out
}

func (e *env) setPrefs(email string, t domain.EventType, c domain.ChannelPrefs) {
	e.t.Helper()
	u := e.loadUser(email)
	if u.NotificationPreferences == nil {
		u.NotificationPreferences = domain.NotificationPreferences{}
	}
	u.NotificationPreferences[t] = c
	if err := e.db.UpdateUser(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) setLocale(email, locale string) {
	e.t.Helper()
	u := e.loadUser(email)
	u.Locale = locale
	if err := e.db.UpdateUser(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
}
