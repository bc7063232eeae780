// Package config reads Ideenwerk's configuration from flags and IDEENWERK_* environment
// variables (flags win) and validates it with messages that say what to fix.
package config

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Config is the validated configuration of one server process.
type Config struct {
	Addr          string
	BaseURL       string
	DataDir       string
	StoreSync     string
	MongoURI      string
	Database      string
	Demo          bool
	DemoPassword  string
	JWTKeyFile    string
	SMTPURL       string
	MailFrom      string
	LogFormat     string
	LogLevel      string
	DefaultTenant string
	StrictHosts   bool
	CORSOrigins   []string
	// ShutdownTimeout bounds how long in-flight requests may take after SIGTERM.
	ShutdownTimeout time.Duration
	// TrustedProxies are the CIDRs whose X-Forwarded-For is believed.
	TrustedProxies []string
	// OIDC is the staff single sign-on; off while OIDC.Issuer is empty.
	OIDC OIDC
	// PprofAddr is a loopback address for Go's profiles (net/http/pprof); empty: off.
	PprofAddr string
	// Notifications configures reminders, scheduled jobs and the outbox.
	Notifications Notifications
	// WebhookAllowLoopback lets webhooks reach loopback and link-local addresses
	// (development and tests only).
	WebhookAllowLoopback bool
}

// Notifications configures the notification service's jobs and the outbox's patience.
type Notifications struct {
	// SLAScreening and SLAEvaluation are the target times in those stages; ideas waiting
	// longer are reported to the cdo once a day.
	SLAScreening  time.Duration
	SLAEvaluation time.Duration
	// DailyAt is the time of day (UTC, after midnight) of the daily jobs: SLA reminders,
	// the digest e-mail, pruning.
	DailyAt time.Duration
	// JobsInterval is how often the scheduler looks for due jobs.
	JobsInterval time.Duration
	// MailMaxAge is how long an e-mail is retried before it is marked failed.
	MailMaxAge time.Duration
}

// OIDC configures single sign-on for staff through the city's OpenID Connect provider.
type OIDC struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// Scopes always include openid.
	Scopes []string
	// RolesClaim names the ID-token claim holding the user's groups; a dotted path reaches
	// into nested objects (Keycloak: realm_access.roles).
	RolesClaim string
	// GroupMap maps provider groups to roles and departments, in configuration order.
	GroupMap []GroupRule
	// StaffDomains are the e-mail domains the provider is authoritative for.
	StaffDomains []string
	// LocalLoginStaff allows password login for addresses in StaffDomains.
	LocalLoginStaff bool
}

// Enabled reports whether staff single sign-on is configured.
func (o *OIDC) Enabled() bool { return o.Issuer != "" }

// GroupRule maps one provider group to a role or to a department (by its code).
type GroupRule struct {
	Group          string
	Role           string
	DepartmentCode string
}

// Embedded reports whether the server starts its own FerretDB.
func (c *Config) Embedded() bool { return c.MongoURI == "" }

// SecureCookies reports whether the refresh cookie needs the Secure flag: always, except
// for a plain-http base URL on localhost (development and tests).
func (c *Config) SecureCookies() bool {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Scheme == "https" {
		return true
	}
	h := u.Hostname()
	return !(h == "localhost" || strings.HasPrefix(h, "127.") || h == "::1")
}

type setting struct {
	name, env, def, usage string
	dst                   *string
}

// switchValue is a setting that is true or false: on the command line the flag alone means
// true (`--demo`), as for Go's boolean flags; `--demo=false` turns it off.
type switchValue struct{ dst *string }

func (v switchValue) String() string {
	if v.dst == nil {
		return ""
	}
	return *v.dst
}
func (v switchValue) Set(s string) error { *v.dst = s; return nil }
func (v switchValue) IsBoolFlag() bool   { return true }

// switches are the settings that are true or false.
var switches = map[string]bool{"demo": true, "strict-hosts": true, "local-login-staff": true, "webhook-allow-loopback": true}

