// Package apitest runs the real API against a fresh embedded database, a real SMTP server
// and the demo data, and checks every response it receives against api/openapi.yaml, so
// the contract cannot drift from the code. HTTP tests of every capability use it.
package apitest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ideenwerk/ideenwerk/api"
	"github.com/ideenwerk/ideenwerk/internal/account"
	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/demo"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/httpapi"
	"github.com/ideenwerk/ideenwerk/internal/mail"
	"github.com/ideenwerk/ideenwerk/internal/mailtest"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/tenancy"
	"github.com/ideenwerk/ideenwerk/internal/webhook"
)

// Password is the demo users' password in tests.
const Password = "Test-Passwort-2026!"

// Clock is a settable clock shared by the server and the test.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Env is one API under test.
type Env struct {
	T      testing.TB
	DB     *mongo.DB
	Mail   *mailtest.Server
	HTTP   *httptest.Server
	API    *httpapi.Server
	Clock  *Clock
	Demo   *demo.Result
	Logs   *bytes.Buffer
	Signer *auth.Signer
	Key    ed25519.PrivateKey
	// Ctx is scoped to the demo tenant.
	Ctx context.Context

	logsMu   sync.Mutex
	tokens   map[string]string
	tokensMu sync.Mutex
}

// Options change the environment.
type Options struct {
	// LoginRate/LoginBurst override the auth rate limit (default: generous for tests).
	LoginRate  float64
	LoginBurst int
	// Deps lets a test change the dependencies before the server is built.
	Deps func(*httpapi.Deps)
	// Shared runs the store as one of several instances would (revision claims, change
	// feed, no caches of the exclusive writer); by default the environment is the store's
	// only writer, as a server on its own embedded store is (mongo.DB.SetExclusive).
	// IDEENWERK_APITEST_SHARED=1 makes every environment shared (scripts/test.sh runs the
	// HTTP tests both ways).
	Shared bool
}

// New starts an environment: fresh database with the demo tenant and users, a real SMTP
// server and the outbox worker sending to it, and the API on an httptest server.
func New(tb testing.TB, opts ...Options) *Env {
	tb.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.LoginRate == 0 {
		o.LoginRate, o.LoginBurst = 1000, 1000
	}
	db, res := seededDB(tb)
	if !o.Shared && os.Getenv("IDEENWERK_APITEST_SHARED") == "" {
		db.SetExclusive()
	}
	e := &Env{T: tb, DB: db, Mail: mailtest.Start(tb), Logs: &bytes.Buffer{},
		Clock: &Clock{t: time.Now().UTC().Truncate(time.Millisecond)}, tokens: map[string]string{}}
	ctx := context.Background()
	e.Demo = res.Clone()
	e.Ctx = domain.WithTenant(ctx, res.Tenant)
	logger := slog.New(slog.NewJSONHandler(lockedWriter{e}, &slog.HandlerOptions{Level: slog.LevelDebug}))

	key, err := auth.LoadOrCreateKey(tb.TempDir()+"/jwt.pem", true)
	if err != nil {
		tb.Fatal(err)
	}
	e.Key = key
	e.HTTP = httptest.NewUnstartedServer(nil)
	baseURL := "http://" + e.HTTP.Listener.Addr().String()
	e.Signer = auth.NewSigner(key, baseURL, e.Clock.Now)
	wake := make(chan struct{}, 1)
	accounts := &account.Service{Store: e.DB, Signer: e.Signer, Policy: auth.NewPasswordPolicy(), BaseURL: baseURL,
		Logger: logger, Now: e.Clock.Now, OnMailed: func() {
			select {
			case wake <- struct{}{}:
			default:
			}
		}}
	deps := httpapi.Deps{
		Store: e.DB, Accounts: accounts, Signer: e.Signer,
		Tenants: &tenancy.Resolver{Store: e.DB, TTL: time.Millisecond},
		Logger:  logger, Registry: prometheus.NewRegistry(), OpenAPI: api.OpenAPI,
		BaseURL: baseURL, SecureCookies: false, Now: e.Clock.Now,
		LoginRate: o.LoginRate, LoginBurst: o.LoginBurst,
		// Webhooks reach the tests' receivers on loopback; the outbox worker below posts them.
		Webhooks: &webhook.Service{Store: e.DB, Logger: logger, BaseURL: baseURL, AllowLoopback: true, Now: e.Clock.Now,
			OnQueued: accounts.OnMailed},
	}
	if o.Deps != nil {
		o.Deps(&deps)
	}
	e.API, err = httpapi.New(deps)
	if err != nil {
		tb.Fatal(err)
	}
	if err := e.API.LoadEngagement(context.Background()); err != nil {
		tb.Fatal(err)
	}
	e.HTTP.Config.Handler = e.API
	e.HTTP.Start()
	tb.Cleanup(e.HTTP.Close)

	sender, err := mail.NewSMTPSender(e.Mail.URL(), "Ideenwerk <noreply@ideenwerk.example>")
	if err != nil {
		tb.Fatal(err)
	}
	var hooks mail.WebhookSender
	if deps.Webhooks != nil {
		hooks = deps.Webhooks
	}
	wctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		(&mail.Worker{Store: e.DB, Leases: e.DB, Sender: sender, Webhooks: hooks, Logger: logger, Owner: "test",
			Interval: 50 * time.Millisecond, BaseDelay: 50 * time.Millisecond, MaxDelay: 200 * time.Millisecond,
			Wake: wake}).Run(wctx)
	}()
	tb.Cleanup(func() { cancel(); <-done })
	return e
}

