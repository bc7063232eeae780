package httpapi

import (
	"fmt"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Response types: what the API shows of the domain. Storage types never leave
// internal/mongo, and domain types are never serialised directly.

type userResponse struct {
	ID           string        `json:"id"`
	Email        string        `json:"email,omitempty"`
	DisplayName  string        `json:"displayName"`
	Roles        []domain.Role `json:"roles"`
	DepartmentID *string       `json:"departmentId"`
	Status       string        `json:"status"`
	Locale       string        `json:"locale"`
	SSO          bool          `json:"sso"`
	CreatedAt    time.Time     `json:"createdAt"`
	UpdatedAt    time.Time     `json:"updatedAt"`
	// Version is what If-Match of PATCH /users/{id} compares.
	Version int64 `json:"version"`
	// NotificationPreferences, like the e-mail, only to the user themselves and admins.
	NotificationPreferences map[domain.EventType]channelPrefsResponse `json:"notificationPreferences,omitempty"`
}

// toUser shows a user to themselves or an admin (with e-mail). E-mail addresses are never
// shown to other users.
func toUser(u *domain.User, withEmail bool) userResponse {
	r := userResponse{
		ID: u.ID, DisplayName: u.DisplayName, Roles: u.Roles, DepartmentID: optString(u.DepartmentID),
		Status: string(u.Status), Locale: u.Locale, SSO: u.OIDCSubject != "",
		CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt, Version: u.Version,
	}
	if r.Roles == nil {
		r.Roles = []domain.Role{}
	}
	if withEmail {
		r.Email = u.Email
		r.NotificationPreferences = toPreferences(u.NotificationPreferences)
	}
	return r
}

type sessionResponse struct {
	AccessToken string       `json:"accessToken"`
	TokenType   string       `json:"tokenType"`
	ExpiresIn   int          `json:"expiresIn"`
	User        userResponse `json:"user"`
}

type departmentResponse struct {
	ID        string    `json:"id"`
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int64     `json:"version"`
}

func toDepartment(d *domain.Department) departmentResponse {
	return departmentResponse{ID: d.ID, Code: d.Code, Name: d.Name, Active: d.Active, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, Version: d.Version}
}

type brandingResponse struct {
	PrimaryColor string `json:"primaryColor"`
	LogoURL      string `json:"logoUrl"`
	ContactEmail string `json:"contactEmail"`
	ImprintURL   string `json:"imprintUrl"`
	PrivacyURL   string `json:"privacyUrl"`
}

type tenantResponse struct {
	ID       string           `json:"id"`
	Slug     string           `json:"slug"`
	Name     string           `json:"name"`
	Branding brandingResponse `json:"branding"`
	// Features tells the SPA what this deployment offers (e.g. "oidc").
	Features []string `json:"features"`
	// Version is what If-Match of PATCH /tenant compares.
	Version int64 `json:"version"`
}

type listResponse[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"nextCursor"`
	Total      int     `json:"total"`
}

func newList[T any](items []T, next string, total int) listResponse[T] {
	if items == nil {
		items = []T{}
	}
	return listResponse[T]{Items: items, NextCursor: optString(next), Total: total}
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func etag(version int64) string { return fmt.Sprintf(`"v%d"`, version) }
