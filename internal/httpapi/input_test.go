package httpapi_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
)

// Bad input gets a clear error, names the field, and changes nothing.
func TestBadBodies(t *testing.T) {
	env := apitest.New(t)
	admin := env.Login(apitest.Admin)
	json := http.Header{"Content-Type": {"application/json"}}
	cases := []struct {
		name   string
		req    apitest.Request
		status int
		code   string
		field  string
	}{
		{"Malformed", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: json, RawBody: []byte(`{"code": "99",`)}, 400, "invalid", ""},
		{"SyntaxError", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: json, RawBody: []byte(`{"code": 99 99}`)}, 400, "invalid", ""},
		{"Empty", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: json, RawBody: []byte(``)}, 400, "invalid", ""},
		{"NotAnObject", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: json, RawBody: []byte(`["a"]`)}, 400, "invalid", ""},
		{"TrailingData", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: json, RawBody: []byte(`{"code":"99","name":"Amt"} {}`)}, 400, "invalid", ""},
		{"UnknownField", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "99", "name": "Testamt", "tenantId": "x"}}, 400, "invalid", "tenantId"},
		{"WrongType", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": 99, "name": "Testamt"}}, 400, "invalid", "code"},
		{"MissingField", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "99"}}, 400, "invalid", "name"},
		{"Overlong", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "99", "name": strings.Repeat("ä", 121)}}, 400, "invalid", "name"},
		{"ControlCharacters", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "99", "name": "Amt\u0000für\u0007X"}}, 400, "invalid", "name"},
		{"NameInOtherCase", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: json, RawBody: []byte(`{"code":"99","Name":"Testamt"}`)}, 400, "invalid", "Name"},
		{"NameTwice", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: json, RawBody: []byte(`{"code":"99","name":"Testamt","name":"Evil"}`)}, 400, "invalid", "name"},
		{"Null", apitest.Request{Method: "PATCH", Path: "/tenant", Token: admin, Header: json, RawBody: []byte(`null`)}, 400, "invalid", ""},
		{"OnlyJoiners", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "99", "name": "\u200d\u200d\u200d"}}, 400, "invalid", "name"},
		{"OnlyFillers", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "99", "name": "\u3164\u2800\u00ad"}}, 400, "invalid", "name"},
		{"OnlySpaces", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "99", "name": "    "}}, 400, "invalid", "name"},
		{"DirectionOverride", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "99", "name": "Stadt\u202eretsnüM"}}, 400, "invalid", "name"},
		{"ZeroWidthSpace", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "99", "name": "Amt\u200bX"}}, 400, "invalid", "name"},
		{"LineSeparator", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "99", "name": "Amt\u2028X"}}, 400, "invalid", "name"},
		{"EmojiWithJoiner", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": "97", "name": "Amt für 👩\u200d💻 Digitales"}}, 201, "", ""},
		{"OperatorObject", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Body: map[string]any{"code": map[string]string{"$gt": ""}, "name": "Testamt"}}, 400, "invalid", "code"},
		{"NotUTF8", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: json, RawBody: []byte("{\"code\":\"99\",\"name\":\"Amt \xff\xfe\"}")}, 400, "invalid", ""},
		{"LoneHighSurrogate", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: json, RawBody: []byte(`{"code":"99","name":"Amt \ud800 X"}`)}, 400, "invalid", ""},
		{"LoneLowSurrogate", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: json, RawBody: []byte(`{"code":"99","name":"Amt \uDC00"}`)}, 400, "invalid", ""},
		{"HighSurrogateWithoutLow", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: json, RawBody: []byte(`{"code":"99","name":"Amt \ud83d\u0041"}`)}, 400, "invalid", ""},
		{"CompressedBody", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: http.Header{"Content-Type": {"application/json"}, "Content-Encoding": {"gzip"}}, RawBody: []byte(`{"code":"99","name":"Testamt"}`)}, 415, "unsupported_media_type", ""},
		{"WrongContentType", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: http.Header{"Content-Type": {"text/plain"}}, RawBody: []byte(`{"code":"99","name":"Testamt"}`)}, 415, "unsupported_media_type", ""},
		{"TooLarge", apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: json, RawBody: append(append([]byte(`{"code":"99","name":"`), bytes.Repeat([]byte("a"), 2<<20)...), []byte(`"}`)...)}, 413, "too_large", ""},
		{"TooLargeChunked", apitest.Request{Method: "POST", Path: "/auth/login", Header: json, RawBody: append(append([]byte(`{"email":"`), bytes.Repeat([]byte("a"), 2<<20)...), []byte(`"}`)...)}, 413, "too_large", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := env.Do(c.req)
			if r.Status != c.status || r.ErrorCode() != c.code {
				t.Fatalf("got %d %s, want %d %s", r.Status, r.Body, c.status, c.code)
			}
			if c.field != "" && !strings.Contains(string(r.Body), `"field":"`+c.field+`"`) {
				t.Fatalf("error does not name field %s: %s", c.field, r.Body)
			}
		})
	}
	// Nothing was created by any of them.
	r := env.Do(apitest.Request{Method: "GET", Path: "/departments"})
	if strings.Contains(string(r.Body), `"code":"99"`) {
		t.Fatalf("a bad request created a department: %s", r.Body)
	}
	// Escapes that are text stay text: a surrogate pair (an emoji), and a backslash before
	// "ud800" (the six characters, not an escape).
	name := "Amt \U0001F600 \\ud800"
	r = env.Do(apitest.Request{Method: "POST", Path: "/departments", Token: admin, Header: json, RawBody: []byte(`{"code":"98","name":"Amt \ud83d\ude00 \\ud800"}`)})
	if r.Status != http.StatusCreated || r.Map(t)["name"] != "Amt \U0001F600 \\ud800" {
		t.Fatalf("escaped text: %d %s (want name %q)", r.Status, r.Body, name)
	}
}

