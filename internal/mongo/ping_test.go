package mongo_test

import (
	"context"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// cutProxy forwards TCP connections to target until cut, which closes them all and every
// connection accepted afterwards: the store going away under open connections.
type cutProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
	gone   bool
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: target}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			gone := p.gone
			if !gone {
				p.conns = append(p.conns, c)
			}
			p.mu.Unlock()
			if gone {
				c.Close()
				continue
			}
			go func() {
				s, err := net.Dial("tcp", p.target)
				if err != nil {
					c.Close()
					return
				}
				p.mu.Lock()
				p.conns = append(p.conns, s)
				p.mu.Unlock()
				go func() { _, _ = io.Copy(s, c); s.Close() }()
				_, _ = io.Copy(c, s)
				c.Close()
			}()
		}
	}()
	return p
}

func (p *cutProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gone = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// A store that closes the connections it had (stopped, or gone) is reported unavailable at
// the first ping, like a refused dial, so /readyz and the store monitor agree at once; a
// caller that gave up is not.
func TestPingLostConnection(t *testing.T) {
	u, err := url.Parse(mongotest.URI(t))
	if err != nil {
		t.Fatal(err)
	}
	p := newCutProxy(t, u.Host)
	u.Host = p.ln.Addr().String()
	ctx := context.Background()
	db, err := mongo.Open(ctx, u.String(), mongotest.DatabaseName(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	if err := db.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	// A caller that gave up is not an outage.
	gone, cancel := context.WithCancel(ctx)
	cancel()
	if err := db.Ping(gone); err == nil || domain.ErrorCode(err) == domain.EUNAVAILABLE {
		t.Fatalf("ping of a caller that gave up: %v, want the context's error", err)
	}
	p.cut()
	if err := db.Ping(ctx); domain.ErrorCode(err) != domain.EUNAVAILABLE {
		t.Fatalf("ping after the store closed its connections: %v (%s), want %s", err, domain.ErrorCode(err), domain.EUNAVAILABLE)
	}
}
