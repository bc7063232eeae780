package domain

import (
	"context"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Tenant is a municipality or organisation served by the deployment. It owns its users,
// departments, campaigns, criteria, ideas, settings and branding.
type Tenant struct {
	ID       string
	Slug     string
	Name     string
	Hosts    []string
	Branding Branding
	// Version counts the changes (UpdateTenant compares it); 0 for a tenant never changed.
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Branding is what a tenant shows of itself in the SPA and in e-mails.
type Branding struct {
	PrimaryColor string
	LogoURL      string
	ContactEmail string
	ImprintURL   string
	PrivacyURL   string
}

var slugRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)
var colorRe = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// NormalizeHost lower-cases a host and strips a port, so "Muenster.example:8080" maps like
// "muenster.example".
func NormalizeHost(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	return strings.TrimSuffix(h, ".")
}

// TenantBaseURL is the public address of the SPA for tenant t, for links in e-mails and
// webhook payloads: base (IDEENWERK_BASE_URL) when t has no host names of its own (it is
// served at every host, like a single city's) or base names one of them; otherwise t's
// first host name with base's scheme, port and path, so a link leads to t's site.
func TenantBaseURL(base string, t *Tenant) string {
	base = strings.TrimRight(base, "/")
	if t == nil || len(t.Hosts) == 0 {
		return base
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || slices.Contains(t.Hosts, NormalizeHost(u.Host)) {
		return base
	}
	host := t.Hosts[0]
	if p := u.Port(); p != "" {
		host = net.JoinHostPort(host, p)
	}
	u.Host = host
	return strings.TrimRight(u.String(), "/")
}

// Validate checks a tenant's invariants.
func (t *Tenant) Validate() error {
	if !slugRe.MatchString(t.Slug) {
		return Invalid("slug", "slug must be 2–63 lower-case letters, digits or dashes")
	}
	if n := len([]rune(strings.TrimSpace(t.Name))); n < 2 || n > 120 {
		return Invalid("name", "name must be 2–120 characters")
	}
	if t.Branding.PrimaryColor != "" && !colorRe.MatchString(t.Branding.PrimaryColor) {
		return InvalidFor("primaryColor", RColourFormat, "colour must look like #005ca9")
	}
	for i, h := range t.Hosts {
		t.Hosts[i] = NormalizeHost(h)
		if t.Hosts[i] == "" {
			return Invalid("hosts", "hosts must not be empty")
		}
	}
	return nil
}

// TenantStore persists tenants. Tenants are deployment-wide, so these methods do not
// scope by the context's tenant.
type TenantStore interface {
	// CreateTenant stores a new tenant; ECONFLICT if the slug or a host is taken.
	CreateTenant(ctx context.Context, t *Tenant) error
	// UpdateTenant replaces a tenant's name, hosts and branding; ENOTFOUND, ECONFLICT.
	UpdateTenant(ctx context.Context, t *Tenant) error
	// FindTenants lists all tenants, oldest first.
	FindTenants(ctx context.Context) ([]*Tenant, error)
	// FindTenantBySlug returns one tenant; ENOTFOUND.
	FindTenantBySlug(ctx context.Context, slug string) (*Tenant, error)
}
