package oidc

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// The login flow against a real provider is tested through the API in
// internal/httpapi/oidc_test.go; these tests pin the pure parts.

func TestOIDCStateSealing(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	s, err := newSealer(DeriveStateKey([]byte("deployment secret")))
	if err != nil {
		t.Fatal(err)
	}
	st := &loginState{State: "state-1", Nonce: "nonce-1", Verifier: "verifier-1", TenantID: "t1",
		RedirectURI: "https://ideen.stadt.example/api/v1/auth/oidc/callback", Expires: now.Add(StateTTL).Unix()}
	sealed, err := s.seal(st)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"state-1", "nonce-1", "verifier-1", "ideen.stadt.example"} {
		if strings.Contains(sealed, secret) || strings.Contains(sealed, base64.RawURLEncoding.EncodeToString([]byte(secret))) {
			t.Fatalf("sealed state shows %q", secret)
		}
	}

	t.Run("OK", func(t *testing.T) {
		got, err := s.open(sealed, "state-1", now)
		if err != nil || *got != *st {
			t.Fatalf("open: %+v, %v", got, err)
		}
	})
	t.Run("ErrOtherState", func(t *testing.T) {
		if _, err := s.open(sealed, "state-2", now); err == nil {
			t.Fatal("opened under another state")
		}
	})
	t.Run("ErrTampered", func(t *testing.T) {
		raw, _ := base64.RawURLEncoding.DecodeString(sealed)
		for i := range raw {
			bad := slices.Clone(raw)
			bad[i] ^= 0x80
			if _, err := s.open(base64.RawURLEncoding.EncodeToString(bad), "state-1", now); err == nil {
				t.Fatalf("opened with byte %d flipped", i)
			}
		}
		for _, v := range []string{"", "not base64!", "AAAA"} {
			if _, err := s.open(v, "state-1", now); err == nil {
				t.Fatalf("opened %q", v)
			}
		}
	})
	t.Run("ErrOtherKey", func(t *testing.T) {
		other, _ := newSealer(DeriveStateKey([]byte("another deployment")))
		if _, err := other.open(sealed, "state-1", now); err == nil {
			t.Fatal("opened with another key")
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		if _, err := s.open(sealed, "state-1", now.Add(StateTTL+time.Second)); err == nil {
			t.Fatal("opened after expiry")
		}
	})
	t.Run("CookieNamePerState", func(t *testing.T) {
		a, b := StateCookieName("state-1"), StateCookieName("state-2")
		if a == b || !strings.HasPrefix(a, StateCookiePrefix) || strings.Contains(a, "state") {
			t.Fatalf("cookie names %q, %q", a, b)
		}
	})
}

func TestOIDCGroupMapping(t *testing.T) {
	rules := []GroupRule{
		{Group: "ideenwerk-cdo", Role: domain.RoleCDO},
		{Group: "ideenwerk-review", Role: domain.RoleReviewer},
		{Group: "amt-32", DepartmentCode: "32"},
		{Group: "amt-66", DepartmentCode: "66"},
	}
	E, R, C, A, Z := domain.RoleEmployee, domain.RoleReviewer, domain.RoleCDO, domain.RoleAdmin, domain.RoleCitizen
	for _, tc := range []struct {
		name     string
		groups   []string
		current  []domain.Role
		want     []domain.Role
		wantDept string
	}{
		{"NoGroupsIsEmployee", nil, nil, []domain.Role{E}, ""},
		{"MappedRolesAndDepartment", []string{"ideenwerk-review", "amt-66", "ideenwerk-cdo"}, nil, []domain.Role{E, R, C}, "66"},
		{"KeycloakGroupPath", []string{"/ideenwerk-cdo", "/amt-32"}, nil, []domain.Role{E, C}, "32"},
		{"FirstDepartmentRuleWins", []string{"amt-66", "amt-32"}, nil, []domain.Role{E}, "32"},
		{"ManagedRoleRemoved", []string{"ideenwerk-review"}, []domain.Role{E, C}, []domain.Role{E, R}, ""},
		{"UnmanagedRoleKept", nil, []domain.Role{E, A}, []domain.Role{E, A}, ""},
		{"CitizenDropped", nil, []domain.Role{Z}, []domain.Role{E}, ""},
		{"UnknownGroupsIgnored", []string{"ideenwerk-cdo-old", "cdo"}, nil, []domain.Role{E}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := mapGroups(rules, tc.groups)
			if got := applyRoles(tc.current, m); !slices.Equal(got, tc.want) {
				t.Errorf("roles %v, want %v", got, tc.want)
			}
			if m.departmentCode != tc.wantDept {
				t.Errorf("department %q, want %q", m.departmentCode, tc.wantDept)
			}
		})
	}
}

