package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Client talks to one server with keep-alive connections for every concurrent client.
type Client struct {
	Base string
	HTTP *http.Client
}

// NewClient returns a client for base with enough idle connections for clients workers.
func NewClient(base string, clients int) *Client {
	tr := &http.Transport{
		MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2, IdleConnTimeout: time.Minute,
		DisableCompression: true,
	}
	return &Client{Base: base, HTTP: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// Do sends one request and reads the whole answer. A status not in want is an error.
func (c *Client) Do(ctx context.Context, method, path, token string, body any, want ...int) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if len(want) == 0 {
		want = []int{http.StatusOK}
	}
	for _, w := range want {
		if resp.StatusCode == w {
			return out, nil
		}
	}
	return out, statusError(method, path, resp.StatusCode, out)
}

// Login signs a user in with the password and returns the access token. Each login comes
// from its own made-up client address (X-Forwarded-For from the trusted loopback proxy,
// TEST-NET-1 addresses), so the per-address login limit does not throttle the set-up.
func (c *Client) Login(ctx context.Context, email, password, clientAddr string) (string, error) {
	b, _ := json.Marshal(map[string]string{"email": email, "password": password})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Base+"/api/v1/auth/login", bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", clientAddr)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", statusError("POST", "/api/v1/auth/login", resp.StatusCode, body)
	}
	var s struct {
		AccessToken string `json:"accessToken"`
	}
	if err := json.Unmarshal(body, &s); err != nil || s.AccessToken == "" {
		return "", fmt.Errorf("login %s: no access token in %s", email, body)
	}
	return s.AccessToken, nil
}

// Tokens holds the access tokens of the users the scenarios act as.
type Tokens struct {
	mu sync.Mutex
	m  map[string]string // user ID → token
}

// LoginAll logs the users in, four at a time (each login costs an argon2id hash of 19 MiB).
func LoginAll(ctx context.Context, c *Client, users []UserRef) (*Tokens, error) {
	t := &Tokens{m: map[string]string{}}
	err := parallel(ctx, 4, len(users), func(n int) error {
		addr := fmt.Sprintf("192.0.2.%d", 1+n/5%250)
		var tok string
		var err error
		for try := range 5 {
			if tok, err = c.Login(ctx, users[n].Email, Password, addr); err == nil || ctx.Err() != nil {
				break
			}
			time.Sleep(time.Duration(1+try) * time.Second) // a busy store answers 503 for a moment
		}
		if err != nil {
			return err
		}
		t.mu.Lock()
		t.m[users[n].ID] = tok
		t.mu.Unlock()
		return nil
	})
	return t, err
}

// Of returns the token of a user.
func (t *Tokens) Of(id string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.m[id]
}