type lockedWriter struct{ e *Env }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.e.logsMu.Lock()
	defer w.e.logsMu.Unlock()
	return w.e.Logs.Write(p)
}

// LogText returns everything logged so far.
func (e *Env) LogText() string {
	e.logsMu.Lock()
	defer e.logsMu.Unlock()
	return e.Logs.String()
}

// UserID returns the ID of a demo user by e-mail.
func (e *Env) UserID(email string) string { return e.Demo.Users[email] }

// Response is an HTTP response with its body read.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// Cookies set by the response.
	Cookies []*http.Cookie
}

// JSON decodes the body into v and fails the test if it cannot.
func (r *Response) JSON(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Map decodes the body as a JSON object.
func (r *Response) Map(tb testing.TB) map[string]any {
	tb.Helper()
	var m map[string]any
	r.JSON(tb, &m)
	return m
}

// ErrorCode returns error.code of an error envelope, or "".
func (r *Response) ErrorCode() string {
	var b struct {
		Error struct{ Code string } `json:"error"`
	}
	_ = json.Unmarshal(r.Body, &b)
	return b.Error.Code
}

// ErrorReason returns error.reason of an error envelope, else its first field's reason,
// and the params that came with it.
func (r *Response) ErrorReason() (string, map[string]string) {
	type why struct {
		Reason string            `json:"reason"`
		Params map[string]string `json:"params"`
	}
	var b struct {
		Error struct {
			why
			Fields []why `json:"fields"`
		} `json:"error"`
	}
	_ = json.Unmarshal(r.Body, &b)
	if b.Error.Reason == "" && len(b.Error.Fields) > 0 {
		return b.Error.Fields[0].Reason, b.Error.Fields[0].Params
	}
	return b.Error.Reason, b.Error.Params
}

// Request describes one request.
type Request struct {
	Method  string
	Path    string // under /api/v1 when it does not start with "/"+"api" or another root route
	Body    any    // encoded as JSON unless RawBody is set
	RawBody []byte
	Header  http.Header
	Token   string
	Host    string
	Jar     http.CookieJar
	// Root sends Path as it is, outside /api/v1 (SPA routes).
	Root bool
}

// Do sends a request and validates the response against the contract.
func (e *Env) Do(r Request) *Response {
	e.T.Helper()
	url := e.HTTP.URL + r.Path
	if !r.Root && !strings.HasPrefix(r.Path, "/api/") && !isRoot(r.Path) {
		url = e.HTTP.URL + "/api/v1" + r.Path
	}
	var body io.Reader
	switch {
	case r.RawBody != nil:
		body = bytes.NewReader(r.RawBody)
	case r.Body != nil:
		b, err := json.Marshal(r.Body)
		if err != nil {
			e.T.Fatal(err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(r.Method, url, body)
	if err != nil {
		e.T.Fatal(err)
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if r.Body != nil && r.RawBody == nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.Token != "" {
		req.Header.Set("Authorization", "Bearer "+r.Token)
	}
	if r.Host != "" {
		req.Host = r.Host
	}
	client := &http.Client{Jar: r.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		e.T.Fatalf("%s %s: %v", r.Method, r.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.T.Fatal(err)
	}
	out := &Response{Status: resp.StatusCode, Header: resp.Header, Body: b, Cookies: resp.Cookies()}
	if err := validateResponse(req, out); err != nil {
		e.T.Errorf("%s %s → %d violates api/openapi.yaml: %v\nbody: %.600s", r.Method, r.Path, out.Status, err, b)
	}
	return out
}

func isRoot(p string) bool {
	for _, r := range []string{"/healthz", "/readyz", "/metrics"} {
		if strings.HasPrefix(p, r) {
			return true
		}
	}
	return false
}

// Login signs a demo user in and returns the access token (cached per e-mail).
func (e *Env) Login(email string) string {
	e.T.Helper()
	e.tokensMu.Lock()
	tok, ok := e.tokens[email]
	e.tokensMu.Unlock()
	if ok {
		return tok
	}
	r := e.Do(Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": email, "password": Password}})
	if r.Status != http.StatusOK {
		e.T.Fatalf("login %s: %d %s", email, r.Status, r.Body)
	}
	var s struct{ AccessToken string }
	r.JSON(e.T, &s)
	e.tokensMu.Lock()
	e.tokens[email] = s.AccessToken
	e.tokensMu.Unlock()
	return s.AccessToken
}

// Demo account e-mails.
const (
	Admin     = "admin@ideenwerk.example"
	CDO       = "cdo@ideenwerk.example"
	Reviewer  = "reviewer@ideenwerk.example"
	Reviewer2 = "reviewer2@ideenwerk.example"
	Employee  = "employee@ideenwerk.example"
	Citizen   = "citizen@ideenwerk.example"
)

// NewJar returns a cookie jar for refresh-cookie flows.
func NewJar() http.CookieJar {
	j, _ := cookiejar.New(nil)
	return j
}
