// Package config reads Ideenwerk's configuration from flags and IDEENWERK_* environment
// variables (flags win) and validates it with messages that say what to fix.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is the validated configuration of one server process.
type Config struct {
	Addr          string
	BaseURL       string
	DataDir       string
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

// Load parses args (without the program and subcommand names) and getenv into a Config.
func Load(args []string, getenv func(string) string, stderr io.Writer) (*Config, error) {
	var c Config
	var demo, strict, cors, shutdown, proxies string
	settings := []setting{
		{"addr", "IDEENWERK_ADDR", ":8080", "listen address", &c.Addr},
		{"base-url", "IDEENWERK_BASE_URL", "", "public URL of the SPA, used in e-mail links (default http://localhost<addr>)", &c.BaseURL},
		{"data-dir", "IDEENWERK_DATA_DIR", "./data", "directory of the embedded store and generated keys", &c.DataDir},
		{"mongodb-uri", "IDEENWERK_MONGODB_URI", "", "MongoDB URI; empty starts the embedded store", &c.MongoURI},
		{"database", "IDEENWERK_DATABASE", "ideenwerk", "database name", &c.Database},
		{"demo", "IDEENWERK_DEMO", "", "seed demo data into an empty database (default: on for the embedded store)", &demo},
		{"demo-password", "IDEENWERK_DEMO_PASSWORD", "", "password of the demo users (default: generated and printed once)", &c.DemoPassword},
		{"jwt-key-file", "IDEENWERK_JWT_KEY_FILE", "", "PEM Ed25519 private key for access tokens (default: generated into the data dir)", &c.JWTKeyFile},
		{"smtp-url", "IDEENWERK_SMTP_URL", "", "SMTP server, e.g. smtp://user:pass@host:587 (empty: mails are logged)", &c.SMTPURL},
		{"mail-from", "IDEENWERK_MAIL_FROM", "Ideenwerk <noreply@ideenwerk.example>", "sender address of e-mails", &c.MailFrom},
		{"log-format", "IDEENWERK_LOG_FORMAT", "text", "log format: text or json", &c.LogFormat},
		{"log-level", "IDEENWERK_LOG_LEVEL", "info", "log level: debug, info, warn, error", &c.LogLevel},
		{"default-tenant", "IDEENWERK_DEFAULT_TENANT", "", "slug of the tenant for unmapped hosts (default: the first tenant)", &c.DefaultTenant},
		{"strict-hosts", "IDEENWERK_STRICT_HOSTS", "false", "answer 404 for hosts that map to no tenant", &strict},
		{"cors-origins", "IDEENWERK_CORS_ORIGINS", "", "comma-separated origins allowed by CORS", &cors},
		{"shutdown-timeout", "IDEENWERK_SHUTDOWN_TIMEOUT", "15s", "how long in-flight requests may finish on shutdown", &shutdown},
		{"trusted-proxies", "IDEENWERK_TRUSTED_PROXIES", "", "comma-separated CIDRs of reverse proxies", &proxies},
	}
	fs := flag.NewFlagSet("ideenwerk serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, s := range settings {
		v := getenv(s.env)
		if v == "" {
			v = s.def
		}
		fs.StringVar(s.dst, s.name, v, fmt.Sprintf("%s (env %s)", s.usage, s.env))
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
	if len(errs) > 0 {
		return nil, fmt.Errorf("invalid configuration:\n  %w", errors.Join(errs...))
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