// Load parses args (without the program and subcommand names) and getenv into a Config.
func Load(args []string, getenv func(string) string, stderr io.Writer) (*Config, error) {
	var c Config
	var demo, strict, cors, shutdown, proxies, webhookLoopback string
	var oidcScopes, oidcGroupMap, oidcStaffDomains, localLoginStaff string
	var slaScreening, slaEvaluation, dailyAt, jobsInterval, mailMaxAge string
	settings := []setting{
		{"addr", "IDEENWERK_ADDR", ":8080", "listen address", &c.Addr},
		{"base-url", "IDEENWERK_BASE_URL", "", "public URL of the SPA, used in e-mail links (default http://localhost<addr>)", &c.BaseURL},
		{"data-dir", "IDEENWERK_DATA_DIR", "./data", "directory of the embedded store and generated keys", &c.DataDir},
		{"store-sync", "IDEENWERK_STORE_SYNC", "normal", "embedded store: when commits reach the disk — normal (every 100 ms, together: a power cut may lose the last 100 ms, never the store) or full (each commit on its own; slower writes)", &c.StoreSync},
		{"mongodb-uri", "IDEENWERK_MONGODB_URI", "", "MongoDB URI; empty starts the embedded store", &c.MongoURI},
		{"database", "IDEENWERK_DATABASE", "ideenwerk", "database name", &c.Database},
		{"demo", "IDEENWERK_DEMO", "", "seed demo data into an empty database (default: on for the embedded store)", &demo},
		{"demo-password", "IDEENWERK_DEMO_PASSWORD", "", "password of the demo users (default: generated and printed once)", &c.DemoPassword},
		{"jwt-key-file", "IDEENWERK_JWT_KEY_FILE", "", "PEM Ed25519 private key for access tokens (default: generated into the data dir)", &c.JWTKeyFile},
		{"smtp-url", "IDEENWERK_SMTP_URL", "", "SMTP server, e.g. smtp://user:pass@host:587 (empty: mails are not sent, only noted in the log)", &c.SMTPURL},
		{"mail-from", "IDEENWERK_MAIL_FROM", "Ideenwerk <noreply@ideenwerk.example>", "sender address of e-mails", &c.MailFrom},
		{"log-format", "IDEENWERK_LOG_FORMAT", "text", "log format: text or json", &c.LogFormat},
		{"log-level", "IDEENWERK_LOG_LEVEL", "info", "log level: debug, info, warn, error", &c.LogLevel},
		{"default-tenant", "IDEENWERK_DEFAULT_TENANT", "", "slug of the tenant for unmapped hosts (default: the first tenant)", &c.DefaultTenant},
		{"strict-hosts", "IDEENWERK_STRICT_HOSTS", "false", "answer 404 for hosts that map to no tenant", &strict},
		{"cors-origins", "IDEENWERK_CORS_ORIGINS", "", "comma-separated origins allowed by CORS", &cors},
		{"shutdown-timeout", "IDEENWERK_SHUTDOWN_TIMEOUT", "15s", "how long in-flight requests may finish on shutdown", &shutdown},
		{"trusted-proxies", "IDEENWERK_TRUSTED_PROXIES", "", "comma-separated CIDRs of reverse proxies", &proxies},
		{"pprof-addr", "IDEENWERK_PPROF_ADDR", "", "loopback address for Go's profiles (net/http/pprof), e.g. 127.0.0.1:6060; empty: off", &c.PprofAddr},
		{"oidc-issuer", "IDEENWERK_OIDC_ISSUER", "", "issuer URL of the staff OpenID Connect provider (empty: no single sign-on)", &c.OIDC.Issuer},
		{"oidc-client-id", "IDEENWERK_OIDC_CLIENT_ID", "", "client ID of Ideenwerk at the OpenID Connect provider", &c.OIDC.ClientID},
		{"oidc-client-secret", "IDEENWERK_OIDC_CLIENT_SECRET", "", "client secret (empty for a public client; PKCE is always used)", &c.OIDC.ClientSecret},
		{"oidc-scopes", "IDEENWERK_OIDC_SCOPES", "openid profile email", "scopes requested from the provider (space- or comma-separated)", &oidcScopes},
		{"oidc-roles-claim", "IDEENWERK_OIDC_ROLES_CLAIM", "groups", "ID-token claim with the user's groups; dotted path for nested claims (e.g. realm_access.roles)", &c.OIDC.RolesClaim},
		{"oidc-group-map", "IDEENWERK_OIDC_GROUP_MAP", "", "group→role/department mapping, e.g. ideenwerk-cdo=cdo,ideenwerk-review=reviewer,amt-32=department:32", &oidcGroupMap},
		{"oidc-staff-domains", "IDEENWERK_OIDC_STAFF_DOMAINS", "", "comma-separated e-mail domains of staff, owned by the provider (e.g. stadt-muenster.de)", &oidcStaffDomains},
		{"local-login-staff", "IDEENWERK_LOCAL_LOGIN_STAFF", "true", "allow password login for addresses in the staff domains", &localLoginStaff},
		{"sla-screening-days", "IDEENWERK_SLA_SCREENING_DAYS", "14", "target days in screening; ideas waiting longer are reported to the cdo daily", &slaScreening},
		{"sla-evaluation-days", "IDEENWERK_SLA_EVALUATION_DAYS", "21", "target days in evaluation; ideas waiting longer are reported to the cdo daily", &slaEvaluation},
		{"daily-jobs-at", "IDEENWERK_DAILY_JOBS_AT", "05:00", "time of day (UTC, HH:MM) of the daily jobs: SLA reminders, digest e-mails, pruning", &dailyAt},
		{"jobs-interval", "IDEENWERK_JOBS_INTERVAL", "1m", "how often the scheduler looks for due jobs", &jobsInterval},
		{"mail-max-age", "IDEENWERK_MAIL_MAX_AGE", "72h", "how long an e-mail or webhook call is retried before it is marked failed", &mailMaxAge},
		{"webhook-allow-loopback", "IDEENWERK_WEBHOOK_ALLOW_LOOPBACK", "false", "let webhooks reach loopback and link-local addresses (development and tests only)", &webhookLoopback},
	}
	fs := flag.NewFlagSet("ideenwerk serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, s := range settings {
		v := getenv(s.env)
		if v == "" {
			v = s.def
		}
		usage := fmt.Sprintf("%s (env %s)", s.usage, s.env)
		if switches[s.name] {
			*s.dst = v
			fs.Var(switchValue{s.dst}, s.name, usage)
			continue
		}
		fs.StringVar(s.dst, s.name, v, usage)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}

	var errs []error
	bad := func(env, format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", env, fmt.Sprintf(format, a...)))
	}
	if _, port, err := net.SplitHostPort(c.Addr); err != nil {
		bad("IDEENWERK_ADDR", "%q is not host:port (e.g. :8080)", c.Addr)
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		bad("IDEENWERK_ADDR", "port %q is not a number from 0 to 65535", port)
	}
	if c.BaseURL == "" {
		host := c.Addr
		if strings.HasPrefix(host, ":") {
			host = "localhost" + host
		}
		c.BaseURL = "http://" + host
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("IDEENWERK_BASE_URL", "%q must be an absolute http(s) URL", c.BaseURL)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.MongoURI != "" && !strings.HasPrefix(c.MongoURI, "mongodb://") && !strings.HasPrefix(c.MongoURI, "mongodb+srv://") {
		bad("IDEENWERK_MONGODB_URI", "must start with mongodb:// or mongodb+srv://")
	}
	if c.Database == "" || strings.ContainsAny(c.Database, "/\\. \"$") {
		bad("IDEENWERK_DATABASE", "%q is not a valid database name", c.Database)
	}
	if c.Embedded() && c.DataDir == "" {
		bad("IDEENWERK_DATA_DIR", "must not be empty when the embedded store is used")
	}
	if c.StoreSync != "normal" && c.StoreSync != "full" {
		bad("IDEENWERK_STORE_SYNC", "%q is not normal or full", c.StoreSync)
	}
	switch demo {
	case "":
		c.Demo = c.Embedded()
	default:
		b, err := strconv.ParseBool(demo)
		if err != nil {
			bad("IDEENWERK_DEMO", "%q is not true or false", demo)
		}
		c.Demo = b
	}
	if c.DemoPassword != "" && len(c.DemoPassword) < 10 {
		bad("IDEENWERK_DEMO_PASSWORD", "must be at least 10 characters")
	}
	if c.SMTPURL != "" {
		u, err := url.Parse(c.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			bad("IDEENWERK_SMTP_URL", "must look like smtp://user:pass@host:587 or smtps://host:465")
		}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("IDEENWERK_LOG_FORMAT", "%q must be text or json", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("IDEENWERK_LOG_LEVEL", "%q must be debug, info, warn or error", c.LogLevel)
	}
	if b, err := strconv.ParseBool(webhookLoopback); err != nil {
		bad("IDEENWERK_WEBHOOK_ALLOW_LOOPBACK", "%q is not true or false", webhookLoopback)
	} else {
		c.WebhookAllowLoopback = b
	}
	b, err := strconv.ParseBool(strict)
	if err != nil {
		bad("IDEENWERK_STRICT_HOSTS", "%q is not true or false", strict)
	}
	c.StrictHosts = b
	c.CORSOrigins = splitList(cors)
	for _, o := range c.CORSOrigins {
		if u, err := url.Parse(o); err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" {
			bad("IDEENWERK_CORS_ORIGINS", "%q is not an origin like https://example.org", o)
		}
	}
	d, err := time.ParseDuration(shutdown)
	if err != nil || d <= 0 {
		bad("IDEENWERK_SHUTDOWN_TIMEOUT", "%q is not a positive duration like 15s", shutdown)
	}
	c.ShutdownTimeout = d
	c.TrustedProxies = splitList(proxies)
	for _, p := range c.TrustedProxies {
		if _, _, err := net.ParseCIDR(p); err != nil {
			bad("IDEENWERK_TRUSTED_PROXIES", "%q is not a CIDR like 10.0.0.0/8", p)
		}
	}
	if c.PprofAddr != "" {
		if host, _, err := net.SplitHostPort(c.PprofAddr); err != nil || !isLoopback(host) {
			bad("IDEENWERK_PPROF_ADDR", "%q must be a loopback address like 127.0.0.1:6060 (profiles are not for the public)", c.PprofAddr)
		}
	}
	loadOIDC(&c.OIDC, oidcScopes, oidcGroupMap, oidcStaffDomains, localLoginStaff, bad)
	loadNotifications(&c.Notifications, slaScreening, slaEvaluation, dailyAt, jobsInterval, mailMaxAge, bad)
	if len(errs) > 0 {
		lines := make([]string, len(errs))
		for i, e := range errs {
			lines[i] = "  " + e.Error()
		}
		return nil, fmt.Errorf("invalid configuration:\n%s", strings.Join(lines, "\n"))
	}
	return &c, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// staffRoles are the roles a provider group may grant; citizens do not sign in with SSO.
var staffRoles = []string{"employee", "reviewer", "cdo", "admin"}

var (
	claimPathRe = regexp.MustCompile(`^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$`)
	domainRe    = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	deptCodeRe  = regexp.MustCompile(`^[A-Za-z0-9._-]{1,12}$`)
)

// loadOIDC validates the single sign-on settings; bad records each problem.
func loadOIDC(o *OIDC, scopes, groupMap, staffDomains, localLoginStaff string, bad func(env, format string, a ...any)) {
	o.Issuer = strings.TrimSpace(o.Issuer)
	if o.Issuer == "" {
		for _, s := range [][2]string{
			{"IDEENWERK_OIDC_CLIENT_ID", o.ClientID}, {"IDEENWERK_OIDC_CLIENT_SECRET", o.ClientSecret},
			{"IDEENWERK_OIDC_GROUP_MAP", groupMap}, {"IDEENWERK_OIDC_STAFF_DOMAINS", staffDomains},
		} {
			if strings.TrimSpace(s[1]) != "" {
				bad(s[0], "is set but IDEENWERK_OIDC_ISSUER is not; set the issuer to turn on single sign-on")
			}
		}
		if b, err := strconv.ParseBool(localLoginStaff); err != nil || !b {
			bad("IDEENWERK_LOCAL_LOGIN_STAFF", "can only be switched off together with IDEENWERK_OIDC_ISSUER and IDEENWERK_OIDC_STAFF_DOMAINS")
		}
		o.LocalLoginStaff = true
		return
	}
	if u, err := url.Parse(o.Issuer); err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" ||
		!(u.Scheme == "https" || u.Scheme == "http" && isLoopback(u.Hostname())) {
		bad("IDEENWERK_OIDC_ISSUER", "%q must be the provider's https URL exactly as in its discovery document, e.g. https://login.stadt.example/realms/staff (plain http only on localhost)", o.Issuer)
	}
	if o.ClientID = strings.TrimSpace(o.ClientID); o.ClientID == "" {
		bad("IDEENWERK_OIDC_CLIENT_ID", "must be set when IDEENWERK_OIDC_ISSUER is set")
	}
	o.Scopes = []string{"openid"}
	for _, sc := range strings.FieldsFunc(scopes, func(r rune) bool { return r == ',' || r == ' ' }) {
		if !slices.Contains(o.Scopes, sc) {
			o.Scopes = append(o.Scopes, sc)
		}
	}
	if o.RolesClaim = strings.TrimSpace(o.RolesClaim); !claimPathRe.MatchString(o.RolesClaim) {
		bad("IDEENWERK_OIDC_ROLES_CLAIM", "%q is not a claim name or dotted path like groups or realm_access.roles", o.RolesClaim)
	}
	for _, entry := range splitList(groupMap) {
		group, target, ok := strings.Cut(entry, "=")
		group, target = strings.TrimSpace(group), strings.TrimSpace(target)
		switch {
		case !ok || group == "" || target == "":
			bad("IDEENWERK_OIDC_GROUP_MAP", "%q must look like group=role or group=department:<code>", entry)
		case strings.HasPrefix(target, "department:"):
			code := strings.TrimPrefix(target, "department:")
			if !deptCodeRe.MatchString(code) {
				bad("IDEENWERK_OIDC_GROUP_MAP", "%q: department code %q must be 1–12 letters, digits, dots or dashes", entry, code)
				continue
			}
			o.GroupMap = append(o.GroupMap, GroupRule{Group: group, DepartmentCode: code})
		case slices.Contains(staffRoles, target):
			o.GroupMap = append(o.GroupMap, GroupRule{Group: group, Role: target})
		default:
			bad("IDEENWERK_OIDC_GROUP_MAP", "%q: %q is not one of the roles %s or department:<code>", entry, target, strings.Join(staffRoles, ", "))
		}
	}
	for _, d := range splitList(staffDomains) {
		d = strings.TrimPrefix(strings.ToLower(d), "@")
		if !domainRe.MatchString(d) {
			bad("IDEENWERK_OIDC_STAFF_DOMAINS", "%q is not an e-mail domain like stadt-muenster.de", d)
			continue
		}
		o.StaffDomains = append(o.StaffDomains, d)
	}
	b, err := strconv.ParseBool(localLoginStaff)
	if err != nil {
		bad("IDEENWERK_LOCAL_LOGIN_STAFF", "%q is not true or false", localLoginStaff)
	}
	o.LocalLoginStaff = b || err != nil
	if !o.LocalLoginStaff && len(o.StaffDomains) == 0 {
		bad("IDEENWERK_LOCAL_LOGIN_STAFF", "false needs IDEENWERK_OIDC_STAFF_DOMAINS: the domains whose password login is switched off")
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loadNotifications validates the notification settings; bad records each problem.
func loadNotifications(n *Notifications, slaScreening, slaEvaluation, dailyAt, jobsInterval, mailMaxAge string, bad func(env, format string, a ...any)) {
	days := func(env, v string) time.Duration {
		d, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || d < 1 || d > 365 {
			bad(env, "%q is not a number of days from 1 to 365", v)
		}
		return time.Duration(d) * 24 * time.Hour
	}
	n.SLAScreening = days("IDEENWERK_SLA_SCREENING_DAYS", slaScreening)
	n.SLAEvaluation = days("IDEENWERK_SLA_EVALUATION_DAYS", slaEvaluation)
	if t, err := time.Parse("15:04", strings.TrimSpace(dailyAt)); err != nil {
		bad("IDEENWERK_DAILY_JOBS_AT", "%q is not a time of day like 05:00", dailyAt)
	} else {
		n.DailyAt = time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute
	}
	if d, err := time.ParseDuration(jobsInterval); err != nil || d < 10*time.Millisecond || d > time.Hour {
		bad("IDEENWERK_JOBS_INTERVAL", "%q is not a duration from 10ms to 1h like 1m", jobsInterval)
	} else {
		n.JobsInterval = d
	}
	if d, err := time.ParseDuration(mailMaxAge); err != nil || d < time.Minute {
		bad("IDEENWERK_MAIL_MAX_AGE", "%q is not a duration of at least 1m like 72h", mailMaxAge)
	} else {
		n.MailMaxAge = d
	}
}
