// Package demo seeds a newcomer's database: the tenant "Stadt Münster", a dozen real
// departments (Ämter) and one user per role, so every part of the product can be tried at once.
package demo

import (
	"context"
	"fmt"

	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Store is what seeding needs.
type Store interface {
	domain.TenantStore
	domain.UserStore
	domain.DepartmentStore
}

// TenantSlug is the demo tenant's slug.
const TenantSlug = "muenster"

// Departments of a German city administration (codes after the KGSt scheme as used in Münster).
var Departments = []struct{ Code, Name string }{
	{"10", "Amt für Personal, Organisation und Digitalisierung"},
	{"11", "Presse- und Informationsamt"},
	{"20", "Kämmerei"},
	{"32", "Ordnungsamt"},
	{"33", "Bürgeramt"},
	{"37", "Feuerwehr"},
	{"40", "Amt für Schule und Weiterbildung"},
	{"51", "Amt für Kinder, Jugendliche und Familien"},
	{"61", "Stadtplanungsamt"},
	{"66", "Amt für Mobilität und Tiefbau"},
	{"67", "Grünflächenamt"},
	{"70", "Abfallwirtschaftsbetriebe"},
}

// Users are the demo accounts, one per role (two reviewers for the blind review).
var Users = []struct {
	Email, Name string
	Roles       []domain.Role
	Department  string
}{
	{"admin@ideenwerk.example", "Anna Admin", []domain.Role{domain.RoleEmployee, domain.RoleAdmin}, "10"},
	{"cdo@ideenwerk.example", "Clara Digital (CDO)", []domain.Role{domain.RoleEmployee, domain.RoleCDO}, "10"},
	{"reviewer@ideenwerk.example", "Robert Prüfer", []domain.Role{domain.RoleEmployee, domain.RoleReviewer}, "20"},
	{"reviewer2@ideenwerk.example", "Rita Gutachterin", []domain.Role{domain.RoleEmployee, domain.RoleReviewer}, "66"},
	{"employee@ideenwerk.example", "Erik Mitarbeiter", []domain.Role{domain.RoleEmployee}, "33"},
	{"citizen@ideenwerk.example", "Cem Bürger", []domain.Role{domain.RoleCitizen}, ""},
}

// Result reports what Seed did.
type Result struct {
	Tenant *domain.Tenant
	Seeded bool
	// Users maps the demo e-mail addresses to user IDs.
	Users map[string]string
	// Departments maps department codes to IDs.
	Departments map[string]string
}

// Seed creates the demo tenant if missing and, if it has no users yet, its departments and
// users with password, ideas and funnel; the neighbour's reuse profile is added whenever it
// is missing from the shared catalogue. It is safe to call on every start.
func Seed(ctx context.Context, s Store, password string) (*Result, error) {
	t, err := s.FindTenantBySlug(ctx, TenantSlug)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		t = &domain.Tenant{
			Slug: TenantSlug, Name: "Stadt Münster",
			Branding: domain.Branding{
				PrimaryColor: "#005ca9", ContactEmail: "innovation@ideenwerk.example",
				ImprintURL: "https://www.stadt-muenster.de/impressum", PrivacyURL: "https://www.stadt-muenster.de/datenschutz",
			},
		}
		err = s.CreateTenant(ctx, t)
	}
	if err != nil {
		return nil, fmt.Errorf("demo tenant: %w", err)
	}
	ctx = domain.WithTenant(ctx, t)
	res := &Result{Tenant: t, Users: map[string]string{}, Departments: map[string]string{}}
	n, err := s.CountUsers(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		// Demo databases seeded before the neighbour's profile existed get it now.
		return res, SeedNeighbourProfile(ctx, s)
	}
	for _, d := range Departments {
		dep := &domain.Department{Code: d.Code, Name: d.Name, Active: true}
		if err := s.CreateDepartment(ctx, dep); err != nil {
			return nil, fmt.Errorf("demo department %s: %w", d.Code, err)
		}
		res.Departments[d.Code] = dep.ID
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	for _, du := range Users {
		u := &domain.User{
			Email: du.Email, DisplayName: du.Name, Roles: du.Roles, DepartmentID: res.Departments[du.Department],
			Status: domain.UserActive, Locale: domain.LocaleDE, PasswordHash: hash,
		}
		if err := s.CreateUser(ctx, u); err != nil {
			return nil, fmt.Errorf("demo user %s: %w", du.Email, err)
		}
		res.Users[du.Email] = u.ID
	}
	if err := SeedIdeas(ctx, s, res); err != nil {
		return nil, err
	}
	if err := SeedFunnel(ctx, s, res); err != nil {
		return nil, err
	}
	if err := SeedNeighbourProfile(ctx, s); err != nil {
		return nil, err
	}
	res.Seeded = true
	return res, nil
}

// Clone returns a deep copy (tests share one seeded template and must not share its maps).
func (r *Result) Clone() *Result {
	t := *r.Tenant
	t.Hosts = append([]string(nil), r.Tenant.Hosts...)
	c := &Result{Tenant: &t, Seeded: r.Seeded, Users: map[string]string{}, Departments: map[string]string{}}
	for k, v := range r.Users {
		c.Users[k] = v
	}
	for k, v := range r.Departments {
		c.Departments[k] = v
	}
	return c
}