func TestHeadersAndErrors(t *testing.T) {
	env := apitest.New(t)
	r := env.Do(apitest.Request{Method: "GET", Path: "/tenant", Header: http.Header{"X-Request-Id": {"abc-123"}}})
	if r.Status != 200 || r.Header.Get("X-Request-ID") != "abc-123" {
		t.Fatalf("request ID not echoed: %d %q", r.Status, r.Header.Get("X-Request-ID"))
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"} {
		if r.Header.Get(h) == "" {
			t.Errorf("missing %s", h)
		}
	}
	if r := env.Do(apitest.Request{Method: "GET", Path: "/tenant", Header: http.Header{"X-Request-Id": {"bad id with spaces"}}}); r.Header.Get("X-Request-ID") == "" || strings.Contains(r.Header.Get("X-Request-ID"), " ") {
		t.Fatalf("bad request ID echoed: %q", r.Header.Get("X-Request-ID"))
	}
	if r := env.Do(apitest.Request{Method: "GET", Path: "/no-such-thing"}); r.Status != 404 || r.ErrorCode() != "not_found" {
		t.Fatalf("unknown API path: %d %s", r.Status, r.Body)
	}
	if r := env.Do(apitest.Request{Method: "GET", Path: "/ideas/some/deep/link", Root: true}); r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("SPA fallback: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	t.Run("CORS", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "OPTIONS", Path: "/api/v1/tenant", Header: http.Header{"Origin": {"https://evil.example"}, "Access-Control-Request-Method": {"GET"}}})
		if r.Status != http.StatusForbidden || r.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("foreign origin allowed: %d %q", r.Status, r.Header.Get("Access-Control-Allow-Origin"))
		}
	})
	t.Run("Metrics", func(t *testing.T) {
		r := env.Do(apitest.Request{Method: "GET", Path: "/metrics"})
		if r.Status != 200 || !strings.Contains(string(r.Body), `ideenwerk_http_requests_total{method="GET",route="/api/v1/tenant",status="200"}`) {
			t.Fatalf("metrics: %d %.400s", r.Status, r.Body)
		}
	})
	t.Run("Readyz", func(t *testing.T) {
		if r := env.Do(apitest.Request{Method: "GET", Path: "/readyz"}); r.Status != 200 {
			t.Fatalf("readyz: %d", r.Status)
		}
	})
}

// Passwords, tokens and e-mail addresses never appear in logs.
func TestLogsCarryNoSecrets(t *testing.T) {
	env := apitest.New(t)
	tok := env.Login(apitest.Employee)
	env.Do(apitest.Request{Method: "GET", Path: "/me", Token: tok})
	env.Do(apitest.Request{Method: "POST", Path: "/auth/login", Body: map[string]string{"email": apitest.Citizen, "password": "falsches-passwort-1"}})
	env.Do(apitest.Request{Method: "POST", Path: "/auth/password/forgot", Body: map[string]string{"email": apitest.Citizen}})
	env.Mail.WaitFor(t, apitest.Citizen, "Passwort", 10e9)
	logs := env.LogText()
	if !strings.Contains(logs, `"route":"/api/v1/me"`) {
		t.Fatalf("access log missing: %.500s", logs)
	}
	for _, secret := range []string{apitest.Password, "falsches-passwort-1", tok, apitest.Employee, apitest.Citizen, "ideenwerk_refresh="} {
		if strings.Contains(logs, secret) {
			t.Fatalf("logs contain %q", secret)
		}
	}
}

func TestAPIDocs(t *testing.T) {
	env := apitest.New(t)
	r := env.Do(apitest.Request{Method: "GET", Path: "/api/docs", Root: true})
	if r.Status != 200 || !strings.Contains(string(r.Body), "/auth/login") || !strings.Contains(string(r.Body), "<html") {
		t.Fatalf("docs: %d %.300s", r.Status, r.Body)
	}
	if spec := env.Do(apitest.Request{Method: "GET", Path: "/openapi.yaml"}); spec.Status != 200 || !strings.HasPrefix(string(spec.Body), "openapi: 3.1") {
		t.Fatalf("spec: %d", spec.Status)
	}
	for _, name := range []string{"reuse-profile.json", "open-data.json"} {
		r := env.Do(apitest.Request{Method: "GET", Path: "/schemas/" + name})
		if r.Status != 200 || !strings.Contains(string(r.Body), `"$schema"`) {
			t.Fatalf("schema %s: %d %.200s", name, r.Status, r.Body)
		}
	}
	if r := env.Do(apitest.Request{Method: "GET", Path: "/schemas/passwd"}); r.Status != 404 {
		t.Fatalf("unknown schema: %d", r.Status)
	}
}
