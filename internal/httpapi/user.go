package httpapi

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// handleListUsers lists users for admins; the cdo may list reviewers only (to assign them).
func (s *Server) handleListUsers(c *gin.Context) {
	a := actor(c)
	f := domain.UserFilter{Role: domain.Role(c.Query("role")), Query: c.Query("q"), Cursor: c.Query("cursor")}
	if f.Role != "" && !domain.ValidRole(f.Role) {
		s.fail(c, domain.Invalid("role", "must be one of: citizen, employee, reviewer, cdo, admin"))
		return
	}
	if len(f.Query) > 100 {
		s.fail(c, domain.Invalid("q", "must have at most 100 characters"))
		return
	}
	switch st := domain.UserStatus(c.Query("status")); st {
	case "":
	case domain.UserUnverified, domain.UserActive, domain.UserDeactivated, domain.UserDeleted:
		f.Status = st // the staff directory below lists active colleagues whatever is asked
	default:
		s.fail(c, domain.Invalid("status", "must be one of: unverified, active, deactivated, deleted"))
		return
	}
	switch {
	case a.Has(domain.RoleAdmin):
	case a.Has(domain.RoleCDO) && f.Role == domain.RoleReviewer:
	case f.Role == domain.RoleEmployee:
		// The staff directory, for choosing co-authors: active colleagues found by a part of
		// their name (at least two characters), never by address.
		if utf8.RuneCountInString(strings.TrimSpace(f.Query)) < 2 {
			s.fail(c, domain.Invalid("q", "must have at least 2 characters"))
			return
		}
		f.Query, f.NameOnly, f.Status = strings.TrimSpace(f.Query), true, domain.UserActive
	default:
		s.fail(c, domain.Errorf(domain.EFORBIDDEN, "you may list colleagues by name (role=employee&q=…); the CDO's office also reviewers (role=reviewer)"))
		return
	}
	limit, err := parseLimit(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f.Limit = limit
	us, next, total, err := s.Store.FindUsers(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]userResponse, len(us))
	for i, u := range us {
		out[i] = toUser(u, a.Has(domain.RoleAdmin))
	}
	c.JSON(http.StatusOK, newList(out, next, total))
}

