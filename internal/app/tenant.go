package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"

	"github.com/ideenwerk/ideenwerk/internal/config"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
)

// tenantCmd manages tenants: create, list, update.
func tenantCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: ideenwerk tenant create|list|update [flags]")
	}
	sub, rest := args[0], args[1:]
	fs := flag.NewFlagSet("ideenwerk tenant "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	slug := fs.String("slug", "", "tenant slug (e.g. muenster)")
	name := fs.String("name", "", "display name (e.g. Stadt Münster)")
	hosts := fs.String("hosts", "", "comma-separated host names served for this tenant")
	color := fs.String("color", "", "primary colour, e.g. #005ca9")
	contact := fs.String("contact", "", "contact e-mail address shown on the site")
	if err := fs.Parse(rest); err != nil {
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
		t := &domain.Tenant{Slug: *slug, Name: *name, Hosts: splitHosts(*hosts),
			Branding: domain.Branding{PrimaryColor: *color, ContactEmail: *contact}}
		if err := db.CreateTenant(ctx, t); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created tenant %s (%s)\n", t.Slug, t.ID)
		return nil
	case "update":
		t, err := db.FindTenantBySlug(ctx, *slug)
		if err != nil {
			return fmt.Errorf("tenant %q: %w", *slug, err)
		}
		if *name != "" {
			t.Name = *name
		}
		if *hosts != "" {
			t.Hosts = splitHosts(*hosts)
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
	return fmt.Errorf("unknown tenant command %q (create, list, update)", sub)
}

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
