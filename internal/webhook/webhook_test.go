package webhook_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/webhook"
)

// TestClientRefusesLoopback: the check happens when connecting, after name resolution, so
// a name that resolves to a loopback address is refused as well as a literal one.
func TestClientRefusesLoopback(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }))
	defer srv.Close()
	port := srv.URL[strings.LastIndexByte(srv.URL, ':'):]
	for _, u := range []string{srv.URL, "http://localhost" + port} {
		resp, err := webhook.NewClient(false).Post(u, "application/json", strings.NewReader("{}"))
		if err == nil {
			resp.Body.Close()
			t.Fatalf("%s reached", u)
		}
		if !strings.Contains(err.Error(), "not allowed") {
			t.Fatalf("%s: %v", u, err)
		}
	}
	resp, err := webhook.NewClient(true).Post(srv.URL, "application/json", strings.NewReader("{}"))
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("allowed loopback: %v %v", resp, err)
	}
	resp.Body.Close()
}

// TestClientDoesNotFollowRedirects: a redirect is an answer that is not 2xx; following it
// could carry the signed body to another host.
func TestClientDoesNotFollowRedirects(t *testing.T) {
	hit := false
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit = true }))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL, http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	resp, err := webhook.NewClient(true).Post(srv.URL, "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect || hit {
		t.Fatalf("status %d, followed %v", resp.StatusCode, hit)
	}
}

func TestCheckURL(t *testing.T) {
	for u, ok := range map[string]bool{
		"https://tickets.stadt.example/hook": true, "http://10.1.2.3:8080/x": true, "http://192.168.0.9/x": true,
		"https://[2001:db8::1]/x": true, "ftp://x.example/": false, "https://u:p@x.example/": false,
		"https://x.example/#frag": false, "mailto:a@b": false, "http://127.0.0.2/x": false, "http://LOCALHOST/x": false,
		"http://169.254.169.254/": false, "http://[fe80::1]/x": false, "http://0.0.0.0/": false, "http://224.0.0.1/": false,
		"https://x.example:99999/": false, "https://x.example:0/": false, "https://x.example:8443/": true, "http://127.1/": false,
		"http://2130706433/": false, "http://0x7f000001/": false, "http://0/": false, "http://localhost./": false,
		"https://cafe.de/hook": true, "https://10.0.0.1./x": true,
	} {
		if err := webhook.CheckURL(u, false); (err == nil) != ok {
			t.Errorf("%s: %v, want ok %v", u, err, ok)
		}
	}
	if err := webhook.CheckURL("http://127.0.0.1:9/x", true); err != nil {
		t.Fatalf("loopback allowed: %v", err)
	}
}

func TestNewSecret(t *testing.T) {
	a, b := webhook.NewSecret(), webhook.NewSecret()
	if a == b || !strings.HasPrefix(a, "whsec_") || len(a) != len("whsec_")+44 {
		t.Fatalf("secrets %q %q", a, b)
	}
}
