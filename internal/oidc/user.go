package oidc

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// GroupRule maps one provider group to a role or to a department (by its code).
type GroupRule struct {
	Group          string
	Role           domain.Role
	DepartmentCode string
}

// mapping is the outcome of the group rules for one login.
type mapping struct {
	roles          []domain.Role // mapped roles, employee first
	managed        []domain.Role // roles the rules can grant, and so also take away
	departmentCode string        // first matching department rule, "" for none
}

// mapGroups applies the rules to the user's groups. Groups match exactly or without the
// leading slash Keycloak puts before full group paths.
func mapGroups(rules []GroupRule, groups []string) mapping {
	has := make(map[string]bool, len(groups))
	for _, g := range groups {
		has[g] = true
		has[strings.TrimPrefix(g, "/")] = true
	}
	m := mapping{roles: []domain.Role{domain.RoleEmployee}}
	for _, r := range rules {
		if r.Role != "" && !slices.Contains(m.managed, r.Role) {
			m.managed = append(m.managed, r.Role)
		}
		if !has[r.Group] {
			continue
		}
		switch {
		case r.Role != "" && !slices.Contains(m.roles, r.Role):
			m.roles = append(m.roles, r.Role)
		case r.DepartmentCode != "" && m.departmentCode == "":
			m.departmentCode = r.DepartmentCode
		}
	}
	return m
}

// applyRoles returns the roles of a staff user after a login: the provider decides the
// roles its rules can grant (present iff a mapped group is present), roles granted inside
// Ideenwerk that no rule manages (an admin set by hand) stay, employee is always held, and
// citizen goes: the login proved a staff identity. The order is domain.AllRoles.
func applyRoles(current []domain.Role, m mapping) []domain.Role {
	var out []domain.Role
	for _, r := range domain.AllRoles {
		switch {
		case r == domain.RoleCitizen:
		case slices.Contains(m.roles, r):
			out = append(out, r)
		case slices.Contains(current, r) && !slices.Contains(m.managed, r):
			out = append(out, r)
		}
	}
	return out
}

// findDepartmentID returns the ID of the tenant's department with code, or "" when the
// tenant has none (the mapping names departments of the whole deployment; not every
// municipality has every office).
func (s *Service) findDepartmentID(ctx context.Context, code string) (string, error) {
	if code == "" {
		return "", nil
	}
	ds, err := s.store.FindDepartments(ctx)
	if err != nil {
		return "", err
	}
	for _, d := range ds {
		if d.Code == code {
			return d.ID, nil
		}
	}
	s.logger.WarnContext(ctx, "oidc group map names a department code this tenant does not have", "code", code)
	return "", nil
}

// userFor finds, links or creates the staff user of a verified identity in the context's
// tenant and brings name, roles and department up to date.
//
// Accounts are found by e-mail, the tenant's natural key for users. An account found that
// way is taken over only if it is not linked to another identity, and only if the address is
// trustworthy: verified by the provider, or in a domain the provider is authoritative for.
// Otherwise anybody able to choose an e-mail address at the provider could sign in as the
// owner of that address here.
func (s *Service) userFor(ctx context.Context, id identity) (*domain.User, error) {
	email, err := domain.NormalizeEmail(id.Email)
	if err != nil {
		return nil, &Error{Reason: ReasonEmail, Err: fmt.Errorf("the ID token has no usable e-mail address (%q)", id.Email)}
	}
	trusted := id.EmailVerified || s.IsStaffEmail(email)
	m := mapGroups(s.cfg.GroupMap, id.Groups)
	deptID, err := s.findDepartmentID(ctx, m.departmentCode)
	if err != nil {
		return nil, &Error{Reason: ReasonInternal, Err: err}
	}
	for attempt := range 8 {
		if attempt > 0 {
			// A parallel first login holds the e-mail key while it writes the user: give it
			// a moment to finish before looking again.
			time.Sleep(time.Duration(attempt) * 15 * time.Millisecond)
		}
		u, err := s.store.FindUserByEmail(ctx, email)
		switch domain.ErrorCode(err) {
		case domain.ENOTFOUND:
			if !trusted {
				return nil, &Error{Reason: ReasonEmail, Err: fmt.Errorf("e-mail %s is not verified by the provider and not in a staff domain", email)}
			}
			u = &domain.User{
				Email: email, DisplayName: id.Name, Roles: applyRoles(nil, m), DepartmentID: deptID,
				Status: domain.UserActive, Locale: domain.LocaleDE, OIDCSubject: id.Subject,
			}
			err = s.store.CreateUser(ctx, u)
			if domain.ErrorCode(err) == domain.ECONFLICT {
				continue // a parallel first login created it: link to that one
			}
			if err != nil {
				return nil, &Error{Reason: ReasonInternal, Err: err}
			}
			s.logger.InfoContext(ctx, "staff user created by single sign-on", "user", u.ID, "roles", u.Roles)
			return u, nil
		case "":
		default:
			return nil, &Error{Reason: ReasonInternal, Err: err}
		}

		if u.OIDCSubject != "" && u.OIDCSubject != id.Subject {
			return nil, &Error{Reason: ReasonConflict, Err: fmt.Errorf("account %s is linked to another identity", u.ID)}
		}
		switch u.Status {
		case domain.UserDeactivated, domain.UserDeleted:
			return nil, &Error{Reason: ReasonDenied, Err: fmt.Errorf("account %s is %s", u.ID, u.Status)}
		}
		linking := u.OIDCSubject == ""
		if linking && !trusted {
			return nil, &Error{Reason: ReasonEmail, Err: fmt.Errorf("not linking account %s: e-mail not verified by the provider", u.ID)}
		}
		before := *u
		before.Roles = slices.Clone(u.Roles)
		u.OIDCSubject = id.Subject
		u.DisplayName = id.Name
		u.Roles = applyRoles(u.Roles, m)
		if deptID != "" {
			u.DepartmentID = deptID
		}
		if u.Status == domain.UserUnverified {
			// Nobody ever proved control of this mailbox for the local account, so its password
			// may belong to someone who registered the address in advance: drop it.
			u.Status, u.PasswordHash = domain.UserActive, ""
		}
		if sameUser(&before, u) {
			return u, nil
		}
		err = s.store.UpdateUser(ctx, u)
		if domain.ErrorCode(err) == domain.EPRECONDITIONFAILED {
			continue
		}
		if err != nil {
			return nil, &Error{Reason: ReasonInternal, Err: err}
		}
		if linking {
			s.logger.InfoContext(ctx, "account linked to single sign-on", "user", u.ID)
		}
		return u, nil
	}
	return nil, &Error{Reason: ReasonInternal, Err: fmt.Errorf("user %s kept changing during sign-in", email)}
}

func sameUser(a, b *domain.User) bool {
	return a.OIDCSubject == b.OIDCSubject && a.DisplayName == b.DisplayName && slices.Equal(a.Roles, b.Roles) &&
		a.DepartmentID == b.DepartmentID && a.Status == b.Status && a.PasswordHash == b.PasswordHash
}
