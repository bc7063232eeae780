// Package tenancy resolves the tenant of a request from its host name. Tenants are few and
// change rarely, so the resolver keeps them all in memory and reloads them every few
// seconds; a tenant created with the CLI shows up on every instance within that time.
package tenancy

import (
	"context"
	"sync"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Resolver maps hosts to tenants.
type Resolver struct {
	Store       domain.TenantStore
	DefaultSlug string // tenant for unmapped hosts; "" means the first tenant created
	Strict      bool   // unmapped hosts get ENOTFOUND instead of the default tenant
	TTL         time.Duration

	mu       sync.RWMutex
	loadedAt time.Time
	byHost   map[string]*domain.Tenant
	byID     map[string]*domain.Tenant
	def      *domain.Tenant
}

// Resolve returns the tenant for a request host.
func (r *Resolver) Resolve(ctx context.Context, host string) (*domain.Tenant, error) {
	if err := r.refresh(ctx, false); err != nil {
		return nil, err
	}
	h := domain.NormalizeHost(host)
	r.mu.RLock()
	t, def := r.byHost[h], r.def
	r.mu.RUnlock()
	if t == nil && !r.Strict {
		t = def
	}
	if t == nil {
		if err := r.refresh(ctx, true); err != nil {
			return nil, err
		}
		r.mu.RLock()
		t = r.byHost[h]
		if t == nil && !r.Strict {
			t = r.def
		}
		r.mu.RUnlock()
	}
	if t == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "no municipality is served at this address")
	}
	return t, nil
}

// ByID returns a cached tenant by ID (for the reuse catalogue's origin names).
func (r *Resolver) ByID(ctx context.Context, id string) *domain.Tenant {
	if r.refresh(ctx, false) != nil {
		return nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.byID[id]
}

// Invalidate forces a reload on the next request (after a tenant changed here).
func (r *Resolver) Invalidate() {
	r.mu.Lock()
	r.loadedAt = time.Time{}
	r.mu.Unlock()
}

func (r *Resolver) refresh(ctx context.Context, force bool) error {
	ttl := r.TTL
	if ttl == 0 {
		ttl = 10 * time.Second
	}
	r.mu.RLock()
	fresh := !r.loadedAt.IsZero() && time.Since(r.loadedAt) < ttl
	recent := !r.loadedAt.IsZero() && time.Since(r.loadedAt) < time.Second
	r.mu.RUnlock()
	if fresh && (!force || recent) {
		return nil
	}
	ts, err := r.Store.FindTenants(ctx)
	if err != nil {
		return err
	}
	byHost := make(map[string]*domain.Tenant)
	byID := make(map[string]*domain.Tenant)
	var def *domain.Tenant
	for _, t := range ts {
		byID[t.ID] = t
		for _, h := range t.Hosts {
			byHost[h] = t
		}
		if def == nil && r.DefaultSlug == "" || r.DefaultSlug != "" && t.Slug == r.DefaultSlug {
			def = t
		}
	}
	r.mu.Lock()
	r.byHost, r.byID, r.def, r.loadedAt = byHost, byID, def, time.Now()
	r.mu.Unlock()
	return nil
}
