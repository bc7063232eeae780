package config

import (
	"io"
	"slices"
	"strings"
	"testing"
)

func loadEnv(env map[string]string) (*Config, error) {
	return Load(nil, func(k string) string { return env[k] }, io.Discard)
}

func TestLoadOIDC(t *testing.T) {
	t.Run("OffByDefault", func(t *testing.T) {
		c, err := loadEnv(nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.OIDC.Enabled() || !c.OIDC.LocalLoginStaff {
			t.Fatalf("OIDC %+v", c.OIDC)
		}
	})
	t.Run("OK", func(t *testing.T) {
		c, err := loadEnv(map[string]string{
			"IDEENWERK_OIDC_ISSUER":        "https://login.stadt.example/realms/staff",
			"IDEENWERK_OIDC_CLIENT_ID":     "ideenwerk",
			"IDEENWERK_OIDC_CLIENT_SECRET": "s3cret",
			"IDEENWERK_OIDC_GROUP_MAP":     "ideenwerk-cdo=cdo, ideenwerk-review=reviewer,ideenwerk-cdo=admin,amt-32=department:32",
			"IDEENWERK_OIDC_STAFF_DOMAINS": "Stadt.example, @rathaus.stadt.example",
			"IDEENWERK_LOCAL_LOGIN_STAFF":  "false",
			"IDEENWERK_OIDC_SCOPES":        "profile,email groups",
		})
		if err != nil {
			t.Fatal(err)
		}
		o := c.OIDC
		want := []GroupRule{{Group: "ideenwerk-cdo", Role: "cdo"}, {Group: "ideenwerk-review", Role: "reviewer"},
			{Group: "ideenwerk-cdo", Role: "admin"}, {Group: "amt-32", DepartmentCode: "32"}}
		if !o.Enabled() || o.RolesClaim != "groups" || !slices.Equal(o.GroupMap, want) || o.LocalLoginStaff ||
			!slices.Equal(o.StaffDomains, []string{"stadt.example", "rathaus.stadt.example"}) ||
			!slices.Equal(o.Scopes, []string{"openid", "profile", "email", "groups"}) {
			t.Fatalf("OIDC %+v", o)
		}
	})
	t.Run("LocalHTTPIssuer", func(t *testing.T) {
		if _, err := loadEnv(map[string]string{"IDEENWERK_OIDC_ISSUER": "http://localhost:8081/realms/dev", "IDEENWERK_OIDC_CLIENT_ID": "x"}); err != nil {
			t.Fatal(err)
		}
	})
	for _, tc := range []struct {
		name string
		env  map[string]string
		want []string // every part must appear in the message
	}{
		{"ErrPlainHTTPIssuer", map[string]string{"IDEENWERK_OIDC_ISSUER": "http://login.stadt.example", "IDEENWERK_OIDC_CLIENT_ID": "x"},
			[]string{"IDEENWERK_OIDC_ISSUER", "https"}},
		{"ErrNoClientID", map[string]string{"IDEENWERK_OIDC_ISSUER": "https://login.stadt.example"},
			[]string{"IDEENWERK_OIDC_CLIENT_ID: must be set"}},
		{"ErrSettingsWithoutIssuer", map[string]string{"IDEENWERK_OIDC_CLIENT_ID": "x", "IDEENWERK_OIDC_GROUP_MAP": "a=cdo"},
			[]string{"IDEENWERK_OIDC_CLIENT_ID: is set but IDEENWERK_OIDC_ISSUER is not", "IDEENWERK_OIDC_GROUP_MAP: is set"}},
		{"ErrLocalLoginOffWithoutIssuer", map[string]string{"IDEENWERK_LOCAL_LOGIN_STAFF": "false"},
			[]string{"IDEENWERK_LOCAL_LOGIN_STAFF"}},
		{"ErrGroupMap", map[string]string{"IDEENWERK_OIDC_ISSUER": "https://l.example", "IDEENWERK_OIDC_CLIENT_ID": "x",
			"IDEENWERK_OIDC_GROUP_MAP": "noequals,a=citizen,b=superuser,c=department:"},
			[]string{`"noequals" must look like group=role`, `"citizen" is not one of the roles employee, reviewer, cdo, admin`, `"superuser"`, "department code"}},
		{"ErrStaffDomain", map[string]string{"IDEENWERK_OIDC_ISSUER": "https://l.example", "IDEENWERK_OIDC_CLIENT_ID": "x",
			"IDEENWERK_OIDC_STAFF_DOMAINS": "stadt example"},
			[]string{"IDEENWERK_OIDC_STAFF_DOMAINS", "stadt example"}},
		{"ErrLocalLoginOffWithoutDomains", map[string]string{"IDEENWERK_OIDC_ISSUER": "https://l.example", "IDEENWERK_OIDC_CLIENT_ID": "x",
			"IDEENWERK_LOCAL_LOGIN_STAFF": "false"},
			[]string{"IDEENWERK_LOCAL_LOGIN_STAFF: false needs IDEENWERK_OIDC_STAFF_DOMAINS"}},
		{"ErrLocalLoginNotBool", map[string]string{"IDEENWERK_OIDC_ISSUER": "https://l.example", "IDEENWERK_OIDC_CLIENT_ID": "x",
			"IDEENWERK_LOCAL_LOGIN_STAFF": "nein"},
			[]string{`IDEENWERK_LOCAL_LOGIN_STAFF: "nein" is not true or false`}},
		{"ErrRolesClaim", map[string]string{"IDEENWERK_OIDC_ISSUER": "https://l.example", "IDEENWERK_OIDC_CLIENT_ID": "x",
			"IDEENWERK_OIDC_ROLES_CLAIM": "realm_access..roles"},
			[]string{"IDEENWERK_OIDC_ROLES_CLAIM"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadEnv(tc.env)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message lacks %q:\n%v", w, err)
				}
			}
		})
	}
}
