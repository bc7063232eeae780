package apitest

import (
	"net/http"
	"testing"
)

// The checker itself must catch drift, or every HTTP test would pass vacuously.
func TestValidateResponseCatchesDrift(t *testing.T) {
	req, _ := http.NewRequest("GET", "http://x/api/v1/me", nil)
	cases := map[string]*Response{
		"WrongType":       {Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"id":1}`)},
		"UnknownField":    {Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"id":"a","displayName":"x","roles":[],"departmentId":null,"status":"active","locale":"de","sso":false,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","password":"x"}`)},
		"ErrorNoEnvelope": {Status: 404, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"message":"x"}`)},
	}
	for name, resp := range cases {
		t.Run(name, func(t *testing.T) {
			if err := validateResponse(req, resp); err == nil {
				t.Fatal("drift not detected")
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		ok := &Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"id":"a","displayName":"x","roles":["citizen"],"departmentId":null,"status":"active","locale":"de","sso":false,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}`)}
		if err := validateResponse(req, ok); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("UndocumentedRoute", func(t *testing.T) {
		r, _ := http.NewRequest("GET", "http://x/api/v1/secret", nil)
		if err := validateResponse(r, &Response{Status: 200, Body: []byte(`{}`)}); err == nil {
			t.Fatal("undocumented route not detected")
		}
	})
}
