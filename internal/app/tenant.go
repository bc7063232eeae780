package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/config"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
)

const tenantUsage = `usage: ideenwerk tenant <command> [flags]

  create -slug S -name N [-hosts h1,h2] [-color #005ca9] [-contact addr] [-admin-email addr [-admin-name N]]
  update -slug S [-name N] [-hosts h1,h2] [-color C] [-contact addr]
  admin  -slug S -admin-email addr [-admin-name N]   make someone the tenant's administrator
  list

The store is the one IDEENWERK_MONGODB_URI or IDEENWERK_DATA_DIR names. An administrator
created here signs in with a password shown once (IDEENWERK_ADMIN_PASSWORD sets it instead)
and should change it under "Mein Konto".
`

// tenantCmd manages tenants: create, list, update, admin.
func tenantCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(tenantUsage)
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, tenantUsage)
		return nil
	case "create", "update", "admin", "list":
	default:
		return fmt.Errorf("unknown tenant command %q\n\n%s", sub, tenantUsage)
	}
	fs := flag.NewFlagSet("ideenwerk tenant "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	// Each subcommand takes its own flags only (its -h lists them; others are refused).
	takes := map[string]string{
		"create": "slug name hosts color contact admin-email admin-name",
		"update": "slug name hosts color contact",
		"admin":  "slug admin-email admin-name",
		"list":   "",
	}[sub]
	str := func(name, value, usage string) *string {
		if !slices.Contains(strings.Fields(takes), name) {
			return &value
		}
		return fs.String(name, value, usage)
	}
	slug := str("slug", "", "tenant slug (e.g. muenster)")
	name := str("name", "", "display name (e.g. Stadt Münster)")
	hosts := str("hosts", "", "comma-separated host names served for this tenant")
	color := str("color", "", "primary colour, e.g. #005ca9")
	contact := str("contact", "", "contact e-mail address shown on the site")
	adminEmail := str("admin-email", "", "e-mail address of the tenant's administrator (created, or given the admin role)")
	adminName := str("admin-name", "Administration", "display name of a new administrator")
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // the flags were printed
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	hostList, err := checkHosts(*hosts)
	if err != nil {
		return err
	}
	// The store flags are read from the environment only (IDEENWERK_MONGODB_URI, _DATA_DIR).
	cfg, err := config.Load(nil, getenv, stderr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, _, stop, err := openStore(ctx, cfg, logger, false)
	if err != nil {
		return err
	}
	defer stop()
	if err := db.EnsureIndexes(ctx); err != nil {
		return err
	}
	switch sub {
	case "list":
		return listTenants(ctx, db, stdout)
	case "create":
		t := &domain.Tenant{Slug: *slug, Name: *name, Hosts: hostList,
			Branding: domain.Branding{PrimaryColor: *color, ContactEmail: *contact}}
		if err := db.CreateTenant(ctx, t); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created tenant %s (%s)\n", t.Slug, t.ID)
		if *adminEmail != "" {
			return tenantAdmin(ctx, db, t, *adminEmail, *adminName, getenv, stdout)
		}
		return nil
	case "admin":
		t, err := findTenant(ctx, db, *slug)
		if err != nil {
			return err
		}
		if *adminEmail == "" {
			return errors.New("-admin-email is required")
		}
		return tenantAdmin(ctx, db, t, *adminEmail, *adminName, getenv, stdout)
	case "update":
		t, err := findTenant(ctx, db, *slug)
		if err != nil {
			return err
		}
		if *name != "" {
			t.Name = *name
		}
		if *hosts != "" {
			t.Hosts = hostList
		}
		if *color != "" {
			t.Branding.PrimaryColor = *color
		}
		if *contact != "" {
			t.Branding.ContactEmail = *contact
		}
		if err := db.UpdateTenant(ctx, t); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "updated tenant %s\n", t.Slug)
		return nil
	}
	return fmt.Errorf("unknown tenant command %q\n\n%s", sub, tenantUsage)
}