// parseLimit reads ?limit= (1–100, default 20).
func parseLimit(c *gin.Context) (int, error) {
	s := c.Query("limit")
	if s == "" {
		return 20, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 100 {
		return 0, domain.Invalid("limit", "must be an integer from 1 to 100")
	}
	return n, nil
}

// parsePage reads a list's ?limit= and ?cursor= (opaque, at most 500 characters); on a bad
// value it has answered already.
func (s *Server) parsePage(c *gin.Context) (limit int, cursor string, ok bool) {
	limit, err := parseLimit(c)
	if err != nil {
		s.fail(c, err)
		return 0, "", false
	}
	cursor = c.Query("cursor")
	if len(cursor) > 500 {
		s.fail(c, domain.Invalid("cursor", "cursor is not valid; start again without it"))
		return 0, "", false
	}
	return limit, cursor, true
}

type patchUserRequest struct {
	DisplayName  *string        `json:"displayName" binding:"omitempty,min=2,max=80,line,nonblank"`
	Roles        *[]domain.Role `json:"roles" binding:"omitempty,min=1,max=5,unique,dive,oneof=citizen employee reviewer cdo admin"`
	DepartmentID *string        `json:"departmentId" binding:"omitempty,max=64,line"`
	Status       *string        `json:"status" binding:"omitempty,oneof=active deactivated"`
}

// handlePatchUser lets an admin change roles, department, name and status. An admin cannot
// take away their own admin role or deactivate themselves (so a tenant never loses its
// last admin by accident).
func (s *Server) handlePatchUser(c *gin.Context) {
	var req patchUserRequest
	if !s.bindJSON(c, &req) {
		return
	}
	ctx := c.Request.Context()
	u, err := s.Store.FindUserByID(ctx, c.Param("id"))
	if err != nil || u.Status == domain.UserDeleted {
		s.fail(c, domain.Errorf(domain.ENOTFOUND, "user not found"))
		return
	}
	if err := checkVersion(c, u.Version, false); err != nil {
		s.fail(c, err)
		return
	}
	self := u.ID == actor(c).UserID
	before := *u
	if req.DisplayName != nil {
		u.DisplayName = *req.DisplayName
	}
	if req.Roles != nil {
		if self && !slices.Contains(*req.Roles, domain.RoleAdmin) {
			s.fail(c, domain.InvalidFor("roles", domain.RSelfAdminRole, "you cannot remove your own admin role"))
			return
		}
		// The admin has no power over decisions: an admin cannot make themselves cdo (or
		// reviewer) — another admin has to, and the audit log shows who.
		if self && slices.ContainsFunc(*req.Roles, func(r domain.Role) bool { return !slices.Contains(u.Roles, r) }) {
			s.fail(c, &domain.Error{Code: domain.EFORBIDDEN, Reason: domain.RSelfGrantRole, Message: "you cannot give yourself another role",
				Fields: []domain.FieldError{{Field: "roles", Message: "cannot be extended by yourself"}}})
			return
		}
		u.Roles = *req.Roles
	}
	if req.DepartmentID != nil {
		if *req.DepartmentID != "" && *req.DepartmentID != u.DepartmentID {
			d, err := s.Store.FindDepartmentByID(ctx, *req.DepartmentID)
			if err != nil {
				s.fail(c, domain.InvalidFor("departmentId", domain.RNoSuchDepartment, "no such department"))
				return
			}
			if !d.Active {
				s.fail(c, domain.InvalidFor("departmentId", domain.RInactiveDepartment, "is not an active department of this municipality"))
				return
			}
		}
		u.DepartmentID = *req.DepartmentID
	}
	deactivate := false
	if req.Status != nil {
		if self && *req.Status == string(domain.UserDeactivated) {
			s.fail(c, domain.InvalidFor("status", domain.RSelfDeactivate, "you cannot deactivate yourself"))
			return
		}
		// Any account can be deactivated (an unverified one too: a spam sign-up is blocked
		// before it verifies); "active" on an unverified account verifies it by hand.
		deactivate = *req.Status == string(domain.UserDeactivated) && u.Status != domain.UserDeactivated
		u.Status = domain.UserStatus(*req.Status)
	}
	if err := s.Store.UpdateUser(ctx, u); err != nil {
		s.fail(c, err)
		return
	}
	s.forgetAccount(ctx, u.ID)
	if details := userChanges(&before, u); len(details) > 0 {
		s.auditEngagement(ctx, domain.NewAuditEntry(ctx, auditUserUpdate, "user", u.ID, details))
	}
	if deactivate {
		s.releaseAssignments(ctx, u.ID, domain.ReleasedDeactivated)
		if err := s.Accounts.LogoutEverywhere(ctx, u.ID); err != nil {
			s.fail(c, err)
			return
		}
	}
	c.Header("ETag", etag(u.Version))
	c.JSON(http.StatusOK, toUser(u, true))
}

// auditUserUpdate is the audit action of an admin's change to an account.
const auditUserUpdate = "user.update"

// userChanges names what an admin changed of an account, for the audit log: the roles and
// status before and after, the new department (IDs and names of roles only — no personal
// data), and whether the display name changed.
func userChanges(before, after *domain.User) map[string]string {
	d := map[string]string{}
	joined := func(rs []domain.Role) string {
		out := make([]string, len(rs))
		for n, r := range rs {
			out[n] = string(r)
		}
		return strings.Join(out, ",")
	}
	if !slices.Equal(before.Roles, after.Roles) {
		d["roles"], d["previousRoles"] = joined(after.Roles), joined(before.Roles)
	}
	if before.Status != after.Status {
		d["status"], d["previousStatus"] = string(after.Status), string(before.Status)
	}
	if before.DepartmentID != after.DepartmentID {
		d["departmentId"] = after.DepartmentID
	}
	if before.DisplayName != after.DisplayName {
		d["displayName"] = "changed"
	}
	return d
}

// handleResendVerification sends an unconfirmed account a new verification link (admin).
func (s *Server) handleResendVerification(c *gin.Context) {
	ctx := c.Request.Context()
	if _, err := s.Store.FindUserByID(ctx, c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.Accounts.ResendVerification(ctx, c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	s.auditEngagement(ctx, domain.NewAuditEntry(ctx, "user.resend_verification", "user", c.Param("id"), nil))
	c.Status(http.StatusAccepted)
}

// releaseAssignments ends the open review assignments of a deleted or deactivated account
// (domain.Funnel.ReleaseAssignments); a failure is logged, the account change stands.
func (s *Server) releaseAssignments(ctx context.Context, userID, reason string) {
	if s.Funnel == nil {
		return
	}
	if _, err := s.Funnel.ReleaseAssignments(ctx, userID, reason); err != nil {
		s.logger.ErrorContext(ctx, "release the review assignments of an account", "user", userID, "err", err)
	}
}
