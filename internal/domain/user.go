package domain

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Role is what a user may do. A user holds one or more roles.
type Role string

// The roles of PRODUCT.md.
const (
	RoleCitizen  Role = "citizen"
	RoleEmployee Role = "employee"
	RoleReviewer Role = "reviewer"
	RoleCDO      Role = "cdo"
	RoleAdmin    Role = "admin"
)

// AllRoles lists every role in a stable order.
var AllRoles = []Role{RoleCitizen, RoleEmployee, RoleReviewer, RoleCDO, RoleAdmin}

// ValidRole reports whether r is a known role.
func ValidRole(r Role) bool { return slices.Contains(AllRoles, r) }

// UserStatus is the lifecycle state of an account.
type UserStatus string

// User statuses.
const (
	UserUnverified  UserStatus = "unverified"
	UserActive      UserStatus = "active"
	UserDeactivated UserStatus = "deactivated"
	UserDeleted     UserStatus = "deleted"
)

// Locales the product speaks.
const (
	LocaleDE = "de"
	LocaleEN = "en"
)

// User is an account of one tenant.
type User struct {
	ID           string
	TenantID     string
	Email        string
	DisplayName  string
	Roles        []Role
	DepartmentID string
	Status       UserStatus
	Locale       string
	PasswordHash string
	// OIDCSubject links the account to a staff identity ("issuer|sub").
	OIDCSubject string
	// FailedLogins counts consecutive failed password logins; LockedUntil is set when they
	// pass the threshold.
	FailedLogins int
	LockedUntil  time.Time
	// NotificationPreferences override the defaults per event type (see DefaultChannelPrefs).
	NotificationPreferences NotificationPreferences
	Version                 int64
	CreatedAt               time.Time
	UpdatedAt               time.Time
}

// Has reports whether the user holds role r.
func (u *User) Has(r Role) bool { return slices.Contains(u.Roles, r) }

// NormalizeEmail trims and lower-cases an address and checks its syntax. Addresses are
// unique per tenant, case-insensitively.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 || !strings.Contains(s[strings.IndexByte(s, '@'):], ".") {
		return "", Invalid("email", "must be a valid e-mail address")
	}
	return s, nil
}

// UserFilter selects users of the context's tenant.
type UserFilter struct {
	Role  Role
	Query string // substring of name or e-mail, case-insensitive
	// NameOnly matches Query against the display name only (the staff directory: an
	// address typed in must not reveal whether it has an account).
	NameOnly bool
	Status   UserStatus
	Limit    int
	Cursor   string
}

// UserStore persists users of the context's tenant.
type UserStore interface {
	// CreateUser stores a new user; ECONFLICT if the e-mail is taken in the tenant.
	CreateUser(ctx context.Context, u *User) error
	// FindUserByID returns a user of the tenant; ENOTFOUND.
	FindUserByID(ctx context.Context, id string) (*User, error)
	// FindUserByEmail returns a user by (normalised) e-mail; ENOTFOUND.
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// FindUsers lists users by filter with the total count.
	FindUsers(ctx context.Context, f UserFilter) ([]*User, string, int, error)
	// UpdateUser writes u if its Version still matches the stored one, then bumps
	// u.Version; EPRECONDITIONFAILED on a stale version, ENOTFOUND, ECONFLICT (e-mail).
	UpdateUser(ctx context.Context, u *User) error
	// RecordLoginFailure increments the failure counter and locks the account until
	// lockUntil once the counter reaches threshold. It returns the new counter.
	RecordLoginFailure(ctx context.Context, id string, threshold int, lockUntil time.Time) (int, error)
	// RecordLoginSuccess resets the failure counter.
	RecordLoginSuccess(ctx context.Context, id string) error
	// CountUsers counts the tenant's users.
	CountUsers(ctx context.Context) (int, error)
}

// Department is an office ("Amt") of the city administration.
type Department struct {
	ID        string
	TenantID  string
	Code      string
	Name      string
	Active    bool
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// DepartmentStore persists departments of the context's tenant.
type DepartmentStore interface {
	// CreateDepartment stores a department; ECONFLICT if its code is taken.
	CreateDepartment(ctx context.Context, d *Department) error
	// FindDepartmentByID returns a department; ENOTFOUND.
	FindDepartmentByID(ctx context.Context, id string) (*Department, error)
	// FindDepartments lists the tenant's departments ordered by code.
	FindDepartments(ctx context.Context) ([]*Department, error)
	// UpdateDepartment writes d guarded by its version; EPRECONDITIONFAILED, ENOTFOUND, ECONFLICT.
	UpdateDepartment(ctx context.Context, d *Department) error
}