// tenantAdmin gives a tenant its administrator: an existing account of the address gets the
// admin role (and is confirmed); otherwise an active account is created with a password
// from IDEENWERK_ADMIN_PASSWORD or a generated one, printed once.
func tenantAdmin(ctx context.Context, db *mongo.DB, t *domain.Tenant, email, name string, getenv func(string) string, stdout io.Writer) error {
	ctx = domain.WithTenant(ctx, t)
	addr, err := domain.NormalizeEmail(email)
	if err != nil {
		return fmt.Errorf("-admin-email: %w", err)
	}
	u, err := db.FindUserByEmail(ctx, addr)
	switch {
	case err == nil:
		if !slices.Contains(u.Roles, domain.RoleAdmin) {
			u.Roles = append(u.Roles, domain.RoleAdmin)
		}
		if u.Status == domain.UserUnverified {
			u.Status = domain.UserActive
		}
		if err := db.UpdateUser(ctx, u); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s is an administrator of %s now (their password is unchanged)\n", addr, t.Slug)
		return nil
	case domain.ErrorCode(err) != domain.ENOTFOUND:
		return err
	}
	password := getenv("IDEENWERK_ADMIN_PASSWORD")
	generated := password == ""
	if generated {
		password = auth.NewSecret()[:20]
	} else if err := auth.NewPasswordPolicy().Check(password, addr, name); err != nil {
		return fmt.Errorf("IDEENWERK_ADMIN_PASSWORD: %w", err)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if n := len([]rune(strings.TrimSpace(name))); n < 2 || n > 80 {
		return errors.New("-admin-name must have 2 to 80 characters")
	}
	u = &domain.User{Email: addr, DisplayName: strings.TrimSpace(name), Roles: []domain.Role{domain.RoleEmployee, domain.RoleAdmin},
		Status: domain.UserActive, Locale: domain.LocaleDE, PasswordHash: hash}
	if err := db.CreateUser(ctx, u); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created administrator %s of %s\n", addr, t.Slug)
	if generated {
		fmt.Fprintf(stdout, "Password, shown only this once: %s\nChange it after signing in (Mein Konto).\n", password)
	}
	return nil
}

// checkHosts reads -hosts: host names (a port is ignored), no schemes, paths or spaces.
func checkHosts(s string) ([]string, error) {
	hosts := splitHosts(s)
	for _, h := range hosts {
		if strings.Contains(h, "://") || strings.ContainsAny(h, "/ ?#@:") || !hostRe.MatchString(strings.ToLower(strings.TrimSuffix(h, "."))) {
			return nil, fmt.Errorf("-hosts: %q is not a host name (write e.g. ideen.stadt.example, without https://, port or path)", h)
		}
	}
	return hosts, nil
}

// hostRe: a DNS name (letters, digits, dashes, dots; IDNs in their xn-- form) or an IPv4
// address.
var hostRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$`)

func listTenants(ctx context.Context, db *mongo.DB, w io.Writer) error {
	ts, err := db.FindTenants(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SLUG\tNAME\tHOSTS\tID")
	for _, t := range ts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Slug, t.Name, strings.Join(t.Hosts, ","), t.ID)
	}
	return tw.Flush()
}

func splitHosts(s string) []string {
	var out []string
	for _, h := range strings.Split(s, ",") {
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, h)
		}
	}
	return out
}

// findTenant finds the tenant a command names by its slug.
func findTenant(ctx context.Context, db *mongo.DB, slug string) (*domain.Tenant, error) {
	if slug == "" {
		return nil, errors.New("-slug is required ('ideenwerk tenant list' shows the tenants)")
	}
	t, err := db.FindTenantBySlug(ctx, slug)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, fmt.Errorf("there is no tenant with the slug %q ('ideenwerk tenant list' shows the tenants)", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("tenant %q: %w", slug, err)
	}
	return t, nil
}
