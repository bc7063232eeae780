package app

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/ideenwerk/ideenwerk/api"
	"github.com/ideenwerk/ideenwerk/internal/account"
	"github.com/ideenwerk/ideenwerk/internal/analytics"
	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/config"
	"github.com/ideenwerk/ideenwerk/internal/demo"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/httpapi"
	"github.com/ideenwerk/ideenwerk/internal/mail"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/notify"
	"github.com/ideenwerk/ideenwerk/internal/oidc"
	"github.com/ideenwerk/ideenwerk/internal/search"
	"github.com/ideenwerk/ideenwerk/internal/tenancy"
	"github.com/ideenwerk/ideenwerk/internal/webhook"
	"github.com/ideenwerk/ideenwerk/ui"
)

// openStore connects to the configured MongoDB or starts the embedded store. The returned
// stop function closes both. A writer (a server, doctor, import) on the embedded store
// takes the store directory's lock first and is then the store's only writer of ideas
// (mongo.DB.SetExclusive); other commands (export, tenant) share the directory.
func openStore(ctx context.Context, cfg *config.Config, logger *slog.Logger, writer bool) (*mongo.DB, *mongo.Embedded, func(), error) {
	uri := cfg.MongoURI
	var emb *mongo.Embedded
	release := func() {}
	if cfg.Embedded() {
		dir := filepath.Join(cfg.DataDir, "store")
		if writer {
			var err error
			if release, err = mongo.LockStore(dir); err != nil {
				return nil, nil, nil, err
			}
		}
		var err error
		emb, err = mongo.StartEmbedded(ctx, dir, "", cfg.StoreSync, logger)
		if err != nil {
			release()
			return nil, nil, nil, err
		}
		uri = emb.URI
		logger.Info("embedded store started", "dir", dir, "exclusive", writer)
	}
	db, err := mongo.Open(ctx, uri, cfg.Database)
	if err != nil {
		if emb != nil {
			emb.Stop()
		}
		release()
		return nil, nil, nil, err
	}
	if emb != nil && writer {
		db.SetExclusive()
	}
	stop := func() {
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = db.Close(cctx)
		if emb != nil {
			emb.Stop()
		}
		release()
	}
	return db, emb, stop, nil
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Load(args, getenv, stderr)
	if err != nil {
		return err
	}
	logger := newLogger(cfg.LogFormat, cfg.LogLevel, stderr)
	if getenv("GOGC") == "" { // GOGC set: the runtime's own pacing, as asked
		debug.SetGCPercent(minGCPercent) // until the first collection measured the live heap
		tctx, stopTuning := context.WithCancel(ctx)
		defer stopTuning()
		go tuneGC(tctx, heapBudget, heapHeadroom, getenv("GOMEMLIMIT") == "") // GOMEMLIMIT set: that limit
	}

	// What can fail without the store fails first: the key and the port. A start that fails
	// after the demo was seeded would have shown its one-time password for nothing.
	keyFile := cfg.JWTKeyFile
	if keyFile == "" {
		keyFile = filepath.Join(cfg.DataDir, "jwt-ed25519.pem")
	}
	key, err := auth.LoadOrCreateKey(keyFile, cfg.JWTKeyFile == "")
	if err != nil {
		return err
	}
	// Requests wait in the listener's backlog until everything below is ready to serve them.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	serving := false
	defer func() {
		if !serving {
			ln.Close()
		}
	}()

	db, emb, stopStore, err := openStore(ctx, cfg, logger, true)
	if err != nil {
		return err
	}
	defer stopStore()
	if emb != nil {
		// Every partition now, not on first use under load (see mongo.DB.CreateCollections);
		// their _id lookup indexes follow below.
		start := time.Now()
		moved, err := db.MoveToLayout(ctx)
		if err != nil {
			return err
		}
		if moved > 0 {
			logger.Info("embedded store: documents moved into the family databases", "count", moved, "took", time.Since(start).Round(time.Millisecond).String())
		}
		n, err := db.CreateCollections(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			logger.Info("embedded store: collections created", "count", n, "took", time.Since(start).Round(time.Millisecond).String())
		}
	}
	if err := db.EnsureIndexes(ctx); err != nil {
		return err
	}
	if err := ensureTenant(ctx, cfg, db, logger, stdout); err != nil {
		return err
	}
	if err := ensureFunnelDefaults(ctx, db); err != nil {
		return err
	}
	if emb != nil {
		// The demo seed may have created collections; index their _id lookups now, before any
		// request or worker runs (see internal/mongo/sqliteindex.go).
		if err := emb.IndexIDs(ctx); err != nil {
			logger.Warn("embedded store: add _id lookup indexes", "err", err)
		}
	}

	now := func() time.Time { return time.Now().UTC() }
	signer := auth.NewSigner(key, cfg.BaseURL, now)

	var sender mail.Sender = mail.LogSender{Logger: logger}
	if cfg.SMTPURL != "" {
		if sender, err = mail.NewSMTPSender(cfg.SMTPURL, cfg.MailFrom); err != nil {
			return err
		}
	}
	wake := make(chan struct{}, 1)
	accounts := &account.Service{
		Store: db, Signer: signer, Policy: auth.NewPasswordPolicy(), BaseURL: cfg.BaseURL,
		Logger: logger, Now: now,
		OnMailed: func() {
			select {
			case wake <- struct{}{}:
			default:
			}
		},
	}

	sso, err := newSSO(ctx, cfg, db, key, logger, now)
	if err != nil {
		return err
	}

	// The idea index: this process's writes reach it directly, other instances' through the
	// change feed the follower polls; it is loaded before the first request is served.
	// Cursors are signed with a key derived from the JWT key, so every instance accepts the
	// others' cursors.
	cursorKey := sha256.Sum256(append([]byte("ideenwerk idea cursors\x00"), key.Seed()...))
	ideaIndex := search.New(cursorKey[:])
	stopObserving := httpapi.WriteThrough(db, ideaIndex)
	defer stopObserving()
	follower := &search.Follower{Index: ideaIndex, Feed: db, Logger: logger, Own: db.WroteEntry}
	loadStart := time.Now()
	if err := follower.Load(ctx); err != nil {
		return fmt.Errorf("load the idea index: %w", err)
	}
	st := ideaIndex.Stats()
	logger.Info("idea index loaded", "ideas", st.Ideas, "tenants", st.Tenants, "bytes_per_idea", st.BytesPerIdea(),
		"duration_ms", time.Since(loadStart).Milliseconds())

	// Notifications: events published by handlers are fanned out by one instance at a time
	// (lease "notify"), which also runs the reminder, digest and pruning jobs.
	secret, err := db.Secret(ctx, "unsubscribe")
	if err != nil {
		return err
	}
	// Links in mails and webhook payloads lead to each tenant's own host name.
	tenants := &tenancy.Resolver{Store: db, DefaultSlug: cfg.DefaultTenant, Strict: cfg.StrictHosts}
	tenantURL := func(ctx context.Context, id string) string {
		return domain.TenantBaseURL(cfg.BaseURL, tenants.ByID(ctx, id))
	}
	// Outgoing webhooks: queued by the dispatcher per idea event, posted by the outbox worker.
	webhooks := &webhook.Service{Store: db, Logger: logger, BaseURL: cfg.BaseURL, TenantURL: tenantURL, AllowLoopback: cfg.WebhookAllowLoopback,
		UserAgent: "Ideenwerk/" + Version, Now: now, OnQueued: accounts.OnMailed}
	notifier := &notify.Service{
		Store: db, Ideas: db, Followers: db, Scanner: ideaIndex, Reviews: db, Tokens: notify.NewTokens(secret),
		BaseURL: cfg.BaseURL, TenantURL: tenantURL, Logger: logger, Now: now, OnMailed: accounts.OnMailed, Webhooks: webhooks,
		SLAScreening: cfg.Notifications.SLAScreening, SLAEvaluation: cfg.Notifications.SLAEvaluation,
		DailyAt: cfg.Notifications.DailyAt, JobsInterval: cfg.Notifications.JobsInterval,
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	srv, err := httpapi.New(httpapi.Deps{
		IdeaIndex: ideaIndex,
		Store:     db, Accounts: accounts, Signer: signer,
		Tenants: tenants,
		Logger:  logger, Registry: reg, SPA: ui.Dist(), OpenAPI: api.OpenAPI,
		BaseURL: cfg.BaseURL, SecureCookies: cfg.SecureCookies(), CORSOrigins: cfg.CORSOrigins,
		TrustedProxies: cfg.TrustedProxies, Now: now,
		OIDC: sso, OIDCEnabled: sso != nil, Notify: notifier, Events: notifier, Webhooks: webhooks,
		MailToLog: cfg.SMTPURL == "",
		Analytics: &analytics.Service{Ideas: db, Reviews: db, Departments: db, Campaigns: db, Users: db},
		// The dashboard's "past SLA" uses the same targets as the cdo's daily reminders.
		AnalyticsSLA: analytics.SLATargets{
			domain.StageScreening:  int(cfg.Notifications.SLAScreening.Hours() / 24),
			domain.StageEvaluation: int(cfg.Notifications.SLAEvaluation.Hours() / 24),
		},
	})
	if err != nil {
		return err
	}
	if srv.Funnel != nil {
		notifier.Parked, notifier.DueParked = srv.Funnel, db
	}
	// Who supports and follows which idea, for the flags of idea pages (see
	// httpapi.LoadEngagement): read before the first request, read anew every 10 minutes.
	loadStart = time.Now()
	if err := srv.LoadEngagement(ctx); err != nil {
		logger.Warn("loading the engagement cache failed; idea pages read the flags from the store", "err", err)
	} else {
		logger.Info("engagement cache loaded", "duration_ms", time.Since(loadStart).Milliseconds())
	}

	if cfg.PprofAddr != "" {
		stopPprof, err := startPprof(cfg.PprofAddr, logger)
		if err != nil {
			return err
		}
		defer stopPprof()
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}

	// Background workers run until shutdown begins, then are awaited before the store closes.
	wctx, stopWorkers := context.WithCancel(context.WithoutCancel(ctx))
	var workers sync.WaitGroup
	owner := instanceID()
	workers.Go(func() {
		(&mail.Worker{Store: db, Leases: db, Sender: sender, Webhooks: webhooks, Logger: logger, Owner: owner, Wake: wake,
			MaxAge: cfg.Notifications.MailMaxAge}).Run(wctx)
	})
	notifier.Owner = owner
	workers.Go(func() { notifier.Run(wctx) })
	workers.Go(func() { srv.MonitorStore(wctx, time.Second) })
	workers.Go(func() { follower.Run(wctx) })
	workers.Go(func() { srv.ReloadEngagement(wctx) })

	serveErr := make(chan error, 1)
	serving = true
	go func() { serveErr <- hs.Serve(ln) }()
	// The address on stdout (the log goes to stderr): scripts and tests wait for this line.
	fmt.Fprintf(stdout, "Ideenwerk listening on http://%s\n", ln.Addr())
	logger.Info("listening", "addr", ln.Addr().String(), "base_url", cfg.BaseURL, "version", Version)

	select {
	case err := <-serveErr:
		stopWorkers()
		workers.Wait()
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing in-flight requests", "timeout", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	shutdownErr := hs.Shutdown(sctx)
	stopWorkers()
	workers.Wait()
	if shutdownErr != nil && !errors.Is(shutdownErr, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", shutdownErr)
	}
	logger.Info("stopped")
	return nil
}

// ensureTenant makes sure the deployment has a tenant: the demo tenant with its data when
// demo is on, otherwise a default tenant on a fresh database.
func ensureTenant(ctx context.Context, cfg *config.Config, db *mongo.DB, logger *slog.Logger, stdout io.Writer) error {
	if cfg.Demo {
		password := cfg.DemoPassword
		generated := password == ""
		if generated {
			password = auth.NewSecret()[:16]
		}
		res, err := demo.Seed(ctx, db, password)
		if err != nil {
			return err
		}
		if res.Seeded {
			logger.Info("demo data seeded", "tenant", res.Tenant.Slug)
			if generated {
				fmt.Fprintf(stdout, "\nDemo accounts (admin@, cdo@, reviewer@, reviewer2@, employee@, citizen@ideenwerk.example)\n"+
					"Demo password, shown only this once: %s\n\n", password)
			}
		}
		return nil
	}
	ts, err := db.FindTenants(ctx)
	if err != nil {
		return err
	}
	if len(ts) == 0 {
		t := &domain.Tenant{Slug: "default", Name: "Ideenwerk"}
		if err := db.CreateTenant(ctx, t); err != nil && domain.ErrorCode(err) != domain.ECONFLICT {
			return err
		}
		logger.Info("created the default tenant; rename it with 'ideenwerk tenant update'")
	}
	return nil
}

func instanceID() string {
	h, _ := os.Hostname()
	return fmt.Sprintf("%s-%d-%s", h, os.Getpid(), auth.NewSecret()[:6])
}

// newSSO builds staff single sign-on when an issuer is configured (nil otherwise). The
// provider is asked for its discovery document at start, but an unreachable provider only
// logs an error: citizens' password logins must not depend on the city's identity provider,
// and the service retries discovery on the next staff login. The login-state cookie is
// sealed with a key derived from the access-token key, which every instance shares.
func newSSO(ctx context.Context, cfg *config.Config, db *mongo.DB, key ed25519.PrivateKey, logger *slog.Logger, now func() time.Time) (*oidc.Service, error) {
	if !cfg.OIDC.Enabled() {
		return nil, nil
	}
	rules := make([]oidc.GroupRule, len(cfg.OIDC.GroupMap))
	for i, r := range cfg.OIDC.GroupMap {
		rules[i] = oidc.GroupRule{Group: r.Group, Role: domain.Role(r.Role), DepartmentCode: r.DepartmentCode}
	}
	sso, err := oidc.New(oidc.Config{
		Issuer: cfg.OIDC.Issuer, ClientID: cfg.OIDC.ClientID, ClientSecret: cfg.OIDC.ClientSecret,
		Scopes: cfg.OIDC.Scopes, RolesClaim: cfg.OIDC.RolesClaim, GroupMap: rules,
		StaffDomains: cfg.OIDC.StaffDomains, LocalLoginStaff: cfg.OIDC.LocalLoginStaff,
		StateKey: oidc.DeriveStateKey(key.Seed()), Now: now, Logger: logger,
	}, db)
	if err != nil {
		return nil, err
	}
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sso.Discover(dctx); err != nil {
		logger.Error("staff single sign-on: provider not reachable at start; staff logins retry it", "issuer", cfg.OIDC.Issuer, "err", err)
	} else {
		logger.Info("staff single sign-on enabled", "issuer", cfg.OIDC.Issuer, "callback", cfg.BaseURL+"/api/v1/auth/oidc/callback")
	}
	return sso, nil
}

// ensureFunnelDefaults seeds the default criteria set of PRODUCT.md for every tenant that
// has none (tenants created with the CLI included); the stores also seed it on first use.
func ensureFunnelDefaults(ctx context.Context, db *mongo.DB) error {
	ts, err := db.FindTenants(ctx)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if _, err := db.EnsureDefaultCriteriaSet(domain.WithTenant(ctx, t)); err != nil {
			return fmt.Errorf("default criteria of %s: %w", t.Slug, err)
		}
	}
	return nil
}