func TestOIDCClaims(t *testing.T) {
	t.Run("KeycloakRealmRoles", func(t *testing.T) {
		claims := map[string]any{
			"email": "a@stadt.example", "email_verified": "true", "given_name": "Anna", "family_name": "Amt",
			"realm_access": map[string]any{"roles": []any{"ideenwerk-cdo", "offline_access"}},
		}
		id := identityFromClaims("https://login.example/realms/s", "sub-1", claims, "realm_access.roles")
		if id.Subject != "https://login.example/realms/s|sub-1" || !id.EmailVerified || id.Name != "Anna Amt" ||
			!slices.Equal(id.Groups, []string{"ideenwerk-cdo", "offline_access"}) {
			t.Fatalf("identity %+v", id)
		}
	})
	t.Run("URLClaimNameAndStringGroups", func(t *testing.T) {
		claims := map[string]any{"https://stadt.example/groups": "a, b c", "preferred_username": "bb"}
		id := identityFromClaims("i", "s", claims, "https://stadt.example/groups")
		if !slices.Equal(id.Groups, []string{"a", "b", "c"}) || id.Name != "bb" || id.EmailVerified {
			t.Fatalf("identity %+v", id)
		}
	})
	t.Run("DisplayNameShaped", func(t *testing.T) {
		for _, tc := range []struct {
			claims map[string]any
			want   string
		}{
			{map[string]any{"name": "  Maria \n Muster "}, "Maria Muster"},
			{map[string]any{"name": strings.Repeat("x", 100)}, strings.Repeat("x", 80)},
			{map[string]any{"email": "q@stadt.example"}, "q_"},
			{map[string]any{"name": "", "preferred_username": ""}, "__"},
		} {
			if got := displayName(tc.claims, str(tc.claims["email"])); got != tc.want {
				t.Errorf("displayName(%v) = %q, want %q", tc.claims, got, tc.want)
			}
		}
	})
}

func TestOIDCReturnTo(t *testing.T) {
	for in, want := range map[string]string{
		"/ideas/42":                    "/ideas/42",
		"/ideas?stage=pilot&page=2":    "/ideas?stage=pilot&page=2",
		"":                             "",
		"//evil.example/x":             "",
		"/\\evil.example":              "",
		"https://evil.example":         "",
		"/api/v1/auth/logout":          "",
		"javascript:alert(1)":          "",
		"/" + strings.Repeat("a", 300): "",
	} {
		if got := CleanReturnTo(in); got != want {
			t.Errorf("CleanReturnTo(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOIDCLocalLoginPolicy(t *testing.T) {
	s, err := New(Config{Issuer: "https://login.example", ClientID: "c", StateKey: make([]byte, 32),
		StaffDomains: []string{"stadt.example"}, LocalLoginStaff: false}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.LocalLoginAllowed("maria@stadt.example") || !s.LocalLoginAllowed("maria@buerger.example") ||
		!s.LocalLoginAllowed("maria@sub.stadt.example") || !s.IsStaffEmail("Maria@Stadt.Example") {
		t.Fatal("staff-domain policy wrong")
	}
	if _, err := New(Config{Issuer: "https://login.example", ClientID: "c", StateKey: []byte("short")}, nil); err == nil {
		t.Fatal("accepted a short state key")
	}
}
